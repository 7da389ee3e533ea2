"""Live migration started by the user ahead of the scenario's `start` (Session.start_migration,
issue 15 item 6): it begins at that very cycle, is recorded like a command, and stepping back
over it and forward again replays it; a refusal says why and changes nothing."""

from __future__ import annotations

import pytest

from vmlab.messages import render
from vmlab.scenario import load_scenario
from vmlab.session.session import LifecycleError, Session

EARLY = 6_000          # well before the shipped scenarios' start (20,000)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("migrate-converges")


def test_it_begins_at_the_cycle_it_is_started(scenario):
    session = Session(scenario)
    assert scenario.migration.start > EARLY
    session.run(until_cycle=EARLY)
    assert session.migration_refusal() is None
    session.start_migration()
    report = session.migration()
    assert report["phase"] == "pre-copy" and report["start_cycle"] == EARLY
    assert report["round_start"] == EARLY
    assert session.actions[-1].kind == "migrate" and session.actions[-1].cycle == EARLY
    session.run(until_cycle=scenario.migration.start)
    report = session.migration()
    assert report["phase"] == "done" and report["rounds"] >= 1
    assert report["host"] == "destination"
    # The first round sent the whole memory, from EARLY on.
    assert report["words_sent"][0] == report["memory_words"]


def test_the_same_run_twice_is_the_same(scenario):
    hashes = []
    for _ in range(2):
        session = Session(scenario)
        session.run(until_cycle=EARLY)
        session.start_migration()
        session.run(until_cycle=EARLY + 15_000)
        hashes.append((session.state_hash(), session.migration()))
    assert hashes[0] == hashes[1]


def test_stepping_back_over_it_replays_it(scenario):
    session = Session(scenario, checkpoint_interval=4_000)
    session.run(until_cycle=EARLY)
    session.start_migration()
    session.run(until_cycle=EARLY + 12_000)
    now, state, report = session.cycle, session.state_hash(), session.migration()
    session.travel_to(EARLY - 1)
    assert session.migration()["phase"] == "waiting"
    assert session.migration()["start_cycle"] == scenario.migration.start
    session.travel_to(now)
    assert session.state_hash() == state and session.migration() == report
    # And from a checkpoint after it (the start saved with the world's state).
    session.travel_to(EARLY + 9_000)
    session.travel_to(now)
    assert session.state_hash() == state


def test_it_ends_as_a_run_that_never_migrated(scenario):
    """The guest's output is the same whenever it moved (its virtual time is what counts)."""
    ends = []
    for early in (None, EARLY):
        session = Session(scenario)
        if early is not None:
            session.run(until_cycle=early)
            session.start_migration()
        session.run(scenario.max_cycles)
        summary = session.summary()
        assert summary["migration"]["phase"] == "done"
        ends.append(summary["guests"][scenario.migration.guest]["console"])
    assert ends[0] == ends[1] and ends[0]


def test_refusals_change_nothing(scenario):
    session = Session(scenario)
    session.run(until_cycle=EARLY)
    session.start_migration()
    before = session.state_hash()
    problem = session.migration_refusal()
    assert "already begun" in problem and "ja ha començat" in render(problem, "ca")
    with pytest.raises(LifecycleError):
        session.start_migration()
    assert session.state_hash() == before
    # A paused guest does not migrate live.
    paused = Session(scenario)
    paused.run(until_cycle=EARLY)
    paused.pause_guest("alpha")
    paused.run_until(lambda s: str(s.guest("alpha").state) == "paused", max_cycles=50_000)
    assert "only a guest that runs" in paused.migration_refusal()
    # A scenario that migrates nothing.
    other = Session(load_scenario("two-guests"))
    problem = other.migration_refusal()
    assert "migrates no guest" in problem and "no migra cap guest" in render(problem, "ca")
    with pytest.raises(LifecycleError):
        other.start_migration()
