"""Events logged as rows (EventLog.record_row, the VMM's hot path) are built when the log
is first read: a reader sees the very events, numbers and order as if built at once."""

from hypothesis import given, settings, strategies as st

from vmlab.observe.events import ConsoleOutput, Emulation, EventLog, VmExit
from vmlab.scenario import load_scenario
from vmlab.session import Session

NO_CHECKPOINTS = 1 << 60


def _console(log, cycle, text):
    log.record_row((ConsoleOutput, log.seq, cycle, "g", text))


def test_a_row_reads_back_as_its_event_once_built():
    log = EventLog()
    log.add(ConsoleOutput, 0, "g", text="a")
    _console(log, 1, "b")
    assert len(log) == 2
    first = log.events[1]
    assert first == ConsoleOutput(1, 1, "g", "b") and type(first) is ConsoleOutput
    assert log.events[1] is first                 # built once: the same object read again
    assert [e.text for e in log] == ["a", "b"] and [e.seq for e in log.since(1)] == [1]


def test_a_row_with_the_wrong_number_is_refused():
    log = EventLog()
    log.add(ConsoleOutput, 0, "g", text="a")
    try:
        log.record_row((ConsoleOutput, 0, 1, "g", "b"))
    except ValueError as error:
        assert "numbered 0" in str(error)
    else:
        raise AssertionError("a row numbered 0 at 1 was accepted")


def test_a_reserved_exit_is_filled_in_before_the_rows_logged_after_it():
    log = EventLog()
    seq = log.reserve()
    _console(log, 1, "x")
    log.record_row((Emulation, log.seq, 2, "g", 0, 0, b"", b"", 3))
    exit_event = VmExit(seq, 0, "g", 0, None, "OUT", 0, "kernel", "emulate", (), 0, b"", b"")
    log.fill(exit_event)
    assert [e.seq for e in log] == [0, 1, 2] and log.events[0] is exit_event


def test_stepping_back_drops_rows_not_built_yet():
    log = EventLog()
    for i in range(4):
        _console(log, i, str(i))
    log.truncate(2)
    _console(log, 9, "new")
    assert [(e.seq, e.text) for e in log] == [(0, "0"), (1, "1"), (2, "new")]


def test_a_bounded_log_lets_the_oldest_rows_fall_out():
    log = EventLog(maxlen=3)
    for i in range(5):
        _console(log, i, str(i))
    assert log.first_seq == 2 and log.lost_since(0) == 2
    assert [e.text for e in log.since(0)] == ["2", "3", "4"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["add", "row", "reserve", "fill", "read", "truncate"]),
                max_size=40), st.integers(2, 8))
def test_rows_and_events_read_the_same_as_events_built_at_once(ops, maxlen):
    """Any mix of adds, rows, reservations, reads and truncations: the log reads exactly
    as a log given the built events (record) instead of rows."""
    lazy, eager = EventLog(maxlen=maxlen), EventLog(maxlen=maxlen)
    for n, op in enumerate(ops):
        if op == "add":
            for log in (lazy, eager):
                log.add(ConsoleOutput, n, "g", text=f"a{n}")
        elif op == "row":
            lazy.record_row((ConsoleOutput, lazy.seq, n, "g", f"r{n}"))
            eager.record(ConsoleOutput(eager.seq, n, "g", f"r{n}"))
        elif op == "reserve" and lazy.pending is None:
            for log in (lazy, eager):
                log.reserve()
        elif op == "fill" and lazy.pending is not None:
            for log in (lazy, eager):
                log.fill(ConsoleOutput(log.pending, n, "g", f"f{n}"))
        elif op == "read":
            assert list(lazy) == list(eager)
        elif op == "truncate" and lazy.seq > 0 and lazy.pending is None:
            for log in (lazy, eager):
                log.truncate(log.seq - 1)
    assert list(lazy) == list(eager)
    assert (lazy.seq, lazy.first_seq, len(lazy)) == (eager.seq, eager.first_seq, len(eager))
    assert lazy.since(0) == eager.since(0)


def test_a_hardware_assist_run_logs_the_same_events_read_at_the_end_or_as_it_goes():
    scenario = load_scenario("two-guests-hw1")
    at_end = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    at_end.run(30_000)
    as_it_goes = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    seen = []
    for stop in range(1_000, 30_001, 1_000):
        as_it_goes.run(stop - as_it_goes.cycle)
        seen.append(len(list(as_it_goes.log)))
    assert list(at_end.log) == list(as_it_goes.log)
    assert {"hw-exit", "hw-entry", "emulation", "console", "vm-exit"} <= {e.kind for e in at_end.log}
    assert seen == sorted(seen) and seen[-1] == len(at_end.log)
