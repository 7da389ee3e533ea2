"""The window read from the back of the room: every visible text whole.

For each window size a classroom projects (1280x720, 1920x1080), presenter mode
off and on, English and Catalan, and each view a lesson step can point at (the
panels of vmlab.lessons.model.PANELS, shown and framed as a step's `panel` does),
the window stands where lesson 3 leaves it: stopped at Beta's first VM exit.
tests/gui/layout_check.py walks the visible widgets and reports any text wider
(or taller) than its widget, shortened with "…", cut by a view's edge, a widget
covering its neighbour, or, in presenter mode, text under 18 pixels.

One window per language is resized and toggled through the combinations (not
rebuilt), so the whole walk takes seconds.  Each combination's picture is
written to $VMLAB_LAYOUT_PICTURES when it is set (for a person to look at), or
to a temporary folder.  The findings are reported per panel, so a failure names
the panel to fix, and every offender with the combinations it appears in.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtGui import QPalette

from vmlab.lessons.model import PANELS

from .layout_check import check

SIZES = ((1280, 720), (1920, 1080))
LANGUAGES = ("en", "ca")
MODES = (False, True)                     # presenter mode off, on
VIEWS = tuple(PANELS)                     # what a lesson step can point at
LESSON = "trap-and-emulate"               # its first step stops at Beta's first VM exit
# Where a finding can be: a panel, or a part of the window around them.
PARTS = tuple(PANELS) + ("toolbar", "menu bar", "status bar", "window")


@dataclass(frozen=True)
class Finding:
    part: str
    where: str          # language, size, mode, view
    what: str           # the Problem's description


def _settle(app, rounds: int = 6) -> None:
    for _ in range(rounds):
        app.processEvents()


def _picture_folder(tmp_path_factory) -> Path:
    wanted = os.environ.get("VMLAB_LAYOUT_PICTURES")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("layout-pictures")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _walk(app, lang: str, folder: Path, settings: Path) -> tuple[list[Finding], dict]:
    from vmlab.gui import i18n
    from vmlab.gui.controller import SessionController
    from vmlab.gui.main_window import MainWindow
    from vmlab.gui.preferences import Preferences
    from vmlab.lessons.loader import shipped_lessons
    from vmlab.scenario import load_scenario
    from vmlab.session import Session

    i18n.set_language(lang)
    MainWindow.testing_dialogs = True
    prefs = Preferences(QSettings(str(settings / f"{lang}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
    findings: list[Finding] = []
    state: dict = {}
    try:
        window.resize(*SIZES[0])
        window.show()
        _settle(app)
        lesson = next(item for item in shipped_lessons() if item.id == LESSON)
        assert window.open_lesson(lesson.path)
        panel = window.panels["lesson"]
        while panel.playing:
            app.processEvents()
        _settle(app)
        session = window.controller.session
        last = session.last_trap_event()
        state["stop"] = (last.guest, last.cause, last.cycle == session.cycle) if last else None
        state["pictures"] = []
        for presenter in MODES:
            window.set_presenter(presenter)
            for width, height in SIZES:
                window.resize(width, height)
                _settle(app)
                mode = "presenter" if presenter else "normal"
                for view in VIEWS:
                    window.highlight_panel(view)
                    _settle(app)
                    where = f"{lang} {width}x{height} {mode}, view {view}"
                    path = folder / f"{lang}-{width}x{height}-{mode}-{view}.png"
                    window.grab().save(str(path))        # painted now: what the check sees
                    state["pictures"].append(path)
                    for problem in check(window, presenter):
                        findings.append(Finding(problem.panel, where, problem.describe()))
        # Back from presenter mode, the window as it was (no tab bar left over).
        window.set_presenter(False)
        window.resize(*SIZES[0])
        _settle(app)
        where = f"{lang} {SIZES[0][0]}x{SIZES[0][1]} normal, after presenter mode"
        for problem in check(window, False):
            findings.append(Finding(problem.panel, where, problem.describe()))
    finally:
        window.set_presenter(False)
        _settle(app)
        window.close()
        window.deleteLater()            # gone now, not when Python exits after Qt
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        _settle(app)
    return findings, state


@pytest.fixture(scope="module")
def layout_walk(qapp, tmp_path_factory):
    """The findings of every combination, per language (one window each)."""
    from vmlab.gui import i18n, theme
    folder = _picture_folder(tmp_path_factory)
    settings = tmp_path_factory.mktemp("layout-settings")
    palette = QPalette(qapp.palette())
    results = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VMLAB_DATA_DIR", str(tmp_path_factory.mktemp("layout-data")))
        try:
            theme.load_fonts()
            for lang in LANGUAGES:
                results[lang] = _walk(qapp, lang, folder, settings)
        finally:
            i18n.set_language("en")
            theme.set_scale(1.0)
            qapp.setFont(theme.ui_font(10))
            qapp.setPalette(palette)
    return results


def _report(findings: list[Finding]) -> str:
    """Each offender once, with the combinations it shows in."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for finding in findings:
        grouped[finding.what].append(finding.where)
    lines = []
    for what, where in grouped.items():
        shown = "; ".join(where[:4]) + (f"; and {len(where) - 4} more" if len(where) > 4 else "")
        lines.append(f"- {what}\n    in: {shown}")
    return f"{len(grouped)} text(s) not whole:\n" + "\n".join(lines)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_window_stands_at_betas_first_vm_exit(layout_walk, lang):
    """The combinations are seen where lesson 3 leaves the machine."""
    _findings, state = layout_walk[lang]
    assert state["stop"] == ("beta", "PRIV", True)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_picture_of_every_combination(layout_walk, lang):
    _findings, state = layout_walk[lang]
    pictures = state["pictures"]
    assert len(pictures) == len(SIZES) * len(MODES) * len(VIEWS)
    for path in pictures:
        assert path.stat().st_size > 10_000, path     # a real window, not an empty image


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_finding_names_a_known_part(layout_walk, lang):
    findings, _state = layout_walk[lang]
    assert {f.part for f in findings} <= set(PARTS), {f.part for f in findings} - set(PARTS)


