"""Render the window and each main view to PNG files, offscreen (`vmlab screenshot`).

The pictures are deterministic: the same seed, language and version of vmlab
always give the same PNG files, byte for byte.  Each picture shows a moment of
a shipped lesson, reached the way a student reaches it: the lesson is opened
in the lesson panel with a fixed seed, and *Next* is pressed until the step,
so the step's own actions play through the lesson engine and the state shown
is exactly the one the step's text describes (nothing runs or is replaced
under the lesson afterwards).  Every moment gets a window of its own, with
fresh settings and lesson progress, so a picture does not depend on which
others were taken before it.

The pictures go to the folder given with --out (DEFAULT_FOLDER in the current
folder by default); the documentation's own pictures are regenerated only
when asked for with `--out docs/screenshots`.

With a lesson (`--lesson FILE|ID --step N`), an author sees one step of their
own lesson as a student will: the lesson is opened the same way, each earlier
question is answered correctly (through the engine, as the panel's Check
does) and *Next* pressed, and the window (by default; --only may ask for the
presenter picture or a panel too) is saved as LESSON-stepN-NAME.png, LESSON
being the lesson file's name without .toml.
"""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DEFAULT_FOLDER = "vmlab-screenshots"   # under the current folder, never docs/ by default
DEFAULT_SEED = 1                       # the same default as `vmlab lesson play`
MAX_SEED = 10**9                       # the largest seed the lesson panel accepts
PLAY_TIMEOUT_S = 300                   # a step still playing after this is an error


@dataclass(frozen=True)
class Moment:
    """A step of a lesson, reached from the lesson's start by pressing Next."""

    lesson: str      # the shipped lesson's file name without .toml, or a lesson file
    step: str        # the step's id
    answer: bool = False   # earlier questions answered correctly before each Next


MOMENTS = {
    # Lesson 3, step 1: "The simulation stopped at Beta's first VM exit."
    "first-exit": Moment("03-trap-and-emulate", "deprivileged"),
    # Lesson 3, step 4: Beta's job primes has just called SYSCALL 10 (a VM exit).
    "syscall": Moment("03-trap-and-emulate", "reflect"),
    # Lesson 3, step 6: both guests have finished; the lesson counts the exits.
    "finished": Moment("03-trap-and-emulate", "count"),
    # Lesson 1, step 4: Alpha on the bare machine, at its first timer interrupt.
    "native": Moment("01-processes", "time-sharing"),
}


# The two sizes the window's layout is designed (and checked) for.
WINDOW = (1920, 1080)            # a full-HD screen or projector
PROJECTOR = (1280, 720)          # the commonest classroom projector
PANEL = (900, 600)               # a panel alone (its dock made floating)


@dataclass(frozen=True)
class Picture:
    name: str                    # NAME.png (NAME.LANG.png in another language than English)
    moment: str                  # a key of MOMENTS
    panel: str | None = None     # a panel id; None: the whole window
    presenter: bool = False      # the window in presenter mode
    size: tuple[int, int] = WINDOW   # the window's size


# In the order they are taken (windows first, then their panels).
PICTURES = (
    Picture("window", "first-exit"),
    Picture("lesson", "first-exit", "lesson"),
    Picture("layers", "first-exit", "layers"),
    Picture("code", "first-exit", "code"),
    Picture("registers", "first-exit", "registers"),
    Picture("traps", "first-exit", "traps"),
    Picture("memory", "first-exit", "memory"),
    Picture("comparison", "first-exit", "comparison"),
    Picture("consoles", "syscall", "consoles"),
    Picture("timeline", "syscall", "timeline"),
    Picture("statistics", "finished", "statistics"),
    Picture("presenter", "first-exit", presenter=True, size=PROJECTOR),
    Picture("native", "native"),
)
NAMES = tuple(p.name for p in PICTURES)
LESSON_MOMENT = "lesson"          # the moment of --lesson/--step in pictures_for_lesson()
LESSON_NAMES = tuple(p.name for p in PICTURES if p.moment != "native")   # with --lesson
LESSON_DEFAULT = ("window",)      # with --lesson and no --only


class ScreenshotError(Exception):
    """The pictures cannot be written: str() names the folder or file and why."""


def prepare_folder(folder: str | Path) -> Path:
    """Create the output folder if needed; ScreenshotError if it is not, or cannot be, one."""
    from ..inputs import check_name
    text = os.fspath(folder)
    problem = check_name(text, "folder name") if text.strip() else "no folder name was given"
    if problem:
        raise ScreenshotError(f"screenshot --out: {problem}")
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise ScreenshotError(f"{out} is not a folder; give a folder for the pictures")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ScreenshotError(f"cannot create the folder {out}: "
                              f"{err.strerror or err}") from None
    if not os.access(out, os.W_OK):
        raise ScreenshotError(f"cannot write in the folder {out}: permission denied")
    return out


