"""The countdown timer, interrupts and WFI, to the cycle (VL32.md, Traps and interrupts)."""

import pytest

from vmlab.isa import Instruction

from .helpers import (CAUSE, SCRATCH, CAUSE_CONSOLE, CAUSE_TIMER, CONSOLE_IN, CYCLE, EPC, ERET, HALT, IE,
                      IPEND, IPEND_CONSOLE, IPEND_TIMER, KMODE, NOP, PIE, PKMODE, STATUS,
                      SYSCALL, TIMER, WFI, R, addi, in_, li, lw, make_machine, mfsr, mtsr,
                      run_all_modes, setf, syscall)

H = 0x100


def timer_program(n, body, *, ie=True, handler=(HALT,), setup=None, expect="halt",
                  max_cycles=10_000):
    """0: r1 = n (1 cycle)  1: MTSR TIMER, r1 (ends at cycle 2)  2..: body.

    IE and TVEC are set host-side so the arithmetic starts at cycle 0.
    """
    def prepare(m):
        m.tvec = H
        if ie:
            m.status = KMODE | IE
        if setup:
            setup(m)
    return run_all_modes(addi(1, 0, n), mtsr(TIMER, 1), body, at={H: list(handler)},
                         setup=prepare, expect=expect, max_cycles=max_cycles)


# ---------------------------------------------------------------- when the interrupt comes
@pytest.mark.parametrize("n", [1, 2, 3, 5, 10, 37])
def test_interrupt_taken_exactly_n_cycles_after_mtsr(n):
    # MTSR ends at cycle 2; the timer is 0 at cycle 2 + n; NOPs are 1 cycle each, so the
    # interrupt is taken at the boundary 2 + n, before the NOP at address 2 + n.
    m = timer_program(n, [NOP] * 60)
    assert m.cause == CAUSE_TIMER and m.tval == 0
    assert m.epc == 2 + n
    assert m.cycles == 2 + n + 4 + 1          # entry 4, HALT 1
    assert m.instret == 2 + n + 1
    assert m.status == KMODE | PIE | PKMODE


@pytest.mark.parametrize("n", [1, 2, 5])
def test_no_interrupt_one_cycle_early(n):
    m = make_machine(addi(1, 0, n), mtsr(TIMER, 1), [NOP] * 10)
    m.status, m.tvec = KMODE | IE, H
    m.run(until_cycle=2 + n - 1)
    assert m.timer == 1 and m.ipend == 0 and m.pc == 2 + n - 1
    m.run(until_cycle=2 + n)
    assert m.timer == 0 and m.ipend == IPEND_TIMER and m.pc == 2 + n
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and m.epc == 2 + n


def test_mtsr_timer_then_mfsr_timer_sees_the_ticked_value():
    m = run_all_modes(addi(1, 0, 10), mtsr(TIMER, 1), mfsr(2, TIMER), mfsr(3, TIMER),
                      R("MUL", 0, 0, 0), mfsr(4, TIMER), HALT)
    assert (m.regs[2], m.regs[3], m.regs[4]) == (9, 8, 4)


def test_timer_reads_zero_when_disarmed_and_after_expiry():
    m = run_all_modes(mfsr(2, TIMER), addi(1, 0, 1), mtsr(TIMER, 1), NOP, NOP, mfsr(3, TIMER),
                      mfsr(4, IPEND), HALT)
    assert m.regs[2] == 0 and m.regs[3] == 0 and m.regs[4] == IPEND_TIMER


def test_timer_full_32_bit_value():
    m = run_all_modes(li(1, 0xFFFF_FFFF), mtsr(TIMER, 1), mfsr(2, TIMER), HALT)
    assert m.regs[2] == 0xFFFF_FFFE


def test_ipend_timer_set_exactly_at_n_with_ie_off():
    # MTSR TIMER, 3 ends at 2: IPEND reads (after the tick) 0 at cycles 3, 4 and 1 at 5
    m = run_all_modes(addi(1, 0, 3), mtsr(TIMER, 1), mfsr(2, IPEND), mfsr(3, IPEND),
                      mfsr(4, IPEND), mfsr(5, IPEND), HALT)
    assert [m.regs[i] for i in (2, 3, 4, 5)] == [0, 0, IPEND_TIMER, IPEND_TIMER]
    assert m.cause == 0  # IE = 0: never taken


