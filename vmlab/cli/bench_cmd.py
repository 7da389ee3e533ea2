"""`vmlab bench`: the performance figures of docs/performance.md, measured now."""

from __future__ import annotations

import platform
import statistics
import sys

from .. import bench


def _fmt(rate: float) -> str:
    return f"{rate / 1e6:6.2f} M/s"


def run(args) -> int:
    if args.gui:
        return run_gui(args)
    rounds = 5 if args.quick else 15
    print(f"vmlab bench — Python {platform.python_version()} ({sys.executable}), "
          f"{rounds} interleaved rounds, medians")
    floor, loop, trap = bench.interleave(
        rounds, bench.python_floor,
        lambda: bench.machine_rate(bench.LOOP_HEAVY),
        lambda: bench.machine_rate(bench.TRAP_HEAVY))
    floor_m = statistics.median(floor)
    loop_ratios = [ins / f for (ins, _), f in zip(loop, floor)]
    print(f"  Python floor  table[i & 3](state)      {_fmt(floor_m)} calls")
    for name, rates in (("loop-heavy", loop), ("trap-heavy", trap)):
        ins = statistics.median(r[0] for r in rates)
        cyc = statistics.median(r[1] for r in rates)
        print(f"  VL32 {name:11}  instructions {_fmt(ins)}   cycles {_fmt(cyc)}")
    ratio = statistics.median(loop_ratios)
    verdict = "meets" if ratio >= 0.35 else "MISSES"
    print(f"  loop-heavy / Python floor = {ratio:.2f}  ({verdict} the 0.35 target)")

    native, beta, virtual = bench.interleave(
        max(3, rounds // 2), lambda: bench.session_rate("native-alpha"),
        lambda: bench.session_rate("native-beta"), lambda: bench.session_rate("two-guests"))
    vr = statistics.median(v[0] / n[0] for n, v in zip(native, virtual))
    # The same two kernels natively: their instructions over the sum of their times.
    same = statistics.median(v[0] * (1 / n[0] + 1 / b[0]) / 2
                             for n, b, v in zip(native, beta, virtual))
    print(f"  guest instructions: native Alpha {_fmt(statistics.median(n[0] for n in native))},"
          f" native Beta {_fmt(statistics.median(b[0] for b in beta))},"
          f" two-guests {_fmt(statistics.median(v[0] for v in virtual))}")
    print(f"  two-guests / native Alpha = {vr:.2f}  "
          f"({'meets' if vr >= 0.7 else 'MISSES'} the 0.7 target)")
    print(f"  two-guests / the same two kernels natively = {same:.2f}")

    print_techniques(bench.technique_ratios(rounds))

    median, worst = bench.step_back_seconds()
    print(f"  step back to a random cycle within the last 10^6: median {median * 1000:.0f} ms, "
          f"worst {worst * 1000:.0f} ms  ({'meets' if worst < 0.2 else 'MISSES'} the 0.2 s target)")
    total = 10**7 if args.quick else 10**8
    print(f"  memory along a {total:,}-cycle run with time travel on:")
    for cycle, mib, checkpoints, events, segments in bench.memory_over_long_run(total):
        print(f"    {cycle:>13,} cycles: max RSS {mib:5.0f} MiB; {checkpoints} checkpoints, "
              f"{events:,} events, {segments:,} timeline segments kept")
    return 0


def print_techniques(figures: dict) -> None:
    """Each registered technique's rate against native's, measured in the same rounds."""
    print("  techniques: guest instructions per host CPU second; each / native in the same "
          "rounds, median (min–max)")
    for workload, figure in figures.items():
        rate = figure["baseline"]["rate"][0]
        target = "" if figure["target"] is None else f", target ≥ {figure['target']}"
        print(f"    {workload}: native ({figure['baseline']['what']}) {_fmt(rate)}{target}")
        for name, entry in figure["techniques"].items():
            if not entry["applicable"]:
                print(f"      {name:19} not applicable ({entry['why']})")
                continue
            ratio, low, high = entry["ratio"]
            target = figure["target"]
            verdict = "" if target is None else (
                f"  ({'meets' if ratio >= target else 'below'} the {target} target)")
            print(f"      {name:19} {_fmt(entry['rate'][0])}  / native = {ratio:.2f} "
                  f"({low:.2f}–{high:.2f}){verdict}")


def run_gui(args) -> int:
    from ..gui import bench_gui
    seconds = 1.5 if args.quick else 3.0
    rounds = 3 if args.quick else 5
    headless, window = bench.interleave(rounds, lambda: bench_gui.headless_rate(seconds),
                                        lambda: bench_gui.window_rate(seconds))
    ratios = [w[0] / h for h, w in zip(headless, window)]
    print(f"vmlab bench --gui — {rounds} interleaved rounds of {seconds} s, medians")
    print(f"  headless (scenario {bench_gui.SCENARIO}): {_fmt(statistics.median(headless))} cycles")
    print(f"  window, all panels live: {_fmt(statistics.median(w[0] for w in window))} cycles, "
          f"{statistics.median(w[1] for w in window):.0f} frames/s")
    ratio = statistics.median(ratios)
    print(f"  window / headless = {ratio:.2f}  ({'meets' if ratio >= 0.6 else 'MISSES'} the "
          "0.6 target)")
    launches = [bench_gui.launch_seconds() for _ in range(rounds)]
    worst = max(launches)
    print(f"  launch to a visible window: median {statistics.median(launches):.2f} s, worst "
          f"{worst:.2f} s  ({'meets' if worst < 2 else 'MISSES'} the 2 s target)")
    return 0
