"""Work a student hands in (`vmlab lesson report`) and its check (`vmlab lesson verify`).

The report is plain JSON (read with json.loads, never executed): the lesson's id,
the SHA-256 of the lesson file it was done with, the seed, the language numbers
were written in (or null), and per step with a question or an exercise the last
answer given, the attempts, the exercise's program and the student's own mark.

`verify` trusts none of the marks: it plays the lesson once with the report's
seed (no progress saved anywhere), computes each question's answer at its step
as the window does, checks the recorded answer against it, runs each exercise's
program through the same checks, and compares with the marks the report states.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs
from .engine import LessonEngine
from .loader import ID_PATTERN
from .model import Lesson
from .progress import Progress
from .rehearse import play_steps

KIND = "vmlab-lesson-report"
FORMAT = 1
MAX_REPORT_BYTES = 4 << 20


class ReportError(ValueError):
    """A report that cannot be read: each problem with file:line or its key path."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def file_hash(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


# ----------------------------------------------------------------------------- writing
def build_report(lesson: Lesson, progress: Progress, language: str | None = None) -> dict:
    steps = []
    for step in lesson.steps:
        if not step.question and not step.exercise:
            continue
        record = progress.answers.get(step.id, {})
        entry = {"step": step.id, "kind": "question" if step.question else "exercise",
                 "attempts": record.get("attempts", 0),
                 "correct": bool(record.get("correct", False))}
        if step.question and "value" in record:
            entry["answer"] = record["value"]
        if step.exercise and (step.id in progress.sources or entry["attempts"]):
            # The window keeps no copy of a program left as the starter code.
            entry["source"] = progress.sources.get(step.id, step.exercise.starter)
        steps.append(entry)
    return {"format": KIND, "version": FORMAT, "lesson": lesson.id,
            "lesson_file": lesson.path.name if lesson.path else None,
            "lesson_sha256": file_hash(lesson.path), "seed": progress.seed,
            "language": language, "completed": list(progress.completed), "steps": steps}


def write_report(report: dict, path: Path) -> None:
    path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------- reading
@dataclass
class StepRecord:
    step: str
    kind: str
    attempts: int
    correct: bool
    answer: object = None
    source: str | None = None


@dataclass
class Report:
    lesson: str
    seed: int
    language: str | None
    lesson_sha256: str | None
    steps: list[StepRecord] = field(default_factory=list)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_report(path: str | Path) -> Report:
    shown = str(path)
    try:
        raw = inputs.read_bounded(path, MAX_REPORT_BYTES, "report")
    except inputs.ReadProblem as err:
        raise ReportError([str(err)]) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ReportError([f"{shown}: not UTF-8 text"]) from None
    except json.JSONDecodeError as err:
        raise ReportError([f"{shown}:{err.lineno}: not valid JSON: {err.msg}"]) from None
    except (ValueError, RecursionError) as err:
        raise ReportError([f"{shown}: not valid JSON: {err}"]) from None
    problems: list[str] = []

    def bad(key: str, message: str) -> None:
        problems.append(f"{shown}: {key}: {message}")

    if not isinstance(data, dict) or data.get("format") != KIND:
        raise ReportError([f"{shown}: format: not a vmlab lesson report (written by "
                           "vmlab lesson report)"])
    if data.get("version") != FORMAT:
        bad("version", f"expected {FORMAT}")
    lesson, seed, language = data.get("lesson"), data.get("seed"), data.get("language")
    digest = data.get("lesson_sha256")
    if not isinstance(lesson, str) or not ID_PATTERN.fullmatch(lesson):
        bad("lesson", "expected the lesson's id (lower-case letters, digits and '-')")
    if not _whole(seed) or seed < 0:
        bad("seed", "expected a whole number, 0 or more")
    if language not in (None, "en", "ca"):
        bad("language", 'expected "en", "ca" or null')
    if digest is not None and not isinstance(digest, str):
        bad("lesson_sha256", "expected text or null")
    steps = data.get("steps")
    records = []
    if not isinstance(steps, list):
        bad("steps", "expected a list")
        steps = []
    for i, entry in enumerate(steps):
        key = f"steps[{i}]"
        if not isinstance(entry, dict):
            bad(key, "expected a table {step, kind, attempts, correct, ...}")
            continue
        step, kind = entry.get("step"), entry.get("kind")
        attempts, correct = entry.get("attempts"), entry.get("correct")
        answer, source = entry.get("answer"), entry.get("source")
        ok = True
        for name, good, what in (
                ("step", isinstance(step, str), "the step's id (text)"),
                ("kind", kind in ("question", "exercise"), '"question" or "exercise"'),
                ("attempts", _whole(attempts) and attempts >= 0, "a whole number, 0 or more"),
                ("correct", isinstance(correct, bool), "true or false"),
                ("answer", answer is None or (isinstance(answer, (int, float, str))
                                              and not isinstance(answer, bool)),
                 "a number or text"),
                ("source", source is None or isinstance(source, str), "text")):
            if not good:
                bad(f"{key}.{name}", f"expected {what}")
                ok = False
        if ok:
            records.append(StepRecord(step, kind, attempts, correct, answer, source))
    if problems:
        raise ReportError(problems)
    return Report(lesson, seed, language, digest, records)


