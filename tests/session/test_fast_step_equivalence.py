"""The step-by-step path and the fast path agree (issue 11): same state, same events.

A student goes through a session cycle by cycle (Session.step_cycle) or
instruction by instruction (step_instruction); a run (Session.run) takes the
fast path, in slices of any size.  However a session got to a cycle, what is
there must be the same: the whole simulation state (Session.state_hash), the
events logged up to it — the settled stream, read slice by slice with a
cursor as the panels read it, and what is still unsettled (the exit being
handled), as it stands — and the read model a panel shows (CPU, activity,
counters, timeline).

One session (the *script*) mixes steps of cycles and of instructions, runs
and console input, as drawn; it stops at cycles no other path chooses.  Then
three others reach each of those cycles, feeding the same input at the same
cycles, and must see exactly what it saw there:

- *stepper*: step_cycle only, the slowest path, one cycle at a time;
- *runner*: run() in slices of its own drawn sizes, cut at those cycles;
- *leaper*: one run() from each of those cycles to the next, with another
  checkpoint interval (a checkpoint due also ends a slice of the engine).

The scenarios: two guests (Alpha and Beta; Alpha-PV and Beta), and the smaller
shipped kernels (cruncher, syscaller, switcher, Alpha alone), under every
technique of the registry (vmlab/vmm/techniques.py) that can run their
guests — Scenario.with_technique keeps as many as it runs, so the native
machine runs the first guest alone.  Quanta are short, so that world
switches, injections and exits of every kind come within a few thousand
cycles.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vmlab.scenario import Scenario
from vmlab.session import Session
from vmlab.vmm import techniques

from ..vmm.helpers import shipped

BASES = ("two-guests", "two-guests-pv", "cruncher", "syscaller", "switcher", "native-alpha")


def _runs(base: Scenario, info: techniques.TechniqueInfo) -> bool:
    """True if info can run base's guests (as many of them as it runs at most)."""
    guests = base.guests if info.fits(len(base.guests)) else base.guests[:info.max_guests]
    return dataclasses.replace(base, guests=list(guests)).technique_problem(info.name) is None


def _combos() -> list[tuple[str, str]]:
    """(scenario, technique) pairs, each set of guests under each technique once."""
    out, seen = [], set()
    for name in BASES:
        base = shipped(name)
        for info in techniques.all_techniques():
            if not _runs(base, info):
                continue
            ran = base.with_technique(info.name)
            key = (info.name, tuple(str(g.program_path) for g in ran.guests))
            if key not in seen:        # native-alpha natively is two-guests' Alpha natively
                seen.add(key)
                out.append((name, info.name))
    return out


COMBOS = _combos()


def scenario_for(name: str, technique: str, quantum: int) -> Scenario:
    return shipped(name, quantum=quantum).with_technique(technique)


# ---------------------------------------------------------------------- what a path sees

@dataclass(frozen=True)
class Look:
    """What a session shows at one cycle (the settled events: those new since the last look)."""

    cycle: int
    halted: str | None
    state: str
    settled: list
    unsettled: list
    read_to: tuple
    running: str | None
    cpu: object
    activity: object
    counters: object
    timeline: list


class Watcher:
    """A session and the cursor it reads its events with, slice by slice."""

    def __init__(self, scenario: Scenario, checkpoint_interval: int = 20_000) -> None:
        self.session = Session(scenario, checkpoint_interval=checkpoint_interval)
        self.cursor = None

    def look(self) -> Look:
        s = self.session
        new, self.cursor = s.events.read(self.cursor)
        pending, _ = s.events.read(self.cursor, unsettled=True)
        return Look(s.cycle, s.halted, s.state_hash(), new, pending, tuple(self.cursor),
                    s.running_guest, s.cpu(), s.activity(), s.counters(), s.timeline())


def assert_same(expected: Look, got: Look, path: str, where: str) -> None:
    for field in dataclasses.fields(Look):
        mine, theirs = getattr(got, field.name), getattr(expected, field.name)
        assert mine == theirs, (f"{path} differs from the script in {field.name} at cycle "
                                f"{expected.cycle} ({where})")


# ---------------------------------------------------------------------- the check

def run_script(watcher: Watcher, ops) -> list:
    """Apply ops to the script session; the plan the other paths follow: looks and inputs."""
    s = watcher.session
    plan = []
    for op in ops:
        kind = op[0]
        if kind == "run":
            before = s.cycle
            s.run(op[1])
            assert s.cycle == before + op[1] or s.halted, f"run({op[1]}) from {before}"
        elif kind == "cycles":
            for _ in range(op[1]):
                step_one_cycle(s)
        elif kind == "instructions":
            for _ in range(op[1]):
                before = s.cycle
                s.step_instruction()
                assert s.cycle > before or s.halted, f"step_instruction stuck at cycle {before}"
        else:                                   # ("input", guest index, text)
            guest = s.guest_names[op[1] % len(s.guest_names)]
            s.feed_input(guest, op[2])
            plan.append(("input", s.cycle, guest, op[2]))
            continue
        plan.append(("look", watcher.look(), repr(op)))
        if s.halted:
            break
    if not plan or plan[-1][0] != "look":      # the state the last input left
        plan.append(("look", watcher.look(), "after the input"))
    return plan


def follow(watcher: Watcher, plan, path: str, reach) -> None:
    """Drive watcher along the plan with reach(session, cycle); compare at every look."""
    s = watcher.session
    for step in plan:
        if step[0] == "input":
            _, cycle, guest, text = step
            reach(s, cycle)
            assert s.cycle == cycle, f"{path} did not reach cycle {cycle} to feed input"
            s.feed_input(guest, text)
            continue
        _, expected, where = step
        reach(s, expected.cycle)
        assert_same(expected, watcher.look(), path, where)


