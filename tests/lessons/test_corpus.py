"""Fuzz corpora (checked in) and hypothesis: lessons, expressions, progress (issue 9).

- tests/corpus/lessons/*.toml: each hostile lesson is a LessonError naming the
  file, and the line where there is one; never another exception.
- tests/corpus/expressions.txt: each line is an expression that fails cleanly
  (ExprError) at parsing, checking or evaluation on a real session.
- tests/corpus/progress/*.json: each damaged progress file is set aside with
  one warning, and the lesson starts afresh and saves again.
- hypothesis: random lesson-like trees and TOML-like texts, random strings and
  token soups from the expression grammar raise nothing but LessonError /
  ExprError.  The larger runs are marked slow.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vmlab.lessons import LessonEngine, LessonError, load_lesson
from vmlab.lessons.expr import ExprError, check, evaluate, parse
from vmlab.lessons.loader import lesson_from_data, parse_lesson
from vmlab.lessons.metrics import argument_validator, metric_functions
from vmlab.lessons.progress import Progress, ProgressStore
from vmlab.scenario import load_scenario
from vmlab.session import Session

from .helpers import LESSONS

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
LESSON_CORPUS = sorted((CORPUS / "lessons").glob("*.toml"))
EXPRESSIONS = (CORPUS / "expressions.txt").read_text(encoding="utf-8").split("\n")[:-1]
PROGRESS_CORPUS = sorted((CORPUS / "progress").glob("*.json"))
NO_LINE = {"empty", "only-comments"}       # nothing written: no line to name


# ---------------------------------------------------------------------- lessons
def test_the_lesson_corpus_is_there():
    assert len(LESSON_CORPUS) >= 50
    assert all(p.stat().st_size < 64 * 1024 for p in LESSON_CORPUS)   # each small


@pytest.mark.parametrize("path", LESSON_CORPUS, ids=lambda p: p.stem)
def test_each_hostile_lesson_is_a_clean_lesson_error(path):
    with pytest.raises(LessonError) as caught:
        load_lesson(path)
    issues = caught.value.issues
    assert issues
    lines = path.read_bytes().count(b"\n") + 1
    for issue in issues:
        assert issue.path == str(path)
        assert str(issue).startswith(f"{path}:{issue.line}: " if issue.line else f"{path}: ")
        assert 0 <= issue.line <= lines
        assert len(str(issue)) < 3000, "a message must not repeat a huge input"
    if path.stem not in NO_LINE:
        assert issues[0].line > 0, f"{path.name}: {issues[0]}"


# ---------------------------------------------------------------------- expressions
@pytest.fixture(scope="module")
def metrics():
    """The metric functions on a real two-guests run, and the lesson validator for it."""
    session = Session(load_scenario("two-guests"))
    functions = metric_functions(session, {"q": 3})
    validate = argument_validator(list(session.guest_names), {"q"},
                                  {g.name: g.program for g in session.scenario.guests})
    return session, functions, validate


def _fails_cleanly(text, functions, validate):
    """True if text fails with ExprError at some stage; any other exception propagates."""
    try:
        node = parse(text)
        check(node, functions, validate)
        evaluate(node, functions)
    except ExprError as err:
        assert str(err)
        return True
    return False


def test_the_expression_corpus_is_there():
    assert len(EXPRESSIONS) >= 60


@pytest.mark.parametrize("number", range(1, len(EXPRESSIONS) + 1))
def test_each_hostile_expression_is_an_expression_error(metrics, number):
    _, functions, validate = metrics
    text = EXPRESSIONS[number - 1]
    assert _fails_cleanly(text, functions, validate), \
        f"expressions.txt:{number}: {text[:80]!r} gave an answer"


# ---------------------------------------------------------------------- progress
@pytest.fixture(scope="module")
def lesson():
    return load_lesson(LESSONS / "03-trap-and-emulate.toml")


def test_the_progress_corpus_is_there():
    assert len(PROGRESS_CORPUS) >= 20


@pytest.mark.parametrize("path", PROGRESS_CORPUS, ids=lambda p: p.stem)
def test_each_damaged_progress_file_is_set_aside(tmp_path, lesson, path):
    store = ProgressStore(tmp_path)
    target = store.path(lesson.id)
    shutil.copyfile(path, target)
    engine = LessonEngine(lesson, store=store)              # no crash
    assert engine.index == 0 and engine.progress.answers == {}
    assert len(store.warnings) == 1 and str(target) in store.warnings[0]
    assert target.with_name(f"{target.name}.corrupt-1").read_bytes() == path.read_bytes()
    engine.go(0).run_all()
    engine.answer(1)
    assert store.save_problem is None
    assert Progress.from_json(json.loads(target.read_text(encoding="utf-8")), lesson.id)


# ---------------------------------------------------------------------- hypothesis: lessons
WORDS = ["id", "title", "summary", "scenario", "step", "parameter", "text", "en", "ca", "es",
         "question", "exercise", "actions", "action", "do", "kind", "prompt", "choices", "answer",
         "compute", "tolerance", "tolerance_percent", "accept", "hints", "panel", "name", "min",
         "max", "set", "program", "guest", "check", "expect", "explain", "cycles", "label",
         "halt", "trap", "vm_exit", "console", "cause", "input", "technique", "memory", "share",
         "quantum", "costs", "level", "minutes", "order", "speed", "count", "max_cycles"]
VALUES = ["two-guests", "garbage", "halt-at-once", "alpha", "beta", "gamma", "PRIV", "run-until",
          "load-scenario", "load-program", "reset", "run", "step-cycle", "input", "breakpoint",
          "select-guest", "open-panel", "set-speed", "number", "choice", "text", "consoles",
          "scenario.quantum", "guest.alpha.memory", "costs.vm_exit", "program.alpha.QUANTUM",
          "native", "trap-and-emulate", "exits('alpha')", "cycles() / 0", "0x_", "€",
          "../etc/passwd", "/etc/hostname", "p" * 300, "schedule", "", " "]

scalars = st.one_of(
    st.sampled_from(VALUES), st.text(max_size=20), st.booleans(),
    st.integers(min_value=-2, max_value=70_000), st.integers(), st.floats(allow_nan=True),
    st.sampled_from([10 ** 400, -(10 ** 400), float("inf"), float("nan")]))
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(WORDS), inner, max_size=5)),
    max_leaves=25)


def _texts():
    return st.fixed_dictionaries({"en": st.sampled_from(["x", "{q}", ""]),
                                  "ca": st.sampled_from(["y", "z"])})


lessons = st.fixed_dictionaries(
    {"id": st.sampled_from(["t", "bad id", 5]), "title": _texts(), "summary": _texts(),
     "scenario": st.one_of(st.sampled_from(["two-guests", "garbage", "nope", "../x"]), trees),
     "step": st.lists(st.dictionaries(st.sampled_from(WORDS), trees, max_size=6), max_size=3)},
    optional={"parameter": st.lists(st.dictionaries(st.sampled_from(WORDS), trees, max_size=5),
                                    max_size=2),
              "level": trees, "minutes": trees})

FAST = settings(max_examples=200, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
SLOW = settings(max_examples=2000, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _validate(data):
    try:
        lesson_from_data(data, None)
    except LessonError as err:
        assert err.issues and all(str(i) for i in err.issues)


@FAST
@given(lessons)
def test_random_lesson_trees_give_lesson_errors_only(data):
    _validate(data)


@FAST
@given(st.dictionaries(st.sampled_from(WORDS), trees, max_size=8))
def test_random_trees_give_lesson_errors_only(data):
    _validate(data)


TOML_PIECES = ['id = "t"\n', 'title = { en = "T", ca = "T" }\n',
               'summary = { en = "S", ca = "S" }\n', 'scenario = "two-guests"\n', "[[step]]\n",
               'text = { en = "x", ca = "y" }\n',
               "[step.question]\n", 'kind = "number"\n', 'prompt = { en = "?", ca = "?" }\n',
               'compute = "exits(\'alpha\') / 0"\n', "answer = nan\n", "tolerance = inf\n",
               "[[parameter]]\n", 'name = "q"\n', "min = 1\n", "max = 3\n",
               'set = "scenario.quantum"\n', "[", "]", "{", "}", "=", '"', "'''", "\n", "#",
               "a.b.c = 1\n", "x = [[[[1]]]]\n", "[scenario]\n", "[[scenario.guest]]\n",
               'program = "alpha"\n', "\ufeff", "\x00", "1979-05-27T07:32:00Z", "9" * 50]


@FAST
@given(st.lists(st.sampled_from(TOML_PIECES), max_size=30))
def test_random_toml_like_texts_give_lesson_errors_only(pieces):
    try:
        parse_lesson("".join(pieces), None)
    except LessonError:
        pass


@pytest.mark.slow
@SLOW
@given(lessons)
def test_random_lesson_trees_many(data):
    _validate(data)


# ---------------------------------------------------------------------- hypothesis: expressions
TOKENS = ["1", "0", "2.5", "0x1F", "0x_", "0b", "1" + "0" * 320, "9" * 40 + ".5", "'alpha'",
          "'beta'", "'PRIV'", "'r1'", '"x"', "true", "false", "+", "-", "*", "/", "%", "==",
          "!=", "<", "<=", ">", ">=", "contains", "and", "or", "not", "(", ")", ",", "cycles",
          "exits", "reg", "memory", "console", "param", "'q'", "round", "min", "max", "abs",
          "count", "lines", "state", "label", "instructions", "vmm_cycles", "overhead", "sr",
          "'STATUS'", "guest_cycles", "'kernel'", "x", ".", "[", "]", "'", '"', "\\", " "]


@FAST
@given(st.text(max_size=300))
def test_random_strings_give_expression_errors_only(metrics, text):
    _, functions, validate = metrics
    _fails_cleanly(text, functions, validate)


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=40))
def test_random_token_soups_give_expression_errors_only(metrics, tokens):
    _, functions, validate = metrics
    _fails_cleanly(" ".join(tokens), functions, validate)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=120))
def test_random_token_soups_many(metrics, tokens):
    _, functions, validate = metrics
    _fails_cleanly(" ".join(tokens), functions, validate)
