"""Branches and jumps: targets, link values, offsets, cycle costs."""

import pytest

from .helpers import (BOUNDS, HALT, INT_MIN, MASK, NOP, TVAL, addi, branch, jal, jalr, jmp, jr,
                      make_machine, one, run_all_modes, s32)

PAIRS = [(1, 1), (1, 2), (2, 1), (MASK, 1), (1, MASK), (INT_MIN, 0x7FFF_FFFF),
         (0x7FFF_FFFF, INT_MIN), (0, 0), (MASK, MASK), (0, INT_MIN)]


def taken(name, x, y):
    return {"BEQ": x == y, "BNE": x != y, "BLT": s32(x) < s32(y), "BGE": s32(x) >= s32(y),
            "BLTU": x < y, "BGEU": x >= y}[name]


@pytest.mark.parametrize("name", ["BEQ", "BNE", "BLT", "BGE", "BLTU", "BGEU"])
@pytest.mark.parametrize("x,y", PAIRS, ids=[f"{x:#x}-{y:#x}" for x, y in PAIRS])
def test_branch_condition_target_and_cost(name, x, y):
    # 0: branch r1, r2, +3   1: HALT   2: NOP   3: HALT
    program = [branch(name, 1, 2, 3), HALT, NOP, HALT]
    m = make_machine(program)
    m.regs[1], m.regs[2] = x, y
    unit = m.step_instruction()
    t = taken(name, x, y)
    assert unit.cost == (2 if t else 1)
    assert m.cycles == unit.cost
    assert m.pc == (3 if t else 1)
    assert m.regs[1] == x and m.regs[2] == y
    # the fast loop agrees
    final = run_all_modes(program, regs={1: x, 2: y})
    assert final.pc == (4 if t else 2)
    assert final.cycles == unit.cost + 1


def test_signed_vs_unsigned_branches_disagree_on_negative():
    # -1 < 1 signed, but 0xFFFFFFFF > 1 unsigned
    for name, expect in (("BLT", True), ("BLTU", False), ("BGE", False), ("BGEU", True)):
        assert taken(name, MASK, 1) is expect
        m = make_machine(branch(name, 1, 2, 2), HALT, HALT)
        m.regs[1], m.regs[2] = MASK, 1
        m.step_instruction()
        assert m.pc == (2 if expect else 1)


def test_branch_offset_is_relative_to_the_branch_itself():
    # branch at 10 with offset +5 goes to 15, offset -5 goes to 5
    m = make_machine(at={10: [branch("BEQ", 0, 0, 5)]}, entry=10)
    m.step_instruction()
    assert m.pc == 15 and m.cycles == 2
    m = make_machine(at={10: [branch("BEQ", 0, 0, -5)]}, entry=10)
    m.step_instruction()
    assert m.pc == 5 and m.cycles == 2


def test_branch_offset_zero_loops_on_itself():
    m = make_machine(branch("BEQ", 0, 0, 0))
    assert m.run(max_cycles=101) == "cycle-limit"
    # 50 taken branches (2 cycles each) committed, the 51st is in flight
    assert m.pc == 0 and m.cycles == 101 and m.instret == 50
    assert m.inflight is not None and m.inflight.start == 100


@pytest.mark.parametrize("offset", [-0x20000, 0x1FFFF, -1, 1, 0x12345, -0x12345])
def test_branch_offset_extremes_are_sign_extended(offset):
    at = 0x20000 + 7
    m = make_machine(at={at: [branch("BNE", 1, 0, offset)]}, entry=at, memory_words=1 << 19)
    m.regs[1] = 1
    m.step_instruction()
    assert m.pc == at + offset


def test_backward_branch_loop_counts():
    # r1 = 10; loop: r2 += 3; r1 -= 1; bne r1, r0, loop; halt
    m = run_all_modes(addi(1, 0, 10), addi(2, 2, 3), addi(1, 1, -1), branch("BNE", 1, 0, -2), HALT)
    assert m.regs[1] == 0 and m.regs[2] == 30
    # 1 + 10 * (1 + 1) + 9 taken (2) + 1 not taken + HALT
    assert m.cycles == 1 + 20 + 9 * 2 + 1 + 1
    assert m.instret == 1 + 30 + 1


def test_forward_branch_skips():
    m = run_all_modes(addi(1, 0, 1), branch("BEQ", 1, 1, 3), addi(2, 0, 5), addi(2, 0, 6),
                      addi(3, 0, 7), HALT)
    assert m.regs[2] == 0 and m.regs[3] == 7
    assert m.cycles == 1 + 2 + 1 + 1


