"""Lesson actions pause, resume, power-off and power-on: checked when the lesson is read
(a guest of the scenario, a scenario with a VMM), played through the session."""

import pytest

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.loader import LessonError
from vmlab.observe.vocabulary import GuestState

HEAD = '''
id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
'''


def lesson_from(tmp_path, body):
    path = tmp_path / "t.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return load_lesson(path, strict=True)


def test_a_lesson_pauses_and_resumes_a_guest(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "Pause beta", ca = "Poseu beta en pausa" }
actions = [ { do = "run", cycles = 5000 }, { do = "pause", guest = "beta" },
            { do = "run", cycles = 20000 } ]
[[step]]
text = { en = "Resume it", ca = "Repreneu-lo" }
actions = [ { do = "resume", guest = "beta" }, { do = "power-off", guest = "alpha" },
            { do = "run", cycles = 3000 }, { do = "power-on", guest = "alpha" } ]
''')
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    runner.run_all()
    assert not runner.errors
    session = engine.session
    assert session.guest("beta").state == GuestState.PAUSED
    clock = session.guest("beta").vclock
    assert [a.kind for a in session.actions] == ["pause"]
    runner = engine.next()
    runner.run_all()
    assert not runner.errors
    assert session.guest("beta").vclock >= clock
    assert session.guest("alpha").state == GuestState.READY       # booted again
    assert [a.kind for a in session.actions] == ["pause", "resume", "power-off", "power-on"]


def test_lifecycle_actions_are_checked_when_the_lesson_is_read(tmp_path):
    with pytest.raises(LessonError, match="needs a VMM"):
        lesson_from(tmp_path, '''
scenario = "native-alpha"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "pause", guest = "alpha" } ]
''')
    with pytest.raises(LessonError, match="no guest 'gamma'"):
        lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "resume", guest = "gamma" } ]
''')
    with pytest.raises(LessonError, match="needs 'guest'"):
        lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "power-off" } ]
''')


def test_a_command_the_guest_cannot_take_is_told_at_play_time(tmp_path):
    lesson = lesson_from(tmp_path, '''
scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "resume", guest = "beta" } ]
''')
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    runner.run_all()
    assert runner.errors and "not paused" in runner.errors[0].en
