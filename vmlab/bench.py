"""Benchmarks: rates measured in one run and compared as ratios.

The machines vmlab is measured on are shared and noisy: they flip between
speed modes every few seconds, and other programs take the CPU away at any
moment.  So every figure here follows one method:

- **CPU time of this thread** (`time.thread_time()`), never wall-clock time:
  time the scheduler gives to other processes is not counted;
- **interleaved rounds**: every candidate and its baseline run once per
  round, in turn (A B A B ...), so a change of speed mode hits both;
- **median and spread**: a figure is the median over the rounds of the
  per-round value (a ratio to the baseline of the same round), reported with
  the lowest and highest round (min–max).

The cost of a VM exit on the host comes from a simple model (see
`exit_cost`): a run under a VMM costs what the same guest instructions cost
natively, plus a cost per exit.  Nothing here is a test: `vmlab bench`
prints the figures that docs/performance.md records.
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

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

# The same kind of loop as LOOP_HEAVY for the 6502 that py65 emulates: load, add,
# store, increment, index, branch (7 instructions an iteration, as LOOP_HEAVY has).
PY65_ORG = 0x0400
PY65_LOOP = bytes([
    0xA2, 0x00,          # outer: LDX #0
    0xBD, 0x00, 0x10,    # inner: LDA $1000,X    load
    0x18,                #        CLC
    0x65, 0x10,          #        ADC $10        add to the sum
    0x85, 0x10,          #        STA $10        store the sum
    0xFE, 0x00, 0x10,    #        INC $1000,X    the word + 1, stored back
    0xE8,                #        INX
    0xD0, 0xF2,          #        BNE inner
    0x4C, 0x00, 0x04,    #        JMP outer
])

ROUND_SECONDS = 0.25     # CPU seconds each candidate runs in each round

# The targets `vmlab bench` compares its figures with (docs/performance.md says why).
FLOOR_TARGET = 0.35      # loop-heavy / Python floor
PY65_TARGET = 5.0        # loop-heavy / py65, the same kind of loop
TECHNIQUE_TARGET = 0.6   # compute-bound guest under each technique / native
VMM_TARGET = 0.7         # two-guests under each technique / native Alpha
EXIT_COST_TARGET = 5e-6  # host seconds per VM exit on two-guests, each technique
STEP_BACK_TARGET = 0.2   # seconds, the worst step back to a cycle in the last 10^6
MEMORY_TARGET = 80.0     # MiB, max RSS of a process that ran a 10^8-cycle session
MEMORY_TARGET_CYCLES = 10**8
SNAPSHOT_TARGET = 0.2    # seconds, a snapshot (and a restore) of a 16,384-word guest
SNAPSHOT_SCENARIO, SNAPSHOT_GUEST, SNAPSHOT_AT = "two-guests", "alpha", 50_000


def cpu_rate(chunk, seconds: float = ROUND_SECONDS) -> float:
    """Units per CPU second of this thread: call chunk() (it returns how many units it
    did) until `seconds` of thread CPU time are spent."""
    done, start = 0, time.thread_time()
    while True:
        done += chunk()
        spent = time.thread_time() - start
        if spent >= seconds and spent > 0:
            return done / spent


def python_floor(seconds: float = ROUND_SECONDS) -> float:
    """Calls per CPU second of `table[i & 3](state)`: the floor a Python CPU core lives on."""
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
    chunk = 200_000

    def calls():
        for i in range(chunk):
            table[i & 3](state)
        return chunk

    return cpu_rate(calls, seconds)


def machine_rate(source: str, seconds: float = ROUND_SECONDS) -> tuple[float, float]:
    """(instructions, cycles) per CPU second of a program on the bare machine."""
    program = assemble(source, "bench.vl32")
    m = Machine()
    m.load(program.image, program.entry)
    start = time.thread_time()
    while True:
        m.run(200_000)
        spent = time.thread_time() - start
        if spent >= seconds and spent > 0:
            return m.instret / spent, m.cycles / spent


def py65_available() -> bool:
    """py65 (a 6502 emulator in pure Python) is an optional extra: `pip install py65`."""
    try:
        import py65.devices.mpu6502  # noqa: F401
    except ImportError:
        return False
    return True


def py65_rate(seconds: float = ROUND_SECONDS) -> float:
    """6502 instructions per CPU second of py65 on PY65_LOOP (ImportError without py65)."""
    from py65.devices.mpu6502 import MPU
    mpu = MPU(pc=PY65_ORG)
    mpu.memory[PY65_ORG:PY65_ORG + len(PY65_LOOP)] = list(PY65_LOOP)
    step, chunk = mpu.step, 20_000

    def steps():
        for _ in range(chunk):
            step()
        return chunk

    return cpu_rate(steps, seconds)


def interleave(rounds: int, *measures):
    """Run each measure once per round, in turn; return the list of results per measure."""
    results = [[] for _ in measures]
    for _ in range(rounds):
        for out, measure in zip(results, measures):
            out.append(measure())
    return results


def spread(values) -> tuple[float, float, float]:
    """(median, min, max) of the per-round values."""
    values = list(values)
    return statistics.median(values), min(values), max(values)


def step_back_seconds(trials: int = 5) -> tuple[float, float, float]:
    """(median, min, max) CPU seconds to travel to a random cycle within the last 10^6."""
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
        start = time.thread_time()
        session.travel_to(target)
        times.append(time.thread_time() - start)
        session.travel_to(now)
    return spread(times)


def snapshot_seconds(rounds: int = 7) -> dict:
    """CPU seconds to save a paused guest to a snapshot file and to restore it from the
    file (Session.snapshot_guest, Session.restore_guest: capture, write, read, check,
    put back), alternately, on Alpha of two-guests (16,384 words) paused at cycle 50,000.
    {"words", "snapshot", "restore"}: (median, min, max) each."""
    import tempfile
    from pathlib import Path

    from .scenario import load_scenario
    from .session import Session
    session = Session(load_scenario(SNAPSHOT_SCENARIO))
    session.run(until_cycle=SNAPSHOT_AT)
    session.pause_guest(SNAPSHOT_GUEST)
    session.run_until(lambda s: s.guest(SNAPSHOT_GUEST).state == "paused", 1_000_000)
    saves, restores = [], []
    with tempfile.TemporaryDirectory(prefix="vmlab-bench-") as folder:
        path = Path(folder) / f"{SNAPSHOT_GUEST}.vmsnap.json"
        for _ in range(rounds):
            start = time.thread_time()
            session.snapshot_guest(SNAPSHOT_GUEST, path)
            saves.append(time.thread_time() - start)
            start = time.thread_time()
            session.restore_guest(SNAPSHOT_GUEST, path, resume=False)
            restores.append(time.thread_time() - start)
    return {"words": session.guest(SNAPSHOT_GUEST).size, "snapshot": spread(saves),
            "restore": spread(restores)}


def _max_rss_mib() -> float:
    """This process's peak resident size in MiB.  Linux's VmHWM belongs to the process's
    own memory, new at exec; getrusage's ru_maxrss (the fallback elsewhere) carries the
    parent's peak into a child it spawned, which would hide a fresh process's own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_over_long_run(total: int) -> dict:
    """Along a long run with time travel on, in this process: {"baseline": max RSS MiB
    before the session exists (the interpreter and vmlab), "points": [(cycle, max RSS
    MiB, checkpoints, events, timeline segments)]}.  Every buffer is bounded, so RSS
    levels off.  Meant for a fresh process: see memory_in_fresh_process."""
    from .scenario import load_scenario
    from .session import Session
    scenario = load_scenario("hog")
    baseline = _max_rss_mib()
    session = Session(scenario)
    points = []
    for mark in (total // 10, total // 4, total // 2, total):
        while session.cycle < mark:
            session.run(until_cycle=min(mark, session.cycle + 1_000_000))
        timeline = session.vmm.attribution.timeline if session.vmm else ()
        points.append((session.cycle, _max_rss_mib(), len(session.history.cycles),
                       len(session.log), len(timeline)))
    return {"baseline": baseline, "points": points}


def memory_in_fresh_process(total: int) -> dict:
    """memory_over_long_run in a new Python process, so its max RSS is the session's and
    the interpreter's, not what earlier measurements left in this one."""
    out = subprocess.run([sys.executable, "-m", "vmlab.bench", "memory", str(total)],
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise RuntimeError(f"the memory run failed:\n{out.stderr}")
    return json.loads(out.stdout)


# --- Sessions: guest instructions per CPU second, and the exits they take ---------------

@dataclass(frozen=True)
class Sample:
    """One candidate's share of one round: scenarios run to their end, again and again."""

    instructions: int        # guest instructions executed
    seconds: float           # CPU seconds of this thread spent running (not building)
    runs: int = 1            # how many runs of the scenarios
    exits: int = 0           # VM exits taken (none natively)
    callouts: int = 0        # calls into the VMM from translated code (binary translation)

    @property
    def rate(self) -> float:
        """Guest instructions per CPU second."""
        return self.instructions / self.seconds

    @property
    def entries(self) -> int:
        """Every time the guest left for the VMM: its VM exits and its callouts."""
        return self.exits + self.callouts


def session_sample(scenarios, seconds: float = ROUND_SECONDS) -> Sample:
    """Run the scenarios to their end one after the other, again and again until `seconds`
    of thread CPU time are spent.  Only running is timed, not building the session; the
    exits are read from the session's counters (its read model) after the run."""
    from .session import Session
    instructions = runs = exits = callouts = 0
    spent = 0.0
    while True:
        for scenario in scenarios:
            session = Session(scenario, checkpoint_interval=1 << 60)
            # What earlier runs left for the garbage collector (their sessions, freed by it
            # only) is collected now, untimed, as building this session is: else it falls
            # into whichever run allocates enough to trigger a collection, a VMM's run far
            # more often than a native one.  The run's own garbage is collected as it runs.
            gc.collect()
            start = time.thread_time()
            session.run(scenario.max_cycles)
            spent += time.thread_time() - start
            runs += 1
            if session.under_vmm:
                counters = session.counters()
                instructions += sum(g.instructions for g in counters.guests.values())
                exits += counters.exits
                callouts += counters.technique.get("callouts", {}).get("count", 0)
            else:
                instructions += session.machine.instret
        if spent >= seconds and spent > 0:
            return Sample(instructions, spent, runs, exits, callouts)


def scenarios_rate(scenarios, seconds: float = ROUND_SECONDS) -> float:
    """Guest instructions per CPU second of the scenarios (see session_sample)."""
    return session_sample(scenarios, seconds).rate


def combined(*samples: Sample) -> Sample:
    """Several samples as one: their instructions over their CPU time."""
    return Sample(sum(s.instructions for s in samples), sum(s.seconds for s in samples),
                  sum(s.runs for s in samples), sum(s.exits for s in samples),
                  sum(s.callouts for s in samples))


# --- The exit-cost model -------------------------------------------------------------
#
# A run under a VMM costs:  run time = fast loop + set-up + exits × cost per exit,
# where the fast loop is the guest's instructions at native speed.  Measuring the
# native rate of the same kernels in the same round gives the fast loop, so
#
#     cost per exit = (CPU time of the VMM run − instructions / native rate) / exits
#
# Set-up (building the VMM, loading the guests) is not separated: it is folded into
# the cost per exit, which is therefore an upper bound.  Backwards, the ratio to
# native a technique reaches is 1 / (1 + native rate × cost per exit × exits per
# instruction): cheaper exits, or fewer, bring it to 1.

def exit_cost(vmm: Sample, native_rate: float) -> float | None:
    """Host CPU seconds per VM exit (callouts count as exits), by the model above; None
    when the run took no exit."""
    if vmm.entries == 0:
        return None
    return (vmm.seconds - vmm.instructions / native_rate) / vmm.entries


def predicted_ratio(native_rate: float, cost: float, exits_per_instruction: float) -> float:
    """The model backwards: the rate under the VMM over the native rate."""
    return 1 / (1 + native_rate * cost * exits_per_instruction)


def cost_for_ratio(native_rate: float, ratio: float, exits_per_instruction: float) -> float:
    """The cost per exit, in host seconds, at which the model reaches `ratio` of native."""
    return (1 / ratio - 1) / (native_rate * exits_per_instruction)


# --- Techniques: each registered technique against native, in the same rounds ---------

CRUNCHER_NATIVE = "native-cruncher"   # the compute-bound guest on the bare machine
CRUNCHER = "cruncher"                 # the same guest under a VMM (any technique)
TWO_GUESTS = "two-guests"             # Alpha and Beta under a VMM (any technique)
TWO_NATIVE = ("native-alpha", "native-beta")  # native: the two kernels one after the other


def workload_figures(baseline: list[list[Sample]], model: list[list[Sample]],
                     entries: dict, columns: list[list[Sample]]) -> dict:
    """Fill each applicable technique's figures from its samples, round by round.

    baseline: the native samples its ratio is taken to, one column per scenario
    (combined round by round); model: the native samples of the same kernels, which
    the exit-cost model uses; entries: {name: entry} in registry order, the applicable
    ones taking the next column of `columns` in turn.  Adds to each applicable entry
    "rate" (spread of guest instructions per CPU second), "ratios" and "ratio" (to the
    baseline, round by round), "exits" and "callouts" per run, and "exit_cost" (spread
    of host seconds per exit, None when it took none).  Returns {"baseline": {"rate"},
    "model": {"rate"}, "techniques": entries}."""
    base = [combined(*samples) for samples in zip(*baseline)]
    native = [combined(*samples) for samples in zip(*model)]
    runs = iter(columns)
    for entry in entries.values():
        if not entry["applicable"]:
            continue
        samples = next(runs)
        entry["ratios"] = [s.rate / b.rate for s, b in zip(samples, base)]
        entry["rate"] = spread(s.rate for s in samples)
        entry["ratio"] = spread(entry["ratios"])
        entry["exits"] = samples[0].exits / samples[0].runs
        entry["callouts"] = samples[0].callouts / samples[0].runs
        costs = [exit_cost(s, n.rate) for s, n in zip(samples, native)]
        entry["exit_cost"] = None if None in costs else spread(costs)
    return {"baseline": {"rate": spread(b.rate for b in base)},
            "model": {"rate": spread(n.rate for n in native)}, "techniques": entries}


def technique_ratios(rounds: int, seconds: float = ROUND_SECONDS) -> dict:
    """Every registered technique against native on the compute-bound guest and on
    two-guests, measured interleaved (the native runs, then each technique, every round).

    Returns {"cruncher": workload, "two-guests": workload}.  A workload is
    {"baseline": {"what", "rate"}, "model": {"what", "rate"}, "target": the ratio to
     reach, "exit_target": host seconds per exit or None, "own": the scenario's own
     technique, "techniques": {name: {"label", "applicable", "why", "rate", "ratio",
     "ratios", "exits", "callouts", "exit_cost"}}}, each rate and "ratio" (median, min,
    max) over the rounds.  The baseline of cruncher is native-cruncher (target 0.6);
    that of two-guests is native Alpha (target 0.7, and 5 µs per exit).  "model" is
    the native rate of the same kernels (cruncher; Alpha then Beta), which the
    exit-cost model uses.  A technique that cannot run the workload has applicable
    False, a reason and no figures.  Every registered technique but native itself is
    listed, in registry order."""
    from .scenario import load_scenario
    from .vmm import techniques
    workloads = {
        "cruncher": ({"cruncher": CRUNCHER_NATIVE}, ["cruncher"], ["cruncher"],
                     CRUNCHER, "cruncher on the bare machine", TECHNIQUE_TARGET, None),
        "two-guests": ({"alpha": TWO_NATIVE[0], "beta": TWO_NATIVE[1]}, ["alpha"],
                       ["alpha", "beta"], TWO_GUESTS, "Alpha alone on the bare machine",
                       VMM_TARGET, EXIT_COST_TARGET),
    }
    model_what = {"cruncher": "cruncher on the bare machine",
                  "two-guests": "Alpha then Beta, each alone on the bare machine"}
    result = {}
    for key, (natives, baseline, model, virtual, what, target, exit_target) in \
            workloads.items():
        virtual = load_scenario(virtual)
        measures = [lambda s=load_scenario(n): session_sample([s], seconds)
                    for n in natives.values()]
        entries = {}
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
                measures.append(lambda s=scenario: session_sample([s], seconds))
            entries[info.name] = entry
        columns = interleave(rounds, *measures)
        native = dict(zip(natives, columns))
        figure = workload_figures([native[n] for n in baseline], [native[n] for n in model],
                                  entries, columns[len(natives):])
        figure["baseline"]["what"] = what
        figure["model"]["what"] = model_what[key]
        figure.update(target=target, exit_target=exit_target, own=virtual.technique)
        result[key] = figure
    return result


if __name__ == "__main__":   # python -m vmlab.bench memory N: the fresh process's part
    if sys.argv[1:2] == ["memory"]:
        print(json.dumps(memory_over_long_run(int(sys.argv[2]))))
