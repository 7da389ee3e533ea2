"""The verifier (and the loader before it) refuses ill-formed bytecode with clear errors.

Each file of tests/bytecode/corpus marks the line at fault ('<-- refused')
and states the reason (its '; reason:' line): the refusal must give that
file:line and that reason, in English and in Catalan.  Binary images are
refused for their header and size; any word sequence is either refused or
runs without the interpreter ever failing (what the verifier promises).
"""

from __future__ import annotations

import ast
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.bytecode import (BytecodeError, BytecodeProgram, assemble, assemble_file, from_bytes,
                            isa, read_image, run, verify)
from vmlab.bytecode.errors import MESSAGES
from vmlab.bytecode.vl32 import load_interpreter, run_vl32
from vmlab.inputs import InputError

from .helpers import CORPUS, PROGRAMS, ROOT, refusal

INTERPRETER = load_interpreter()


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 12


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_each_ill_formed_program_is_refused_with_its_line_and_reason(path):
    line, reason = refusal(path)
    with pytest.raises(BytecodeError) as caught:
        verify(assemble_file(path))
    err = caught.value
    assert isinstance(err, InputError)
    assert err.line == line
    assert str(err).startswith(f"{path}:{line}: ")
    assert reason in str(err)
    catalan = err.render("ca")
    assert catalan.startswith(f"{path}:{line}: ") and catalan != str(err)


def good() -> BytecodeProgram:
    return assemble_file(PROGRAMS[0])


def test_an_image_round_trips_and_verifies():
    program = good()
    again = from_bytes(program.to_bytes(), "x.vlbc")
    assert again.words() == program.words()
    verify(again)
    assert run(again).output == run(program).output


def image_error(data: bytes) -> str:
    with pytest.raises(BytecodeError) as caught:
        verify(from_bytes(data, "bad.vlbc"))
    return str(caught.value)


def words(*values: int) -> bytes:
    return b"".join((v & isa.MASK).to_bytes(4, "little") for v in values)


HALT = isa.encode(isa.BY_NAME["halt"])


@pytest.mark.parametrize("data, reason", [
    (b"", "at least 20"),
    (words(isa.MAGIC, 1, 1, 0, 1, HALT) + b"\x00", "a whole number of 32-bit words"),
    (words(0xCAFEBABE, 1, 1, 0, 1, HALT), "is not a VLB bytecode image"),
    (words(isa.MAGIC, 2, 1, 0, 1, HALT), "VLB version 2 is not known"),
    (words(isa.MAGIC, 1, 1, 0, 5, HALT), "the header says 5 code words, but the file holds 1"),
    (words(isa.MAGIC, 1, 0, 0, 1, HALT), ".stack must be from 1 to 256, not 0"),
    (words(isa.MAGIC, 1, 1, 999, 1, HALT), ".locals must be from 0 to 256, not 999"),
    (words(isa.MAGIC, 1, 1, 0, 0), "the program has no code"),
    (words(isa.MAGIC, 1, 1, 0, 2, HALT, 0), "code offset 1: unknown opcode 0x00"),
    (words(isa.MAGIC, 1, 1, 0, 1, isa.encode(isa.BY_NAME["jmp"], 0) | 0), None),
])
def test_bad_images_are_refused(data, reason):
    if reason is None:                 # jmp 0 for ever: well formed
        verify(from_bytes(data, "ok.vlbc"))
        return
    assert reason in image_error(data)


def test_an_image_file_too_large_is_refused_before_reading_it(tmp_path):
    big = tmp_path / "big.vlbc"
    big.write_bytes(b"\0" * (isa.MAX_IMAGE_BYTES + 4))
    with pytest.raises(BytecodeError, match="larger than"):
        read_image(big)
    with pytest.raises(BytecodeError, match="file not found"):
        read_image(tmp_path / "none.vlbc")


