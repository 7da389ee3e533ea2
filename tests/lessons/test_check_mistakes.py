"""`vmlab lesson check` catches an author's worst mistakes before class (issue 14).

Each mistake of the corpus below passed the check before: a type error in an
expression, a number question computing text, a choice index out of range, a
typo in a placeholder, a captured value misused, an answer that cannot be
computed when the lesson is played.  Each is now refused by the check with
file:line, the key path and what is expected; the engine (the window) still
opens the lessons whose mistake is only found by playing them.
"""

from __future__ import annotations

import re

import pytest

from vmlab.cli.main import main
from vmlab.lessons import LessonEngine, LessonError, load_lesson
from vmlab.lessons.rehearse import check_seeds, play_check

HEAD = '''id = "mistake"
title = { en = "Mistake", ca = "Error" }
summary = { en = "S", ca = "S" }
scenario = "two-guests"
'''
PARAMETER = '''
[[parameter]]
name = "heavy_share"
min = 1
max = 3
set = "guest.alpha.share"
'''


def question(kind: str, compute: str, choices: int = 3, prompt: str = "?",
             step_text: str = "x", extra: str = "") -> str:
    listed = ", ".join(f'{{ en = "c{i}", ca = "c{i}" }}' for i in range(choices))
    lines = [f'[[step]]\ntext = {{ en = "{step_text}", ca = "x" }}', extra,
             '[step.question]', f'kind = "{kind}"',
             f'prompt = {{ en = "{prompt}", ca = "?" }}']
    if kind == "choice":
        lines.append(f"choices = [ {listed} ]")
    lines.append(f"compute = {compute}   # <-")
    return "\n".join(line for line in lines if line) + "\n"


def exercise(expect: str) -> str:
    return ('[[step]]\ntext = { en = "x", ca = "x" }\n[step.exercise]\nprogram = "p.vl32"\n'
            f'[[step.exercise.check]]\nexpect = {expect}   # <-\n'
            'explain = { en = "e", ca = "e" }\n')


CAPTURE_STEP = ('[[step]]\ntext = { en = "x", ca = "x" }\n'
                'capture = { start = "cycles()" }\n')

