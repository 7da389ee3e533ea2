"""The base of every panel: observe the controller, refresh when visible.

A panel owns no simulation state.  After each command or frame it reads the
session again.  Panels that are hidden skip the work and catch up when they
are shown.  Text goes through Qt's translation system; retranslate() is
called on a language change, so switching language needs no restart.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QWidget

from .controller import SessionController


class Panel(QWidget):
    """Subclasses implement refresh() and retranslate(), and set panel_id."""

    panel_id = "panel"          # stable object name (dock layout, settings, lessons)

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName(self.panel_id)
        self._dirty = True
        controller.changed.connect(self._on_changed)
        controller.sessionReplaced.connect(self.on_session_replaced)

    @property
    def session(self):
        return self.controller.session

    def title(self) -> str:
        """The panel's title, translated (dock title, menus, lesson highlights)."""
        return self.panel_id

    def refresh(self) -> None:
        """Read the session and show it."""

    def retranslate(self) -> None:
        """Set every user-visible text again (after a language change)."""

    def on_session_replaced(self) -> None:
        """A new session: rebuild whatever depends on the guests or programs."""

    def _on_changed(self) -> None:
        if self.isVisible():
            self._dirty = False
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._dirty:
            self._dirty = False
            self.refresh()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
