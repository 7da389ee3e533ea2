"""`vmlab lesson check|new|play`: for lesson authors; `report|verify`: work handed in.

Exit codes: `check` 0 when every file is valid, 2 otherwise.  `play` 0 when
every step played and every outcome was the one expected (right answers
accepted, scripted wrong ones refused, exercises passing or failing as the
script says), 1 when one was not (or a run-until never reached its target),
2 when the lesson (or the answers file) is at fault: it cannot be read, an
answer cannot be computed, an action fails.  `verify` 0 when a report's marks
agree with the recomputation (whatever the score), 1 when some disagree (an
altered report), 2 when the report cannot be read or the lesson cannot be played.
"""

from __future__ import annotations

from pathlib import Path

from ..inputs import check_name, shorten
from ..lessons import LessonEngine, LessonError, load_lesson
from ..lessons.loader import ID_PATTERN, file_kind, find_lesson
from ..lessons.rehearse import (AnswersError, answer_problem, load_script, locator_for,
                                plain_text, play_check, play_steps, wrong_answer)
from ..lessons.template import render
from ..messages import M, Localized, listing
from ..messages import render as render_message
from ..scenario import scenarios_dir
from .errors import EXIT_USAGE, UserError, message_language
from .terminal import echo

EXIT_NOT_AS_EXPECTED = 1

# The player's own words (the lesson's texts come in the lesson's two languages).
WORDS = {
    "en": {
        "seed": "seed", "parameters": "parameters", "cycle": "cycle", "note": "note",
        "error": "error", "Q": "Q", "correct": "correct", "wrong": "wrong",
        "WRONG": "WRONG", "as scripted": "wrong, as scripted",
        "CORRECT": "CORRECT, but the script expects a wrong answer",
        "feedback": "feedback", "right answer": "right answer",
        "no wrong": "no wrong answer to give: the question accepts anything",
        "cannot compute": "cannot compute the answer",
        "starter": "exercise with the starter code: {passed}/{total} checks pass",
        "program": "exercise with {name}: {passed}/{total} checks pass",
        "fails": "fails", "assembly": "does not assemble",
        "unexpected pass": "UNEXPECTED: it passes, and the script expects it to fail",
        "unexpected fail": "UNEXPECTED: it fails, and the script expects it to pass",
        "all ok": "Everything as expected: {questions}, {exercises}.",
        "not ok": "Not as expected: {count} of {total} outcomes (marked above).",
        "faults": "The lesson has errors: {count} (listed on standard error).",
        "question": ("question", "questions"), "exercise": ("exercise", "exercises"),
    },
    "ca": {
        "seed": "llavor", "parameters": "paràmetres", "cycle": "cicle", "note": "nota",
        "error": "error", "Q": "P", "correct": "correcta", "wrong": "incorrecta",
        "WRONG": "INCORRECTA", "as scripted": "incorrecta, com preveu el guió",
        "CORRECT": "CORRECTA, però el guió preveu una resposta incorrecta",
        "feedback": "missatge", "right answer": "resposta correcta",
        "no wrong": "no hi ha cap resposta incorrecta possible: la pregunta ho accepta tot",
        "cannot compute": "no es pot calcular la resposta",
        "starter": "exercici amb el codi inicial: {passed} de {total} comprovacions superades",
        "program": "exercici amb {name}: {passed} de {total} comprovacions superades",
        "fails": "falla", "assembly": "no s’assembla",
        "unexpected pass": "INESPERAT: les supera totes, i el guió preveu que en falli alguna",
        "unexpected fail": "INESPERAT: en falla alguna, i el guió preveu que les superi totes",
        "all ok": "Tot com es preveia: {questions}, {exercises}.",
        "not ok": "No com es preveia: {count} de {total} resultats (marcats més amunt).",
        "faults": "La lliçó té errors: {count} (al canal d’errors, stderr).",
        "question": ("pregunta", "preguntes"), "exercise": ("exercici", "exercicis"),
    },
}


