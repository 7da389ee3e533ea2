"""The code view: the source of the guest on the CPU, its pc, traps and breakpoints.

What it shows, read fresh from the session at every refresh:

* the source of the guest running now (follow mode) or of a pinned guest,
  highlighted with the project's pygments lexer: privileged instructions and
  the sensitive-but-unprivileged GETF/SETF stand out;
* the pc line (background band and an arrow in the gutter).  A guest's pc is
  mapped to a load address: guest-physical in kernel mode, the guest's
  BASE + pc in user mode (processes are loaded at their BASE).  A guest that
  halted has its pc past its HALT (or halt hypercall): the arrow marks that
  instruction, tagged "halted here", not the line after it (which read as a crash);
* the trapping instruction, in another colour, while its trap or VM exit is
  the current moment (the guest has not resumed yet);
* an info line: the cycle and phase of the instruction in flight when
  stepping by cycle, or the VMM's step when the VMM works;
* breakpoints: a click in the gutter or F9 toggles one on the first word of
  the line (controller.toggle_breakpoint).
"""

from __future__ import annotations

import re

from pygments.token import Comment, Error, Keyword, Name, Number, String, Token
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (QBrush, QColor, QFont, QFontMetricsF, QKeyEvent, QPainter,
                           QPainterPath, QPalette, QPen, QSyntaxHighlighter, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextFormat)
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPlainTextDocumentLayout,
                               QSplitter, QTextBrowser, QToolButton,
                               QPlainTextEdit, QSizePolicy, QTextEdit, QToolTip, QVBoxLayout,
                               QWidget)

from ...asm.disasm import disassemble
from ...asm.lexer import PRIVILEGED, SENSITIVE, VL32Lexer
from ...isa.encoding import decode
from ...isa.spec import CAUSE_NAMES, MASK
from ...machine.cpu import unit_phase
from ...observe.vocabulary import STOPPED_STATES, GuestState
from ...session import is_trap_event, restarted
from .. import theme
from ..labels import (action_label, guest_state_label, machine_state, on_cpu_label,
                      run_state_label, step_label)
from ..panel import Panel

FOLLOW = None                  # combo data meaning "follow the running guest"


# ---------------------------------------------------------------------- colours
def _is_dark(widget: QWidget | None = None) -> bool:
    return theme.is_dark(widget.palette() if widget is not None else None)


def pc_line_color(dark: bool) -> QColor:
    return QColor("#5b4f16") if dark else QColor(theme.PC_LINE)


def trap_line_color(dark: bool) -> QColor:
    return QColor("#6b2328") if dark else QColor(theme.TRAP_LINE)


def breakpoint_color() -> QColor:
    return QColor(theme.BREAKPOINT)


# Token colours: (light, dark, bold, italic).  Chosen for contrast on white and
# on a dark grey, and so privileged (red) and sensitive (orange, underlined)
# instructions are the first thing one sees.
_TOKEN_STYLES = {
    PRIVILEGED: ("#c01f2f", "#ff7b84", True, False),
    SENSITIVE: ("#b35300", "#ffb454", True, False),
    Keyword: ("#1d4fb8", "#82aaff", False, False),
    Keyword.Pseudo: ("#7b3fc4", "#c39bf2", False, False),
    Name.Label: ("#00695c", "#5fd3c0", True, False),
    Name.Variable: ("#7a4b00", "#e6c07b", False, False),
    Name.Constant: ("#006fb3", "#5cc8ff", False, False),
    Name.Builtin.Pseudo: ("#7b3fc4", "#c39bf2", False, False),
    Number: ("#0a7a45", "#a6d98b", False, False),
    String: ("#a31515", "#f0a07c", False, False),
    String.Escape: ("#7b3fc4", "#c39bf2", False, False),
    Comment: ("#6a737d", "#8f9aa6", False, True),
    Error: ("#d00000", "#ff6060", False, False),
}


def token_formats(dark: bool) -> dict:
    """QTextCharFormat for each styled pygments token type."""
    formats = {}
    for ttype, (light, dark_color, bold, italic) in _TOKEN_STYLES.items():
        fmt = QTextCharFormat()
        fmt.setForeground(QColor(dark_color if dark else light))
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        if ttype is SENSITIVE:
            fmt.setFontUnderline(True)
        if ttype is Error:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(QColor(dark_color if dark else light))
        formats[ttype] = fmt
    return formats


class VL32Highlighter(QSyntaxHighlighter):
    """Colours one line at a time with VL32Lexer (its states end at each newline)."""

    def __init__(self, document: QTextDocument, dark: bool) -> None:
        super().__init__(document)
        self._lexer = VL32Lexer()
        self._formats = token_formats(dark)
        self._lookup: dict = {}

    def set_dark(self, dark: bool) -> None:
        self._formats = token_formats(dark)
        self._lookup = {}
        self.rehighlight()

    def _format(self, ttype):
        if ttype in self._lookup:
            return self._lookup[ttype]
        t = ttype
        while t not in self._formats and t is not Token and t.parent is not None:
            t = t.parent
        fmt = self._formats.get(t)
        self._lookup[ttype] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:  # noqa: N802 (Qt name)
        if not text.strip():
            return
        wide = any(ord(c) > 0xFFFF for c in text)   # Qt counts UTF-16 units
        for index, ttype, value in self._lexer.get_tokens_unprocessed(text + "\n"):
            if index >= len(text):
                break
            fmt = self._format(ttype)
            if fmt is None:
                continue
            start, length = index, min(len(value), len(text) - index)
            if wide:
                start = len(text[:index].encode("utf-16-le")) // 2
                length = len(value[:length].encode("utf-16-le")) // 2
            self.setFormat(start, length, fmt)