# ---------------------------------------------------------------- multi-cycle instructions
@pytest.mark.parametrize("n,epc,taken_at", [
    (1, 3, 5), (2, 3, 5), (3, 3, 5), (4, 4, 8), (6, 4, 8),
])
def test_interrupt_during_mul_is_taken_after_it(n, epc, taken_at):
    # MULs at 2, 3, 4, ... run cycles 2-5, 5-8, 8-11: boundaries 2, 5, 8, 11
    m = timer_program(n, [R("MUL", 3, 1, 1)] * 10)
    assert m.epc == epc and m.cause == CAUSE_TIMER
    assert m.cycles == taken_at + 4 + 1


@pytest.mark.parametrize("n,epc,taken_at", [(1, 3, 10), (8, 3, 10), (9, 4, 18)])
def test_interrupt_during_div_is_taken_after_it(n, epc, taken_at):
    m = timer_program(n, [R("DIV", 3, 1, 1)] * 10)
    assert m.epc == epc and m.cycles == taken_at + 4 + 1


@pytest.mark.parametrize("n,epc,taken_at", [(1, 3, 4), (2, 3, 4), (3, 4, 6)])
def test_interrupt_during_lw_is_taken_after_it(n, epc, taken_at):
    m = timer_program(n, [lw(3, 0, 0)] * 10)
    assert m.epc == epc and m.cycles == taken_at + 4 + 1


def test_timer_ticks_during_mul_div_lw():
    m = run_all_modes(addi(1, 0, 100), mtsr(TIMER, 1), R("MUL", 2, 1, 1), mfsr(3, TIMER),
                      R("DIV", 2, 1, 1), mfsr(4, TIMER), lw(2, 0, 0), mfsr(5, TIMER), HALT)
    assert m.regs[3] == 100 - 3 - 1
    assert m.regs[4] == 100 - 3 - 1 - 8 - 1
    assert m.regs[5] == 100 - 3 - 1 - 8 - 1 - 2 - 1


def test_step_cycle_shows_the_timer_ticking_inside_a_div():
    m = make_machine(addi(1, 0, 20), mtsr(TIMER, 1), R("DIV", 2, 1, 1), HALT)
    m.run(until_cycle=2)
    for i in range(1, 9):
        report = m.step_cycle()
        assert report.index == i and report.committed == (i == 8)
        assert m.timer == 20 - i
        assert m.regs[2] == (1 if i == 8 else 0)


# ---------------------------------------------------------------- trap entry and WFI idle
def test_timer_ticks_during_trap_entry():
    # MTSR TIMER, 10 ends at 2; SYSCALL + entry runs 2..7; the handler's MFSR ends at 8
    m = timer_program(10, [syscall(1)], ie=False,
                      handler=[mfsr(2, TIMER), mfsr(3, IPEND), HALT])
    assert m.regs[2] == 10 - 6 and m.regs[3] == 0


def test_timer_expiring_during_trap_entry_stays_pending():
    # timer 0 at cycle 5, inside the SYSCALL's entry; IE is 0 in the handler: not taken
    m = timer_program(3, [syscall(1)], ie=True,
                      handler=[mfsr(2, TIMER), mfsr(3, IPEND), mfsr(4, CAUSE), HALT])
    assert m.regs[2] == 0 and m.regs[3] == IPEND_TIMER and m.regs[4] == SYSCALL
    assert m.trap_counts == {SYSCALL: 1}


def test_pending_timer_taken_right_after_eret_restores_ie():
    # SYSCALL from kernel with IE = 1; timer expires in the handler; ERET (IE = PIE = 1)
    # -> the timer interrupt is taken at once, with EPC = the ERET's target
    handler = [mfsr(5, EPC), addi(5, 5, 1), mtsr(EPC, 5), ERET]
    prog = [addi(1, 0, 4), mtsr(TIMER, 1), syscall(), NOP, NOP]
    m = make_machine(prog, at={H: handler, 0x200: [HALT]})
    m.tvec, m.status = H, KMODE | IE
    assert m.run(until_cycle=2 + 5 + 5) == "cycle-limit"   # handler done: ERET ends at 12
    assert m.pc == 3 and m.status == KMODE | IE | PIE | PKMODE and m.ipend == IPEND_TIMER
    m.tvec = 0x200
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and m.cause == CAUSE_TIMER and m.epc == 3
    assert m.cycles == 12 + 4


