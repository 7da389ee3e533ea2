"""Type 0: hardware partitions (session/partitioned.py, docs/partitioning.md).

Each guest's kernel runs natively in its own partition, in fixed slices of
the one CPU: its console, registers and own clock equal native; the slices
alternate whatever the guests do; an idle partition's time is never lent
(type 1 lends it); partitions cannot overcommit memory.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from vmlab.cli.main import main
from vmlab.observe.accounting import BUCKET_IDLE
from vmlab.scenario import ScenarioError, load_scenario
from vmlab.session import Session
from vmlab.session.partitioned import PartitionedEngine
from vmlab.vmm import techniques

from .helpers import shipped


def _native(name: str) -> dict:
    s = Session(shipped(f"native-{name}"))
    s.run()
    return s.engine.summary(s.last_reason)["guests"][name]


def _type0(*names: str, quantum: int = 1500):
    guests = [shipped(f"native-{n}").guests[0] for n in names]
    scenario = replace(shipped("type0-busy-idle"), guests=guests, quantum=quantum,
                       host_memory=sum(g.memory for g in guests), max_cycles=5_000_000)
    return Session(scenario)


def test_registered_as_type_0_with_no_vmm():
    info = techniques.get("type-0")
    assert info.partitioned and not info.native and not info.under_vmm
    assert info.kernel_runs == "bare"
    s = Session(shipped("type0-busy-idle"))
    assert isinstance(s.engine, PartitionedEngine)
    assert not s.under_vmm and not s.native


@pytest.mark.parametrize("quantum", [700, 2000])
def test_each_partition_equals_native(quantum):
    """Alpha and Cruncher side by side in partitions: each prints, ends and counts its own
    cycles exactly as alone on the bare machine."""
    s = _type0("alpha", "cruncher", quantum=quantum)
    assert s.run() == "halt"
    summary = s.engine.summary(s.last_reason)
    for name in ("alpha", "cruncher"):
        native, mine = _native(name), summary["guests"][name]
        for key in ("console", "regs", "sr", "state", "traps"):
            assert mine[key] == native[key], (name, key)
        assert mine["cycles"]["kernel"] == native["cycles"]["kernel"]
        assert mine["cycles"]["user"] == native["cycles"]["user"]
        assert mine["vclock"] == native["sr"]["CYCLE"]


def test_fixed_slices_alternate_whatever_the_guests_do():
    """Every cycle of the timeline lies in the slot of the partition it is attributed to:
    slot k (S cycles, then C of switch) belongs to partition k mod 2, even while Idler
    sleeps in WFI or has halted; switches and unused slices are idle."""
    s = Session(shipped("type0-busy-idle"))
    s.run(until_cycle=300_000)
    engine = s.engine
    S, C = engine.slice, engine.switch_cost
    assert C == s.scenario.costs.partition_switch > 0
    owner = {f"{n}.{m}": i for i, n in enumerate(s.guest_names) for m in ("kernel", "user")}
    idle_in_idler_slots = 0
    for start, end, bucket in s.timeline():
        slot, offset = divmod(start, S + C)
        if bucket == BUCKET_IDLE:          # (one segment may run on through a switch)
            for k in range(slot, end // (S + C) + 1):
                if k % 2 == 1:
                    a, b = k * (S + C), k * (S + C) + S
                    idle_in_idler_slots += max(0, min(end, b) - max(start, a))
            continue
        assert offset < S and end <= slot * (S + C) + S, (start, end, bucket)
        assert slot % 2 == owner[bucket], (start, end, bucket)
    slots = 300_000 // (S + C)
    assert engine.switches == slots
    # Idler sleeps through nearly every slice it owns: those cycles are idle, not lent.
    idler = s.engine.summary(None)["guests"]["idler"]["cycles"]
    assert idle_in_idler_slots == idler["idle"] > 0.95 * (slots // 2) * S


def test_idle_time_is_not_lent_under_type_0_and_is_under_type_1():
    """The busy guest keeps its fixed share under type 0 (half the CPU, less switches),
    while under type 1 the VMM gives it nearly all of the CPU while Idler sleeps."""
    native = _native("cruncher")["sr"]["CYCLE"]
    done = {}
    for scenario in ("type0-busy-idle", "type1-busy-idle"):
        s = Session(shipped(scenario))
        s.run_until(lambda x: x.guest("cruncher").state == "halted", 2_000_000, 500)
        done[scenario] = s.cycle
        if scenario == "type0-busy-idle":
            busy = s.engine.summary(None)["guests"]["cruncher"]
            share = s.engine.slice / (2 * (s.engine.slice + s.engine.switch_cost))
            assert busy["cycles"]["idle"] == 0             # it used every cycle of its slices
            assert abs(busy["share"] - share) < 0.01
            assert s.cycle >= 2 * native
        else:
            totals = s.cycles_by_bucket()
            mine = totals["cruncher.kernel"] + totals["cruncher.user"]
            assert mine / s.cycle > 0.8
    assert done["type1-busy-idle"] < 0.65 * done["type0-busy-idle"]


def test_step_back_and_forth_gives_the_same_state():
    s = Session(shipped("type0-busy-idle"), checkpoint_interval=5_000)
    s.run(until_cycle=23_456)
    at = (s.engine.get_state(), s.timeline(), s.guest("idler").console)
    s.run(until_cycle=40_000)
    s.travel_to(23_456)
    assert (s.engine.get_state(), s.timeline(), s.guest("idler").console) == at
    for _ in range(20):
        s.step_instruction()
    assert s.cycle > 23_456


def test_partitions_cannot_overcommit_memory(tmp_path):
    text = (shipped("type0-busy-idle").path.read_text(encoding="utf-8")
            .replace("host_memory = 20480", "host_memory = 20000"))
    path = tmp_path / "over.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    message = str(err.value)
    assert "over.toml:" in message and "guest[1].memory" in message
    assert "overcommit" in message and "20,480" in message


def test_the_json_summary(capsys):
    assert main(["run", "--scenario", "type0-busy-idle", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    parts = out["partitions"]
    assert parts["slice"] == 2000 and parts["switch_cost"] == 10
    assert parts["switch_cycles"] == parts["switches"] * parts["switch_cost"]
    assert out["vmm"]["cycles"] == out["vmm"]["exits"] == 0
    owned = sum(sum(g["cycles"].values()) for g in out["guests"].values())
    assert owned + parts["switch_cycles"] == out["cycles"]
    idle = sum(g["cycles"]["idle"] for g in out["guests"].values())
    assert out["vmm"]["idle"] == idle + parts["switch_cycles"]
    assert out["guests"]["idler"]["console"].endswith("idler: done\n")


def test_no_vmm_to_pause_or_save_a_partition():
    s = Session(shipped("type0-busy-idle"))
    assert "type 0" in s.command_refusal("idler", "pause")
    assert "type 0" in s.snapshot_refusal("idler")


def test_technique_type_0_on_another_scenario(capsys):
    """--technique type-0 runs a VMM scenario's guests in partitions, and refuses one whose
    guests' memory does not fit in the machine side by side."""
    assert main(["run", "--scenario", "two-guests", "--technique", "type-0", "--json",
                 "--max-cycles", "30000"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["guests"]) == {"alpha", "beta"} and out["partitions"]["switches"] > 0
    problem = shipped("two-guests", host_memory=30_000).technique_problem("type-0")
    assert "overcommit" in problem and "32,768" in problem
    assert shipped("two-guests").technique_problem("type-0") is None
