"""A guest's lifecycle under the VMM (vmm/lifecycle.py): pause, resume, power off, power on.

A paused guest gets no CPU and its virtual clock stands still (so its
virtual timer does not fire); resumed, it goes on exactly as a run that was
never paused, only later in physical time.  Powering off clears its memory;
powering on boots it again from its image.  Commands that cannot be done say
why and change nothing.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.observe.events import GuestStateChange, WorldSwitch
from vmlab.observe.vocabulary import GuestCommand, GuestState
from vmlab.session import LifecycleError, Session

from .helpers import guest, make_scenario, shipped

TWO_GUESTS = ["two-guests", "two-guests-bt", "two-guests-hw1", "two-guests-hw2",
              "two-guests-pv"]

# Sleeps in WFI three times (its virtual timer wakes it) and prints its virtual CYCLE at each
# wake-up: any virtual time lost or gained while paused shows in its output.
SLEEPER = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 700
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1          ; kernel mode, IE
loop:   wfi
        li   r4, 3
        bne  r3, r4, loop
        mfsr r8, TIMER
        mfsr r9, CYCLE
        halt
handler:
        addi r3, r3, 1
        mfsr r5, CYCLE
        andi r5, r5, 63
        addi r5, r5, 48
        out  CONSOLE_OUT, r5
        li   r6, 1300
        mtsr TIMER, r6
        eret
"""

# Echoes five characters of console input (each wakes its WFI), then halts; its timer,
# far away, only keeps its WFI a wait (with no timer and no input, WFI would stall it).
ECHO = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 100000
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1          ; kernel mode, IE
idle:   wfi
        b    idle
handler:
        in   r2, CONSOLE_IN
        out  CONSOLE_OUT, r2
        addi r3, r3, 1
        li   r4, 5
        beq  r3, r4, done
        eret
done:   mfsr r7, CYCLE
        halt
"""

# Busy for a while, then prints one character and halts.
WORKER = """
.org 0
        li   r1, 6000
loop:   addi r2, r2, 3
        addi r1, r1, -1
        bnez r1, loop
        li   r3, 'w'
        out  CONSOLE_OUT, r3
        halt
