"""Bad Toy8 sources and files: a Toy8Error (an InputError) with file:line, in both languages."""

from __future__ import annotations

import re
import string

import pytest

from vmlab.emulated import Toy8Error, assemble, assemble_file
from vmlab.emulated.assembler import MAX_ERRORS, MAX_SOURCE_BYTES, MAX_SOURCE_LINES
from vmlab.emulated.messages import MESSAGES, render
from vmlab.inputs import InputError

# (source, line of the first error, a fragment of its English message)
BAD = [
    ("frob", 1, "unknown instruction 'frob'"),
    ("lda", 1, "lda needs an operand"),
    ("inx #1", 1, "inx takes no operand"),
    ("jmp #1", 1, "jmp does not take the immediate (#n) mode"),
    ("sta #1", 1, "sta does not take the immediate"),
    ("ldaa #1\nlda #256", 1, "unknown instruction 'ldaa' (did you mean 'lda'?)"),
    ("hlt\nlda #256", 2, "the byte 256 is out of range -128..255"),
    ("lda 256", 1, "the address 256 is out of range 0..255"),
    ("lda #-129", 1, "out of range -128..255"),
    ("jmp nowhere", 1, "'nowhere' is not defined"),
    ("a: hlt\na: hlt", 2, "'a' is defined twice (first on line 1)"),
    ("lda: hlt", 1, "'lda' is an instruction's name"),
    ("9x: hlt", 1, "'9x' is not a valid name"),
    ("lda #1 +", 1, "cannot read the expression"),
    ("lda #(1)", 1, "cannot read the expression"),
    (".byte \"open", 1, "a string must be"),
    (".byte", 1, ".byte needs at least one value"),
    (".byte \"€\"", 1, "Latin-1"),
    (".frob 1", 1, "unknown directive '.frob'"),
    (".org 300", 1, "the .org address 300 is out of range"),
    (".org later\nlater: hlt", 1, "'later' is not defined"),
    (".equ A", 1, ".equ needs a name and a value"),
    (".equ A, B\n.equ B, A\nlda #A", 2, "'A' is defined through itself"),
    ("hlt\n.org 0\nhlt", 3, "address 0x00 is filled twice (first on line 1)"),
    (".org 0xFF\nlda #1", 2, "runs past address 0xFF"),
    ("; fine\n\n  lda #'a' ; ok\nldx #0x1G", 4, "cannot read the expression"),
]


@pytest.mark.parametrize("source, line, fragment", BAD, ids=[b[0][:20] for b in BAD])
def test_bad_sources_name_the_file_and_line(source, line, fragment):
    with pytest.raises(Toy8Error) as info:
        assemble(source, "bad.toy8")
    err = info.value
    assert isinstance(err, InputError)
    first = str(err).splitlines()[0]
    assert first.startswith(f"bad.toy8:{line}: "), first
    assert fragment in str(err)
    catalan = err.render("ca")
    assert catalan.splitlines()[0].startswith(f"bad.toy8:{line}: ")
    assert catalan != str(err)


def test_every_error_is_reported_in_line_order():
    err = pytest.raises(Toy8Error, assemble, "jmp nowhere\nfrob\nlda #999\n", "x.toy8").value
    assert [d.line for d in err.diagnostics] == [1, 2, 3]


def test_the_assembler_stops_after_the_most_errors():
    err = pytest.raises(Toy8Error, assemble, "frob\n" * (MAX_ERRORS * 3)).value
    assert len(err.diagnostics) == MAX_ERRORS + 1
    assert "more than" in err.diagnostics[-1].render()


def test_files_within_limits(tmp_path):
    good = tmp_path / "good.toy8"
    good.write_text("lda #1\nhlt\n", encoding="utf-8")
    assert assemble_file(good).image == bytes([5, 1, 0])
    cases = {
        "big.toy8": (b";" * (MAX_SOURCE_BYTES + 1), "larger than"),
        "latin1.toy8": ("hlt ; caf\xe9\n".encode("latin-1"), "is not UTF-8"),
        "lines.toy8": (b"\n" * MAX_SOURCE_LINES, "lines"),
    }
    for name, (data, fragment) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        err = pytest.raises(Toy8Error, assemble_file, path).value
        assert str(err).startswith(str(path)) and fragment in str(err), name
    for path, fragment in ((tmp_path, "is a folder"), (tmp_path / "none.toy8", "not found")):
        err = pytest.raises(Toy8Error, assemble_file, path).value
        assert fragment in str(err)


def test_every_message_has_its_catalan_with_the_same_placeholders():
    formatter = string.Formatter()
    for key, (english, catalan) in MESSAGES.items():
        names = {f for _, f, _, _ in formatter.parse(english) if f}
        assert names == {f for _, f, _, _ in formatter.parse(catalan) if f}, key
        if english not in ("{reason}",):
            assert english != catalan, key
        assert not re.search(r"\b[ldsLDS]'[aeiouh]", catalan), key   # l’, d’, s’ typographic


def test_render_falls_back_to_english_for_other_languages():
    assert render("asm.undefined", "fr", name="x") == render("asm.undefined", "en", name="x")
