"""Broken lesson files: every problem named by key path, message and line — never a traceback."""

import pytest

from vmlab.lessons import LessonError, load_lesson
from vmlab.lessons.loader import MAX_FILE_BYTES

from .helpers import BROKEN, vmlab

# file -> (key path, message fragment, line; 0 when the format has no line to give)
EXPECTED = {
    "bad-toml": ("", "is not valid TOML", 7),
    "unclosed-array": ("", "is not valid TOML", 8),
    "missing-translation": ("title.ca", "missing translation", 2),
    "empty-text": ("step[0].text.ca", "non-empty string", 7),
    "unknown-language": ("step[0].text", "unknown language(s) es", 7),
    "unknown-action": ("step[0].actions[1].do", "did you mean 'run-until'", 8),
    "do-not-a-string": ("step[0].actions[0].do", "name of an action", 8),
    "unknown-metric": ("step[0].question.compute", "unknown metric 'exists'; did you mean exits()",
                       12),
    "bad-expression": ("step[0].question.compute", "expected ')'", 12),
    "wrong-types": ("minutes", "whole number from 1 to 240, not \"ten\"", 5),
    "unknown-panel": ("step[0].panel", "unknown panel 'cpu'", 8),
    "unknown-guest": ("step[0].actions[0].guest", "no guest 'gamma'", 8),
    "unknown-label": ("step[0].actions[0].label.label", "did you mean 'schedule'", 8),
    "unknown-scenario": ("scenario", "unknown scenario 'three-guests'", 4),
    "scenario-path": ("scenario", "is not a scenario name", 4),
    "unknown-cause": ("step[0].actions[0].vm_exit.cause", "unknown cause 'PRIVILEGED'", 8),
    "path-escape": ("step[0].exercise.program", "inside the lesson's folder", 10),
    "absolute-path": ("step[0].actions[0].program", "no absolute paths", 8),
    "non-utf8": ("", "not UTF-8", 3),
    "duplicate-step-ids": ("step[1].id", "'look' is used by two steps", 11),
    "choice-out-of-range": ("step[0].question.answer", "index of the right choice, 0 to 1", 13),
    "answer-and-compute": ("step[0].question", "exactly one of 'answer'", 9),
    "bad-question-kind": ("step[0].question.kind", "one of choice, number, text", 10),
    "run-until-two-targets": ("step[0].actions[0]", "exactly one of cycle, trap", 8),
    "exercise-without-checks": ("step[0].exercise.check", "at least one", 9),
    "exercise-wrong-guest": ("step[0].exercise.check[0].expect", "called 'mine', not 'alpha'", 14),
    "parameter-too-large": ("parameter", "memory = 49152 the scenario cannot run", 6),
    "no-steps": ("step", "at least one [[step]]", 0),
    "unknown-key": ("tittle", "unknown key", 5),
    "console-input": ("step[0].actions[0].text", "cannot be typed on the VL32 console", 8),
    "guest-after-load-scenario": ("step[1].actions[0].halt",
                                  "no guest 'beta' in scenario 'garbage'", 12),
    # issue 9: each passed the check before, or ended in a traceback
    "parameter-middle-value": ("parameter", "with x = 1500 the scenario cannot run", 5),
    "nan-tolerance": ("step[0].question.tolerance", "must be a number >= 0, not nan", 12),
    "nan-answer": ("step[0].question.answer", "must be a number, not nan", 11),
    "long-program-name": ("step[0].actions[0].program", "5,005 characters long", 8),
    "deep-array": ("", "nest more than 12 deep", 5),
    "load-scenario-fails/lesson": ("step[1].actions[0].scenario", "'€'", 11),
}


