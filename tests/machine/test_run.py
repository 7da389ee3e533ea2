"""Reset, HALT, stop reasons, cycle limits, breakpoints and instruction counting."""

from vmlab.isa import encode
from vmlab.machine import BREAKPOINT, CYCLE_LIMIT, HALT as HALT_REASON, STALLED, Machine

from .helpers import (HALT, KMODE, NOP, WFI, R, addi, branch, jmp, lw, make_machine, mfsr,
                      put_user, run_all_modes, syscall, CYCLE, TIMER, mtsr)


# ---------------------------------------------------------------- reset
def test_reset_state():
    m = Machine()
    assert m.regs == [0] * 16
    assert m.pc == 0 and m.status == KMODE and m.kernel_mode
    assert m.sr_dict() == {"STATUS": KMODE, "EPC": 0, "CAUSE": 0, "TVAL": 0, "TVEC": 0,
                           "BASE": 0, "BOUND": 0, "TIMER": 0, "SCRATCH": 0, "CYCLE": 0,
                           "IPEND": 0}
    assert m.cycles == 0 and m.instret == 0 and m.halted is None
    assert m.mem == [0] * 65_536


def test_load_sets_entry_point():
    m = Machine()
    m.load({100: encode(HALT)}, entry=100)
    assert m.pc == 100 and m.status == KMODE and m.cycles == 0
    assert m.run(max_cycles=10) == "halt" and m.pc == 101 and m.cycles == 1


def test_reset_after_running_restores_the_reset_state():
    m = make_machine(addi(1, 0, 5), mtsr(TIMER, 1), syscall(), at={0x20: [HALT]})
    m.tvec = 0x20
    assert m.run(max_cycles=100) == "halt"
    m.reset(entry=7)
    assert m.regs == [0] * 16 and m.pc == 7 and m.status == KMODE
    assert all(v == (KMODE if k == "STATUS" else 0) for k, v in m.sr_dict().items())
    assert m.cycles == 0 and m.instret == 0 and m.halted is None and m.inflight is None
    assert m.mem[0] == encode(addi(1, 0, 5))   # memory is not registers


# ---------------------------------------------------------------- HALT
def test_halt_completes_and_stops():
    m = run_all_modes(NOP, HALT, NOP)
    assert m.halted == "halt" and m.pc == 2 and m.cycles == 2 and m.instret == 2


def test_a_halted_machine_stays_stopped():
    m = make_machine(HALT, addi(1, 0, 1))
    assert m.run() == "halt"
    assert m.run(max_cycles=100) == "halt"
    assert m.step_cycle() is None and m.step_instruction() is None
    assert m.cycles == 1 and m.pc == 1 and m.regs[1] == 0


def test_stop_reason_constants():
    assert (HALT_REASON, STALLED, CYCLE_LIMIT, BREAKPOINT) == ("halt", "stalled", "cycle-limit",
                                                              "breakpoint")


# ---------------------------------------------------------------- cycle limits
def test_cycle_limit_stops_exactly_even_inside_an_instruction():
    m = make_machine(R("DIV", 1, 2, 2), HALT)
    m.regs[2] = 6
    assert m.run(max_cycles=5) == "cycle-limit"
    assert m.cycles == 5 and m.regs[1] == 0 and m.pc == 0 and m.instret == 0
    assert m.inflight is not None and m.inflight.cost == 8
    assert m.run(max_cycles=2) == "cycle-limit" and m.cycles == 7 and m.regs[1] == 0
    assert m.run(max_cycles=1) == "cycle-limit" and m.cycles == 8 and m.regs[1] == 1
    assert m.pc == 1 and m.instret == 1
    assert m.run() == "halt" and m.cycles == 9


def test_until_cycle_is_absolute():
    m = make_machine([addi(1, 1, 1)] * 20, HALT)
    assert m.run(until_cycle=7) == "cycle-limit" and m.cycles == 7 and m.regs[1] == 7
    assert m.run(until_cycle=7) == "cycle-limit" and m.cycles == 7
    assert m.run(until_cycle=3) == "cycle-limit" and m.cycles == 7
    assert m.run(until_cycle=100) == "halt" and m.cycles == 21


