"""A lesson played headless as an author checks it (`vmlab lesson check` and `play`).

- `play_check` plays the lesson the way a student's window does (the same
  engine, the lesson's parameters drawn from a seed, each step's actions,
  then its question's answer computed at that step) on a few seeds - the
  default one of `lesson play`, and seeds that draw the parameters' lowest
  and highest values - and reports, with the key path of the lesson file,
  every answer that cannot be computed, that is not of its question's kind
  (a number question given text, a choice index out of range), every value
  a `capture` cannot take and every action that fails.
- `Script` is what `lesson play --answers` gives: the computed answers, wrong
  ones, or an answers file (per step: an answer, a program for an exercise,
  and the outcome expected).
- `plain_text` is a step's text for a terminal: its title, or its first
  paragraph without Markdown, cut at a word.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs
from ..inputs import InputError, ReadProblem, TomlProblem
from ..toml_lines import KeyLocator
from .capture import CAPTURE
from .engine import LessonEngine, draw_parameters
from .expr import ExprError, evaluate
from ..messages import Localized, M
from .loader import LessonIssue, choice_problem
from .metrics import metric_functions
from .model import Lesson, Question, Step

DEFAULT_SEED = 1          # `vmlab lesson play`'s default seed
CHECK_PLAYS = 3           # plays of `lesson check`: the default seed, lowest and highest values
SEED_SEARCH = 5000        # seeds tried to find the lowest and highest draws
MAX_ANSWERS_BYTES = 256 * 1024


# ----------------------------------------------------------------------------- seeds
def check_seeds(lesson: Lesson, plays: int = CHECK_PLAYS) -> list[int]:
    """The seeds `lesson check` plays: DEFAULT_SEED, then seeds drawing every parameter's
    lowest value and every one's highest (when some seed below SEED_SEARCH does), then
    others - each drawing values no earlier one drew; one seed when nothing is drawn."""
    seeds, seen = [], set()

    def add(seed: int) -> None:
        key = tuple(sorted(draw_parameters(lesson, seed).items()))
        if key not in seen and len(seeds) < plays:
            seen.add(key)
            seeds.append(seed)

    add(DEFAULT_SEED)
    if not lesson.parameters:
        return seeds
    for pick in (lambda p: p.low, lambda p: p.values()[-1]):
        wanted = {p.name: pick(p) for p in lesson.parameters}
        found = next((seed for seed in range(SEED_SEARCH)
                      if draw_parameters(lesson, seed) == wanted), None)
        if found is not None:
            add(found)
    seed = 0
    while len(seeds) < plays and seed < SEED_SEARCH:
        add(seed)
        seed += 1
    return seeds


def drawn(engine: LessonEngine) -> str:
    """'seed 3 (quantum = 1500)': a play, for a message."""
    values = ", ".join(f"{k} = {v}" for k, v in engine.params.items())
    play = M("seed {seed} ({values})", seed=engine.seed, values=values) if values \
        else M("seed {seed}", seed=engine.seed)
    if engine.kernel_language == "ca":
        return M("{play}, the kernels in Catalan", play=play)
    return play


# ----------------------------------------------------------------------------- the check
@dataclass
class CheckReport:
    errors: list[LessonIssue] = field(default_factory=list)
    warnings: list[LessonIssue] = field(default_factory=list)
    seeds: list[int] = field(default_factory=list)


def locator_for(lesson: Lesson) -> KeyLocator:
    """Finds lines in the lesson's file (no lines when it cannot be read again)."""
    try:
        text = inputs.decode_utf8(inputs.read_bounded(lesson.path, 1 << 20, "lesson"))
    except (ReadProblem, UnicodeDecodeError, TypeError, OSError):
        text = ""
    return KeyLocator(text)


