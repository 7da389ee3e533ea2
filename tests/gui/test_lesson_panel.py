"""The lesson panel follows the engine: text, actions, questions, exercises, errors."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vmlab.gui.panels.lesson import LessonPanel
from vmlab.lessons.progress import ProgressStore

LESSON = """
id = "panel-test"
order = 1
minutes = 5
title = { en = "Panel test", ca = "Prova del tauler" }
summary = { en = "A lesson for the tests.", ca = "Una lliçó per a les proves." }
scenario = "two-guests"

[[step]]
id = "intro"
panel = "layers"
text = { en = "# Welcome\\n\\nLook at the **layers**.", ca = "# Benvinguts\\n\\nMireu les **capes**." }

[[step]]
id = "exit"
panel = "traps"
text = { en = "The first VM exit of beta.", ca = "La primera sortida de beta." }
actions = [ { do = "run-until", vm_exit = { guest = "beta" } } ]
hints = [ { en = "Look at the trap inspector.", ca = "Mireu l’inspector de traps." } ]
[step.question]
kind = "choice"
prompt = { en = "Which guest exited?", ca = "Quin guest ha sortit?" }
choices = [ { en = "alpha", ca = "alpha" }, { en = "beta", ca = "beta" } ]
answer = 1
correct = { en = "Yes, beta.", ca = "Sí, beta." }
wrong = { en = "Look again.", ca = "Torneu-hi." }

[[step]]
id = "count"
text = { en = "Count the exits.", ca = "Compteu les sortides." }
[step.question]
kind = "number"
prompt = { en = "How many VM exits so far?", ca = "Quantes sortides fins ara?" }
compute = "exits()"

