"""The lesson engine: drives a Session through a lesson, checks answers.

Headless (no Qt): the GUI's lesson panel, the walkthrough tests and
`vmlab lesson` use the same engine.  Actions that run the simulation are
done in bounded chunks by an ActionRunner, so the window can keep
refreshing while a step's actions play.
"""

from __future__ import annotations

import math
import random
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field, fields, is_dataclass, replace
from fractions import Fraction
from pathlib import Path

from ..asm import AssemblyError, assemble
from ..inputs import InputError
from ..machine.cpu import BREAKPOINT
from ..scenario import GuestConfig, Scenario, program_scenario
from ..session import NEXT_TRAP, GuestCommand, Session
from ..vmm import techniques
from .capture import CAPTURE, capture
from .expr import ExprError, Node, evaluate
from .loader import (LIFECYCLE_ACTIONS, SNAPSHOT_ACTIONS, LessonError, LessonIssue,
                     build_scenario, lessons_dir, load_named_scenario)
from .metrics import metric_functions
from .model import Action, Exercise, Lesson, Question, Step, Text
from .numbers import format_hint, read_number
from .progress import Progress, ProgressStore

CHUNK_CYCLES = 100_000        # simulation per ActionRunner.advance() by default
CONSOLE_POLL_CYCLES = 500     # "run until console text" looks this often
SETTLE_CYCLES = 2_000_000     # a pause or power off waits at most this long for the VMM


@dataclass
class Feedback:
    correct: bool
    message: Text | None
    attempts: int
    expected: object = None   # what was expected (for instructors and tests)
    error: str | None = None  # why the answer could not be computed (a fault of the lesson)


@dataclass
class ExerciseResult:
    ok: bool
    assembly_errors: str = ""
    failures: list[Text] = field(default_factory=list)
    passed: int = 0
    total: int = 0
    console: str = ""
    stop: str = ""
    session: Session | None = None
    # The errors themselves, so the panel can show them in the student's
    # language (assembly_errors is their English text, kept for old callers).
    assembly_error: AssemblyError | None = None
    problem: Text | None = None   # the program assembles but cannot be run (too big, ...)


DEFAULT_CORRECT = Text("Correct!", "Correcte!")
NOT_A_NUMBER = Text(
    "That is not a number I can read. Write it as the panels show it, for example "
    f"{format_hint('en')} (a unit or a % sign after it is fine).",
    "Aquí no hi sé llegir cap nombre. Escriviu-lo com el mostren els taulers, per exemple "
    f"{format_hint('ca')} (podeu afegir-hi la unitat o el signe %).")
DEFAULT_WRONG = Text("Not quite. Look at the simulation again, or ask for a hint.",
                     "No ben bé. Torneu a mirar la simulació, o demaneu una pista.")


def cannot_compute(reason: str) -> Text:
    """What the student reads when the lesson's expression for the answer fails."""
    return Text(f"The lesson cannot compute the right answer here ({reason}). Your answer is "
                "not at fault: tell your teacher, and go on.",
                f"La lliçó no pot calcular aquí la resposta correcta ({reason}). La vostra "
                "resposta no hi té res a veure: digueu-ho al professor, i continueu.")


def cannot_play(what: str, reason: str) -> Text:
    """What the student reads when an action of the step fails at play time."""
    return Text(f"This step could not be played: {what} failed ({reason}). Tell your teacher; "
                "the simulation stays as it was.",
                f"Aquest pas no s'ha pogut reproduir: {what} no ha funcionat ({reason}). "
                "Digueu-ho al professor; la simulació es queda com estava.")


def draw_parameters(lesson: Lesson, seed: int) -> dict[str, int]:
    """This student's parameter values: the same seed always gives the same ones."""
    rng = random.Random(f"{lesson.id}:{seed}")
    return {p.name: rng.choice(p.values()) for p in lesson.parameters}


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
UI_ACTIONS = ("set-speed", "select-guest", "open-panel")   # requests to the window only


