"""The bench: its structure, the exit-cost model's arithmetic and how figures are printed
beside their targets, on small fake measurements.  Never timing: the figures live in
`vmlab bench` and docs/performance.md."""

import sys

import pytest

from vmlab import bench
from vmlab.cli import bench_cmd
from vmlab.cli.bench_cmd import Target
from vmlab.scenario import load_scenario
from vmlab.session import Session
from vmlab.vmm import techniques


# --- the model ----------------------------------------------------------------------

def test_exit_cost_is_what_the_run_took_beyond_native_speed_per_exit():
    # 1,000 instructions at 1 M/s natively take 1 ms; the run took 3 ms with 10 exits.
    run = bench.Sample(instructions=1000, seconds=0.003, exits=10)
    assert bench.exit_cost(run, native_rate=1e6) == pytest.approx(2e-4)
    # Callouts are entries into the VMM too: they share the cost.
    run = bench.Sample(instructions=1000, seconds=0.003, exits=4, callouts=6)
    assert run.entries == 10
    assert bench.exit_cost(run, native_rate=1e6) == pytest.approx(2e-4)
    # Natively (no exit) there is no cost per exit to speak of.
    assert bench.exit_cost(bench.Sample(1000, 0.001), native_rate=1e6) is None


def test_the_model_backwards_gives_the_measured_ratio_and_the_cost_a_ratio_needs():
    native_rate = 2e6
    run = bench.Sample(instructions=50_000, seconds=0.1, exits=1250)
    cost = bench.exit_cost(run, native_rate)
    per_instruction = run.exits / run.instructions
    assert bench.predicted_ratio(native_rate, cost, per_instruction) == pytest.approx(
        run.rate / native_rate)
    needed = bench.cost_for_ratio(native_rate, 0.7, per_instruction)
    assert bench.predicted_ratio(native_rate, needed, per_instruction) == pytest.approx(0.7)
    assert 0 < needed < cost
    assert bench.predicted_ratio(native_rate, 0.0, per_instruction) == 1


def test_samples_combine_as_instructions_over_time():
    a = bench.Sample(300, 0.1, runs=1)
    b = bench.Sample(100, 0.3, runs=2, exits=5, callouts=1)
    both = bench.combined(a, b)
    assert both == bench.Sample(400, pytest.approx(0.4), 3, 5, 1)
    assert both.rate == pytest.approx(1000)


def test_spread_is_median_min_max():
    assert bench.spread([3, 1, 2, 10]) == (2.5, 1, 10)
    assert bench.spread(iter([4.0])) == (4.0, 4.0, 4.0)


def test_interleave_runs_each_candidate_once_per_round_in_turn():
    calls = []
    a, b = bench.interleave(3, lambda: calls.append("A") or len(calls),
                            lambda: calls.append("B") or len(calls))
    assert calls == ["A", "B"] * 3
    assert a == [1, 3, 5] and b == [2, 4, 6]


def test_workload_figures_take_each_round_against_its_own_baseline():
    S = bench.Sample
    alpha = [S(1000, 0.001), S(1000, 0.002)]          # 1 M/s, then 0.5 M/s
    beta = [S(1000, 0.001), S(1000, 0.002)]
    vmm = [S(2000, 0.005, runs=1, exits=20), S(2000, 0.008, runs=1, exits=20)]
    entries = {"a": {"label": "A", "applicable": True, "why": ""},
               "b": {"label": "B", "applicable": False, "why": "cannot"}}
    figure = bench.workload_figures([alpha], [alpha, beta], entries, [vmm])
    a = figure["techniques"]["a"]
    # Round by round: 0.4 M/s over 1 M/s, then 0.25 M/s over 0.5 M/s.
    assert a["ratios"] == [pytest.approx(0.4), pytest.approx(0.5)]
    assert a["ratio"] == (pytest.approx(0.45), pytest.approx(0.4), pytest.approx(0.5))
    assert a["exits"] == 20 and a["callouts"] == 0
    # Native Alpha then Beta: 2,000 instructions take 2 ms, then 4 ms; the rest is exits.
    low, high = (0.005 - 0.002) / 20, (0.008 - 0.004) / 20
    assert a["exit_cost"] == (pytest.approx((low + high) / 2), pytest.approx(low),
                              pytest.approx(high))
    assert figure["baseline"]["rate"] == (pytest.approx(0.75e6), pytest.approx(0.5e6),
                                          pytest.approx(1e6))
    assert "rate" not in figure["techniques"]["b"]


# --- the structure of a real (untimed) measurement -------------------------------------

