"""Streaming events (issue 9): a reader that holds the log sees every event, once, final."""

from vmlab.scenario import load_scenario
from vmlab.session import Session
from vmlab.vmm.events import ConsoleOutput, EventLog

NO_CHECKPOINTS = 1 << 60

SPAM = ".org 0\n li r2, 65\nloop: out CONSOLE_OUT, r2\n b loop\n"
ZERO_COSTS = "\n".join(f"{name} = 0" for name in (
    "vm_exit", "vm_entry", "emulate", "reflect", "inject", "world_switch", "route_input"))


def spam_scenario(folder, quantum=1):
    """Two guests spamming OUT, every VMM cost 0: about 0.55 events per cycle."""
    (folder / "spam.vl32").write_text(SPAM, encoding="utf-8")
    path = folder / "spam.toml"
    path.write_text(f"""[scenario]
title = "OUT storm"
technique = "trap-and-emulate"
quantum = {quantum}
max_cycles = 100_000
[costs]
{ZERO_COSTS}
[[guest]]
name = "a"
program = "spam.vl32"
memory = 1024
[[guest]]
name = "b"
program = "spam.vl32"
memory = 1024
""", encoding="utf-8")
    return path


def test_the_log_says_how_many_a_reader_lost():
    log = EventLog(maxlen=3)
    for i in range(5):
        log.add(ConsoleOutput, i, None, text="x")
    assert log.first_seq == 2 and log.lost_since(0) == 2 and log.lost_since(2) == 0
    assert [e.seq for e in log.since(0)] == [2, 3, 4]


def test_a_held_log_keeps_everything_from_the_reader_on_then_shrinks_back():
    log = EventLog(maxlen=3)
    log.hold(0)
    for i in range(10):
        log.add(ConsoleOutput, i, None, text="x")
    assert log.lost_since(0) == 0 and len(log) == 10
    log.hold(8)                       # read up to 8: older ones may go, down to the bound
    assert log.first_seq <= 7 and [e.seq for e in log.since(8)] == [8, 9]
    log.release()
    assert len(log) == 3 and log.events.maxlen == 3


def test_stream_gives_every_event_once_in_order_even_past_the_buffer(tmp_path):
    scenario = load_scenario(str(spam_scenario(tmp_path)))
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS, log_size=2_000)
    seqs = [event.seq for event in session.stream_events(60_000)]
    assert session.log.seq > 20_000                     # ten times the buffer
    assert seqs == list(range(session.log.seq))
    assert len(session.log) <= 2_000                    # bounded again afterwards
    assert session.last_reason == "cycle-limit" and session.cycle == 60_000


def test_streamed_events_are_final_when_they_come(tmp_path):
    """Serialized when yielded (small slices cut VMM work in two) = as logged at the end."""
    for name in ("two-guests", str(spam_scenario(tmp_path, quantum=7)), "native-alpha"):
        scenario = load_scenario(name)
        streamed = [e.to_dict() for e in Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
                    .stream_events(60_000, slice_cycles=333)]
        whole = Session(scenario, checkpoint_interval=NO_CHECKPOINTS, log_size=10**6)
        whole.run(until_cycle=60_000)
        logged, _ = whole.events.read(unsettled=True)      # the last exit as it stands, too
        assert streamed == [e.to_dict() for e in logged], name


def test_a_reader_that_stops_early_leaves_the_log_bounded(tmp_path):
    scenario = load_scenario(str(spam_scenario(tmp_path)))
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS, log_size=100)
    stream = session.stream_events(50_000)
    for event in stream:
        if event.seq == 500:
            break
    stream.close()
    assert session.log.events.maxlen == 100
