"""Every machine instruction of VL32.md assembles to the exact word."""

import pytest

from .helpers import build, i18, j26, one_error, r3, words

R_OPS = {"add": 0x01, "sub": 0x02, "and": 0x03, "or": 0x04, "xor": 0x05, "shl": 0x06,
         "shr": 0x07, "sra": 0x08, "slt": 0x09, "sltu": 0x0A, "mul": 0x0B, "div": 0x0C,
         "rem": 0x0D}
SIGNED_I_OPS = {"addi": 0x10, "shli": 0x14, "shri": 0x15, "srai": 0x16, "slti": 0x17}
UNSIGNED_I_OPS = {"andi": 0x11, "ori": 0x12, "xori": 0x13}
BRANCHES = {"beq": 0x20, "bne": 0x21, "blt": 0x22, "bge": 0x23, "bltu": 0x24, "bgeu": 0x25}


def test_literal_words():
    # A few words computed by hand, so the packing helpers are checked too.
    assert words("add r1, r2, r3") == [0x0448C000]
    assert words("addi r1, r0, -1") == [0x4043FFFF]
    assert words("halt") == [0xE0000000]
    assert words("lw r1, 4(r2)") == [0x68480004]
    assert words("out CONSOLE_OUT, r1") == [0xD8040010]


@pytest.mark.parametrize("name,op", R_OPS.items())
def test_register_ops(name, op):
    assert words(f"{name} r1, r2, r3\n{name} r15, r14, r13") == [
        r3(op, 1, 2, 3), r3(op, 15, 14, 13)]


@pytest.mark.parametrize("name,op", SIGNED_I_OPS.items())
def test_signed_immediates(name, op):
    assert words(f"{name} r1, r2, 5\n{name} r3, r4, -131072\n{name} r5, r6, 131071") == [
        i18(op, 1, 2, 5), i18(op, 3, 4, 0x20000), i18(op, 5, 6, 0x1FFFF)]


@pytest.mark.parametrize("name", SIGNED_I_OPS)
@pytest.mark.parametrize("value", [131072, -131073])
def test_signed_immediate_out_of_range(name, value):
    error = one_error(f"{name} r1, r2, {value}")
    assert (error.line, error.col) == (1, len(name) + 10)
    assert error.message == (f"immediate {value} out of range for {name.upper()}: "
                             "allowed -131072..131071 (signed 18 bits)")


@pytest.mark.parametrize("name,op", UNSIGNED_I_OPS.items())
def test_unsigned_immediates(name, op):
    assert words(f"{name} r1, r2, 0\n{name} r3, r4, 0x3FFFF") == [
        i18(op, 1, 2, 0), i18(op, 3, 4, 0x3FFFF)]


@pytest.mark.parametrize("name", UNSIGNED_I_OPS)
@pytest.mark.parametrize("value", [-1, 262144])
def test_unsigned_immediate_out_of_range(name, value):
    error = one_error(f"{name} r1, r2, {value}")
    assert error.message == (f"immediate {value} out of range for {name.upper()}: "
                             "allowed 0..262143 (unsigned 18 bits)")


def test_lui():
    assert words("lui r7, 0x3FFFF\nlui r1, 0") == [i18(0x18, 7, 0, 0x3FFFF), i18(0x18, 1)]
    assert one_error("lui r1, 0x40000").message == (
        "immediate 262144 out of range for LUI: allowed 0..262143 (unsigned 18 bits)")


def test_loads_and_stores():
    assert words("lw r1, 4(r2)\nsw r3, -1(sp)\nlw r4, (r5)\nsw r6, 2*3+1(ra)\n"
                 "lw r7, -131072(r0)\nLW R8, 131071(R9)") == [
        i18(0x1A, 1, 2, 4), i18(0x1B, 3, 14, -1), i18(0x1A, 4, 5, 0),
        i18(0x1B, 6, 15, 7), i18(0x1A, 7, 0, -131072), i18(0x1A, 8, 9, 131071)]


def test_memory_offset_may_be_a_label():
    assert words("lw r1, data(r0)\nhalt\ndata: .word 9") == [i18(0x1A, 1, 0, 2), 0xE0000000, 9]


def test_memory_offset_out_of_range():
    error = one_error("sw r1, 131072(r2)")
    assert (error.line, error.col) == (1, 8)
    assert error.message == ("offset 131072 out of range for SW: allowed "
                             "-131072..131071 (signed 18 bits)")


@pytest.mark.parametrize("name,op", BRANCHES.items())
def test_branches_forward_and_backward(name, op):
    source = f"back: nop\n{name} r1, r2, back\n{name} r3, r4, fwd\nnop\nfwd: nop"
    assert words(source)[1:3] == [i18(op, 1, 2, -1), i18(op, 3, 4, 2)]


