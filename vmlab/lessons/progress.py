"""A student's progress per lesson: answers, attempts, completed steps, seed.

Stored as JSON in the user data directory, written atomically (a temporary
file renamed over the old one), so a crash never leaves half a file.  A
corrupted file is set aside (renamed *.corrupt-N) and reported; the lesson
then starts fresh instead of failing.  When progress cannot be saved (the
data folder is a file or read-only, the disk is full), `save_problem` says
why and the lesson goes on: the window shows it, nothing stops.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs

FORMAT = 1
SEED_FILE = "student.json"      # the student's seed, shared by every lesson
MAX_SEED = 1_000_000_000
LAST_FILE = "last-lesson.json"   # beside the lessons' files: which one was open last


def data_home() -> Path:
    """Where vmlab keeps per-user data (VMLAB_DATA_DIR overrides, for tests)."""
    override = os.environ.get("VMLAB_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home() / "AppData" / "Roaming")) / "vmlab"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "vmlab"
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "vmlab"


@dataclass
class Progress:
    lesson: str
    seed: int = field(default_factory=lambda: secrets.randbelow(100_000))
    current: int = 0
    completed: list[str] = field(default_factory=list)
    answers: dict = field(default_factory=dict)   # step id -> {"value", "correct", "attempts"}
    hints: dict = field(default_factory=dict)     # step id -> hints shown
    captured: dict = field(default_factory=dict)  # name -> value captured at a step (capture)
    sources: dict = field(default_factory=dict)   # step id -> the student's exercise program

    def to_json(self) -> dict:
        return {"format": FORMAT, "lesson": self.lesson, "seed": self.seed,
                "current": self.current, "completed": self.completed, "answers": self.answers,
                "hints": self.hints, "captured": self.captured, "sources": self.sources}

    @classmethod
    def from_json(cls, data: dict, lesson: str) -> "Progress":
        if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("lesson") != lesson:
            raise ValueError("not a vmlab progress file for this lesson")
        seed, current = data.get("seed"), data.get("current")
        completed, answers = data.get("completed"), data.get("answers")
        hints = data.get("hints", {})
        captured = data.get("captured", {})     # absent in files of older versions
        if not (isinstance(captured, dict) and all(
                isinstance(v, (int, float, str)) for v in captured.values())):
            raise ValueError("a field has the wrong type")
        sources = data.get("sources", {})       # absent in files of older versions
        if not (isinstance(sources, dict) and all(isinstance(v, str) for v in sources.values())):
            raise ValueError("a field has the wrong type")
        if not (_whole(seed) and _whole(current) and current >= 0
                and isinstance(completed, list) and all(isinstance(c, str) for c in completed)
                and isinstance(answers, dict) and all(_answer_record(a) for a in answers.values())
                and isinstance(hints, dict) and all(_whole(n) and n >= 0 for n in hints.values())):
            raise ValueError("a field has the wrong type")
        return cls(lesson, seed, current, completed, answers, hints, captured, sources)


def _whole(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _answer_record(record) -> bool:
    """{"attempts": n, "correct": bool, "value": number or text} (value and correct optional)."""
    return (isinstance(record, dict) and _whole(record.get("attempts")) and record["attempts"] >= 0
            and isinstance(record.get("correct", False), bool)
            and isinstance(record.get("value", 0), (int, float, str)))


class ProgressStore:
    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or data_home() / "progress"
        self.warnings: list[str] = []
        self.save_problem: str | None = None   # why the last save failed (None: it worked)

    def path(self, lesson_id: str) -> Path:
        return self.folder / f"{lesson_id}.json"

    def student_seed(self) -> int:
        """The student's seed, the same for every lesson they start (one set of numbers
        per student across the course): made at random the first time and kept in the
        progress folder; a fresh random one each time if the folder cannot be written."""
        path = self.folder / SEED_FILE
        try:
            data = json.loads(inputs.read_bounded(path, 4096, "progress file").decode("utf-8"))
            seed = data.get("seed") if isinstance(data, dict) else None
            if _whole(seed) and 0 <= seed < MAX_SEED:
                return seed
        except (inputs.ReadProblem, OSError, ValueError):
            pass
        seed = secrets.randbelow(100_000)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".student.", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "seed": seed}, out)
            os.replace(tmp, path)
        except OSError:
            pass
        return seed

    def load(self, lesson_id: str) -> Progress:
        path = self.path(lesson_id)
        try:
            raw = inputs.read_bounded(path, inputs.MAX_PROGRESS_BYTES, "progress file")
        except inputs.ReadProblem as err:
            if not os.path.lexists(path):
                # Nothing saved yet: a new lesson starts with the student's own seed.
                return Progress(lesson_id, seed=self.student_seed())
            if path.is_file() and not path.is_symlink() and os.access(path, os.R_OK):
                aside = self._set_aside(path)        # too large: damaged, kept for the curious
                self.warnings.append(f"{path}: the progress file was damaged ({err.reason}); "
                                     f"it was kept as {aside.name} and the lesson starts afresh")
            else:
                self.warnings.append(f"{err}; starting afresh")
            return Progress(lesson_id)
        try:   # garbage bytes are a UnicodeDecodeError, a ValueError too
            return Progress.from_json(json.loads(raw.decode("utf-8")), lesson_id)
        except (ValueError, TypeError, RecursionError) as err:
            aside = self._set_aside(path)
            self.warnings.append(f"{path}: the progress file was damaged ({err}); it was kept as "
                                 f"{aside.name} and the lesson starts afresh")
            return Progress(lesson_id)

    def _set_aside(self, path: Path) -> Path:
        n = 1
        while path.with_name(f"{path.name}.corrupt-{n}").exists():
            n += 1
        aside = path.with_name(f"{path.name}.corrupt-{n}")
        try:
            path.replace(aside)
        except OSError:
            pass
        return aside

    def save(self, progress: Progress) -> bool:
        """Atomic write: never a half-written progress file.

        False (and `save_problem` says why) when it cannot be written; the
        progress stays in memory and the lesson goes on.
        """
        path = self.path(progress.lesson)
        try:
            self._write(path, progress)
        except OSError as err:
            reason = err.strerror or str(err)
            if isinstance(err, IsADirectoryError) or path.is_dir():
                reason = "a folder is in the way of the progress file"
            self.save_problem = f"{path}: {reason}"
            return False
        self.save_problem = None
        return True

    def _write(self, path: Path, progress: Progress) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=self.folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(progress.to_json(), out, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def remember_open(self, lesson_id: str) -> None:
        """Which lesson the student has open, so the next start opens it again."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".last.", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump({"format": FORMAT, "lesson": lesson_id}, out)
            os.replace(tmp, self.folder / LAST_FILE)
        except OSError:
            pass             # only a convenience: the lesson's own progress says the rest

    def last_open(self) -> str | None:
        """The id of the lesson open when the student last used vmlab (None: unknown)."""
        try:
            raw = inputs.read_bounded(self.folder / LAST_FILE, 4096, "progress file")
            data = json.loads(raw.decode("utf-8"))
        except (inputs.ReadProblem, OSError, ValueError):
            return None
        lesson = data.get("lesson") if isinstance(data, dict) else None
        return lesson if isinstance(lesson, str) else None

    def completion(self, lesson) -> tuple[int, int]:
        """(steps completed, steps) for a lesson chooser, without warnings."""
        path = self.path(lesson.id)
        try:
            raw = inputs.read_bounded(path, inputs.MAX_PROGRESS_BYTES, "progress file")
            progress = Progress.from_json(json.loads(raw.decode("utf-8")), lesson.id)
        except (inputs.ReadProblem, OSError, ValueError, TypeError, RecursionError):
            return 0, len(lesson.steps)
        ids = {s.id for s in lesson.steps}
        return len(ids & set(progress.completed)), len(lesson.steps)