def check_names(names) -> tuple[str, ...]:
    """The pictures asked for (all of them for None), in the order they are taken."""
    if names is None:
        return NAMES
    wanted = {name.strip() for name in names if name.strip()}
    unknown = sorted(wanted - set(NAMES))
    if unknown or not wanted:
        from ..inputs import shorten
        problem = (f"no such picture {shorten(', '.join(unknown))}" if unknown
                   else "no picture named")
        raise ScreenshotError(f"screenshot --only: {problem}; the pictures are "
                              f"{', '.join(NAMES)}")
    return tuple(name for name in NAMES if name in wanted)


@dataclass(frozen=True)
class LessonStep:
    """--lesson and --step, checked: the lesson file and the step to show."""

    path: Path       # the lesson file (a shipped one when given by id)
    number: int      # 1-based, as the window's "Step N of M"
    step_id: str
    count: int       # how many steps the lesson has

    @property
    def prefix(self) -> str:
        """The pictures' names begin with this: the lesson and the step."""
        return f"{self.path.stem}-step{self.number}"


def check_lesson_step(name: str, number: int | None) -> LessonStep:
    """The lesson (a file, or a shipped lesson's id or file name) and its step N (1-based).

    ScreenshotError with the loader's own messages (file:line, key) for a lesson
    that cannot be read, or naming the lesson and its number of steps for a step
    that is not one of them.
    """
    from ..lessons import LessonError, load_lesson
    from ..lessons.loader import find_lesson
    try:
        path = find_lesson(name)
        lesson = load_lesson(path)
    except LessonError as err:
        raise ScreenshotError("\n".join(str(issue) for issue in err.issues)) from None
    count = len(lesson.steps)
    number = 1 if number is None else number
    if not 1 <= number <= count:
        raise ScreenshotError(
            f"screenshot --step: lesson {lesson.id!r} ({path}) has {count} step"
            f"{'' if count == 1 else 's'}, numbered 1 to {count} as the window shows "
            f"them ('Step 1 of {count}'); there is no step {number}")
    return LessonStep(path, number, lesson.steps[number - 1].id, count)


def check_lesson_names(names) -> tuple[str, ...]:
    """The pictures asked for with --lesson (the window alone for None)."""
    if names is None:
        return LESSON_DEFAULT
    names = check_names(names)
    other = [name for name in names if name not in LESSON_NAMES]
    if other:
        raise ScreenshotError(
            f"screenshot --only: {', '.join(other)} is not a picture of a lesson step "
            f"(it shows a shipped scenario of its own); with --lesson the pictures are "
            f"{', '.join(LESSON_NAMES)}")
    return names


def check_seed(seed: int) -> int:
    if not 0 <= seed <= MAX_SEED:
        raise ScreenshotError(f"screenshot --seed: expected a whole number from 0 to "
                              f"{MAX_SEED:,}, not {seed}")
    return seed