@pytest.mark.parametrize("n", [1, 2, 7, 50])
def test_wfi_idles_until_the_timer_with_ie_off(n):
    # WFI at 2 starts at cycle 2; the timer is 0 at 2 + n; the WFI ends then
    m = timer_program(n, [WFI, mfsr(2, CYCLE), mfsr(3, IPEND), HALT], ie=False)
    assert m.regs[2] == 2 + n
    assert m.regs[3] == IPEND_TIMER
    assert m.cause == 0 and m.trap_counts == {}
    assert m.instret == 2 + 4
    assert m.cycles == 2 + n + 3


@pytest.mark.parametrize("n", [1, 3, 50])
def test_wfi_with_ie_on_takes_the_interrupt_after_it(n):
    m = timer_program(n, [WFI, NOP, HALT], ie=True)
    assert m.cause == CAUSE_TIMER and m.epc == 3
    assert m.cycles == 2 + n + 4 + 1


def test_wfi_is_one_cycle_when_the_timer_is_already_pending():
    m = timer_program(1, [NOP, NOP, WFI, mfsr(2, CYCLE), HALT], ie=False)
    assert m.regs[2] == 5


def test_wfi_idle_cycles_are_one_unit_for_step_cycle():
    m = make_machine(addi(1, 0, 6), mtsr(TIMER, 1), WFI, HALT)
    m.run(until_cycle=2)
    reports = [m.step_cycle() for _ in range(6)]
    assert [r.index for r in reports] == [1, 2, 3, 4, 5, 6]
    assert [r.committed for r in reports] == [False] * 5 + [True]
    assert all(r.unit.kind == "wfi" and r.unit.cost == 6 for r in reports)
    assert m.pc == 3 and m.instret == 3 and m.cycles == 8


def test_wfi_with_a_huge_timer_can_be_stepped_by_cycles():
    m = make_machine(li(1, 0xFFFF_FFFF), mtsr(TIMER, 1), WFI, HALT)
    m.run(until_cycle=3)
    for _ in range(3):
        report = m.step_cycle()
    assert report.index == 3 and not report.committed and report.unit.cost == 0xFFFF_FFFF
    assert m.timer == 0xFFFF_FFFF - 3
    assert m.run(max_cycles=1000) == "cycle-limit" and m.cycles == 1006 and m.pc == 3


def test_wfi_stalls_when_nothing_can_wake_it():
    m = run_all_modes(NOP, WFI, HALT, expect="stalled")
    assert m.halted == "stalled"
    assert m.pc == 2 and m.cycles == 2 and m.instret == 2
    assert m.run(max_cycles=100) == "stalled" and m.cycles == 2
    assert m.step_cycle() is None and m.step_instruction() is None


def test_wfi_stalls_with_ie_on_too():
    m = run_all_modes(WFI, HALT, expect="stalled", setup=lambda m: setattr(m, "status", KMODE | IE))
    assert m.pc == 1 and m.cycles == 1


def test_wfi_stalls_after_the_timer_is_disarmed():
    m = run_all_modes(addi(1, 0, 5), mtsr(TIMER, 1), mtsr(TIMER, 0), WFI, HALT,
                      expect="stalled")
    assert m.pc == 4 and m.cycles == 4


def test_wfi_with_console_input_wakes_at_once_with_ie_off():
    m = run_all_modes(WFI, mfsr(1, CYCLE), HALT, setup=lambda m: m.console.feed("a"))
    assert m.regs[1] == 1 and m.trap_counts == {}


# ---------------------------------------------------------------- acknowledging
def test_taking_the_interrupt_does_not_clear_ipend_timer():
    handler = [mfsr(2, IPEND), mfsr(3, TIMER), HALT]
    m = timer_program(3, [NOP] * 10, handler=handler)
    assert m.regs[2] == IPEND_TIMER and m.regs[3] == 0


