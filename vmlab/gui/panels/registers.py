"""Registers: the physical CPU and each guest's VCPU, side by side.

One row per register, one column for the physical CPU and one per guest
(native sessions: only the CPU).  STATUS is decoded into its four flags and
IPEND into its three interrupt bits, CAUSE carries its name.  A guest on the
CPU has its live registers in the physical machine; GuestView returns those,
so the guest's column shows them while its system registers stay virtual
(which is the point: the CPU is in user mode while the guest believes it is
in kernel mode).

The highlight answers "what did that step change?": after Step cycle or Step
instruction, every value that differs from the controller's `before` snapshot
(taken just before the step) is highlighted, in every column.  After anything
that is not a step (Run, Run to the next trap, a lesson's run, a travel in
time, a new session) nothing is: across thousands of cycles almost every
register changes, and a highlight on nearly every cell says nothing.  The
highlight also goes once the machine has moved on from where the step left it
by any other means, and while the simulation runs.

The table is a QTableView over a small model updated in place: a refresh
recomputes the values and signals only what changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QAbstractItemView, QButtonGroup, QHBoxLayout, QHeaderView, QLabel,
                               QSizePolicy, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTableView,
                               QToolButton, QVBoxLayout, QWidget)

from ...isa.spec import (CAUSE_NAMES, IPEND_CONSOLE, IPEND_DISK, IPEND_TIMER, SR_NAMES,
                         STATUS_IE, STATUS_KMODE, STATUS_PIE, STATUS_PKMODE)
from .. import theme
from ..labels import GuestState, guest_state_label
from ..panel import Panel

FLAGS_ROLE = Qt.ItemDataRole.UserRole + 1     # [(name, on), ...] for decoded rows
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2     # the raw number
GROUP_ROLE = Qt.ItemDataRole.UserRole + 3     # True on the first row of a group

STATUS_FLAGS = (("IE", STATUS_IE), ("KMODE", STATUS_KMODE), ("PIE", STATUS_PIE),
                ("PKMODE", STATUS_PKMODE))
# Pills in lines: the flags now, then the ones saved at the last trap entry.
STATUS_LINES = (STATUS_FLAGS[:2], STATUS_FLAGS[2:])
IPEND_BITS = (("TIMER", IPEND_TIMER), ("CONSOLE", IPEND_CONSOLE), ("DISK", IPEND_DISK))
CPU = "cpu"                                   # the physical CPU's column key


@dataclass(frozen=True)
class Row:
    key: str          # "pc", "r0".."r15", an SR name, "STATUS.flags", "IPEND.bits"
    kind: str         # "pc", "reg", "sr", "flags", "bits"
    source: str       # the register the value comes from (flags rows: their SR)
    group: bool = False


def _rows() -> list[Row]:
    rows = [Row("pc", "pc", "pc", True)]
    rows += [Row(f"r{i}", "reg", f"r{i}", i == 0) for i in range(16)]
    for name in SR_NAMES:
        rows.append(Row(name, "sr", name, name == "STATUS"))
        if name == "STATUS":
            rows.append(Row("STATUS.flags", "flags", "STATUS"))
        elif name == "IPEND":
            rows.append(Row("IPEND.bits", "bits", "IPEND"))
    return rows


ROWS = _rows()
ROW_INDEX = {row.key: i for i, row in enumerate(ROWS)}


def _signed(value: int) -> int:
    return value - (1 << 32) if value & 0x8000_0000 else value


class RegisterModel(QAbstractTableModel):
    """Rows: registers; columns: the CPU, then each guest's VCPU."""

    def __init__(self, panel: RegistersPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.columns: list[str] = [CPU]
        self.values: list[dict[str, int]] = [{}]     # per column: source register -> value
        self.changed: list[set[str]] = [set()]       # per column: source registers changed
        self.headers: list[str] = [""]
        self.header_tips: list[str] = [""]
        self.base = "hex"
        self.font = theme.mono_font()
        self.changed_brush = theme.changed_background()

    # ------------------------------------------------------------------ shape
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(ROWS)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.columns)

    def set_columns(self, columns: list[str]) -> None:
        self.beginResetModel()
        self.columns = list(columns)
        self.values = [{} for _ in columns]
        self.changed = [set() for _ in columns]
        self.headers = list(columns)
        self.header_tips = ["" for _ in columns]
        self.endResetModel()

    def update(self, values: list[dict[str, int]], changed: list[set[str]],
               headers: list[str], tips: list[str]) -> None:
        """New values: signal only the cells (and headers) that differ."""
        dirty_cols = [c for c in range(len(self.columns))
                      if values[c] != self.values[c] or changed[c] != self.changed[c]]
        self.values, self.changed = values, changed
        for c in dirty_cols:
            self.dataChanged.emit(self.index(0, c), self.index(len(ROWS) - 1, c))
        if headers != self.headers or tips != self.header_tips:
            self.headers, self.header_tips = headers, tips
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    def set_base(self, base: str) -> None:
        if base != self.base:
            self.base = base
            self.everything_changed()

    def everything_changed(self) -> None:
        if self.columns:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(ROWS) - 1, len(self.columns) - 1))
        self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(ROWS) - 1)
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.columns) - 1)

    # ------------------------------------------------------------------ text
    def number(self, value: int, signed: bool) -> str:
        if self.base == "dec":      # with the language's digit grouping: 62,850 / 62.850
            return theme.fmt_int(_signed(value) if signed else value)
        return f"0x{value:08X}"

    def text(self, row: Row, value: int | None, width: float | None = None) -> str:
        """A cell's text.  Decoded rows: the names of the lit pills, one line per line of
        pills as they are laid out in a column `width` pixels wide (a single line without)."""
        if value is None:
            return ""
        if row.kind in ("flags", "bits"):
            groups = [[(name, bool(value & bit)) for name, bit in line]
                      for line in (STATUS_LINES if row.kind == "flags" else (IPEND_BITS,))]
            if width is None:
                lines = [[(name, on, 0) for group in groups for name, on in group]]
            else:
                lines = self.panel.delegate.layout(groups, width)
            shown = [" ".join(name for name, on, _ in line if on) for line in lines]
            return "\n".join(line for line in shown if line) or "—"
        if row.key == "CAUSE":
            name = CAUSE_NAMES.get(value)
            return f"{name} ({value})" if name else self.number(value, False)
        return self.number(value, row.kind == "reg")

    def flags(self, index: QModelIndex):  # noqa: A003 (Qt name)
        return Qt.ItemFlag.ItemIsEnabled

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = ROWS[index.row()]
        col = index.column()
        value = self.values[col].get(row.source)
        if role == Qt.ItemDataRole.DisplayRole:
            if row.kind in ("flags", "bits"):
                return self.text(row, value, self.panel.view.horizontalHeader().sectionSize(col))
            return self.text(row, value)
        if role == VALUE_ROLE:
            return value
        if role == Qt.ItemDataRole.FontRole:
            return self.font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if row.kind == "sr" and row.key == "CAUSE":
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.source in self.changed[col]:
                return self.changed_brush
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.source in self.changed[col]:
                return theme.text_on(self.changed_brush)
            return None
        if role == FLAGS_ROLE:
            if value is None:
                return None
            if row.kind == "flags":
                return [[(name, bool(value & bit)) for name, bit in line]
                        for line in STATUS_LINES]
            if row.kind == "bits":
                return [[(name, bool(value & bit)) for name, bit in IPEND_BITS]]
            return None
        if role == GROUP_ROLE:
            return row.group
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.panel.cell_tooltip(row, self.columns[col], value)
        return None

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            if not 0 <= section < len(ROWS):
                return None
            row = ROWS[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return self.panel.row_label(row)
            if role == Qt.ItemDataRole.FontRole:
                return self.font
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.panel.row_tooltip(row)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            return None
        if not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.header_tips[section]
        if role == Qt.ItemDataRole.UserRole:
            return self.columns[section]
        return None


class RegisterDelegate(QStyledItemDelegate):
    """Plain cells as usual; decoded rows as lit/unlit pills; a rule above each group."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self.view = view
        self.pill_font = theme.ui_font(8)

    def pill_size(self, name: str) -> tuple[float, float]:
        fm = QFontMetricsF(self.pill_font)
        return fm.horizontalAdvance(name) + fm.height() * 0.7, fm.height() * 1.15

    def layout(self, groups, width: float) -> list[list[tuple[str, bool, float]]]:
        """Pills in lines: each group starts a line and wraps if the cell is too narrow."""
        gap = QFontMetricsF(self.pill_font).height() * 0.3
        lines: list[list[tuple[str, bool, float]]] = []
        for group in groups:
            lines.append([])
            used = gap
            for name, on in group:
                w, _ = self.pill_size(name)
                if used + w > width - gap and lines[-1]:
                    lines.append([])
                    used = gap
                lines[-1].append((name, on, w))
                used += w + gap
        return lines

    def lines_needed(self, groups, width: float) -> int:
        return len(self.layout(groups, width))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        flags = index.data(FLAGS_ROLE)
        if flags is None:
            super().paint(painter, option, index)
        else:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style = opt.widget.style() if opt.widget else self.view.style()
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            self._paint_pills(painter, option, flags)
        if index.data(GROUP_ROLE) and index.row() > 0:
            painter.save()
            color = QColor(option.palette.color(QPalette.ColorRole.Text))
            color.setAlphaF(0.35)
            painter.setPen(QPen(color, 1.0))
            r = option.rect
            painter.drawLine(r.left(), r.top(), r.right() + 1, r.top())
            painter.restore()

    def _paint_pills(self, painter: QPainter, option: QStyleOptionViewItem, flags) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.pill_font)
        pal = option.palette
        fm = QFontMetricsF(self.pill_font)
        gap = fm.height() * 0.3
        rect = QRectF(option.rect)
        lines = self.layout(flags, rect.width())      # right-aligned, like the numbers
        _, h = self.pill_size("X")
        total_h = len(lines) * h + (len(lines) - 1) * gap * 0.6
        y = rect.top() + (rect.height() - total_h) / 2
        accent = pal.color(QPalette.ColorRole.Highlight)
        text = QColor(pal.color(QPalette.ColorRole.Text))
        dim = QColor(text)
        dim.setAlphaF(0.4)
        for line in lines:
            width = sum(w for _, _, w in line) + gap * (len(line) - 1)
            x = rect.right() - gap - width
            for name, on, w in line:
                pill = QRectF(x, y, w, h)
                if on:
                    painter.setPen(Qt.PenStyle.NoPen)
                    painter.setBrush(accent)
                    painter.drawRoundedRect(pill, h / 2.5, h / 2.5)
                    painter.setPen(theme.text_on(accent))
                else:
                    painter.setPen(QPen(dim, 1.0))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(pill.adjusted(0.5, 0.5, -0.5, -0.5),
                                            h / 2.5, h / 2.5)
                    painter.setPen(dim)
                painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, name)
                x += w + gap
            y += h + gap * 0.6
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        size = super().sizeHint(option, index)
        flags = index.data(FLAGS_ROLE)
        if flags is not None:
            # Pills may wrap: as wide as "0x00000000", the height is set by the panel.
            fm = QFontMetricsF(theme.mono_font())
            size.setWidth(int(fm.horizontalAdvance("0x00000000") + fm.height()))
        return size


class _ElidedLabel(QLabel):
    """A one-line label that ends in an ellipsis when its dock is narrow."""

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.width())
        painter.drawText(self.rect(), int(Qt.AlignmentFlag.AlignLeft
                                          | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class _ColumnHeader(QHeaderView):
    """Column headers with a band in the column owner's colour (host or guest)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.colors: list[QColor] = []
        self.setSectionsClickable(False)

    def paintSection(self, painter: QPainter, rect, section: int) -> None:  # noqa: N802
        painter.save()
        super().paintSection(painter, rect, section)
        painter.restore()
        if 0 <= section < len(self.colors):
            band = max(4, rect.height() // 7)
            painter.fillRect(rect.left(), rect.top(), rect.width(), band, self.colors[section])

    def sizeHint(self) -> QSize:  # noqa: N802
        size = super().sizeHint()
        return QSize(size.width(), size.height() + max(4, size.height() // 7))


class RegistersPanel(Panel):
    panel_id = "registers"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.model = RegisterModel(self)
        self.view = QTableView(self)
        self.view.setObjectName("registers-table")
        self.view.setModel(self.model)
        self.delegate = RegisterDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.setShowGrid(False)
        self.view.setWordWrap(False)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.header = _ColumnHeader(self.view)
        self.view.setHorizontalHeader(self.header)
        header = self.header
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        header.sectionResized.connect(self._fit_decoded_rows)
        self.view.viewport().installEventFilter(self)
        vheader = self.view.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setHighlightSections(False)
        vheader.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)

        self.caption = _ElidedLabel(self)
        self.caption.setObjectName("registers-caption")
        self.caption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.guest_mode_badge = QLabel(self)       # hardware assist: the CPU in guest mode
        self.guest_mode_badge.setObjectName("registers-guest-mode")
        self.guest_mode_badge.hide()
        self.changed_key = QLabel(self)
        self.changed_key.setObjectName("registers-changed-key")
        self.hex_button = QToolButton(self)
        self.hex_button.setObjectName("registers-hex")
        self.dec_button = QToolButton(self)
        self.dec_button.setObjectName("registers-dec")
        self.base_group = QButtonGroup(self)
        self.base_group.setExclusive(True)
        for button in (self.hex_button, self.dec_button):
            button.setCheckable(True)
            button.setAutoRaise(False)
            self.base_group.addButton(button)
        self.hex_button.setChecked(True)
        self.hex_button.clicked.connect(lambda: self._base_clicked("hex"))
        self.dec_button.clicked.connect(lambda: self._base_clicked("dec"))

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(4)
        top.addWidget(self.caption, 1)
        top.addWidget(self.guest_mode_badge)
        top.addWidget(self.changed_key)
        top.addSpacing(6)
        top.addWidget(self.hex_button)
        top.addWidget(self.dec_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)

        self._columns_for = None
        self._last_key = None
        self._run_before = None      # the controller's `before` during the last run
        self._step_at = None         # (a step's `before`, the cycle the step ended at)
        controller.runningChanged.connect(self._on_running_changed)
        self._setup_columns()
        self.apply_style()
        self.retranslate()

    # ------------------------------------------------------------------ texts
    def title(self) -> str:
        return self.tr("Registers")

    def retranslate(self) -> None:
        if not self.session.under_vmm:
            self.caption.setText(self.tr("CPU (native)"))
            self.caption.setToolTip(self.tr("%1 runs on the bare machine: no VMM, no VCPU").replace(
                "%1", self.session.guest_names[0]))
        else:
            self.caption.setText(self.tr("CPU and VCPUs"))
            self.caption.setToolTip(self.tr(
                "The physical CPU and, beside it, the virtual CPU of each guest"))
        self.hex_button.setText(self.tr("hex"))
        self.hex_button.setToolTip(self.tr("Show values in hexadecimal"))
        self.dec_button.setText(self.tr("dec"))
        self.dec_button.setToolTip(self.tr("Show values in decimal (general registers signed)"))
        self.guest_mode_badge.setText(self.tr("guest mode"))
        self.guest_mode_badge.setToolTip(self.tr(
            "Hardware assist: the CPU is in guest mode. It runs the guest itself, its kernel "
            "in kernel mode, and applies privileged instructions to the guest's virtual "
            "state; only some events exit to the VMM."))
        self.changed_key.setText(self.tr("changed"))
        self.changed_key.setToolTip(self.tr(
            "Highlighted: the values the last step changed (Step cycle or Step instruction). "
            "After a run nothing is highlighted: over many cycles almost every value changes."))
        self._last_key = None
        self.model.everything_changed()
        self.refresh()

    def row_label(self, row: Row) -> str:
        if row.key == "r14":
            return "r14  sp"
        if row.key == "r15":
            return "r15  ra"
        if row.kind == "flags":
            return "  " + self.tr("flags")
        if row.kind == "bits":
            return "  " + self.tr("pending")
        return row.key

    def row_tooltip(self, row: Row) -> str:
        tips = {
            "pc": self.tr("Program counter: the address of the next instruction"),
            "r0": self.tr("r0 always reads 0"),
            "r14": self.tr("r14 is the stack pointer (sp) by convention"),
            "r15": self.tr("r15 is the return address (ra), written by JAL"),
            "STATUS": self.tr("STATUS: interrupts enabled (IE), kernel mode (KMODE), and their "
                         "previous values (PIE, PKMODE) saved at trap entry"),
            "STATUS.flags": self.tr("IE: interrupts enabled; KMODE: kernel mode; PIE and PKMODE: "
                               "the values before the last trap"),
            "EPC": self.tr("EPC: address of the instruction that trapped or was interrupted"),
            "CAUSE": self.tr("CAUSE: why the last trap happened"),
            "TVAL": self.tr("TVAL: extra trap information (bad address, SYSCALL code, "
                       "instruction word)"),
            "TVEC": self.tr("TVEC: the kernel's entry point for every trap"),
            "BASE": self.tr("BASE: where user-mode address 0 is in memory"),
            "BOUND": self.tr("BOUND: user-mode addresses must be below it"),
            "TIMER": self.tr("TIMER: cycles until the timer interrupt (0: disarmed)"),
            "SCRATCH": self.tr("SCRATCH: free for the kernel"),
            "CYCLE": self.tr("CYCLE: cycles completed (a guest sees its virtual clock)"),
            "IPEND": self.tr("IPEND: pending interrupts"),
            "IPEND.bits": self.tr("Pending interrupts: timer, console input, disk"),
        }
        return tips.get(row.key, "")

    def cell_tooltip(self, row: Row, column: str, value: int | None) -> str:
        if value is None:
            return ""
        who = self.tr("physical CPU") if column == CPU else \
            self.tr("%1's VCPU").replace("%1", column)
        return f"{who} · {self.row_label(row).strip()} = 0x{value:08X} = " \
               f"{theme.fmt_int(value)} ({theme.fmt_int(_signed(value))})"

    def _column_header(self, column: str, running: str | None) -> tuple[str, str]:
        s = self.session
        if column == CPU:
            cpu = s.cpu()
            mode = self.tr("kernel mode") if cpu.kernel_mode else self.tr("user mode")
            tip = self.tr("The physical CPU (the host's registers)")
            if cpu.guest_mode:             # the badge above says "guest mode"
                tip += "\n" + self.tr("In guest mode (hardware assist): it runs the guest, "
                                      "in the guest's own mode")
            return self.tr("CPU") + "\n" + mode, tip
        view = s.guest(column)
        if column == running and s.under_vmm:
            state = guest_state_label(GuestState.RUNNING)      # "on the CPU"
        else:
            state = guest_state_label(view.state)
        tip = self.tr("%1's virtual CPU: the registers the guest believes it has").replace(
            "%1", column)
        if column == running and s.under_vmm:
            tip += "\n" + self.tr("It is on the CPU now: its general registers and pc are the "
                             "CPU's; its system registers stay virtual.")
        return column + "\n" + state, tip

    # ------------------------------------------------------------------ style
    def apply_style(self) -> None:
        font = theme.mono_font()
        self.model.font = font
        self.delegate.pill_font = theme.ui_font(8)
        self.caption.setFont(theme.ui_font(bold=True))
        self.changed_key.setFont(theme.ui_font(8.5))
        self.guest_mode_badge.setFont(theme.ui_font(8.5, bold=True))
        for button in (self.hex_button, self.dec_button):
            button.setFont(theme.ui_font(9))
        self.view.horizontalHeader().setFont(theme.ui_font(9, bold=True))
        self.view.verticalHeader().setFont(font)
        self._apply_colours()
        fm = QFontMetricsF(font)
        self.view.verticalHeader().setDefaultSectionSize(int(fm.height() * 1.35))
        self.view.verticalHeader().setMinimumWidth(int(fm.horizontalAdvance("SCRATCH") +
                                                       fm.height()))
        self._fit_minimum_width()
        self.model.everything_changed()
        self._fit_decoded_rows()

    def _fit_minimum_width(self) -> None:
        """Columns never narrower than the widest value in the number base shown."""
        fm = QFontMetricsF(self.model.font)
        widest = "0x00000000" if self.model.base == "hex" else theme.fmt_int(-2 ** 31)
        self.view.horizontalHeader().setMinimumSectionSize(
            int(fm.horizontalAdvance(widest) + fm.height() * 0.6))

    def _apply_colours(self) -> None:
        self.model.changed_brush = theme.changed_background(self.palette())
        bg = self.model.changed_brush
        guest = QColor(theme.VMM_COLOR)
        self.guest_mode_badge.setStyleSheet(
            f"QLabel#registers-guest-mode {{ background: {guest.name()};"
            f" color: {theme.text_on(guest).name()}; border-radius: 3px; padding: 1px 6px; }}")
        self.changed_key.setStyleSheet(
            f"QLabel#registers-changed-key {{ background: {bg.name()};"
            f" color: {theme.text_on(bg).name()}; border-radius: 3px; padding: 1px 6px; }}")
        self._style_header()
        self._style_row_header()

    def _style_row_header(self) -> None:
        """Register names as a quiet flat column, not as a stack of buttons."""
        pal = self.palette()
        bg = pal.color(QPalette.ColorRole.Window)
        fg = pal.color(QPalette.ColorRole.WindowText)
        rule = QColor(fg)
        rule.setAlphaF(0.25)
        self.view.verticalHeader().setStyleSheet(
            f"QHeaderView::section {{ background: {bg.name()}; color: {fg.name()};"
            f" border: none; border-right: 1px solid {rule.name(QColor.NameFormat.HexArgb)};"
            f" padding: 0px 8px 0px 6px; }}")

    def _style_header(self) -> None:
        """Each column header marked in its owner's colour: the host, or the guest's."""
        names = self.session.guest_names
        colors = [QColor(theme.HOST_COLOR) if c == CPU
                  else theme.guest_color(names.index(c) if c in names else 0)
                  for c in self.model.columns]
        self.header.colors = colors
        self.header.viewport().update()

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_colours()
            self.model.everything_changed()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            # The stretched columns take their widths after this event.
            QTimer.singleShot(0, self._fit_decoded_rows)
        return super().eventFilter(watched, event)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        self._fit_decoded_rows()

    def _fit_decoded_rows(self, *_args) -> None:
        """Row heights of the decoded rows: as many pill lines as the narrowest column needs."""
        header = self.view.horizontalHeader()
        widths = [header.sectionSize(c) for c in range(self.model.columnCount())]
        width = min(widths) if widths else 100
        fm = QFontMetricsF(self.model.font)
        line_h = int(fm.height() * 1.35)
        _, pill_h = self.delegate.pill_size("X")
        gap = QFontMetricsF(self.delegate.pill_font).height() * 0.3
        vheader = self.view.verticalHeader()
        for key, groups in (("STATUS.flags", [[(n, False) for n, _ in line]
                                               for line in STATUS_LINES]),
                            ("IPEND.bits", [[(n, False) for n, _ in IPEND_BITS]])):
            lines = self.delegate.lines_needed(groups, width)
            height = max(line_h, int(lines * pill_h + (lines - 1) * gap * 0.6 + gap * 2))
            row = ROW_INDEX[key]
            if vheader.sectionSize(row) != height:
                vheader.resizeSection(row, height)

    # ------------------------------------------------------------------ number base
    def set_number_base(self, base: str) -> None:
        base = "dec" if base == "dec" else "hex"
        (self.dec_button if base == "dec" else self.hex_button).setChecked(True)
        self.model.set_base(base)
        self._fit_minimum_width()

    @property
    def number_base(self) -> str:
        return self.model.base

    def _base_clicked(self, base: str) -> None:
        # Keep the window's View menu (and the other panels) in step when it exists.
        action = getattr(self.window(), "actions_by_name", {}).get("base")
        if action is not None:
            if action.isChecked() != (base == "dec"):
                action.trigger()
            else:
                self.set_number_base(base)
        else:
            self.set_number_base(base)

    # ------------------------------------------------------------------ columns
    def _setup_columns(self) -> None:
        s = self.session
        # Under a VMM each guest has a virtual CPU beside the physical one.
        columns = [CPU] + list(s.guest_names) if s.under_vmm else [CPU]
        self._columns_for = s
        self.model.set_columns(columns)
        self._style_header()
        self._fit_decoded_rows()

    def on_session_replaced(self) -> None:
        self._setup_columns()
        self._last_key = None
        self._run_before = self._step_at = None
        self.retranslate()

    def row_of(self, key: str) -> int:
        return ROW_INDEX[key]

    def column_of(self, name: str) -> int:
        return self.model.columns.index(name)

    def cell_text(self, key: str, column: str) -> str:
        """A cell's text on one line (decoded rows: the lit flags, in order)."""
        index = self.model.index(self.row_of(key), self.column_of(column))
        return " ".join(self.model.data(index, Qt.ItemDataRole.DisplayRole).split("\n"))

    def is_highlighted(self, key: str, column: str) -> bool:
        index = self.model.index(self.row_of(key), self.column_of(column))
        return self.model.data(index, Qt.ItemDataRole.BackgroundRole) is not None

    # ------------------------------------------------------------------ highlight
    def _on_running_changed(self, _running: bool) -> None:
        # A run starts or ends: the snapshots taken meanwhile are a run's, not a step's.
        self._run_before = self.controller.before
        self._step_at = None
        self._last_key = None

    def step_before(self):
        """The snapshot the highlight compares with: the one taken before the last step, while
        the machine is where that step left it; None after a run, a travel or anything else."""
        c = self.controller
        before = c.before
        s = self.session
        if (c.running or before is self._run_before or c.last_reason is None
                or s.cycle <= before.cycle):
            return None          # running, after a run, after a travel (its reason is None)
        if self._step_at is None or self._step_at[0] is not before:
            self._step_at = (before, s.cycle)      # the step's result, first seen now
        return before if self._step_at[1] == s.cycle else None

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        s = self.session
        if self._columns_for is not s:
            self._setup_columns()
        before = self.step_before()
        # What the user did counts too: a snapshot restored (or a guest command) changes
        # registers at the same cycle.
        actions = s.actions
        key = (id(s), s.cycle, id(before), s.halted, len(actions),
               actions[-1] if actions else None)
        if key == self._last_key:
            return
        self._last_key = key
        cpu = s.cpu()
        self.guest_mode_badge.setVisible(cpu.guest_mode)
        running = s.running_guest
        values, changed, headers, tips = [], [], [], []
        for column in self.model.columns:
            if column == CPU:
                regs, pc, sr = list(cpu.regs), cpu.pc, cpu.sr
                old = (list(before.cpu_regs[:16]), before.cpu_regs[16], before.cpu_sr) \
                    if before is not None and len(before.cpu_regs) > 16 else None
            else:
                view = s.guest(column)
                regs, pc, sr = view.regs, view.pc, view.sr   # live, even while it runs
                snap = before.guests.get(column) if before is not None else None
                old = None
                if snap is not None:
                    old_regs, old_sr = snap[0], snap[1]
                    old_pc = snap[2] if len(snap) > 2 else pc
                    old = (list(old_regs), old_pc, old_sr)
            current = {f"r{i}": v for i, v in enumerate(regs)}
            current["pc"] = pc
            current.update(sr)
            diff = set()
            if old is not None:
                previous = {f"r{i}": v for i, v in enumerate(old[0])}
                previous["pc"] = old[1]
                previous.update(old[2])
                diff = {k for k, v in current.items() if previous.get(k, v) != v}
            values.append(current)
            changed.append(diff)
            text, tip = self._column_header(column, running)
            headers.append(text)
            tips.append(tip)
        self.model.update(values, changed, headers, tips)
        # The key explains highlighted cells: shown only when there are some.
        self.changed_key.setVisible(any(changed))


__all__ = ["RegistersPanel", "RegisterModel", "ROWS", "CPU", "FLAGS_ROLE", "VALUE_ROLE"]
