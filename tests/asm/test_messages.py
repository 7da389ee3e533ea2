"""The diagnostics catalog: every message in English and Catalan, used and complete."""

import re
import string
from pathlib import Path

import pytest

import vmlab.asm
from vmlab.asm import AsmDiagnostic, AssemblyError, assemble, assemble_file
from vmlab.asm.catalog import CATALOG
from vmlab.asm.messages import Message, msg

from .helpers import one_error

ASM_DIR = Path(vmlab.asm.__file__).parent
# A message key written in the source: msg("key", ...) with a literal key.
KEY_USE = re.compile(r"""\bmsg\(\s*(["'])([^"']+)\1""")


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def source_files() -> list[Path]:
    # catalog.py holds the texts and messages.py defines msg(): neither uses a key.
    return [p for p in sorted(ASM_DIR.glob("*.py")) if p.name not in ("catalog.py",
                                                                     "messages.py")]


# ---------------------------------------------------------------- the catalog itself
@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_entry_has_both_languages_with_the_same_placeholders(key):
    entry = CATALOG[key]
    assert entry.en.strip() and entry.ca.strip()
    assert placeholders(entry.en) == placeholders(entry.ca)
    for template in entry:
        # Plain {name} only: a format spec or conversion would have to be
        # repeated identically in both languages; values are formatted in code.
        for _, field, spec, conversion in string.Formatter().parse(template):
            assert field is None or (field.isidentifier() and not spec and not conversion)
        assert template == template.strip()


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_catalan_follows_the_house_typography(key):
    ca = CATALOG[key].ca
    # Elision takes the typographic apostrophe (l’adreça), never a straight one
    # (a straight ' only quotes a character literal, as in 'A').
    assert not re.search(r"[^\W\d_]'[^\W\d_]", ca), ca


def test_every_key_used_exists_and_every_entry_is_used():
    used: set[str] = set()
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        keys = [match.group(2) for match in KEY_USE.finditer(text)]
        # Every msg( call names its key literally, so this scan sees them all.
        assert len(keys) == len(re.findall(r"\bmsg\(", text)), path.name
        used.update(keys)
    assert sorted(used - set(CATALOG)) == []
    assert sorted(set(CATALOG) - used) == []


def test_no_error_is_raised_with_a_bare_string():
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"SourceError\(\s*f?[\"']", text), path.name
        assert "AsmDiagnostic(" not in text or path.name == "diagnostics.py", path.name


def test_a_message_renders_nested_messages_in_the_same_language():
    message = msg("range.out_of_range", what=msg("range.what.immediate"), value=300000,
                  mnemonic="ADDI", low=-131072, high=131071,
                  description=msg("range.signed", bits=18))
    assert str(message) == ("immediate 300000 out of range for ADDI: allowed "
                            "-131072..131071 (signed 18 bits)")
    assert message.render("ca") == ("l’immediat 300000 és fora de rang per a ADDI: s’admet "
                                    "de -131072 a 131071 (18 bits amb signe)")
    assert message.key == "range.out_of_range" and message.params["value"] == 300000


def test_student_text_in_a_parameter_is_never_read_as_a_placeholder():
    message = msg("op.unknown_mnemonic", name="{name}")
    assert message.render("ca") == "mnemònic desconegut «{name}»"


def test_unknown_keys_and_languages_are_refused():
    with pytest.raises(KeyError):
        msg("no.such.key")
    with pytest.raises(ValueError):
        msg("expr.division_by_zero").render("fr")
    with pytest.raises(ValueError):
        one_error("bogus").format("es")


# ---------------------------------------------------------------- a student's file
SOURCE = """; several mistakes
start:  addd r1, r2, r3
        add r1, r2, r16
        addi r1, r0, 300000
        jmp strat
        beq r1, r2, nowhere
msg:    .string "Col·lecció ŀ"
        halt
"""