@contextmanager
def _private_data():
    """Lesson progress and settings in a folder of their own, removed afterwards."""
    previous = os.environ.get("VMLAB_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="vmlab-screenshot-") as tmp:
        os.environ["VMLAB_DATA_DIR"] = tmp     # never the user's lesson progress
        try:
            yield Path(tmp)
        finally:
            if previous is None:
                os.environ.pop("VMLAB_DATA_DIR", None)
            else:
                os.environ["VMLAB_DATA_DIR"] = previous


def _settle(app, window) -> None:
    """Let every deferred layout and refresh happen before a picture.

    Work a visible panel does in the background, in slices of wall-clock time (the
    comparison's runs), is waited for to the end: how far it got would depend on
    the machine's speed.
    """
    window.controller.changed.emit()
    for _ in range(5):
        app.processEvents()
    deadline = time.monotonic() + PLAY_TIMEOUT_S
    while any(getattr(panel, "running", False) is True and panel.isVisible()
              for panel in window.panels.values()):
        if time.monotonic() > deadline:
            raise ScreenshotError(f"a panel was still working after {PLAY_TIMEOUT_S} s")
        app.processEvents()
        time.sleep(0.002)
    for _ in range(5):
        app.processEvents()


def _wait_playing(app, panel, what: str) -> None:
    deadline = time.monotonic() + PLAY_TIMEOUT_S
    while panel.playing:
        if time.monotonic() > deadline:
            raise ScreenshotError(f"{what} was still playing after {PLAY_TIMEOUT_S} s")
        app.processEvents()
        time.sleep(0.002)


def _open_at(app, window, moment: Moment, seed: int) -> None:
    """Open the moment's lesson in the lesson panel and press Next up to its step."""
    from ..lessons import LessonError
    from ..lessons.loader import find_lesson
    panel = window.panels["lesson"]
    try:
        path = find_lesson(moment.lesson)
    except LessonError as err:
        raise ScreenshotError(f"lesson {moment.lesson}: {err}") from None
    if not panel.open_lesson(path, seed):
        raise ScreenshotError(f"lesson {moment.lesson} cannot be opened: "
                              + "; ".join(panel.errors))
    what = f"lesson {moment.lesson}"
    _wait_playing(app, panel, what)
    steps = [step.id for step in panel.engine.lesson.steps]
    if moment.step not in steps:
        raise ScreenshotError(f"lesson {moment.lesson} has no step {moment.step!r}")
    while panel.engine.step.id != moment.step:
        if moment.answer:
            _answer_correctly(panel)
        panel.next()
        _wait_playing(app, panel, f"{what}, step {panel.engine.step.id}")
    if panel.runner is not None and panel.runner.errors:
        raise ScreenshotError(f"{what}, step {moment.step}: "
                              + "; ".join(e.en for e in panel.runner.errors))


def _answer_correctly(panel) -> None:
    """The step's question answered right, as a student's correct Check records it.

    The engine is asked for the right answer as the panel's Check asks it (only
    the progress changes: the simulation is the same whatever is answered).  A
    question whose answer cannot be computed is left unanswered, as a student
    would have to.
    """
    engine = panel.engine
    if engine.step.question is None:
        return
    expected = engine.expected()
    if expected is None:
        return
    engine.answer(expected)          # a number given as a number: no separators to read


def open_window(app, moment: "str | Moment", lang: str = "en", seed: int = DEFAULT_SEED, *,
                settings: Path, size: tuple[int, int] = WINDOW, presenter: bool = False):
    """A new window, its settings in the folder `settings`, shown at a moment of MOMENTS
    (or at a Moment given).

    Lesson progress goes wherever VMLAB_DATA_DIR says (take() gives each window a
    fresh folder).  Close the window (presenter mode off first) when done.
    """
    from PySide6.QtCore import QSettings

    from ..scenario import load_scenario
    from ..session import Session
    from . import i18n
    from .controller import SessionController
    from .main_window import MainWindow
    from .preferences import Preferences
    i18n.set_language(lang)
    prefs = Preferences(QSettings(str(settings / "vmlab.ini"), QSettings.Format.IniFormat))
    # The lesson replaces this session with its own at once, as when the app opens it.
    window = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
    window.resize(*size)
    window.show()
    if presenter:       # as a teacher has it: in presenter mode before the lesson plays
        window.set_presenter(True)
    _settle(app, window)
    _open_at(app, window, MOMENTS[moment] if isinstance(moment, str) else moment, seed)
    _settle(app, window)
    return window


def take(out: Path, lang: str = "en", seed: int = DEFAULT_SEED,
         names=None, lesson: LessonStep | None = None) -> list[Path]:
    """Write the pictures (all, or those named); returns their paths.

    With `lesson` (check_lesson_step()), the pictures are of that lesson's step:
    the window alone unless `names` says otherwise, named LESSON-stepN-NAME.png.
    ScreenshotError if a picture cannot be written or a lesson moment cannot be reached.
    """
    names = check_names(names) if lesson is None else check_lesson_names(names)
    seed = check_seed(seed)
    moments: dict[str, Moment] = dict(MOMENTS)
    pictures_wanted = PICTURES
    prefix = ""
    if lesson is not None:
        moments = {LESSON_MOMENT: Moment(str(lesson.path), lesson.step_id, answer=True)}
        pictures_wanted = tuple(Picture(p.name, LESSON_MOMENT, p.panel, p.presenter, p.size)
                                for p in PICTURES if p.name in LESSON_NAMES)
        prefix = f"{lesson.prefix}-"
    out = prepare_folder(out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from . import i18n
    from .launch import create_application
    app = create_application()
    written: list[Path] = []
    suffix = "" if lang == "en" else f".{lang}"
    previous_language = i18n.current_language()
    previous_flash = app.cursorFlashTime()
    app.setCursorFlashTime(0)        # a text cursor never blinks into or out of a picture

    def save(widget, name: str) -> None:
        path = out / f"{prefix}{name}{suffix}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise ScreenshotError(f"cannot write {path} (is the disk full or the folder "
                                  "read-only?)")
        written.append(path)

    # One window per moment (and per mode): its whole-window picture, then its panels.
    groups: dict[tuple, list[Picture]] = {}
    for picture in pictures_wanted:
        if picture.name in names:
            key = (picture.moment, picture.presenter) if picture.panel else \
                (picture.moment, picture.presenter, picture.name)
            groups.setdefault(key, []).append(picture)
    try:
        for pictures in groups.values():
            with _private_data() as folder:
                first = pictures[0]
                window = open_window(app, moments[first.moment], lang, seed, settings=folder,
                                     size=first.size, presenter=first.presenter)
                try:
                    for picture in pictures:
                        if picture.panel is None:
                            save(window, picture.name)
                        else:
                            _save_panel(app, window, picture, save)
                finally:
                    if window.presenter:
                        window.set_presenter(False)
                    window.close()
                    window.deleteLater()
                    app.processEvents()
    finally:
        app.setCursorFlashTime(previous_flash)
        i18n.set_language(previous_language)
    return written


def _save_panel(app, window, picture: Picture, save) -> None:
    """A panel alone, without the lesson's orange frame: its dock floating, at PANEL size."""
    window.highlight.hide()
    panel = window.panels[picture.panel]
    dock = window.docks.get(picture.panel)
    if dock is None:            # the layer diagram, the window's centre
        _settle(app, window)
        save(panel, picture.name)
        return
    dock.setFloating(True)
    dock.resize(*PANEL)
    dock.show()
    dock.raise_()
    _settle(app, window)
    save(panel, picture.name)
    dock.setFloating(False)
    _settle(app, window)