def test_techniques_section_lists_every_registered_technique_with_ratios_and_exits():
    figures = bench.technique_ratios(rounds=2, seconds=0.0)
    expected = [t.name for t in techniques.all_techniques() if not t.native]
    assert set(figures) == {"cruncher", "two-guests"}
    assert figures["cruncher"]["target"] == bench.TECHNIQUE_TARGET
    assert figures["two-guests"]["target"] == bench.VMM_TARGET
    assert figures["two-guests"]["exit_target"] == bench.EXIT_COST_TARGET
    two_guests = load_scenario(bench.TWO_GUESTS)
    assert figures["two-guests"]["own"] == two_guests.technique
    for key, figure in figures.items():
        assert list(figure["techniques"]) == expected
        for rate in (figure["baseline"]["rate"], figure["model"]["rate"]):
            assert rate[1] <= rate[0] <= rate[2] and rate[0] > 0
        for name, entry in figure["techniques"].items():
            info = techniques.get(name)
            if info.paravirtual:
                assert not entry["applicable"] and entry["why"]
                continue
            assert entry["applicable"]
            assert len(entry["ratios"]) == 2 and all(r > 0 for r in entry["ratios"])
            low, high = min(entry["ratios"]), max(entry["ratios"])
            assert low <= entry["ratio"][0] <= high
            assert entry["ratio"][1:] == (low, high)
            cost = entry["exit_cost"]
            if info.partitioned:                # type 0: no VMM, no exit to put a price on
                assert cost is None and entry["exits"] == 0
                continue
            assert cost[1] <= cost[0] <= cost[2]
            if key == "two-guests":
                # The exits are the session's own counters (a run is deterministic).
                session = Session(two_guests.with_technique(name), checkpoint_interval=1 << 60)
                session.run(two_guests.max_cycles)
                counters = session.counters()
                assert entry["exits"] == counters.exits > 0
                assert entry["callouts"] == counters.technique.get("callouts", {}).get(
                    "count", 0)


# --- printing -----------------------------------------------------------------------

def test_targets_compare_in_their_own_direction():
    assert Target(0.7).met(0.7) and not Target(0.7).met(0.69)
    assert Target(5, "≤", " µs").met(5) and not Target(5, "≤", " µs").met(5.1)
    assert Target(0.2, "<", " s").met(0.19) and not Target(0.2, "<", " s").met(0.2)
    assert str(Target(0.7)) == "target ≥ 0.7"
    assert str(Target(5, "≤", " µs")) == "target ≤ 5 µs"


def test_a_figure_sits_beside_its_target_calmly():
    line = bench_cmd.figure_line("two-guests / native Alpha", "0.31 (0.28–0.35)",
                                 Target(0.7), 0.31)
    assert line.startswith("  two-guests / native Alpha: ")
    assert line.index("0.31 (0.28–0.35)") < line.index("target ≥ 0.7 — not met yet")
    assert "see docs/performance.md" in line
    assert "MISS" not in line and "!" not in line
    assert bench_cmd.figure_line("x", "0.9", Target(0.7), 0.9).endswith("target ≥ 0.7 — met")
    assert bench_cmd.figure_line("x", "1.00 M/s") == "  x:" + " " * (bench_cmd.LABEL - 2) \
        + " 1.00 M/s"
    noted = bench_cmd.figure_line("x", "50 MiB", Target(80, "≤", " MiB"), 50, "later")
    assert noted.endswith("target ≤ 80 MiB — later")


def test_numbers_are_medians_with_their_spread():
    assert bench_cmd.ratio_text((0.314, 0.281, 0.35)) == "0.31 (0.28–0.35)"
    assert bench_cmd.ratio_text((3.84, 3.5, 4.06), 1) == "3.8 (3.5–4.1)"
    assert bench_cmd.rate_text((3.77e6, 3.5e6, 3.9e6)) == "3.77 M/s (3.50–3.90)"
    assert bench_cmd.micros_text((18.2e-6, 17e-6, 19.5e-6)) == "18.2 µs (17.0–19.5)"


def test_the_header_says_ratios_count_and_absolute_rates_vary():
    text = " ".join(bench_cmd.HEADER)
    assert "ratios are what count" in text
    assert "shared machine" in text and "reference only" in text
    assert "CPU time" in text and "median" in text and bench_cmd.DOC in text


def _figure(*entries, own="one"):
    return {"baseline": {"rate": (3e6, 2e6, 4e6)}, "model": {"rate": (3e6, 2e6, 4e6)},
            "target": 0.7, "exit_target": 5e-6, "own": own, "techniques": dict(entries)}


def _entry(label, ratio, cost, exits=100.0, callouts=0.0):
    return {"label": label, "applicable": True, "why": "", "rate": (1e6, 0.9e6, 1.1e6),
            "ratio": (ratio, ratio, ratio), "exits": exits, "callouts": callouts,
            "exit_cost": (cost, cost, cost)}


