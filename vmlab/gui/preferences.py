"""Preferences remembered between runs (QSettings): layout, mode, language, speed.

The settings file is input like any other: every value read is checked, and
anything unknown or of the wrong type gives the default (no crash, no odd
state).  A settings file that is not a regular file or is larger than
inputs.MAX_SETTINGS_BYTES is not read at all: the defaults are used, kept in
memory, and the file is left as it was (`problem` says why).
"""

from __future__ import annotations

import math
import os
import stat

from PySide6.QtCore import QByteArray, QSettings

from ..inputs import MAX_SETTINGS_BYTES
from .controller import CLASSROOM_SPEED, valid_speed

ORGANIZATION = "vmlab"
APPLICATION = "vmlab"
LANGUAGES = ("en", "ca")          # as gui.i18n.LANGUAGES (not imported: it needs an app)
MAX_TEXT_CHARS = 200              # a scenario name or language as stored


class MemorySettings:
    """What Preferences needs of QSettings, in memory: used when the file cannot be trusted."""

    def __init__(self) -> None:
        self._values: dict = {}

    def value(self, key: str, default=None):
        return self._values.get(key, default)

    def setValue(self, key: str, value) -> None:   # noqa: N802 - QSettings' name
        self._values[key] = value

    def sync(self) -> None:
        pass


def settings_problem(path: str) -> str | None:
    """Why the settings file at path must not be read (None: read it, or it does not exist)."""
    try:
        info = os.stat(path)
    except OSError:
        return None                         # absent, or unreachable: QSettings gives defaults
    if not stat.S_ISREG(info.st_mode):
        return f"{path}: is not a regular file"
    if info.st_size > MAX_SETTINGS_BYTES:
        return (f"{path}: is larger than {MAX_SETTINGS_BYTES:,} bytes, the most a settings file "
                "may be")
    return None


def user_settings_path() -> str:
    """Where QSettings keeps the user's vmlab.ini, found without reading it."""
    probe = QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION,
                      f"{APPLICATION}-location-probe")
    return os.path.join(os.path.dirname(probe.fileName()), f"{APPLICATION}.ini")


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.problem: str | None = None
        if settings is None:
            self.problem = settings_problem(user_settings_path())
            settings = MemorySettings() if self.problem else QSettings(
                QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)
        self.settings = settings

    def _get(self, key: str, default, kind=str):
        try:
            value = self.settings.value(key, default)
        except Exception:  # noqa: BLE001 - a value Qt cannot even convert: the default
            return default
        if kind is bool:
            return value in (True, "true", "1", 1) if isinstance(value, (bool, str, int)) \
                else default
        if kind is int:
            if isinstance(value, float) and not math.isfinite(value):
                return default
            if isinstance(value, str) and len(value) > 20:
                return default
        if kind is str and not isinstance(value, str):
            return default
        try:
            return kind(value)
        except (TypeError, ValueError, OverflowError):
            return default

    # window layout
    def geometry(self) -> QByteArray | None:
        value = self._get("window/geometry", None, lambda v: v)
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self.settings.setValue("window/geometry", data)

    def dock_state(self) -> QByteArray | None:
        value = self._get("window/state", None, lambda v: v)
        return value if isinstance(value, QByteArray) else None

    def set_dock_state(self, data: QByteArray) -> None:
        self.settings.setValue("window/state", data)

    def dock_state_before_lesson(self) -> QByteArray | None:
        """The layout to give back when lesson mode ends (None: the default one)."""
        value = self._get("window/state_before_lesson", None, lambda v: v)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_dock_state_before_lesson(self, data: QByteArray | None) -> None:
        self.settings.setValue("window/state_before_lesson",
                               data if data is not None else QByteArray())

    # modes and choices
    @property
    def presenter(self) -> bool:
        return self._get("view/presenter", False, bool)

    @presenter.setter
    def presenter(self, on: bool) -> None:
        self.settings.setValue("view/presenter", bool(on))

    @property
    def lesson_mode(self) -> bool:
        """The lesson layout for working alone (View → Lesson layout)."""
        return self._get("view/lesson_mode", False, bool)

    @lesson_mode.setter
    def lesson_mode(self, on: bool) -> None:
        self.settings.setValue("view/lesson_mode", bool(on))

    @property
    def number_base(self) -> str:
        value = self._get("view/number_base", "hex")
        return value if value in ("hex", "dec") else "hex"

    @number_base.setter
    def number_base(self, base: str) -> None:
        self.settings.setValue("view/number_base", base)

    @property
    def speed(self) -> int:
        """Cycles per second (0: the maximum).  A new user, or a value vmlab cannot run
        at, gets the classroom speed, slow enough to follow the layers switching."""
        value = self._get("run/speed", CLASSROOM_SPEED, int)
        return value if valid_speed(value) else CLASSROOM_SPEED

    @speed.setter
    def speed(self, cycles_per_second: int) -> None:
        self.settings.setValue("run/speed", int(cycles_per_second))

    @property
    def language(self) -> str:
        """"en", "ca", or "" (not chosen, or a value vmlab does not know)."""
        value = self._get("view/language", "")
        return value if value in LANGUAGES else ""

    @language.setter
    def language(self, code: str) -> None:
        self.settings.setValue("view/language", code)

    @property
    def scenario(self) -> str:
        value = self._get("run/scenario", "")
        return value if len(value) <= MAX_TEXT_CHARS and "\0" not in value else ""

    @scenario.setter
    def scenario(self, name: str) -> None:
        self.settings.setValue("run/scenario", name)

    def sync(self) -> None:
        self.settings.sync()