def number(value, lang: str) -> str:
    """A number as the language writes it: 12,345.5 in English, 12.345,5 in Catalan."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, int):
        text = f"{value:,}"
    elif abs(value) < 1e15:
        text = f"{value:,.6f}".rstrip("0").rstrip(".")
    else:
        return repr(value)
    return text.translate(str.maketrans(",.", ".,")) if lang == "ca" else text


# ----------------------------------------------------------------------------- check
def check(args) -> int:
    from . import scenario_cmd
    lang = message_language()
    files, failed = [], 0
    for name in args.paths:
        found, problem = _expand(name)
        if problem:
            failed += 1
            echo(render_message(problem, lang), err=True)
        files.extend(found)
    total = len(files) + failed                  # a name that found nothing counts as one
    kinds = [file_kind(path) for path in files]
    for path, kind in zip(files, kinds):
        if kind == "scenario":
            failed += not scenario_cmd.check_file(path, lang, among_lessons=True)
        else:
            failed += not _check_file(path, lang, play=not getattr(args, "no_play", False))
    if failed:
        if "scenario" in kinds:
            summary = M("{failed} of {count} files (lessons and scenarios) have errors",
                        failed=failed, count=total)
        else:
            summary = M("{failed} of {count} lesson file(s) have errors", failed=failed,
                        count=total)
        echo(render_message(summary, lang), err=True)
        return EXIT_USAGE
    return 0


def _expand(name: str) -> tuple[list[Path], object | None]:
    """A file, a folder (its .toml files), a lesson id or a shipped scenario's name -> files;
    or why none."""
    problem = check_name(name, "lesson name")
    if problem:
        return [], f"{shorten(name)}: {problem}"
    path = Path(name)
    try:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                return [], M("{name}: the folder holds no .toml file (no lesson, no scenario)",
                             name=name)
            return found, None
        if path.suffix == ".toml" or path.exists():
            return [path], None
    except (OSError, ValueError):
        return [path], None          # reading it will say what is wrong
    try:
        return [find_lesson(name)], None
    except LessonError as err:
        shipped = scenarios_dir() / f"{name}.toml"
        if shipped.is_file():        # a shipped scenario's name: checked as a scenario
            return [shipped], None
        return [], err


def _check_file(path: Path, lang: str = "en", play: bool = True) -> bool:
    try:
        lesson = load_lesson(path, strict=True)
    except LessonError as err:
        for issue in err.issues:
            echo(render_message(issue, lang), err=True)
        return False
    played = ""
    if play:
        report = play_check(lesson)
        for issue in report.errors:
            echo(render_message(issue, lang), err=True)
        for issue in report.warnings:
            where = f"{issue.path}:{issue.line}" if issue.line else issue.path
            echo(render_message(M("{where}: warning: {key}: {message}", where=where,
                                  key=issue.key, message=issue.message), lang), err=True)
        if report.errors:
            return False
        seeds = listing(report.seeds)
        played = M(", played with seed {seeds}", seeds=seeds) if len(report.seeds) == 1 \
            else M(", played with seeds {seeds}", seeds=seeds)
    steps, questions = len(lesson.steps), lesson.question_count()
    steps_text = M("{count} step", count=steps) if steps == 1 else M("{count} steps",
                                                                      count=steps)
    questions_text = M("{count} question", count=questions) if questions == 1 else \
        M("{count} questions", count=questions)
    echo(render_message(M("{path}: ok — {lesson}: {steps}, {questions}{played}", path=str(path),
                          lesson=lesson.id, steps=steps_text, questions=questions_text,
                          played=played), lang))
    return True


# ----------------------------------------------------------------------------- new
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


# ----------------------------------------------------------------------------- play
def play(args) -> int:
    """Play a lesson headless as a scripted student: what an author checks first."""
    try:
        path = find_lesson(args.lesson)
        if file_kind(path) == "scenario":
            raise UserError(f"{path} is a scenario, not a lesson: run it with vmlab run "
                            f"--scenario {path}, or name it in a lesson (scenario = "
                            f"\"{path.stem}\")")
        lesson = load_lesson(path)
    except LessonError as err:
        raise UserError(str(err)) from None
    try:
        script = load_script(getattr(args, "answers", None) or "right", lesson)
    except AnswersError as err:
        for issue in err.issues:
            echo(str(issue), err=True)
        return EXIT_USAGE
    return _Player(lesson, args.seed, args.lang, script).run()


class _Player:
    def __init__(self, lesson, seed: int, lang: str, script) -> None:
        self.engine = LessonEngine(lesson, seed=seed)
        self.engine.kernel_language = lang          # the guests print in the player's language
        self.engine.language = lang if script.mode == "file" else None
        self.lesson, self.lang, self.script = self.engine.lesson, lang, script
        self.words = WORDS[lang]
        self.where = locator_for(lesson)
        self.faults = 0              # the lesson's errors (exit 2)
        self.unexpected = 0          # outcomes not as the script expects (exit 1)
        self.outcomes = 0
        self.questions = self.exercises = 0

    def fault(self, key: str, message) -> None:
        """A problem of the lesson itself: on standard error, with file:line and key, in the
        language of the output."""
        self.faults += 1
        shown = str(self.lesson.path) if self.lesson.path else "<lesson>"
        line = self.where.line_of(key)
        message = render_message(message, self.lang)
        echo(f"{shown}:{line}: {key}: {message}" if line else f"{shown}: {key}: {message}",
             err=True)

    def run(self) -> int:
        w, e, lang = self.words, self.engine, self.lang
        params = e.params
        echo(f"{self.lesson.title.get(lang)} — {w['seed']} {e.seed}, {w['parameters']} "
             f"{params}")
        for i, step, runner in play_steps(e):
            cycle = number(e.session.cycle, lang)
            echo(f"[{i + 1}/{len(self.lesson.steps)}] {step.id}: "
                 f"{plain_text(step.text.get(lang))} ({w['cycle']} {cycle})")
            for note in runner.notes:
                echo(f"    {w['note']}: {note}")
                self.unexpected += 1
            for error in runner.errors:
                echo(f"    {w['error']}: {error.get(lang)}")
                self.fault(f"step[{i}].actions", M("with seed {seed}: {problem}", seed=e.seed,
                                                   problem=Localized(error.get)))
            if step.question:
                self._question(i, step)
            if step.exercise:
                self._exercise(step)
        if self.faults:
            echo(w["faults"].format(count=self.faults))
            return EXIT_USAGE
        if self.unexpected:
            echo(w["not ok"].format(count=self.unexpected, total=max(self.outcomes, 1)))
            return EXIT_NOT_AS_EXPECTED
        echo(w["all ok"].format(questions=self.count(self.questions, "question"),
                                exercises=self.count(self.exercises, "exercise")))
        return 0

    def count(self, n: int, what: str) -> str:
        one, many = self.words[what]
        return f"{number(n, self.lang)} {one if n == 1 else many}"

    def shown(self, question, value) -> str:
        """An answer as the student sees it: a choice's text, a number in the language."""
        lang = self.lang
        if question.kind == "choice":
            try:
                index = int(value)
            except (TypeError, ValueError, OverflowError):
                return repr(value)
            if 0 <= index < len(question.choices):
                return f"{index}: {plain_text(question.choices[index].get(lang))}"
            return repr(value)
        if question.kind == "number" and not isinstance(value, str):
            return number(value, lang)
        return repr(value) if isinstance(value, str) else str(value)

    def _question(self, i: int, step) -> None:
        w, e, q = self.words, self.engine, step.question
        self.questions += 1
        key = f"step[{i}].question.compute"
        expected = e.expected()
        prompt = plain_text(q.prompt.get(self.lang), 200)
        if expected is None:
            reason = e.expected_error or M("no answer")
            echo(f"    {w['Q']}: {prompt} -> ?")
            echo(f"    {w['cannot compute']}: {reason}")
            self.fault(key, M("cannot compute the answer with seed {seed}: {reason}",
                              seed=e.seed, reason=reason))
            return
        problem = answer_problem(q, expected) if q.compute is not None else None
        if problem:
            echo(f"    {w['Q']}: {prompt} -> {expected!r}")
            echo(f"    {w['cannot compute']}: {render_message(problem, self.lang)}")
            self.fault(key, M("with seed {seed}: {problem}", seed=e.seed, problem=problem))
            return
        scripted = self.script.for_step(step)
        answer = scripted.answer
        if answer is None:
            answer = expected if scripted.expect == "correct" else wrong_answer(q, expected)
        if answer is None:
            echo(f"    {w['Q']}: {prompt} -> ({w['no wrong']})")
            self.unexpected += 1
            self.outcomes += 1
            return
        feedback = e.answer(answer)
        outcome = "correct" if feedback.correct else "wrong"
        self.outcomes += 1
        if feedback.error:         # the lesson could not compute it after all
            self.fault(key, M("with seed {seed}: {problem}", seed=e.seed,
                              problem=feedback.error))
        if outcome == scripted.expect:
            mark = w["correct"] if feedback.correct else w["as scripted"]
        else:
            self.unexpected += 1
            mark = w["CORRECT"] if feedback.correct else w["WRONG"]
        echo(f"    {w['Q']}: {prompt} -> {self.shown(q, answer)} ({mark})")
        if scripted.expect != "correct" or not feedback.correct or self.script.mode != "right":
            if feedback.message is not None:
                echo(f"       {w['feedback']}: {feedback.message.get(self.lang)}")
            if not feedback.correct:
                echo(f"       {w['right answer']}: {self.shown(q, expected)}")

    def _exercise(self, step) -> None:
        w, e = self.words, self.engine
        self.exercises += 1
        scripted = self.script.for_step(step)
        source = scripted.source if scripted.source is not None else step.exercise.starter
        result = e.submit_exercise(source)
        self.outcomes += 1
        if scripted.program is not None:
            echo("    " + w["program"].format(name=scripted.program.name, passed=result.passed,
                                              total=result.total))
        else:
            echo("    " + w["starter"].format(passed=result.passed, total=result.total))
        if result.assembly_error is not None:
            echo(f"       {w['assembly']}: {result.assembly_error.format(self.lang)}")
        if result.problem is not None:
            echo(f"    {w['error']}: {result.problem.get(self.lang)}")
        failures = [c for c in step.exercise.checks if c.explain in result.failures]
        for check in failures:
            echo(f"       {w['fails']}: {check.expect_text} — "
                 f"{plain_text(check.explain.get(self.lang), 300)}")
        outcome = "pass" if result.ok else "fail"
        if outcome != scripted.expect:
            self.unexpected += 1
            echo(f"       {w['unexpected ' + outcome]}")


