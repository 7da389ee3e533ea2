"""System registers through MFSR/MTSR, and the GETF/SETF flaw."""

import pytest

from .helpers import (BASE, BOUND, CAUSE, CYCLE, EPC, HALT, IE, IPEND, KMODE, MASK, NOP, PIE,
                      PKMODE, SCRATCH, STATUS, SYSCALL, TIMER, TVAL, TVEC, R, addi, getf, li,
                      lw, make_machine, mfsr, mtsr, one, put_user, run_all_modes, setf,
                      syscall)

PLAIN_SRS = [EPC, CAUSE, TVAL, TVEC, BASE, BOUND, SCRATCH]


@pytest.mark.parametrize("sr", PLAIN_SRS)
@pytest.mark.parametrize("value", [0, 1, 0x8000_0000, MASK, 0x1234_5678])
def test_mtsr_mfsr_roundtrip_full_word(sr, value):
    m = run_all_modes(li(1, value), mtsr(sr, 1), mfsr(2, sr), HALT)
    assert m.regs[2] == value
    assert m.read_sr(sr) == value
    assert m.cycles == 2 + 1 + 1 + 1


@pytest.mark.parametrize("sr", range(11))
def test_mfsr_and_mtsr_cost_one_cycle(sr):
    _, cost = one(mfsr(1, sr))
    assert cost == 1
    if sr not in (STATUS, TIMER):
        _, cost = one(mtsr(sr, 0))
        assert cost == 1


def test_mfsr_into_r0_is_dropped():
    m, _ = one(mfsr(0, STATUS))
    assert m.regs == [0] * 16


def test_mfsr_status_at_reset_is_kmode():
    m, _ = one(mfsr(3, STATUS))
    assert m.regs[3] == KMODE == 2


def test_mtsr_status_keeps_only_bits_0_to_3():
    m = run_all_modes(li(1, 0xFFFF_FFF3), mtsr(STATUS, 1), mfsr(2, STATUS), HALT)
    assert m.regs[2] == IE | KMODE
    m = run_all_modes(li(1, 0xFFFF_FFFE), mtsr(STATUS, 1), mfsr(2, STATUS), HALT)
    assert m.regs[2] == 0xE
    assert m.status == 0xE


def test_mtsr_status_can_set_pie_and_pkmode_for_eret():
    m = run_all_modes(addi(1, 0, PIE | PKMODE | KMODE), mtsr(STATUS, 1), mfsr(2, STATUS), HALT)
    assert m.regs[2] == PIE | PKMODE | KMODE


def test_mtsr_status_clearing_kmode_enters_user_mode_at_once():
    # the next fetch (virtual 2) is translated through BASE = 0x1000
    m = make_machine(addi(1, 0, 0), mtsr(STATUS, 1), NOP, at={0x1002: [syscall(5)],
                                                            0x80: [HALT]})
    m.base, m.bound, m.tvec = 0x1000, 0x10, 0x80
    assert m.run(max_cycles=100) == "halt"
    assert m.cause == SYSCALL and m.tval == 5 and m.epc == 2 and m.status == KMODE


@pytest.mark.parametrize("sr", [CYCLE, IPEND])
def test_read_only_srs_ignore_writes(sr):
    m = run_all_modes(li(1, 0xFFFF), mtsr(sr, 1), mfsr(2, sr), HALT)
    expected = 3 if sr == CYCLE else 0   # CYCLE: cycles before the MFSR
    assert m.regs[2] == expected


def test_cycle_counts_cycles_completed_before_the_reading_instruction():
    # NOP(1) MUL(3) LW(2) taken BEQ(2) DIV(8) MFSR
    prog = [mfsr(1, CYCLE), NOP, R("MUL", 2, 0, 0), lw(3, 0, 0),
            addi(5, 0, 1), R("DIV", 4, 5, 5), mfsr(6, CYCLE), mfsr(7, CYCLE), HALT]
    m = run_all_modes(prog)
    assert m.regs[1] == 0
    assert m.regs[6] == 1 + 1 + 3 + 2 + 1 + 8
    assert m.regs[7] == m.regs[6] + 1
    assert m.cycles == m.regs[7] + 2