[[step]]
id = "write"
text = { en = "Make it print ok.", ca = "Feu que escrigui ok." }
[step.exercise]
program = "starter.vl32"
[[step.exercise.check]]
expect = "console('program') == 'ok'"
explain = { en = "It must print ok.", ca = "Ha d’escriure ok." }
"""

STARTER = ".org 0\n        halt\n"
SOLUTION = ".org 0\n li r1, 'o'\n out CONSOLE_OUT, r1\n li r1, 'k'\n out CONSOLE_OUT, r1\n halt\n"


@pytest.fixture
def lesson_file(tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "starter.vl32").write_text(STARTER, encoding="utf-8")
    path = folder / "panel-test.toml"
    path.write_text(LESSON, encoding="utf-8")
    return path


@pytest.fixture
def panel(qtbot, make_controller, tmp_path):
    controller = make_controller("native-alpha")
    widget = LessonPanel(controller, store=ProgressStore(tmp_path / "progress"))
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    return widget


def finish_actions(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.playing, timeout=20_000)


def open_and_wait(qtbot, panel, path) -> bool:
    ok = panel.open_lesson(path)
    finish_actions(qtbot, panel)
    return ok


def test_opening_a_lesson_shows_its_first_step_and_shares_the_session(panel, lesson_file,
                                                                     qtbot):
    assert open_and_wait(qtbot, panel, lesson_file)
    assert panel.engine.lesson.id == "panel-test"
    assert "Welcome" in panel.text.toPlainText()
    assert panel.title_label.text() == "Panel test"
    assert panel.controller.session is panel.engine.session
    assert panel.controller.session.scenario.name == "two-guests"
    assert not panel.question_box.isVisible()
    assert "Step 1 of 4" in panel.step_label.text()
    assert str(panel.engine.seed) in panel.seed_label.text()


def test_next_plays_the_actions_and_shows_the_question(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    qtbot.mouseClick(panel.next_button, Qt.MouseButton.LeftButton)
    finish_actions(qtbot, panel)
    session = panel.controller.session
    last = session.last_trap_event()
    assert last is not None and last.guest == "beta" and last.cycle == session.cycle
    assert panel.question_box.isVisible()
    assert panel.prompt.text() == "Which guest exited?"
    radios = panel.choice_group.buttons()
    assert len(radios) == 2 and all(r.isVisible() for r in radios)
    # Each choice's text beside its button, wrapped when long; a click on it picks it.
    assert [label.text() for label in panel.choice_texts] == ["alpha", "beta"]
    assert all(label.wordWrap() and label.isVisible() for label in panel.choice_texts)
    qtbot.mouseClick(panel.choice_texts[1], Qt.MouseButton.LeftButton)
    assert panel.choice_group.checkedId() == 1


def test_answers_get_feedback_and_count_attempts(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    panel.next()
    finish_actions(qtbot, panel)
    panel.choice_group.button(0).setChecked(True)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert "Look again." in panel.feedback.text() and "attempt 1" in panel.feedback.text()
    panel.choice_group.button(1).setChecked(True)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert "Yes, beta." in panel.feedback.text() and "attempt 2" in panel.feedback.text()
    assert panel.engine.completed(panel.engine.step)
    qtbot.mouseClick(panel.hint_button, Qt.MouseButton.LeftButton)
    assert panel.hint_label.text() == "Look at the trap inspector."


def test_a_computed_answer_follows_the_simulation(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    panel.next()
    finish_actions(qtbot, panel)
    panel.next()
    finish_actions(qtbot, panel)
    exits = sum(panel.controller.session.vmm.exits_by_cause.values())
    panel.answer_edit.setText(str(exits + 1))
    panel.check_answer()
    assert "✗" in panel.feedback.text()
    panel.answer_edit.setText(str(exits))
    panel.check_answer()
    assert "✓" in panel.feedback.text()


def test_an_exercise_runs_the_students_program(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    for _ in range(3):
        panel.next()
        finish_actions(qtbot, panel)
    assert panel.exercise_box.isVisible()
    assert panel.editor.toPlainText() == STARTER
    assert not panel.exercise_hint_button.isVisible()      # this step has no hints
    qtbot.mouseClick(panel.run_exercise_button, Qt.MouseButton.LeftButton)
    assert "0 of 1 checks pass" in panel.exercise_result.text()
    assert "✗ Check 1: It must print ok." in panel.exercise_result.text()
    assert "ended normally" in panel.exercise_result.text()   # halt, not a crash
    panel.editor.setPlainText(".org 0\n" + "  li r1, 1\n" * 38 + "  oops r1\n  halt\n")
    panel.run_exercise()
    assert "does not assemble" in panel.exercise_result.text()
    assert "line 40" in panel.exercise_result.text()
    assert panel.editor.error_lines == [40] and panel.editor.current_line() == 40
    for _ in range(3):
        QApplication.processEvents()
    # The error's line is in view, in the editor and in the lesson's scrolling area.
    rect = panel.editor.cursorRect()
    assert panel.editor.viewport().rect().contains(rect.center())
    centre = panel.editor.viewport().mapTo(panel.work_area.viewport(), rect.center())
    assert panel.work_area.viewport().rect().contains(centre)
    panel.editor.go_to_line(1)
    panel._go_to_error("line:40")                 # the link under the error
    assert panel.editor.current_line() == 40
    panel.editor.setPlainText(SOLUTION)
    panel.run_exercise()
    assert "All 1 checks pass" in panel.exercise_result.text()
    assert "✓ Check 1: " in panel.exercise_result.text()
    assert "It must print ok." not in panel.exercise_result.text()
    assert panel.editor.error_lines == []
    assert panel.controller.session.guest("program").console == "ok"


def test_back_returns_to_the_previous_step(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    panel.next()
    finish_actions(qtbot, panel)
    assert panel.engine.index == 1
    panel.back()
    finish_actions(qtbot, panel)
    assert panel.engine.index == 0
    assert "Welcome" in panel.text.toPlainText()


def test_a_broken_lesson_shows_its_errors_and_keeps_the_current_one(panel, lesson_file, tmp_path,
                                                                    qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    broken = tmp_path / "lessons" / "broken.toml"
    broken.write_text(LESSON.replace('do = "run-until"', 'do = "run-untill"'), encoding="utf-8")
    assert not panel.open_lesson(broken)
    assert panel.error_box.isVisible()
    assert "broken.toml" in panel.error_box.text() and "run-untill" in panel.error_box.text()
    assert panel.engine.lesson.id == "panel-test"


def test_reload_reads_the_file_again(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    lesson_file.write_text(LESSON.replace("Panel test", "Panel test, edited"), encoding="utf-8")
    panel.reload()
    finish_actions(qtbot, panel)
    assert panel.title_label.text() == "Panel test, edited"


def test_the_step_asks_the_window_to_highlight_a_panel(main_window, lesson_file, qtbot):
    assert main_window.open_lesson(lesson_file)
    finish_actions(qtbot, main_window.panels["lesson"])
    assert main_window.highlight.target_id == "layers"
    main_window.panels["lesson"].next()
    finish_actions(qtbot, main_window.panels["lesson"])
    assert main_window.highlight.target_id == "traps"
    assert main_window.docks["traps"].isVisible()


def test_progress_survives_reopening(panel, lesson_file, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    panel.next()
    finish_actions(qtbot, panel)
    panel.choice_group.button(1).setChecked(True)
    panel.check_answer()
    seed = panel.engine.seed
    open_and_wait(qtbot, panel, lesson_file)
    assert panel.engine.index == 1
    assert panel.engine.seed == seed
    assert "Already answered correctly." in panel.feedback.text()


def _in_view(widget, viewport) -> bool:
    """The whole widget lies inside the scroll area's viewport (seen without scrolling)."""
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    bottom_right = widget.mapTo(viewport, widget.rect().bottomRight())
    return (widget.isVisible() and top_left.y() >= 0 and top_left.x() >= 0
            and bottom_right.y() < viewport.height() and bottom_right.x() < viewport.width())


