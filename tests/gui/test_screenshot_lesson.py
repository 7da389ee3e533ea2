"""`vmlab screenshot --lesson FILE|ID --step N`: an author sees a step of a lesson as a
student will, before class (issue 14, item 6).

The windows the command renders are looked at as objects (the lesson panel's labels
and the simulation), not as pixels: take() is watched through open_window, which it
calls for each window it saves.  The state must be the one a student gets by opening
the lesson and pressing Next in the window.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from vmlab.cli.main import main
from vmlab.gui import i18n, screenshots
from vmlab.gui.screenshots import DEFAULT_SEED, PROJECTOR, WINDOW
from vmlab.lessons import load_lesson
from vmlab.lessons.loader import find_lesson

LESSON = "trap-and-emulate"       # a shipped lesson with questions before its step 4
STEP = 4
OPEN_WINDOW = screenshots.open_window     # not watched: the reference windows


def _vmlab(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _heading(markdown: str) -> str:
    """The step's title: the first heading of its text."""
    line = next(line for line in markdown.splitlines() if line.startswith("#"))
    return line.lstrip("#").strip()


@pytest.fixture
def watched(monkeypatch):
    """What each window the command opened showed when its pictures were taken."""
    seen = []
    original = screenshots.open_window

    def open_window(app, moment, *args, **kwargs):
        window = original(app, moment, *args, **kwargs)
        panel = window.panels["lesson"]
        seen.append({"step": panel.step_label.text(), "text": panel.text.toPlainText(),
                     "index": panel.engine.index, "progress": panel.progress.value(),
                     "answers": dict(panel.engine.progress.answers),
                     "presenter": window.presenter,
                     "state": window.controller.session.state_hash(),
                     "cycle": window.controller.session.cycle,
                     "same": panel.engine.session is window.controller.session})
        return window

    monkeypatch.setattr(screenshots, "open_window", open_window)
    return seen


def _stepped_in_the_window(qapp, path: Path, number: int, lang: str, settings: Path):
    """(state hash, cycle, step label) a student gets: open the lesson, press Next."""
    first = screenshots.Moment(str(path), load_lesson(path).steps[0].id)
    window = OPEN_WINDOW(qapp, first, lang, DEFAULT_SEED, settings=settings)
    try:
        panel = window.panels["lesson"]
        for _ in range(number - 1):
            panel.next()
            screenshots._wait_playing(qapp, panel, "the reference")
        session = window.controller.session
        return session.state_hash(), session.cycle, panel.step_label.text()
    finally:
        window.close()
        window.deleteLater()
        qapp.processEvents()
        i18n.set_language("en")


def test_a_shipped_lesson_at_a_step_as_a_student_reaches_it(qapp, tmp_path, capsys,
                                                            watched):
    path = find_lesson(LESSON)
    lesson = load_lesson(path)
    out = tmp_path / "pictures"
    code, printed, err = _vmlab(capsys, "screenshot", "--lesson", LESSON, "--step", str(STEP),
                                "--out", str(out))
    assert code == 0, err
    name = f"{path.stem}-step{STEP}-window.png"
    assert [Path(line).name for line in printed.split()] == [name]
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert QImage(str(out / name)).size().toTuple() == WINDOW

    [shown] = watched
    count = len(lesson.steps)
    assert shown["step"] == f"Step {STEP} of {count}"
    assert shown["index"] == STEP - 1
    assert _heading(lesson.steps[STEP - 1].text.en) in shown["text"]
    assert shown["same"]                 # the lesson's own run is the one shown
    assert shown["cycle"] > 0            # the earlier steps played
    # Every earlier question answered right, as a student who got them all.
    earlier = [s for s in lesson.steps[:STEP - 1] if s.question is not None]
    assert earlier, "the test needs questions before the step"
    assert {s.id for s in earlier} <= {k for k, v in shown["answers"].items() if v["correct"]}
    assert shown["progress"] == STEP - 1
    # The simulation a student stepping through the window gets.
    state, cycle, label = _stepped_in_the_window(qapp, path, STEP, "en", tmp_path)
    assert (shown["state"], shown["cycle"], shown["step"]) == (state, cycle, label)


