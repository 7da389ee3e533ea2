"""The exercise editor: the student's VL32 program, with line numbers, the
project's own highlighting (VL32Lexer through the code view's highlighter) and
the lines the assembler refused marked; `go_to_line` puts the cursor on one.

`check_lines` turns an ExerciseResult into one line per check (✓ or ✗, passed
ones too); `ExerciseResults` shows them, one label a line: the summary, each check,
how the program ended.  Short of room, its lines fold to one line each (ending in
"…", the whole line in the tooltip, a click unfolds it), then the list scrolls.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QTextCursor, QTextDocument, QTextFormat
from PySide6.QtWidgets import (QFrame, QLabel, QPlainTextEdit, QScrollArea, QSizePolicy,
                               QTextEdit, QVBoxLayout, QWidget)

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
        self.document().contentsChanged.connect(self._update_minimum)
        self.updateRequest.connect(self._update_numbers)
        self._update_margin()

    # ------------------------------------------------------------------ size
    def setFont(self, font) -> None:  # noqa: N802 (Qt name)
        super().setFont(font)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 8)
        self._update_margin()
        self._update_minimum()

    def line_height(self) -> float:
        """The height of one line as laid out (a block can be taller than lineSpacing)."""
        block = self.document().firstBlock()
        laid = self.blockBoundingRect(block).height() if block.isValid() else 0
        return max(float(self.fontMetrics().lineSpacing()), laid)

    def height_for_lines(self, lines: int) -> int:
        margins = self.contentsMargins()
        return int(self.line_height() * lines + 2 * self.document().documentMargin()
                   + margins.top() + margins.bottom() + 2 * self.frameWidth()
                   + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent))

    def visible_lines(self) -> int:
        """How many whole lines the viewport shows."""
        return int((self.viewport().height() - 2 * self.document().documentMargin())
                   // self.line_height())

    def number_width(self) -> int:
        digits = max(2, len(str(max(1, self.blockCount()))))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_minimum(self) -> None:
        height = self.height_for_lines(VISIBLE_LINES)
        if height != self.minimumHeight():
            self.setMinimumHeight(height)

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


# ---------------------------------------------------------------------- the results
WRAP, FOLD, SCROLL = 0, 1, 2   # how the results fit: wrapped, folded to one line each, scrolled


class ResultLine(QLabel):
    """One line of the results: wrapped, or folded to one line that ends in "…" (the
    whole line in its tooltip; a click unfolds it for good)."""

    clickedOpen = Signal()

    def __init__(self, html: str, kind: str, parent=None) -> None:
        super().__init__(parent)
        self.html, self.kind = html, kind     # kind: head, pass, fail, end, error, note
        document = QTextDocument()
        document.setHtml(html)
        self.plain = document.toPlainText()
        self.folded = False
        self.opened = False                   # the student unfolded it
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.LinksAccessibleByMouse)
        policy = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._color = _line_color(html)
        self.set_folded(False)

    def set_folded(self, on: bool) -> None:
        on = bool(on) and not self.opened
        self.folded = on
        self.setWordWrap(not on)
        if on:
            self.setTextFormat(Qt.TextFormat.PlainText)
            self.setStyleSheet(f"QLabel {{ color: {self._color}; }}" if self._color else "")
            self._elide()
        else:
            self.setTextFormat(Qt.TextFormat.RichText)
            self.setStyleSheet("")
            self.setText(self.html)
            self.setToolTip("")
            self.setCursor(Qt.CursorShape.IBeamCursor)
        self.updateGeometry()

    def is_cut(self) -> bool:
        """Folded and too long for its width: it ends in "…"."""
        return self.folded and self.text() != self.plain

    def _elide(self) -> None:
        width = max(20, self.contentsRect().width())
        text = self.fontMetrics().elidedText(self.plain.replace("\n", " "),
                                             Qt.TextElideMode.ElideRight, width)
        if text != self.text():
            self.setText(text)
        cut = text != self.plain
        self.setToolTip(self.plain if cut else "")
        self.setCursor(Qt.CursorShape.PointingHandCursor if cut else Qt.CursorShape.ArrowCursor)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt name)
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 (Qt name)
        if self.folded:
            return self.fontMetrics().height() + self.contentsMargins().top() \
                + self.contentsMargins().bottom()
        return super().heightForWidth(width)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(20, self.fontMetrics().height())

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(100, self.heightForWidth(max(100, self.width())))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.folded:
            self._elide()

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if self.is_cut() and event.button() == Qt.MouseButton.LeftButton:
            self.opened = True
            self.set_folded(False)
            self.clickedOpen.emit()


def _line_color(html: str) -> str:
    import re
    match = re.search(r"color:\s*(#[0-9a-fA-F]{6})", html)
    return match.group(1) if match else ""


class ExerciseResults(QScrollArea):
    """An exercise's results, one ResultLine a line, in a scroll area as tall as the
    lesson panel sets (it scrolls only when even folded lines do not fit)."""

    linkActivated = Signal(str)
    lineOpened = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        inner = QWidget(self)
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(1)
        self._layout.addStretch(1)
        self.setWidget(inner)
        self.lines: list[ResultLine] = []
        self.level = WRAP
        self.setFixedHeight(0)

    # The text as one piece of HTML (what tests and the window read).
    def text(self) -> str:
        return "<br>".join(line.html for line in self.lines)

    def setText(self, html: str) -> None:  # noqa: N802 (Qt-like name)
        self.set_lines([(html, "note")] if html else [])

    def set_lines(self, lines) -> None:
        """Lines as (html, kind); kind "pass" lines are always one line (folded)."""
        for line in self.lines:
            self._layout.removeWidget(line)
            line.hide()
            line.deleteLater()
        self.lines = []
        for i, (html, kind) in enumerate(lines):
            line = ResultLine(html, kind, self.widget())
            line.setObjectName(f"lesson-result-{kind}")
            line.linkActivated.connect(self.linkActivated)
            line.clickedOpen.connect(self.lineOpened)
            self._layout.insertWidget(i, line)
            self.lines.append(line)
        self.level = -1
        self.set_level(WRAP)
        self.verticalScrollBar().setValue(0)

    def set_level(self, level: int) -> None:
        if level == self.level:
            return
        self.level = level
        for line in self.lines:
            line.set_folded(line.kind == "pass" or level >= FOLD)

    def natural_height(self, width: int, level: int) -> int:
        """The lines' height at a width, wrapped (WRAP) or folded (FOLD)."""
        spacing = self._layout.spacing()
        total = 0
        for line in self.lines:
            if line.kind == "pass" or level >= FOLD and not line.opened:
                total += line.fontMetrics().height()
            else:
                document = QTextDocument()
                document.setDefaultFont(line.font())
                document.setDocumentMargin(0)
                document.setHtml(line.html)
                document.setTextWidth(max(20, width))
                total += int(document.size().height() + 0.999)
        return total + spacing * max(0, len(self.lines) - 1)

    def set_room(self, height: int) -> None:
        if self.maximumHeight() != height or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def line_in_view(self, line: ResultLine) -> bool:
        """The whole line inside the list's viewport (not scrolled away)."""
        top = line.mapTo(self.viewport(), line.rect().topLeft())
        bottom = line.mapTo(self.viewport(), line.rect().bottomRight())
        return (line.isVisible() and top.y() >= 0 and bottom.y() < self.viewport().height()
                and top.x() >= 0 and bottom.x() < self.viewport().width() + 1)