def step_one_cycle(session: Session) -> None:
    """step_cycle, which goes exactly one cycle on (none once halted)."""
    before = session.cycle
    session.step_cycle()
    assert session.cycle == before + 1 or (session.halted and session.cycle == before), \
        f"step_cycle went from cycle {before} to {session.cycle}"


def by_cycles(session: Session, cycle: int) -> None:
    while session.cycle < cycle and not session.halted:
        step_one_cycle(session)


def by_slices(sizes):
    """reach() by run() in slices of the sizes, in turn (cut short at the cycle wanted)."""
    turn = iter(())

    def reach(session: Session, cycle: int) -> None:
        nonlocal turn
        while session.cycle < cycle and not session.halted:
            size = next(turn, None)
            if size is None:
                turn = iter(sizes)
                size = next(turn)
            before, wanted = session.cycle, min(size, cycle - session.cycle)
            session.run(wanted)
            assert session.cycle == before + wanted or session.halted, \
                f"run({wanted}) from cycle {before} stopped at {session.cycle}"
    return reach


def by_one_run(session: Session, cycle: int) -> None:
    if session.cycle < cycle:
        session.run(until_cycle=cycle)
        assert session.cycle == cycle or session.halted, \
            f"run(until_cycle={cycle}) stopped at {session.cycle}"


def check_paths(name: str, technique: str, quantum: int, ops, slices,
                checkpoint_interval: int = 20_000) -> None:
    scenario = scenario_for(name, technique, quantum)
    script = Watcher(scenario, checkpoint_interval)
    plan = run_script(script, ops)
    follow(Watcher(scenario), plan, "the stepper (step_cycle)", by_cycles)
    follow(Watcher(scenario), plan, f"the runner (run in slices {slices})", by_slices(slices))
    leap_interval = 20_000 if checkpoint_interval != 20_000 else 777
    follow(Watcher(scenario, leap_interval), plan, "the leaper (one run per look)", by_one_run)


# ---------------------------------------------------------------------- every technique, fixed

def test_every_registered_technique_is_covered():
    assert {technique for _, technique in COMBOS} == set(techniques.technique_names())
    assert len({name for name, _ in COMBOS}) == len(BASES)


# Looks at the first cycles, in the middle of instructions and exits, after steps of
# instructions, around console input, and after long runs (each look hashes the state).
# Console input comes late: a kernel that reads none (Alpha) takes it as an unexpected
# interrupt and kills its processes.
FIXED_OPS = [("instructions", 1), ("cycles", 3), ("instructions", 40), ("cycles", 70),
             ("run", 333), ("instructions", 150), ("run", 1400), ("input", 0, "a"),
             ("cycles", 9), ("input", 1, "zz\n"), ("run", 2500)]


@pytest.mark.parametrize("name,technique", COMBOS, ids=[f"{n}/{t}" for n, t in COMBOS])
def test_step_and_fast_paths_agree(name, technique):
    check_paths(name, technique, 150, FIXED_OPS, [97, 1, 13, 401])


# ---------------------------------------------------------------------- hypothesis

RUN = st.tuples(st.just("run"), st.integers(1, 1500))
CYCLES = st.tuples(st.just("cycles"), st.integers(1, 80))
INSTRUCTIONS = st.tuples(st.just("instructions"), st.integers(1, 40))
INPUT = st.tuples(st.just("input"), st.integers(0, 1), st.text("ab\n", min_size=1, max_size=3))
OPS = st.one_of(RUN, CYCLES, INSTRUCTIONS, RUN, CYCLES, INSTRUCTIONS, INPUT)   # input: rarer
BIG_OPS = st.one_of(OPS, st.tuples(st.just("run"), st.integers(1, 25_000)))
QUANTA = st.integers(20, 2500)
SLICES = st.lists(st.integers(1, 900), min_size=1, max_size=8)
INTERVALS = st.sampled_from([20_000, 2_000, 313])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMBOS), QUANTA, st.lists(OPS, min_size=1, max_size=10), SLICES,
       INTERVALS)
def test_any_steps_and_slices_agree(combo, quantum, ops, slices, interval):
    check_paths(*combo, quantum, ops, slices, interval)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(COMBOS), QUANTA, st.lists(BIG_OPS, min_size=1, max_size=30), SLICES,
       INTERVALS)
def test_any_steps_and_slices_agree_at_length(combo, quantum, ops, slices, interval):
    check_paths(*combo, quantum, ops, slices, interval)


# ---------------------------------------------------------------------- type 2 (hosted)
# Under type 2 every exit is handled in planned steps (no straight-through path), its
# host-kernel transitions among them: stepping, running and leaping still agree.
HOSTED = [("two-guests-type2", "trap-and-emulate"), ("two-guests-type2", "hardware-assist-2"),
          ("cruncher-type2", "binary-translation")]


@pytest.mark.parametrize("name,technique", HOSTED, ids=[f"{n}/{t}" for n, t in HOSTED])
def test_type2_step_and_fast_paths_agree(name, technique):
    check_paths(name, technique, 150, FIXED_OPS, [97, 1, 13, 401])


# ---------------------------------------------------------------------- kvm (host processes)
# Under kvm a host process shares the CPU with the guests: its traps are the host kernel's
# steps (host-kernel, host-return), console input for a guest may arrive while it runs.
KVM = [("kvm", "hardware-assist-2"), ("kvm", "hardware-assist-1")]


@pytest.mark.parametrize("name,technique", KVM, ids=[f"{n}/{t}" for n, t in KVM])
def test_kvm_step_and_fast_paths_agree(name, technique):
    check_paths(name, technique, 150, FIXED_OPS, [97, 1, 13, 401])
