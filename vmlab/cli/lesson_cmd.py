"""`vmlab lesson check|new|play`: for lesson authors."""

from __future__ import annotations

import re
from pathlib import Path

from ..inputs import check_name
from ..lessons import LessonEngine, LessonError, load_lesson
from ..lessons.loader import ID_PATTERN, find_lesson
from ..lessons.template import render
from .errors import EXIT_USAGE, UserError
from .terminal import echo


def check(args) -> int:
    failed = 0
    for name in args.paths:
        try:
            lesson = load_lesson(name)
        except LessonError as err:
            failed += 1
            for issue in err.issues:
                echo(str(issue), err=True)
            continue
        questions = lesson.question_count()
        echo(f"{name}: ok — {lesson.id}: {len(lesson.steps)} steps, {questions} questions")
    if failed:
        echo(f"{failed} of {len(args.paths)} lesson file(s) have errors", err=True)
        return EXIT_USAGE
    return 0


def new(args) -> int:
    lesson_id = args.id
    if not ID_PATTERN.fullmatch(lesson_id):
        raise UserError(f"lesson new: {lesson_id[:60]!r} is not a valid id: use lower-case "
                        "letters, digits and '-' (e.g. my-lesson)")
    output = args.output if args.output is not None else f"{lesson_id}.toml"
    problem = check_name(output, "output file name") if output else "no file name was given"
    if problem:
        raise UserError(f"lesson new --output: {problem}")
    path = Path(output)
    try:
        if path.is_dir():
            raise UserError(f"lesson new: {path} is a folder; give a file name (e.g. "
                            f"{lesson_id}.toml)")
        if path.exists() and not args.force:
            raise UserError(f"lesson new: {path} already exists (use --force to overwrite)")
        # The name goes into the file's comments: a name that is not valid UTF-8 (bytes
        # from the command line) is written with escapes there.
        shown = path.name.encode("utf-8", "backslashreplace").decode("utf-8")
        path.write_text(render(lesson_id, shown), encoding="utf-8")
    except OSError as err:
        raise UserError(f"lesson new: cannot write {path}: {err.strerror or err}") from None
    echo(f"wrote {path}; check it with: vmlab lesson check {path}")
    return 0


def play(args) -> int:
    """Play a lesson headless with the computed answers: what an author checks first."""
    try:
        lesson = load_lesson(find_lesson(args.lesson))
    except LessonError as err:
        raise UserError(str(err)) from None
    engine = LessonEngine(lesson, seed=args.seed)
    lang = args.lang
    echo(f"{lesson.title.get(lang)} — seed {engine.seed}, parameters {engine.params}")
    runner = engine.go(0)
    while True:
        runner.run_all()
        step = engine.step
        first = re.sub(r"\s+", " ", step.text.get(lang)).strip()[:70]
        echo(f"[{engine.index + 1}/{len(lesson.steps)}] {step.id}: {first} "
             f"(cycle {engine.session.cycle:,})")
        for note in runner.notes:
            echo(f"    note: {note}")
        for error in runner.errors:
            echo(f"    error: {error.get(lang)}")
        if step.question:
            expected = engine.expected()
            feedback = engine.answer(expected)
            echo(f"    Q: {step.question.prompt.get(lang)} -> {expected!r} "
                 f"({'correct' if feedback.correct else 'WRONG'})")
            if expected is None and getattr(engine, "expected_error", None):
                echo(f"    cannot compute the answer: {engine.expected_error}")
        if step.exercise:
            result = engine.submit_exercise(step.exercise.starter)
            echo(f"    exercise with the starter code: {result.passed}/{result.total} checks pass")
            if result.problem is not None:
                echo(f"    error: {result.problem.get(lang)}")
        runner = engine.next()
        if runner is None:
            break
    return 0
