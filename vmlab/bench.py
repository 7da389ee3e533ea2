"""Benchmarks: rates measured in one run and compared as ratios.

These machines are shared and noisy (they flip between speed modes every
few seconds), so every comparison interleaves its candidates A B A B ... and
reports medians.  Nothing here is a test: `vmlab bench` prints the figures
that docs/performance.md records.
"""

from __future__ import annotations

import resource
import statistics
import time

from .asm import assemble
from .machine import Machine

LOOP_HEAVY = """
; loop-heavy: a memory walk with loads, stores, adds and a branch
.org 0
outer:  li   r1, 0
        li   r2, 4096
        la   r3, buf
inner:  lw   r4, 0(r3)
        add  r5, r5, r4
        addi r4, r4, 1
        sw   r4, 0(r3)
        addi r3, r3, 1
        addi r1, r1, 1
        bne  r1, r2, inner
        b    outer
buf:    .space 4096
"""

TRAP_HEAVY = """
; trap-heavy: a system call every few instructions, served by a handler
.org 0
        la   r1, handler
        mtsr TVEC, r1
loop:   addi r2, r2, 1
        syscall 1
        b    loop
handler:
        mfsr r3, EPC
        addi r3, r3, 1
        mtsr EPC, r3
        eret
"""

ROUND_SECONDS = 0.25


def python_floor(seconds: float = ROUND_SECONDS) -> float:
    """Calls per second of `table[i & 3](state)`: the floor a Python CPU core lives on."""
    state = [0]

    def f0(s):
        s[0] += 1

    def f1(s):
        s[0] += 1

    def f2(s):
        s[0] += 1

    def f3(s):
        s[0] += 1

    table = [f0, f1, f2, f3]
    n, chunk = 0, 200_000
    start = time.perf_counter()
    while True:
        for i in range(chunk):
            table[i & 3](state)
        n += chunk
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return n / elapsed


def machine_rate(source: str, seconds: float = ROUND_SECONDS) -> tuple[float, float]:
    """(instructions per second, cycles per second) of a program on the bare machine."""
    program = assemble(source, "bench.vl32")
    m = Machine()
    m.load(program.image, program.entry)
    start = time.perf_counter()
    while True:
        m.run(200_000)
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return m.instret / elapsed, m.cycles / elapsed


def session_rate(name: str, seconds: float = ROUND_SECONDS) -> tuple[float, float]:
    """(guest instructions per second, cycles per second) of a scenario, rerun as needed."""
    from .scenario import load_scenario
    from .session import Session
    scenario = load_scenario(name)
    instructions = cycles = 0
    start = time.perf_counter()
    while True:
        session = Session(scenario, checkpoint_interval=1 << 60)
        session.run(scenario.max_cycles)
        if session.vmm:
            instructions += sum(g.vcpu.instret for g in session.vmm.guests)
        else:
            instructions += session.machine.instret
        cycles += session.cycle
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return instructions / elapsed, cycles / elapsed


def interleave(rounds: int, *measures):
    """Run each measure once per round, in turn; return the list of results per measure."""
    results = [[] for _ in measures]
    for _ in range(rounds):
        for out, measure in zip(results, measures):
            out.append(measure())
    return results


def step_back_seconds(trials: int = 5) -> tuple[float, float]:
    """(median, worst) seconds to travel to a random cycle within the last 10^6."""
    import random

    from .scenario import load_scenario
    from .session import Session
    rng = random.Random(7)
    session = Session(load_scenario("hog"))
    session.run(1_200_000)
    times = []
    for _ in range(trials):
        now = session.cycle
        target = now - rng.randint(1, 1_000_000)
        start = time.perf_counter()
        session.travel_to(target)
        times.append(time.perf_counter() - start)
        session.travel_to(now)
    return statistics.median(times), max(times)


