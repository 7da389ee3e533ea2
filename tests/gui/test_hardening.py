"""Issue 9 in the window: it opens and goes on whatever the progress and settings files hold.

- progress that cannot be saved (the progress file is a folder, the data folder is
  a file or read-only) is reported in the lesson panel, and the lesson goes on;
- settings with an unknown language or any other bad value give the defaults
  (tests/corpus/settings/*), and `launch` opens the window in a known language;
- a lesson that cannot be opened is a dialog naming the file and line; a step
  that fails to play, an answer that cannot be computed and an exercise that
  cannot run are explained to the student.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication

from vmlab.gui import i18n
from vmlab.gui.main_window import MainWindow
from vmlab.gui.preferences import MemorySettings, Preferences, user_settings_path
from vmlab.inputs import MAX_SETTINGS_BYTES
from vmlab.lessons import load_lesson

ROOT = Path(__file__).resolve().parents[2]
LESSON = ROOT / "lessons" / "03-trap-and-emulate.toml"
SETTINGS_CORPUS = sorted((ROOT / "tests" / "corpus" / "settings").iterdir())
BROKEN = ROOT / "tests" / "lessons" / "broken"


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture
def window(qtbot, prefs, make_controller):
    MainWindow.testing_dialogs = True
    win = MainWindow(make_controller("two-guests"), prefs)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def finish(qtbot, panel):
    qtbot.waitUntil(lambda: not panel.playing, timeout=20_000)


def lesson_id() -> str:
    return load_lesson(LESSON).id


# ---------------------------------------------------------------------- progress
def _opens_and_warns(qtbot, window, fragment):
    panel = window.panels["lesson"]
    assert window.open_lesson(LESSON)
    finish(qtbot, panel)
    assert window.isVisible() and panel.engine is not None
    assert panel.error_box.isVisible()
    assert fragment in panel.error_box.text(), panel.error_box.text()
    # The lesson goes on: next step, an answer, a hint - no exception, still reported.
    panel.next()
    finish(qtbot, panel)
    assert panel.engine.index == 1
    return panel


def test_the_window_opens_when_the_progress_file_is_a_folder(qtbot, window, tmp_path):
    folder = Path(os.environ["VMLAB_DATA_DIR"]) / "progress" / f"{lesson_id()}.json"
    folder.mkdir(parents=True)
    panel = _opens_and_warns(qtbot, window, "Your progress cannot be saved")
    assert "a folder is in the way" in panel.error_box.text()
    assert "is a folder" in panel.error_box.text()          # the load said so too
    assert folder.is_dir()                                  # nothing of the student's removed


def test_the_window_opens_when_the_data_folder_is_a_file(qtbot, window):
    data = Path(os.environ["VMLAB_DATA_DIR"])
    data.parent.mkdir(parents=True, exist_ok=True)
    data.write_text("not a folder", encoding="utf-8")
    _opens_and_warns(qtbot, window, "Your progress cannot be saved")
    assert data.read_text(encoding="utf-8") == "not a folder"


def test_the_window_opens_when_the_data_folder_cannot_be_written(qtbot, window, monkeypatch):
    from vmlab.lessons import progress

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(progress.tempfile, "mkstemp", refuse)
    panel = _opens_and_warns(qtbot, window, "Your progress cannot be saved")
    assert "Permission denied" in panel.error_box.text()


def test_the_progress_warning_is_in_catalan_too(qtbot, window):
    (Path(os.environ["VMLAB_DATA_DIR"]) / "progress" / f"{lesson_id()}.json").mkdir(parents=True)
    i18n.set_language("ca")
    panel = window.panels["lesson"]
    assert window.open_lesson(LESSON)
    finish(qtbot, panel)
    assert "No es pot desar el vostre progrés" in panel.error_box.text()


# ---------------------------------------------------------------------- settings
@pytest.mark.parametrize("path", SETTINGS_CORPUS, ids=lambda p: p.name)
def test_bad_settings_give_the_defaults(qtbot, tmp_path, make_controller, path):
    copy = tmp_path / "vmlab.ini"
    shutil.copyfile(path, copy)
    prefs = Preferences(QSettings(str(copy), QSettings.Format.IniFormat))
    assert prefs.language in ("", "en", "ca")
    assert isinstance(prefs.speed, int) and not isinstance(prefs.speed, bool)
    assert prefs.number_base in ("hex", "dec")
    assert isinstance(prefs.presenter, bool)
    assert isinstance(prefs.scenario, str) and len(prefs.scenario) <= 200
    for value in (prefs.geometry(), prefs.dock_state()):
        assert value is None or isinstance(value, QByteArray)
    assert i18n.set_language(prefs.language or "en")         # what launch does: never raises
    MainWindow.testing_dialogs = True
    win = MainWindow(make_controller("two-guests"), prefs)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    assert win.isVisible()
    win.close()                                               # saves the layout: no crash


def test_the_settings_corpus_is_there():
    assert len(SETTINGS_CORPUS) >= 20


@pytest.fixture
def user_settings(tmp_path):
    """QSettings' user scope in a temporary folder (restored afterwards)."""
    fmt, scope = QSettings.Format.IniFormat, QSettings.Scope.UserScope
    probe = QSettings(fmt, scope, "vmlab", "probe").fileName()
    original = os.path.dirname(os.path.dirname(probe))
    QSettings.setPath(fmt, scope, str(tmp_path / "config"))
    yield Path(user_settings_path())
    QSettings.setPath(fmt, scope, original)


