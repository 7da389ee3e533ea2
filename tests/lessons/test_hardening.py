"""Issue 9 reproducers for lessons: every hostile input ends in a clean error or message.

Expressions, lesson files, play-time failures and answer checking: nothing but
LessonError / ExprError leaves the loader, and the engine turns what fails
while a student plays into a message for the student, never a traceback.
"""

import os
import sys
import time

import pytest

from vmlab.lessons import LessonEngine, LessonError, load_lesson
from vmlab.lessons.engine import parse_number
from vmlab.lessons.expr import MAX_OPERATIONS, ExprError, evaluate, parse
from vmlab.lessons.loader import MAX_ISSUES
from vmlab.lessons.metrics import metric_functions

from .helpers import vmlab

HEAD = '''id = "t"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
'''

FUNCTIONS = metric_functions(None)


def value(text):
    return evaluate(parse(text), FUNCTIONS)


def write(folder, body, name="t.toml", head=HEAD):
    path = folder / name
    path.write_text(head + body, encoding="utf-8")
    return path


# ---------------------------------------------------------------------- expressions
@pytest.mark.parametrize("text", ["0x_", "0b_", "0X__", "1 + 0x_"])
def test_a_prefix_without_digits_is_an_expression_error(text):
    with pytest.raises(ExprError, match="is not a number"):
        parse(text)


def test_a_long_chain_of_terms_is_refused_before_any_recursion():
    text = "+".join(["1"] * 991)                        # 1,981 characters: under MAX_LENGTH
    assert len(text) < 2000
    with pytest.raises(ExprError, match=f"at most {MAX_OPERATIONS} operators"):
        parse(text)


def _deep_stack(frames, fn):
    """fn() called with `frames` frames already on the stack (a window's event loop, say)."""
    return fn() if frames == 0 else _deep_stack(frames - 1, fn)