def answer_problem(question: Question, value) -> str | None:
    """None if a computed answer suits its question, else what is wrong with it."""
    if question.kind == "choice":
        return choice_problem(value, len(question.choices))
    if question.kind == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return M("a number question's answer must be a number, not {kind} {value}",
                     kind=_kind(value), value=repr(value))
        return None
    if isinstance(value, bool):
        return M("a text question's answer must be text, not a truth value (the student would "
                 "have to type {value})", value=str(value))
    return None


def _kind(value) -> str:
    return M("the truth value") if isinstance(value, bool) else (
        M("the text") if isinstance(value, str) else M("the value"))


def play_check(lesson: Lesson, plays: int = CHECK_PLAYS) -> CheckReport:
    """Play the lesson on check_seeds(); every problem as a LessonIssue with its line."""
    report = CheckReport(seeds=check_seeds(lesson, plays))
    where = locator_for(lesson)
    shown = str(lesson.path) if lesson.path else "<lesson>"
    first: dict[tuple[int, str], LessonIssue] = {}      # (list, key) -> its first issue
    also: dict[tuple[int, str], list[int]] = {}          # ... and the other seeds it fails on

    def issue(into: list, key: str, message: str) -> None:
        """One issue per key: the first play's message, the other seeds named after it."""
        found = (id(into), key)
        if found in first:
            if engine.seed not in also[found]:
                also[found].append(engine.seed)
            return
        first[found] = LessonIssue(shown, where.line_of(key), key, message)
        also[found] = [engine.seed]
        into.append(first[found])

    # Each seed with the kernels in English, then the first once more with them in Catalan
    # (the guests print in the student's language: a console text a step waits for, or a
    # count an answer makes, must be found in both).
    plays = [(seed, "en") for seed in report.seeds] + [(report.seeds[0], "ca")]
    for n, (seed, kernels) in enumerate(plays):
        engine = LessonEngine(lesson, seed=seed)
        engine.kernel_language = kernels
        engine.language = None
        for i, step, runner in play_steps(engine):
            key = f"step[{i}]"
            for note in runner.notes:
                if note.startswith(f"{CAPTURE} "):
                    name = note.split()[1]
                    issue(report.errors, f"{key}.capture.{name}",
                          M("cannot be captured with {drawn}: {problem}", drawn=drawn(engine),
                            problem=note.split(": ", 1)[-1]))
                else:
                    issue(report.warnings, f"{key}.actions",
                          M("with {drawn}: {problem}", drawn=drawn(engine), problem=note))
            for error in runner.errors:
                issue(report.errors, f"{key}.actions",
                      M("with {drawn}: {problem}", drawn=drawn(engine),
                        problem=Localized(error.get)))
            if step.question and step.question.compute is not None:
                qkey = f"{key}.question.compute"
                value = engine.expected()
                if value is None:
                    problem = engine.expected_error or M("no answer")
                else:
                    problem = answer_problem(step.question, value)
                if problem:
                    issue(report.errors, qkey, M("cannot give the answer with {drawn} (at cycle "
                                                 "{cycle:,}): {problem}", drawn=drawn(engine),
                                                 cycle=engine.session.cycle, problem=problem))
                elif not problem and not engine.answer(value).correct:
                    issue(report.errors, qkey, M("the computed answer {value} is not accepted "
                                                 "as the answer with {drawn}", value=repr(value),
                                                 drawn=drawn(engine)))
            if step.exercise and n == 0:
                _check_exercise(engine, step, key, issue, report)
    for found, seeds in also.items():
        if len(seeds) > 1:
            others = [str(seed) for seed in seeds[1:]]
            if len(others) == 1:
                also_with = M("{message} (also with seed {seed})", message=first[found].message,
                              seed=others[0])
            else:
                also_with = M("{message} (also with seeds {seeds} and {last})",
                              message=first[found].message, seeds=", ".join(others[:-1]),
                              last=others[-1])
            first[found].message = also_with
    return report


def play_steps(engine: LessonEngine):
    """(index, step, runner) for each step in order, its actions played."""
    runner = engine.go(0)
    while runner is not None:
        runner.run_all()
        yield engine.index, engine.step, runner
        runner = engine.next()