def fill_in(lesson: Lesson, params: dict[str, int]) -> Lesson:
    """The lesson with {name} in its texts replaced by this student's parameter values.

    Only declared parameters are replaced; any other text in braces stays as written.
    """
    if not params:
        return lesson

    def text(value):
        if isinstance(value, Text):
            return Text(*(_PLACEHOLDER.sub(lambda m: str(params[m.group(1)])
                                           if m.group(1) in params else m.group(0), t)
                          for t in (value.en, value.ca)))
        if isinstance(value, tuple):
            return tuple(text(item) for item in value)
        if is_dataclass(value) and not isinstance(value, type) and not isinstance(value, Node):
            changes = {f.name: text(getattr(value, f.name)) for f in fields(value)
                       if isinstance(getattr(value, f.name), (Text, tuple)) or (
                           is_dataclass(getattr(value, f.name))
                           and not isinstance(getattr(value, f.name), Node))}
            return replace(value, **changes) if changes else value
        return value

    return replace(lesson, title=text(lesson.title), summary=text(lesson.summary),
                   steps=tuple(text(step) for step in lesson.steps))


class LessonEngine:
    def __init__(self, lesson: Lesson, *, seed: int | None = None,
                 store: ProgressStore | None = None) -> None:
        self.lesson = lesson
        self.store = store
        self.progress = store.load(lesson.id) if store else Progress(lesson.id)
        if seed is not None and seed != self.progress.seed:
            self.progress = Progress(lesson.id, seed=seed)
        self.params = draw_parameters(lesson, self.progress.seed)
        self.lesson = lesson = fill_in(lesson, self.params)
        try:
            self.scenario = build_scenario(lesson.scenario_source, lesson.id, lesson.path,
                                           self.params, lesson.parameters)
            self.session = Session(self.scenario)
        except (InputError, ValueError) as err:    # changed since the lesson was checked
            shown = ", ".join(f"{k} = {v}" for k, v in self.params.items())
            raise LessonError([LessonIssue(
                str(lesson.path) if lesson.path else "<lesson>", 0, "scenario",
                f"the scenario cannot start{f' with {shown}' if shown else ''}: {err}")]) from None
        self.current_scenario = self.scenario   # what `reset` restarts (load-scenario changes it)
        self.ui_requests: list[tuple[str, object]] = []   # for the GUI: select-guest, ...
        self.session_listeners: list = []                 # called with the new session
        self.index = min(self.progress.current, len(lesson.steps) - 1)
        self.runner: ActionRunner | None = None
        self.lesson_session: Session | None = None   # kept while an exercise's run is shown
        self.expected_error: str | None = None       # why the last expected() gave None
        # How the student writes numbers (the interface language; None: either way).
        self._language: str | None = None
        # The snapshots the lesson's `snapshot` actions took: their sizes by (guest, name),
        # their files in a temporary folder of this engine's own (removed with it).
        self.snapshots: dict[tuple[str, str], dict] = {}
        self._snapshot_folder: Path | None = None

    def snapshot_path(self, guest: str, name: str) -> Path:
        """Where the snapshot `name` of `guest` is saved: the engine's own folder, never a
        path from the lesson (the loader allows only plain names)."""
        if self._snapshot_folder is None:
            folder = tempfile.mkdtemp(prefix="vmlab-lesson-snapshots-")
            weakref.finalize(self, shutil.rmtree, folder, True)
            self._snapshot_folder = Path(folder)
        return self._snapshot_folder / f"{guest}-{name}.vmsnap.json"

    # ------------------------------------------------------------------ languages
    @property
    def language(self) -> str | None:
        """The interface language: how the student writes numbers (None: either way).

        Setting a language ("en" or "ca") also sets kernel_language, so the
        guests print in the language the lesson is read in."""
        return self._language

    @language.setter
    def language(self, value: str | None) -> None:
        self._language = value
        if value is not None:
            self.kernel_language = value

    @property
    def kernel_language(self) -> str:
        """The language the lesson's programs are assembled in (their .lang blocks)."""
        return self.scenario.lang

    @kernel_language.setter
    def kernel_language(self, lang: str) -> None:
        """Assemble the lesson's programs in lang from now on: the session restarts in it
        if nothing has run yet, else at the next restart or scenario a step loads."""
        if lang == self.scenario.lang and lang == self.current_scenario.lang:
            return
        pristine = self.session.cycle == 0 and self.runner is None
        self.scenario = self.scenario.in_language(lang)
        self.current_scenario = self.current_scenario.in_language(lang)
        if pristine:
            self.replace_session(Session(self.current_scenario))

    # ------------------------------------------------------------------ navigation
    @property
    def seed(self) -> int:
        return self.progress.seed

    @property
    def step(self) -> Step:
        return self.lesson.steps[self.index]

    @property
    def at_end(self) -> bool:
        return self.index == len(self.lesson.steps) - 1

    def go(self, index: int) -> "ActionRunner":
        """Enter step `index` and start its actions (advance the runner to play them).

        Going on to the next step continues from the simulation as it is (finishing
        first whatever the previous step had not played yet).  Any other move - the
        first step shown after the engine starts (a student resuming), going back,
        jumping - rebuilds the simulation: the lesson's scenario from cycle 0, then the
        actions of every earlier step (the window requests of earlier steps left out),
        so each step always sees the state its text describes.  An exercise's run,
        shown while its step is on screen, gives way to the lesson's run again when
        the student leaves the step.
        """
        index = max(0, min(index, len(self.lesson.steps) - 1))
        if self.lesson_session is not None:    # leaving an exercise: the lesson's run is back
            self.replace_session(self.lesson_session)
            self.lesson_session = None
        previous = self.runner
        if previous is not None and index == self.index + 1:
            actions = previous.actions[previous.position:] + list(self.lesson.steps[index].actions)
            carried = previous.state
        else:
            actions = [Action("restart")] + [
                a for step in self.lesson.steps[:index] for a in step.actions
                if a.kind not in UI_ACTIONS] + list(self.lesson.steps[index].actions)
            carried = {}
        self.index = index
        self.progress.current = self.index
        self.runner = ActionRunner(self, actions)
        self.runner.state = dict(carried)
        if not self.step.question and not self.step.exercise:
            self._complete(self.step)
        self.save()
        return self.runner

    def next(self) -> "ActionRunner | None":
        if self.at_end:
            self._complete(self.step)
            self.save()
            return None
        if not self.step.question and not self.step.exercise:
            self._complete(self.step)
        return self.go(self.index + 1)

    def back(self) -> "ActionRunner | None":
        return self.go(self.index - 1) if self.index > 0 else None

    def replace_session(self, session: Session) -> None:
        self.session = session
        for listener in self.session_listeners:
            listener(session)

    def _complete(self, step: Step) -> None:
        if step.id not in self.progress.completed:
            self.progress.completed.append(step.id)

    def completed(self, step: Step) -> bool:
        return step.id in self.progress.completed

    def save(self) -> None:
        if self.store:
            self.store.save(self.progress)

    # ------------------------------------------------------------------ questions
    def functions(self, session: Session | None = None):
        return metric_functions(session or self.session, self.params, self.progress.captured,
                                self.snapshots)

    def expected(self, question: Question | None = None):
        """The right answer now: fixed, or computed from the simulation.

        None when the expression cannot be computed on the simulation as it is
        (say, a division by zero); `expected_error` then tells why.
        """
        question = question or self.step.question
        self.expected_error = None
        if question.compute is None:
            return question.answer
        try:
            return evaluate(question.compute, self.functions())
        except ExprError as err:
            self.expected_error = str(err)
            return None

    def answer(self, value) -> Feedback:
        """Check an answer.  A number is read as the interface language writes numbers
        (self.language: "en", "ca", or None for either), units and "%" ignored."""
        question = self.step.question
        if question is None:
            raise ValueError("this step has no question")
        record = self.progress.answers.setdefault(self.step.id, {"attempts": 0})
        record["attempts"] += 1
        expected = self.expected(question)
        correct = expected is not None and _matches(question, value, expected, self.language)
        record["value"] = value if isinstance(value, (int, float, str)) else str(value)
        record["correct"] = bool(correct) or record.get("correct", False)
        if correct:
            self._complete(self.step)
        self.save()
        if expected is None and self.expected_error:
            # The lesson's own expression failed: say so, instead of "not quite".
            return Feedback(False, cannot_compute(self.expected_error), record["attempts"],
                            None, self.expected_error)
        if (not correct and question.kind == "number"
                and read_number(value, self.language).problem is not None):
            # Not a wrong number but no number at all: say what the problem is.
            return Feedback(False, NOT_A_NUMBER, record["attempts"], expected)
        message = (question.correct or DEFAULT_CORRECT) if correct else \
            (question.wrong or DEFAULT_WRONG)
        return Feedback(bool(correct), message, record["attempts"], expected)

    def attempts(self) -> int:
        return self.progress.answers.get(self.step.id, {}).get("attempts", 0)

    def hint(self) -> Text | None:
        """The next hint of this step (the last one again once all were shown)."""
        hints = self.step.hints
        if not hints:
            return None
        shown = self.progress.hints.get(self.step.id, 0)
        self.progress.hints[self.step.id] = min(shown + 1, len(hints))
        self.save()
        return hints[min(shown, len(hints) - 1)]

    # ------------------------------------------------------------------ exercises
    def submit_exercise(self, source: str) -> ExerciseResult:
        """Assemble the student's program, run it, evaluate the checks."""
        exercise: Exercise = self.step.exercise
        if exercise is None:
            raise ValueError("this step has no exercise")
        try:
            program = assemble(source, exercise.program.name)
        except AssemblyError as err:
            return ExerciseResult(False, assembly_errors=str(err), total=len(exercise.checks),
                                  assembly_error=err)
        native = techniques.get(exercise.technique).native
        guest = GuestConfig(exercise.guest, exercise.program, program,
                            65_536 if native else 16_384, 1, exercise.input)
        scenario = Scenario(f"{self.lesson.id}-exercise", exercise.program,
                            {"en": exercise.program.name, "ca": exercise.program.name},
                            exercise.technique, [guest], max_cycles=exercise.max_cycles)
        try:
            session = Session(scenario)
        except (InputError, ValueError) as err:   # e.g. a program larger than its memory
            return ExerciseResult(False, total=len(exercise.checks), problem=Text(
                f"The program assembles but cannot be run: {err}",
                f"El programa s'assembla però no es pot executar: {err}"))
        stop = session.run(exercise.max_cycles)
        functions = metric_functions(session, self.params)
        failures, passed = [], 0
        for check in exercise.checks:
            try:
                ok = bool(evaluate(check.expect, functions))
            except ExprError:
                ok = False
            if ok:
                passed += 1
            else:
                failures.append(check.explain)
        ok = passed == len(exercise.checks)
        if ok:
            self._complete(self.step)
        record = self.progress.answers.setdefault(self.step.id, {"attempts": 0})
        record["attempts"] += 1
        record["correct"] = ok or record.get("correct", False)
        self.save()
        if self.lesson_session is None:
            self.lesson_session = self.session
        self.replace_session(session)          # the window shows the student's program run
        return ExerciseResult(ok, failures=failures, passed=passed, total=len(exercise.checks),
                              console=session.guest(exercise.guest).console, stop=stop,
                              session=session)


