"""`vmlab bench`: the performance figures of docs/performance.md, measured now, each
beside its target."""

from __future__ import annotations

import platform
import statistics
import sys
from dataclasses import dataclass

from .. import bench

DOC = "docs/performance.md"
LABEL, VALUE = 34, 24   # columns of a figure line: label, value, then target

HEADER = (
    "  How to read this: ratios are what count. Each one compares two things measured in",
    "  the same rounds on this machine, so it means much the same anywhere. Absolute rates",
    "  (M/s) depend on the machine and on whatever else runs on it (a shared machine can",
    "  change speed by 2x from one second to the next): they are shown for reference only.",
    "  Times are this thread's CPU time; each figure is the median over the rounds, with",
    "  the lowest and highest round in brackets. A target not met yet is work in progress,",
    f"  not a problem with your installation: {DOC} explains each one.",
)


@dataclass(frozen=True)
class Target:
    """What a figure should reach: at least (≥), at most (≤) or under (<) a limit."""

    limit: float
    relation: str = "≥"
    unit: str = ""

    def met(self, value: float) -> bool:
        if self.relation == "≥":
            return value >= self.limit
        if self.relation == "≤":
            return value <= self.limit
        return value < self.limit

    def __str__(self) -> str:
        return f"target {self.relation} {self.limit:g}{self.unit}"


def verdict(value: float, target: Target) -> str:
    """'met', or a calm 'not met yet' that says where to read why."""
    return "met" if target.met(value) else f"not met yet (see {DOC})"


def figure_line(label: str, value: str, target: Target | None = None,
                judged: float | None = None, note: str | None = None) -> str:
    """One figure beside its target: 'label: value   target ≥ 0.7 — met'.  `judged`
    is the number compared with the target (the median, unless a figure says
    otherwise); `note` replaces the verdict (a figure not judged in this run)."""
    line = f"  {label + ':':<{LABEL}} {value}"
    if target is None:
        return line
    outcome = note if note is not None else verdict(judged, target)
    return f"{line:<{LABEL + VALUE + 3}} {target} — {outcome}"


def ratio_text(figure: tuple[float, float, float], digits: int = 2) -> str:
    """'0.31 (0.28–0.35)': median (min–max)."""
    median, low, high = figure
    return f"{median:.{digits}f} ({low:.{digits}f}–{high:.{digits}f})"


def rate_text(figure: tuple[float, float, float], unit: str = "/s") -> str:
    """'3.77 M/s (3.50–3.90)' from (median, min, max) per second."""
    median, low, high = (v / 1e6 for v in figure)
    return f"{median:.2f} M{unit} ({low:.2f}–{high:.2f})"


def micros_text(figure: tuple[float, float, float]) -> str:
    """'18.2 µs (17.0–19.5)' from (median, min, max) seconds."""
    median, low, high = (v * 1e6 for v in figure)
    return f"{median:.1f} µs ({low:.1f}–{high:.1f})"


def run(args) -> int:
    if args.gui:
        return run_gui(args)
    rounds = 5 if args.quick else 15
    print(f"vmlab bench — Python {platform.python_version()} ({sys.executable}), "
          f"{rounds} interleaved rounds of {bench.ROUND_SECONDS} CPU seconds per candidate")
    print("\n".join(HEADER))
    print_cpu(measure_cpu(rounds))
    figures = bench.technique_ratios(rounds)
    print_two_guests(figures["two-guests"])
    print_cruncher(figures["cruncher"])
    print_time_travel(bench.step_back_seconds())
    total = 10**7 if args.quick else bench.MEMORY_TARGET_CYCLES
    print_memory(total, bench.memory_in_fresh_process(total))
    print_snapshots(bench.snapshot_seconds(rounds))
    return 0


def measure_cpu(rounds: int) -> dict:
    """The VL32 CPU against the Python floor and (when installed) py65, interleaved."""
    measures = [bench.python_floor, lambda: bench.machine_rate(bench.LOOP_HEAVY),
                lambda: bench.machine_rate(bench.TRAP_HEAVY)]
    has_py65 = bench.py65_available()
    if has_py65:
        measures.append(bench.py65_rate)
    columns = bench.interleave(rounds, *measures)
    floor, loop, trap = columns[:3]
    figures = {"floor": bench.spread(floor),
               "loop": bench.spread(r[0] for r in loop),
               "loop_cycles": bench.spread(r[1] for r in loop),
               "trap": bench.spread(r[0] for r in trap),
               "trap_cycles": bench.spread(r[1] for r in trap),
               "loop_floor": bench.spread(r[0] / f for r, f in zip(loop, floor)),
               "py65": None, "loop_py65": None}
    if has_py65:
        py65 = columns[3]
        figures["py65"] = bench.spread(py65)
        figures["loop_py65"] = bench.spread(r[0] / p for r, p in zip(loop, py65))
    return figures


def print_cpu(f: dict) -> None:
    print()
    print("The VL32 CPU (bare machine)")
    print(figure_line("Python floor, table[i & 3](state)", rate_text(f["floor"], " calls/s")))
    print(figure_line("loop-heavy, instructions", rate_text(f["loop"])))
    print(figure_line("trap-heavy, instructions", rate_text(f["trap"])))
    if f["py65"] is not None:
        print(figure_line("py65 (6502), same kind of loop", rate_text(f["py65"])))
    print(figure_line("loop-heavy / Python floor", ratio_text(f["loop_floor"]),
                      Target(bench.FLOOR_TARGET), f["loop_floor"][0]))
    if f["loop_py65"] is None:
        print("  loop-heavy / py65: not measured — the comparison needs py65, a 6502 "
              "emulator in Python (pip install py65, or the extra: pip install 'vmlab[bench]')")
    else:
        print(figure_line("loop-heavy / py65", ratio_text(f["loop_py65"], 1),
                          Target(bench.PY65_TARGET, unit="×"), f["loop_py65"][0]))


