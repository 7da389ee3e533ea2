"""The encoding is a bijection: every word is one Instruction or ILLEGAL (VL32.md, Encoding).

The reserved-bit rules and the opcode table are restated here from VL32.md, independently
of vmlab.isa, so a drift in either shows up.
"""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.isa import Instruction, decode, encode, spec

# ---------------------------------------------------------------- the table of VL32.md
OPCODES = {}
for i, name in enumerate("ADD SUB AND OR XOR SHL SHR SRA SLT SLTU MUL DIV REM".split()):
    OPCODES[name] = 0x01 + i
for i, name in enumerate("ADDI ANDI ORI XORI SHLI SHRI SRAI SLTI".split()):
    OPCODES[name] = 0x10 + i
OPCODES.update(LUI=0x18, LW=0x1A, SW=0x1B)
for i, name in enumerate("BEQ BNE BLT BGE BLTU BGEU".split()):
    OPCODES[name] = 0x20 + i
OPCODES.update(JMP=0x28, JAL=0x29, JR=0x2A, JALR=0x2B, SYSCALL=0x30, HCALL=0x31, ERET=0x32,
               MFSR=0x33, MTSR=0x34, IN=0x35, OUT=0x36, WFI=0x37, HALT=0x38, GETF=0x39,
               SETF=0x3A)
BY_OPCODE = {op: name for name, op in OPCODES.items()}

CYCLES = {name: 1 for name in OPCODES}
CYCLES.update(MUL=3, DIV=8, REM=8, LW=2, SW=2, JMP=2, JAL=2, JR=2, JALR=2, ERET=2, IN=4, OUT=4)
PRIVILEGED = {"ERET", "MFSR", "MTSR", "IN", "OUT", "WFI", "HALT"}

RD, RS, RT, IMM18, LOW14 = 0xF << 22, 0xF << 18, 0xF << 14, 0x3FFFF, 0x3FFF
ALL26 = 0x3FF_FFFF
SIGNED = {"ADDI", "SHLI", "SHRI", "SRAI", "SLTI", "LW", "SW", "BEQ", "BNE", "BLT", "BGE", "BLTU",
          "BGEU"}


def reserved_mask(name: str) -> int:
    """Bits that must be zero for this mnemonic (fields it does not use)."""
    op = OPCODES[name]
    if op <= 0x0D:
        return LOW14
    if name in ("LUI",):
        return RS
    if name in ("JR",):
        return RD | IMM18
    if name in ("JALR",):
        return IMM18
    if name in ("SYSCALL", "HCALL"):
        return RD | RS
    if name in ("ERET", "WFI", "HALT"):
        return ALL26
    if name in ("MFSR", "IN"):
        return RS
    if name in ("MTSR", "OUT"):
        return RD
    if name == "GETF":
        return RS | IMM18
    if name == "SETF":
        return RD | IMM18
    return 0   # I-format ALU, LW/SW, branches, JMP/JAL use every bit


def expected_decode(word: int):
    """The Instruction a word means per VL32.md, or None for ILLEGAL."""
    name = BY_OPCODE.get(word >> 26)
    if name is None or word & reserved_mask(name):
        return None
    rd, rs, rt, imm = (word >> 22) & 15, (word >> 18) & 15, (word >> 14) & 15, word & IMM18
    if name in ("MFSR", "MTSR") and imm > 10:
        return None
    if name in ("JMP", "JAL"):
        return Instruction(name, imm=word & ALL26)
    if OPCODES[name] <= 0x0D:
        return Instruction(name, rd, rs, rt)
    if name in SIGNED and imm & 0x20000:
        imm -= 0x40000
    return Instruction(name, rd, rs, 0, imm)


# ---------------------------------------------------------------- tables
@pytest.mark.parametrize("name", sorted(OPCODES))
def test_opcode_numbers(name):
    assert encode(Instruction(name)) >> 26 == OPCODES[name]
    assert spec.BY_MNEMONIC[name].opcode == OPCODES[name]


def test_every_mnemonic_of_the_spec_is_in_the_table():
    assert set(spec.BY_MNEMONIC) == set(OPCODES)