# ---------------------------------------------------------------------- the editor
class _Gutter(QWidget):
    """Breakpoint dots, line numbers, load addresses and the pc arrow."""

    def __init__(self, editor: CodeEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.setObjectName("code-gutter")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMouseTracking(True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.editor.gutter_width(), 0)

    def paintEvent(self, event) -> None:  # noqa: N802
        self.editor.paint_gutter(self, event)

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            line = self.editor.line_at_y(event.position().y())
            if line is not None:
                self.editor.breakpointToggleRequested.emit(line)
        event.accept()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            line = self.editor.line_at_y(event.position().y() if hasattr(event, "position")
                                         else event.pos().y())
            tip = self.editor.gutter_tooltip(line) if line is not None else ""
            if tip:
                QToolTip.showText(event.globalPos(), tip, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


class CodeEditor(QPlainTextEdit):
    """A read-only source view with a gutter; knows lines, not sessions."""

    breakpointToggleRequested = Signal(int)      # 1-based source line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("code-editor")
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setCenterOnScroll(False)
        self.gutter = _Gutter(self)
        self.line_addresses: dict[int, int] = {}     # line -> its first load address
        self.breakpoint_lines: frozenset[int] = frozenset()
        self.pc_line: int | None = None
        self.trap_line: int | None = None
        self.arrow_color = theme.guest_color(0)
        self.arrow_hollow = False                    # the guest is not on the CPU now
        self.pc_tag = ""                             # a word after the pc line ("halted here")
        self.address_digits = 4
        self.tooltip_for_line = None                 # callable(line) -> str, set by the panel
        self.blockCountChanged.connect(self._update_margins)
        self.updateRequest.connect(self._on_update_request)
        self._update_margins()

    # ------------------------------------------------------------------ geometry
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def gutter_width(self) -> int:
        fm = self._metrics()
        digit = fm.horizontalAdvance("9")
        lines = max(3, len(str(max(1, self.blockCount()))))
        h = fm.height()
        # dot | line number | address | arrow
        return int(h * 1.1 + digit * (lines + 1.2 + self.address_digits) + h * 1.0 + 4)

    def _columns(self) -> tuple[float, float, float, float]:
        fm = self._metrics()
        digit = fm.horizontalAdvance("9")
        h = fm.height()
        lines = max(3, len(str(max(1, self.blockCount()))))
        dot_w = h * 1.1
        num_right = dot_w + digit * lines
        addr_left = num_right + digit * 1.2
        addr_right = addr_left + digit * self.address_digits
        return dot_w, num_right, addr_left, addr_right

    def _update_margins(self, _count: int = 0) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)
        self.gutter.update()

    def _on_update_request(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def setFont(self, font: QFont) -> None:  # noqa: N802
        super().setFont(font)
        self.document().setDefaultFont(font)
        self.gutter.setFont(font)
        self._update_margins()
        self._relayout_gutter()

    def _relayout_gutter(self) -> None:
        cr = self.contentsRect()
        self.gutter.setGeometry(QRect(cr.left(), cr.top(), self.gutter_width(), cr.height()))

    def set_document(self, document: QTextDocument) -> None:
        if self.document() is not document:
            self.setDocument(document)
            document.setDefaultFont(self.font())
            self._update_margins()
            self._relayout_gutter()

    # ------------------------------------------------------------------ lines
    def _visible_blocks(self):
        """(block, top, bottom) for each block in the viewport, in viewport coordinates."""
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid():
            geo = self.blockBoundingGeometry(block).translated(offset)
            if geo.top() > height:
                break
            if block.isVisible():
                yield block, geo.top(), geo.bottom()
            block = block.next()

    def line_at_y(self, y: float) -> int | None:
        for block, top, bottom in self._visible_blocks():
            if top <= y < bottom:
                return block.blockNumber() + 1
        return None

    def line_y(self, line: int) -> int | None:
        """The vertical centre of a line in gutter/viewport coordinates, if visible."""
        for block, top, bottom in self._visible_blocks():
            if block.blockNumber() + 1 == line:
                return int((top + bottom) / 2)
        return None

    def first_visible_line(self) -> int:
        return self.firstVisibleBlock().blockNumber() + 1

    def visible_line_count(self) -> int:
        h = self._metrics().lineSpacing()
        return max(1, int(self.viewport().height() / max(1.0, h)))

    def is_line_visible(self, line: int) -> bool:
        first = self.first_visible_line()
        return first <= line < first + self.visible_line_count()

    def scroll_to_line(self, line: int) -> None:
        """Bring a line into view about a third from the top (no-wrap: one block a step)."""
        target = max(0, line - 1 - self.visible_line_count() // 3)
        self.verticalScrollBar().setValue(target)

    def cursor_line(self) -> int:
        return self.textCursor().blockNumber() + 1

    # ------------------------------------------------------------------ marks
    def set_marks(self, pc_line: int | None, trap_line: int | None,
                  hollow: bool = False, tag: str = "") -> None:
        self.pc_line, self.trap_line, self.arrow_hollow = pc_line, trap_line, hollow
        self.pc_tag = tag
        self.update_extra_selections()
        self.gutter.update()
        self.viewport().update()

    def tag_rect(self) -> QRectF | None:
        """Where the pc line's tag is drawn (viewport coordinates), if it is in view."""
        if not self.pc_tag or self.pc_line is None:
            return None
        for block, top, bottom in self._visible_blocks():
            if block.blockNumber() + 1 == self.pc_line:
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
                fm = self._metrics()
                left = self.cursorRect(cursor).right() + fm.horizontalAdvance("  ")
                return QRectF(left, top + 1, fm.horizontalAdvance(self.pc_tag) + 10,
                              bottom - top - 2)
        return None

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        rect = self.tag_rect()
        if rect is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self.arrow_color))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(theme.text_on(self.arrow_color))
        painter.setFont(self.font())
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.pc_tag)
        painter.end()

    def update_extra_selections(self) -> None:
        dark = _is_dark(self)
        selections = []
        marks = []
        if self.pc_line is not None and self.pc_line != self.trap_line:
            marks.append((self.pc_line, pc_line_color(dark)))
        if self.trap_line is not None:
            marks.append((self.trap_line, trap_line_color(dark)))
        doc = self.document()
        for line, color in marks:
            block = doc.findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            sel.format.setBackground(color)
            sel.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            cursor = QTextCursor(block)
            cursor.clearSelection()
            sel.cursor = cursor
            selections.append(sel)
        self.setExtraSelections(selections)

    # ------------------------------------------------------------------ painting
    def paint_gutter(self, gutter: QWidget, event) -> None:
        painter = QPainter(gutter)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        dark = theme.is_dark(pal)
        base = pal.color(QPalette.ColorRole.Base)
        gutter_bg = base.darker(106) if not dark else base.lighter(125)
        painter.fillRect(event.rect(), gutter_bg)
        text_color = QColor(pal.color(QPalette.ColorRole.Text))
        muted = QColor(text_color)
        muted.setAlphaF(0.55)
        faint = QColor(text_color)
        faint.setAlphaF(0.38)
        dot_w, num_right, addr_left, addr_right = self._columns()
        width = gutter.width()
        painter.setFont(self.font())
        for block, top, bottom in self._visible_blocks():
            line = block.blockNumber() + 1
            h = bottom - top
            row = QRectF(0, top, width, h)
            if line == self.trap_line:
                painter.fillRect(row, trap_line_color(dark))
            elif line == self.pc_line:
                painter.fillRect(row, pc_line_color(dark))
            is_pc = line == self.pc_line
            painter.setPen(text_color if is_pc else muted)
            bold = QFont(self.font())
            bold.setBold(is_pc)
            painter.setFont(bold)
            painter.drawText(QRectF(0, top, num_right, h),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                             str(line))
            address = self.line_addresses.get(line)
            if address is not None:
                painter.setPen(text_color if is_pc else faint)
                painter.drawText(QRectF(addr_left, top, addr_right - addr_left, h),
                                 Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                                 f"{address:0{self.address_digits}X}")
            cy = top + h / 2
            if line in self.breakpoint_lines:
                r = min(h, dot_w) * 0.32
                color = breakpoint_color()
                painter.setPen(QPen(color.darker(140), 1.0))
                painter.setBrush(color)
                painter.drawEllipse(QPointF(dot_w / 2, cy), r, r)
            if is_pc:
                self._draw_arrow(painter, QRectF(addr_right + 2, top, width - addr_right - 4, h))
        # A thin rule between gutter and code.
        painter.setPen(QPen(QColor(text_color.red(), text_color.green(), text_color.blue(), 40),
                            1.0))
        painter.drawLine(QPointF(width - 0.5, event.rect().top()),
                         QPointF(width - 0.5, event.rect().bottom() + 1))
        painter.end()

    def _draw_arrow(self, painter: QPainter, rect: QRectF) -> None:
        h = rect.height()
        size = min(rect.width(), h) * 0.78
        cx, cy = rect.left() + rect.width() / 2, rect.top() + h / 2
        path = QPainterPath()
        left, right = cx - size / 2, cx + size / 2
        shaft = size * 0.22
        head = size * 0.45
        path.moveTo(left, cy - shaft)
        path.lineTo(right - head, cy - shaft)
        path.lineTo(right - head, cy - size / 2)
        path.lineTo(right, cy)
        path.lineTo(right - head, cy + size / 2)
        path.lineTo(right - head, cy + shaft)
        path.lineTo(left, cy + shaft)
        path.closeSubpath()
        if self.arrow_hollow:
            # Where the guest will resume: an outline, it is not executing now.
            painter.setPen(QPen(self.arrow_color, max(1.2, size * 0.12)))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.setPen(QPen(self.arrow_color.darker(135), 1.0))
            painter.setBrush(QBrush(self.arrow_color))
        painter.drawPath(path)

    def gutter_tooltip(self, line: int) -> str:
        return self.tooltip_for_line(line) if self.tooltip_for_line else ""

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.update_extra_selections()
            self.gutter.update()

    # ------------------------------------------------------------------ keys
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_F9 and not event.modifiers():
            self.breakpointToggleRequested.emit(self.cursor_line())
            event.accept()
            return
        super().keyPressEvent(event)


