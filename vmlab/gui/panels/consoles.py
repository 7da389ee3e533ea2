"""Consoles: what each guest printed, and a line to type into it.

One terminal per guest, side by side (one natively).  Refresh appends only
what is new since the last refresh; after time travel the console may be
shorter (or different), and the view is reset to it.  Typed text goes to
SessionController.feed_input; text the VL32 console cannot carry (outside
Latin-1) is refused with a message under the input line.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt, Signal
from PySide6.QtGui import QColor, QPalette, QTextCursor, QTextDocument
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextDocumentLayout, QPlainTextEdit, QPushButton, QSizePolicy, QSplitter, QVBoxLayout,
                               QWidget)

from ...machine.devices import ConsoleInputError
from .. import theme
from ..labels import guest_state_label
from ..panel import Panel

TERMINAL_BG = "#111418"
TERMINAL_FG = "#e4e7eb"
TERMINAL_MUTED = "#9aa3ad"
TERMINAL_BORDER = "#2b3139"
ERROR_COLOR = "#e5484d"
PENDING_SHOWN = 32          # characters of not-yet-read input shown in the header
EMPTY_LINES = 2             # an empty console is this many lines high, not the whole dock
COMPACT_LINES = 6           # the most lines a console asks for when room is short

# Control characters other than newline and tab are shown as their Unicode pictures,
# one character for one character, so "append what is new" stays a plain suffix.
_VISIBLE = {c: chr(0x2400 + c) for c in range(32) if c not in (9, 10)}
_VISIBLE[127] = "\u2421"


def visible_text(text: str) -> str:
    return text.translate(_VISIBLE)


class ConsoleView(QFrame):
    """One guest's terminal: header, output, input line, inline error."""

    def __init__(self, panel: "ConsolesPanel", guest: str, index: int) -> None:
        super().__init__(panel)
        self.panel = panel
        self.guest = guest
        self.index = index
        self.shown = ""               # the console text currently displayed
        self.setObjectName(f"console-view-{guest}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)

        header = QHBoxLayout()
        header.setSpacing(6)
        self.chip = QLabel(self)
        self.name_label = QLabel(guest, self)
        self.name_label.setObjectName(f"console-name-{guest}")
        self.state_label = QLabel(self)
        self.state_label.setObjectName(f"console-state-{guest}")
        self.pending_label = QLabel(self)
        self.pending_label.setObjectName(f"console-pending-{guest}")
        self.pending_label.setTextFormat(Qt.TextFormat.PlainText)
        header.addWidget(self.chip)
        header.addWidget(self.name_label)
        header.addWidget(self.state_label)
        header.addStretch(1)
        header.addWidget(self.pending_label)
        layout.addLayout(header)

        self.output = QPlainTextEdit(self)
        self.output.setObjectName(f"console-{guest}")
        self.output.setReadOnly(True)
        self.output.setUndoRedoEnabled(False)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.output.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.output.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.output, 1)
        self._empty = None
        self._lines = 0
        self._line_height = ("", 0.0)
        # Stay at the end (auto-scroll) unless the user scrolled up to read.
        self.stick_to_end = True
        bar = self.output.verticalScrollBar()
        bar.valueChanged.connect(self._on_scrolled)
        bar.rangeChanged.connect(self._on_range_changed)

        row = QHBoxLayout()
        row.setSpacing(4)
        self.prompt = QLabel("›", self)
        self.input = QLineEdit(self)
        self.input.setObjectName(f"console-input-{guest}")
        self.input.setClearButtonEnabled(False)
        self.input.returnPressed.connect(self.send)
        self.input.textEdited.connect(lambda _text: self.clear_error())
        self.input.installEventFilter(self)
        self.newline = QCheckBox(self)
        self.newline.setObjectName(f"console-newline-{guest}")
        self.newline.setChecked(True)
        self.send_button = QPushButton(self)
        self.send_button.setObjectName(f"console-send-{guest}")
        self.send_button.setAutoDefault(False)
        self.send_button.clicked.connect(self.send)
        row.addWidget(self.prompt)
        row.addWidget(self.input, 1)
        row.addWidget(self.newline)
        row.addWidget(self.send_button)
        layout.addLayout(row)

        self.error = QLabel(self)
        self.error.setObjectName(f"console-error-{guest}")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(0)

    # ------------------------------------------------------------------ look and text
    def apply_style(self) -> None:
        color = theme.guest_color(self.index)
        mono = theme.mono_font(10.5)
        self.output.setFont(mono)
        self.input.setFont(theme.mono_font(10))
        self.prompt.setFont(theme.mono_font(11, bold=True))
        self.name_label.setFont(theme.ui_font(10, bold=True))
        self.state_label.setFont(theme.ui_font(9))
        self.pending_label.setFont(theme.ui_font(9))
        self.error.setFont(theme.ui_font(9.5))
        self.newline.setFont(theme.ui_font(9))
        self.send_button.setFont(theme.ui_font(9.5))
        size = max(10, int(round(self.name_label.fontMetrics().height() * 0.7)))
        self.chip.setFixedSize(size, size)
        self.chip.setStyleSheet(f"background: {color.name()}; border-radius: {size // 4}px;")
        selection = QColor(color)
        selection.setAlpha(150)
        pad = int(round(6 * theme.scale()))
        bar = int(round(10 * theme.scale()))
        self.output.setStyleSheet(
            f"QPlainTextEdit {{ background: {TERMINAL_BG}; color: {TERMINAL_FG};"
            f" border: 1px solid {TERMINAL_BORDER}; border-top: 3px solid {color.name()};"
            f" border-radius: 3px; padding: {pad}px;"
            f" selection-background-color: {color.name()}; selection-color: white; }}"
            f" QScrollBar:vertical {{ background: {TERMINAL_BG}; width: {bar}px; margin: 0; }}"
            f" QScrollBar::handle:vertical {{ background: #3b434d; min-height: 24px;"
            f" border-radius: {bar // 2 - 1}px; margin: 1px; }}"
            f" QScrollBar::handle:vertical:hover {{ background: #56606c; }}"
            f" QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}"
            f" QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical"
            f" {{ background: none; }}")
        palette = self.output.palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(TERMINAL_MUTED))
        self.output.setPalette(palette)
        palette = self.input.palette()
        palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(TERMINAL_MUTED))
        self.input.setPalette(palette)
        self.input.setStyleSheet(
            f"QLineEdit {{ background: {TERMINAL_BG}; color: {TERMINAL_FG};"
            f" border: 1px solid {TERMINAL_BORDER}; border-radius: 3px; padding: 3px 6px; }}"
            f" QLineEdit:focus {{ border: 1px solid {color.name()}; }}")
        self.prompt.setStyleSheet(f"color: {color.name()};")
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self._empty = None
        self._update_compact()

    def line_height(self) -> float:
        """A line's height as the output lays it out (a little more than the font's)."""
        font = self.output.font()
        key = font.toString()
        if self._line_height[0] != key:
            document = QTextDocument()
            document.setDocumentLayout(QPlainTextDocumentLayout(document))
            document.setDefaultFont(font)
            document.setPlainText("Mg")
            height = document.documentLayout().blockBoundingRect(document.firstBlock()).height()
            self._line_height = (key, max(height, float(self.output.fontMetrics().lineSpacing())))
        return self._line_height[1]

    def output_height(self, lines: int) -> int:
        """The output box's height for this many lines of text."""
        output = self.output
        output.ensurePolished()
        if output.height() > 0 and output.viewport().height() > 0:
            chrome = output.height() - output.viewport().height()    # border, padding
        else:
            chrome = 2 * int(round(6 * theme.scale())) + 4 + 2 * output.frameWidth()
        return int(lines * self.line_height() + chrome
                   + 2 * output.document().documentMargin() + 2)

    def _update_compact(self) -> None:
        """Consoles that are all empty are short boxes saying so; once one has text,
        all take the room (side by side, the same height)."""
        empty = not any(view.shown for view in self.panel.views.values()) \
            if self.panel.views else not self.shown
        if empty == self._empty:
            return
        self._empty = empty
        layout = self.layout()
        if empty:
            self.output.setMaximumHeight(self.output_height(EMPTY_LINES))
            layout.setStretchFactor(self.output, 0)
        else:
            self.output.setMaximumHeight(16_777_215)
            layout.setStretchFactor(self.output, 1)
        self.panel.compactChanged.emit()

    def visual_lines(self, most: int = COMPACT_LINES) -> int:
        """Lines the output shows (wrapped lines one by one), counted from the end
        up to `most`."""
        block, lines = self.output.document().lastBlock(), 0
        while block.isValid() and lines < most:
            layout = block.layout()
            lines += max(1, layout.lineCount() if layout is not None else 1)
            block = block.previous()
        return min(lines, most)

    def compact_height(self) -> int:
        """The height this console needs to show its last lines (a few at most)."""
        lines = self.visual_lines() if self.shown else EMPTY_LINES
        lines = max(EMPTY_LINES, min(COMPACT_LINES, lines))
        rows = [self.name_label.sizeHint().height(), self.output_height(lines),
                max(self.input.sizeHint().height(), self.send_button.sizeHint().height())]
        if self.error.isVisible():
            rows.append(self.error.sizeHint().height())
        return sum(rows) + self.layout().spacing() * (len(rows) - 1)

    def _fit_row(self) -> None:
        """The input line keeps most of the row: when the console is narrow, the
        newline box shows its sign only (its tooltip says what it does)."""
        full = QCoreApplication.translate("ConsolesPanel", "Add newline")
        fm = self.newline.fontMetrics()
        box = fm.horizontalAdvance(full) + 2 * fm.height()
        others = self.prompt.sizeHint().width() + self.send_button.sizeHint().width() + 3 * 4
        text = full if self.width() - others - box >= self.width() * 0.45 else "⏎"
        if self.newline.text() != text:
            self.newline.setText(text)

    def _fit_placeholder(self) -> None:
        """The input's hint in whole words: shorter when the line is narrow, never cut."""
        long = QCoreApplication.translate("ConsolesPanel", "Type for %1 and press Enter") \
            .replace("%1", self.guest)
        short = QCoreApplication.translate("ConsolesPanel", "Type for %1").replace("%1", self.guest)
        room = self.input.contentsRect().width() - 16
        fm = self.input.fontMetrics()
        text = next((t for t in (long, short) if fm.horizontalAdvance(t) <= room), "")
        if self.input.placeholderText() != text:
            self.input.setPlaceholderText(text)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_row()

    def eventFilter(self, watched, event) -> bool:
        if watched is self.input and event.type() == QEvent.Type.Resize:
            self._fit_placeholder()
        return False

    def retranslate(self) -> None:
        self._fit_placeholder()
        self.input.setToolTip(QCoreApplication.translate("ConsolesPanel", "Text typed here goes to the console input of %1")
                              .replace("%1", self.guest))
        self._fit_row()
        self.newline.setToolTip(QCoreApplication.translate("ConsolesPanel", "Enter sends the text followed by a newline; "
                                   "untick to send the characters alone"))
        self.send_button.setText(QCoreApplication.translate("ConsolesPanel", "Send"))
        self.output.setPlaceholderText(QCoreApplication.translate("ConsolesPanel", "No output yet"))

    # ------------------------------------------------------------------ refresh
    def _on_scrolled(self, value: int) -> None:
        bar = self.output.verticalScrollBar()
        self.stick_to_end = value >= bar.maximum() - 2

    def _on_range_changed(self, _low: int, high: int) -> None:
        if self.stick_to_end:
            self.output.verticalScrollBar().setValue(high)

    def show_console(self, text: str) -> None:
        """Show the console text: append what is new, or start again if it changed."""
        if text == self.shown:
            return
        bar = self.output.verticalScrollBar()
        if self.shown and len(text) > len(self.shown) and text.startswith(self.shown):
            cursor = QTextCursor(self.output.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(visible_text(text[len(self.shown):]))
        else:
            # Time travel (or a new session) made it shorter or different.
            self.output.setPlainText(visible_text(text))
            self.stick_to_end = True
        self.shown = text
        for view in self.panel.views.values() or (self,):
            view._update_compact()
        lines = self.visual_lines()
        if lines != self._lines:
            self._lines = lines
            self.panel.compactChanged.emit()
        if self.stick_to_end:
            bar.setValue(bar.maximum())

    def show_state(self, state: str, pending: str) -> None:
        text = guest_state_label(state)        # the words every panel uses
        if self.state_label.text() != text:
            self.state_label.setText(text)
            color = {"crashed": ERROR_COLOR, "running": "#1f9d55"}.get(state)
            self.state_label.setStyleSheet(f"color: {color};" if color else "")
        if pending:
            shown = pending if len(pending) <= PENDING_SHOWN else pending[:PENDING_SHOWN] + "…"
            label = QCoreApplication.translate("ConsolesPanel", "Not read yet: %1").replace("%1", visible_text(shown.replace("\n", "⏎")))
        else:
            label = ""
        if self.pending_label.text() != label:
            self.pending_label.setText(label)
            self.pending_label.setToolTip(
                QCoreApplication.translate("ConsolesPanel", "Input typed for %1 that its kernel has not read yet")
                .replace("%1", self.guest) if pending else "")

    # ------------------------------------------------------------------ input
    def send(self) -> None:
        text = self.input.text()
        if self.newline.isChecked():
            text += "\n"
        if not text:
            return
        try:
            self.panel.controller.feed_input(self.guest, text)
        except ConsoleInputError:
            self.show_error(self._latin1_message(text))
            return
        except (ValueError, KeyError, RuntimeError) as err:
            self.show_error(QCoreApplication.translate("ConsolesPanel", "The input could not be sent: %1")
                            .replace("%1", str(err)))
            return
        self.clear_error()
        self.input.clear()

    def _latin1_message(self, text: str) -> str:
        bad = next((ch for ch in text if ord(ch) > 0xFF), "?")
        return (QCoreApplication.translate("ConsolesPanel", "Not sent: the character “%1” (U+%2) cannot be typed on the VL32 "
                              "console, which carries one byte per character (Latin-1, which "
                              "covers Catalan).")
                .replace("%1", bad).replace("%2", f"{ord(bad):04X}"))

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def clear_error(self) -> None:
        if self.error.isVisible() or self.error.text():
            self.error.clear()
            self.error.hide()


class ConsolesPanel(Panel):
    panel_id = "consoles"
    compactChanged = Signal()       # the height the consoles need changed (empty or not)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.views: dict[str, ConsoleView] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("consoles-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(8)
        layout.addWidget(self.splitter)
        self._build_views()

    def _build_views(self) -> None:
        for view in self.views.values():
            view.setParent(None)
            view.deleteLater()
        self.views = {}
        for i, name in enumerate(self.session.guest_names):
            view = ConsoleView(self, name, i)
            self.splitter.addWidget(view)
            self.views[name] = view
            view.apply_style()
            view.retranslate()
        self.splitter.setSizes([1000] * len(self.views))

    def title(self) -> str:
        return self.tr("Consoles")

    def retranslate(self) -> None:
        for view in self.views.values():
            view.retranslate()
        self.refresh()

    def apply_style(self) -> None:
        for view in self.views.values():
            view.apply_style()

    def compact_height(self) -> int:
        """The height that shows every console's last lines, with no empty box bigger
        than it needs: what presenter mode gives the consoles."""
        margins = self.layout().contentsMargins()
        views = [v.compact_height() for v in self.views.values()]
        return max(views, default=0) + margins.top() + margins.bottom()

    def on_session_replaced(self) -> None:
        self._build_views()

    def refresh(self) -> None:
        if not getattr(self, "views", None):
            return
        s = self.session
        for name, view in self.views.items():
            g = s.guest(name)
            view.show_console(g.console)
            view.show_state(g.state, self.pending_input(name))

    def pending_input(self, guest: str) -> str:
        """Console input typed for this guest that its kernel has not read yet."""
        return self.session.pending_input(guest)

    def shown_text(self, guest: str) -> str:
        """The console text as displayed."""
        return self.views[guest].output.toPlainText()


__all__ = ["ConsolesPanel", "ConsoleView", "visible_text"]