@pytest.mark.parametrize("name", sorted(OPCODES))
def test_cost_and_privilege_tables(name):
    info = spec.BY_MNEMONIC[name]
    assert info.cycles == CYCLES[name]
    assert info.privileged == (name in PRIVILEGED)


def test_field_positions():
    w = encode(Instruction("SUB", 0xA, 0xB, 0xC))
    assert w == 0x02 << 26 | 0xA << 22 | 0xB << 18 | 0xC << 14
    assert encode(Instruction("ADDI", 1, 2, 0, -1)) == 0x10 << 26 | 1 << 22 | 2 << 18 | 0x3FFFF
    assert encode(Instruction("JMP", imm=0x3FF_FFFF)) == 0x28 << 26 | 0x3FF_FFFF
    assert encode(Instruction("MTSR", 0, 5, 0, 7)) == 0x34 << 26 | 5 << 18 | 7
    assert encode(Instruction("OUT", 0, 3, 0, 0x10)) == 0x36 << 26 | 3 << 18 | 0x10
    assert encode(Instruction("HALT")) == 0x38 << 26


@pytest.mark.parametrize("word,expected", [
    (0, None),
    (0xFFFF_FFFF, None),
    (0x10 << 26 | 0x3FFFF, Instruction("ADDI", 0, 0, 0, -1)),
    (0x11 << 26 | 0x3FFFF, Instruction("ANDI", 0, 0, 0, 0x3FFFF)),
    (0x12 << 26 | 0x20000, Instruction("ORI", 0, 0, 0, 0x20000)),
    (0x13 << 26 | 0x20000, Instruction("XORI", 0, 0, 0, 0x20000)),
    (0x17 << 26 | 0x20000, Instruction("SLTI", 0, 0, 0, -0x20000)),
    (0x18 << 26 | 0x3FFFF, Instruction("LUI", 0, 0, 0, 0x3FFFF)),
    (0x1A << 26 | 0x3FFFE, Instruction("LW", 0, 0, 0, -2)),
    (0x20 << 26 | 0x3FFFF, Instruction("BEQ", 0, 0, 0, -1)),
    (0x30 << 26 | 0x3FFFF, Instruction("SYSCALL", imm=0x3FFFF)),
    (0x31 << 26 | 0x20000, Instruction("HCALL", imm=0x20000)),
    (0x33 << 26 | 10, Instruction("MFSR", imm=10)),
    (0x33 << 26 | 11, None),
    (0x34 << 26 | 0x3FFFF, None),
    (0x35 << 26 | 0x3FFFF, Instruction("IN", imm=0x3FFFF)),
])
def test_decode_examples(word, expected):
    assert decode(word) == expected


# ---------------------------------------------------------------- properties over all words
any_word = st.integers(0, 0xFFFF_FFFF)
# words with an assigned opcode and mostly-zero reserved bits, so decodable words are common
shaped_word = st.builds(
    lambda op, rd, rs, low, clear: (op << 26 | rd << 22 | rs << 18 | low) & ~clear,
    st.sampled_from(sorted(BY_OPCODE)), st.integers(0, 15), st.integers(0, 15),
    st.one_of(st.integers(0, IMM18), st.integers(0, 15), st.integers(0, 15).map(lambda t: t << 14)),
    st.sampled_from([0, 0x3FFF, 0x3FFFF, 0x3FF_FFFF, 0x3C0_0000, 0x3C_0000, 0x3FF_C000]),
)
words = st.one_of(any_word, shaped_word)


@settings(max_examples=1000)
@given(words)
def test_every_word_decodes_to_its_documented_meaning(word):
    ins = decode(word)
    assert ins == expected_decode(word)
    assert ins is None or isinstance(ins, Instruction)


@settings(max_examples=1000)
@given(words)
def test_encode_decode_roundtrip(word):
    ins = decode(word)
    if ins is not None:
        assert encode(ins) == word
        assert decode(encode(ins)) == ins