# name -> (the lesson's body after HEAD, key path, fragment of the message)
STATIC = {
    "text-minus-number": (question("number", '''"'abc' - 1"'''),
                          "step[0].question.compute", "- needs numbers, not text"),
    "number-question-gives-text": (question("number", '''"state('alpha')"'''),
                                   "step[0].question.compute",
                                   "a number question needs a number, but "),
    "number-question-gives-truth": (question("number", '''"console('beta') contains 'W'"'''),
                                    "step[0].question.compute",
                                    "gives a truth value (true or false)"),
    "text-question-gives-truth": (question("text", '''"exits('alpha') > 1"'''),
                                  "step[0].question.compute",
                                  "a text question needs text or a number"),
    "choice-question-gives-text": (question("choice", '''"state('beta')"'''),
                                   "step[0].question.compute",
                                   "the index of the right choice, from 0"),
    "choice-index-30-of-3": (question("choice", '"30"'), "step[0].question.compute",
                             "gives 30, but the question has 3 choices: the index of the "
                             "right one is 0 to 2"),
    "choice-index-negative": (question("choice", '"1 - 2"', 2), "step[0].question.compute",
                              "gives -1, but the question has 2 choices"),
    "choice-index-decimal": (question("choice", '"1.5"'), "step[0].question.compute",
                             "gives 1.5, not the index of a choice"),
    "length-of-a-number": (question("number", '"length(cycles())"'),
                           "step[0].question.compute",
                           "length() needs text as its argument, not a number"),
    "memory-at-a-text-address": (question("number", '''"memory('alpha', 'top')"'''),
                                 "step[0].question.compute",
                                 "memory() needs a number as its second argument, not text"),
    "round-of-text": (question("number", '''"round(console('alpha'), 1)"'''),
                      "step[0].question.compute", "round() needs a number as its first"),
    "text-equals-number": (question("choice", '''"console('alpha') == 3"'''),
                           "step[0].question.compute",
                           "== compares text with a number: it is always false"),
    "text-less-than-number": (question("choice", '''"state('alpha') < 3"'''),
                              "step[0].question.compute", "cannot compare text with a number"),
    "text-plus-number": (question("text", '''"state('alpha') + 1"'''),
                         "step[0].question.compute",
                         "+ joins two texts or adds two numbers, not text and a number"),
    "minus-text": (question("number", '''"-state('alpha')"'''), "step[0].question.compute",
                   "- needs a number, not text"),
    "truth-times-number": (question("number", '"(exits() > 1) * 100"'),
                           "step[0].question.compute", "* needs numbers, not a truth value"),
    "division-by-literal-zero": (question("number", '"exits() / 0"'),
                                 "step[0].question.compute", "division by zero"),
    "contains-a-number": (question("choice", '''"console('beta') contains 7"'''),
                          "step[0].question.compute",
                          "'contains' needs text on both sides, not a number on the right"),
    "placeholder-typo-in-text": (PARAMETER + question("number", '"1"',
                                                      step_text="Share {heavyshare}"),
                                 "step[0].text.en", "unknown placeholder {heavyshare} (did "
                                 "you mean {heavy_share}?): the student would see the braces"),
    "placeholder-typo-in-prompt": (PARAMETER + question("number", '"1"', prompt="{heavy}?"),
                                   "step[0].question.prompt.en",
                                   "did you mean {heavy_share}?"),
    "placeholder-without-parameters": (question("number", '"1"', prompt="{quantum}?"),
                                       "step[0].question.prompt.en",
                                       "none, as this lesson declares no [[parameter]]"),
    "check-gives-a-number": (exercise('''"count(console('program'), 'x')"'''),
                             "step[0].exercise.check[0].expect",
                             "a check (a condition the program must make true"),
    "check-type-error": (exercise('''"console('program') - 1 > 0"'''),
                         "step[0].exercise.check[0].expect", "- needs numbers, not text"),
    "captured-name-misspelt": (CAPTURE_STEP + question("number", '"cycles() - strat"'),
                               "step[1].question.compute",
                               "unknown name 'strat'; did you mean 'start'?"),
    "captured-name-used-before": (question("number", '"cycles() - start"') + CAPTURE_STEP,
                                  "step[0].question.compute",
                                  "'start' is captured only at step[1], later than here"),
    "captured-value-called": (CAPTURE_STEP + question("number", '"start()"'),
                              "step[1].question.compute",
                              "'start' is a value captured at an earlier step, not a metric"),
    "metric-without-parentheses": (question("number", '"cycles + 1"'),
                                   "step[0].question.compute",
                                   "'cycles' is a metric: call it, cycles(…)"),
    "capture-named-like-a-metric": ('[[step]]\ntext = { en = "x", ca = "x" }\n'
                                    'capture = { cycles = "cycles()" }   # <-\n',
                                    "step[0].capture.cycles", "is the name of a metric"),
    "capture-named-like-a-keyword": ('[[step]]\ntext = { en = "x", ca = "x" }\n'
                                     'capture = { contains = "cycles()" }   # <-\n',
                                     "step[0].capture.contains", "cannot name a value"),
    "capture-twice": (CAPTURE_STEP + '[[step]]\ntext = { en = "x", ca = "x" }\n'
                      'capture = { start = "exits()" }   # <-\n',
                      "step[1].capture.start", "is already captured at step[0]"),
    "capture-not-a-table": ('[[step]]\ntext = { en = "x", ca = "x" }\n'
                            'capture = "cycles()"   # <-\n',
                            "step[0].capture", "must be a table of names and expressions"),
    "capture-type-error": ('[[step]]\ntext = { en = "x", ca = "x" }\n'
                           '''capture = { start = "state('alpha') * 2" }   # <-\n''',
                           "step[0].capture.start", "* needs numbers, not text"),
    "captured-text-in-a-number-question": (
        '[[step]]\ntext = { en = "x", ca = "x" }\n'
        '''capture = { was = "state('beta')" }\n''' + question("number", '"was"'),
        "step[1].question.compute", "a number question needs a number, but 'was' gives text"),
}


def write(tmp_path, name: str, body: str):
    (tmp_path / "p.vl32").write_text("start:\n    halt\n", encoding="utf-8")
    path = tmp_path / f"{name}.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def marked_line(path) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if line.endswith("# <-")
                or "{heavyshare}" in line or "{heavy}" in line or "{quantum}" in line)


def test_the_corpus_has_at_least_twenty_new_mistakes():
    assert len(STATIC) + len(PLAYED) >= 30


@pytest.mark.parametrize("name", sorted(STATIC))
def test_each_mistake_is_refused_by_the_check_with_file_line_and_key(tmp_path, name):
    body, key, fragment = STATIC[name]
    path = write(tmp_path, name, body)
    with pytest.raises(LessonError) as caught:
        load_lesson(path, strict=True)
    issues = [i for i in caught.value.issues if i.key == key]
    assert issues, f"{name}: no issue at {key}: {caught.value.issues}"
    assert fragment in issues[0].message, issues[0].message
    assert issues[0].line == marked_line(path)
    assert str(issues[0]).startswith(f"{path}:{issues[0].line}: {key}: ")


def test_the_command_line_check_refuses_them_all_and_names_each(tmp_path, capsys):
    paths = [write(tmp_path, name, body) for name, (body, _, _) in STATIC.items()]
    code = main(["lesson", "check", "--no-play", *map(str, paths)])
    out, err = capsys.readouterr()
    assert code == 2
    for path, (name, (_, key, fragment)) in zip(paths, STATIC.items()):
        assert f"{path}:{marked_line(path)}: {key}: " in err, name
    assert f"{len(paths)} of {len(paths)} lesson file(s) have errors" in err


