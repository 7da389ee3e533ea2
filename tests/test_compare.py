"""vmlab compare: one guest kernel under native and each technique.

Every figure is checked against the events of an independent run of the
same scenario (the trace a student could export), the equivalence flags
against the issue's claims (Beta under trap-and-emulate is not equivalent,
Alpha is, under every technique), and the command line's output and errors.
The techniques come from the registry, so a technique registered later is
checked without editing this file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from vmlab import compare
from vmlab.cli.main import main
from vmlab.compare import CompareError, Comparison, build_scenario, resolve_guest
from vmlab.isa.encoding import decode
from vmlab.isa.spec import SR_BASE, TRAP_ENTRY_CYCLES
from vmlab.session import Session
from vmlab.vmm import techniques

ROOT = Path(__file__).resolve().parents[1]
WORKLOADS = ("alpha", "beta", "syscaller", "switcher", "cruncher")
ROW_KEYS = {"technique", "label", "status", "applicable", "reason", "kernel", "stopped", "state",
            "host_cycles", "guest_cycles", "guest_host_cycles", "vmm_cycles", "idle_cycles",
            "overhead_percent", "exits", "exits_by_cause", "vmm_cycles_by_cause",
            "vmm_cycles_by_step", "vmm_cycles_outside_exits", "vmm_cycles_outside_exits_by_kind",
            "syscalls", "context_switches",
            "translation", "translation_cache", "hypercalls", "technique_counters", "events",
            "equivalent", "equivalence"}


def registered() -> list[str]:
    return [t.name for t in techniques.all_techniques()]


def paravirtual() -> list[str]:
    return [t.name for t in techniques.all_techniques() if t.paravirtual]


def unported() -> list[str]:
    """Techniques that run unchanged kernels under a VMM."""
    return [t.name for t in techniques.all_techniques() if t.under_vmm and not t.paravirtual]


_COMPARISONS: dict[str, Comparison] = {}


def compared(guest: str) -> Comparison:
    """Each workload compared once for the whole module (the runs are deterministic)."""
    if guest not in _COMPARISONS:
        _COMPARISONS[guest] = Comparison(guest)
        _COMPARISONS[guest].run()
    return _COMPARISONS[guest]


def replay(comparison: Comparison, technique: str) -> tuple[Session, list]:
    """The row's scenario run again, independently, with every event kept."""
    session = Session(comparison.scenario_for(technique), checkpoint_interval=1 << 60)
    events = list(session.stream_events(comparison.max_cycles))
    return session, events


# ---------------------------------------------------------------------- rows and order
def test_every_registered_technique_in_registry_order_native_first():
    c = compared("alpha")
    assert [r.technique for r in c.rows] == registered()
    assert c.rows[0].native and c.rows[0].technique == techniques.NATIVE
    assert c.to_dict()["techniques"] == registered()


def test_a_chosen_list_keeps_native_first_and_each_technique_once():
    names = [t for t in reversed(registered()) if t != techniques.NATIVE]
    c = Comparison("alpha", names + names[:1])
    assert [r.technique for r in c.rows] == [techniques.NATIVE] + names


@pytest.mark.parametrize("guest", WORKLOADS)
def test_native_row_is_the_baseline(guest):
    native = compared(guest).rows[0]
    assert native.status == "done" and native.stopped == "halt" and native.state == "halted"
    assert native.overhead_percent == 0.0
    assert native.exits == 0 and native.exits_by_cause == {}
    assert native.vmm_cycles == 0 and native.syscall_vmm_cycles == 0
    assert native.vmm_cycles_per_switch == 0 or native.context_switches == 0
    assert native.host_cycles == native.guest_cycles == native.guest_host_cycles \
        + native.idle_cycles
    assert native.equivalent is True
    assert native.hypercalls is None and native.translation is None