def memory_over_long_run(total: int) -> list[tuple[int, float, int, int, int]]:
    """Along a long run with time travel on: (cycle, max RSS MiB, checkpoints, events,
    timeline segments).  Every buffer is bounded, so RSS levels off."""
    from .scenario import load_scenario
    from .session import Session
    session = Session(load_scenario("hog"))
    points = []
    for mark in (total // 10, total // 4, total // 2, total):
        while session.cycle < mark:
            session.run(until_cycle=min(mark, session.cycle + 1_000_000))
        points.append((session.cycle,
                       resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                       len(session.history.cycles), len(session.log),
                       len(session.vmm.attribution.timeline)))
    return points


# --- Techniques: each registered technique against native, in the same rounds ---------

CRUNCHER_NATIVE = "native-cruncher"   # the compute-bound guest on the bare machine
CRUNCHER = "cruncher"                 # the same guest under a VMM (any technique)
TWO_GUESTS = "two-guests"             # Alpha and Beta under a VMM (any technique)
TWO_NATIVE = ("native-alpha", "native-beta")  # native: the two kernels one after the other
TECHNIQUE_TARGET = 0.6


def scenarios_rate(scenarios, seconds: float = ROUND_SECONDS) -> float:
    """Guest instructions per host CPU second (time.thread_time) of the scenarios run to
    their end one after the other, again and again until `seconds` of CPU time are
    spent.  Only running is timed, not building the session."""
    from .session import Session
    instructions, spent = 0, 0.0
    while True:
        for scenario in scenarios:
            session = Session(scenario, checkpoint_interval=1 << 60)
            start = time.thread_time()
            session.run(scenario.max_cycles)
            spent += time.thread_time() - start
            if session.vmm:
                instructions += sum(g.vcpu.instret for g in session.vmm.guests)
            else:
                instructions += session.machine.instret
        if spent >= seconds:
            return instructions / spent


def _spread(values: list[float]) -> tuple[float, float, float]:
    return statistics.median(values), min(values), max(values)


def technique_ratios(rounds: int, seconds: float = ROUND_SECONDS) -> dict:
    """Every registered technique against native on the compute-bound guest and on
    two-guests, measured interleaved (native, then each technique, every round).

    Returns {"cruncher": workload, "two-guests": workload}; a workload is
    {"baseline": {"what", "rate": (median, min, max)}, "target": 0.6 or None (the
     issue sets the 0.6 target on the compute-bound guest only),
     "techniques": {name: {"label", "applicable", "why", "rate", "ratio", "ratios"}}}
    where a rate is (median, min, max) guest instructions per CPU second and "ratio"
    (median, min, max) of the per-round ratio to native; a technique that cannot run
    the workload has applicable False, a reason and no figures.  Every registered
    technique but native itself is listed, in registry order."""
    from .scenario import load_scenario
    from .vmm import techniques
    workloads = {
        "cruncher": ([load_scenario(CRUNCHER_NATIVE)], load_scenario(CRUNCHER),
                     "cruncher on the bare machine"),
        "two-guests": ([load_scenario(n) for n in TWO_NATIVE], load_scenario(TWO_GUESTS),
                       "Alpha then Beta, each alone on the bare machine"),
    }
    result = {}
    for key, (native, virtual, what) in workloads.items():
        entries, measures = {}, [lambda native=native: scenarios_rate(native, seconds)]
        for info in techniques.all_techniques():
            if info.native:
                continue
            entry = {"label": info.label, "applicable": True, "why": ""}
            if info.paravirtual:
                entry.update(applicable=False,
                             why="runs only paravirtual (ported, -pv) kernels; "
                                 "these are unported")
            elif not info.fits(len(virtual.guests)):
                entry.update(applicable=False,
                             why=f"runs at most {info.max_guests} guest(s)")
            else:
                scenario = virtual.with_technique(info.name)
                measures.append(lambda s=scenario: scenarios_rate([s], seconds))
            entries[info.name] = entry
        columns = interleave(rounds, *measures)
        base, runs = columns[0], iter(columns[1:])
        for entry in entries.values():
            if entry["applicable"]:
                rates = next(runs)
                entry["ratios"] = [r / b for r, b in zip(rates, base)]
                entry["rate"] = _spread(rates)
                entry["ratio"] = _spread(entry["ratios"])
        result[key] = {"baseline": {"what": what, "rate": _spread(base)},
                       "target": TECHNIQUE_TARGET if key == "cruncher" else None,
                       "techniques": entries}
    return result