CATALAN = [
    "exercici.vl32:2:9: error: mnemònic desconegut «addd»",
    "    start:  addd r1, r2, r3",
    "            ^",
    "    pista: volíeu dir «add»?",
    "exercici.vl32:3:21: error: registre desconegut «r16»",
    "            add r1, r2, r16",
    "                        ^",
    "    pista: els registres són r0..r15, sp, ra",
    "exercici.vl32:4:22: error: l’immediat 300000 és fora de rang per a ADDI: s’admet de "
    "-131072 a 131071 (18 bits amb signe)",
    "            addi r1, r0, 300000",
    "                         ^",
    "    pista: carregueu la constant de 32 bits amb li i després feu servir la forma amb "
    "registres",
    "exercici.vl32:5:13: error: símbol no definit «strat»",
    "            jmp strat",
    "                ^",
    "    pista: volíeu dir «start»?",
    "exercici.vl32:6:21: error: símbol no definit «nowhere»",
    "            beq r1, r2, nowhere",
    "                        ^",
    "    pista: definiu-lo com a etiqueta («nowhere:») o amb «.equ nowhere, value»",
    "exercici.vl32:7:29: error: el caràcter «ŀ» (U+0140) de .string no és Latin-1",
    '    msg:    .string "Col·lecció ŀ"',
    "                                ^",
    "    pista: la consola és Latin-1: només codis 0..255 (à, ç, · i ñ són vàlids; "
    "escriviu l·l amb el punt volat, no amb la lletra única ŀ)",
    "6 errors",
]

# What the assembler printed before the catalog existed (checked against
# that version): the English must not change by a byte.
ENGLISH = [
    "exercici.vl32:2:9: error: unknown mnemonic 'addd'",
    "    start:  addd r1, r2, r3",
    "            ^",
    "    hint: did you mean 'add'?",
    "exercici.vl32:3:21: error: unknown register 'r16'",
    "            add r1, r2, r16",
    "                        ^",
    "    hint: registers are r0..r15, sp, ra",
    "exercici.vl32:4:22: error: immediate 300000 out of range for ADDI: allowed "
    "-131072..131071 (signed 18 bits)",
    "            addi r1, r0, 300000",
    "                         ^",
    "    hint: load a 32-bit constant with li, then use the register form",
    "exercici.vl32:5:13: error: undefined symbol 'strat'",
    "            jmp strat",
    "                ^",
    "    hint: did you mean 'start'?",
    "exercici.vl32:6:21: error: undefined symbol 'nowhere'",
    "            beq r1, r2, nowhere",
    "                        ^",
    "    hint: define it as a label ('nowhere:') or with '.equ nowhere, value'",
    "exercici.vl32:7:29: error: character 'ŀ' (U+0140) in .string is not Latin-1",
    '    msg:    .string "Col·lecció ŀ"',
    "                                ^",
    "    hint: the console is Latin-1: code points 0..255 only (à, ç, ·, ñ are fine; "
    "write l·l rather than the single letter ŀ)",
    "6 errors",
]


@pytest.fixture
def student_errors() -> AssemblyError:
    with pytest.raises(AssemblyError) as info:
        assemble(SOURCE, "exercici.vl32")
    return info.value


def test_the_whole_report_in_catalan(student_errors):
    assert student_errors.format("ca").split("\n") == CATALAN


def test_the_whole_report_in_english_is_unchanged(student_errors):
    assert str(student_errors).split("\n") == ENGLISH
    assert student_errors.format("en") == str(student_errors) == student_errors.format()
    assert [d.format("en") for d in student_errors.errors] == \
        [str(d) for d in student_errors.errors]


def test_diagnostics_carry_their_key_and_parameters(student_errors):
    first, register, immediate = student_errors.errors[:3]
    assert (first.key, first.params) == ("op.unknown_mnemonic", {"name": "addd"})
    assert first.hint_msg.key == "hint.did_you_mean"
    assert register.key == "operand.unknown_register" and register.params == {"name": "r16"}
    assert immediate.key == "range.out_of_range"
    assert immediate.params["value"] == 300000 and immediate.params["mnemonic"] == "ADDI"
    assert immediate.message == str(immediate.message_msg)