# ---------------------------------------------------------------------- figures = events
@pytest.mark.parametrize("guest", WORKLOADS)
def test_figures_equal_the_event_counts(guest):
    c = compared(guest)
    for row in c.rows:
        if not row.applicable:
            continue
        session, events = replay(c, row.technique)
        kinds = Counter(e.kind for e in events)
        exits = [e for e in events if e.kind == "vm-exit"]
        where = f"{guest} under {row.technique}"
        assert row.host_cycles == session.cycle, where
        # exits: the sum by cause is the number of VM-exit events, cause by cause
        assert sum(row.exits_by_cause.values()) == row.exits == len(exits), where
        assert row.exits_by_cause == dict(Counter(e.cause for e in exits)), where
        assert row.events == dict(kinds), where
        # VMM cycles: those of the exits, plus the VMM's work outside them
        assert row.vmm_cycles == session.cycles_by_bucket().get("vmm", 0), where
        assert sum(e.cost for e in exits) + row.vmm_cycles_outside_exits == row.vmm_cycles, where
        assert row.vmm_cycles_by_cause == dict(Counter({c: sum(e.cost for e in exits
                                                               if e.cause == c)
                                                        for c in row.exits_by_cause})), where
        assert sum(row.vmm_cycles_by_step.values()) == sum(e.cost for e in exits), where
        # VMM work logged outside exits (callouts, translations...) is part of the rest
        outside = row.vmm_cycles_outside_exits_by_kind
        assert 0 <= sum(outside.values()) <= row.vmm_cycles_outside_exits, where
        if not outside:
            # only the first VM entry, at power-on, is outside every exit
            assert row.vmm_cycles_outside_exits < 100, where
        reported = row.technique_counters or {}
        if row.translation is not None:
            assert row.translation["blocks"] == kinds.get("translation", 0), where
            assert outside.get("translation", 0) == row.translation["cycles"], where
        if isinstance(reported.get("callouts"), dict):
            assert outside.get("callout", 0) == reported["callouts"]["cycles"], where
            assert kinds.get("callout", 0) == reported["callouts"]["count"], where
        # the cycles add up
        assert row.host_cycles == row.guest_host_cycles + row.vmm_cycles + row.idle_cycles, where
        # system calls: the guest's SYSCALL traps; natively the trap events, under
        # trap-and-emulate the SYSCALL exits, each reflected into the guest kernel
        if row.native:
            assert row.syscalls == sum(1 for e in events
                                       if e.kind == "trap" and e.cause == "SYSCALL"), where
        if row.technique == "trap-and-emulate":
            assert row.syscalls == row.exits_by_cause.get("SYSCALL", 0) == sum(
                1 for e in events if e.kind == "reflection" and e.cause == "SYSCALL"), where
        syscall_exits = [e for e in exits if e.cause == "SYSCALL" and e.vmode == "user"]
        assert row.syscall_exit_vmm_cycles == sum(e.cost for e in syscall_exits), where
        assert row.syscall_vmm_cycles <= row.vmm_cycles and row.switch_vmm_cycles \
            + row.syscall_vmm_cycles <= row.vmm_cycles, where
        assert row.syscall_exits + row.switch_exits <= row.exits, where
        # hypercalls: the hypercall events, for paravirtual techniques only
        if row.paravirtual:
            assert row.hypercalls == kinds.get("hypercall", 0), where
            assert row.hypercall_vmm_cycles == sum(e.cost for e in events
                                                   if e.kind == "hypercall"), where
        else:
            assert row.hypercalls is None, where


@pytest.mark.parametrize("guest", ("alpha", "syscaller", "switcher", "cruncher"))
def test_context_switches_are_the_kernels_base_writes(guest):
    """Counted on the native run; trap-and-emulate emulates every one of them."""
    c = compared(guest)
    native = c.rows[0]
    assert native.context_switches > 0 and native.context_switches_counted_on == "native run"
    _, events = replay(c, "trap-and-emulate")
    emulated = 0
    for e in events:
        ins = decode(e.word) if e.kind == "emulation" else None
        if ins is not None and ins.mnemonic == "MTSR" and ins.imm == SR_BASE:
            emulated += 1
    assert emulated == native.context_switches
    for row in c.rows:
        if row.applicable and not row.paravirtual:
            assert row.context_switches == native.context_switches, row.technique


def test_switch_and_syscall_costs_under_trap_and_emulate():
    """Each switch writes BASE and BOUND: two emulations; the SYSCALL exit is reflected."""
    costs = build_scenario(resolve_guest("switcher"), techniques.get("trap-and-emulate")).costs
    exit_cost = TRAP_ENTRY_CYCLES + costs.vm_exit + costs.vm_entry
    row = compared("switcher").row("trap-and-emulate")
    assert row.switch_exits == 2 * row.context_switches
    assert row.vmm_cycles_per_switch == 2 * (exit_cost + costs.emulate)
    assert row.syscall_exit_cycles_per_syscall == exit_cost + costs.reflect
    # the kernel's own path costs more than the SYSCALL exit alone
    assert row.vmm_cycles_per_syscall > row.syscall_exit_cycles_per_syscall