def test_the_longest_allowed_chain_evaluates_with_a_wide_margin():
    limit = sys.getrecursionlimit()
    longest = "+".join(["1"] * (MAX_OPERATIONS + 1))
    mixed = "-" + "(" * 38 + "1" + ")" * 38 + "*2" * (MAX_OPERATIONS - 1)
    # Half of Python's stack already used by whoever asks: still a clean answer.
    assert _deep_stack(limit // 2, lambda: value(longest)) == MAX_OPERATIONS + 1
    assert _deep_stack(limit // 2, lambda: value(mixed)) == -(2 ** (MAX_OPERATIONS - 1))


@pytest.mark.parametrize("text, fragment", [
    ("1" + "0" * 400 + " + 0.5", "too large for a number with decimals"),
    ("1" + "0" * 400 + " * 1.5", "too large for a number with decimals"),
    ("1.5 * 1" + "0" * 300 + ".0 * 1" + "0" * 10 + ".0", "the result is infinite"),
    ("1" + "0" * 400 + " / 3.0", "too large for a number with decimals"),
    ("1" + "0" * 400 + ".0", "is too large"),
    ("max(1" + "0" * 200 + ".0 * 1" + "0" * 200 + ".0, 1)", "infinite"),
    ("1" + "0" * 400 + " % 2.5", "too large for a number with decimals"),
    ("5 % 0.0", "division by zero"),
])
def test_overflow_is_no_answer_never_a_python_error(text, fragment):
    with pytest.raises(ExprError, match=fragment):
        value(text)


def test_huge_whole_numbers_stay_exact():
    assert value("1" + "0" * 400 + " + 1") == 10 ** 400 + 1
    assert value("1" + "0" * 400 + " / 3") == 10 ** 400 // 3
    assert value("1" + "0" * 400 + " > 0.5") is True


def test_metrics_given_arguments_they_cannot_use_are_expression_errors():
    for text in ("abs(1" + "0" * 400 + ")", "round(1" + "0" * 300 + ", 2)", "min(2, 1.5)"):
        value(text)                                         # numbers: fine
    with pytest.raises(ExprError):
        value("round(1.5, 99)")


# ---------------------------------------------------------------------- answers
QUESTION = '''scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
[step.question]
kind = "%s"
prompt = { en = "?", ca = "?" }
%s
'''


def engine_for(tmp_path, kind, lines):
    lesson = load_lesson(write(tmp_path, QUESTION % (kind, lines)))
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    return engine


@pytest.mark.parametrize("kind, compute", [
    ("number", "cycles() + 1" + "0" * 400 + " * 1.5"),
    ("choice", "1.5 * 1" + "0" * 300 + ".0 * 1" + "0" * 10 + ".0"),   # a choice that is inf
])
def test_an_answer_that_overflows_tells_the_student(tmp_path, kind, compute):
    choices = 'choices = [{ en = "a", ca = "a" }, { en = "b", ca = "b" }]' if kind == "choice" \
        else ""
    engine = engine_for(tmp_path, kind, f'compute = "{compute}"\n{choices}')
    feedback = engine.answer(1)                              # no OverflowError
    assert not feedback.correct and feedback.expected is None
    assert "no answer can be computed" in feedback.error
    assert "cannot compute the right answer" in feedback.message.en
    assert "no pot calcular" in feedback.message.ca


def test_tolerance_percent_on_a_huge_answer(tmp_path):
    huge = 10 ** 400
    engine = engine_for(tmp_path, "number", f"answer = {huge}\ntolerance_percent = 1")
    assert engine.answer(str(huge + 10 ** 397)).correct          # within 1 %
    assert not engine.answer(str(huge * 2)).correct
    assert not engine.answer("1.5").correct                     # a decimal beside a huge answer
    engine = engine_for(tmp_path, "number", "compute = \"cycles() + 1" + "0" * 400 +
                        "\"\ntolerance_percent = 50")
    assert not engine.answer("1.5").correct
    assert engine.answer(str(huge + huge // 3)).correct


@pytest.mark.parametrize("typed", ["inf", "-inf", "nan", "1e999", "9" * 400 + ".5",
                                   "1" * 5000, "NaN", "Infinity"])
def test_a_typed_answer_that_is_not_a_finite_number_is_not_a_number(typed):
    assert parse_number(typed) is None


def test_nan_answers_and_tolerances_are_refused(tmp_path):
    for line, key in (("answer = nan", "answer"), ("answer = inf", "answer"),
                      ("compute = \"1\"\ntolerance = inf", "tolerance"),
                      ("compute = \"1\"\ntolerance_percent = -nan", "tolerance_percent")):
        with pytest.raises(LessonError) as caught:
            load_lesson(write(tmp_path, QUESTION % ("number", line)))
        assert [i.key for i in caught.value.issues] == [f"step[0].question.{key}"], line


# ---------------------------------------------------------------------- the lesson file
def test_lesson_check_is_linear_and_reports_at_most_so_many_problems(tmp_path):
    """278 KB with thousands of problems took 322 s; now a fraction of a second each part."""
    body = 'scenario = "two-guests"\n' + "".join(
        f'[[step]]\ntext = {{ en = "x{i}", ca = "y" }}\npanel = "cpu"\n'
        f'hints = [{{ en = "h" }}, {{ ca = "h" }}]\n' for i in range(200))
    body += "".join(f"unknown_{i} = {i}\n" for i in range(12_000))
    path = write(tmp_path, body)
    assert path.stat().st_size > 250_000
    start = time.perf_counter()
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    elapsed = time.perf_counter() - start
    issues = caught.value.issues
    assert len(issues) == MAX_ISSUES + 1 and caught.value.more > 12_000
    assert f"… and {caught.value.more:,} more problem(s)" in str(issues[-1])
    assert all(i.line > 0 for i in issues[:-1])
    assert elapsed < 10, elapsed


def test_a_link_out_of_the_lesson_folder_is_refused(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "secret.vl32"
    secret.write_text("halt ; a secret\n", encoding="utf-8")
    folder = tmp_path / "lesson"
    folder.mkdir()
    (folder / "starter.vl32").symlink_to(secret)
    (folder / "hostname.vl32").symlink_to("/etc/hostname")
    (folder / "two.toml").symlink_to(outside / "two.toml")
    (outside / "two.toml").write_text('[scenario]\ntechnique = "native"\n[[guest]]\n'
                                      'name = "a"\nprogram = "alpha"\n', encoding="utf-8")
    path = write(folder, '''scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-program", program = "hostname.vl32" } ]
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-scenario", scenario = "two" } ]
[[step]]
text = { en = "x", ca = "x" }
[step.exercise]
program = "starter.vl32"
[[step.exercise.check]]
expect = "state('program') == 'halted'"
explain = { en = "halts", ca = "s'atura" }
''')
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    found = {i.key: i.message for i in caught.value.issues}
    assert "link to a file outside the lesson's folder" in found["step[0].actions[0].program"]
    assert "link to a file outside the lesson's folder" in found["step[1].actions[0].scenario"]
    assert "link to a file outside the lesson's folder" in found["step[2].exercise.program"]
    assert "secret" not in str(caught.value)


def test_a_link_inside_the_folder_is_fine(tmp_path):
    (tmp_path / "real.vl32").write_text("halt\n", encoding="utf-8")
    (tmp_path / "alias.vl32").symlink_to(tmp_path / "real.vl32")
    lesson = load_lesson(write(tmp_path, '''scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-program", program = "alias.vl32" } ]
'''))
    assert lesson.steps[0].actions[0].kind == "load-program"


@pytest.mark.parametrize("name", ["p" * 5000 + ".vl32", "a/" * 600 + "p.vl32", "p\0.vl32"])
def test_absurd_file_names_are_lesson_errors(tmp_path, name):
    for action in (f'actions = [ {{ do = "load-program", program = "{name}" }} ]',
                   f'[step.exercise]\nprogram = "{name}"\n[[step.exercise.check]]\n'
                   'expect = "true"\nexplain = { en = "x", ca = "x" }'):
        body = f'scenario = "two-guests"\n[[step]]\ntext = {{ en = "x", ca = "x" }}\n{action}\n'
        with pytest.raises(LessonError):
            load_lesson(write(tmp_path, body.replace("\0", "\\u0000")))


def test_too_many_parameter_draws_are_refused(tmp_path):
    with pytest.raises(LessonError) as caught:
        load_lesson(write(tmp_path, '''scenario = "two-guests"
[[parameter]]
name = "q"
min = 1
max = 1000000
set = "scenario.quantum"
[[step]]
text = { en = "x", ca = "x" }
'''))
    assert "1,000,000 combinations" in str(caught.value)


def test_every_combination_of_two_parameters_is_tried(tmp_path):
    """Each memory alone fits; together, the two largest do not fit the host."""
    body = '''
[scenario]
technique = "trap-and-emulate"
host_memory = 65536
[[scenario.guest]]
name = "alpha"
program = "alpha"
[[scenario.guest]]
name = "beta"
program = "beta"
[[parameter]]
name = "a"
min = 16384
max = 32768
step = 8192
set = "guest.alpha.memory"
[[parameter]]
name = "b"
min = 16384
max = 32768
step = 8192
set = "guest.beta.memory"
[[step]]
text = { en = "x", ca = "x" }
'''
    with pytest.raises(LessonError) as caught:
        load_lesson(write(tmp_path, body))
    assert "the scenario cannot run" in str(caught.value)


# ---------------------------------------------------------------------- play time
def test_a_load_scenario_that_fails_at_play_time_tells_the_student(tmp_path):
    """The scenario changed after the check: the student reads why, nothing crashes."""
    scenario = tmp_path / "mine.toml"
    good = '[scenario]\ntechnique = "native"\n[[guest]]\nname = "main"\nprogram = "alpha"\n'
    scenario.write_text(good, encoding="utf-8")
    lesson = load_lesson(write(tmp_path, '''scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "load-scenario", scenario = "mine" }, { do = "run", cycles = 100 } ]
'''))
    scenario.write_text(good.replace("alpha", "no-such-program"), encoding="utf-8")
    engine = LessonEngine(lesson, seed=1)
    runner = engine.go(0)
    runner.run_all()                                        # no exception
    assert runner.done and len(runner.errors) == 1
    error = runner.errors[0]
    assert "could not be played" in error.en and "load-scenario" in error.en
    assert "no s'ha pogut reproduir" in error.ca and "no-such-program" in error.en
    assert engine.session.scenario.name == "two-guests"    # the simulation as it was


def test_a_lesson_whose_scenario_no_longer_starts_is_a_lesson_error(tmp_path):
    scenario = tmp_path / "mine.toml"
    scenario.write_text('[scenario]\ntechnique = "native"\n[[guest]]\nname = "main"\n'
                        'program = "alpha"\n', encoding="utf-8")
    lesson = load_lesson(write(tmp_path, '''scenario = "mine"
[[step]]
text = { en = "x", ca = "x" }
'''))
    scenario.write_text("not = [valid", encoding="utf-8")
    with pytest.raises(LessonError) as caught:
        LessonEngine(lesson, seed=1)
    assert "cannot start" in str(caught.value) and "mine.toml" in str(caught.value)


def test_an_exercise_too_big_for_its_memory_is_explained(tmp_path):
    (tmp_path / "start.vl32").write_text("halt\n", encoding="utf-8")
    lesson = load_lesson(write(tmp_path, '''scenario = "two-guests"
[[step]]
text = { en = "x", ca = "x" }
[step.exercise]
program = "start.vl32"
technique = "trap-and-emulate"
[[step.exercise.check]]
expect = "state('program') == 'halted'"
explain = { en = "halts", ca = "s'atura" }
'''))
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    result = engine.submit_exercise("start:\n    halt\n    .space 20000\n")
    assert not result.ok and not result.assembly_errors
    assert "cannot be run" in result.problem.en and "no es pot executar" in result.problem.ca


def test_lesson_play_reports_an_answer_it_cannot_compute(tmp_path):
    path = write(tmp_path, QUESTION % ("number", 'compute = "cycles() + 1' + "0" * 400 +
                                       ' * 1.5"'))
    result = vmlab("lesson", "play", str(path), "--seed", "1")
    assert "Traceback" not in result.stderr + result.stdout
    assert "cannot compute the answer: no answer can be computed" in result.stdout
    assert result.returncode == 2 and f"{path}:" in result.stderr   # a fault of the lesson


@pytest.mark.skipif(os.name != "posix", reason="needs /dev/zero, which only POSIX systems have")
def test_lesson_check_of_dev_zero():
    result = vmlab("lesson", "check", "/dev/zero")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "/dev/zero: is larger than" in result.stderr