# ----------------------------------------------------------------------------- report / verify
# What an instructor reads (the lesson's texts are not shown: step ids are).
REPORT_WORDS = {
    "en": {
        "wrote": "wrote {path}: {lesson}, seed {seed}, {right} of {total} marked right; "
                 "check it with: vmlab lesson verify {path}",
        "nothing": "no progress saved for {lesson} in {folder}: the report has no answers",
        "changed": "WARNING: the lesson file changed since the report was written (its hash "
                   "differs): the answers are checked against the lesson as it is now",
        "unknown": "WARNING: steps in the report that the lesson does not have: {steps}",
        "head": "{lesson} — seed {seed}",
        "right": "right", "wrong": "wrong", "no answer": "no answer", "no program": "no program",
        "does not assemble": "does not assemble", "checks": "{passed}/{total} checks pass",
        "attempts": "attempts", "expected": "expected",
        "claims": "THE REPORT SAYS {mark}",
        "total": "Total: {right} of {total} right (recomputed from seed {seed}).",
        "ok": "The report verifies: its marks agree with the recomputation.",
        "tampered": "The report does NOT verify: {count} of its marks disagree with the "
                    "recomputation (marked above); the report was altered, or written for "
                    "another lesson file.",
        "faults": "The lesson could not be played as it should: {count} error(s), on stderr.",
    },
    "ca": {
        "wrote": "s’ha escrit {path}: {lesson}, llavor {seed}, {right} de {total} marcades "
                 "correctes; comproveu-ho amb: vmlab lesson verify {path}",
        "nothing": "no hi ha cap progrés desat de {lesson} a {folder}: l’informe no té "
                   "respostes",
        "changed": "AVÍS: el fitxer de la lliçó ha canviat des que es va escriure l’informe "
                   "(el resum no coincideix): les respostes es comproven amb la lliçó actual",
        "unknown": "AVÍS: passos de l’informe que la lliçó no té: {steps}",
        "head": "{lesson} — llavor {seed}",
        "right": "correcta", "wrong": "incorrecta", "no answer": "sense resposta",
        "no program": "sense programa", "does not assemble": "no s’assembla",
        "checks": "{passed} de {total} comprovacions superades", "attempts": "intents",
        "expected": "esperada",
        "claims": "L’INFORME DIU {mark}",
        "total": "Total: {right} de {total} correctes (recalculat amb la llavor {seed}).",
        "ok": "L’informe és vàlid: les seves marques coincideixen amb el recàlcul.",
        "tampered": "L’informe NO és vàlid: {count} de les seves marques no coincideixen amb "
                    "el recàlcul (marcades més amunt); l’informe s’ha alterat, o es va "
                    "escriure per a un altre fitxer de la lliçó.",
        "faults": "La lliçó no s’ha pogut reproduir com cal: {count} error(s), al canal "
                  "d’errors (stderr).",
    },
}