@settings(max_examples=1000)
@given(st.sampled_from(sorted(OPCODES)), words, st.integers(0, 25))
def test_any_reserved_bit_makes_a_word_illegal(name, word, bit):
    mask = reserved_mask(name)
    if not mask >> bit & 1:
        bit = (mask & -mask).bit_length() - 1 if mask else None
    base = (OPCODES[name] << 26) | (word & 0x3FF_FFFF & ~mask)
    if name in ("MFSR", "MTSR"):
        base = (base & ~IMM18) | (word % 11)
    assert decode(base) is not None           # all reserved bits clear: decodable
    if bit is not None:
        assert decode(base | 1 << bit) is None


@settings(max_examples=500)
@given(st.integers(0, 63), st.integers(0, 0x3FF_FFFF))
def test_unassigned_opcodes_never_decode(op, rest):
    if op not in BY_OPCODE:
        assert decode(op << 26 | rest) is None
    else:
        assert decode(op << 26) is not None or op in (0x33, 0x34)


instructions = st.one_of(
    st.builds(Instruction, st.sampled_from([n for n, o in OPCODES.items() if o <= 0x0D]),
              st.integers(0, 15), st.integers(0, 15), st.integers(0, 15)),
    st.builds(lambda n, rd, rs, imm: Instruction(n, rd, rs, 0, imm),
              st.sampled_from(sorted(SIGNED)), st.integers(0, 15), st.integers(0, 15),
              st.integers(-0x20000, 0x1FFFF)),
    st.builds(lambda n, rd, rs, imm: Instruction(n, rd, rs, 0, imm),
              st.sampled_from(["ANDI", "ORI", "XORI"]), st.integers(0, 15), st.integers(0, 15),
              st.integers(0, 0x3FFFF)),
    st.builds(lambda n, t: Instruction(n, imm=t), st.sampled_from(["JMP", "JAL"]),
              st.integers(0, 0x3FF_FFFF)),
    st.builds(lambda n, c: Instruction(n, imm=c), st.sampled_from(["SYSCALL", "HCALL"]),
              st.integers(0, 0x3FFFF)),
    st.builds(lambda rd, sr: Instruction("MFSR", rd, 0, 0, sr), st.integers(0, 15),
              st.integers(0, 10)),
    st.builds(lambda rs, sr: Instruction("MTSR", 0, rs, 0, sr), st.integers(0, 15),
              st.integers(0, 10)),
    st.builds(lambda rd, p: Instruction("IN", rd, 0, 0, p), st.integers(0, 15),
              st.integers(0, 0x3FFFF)),
    st.builds(lambda rs, p: Instruction("OUT", 0, rs, 0, p), st.integers(0, 15),
              st.integers(0, 0x3FFFF)),
    st.builds(lambda rd, imm: Instruction("LUI", rd, 0, 0, imm), st.integers(0, 15),
              st.integers(0, 0x3FFFF)),
    st.builds(lambda rs: Instruction("JR", 0, rs), st.integers(0, 15)),
    st.builds(lambda rd, rs: Instruction("JALR", rd, rs), st.integers(0, 15), st.integers(0, 15)),
    st.builds(lambda rd: Instruction("GETF", rd), st.integers(0, 15)),
    st.builds(lambda rs: Instruction("SETF", 0, rs), st.integers(0, 15)),
    st.sampled_from([Instruction("ERET"), Instruction("WFI"), Instruction("HALT")]),
)


@settings(max_examples=1000)
@given(instructions)
def test_decode_of_encode_is_identity(ins):
    word = encode(ins)
    assert 0 <= word <= 0xFFFF_FFFF
    assert decode(word) == ins
    assert word >> 26 == OPCODES[ins.mnemonic]


def test_many_random_words_against_the_documented_meaning():
    # a cheap, seeded sweep to complement the hypothesis properties: 200,000 words
    rng = random.Random(32)
    for i in range(200_000):
        word = rng.getrandbits(32)
        if i & 1:   # every other word: keep the opcode, clear the reserved bits of one shape
            name = BY_OPCODE.get(word >> 26)
            if name is not None:
                word &= ~reserved_mask(name)
        ins = decode(word)
        assert ins == expected_decode(word), hex(word)
        if ins is not None:
            assert encode(ins) == word, hex(word)