def print_two_guests(figure: dict) -> None:
    """Each technique on two-guests against native Alpha, and its cost per VM exit."""
    print()
    print("The VMM on two-guests (Alpha and Beta), each technique")
    print(figure_line("native Alpha", rate_text(figure["baseline"]["rate"])))
    print(figure_line("Alpha then Beta natively", rate_text(figure["model"]["rate"])))
    exit_target = Target(figure["exit_target"] * 1e6, "≤", " µs")
    for name, entry in figure["techniques"].items():
        own = " (the scenario's own)" if name == figure["own"] else ""
        if not entry["applicable"]:
            print(f"  {entry['label']}{own}: not applicable, {entry['why']}")
            continue
        print(f"  {entry['label']}{own}: {rate_text(entry['rate'])}, {exits_text(entry)}")
        print(figure_line("  / native Alpha", ratio_text(entry["ratio"]),
                          Target(figure["target"]), entry["ratio"][0]))
        if entry["exit_cost"] is not None:
            print(figure_line("  host time per exit", micros_text(entry["exit_cost"]),
                              exit_target, entry["exit_cost"][0] * 1e6))


def exits_text(entry: dict) -> str:
    """'1,429 VM exits a run', callouts (which the exit cost counts as exits) added."""
    text = f"{entry['exits']:,.0f} VM exits"
    if entry["callouts"]:
        text += f" + {entry['callouts']:,.0f} callouts"
    return text + " a run"


def print_cruncher(figure: dict) -> None:
    """The compute-bound guest under each technique against native."""
    print()
    print("A compute-bound guest (cruncher), each technique / native cruncher")
    print(figure_line("native cruncher", rate_text(figure["baseline"]["rate"])))
    for entry in figure["techniques"].values():
        if not entry["applicable"]:
            print(f"  {entry['label']}: not applicable, {entry['why']}")
            continue
        print(figure_line(entry["label"], ratio_text(entry["ratio"]),
                          Target(figure["target"]), entry["ratio"][0]))


def print_time_travel(step_back: tuple[float, float, float]) -> None:
    median, low, high = step_back
    print()
    print("Time travel and memory")
    print(figure_line("step back, within the last 10^6",
                      f"worst {high * 1000:.0f} ms (median {median * 1000:.0f})",
                      Target(bench.STEP_BACK_TARGET, "<", " s"), high))


def print_snapshots(figure: dict) -> None:
    """Saving a paused guest to a snapshot file, and restoring it (medians of the rounds)."""
    print()
    print("Snapshots (a paused guest to files and back: docs/snapshots.md)")
    target = Target(bench.SNAPSHOT_TARGET, "<", " s")
    words = f"{figure['words']:,}-word guest"
    for what, key in (("snapshot", "snapshot"), ("restore", "restore")):
        median, low, high = figure[key]
        print(figure_line(f"{what} of a {words}",
                          f"{median * 1000:.0f} ms ({low * 1000:.0f}–{high * 1000:.0f})",
                          target, median))


def print_memory(total: int, memory: dict) -> None:
    """Max RSS of a fresh process along a long run; the target is judged at 10^8 cycles."""
    print(f"  memory along a {total:,}-cycle run with time travel on (a fresh process; "
          f"{memory['baseline']:.0f} MiB before the session):")
    for cycle, mib, checkpoints, events, segments in memory["points"]:
        print(f"    {cycle:>13,} cycles: max RSS {mib:4.0f} MiB; {checkpoints} checkpoints, "
              f"{events:,} events, {segments:,} timeline segments kept")
    cycle, mib = memory["points"][-1][:2]
    print(figure_line(f"max RSS after {cycle:,} cycles", f"{mib:.0f} MiB",
                      *memory_judgement(cycle, mib)))


def memory_judgement(cycle: int, mib: float) -> tuple[Target, float, str | None]:
    """The target is for 10^8 cycles.  A shorter run (--quick) is judged only when it is
    over already (a peak never comes down); otherwise it says when it will be."""
    target = Target(bench.MEMORY_TARGET, "≤", " MiB")
    note = None
    if cycle < bench.MEMORY_TARGET_CYCLES and target.met(mib):
        note = "judged at 10^8 cycles (run without --quick)"
    return target, mib, note


def run_gui(args) -> int:
    from ..gui import bench_gui
    seconds = 1.5 if args.quick else 3.0
    rounds = 3 if args.quick else 5
    headless, window = bench.interleave(rounds, lambda: bench_gui.headless_rate(seconds),
                                        lambda: bench_gui.window_rate(seconds))
    ratios = [w[0] / h for h, w in zip(headless, window)]
    print(f"vmlab bench --gui — {rounds} interleaved rounds of {seconds} s, medians")
    print(f"  headless (scenario {bench_gui.SCENARIO}): "
          f"{statistics.median(headless) / 1e6:.2f} M cycles/s")
    print(f"  window, all panels live: {statistics.median(w[0] for w in window) / 1e6:.2f} "
          f"M cycles/s, {statistics.median(w[1] for w in window):.0f} frames/s")
    print(figure_line("window / headless", ratio_text(bench.spread(ratios)), Target(0.6),
                      statistics.median(ratios)))
    launches = [bench_gui.launch_seconds() for _ in range(rounds)]
    print(figure_line("launch to a visible window",
                      f"worst {max(launches):.2f} s (median {statistics.median(launches):.2f})",
                      Target(2, "<", " s"), max(launches)))
    return 0
