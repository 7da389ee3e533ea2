"""Values from earlier steps (issue 14): `capture = { name = "expr" }` on a step.

The value is taken when the step's actions have played, used by later steps'
expressions as a bare name, kept in the student's progress, taken again (the
same) when the lesson is rebuilt from cycle 0, and survives a restart.
"""

from __future__ import annotations

import json

import pytest

from vmlab.lessons import LessonEngine, LessonError, load_lesson
from vmlab.lessons.progress import Progress, ProgressStore
from vmlab.scenario import load_scenario
from vmlab.session import Session

LESSON = '''id = "measure"
title = { en = "Measure", ca = "Mesura" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"

[[step]]
id = "before"
text = { en = "Beta's first exit.", ca = "La primera sortida de Beta." }
actions = [ { do = "run-until", vm_exit = { guest = "beta" } } ]
capture = { start = "cycles()", beta_exits = "exits('beta')", was = "state('beta')" }

[[step]]
id = "after"
text = { en = "To the end.", ca = "Fins al final." }
actions = [ { do = "run-until", halt = true } ]
capture = { total = "cycles() - start" }

[step.question]
kind = "number"
prompt = { en = "How many host cycles did the measurement take?", ca = "Quants cicles?" }
compute = "cycles() - start"

[[step]]
id = "then"
text = { en = "And the exits?", ca = "I les sortides?" }

[step.question]
kind = "number"
prompt = { en = "How many exits did Beta cause since?", ca = "Quantes?" }
compute = "exits('beta') - beta_exits"

[[step]]
id = "state"
text = { en = "Its state then?", ca = "L'estat?" }

[step.question]
kind = "text"
prompt = { en = "State?", ca = "Estat?" }
compute = "was"
'''


@pytest.fixture
def lesson(tmp_path):
    path = tmp_path / "measure.toml"
    path.write_text(LESSON, encoding="utf-8")
    return load_lesson(path, strict=True)


def reference():
    """The same moments, reached directly on a session: what the captures must hold."""
    from vmlab.session import NEXT_TRAP
    s = Session(load_scenario("two-guests"))
    while True:
        assert s.run_to_next_trap(max_cycles=2_000_000) == NEXT_TRAP
        if s.last_trap_event().guest == "beta":
            break
    start, state = s.cycle, str(s.guest("beta").state)
    exits_then = sum(s.counters().guests["beta"].exits.values())
    s.run(until_cycle=s.cycle + 20_000_000)
    return start, exits_then, state, s.cycle, sum(s.counters().guests["beta"].exits.values())


def test_values_captured_at_one_step_are_used_at_later_ones(lesson):
    start, exits_then, state, end, exits_end = reference()
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    assert engine.progress.captured == {"start": start, "beta_exits": exits_then, "was": state}
    engine.next().run_all()
    assert engine.expected() == end - start > 0
    assert engine.progress.captured["total"] == end - start
    assert engine.answer(end - start).correct
    engine.next().run_all()
    assert engine.expected() == exits_end - exits_then > 0
    engine.next().run_all()
    assert engine.expected() == state and engine.answer(state.upper()).correct


def test_a_rebuilt_lesson_takes_the_same_values(lesson):
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    runner.run_all()
    first = dict(engine.progress.captured)
    engine.go(2).run_all()                  # a jump: rebuilt from cycle 0, captured again
    engine.progress.captured.clear()
    engine.go(2).run_all()
    assert {k: engine.progress.captured[k] for k in first} == first
    assert engine.expected() > 0


def test_captured_values_survive_a_restart(lesson, tmp_path):
    store = ProgressStore(tmp_path / "progress")
    engine = LessonEngine(lesson, seed=4, store=store)
    engine.go(0).run_all()
    engine.next().run_all()
    saved = json.loads(store.path(lesson.id).read_text(encoding="utf-8"))
    assert saved["captured"]["start"] == engine.progress.captured["start"]
    expected = engine.expected()
    # The lab closes; a new engine resumes from the saved progress.
    again = LessonEngine(lesson, store=ProgressStore(tmp_path / "progress"))
    assert again.seed == 4 and again.progress.captured == engine.progress.captured
    assert again.index == 1
    again.go(again.index).run_all()
    assert again.expected() == expected


def test_progress_of_older_versions_and_damaged_captures(tmp_path, lesson):
    store = ProgressStore(tmp_path)
    data = Progress(lesson.id, seed=3).to_json()
    del data["captured"]                               # written before captures existed
    store.path(lesson.id).write_text(json.dumps(data), encoding="utf-8")
    assert store.load(lesson.id).captured == {} and not store.warnings
    data["captured"] = {"start": [1, 2]}               # not a number nor a text
    store.path(lesson.id).write_text(json.dumps(data), encoding="utf-8")
    assert store.load(lesson.id).captured == {} and store.warnings


def test_lesson_play_and_check_use_the_captures(lesson, capsys):
    from vmlab.cli.main import main
    assert main(["lesson", "check", str(lesson.path)]) == 0
    assert main(["lesson", "play", str(lesson.path)]) == 0
    out = capsys.readouterr().out
    assert out.count("(correct)") == 3 and "note:" not in out


def test_a_value_captured_later_or_misspelt_is_refused(tmp_path):
    text = LESSON.replace('start = "cycles()"', 'start = "cycles() - total"')
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert "'total' is captured only at step[1], later than here" in str(caught.value)
    assert len(caught.value.issues) == 1       # its later uses are not blamed too
    assert str(caught.value.issues[0]).startswith(f"{path}:10: step[0].capture.start: ")
    path.write_text(LESSON.replace("- beta_exits", "- beta_exit"), encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert "did you mean 'beta_exits'?" in str(caught.value)


def test_the_documented_example_captures_and_plays(tmp_path):
    """docs/lessons.md section 7.3's example, in both languages, is a lesson that plays."""
    import re

    from .helpers import ROOT
    for doc in ("lessons.md", "lessons.ca.md"):
        text = (ROOT / "docs" / doc).read_text(encoding="utf-8")
        section = text[text.index("### 7.3"):text.index("## 8.")]
        example = re.search(r"```toml\n(.*?)```", section, re.DOTALL).group(1)
        path = tmp_path / f"{doc}.toml"
        path.write_text('id = "example"\ntitle = { en = "E", ca = "E" }\n'
                        'summary = { en = "S", ca = "S" }\nscenario = "two-guests"\n\n'
                        + example, encoding="utf-8")
        lesson = load_lesson(path, strict=True)
        engine = LessonEngine(lesson, seed=1)
        runner = engine.go(0)
        while runner is not None:
            runner.run_all()
            assert not runner.notes
            if engine.step.question:
                value = engine.expected()
                assert isinstance(value, int) and value > 0
                assert engine.answer(value).correct
            runner = engine.next()
