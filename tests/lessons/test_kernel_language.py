"""A lesson's guests print in the language the lesson is read in (engine.kernel_language)."""

from __future__ import annotations

import pytest

from vmlab.lessons.engine import LessonEngine
from vmlab.lessons.loader import LessonError, find_lesson, load_lesson
from vmlab.lessons.rehearse import play_steps


def engine(lesson_id: str = "01-processes") -> LessonEngine:
    return LessonEngine(load_lesson(find_lesson(lesson_id)), seed=1)


def test_english_unless_a_language_is_given():
    e = engine()
    assert e.kernel_language == "en" and e.session.scenario.lang == "en"
    e.language = None                       # numbers either way: the kernels stay English
    assert e.kernel_language == "en"


def test_the_interface_language_restarts_a_pristine_session_in_it():
    e = engine()
    first = e.session
    e.language = "ca"
    assert e.kernel_language == "ca" and e.session is not first
    assert [g.program.lang for g in e.session.scenario.guests] == ["ca"]
    e.session.run(5_000)
    assert e.session.guest("alpha").console.startswith("Alpha, temps compartit:")


def test_a_session_that_has_run_is_kept_and_the_next_restart_follows():
    e = engine()
    e.go(0).run_all()
    e.session.run(1_000)
    running = e.session
    e.language = "ca"
    assert e.session is running and running.scenario.lang == "en"
    assert e.scenario.lang == "ca" and e.current_scenario.lang == "ca"


def test_a_catalan_play_finds_what_each_step_waits_for():
    e = engine()
    e.kernel_language = "ca"
    for _, step, runner in play_steps(e):
        assert not runner.errors, step.id
        assert not [note for note in runner.notes if "not reached" in note], step.id
        if step.id == "killed":
            assert "[alpha] procés 3 eliminat: BOUNDS a 0x00009000" in \
                e.session.guest("alpha").console


STEP = '''id = "t"
title = { en = "t", ca = "t" }
summary = { en = "t", ca = "t" }
scenario = "native-alpha"
[[step]]
text = { en = "x", ca = "x" }
actions = [{ do = "run-until", console = { guest = "alpha", text = %s } }]
'''


def test_a_console_text_may_differ_by_language(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(STEP % '{ en = "killed:", ca = "eliminat:" }', encoding="utf-8")
    lesson = load_lesson(path)
    for lang, word in (("en", "killed:"), ("ca", "eliminat:")):
        e = LessonEngine(lesson, seed=1)
        e.kernel_language = lang
        runner = e.go(0)
        runner.run_all()
        assert not runner.notes and word in e.session.guest("alpha").console


@pytest.mark.parametrize("text", ['{ en = "killed:" }', '{ en = "a", ca = "b", fr = "c" }',
                                  '{ en = 1, ca = "b" }'])
def test_a_console_text_table_names_both_languages(tmp_path, text):
    path = tmp_path / "t.toml"
    path.write_text(STEP % text, encoding="utf-8")
    with pytest.raises(LessonError) as info:
        load_lesson(path)
    assert any("console" in issue.key for issue in info.value.issues)