def test_an_authors_own_file_in_catalan_with_the_presenter(qapp, tmp_path, capsys, watched):
    shipped = find_lesson("processes")
    mine = tmp_path / "course"
    mine.mkdir()
    path = mine / "my-lesson.toml"          # the author's copy, beside its exercise program
    shutil.copy(shipped, path)
    for program in shipped.parent.glob(f"{shipped.stem[:2]}-*.vl32"):
        shutil.copy(program, mine / program.name)
    lesson = load_lesson(path)
    count, step = len(lesson.steps), 3
    out = tmp_path / "pictures"
    code, printed, err = _vmlab(capsys, "screenshot", "--lesson", str(path), "--step", str(step),
                                "--lang", "ca", "--only", "presenter,window", "--out", str(out))
    assert code == 0, err
    names = [f"my-lesson-step{step}-window.ca.png", f"my-lesson-step{step}-presenter.ca.png"]
    assert [Path(line).name for line in printed.split()] == names
    assert QImage(str(out / names[0])).size().toTuple() == WINDOW
    assert QImage(str(out / names[1])).size().toTuple() == PROJECTOR
    assert i18n.current_language() == "en"          # the language is given back

    i18n.set_language("ca")
    try:
        label = (QCoreApplication.translate("LessonPanel", "Step %1 of %2")
                 .replace("%1", str(step)).replace("%2", str(count)))
    finally:
        i18n.set_language("en")
    assert label != f"Step {step} of {count}"         # Catalan, not the English text
    assert [s["presenter"] for s in watched] == [False, True]
    heading = _heading(lesson.steps[step - 1].text.ca)
    for shown in watched:
        assert shown["step"] == label
        assert heading in shown["text"]
    state, cycle, _ = _stepped_in_the_window(qapp, path, step, "ca", tmp_path)
    assert [(s["state"], s["cycle"]) for s in watched] == [(state, cycle)] * 2


def test_a_step_out_of_range_or_a_bad_lesson_is_refused_before_anything_is_written(
        capsys, tmp_path):
    out = tmp_path / "never-written"
    lesson = load_lesson(find_lesson(LESSON))
    count = len(lesson.steps)
    for step in (0, count + 1, -2):
        code, printed, err = _vmlab(capsys, "screenshot", "--lesson", LESSON, "--step",
                                    str(step), "--out", str(out))
        assert code == 2 and not printed, err
        assert f"lesson {lesson.id!r}" in err and f"has {count} steps" in err, err
        assert f"1 to {count}" in err and f"no step {step}" in err, err

    bad = tmp_path / "broken.toml"
    bad.write_text('id = "broken"\n[[step]\nid = "one"\n', encoding="utf-8")
    code, printed, err = _vmlab(capsys, "screenshot", "--lesson", str(bad), "--step", "1",
                                "--out", str(out))
    assert code == 2 and not printed
    assert f"{bad}:2:" in err and "Traceback" not in err, err

    invalid = tmp_path / "invalid.toml"             # valid TOML, not a valid lesson
    invalid.write_text('id = "Invalid Id"\n', encoding="utf-8")
    code, _, err = _vmlab(capsys, "screenshot", "--lesson", str(invalid), "--out", str(out))
    assert code == 2 and f"{invalid}:1:" in err and "Traceback" not in err, err

    for argv, words in ((["--step", "2"], "--step needs --lesson"),
                        (["--lesson", "trap-and-emulat"], "did you mean 'trap-and-emulate'"),
                        (["--lesson", LESSON, "--only", "native"], "not a picture of a lesson"),
                        (["--lesson", LESSON, "--step", "two"], "invalid int value")):
        code, _, err = _vmlab(capsys, "screenshot", "--out", str(out), *argv)
        assert code == 2 and words in err, (argv, err)
    assert not out.exists()


def test_the_help_tells_an_author_how(capsys):
    code, printed, _ = _vmlab(capsys, "screenshot", "--help")
    assert code == 0
    flat = " ".join(printed.split())
    assert "--lesson FILE|ID" in flat and "--step N" in flat and "Step N of M" in flat
