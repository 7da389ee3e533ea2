"""Events are immutable; an exit in progress is VMM state; one cursor reads them all."""

from __future__ import annotations

import dataclasses
import json

import pytest

from vmlab.observe.events import ConsoleOutput, EventLog, VmExit
from vmlab.observe.vocabulary import ExitAction, GuestState, VmmStep, guest_state
from vmlab.scenario import load_scenario
from vmlab.session import Session, restarted


def test_logged_events_cannot_change():
    session = Session(load_scenario("two-guests"))
    session.run(until_cycle=20_000)
    event = next(e for e in session.trap_events() if e.action == "emulate")
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.action = "crash"
    with pytest.raises(dataclasses.FrozenInstanceError):
        event.cost += 1
    assert isinstance(event.steps, tuple)


def test_a_reserved_number_is_filled_in_its_place_and_the_bound_holds():
    log = EventLog(maxlen=4)
    log.add(ConsoleOutput, 0, None, text="a")
    seq = log.reserve()
    with pytest.raises(RuntimeError):
        log.reserve()
    for i in range(2):
        log.add(ConsoleOutput, i, None, text="b")
    assert log.settled == seq and log.seq == seq + 3
    assert [e.seq for e in log.since(0, log.settled)] == [0]
    log.add(ConsoleOutput, 3, None, text="c")            # full now: 0, 2, 3, 4
    log.fill(VmExit(seq, 1, "g"))
    assert [e.seq for e in log] == [1, 2, 3, 4] and log.settled == log.seq == 5


def test_the_cursor_reads_each_final_event_once_and_restarts_after_travel():
    session = Session(load_scenario("two-guests"))
    feed = session.events
    seen, cursor = [], None
    for _ in range(40):
        session.run(max_cycles=997)                     # stops anywhere, inside VMM work too
        old = cursor
        events, cursor = feed.read(cursor)
        assert not restarted(old, cursor) or old is None
        seen += events
        current = feed.exit_in_progress()
        if current is not None:                          # not final: not read yet
            assert current.seq >= cursor.seq
    assert [e.seq for e in seen] == list(range(len(seen)))
    assert [e.to_dict() for e in seen] == [e.to_dict() for e in session.log.since(0, cursor.seq)]
    session.travel_to(session.cycle // 2)
    old = cursor
    events, cursor = feed.read(cursor)
    assert restarted(old, cursor)                        # the past was rewritten: start again
    assert events and events[-1].seq < old.seq
    assert [e.to_dict() for e in events] == [e.to_dict() for e in seen[:len(events)]]


def test_the_exit_in_progress_is_shown_step_by_step_and_logged_when_handled():
    session = Session(load_scenario("two-guests"))
    assert session.run_to_next_trap() == "trap"
    current = session.exit_in_progress()
    assert current is not None and current is session.trap_events()[-1]
    assert [k for k, _ in current.steps] == [VmmStep.TRAP_ENTRY] and current.after is None
    assert current is session.exit_in_progress()         # the same view until it changes
    assert current.seq not in [e.seq for e in session.log]
    session.step_instruction()                           # through the VMM's work to the entry
    assert session.exit_in_progress() is None
    logged = next(e for e in session.log if e.seq == current.seq)
    assert logged.steps[0] == current.steps[0] and logged.steps[-1][0] == VmmStep.ENTRY
    assert logged.after is not None and logged.cost == sum(c for _, c in logged.steps)


def test_vocabularies_are_the_same_strings_everywhere():
    assert GuestState.HALTED == "halted" and json.dumps(GuestState.HALTED) == '"halted"'
    assert f"{VmmStep.ENTRY}" == "entry" and str(ExitAction.ROUTE_INPUT) == "route-input"
    assert guest_state("halt") is GuestState.HALTED     # the bare machine's stop reason
    assert guest_state(None) is GuestState.RUNNING and guest_state("stalled") == "stalled"
    native = Session(load_scenario("native-alpha"))
    native.run()
    assert native.guest("alpha").state is GuestState.HALTED
    assert native.summary()["guests"]["alpha"]["state"] == "halted"
