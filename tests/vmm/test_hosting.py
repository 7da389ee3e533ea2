"""Type 2 against type 1 (issue 16, item 3): a hosted VMM, whose every exit passes
through the host OS kernel (docs/hypervisor-types.md).

Each exit under type 2 has one host-kernel transition up (after the exit step)
and one down (before the entry that ends it), at the cost model's prices,
charged to the exiting guest and attributed to the "host" bucket; the guests
behave exactly as under type 1 and natively; on a workload whose exits do not
depend on the VMM's time (one guest, a quantum longer than the run), type 2
takes exactly the transitions' cycles more than type 1.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from vmlab.observe.accounting import BUCKET_HOST, BUCKET_VMM
from vmlab.observe.events import VmExit
from vmlab.observe.vocabulary import HOST_STEPS, VmmStep
from vmlab.scenario import ScenarioError, load_scenario, parse_scenario
from vmlab.session import Session
from vmlab.vmm.costs import CostModel

from .helpers import shipped

UP, DOWN = VmmStep.HOST_UP.value, VmmStep.HOST_DOWN.value


def run(scenario, max_cycles: int = 10**7) -> Session:
    session = Session(scenario)
    session.run(max_cycles)
    assert session.halted, "the scenario should run to its end"
    return session


def exits(session: Session) -> list[VmExit]:
    events, _ = session.events.read(None)
    return [e for e in events if isinstance(e, VmExit)]


def hosted(scenario, **changes):
    return dataclasses.replace(scenario, hosting="type-2", **changes)


@pytest.fixture(scope="module")
def two_guests():
    """two-guests under type 1 and under type 2 (the shipped scenario), run to the end."""
    return run(shipped("two-guests")), run(shipped("two-guests-type2"))


def test_the_shipped_type2_scenarios_are_their_type1_scenarios_hosted():
    for type2, type1 in (("two-guests-type2", "two-guests"), ("cruncher-type2", "cruncher")):
        a, b = load_scenario(type2), load_scenario(type1)
        assert (a.hosting, b.hosting) == ("type-2", "type-1")
        assert a.technique == b.technique
        assert [g.program.image for g in a.guests] == [g.program.image for g in b.guests]


def test_each_exit_goes_up_and_down_through_the_host_kernel_once(two_guests):
    _, session = two_guests
    costs = session.scenario.costs
    logged = exits(session)
    assert logged
    for ex in logged:
        kinds = [kind for kind, _ in ex.steps]
        assert kinds.count(UP) == 1, ex
        # Up right after the VMM's exit step: the host kernel receives the exit first.
        assert kinds[kinds.index(UP) - 1] == VmmStep.EXIT
        entered = kinds[-1] == VmmStep.ENTRY
        assert kinds.count(DOWN) == (1 if entered else 0), ex
        if entered:
            assert kinds[-2] == DOWN      # down through the host kernel, then the entry
        cycles = {kind: cost for kind, cost in ex.steps if kind in HOST_STEPS}
        assert cycles[UP] == costs.host_up
        assert cycles.get(DOWN, costs.host_down) == costs.host_down
    # Every exit but the last (the VMM powers off: no entry) ends in an entry.
    assert [ex.steps[-1][0] == VmmStep.ENTRY for ex in logged].count(False) == 1


def test_the_transitions_are_counted_per_exit(two_guests):
    _, session = two_guests
    logged = exits(session)
    counters = session.counters()
    steps = [kind for ex in logged for kind, _ in ex.steps]
    assert counters.exits == len(logged)
    assert counters.host_transitions == steps.count(UP) + steps.count(DOWN)
    assert counters.host_transitions == 2 * counters.exits - 1     # the last exit: no entry
    summary = session.summary()["vmm"]["host"]
    assert summary["transitions"] == counters.host_transitions


def test_the_host_bucket_holds_the_transitions_cycles(two_guests):
    type1, type2 = two_guests
    costs = type2.scenario.costs
    steps = [kind for ex in exits(type2) for kind, _ in ex.steps]
    expected = steps.count(UP) * costs.host_up + steps.count(DOWN) * costs.host_down
    totals = type2.cycles_by_bucket()
    assert totals[BUCKET_HOST] == expected
    assert sum(totals.values()) == type2.cycle
    assert BUCKET_HOST in type2.buckets() and BUCKET_HOST not in type1.buckets()
    assert BUCKET_HOST not in type1.cycles_by_bucket()
    assert type1.counters().host_transitions == 0
    # The timeline shows the host kernel's segments, each one transition long.
    host = [(a, b) for a, b, bucket in type2.timeline() if bucket == BUCKET_HOST]
    assert sum(b - a for a, b in host) == expected
    assert {b - a for a, b in host} <= {costs.host_up, costs.host_down}
    # Charged to the guests: the VMM's and the host kernel's part of their exits.
    charged = sum(g.vmm_cycles for g in type2.counters().guests.values())
    assert charged == totals[BUCKET_VMM] + totals[BUCKET_HOST]


def test_the_guests_behave_as_under_type1_and_natively(two_guests):
    type1, type2 = two_guests
    for name in ("alpha", "beta"):
        g1, g2 = type1.guest(name), type2.guest(name)
        assert g2.console == g1.console and g2.console
        assert g2.regs == g1.regs
        assert g2.vclock == g1.vclock
    # Alpha natively (Beta reads its mode with GETF, which trap-and-emulate cannot hide:
    # the lecture's flaw, the same under both hostings).
    native = run(shipped("native-alpha")).guest("alpha")
    assert (native.console, native.regs) == (type2.guest("alpha").console,
                                             type2.guest("alpha").regs)


def test_type2_exceeds_type1_by_exactly_the_transitions():
    """One guest, a quantum longer than the run: the same exits under both, so type 2
    takes exactly their transitions' cycles more (and the same cycles otherwise)."""
    base = shipped("cruncher", quantum=10_000_000)
    costs = CostModel().with_overrides({"host_up": 123, "host_down": 45})
    type1 = run(dataclasses.replace(base, costs=costs))
    type2 = run(hosted(base, costs=costs))
    n = type2.counters().exits
    assert n == type1.counters().exits > 0
    assert type2.counters().exits_by_cause == type1.counters().exits_by_cause
    # Every exit goes up; every one but the last comes back down into the guest.
    assert type2.cycle - type1.cycle == n * 123 + (n - 1) * 45
    t1, t2 = type1.cycles_by_bucket(), type2.cycles_by_bucket()
    assert t2[BUCKET_HOST] == n * 123 + (n - 1) * 45
    assert {k: v for k, v in t2.items() if k != BUCKET_HOST} == t1
    assert type2.guest("cruncher").console == type1.guest("cruncher").console