# ---------------------------------------------------------------------- trap search
class _TrapFinder:
    """The latest trap event (a trap, or a VM exit) of each guest, read with a cursor.

    The session's events only grow while running; when time travel rewrites
    the past the cursor says so and everything is read again.  The VM exit
    the VMM is handling counts too, as it stands.
    """

    def __init__(self) -> None:
        self._session = None
        self._cursor = None
        self._latest: dict[str, object] = {}

    def latest(self, session, guest: str):
        if session is not self._session:
            self._session, self._cursor = session, None
        old = self._cursor
        events, self._cursor = session.events.read(old)
        if restarted(old, self._cursor):
            self._latest = {}
        for event in events:
            if is_trap_event(event):
                self._latest[event.guest] = event
        current = session.events.exit_in_progress()
        if current is not None and current.guest == guest:
            return current
        return self._latest.get(guest)


class _ShrinkingCombo(QComboBox):
    """As wide as its longest item when there is room, but never forcing a wide dock."""

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        size = super().minimumSizeHint()
        return QSize(min(size.width(), self.fontMetrics().horizontalAdvance("M" * 8)),
                     size.height())


# ---------------------------------------------------------------------- the panel
_STEP_RE = re.compile(r"(mul|div|rem) step (\d+)")


PC_MARK = "▶"                # the pc's line in the translated block
BLOCK_STACK_LINES = 14      # below this many lines of height, the block takes the code's place