# ----------------------------------------------------------------------------- verifying
@dataclass
class StepCheck:
    step: str
    kind: str
    attempts: int
    given: object            # the answer, or for an exercise None
    right: bool              # recomputed
    claimed: bool            # the report's own mark
    expected: object = None  # the right answer (questions)
    detail: str = ""         # "3/4 checks", "no answer", ...

    @property
    def disagrees(self) -> bool:
        return self.right != self.claimed


@dataclass
class Verification:
    checks: list[StepCheck] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)   # steps in the report, not in the lesson
    lesson_changed: bool = False
    errors: list[str] = field(default_factory=list)    # the lesson could not be played

    @property
    def score(self) -> tuple[int, int]:
        return sum(c.right for c in self.checks), len(self.checks)

    @property
    def disagreements(self) -> list[StepCheck]:
        return [c for c in self.checks if c.disagrees]


def verify(report: Report, lesson: Lesson) -> Verification:
    """Play the lesson once with the report's seed and recompute every mark."""
    result = Verification()
    digest = file_hash(lesson.path)
    result.lesson_changed = bool(report.lesson_sha256) and digest != report.lesson_sha256
    by_step = {r.step: r for r in report.steps}
    ids = {s.id for s in lesson.steps}
    result.unknown = [r.step for r in report.steps if r.step not in ids]
    engine = LessonEngine(lesson, seed=report.seed)     # no store: nothing is saved
    engine.language = report.language
    for _, step, runner in play_steps(engine):
        for error in runner.errors:
            result.errors.append(f"step {step.id}: {error.en}")
        record = by_step.get(step.id)
        attempts = record.attempts if record else 0
        claimed = record.correct if record else False
        if step.question:
            expected = engine.expected()
            if record is None or record.answer is None:
                result.checks.append(StepCheck(step.id, "question", attempts, None, False,
                                               claimed, expected, "no answer"))
                continue
            feedback = engine.answer(record.answer)
            if feedback.error:
                result.errors.append(f"step {step.id}: {feedback.error}")
            result.checks.append(StepCheck(step.id, "question", attempts, record.answer,
                                           feedback.correct, claimed, expected))
        if step.exercise:
            if record is None or record.source is None:
                result.checks.append(StepCheck(step.id, "exercise", attempts, None, False,
                                               claimed, None, "no program"))
                continue
            run = engine.submit_exercise(record.source)
            detail = ("does not assemble" if run.assembly_error is not None
                      else f"{run.passed}/{run.total}")
            result.checks.append(StepCheck(step.id, "exercise", attempts, None, run.ok,
                                           claimed, None, detail))
    return result