@pytest.mark.parametrize("part", PARTS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_text_is_whole(layout_walk, lang, part):
    """No label, button, combo box, tab, header, cell, title or hint of this part is
    cut, shortened, covered or (presenter mode) smaller than 18 pixels, in any
    size, mode and view."""
    findings, _state = layout_walk[lang]
    mine = [f for f in findings if f.part == part]
    assert not mine, _report(mine)


# ---------------------------------------------------------------------- the check itself
def _shown(qtbot, widget, size=(400, 300)):
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _kinds(problems, text):
    return {p.kind for p in problems if text in p.text}


def test_the_check_finds_cut_shortened_and_covered_text(qtbot):
    """The check is worth its silence: each kind of fault it looks for, made on
    purpose in a small window, is found (and whole text is not)."""
    from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QPushButton,
                                   QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)
    root = QWidget()
    layout = QVBoxLayout(root)
    row = QHBoxLayout()
    cut = QLabel("A label far too long for the little room it is given")
    cut.setFixedWidth(80)
    elided = QLabel("beta · kernel mo…")
    elided.setToolTip("beta · kernel mode")
    button = QPushButton("A button with a long text")
    button.setFixedWidth(70)
    combo = QComboBox()
    combo.addItem("a choice much wider than its box")
    combo.setFixedWidth(90)
    whole = QLabel("Fits")
    for widget in (cut, elided, button, combo, whole):
        row.addWidget(widget)
    layout.addLayout(row)
    wrapped = QLabel("A wrapped label of many words that needs several lines to be read")
    wrapped.setWordWrap(True)
    wrapped.setFixedSize(120, 20)
    layout.addWidget(wrapped)
    box = QGroupBox("A group box title longer than its box")
    box.setFixedWidth(90)
    layout.addWidget(box)
    table = QTableWidget(2, 3)
    table.setHorizontalHeaderLabels(["Cycle", "A header wider than it", "Last"])
    table.horizontalHeader().resizeSection(1, 50)
    table.setItem(0, 0, QTableWidgetItem("a cell with more text than room"))
    table.setFixedWidth(260)
    layout.addWidget(table)
    _shown(qtbot, root, (900, 400))
    problems = check(root)
    assert _kinds(problems, "A label far too long") == {"cut"}
    assert _kinds(problems, "beta · kernel mo…") == {"elided"}
    assert _kinds(problems, "A button with a long text") == {"cut"}
    assert _kinds(problems, "a choice much wider") == {"cut"}
    assert _kinds(problems, "A wrapped label") == {"cut"}
    assert _kinds(problems, "A group box title") == {"cut"}
    assert _kinds(problems, "A header wider than it") == {"cut"}
    assert _kinds(problems, "a cell with more text") == {"cut"}
    assert not _kinds(problems, "Fits")
    described = " ".join(p.describe() for p in problems)
    assert "QPushButton" in described and "needs" in described


def test_the_check_finds_a_header_cut_by_the_views_edge_and_covered_widgets(qtbot):
    from PySide6.QtWidgets import QLabel, QTableWidget, QVBoxLayout, QWidget
    table = QTableWidget(3, 4)
    table.setHorizontalHeaderLabels(["one", "two", "three", "a last column"])
    for column in range(4):
        table.horizontalHeader().resizeSection(column, 110)
    _shown(qtbot, table, (380, 200))              # the fourth column half in view
    assert any("edge" in p.detail for p in check(table) if p.text == "a last column")

    root = QWidget()
    layout = QVBoxLayout(root)
    first, second = QLabel("first"), QLabel("second")
    layout.addWidget(first)
    layout.addWidget(second)
    _shown(qtbot, root, (200, 100))
    second.move(first.pos())                      # a squeezed layout: one over the other
    assert any(p.kind == "overlap" for p in check(root))


def test_the_check_finds_small_text_in_presenter_mode(qtbot):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel
    label = QLabel("Small")
    font = QFont(label.font())
    font.setPixelSize(12)
    label.setFont(font)
    _shown(qtbot, label, (200, 60))
    assert [p.kind for p in check(label, presenter=True)] == ["small"]
    assert check(label, presenter=False) == []