class CodeViewPanel(Panel):
    panel_id = "code"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self._docs: dict[str, tuple[QTextDocument, VL32Highlighter]] = {}
        self._shown: str | None = None          # guest whose source is shown
        self._last_followed: str | None = None
        self._pc_line_seen: tuple | None = None  # (guest, line) last scrolled to
        self._state_key = None                  # what the marks/info were built from
        self._bp_key = None
        self._trap_finder = _TrapFinder()
        self._dark = _is_dark(self)
        self.pc_address: int | None = None      # load address of the shown guest's pc
        self.halt_address: int | None = None    # load address of the HALT that stopped it
        self.trap_address: int | None = None    # load address of the marked trap, if any
        self.info_kind = "plain"                # plain / cycle / vmm / trap / stopped

        self.guest_label = QLabel(self)
        self.guest_combo = _ShrinkingCombo(self)
        self.guest_combo.setObjectName("code-guest")
        self.guest_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.guest_combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.guest_combo.activated.connect(self._on_combo)
        self.mode_badge = _ElidingLabel(self)
        self.mode_badge.setObjectName("code-mode")
        self.mode_badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.mode_badge.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.info = QLabel(self)
        self.info.setObjectName("code-info")
        self.info.setWordWrap(True)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.editor = CodeEditor(self)
        self.editor.viewport().installEventFilter(self)   # resized: the current line again
        self._focus: tuple[str, int] | None = None          # (guest, line) kept in view
        self.editor.breakpointToggleRequested.connect(self._toggle_line)
        self.editor.tooltip_for_line = self._line_tooltip
        # Binary translation: the block containing pc, beside the original.
        self.block_button = QToolButton(self)
        self.block_button.setObjectName("code-translated-block")
        self.block_button.setCheckable(True)
        self.block_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.block_button.toggled.connect(self._block_toggled)
        self.block_view = QTextBrowser(self)
        self.block_view.setObjectName("code-block-view")
        self.block_view.setOpenLinks(False)
        # Its lines wrap rather than scroll sideways: a narrow dock shows them whole.
        self.block_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.block_view.document().setDocumentMargin(4)
        self.block_view.viewport().installEventFilter(self)   # resized: the pc's line again
        self.block_view.hide()
        self.block_alone = False     # a short dock: the block shows in the code's place
        self.block_lines: list[tuple[int, str, bool]] = []   # (address, text, callout)
        self.block_successors: tuple[int, ...] = ()
        self.block_pc: int | None = None
        self._block_key = None
        self.split = QSplitter(Qt.Orientation.Horizontal, self)
        self.split.setObjectName("code-split")
        self.split.setChildrenCollapsible(False)
        self.legend = QLabel(self)
        self.legend.setObjectName("code-legend")
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)

        top = self.top_row = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.guest_label)
        top.addWidget(self.guest_combo)
        top.addStretch(1)
        top.addWidget(self.block_button)
        top.addWidget(self.mode_badge)
        # The badge moves under the picker when the row has no room for it.
        self.badge_row = QHBoxLayout()
        self.badge_row.setContentsMargins(0, 0, 0, 0)
        self.badge_row.addStretch(1)
        self.badge_below = False
        self.compact = False        # a short dock: only the banner and the code
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addLayout(self.badge_row)
        layout.addWidget(self.info)
        self.split.addWidget(self.editor)
        self.split.addWidget(self.block_view)
        self.split.setStretchFactor(0, 3)
        self.split.setStretchFactor(1, 2)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.legend)

        self._fill_combo()
        self.apply_style()
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def title(self) -> str:
        return self.tr("Code")

    def retranslate(self) -> None:
        self.guest_label.setText(self.tr("Show:"))
        self.guest_combo.setToolTip(self.tr(
            "Whose code to show: the guest on the CPU now, or always the same guest"))
        if self.guest_combo.count():
            self.guest_combo.setItemText(0, self.tr("follow the running guest"))
        self.editor.gutter.setToolTip("")
        self.block_button.setText(self.tr("Translated block"))
        self.block_button.setToolTip(self.tr(
            "Binary translation: show, beside the original, the translated block that holds "
            "the pc, with the instructions that call the VMM instead"))
        self._block_key = None
        self._update_legend()
        self._state_key = None
        self.refresh()

    def _phase_text(self, phase: str) -> str:
        translated = self.translated_phase(phase)
        return translated if translated is not None else phase

    def translated_phase(self, phase: str) -> str | None:
        """A cycle phase name from unit_phases in the interface language (None: unknown)."""
        table = {
            "trap entry: save pc and mode": self.tr("trap entry: save pc and mode"),
            "trap entry: set cause": self.tr("trap entry: set cause"),
            "trap entry: enter kernel mode": self.tr("trap entry: enter kernel mode"),
            "trap entry: jump to TVEC": self.tr("trap entry: jump to TVEC"),
            "fault (nothing committed)": self.tr("fault (nothing committed)"),
            "execute": self.tr("execute"),
            "idle": self.tr("idle"),
            "address": self.tr("address"),
            "memory access": self.tr("memory access"),
            "write back": self.tr("write back"),
            "select port": self.tr("select port"),
            "bus cycle": self.tr("bus cycle"),
            "complete": self.tr("complete"),
            "jump": self.tr("jump"),
        }
        if phase in table:
            return table[phase]
        match = _STEP_RE.fullmatch(phase)
        if match:
            return self.tr("%1 step %2").replace("%1", match.group(1).upper()) \
                .replace("%2", match.group(2))
        return None

    def _vmm_step_text(self, kind: str | None) -> str:
        return {
            "exit": self.tr("VM exit"),
            "emulate": self.tr("emulate the instruction"),
            "reflect": self.tr("reflect the trap into the guest"),
            "route-input": self.tr("route console input"),
            "entry": self.tr("VM entry"),
            "switch": self.tr("world switch"),
            "inject": self.tr("inject an interrupt"),
            "idle": self.tr("idle"),
        }.get(kind or "") or step_label(kind)      # a technique's own step: its label

    def _action_text(self, action: str) -> str:
        return {
            "emulate": self.tr("emulated by the VMM"),
            "reflect": self.tr("reflected into the guest kernel"),
            "resume": self.tr("the VMM's own timer: the time slice is checked"),
            "route-input": self.tr("console input for a guest"),
            "preempt": self.tr("preempted"),
            "crash": self.tr("the guest crashed"),
        }.get(action) or action_label(action)

    def _update_legend(self) -> None:
        dark = self._dark
        pc = pc_line_color(dark).name()
        trap = trap_line_color(dark).name()
        priv = _TOKEN_STYLES[PRIVILEGED][1 if dark else 0]
        sens = _TOKEN_STYLES[SENSITIVE][1 if dark else 0]
        text = self.palette().color(QPalette.ColorRole.Text).name()
        swatch = ('<span style="background-color:%s; color:%s">&nbsp;%s&nbsp;</span>')
        parts = [
            f'<span style="color:{priv}; font-weight:bold">MTSR</span> '
            + _esc(self.tr("privileged")),
            f'<span style="color:{sens}; font-weight:bold; text-decoration:underline">'
            f'GETF</span> ' + _esc(self.tr("sensitive, not privileged")),
            swatch % (pc, text, _esc(self.tr("pc"))),
            swatch % (trap, text, _esc(self.tr("trapping instruction"))),
            f'<span style="color:{theme.BREAKPOINT}">&#9679;</span> '
            + _esc(self.tr("breakpoint")),
        ]
        self.legend.setText("&nbsp;&nbsp; ".join(parts))
        self.legend.setToolTip(self.tr(
            "Privileged instructions trap in user mode; GETF and SETF read or change "
            "privileged state without trapping.  Click the margin (or press F9) to set or "
            "remove a breakpoint on a line."))

    # ------------------------------------------------------------------ style
    def apply_style(self) -> None:
        self.editor.setFont(theme.mono_font())
        for w in (self.guest_label, self.guest_combo, self.info):
            w.setFont(theme.ui_font())
        self.mode_badge.setFont(theme.ui_font(9, bold=True))
        self.legend.setFont(theme.ui_font(8.5))
        self._state_key = None
        self.refresh()

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # In a short dock the code matters more than the legend (it is in the tooltips too).
        self.legend.setVisible(self.height() >= 22 * self.fontMetrics().height())
        self._arrange_top()
        self._arrange_block()

    def _arrange_top(self) -> None:
        """The picker and the badge: on one row when they fit, else the badge under it, or
        its short text; in a dock too short for them and a few lines of code, neither (the
        banner and the code stay: the current line is always in view)."""
        line = QFontMetricsF(self.editor.font()).lineSpacing()
        margins = self.layout().contentsMargins()
        spacing = self.layout().spacing()
        row_h = max(self.guest_combo.sizeHint().height(), self.mode_badge.sizeHint().height())
        info_h = self.info.heightForWidth(max(50, self.width() - margins.left()
                                              - margins.right()))
        frame = 2 * self.editor.frameWidth() + self.editor.horizontalScrollBar().sizeHint().height()
        needed = (margins.top() + margins.bottom() + row_h + info_h + 2 * spacing + frame
                  + 4 * line)
        compact = self.height() < needed
        if compact != self.compact:
            self.compact = compact
            # No sideways scroll bar either: its height is a line of code.
            self.editor.setHorizontalScrollBarPolicy(
                Qt.ScrollBarPolicy.ScrollBarAlwaysOff if compact
                else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        translating = self.session.technique.kernel_runs == "translated"
        for widget in (self.guest_label, self.guest_combo, self.mode_badge):
            widget.setVisible(not compact)
        self.block_button.setVisible(translating and not compact)
        if compact:
            return
        room = self.width() - margins.left() - margins.right()
        gap = self.top_row.spacing()
        combo = self.guest_combo.sizeHint().width()
        # The picker keeps its whole text; "Show:" goes first when there is no room.
        label = self.guest_label.sizeHint().width() + gap
        self.guest_label.setVisible(room >= label + combo)
        used = combo + (label if self.guest_label.isVisible() else 0)
        if translating:
            used += self.block_button.sizeHint().width() + gap
        free = room - used - gap - 8
        badge = self.mode_badge
        full, short = badge.width_of(badge.full_text()), badge.width_of(badge.short_text())
        if full <= free:
            below, text = False, badge.full_text()
        elif short <= free:
            below, text = False, badge.short_text()
        else:
            below = True
            text = badge.full_text() if full <= room else badge.short_text()
        badge.show_text(text)
        if below != self.badge_below:
            self.badge_below = below
            if below:
                self.badge_row.insertWidget(0, badge)
            else:
                self.top_row.addWidget(badge)

    def _keep_focus_in_view(self) -> None:
        """The current line (the trapping instruction's, else the pc's) stays on screen
        when the view changes size (presenter mode, a dock resized)."""
        if self._focus is None or self._focus[0] != self._shown or not self.editor.isVisible():
            return
        line = self._focus[1]
        if not self.editor.is_line_visible(line):
            self.editor.scroll_to_line(line)

    def _arrange_block(self) -> None:
        """The translated block beside the code when there is room, under it if not, and
        in the code's place when the dock is too short for both (its lines are the
        original's, disassembled, so nothing is lost)."""
        wide = self.width() >= 90 * self.fontMetrics().averageCharWidth()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.split.orientation() != orientation:
            self.split.setOrientation(orientation)
        line = QFontMetricsF(theme.mono_font()).lineSpacing()
        alone = (not self.block_view.isHidden() and not wide
                 and self.split.height() < BLOCK_STACK_LINES * line)
        if alone != self.block_alone:
            self.block_alone = alone
            self.editor.setVisible(not alone)
        self._scroll_block_to_pc()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            dark = _is_dark(self)
            if dark != self._dark:
                self._dark = dark
                for _, highlighter in self._docs.values():
                    highlighter.set_dark(dark)
            self._update_legend()
            self._state_key = None
            self.editor.update_extra_selections()
            self.editor.gutter.update()
            self.refresh()

    # ------------------------------------------------------------------ guests
    def _fill_combo(self) -> None:
        combo = self.guest_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("follow the running guest"), FOLLOW)
        for i, name in enumerate(self.session.guest_names):
            combo.addItem(name, name)
            combo.setItemData(i + 1, theme.guest_color(i), Qt.ItemDataRole.DecorationRole)
        combo.setCurrentIndex(0)
        combo.blockSignals(False)

    def on_session_replaced(self) -> None:
        pinned = self.pinned_guest()
        self._docs.clear()
        self._shown = None
        self._last_followed = None
        self._pc_line_seen = None
        self._state_key = self._bp_key = None
        self._fill_combo()
        if pinned in self.session.guest_names:
            self.pin_guest(pinned)

    def pinned_guest(self) -> str | None:
        return self.guest_combo.currentData()

    def pin_guest(self, name: str | None) -> None:
        """Show always this guest (None: follow the running guest)."""
        index = self.guest_combo.findData(name) if name is not None else 0
        self.guest_combo.setCurrentIndex(max(0, index))
        self._state_key = None
        self.refresh()

    def _on_combo(self, _index: int) -> None:
        self._state_key = None
        self._pc_line_seen = None
        self.refresh()

    def shown_guest(self) -> str | None:
        return self._shown

    def _choose_guest(self, activity) -> str | None:
        names = self.session.guest_names
        pinned = self.pinned_guest()
        if pinned in names:
            return pinned
        if activity.guest in names:
            self._last_followed = activity.guest
        if self._last_followed in names:
            return self._last_followed
        return names[0] if names else None

    def _document_for(self, name: str) -> QTextDocument:
        if name not in self._docs:
            program = self._program(name)
            doc = QTextDocument(self)
            doc.setDocumentLayout(QPlainTextDocumentLayout(doc))
            doc.setDefaultFont(self.editor.font())
            doc.setPlainText(program.source if program is not None else "")
            highlighter = VL32Highlighter(doc, self._dark)
            self._docs[name] = (doc, highlighter)
        return self._docs[name][0]

    def _program(self, name: str):
        s = self.session
        try:
            return s.scenario.guests[s.guest_names.index(name)].program
        except (ValueError, IndexError, AttributeError):
            return None

    def _show(self, name: str) -> None:
        if name == self._shown:
            return
        self._shown = name
        self.editor.set_document(self._document_for(name))
        program = self._program(name)
        addresses = {}
        if program is not None:
            for line, words in program.lines_to_addresses.items():
                if words:
                    addresses[line] = min(words)
        self.editor.line_addresses = addresses
        top = max(addresses.values(), default=0)
        self.editor.address_digits = max(4, len(f"{top:X}"))
        self.editor.arrow_color = theme.guest_color(self.session.guest_names.index(name))
        self.editor._update_margins()
        self.editor._relayout_gutter()
        self._bp_key = None
        self._pc_line_seen = None

    # ------------------------------------------------------------------ breakpoints
    def _toggle_line(self, line: int) -> None:
        name = self._shown
        program = self._program(name) if name else None
        if program is None:
            return
        words = program.lines_to_addresses.get(line)
        if not words:
            return
        self.controller.toggle_breakpoint(name, min(words))

    def toggle_breakpoint_at_line(self, line: int) -> None:
        """The same as a click in the gutter on that line."""
        self._toggle_line(line)

    def _sync_breakpoints(self) -> None:
        name = self._shown
        addresses = frozenset(self.session.breakpoints.get(name, ())) if name else frozenset()
        key = (name, addresses)
        if key == self._bp_key:
            return
        self._bp_key = key
        program = self._program(name) if name else None
        lines = set()
        if program is not None:
            for a in addresses:
                line = program.line_of(a)
                if line is not None:
                    lines.add(line)
        self.editor.breakpoint_lines = frozenset(lines)
        self.editor.gutter.update()

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        s = self.session
        if not s.guest_names:
            return
        activity = s.activity()
        name = self._choose_guest(activity)
        if name is None:
            return
        self._show(name)
        self._sync_breakpoints()
        view = s.guest(name)
        program = view.program
        self.pc_address = load_address(view)
        pc_line = program.line_of(self.pc_address) if program is not None else None
        self.halt_address = halt_address(view)
        tag = ""
        if self.halt_address is not None and program is not None \
                and program.line_of(self.halt_address) is not None:
            pc_line = program.line_of(self.halt_address)     # the HALT, not the line after it
            tag = self.tr("halted here")
        trap = self._current_trap(name, view, activity)
        self.trap_address = trap[0] if trap else None
        trap_line = program.line_of(trap[0]) if (trap and program is not None
                                                 and trap[0] is not None) else None
        if trap and trap[3]:                     # interrupts: no trapping instruction
            trap_line = None
            self.trap_address = None
        key = (name, s.cycle, pc_line, trap_line, activity, self.controller.running,
               view.state, s.halted)
        if key == self._state_key:
            return
        self._state_key = key
        on_cpu = activity.layer == "guest" and activity.guest == name
        if (pc_line, trap_line, not on_cpu, tag) != (self.editor.pc_line, self.editor.trap_line,
                                                      self.editor.arrow_hollow, self.editor.pc_tag):
            self.editor.set_marks(pc_line, trap_line, not on_cpu, tag)
        focus = trap_line if trap_line is not None else pc_line
        self._focus = (name, focus) if focus is not None else None
        if focus is not None and (name, focus) != self._pc_line_seen:
            self._pc_line_seen = (name, focus)
            if not self.editor.is_line_visible(focus):
                self.editor.scroll_to_line(focus)
        self._update_badge(name, view)
        self._update_info(name, view, activity, pc_line, trap)
        self._arrange_top()
        self._update_block(name, view)

    # ------------------------------------------------------------------ translated block
    def _block_toggled(self, on: bool) -> None:
        self._block_key = None
        self._update_block(self._shown, self.session.guest(self._shown) if self._shown
                           else None)

    def _update_block(self, name: str | None, view) -> None:
        """Binary translation: the translated block at the shown guest's pc, beside it."""
        from .bytecode_pane import show_bytecode
        if show_bytecode(self, view):     # a bytecode interpreter: its bytecode beside it
            return
        from .toy8_pane import show_toy8
        if show_toy8(self, view):         # the Toy8 emulator: the Toy8 program beside it
            return
        s = self.session
        translating = s.technique.kernel_runs == "translated"
        self.block_button.setVisible(translating and not self.compact)
        show = translating and self.block_button.isChecked() and view is not None
        if show == self.block_view.isHidden():
            self.block_view.setVisible(show)
            self._arrange_block()
        if not show:
            self.block_lines, self.block_successors = [], ()
            return
        blocks = s.translated_blocks(name)
        pc = view.pc
        block = next((b for b in blocks if b.start <= pc < b.end), None) \
            if view.kernel_mode else None
        key = (name, view.kernel_mode, pc, None if block is None else block.start,
               len(blocks), self.base_text(0))
        if key == self._block_key:
            return
        self._block_key = key
        if not view.kernel_mode:
            self.block_lines, self.block_successors = [], ()
            self.block_view.setHtml("<p>" + _esc(self.tr(
                "User code runs directly on the CPU: binary translation translates only the "
                "guest's kernel code.")) + "</p>")
            return
        if block is None:
            self.block_lines, self.block_successors = [], ()
            self.block_view.setHtml("<p>" + _esc(self.tr(
                "The kernel code at pc %1 is not translated yet: the VMM translates a block "
                "the first time it is about to run.").replace("%1", self.base_text(pc)))
                + "</p>")
            return
        self.show_block(block, pc)

    def show_block(self, block, pc: int) -> None:
        """Show a translated block (a Session.translated_blocks item), the pc's line marked."""
        lines = []
        for offset, word in enumerate(block.words):
            address = block.start + offset
            lines.append((address, disassemble(word, address), address in block.callouts))
        self.block_lines, self.block_successors = lines, tuple(block.successors)
        self.block_pc = pc
        callout = self.tr("→ callout to the VMM")
        head = (self.tr("Translated block %1–%2: %3 instructions, 1 callout")
                if len(block.callouts) == 1 else
                self.tr("Translated block %1–%2: %3 instructions, %4 callouts"))
        head = (head
                .replace("%1", self.base_text(block.start))
                .replace("%2", self.base_text(block.end - 1))
                .replace("%3", str(len(block.words)))
                .replace("%4", str(len(block.callouts))))
        color = QColor(theme.VMM_COLOR).name()
        rows = []
        for address, text, is_callout in lines:
            here = address == pc
            mark = PC_MARK if here else "&nbsp;"
            # One unbroken piece up to the instruction: a narrow view wraps only inside it.
            row = (f"{mark}&nbsp;{self.base_text(address)}&nbsp;&nbsp;{_esc(text)}")
            rows.append(f"<b>{row}</b>" if here else row)
            if is_callout:          # on a line of its own, under the instruction
                rows.append("&nbsp;" * 6 + f"<span style='color:{color}'><b>"
                            f"{_esc(callout).replace(' ', '&nbsp;')}</b></span>")
        successors = ", ".join(self.base_text(a) for a in block.successors) or "—"
        tail = self.tr("Then it continues at: %1").replace("%1", successors)
        note = self.tr("The guest still sees its original words: the translation is the "
                       "VMM's copy.")
        mono = theme.mono_font().family()
        gap = "margin:0; margin-top:4px"
        self.block_view.setHtml(
            f"<p style='margin:0'><b>{_esc(head)}</b></p>"
            f"<p style='{gap}; font-family:\"{mono}\"; white-space:pre-wrap'>"
            + "<br>".join(rows)
            + f"</p><p style='{gap}'>{_esc(tail)}</p><p style='{gap}'><i>{_esc(note)}</i></p>")
        self._scroll_block_to_pc()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if event.type() == QEvent.Type.Resize and watched is self.block_view.viewport():
            self._scroll_block_to_pc()
        elif event.type() == QEvent.Type.Resize and watched is self.editor.viewport():
            self._keep_focus_in_view()
        return super().eventFilter(watched, event)

    def _scroll_block_to_pc(self) -> None:
        """The block from its top, or as little further down as shows the pc's line."""
        view = self.block_view
        if view.isHidden():
            return
        bar = view.verticalScrollBar()
        bar.setValue(0)
        cursor = view.document().find(PC_MARK)
        if cursor.isNull():
            return
        if any(callout for address, _, callout in self.block_lines if address == self.block_pc):
            cursor.movePosition(QTextCursor.MoveOperation.Down)   # its callout's line too
        below = view.cursorRect(cursor).bottom() + 4 - view.viewport().height()
        if below > 0:
            bar.setValue(bar.value() + below)

    def base_text(self, address: int) -> str:
        return f"0x{address:04X}"

    @property
    def pc_line(self) -> int | None:
        return self.editor.pc_line

    @property
    def trap_line(self) -> int | None:
        return self.editor.trap_line

    def _current_trap(self, name: str, view, activity):
        """(load address, cause, description, interrupt, in flight) of the trap that is
        the current moment for this guest, or None."""
        s = self.session
        if s.halted or view.state in STOPPED_STATES:
            return None         # what it is now, not the last exit before it stopped
        unit = s.cpu().inflight
        running = s.running_guest == name and activity.layer == "guest"
        if running and unit is not None and unit.kind in ("trap", "interrupt"):
            cause = CAUSE_NAMES.get(unit.cause, str(unit.cause))
            address = load_address(view, unit.pc)
            return (address, cause, None, unit.kind == "interrupt", True)
        event = self._trap_finder.latest(s, name)
        if event is None:
            return None
        if not s.under_vmm:
            # The bare machine: the kernel handles a trap at once; it is the moment only then.
            now = s.cycle
            current = event.cycle == now or (unit is not None and unit.start == event.cycle)
            if not current:
                return None
            return (event.load_address, event.cause, None, event.interrupt, False)
        if s.running_guest == name:
            return None          # back in the guest: the exit is over
        return (event.load_address, event.cause, event.action, event.interrupt, False)

    def _update_badge(self, name: str, view) -> None:
        dark = self._dark
        index = self.session.guest_names.index(name)
        color = theme.guest_color(index)
        if view.state in STOPPED_STATES:
            text = short = self._state_text(view.state)
        else:
            text, short = self.mode_texts(view.kernel_mode)
        badge = f"{name} · {text}"
        bg = color if view.kernel_mode else (color.lighter(150) if not dark else color.darker(160))
        fg = theme.text_on(bg)
        self.mode_badge.set_full_text(badge, f"{name} · {short}")
        self.mode_badge.setToolTip(self.mode_tip(name, view.kernel_mode)
                                   if view.state not in STOPPED_STATES else badge)
        sheet = (f"QLabel#code-mode {{ background: {bg.name()}; color: {fg.name()};"
                 f" border-radius: 4px; padding: 1px 8px; }}")
        if sheet != self.mode_badge.styleSheet():
            self.mode_badge.setStyleSheet(sheet)

    def mode_texts(self, kernel_mode: bool) -> tuple[str, str]:
        """The mode the physical CPU runs the shown code in, and a short form: a guest
        kernel runs deprivileged (in user mode) except under hardware assist."""
        if not kernel_mode:
            text = self.tr("user mode")
            return text, text
        runs = self.session.technique.kernel_runs
        if runs == "bare":
            text = self.tr("kernel mode")
            return text, text
        short = self.tr("guest kernel")
        if runs == "guest-mode":
            return self.tr("guest kernel (guest mode: kernel mode)"), short
        return self.tr("guest kernel (deprivileged: user mode)"), short

    def mode_tip(self, name: str, kernel_mode: bool) -> str:
        runs = self.session.technique.kernel_runs
        if not kernel_mode or runs == "bare":
            return f"{name} · {self.mode_texts(kernel_mode)[0]}"
        if runs == "guest-mode":
            return self.tr("The kernel of %1 runs in kernel mode inside the CPU's guest mode "
                           "(hardware assist).").replace("%1", name)
        return self.tr("The kernel of %1 believes it runs in kernel mode; the physical CPU "
                       "runs it deprivileged, in user mode.").replace("%1", name)

    def _state_text(self, state: str) -> str:
        return guest_state_label(state)

    def _unit_text(self, unit) -> str:
        cause = CAUSE_NAMES.get(unit.cause, "")
        if unit.kind == "interrupt":
            return self.tr("the %1 interrupt").replace("%1", cause)
        text = disassemble(unit.word, unit.pc) if unit.word is not None else ""
        if unit.kind == "trap":
            if text:
                return self.tr("%1 (it traps: %2)").replace("%1", text).replace("%2", cause)
            return self.tr("a fetch that traps (%1)").replace("%1", cause)
        return text

    def _update_info(self, name: str, view, activity, pc_line, trap) -> None:
        s = self.session
        unit = s.cpu().inflight
        kind = "plain"
        if activity.layer == "stopped" or s.halted:
            text = self.tr("The machine has stopped (state: %1).").replace(
                "%1", run_state_label(machine_state(s, False)))
            kind = "stopped"
        elif activity.layer == "vmm" and activity.guest == name:
            done, total = activity.progress or (0, 0)
            text = self.tr("The VMM: %1 (%2/%3 cycles)").replace(
                "%1", self._vmm_step_text(activity.step)).replace("%2", str(done)) \
                .replace("%3", str(total))
            kind = "vmm"
        elif activity.layer == "guest" and activity.guest == name and unit is not None:
            index = s.cycle - unit.start
            if index >= 1:
                phase = self._phase_text(unit_phase(unit, min(index, unit.cost)))
                text = self.tr("Cycle %1 of %2 of %3: %4").replace("%1", str(index)) \
                    .replace("%2", str(unit.cost)).replace("%3", self._unit_text(unit)) \
                    .replace("%4", phase)
            else:
                text = self.tr("About to start %1").replace("%1", self._unit_text(unit))
            kind = "trap" if unit.kind in ("trap", "interrupt") else "cycle"
        elif activity.layer == "vmm":
            text = self.tr("The VMM is working for %1: %2").replace("%1", activity.guest or "") \
                .replace("%2", self._vmm_step_text(activity.step))
            text += " " + self.tr("(%1 waits: %2)").replace("%1", name).replace(
                "%2", self._state_text(view.state))
            kind = "vmm"
        elif activity.layer == "idle":
            done, total = activity.progress or (0, 0)
            text = self.tr("The VMM is idle: every guest waits for an interrupt (%1/%2 cycles)") \
                .replace("%1", str(done)).replace("%2", str(total))
            kind = "vmm"
        elif activity.guest != name:
            text = self.tr("%1 is not on the CPU (%2); %3.").replace("%1", name) \
                .replace("%2", self._state_text(view.state)) \
                .replace("%3", on_cpu_label(activity, s.under_vmm))
        else:
            where = self.tr("line %1").replace("%1", str(pc_line)) if pc_line is not None \
                else self.tr("no source line")
            text = self.tr("pc = %1 (%2)").replace("%1", _hex(view.pc)).replace("%2", where)
            if not view.kernel_mode:
                text += "  " + self.tr("user mode: load address BASE + pc = %1").replace(
                    "%1", _hex(self.pc_address))
        if trap is not None and not trap[4]:
            address, cause, action, interrupt, _ = trap
            if not s.under_vmm:
                what = self.tr("Trap: %1") if not interrupt else self.tr("Interrupt: %1")
                what = what.replace("%1", cause)
            elif interrupt:
                what = self.tr("VM exit: %1 interrupt").replace("%1", cause)
            else:
                what = self.tr("VM exit: %1").replace("%1", cause)
            if action:
                what += " — " + self._action_text(action)
            text = what + ".  " + text
            if kind == "plain":
                kind = "trap"
        elif (self.controller.last_reason == "breakpoint" and pc_line is not None
              and pc_line in self.editor.breakpoint_lines and activity.guest == name
              and activity.layer == "guest" and unit is None):
            text = self.tr("Stopped at a breakpoint.") + "  " + text
        self.info_kind = kind
        self.info.setText(text)
        self._style_info(kind, name)

    def _style_info(self, kind: str, name: str) -> None:
        dark = self._dark
        if kind == "trap":
            edge = QColor(theme.BREAKPOINT)
            bg = trap_line_color(dark)
        elif kind == "vmm":
            edge = QColor(theme.VMM_COLOR)
            bg = QColor(theme.VMM_COLOR).lighter(185) if not dark \
                else QColor(theme.VMM_COLOR).darker(260)
        elif kind == "cycle":
            edge = theme.guest_color(self.session.guest_names.index(name))
            bg = pc_line_color(dark)
        elif kind == "stopped":
            edge = QColor(theme.IDLE_COLOR)
            bg = self.palette().color(QPalette.ColorRole.AlternateBase)
        else:
            edge = theme.guest_color(self.session.guest_names.index(name))
            bg = self.palette().color(QPalette.ColorRole.AlternateBase)
        fg = self.palette().color(QPalette.ColorRole.Text)
        sheet = (f"QLabel#code-info {{ background: {bg.name()}; color: {fg.name()};"
                 f" border-left: 4px solid {edge.name()}; padding: 3px 6px; }}")
        if sheet != self.info.styleSheet():
            self.info.setStyleSheet(sheet)

    def _line_tooltip(self, line: int) -> str:
        name = self._shown
        program = self._program(name) if name else None
        if program is None:
            return ""
        words = program.lines_to_addresses.get(line)
        if not words:
            return self.tr("Line %1: no code").replace("%1", str(line))
        first = min(words)
        text = self.tr("Line %1, load address %2").replace("%1", str(line)) \
            .replace("%2", _hex(first))
        run = program.phase_map.get(first)
        if run is not None and run != first:
            text += "\n" + self.tr("the program sees it at %1").replace("%1", _hex(run))
        on = first in self.session.breakpoints.get(name, ())
        text += "\n" + (self.tr("Click to remove the breakpoint") if on
                        else self.tr("Click to set a breakpoint"))
        return text


