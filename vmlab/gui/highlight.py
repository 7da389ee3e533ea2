"""A frame drawn over the panel a lesson step asks the student to look at."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

ACCENT = "#f0a500"


class HighlightFrame(QWidget):
    """A transparent overlay with a thick rounded border; follows its target."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.target: QWidget | None = None
        self.target_id: str | None = None
        self.hide()

    def frame(self, target: QWidget, target_id: str) -> None:
        if self.target is not None:
            self.target.removeEventFilter(self)
        self.target, self.target_id = target, target_id
        self.setParent(target)
        target.installEventFilter(self)
        self.setGeometry(target.rect())
        self.show()
        self.raise_()

    def clear(self) -> None:
        if self.target is not None:
            self.target.removeEventFilter(self)
        self.target = self.target_id = None
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.target and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.target.rect())
        return False

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(QColor(ACCENT), 4)
        painter.setPen(pen)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(2, 2, -2, -2), 8, 8)