def _lesson_for(name: str):
    try:
        path = find_lesson(name)
        if file_kind(path) == "scenario":
            raise UserError(f"{path} is a scenario, not a lesson")
        return load_lesson(path)
    except LessonError as err:
        raise UserError(str(err)) from None


def report(args) -> int:
    """Write the student's progress in a lesson as a report an instructor can verify."""
    from ..lessons.progress import ProgressStore
    from ..lessons.report import build_report, write_report
    lesson = _lesson_for(args.lesson)
    words = REPORT_WORDS[args.lang]
    store = ProgressStore(Path(args.progress) if args.progress else None)
    if not store.path(lesson.id).exists():
        echo(words["nothing"].format(lesson=lesson.id, folder=store.folder), err=True)
    progress = store.load(lesson.id)
    for warning in store.warnings:
        echo(warning, err=True)
    output = args.output if args.output is not None else f"{lesson.id}-report.json"
    problem = check_name(output, "output file name") if output else "no file name was given"
    if problem:
        raise UserError(f"lesson report --output: {problem}")
    path = Path(output)
    data = build_report(lesson, progress, args.number_lang)
    try:
        if path.is_dir():
            raise UserError(f"lesson report: {path} is a folder; give a file name")
        if path.exists() and not args.force:
            raise UserError(f"lesson report: {path} already exists (use --force to overwrite)")
        write_report(data, path)
    except OSError as err:
        raise UserError(f"lesson report: cannot write {path}: {err.strerror or err}") from None
    right = sum(s["correct"] for s in data["steps"])
    echo(words["wrote"].format(path=path, lesson=lesson.id, seed=progress.seed, right=right,
                               total=len(data["steps"])))
    return 0


