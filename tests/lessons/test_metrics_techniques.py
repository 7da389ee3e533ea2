"""Metrics that read what each technique does (for lesson 6): hardware-assist exit reasons,
binary translation's counters, and compare_cycles (the comparison panel's runs).

Every figure is checked against what vmlab.compare reads from the event log of the same
run, or against the session's own counters; the comparison panel is a panel lessons name.
"""

from __future__ import annotations

import pytest

from vmlab.compare import Comparison
from vmlab.lessons.expr import ExprError, check, evaluate, parse
from vmlab.lessons.metrics import EXIT_REASONS, argument_validator, metric_functions
from vmlab.lessons.model import PANELS
from vmlab.scenario import load_scenario
from vmlab.session import Session


def run(name: str) -> Session:
    session = Session(load_scenario(name))
    assert session.run(5_000_000) == "halt"
    return session


def value(session, text):
    return evaluate(parse(text), metric_functions(session, {}))


@pytest.fixture(scope="module")
def switcher_rows():
    return {row.technique: row for row in
            Comparison("switcher", ["binary-translation", "hardware-assist-1"]).run()}


def test_exits_take_the_hardware_exit_reasons(switcher_rows):
    hw1 = run("switcher-hw1")
    row = switcher_rows["hardware-assist-1"]
    assert value(hw1, "exits('switcher', 'SR-WRITE')") == row.exits_by_cause["SR-WRITE"] > 0
    for reason in ("IO", "PREEMPT", "HALT"):
        assert value(hw1, f"exits('switcher', '{reason}')") == row.exits_by_cause[reason]
    assert value(hw1, "exits('switcher', 'sr-write')") == row.exits_by_cause["SR-WRITE"]
    assert value(hw1, "exits('switcher', 'SYSCALL')") == 0          # no system call exits
    assert sum(value(hw1, f"exits('switcher', '{r}')") for r in EXIT_REASONS) \
        == value(hw1, "exits('switcher')")
    tae = run("switcher")
    assert value(tae, "exits('switcher', 'SR-WRITE')") == 0
    with pytest.raises(ExprError):
        value(hw1, "exits('switcher', 'SR-WRIT')")
    with pytest.raises(ExprError):
        value(hw1, "traps('switcher', 'SR-WRITE')")          # a guest never takes that trap


def test_the_validator_knows_the_exit_reasons():
    validate = argument_validator(["switcher"], set(), {})
    check(parse("exits('switcher', 'SR-WRITE') + exits('switcher', 'PREEMPT')"),
          metric_functions(None, {}), validate)
    for bad in ("traps('switcher', 'SR-WRITE')", "exits('switcher', 'ENTRY-FAILURE')",
                "cache_hits('alpha')"):
        with pytest.raises(ExprError):
            check(parse(bad), metric_functions(None, {}), validate)


def test_translation_counters_are_the_techniques(switcher_rows):
    bt = run("switcher-bt")
    own = bt.counters().technique["guests"]["switcher"]
    row = switcher_rows["binary-translation"]
    assert value(bt, "cache_hits('switcher')") == own["translation_cache"]["hits"] \
        == row.translation_cache["hits"] > 0
    assert value(bt, "cache_misses('switcher')") == own["translation_cache"]["misses"] \
        == row.translation_cache["misses"] == row.translation["blocks"] > 0
    assert value(bt, "translation_cycles('switcher')") == own["translation"]["cycles"] \
        == row.translation["cycles"] > 0
    assert value(bt, "callouts('switcher')") == own["callouts"]["count"] > 0
    for other in ("switcher", "switcher-hw1", "native-switcher"):
        session = run(other)
        for name in ("cache_hits", "cache_misses", "translation_cycles", "callouts"):
            assert value(session, f"{name}('switcher')") == 0, (other, name)


def test_compare_cycles_are_the_comparisons(switcher_rows):
    session = run("switcher-hw1")            # any session: the figure does not depend on it
    for technique, row in switcher_rows.items():
        assert value(session, f"compare_cycles('switcher', '{technique}')") == row.host_cycles
    # The shipped scenario of the same technique is the same run.
    assert value(session, "compare_cycles('switcher', 'hardware-assist-1')") == session.cycle
    for bad in ("compare_cycles('nobody', 'native')", "compare_cycles('switcher', 'magic')",
                "compare_cycles('switcher', 'paravirtual')",     # no port of switcher
                "compare_cycles('../x', 'native')", "compare_cycles(1, 2)"):
        with pytest.raises(ExprError):
            value(session, bad)
    validate = argument_validator(["switcher"], set(), {})
    for bad in ("compare_cycles('nobody', 'native')", "compare_cycles('switcher', 'magic')"):
        with pytest.raises(ExprError):
            check(parse(bad), metric_functions(None, {}), validate)


def test_lessons_may_open_the_comparison_panel():
    pytest.importorskip("PySide6")
    from vmlab.gui.main_window import DOCKED_PANELS
    assert "comparison" in PANELS
    assert "comparison" in {module for module, *_ in DOCKED_PANELS}
