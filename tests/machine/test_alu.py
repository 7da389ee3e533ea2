"""ALU instructions: R-format, I-format and LUI — values and cycle costs (VL32.md, Encoding)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.isa import Instruction

from .helpers import INT_MIN, MASK, I, R, lui, one, s32

# ---------------------------------------------------------------- an independent oracle


def oracle(name: str, a: int, b: int) -> int:
    """rd for rs = a, rt (or the extended immediate) = b, both 32-bit words."""
    sa, sb = s32(a), s32(b)
    if name == "ADD":
        return (a + b) & MASK
    if name == "SUB":
        return (a - b) & MASK
    if name == "AND":
        return a & b
    if name == "OR":
        return a | b
    if name == "XOR":
        return a ^ b
    if name == "SHL":
        return (a << (b % 32)) & MASK
    if name == "SHR":
        return a >> (b % 32)
    if name == "SRA":
        return (sa >> (b % 32)) & MASK
    if name == "SLT":
        return int(sa < sb)
    if name == "SLTU":
        return int(a < b)
    if name == "MUL":
        return (sa * sb) & MASK
    # truncating division, C style
    q = abs(sa) // abs(sb)
    if (sa < 0) != (sb < 0):
        q = -q
    if name == "DIV":
        return q & MASK
    if name == "REM":
        return (sa - q * sb) & MASK
    raise AssertionError(name)


R_COST = {"ADD": 1, "SUB": 1, "AND": 1, "OR": 1, "XOR": 1, "SHL": 1, "SHR": 1, "SRA": 1,
          "SLT": 1, "SLTU": 1, "MUL": 3, "DIV": 8, "REM": 8}
I_TO_R = {"ADDI": "ADD", "ANDI": "AND", "ORI": "OR", "XORI": "XOR", "SHLI": "SHL",
          "SHRI": "SHR", "SRAI": "SRA", "SLTI": "SLT"}


def run_r(name, a, b, rd=1, rs=2, rt=3):
    m, cost = one(R(name, rd, rs, rt), {rs: a, rt: b})
    return m, cost


# ---------------------------------------------------------------- R-format, exact cases
R_CASES = [
    # ADD / SUB wrap modulo 2^32
    ("ADD", 5, 7, 12),
    ("ADD", 0xFFFF_FFFF, 1, 0),
    ("ADD", 0x7FFF_FFFF, 1, 0x8000_0000),
    ("ADD", 0x8000_0000, 0x8000_0000, 0),
    ("SUB", 3, 5, 0xFFFF_FFFE),
    ("SUB", 0, 1, 0xFFFF_FFFF),
    ("SUB", 0x8000_0000, 1, 0x7FFF_FFFF),
    ("SUB", 10, 10, 0),
    ("AND", 0xF0F0_F0F0, 0xFF00_FF00, 0xF000_F000),
    ("OR", 0xF0F0_F0F0, 0x0F00_0F00, 0xFFF0_FFF0),
    ("XOR", 0xFFFF_0000, 0x0F0F_0F0F, 0xF0F0_0F0F),
    ("XOR", 0x1234_5678, 0x1234_5678, 0),
    # shifts use rt & 31
    ("SHL", 1, 31, 0x8000_0000),
    ("SHL", 1, 32, 1),
    ("SHL", 1, 33, 2),
    ("SHL", 3, 0xFFFF_FFFF, 0x8000_0000),
    ("SHL", 0xFFFF_FFFF, 4, 0xFFFF_FFF0),
    ("SHL", 0x8000_0001, 1, 2),
    ("SHR", 0x8000_0000, 31, 1),
    ("SHR", 0xF000_0000, 4, 0x0F00_0000),   # logical: zeros come in
    ("SHR", 0xF000_0000, 32, 0xF000_0000),
    ("SHR", 0xF000_0000, 36, 0x0F00_0000),
    ("SHR", 0xFFFF_FFFF, 0, 0xFFFF_FFFF),
    ("SRA", 0xF000_0000, 4, 0xFF00_0000),   # arithmetic: sign comes in
    ("SRA", 0x8000_0000, 31, 0xFFFF_FFFF),
    ("SRA", 0xFFFF_FFFF, 5, 0xFFFF_FFFF),
    ("SRA", 0x7000_0000, 4, 0x0700_0000),
    ("SRA", 0x8000_0000, 32, 0x8000_0000),
    ("SRA", 0x8000_0000, 33, 0xC000_0000),
    ("SRA", (-100) & MASK, 2, (-25) & MASK),
    ("SRA", (-7) & MASK, 1, (-4) & MASK),   # rounds towards minus infinity
    # SLT signed, SLTU unsigned
    ("SLT", 0xFFFF_FFFF, 1, 1),
    ("SLT", 1, 0xFFFF_FFFF, 0),
    ("SLT", 5, 5, 0),
    ("SLT", 0x8000_0000, 0x7FFF_FFFF, 1),
    ("SLT", 4, 5, 1),
    ("SLTU", 0xFFFF_FFFF, 1, 0),
    ("SLTU", 1, 0xFFFF_FFFF, 1),
    ("SLTU", 5, 5, 0),
    ("SLTU", 0x8000_0000, 0x7FFF_FFFF, 0),
    ("SLTU", 0, 1, 1),
    # MUL: low 32 bits
    ("MUL", 6, 7, 42),
    ("MUL", 0x1_0000, 0x1_0000, 0),
    ("MUL", (-2) & MASK, 3, (-6) & MASK),
    ("MUL", 0xFFFF_FFFF, 0xFFFF_FFFF, 1),
    ("MUL", 0x1234_5678, 0x9ABC_DEF0, (0x1234_5678 * 0x9ABC_DEF0) & MASK),
    ("MUL", INT_MIN, 0xFFFF_FFFF, INT_MIN),
    # DIV / REM: signed, truncating
    ("DIV", 7, 2, 3),
    ("DIV", (-7) & MASK, 2, (-3) & MASK),
    ("DIV", 7, (-2) & MASK, (-3) & MASK),
    ("DIV", (-7) & MASK, (-2) & MASK, 3),
    ("DIV", INT_MIN, 0xFFFF_FFFF, INT_MIN),
    ("DIV", INT_MIN, 1, INT_MIN),
    ("DIV", INT_MIN, 2, 0xC000_0000),
    ("DIV", 0, 5, 0),
    ("DIV", 1, 2, 0),
    ("DIV", (-1) & MASK, 2, 0),
    ("DIV", 0xFFFF_FFFF, 0xFFFF_FFFF, 1),
    ("REM", 7, 2, 1),
    ("REM", (-7) & MASK, 2, (-1) & MASK),
    ("REM", 7, (-2) & MASK, 1),
    ("REM", (-7) & MASK, (-2) & MASK, (-1) & MASK),
    ("REM", INT_MIN, 0xFFFF_FFFF, 0),
    ("REM", INT_MIN, 3, (-2) & MASK),
    ("REM", 6, 3, 0),
    ("REM", 5, 7, 5),
]


@pytest.mark.parametrize("name,a,b,expected", R_CASES,
                         ids=[f"{c[0]}-{c[1]:#x}-{c[2]:#x}" for c in R_CASES])
def test_r_format_values_and_cost(name, a, b, expected):
    assert oracle(name, a, b) == expected  # the oracle agrees with the table
    m, cost = run_r(name, a, b)
    assert m.regs[1] == expected
    assert m.regs[2] == a and m.regs[3] == b
    assert cost == R_COST[name]
    assert m.pc == 2 and m.instret == 2


@pytest.mark.parametrize("name", list(R_COST))
def test_r_format_cost_table(name):
    _, cost = run_r(name, 100, 7)
    assert cost == R_COST[name]


@pytest.mark.parametrize("name", list(R_COST))
def test_r_format_write_to_r0_is_dropped(name):
    m, cost = one(R(name, 0, 2, 3), {2: 100, 3: 7})
    assert m.regs == [0, 0, 100, 7] + [0] * 12
    assert cost == R_COST[name]


@pytest.mark.parametrize("name", list(R_COST))
def test_r_format_same_register_operands(name):
    # rd = rs = rt = r4: the operands are read before the result is written
    m, _ = one(R(name, 4, 4, 4), {4: 0x8000_0005})
    assert m.regs[4] == oracle(name, 0x8000_0005, 0x8000_0005)


def test_r0_reads_zero_as_operand():
    m, _ = one(R("SUB", 1, 0, 2), {2: 5})
    assert m.regs[1] == (-5) & MASK
    m, _ = one(R("OR", 1, 2, 0), {2: 0x1234})
    assert m.regs[1] == 0x1234


words = st.one_of(st.integers(0, MASK),
                  st.sampled_from([0, 1, 2, 31, 32, 33, 0x7FFF_FFFF, INT_MIN, MASK, MASK - 1]))


@settings(max_examples=150)
@given(name=st.sampled_from(list(R_COST)), a=words, b=words)
def test_r_format_matches_oracle(name, a, b):
    if name in ("DIV", "REM") and b == 0:
        b = 3
    m, cost = run_r(name, a, b)
    assert m.regs[1] == oracle(name, a, b)
    assert cost == R_COST[name]


# ---------------------------------------------------------------- I-format
I_CASES = [
    # ADDI: sign-extended imm18
    ("ADDI", 5, -1, 4),
    ("ADDI", 0, -1, 0xFFFF_FFFF),
    ("ADDI", 0, -0x20000, 0xFFFE_0000),
    ("ADDI", 0, 0x1FFFF, 0x0001_FFFF),
    ("ADDI", 0xFFFF_FFFF, 1, 0),
    ("ADDI", 0x7FFF_FFFF, 1, 0x8000_0000),
    # ANDI / ORI / XORI: zero-extended imm18
    ("ANDI", 0xFFFF_FFFF, 0x3FFFF, 0x0003_FFFF),
    ("ANDI", 0xFFFF_FFFF, 0x20000, 0x0002_0000),
    ("ANDI", 0x1234_5678, 0x0FF, 0x78),
    ("ORI", 0, 0x20000, 0x0002_0000),
    ("ORI", 0, 0x3FFFF, 0x0003_FFFF),
    ("ORI", 0xF000_0000, 0x1, 0xF000_0001),
    ("XORI", 0xFFFF_FFFF, 0x3FFFF, 0xFFFC_0000),
    ("XORI", 0x5, 0x20000, 0x0002_0005),
    # shifts by immediate use imm & 31
    ("SHLI", 1, 4, 16),
    ("SHLI", 1, 31, 0x8000_0000),
    ("SHLI", 1, 33, 2),
    ("SHLI", 1, -1, 0x8000_0000),
    ("SHRI", 0x8000_0000, 4, 0x0800_0000),
    ("SHRI", 0x8000_0000, 32, 0x8000_0000),
    ("SRAI", 0x8000_0000, 4, 0xF800_0000),
    ("SRAI", 0x4000_0000, 4, 0x0400_0000),
    ("SRAI", (-9) & MASK, 1, (-5) & MASK),
    # SLTI: signed compare against the sign-extended immediate
    ("SLTI", 0xFFFF_FFFE, -1, 1),
    ("SLTI", 5, -1, 0),
    ("SLTI", 0, -1, 0),
    ("SLTI", 0xFFFF_FFFF, 0, 1),
    ("SLTI", 3, 4, 1),
    ("SLTI", 4, 4, 0),
    ("SLTI", 0x8000_0000, -0x20000, 1),
]


@pytest.mark.parametrize("name,a,imm,expected", I_CASES,
                         ids=[f"{c[0]}-{c[1]:#x}-{c[2]}" for c in I_CASES])
def test_i_format_values_and_cost(name, a, imm, expected):
    m, cost = one(I(name, 1, 2, imm), {2: a})
    assert m.regs[1] == expected
    assert m.regs[2] == a
    assert cost == 1
    assert m.pc == 2


@pytest.mark.parametrize("name", list(I_TO_R))
def test_i_format_write_to_r0_is_dropped(name):
    m, cost = one(I(name, 0, 2, 5), {2: 100})
    assert m.regs == [0, 0, 100] + [0] * 13
    assert cost == 1


signed18 = st.integers(-0x20000, 0x1FFFF)
unsigned18 = st.integers(0, 0x3FFFF)


@settings(max_examples=150)
@given(name=st.sampled_from(list(I_TO_R)), a=words, data=st.data())
def test_i_format_matches_oracle(name, a, data):
    zero_ext = name in ("ANDI", "ORI", "XORI")
    imm = data.draw(unsigned18 if zero_ext else signed18)
    m, _ = one(I(name, 1, 2, imm), {2: a})
    assert m.regs[1] == oracle(I_TO_R[name], a, imm & MASK)


@pytest.mark.parametrize("imm,expected", [(0, 0), (1, 0x4000), (0x20000, 0x8000_0000),
                                          (0x3FFFF, 0xFFFF_C000), (0x12345, 0x48D1_4000)])
def test_lui(imm, expected):
    m, cost = one(lui(3, imm), {3: 0xFFFF_FFFF})
    assert m.regs[3] == expected
    assert cost == 1


def test_lui_to_r0_is_dropped():
    m, cost = one(lui(0, 0x3FFFF))
    assert m.regs[0] == 0 and cost == 1


def test_lui_ori_builds_any_constant():
    for value in (0, 0xDEAD_BEEF, 0xFFFF_FFFF, 0x8000_0000, 0x3FFF, 0x4000):
        m, _ = one(Instruction("ORI", 5, 5, 0, value & 0x3FFF), {5: (value >> 14) << 14})
        assert m.regs[5] == value