"""


def final(session: Session) -> dict:
    """What a guest ends with: console, registers, virtual clock, instructions."""
    counters = session.counters().guests
    return {name: (session.guest(name).console, session.guest(name).regs,
                   session.guest(name).vclock, counters[name].instructions)
            for name in session.guest_names}


def other(session: Session, name: str) -> str:
    return next(n for n in session.guest_names if n != name)


def run_until(session: Session, predicate, limit: int = 200_000) -> None:
    assert session.run_until(predicate, max_cycles=limit) == "predicate"


# ---------------------------------------------------------------------- pause, resume
@pytest.mark.parametrize("scenario", TWO_GUESTS)
@pytest.mark.parametrize("at", [7_000, 23_456])
def test_a_paused_guest_takes_no_cpu_and_resumes_as_if_never_paused(scenario, at):
    reference = Session(shipped(scenario))
    reference.run()
    session = Session(shipped(scenario))
    session.run(until_cycle=at)
    paused = session.guest_names[-1]
    runner = other(session, paused)
    session.pause_guest(paused)
    # On the CPU, the pause waits for the VMM's next decision (its next exit).
    run_until(session, lambda s: s.guest(paused).state == GuestState.PAUSED, 10_000)
    assert session.guest(paused).commands == (GuestCommand.RESUME, GuestCommand.POWER_OFF)
    clock = session.guest(paused).vclock
    done = session.counters().guests[paused].instructions
    buckets = session.cycles_by_bucket()
    start = session.cycle
    session.run(max_cycles=20_000)
    assert session.guest(paused).state == GuestState.PAUSED
    assert session.guest(paused).vclock == clock              # its virtual clock stands still
    assert session.counters().guests[paused].instructions == done
    after = session.cycles_by_bucket()
    for mode in ("kernel", "user"):
        assert after[f"{paused}.{mode}"] == buckets[f"{paused}.{mode}"]   # no CPU at all
    # The other guest got the CPU (the VMM's share of it is the VMM's work for it).
    ran = sum(after[f"{runner}.{m}"] - buckets[f"{runner}.{m}"] for m in ("kernel", "user"))
    assert ran > 0 and session.counters().guests[runner].vmm_cycles > 0
    if session.guest(runner).state not in (GuestState.HALTED,):
        assert ran + after["vmm"] - buckets["vmm"] + after["idle"] - buckets["idle"] \
            == session.cycle - start
    # No world switch into the paused guest while it is paused.
    events, _ = session.events.read()
    assert not [e for e in events if isinstance(e, WorldSwitch) and e.cycle > start
                and e.to_guest == paused]
    session.resume_guest(paused)
    assert session.guest(paused).state == GuestState.READY
    assert session.run() == "halt"
    assert final(session) == final(reference)                 # console, registers, clock
    changes = [e for e in events if isinstance(e, GuestStateChange) and e.guest == paused
               and e.new == GuestState.PAUSED]
    assert len(changes) == 1 and "paused by the user" in changes[0].reason


def test_a_guest_paused_in_wfi_wakes_later_by_exactly_the_pause():
    scenario = make_scenario(guest("sleeper", SLEEPER), guest("worker", WORKER), quantum=300)
    reference = Session(scenario)
    reference.run()
    session = Session(scenario)
    run_until(session, lambda s: s.guest("sleeper").state == GuestState.WAITING)
    clock, printed = session.guest("sleeper").vclock, session.guest("sleeper").console
    session.pause_guest("sleeper")                      # not on the CPU: at once
    assert session.guest("sleeper").state == GuestState.PAUSED
    session.run(max_cycles=9_000)                       # longer than any of its sleeps
    assert session.guest("sleeper").vclock == clock     # its timer did not fire
    assert session.guest("sleeper").console == printed
    session.resume_guest("sleeper")
    assert session.guest("sleeper").state == GuestState.WAITING
    assert session.run() == "halt"
    assert final(session) == final(reference)           # it printed the same CYCLEs


def test_input_for_a_guest_paused_in_wfi_waits_for_its_resume():
    scenario = make_scenario(guest("echo", ECHO), guest("worker", WORKER), quantum=300)
    session = Session(scenario)
    run_until(session, lambda s: s.guest("echo").state == GuestState.WAITING)
    session.pause_guest("echo")
    session.feed_input("echo", "hello")
    session.run(max_cycles=100)         # the VMM routes the input: it wakes the paused WFI
    clock = session.guest("echo").vclock
    session.run(max_cycles=5_000)
    assert session.guest("echo").console == ""          # no CPU: nothing echoed
    assert session.guest("echo").vclock == clock
    session.resume_guest("echo")
    assert session.guest("echo").state == GuestState.READY   # the input woke it
    assert session.run() == "halt"
    assert session.guest("echo").console == "hello"
    assert session.guest("worker").console == "w"


def test_a_pause_of_the_guest_on_the_cpu_waits_for_its_next_exit():
    scenario = make_scenario(guest("a", WORKER), guest("b", WORKER), quantum=400)
    session = Session(scenario)
    run_until(session, lambda s: s.running_guest == "a" and s.cycle > 1000)
    costs_before = session.counters().guests["a"].vmm_cycles
    session.pause_guest("a")
    view = session.guest("a")
    assert view.state == GuestState.RUNNING and view.pending == GuestCommand.PAUSE
    assert view.commands == (GuestCommand.RESUME, GuestCommand.POWER_OFF)
    with pytest.raises(LifecycleError, match="already being paused"):
        session.pause_guest("a")
    run_until(session, lambda s: s.guest("a").state == GuestState.PAUSED, 1_000)
    assert session.guest("a").pending is None
    # At most its slice: the VMM's timer ends it; no exit of its own, no extra price.
    assert session.counters().guests["a"].vmm_cycles - costs_before <= \
        session.costs.vm_exit + session.costs.vm_entry + 10
    session.run()
    assert session.guest("b").state == GuestState.HALTED
    assert session.guest("a").state == GuestState.PAUSED
    assert not session.halted                           # a paused guest keeps the VMM on
    idle = session.cycles_by_bucket()["idle"]
    session.run(max_cycles=3_000)
    assert session.cycles_by_bucket()["idle"] >= idle + 2_900
    session.resume_guest("a")
    assert session.run() == "halt"
    assert session.guest("a").console == "w"


def test_resume_before_the_pause_happened_cancels_it():
    scenario = make_scenario(guest("a", WORKER), guest("b", WORKER), quantum=400)
    reference = Session(scenario)
    reference.run()
    session = Session(scenario)
    run_until(session, lambda s: s.running_guest == "a" and s.cycle > 1000)
    session.pause_guest("a")
    session.resume_guest("a")
    assert session.guest("a").pending is None
    assert session.guest("a").commands == (GuestCommand.PAUSE, GuestCommand.POWER_OFF)
    session.run()
    assert final(session) == final(reference) and session.cycle == reference.cycle


# ---------------------------------------------------------------------- power off, on
@pytest.mark.parametrize("scenario", TWO_GUESTS)
def test_power_off_clears_the_guest_and_power_on_boots_it_again(scenario):
    reference = Session(shipped(scenario))
    reference.run()
    session = Session(shipped(scenario))
    name = session.guest_names[-1]
    session.run(until_cycle=15_000)
    session.power_off_guest(name)
    run_until(session, lambda s: s.guest(name).state == GuestState.POWERED_OFF, 10_000)
    before = session.guest(name).console
    view = session.guest(name)
    assert view.commands == (GuestCommand.POWER_ON,)
    assert all(session.guest_word(name, a) == 0 for a in range(view.size))
    buckets = session.cycles_by_bucket()
    session.run(max_cycles=10_000)
    assert session.cycles_by_bucket()[f"{name}.kernel"] == buckets[f"{name}.kernel"]
    session.power_on_guest(name)
    view = session.guest(name)
    assert view.state == GuestState.READY and view.vclock == 0
    assert view.pc == session.scenario.guests[-1].program.entry
    image = session.scenario.guests[-1].program.image
    assert all(session.guest_word(name, a) == w for a, w in image.items())
    assert session.run() == "halt"
    rebooted, expected = session.guest(name), reference.guest(name)
    assert rebooted.console == before + expected.console      # the terminal kept the first
    assert rebooted.regs == expected.regs and rebooted.vclock == expected.vclock
    assert final(session)[other(session, name)] == final(reference)[other(session, name)]


def test_a_powered_off_guest_does_not_keep_the_vmm_on():
    scenario = make_scenario(guest("a", WORKER), guest("b", SLEEPER), quantum=400)
    session = Session(scenario)
    session.run(until_cycle=500)
    session.power_off_guest("b")
    assert session.run() == "halt"                      # a halted, b off: nothing to run
    assert session.guest("b").state == GuestState.POWERED_OFF
    assert session.guest("a").commands == ()
    with pytest.raises(LifecycleError, match="VMM has powered off"):
        session.power_on_guest("b")


# ---------------------------------------------------------------------- refusals
def test_commands_that_cannot_be_done_say_why_and_change_nothing():
    session = Session(shipped("two-guests"))
    run_until(session, lambda s: s.running_guest is not None and s.cycle > 3_000)
    running = session.running_guest
    ready = other(session, running)
    here = session.state_hash()
    cases = [
        (lambda: session.pause_guest("gamma"), "no guest 'gamma'.*alpha, beta"),
        (lambda: session.resume_guest(running), "not paused"),
        (lambda: session.power_on_guest(ready), "not powered off.*power it off first"),
        (lambda: session.command_guest(ready, "reboot"), "unknown command 'reboot'"),
    ]
    for call, message in cases:
        with pytest.raises(LifecycleError, match=message):
            call()
    assert session.state_hash() == here and session.actions == []
    session.pause_guest(ready)
    with pytest.raises(LifecycleError, match="already paused"):
        session.pause_guest(ready)
    session.resume_guest(ready)
    session.power_off_guest(ready)
    with pytest.raises(LifecycleError, match="already powered off"):
        session.power_off_guest(ready)
    with pytest.raises(LifecycleError, match="can run can be paused"):
        session.pause_guest(ready)
    assert [a.kind for a in session.actions] == ["pause", "resume", "power-off"]


def test_a_native_scenario_has_no_guest_to_command():
    session = Session(shipped("native-alpha"))
    session.run(until_cycle=1_000)
    assert session.guest_commands(session.guest_names[0]) == ()
    for command in GuestCommand:
        with pytest.raises(LifecycleError, match="natively.*no VMM"):
            session.command_guest(session.guest_names[0], command)
    assert session.actions == []


# ---------------------------------------------------------------------- any moment
_REFERENCES: dict[str, dict] = {}


def _reference(scenario: str) -> dict:
    if scenario not in _REFERENCES:
        session = Session(shipped(scenario))
        session.run()
        _REFERENCES[scenario] = final(session)
    return _REFERENCES[scenario]


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(TWO_GUESTS), st.integers(1, 60_000), st.integers(0, 30_000),
       st.booleans())
def test_a_pause_at_any_cycle_changes_nothing_the_guests_see(scenario, at, paused_for, first):
    """Paused at any cycle (on the CPU, in its exit, waiting, in the VMM's way into it) for
    any time: every guest ends exactly as in a run never paused."""
    session = Session(shipped(scenario))
    session.run(until_cycle=at)
    if session.halted:
        return
    name = session.guest_names[0 if first else -1]
    if GuestCommand.PAUSE not in session.guest_commands(name):
        return                                          # it has halted already
    session.pause_guest(name)
    session.run(max_cycles=paused_for)
    if not session.halted:
        session.resume_guest(name)
    assert session.run() == "halt"
    assert final(session) == _reference(scenario)


def test_a_refusal_reads_in_catalan_too():
    from vmlab.messages import render
    from vmlab.scenario import load_scenario
    s = Session(load_scenario("two-guests"))
    problem = s.command_refusal("alpha", "resume")
    assert "only a paused guest can be resumed" in str(problem)
    assert "només es pot reprendre un guest en pausa" in render(problem, "ca")