@pytest.mark.parametrize("language", ["en", "ca"])
def test_presenter_mode_keeps_every_question_in_view(qtbot, prefs, make_controller, language):
    """Projected at 1280x720 in presenter mode, every question of every shipped lesson
    shows its prompt, its choices (or answer line) and its Check and Hint buttons
    without scrolling, under at least three lines of the step's text, all in text
    of 18 pixels or more."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication

    from vmlab.gui import i18n
    from vmlab.gui.main_window import MainWindow
    from vmlab.lessons.loader import shipped_lessons
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("two-guests"), prefs)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panel = window.panels["lesson"]
    i18n.set_language(language)
    try:
        window.set_presenter(True)
        seen = 0
        for lesson in shipped_lessons():
            assert panel.open_lesson(lesson.path)
            finish_actions(qtbot, panel)
            engine = panel.engine
            for index, step in enumerate(engine.lesson.steps):
                if step.question is None:
                    continue
                engine.index = index            # the step as shown, without replaying
                panel.show_step()
                for _ in range(4):
                    QApplication.processEvents()
                where = (lesson.id, step.id, language)
                viewport = panel.work_area.viewport()
                assert panel.work_area.verticalScrollBar().value() == 0, where
                wanted = [panel.prompt, panel.check_button]
                if step.hints:                  # Hint only where the step has hints
                    wanted.append(panel.hint_button)
                else:
                    assert not panel.hint_button.isVisible(), where
                if step.question.kind == "choice":
                    wanted += panel.choice_group.buttons() + panel.choice_texts
                    assert len(panel.choice_texts) == len(step.question.choices)
                else:
                    wanted.append(panel.answer_edit)
                for widget in wanted:
                    assert _in_view(widget, viewport), (where, type(widget).__name__,
                                                        widget.objectName())
                    assert QFontInfo(widget.font()).pixelSize() >= 18, where
                for label in panel.choice_texts:
                    assert label.heightForWidth(label.width()) <= label.height(), where
                lines = panel.text.viewport().height() / panel.text.fontMetrics().lineSpacing()
                assert lines >= 3, (where, lines)
                assert panel.rect().contains(panel.work_area.geometry()), where
                seen += 1
        assert seen > 50
    finally:
        window.set_presenter(False)
        i18n.set_language("en")


def test_with_no_lesson_open_the_picker_says_so(panel):
    """The picker never shows lesson 1 while the panel says no lesson is open."""
    assert panel.engine is None
    assert panel.chooser.currentIndex() == -1
    assert panel.chooser.display_text() == "Choose a lesson…"
    assert panel.title_label.text() == "No lesson open"
    assert panel.chooser.count() >= 7                       # the list has every lesson


def test_the_picker_names_the_open_lesson_in_short(panel, lesson_file, qtbot):
    from vmlab.lessons.loader import shipped_lessons
    first = shipped_lessons()[0]
    assert open_and_wait(qtbot, panel, first.path)
    assert panel.chooser.display_text() == f"Lesson 1 of {len(shipped_lessons())}"
    assert panel.title_label.text() == first.title.en         # whole, wrapped under it
    assert first.title.en in panel.chooser.currentText()      # the list's item
    assert open_and_wait(qtbot, panel, lesson_file)           # an author's file
    assert panel.chooser.display_text() == "panel-test.toml"


def test_numbers_are_read_as_the_interface_language_writes_them(panel, lesson_file, qtbot):
    """'78,9 %', as a Catalan panel shows it, is right in Catalan (the engine follows
    the interface language, also when it changes with the lesson open)."""
    from vmlab.gui import i18n
    lesson_file.write_text(LESSON.replace('compute = "exits()"', 'compute = "78.9"'),
                           encoding="utf-8")
    try:
        assert i18n.set_language("ca")
        panel.retranslate()
        open_and_wait(qtbot, panel, lesson_file)
        assert panel.engine.language == "ca"
        panel.engine.go(2)
        finish_actions(qtbot, panel)
        panel.show_step()
        assert panel.answer_edit.isVisible()
        panel.answer_edit.setText("78,9 %")
        qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
        assert "✓" in panel.feedback.text(), panel.feedback.text()
        # A thousands separator is the language's own: 3.000 is three thousand in Catalan.
        lesson_file.write_text(LESSON.replace('compute = "exits()"', 'compute = "3000"'),
                               encoding="utf-8")
        open_and_wait(qtbot, panel, lesson_file)
        panel.answer_edit.setText("3.000")
        panel.check_answer()
        assert "✓" in panel.feedback.text(), panel.feedback.text()
        i18n.set_language("en")
        panel.retranslate()
        assert panel.engine.language == "en"
        panel.answer_edit.setText("3.000")
        panel.check_answer()
        assert "✗" in panel.feedback.text(), panel.feedback.text()
        panel.answer_edit.setText("3,000")
        panel.check_answer()
        assert "✓" in panel.feedback.text(), panel.feedback.text()
    finally:
        i18n.set_language("en")


def test_the_exercise_editor_numbers_highlights_and_keeps_the_students_code(
        panel, lesson_file, qtbot, tmp_path, make_controller):
    from vmlab.gui.panels.exercise_editor import VISIBLE_LINES
    open_and_wait(qtbot, panel, lesson_file)
    panel.engine.go(3)
    finish_actions(qtbot, panel)
    panel.show_step()
    editor = panel.editor
    assert editor.viewportMargins().left() >= editor.fontMetrics().horizontalAdvance("99")
    assert editor.visible_lines() >= VISIBLE_LINES
    # VL32 colours from the project's lexer: 'halt' is not drawn in the text's colour.
    block = editor.document().findBlockByNumber(1)
    formats = block.layout().formats()
    assert formats and any(f.format.foreground().color() != editor.palette().text().color()
                           for f in formats)
    editor.setPlainText(SOLUTION.replace("'k'", "'x'"))
    qtbot.waitUntil(lambda: "write" in panel.store.load("panel-test").sources, timeout=3000)
    # A restart: a new panel on the same progress store shows the student's code.
    again = LessonPanel(make_controller("native-alpha"), store=ProgressStore(tmp_path / "progress"))
    qtbot.addWidget(again)
    again.resize(700, 800)
    again.show()
    open_and_wait(qtbot, again, lesson_file)
    assert again.engine.index == 3
    assert again.editor.toPlainText() == SOLUTION.replace("'k'", "'x'")
    # Start again gives the template back, and the progress forgets the edit.
    again._restore_starter()
    again._save_source()
    assert "write" not in again.store.load("panel-test").sources


def test_each_lesson_keeps_its_own_program(panel, lesson_file, qtbot):
    """Two lessons with an exercise step of the same id: the student's program of one
    is saved with it, and the other shows its own (the starter), not the first's."""
    open_and_wait(qtbot, panel, lesson_file)
    panel.engine.go(3)
    finish_actions(qtbot, panel)
    panel.show_step()
    panel.editor.setPlainText(SOLUTION)
    other = lesson_file.with_name("other.toml")
    other.write_text(LESSON.replace('id = "panel-test"', 'id = "other-test"'), encoding="utf-8")
    open_and_wait(qtbot, panel, other)
    panel.engine.go(3)
    finish_actions(qtbot, panel)
    panel.show_step()
    assert panel.editor.toPlainText() == STARTER
    assert panel.store.load("panel-test").sources == {"write": SOLUTION}
    assert "write" not in panel.store.load("other-test").sources
    open_and_wait(qtbot, panel, lesson_file)
    assert panel.engine.index == 3 and panel.editor.toPlainText() == SOLUTION