def test_a_source_too_large_or_not_utf8_is_refused(tmp_path):
    with pytest.raises(BytecodeError, match="larger than"):
        assemble("; x\n" * (isa.MAX_SOURCE_BYTES // 4 + 1))
    bad = tmp_path / "latin.vlb"
    bad.write_bytes(b".stack 1\n.locals 0\n; \xe7\nhalt\n")
    with pytest.raises(BytecodeError) as caught:
        assemble_file(bad)
    assert caught.value.line == 3 and "UTF-8" in str(caught.value)


def test_code_longer_than_the_limit_is_refused():
    text = ".stack 1\n.locals 0\n" + "push 1\npop\n" * (isa.MAX_CODE_WORDS // 3 + 1) + "halt\n"
    with pytest.raises(BytecodeError, match="longer than 4,096 words"):
        assemble(text, "long.vlb")


# ---------------------------------------------------------------- messages
def used_keys() -> set[str]:
    keys = set()
    for path in (ROOT / "vmlab" / "bytecode").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(
                    node.func, "attr", None)) in ("BytecodeError", "error", "text"):
                for arg in node.args[:2]:
                    if isinstance(arg, ast.Constant) and arg.value in MESSAGES:
                        keys.add(arg.value)
    return keys


def fields(template: str) -> dict[str, str]:
    return {f: spec for _, f, spec, _ in string.Formatter().parse(template) if f is not None}


def test_every_message_is_used_and_has_its_catalan_with_the_same_placeholders():
    assert used_keys() == set(MESSAGES)
    for key, (english, catalan) in MESSAGES.items():
        assert fields(english) == fields(catalan), key
        assert catalan.strip(), key


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_the_catalan_follows_the_house_typography(key):
    catalan = MESSAGES[key][1]
    assert not re.search(r"[^\W\d_]'[^\W\d_]", catalan.replace("{", " ").replace("}", " "))
    assert "l.l" not in catalan and "l-l" not in catalan


# ---------------------------------------------------------------- any words at all
ANY_WORD = st.one_of(
    st.sampled_from([isa.encode(op) for op in isa.OPS]),
    st.builds(lambda op, n: isa.encode(op, n),
              st.sampled_from([op for op in isa.OPS if op.operand in (isa.LOCAL, isa.TARGET)]),
              st.integers(0, 12)),
    st.integers(0, isa.MASK))


@settings(max_examples=300)
@given(st.lists(ANY_WORD, min_size=1, max_size=12), st.integers(1, 4), st.integers(0, 3))
def test_any_words_are_refused_or_run_safely(code, max_stack, count):
    """The verifier's promise: what it accepts never underflows, overflows or goes astray."""
    program = BytecodeProgram(code, max_stack, count, "random.vlbc")
    try:
        depths = verify(program)
    except BytecodeError as err:
        assert err.offset is not None or err.key in ("falls_off",)
        return
    assert all(0 <= d <= max_stack for d in depths.values())
    result = run(program, max_steps=200)          # no IndexError, no KeyError
    assert result.status in ("halt", "division-by-zero", "step-limit")


VALUES_32 = st.integers(-5, 5) | st.integers(-(1 << 31), (1 << 31) - 1)
ACCEPTED: list[int] = []      # programs the verifier accepted (the test below checks)


@settings(max_examples=150)
@given(st.data())
def test_what_the_verifier_accepts_runs_the_same_on_both_interpreters(data):
    """Instruction sequences that keep the stack in range along the straight line, with
    jumps to any instruction (so joins may disagree and be refused): what the verifier
    accepts, loops for ever included, stops after the same 150 instructions on both."""
    max_stack = data.draw(st.integers(1, 4))
    count = data.draw(st.integers(0, 3))
    words: list[int] = []
    starts: list[int] = []
    jumps: list[int] = []
    depth = 0
    for _ in range(data.draw(st.integers(1, 14))):
        ops = [op for op in isa.OPS if op.flow != "halt" and op.pops <= depth
               and depth - op.pops + op.pushes <= max_stack
               and (op.operand != isa.LOCAL or count)]
        op = data.draw(st.sampled_from(ops))
        starts.append(len(words))
        if op.operand == isa.CONST:
            words += [isa.encode(op), data.draw(VALUES_32) & isa.MASK]
        elif op.operand == isa.LOCAL:
            words.append(isa.encode(op, data.draw(st.integers(0, count - 1))))
        else:
            if op.operand == isa.TARGET:
                jumps.append(len(words))
            words.append(isa.encode(op))
        depth += op.pushes - op.pops
    starts.append(len(words))
    words.append(isa.encode(isa.BY_NAME[data.draw(st.sampled_from(["halt", "jmp"]))]))
    if words[-1] >> isa.OPERAND_BITS == isa.BY_NAME["jmp"].code:
        jumps.append(len(words) - 1)
    for at in jumps:
        words[at] |= data.draw(st.sampled_from(starts))
    program = BytecodeProgram(words, max_stack, count, "random.vlbc")
    try:
        verify(program)
    except BytecodeError as err:
        assert err.key in ("depth_mismatch", "underflow", "overflow"), str(err)
        return
    ACCEPTED.append(len(words))
    ref = run(program, max_steps=150)
    vm = run_vl32(program, interpreter=INTERPRETER, max_steps=150)
    assert (vm.output, vm.status, vm.pc, vm.steps) == (ref.output, ref.status, ref.pc, ref.steps)


def test_the_random_words_reached_the_interpreters():
    """The property above ran some accepted programs, not only refusals."""
    if not ACCEPTED:
        test_what_the_verifier_accepts_runs_the_same_on_both_interpreters()
    assert len(ACCEPTED) >= 30


def test_a_program_that_never_halts_stops_at_the_same_step_on_both():
    program = assemble(".stack 2\n.locals 1\ntop: load 0\npush 1\nadd\ndup\nstore 0\nprint\n"
                       "push 32\nprintc\njmp top\n", "forever.vlb")
    for steps in (1, 7, 8, 9, 100, 1001):
        ref = run(program, max_steps=steps)
        vm = run_vl32(program, interpreter=INTERPRETER, max_steps=steps)
        assert ref.status == vm.status == "step-limit"
        assert (vm.output, vm.pc, vm.steps) == (ref.output, ref.pc, ref.steps)
        assert ref.steps == steps
