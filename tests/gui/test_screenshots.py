"""`vmlab screenshot`: the same pictures on every run, of the state the lesson's text describes.

The pictures are compared exactly (the PNG files' bytes; on a difference, the
message counts the pixels that differ): the fonts are vmlab's own (assets/fonts)
and nothing in a picture depends on the clock, so no tolerance is allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from vmlab.cli.main import build_parser, main
from vmlab.gui import i18n
from vmlab.gui.screenshots import (DEFAULT_FOLDER, DEFAULT_SEED, MOMENTS, NAMES, PICTURES,
                                   PROJECTOR, WINDOW, open_window)
from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.loader import find_lesson

SUBSET = ("window", "presenter")      # two windows: normal and presenter mode


def _vmlab(capsys, *argv):
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def _pixels_differing(a: Path, b: Path) -> str:
    first, second = QImage(str(a)), QImage(str(b))
    if first.size() != second.size():
        return f"sizes {first.size().toTuple()} and {second.size().toTuple()}"
    differing = sum(1 for y in range(first.height()) for x in range(first.width())
                    if first.pixel(x, y) != second.pixel(x, y))
    return f"{differing} pixels differ"


def test_two_runs_write_the_same_pictures_outside_the_docs(qapp, tmp_path, monkeypatch,
                                                            capsys):
    runs = []
    for run in ("first", "second"):
        here = tmp_path / run
        here.mkdir()
        monkeypatch.chdir(here)        # the default folder is in the current folder
        code, out, err = _vmlab(capsys, "screenshot", "--only", ",".join(SUBSET))
        assert code == 0, err
        folder = here / DEFAULT_FOLDER
        written = sorted(p.name for p in folder.iterdir())
        assert written == sorted(f"{name}.png" for name in SUBSET)
        assert [Path(line).name for line in out.split()] == [f"{name}.png" for name in SUBSET]
        runs.append(folder)
    for name in SUBSET:
        a, b = runs[0] / f"{name}.png", runs[1] / f"{name}.png"
        assert a.read_bytes() == b.read_bytes(), f"{name}.png: {_pixels_differing(a, b)}"
    assert QImage(str(runs[0] / "window.png")).size().toTuple() == WINDOW
    assert QImage(str(runs[0] / "presenter.png")).size().toTuple() == PROJECTOR
    assert i18n.current_language() == "en"          # the language is given back


def test_the_window_shows_the_state_the_lesson_step_describes(qapp, tmp_path):
    """Lesson 3, step 1: 'stopped at Beta's first VM exit', with the chosen seed."""
    moment = MOMENTS["first-exit"]
    lesson = load_lesson(find_lesson(moment.lesson))
    engine = LessonEngine(lesson, seed=7)       # the same step played headless
    engine.go(0).run_all()
    expected = engine.session
    window = open_window(qapp, "first-exit", "ca", 7, settings=tmp_path)
    try:
        panel = window.panels["lesson"]
        session = window.controller.session
        assert panel.engine.session is session           # no session replaced under it
        assert panel.engine.step.id == moment.step
        assert panel.seed_label.text() == "Llavor 7"
        assert panel.engine.params == engine.params
        assert panel.title_label.text() == lesson.title.ca
        assert "primera sortida de la MV de Beta" in panel.text.toPlainText()
        assert session.cycle == expected.cycle
        assert len(session.trap_events()) == len(expected.trap_events())
        last = session.trap_events()[-1]
        assert (last.guest, last.cause) == ("beta", "PRIV")
        assert [e for e in session.trap_events() if e.guest == "beta"] == [last]
    finally:
        window.close()
        i18n.set_language("en")


def test_the_options_defaults_and_refusals(capsys):
    args = build_parser().parse_args(["screenshot"])
    assert args.out == DEFAULT_FOLDER and "docs" not in Path(args.out).parts
    assert args.seed == DEFAULT_SEED and args.only is None and args.lang == "en"
    assert set(NAMES) == {p.name for p in PICTURES}
    assert {"window", "presenter", "native", "lesson", "traps"} <= set(NAMES)
    for argv, words in ((["--seed", "-1"], "0 to 1,000,000,000"),
                        (["--seed", "ten"], "whole number"),
                        (["--only", "windows"], "no such picture windows"),
                        (["--only", ","], "no picture named")):
        code, _, err = _vmlab(capsys, "screenshot", "--out", "/tmp/never-written", *argv)
        assert code == 2 and words in err, err
        assert not Path("/tmp/never-written").exists()


@pytest.mark.parametrize("moment", sorted(MOMENTS))
def test_every_moment_is_a_step_of_its_lesson(moment):
    lesson = load_lesson(find_lesson(MOMENTS[moment].lesson))
    assert MOMENTS[moment].step in [step.id for step in lesson.steps]
