"""Comparison panel: rows fill in as the runs complete, the figures are vmlab compare's,
a click on a technique opens its scenario, and it lives in the window like the others."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, Qt

from vmlab.compare import Comparison
from vmlab.gui import i18n, theme
from vmlab.gui.labels import technique_label
from vmlab.gui.panels import comparison as module
from vmlab.gui.panels.comparison import ComparisonPanel, table_cells
from vmlab.vmm import techniques


@pytest.fixture
def make_panel(show_panel):
    def make(size=(1280, 720)):
        return show_panel(ComparisonPanel, "two-guests", size)
    return make


def finish(qtbot, panel, timeout=60_000) -> None:
    qtbot.waitUntil(lambda: panel.comparison is not None and not panel.running,
                    timeout=timeout)
    QCoreApplication.processEvents()


def test_it_starts_on_the_windows_guest_and_fills_in_as_runs_complete(make_panel, qtbot,
                                                                       monkeypatch):
    monkeypatch.setattr(module, "TICK_BUDGET_S", 0.0)     # one chunk per tick
    controller, panel = make_panel()
    assert panel.guest_name == "alpha"                    # two-guests: its first guest
    registered = [t.name for t in techniques.all_techniques()]
    assert list(panel.shown_table()) == registered
    seen: list[int] = []
    partial = []

    def record():
        rows = panel.comparison.rows
        done = sum(r.status == "done" for r in rows)
        seen.append(done)
        shown = panel.shown_table()
        for r in rows:
            cells = shown[r.technique]
            if r.status == "done":
                assert cells[1:] == table_cells(r)
            elif r.applicable:
                assert cells[0].startswith(technique_label(r.technique) + " — ")
        if 0 < done < sum(r.applicable for r in rows):
            partial.append(done)

    panel.chart.update()
    qtbot.waitUntil(lambda: (record(), not panel.running)[1], timeout=60_000)
    assert seen == sorted(seen) and partial            # rows appeared one after the other
    assert "done" in panel.status.text()


def test_the_table_matches_compare(make_panel, qtbot):
    _, panel = make_panel()
    finish(qtbot, panel)
    reference = Comparison("alpha")
    reference.run()
    shown = panel.shown_table()
    for row in reference.rows:
        cells = shown[row.technique]
        assert cells[0] == technique_label(row.technique)
        assert cells[1:] == table_cells(row)
    te = shown["trap-and-emulate"]
    row = reference.row("trap-and-emulate")
    assert te[1] == f"{row.host_cycles:,}" and te[2] == f"{row.guest_cycles:,}"
    assert te[4] == f"{row.overhead_percent:.1f} %" and te[5] == f"{row.exits:,}"
    assert te[11] == "yes"
    assert shown["native"][4] == "0 %" and shown["native"][11] == "reference"


def test_beta_shows_the_flaw_and_paravirtual_is_not_applicable(make_panel, qtbot):
    _, panel = make_panel()
    finish(qtbot, panel)
    panel.compare("beta")
    finish(qtbot, panel)
    assert panel.guest_combo.currentText() == "beta"
    shown = panel.shown_table()
    assert shown["trap-and-emulate"][11].startswith("no: console")
    for t in techniques.all_techniques():
        if t.paravirtual:
            assert "not applicable: no paravirtual port of beta" in shown[t.name][0]


def _click_table_row(qtbot, panel, technique: str, table_index: int = 0) -> None:
    table = panel.tables[table_index]
    item = next(table.topLevelItem(i) for i in range(table.topLevelItemCount())
                if table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) == technique)
    panel.scroll.ensureWidgetVisible(table)
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_clicking_a_row_opens_that_techniques_scenario(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    before = controller.session
    _click_table_row(qtbot, panel, "trap-and-emulate", 1)
    session = controller.session
    assert session is not before
    assert session.scenario.technique == "trap-and-emulate"
    assert [g.name for g in session.scenario.guests] == ["alpha"]
    assert session.scenario is panel.comparison.scenario_for("trap-and-emulate")
    # the comparison stays as it was
    assert panel.comparison.done and panel.guest_name == "alpha"
    _click_table_row(qtbot, panel, "native", 0)
    assert controller.session.scenario.technique == "native"


def test_clicking_a_bar_opens_that_techniques_scenario(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    panel.chart.repaint()
    pv = [t.name for t in techniques.all_techniques() if t.paravirtual]
    target = pv[0] if pv else "trap-and-emulate"
    rect = next(r for r, t in panel.chart._hits if t == target)
    qtbot.mouseClick(panel.chart, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(rect.center().x()), int(rect.center().y())))
    assert controller.session.scenario.technique == target
    if pv:
        assert [g.name for g in controller.session.scenario.guests] == ["alpha-pv"]


def test_a_row_that_is_not_applicable_opens_nothing(make_panel, qtbot):
    controller, panel = make_panel()
    panel.compare("beta")
    finish(qtbot, panel)
    before = controller.session
    for t in techniques.all_techniques():
        if t.paravirtual:
            assert panel.open_technique(t.name) is False
    assert controller.session is before


def test_the_window_never_waits_long_for_a_tick(make_panel, qtbot, monkeypatch):
    """A tick asks for a small budget of host time (TICK_BUDGET_S) and stops after the
    chunk that spends it: with the budget spent at once, every tick runs at most one chunk
    of CHUNK_CYCLES simulated cycles.  Counted in cycles, not timed: a busy machine would
    make a timed test fail for nothing."""
    from vmlab import compare as compare_module
    from vmlab.session import Session
    assert module.TICK_BUDGET_S <= 0.05
    _, panel = make_panel()
    finish(qtbot, panel)
    monkeypatch.setattr(module, "TICK_BUDGET_S", 0.0)
    ticks: list[list[int]] = []
    original_run = Session.run

    def counted(self, *args, **kwargs):
        start = self.cycle
        reason = original_run(self, *args, **kwargs)
        if ticks:
            ticks[-1].append(self.cycle - start)
        return reason
    monkeypatch.setattr(Session, "run", counted)
    original = panel._tick

    def tick():
        ticks.append([])
        original()
    monkeypatch.setattr(panel, "_tick", tick)
    panel._timer.timeout.disconnect()
    panel._timer.timeout.connect(tick)
    panel.compare("syscaller")
    finish(qtbot, panel)
    assert len(ticks) > 5
    assert all(len(chunks) <= 1 and sum(chunks) <= compare_module.CHUNK_CYCLES
               for chunks in ticks), ticks


def test_catalan(make_panel, qtbot):
    try:
        i18n.set_language("ca")
        _, panel = make_panel()
        finish(qtbot, panel)
        QCoreApplication.processEvents()
        shown = panel.shown_table()
        assert shown["native"][11] == "referència"
        assert shown["trap-and-emulate"][11] == "sí"
        row = panel.comparison.row("trap-and-emulate")
        assert shown["trap-and-emulate"][1] == theme.fmt_int(row.host_cycles)
        assert "." in shown["trap-and-emulate"][1]          # 86.093: Catalan grouping
        assert panel.tables[0].headerItem().text(0) == "Tècnica"
        assert panel.title() == "Comparació"
    finally:
        i18n.set_language("en")


def test_registered_in_the_window(main_window, qtbot):
    assert "comparison" in main_window.docks
    dock = main_window.docks["comparison"]
    assert dock.toggleViewAction() in main_window.menu_view.actions()
    assert dock.windowTitle() == "Comparison"
    main_window.set_presenter(True)
    dock.show()
    dock.raise_()
    panel = main_window.panels["comparison"]
    finish(qtbot, panel)
    assert panel.isVisible()                               # presenter mode keeps it
    main_window.set_presenter(False)
    assert panel.open_technique("native")
    assert main_window.controller.session.scenario.technique == "native"
    assert main_window.technique_combo.currentData() == "native"


# ---------------------------------------------------------------------- following the window
def test_it_follows_the_kernel_of_the_windows_scenario(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    assert panel.guest_name == "alpha"
    for scenario, kernel in (("syscaller-bt", "syscaller"), ("switcher-hw1", "switcher"),
                             ("cruncher-bt", "cruncher"), ("native-beta", "beta")):
        controller.open_scenario(scenario)
        assert panel.guest_name == kernel, scenario
        assert panel.guest_combo.currentData() == kernel
        assert panel.comparison.guest.path == controller.session.scenario.guests[0].program_path
        finish(qtbot, panel)
        assert "done" in panel.status.text()
    # A paravirtual port stands for its kernel: its comparison has the port's row.
    controller.open_scenario("two-guests-pv")
    assert panel.guest_name == "alpha"
    finish(qtbot, panel)
    pv = [t.name for t in techniques.all_techniques() if t.paravirtual]
    for name in pv:
        assert panel.comparison.row(name).kernel == "alpha-pv"


def test_a_kernel_compared_before_comes_back_at_once(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    first = panel.comparison
    controller.open_scenario("syscaller-bt")
    finish(qtbot, panel)
    controller.open_scenario("two-guests-hw1")
    assert panel.comparison is first and not panel.running
    assert panel.shown_table()["trap-and-emulate"][1:] == table_cells(first.row("trap-and-emulate"))


def test_the_students_choice_stays_until_the_window_changes_kernel(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    index = panel.guest_combo.findData("beta")
    panel.guest_combo.setCurrentIndex(index)
    panel.guest_combo.activated.emit(index)            # the student's choice
    assert panel.guest_name == "beta"
    controller.reset()                                  # the same scenario again
    assert panel.guest_name == "beta"
    other = next(t for t in controller.techniques_available()
                 if t != controller.session.scenario.technique)
    controller.set_technique(other)
    assert panel.guest_name == "beta"                   # the same guests, alpha first
    finish(qtbot, panel)
    assert panel.open_technique("trap-and-emulate")     # beta's own scenario
    assert panel.guest_name == "beta"
    controller.open_scenario("syscaller")               # another kernel: followed
    assert panel.guest_name == "syscaller"


def test_a_hidden_panel_waits_to_be_shown(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    panel.hide()
    controller.open_scenario("switcher-bt")
    assert panel.guest_name == "alpha" and not panel._timer.isActive()   # nothing runs
    controller.open_scenario("cruncher-bt")
    panel.show()
    qtbot.waitExposed(panel)
    assert panel.guest_name == "cruncher" and panel.running


def test_a_lesson_step_selecting_a_guest_chooses_its_kernel(make_panel, qtbot):
    controller, panel = make_panel()
    finish(qtbot, panel)
    panel.follow_guest("beta")
    assert panel.guest_name == "beta"
    panel.follow_guest("no-such-guest")                 # not in the scenario: ignored
    assert panel.guest_name == "beta"


def test_lessons_6_and_7_show_their_kernels(main_window, qtbot):
    """Lesson 6 starts on Beta (its first step selects it), and its warm-up step finds
    syscaller compared without the student choosing it; lesson 7 compares Alpha, whose
    port Alpha-PV it loads later."""
    lessons = Path(__file__).resolve().parents[2] / "lessons"
    lesson = main_window.panels["lesson"]
    comparison = main_window.panels["comparison"]
    dock = main_window.docks["comparison"]

    def play_to(step_id: str) -> None:
        qtbot.waitUntil(lambda: not lesson.playing, timeout=30_000)
        while lesson.engine.step.id != step_id:
            lesson.next()
            qtbot.waitUntil(lambda: not lesson.playing, timeout=30_000)
        QCoreApplication.processEvents()

    assert main_window.open_lesson(lessons / "06-binary-translation-and-hardware-assist.toml")
    play_to("why")
    dock.show()
    dock.raise_()
    QCoreApplication.processEvents()
    assert comparison.guest_name == "beta"
    play_to("warm-up")                                  # it loaded syscaller-bt
    assert dock.isVisible() and comparison.guest_name == "syscaller"
    assert comparison.guest_combo.currentText() == "syscaller"
    play_to("switcher")
    assert comparison.guest_name == "switcher"
    finish(qtbot, comparison)

    assert main_window.open_lesson(lessons / "07-paravirtualization.toml")
    qtbot.waitUntil(lambda: not lesson.playing, timeout=30_000)
    dock.show()
    dock.raise_()
    QCoreApplication.processEvents()
    assert comparison.guest_name == "alpha"


# The panel's sizes in the window (whole window, docked, presenter mode's bottom area at
# 1280x720) and its text scales (normal; presenter mode at 1280x720 and 1920x1080).
SIZES_AND_SCALES = [((1280, 720), (1.0, 0.0)), ((900, 600), (1.0, 0.0)),
                    ((1920, 1080), (1.2, 13.2)), ((686, 430), (1.4, 18.0)),
                    ((1280, 720), (1.4, 18.0)), ((1920, 1080), (1.68, 21.6))]


@pytest.mark.parametrize("language", ["en", "ca"])
def test_the_equivalent_cell_and_the_not_applicable_bar_are_whole(make_panel, qtbot,
                                                                  language):
    """beta's trap-and-emulate row lists every part that differs from native, broken into
    lines inside its column, and the paravirtualization bar says 'not applicable' in
    full, at the window's sizes, presenter mode on and off, in English and Catalan."""
    from PySide6.QtGui import QFontMetricsF

    from vmlab.gui.main_window import PRESENTER_SCALE
    from vmlab.gui.panels.comparison_chart import equivalent_text
    assert (1.4, 1.68) == (PRESENTER_SCALE, round(PRESENTER_SCALE * 1.2, 2))
    try:
        i18n.set_language(language)
        _, panel = make_panel()
        panel.compare("beta")
        finish(qtbot, panel)
        row = panel.comparison.row("trap-and-emulate")
        whole = equivalent_text(row)
        assert row.equivalent is False and "…" not in whole
        differ = [k for k, v in row.equivalence.items() if v is False]
        assert len(differ) > 1
        pv = [t.name for t in techniques.all_techniques() if t.paravirtual]
        assert pv
        for size, scale in SIZES_AND_SCALES:
            theme.set_scale(*scale)
            panel.resize(*size)
            panel.apply_style()
            QCoreApplication.processEvents()
            panel.chart.repaint()
            # The Equivalent cell: every line whole inside its column and its row.
            table = panel.tables[0]
            col = ComparisonPanel.TABLES[0].index(ComparisonPanel.EQUIVALENT)
            item = next(table.topLevelItem(i) for i in range(table.topLevelItemCount())
                        if table.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)
                        == "trap-and-emulate")
            text = item.text(col)
            assert text.replace(",\n", ", ") == whole, (size, scale, text)
            fm = QFontMetricsF(table.font())
            lines = text.split("\n")
            wrap_at = module.EQUIVALENT_WIDTH * scale[0]
            assert len(lines) > 1 or fm.horizontalAdvance(whole) <= wrap_at
            for line in lines:
                assert fm.horizontalAdvance(line) + 12 <= table.header().sectionSize(col), \
                    (size, scale, line)
            height = table.visualItemRect(item).height()
            assert height >= len(lines) * fm.lineSpacing(), (size, scale, height)
            assert panel.shown_table()["trap-and-emulate"][11] == whole
            # The bars' state texts: each wraps inside its box, whole, in the chart.
            states = {t: (text, box, font) for t, text, box, font in panel.chart.state_texts}
            assert set(pv) <= set(states)
            for technique, (text, box, font) in states.items():
                assert "…" not in text
                bounds = QFontMetricsF(font).boundingRect(
                    box, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter), text)
                assert box.adjusted(-1, -1, 1, 1).contains(bounds), (size, scale, text, box)
                assert panel.chart.rect().toRectF().contains(box), (size, scale, box)
    finally:
        theme.set_scale(1.0)
        i18n.set_language("en")