def test_overhead_is_against_the_native_host_cycles():
    c = compared("syscaller")
    native = c.rows[0]
    for row in c.rows[1:]:
        if row.applicable:
            expected = 100 * (row.host_cycles - native.host_cycles) / native.host_cycles
            assert row.overhead_percent == pytest.approx(expected)
            assert row.to_dict()["overhead_percent"] == round(expected, 2)


# ---------------------------------------------------------------------- equivalence
def test_beta_under_trap_and_emulate_is_not_equivalent():
    row = compared("beta").row("trap-and-emulate")
    assert row.status == "done" and row.equivalent is False
    assert row.equivalence["console"] is False       # Beta's warning shows the flaw


@pytest.mark.parametrize("guest", WORKLOADS)
def test_every_unported_technique_is_equivalent_except_beta_under_trap_and_emulate(guest):
    for row in compared(guest).rows:
        if row.native or not row.applicable or row.paravirtual:
            continue
        expected = not (guest == "beta" and row.technique == "trap-and-emulate")
        assert row.equivalent is expected, (guest, row.technique, row.equivalence)
        if expected:
            assert all(row.equivalence.values())
            assert row.guest_cycles == compared(guest).rows[0].guest_cycles


def test_a_run_cut_at_the_cycle_limit_is_not_equivalent():
    c = Comparison("alpha", max_cycles=5_000)
    c.run()
    for row in c.rows:
        if row.applicable:
            assert row.stopped == "cycle-limit" and not row.finished
            assert row.equivalent is False, row.technique
            assert row.overhead_percent is None, row.technique   # no length to compare


# ---------------------------------------------------------------------- paravirtual
@pytest.mark.parametrize("technique", paravirtual())
def test_paravirtual_runs_the_port_or_is_not_applicable(technique):
    alpha = compared("alpha").row(technique)
    assert alpha.applicable and alpha.kernel == "alpha-pv"
    assert alpha.hypercalls > 0 and alpha.context_switches_counted_on == "its own run"
    assert alpha.equivalent is None                  # another kernel: not compared
    beta = compared("beta").row(technique)
    assert not beta.applicable and beta.status == compare.NOT_APPLICABLE
    assert beta.reason == "not applicable: no paravirtual port of beta"
    assert compared("beta").scenario_for(technique) is None
    data = beta.to_dict()
    assert data == {"technique": technique, "label": beta.label, "status": "not-applicable",
                    "applicable": False, "reason": beta.reason}


# ---------------------------------------------------------------------- guests
def test_guests_are_the_shipped_kernels_without_their_ports():
    guests = compare.available_guests()
    assert set(WORKLOADS) <= set(guests)
    assert not [g for g in guests if g.endswith("-pv")]
    assert resolve_guest("alpha").pv_name == "alpha-pv"
    assert resolve_guest("beta").pv_path is None


def test_a_program_file_is_a_guest(tmp_path):
    source = (ROOT / "assets" / "programs" / "cruncher.vl32").read_text(encoding="utf-8")
    path = tmp_path / "my kernel.vl32"
    path.write_text(source, encoding="utf-8")
    c = Comparison(str(path), ["trap-and-emulate"])
    c.run()
    assert c.guest.name == "my_kernel"
    assert [r.kernel for r in c.rows] == ["my_kernel", "my_kernel"]
    assert c.rows[1].equivalent is True
    assert c.rows[0].host_cycles == compared("cruncher").rows[0].host_cycles


@pytest.mark.parametrize("name", ["nope", "alpha-pv", "", "x" * 300])
def test_bad_guest_names(name):
    with pytest.raises(CompareError) as err:
        resolve_guest(name)
    if name in ("nope", "alpha-pv"):
        assert "known guests: " in str(err.value) and "syscaller" in str(err.value)


def test_bad_technique_names_list_the_registry():
    with pytest.raises(CompareError) as err:
        Comparison("alpha", ["trap-and-emulate", "magic"])
    assert "'magic'" in str(err.value)
    assert f"known techniques: {', '.join(techniques.technique_names())}" in str(err.value)