def verify(args) -> int:
    """Recompute every answer of a report from its seed; exit 1 when its marks disagree."""
    from ..lessons.report import ReportError, read_report
    from ..lessons.report import verify as recompute
    lang = args.lang
    words = REPORT_WORDS[lang]
    try:
        handed_in = read_report(args.report)
    except ReportError as err:
        for problem in err.problems:
            echo(problem, err=True)
        return EXIT_USAGE
    lesson = _lesson_for(args.lesson or handed_in.lesson)
    if lesson.id != handed_in.lesson:
        raise UserError(f"{args.report}: the report is for lesson {handed_in.lesson}, "
                        f"not {lesson.id}")
    try:
        result = recompute(handed_in, lesson)
    except LessonError as err:
        raise UserError(str(err)) from None
    echo(words["head"].format(lesson=lesson.id, seed=handed_in.seed))
    if result.lesson_changed:
        echo(words["changed"])
    if result.unknown:
        echo(words["unknown"].format(steps=", ".join(result.unknown)))
    for check in result.checks:
        mark = words["right"] if check.right else words["wrong"]
        if check.detail in ("no answer", "no program", "does not assemble"):
            detail = words[check.detail]
        elif check.kind == "exercise":
            passed, total = check.detail.split("/")
            detail = words["checks"].format(passed=passed, total=total)
        else:
            detail = f"{check.given!r}" if isinstance(check.given, str) else \
                number(check.given, lang)
            if not check.right and check.expected is not None:
                detail += f" ({words['expected']} {number(check.expected, lang)})"
        line = (f"  {check.step:<24} {mark:<11} {detail}; {words['attempts']} "
                f"{number(check.attempts, lang)}")
        if check.disagrees:
            claimed = words["right"] if check.claimed else words["wrong"]
            line += f"  <- {words['claims'].format(mark=claimed.upper())}"
        echo(line)
    right, total = result.score
    echo(words["total"].format(right=number(right, lang), total=number(total, lang),
                               seed=handed_in.seed))
    for error in result.errors:
        echo(f"{lesson.path}: {error}", err=True)
    if result.errors:
        echo(words["faults"].format(count=len(result.errors)))
        return EXIT_USAGE
    if result.disagreements:
        echo(words["tampered"].format(count=len(result.disagreements)))
        return EXIT_NOT_AS_EXPECTED
    echo(words["ok"])
    return 0