def test_free_transitions_change_nothing_but_the_steps():
    base = shipped("syscaller", quantum=700)
    free = CostModel().with_overrides({"host_up": 0, "host_down": 0})
    type1, type2 = run(base), run(hosted(base, costs=free))
    assert type2.cycle == type1.cycle
    assert type2.counters().exits_by_cause == type1.counters().exits_by_cause
    assert type2.counters().host_transitions == 2 * type2.counters().exits - 1


def test_stepping_back_keeps_the_count():
    session = Session(shipped("two-guests-type2"))
    session.run(until_cycle=30_000)
    counted, totals = session.counters().host_transitions, session.cycles_by_bucket()
    session.run(until_cycle=60_000)
    session.travel_to(30_000)
    assert session.counters().host_transitions == counted
    assert session.cycles_by_bucket() == totals


SCENARIO = """\
[scenario]
technique = "{technique}"
hosting = {hosting}

[[guest]]
name = "alpha"
program = "alpha"
"""


@pytest.mark.parametrize("technique,hosting,message", [
    ("trap-and-emulate", '"type-3"', "did you mean 'type-2'?"),
    ("trap-and-emulate", '"hosted"', "must be one of"),
    ("trap-and-emulate", "2", "must be one of"),
    ("native", '"type-2"', "hosting 'type-2' needs a VMM, and technique 'native' has none"),
])
def test_a_wrong_hosting_is_refused_with_file_line_and_key(tmp_path, technique, hosting,
                                                           message):
    path = tmp_path / "mine.toml"
    path.write_text(SCENARIO.format(technique=technique, hosting=hosting), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    text = str(caught.value)
    assert "mine.toml:3: scenario.hosting: " in text
    assert message in text
    catalan = caught.value.render("ca")
    assert "mine.toml:3: scenario.hosting: " in catalan
    if technique == "native":
        assert "l’allotjament 'type-2' necessita una VMM" in catalan


def test_hosting_defaults_to_type1():
    scenario = parse_scenario({"scenario": {"technique": "trap-and-emulate"},
                               "guest": [{"name": "alpha", "program": "alpha"}]}, "x", None)
    assert scenario.hosting == "type-1"
    assert scenario.with_technique("native").hosting == "type-1"
    assert hosted(scenario).with_technique("binary-translation").hosting == "type-2"


def test_the_documents_figures_are_the_simulations(two_guests):
    """docs/hypervisor-types.md, section 4: each row is what a run gives (both languages)."""
    docs = Path(__file__).resolve().parents[2] / "docs"
    runs = {"two-guests": two_guests[0], "two-guests-type2": two_guests[1],
            "cruncher": run(shipped("cruncher")), "cruncher-type2": run(shipped("cruncher-type2"))}
    for name, session in runs.items():
        totals, counted = session.cycles_by_bucket(), session.counters()
        figures = [session.cycle, totals[BUCKET_VMM], totals.get(BUCKET_HOST, 0), counted.exits,
                   counted.host_transitions]
        for doc, sep in (("hypervisor-types.md", ","), ("hypervisor-types.ca.md", ".")):
            row = next(line for line in (docs / doc).read_text(encoding="utf-8").splitlines()
                       if line.startswith(f"| `{name}` |") and "%" in line)
            cells = [c.strip() for c in row.strip("|").split("|")][1:6]
            assert [int(c.replace(sep, "")) for c in cells] == figures, (doc, name)
