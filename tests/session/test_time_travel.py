"""Step back: checkpoints plus deterministic replay reach identical states."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.session import Session

from ..vmm.helpers import shipped


def fresh(name="two-guests", **kw):
    return Session(shipped(name, quantum=300), **kw)


def hash_at(cycle, name="two-guests"):
    session = fresh(name)
    session.run(until_cycle=cycle)
    assert session.cycle == cycle
    return session.state_hash()


@settings(max_examples=12)
@given(st.integers(1, 60_000), st.integers(1, 30_000))
def test_back_n_then_forward_n_gives_the_same_state(t, n):
    session = fresh(checkpoint_interval=5000)
    session.run(until_cycle=t)
    here = session.state_hash()
    session.step_back(n)
    assert session.cycle == max(0, t - n)
    assert session.state_hash() == hash_at(session.cycle)
    session.travel_to(t)
    assert session.cycle == t
    assert session.state_hash() == here


def test_step_back_one_cycle_at_a_time_matches_a_fresh_run():
    session = fresh(checkpoint_interval=1000)
    session.run(until_cycle=2500)
    for expected_cycle in (2499, 2498, 2497):
        session.step_back()
        assert session.cycle == expected_cycle
        assert session.state_hash() == hash_at(expected_cycle)


def test_travel_restores_events_and_counters():
    session = fresh(checkpoint_interval=2000)
    session.run(until_cycle=20_000)
    events = [e.to_dict() for e in session.log]
    totals = session.cycles_by_bucket()
    session.travel_to(7_000)
    assert all(e.cycle <= 7_000 for e in session.log)
    session.travel_to(20_000)
    assert [e.to_dict() for e in session.log] == events
    assert session.cycles_by_bucket() == totals


def test_two_runs_give_identical_event_streams():
    a, b = fresh(), fresh()
    a.run(200_000)
    b.run(200_000)
    assert [e.to_dict() for e in a.log] == [e.to_dict() for e in b.log]
    assert a.state_hash() == b.state_hash()


def test_back_to_previous_trap_lands_on_the_exit():
    session = fresh()
    session.run(until_cycle=5000)
    last = max(e.cycle for e in session.trap_events() if e.cycle < 5000)
    assert session.back_to_previous_trap()
    assert session.cycle == last
    assert session.back_to_previous_trap()
    assert session.cycle < last


def test_typed_input_is_replayed_at_its_cycle():
    echo = fresh("native-alpha")
    echo.run(until_cycle=1000)
    echo.feed_input("alpha", "xyz")
    echo.run(until_cycle=3000)
    later = echo.state_hash()
    echo.travel_to(500)
    echo.travel_to(3000)
    assert echo.state_hash() == later


def test_memory_stays_bounded_over_a_long_run():
    session = fresh("hog", checkpoint_interval=10_000)
    session.history.max_count = 30
    session.history.dense = 10
    session.run(1_500_000)
    assert len(session.history.cycles) <= 30
    assert len(session.log) <= session.log.events.maxlen
    session.step_back(1_000_000)          # still reachable, through a thinned checkpoint
    assert session.cycle == 500_000