def test_unacknowledged_timer_interrupts_again_at_once():
    # handler returns with ERET without writing TIMER: the interrupt repeats, same EPC
    m = make_machine(addi(1, 0, 2), mtsr(TIMER, 1), [NOP] * 10,
                     at={H: [mfsr(2, SCRATCH), addi(2, 2, 1), mtsr(SCRATCH, 2), ERET]})
    m.tvec, m.status = H, KMODE | IE
    m.run(max_cycles=4 + 3 * (4 + 5))
    assert m.scratch == 3 and m.epc == 4 and m.trap_counts == {CAUSE_TIMER: 3}


def test_writing_timer_clears_the_pending_bit():
    prog = [addi(1, 0, 1), mtsr(TIMER, 1), NOP, mfsr(2, IPEND),       # pending
            addi(1, 0, 5), mtsr(TIMER, 1), mfsr(3, IPEND), mfsr(4, TIMER),  # re-armed
            mtsr(TIMER, 0), mfsr(5, IPEND), mfsr(6, TIMER), HALT]          # disarmed
    m = run_all_modes(prog)
    assert m.regs[2] == IPEND_TIMER
    assert m.regs[3] == 0 and m.regs[4] == 3
    assert m.regs[5] == 0 and m.regs[6] == 0


def test_writing_the_same_value_again_restarts_the_countdown():
    prog = [addi(1, 0, 3), mtsr(TIMER, 1), NOP, mtsr(TIMER, 1), mfsr(2, TIMER), HALT]
    m = run_all_modes(prog)
    assert m.regs[2] == 2


def test_ie_off_leaves_the_timer_pending_until_setf():
    # timer expires at 3; IE is 0; SETF 1 at address 6 ends at cycle 7 -> interrupt, EPC 7
    prog = [addi(1, 0, 1), mtsr(TIMER, 1), NOP, NOP, NOP, addi(2, 0, 1), setf(2), NOP, NOP]
    m = make_machine(prog, at={H: [HALT]})
    m.tvec = H
    m.run(until_cycle=6)
    assert m.ipend == IPEND_TIMER and m.trap_counts == {}
    assert m.run(max_cycles=100) == "halt"
    assert m.cause == CAUSE_TIMER and m.epc == 7 and m.cycles == 7 + 4 + 1


def test_timer_handler_round_trip_with_periodic_ticks():
    # handler: count ticks in r7, re-arm TIMER = 20, ERET; main loop spins; stop after 5 ticks
    handler = [addi(7, 7, 1), addi(6, 0, 20), mtsr(TIMER, 6), addi(6, 0, 5),
               Instruction("BEQ", 6, 7, 0, 2), ERET, HALT]
    prog = [addi(1, 0, 20), mtsr(TIMER, 1), addi(2, 2, 1), Instruction("BEQ", 0, 0, 0, -1)]
    m = run_all_modes(prog, at={H: handler},
                      setup=lambda m: (setattr(m, "tvec", H), setattr(m, "status", KMODE | IE)))
    assert m.regs[7] == 5
    assert m.trap_counts == {CAUSE_TIMER: 5}


# ---------------------------------------------------------------- priority
def test_timer_has_priority_over_console():
    # console input is waiting and the timer expires while IE = 0; then SETF 1
    handler = [mfsr(2, CAUSE), mfsr(3, IPEND), HALT]
    prog = [addi(1, 0, 1), mtsr(TIMER, 1), NOP, addi(4, 0, 1), setf(4), NOP]
    m = run_all_modes(prog, at={H: handler},
                      setup=lambda m: (setattr(m, "tvec", H), m.console.feed("c")))
    assert m.regs[2] == CAUSE_TIMER
    assert m.regs[3] == IPEND_TIMER | IPEND_CONSOLE


def test_console_interrupt_follows_once_the_timer_is_acknowledged():
    handler = [mfsr(2, CAUSE), mtsr(TIMER, 0), in_(3, CONSOLE_IN), mfsr(4, CAUSE), ERET]
    m = make_machine(addi(1, 0, 1), mtsr(TIMER, 1), [NOP] * 20, at={H: handler})
    m.tvec = H
    m.console.feed("z")
    m.status = KMODE
    m.run(until_cycle=3)
    assert m.ipend == IPEND_TIMER | IPEND_CONSOLE
    m.status = KMODE | IE
    u = m.step_instruction()
    assert u.cause == CAUSE_TIMER
    m.run(until_cycle=m.cycles + 3)     # handler: read CAUSE, ack timer
    assert m.ipend == IPEND_CONSOLE
    m.step_instruction()                # IN drains the console
    m.step_instruction()
    m.step_instruction()                # ERET
    assert m.ipend == 0 and m.regs[3] == ord("z") and m.status & IE
    assert m.trap_counts == {CAUSE_TIMER: 1}