# ---------------------------------------------------------------------- helpers
def load_address(view, pc: int | None = None) -> int:
    """Where the instruction at `pc` (default: the guest's pc) sits in the guest's
    physical memory: the pc itself in kernel mode, BASE + pc in user mode."""
    pc = view.pc if pc is None else pc
    if view.kernel_mode:
        return pc
    return (view.sr.get("BASE", 0) + pc) & MASK


def halt_address(view) -> int | None:
    """The load address of the instruction that halted the guest: its pc has moved past
    it (the bare machine and every VMM alike), so it is the word before the pc, a HALT
    or the halt hypercall.  None when the guest has not halted so."""
    if view.state != GuestState.HALTED or view.program is None:
        return None
    address = (load_address(view) - 1) & MASK
    word = view.program.image.get(address)
    instruction = decode(word) if word is not None else None
    if instruction is None or instruction.mnemonic not in ("HALT", "HCALL"):
        return None
    return address


def _hex(value: int | None) -> str:
    return "—" if value is None else f"0x{value:04X}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["CodeViewPanel", "CodeEditor", "VL32Highlighter", "halt_address", "load_address",
           "token_formats"]


class _ElidingLabel(QLabel):
    """A label that ends in "…" when squeezed, instead of being cut on both sides."""

    PADDING = 18   # the badge's horizontal padding in its style sheet, both sides

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._full = self._short = self._shown = ""

    def set_full_text(self, text: str, short: str | None = None) -> None:
        """The text, and a shorter one for a narrow panel (the tooltip says it all)."""
        self._full = text
        self._short = short if short is not None else text
        if self._shown not in (self._full, self._short):
            self._shown = text
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def short_text(self) -> str:
        return self._short

    def shown_text(self) -> str:
        """The text it shows whole (the full or the short one), before any eliding."""
        return self._shown

    def show_text(self, text: str) -> None:
        if text != self._shown:
            self._shown = text
            self.updateGeometry()
        self._elide()

    def width_of(self, text: str) -> int:
        return int(self.fontMetrics().horizontalAdvance(text)) + self.PADDING + 2

    def sizeHint(self):
        hint = super().sizeHint()
        hint.setWidth(self.width_of(self._shown))
        return hint

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(self.width_of(self._shown))
        return hint

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        room = max(0, self.width() - self.PADDING)
        super().setText(self.fontMetrics().elidedText(self._shown, Qt.TextElideMode.ElideRight,
                                                      room))