def _check_exercise(engine: LessonEngine, step: Step, key: str, issue, report) -> None:
    exercise = step.exercise
    result = engine.submit_exercise(exercise.starter)
    if result.session is None:
        return                     # the starter does not assemble: the student's task
    if result.ok:
        issue(report.warnings, f"{key}.exercise.program",
              M("the starter code already passes every check: the student has nothing to "
                "do"))
    functions = metric_functions(result.session, engine.params)
    for j, check in enumerate(exercise.checks):
        try:
            evaluate(check.expect, functions)
        except ExprError as err:
            issue(report.warnings, f"{key}.exercise.check[{j}].expect",
                  M("cannot be computed on the starter code's run ({err}): a student whose "
                    "program does the same is told only that the check fails", err=err))


# ----------------------------------------------------------------------------- answers
def wrong_answer(question: Question, expected):
    """An answer its question refuses (to rehearse the feedback), or None if none is known."""
    if question.kind == "choice":
        try:
            right = int(expected)
        except (TypeError, ValueError, OverflowError):
            return None
        return (right + 1) % len(question.choices) if len(question.choices) > 1 else None
    if question.kind == "number":
        if isinstance(expected, bool) or not isinstance(expected, (int, float)):
            return None
        margin = max(abs(question.tolerance), abs(expected) * question.tolerance_percent / 100)
        if isinstance(expected, int):
            return expected + math.floor(margin) + 1
        return round(expected + margin + 1, 6)
    accepted = {_normal(expected)} | {_normal(a) for a in question.accept}
    for candidate in ("no idea", "xyzzy", "?"):
        if _normal(candidate) not in accepted:
            return candidate
    return None


def _normal(value) -> str:
    return re.sub(r"\s+", " ", str(value).strip()).casefold()


@dataclass
class Scripted:
    """One step of a script: the answer to give (None: the computed one, or a wrong one
    when expect is "wrong"), the program to submit, and the outcome expected."""

    answer: object = None
    expect: str | None = None        # "correct" / "wrong" (questions), "pass" / "fail"
    program: Path | None = None
    source: str | None = None
    key: str = ""                    # where it is in the answers file, for messages


@dataclass
class Script:
    mode: str = "right"              # "right", "wrong", or "file"
    steps: dict[str, Scripted] = field(default_factory=dict)
    path: Path | None = None

    def for_step(self, step: Step) -> Scripted:
        if step.id in self.steps:
            return self.steps[step.id]
        if self.mode == "wrong":
            return Scripted(expect="wrong" if step.question else "fail")
        return Scripted(expect="correct" if step.question else "fail")


class AnswersError(InputError):
    """Problems of an answers file, each with file:line and key."""

    def __init__(self, issues: list[LessonIssue]) -> None:
        self.issues = issues
        super().__init__("\n".join(str(i) for i in issues))


QUESTION_KEYS = {"answer", "expect"}
EXERCISE_KEYS = {"program", "expect"}