def test_zero_cycles_does_nothing():
    m = make_machine(HALT)
    assert m.run(max_cycles=0) == "cycle-limit" and m.cycles == 0 and m.halted is None


def test_step_cycle_reports_each_cycle_of_a_unit():
    m = make_machine(R("MUL", 1, 2, 2), HALT)
    m.regs[2] = 3
    reports = [m.step_cycle() for _ in range(3)]
    assert [(r.index, r.committed) for r in reports] == [(1, False), (2, False), (3, True)]
    assert all(r.unit.cost == 3 and r.unit.pc == 0 for r in reports)
    assert all(isinstance(r.phase, str) and r.phase for r in reports)
    assert m.regs[1] == 9


def test_step_instruction_finishes_the_unit_in_flight():
    m = make_machine(R("DIV", 1, 2, 2), HALT)
    m.regs[2] = 6
    m.step_cycle()
    m.step_cycle()
    unit = m.step_instruction()
    assert unit.cost == 8 and m.cycles == 8 and m.regs[1] == 1 and m.inflight is None


# ---------------------------------------------------------------- breakpoints
LOOP = [addi(1, 1, 1), addi(2, 2, 1), branch("BNE", 1, 3, -2), HALT]


def looping_machine():
    m = make_machine(LOOP)
    m.regs[3] = 5
    return m


def test_breakpoint_stops_before_the_instruction():
    m = looping_machine()
    m.set_breakpoints({1})
    assert m.run(max_cycles=1000) == "breakpoint"
    assert m.pc == 1 and m.regs[1] == 1 and m.regs[2] == 0 and m.cycles == 1


def test_resuming_from_a_breakpoint_does_not_report_it_again_at_once():
    m = looping_machine()
    m.set_breakpoints({1})
    stops = []
    while (reason := m.run(max_cycles=1000)) == "breakpoint":
        stops.append((m.pc, m.regs[1], m.cycles))
    assert reason == "halt"
    # the loop passes address 1 five times: each is reported once
    assert stops == [(1, i, 1 + 4 * (i - 1)) for i in range(1, 6)]


def test_breakpoint_at_the_entry_is_not_reported_by_the_first_run():
    m = make_machine(NOP, HALT)
    m.set_breakpoints({0})
    assert m.run(max_cycles=100) == "halt"


def test_breakpoint_on_halt():
    m = make_machine(NOP, NOP, HALT)
    m.set_breakpoints({2})
    assert m.run(max_cycles=100) == "breakpoint" and m.pc == 2 and m.halted is None
    assert m.run(max_cycles=100) == "halt" and m.pc == 3


def test_breakpoints_are_physical_addresses():
    # user code at BASE 0x1000: a breakpoint at virtual 2 is set as physical 0x1002
    user = [addi(1, 1, 1)] * 5 + [syscall()]
    m = make_machine(at={0x1000: user, 0x40: [HALT]})
    m.tvec = 0x40
    put_user(m, 0x1000, 0x20, 0)
    m.set_breakpoints({2})          # physical 2: not this code
    assert m.run(max_cycles=100) == "halt"
    m = make_machine(at={0x1000: user, 0x40: [HALT]})
    m.tvec = 0x40
    put_user(m, 0x1000, 0x20, 0)
    m.set_breakpoints({0x1002})
    assert m.run(max_cycles=100) == "breakpoint"
    assert m.pc == 2 and m.regs[1] == 2 and not m.kernel_mode


def test_breakpoint_at_trap_vector():
    m = make_machine(NOP, syscall(3), at={0x40: [HALT]})
    m.tvec = 0x40
    m.set_breakpoints({0x40})
    assert m.run(max_cycles=100) == "breakpoint"
    assert m.pc == 0x40 and m.cycles == 1 + 5 and m.tval == 3


def test_breakpoint_set_while_stopped_is_honoured():
    m = make_machine(LOOP)
    m.regs[3] = 50
    assert m.run(max_cycles=40) == "cycle-limit"      # the loop is warm in the fast path
    m.set_breakpoints({2})
    assert m.run(max_cycles=1000) == "breakpoint" and m.pc == 2


