"""Stepping modes agree, step semantics, breakpoints, next trap."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.session import Session

from ..vmm.helpers import shipped


@pytest.mark.parametrize("name", ["native-alpha", "two-guests"])
def test_cycle_steps_equal_one_run(name):
    by_cycle = Session(shipped(name, quantum=150))
    by_run = Session(shipped(name, quantum=150))
    for target in (1, 5, 60, 333, 1200, 2600):
        while by_cycle.cycle < target:
            by_cycle.step_cycle()
        by_run.run(until_cycle=target)
        assert by_cycle.cycle == by_run.cycle == target
        assert by_cycle.state_hash() == by_run.state_hash()


@settings(max_examples=10)
@given(st.lists(st.integers(1, 900), min_size=1, max_size=12))
def test_any_slicing_reaches_the_same_state(slices):
    sliced = Session(shipped("two-guests", quantum=200))
    for n in slices:
        sliced.run(n)
    whole = Session(shipped("two-guests", quantum=200))
    whole.run(until_cycle=sliced.cycle)
    assert sliced.state_hash() == whole.state_hash()


def test_step_instruction_native_advances_one_instruction():
    session = Session(shipped("native-alpha"))
    before = session.machine.instret
    session.step_instruction()
    assert session.machine.instret == before + 1
    assert session.machine.inflight is None


def test_step_instruction_under_the_vmm_ends_at_a_guest_instruction():
    session = Session(shipped("two-guests"))
    # Boot: the VMM first enters alpha (20 cycles of VM entry).
    session.step_instruction()
    assert session.running_guest == "alpha"
    for _ in range(200):
        session.step_instruction()
        assert session.running_guest is not None or session.halted
        assert session.machine.inflight is None


def test_step_cycle_in_the_middle_of_an_instruction_reports_it_in_flight():
    session = Session(shipped("native-alpha"))
    # boot: la sp (LUI, ORI), la r1 (LUI, ORI), mtsr TVEC, la r1, call kputs ...
    while session.machine.plan().cost < 2:
        session.step_instruction()
    unit = session.machine.plan()
    session.step_cycle()
    assert session.machine.inflight == unit
    session.step_cycle()
    assert session.machine.inflight is None


def test_next_trap_stops_on_the_first_trap_native():
    session = Session(shipped("native-alpha"))
    assert session.run_to_next_trap() == "trap"
    first = session.trap_events()[0]
    assert first.cycle == session.cycle
    assert session.machine.pc == session.machine.tvec


def test_next_trap_stops_on_the_first_vm_exit():
    session = Session(shipped("two-guests"))
    assert session.run_to_next_trap() == "trap"
    exits = session.trap_events()
    assert len(exits) == 1 and exits[0].cycle == session.cycle
    assert exits[0].guest == "alpha"
    assert exits[0].instruction.startswith("mtsr")     # la sp, la r1, then mtsr TVEC


def test_breakpoint_by_label_stops_each_guest_there():
    session = Session(shipped("two-guests"))
    session.set_breakpoint("alpha", "schedule")
    assert session.run() == "breakpoint"
    alpha = session.vmm.by_name["alpha"]
    program = alpha.spec.program
    assert session.running_guest == "alpha"
    assert session.machine.pc == program.labels["schedule"]
    assert session.run() == "breakpoint"          # resumes, then stops there again
    session.set_breakpoint("alpha", "schedule", on=False)
    session.set_breakpoint("beta", "clock_tick")
    assert session.run() == "breakpoint"
    assert session.running_guest == "beta"


def test_breakpoint_native():
    session = Session(shipped("native-beta"))
    address = session.set_breakpoint("beta", "clock_tick")
    assert session.run() == "breakpoint"
    assert session.machine.pc == address


def test_unknown_label_is_a_clear_error():
    session = Session(shipped("native-alpha"))
    with pytest.raises(KeyError, match="no label 'nowhere'"):
        session.set_breakpoint("alpha", "nowhere")
