"""Preferences remembered between runs (QSettings): layout, mode, language, speed."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "vmlab"
APPLICATION = "vmlab"


class Preferences:
    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or QSettings(QSettings.Format.IniFormat,
                                              QSettings.Scope.UserScope, ORGANIZATION,
                                              APPLICATION)

    def _get(self, key: str, default, kind=str):
        value = self.settings.value(key, default)
        if kind is bool:
            return value in (True, "true", "1", 1)
        try:
            return kind(value)
        except (TypeError, ValueError):
            return default

    # window layout
    def geometry(self) -> QByteArray | None:
        value = self.settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    def set_geometry(self, data: QByteArray) -> None:
        self.settings.setValue("window/geometry", data)

    def dock_state(self) -> QByteArray | None:
        value = self.settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    def set_dock_state(self, data: QByteArray) -> None:
        self.settings.setValue("window/state", data)

    # modes and choices
    @property
    def presenter(self) -> bool:
        return self._get("view/presenter", False, bool)

    @presenter.setter
    def presenter(self, on: bool) -> None:
        self.settings.setValue("view/presenter", bool(on))

    @property
    def number_base(self) -> str:
        value = self._get("view/number_base", "hex")
        return value if value in ("hex", "dec") else "hex"

    @number_base.setter
    def number_base(self, base: str) -> None:
        self.settings.setValue("view/number_base", base)

    @property
    def speed(self) -> int:
        return self._get("run/speed", 0, int)

    @speed.setter
    def speed(self, cycles_per_second: int) -> None:
        self.settings.setValue("run/speed", int(cycles_per_second))

    @property
    def language(self) -> str:
        return self._get("view/language", "")

    @language.setter
    def language(self, code: str) -> None:
        self.settings.setValue("view/language", code)

    @property
    def scenario(self) -> str:
        return self._get("run/scenario", "")

    @scenario.setter
    def scenario(self, name: str) -> None:
        self.settings.setValue("run/scenario", name)

    def sync(self) -> None:
        self.settings.sync()
