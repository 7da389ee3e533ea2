"""Guest lifecycle commands are recorded like console input: stepping back over a pause,
a resume, a power off or a power on and forward again gives identical states."""

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.observe.vocabulary import GuestState
from vmlab.session import Session

from ..vmm.helpers import shipped


def fresh(name="two-guests", **kw):
    return Session(shipped(name, quantum=300), **kw)


def drive(session: Session, plan: list[tuple[int, str, str]], end: int) -> None:
    """Run to each command's cycle, give it, then run to `end`."""
    for cycle, command, guest in plan:
        session.run(until_cycle=cycle)
        session.command_guest(guest, command)
    session.run(until_cycle=end)


def hash_at(plan, cycle, name="two-guests"):
    """The state at `cycle` of a session that did only what the plan does before it."""
    session = fresh(name)
    drive(session, [step for step in plan if step[0] < cycle], cycle)
    assert session.cycle == cycle
    return session.state_hash()


PLAN = [(9_000, "pause", "beta"), (30_000, "resume", "beta"),
        (41_000, "power-off", "alpha"), (52_000, "power-on", "alpha")]


def test_stepping_back_over_commands_and_forward_gives_the_same_states():
    session = fresh(checkpoint_interval=4_000)
    drive(session, PLAN, 70_000)
    end = session.state_hash()
    assert [a.kind for a in session.actions] == ["pause", "resume", "power-off", "power-on"]
    for target in (52_000, 45_000, 30_001, 20_000, 9_001, 5_000):
        session.travel_to(target)
        assert session.state_hash() == hash_at(PLAN, target)
    assert session.guest("beta").state != GuestState.PAUSED        # before the pause
    session.travel_to(20_000)
    assert session.guest("beta").state == GuestState.PAUSED        # replayed
    session.travel_to(70_000)
    assert session.state_hash() == end
    assert len(session.actions) == 4                               # nothing recorded twice


def test_a_command_after_stepping_back_rewrites_the_future():
    session = fresh(checkpoint_interval=4_000)
    drive(session, PLAN, 60_000)
    session.travel_to(20_000)
    session.resume_guest("beta")           # earlier than before: the later commands go
    assert [(a.cycle, a.kind) for a in session.actions] == [(9_000, "pause"),
                                                             (20_000, "resume")]
    session.run(until_cycle=60_000)
    assert session.guest("alpha").state != GuestState.POWERED_OFF
    assert session.state_hash() == hash_at([(9_000, "pause", "beta"),
                                            (20_000, "resume", "beta")], 60_000)


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 30_000), st.integers(1, 30_000), st.integers(1, 40_000))
def test_back_and_forth_over_a_pause_at_any_cycles(pause_at, paused_for, back):
    plan = [(pause_at, "pause", "alpha"), (pause_at + paused_for, "resume", "alpha")]
    end = pause_at + paused_for + 10_000
    session = fresh(checkpoint_interval=5_000)
    drive(session, plan, end)
    here = session.state_hash()
    session.step_back(back)
    assert session.state_hash() == hash_at(plan, session.cycle)
    session.travel_to(end)
    assert session.state_hash() == here