def test_saved_programs_in_the_progress_file(tmp_path):
    """The program per step is kept in the JSON file; files of older versions (no
    programs) load, and a program that is not text marks the file as damaged."""
    import json
    store = ProgressStore(tmp_path / "p")
    progress = store.load("l")
    progress.sources["write"] = SOLUTION
    assert store.save(progress)
    assert store.load("l").sources == {"write": SOLUTION}
    data = json.loads(store.path("l").read_text(encoding="utf-8"))
    del data["sources"]
    store.path("l").write_text(json.dumps(data), encoding="utf-8")
    assert store.load("l").sources == {} and not store.warnings
    data["sources"] = {"write": 3}
    store.path("l").write_text(json.dumps(data), encoding="utf-8")
    assert store.load("l").sources == {} and "damaged" in store.warnings[0]
    store.remember_open("l")
    assert ProgressStore(tmp_path / "p").last_open() == "l"
    assert ProgressStore(tmp_path / "nowhere").last_open() is None


def test_reload_tries_a_lesson_that_failed_to_open_again(main_window, lesson_file, qtbot):
    """An author opens a broken lesson (the error dialog says why), fixes the file
    and presses Reload: the fixed lesson opens."""
    panel = main_window.panels["lesson"]
    path = lesson_file.parent / "authoring.toml"
    path.write_text(LESSON.replace('do = "run-until"', 'do = "run-untill"'), encoding="utf-8")
    assert not main_window.open_lesson(path)
    assert "run-untill" in main_window.last_error
    assert main_window.last_error_box.isVisible()
    assert panel.error_box.isVisible()
    path.write_text(LESSON, encoding="utf-8")       # fixed on disk
    panel.reload()
    finish_actions(qtbot, panel)
    assert panel.engine is not None and panel.engine.lesson.id == "panel-test"
    assert panel.lesson_path == path
    assert not panel.error_box.isVisible()
    assert panel.title_label.text() == "Panel test"


def test_reload_after_a_failed_open_keeps_retrying_until_fixed(panel, lesson_file, tmp_path, qtbot):
    open_and_wait(qtbot, panel, lesson_file)
    broken = lesson_file.parent / "broken.toml"
    broken.write_text(LESSON.replace("Panel test", "Fixed").replace('do = "run-until"',
                                                                      'do = "run-untill"'),
                      encoding="utf-8")
    assert not panel.open_lesson(broken)
    panel.reload()                                   # still broken: the open lesson stays
    assert panel.engine.lesson.id == "panel-test" and panel.error_box.isVisible()
    broken.write_text(LESSON.replace("Panel test", "Fixed"), encoding="utf-8")
    panel.reload()
    finish_actions(qtbot, panel)
    assert panel.title_label.text() == "Fixed" and panel.lesson_path == broken
    panel.reload()                                   # now an ordinary reload of the open one
    finish_actions(qtbot, panel)
    assert panel.lesson_path == broken