def test_incremental_steps_give_the_same_rows():
    whole = compared("alpha")
    c = Comparison("alpha")
    ticks, done = 0, 0
    while not c.step(0.0):
        ticks += 1
        now = sum(r.done for r in c.rows)
        assert now >= done                   # rows fill in, one after the other
        done = now
    assert ticks > len(c.rows)
    assert [r.to_dict() for r in c.rows] == [r.to_dict() for r in whole.rows]


def test_the_core_module_reads_the_read_model_only():
    text = (ROOT / "vmlab" / "compare.py").read_text(encoding="utf-8")
    code = re.sub(r'""".*?"""', "", text, flags=re.S)
    assert not re.search(r"\w\.(vmm|machine|log|engine)\b", code)   # session.vmm...
    assert "import PySide6" not in code and "from PySide6" not in code


# ---------------------------------------------------------------------- the command line
def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main(["compare", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_json_shape(capsys):
    code, out, err = run_cli(capsys, "--guest", "alpha", "--json")
    assert code == 0 and not err
    data = json.loads(out)
    assert set(data) == {"guest", "program", "paravirtual_port", "max_cycles", "techniques",
                         "rows"}
    assert data["guest"] == "alpha" and data["techniques"] == registered()
    assert [r["technique"] for r in data["rows"]] == registered()
    for row in data["rows"]:
        assert set(row) == ROW_KEYS
        assert set(row["syscalls"]) == {"count", "exits", "vmm_cycles", "vmm_cycles_per_call",
                                        "syscall_exit_vmm_cycles",
                                        "syscall_exit_vmm_cycles_per_call"}
        assert set(row["context_switches"]) == {"count", "counted_on", "exits", "vmm_cycles",
                                                "vmm_cycles_per_switch"}
    native = data["rows"][0]
    assert native["overhead_percent"] == 0 and native["exits"] == 0
    assert native["exits_by_cause"] == {}
    assert data == json.loads(json.dumps(compared("alpha").to_dict()))


def test_cli_text_tables_native_first_and_aligned(capsys):
    code, out, err = run_cli(capsys, "--guest", "beta", "--techniques",
                             ",".join(reversed(registered())))
    assert code == 0 and not err
    lines = out.splitlines()
    assert lines[0].startswith("Guest beta: alone under native and ")
    header, rule = lines[2], lines[3]
    assert header.split()[:2] == ["technique", "kernel"]
    assert set(rule.replace(" ", "")) == {"-"}
    rows = lines[4:4 + len(registered())]
    assert rows[0].split()[0] == "native"
    # each column starts where its header does
    starts = [m.start() for m in re.finditer(r"-+", rule)]
    for line in rows:
        if "not applicable" in line:
            continue
        for start in starts[1:]:
            assert line[start - 2:start] == "  " or line[start - 1] == " "
    te = next(line for line in rows if line.startswith("trap-and-emulate"))
    assert "no (console" in te
    beta = compared("beta")
    assert f"{beta.row('trap-and-emulate').host_cycles:,}" in te
    for name in paravirtual():
        assert any(line.startswith(name) and "no paravirtual port of beta" in line
                   for line in rows)
    assert "VM exits by cause" in out


@pytest.mark.parametrize("args, words", [
    (["--guest", "nope"], ["known guests:", "alpha", "beta", "syscaller"]),
    (["--guest", "alpha", "--techniques", "native,warp-drive"],
     ["'warp-drive'", "known techniques:"] + registered()),
    (["--guest", "alpha", "--techniques", ","], ["no technique named", "known techniques:"]),
    (["--guest", "alpha", "--max-cycles", "0"], ["--max-cycles"]),
])
def test_cli_bad_names_exit_2_with_the_known_ones(capsys, args, words):
    code = main(["compare", *args]) if "--max-cycles" not in args else None
    if code is None:
        with pytest.raises(SystemExit) as exit_:
            main(["compare", *args])
        code = exit_.value.code
    out, err = capsys.readouterr()
    assert code == 2 and not out
    for word in words:
        assert word in err
    assert "Traceback" not in err


def test_cli_a_program_that_does_not_assemble_says_where(capsys, tmp_path):
    bad = tmp_path / "bad.vl32"
    bad.write_text(".org 0\n bogus r1\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "--guest", str(bad))
    assert code == 2 and not out
    assert f"{bad}:2:" in err and "bogus" in err and ".toml" not in err


def test_cli_help_lists_the_options():
    with pytest.raises(SystemExit) as exit_:
        main(["compare", "--help"])
    assert exit_.value.code == 0