def _normal_text(value) -> str:
    return re.sub(r"\s+", " ", str(value).strip()).casefold()


def parse_number(value, language: str | None = None) -> float | None:
    """A number typed by a student, read as the interface language writes numbers
    (lessons/numbers.py): 12, -3, 1.5, 78,9 %, 13,244 cycles, 0x1F, 12 000.

    None for anything else, infinities and NaN included ("inf", "nan", 1e999).
    """
    return read_number(value, language).value


def _matches(question: Question, value, expected, language: str | None = None) -> bool:
    if question.kind == "choice":
        try:
            return int(value) == int(expected)
        except (TypeError, ValueError, OverflowError):
            return False
    if question.kind == "number":
        if isinstance(expected, (str, bool)) or expected is None:
            return False
        # Exact arithmetic: a huge whole answer mixed with decimals never overflows.
        exact = Fraction(expected)
        allowed = max(Fraction(question.tolerance),
                      abs(exact) * Fraction(question.tolerance_percent) / 100)
        return any(abs(Fraction(got) - exact) <= allowed
                   for got in read_number(value, language).values)
    accepted = {_normal_text(expected)} | {_normal_text(a) for a in question.accept}
    return _normal_text(value) in accepted


class ActionRunner:
    """Plays a step's actions, a bounded amount of simulation per call."""

    def __init__(self, engine: LessonEngine, actions) -> None:
        self.engine = engine
        self.actions = list(actions)
        self.position = 0
        self.state: dict = {}     # progress of the action in course
        self.notes: list[str] = []  # e.g. "the target was never reached"
        self.errors: list[Text] = []  # an action that failed (the rest of the step is skipped)

    @property
    def done(self) -> bool:
        return self.position >= len(self.actions)

    def run_all(self) -> None:
        while not self.advance():
            pass

    def advance(self, budget: int = CHUNK_CYCLES) -> bool:
        """Do at most `budget` cycles of simulation; True when every action is done."""
        while not self.done:
            action = self.actions[self.position]
            try:
                finished = self._do(action.kind, action.args, budget)
            except (InputError, ValueError, LookupError) as err:
                # A scenario or program that fails only now (changed since the check, or
                # a scenario the student opened has other guests): tell, never a traceback.
                self.errors.append(cannot_play(_describe(action), _reason(err)))
                self.position = len(self.actions)
                self.state = {}
                return True
            if not finished:
                return False
            self.position += 1
            self.state = {}
        return True

    def _session(self) -> Session:
        return self.engine.session

    def _do(self, kind: str, args: dict, budget: int) -> bool:
        e = self.engine
        s = self._session()
        if kind == "restart":    # internal: back to the lesson's own scenario (see go)
            e.current_scenario = e.scenario
            e.snapshots.clear()  # the actions played again take them again
            e.replace_session(Session(e.scenario))
        elif kind == "reset":
            e.replace_session(Session(e.current_scenario))
        elif kind == "load-scenario":
            e.current_scenario = _load_named(args["scenario"], e.lesson).in_language(
                e.kernel_language)
            e.replace_session(Session(e.current_scenario))
        elif kind == "load-program":
            e.current_scenario = program_scenario(args["program_path"], lang=e.kernel_language)
            e.replace_session(Session(e.current_scenario))
        elif kind == "run":
            return self._run_cycles(args["cycles"], budget)
        elif kind == "run-until":
            return self._run_until(args, budget)
        elif kind == "step-cycle":
            for _ in range(args.get("count", 1)):
                s.step_cycle()
        elif kind == "step-instruction":
            for _ in range(args.get("count", 1)):
                s.step_instruction()
        elif kind == "breakpoint":
            s.set_breakpoint(args["guest"], args["label"])
        elif kind == "input":
            s.feed_input(args["guest"], args["text"])
        elif kind in LIFECYCLE_ACTIONS:     # pause, resume, power-off, power-on a guest
            if not self.state.get("given"):
                s.command_guest(args["guest"], kind)
                self.state["given"] = True
            return self._settled(args["guest"], budget)
        elif kind in SNAPSHOT_ACTIONS:
            return self._snapshot(kind, args, budget)
        elif kind == CAPTURE:    # values a step names for later steps' expressions
            self.notes.extend(capture(e, args))
        else:   # set-speed, select-guest, open-panel: for the window
            e.ui_requests.append((kind, next(iter(args.values()))))
        return True

    def _settled(self, guest: str, budget: int) -> bool:
        """A command that waits for the VMM's next decision (a pause or power off of the
        guest on the CPU) is done: the step plays on until then, cycle by cycle, so the
        simulation stops the moment the guest is paused (or powered off)."""
        s = self._session()
        limit = self.state.setdefault("limit", s.cycle + SETTLE_CYCLES)
        s.run_until(lambda x: x.guest(guest).pending is None or bool(x.halted),
                    max_cycles=max(0, min(budget, limit - s.cycle)))
        if s.guest(guest).pending is None:
            return True
        return self._finished_or_limit(limit, False, f"{s.guest(guest).pending} of {guest}")

    def _snapshot(self, kind: str, args: dict, budget: int) -> bool:
        """`snapshot`: the guest paused (first, if it can run), then saved in the engine's
        folder, its sizes kept for the metrics; it stays paused.  `restore`: the guest
        paused if it can run, then back to the snapshot, and resumed."""
        e, s, guest = self.engine, self._session(), args["guest"]
        if not self.state.get("paused"):
            if s.guest(guest).pending is None and GuestCommand.PAUSE in s.guest_commands(guest):
                s.pause_guest(guest)
            if not self._settled(guest, budget):
                return False
            self.state["paused"] = True
        path = e.snapshot_path(guest, args["name"])
        if kind == "snapshot":
            base = e.snapshot_path(guest, args["base"]) if args.get("base") else None
            e.snapshots[(guest, args["name"])] = s.snapshot_guest(guest, path, base=base)
        else:
            s.restore_guest(guest, path)
        return True

    def _run_cycles(self, cycles: int, budget: int) -> bool:
        s = self._session()
        target = self.state.setdefault("target", s.cycle + cycles)
        reason = s.run(until_cycle=min(target, s.cycle + budget))
        return s.cycle >= target or reason not in ("cycle-limit", BREAKPOINT)

    def _run_until(self, args: dict, budget: int) -> bool:
        s = self._session()
        limit = self.state.setdefault("limit", s.cycle + args.get("max_cycles", 2_000_000))
        chunk_end = min(limit, s.cycle + budget)
        if "cycle" in args:
            target = args["cycle"]
            if s.cycle < target:
                s.run(until_cycle=min(target, chunk_end))
            return s.cycle >= target or bool(s.halted) or s.cycle >= limit
        if "halt" in args:
            who = args["halt"]
            if who is True:
                s.run(until_cycle=chunk_end)
                return self._finished_or_limit(limit, bool(s.halted), "halt")
            # One guest stops (halted, stalled, crashed) while the others may run on.
            # A guest stops only through a VM exit: after each of its exits, let the
            # VMM finish handling it, then look.
            while s.cycle < chunk_end and not s.halted and not _stopped(s, who):
                reason = s.run_to_next_trap(max_cycles=chunk_end - s.cycle)
                current = s.exit_in_progress() if reason == NEXT_TRAP else None
                if current is not None and current.guest == who:
                    s.step_instruction()
            return self._finished_or_limit(limit, _stopped(s, who), f"halt of {who}")
        if "trap" in args or "vm_exit" in args:
            want = args.get("trap", args.get("vm_exit"))
            want = want if isinstance(want, dict) else {}
            while s.cycle < chunk_end and not s.halted:
                reason = s.run_to_next_trap(max_cycles=chunk_end - s.cycle)
                if reason == NEXT_TRAP:
                    event = _last_trap(s)
                    if ((want.get("cause") is None or event.cause == str(want["cause"]).upper())
                            and (want.get("guest") is None or event.guest == want["guest"])):
                        return True
            return self._finished_or_limit(limit, False, "trap")
        if "label" in args:
            guest, label = args["label"]["guest"], args["label"]["label"]
            address = s.resolve_location(guest, label)
            added = address not in s.breakpoints[guest]
            if added:
                s.set_breakpoint(guest, address)
            try:
                while s.cycle < chunk_end and not s.halted:
                    reason = s.run(until_cycle=chunk_end)
                    if reason == BREAKPOINT and s.running_guest == guest and \
                            _at_address(s, guest, address):
                        return True
            finally:
                if added:
                    s.set_breakpoint(guest, address, on=False)
            return self._finished_or_limit(limit, False, "label")
        if "console" in args:
            guest, text = args["console"]["guest"], args["console"]["text"]
            if isinstance(text, dict):      # { en = ..., ca = ... }: as the kernels print
                text = text[self.engine.kernel_language]
            while s.cycle < chunk_end and not s.halted:
                if text in s.guest(guest).console:
                    return True
                s.run(until_cycle=min(chunk_end, s.cycle + CONSOLE_POLL_CYCLES))
            if text in s.guest(guest).console:
                return True
            return self._finished_or_limit(limit, False, "console")
        return True

    def _finished_or_limit(self, limit: int, reached: bool, what: str) -> bool:
        s = self._session()
        if reached:
            return True
        if s.halted or s.cycle >= limit:
            self.notes.append(f"run-until {what}: not reached (stopped at cycle {s.cycle}, "
                              f"{s.halted or 'cycle limit'})")
            return True
        return False


