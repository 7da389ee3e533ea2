"""Lesson mode, the layout for a student working alone (issue 13): at 1280x720 the
question, its answer field, Check and the feedback beside it are in view together,
an exercise shows at least 20 lines of its program under a visible Run button, each
step opens at its top; Restore default layout, presenter mode on and off keeping
the student's own layout, and the mode remembered in the preferences.

One window serves the whole module (a window takes a second to build); each test
leaves it in the default layout at 1280x720.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from vmlab.gui import i18n
from vmlab.gui.controller import SessionController
from vmlab.gui.main_window import MainWindow
from vmlab.gui.panels.exercise_editor import VISIBLE_LINES
from vmlab.gui.preferences import Preferences
from vmlab.lessons.loader import shipped_lessons
from vmlab.scenario import load_scenario
from vmlab.session import Session

SIZE = (1280, 720)
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


def settle(rounds: int = 6) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def new_window(prefs: Preferences, size=SIZE) -> MainWindow:
    MainWindow.testing_dialogs = True
    window = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
    window.resize(*size)
    window.show()
    activate(window)
    return window


def activate(window) -> None:
    """The window in front, as under the student's hands: its keys reach it."""
    window.activateWindow()
    QTest.qWaitForWindowActive(window, 2000)
    settle()


def arrangement(window) -> dict:
    """Where each panel is: its dock area, shown or not, floating or not, and the
    panels it shares tabs with."""
    return {p: (window.dockWidgetArea(d), not d.isHidden(), d.isFloating(),
                frozenset(o.objectName() for o in window.tabifiedDockWidgets(d)))
            for p, d in window.docks.items()}


@pytest.fixture(scope="module")
def lab(qapp, tmp_path_factory):
    """One window at 1280x720 on private settings and progress, and its default layout."""
    folder = tmp_path_factory.mktemp("lesson-layout")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VMLAB_DATA_DIR", str(folder / "data"))
        i18n.set_language("en")
        prefs = Preferences(QSettings(str(folder / "vmlab.ini"), QSettings.Format.IniFormat))
        window = new_window(prefs)
        window.default_arrangement = arrangement(window)
        lesson = shipped_lessons()[0]
        assert window.open_lesson(lesson.path)
        wait_playing(window.panels["lesson"])
        yield window
        window.set_presenter(False)
        window.close()
        window.deleteLater()
        settle()


@pytest.fixture
def window(lab):
    """The module's window in lesson mode; back to the default layout afterwards."""
    lab.resize(*SIZE)
    settle()
    lab.set_lesson_mode(True)
    settle()
    yield lab
    lab.set_presenter(False)
    lab.restore_default_layout()
    lab.resize(*SIZE)
    settle()


