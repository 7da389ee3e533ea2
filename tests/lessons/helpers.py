"""Shared helpers for the lesson tests: the shipped lessons, a headless player."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import fields, is_dataclass
from pathlib import Path

from vmlab.lessons import LessonEngine, load_lesson
from vmlab.lessons.model import Text

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
SOLUTIONS = Path(__file__).resolve().parent / "solutions"
BROKEN = Path(__file__).resolve().parent / "broken"
LESSON_FILES = sorted(LESSONS.glob("*.toml"))


def vmlab(*args, cwd=None):
    """Run the command line as a user does (from any folder: the checkout is on the path)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return subprocess.run([sys.executable, "-m", "vmlab.cli.main", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120, env=env)


def texts(obj):
    """Every Text in a lesson (titles, steps, questions, choices, hints, feedback, checks)."""
    if isinstance(obj, Text):
        yield obj
    elif isinstance(obj, tuple):
        for item in obj:
            yield from texts(item)
    elif is_dataclass(obj) and not isinstance(obj, type):
        for f in fields(obj):
            yield from texts(getattr(obj, f.name))


def play(engine: LessonEngine, *, solve_exercises: bool = True) -> list:
    """Play every step headless; answer each question with its expected answer.

    Returns a log: (step id, expected answer or exercise result) per step.
    """
    log = []
    runner = engine.go(0)
    while True:
        runner.run_all()
        step = engine.step
        assert not runner.notes, f"{engine.lesson.id}/{step.id}: {runner.notes}"
        if step.question:
            expected = engine.expected()
            feedback = engine.answer(expected)
            assert feedback.correct, f"{engine.lesson.id}/{step.id}: {expected!r} not accepted"
            log.append((step.id, expected))
        if step.exercise and solve_exercises:
            result = engine.submit_exercise(solution(step.exercise.program.name))
            assert result.ok, (f"{engine.lesson.id}/{step.id}: the reference solution fails: "
                               f"{result.assembly_errors} {[f.en for f in result.failures]}")
            log.append((step.id, result))
        runner = engine.next()
        if runner is None:
            return log


def solution(program_name: str) -> str:
    return (SOLUTIONS / program_name).read_text(encoding="utf-8")


def engine_for(path: Path, seed: int = 7, store=None) -> LessonEngine:
    return LessonEngine(load_lesson(path), seed=seed, store=store)