def _describe(action: Action) -> str:
    """An action for a message: load-scenario (scenario = 'garbage')."""
    shown = " ".join(f"{key} = {value!r}" for key, value in action.args.items()
                     if key != "program_path")
    return f"{action.kind} ({shown})" if shown else action.kind


def _at_address(session: Session, guest: str, address: int) -> bool:
    view = session.guest(guest)
    pc_load = view.pc if view.kernel_mode else view.sr["BASE"] + view.pc
    return pc_load == address


def _last_trap(session: Session):
    """The trap (native) or VM exit just taken (an exit as it stands while handled)."""
    return session.last_trap_event()


def _stopped(session: Session, guest: str) -> bool:
    return session.guest(guest).state in ("halt", "halted", "stalled", "crashed")


def _load_named(name: str, lesson: Lesson) -> Scenario:
    return load_named_scenario(name, lesson.folder)


def default_lesson_path() -> Path | None:
    """The lesson the window opens first: the first of the course."""
    from .loader import shipped_lessons
    lessons = shipped_lessons()
    return lessons[0].path if lessons else lessons_dir() / "missing.toml"


def _reason(err: Exception):
    """An error as a message that renders in the lesson's language when it can (an input
    error, a lifecycle refusal built from a bilingual message), else its English text."""
    if callable(getattr(err, "render", None)):
        return err
    if err.args and callable(getattr(err.args[0], "render", None)):
        return err.args[0]
    return str(err)