def _launch(monkeypatch, **kwargs):
    """vmlab.gui.launch.launch up to the event loop; returns the window it showed."""
    from vmlab.gui import launch
    shown = []

    def no_loop(*args):
        shown.extend(w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible())
        return 0
    monkeypatch.setattr(QApplication, "exec", no_loop)
    MainWindow.testing_dialogs = True
    assert launch.launch(**kwargs) == 0
    assert shown, "no window was shown"
    return shown[-1]


@pytest.mark.parametrize("language", ["xx", "", "en_US", "@Invalid()", "ca, en"])
def test_launch_with_an_unknown_language_opens_in_a_known_one(qtbot, monkeypatch, user_settings,
                                                              language):
    user_settings.parent.mkdir(parents=True)
    user_settings.write_text(f"[view]\nlanguage={language}\n[run]\nspeed=fast\n",
                             encoding="utf-8")
    window = _launch(monkeypatch, scenario="two-guests")
    qtbot.addWidget(window)
    assert i18n.current_language() in ("en", "ca")
    window.close()


def test_an_oversized_settings_file_is_not_read_nor_overwritten(qtbot, monkeypatch,
                                                                user_settings, capsys):
    user_settings.parent.mkdir(parents=True)
    text = "[view]\nlanguage=ca\n" + "; padding\n" * (MAX_SETTINGS_BYTES // 10 + 1)
    user_settings.write_text(text, encoding="utf-8")
    prefs = Preferences()
    assert prefs.problem and "larger than" in prefs.problem
    assert isinstance(prefs.settings, MemorySettings) and prefs.language == ""
    window = _launch(monkeypatch, scenario="two-guests")
    qtbot.addWidget(window)
    window.close()
    assert user_settings.read_text(encoding="utf-8") == text
    assert "settings not read" in capsys.readouterr().err


def test_a_settings_folder_instead_of_a_file(qtbot, monkeypatch, user_settings):
    user_settings.mkdir(parents=True)
    assert Preferences().problem
    window = _launch(monkeypatch, scenario="two-guests")
    qtbot.addWidget(window)
    window.close()


@pytest.mark.parametrize("option, content, fragment", [
    ("--scenario", "[scenario]\ntechnique = 'native'\n[[guest]]\nprogram = 'alpha'\n"
                   "input = '€'\n", "'€'"),
    ("--scenario", None, "file not found"),
    ("--scenario", "x = " + "[" * 500 + "]" * 500 + "\n", "nest"),
    ("--lesson", "id = 'x'\n", "is required"),
    ("--lesson", None, "file not found"),
])
def test_a_bad_file_on_the_command_line_is_exit_2_before_any_window(
        tmp_path, monkeypatch, capsys, option, content, fragment):
    from vmlab.cli.main import main
    path = tmp_path / "bad.toml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(QApplication, "exec", lambda *a: pytest.fail("a window was opened"))
    assert main([option, str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and fragment in err and "Traceback" not in err


def test_a_bad_file_is_reported_even_without_a_display(tmp_path, monkeypatch, capsys):
    """The file's own problem comes first: "no display" would hide what to fix."""
    from vmlab.cli.main import main
    path = tmp_path / "bad.toml"
    path.write_text("[scenario]\ntechnique = 'native'\n[[guest]]\nprogram = 'alpha'\n"
                    "input = '€'\n", encoding="utf-8")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert main(["--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}:5" in err and "'€'" in err and "display" not in err


# ---------------------------------------------------------------------- lessons in the window
def test_a_lesson_that_cannot_be_opened_is_a_dialog(qtbot, window):
    path = BROKEN / "nan-answer.toml"
    assert not window.open_lesson(path)
    box = window.last_error_box
    assert box.isVisible() and box.text() == "This lesson cannot be opened"
    assert f"{path}:11: step[0].question.answer" in window.last_error
    assert "must be a number, not nan" in box.informativeText()


def test_a_step_that_fails_to_play_is_explained(qtbot, window, tmp_path):
    scenario = tmp_path / "mine.toml"
    good = '[scenario]\ntechnique = "native"\n[[guest]]\nname = "main"\nprogram = "alpha"\n'
    scenario.write_text(good, encoding="utf-8")
    path = tmp_path / "t.toml"
    path.write_text('''id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
[[step]]
text = { en = "y", ca = "y" }
actions = [ { do = "load-scenario", scenario = "mine" }, { do = "run", cycles = 100 } ]
[step.question]
kind = "number"
prompt = { en = "?", ca = "?" }
compute = "cycles() + 1''' + "0" * 400 + ''' * 1.5"
''', encoding="utf-8")
    panel = window.panels["lesson"]
    assert window.open_lesson(path)
    finish(qtbot, panel)
    scenario.write_text("[scenario]\n", encoding="utf-8")     # changed after the check
    panel.next()
    finish(qtbot, panel)
    assert "This step could not be played" in panel.error_box.text()
    assert "load-scenario" in panel.error_box.text()
    panel.answer_edit.setText("12")
    panel.check_answer()                                      # no OverflowError
    assert "cannot compute the right answer" in panel.feedback.text()
    assert window.isVisible()


def test_an_exercise_that_cannot_run_is_explained(qtbot, window, tmp_path):
    (tmp_path / "start.vl32").write_text("halt\n", encoding="utf-8")
    path = tmp_path / "t.toml"
    path.write_text('''id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
[step.exercise]
program = "start.vl32"
technique = "trap-and-emulate"
[[step.exercise.check]]
expect = "state('program') == 'halted'"
explain = { en = "halts", ca = "s'atura" }
''', encoding="utf-8")
    panel = window.panels["lesson"]
    assert window.open_lesson(path)
    finish(qtbot, panel)
    panel.editor.setPlainText("start:\n    halt\n    .space 20000\n")
    panel.run_exercise()
    assert "cannot be run" in panel.exercise_result.text()


def test_open_scenario_that_cannot_start_is_a_dialog(qtbot, window, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[scenario]\ntechnique = "native"\n[[guest]]\nname = "main"\n'
                    'program = "alpha"\ninput = "€"\n', encoding="utf-8")
    before = window.controller.session
    assert not window.open_scenario(str(path))
    assert str(path) in window.last_error and window.last_error_box.isVisible()
    assert window.controller.session is before