def test_branch_to_itself_and_to_numeric_address():
    assert words("beq r0, r0, .\nbne r1, r0, 0") == [i18(0x20, 0, 0, 0), i18(0x21, 1, 0, -1)]


def test_branch_offset_limits():
    # The farthest targets reachable from address 0x20000 in each direction.
    program = build(".org 0x20000\nbeq r0, r0, 0\nbeq r0, r0, 0x20001 + 131071")
    assert program.image[0x20000] == i18(0x20, 0, 0, -131072)
    assert program.image[0x20001] == i18(0x20, 0, 0, 131071)


def test_branch_offset_out_of_range():
    error = one_error(".org 0x20001\nbeq r1, r2, 0")
    assert (error.line, error.col) == (2, 13)
    assert error.message == ("branch target 0x0 out of range for BEQ: offset -131073 "
                             "not in -131072..131071 (signed 18 bits)")
    error = one_error("b far\n.org 131072\nfar: halt")
    assert error.message == ("branch target 0x20000 out of range for B: offset 131072 "
                             "not in -131072..131071 (signed 18 bits)")


def test_branch_wraps_around_the_address_space():
    # From the top of memory, target 3 is 5 words ahead modulo 2^32.
    program = build(".org 0xFFFFFFFE\nbeq r0, r0, 3")
    assert program.image[0xFFFFFFFE] == i18(0x20, 0, 0, 5)
    program = build("bne r1, r2, 0xFFFFFFFF")
    assert program.image[0] == i18(0x21, 1, 2, -1)


def test_jumps():
    assert words("jmp 0\njal 0x3FFFFFF\njmp end\nend: jr r15\njalr r1, r2") == [
        j26(0x28, 0), j26(0x29, 0x3FFFFFF), j26(0x28, 3), i18(0x2A, 0, 15), i18(0x2B, 1, 2)]


@pytest.mark.parametrize("target", [-1, 1 << 26])
def test_jump_target_out_of_range(target):
    error = one_error(f"jal {target}")
    assert (error.line, error.col) == (1, 5)
    assert error.message == (f"jump target {target} out of range for JAL: "
                             "allowed 0..67108863 (26 bits)")


def test_syscall_and_hcall():
    assert words("syscall 0\nsyscall 262143\nhcall 7") == [
        i18(0x30), i18(0x30, imm=0x3FFFF), i18(0x31, imm=7)]
    assert one_error("hcall -1").message == (
        "code -1 out of range for HCALL: allowed 0..262143 (unsigned 18 bits)")
    assert one_error("syscall 262144").message == (
        "code 262144 out of range for SYSCALL: allowed 0..262143 (unsigned 18 bits)")


def test_no_operand_instructions():
    assert words("eret\nwfi\nhalt") == [0x32 << 26, 0x37 << 26, 0x38 << 26]


def test_system_registers_by_name_and_number():
    names = "STATUS EPC CAUSE TVAL TVEC BASE BOUND TIMER SCRATCH CYCLE IPEND".split()
    source = "\n".join(f"mfsr r1, {name}\nmtsr {name.lower()}, r2" for name in names)
    expected = []
    for number in range(11):
        expected += [i18(0x33, 1, 0, number), i18(0x34, 0, 2, number)]
    assert words(source) == expected
    assert words("mfsr r3, 10\nmtsr 2 + 2, r4") == [i18(0x33, 3, 0, 10), i18(0x34, 0, 4, 4)]


@pytest.mark.parametrize("value", [-1, 11])
def test_system_register_out_of_range(value):
    error = one_error(f"mtsr {value}, r1")
    assert (error.line, error.col) == (1, 6)
    assert error.message == (f"system register {value} out of range for MTSR: "
                             "allowed 0..10 (STATUS..IPEND)")


def test_ports():
    assert words("in r1, CONSOLE_IN\nin r2, console_status\nout CONSOLE_OUT, r3\n"
                 "out 0x20, r4\nin r5, 262143") == [
        i18(0x35, 1, 0, 0x11), i18(0x35, 2, 0, 0x12), i18(0x36, 0, 3, 0x10),
        i18(0x36, 0, 4, 0x20), i18(0x35, 5, 0, 0x3FFFF)]
    error = one_error("in r1, 262144")
    assert error.message == ("port 262144 out of range for IN: allowed 0..262143 "
                             "(unsigned 18 bits)")


def test_getf_setf():
    assert words("getf r3\nsetf r4") == [i18(0x39, 3), i18(0x3A, 0, 4)]


def test_case_insensitive_mnemonics_registers_and_names():
    assert words("ADD R1, Sp, RA\nMfSr r1, Status\nOUT console_out, r1") == [
        r3(0x01, 1, 14, 15), i18(0x33, 1, 0, 0), i18(0x36, 0, 1, 0x10)]


def test_register_aliases():
    assert words("mov sp, ra") == [r3(0x01, 14, 15, 0)]
