"""Every event of every technique can be written out (vmlab trace, --json, the GUI)."""

import json

import pytest

from vmlab.scenario import load_scenario
from vmlab.session import Session
from vmlab.vmm import techniques


def _scenarios():
    names = []
    for info in techniques.all_techniques():
        if info.native:
            continue
        # A technique whose kernels make hypercalls runs the ported Alpha.
        names.append(("two-guests-pv" if info.kernel_runs == "hypercalls" else "two-guests",
                      info.name))
    return names


@pytest.mark.parametrize("name, technique", _scenarios())
def test_every_event_becomes_plain_data(name, technique):
    scenario = load_scenario(name)
    if scenario.technique != technique:
        scenario = scenario.with_technique(technique)
    session = Session(scenario)
    session.run(60_000)
    kinds = set()
    for event in session.log:
        data = event.to_dict()
        json.dumps(data)
        kinds.add(data["kind"])
        if "word" in data and data["word"] is not None and hasattr(type(event), "instruction"):
            assert data["instruction"] == event.instruction
    if techniques.get(technique).partitioned:
        # Type 0: no VMM, so no VM exit: the partitions' own traps and console output.
        assert "vm-exit" not in kinds and "trap" in kinds
    else:
        assert "vm-exit" in kinds
