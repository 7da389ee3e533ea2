"""The migration panel: both hosts, the memory in flight and the rounds, as
Session.migration() has them (docs/migration.md)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from vmlab.gui import i18n, theme
from vmlab.gui.panels.migration import MigrationPanel, reason_label
from vmlab.gui.panels.migration_chart import DIRTY, SENT, UNSENT

from .layout_check import check

CONVERGES, NEVER = "migrate-converges", "migrate-never-converges"


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str, width: int = 1200, height: int = 700):
        return show_panel(MigrationPanel, scenario, (width, height))
    return make


@pytest.fixture
def catalan():
    i18n.set_language("ca")
    QCoreApplication.processEvents()
    yield
    i18n.set_language("en")
    QCoreApplication.processEvents()


def run(controller, until: int | None = None) -> None:
    s = controller.session
    s.run() if until is None else s.run(until_cycle=until)
    controller.changed.emit()


def plain(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def n(value: int) -> str:
    return theme.fmt_int(value)


@pytest.mark.parametrize("scenario", [CONVERGES, NEVER])
def test_at_the_end_the_panel_shows_the_sessions_figures(make_panel, scenario):
    controller, panel = make_panel(scenario)
    run(controller)
    m = controller.session.migration()
    assert m["phase"] == "done" and m["rounds"] >= 1
    shown = panel.shown()
    assert shown["figures"]["rounds"][0] == n(m["rounds"])
    assert shown["figures"]["downtime"][0] == n(m["downtime_cycles"])
    assert shown["figures"]["traffic"][0] == f"{theme.fmt_float(m['traffic_factor'], 2)} ×"
    assert n(m["total_words_sent"]) in shown["figures"]["traffic"][1]
    assert reason_label(m["stop_reason"]) in plain(shown["stop"])
    # one pair of bars per round, with the session's values; the stop and copy last
    chart = panel.chart
    assert chart.pairs == list(zip(m["blocks_sent"], m["blocks_dirtied"]))
    assert len(chart.pairs) == m["rounds"]
    assert chart.cycles == m["round_cycles"]
    assert chart.current is None
    assert chart.final == m["stop_and_copy"]["blocks"]
    assert chart.threshold == m["rules"]["stop_dirty_blocks"]
    # the guest is on the destination, every block there
    assert "holds the guest" in shown["hosts"]["destination"][0]
    assert "holds the guest" not in shown["hosts"]["source"][0]
    assert "has left" in shown["hosts"]["source"][2]
    assert n(m["resume_cycle"]) in shown["hosts"]["destination"][2]
    blocks = m["memory_words"] // m["block_words"]
    assert panel.strip.counts() == {SENT: blocks, DIRTY: 0, UNSENT: 0}


def test_converges_stops_by_the_few_dirty_blocks_rule(make_panel):
    controller, panel = make_panel(CONVERGES)
    run(controller)
    m = controller.session.migration()
    assert m["stop_reason"] == "converged"
    stop = plain(panel.shown()["stop"])
    assert stop.startswith("Stop rule: converged.")
    last = m["rounds"]
    assert f"Round {n(last)} dirtied {n(m['blocks_dirtied'][-1])} blocks" in stop


def test_never_converges_shows_its_stop_rule_and_why(make_panel):
    controller, panel = make_panel(NEVER)
    run(controller)
    m = controller.session.migration()
    assert m["stop_reason"] == "dirty-rate"
    stop = plain(panel.shown()["stop"])
    assert stop.startswith("Stop rule: dirty rate above the link’s.")
    cycles = m["round_cycles"][-1]
    assert (f"dirtied {n(m['words_dirtied'][-1])} words in {n(cycles)} cycles, and the link "
            f"sends {n(cycles * m['link_words_per_cycle'])}") in stop
    assert n(m["rules"]["stop_dirty_blocks"]) in panel.shown()["rules"]


@pytest.mark.parametrize("scenario", [CONVERGES, NEVER])
def test_mid_round_the_memory_in_flight_and_the_rounds_progress(make_panel, scenario):
    controller, panel = make_panel(scenario)
    run(controller, 24_000)                # inside round 1 of both
    s = controller.session
    m = s.migration()
    assert m["phase"] == "pre-copy" and m["rounds"] == 0
    link = m["link_words_per_cycle"]
    sent = min((s.cycle - m["round_start"]) * link, m["memory_words"])
    shown = panel.shown()
    assert shown["phase"] == f"Live migration of {m['guest']}: pre-copy, round 1"
    assert shown["progress"] == (f"Round 1: {n(sent)} of {n(m['memory_words'])} words sent, "
                                 f"the link carries {n(link)} words a cycle")
    assert panel.progress.value() == sent and panel.progress.maximum() == m["memory_words"]
    # block by block: those sent so far are clean unless written since; the rest wait
    bw = m["block_words"]
    sent_blocks = sent // bw
    dirtied = set(m["dirtied_so_far"])
    expected = [UNSENT if b >= sent_blocks else DIRTY if b in dirtied else SENT
                for b in range(m["memory_words"] // bw)]
    assert panel.strip.states == expected
    assert panel.chart.pairs == [] and panel.chart.current == (sent_blocks, len(dirtied))
    assert "holds the guest" in shown["hosts"]["source"][0]
    assert shown["hosts"]["source"][1] == f"cycle {n(s.cycle)}"
    assert shown["figures"]["downtime"][0] == "—"


def test_in_a_later_round_the_blocks_resent_and_those_dirtied_again(make_panel):
    controller, panel = make_panel(NEVER)
    run(controller, 30_000)                # round 2: the buffer is sent again
    s = controller.session
    m = s.migration()
    assert m["phase"] == "pre-copy" and m["rounds"] == 1
    sent = (s.cycle - m["round_start"]) * m["link_words_per_cycle"]
    in_flight = m["in_flight"]
    waiting = set(in_flight[sent // m["block_words"]:])
    states = panel.strip.states
    assert {b for b, st in enumerate(states) if st == UNSENT} == waiting
    assert {b for b, st in enumerate(states) if st == DIRTY} == set(m["dirtied_so_far"]) - waiting
    assert panel.chart.pairs == [(m["blocks_sent"][0], m["blocks_dirtied"][0])]
    assert panel.shown()["phase"].endswith("round 2")


def test_during_the_stop_and_copy_the_guest_is_paused_on_the_source(make_panel):
    controller, panel = make_panel(NEVER)
    full = controller.session.migration
    run(controller)
    done = full()
    controller.session.travel_to((done["pause_cycle"] + done["resume_cycle"]) // 2)
    controller.changed.emit()
    m = full()
    assert m["phase"] == "downtime"
    shown = panel.shown()
    assert "stop-and-copy, the guest is paused" in shown["phase"]
    assert "paused for the stop-and-copy" in shown["hosts"]["source"][2]
    assert panel.strip.states is None
    assert f"{n(m['stop_and_copy']['blocks'])} dirty blocks" in panel.strip.note
    assert panel.chart.final == m["stop_and_copy"]["blocks"]
    assert n(m["resume_cycle"]) in shown["progress"]


def test_a_scenario_without_migration_says_so_in_one_line(make_panel):
    controller, panel = make_panel("two-guests", 1000, 300)
    run(controller, 5_000)
    assert controller.session.migration() is None
    shown = panel.shown()
    assert list(shown) == ["message"]
    assert "migrates no guest" in shown["message"]
    label = panel.message
    QCoreApplication.processEvents()            # the layout, at the panel's width
    assert label.height() < 2 * label.fontMetrics().lineSpacing()
    assert not panel.body.isVisibleTo(panel)


def test_catalan(make_panel, catalan):
    controller, panel = make_panel(NEVER)
    assert panel.title() == "Migració"
    run(controller, 24_000)
    shown = panel.shown()
    assert shown["phase"] == "Migració en calent de scribbler: precòpia, ronda 1"
    assert shown["hosts"]["source"][0] == "Host d’origen (hi és el guest)"
    assert shown["hosts"]["destination"][0] == "Host de destí"
    assert shown["figures"]["downtime"][1] == "cicles de temps d’aturada"
    run(controller)
    m = controller.session.migration()
    stop = plain(panel.shown()["stop"])
    assert stop.startswith("Regla d’aturada: ritme d’embrutament per sobre del de l’enllaç.")
    assert n(m["words_dirtied"][-1]) in stop and "." in n(m["words_dirtied"][-1])   # 8.192
    assert panel.shown()["figures"]["downtime"][0] == n(m["downtime_cycles"])


def test_catalan_without_migration(make_panel, catalan):
    controller, panel = make_panel("two-guests")
    assert panel.shown()["message"].startswith("Aquest escenari no migra cap guest")


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_in_the_window_nothing_is_cut(qtbot, tmp_path, lang):
    """The window on a migrating scenario brings the panel forward; at 1280×720 and
    1920×1080, mid-round and at the end, no text of it is cut or covered."""
    from vmlab.gui.controller import SessionController
    from vmlab.gui.main_window import MainWindow
    from vmlab.gui.preferences import Preferences
    from vmlab.scenario import load_scenario
    from vmlab.session import Session
    i18n.set_language(lang)
    try:
        MainWindow.testing_dialogs = True
        prefs = Preferences(QSettings(str(tmp_path / "vmlab.ini"), QSettings.Format.IniFormat))
        window = MainWindow(SessionController(Session(load_scenario(CONVERGES))), prefs)
        qtbot.addWidget(window)
        panel = window.panels["migration"]
        for size in ((1280, 720), (1920, 1080)):
            window.resize(*size)
            window.show()
            qtbot.waitExposed(window)
            assert panel.isVisible()
            for until in (24_000, None):
                run(window.controller, until)
                QCoreApplication.processEvents()
                problems = [p.describe() for p in check(window) if p.panel == "migration"]
                assert not problems, "\n".join(problems)
            window.controller.session.travel_to(0)
            window.controller.changed.emit()
    finally:
        i18n.set_language("en")


def test_a_migration_started_now_shows_from_its_own_start(make_panel):
    controller, panel = make_panel(CONVERGES)
    run(controller, 5_000)
    assert panel.shown()["phase"].endswith("waiting, pre-copy starts at cycle 20,000")
    assert panel.strip.counts()[UNSENT] == len(panel.strip.states) > 0
    controller.session.start_migration()
    run(controller, 6_000)
    m = controller.session.migration()
    assert m["phase"] == "pre-copy" and m["round_start"] == 5_000
    sent = 1_000 * m["link_words_per_cycle"]
    assert panel.shown()["progress"].startswith(f"Round 1: {n(sent)} of ")