@pytest.mark.parametrize("name", ["text-minus-number", "choice-index-30-of-3",
                                  "placeholder-typo-in-text"])
def test_the_window_still_opens_what_only_the_check_refuses(tmp_path, name):
    """Not strict (the window, the engine): the step says it cannot compute; no crash."""
    path = write(tmp_path, name, STATIC[name][0])
    lesson = load_lesson(path)
    engine = LessonEngine(lesson, seed=1)
    engine.go(0).run_all()
    if name == "placeholder-typo-in-text":
        assert "{heavyshare}" in engine.step.text.en
    else:
        assert not engine.answer(0).correct


# ---------------------------------------------------------------------------- played
TWO_STEPS = '''[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run-until", halt = true } ]
'''

# name -> (body, key, fragment): mistakes only a run of the lesson shows
PLAYED = {
    "computed-choice-out-of-range": (TWO_STEPS + question("choice", '''"exits('alpha')"'''),
                                     "step[1].question.compute",
                                     "but the question has 3 choices"),
    "division-by-zero-at-cycle-0": (
        question("number", '''"exits('alpha') * 100 / instructions('alpha')"'''),
        "step[0].question.compute", "division by zero"),
    "capture-that-cannot-be-computed": (
        '[[step]]\ntext = { en = "x", ca = "x" }\n'
        '''capture = { rate = "exits() * 100 / instructions('beta')" }   # <-\n''',
        "step[0].capture.rate", "cannot be captured with seed 1"),
    "a-failed-capture-used-later": (
        '[[step]]\ntext = { en = "x", ca = "x" }\n'
        '''capture = { rate = "exits() * 100 / instructions('beta')" }\n'''
        + TWO_STEPS + question("number", '"rate + 1"'),
        "step[2].question.compute", "no value was captured for 'rate'"),
    "fails-only-at-the-lowest-parameter": (
        PARAMETER + question("number", '''"100 / (param('heavy_share') - 1)"'''),
        "step[0].question.compute", "heavy_share = 1"),
}


@pytest.mark.parametrize("name", sorted(PLAYED))
def test_mistakes_found_by_playing_the_lesson(tmp_path, name, capsys):
    body, key, fragment = PLAYED[name]
    path = write(tmp_path, name, body)
    load_lesson(path, strict=True)                 # the file itself is fine
    report = play_check(load_lesson(path))
    issues = [i for i in report.errors if i.key == key]
    assert issues and fragment in issues[0].message, report.errors
    assert issues[0].line == marked_line(path)
    code = main(["lesson", "check", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and f"{path}:{marked_line(path)}: {key}: " in err and fragment in err


def test_the_seed_of_a_failure_reproduces_it_with_lesson_play(tmp_path, capsys):
    body, key, _ = PLAYED["fails-only-at-the-lowest-parameter"]
    path = write(tmp_path, "lowest", body)
    lesson = load_lesson(path)
    issue = next(i for i in play_check(lesson).errors if i.key == key)
    seed = int(re.search(r"with seed (\d+) \(heavy_share = 1\)", issue.message).group(1))
    assert seed in check_seeds(lesson)
    code = main(["lesson", "play", str(path), "--seed", str(seed)])
    out, err = capsys.readouterr()
    assert code == 2 and f"{path}:{marked_line(path)}: {key}: " in err
    assert "division by zero" in out
    # Another seed draws another value: the lesson plays there.
    other = next(s for s in range(50) if LessonEngine(lesson, seed=s).params["heavy_share"] > 1)
    assert main(["lesson", "play", str(path), "--seed", str(other)]) == 0


def test_the_check_tries_the_default_seed_and_the_extremes(tmp_path):
    lesson = load_lesson(write(tmp_path, "seeds", PARAMETER + question("number", '"1"')))
    seeds = check_seeds(lesson)
    assert seeds[0] == 1 and len(seeds) == 3
    values = [LessonEngine(lesson, seed=s).params["heavy_share"] for s in seeds]
    assert {1, 3} <= set(values) and len(set(values)) == 3


def test_a_lesson_without_parameters_is_played_once():
    from .helpers import LESSONS
    lesson = load_lesson(LESSONS / "04-popek-goldberg.toml")
    assert check_seeds(lesson) == [1]


def test_play_exits_2_with_file_line_when_an_answer_cannot_be_computed(tmp_path, capsys):
    path = write(tmp_path, "q", question("number", '''"'abc' - 1"'''))
    code = main(["lesson", "play", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert f"{path}:{marked_line(path)}: step[0].question.compute: cannot compute the answer " \
           "with seed 1" in err
    assert "-> None (WRONG)" not in out and "cannot compute the answer: " in out
