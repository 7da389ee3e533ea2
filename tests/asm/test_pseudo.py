"""Every pseudo-instruction of VL32.md expands to the exact words."""

import pytest

from .helpers import build, i18, j26, one_error, r3, words

ADD, SUB, ADDI, ORI, LUI, LW, SW, BEQ, BNE, JAL, JR = (
    0x01, 0x02, 0x10, 0x12, 0x18, 0x1A, 0x1B, 0x20, 0x21, 0x29, 0x2A)


def test_nop_is_add_r0_r0_r0():
    assert words("nop") == [0x04000000] == [r3(ADD, 0, 0, 0)]


def test_mov():
    assert words("mov r1, r2") == [r3(ADD, 1, 2, 0)]


@pytest.mark.parametrize("value", [0, 1, -1, 131071, -131072, ord("A")])
def test_li_small_is_one_addi(value):
    assert words(f"li r3, {value}") == [i18(ADDI, 3, 0, value)]


@pytest.mark.parametrize("value,upper,lower", [
    (131072, 0x8, 0x0),
    (-131073, 0x3FFF7, 0x3FFF),
    (0x12345678, 0x48D1, 0x1678),
    (0xFFFFFFFF, 0x3FFFF, 0x3FFF),
    (-(1 << 31), 0x20000, 0x0),
])
def test_li_large_is_lui_ori(value, upper, lower):
    assert words(f"li r2, {value}") == [i18(LUI, 2, 0, upper), i18(ORI, 2, 2, lower)]
    # LUI then ORI rebuilds exactly the 32-bit value.
    assert (upper << 14 | lower) == value & 0xFFFFFFFF


def test_li_with_forward_reference_always_takes_two_words():
    assert words("li r1, small\nsmall: .equ SEVEN, 7\n") == [
        i18(LUI, 1, 0, 0), i18(ORI, 1, 1, 2)]
    assert words("li r1, LATER\n.equ LATER, 5") == [i18(LUI, 1, 0, 0), i18(ORI, 1, 1, 5)]


def test_li_with_backward_reference_is_one_word():
    assert words(".equ FIVE, 5\nli r1, FIVE\nli r2, .") == [
        i18(ADDI, 1, 0, 5), i18(ADDI, 2, 0, 1)]


@pytest.mark.parametrize("value", [1 << 32, -(1 << 31) - 1])
def test_li_out_of_range(value):
    error = one_error(f"li r1, {value}")
    assert (error.line, error.col) == (1, 8)
    assert error.message == (f"value {value} out of range for LI: allowed "
                             "-2147483648..4294967295 (32 bits)")


def test_la_is_always_lui_ori():
    assert words("la r4, here\nhere: nop") == [i18(LUI, 4, 0, 0), i18(ORI, 4, 4, 2), 0x04000000]
    program = build(".org 0x12345\nx: la r1, x")
    assert program.image[0x12345] == i18(LUI, 1, 0, 0x12345 >> 14)
    assert program.image[0x12346] == i18(ORI, 1, 1, 0x12345 & 0x3FFF)


def test_branch_pseudos():
    source = "top: b top\nbeqz r5, top\nbnez r6, end\nend: nop"
    assert words(source)[:3] == [i18(BEQ, 0, 0, 0), i18(BEQ, 5, 0, -1), i18(BNE, 6, 0, 1)]


def test_call_and_ret():
    assert words("call f\nf: ret") == [j26(JAL, 1), i18(JR, 0, 15)]


def test_push_and_pop():
    assert words("push r5\npop r6") == [
        i18(ADDI, 14, 14, -1), i18(SW, 5, 14, 0), i18(LW, 6, 14, 0), i18(ADDI, 14, 14, 1)]


def test_not_and_neg():
    assert words("not r1, r2\nneg r3, r4") == [
        r3(SUB, 1, 0, 2), i18(ADDI, 1, 1, -1), r3(SUB, 3, 0, 4)]


def test_pseudo_sizes_move_labels():
    program = build("li r1, 0x10000000\npush r1\npop r1\nnot r1, r1\nla r2, x\nx: nop")
    assert program.labels == {"x": 10}


def test_pseudo_operand_count_errors_name_the_pseudo():
    assert one_error("push r1, r2").message == "PUSH expects rs (1 operand), found 2"
    assert one_error("ret r1").message == "RET takes no operands"
    assert one_error("li r1").message == "LI expects rd, imm32 (2 operands), found 1"