def test_breakpoint_added_to_the_set_while_stopped_is_honoured():
    m = make_machine(LOOP)
    m.regs[3] = 50
    assert m.run(max_cycles=40) == "cycle-limit"
    m.breakpoints.add(2)
    assert m.run(max_cycles=1000) == "breakpoint" and m.pc == 2
    m.breakpoints.discard(2)
    assert m.run(max_cycles=10_000) == "halt"


def test_breakpoint_removed_is_no_longer_reported():
    m = looping_machine()
    m.set_breakpoints({1})
    assert m.run(max_cycles=1000) == "breakpoint"
    m.set_breakpoints(set())
    assert m.run(max_cycles=1000) == "halt" and m.regs[1] == 5


def test_cycle_limit_before_breakpoint():
    m = make_machine([NOP] * 10, HALT)
    m.set_breakpoints({8})
    assert m.run(max_cycles=5) == "cycle-limit" and m.pc == 5
    assert m.run(max_cycles=50) == "breakpoint" and m.pc == 8


# ---------------------------------------------------------------- instruction count
def test_instruction_count_includes_trapping_words_but_not_fetch_faults_or_interrupts():
    prog = [NOP, syscall(), R("DIV", 1, 1, 0), 0xFFFF_FFFF, lw(1, 0, 4), jmp(70_000)]
    handler = [mfsr(5, 1), addi(5, 5, 1), mtsr(1, 5), 0x32 << 26]   # EPC += 1; ERET
    m = make_machine(prog, at={0x100: handler})
    m.tvec = 0x100
    m.regs[4] = 0x2_0000
    m.console.feed("i")
    # NOP, SYSCALL(+4 handler), DIV(+4), illegal(+4), LW bounds(+4), JMP, fetch fault
    m.run_until(lambda m: m.trap_counts.get(3, 0) == 2, 10_000)
    assert m.instret == 1 + 5 + 5 + 5 + 5 + 1
    assert m.summary()["instructions"] == m.instret


def test_interrupt_is_not_an_instruction():
    m = make_machine(NOP, at={0x40: [HALT]})
    m.tvec, m.status = 0x40, 3
    m.console.feed("i")
    m.run(max_cycles=100)
    assert m.instret == 1 and m.cycles == 5


def test_wfi_counts_once_however_long_it_idles():
    m = run_all_modes(addi(1, 0, 100), mtsr(TIMER, 1), WFI, mfsr(2, CYCLE), HALT)
    assert m.instret == 5 and m.regs[2] == 102 and m.cycles == 104


def test_stalled_machine_counts_the_wfi():
    m = run_all_modes(WFI, expect="stalled")
    assert m.instret == 1 and m.cycles == 1 and m.pc == 1


def test_cycle_limit_landing_on_a_breakpoint_resumes_past_it():
    # run() does not report a breakpoint at the pc it resumes from
    m = make_machine([NOP] * 10, HALT)
    m.set_breakpoints({4})
    assert m.run(max_cycles=4) == "cycle-limit" and m.pc == 4
    assert m.run(max_cycles=100) == "halt" and m.cycles == 11


def test_step_instruction_and_step_cycle_ignore_breakpoints():
    m = make_machine(NOP, NOP, HALT)
    m.set_breakpoints({1})
    m.step_instruction()
    m.step_cycle()
    assert m.pc == 2 and m.cycles == 2


def test_state_survives_a_json_round_trip_mid_instruction():
    import json
    prog = [addi(1, 0, 9), mtsr(TIMER, 1), R("DIV", 2, 1, 1), syscall(4), WFI, HALT]
    a = make_machine(prog, at={0x30: [mfsr(5, 1), addi(5, 5, 1), mtsr(1, 5), 0x32 << 26]})
    a.tvec = 0x30
    a.console.feed("s")
    a.run(until_cycle=6)                     # inside the DIV
    assert a.inflight is not None
    b = Machine()
    b.set_state(json.loads(json.dumps(a.get_state())))
    assert b.get_state() == a.get_state()
    assert a.run(max_cycles=200) == b.run(max_cycles=200) == "halt"
    assert a.get_state() == b.get_state()
    assert b.regs[2] == 1 and b.tval == 4