def test_cycle_counts_trap_and_idle_cycles():
    prog = [syscall(), mfsr(1, CYCLE), HALT]
    m = make_machine(prog)
    m.tvec = 1
    assert m.run(max_cycles=100) == "halt"
    assert m.regs[1] == 5


def test_cycle_is_low_32_bits():
    m = make_machine(mfsr(1, CYCLE), HALT)
    m.cycles = (1 << 32) + 7
    m.run(max_cycles=10)
    assert m.regs[1] == 7 and m.cycles == (1 << 32) + 9


def test_sr_dict_view():
    m = make_machine(HALT)
    assert m.sr_dict() == {"STATUS": 2, "EPC": 0, "CAUSE": 0, "TVAL": 0, "TVEC": 0, "BASE": 0,
                           "BOUND": 0, "TIMER": 0, "SCRATCH": 0, "CYCLE": 0, "IPEND": 0}


# ---------------------------------------------------------------- GETF / SETF
@pytest.mark.parametrize("status", [KMODE, KMODE | IE, KMODE | PIE | PKMODE, 0xF])
def test_getf_kernel_reads_status(status):
    m = make_machine(getf(1), HALT)
    m.status = status
    m.step_instruction()
    assert m.regs[1] == status and m.cycles == 1


@pytest.mark.parametrize("status", [0, IE, PIE, PKMODE, IE | PIE | PKMODE])
def test_getf_user_reads_the_real_status_without_trapping(status):
    m = make_machine(at={0x1000: [getf(1)]})
    put_user(m, 0x1000, 0x10, 0)
    m.status = status
    unit = m.step_instruction()
    assert unit.kind == "instr" and unit.cost == 1
    assert m.regs[1] == status
    assert m.trap_counts == {} and m.pc == 1 and m.instret == 1


def test_getf_into_r0_is_dropped():
    m, cost = one(getf(0))
    assert m.regs == [0] * 16 and cost == 1


@pytest.mark.parametrize("value,ie", [(0, 0), (1, 1), (2, 0), (3, 1), (MASK, 1), (0xFFFF_FFFE, 0)])
@pytest.mark.parametrize("others", [KMODE, KMODE | PIE, KMODE | PKMODE | PIE])
def test_setf_kernel_sets_only_ie(value, ie, others):
    for start_ie in (0, IE):
        m = make_machine(setf(1), HALT)
        m.status = others | start_ie
        m.regs[1] = value
        unit = m.step_instruction()
        assert unit.cost == 1
        assert m.status == others | ie


@pytest.mark.parametrize("status", [0, IE, PIE | PKMODE, IE | PIE])
@pytest.mark.parametrize("value", [0, 1, MASK])
def test_setf_user_does_nothing_and_does_not_trap(status, value):
    m = make_machine(at={0x1000: [setf(1), getf(2)]})
    put_user(m, 0x1000, 0x10, 0)
    m.status = status
    m.regs[1] = value
    before = m.get_state()
    unit = m.step_instruction()
    assert unit.kind == "instr" and unit.cost == 1
    after = m.get_state()
    assert after["status"] == status and m.trap_counts == {}
    assert after["regs"] == before["regs"]
    assert m.pc == 1 and m.cycles == 1 and m.instret == 1
    m.step_instruction()
    assert m.regs[2] == status


def test_setf_enables_interrupts_for_the_next_boundary():
    # a console byte is waiting; SETF 1 in kernel mode -> interrupt right after it
    m = make_machine(addi(1, 0, 1), setf(1), NOP, NOP, at={0x40: [HALT]})
    m.tvec = 0x40
    m.console.feed("k")
    assert m.run(max_cycles=100) == "halt"
    assert m.cause == 9 and m.epc == 2 and m.cycles == 1 + 1 + 4 + 1


def test_popek_goldberg_flaw_user_kernel_cannot_detect_setf_failure():
    # a "deprivileged kernel" in user mode: SETF 0 is silently ignored, GETF shows IE still 1
    m = make_machine(at={0x1000: [setf(0), getf(1), syscall()], 0x40: [HALT]})
    m.tvec = 0x40
    put_user(m, 0x1000, 0x10, 0, ie=True)
    assert m.run(max_cycles=100) == "halt"
    assert m.regs[1] == IE
    assert m.trap_counts == {SYSCALL: 1}