def test_branch_below_address_zero_wraps_and_faults_on_fetch():
    # 0 - 1 wraps to 0xFFFFFFFF: outside memory, a fetch BOUNDS trap
    m = make_machine(at={5: [branch("BEQ", 0, 0, -6)]}, entry=5)
    m.step_instruction()
    assert m.pc == MASK
    unit = m.step_instruction()
    assert unit.cost == 5 and m.cause == BOUNDS and m.tval == MASK and m.epc == MASK


def test_jmp():
    m, cost = one(jmp(1))  # jumps to the HALT at 1
    assert cost == 2 and m.pc == 2 and m.cycles == 3
    m = run_all_modes(jmp(3), addi(1, 0, 1), HALT, addi(2, 0, 2), HALT)
    assert m.regs[1] == 0 and m.regs[2] == 2 and m.cycles == 2 + 1 + 1


def test_jmp_to_largest_target_traps_bounds():
    m = make_machine(jmp((1 << 26) - 1))
    m.step_instruction()
    assert m.pc == (1 << 26) - 1 and m.cycles == 2
    m.step_instruction()
    assert m.cause == BOUNDS and m.tval == (1 << 26) - 1


def test_jal_links_r15():
    m = run_all_modes(NOP, jal(4), HALT, HALT, addi(1, 0, 9), jr(15))
    # 0 nop, 1 jal 4 (ra = 2), 4 addi, 5 jr ra -> 2 halt
    assert m.regs[15] == 2 and m.regs[1] == 9 and m.pc == 3
    assert m.cycles == 1 + 2 + 1 + 2 + 1


def test_jal_cost_and_target():
    m = make_machine(at={100: [jal(7)]}, entry=100)
    unit = m.step_instruction()
    assert unit.cost == 2 and m.pc == 7 and m.regs[15] == 101


def test_jr():
    m, cost = one(jr(5), {5: 1})
    assert cost == 2 and m.regs[5] == 1
    m = make_machine(at={50: [jr(3)]}, entry=50)
    m.regs[3] = 0x1234
    m.step_instruction()
    assert m.pc == 0x1234 and m.cycles == 2


def test_jr_to_huge_address_faults():
    m = make_machine(jr(3))
    m.regs[3] = 0xFFFF_FFF0
    m.step_instruction()
    assert m.pc == 0xFFFF_FFF0
    m.step_instruction()
    assert m.cause == BOUNDS and m.tval == 0xFFFF_FFF0 and m.epc == 0xFFFF_FFF0


def test_jalr_links_rd():
    m = make_machine(at={20: [jalr(4, 5)]}, entry=20)
    m.regs[5] = 77
    unit = m.step_instruction()
    assert unit.cost == 2 and m.pc == 77 and m.regs[4] == 21 and m.regs[5] == 77


def test_jalr_rd_equals_rs_uses_old_value():
    m = make_machine(at={20: [jalr(6, 6)]}, entry=20)
    m.regs[6] = 300
    m.step_instruction()
    assert m.pc == 300 and m.regs[6] == 21
    final = run_all_modes(at={0: [addi(6, 0, 3), jalr(6, 6), HALT, HALT]})
    assert final.regs[6] == 2 and final.pc == 4 and final.cycles == 1 + 2 + 1


def test_jalr_r0_only_jumps():
    m = run_all_modes(addi(2, 0, 3), jalr(0, 2), HALT, HALT)
    assert m.regs[0] == 0 and m.pc == 4 and m.cycles == 4


def test_jalr_r15_call_and_return():
    # 0: li r2, 5; 1: jalr ra, r2; 2: halt; ... 5: addi r1 1; 6: jr ra
    m = run_all_modes(addi(2, 0, 5), jalr(15, 2), HALT, HALT, HALT, addi(1, 1, 1), jr(15))
    assert m.regs[1] == 1 and m.regs[15] == 2 and m.pc == 3


def test_tval_of_fetch_fault_after_jump():
    m = make_machine(jmp(70_000))   # beyond the 65,536-word default memory
    m.run(max_cycles=7)
    assert m.cause == BOUNDS and m.tval == 70_000 and m.epc == 70_000 and m.pc == 0
    assert m.cycles == 7 and m.instret == 1
    assert m.read_sr(TVAL) == 70_000
