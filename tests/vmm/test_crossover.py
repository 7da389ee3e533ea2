"""The 2006 crossover (Adams and Agesen, ASPLOS 2006), with the default costs.

First-generation hardware assist exits on every page-table switch (here: every
write of BASE or BOUND) but never on a system call, while binary translation
pays a callout for every sensitive kernel instruction and an exit for every
system call.  So, in total host cycles to run each workload kernel to HALT:

* on the context-switch-heavy guest (switcher) generation 1 is slower than
  binary translation;
* on the system-call-heavy guest (syscaller) it is faster;
* on the compute-bound guest (cruncher) they are about equal (within 3%);
* generation 2 (nested relocation: no window exits) is the fastest of the
  three on all of them.

docs/isa.md, section 13 ("What it costs"), gives the figures and why the
defaults are what they are.  If a technique's costs or behaviour change, this
is the test that says whether the lesson still holds.
"""

from __future__ import annotations

import pytest

from vmlab.session import Session

from .helpers import shipped

WORKLOADS = ("switcher", "syscaller", "cruncher")
TECHNIQUES = ("binary-translation", "hardware-assist-1", "hardware-assist-2")
TIE = 0.03                      # "about equal": within 3% of binary translation


@pytest.fixture(scope="module")
def host_cycles() -> dict[str, dict[str, int]]:
    """workload -> technique -> physical cycles from power-on to HALT (native included)."""
    out: dict[str, dict[str, int]] = {}
    for workload in WORKLOADS:
        out[workload] = {}
        for technique in ("native", *TECHNIQUES):
            session = Session(shipped(workload).with_technique(technique),
                              checkpoint_interval=1 << 60)
            session.run(20_000_000)
            assert session.halted == "halt", (workload, technique)
            assert session.guest(workload).state == "halted", (workload, technique)
            out[workload][technique] = session.cycle
    return out


def ratio(cycles: dict[str, int], technique: str) -> float:
    return cycles[technique] / cycles["binary-translation"]


def test_generation_1_is_slower_than_binary_translation_on_context_switches(host_cycles):
    assert ratio(host_cycles["switcher"], "hardware-assist-1") > 1 + TIE


def test_generation_1_is_faster_than_binary_translation_on_system_calls(host_cycles):
    assert ratio(host_cycles["syscaller"], "hardware-assist-1") < 1 - TIE


def test_generation_1_and_binary_translation_tie_on_compute(host_cycles):
    assert abs(ratio(host_cycles["cruncher"], "hardware-assist-1") - 1) <= TIE


@pytest.mark.parametrize("workload", WORKLOADS)
def test_generation_2_is_the_fastest_of_the_three(host_cycles, workload):
    cycles = host_cycles[workload]
    fastest = min(TECHNIQUES, key=cycles.__getitem__)
    assert fastest == "hardware-assist-2", cycles
    assert cycles["hardware-assist-2"] < cycles["hardware-assist-1"]
    assert cycles["hardware-assist-2"] < cycles["binary-translation"]


@pytest.mark.parametrize("workload", WORKLOADS)
def test_no_technique_beats_the_bare_machine(host_cycles, workload):
    cycles = host_cycles[workload]
    assert all(cycles[t] > cycles["native"] for t in TECHNIQUES)