def test_two_guests_prints_each_technique_against_native_alpha_and_its_exit_cost(capsys):
    bench_cmd.print_two_guests(_figure(
        ("one", _entry("slow one", 0.31, 18e-6, exits=1429)),
        ("two", _entry("fast one", 0.72, 4e-6, exits=159, callouts=1146)),
        ("three", {"label": "third", "applicable": False, "why": "needs ported kernels"}),
        own="one"))
    out = capsys.readouterr().out
    assert "slow one (the scenario's own): 1.00 M/s (0.90–1.10), 1,429 VM exits a run" in out
    assert "fast one: 1.00 M/s (0.90–1.10), 159 VM exits + 1,146 callouts a run" in out
    lines = out.splitlines()
    slow = lines.index(next(line for line in lines if line.startswith("  slow one")))
    assert "0.31 (0.31–0.31)" in lines[slow + 1]
    assert "target ≥ 0.7 — not met yet" in lines[slow + 1]
    assert "18.0 µs" in lines[slow + 2] and "target ≤ 5 µs — not met yet" in lines[slow + 2]
    fast = lines.index(next(line for line in lines if line.startswith("  fast one")))
    assert lines[fast + 1].endswith("target ≥ 0.7 — met")
    assert "4.0 µs" in lines[fast + 2] and lines[fast + 2].endswith("target ≤ 5 µs — met")
    assert "third: not applicable, needs ported kernels" in out


def test_cruncher_prints_each_technique_against_its_target(capsys):
    figure = _figure(("one", _entry("slow one", 0.5, 1e-5)),
                     ("two", _entry("fast one", 0.65, 1e-5)))
    figure["target"] = 0.6
    bench_cmd.print_cruncher(figure)
    out = capsys.readouterr().out
    assert "slow one:" in out and "target ≥ 0.6 — not met yet" in out
    assert any(line.startswith("  fast one:") and line.endswith("target ≥ 0.6 — met")
               for line in out.splitlines())


def _cpu_measures(monkeypatch, py65):
    monkeypatch.setattr(bench, "python_floor", lambda: 10e6)
    monkeypatch.setattr(bench, "machine_rate",
                        lambda source: (4e6, 6e6) if source is bench.LOOP_HEAVY else (5e5, 9e5))
    monkeypatch.setattr(bench, "py65_available", lambda: py65)
    monkeypatch.setattr(bench, "py65_rate", lambda: 8e5)


def test_cpu_compares_with_py65_when_it_is_installed(monkeypatch, capsys):
    _cpu_measures(monkeypatch, py65=True)
    figures = bench_cmd.measure_cpu(rounds=2)
    assert figures["loop_floor"] == (pytest.approx(0.4),) * 3
    assert figures["loop_py65"] == (pytest.approx(5.0),) * 3
    bench_cmd.print_cpu(figures)
    out = capsys.readouterr().out
    assert "loop-heavy / Python floor:" in out and "target ≥ 0.35 — met" in out
    assert any(line.startswith("  py65 (6502), same kind of loop:") and "0.80 M/s" in line
               for line in out.splitlines())
    assert "target ≥ 5× — met" in out


def test_cpu_without_py65_says_how_to_get_the_comparison(monkeypatch, capsys):
    _cpu_measures(monkeypatch, py65=False)
    figures = bench_cmd.measure_cpu(rounds=2)
    assert figures["py65"] is None and figures["loop_py65"] is None
    bench_cmd.print_cpu(figures)
    out = capsys.readouterr().out
    assert "pip install py65" in out
    assert "target ≥ 5×" not in out


def test_py65_is_optional(monkeypatch):
    monkeypatch.setitem(sys.modules, "py65", None)   # import py65 now fails
    monkeypatch.delitem(sys.modules, "py65.devices", raising=False)
    monkeypatch.delitem(sys.modules, "py65.devices.mpu6502", raising=False)
    assert bench.py65_available() is False


def test_memory_is_judged_at_its_target_length_unless_over_already():
    cycles = bench.MEMORY_TARGET_CYCLES
    target, value, note = bench_cmd.memory_judgement(cycles // 10, 50.0)
    assert note and "10^8" in note and value == 50.0
    assert bench_cmd.memory_judgement(cycles // 10, 120.0)[2] is None
    target, value, note = bench_cmd.memory_judgement(cycles, 50.0)
    assert note is None and target.met(value)
    assert not target.met(120.0)


def test_time_travel_is_judged_on_the_worst_step_back(capsys):
    bench_cmd.print_time_travel((0.002, 0.001, 0.25))
    out = capsys.readouterr().out
    assert "worst 250 ms (median 2)" in out and "target < 0.2 s — not met yet" in out


def test_the_memory_run_reports_a_fresh_process_along_the_run():
    memory = bench.memory_in_fresh_process(200_000)
    cycles = [point[0] for point in memory["points"]]
    assert cycles == [20_000, 50_000, 100_000, 200_000]
    peaks = [point[1] for point in memory["points"]]
    assert 0 < memory["baseline"] <= peaks[0]
    assert peaks == sorted(peaks)                   # a peak never comes down
    assert all(point[2] >= 1 for point in memory["points"])   # checkpoints kept