def test_console_then_timer_when_console_alone_is_pending():
    m = make_machine([NOP] * 4, at={H: [HALT]})
    m.tvec, m.status = H, KMODE | IE
    m.console.feed("x")
    m.write_sr(TIMER, 50)
    assert m.run(max_cycles=100) == "halt"
    assert m.cause == CAUSE_CONSOLE


def test_ipend_disk_bit_is_zero_without_a_disk():
    m = run_all_modes(addi(1, 0, 1), mtsr(TIMER, 1), NOP, mfsr(2, IPEND), HALT,
                      setup=lambda m: m.console.feed("d"))
    assert m.regs[2] == IPEND_TIMER | IPEND_CONSOLE


def test_timer_status_bits_after_interrupt_from_user():
    m = make_machine(at={0x1000: [NOP] * 8, H: [mfsr(2, STATUS), HALT]})
    m.tvec, m.base, m.bound, m.pc = H, 0x1000, 0x10, 0
    m.status = IE
    m.write_sr(TIMER, 3)
    assert m.run(max_cycles=100) == "halt"
    assert m.regs[2] == KMODE | PIE and m.epc == 3


# ---------------------------------------------------------------- input typed during a WFI
def wfi_waiting(ie=False):
    m = make_machine(addi(1, 0, 1000), mtsr(TIMER, 1), WFI, mfsr(2, CYCLE), HALT,
                     at={H: [mfsr(3, CAUSE), mfsr(4, EPC), mfsr(5, CYCLE), HALT]})
    m.tvec = H
    if ie:
        m.status = KMODE | IE
    return m


@pytest.mark.parametrize("mode", ["run", "cycle", "instr"])
def test_console_input_fed_during_a_wfi_wakes_it_on_the_next_cycle(mode):
    m = wfi_waiting()
    if mode == "cycle":
        for _ in range(10):
            m.step_cycle()
    else:
        m.run(until_cycle=10)
    assert m.inflight is not None and m.inflight.kind == "wfi" and m.cycles == 10
    m.console.feed("a")
    if mode == "cycle":
        while m.step_cycle() is not None:
            pass
    elif mode == "instr":
        assert m.step_instruction().cost == 9       # the WFI ran cycles 2..11
        assert m.cycles == 11
        m.run(max_cycles=100)
    else:
        assert m.run(max_cycles=100) == "halt"
    assert m.halted == "halt"
    assert m.regs[2] == 11                          # the WFI ended on cycle 11
    assert m.timer == 1000 - (m.cycles - 2)          # still armed
    assert m.instret == 5


def test_console_input_fed_during_a_wfi_with_ie_interrupts_after_it():
    m = wfi_waiting(ie=True)
    m.run(until_cycle=50)
    m.console.feed("b")
    assert m.run(max_cycles=100) == "halt"
    # WFI ends at 51, entry 51..55, then two MFSRs: CYCLE reads 57
    assert (m.regs[3], m.regs[4], m.regs[5]) == (CAUSE_CONSOLE, 3, 57)


def test_rearming_in_the_cycle_the_timer_expires_prevents_the_interrupt():
    # MTSR TIMER, 2 ends at cycle 2 -> 0 at cycle 4.  The second MTSR (TIMER, 5) ends at
    # cycle 4 too: the tick sets IPEND, then the write clears it; next expiry at 9.
    prog = [addi(1, 0, 2), mtsr(TIMER, 1), addi(1, 0, 5), mtsr(TIMER, 1), mfsr(2, IPEND),
            mfsr(3, TIMER), NOP, NOP, NOP, NOP, NOP]
    m = make_machine(prog, at={H: [mfsr(4, CYCLE), HALT]})
    m.tvec, m.status = H, KMODE | IE
    assert m.run(max_cycles=100) == "halt"
    assert m.regs[2] == 0 and m.regs[3] == 3
    assert m.epc == 9 and m.regs[4] == 9 + 4