def load_script(spec: str, lesson: Lesson) -> Script:
    """`--answers right|wrong|FILE`: a Script, or AnswersError naming every problem."""
    if spec in ("right", "wrong"):
        return Script(spec)
    path = Path(spec)
    shown = str(path)
    try:
        raw = inputs.read_bounded(path, MAX_ANSWERS_BYTES, "answers file")
        text = inputs.decode_utf8(raw)
        data = inputs.parse_toml(text)
    except ReadProblem as err:
        raise AnswersError([LessonIssue(err.path, 0, "", M('{reason} (--answers takes right, '
                                                           'wrong or an answers file)',
                                                           reason=err.reason))]) from None
    except UnicodeDecodeError:
        raise AnswersError([LessonIssue(shown, 0, "", M('is not UTF-8 text'))]) from None
    except TomlProblem as err:
        raise AnswersError([LessonIssue(shown, err.line, "", err.message)]) from None
    where = KeyLocator(text)
    issues: list[LessonIssue] = []

    def error(key: str, message: str) -> None:
        issues.append(LessonIssue(shown, where.line_of(key), key, message))

    steps = {s.id: s for s in lesson.steps}
    script = Script("file", path=path)
    for step_id, entry in data.items():
        step = steps.get(step_id)
        if step is None:
            close = difflib.get_close_matches(step_id, steps, n=1)
            hint = M("; did you mean {name}?", name=f"[{close[0]}]") if close else ""
            error(step_id, M('the lesson has no step {step_id}{hint} (steps: {names})',
                             step_id=repr(step_id), hint=hint, names=', '.join(steps)))
            continue
        if not isinstance(entry, dict):
            error(step_id, M('must be a table: [step-id] with answer = … or program = …'))
            continue
        allowed = QUESTION_KEYS if step.question else EXERCISE_KEYS if step.exercise else set()
        if not allowed:
            error(step_id, M('this step has neither a question nor an exercise'))
            continue
        for name in entry:
            if name not in allowed:
                error(f"{step_id}.{name}", M('unknown key; allowed here: {names}',
                                             names=', '.join(sorted(allowed))))
        scripted = Scripted(key=step_id)
        expect = entry.get("expect")
        if step.question:
            if "answer" in entry:
                answer = entry["answer"]
                if not isinstance(answer, (int, float, str)) or isinstance(answer, bool):
                    error(f"{step_id}.answer", M('must be what the student types (text or a '
                                                 "number) or, for a choice, the choice's index "
                                                 'from 0'))
                scripted.answer = answer
            if expect not in (None, "correct", "wrong"):
                error(f"{step_id}.expect", M('must be "correct" or "wrong", not {expect}',
                                             expect=repr(expect)))
            scripted.expect = expect or "correct"
        else:
            if "program" in entry:
                name = entry["program"]
                if not isinstance(name, str) or not name:
                    error(f"{step_id}.program", M('must be the name of a .vl32 file'))
                else:
                    program = path.parent / name
                    try:
                        scripted.source = inputs.decode_utf8(inputs.read_bounded(
                            program, inputs.MAX_PROGRAM_BYTES, "program"))
                        scripted.program = program
                    except ReadProblem as err:
                        error(f"{step_id}.program", M('{name}: {reason}', name=repr(name),
                                                      reason=err.reason))
                    except UnicodeDecodeError:
                        error(f"{step_id}.program", M('{name} is not UTF-8 text', name=repr(name)))
            if expect not in (None, "pass", "fail"):
                error(f"{step_id}.expect", M('must be "pass" or "fail", not {expect}',
                                             expect=repr(expect)))
            scripted.expect = expect or ("pass" if "program" in entry else "fail")
        script.steps[step_id] = scripted
    if issues:
        raise AnswersError(issues)
    return script


# ----------------------------------------------------------------------------- text
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def plain_text(markdown: str, width: int = 90) -> str:
    """A step's text in one line: its first heading, or else its first paragraph, without
    Markdown marks, cut at a word (with '…') to at most `width` characters."""
    first: list[str] = []
    fenced = False
    for line in markdown.strip().splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            if first:
                break
            fenced = not fenced          # a code block is no paragraph: skipped
            continue
        if fenced:
            continue
        heading = _HEADING.match(line)
        if heading and not first:
            first = [heading.group(1)]
            break
        if not line.strip():
            if first:
                break
            continue
        first.append(re.sub(r"^\s*(?:[-*+>]|\d+[.)])\s+", "", line))
    text = _inline(" ".join(first))
    if len(text) <= width:
        return text
    cut = text[:width]
    cut = cut[:cut.rfind(" ")] if " " in cut else cut[:width - 1]
    return cut.rstrip(" ,;:.—-") + "…"


def _inline(text: str) -> str:
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)       # links and pictures
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])[*_](?!\s)(.+?)(?<!\s)[*_](?![\w*])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()
