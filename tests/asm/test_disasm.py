"""The disassembler, and the round trip word -> text -> word at any address."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.asm import assemble, disassemble, disassemble_range
from vmlab.isa import Instruction, decode, encode
from vmlab.isa.spec import OPS, SR_NAMES, Shape

from .helpers import build

EXAMPLES = [
    (0x0448C000, None, "add r1, r2, r3"),
    (0x4043FFFF, None, "addi r1, r0, -1"),
    (0x4888000A, None, "ori r2, r2, 0xA"),
    (0x6001FFFF, None, "lui r0, 0x1FFFF"),
    (0x68480004, None, "lw r1, 4(r2)"),
    (0x6F7BFFFF, None, "sw r13, -1(r14)"),
    (0x80400004, 0x10, "beq r1, r0, 0x0014"),
    (0x8003FFFC, 0x10, "beq r0, r0, 0x000C"),
    (0x8003FFFC, 0x2, "beq r0, r0, 0xFFFFFFFE"),
    (0x80400004, None, "beq r1, r0, . + 4"),
    (0x8003FFFC, None, "beq r0, r0, . - 4"),
    (0x80000000, None, "beq r0, r0, . + 0"),
    (0xA0000100, None, "jmp 0x0100"),
    (0xA7FFFFFF, 5, "jal 0x3FFFFFF"),
    (0xA83C0000, None, "jr r15"),
    (0xAC480000, None, "jalr r1, r2"),
    (0xC0000003, None, "syscall 3"),
    (0xC403FFFF, None, "hcall 262143"),
    (0xC8000000, None, "eret"),
    (0xCC400000, None, "mfsr r1, STATUS"),
    (0xCC40000A, None, "mfsr r1, IPEND"),
    (0xD0040007, None, "mtsr TIMER, r1"),
    (0xD4400011, None, "in r1, CONSOLE_IN"),
    (0xD4400020, None, "in r1, DISK_BLOCK"),                  # the disk's ports have names
    (0xD4400030, None, "in r1, 0x30"),                        # an unknown port: its number
    (0xD8040010, None, "out CONSOLE_OUT, r1"),
    (0xDC000000, None, "wfi"),
    (0xE0000000, None, "halt"),
    (0xE4400000, None, "getf r1"),
    (0xE8040000, None, "setf r1"),
    (0x00000000, None, ".word 0x00000000"),
    (0x04000001, None, ".word 0x04000001"),      # ADD with reserved bits set
    (0xCC40000B, None, ".word 0xCC40000B"),      # MFSR of SR 11
    (0xFFFFFFFF, 7, ".word 0xFFFFFFFF"),
]


@pytest.mark.parametrize("word,address,text", EXAMPLES)
def test_disassembly_text(word, address, text):
    assert disassemble(word, address) == text


def test_every_opcode_has_a_mnemonic_form():
    for info in OPS.values():
        text = disassemble(encode(Instruction(info.mnemonic)), 0)
        assert text.split()[0] == info.mnemonic.lower()


def test_disassemble_range_over_a_list_and_a_mapping():
    program = build("start: li r1, 'A'\nout CONSOLE_OUT, r1\nb start\n.word 0")
    memory = program.words(0, 4)
    assert disassemble_range(memory, 1, 10) == [
        (1, 0xD8040010, "out CONSOLE_OUT, r1"),
        (2, 0x8003FFFE, "beq r0, r0, 0x0000"),
        (3, 0, ".word 0x00000000")]
    assert disassemble_range(program.image, 0, 2) == [
        (0, 0x40400041, "addi r1, r0, 65"), (1, 0xD8040010, "out CONSOLE_OUT, r1")]
    assert disassemble_range(program.image, 100, 1) == [(100, 0, ".word 0x00000000")]
    assert disassemble_range(memory, 0, 0) == []


# ---------------------------------------------------------------- round trip
_REGISTER = st.integers(0, 15)
_FIELDS = {
    Shape.R3: st.tuples(_REGISTER, _REGISTER, _REGISTER, st.just(0)),
    Shape.IS: st.tuples(_REGISTER, _REGISTER, st.just(0), st.integers(-0x20000, 0x1FFFF)),
    Shape.IZ: st.tuples(_REGISTER, _REGISTER, st.just(0), st.integers(0, 0x3FFFF)),
    Shape.LUI: st.tuples(_REGISTER, st.just(0), st.just(0), st.integers(0, 0x3FFFF)),
    Shape.MEM: st.tuples(_REGISTER, _REGISTER, st.just(0), st.integers(-0x20000, 0x1FFFF)),
    Shape.BRANCH: st.tuples(_REGISTER, _REGISTER, st.just(0), st.integers(-0x20000, 0x1FFFF)),
    Shape.JUMP: st.tuples(st.just(0), st.just(0), st.just(0), st.integers(0, (1 << 26) - 1)),
    Shape.JR: st.tuples(st.just(0), _REGISTER, st.just(0), st.just(0)),
    Shape.JALR: st.tuples(_REGISTER, _REGISTER, st.just(0), st.just(0)),
    Shape.CODE: st.tuples(st.just(0), st.just(0), st.just(0), st.integers(0, 0x3FFFF)),
    Shape.NONE: st.tuples(st.just(0), st.just(0), st.just(0), st.just(0)),
    Shape.MFSR: st.tuples(_REGISTER, st.just(0), st.just(0), st.integers(0, len(SR_NAMES) - 1)),
    Shape.MTSR: st.tuples(st.just(0), _REGISTER, st.just(0), st.integers(0, len(SR_NAMES) - 1)),
    Shape.IN: st.tuples(_REGISTER, st.just(0), st.just(0), st.integers(0, 0x3FFFF)),
    Shape.OUT: st.tuples(st.just(0), _REGISTER, st.just(0), st.integers(0, 0x3FFFF)),
    Shape.GETF: st.tuples(_REGISTER, st.just(0), st.just(0), st.just(0)),
    Shape.SETF: st.tuples(st.just(0), _REGISTER, st.just(0), st.just(0)),
}


@st.composite
def valid_words(draw):
    """Decodable words of every shape (uniform words are mostly I-format or ILLEGAL)."""
    info = draw(st.sampled_from(sorted(OPS.values(), key=lambda i: i.opcode)))
    rd, rs, rt, imm = draw(_FIELDS[info.shape])
    return encode(Instruction(info.mnemonic, rd, rs, rt, imm))


WORDS = st.one_of(st.integers(0, 2**32 - 1), valid_words())
ADDRESSES = st.one_of(st.integers(0, 2**32 - 1), st.integers(0, 0x3FFFF),
                      st.sampled_from([0, 1, 0x1FFFF, 0x20000, 2**32 - 1, 2**32 - 0x20000]))
MANY = settings(max_examples=max(settings.default.max_examples, 1500))


@MANY
@given(WORDS, ADDRESSES)
def test_round_trip_at_an_absolute_address(word, address):
    text = disassemble(word, address)
    program = assemble(f".org {address}\n{text}\n")
    assert program.image == {address: word}, text
    assert text.startswith(".word ") == (decode(word) is None)


@MANY
@given(WORDS, ADDRESSES)
def test_round_trip_with_relative_branch_targets(word, address):
    text = disassemble(word)
    assert assemble(f".org {address}\n{text}\n").image == {address: word}, text


def test_round_trip_of_the_extreme_branches_at_both_ends_of_memory():
    for offset in (-0x20000, -1, 0, 1, 0x1FFFF):
        word = encode(Instruction("BGEU", 3, 4, 0, offset))
        for address in (0, 5, 0x1FFFF, 2**32 - 1, 2**32 - 0x20000):
            text = disassemble(word, address)
            assert assemble(f".org {address}\n{text}").image == {address: word}