def wait_playing(panel, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while panel.playing and time.monotonic() < deadline:
        QTest.qWait(10)
    assert not panel.playing
    settle()


def show_step(panel, kind: str) -> None:
    """Show the open lesson's first step of a kind (question with an answer field,
    or exercise) as the student meets it."""
    steps = panel.engine.lesson.steps
    index = next(i for i, s in enumerate(steps)
                 if (kind == "exercise" and s.exercise is not None)
                 or (kind == "answer" and s.question is not None
                     and s.question.kind != "choice"))
    panel.engine.index = index - 1              # coming from the step before it
    panel.show_step()
    panel.engine.index = index
    panel.show_step()
    settle()


def in_view(widget, viewport) -> bool:
    """The whole widget inside the viewport, seen without scrolling."""
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    return (widget.isVisible() and top_left.x() >= 0 and top_left.y() >= 0
            and bottom_right.x() < viewport.width() and bottom_right.y() < viewport.height())


def in_window(widget, window) -> bool:
    """The whole widget inside the window, and inside the lesson panel that holds it."""
    panel = window.panels["lesson"]
    return in_view(widget, window) and in_view(widget, panel)


@pytest.fixture(params=["en", "ca"])
def language(request):
    """The interface (and the lesson) in English, then in Catalan."""
    i18n.set_language(request.param)
    settle()
    yield request.param
    i18n.set_language("en")
    settle()


def test_a_question_its_answer_check_and_feedback_are_in_view_together(window, language):
    panel = window.panels["lesson"]
    assert window.lesson_mode and panel.lesson_mode
    assert window.dockWidgetArea(window.docks["lesson"]) == LEFT
    # The lesson's column is the whole height under the toolbar: nothing docked under it.
    lesson = window.docks["lesson"].geometry()
    for panel_id, dock in window.docks.items():
        if panel_id != "lesson" and dock.isVisible() and not dock.isFloating():
            assert not dock.geometry().intersects(lesson), panel_id
            assert window.dockWidgetArea(dock) in (BOTTOM, RIGHT), panel_id
    assert window.docks["lesson"].width() >= 0.4 * window.width()
    show_step(panel, "answer")
    panel.answer_edit.setText("12345678")            # wrong: the feedback says so
    QTest.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    settle()
    assert "✗" in panel.feedback.text()
    viewport = panel.work_area.viewport()
    assert panel.work_area.verticalScrollBar().value() == 0
    for widget in (panel.prompt, panel.answer_edit, panel.check_button, panel.hint_button,
                   panel.feedback):
        assert in_view(widget, viewport), widget.objectName() or type(widget).__name__
        assert in_window(widget, window), widget.objectName() or type(widget).__name__
    for widget in (panel.back_button, panel.step_label, panel.next_button):   # one row
        assert in_window(widget, window), widget.objectName()
        assert widget.width() >= widget.sizeHint().width(), widget.text()     # text whole
    # The feedback beside the buttons: on their row, to their right, its text whole.
    check, hint, feedback = (w.geometry() for w in (panel.check_button, panel.hint_button,
                                                    panel.feedback))
    assert feedback.left() > max(check.right(), hint.right())
    assert feedback.top() <= check.bottom() and feedback.bottom() >= check.top()
    label = panel.feedback
    assert label.heightForWidth(label.width()) <= label.height()
    # Three lines of the step's text at least, above the question.
    lines = panel.text.viewport().height() / panel.text.fontMetrics().lineSpacing()
    assert lines >= 3


def exercise_in_view(panel, window) -> None:
    """Run, the editor's VISIBLE_LINES lines (its own count) and every line of the
    results in view, without scrolling the panel."""
    editor, run = panel.editor, panel.run_exercise_button
    viewport = panel.work_area.viewport()
    assert panel.work_area.verticalScrollBar().value() == 0
    for button in (run, panel.restore_button, panel.exercise_hint_button):
        assert in_view(button, viewport) and in_window(button, window), button.text()
        assert button.width() >= button.sizeHint().width(), button.text()   # its text whole
    assert editor.visible_lines() >= VISIBLE_LINES, editor.visible_lines()
    assert in_view(editor, viewport) and in_window(editor, window)
    results = panel.exercise_result
    if results.isVisible():
        assert in_view(results, viewport) and in_window(results, window)
        for line in results.lines:                       # each line, whole or folded
            assert results.line_in_view(line), line.plain
            assert in_window(line, window), line.plain
            assert line.height() >= line.heightForWidth(line.width()), line.plain


def run_and_read(panel):
    QTest.mouseClick(panel.run_exercise_button, Qt.MouseButton.LeftButton)
    settle()
    results = panel.exercise_result
    assert results.isVisible()
    kinds = [line.kind for line in results.lines]
    checks = panel.engine.step.exercise.checks
    # The summary, every check with ✓ or ✗ (passed ones too), how the program ended.
    assert kinds == ["head"] + [k for k in kinds[1:-1]] + ["end"], kinds
    assert len(kinds) == len(checks) + 2 and set(kinds[1:-1]) <= {"pass", "fail"}, kinds
    assert "fail" in kinds and "pass" in kinds           # the starter: partly right
    for line in results.lines[1:-1]:
        assert line.plain.startswith("✓ " if line.kind == "pass" else "✗ "), line.plain
    return results


def test_an_exercise_shows_twenty_lines_under_a_visible_run(window, language):
    panel = window.panels["lesson"]
    show_step(panel, "exercise")
    panel._restore_starter()
    settle()
    assert panel.instructions_shown()                    # the step's text, from its top
    exercise_in_view(panel, window)
    # After a run: Run, the 20 lines, the summary, each check and the end state in view.
    results = run_and_read(panel)
    exercise_in_view(panel, window)
    assert results.lines[-1].plain == panel.end_state("halt", 0)  # halted normally
    # Room was short: the step's text folded away; its button brings it back and
    # folds it again.
    assert not panel.instructions_shown()
    button = panel.instructions_button
    assert in_window(button, window) and "▾" in button.text()
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()
    assert panel.instructions_shown() and "▴" in button.text()
    lines = panel.text.viewport().height() / panel.text.fontMetrics().lineSpacing()
    assert lines >= 3
    assert in_view(panel.run_exercise_button, panel.work_area.viewport())
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    settle()
    assert not panel.instructions_shown()
    exercise_in_view(panel, window)


@pytest.mark.parametrize("lesson_mode", [True, False], ids=["lesson-mode", "default-layout"])
def test_an_exercise_at_1920x1080(window, lesson_mode):
    """Full HD, in lesson mode and in the default layout (where the lesson shares its
    column with the code view and the window gives the exercise the height it needs)."""
    window.set_lesson_mode(lesson_mode)
    window.resize(1920, 1080)
    settle()
    panel = window.panels["lesson"]
    show_step(panel, "exercise")
    panel._restore_starter()
    settle()
    exercise_in_view(panel, window)
    run_and_read(panel)
    settle()
    exercise_in_view(panel, window)


def test_the_step_s_text_keeps_the_student_s_scroll_position(window):
    """Laying the panel out again does not throw the reader back to the text's top
    (and, settled, the panel does not lay itself out again and again)."""
    panel = window.panels["lesson"]
    show_step(panel, "exercise")
    bar = panel.text.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    calls = []
    original = panel._fit_text
    panel._fit_text = lambda: (calls.append(1), original())
    try:
        QTest.qWait(200)
        settle()
    finally:
        del panel._fit_text
    assert bar.value() == bar.maximum() // 2
    assert len(calls) <= 2, len(calls)


def test_each_step_opens_at_its_top(window):
    panel = window.panels["lesson"]
    show_step(panel, "exercise")
    text_bar = panel.text.verticalScrollBar()
    assert text_bar.maximum() > 0                     # the exercise's text is long
    text_bar.setValue(text_bar.maximum())
    panel.editor.verticalScrollBar().setValue(panel.editor.verticalScrollBar().maximum())
    work_bar = panel.work_area.verticalScrollBar()
    work_bar.setValue(work_bar.maximum())
    QTest.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    wait_playing(panel)
    assert panel.engine.step.question is not None
    assert text_bar.value() == 0 and work_bar.value() == 0
    text_bar.setValue(text_bar.maximum())
    QTest.mouseClick(panel.back_button, Qt.MouseButton.LeftButton)
    wait_playing(panel)
    assert panel.engine.step.exercise is not None
    assert text_bar.value() == 0 and work_bar.value() == 0


def test_restore_default_layout_puts_every_panel_back(window):
    traps = window.docks["traps"]
    window.addDockWidget(RIGHT, traps)               # the student's own changes
    window.docks["memory"].setFloating(True)
    window.docks["statistics"].hide()
    settle()
    assert arrangement(window) != window.default_arrangement
    window.menu_view.actions()                       # the action is in the View menu
    assert window.actions_by_name["default_layout"] in window.menu_view.actions()
    window.actions_by_name["default_layout"].trigger()
    settle()
    assert not window.lesson_mode and not window.prefs.lesson_mode
    assert not window.panels["lesson"].lesson_mode
    assert arrangement(window) == window.default_arrangement
    # The bottom panels under the lesson again, at their first sizes.
    assert window.docks["consoles"].geometry().left() < window.docks["lesson"].geometry().right()


def test_presenter_mode_on_and_off_keeps_the_students_layout(window):
    traps, lesson = window.docks["traps"], window.docks["lesson"]
    window.addDockWidget(RIGHT, traps)               # a custom arrangement in lesson mode
    traps.show()
    window.docks["registers"].hide()
    window.resizeDocks([lesson], [600], Qt.Orientation.Horizontal)
    settle()
    before, width = arrangement(window), lesson.width()
    activate(window)
    QTest.keyClick(window, Qt.Key.Key_F12)
    settle()
    assert window.presenter
    assert not window.actions_by_name["lesson_mode"].isEnabled()
    QTest.keyClick(window, Qt.Key.Key_F12)
    settle()
    assert not window.presenter
    assert window.lesson_mode and window.panels["lesson"].lesson_mode
    assert window.actions_by_name["lesson_mode"].isChecked()
    assert arrangement(window) == before
    assert abs(lesson.width() - width) <= 4, (lesson.width(), width)
    assert window.corner(Qt.Corner.BottomLeftCorner) == LEFT   # still the full-height column


def test_lesson_mode_off_gives_back_the_layout_before_it(lab):
    lab.resize(*SIZE)
    lab.addDockWidget(RIGHT, lab.docks["memory"])     # the student's layout
    settle()
    before = arrangement(lab)
    try:
        activate(lab)
        QTest.keyClick(lab, Qt.Key.Key_F7)              # the key of View → Lesson layout
        settle()
        assert lab.lesson_mode
        assert lab.dockWidgetArea(lab.docks["code"]) == BOTTOM
        QTest.keyClick(lab, Qt.Key.Key_F7)
        settle()
        assert not lab.lesson_mode
        assert arrangement(lab) == before
        assert lab.corner(Qt.Corner.BottomLeftCorner) == BOTTOM
    finally:
        lab.restore_default_layout()
        settle()


def test_lesson_mode_is_remembered(qtbot, prefs, tmp_path):
    window = new_window(prefs)
    qtbot.addWidget(window)
    window.addDockWidget(RIGHT, window.docks["timeline"])    # before lesson mode
    settle()
    before = arrangement(window)
    window.set_lesson_mode(True)
    settle()
    assert prefs.lesson_mode is True
    window.resizeDocks([window.docks["lesson"]], [620], Qt.Orientation.Horizontal)
    settle()
    in_lesson_mode, width = arrangement(window), window.docks["lesson"].width()
    window.close()                                   # saves the layout
    again = new_window(prefs)
    qtbot.addWidget(again)
    assert again.lesson_mode and again.panels["lesson"].lesson_mode
    assert again.actions_by_name["lesson_mode"].isChecked()
    assert arrangement(again) == in_lesson_mode
    assert abs(again.docks["lesson"].width() - width) <= 4, (again.docks["lesson"].width(), width)
    assert again.corner(Qt.Corner.BottomLeftCorner) == LEFT
    again.set_lesson_mode(False)                     # the layout from before, from the file
    settle()
    assert arrangement(again) == before
    assert prefs.lesson_mode is False
