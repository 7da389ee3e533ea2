"""The exercise editor: the student's VL32 program, with line numbers, the
project's own highlighting (VL32Lexer through the code view's highlighter) and
the lines the assembler refused marked; `go_to_line` puts the cursor on one.

`check_lines` turns an ExerciseResult into one line per check (✓ or ✗, passed
ones too).
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from .. import theme
from .code_view import VL32Highlighter

VISIBLE_LINES = 20            # the editor never shows fewer lines than this


class _LineNumbers(QWidget):
    def __init__(self, editor: "ExerciseEditor") -> None:
        super().__init__(editor)
        self.editor = editor

    def sizeHint(self) -> QSize:
        return QSize(self.editor.number_width(), 0)

    def paintEvent(self, event) -> None:
        self.editor.paint_numbers(self, event)


class ExerciseEditor(QPlainTextEdit):
    """A plain-text editor for VL32 with line numbers and marked error lines."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 8)
        self._numbers = _LineNumbers(self)
        self.error_lines: list[int] = []
        self.highlighter = VL32Highlighter(self.document(), theme.is_dark(self.palette()))
        self.blockCountChanged.connect(self._update_margin)
        self.updateRequest.connect(self._update_numbers)
        self._update_margin()

    # ------------------------------------------------------------------ size
    def setFont(self, font) -> None:  # noqa: N802 (Qt name)
        super().setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 8)
        self._update_margin()
        self.setMinimumHeight(self.height_for_lines(VISIBLE_LINES))

    def height_for_lines(self, lines: int) -> int:
        margins = self.contentsMargins()
        return int(self.fontMetrics().lineSpacing() * lines + 2 * self.document().documentMargin()
                   + margins.top() + margins.bottom() + 2 * self.frameWidth()
                   + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent))

    def visible_lines(self) -> int:
        """How many whole lines the viewport shows."""
        return int((self.viewport().height() - 2 * self.document().documentMargin())
                   // self.fontMetrics().lineSpacing())

    def number_width(self) -> int:
        digits = max(2, len(str(max(1, self.blockCount()))))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margin(self, *_) -> None:
        self.setViewportMargins(self.number_width(), 0, 0, 0)

    def _update_numbers(self, rect: QRect, dy: int) -> None:
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        cr = self.contentsRect()
        self._numbers.setGeometry(QRect(cr.left(), cr.top(), self.number_width(), cr.height()))

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange:
            self.highlighter.set_dark(theme.is_dark(self.palette()))

    def paint_numbers(self, area: QWidget, event) -> None:
        painter = QPainter(area)
        dark = theme.is_dark(self.palette())
        painter.fillRect(event.rect(), QColor("#2b2b2b" if dark else "#f0f0f0"))
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():
            if block.isVisible() and bottom >= event.rect().top():
                line = number + 1
                error = line in self.error_lines
                painter.setPen(QColor("#d00000") if error else
                               QColor("#9a9a9a" if dark else "#808080"))
                font = self.font()
                font.setBold(error)
                painter.setFont(font)
                painter.drawText(0, top, area.width() - 5, height,
                                 int(Qt.AlignmentFlag.AlignRight), str(line))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1

    # ------------------------------------------------------------------ errors
    def mark_errors(self, lines) -> None:
        """Mark the lines (1-based) the assembler refused; the first gets the cursor."""
        self.error_lines = sorted({n for n in lines if 1 <= n <= self.blockCount()})
        self._paint_errors()
        if self.error_lines:
            self.go_to_line(self.error_lines[0])

    def _paint_errors(self) -> None:
        selections = []
        color = QColor("#5a1e1e" if theme.is_dark(self.palette()) else "#ffd7d7")
        for line in self.error_lines:
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(color)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(self.document().findBlockByNumber(line - 1))
            selections.append(selection)
        self.setExtraSelections(selections)
        self._numbers.update()

    def go_to_line(self, line: int) -> None:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def current_line(self) -> int:
        return self.textCursor().blockNumber() + 1


def check_lines(exercise, result) -> list[tuple[bool, object]]:
    """(passed, explanation) for every check of the exercise, in the lesson's order.

    ExerciseResult lists only the failures (each check's explain, in order), so a
    check is failed when its explanation is the next failure still unmatched."""
    failures = list(result.failures)
    lines = []
    for check in exercise.checks:
        failed = bool(failures) and failures[0] == check.explain
        if failed:
            failures.pop(0)
        lines.append((not failed, check.explain))
    return lines
