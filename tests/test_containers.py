"""Containers against virtual machines (issue 16, item 6; docs/containers.md).

One kernel (contained.vl32) runs two containers natively; two guests under
trap-and-emulate run one container each, the same work.  The containers
keep their process ids, memory and CPU shares apart; a kernel bug triggered
from container c1 kills both containers, while in the virtual machines it
kills one guest only; the containers take less memory and start faster.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from vmlab.containers import DEAD, FINISHED, containers_of, kernel_dead, measure
from vmlab.observe.vocabulary import GuestState
from vmlab.scenario import load_scenario
from vmlab.session import Session


@pytest.fixture(scope="module")
def reports():
    return {name: measure(name) for name in
            ("containers", "containers-crash", "two-vms", "two-vms-crash")}


def with_input(name: str, text: str):
    scenario = load_scenario(name)
    scenario.guests = [dataclasses.replace(scenario.guests[0], input=text)]
    return scenario


def pids(lines: list[str]) -> set[int]:
    return {int(m.group(1)) for line in lines
            if (m := re.search(r"\bpid (\d)", line))}


def test_two_containers_run_their_work_with_their_own_process_ids(reports):
    report = reports["containers"]
    assert report.halted == "halt"
    assert report.outcome == {"c1": FINISHED, "c2": FINISHED}
    for name in ("c1", "c2"):
        lines = report.consoles[name]
        assert [line for line in lines if line.startswith("round #")] == \
            [f"round #{k}, pid 1" for k in range(5)]
        assert pids(lines) == {1, 2}                       # each numbers its own from 1
        assert "process 1 exited with code 0" in lines
    # Every line the machine printed belongs to the kernel or to one container.
    session = Session(load_scenario("containers"))
    session.run()
    console = session.guest("kernel").console.splitlines()
    assert all(line.startswith(("[kernel] ", "[c1] ", "[c2] ")) for line in console)
    assert sum(len(lines) for lines in report.consoles.values()) == \
        len([line for line in console if not line.startswith("[kernel] ")])


def test_a_process_past_its_window_gets_bounds_and_cannot_reach_the_other_container():
    session = Session(load_scenario("containers"))
    session.run()
    groups = {c["name"]: c for c in containers_of(session, "kernel")}
    sym = session.guest("kernel").program.symbols
    assert groups["c1"]["region"] + sym["REGION_WORDS"] == groups["c2"]["region"]
    for name, group in groups.items():
        lines = [line for line in session.guest("kernel").console.splitlines()
                 if line.startswith(f"[{name}] ")]
        assert f"[{name}] process 2 killed: BOUNDS at 0x{sym['PROC_WORDS']:08X}" in lines
        assert not any("I have read it" in line for line in lines)
    # c1's prober (its window at the end of c1's region) aimed at the first word of c2.
    prober_base = groups["c1"]["region"] + sym["PROC_WORDS"]
    assert prober_base + sym["PROC_WORDS"] == groups["c2"]["region"]


@pytest.mark.parametrize("text, first", [("c1:2 c2:1\n", "c1"), ("c1:1 c2:2\n", "c2")])
def test_each_container_gets_its_cpu_share(text, first):
    session = Session(with_input("containers", text))
    done = lambda s: any(c["cpu"] and not c["live"]                           # noqa: E731
                         for c in containers_of(s, "kernel"))   # a container emptied
    assert session.run_until(done, 200_000, slice_cycles=100) == "predicate"
    groups = {c["name"]: c for c in containers_of(session, "kernel")}
    other = "c2" if first == "c1" else "c1"
    assert groups[first]["live"] == 0 and groups[other]["live"] > 0
    assert (groups[first]["share"], groups[other]["share"]) == (2, 1)
    # While both were busy, the one with share 2 used about twice the CPU of the other.
    ratio = groups[first]["cpu"] / groups[other]["cpu"]
    assert 1.6 < ratio < 2.4


def test_the_kernel_bug_from_one_container_takes_down_both(reports):
    clean, crash = reports["containers"], reports["containers-crash"]
    assert crash.outcome == {"c1": DEAD, "c2": DEAD}
    assert crash.halted is None                          # hung: not halted, not finished
    session = Session(load_scenario("containers-crash"))
    session.set_breakpoint("kernel", "sys_clear")
    assert session.run() == "breakpoint"
    bug_at = session.cycle
    session.set_breakpoint("kernel", "sys_clear", on=False)
    session.run(until_cycle=bug_at + 2_000)
    console = session.guest("kernel").console
    assert kernel_dead(session, "kernel")                # its trap entry is gone
    session.run()                                        # to the scenario's cycle limit
    assert session.cycle - bug_at > 100_000
    assert session.guest("kernel").console == console    # nobody printed again
    traps = session.counters().guests["kernel"].traps
    assert traps.get("ILLEGAL", 0) > 10_000               # the kernel traps into itself
    for name in ("c1", "c2"):                            # both stopped short of their work
        lines = crash.consoles[name]
        assert "process 1 exited with code 0" not in lines
        done = [line for line in lines if line.startswith("round #")]
        rounds = [line for line in clean.consoles[name] if line.startswith("round #")]
        assert done == rounds[:len(done)]
        assert len(done) < 5
    assert "asking the kernel to clear counter #2" in crash.consoles["c1"]


def test_in_virtual_machines_the_same_bug_takes_down_one_guest_only(reports):
    clean, crash = reports["two-vms"], reports["two-vms-crash"]
    assert crash.halted == "halt"                        # the VMM ran on to the end
    assert crash.guest_states == {"vm1": str(GuestState.CRASHED), "vm2": str(GuestState.HALTED)}
    assert crash.outcome == {"c1": DEAD, "c2": FINISHED}
    assert crash.consoles["c2"] == clean.consoles["c2"]  # as if nothing had happened
    assert "process 1 exited with code 0" in crash.consoles["c2"]
    assert clean.outcome == {"c1": FINISHED, "c2": FINISHED}
    # The same work as the containers: each container prints the same lines.
    native = reports["containers"]
    assert clean.consoles == native.consoles
    session = Session(load_scenario("two-vms-crash"))
    session.run()
    clean_session = Session(load_scenario("two-vms"))
    clean_session.run()
    assert session.guest("vm2").console == clean_session.guest("vm2").console
    assert session.guest("vm2").regs == clean_session.guest("vm2").regs


def test_containers_take_less_memory_and_start_faster(reports):
    native, vms = reports["containers"], reports["two-vms"]
    session = Session(load_scenario("two-vms"))
    assert native.memory == {"kernel": 4096, "c1": 4096, "c2": 4096}
    assert native.memory_total == load_scenario("containers").guests[0].memory
    assert vms.memory_total == session.memory_words
    assert set(vms.memory) == {"vmm", "vm1", "vm2"}
    assert vms.memory["vm1"] == vms.memory["vm2"] == load_scenario("two-vms").guests[0].memory
    assert native.memory_total < vms.memory_total
    for name in ("c1", "c2"):
        container, vm = native.startup[name], vms.startup[name]
        assert not container.boots_kernel and vm.boots_kernel
        assert container.vmm_cycles == 0 and vm.vmm_cycles > 0
        # Booting a kernel costs more than creating a group, even on the guest's own clock.
        assert container.guest_cycles < vm.guest_cycles < vm.total
        assert container.total < vm.total
        assert container.ready_at < vm.ready_at
    # Each container is created by the same code: the same cycles for both.
    assert native.startup["c1"].guest_cycles == native.startup["c2"].guest_cycles


def test_the_figures_hold_in_catalan(reports):
    catalan = measure("containers", lang="ca")
    english = reports["containers"]
    assert catalan.memory == english.memory
    assert {k: v.total for k, v in catalan.startup.items()} == \
        {k: v.total for k, v in english.startup.items()}
    assert catalan.outcome == english.outcome
    assert "volta #0, pid 1" in catalan.consoles["c1"]
    crash = measure("two-vms-crash", lang="ca")
    assert crash.outcome == {"c1": DEAD, "c2": FINISHED}