def test_the_corpus_is_complete():
    """Each lesson of the folder (or of a sub-folder, as lesson.toml with its files) is expected."""
    files = {p.stem for p in BROKEN.glob("*.toml")} | {
        f"{p.parent.name}/lesson" for p in BROKEN.glob("*/lesson.toml")}
    assert files == set(EXPECTED)
    assert len(files) >= 15


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_names_the_problem(name):
    key, fragment, line = EXPECTED[name]
    path = BROKEN / f"{name}.toml"
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    issues = caught.value.issues
    matching = [i for i in issues if i.key == key and fragment in i.message]
    assert matching, f"{name}: no issue with key {key!r} and {fragment!r} in {issues}"
    issue = matching[0]
    assert issue.path == str(path)
    assert issue.line == line, f"{name}: line {issue.line}, expected {line}"
    shown = str(issue)
    assert shown.startswith(f"{path}:{line}: " if line else f"{path}: ")


def test_oversized_file(tmp_path):
    path = tmp_path / "huge.toml"
    path.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    assert "is larger than 524,288 bytes, the most a lesson may be" in str(caught.value)


def test_dev_zero_is_refused_without_reading_it_all():
    with pytest.raises(LessonError) as caught:
        load_lesson("/dev/zero")
    assert "/dev/zero: is larger than" in str(caught.value)


def test_missing_file_and_folder(tmp_path):
    for path, fragment in ((tmp_path / "nope.toml", "file not found"), (tmp_path, "is a folder")):
        with pytest.raises(LessonError) as caught:
            load_lesson(path)
        assert fragment in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path):
    path = tmp_path / "many.toml"
    path.write_text((BROKEN / "wrong-types.toml").read_text(encoding="utf-8")
                    + 'panel = "cpu"\n', encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    keys = {issue.key for issue in caught.value.issues}
    assert {"minutes", "order", "step[0].panel"} <= keys


def test_command_line_check_of_the_whole_corpus(tmp_path):
    huge = tmp_path / "huge.toml"
    huge.write_text("# " + "x" * MAX_FILE_BYTES + "\n", encoding="utf-8")
    files = sorted(BROKEN / f"{name}.toml" for name in EXPECTED) + [huge]
    result = vmlab("lesson", "check", *[str(p) for p in files])
    assert result.returncode == 2
    assert "Traceback" not in result.stderr + result.stdout
    for path in files:
        assert str(path) in result.stderr, path
    assert f"{len(files)} of {len(files)} lesson file(s) have errors" in result.stderr


@pytest.mark.parametrize("name", ["bad-toml", "non-utf8", "unknown-metric", "path-escape"])
def test_command_line_check_one_file(name):
    key, fragment, line = EXPECTED[name]
    result = vmlab("lesson", "check", str(BROKEN / f"{name}.toml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{name}.toml:{line}: " in result.stderr and fragment in result.stderr


def test_command_line_play_of_a_broken_lesson():
    result = vmlab("lesson", "play", str(BROKEN / "unknown-action.toml"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "run-untill" in result.stderr


def test_lines_follow_the_key_path(tmp_path):
    """Two parameters, two checks: the line of the right one, or of the parent of a missing key."""
    text = '''id = "lines"
title = { en = "Lines", ca = "Línies" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"

[[parameter]]
name = "a"
min = 1
max = 2
set = "scenario.quantum"

[[parameter]]
name = "b"
min = 5
max = 3
set = "costs.vm_exit"

[[step]]
text.en = """
A text that mentions ca = 1 in its body.
"""
text.ca = """
Un text.
"""

[[step]]
text = { en = "x", ca = "x" }
[step.exercise]
program = "p.vl32"
[[step.exercise.check]]
expect = "true"
explain = { en = "fine", ca = "bé" }
[[step.exercise.check]]
expect = "state('program') == 'halted'"
explain = { en = "no Catalan" }
'''
    (tmp_path / "p.vl32").write_text("halt\n", encoding="utf-8")
    path = tmp_path / "lines.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    lines = {issue.key: issue.line for issue in caught.value.issues}
    assert lines == {"parameter[1].max": 15, "step[1].exercise.check[1].explain.ca": 35}