@pytest.mark.parametrize("source,english,catalan", [
    ("nop\n\tadd r1, r2, r99",
     "t.vl32:2:14: error: unknown register 'r99'\n    \tadd r1, r2, r99\n"
     "    \t            ^\n    hint: registers are r0..r15, sp, ra",
     "t.vl32:2:14: error: registre desconegut «r99»\n    \tadd r1, r2, r99\n"
     "    \t            ^\n    pista: els registres són r0..r15, sp, ra"),
    ("  SIZE .equ 4",
     "t.vl32:1:3: error: unknown mnemonic 'SIZE'\n      SIZE .equ 4\n      ^\n"
     "    hint: write '.equ SIZE, value'",
     "t.vl32:1:3: error: mnemònic desconegut «SIZE»\n      SIZE .equ 4\n      ^\n"
     "    pista: escriviu «.equ SIZE, value»"),
    ("add r1, r2",
     "t.vl32:1:1: error: ADD expects rd, rs, rt (3 operands), found 2\n    add r1, r2\n    ^",
     "t.vl32:1:1: error: ADD espera rd, rs, rt (3 operands), però n’hi ha 2\n"
     "    add r1, r2\n    ^"),
    ("mtsr r1, STATUS",
     "t.vl32:1:6: error: MTSR expects SR, rs: the operands are the other way round\n"
     "    mtsr r1, STATUS\n         ^\n    hint: write: mtsr STATUS, r1",
     "t.vl32:1:6: error: MTSR espera SR, rs: els operands són a l’inrevés\n"
     "    mtsr r1, STATUS\n         ^\n    pista: escriviu: mtsr STATUS, r1"),
    ("x: nop\nx: nop",
     "t.vl32:2:1: error: duplicate label 'x': already defined as a label on line 1\n"
     "    x: nop\n    ^\n    hint: every label and .equ name must be unique (case-sensitive)",
     "t.vl32:2:1: error: «x» ja s’ha definit com a etiqueta a la línia 1; no es pot tornar "
     "a definir com a etiqueta\n    x: nop\n    ^\n    pista: cada etiqueta i cada nom .equ "
     "ha de ser únic (es distingeixen majúscules i minúscules)"),
])
def test_single_diagnostics_in_both_languages(source, english, catalan):
    error = one_error(source)
    assert str(error) == english
    assert error.format("ca") == catalan


def test_a_file_that_cannot_be_read_in_catalan(tmp_path):
    missing = tmp_path / "absent.vl32"
    with pytest.raises(AssemblyError) as info:
        assemble_file(missing)
    assert str(info.value) == f"{missing}: error: cannot read '{missing}': no such file\n1 error"
    assert info.value.format("ca") == (f"{missing}: error: no es pot llegir «{missing}»: "
                                       "el fitxer no existeix\n1 error")
    (tmp_path / "latin1.vl32").write_bytes(b"nop\n.string \"\xe0\"\n")
    with pytest.raises(AssemblyError) as info:
        assemble_file(tmp_path / "latin1.vl32")
    assert info.value.errors[0].format("ca").split("\n")[0].endswith(
        "2:10: error: el fitxer no és UTF-8 vàlid (byte 0xE0)")
    assert info.value.errors[0].format("ca").split("\n")[-1] == \
        "    pista: deseu el fitxer en UTF-8"


def test_a_diagnostic_built_from_plain_text_keeps_its_text_in_catalan():
    bare = AsmDiagnostic("f.vl32", 1, 3, "boom", "abcdef", "try again")
    assert bare.key == "" and bare.params == {}
    assert bare.format("ca") == "f.vl32:1:3: error: boom\n    abcdef\n      ^\n    pista: try again"
    assert AssemblyError([]).format("ca") == "0 errors"


def test_messages_are_values():
    assert msg("hint.did_you_mean", name="li") == msg("hint.did_you_mean", name="li")
    assert isinstance(hash(msg("hint.did_you_mean", name="li")), int)
    assert isinstance(one_error("bogus").message_msg, Message)


def test_an_internal_error_is_reported_in_both_languages(monkeypatch):
    from vmlab.asm import assembler

    def broken(self):
        raise RuntimeError("boom")
    monkeypatch.setattr(assembler.Assembler, "run", broken)
    with pytest.raises(AssemblyError) as info:
        assemble("nop", "t.vl32")
    assert str(info.value) == ("t.vl32: error: internal assembler error (RuntimeError: boom)\n"
                               "    hint: this is a bug in vmlab; please report it with the "
                               "source file\n1 error")
    assert info.value.format("ca") == (
        "t.vl32: error: error intern de l’assemblador (RuntimeError: boom)\n"
        "    pista: és un error de vmlab; comuniqueu-lo i adjunteu-hi el fitxer font\n1 error")
