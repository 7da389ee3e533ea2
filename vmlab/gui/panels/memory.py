"""Memory: who owns which host words, where each guest's shadow window lies, and the words.

Top: a map of host memory by owner (VMM region with the VCPU save areas, one
partition per guest, free memory), with each guest's current shadow window
(the physical BASE/BOUND the VMM would load for it now) and the window the
CPU is using at this moment.  Below: every word of physical memory as a table
(address, value, character, disassembly, owner) over a lazy model: only the
rows on screen are ever formatted, so 65,536 rows scroll instantly.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QPointF, QRectF, QSize, Qt,
                            Signal)
from PySide6.QtGui import (QBrush, QColor, QFontMetricsF, QIcon, QPainter, QPainterPath, QPalette,
                           QPen, QPixmap, QPolygonF)
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QCompleter, QHBoxLayout,
                               QHeaderView, QLabel, QLineEdit, QSizePolicy, QTableView,
                               QToolTip, QVBoxLayout, QWidget)

from ...asm import disassemble
from ...isa.spec import STATUS_KMODE
from .. import theme
from ...observe.vocabulary import STOPPED_STATES
from ..labels import guest_state_label, machine_state, run_state_label
from ..panel import Panel

MASK = 0xFFFF_FFFF
COL_ADDRESS, COL_VALUE, COL_CHAR, COL_INSTRUCTION, COL_OWNER = range(5)
COLUMNS = 5
CHANGE_MARGIN = 64          # rows kept around the visible ones when memory is huge
FULL_COPY_WORDS = 1 << 20   # up to this size the whole memory is copied per shown cycle
MIN_PIECE = 0.035           # smallest share of the map's width for any piece of memory


@lru_cache(maxsize=8192)
def _disasm(word: int, address: int) -> str:
    return disassemble(word, address)


def printable(word: int) -> str:
    """The word as a Latin-1 character if it is a printable one, else ''."""
    if 0x20 <= word <= 0x7E or 0xA0 <= word <= 0xFF:
        return chr(word)
    return ""


def pc_background(palette: QPalette | None = None) -> QColor:
    color = QColor(theme.PC_LINE)
    return color.darker(300) if theme.is_dark(palette) else color


def focus_background(palette: QPalette | None = None) -> QColor:
    """The guest's instruction at a trap or VM exit: the code view's trap colour."""
    return QColor("#6b2328") if theme.is_dark(palette) else QColor(theme.TRAP_LINE)


def guest_focus(session) -> tuple[int, str, str] | None:
    """Where the guest's instruction is in host memory when the CPU is not running it:
    (physical address, kind, guest).  kind "exit": the instruction of the VM exit the VMM
    is handling; "trap": on the bare machine, the one that trapped at this very cycle;
    "resume": the VMM works for a guest, which goes on at its pc.  None otherwise (the
    physical pc is then the guest's own instruction, or nothing runs)."""
    current = session.exit_in_progress()
    if current is not None and current.guest in session.guest_names:
        return (session.physical_address(current.guest, current.load_address), "exit",
                current.guest)
    if not session.under_vmm:
        event = session.last_trap_event()
        if (event is not None and event.cycle == session.cycle and not event.interrupt
                and event.guest in session.guest_names):
            return (session.physical_address(event.guest, event.load_address), "trap",
                    event.guest)
        return None
    activity = session.activity()
    if activity.layer == "vmm" and activity.guest in session.guest_names:
        view = session.guest(activity.guest)
        return (session.physical_address(activity.guest, view.load_address(view.pc)), "resume",
                activity.guest)
    return None


# ---------------------------------------------------------------------- what is shown
class MemoryLayout:
    """The map's content: the session's memory map (also what the tests read)."""

    def __init__(self, session) -> None:
        mm = session.memory_map()
        self.total = mm.total
        self.guest_names = list(session.guest_names)
        self.spans = [tuple(span) for span in mm.spans]
        self.bare = not mm.partitioned     # one kernel owns the machine: addresses are its own
        self.windows: dict[str, tuple[int, int]] = dict(mm.windows)
        self.save_areas: dict[str, int] = dict(mm.save_areas)
        self.save_area_words = mm.save_area_words
        self.save_layout = mm.save_layout
        self.control_blocks: dict[str, int] = dict(mm.control_blocks)   # hardware assist
        self.control_block_words = mm.control_block_words
        self.control_block_layout = mm.control_block_layout
        self.modes: dict[str, str] = dict(mm.modes)
        self.states: dict[str, str] = dict(mm.states)
        self.active: str | None = mm.active
        self.physical_window: tuple[int, int] | None = mm.physical_window  # CPU's, user mode
        self.cpu_kernel = mm.cpu_kernel
        self.halted = mm.halted
        self.pc = mm.pc
        # How the guests' kernels run: "bare", "trapped", "translated", "hypercalls" (all
        # deprivileged) or "guest-mode" (the registry's kernel_runs).
        self.kernel_runs = session.technique.kernel_runs
        self.run_state = machine_state(session, False)     # halted, powered off… once stopped
        focus = guest_focus(session) if not mm.halted else None
        if focus is not None and not 0 <= focus[0] < self.total:
            focus = None
        self.focus: tuple[int, str, str] | None = focus   # (address, kind, guest)
        self._starts = [span[0] for span in self.spans]

    def key(self) -> tuple:
        return (self.total, tuple(self.spans), tuple(sorted(self.windows.items())),
                tuple(sorted(self.modes.items())), tuple(sorted(self.states.items())),
                self.active, self.physical_window, self.cpu_kernel, self.pc, self.halted,
                self.focus)

    def owner_of(self, address: int) -> tuple[int, int, str] | None:
        i = bisect_right(self._starts, address) - 1
        if i >= 0 and self.spans[i][0] <= address < self.spans[i][1]:
            return self.spans[i]
        return None

    def save_area_of(self, address: int) -> tuple[str, int] | None:
        """(guest, word index) if address lies in a VCPU save area."""
        for name, start in self.save_areas.items():
            if start <= address < start + self.save_area_words:
                return name, address - start
        return None

    def control_block_of(self, address: int) -> tuple[str, int] | None:
        """(guest, word index) if address lies in a control block (hardware assist)."""
        for name, start in self.control_blocks.items():
            if start <= address < start + self.control_block_words:
                return name, address - start
        return None

    def pieces(self) -> list[tuple[int, int]]:
        """Contiguous pieces of memory, each drawn at least MIN_PIECE wide."""
        cuts = {0, self.total}
        for start, end, _ in self.spans:
            cuts.update((start, end))
        for start in self.save_areas.values():
            cuts.update((start, start + self.save_area_words))
        for start in self.control_blocks.values():
            cuts.update((start, start + self.control_block_words))
        cuts = sorted(c for c in cuts if 0 <= c <= self.total)
        return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


class Scale:
    """Address <-> x, piecewise linear: small pieces (the VMM region) stay visible."""

    def __init__(self, pieces: list[tuple[int, int]], total: int, x0: float, width: float) -> None:
        total = max(1, total)
        weights = [max((b - a) / total, MIN_PIECE if len(pieces) > 1 else 0) for a, b in pieces]
        norm = sum(weights) or 1.0
        self.pieces = pieces or [(0, total)]
        self.edges = [x0]
        for w in weights or [1.0]:
            self.edges.append(self.edges[-1] + width * w / norm)
        self.starts = [a for a, _ in self.pieces]
        self.x0, self.width, self.total = x0, width, total

    def x(self, address: float) -> float:
        i = max(0, min(len(self.pieces) - 1, bisect_right(self.starts, address) - 1))
        a, b = self.pieces[i]
        f = (address - a) / (b - a) if b > a else 0.0
        return self.edges[i] + (self.edges[i + 1] - self.edges[i]) * min(max(f, 0.0), 1.0)

    def address(self, x: float) -> int:
        i = max(0, min(len(self.pieces) - 1, bisect_right(self.edges, x) - 1))
        a, b = self.pieces[i]
        span = self.edges[i + 1] - self.edges[i]
        f = (x - self.edges[i]) / span if span > 0 else 0.0
        return int(max(0, min(self.total - 1, a + f * (b - a))))


# ---------------------------------------------------------------------- the map
class MemoryMap(QWidget):
    """A horizontal bar of host memory by owner, with the shadow windows on it."""

    BAR, BAR_TINY = 2.2, 1.8        # the bar's height in lines

    addressClicked = Signal(int)

    def __init__(self, panel: "MemoryPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.layout_info: MemoryLayout | None = None
        self.view_range: tuple[int, int] | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._bar = QRectF()
        self._scale: Scale | None = None
        self.compact = True       # a short panel: no legend lines (they go to the tooltip)
        self.tiny = False         # a very short one: no title line, brackets or address ticks

    # geometry -----------------------------------------------------------
    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(theme.ui_font(9))

    def _lanes(self) -> int:
        info = self.layout_info
        if self.compact:
            return 0
        if info is None:
            return 1
        return len(info.windows) + (1 if info.save_areas else 0) + \
            (1 if info.control_blocks else 0)

    def sizeHint(self) -> QSize:
        line = self._metrics().height()
        if self.tiny:      # the pc lane, the bar and the table's rows under it
            return QSize(360, int(6 + line + line * self.BAR_TINY + 8 + 4))
        height = (6 + (line + 2) + line + line * self.BAR + 8 + line * 0.45 + 3 + (line + 4)
                  + self._lanes() * (line + 4) + 4)
        return QSize(360, int(height))

    def minimumSizeHint(self) -> QSize:
        hint = self.sizeHint()
        return QSize(200, hint.height())

    def set_layout_info(self, info: MemoryLayout) -> None:
        lanes_before = self._lanes()
        self.layout_info = info
        if self._lanes() != lanes_before:
            self.updateGeometry()
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def set_compact(self, compact: bool, tiny: bool = False) -> None:
        tiny = tiny and compact
        if (compact, tiny) != (self.compact, self.tiny):
            self.compact, self.tiny = compact, tiny
            self.setFixedHeight(self.sizeHint().height())
            self.update()

    def full_height(self, compact: bool = False) -> int:
        """Its height with the legend (or, compact, without it), title and ticks."""
        saved = self.compact, self.tiny
        self.compact, self.tiny = compact, False
        height = self.sizeHint().height()
        self.compact, self.tiny = saved
        return height

    def set_view_range(self, first: int, last: int) -> None:
        if self.view_range != (first, last):
            self.view_range = (first, last)
            self.update()

    def scale(self) -> Scale | None:
        info = self.layout_info
        if info is None:
            return None
        margin = 10.0
        return Scale(info.pieces(), info.total, margin, max(10.0, self.width() - 2 * margin))

    # painting -----------------------------------------------------------
    def paintEvent(self, event) -> None:
        info = self.layout_info
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        dim = QColor(text)
        dim.setAlphaF(0.65)
        font = theme.ui_font(9)
        bold = theme.ui_font(9, bold=True)
        fm, bfm = QFontMetricsF(font), QFontMetricsF(bold)
        line = fm.height()
        painter.setFont(font)
        if info is None or not info.spans:
            painter.setPen(dim)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             self.panel.texts.get("no_memory", ""))
            return
        scale = self._scale = self.scale()
        names = info.guest_names
        t = self.panel.texts
        dark = theme.is_dark(pal)
        left, right = scale.x0, scale.x0 + scale.width
        align_left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

        # Header: what the bar is (a very short panel leaves it to the dock's title).
        y = 6.0
        if not self.tiny:
            painter.setPen(text)
            painter.setFont(bold)
            header = t["map_title"].replace("%1", theme.fmt_int(info.total))
            painter.drawText(QRectF(left, y, scale.width, line), align_left, header)
            painter.setFont(font)
            note = t["not_to_scale"]
            if not info.bare and scale.width - bfm.horizontalAdvance(header) > \
                    fm.horizontalAdvance(note) + 16:
                painter.setPen(dim)
                painter.drawText(QRectF(left, y, scale.width, line),
                                 Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                                 note)
            y += line + 2
        pc_lane = y
        y += line

        # The bar: one tinted block per owner, labelled.
        bar = self._bar = QRectF(left, y, scale.width,
                                 line * (self.BAR_TINY if self.tiny else self.BAR))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(bar, 4, 4)
        for start, end, owner in info.spans:
            color = theme.owner_color(owner, names)
            x1, x2 = scale.x(start), scale.x(end)
            rect = QRectF(x1, bar.top(), max(1.0, x2 - x1), bar.height())
            tint = QColor(color)
            tint.setAlphaF(0.30 if owner != "free" else 0.35)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(tint)
            painter.drawRect(rect)
            label = t["owner_vmm"] if owner == "vmm" else t["owner_free"] if owner == "free" \
                else owner
            label_rect = rect.adjusted(4, 1, -3, -bar.height() / 2)
            label_font = bold
            if bfm.horizontalAdvance(label) > label_rect.width():
                label_font = theme.ui_font(7.5, bold=True)     # narrow: a smaller label
            painter.setFont(label_font)
            elided = QFontMetricsF(label_font).elidedText(label, Qt.TextElideMode.ElideRight,
                                                          max(0.0, label_rect.width()))
            ink = dim if owner == "free" else \
                (QColor(color).lighter(160) if dark else QColor(color).darker(150))
            painter.setPen(ink)
            painter.drawText(label_rect, align_left, elided)
        painter.setFont(font)

        # Lower half of the bar: VCPU save areas (hatched) and each guest's window (solid).
        band = QRectF(left, bar.top() + bar.height() * 0.5, scale.width,
                      bar.height() * 0.5 - 3)
        for name, start in info.save_areas.items():
            color = theme.owner_color(name, names)
            x1, x2 = scale.x(start), scale.x(start + info.save_area_words)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(QBrush(color, Qt.BrushStyle.Dense4Pattern))
            painter.drawRect(QRectF(x1 + 1, band.top(), max(2.0, x2 - x1 - 2), band.height()))
        for name, start in info.control_blocks.items():
            color = theme.owner_color(name, names)
            x1, x2 = scale.x(start), scale.x(start + info.control_block_words)
            painter.setPen(QPen(color.darker(130), 1))
            painter.setBrush(QBrush(color, Qt.BrushStyle.DiagCrossPattern))
            painter.drawRect(QRectF(x1 + 1, band.top(), max(2.0, x2 - x1 - 2), band.height()))
        for name, (wbase, wbound) in info.windows.items():
            if wbound <= 0:
                continue
            x1, x2 = scale.x(wbase), scale.x(wbase + wbound)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(theme.owner_color(name, names))
            painter.drawRect(QRectF(x1, band.top(), max(2.0, x2 - x1), band.height()))

        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1))
        for start, _, _ in info.spans[1:]:
            x = scale.x(start)
            painter.drawLine(QPointF(x, bar.top()), QPointF(x, bar.bottom()))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(bar, 4, 4)

        # The window the CPU uses right now (its BASE/BOUND): a strong outline.
        if info.physical_window is not None:
            wbase, wbound = info.physical_window
            x1, x2 = scale.x(wbase), scale.x(wbase + max(wbound, 0))
            painter.setPen(QPen(text, 2.5))
            painter.drawRoundedRect(QRectF(x1, bar.top() - 2, max(3.0, x2 - x1),
                                           bar.height() + 4), 3, 3)

        # Above the bar, in the pc lane: the guest's instruction at a trap or VM exit (a
        # triangle in its colour), the physical pc (red), and where the CPU is when no guest
        # window is in use; a name that would overlap another is left out (the tooltip and
        # the table say it too).
        taken: list[QRectF] = []

        def marker(address: int, color: QColor, label: str) -> None:
            x = scale.x(address + 0.5)
            painter.setPen(QPen(color.darker(140), 1))
            painter.setBrush(color)
            painter.drawPolygon(QPolygonF([QPointF(x - 5, bar.top() - 10),
                                           QPointF(x + 5, bar.top() - 10),
                                           QPointF(x, bar.top() - 2)]))
            w = bfm.horizontalAdvance(label)
            tx = x + 8 if x + 8 + w <= right else max(left, x - 8 - w)
            rect = QRectF(tx, pc_lane - 2, w + 2, line)
            if any(rect.intersects(other.adjusted(-6, 0, 6, 0)) for other in taken):
                return
            taken.append(rect)
            painter.setFont(bold)
            painter.setPen(text)
            painter.drawText(rect, align_left, label)
            painter.setFont(font)

        if info.focus is not None:
            address, _, guest = info.focus
            marker(address, theme.owner_color(guest, names),
                   t["focus"].replace("%1", guest)
                   .replace("%2", self.panel.format_address(address)))
        if info.pc is not None:
            marker(info.pc, QColor(theme.BREAKPOINT),
                   t["pc"].replace("%1", self.panel.format_address(info.pc)))

        status = ""
        if info.halted:
            status = t["machine"].replace("%1", run_state_label(info.run_state))
        elif not info.bare and info.active is None:
            status = t["cpu_vmm"]
        if status:
            sw = fm.horizontalAdvance(status)
            rect = QRectF(right - sw - 2, pc_lane - 2, sw + 2, line)
            if not any(rect.intersects(other.adjusted(-12, 0, 12, 0)) for other in taken):
                painter.setPen(dim)
                painter.drawText(rect, align_left, status)

        # Under the bar: the table's visible rows, then a bracket under each window.
        y = bar.bottom() + 3
        if self.view_range is not None:
            first, last = self.view_range
            x1, x2 = scale.x(first), scale.x(min(info.total, last + 1))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRect(QRectF(x1, y, max(3.0, x2 - x1), 3))
        y += 5
        if self.tiny:
            painter.end()
            return
        bracket_h = line * 0.45
        for name, (wbase, wbound) in info.windows.items():
            if wbound <= 0:
                continue
            active = name == info.active
            x1, x2 = scale.x(wbase) + 1, max(scale.x(wbase + wbound) - 1, scale.x(wbase) + 3)
            pen = QPen(theme.owner_color(name, names), 2.6 if active else 1.5)
            if not active:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            path = QPainterPath()
            path.moveTo(x1, y)
            path.lineTo(x1, y + bracket_h)
            path.lineTo(x2, y + bracket_h)
            path.lineTo(x2, y)
            painter.drawPath(path)
        y += bracket_h + 3

        # Address ticks: each owner's first word and the last word.
        painter.setPen(dim)
        mono = theme.mono_font(8)
        painter.setFont(mono)
        mfm = QFontMetricsF(mono)
        end_text = self.panel.format_address(info.total - 1)
        end_left = right - mfm.horizontalAdvance(end_text)
        last_right = -1e9
        for start, _, _ in info.spans:
            label = self.panel.format_address(start)
            w = mfm.horizontalAdvance(label)
            x = scale.x(start)
            if x < last_right + 6 or x + w > end_left - 6:
                continue
            painter.drawText(QRectF(x, y, w + 2, line), align_left, label)
            last_right = x + w
        painter.drawText(QRectF(end_left, y, right - end_left + 2, line), align_left, end_text)
        y += line + 4
        painter.setFont(font)

        # Legend: one line per guest window, then the VCPU save areas.
        if self.compact:
            painter.end()
            return
        for name, (wbase, wbound) in info.windows.items():
            color = theme.owner_color(name, names)
            active = name == info.active
            sw = QRectF(left, y + line * 0.2, line * 0.9, line * 0.6)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            painter.drawRoundedRect(sw, 2, 2)
            x = sw.right() + 6
            badge = t["now"] if active else ""
            badge_w = bfm.horizontalAdvance(badge) + 14 if badge else 0.0
            lfont = bold if active else font
            lfm = QFontMetricsF(lfont)
            room = max(0.0, right - x - (badge_w + 6 if badge else 0))
            shown = lfm.elidedText(self.panel.window_text(name, wbase, wbound, info),
                                   Qt.TextElideMode.ElideRight, room)
            painter.setFont(lfont)
            painter.setPen(text if active else dim)
            painter.drawText(QRectF(x, y, room + 2, line), align_left, shown)
            if badge:
                bx = x + lfm.horizontalAdvance(shown) + 8
                brect = QRectF(bx, y + 1, badge_w, line - 2)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(color)
                painter.drawRoundedRect(brect, brect.height() / 2, brect.height() / 2)
                painter.setFont(bold)
                painter.setPen(theme.text_on(color))
                painter.drawText(brect, Qt.AlignmentFlag.AlignCenter, badge)
            painter.setFont(font)
            y += line + 4

        def legend_row(lead: str, items: dict, pattern) -> None:
            """One line of the legend: its lead, then a swatch and 'name address' per item."""
            x = left
            painter.setPen(dim)
            painter.drawText(QRectF(x, y, scale.width, line), align_left, lead)
            x += fm.horizontalAdvance(lead) + 8
            for name, start in items.items():
                color = theme.owner_color(name, names)
                painter.setPen(QPen(color.darker(130), 1))
                painter.setBrush(QBrush(color, pattern))
                painter.drawRect(QRectF(x, y + line * 0.2, line * 0.9, line * 0.6))
                x += line * 0.9 + 4
                item = f"{name} {self.panel.format_address(start)}"
                painter.setPen(text)
                painter.drawText(QRectF(x, y, max(0.0, right - x), line), align_left, item)
                x += fm.horizontalAdvance(item) + 12

        if info.save_areas:
            legend_row(t["save_areas"], info.save_areas, Qt.BrushStyle.Dense4Pattern)
            y += line + 4
        if info.control_blocks:
            legend_row(t["control_blocks"], info.control_blocks, Qt.BrushStyle.DiagCrossPattern)
        painter.end()

    # interaction -----------------------------------------------------------
    def _address_at(self, x: float) -> int | None:
        scale = self._scale or self.scale()
        if scale is None:
            return None
        if x < scale.x0 - 4 or x > scale.x0 + scale.width + 4:
            return None
        return scale.address(x)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            address = self._address_at(event.position().x())
            if address is not None:
                self.addressClicked.emit(address)
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            address = self._address_at(event.position().x())
            if address is not None:
                self.addressClicked.emit(address)
        super().mouseMoveEvent(event)

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            address = self._address_at(event.position().x()) if hasattr(event, "position") \
                else self._address_at(event.pos().x())
            if address is not None and self.layout_info is not None:
                QToolTip.showText(event.globalPos(), self.panel.map_tooltip(address), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)


# ---------------------------------------------------------------------- the table model
class MemoryModel(QAbstractTableModel):
    """Every word of physical memory; rows are formatted only when Qt asks for them."""

    def __init__(self, panel: "MemoryPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.rows = 0
        self.pc_row: int | None = None
        self.focus_row: int | None = None     # the guest's instruction at a trap or VM exit
        self.previous: tuple[int, list[int]] | None = None   # memory at the previous cycle
        self.info: MemoryLayout | None = None
        self._labels: dict[str, dict[int, str]] = {}
        self._pc_icon: QIcon | None = None

    # data source ------------------------------------------------------------
    def reset_to(self, info: MemoryLayout, labels: dict[str, dict[int, str]]) -> None:
        self.beginResetModel()
        self.info = info
        self.rows = info.total
        self._labels = labels
        self.previous = None
        self.pc_row = info.pc
        self.focus_row = info.focus[0] if info.focus else None
        self.endResetModel()

    def mem(self):
        return self.panel.session.physical_memory()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else self.rows

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                return self.panel.headers[section] if section < len(self.panel.headers) else None
            if role == Qt.ItemDataRole.ToolTipRole:
                return self.panel.header_tips[section] if section < len(self.panel.header_tips) \
                    else None
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def word(self, row: int) -> int:
        mem = self.mem()
        return mem[row] & MASK if 0 <= row < len(mem) else 0

    def is_changed(self, row: int) -> bool:
        """The word differs from what it was at the previously shown cycle."""
        previous = self.previous
        if previous is None:
            return False
        lo, words = previous
        i = row - lo
        if not 0 <= i < len(words):
            return False
        return words[i] != self.word(row)

    def changed_rows(self, first: int = 0, last: int | None = None) -> list[int]:
        last = self.rows - 1 if last is None else last
        return [row for row in range(max(0, first), min(self.rows - 1, last) + 1)
                if self.is_changed(row)]

    def disassembly_address(self, row: int) -> int:
        """The address the disassembler sees: a guest's own address inside its partition."""
        info = self.info
        if info is None or info.bare:
            return row
        span = info.owner_of(row)
        if span and span[2] not in ("vmm", "free"):
            return row - span[0]
        return row

    def cell_text(self, row: int, column: int) -> str:
        word = self.word(row)
        panel = self.panel
        if column == COL_ADDRESS:
            return panel.format_address(row)
        if column == COL_VALUE:
            return panel.format_word(word)
        if column == COL_CHAR:
            return printable(word)
        if column == COL_INSTRUCTION:
            return _disasm(word, self.disassembly_address(row))
        if column == COL_OWNER:
            return panel.owner_text(row, self._labels)
        return ""

    def pc_icon(self) -> QIcon:
        if self._pc_icon is None:
            size = 12
            pix = QPixmap(size * 2, size * 2)
            pix.setDevicePixelRatio(2.0)
            pix.fill(Qt.GlobalColor.transparent)
            p = QPainter(pix)
            p.setRenderHint(QPainter.RenderHint.Antialiasing)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor(theme.BREAKPOINT))
            p.drawPolygon(QPolygonF([QPointF(2, 2), QPointF(10, 6), QPointF(2, 10)]))
            p.end()
            self._pc_icon = QIcon(pix)
        return self._pc_icon

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not 0 <= row < self.rows:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(row, column)
        is_pc = row == self.pc_row
        is_focus = row == self.focus_row and not is_pc
        if role == Qt.ItemDataRole.BackgroundRole:
            if is_pc:
                return pc_background(self.panel.palette())
            if is_focus:
                return focus_background(self.panel.palette())
            if column in (COL_VALUE, COL_CHAR, COL_INSTRUCTION) and self.is_changed(row):
                return theme.changed_background(self.panel.palette())
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_pc:
                return theme.text_on(pc_background(self.panel.palette()))
            if is_focus:
                return theme.text_on(focus_background(self.panel.palette()))
            if column in (COL_VALUE, COL_CHAR, COL_INSTRUCTION) and self.is_changed(row):
                return theme.text_on(theme.changed_background(self.panel.palette()))
            if column in (COL_VALUE, COL_INSTRUCTION) and self.word(row) == 0:
                return self.panel.palette().color(QPalette.ColorGroup.Disabled,
                                                  QPalette.ColorRole.Text)
            if column == COL_OWNER and self.info is not None:
                span = self.info.owner_of(row)
                if span is not None and span[2] != "free":
                    color = theme.owner_color(span[2], self.info.guest_names)
                    return color.lighter(150) if theme.is_dark(self.panel.palette()) \
                        else color.darker(115)
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self.panel.bold_mono if is_pc or is_focus else None
        if role == Qt.ItemDataRole.DecorationRole:
            if is_pc and column == COL_ADDRESS:
                return self.pc_icon()
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.panel.row_tooltip(row, self._labels)
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def refresh_rows(self, first: int, last: int) -> None:
        if self.rows and first <= last:
            first, last = max(0, first), min(self.rows - 1, last)
            self.dataChanged.emit(self.index(first, 0), self.index(last, COLUMNS - 1))


# ---------------------------------------------------------------------- the panel
class MemoryPanel(Panel):
    panel_id = "memory"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        self.base_name = "hex"
        self.texts: dict[str, str] = {}
        self.headers: list[str] = [""] * COLUMNS
        self.header_tips: list[str] = [""] * COLUMNS
        self.bold_mono = theme.mono_font(bold=True)
        super().__init__(controller, parent)
        self._session_id = None
        self._info: MemoryLayout | None = None
        self._map_key = None
        self._snapshot: tuple[int, list[int]] | None = None   # (first address, words)
        self._snapshot_cycle = -1
        self._labels: dict[str, dict[int, str]] = {}

        self.map = MemoryMap(self)
        self.map.setObjectName("memory-map")
        self.map.addressClicked.connect(self._map_clicked)

        self.go_label = QLabel(self)
        self.go_edit = QLineEdit(self)
        self.go_edit.setObjectName("memory-goto")
        self.go_edit.setClearButtonEnabled(True)
        self.go_edit.returnPressed.connect(self._go_entered)
        self.go_edit.textEdited.connect(lambda _: self._set_go_error(""))
        self.completer = QCompleter([], self)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.go_edit.setCompleter(self.completer)
        self.go_error = QLabel(self)
        self.go_error.setObjectName("memory-goto-error")
        self.follow = QCheckBox(self)
        self.follow.setObjectName("memory-follow-pc")
        self.follow.setChecked(True)
        self.follow.toggled.connect(self._follow_toggled)

        self.model = MemoryModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("memory-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        vh = self.table.verticalHeader()
        vh.setVisible(False)
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)       # the Owner column: see _fit_owner_column
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)

        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        tools.addWidget(self.go_label)
        tools.addWidget(self.go_edit, 1)
        tools.addWidget(self.go_error)
        tools.addSpacing(8)
        tools.addWidget(self.follow)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.map)
        layout.addLayout(tools)
        layout.addWidget(self.table, 1)
        self.table.setMinimumHeight(60)

        self.retranslate()
        self.apply_style()
        self._rebuild()

    # ------------------------------------------------------------------ text
    def title(self) -> str:
        return self.tr("Memory")

    def retranslate(self) -> None:
        self.texts = {
            "map_title": self.tr("Host memory: %1 words"),
            "not_to_scale": self.tr("VMM region drawn enlarged"),
            "owner_vmm": self.tr("VMM"),
            "owner_free": self.tr("free"),
            "pc": self.tr("pc %1"),
            "now": self.tr("CPU now"),
            "cpu_vmm": self.tr("CPU in the VMM: kernel mode, no relocation"),
            "machine": self.tr("The machine: %1"),
            "save_areas": self.tr("VCPU save areas:"),
            "control_blocks": self.tr("Control blocks:"),
            "no_memory": self.tr("No memory to show"),
            "kernel": self.tr("kernel mode"),
            "user": self.tr("user mode"),
            # A guest kernel under a VMM: deprivileged, except in hardware assist's guest mode.
            "deprivileged": self.tr("guest kernel (deprivileged: user mode)"),
            "guest_mode": self.tr("guest kernel (guest mode: kernel mode)"),
            "focus": self.tr("%1's instruction at %2"),
        }
        self.headers = [self.tr("Address"), self.tr("Value"), self.tr("Char"),
                        self.tr("Instruction"), self.tr("Owner")]
        self.header_tips = [
            self.tr("Physical address of the word in host memory"),
            self.tr("The 32-bit word stored there"),
            self.tr("The word as a character, if it is a printable Latin-1 code"),
            self.tr("The word disassembled as a VL32 instruction (branch targets in the "
                    "owner's own addresses)"),
            self.tr("Who owns the word: the VMM, a guest (with the guest's own address and "
                    "label), or free memory"),
        ]
        self.go_label.setText(self.tr("Go to:"))
        self.go_edit.setPlaceholderText(self.tr("0x1F00, 7936 or a label"))
        self.go_edit.setToolTip(self.tr(
            "Type a physical address in hex (0x…) or decimal, or a label of the shown guest's "
            "program (guest:label for another guest), then press Enter"))
        self.follow.setText(self.tr("Follow pc"))
        self.follow.setToolTip(self.tr(
            "Keep the word at the physical pc in view; at a trap or VM exit, and while the VMM "
            "works for a guest, the guest's instruction"))
        self.map.setToolTip("")
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.model.rows:
            self.model.refresh_rows(*self.visible_rows())
        self.map.update()

    def mode_text(self, name: str, info: MemoryLayout) -> str:
        """The mode the physical CPU runs a guest in now: a guest kernel under a VMM runs
        deprivileged (user mode), or in hardware assist's guest mode."""
        if info.modes.get(name) != "kernel":
            return self.texts["user"]
        if info.kernel_runs == "bare":
            return self.texts["kernel"]
        if info.kernel_runs == "guest-mode":
            return self.texts["guest_mode"]
        return self.texts["deprivileged"]

    def focus_text(self, focus: tuple[int, str, str]) -> str:
        """What the marked word is: the guest's instruction, and why it is marked."""
        address, kind, guest = focus
        text = {"exit": self.tr("The instruction of %1 that caused this VM exit"),
                "trap": self.tr("The instruction of %1 that trapped"),
                "resume": self.tr("Where %1 goes on when the VMM has finished")}[kind]
        return text.replace("%1", guest)

    def window_text(self, name: str, base: int, bound: int, info: MemoryLayout) -> str:
        """A lane's words: the guest, its shadow window and the mode it is in."""
        mode = self.mode_text(name, info)
        if info.bare and info.cpu_kernel:
            return self.tr("%1 · kernel mode: no relocation, the whole memory").replace("%1", name)
        if bound <= 0:
            text = self.tr("%1 · empty window · %2").replace("%1", name).replace("%2", mode)
        else:
            text = (self.tr("%1 · BASE %2 · BOUND %3 · %4").replace("%1", name)
                    .replace("%2", self.format_address(base))
                    .replace("%3", self.format_address(bound)).replace("%4", mode))
        state = info.states.get(name, "")
        if state in STOPPED_STATES and name != info.active:
            text += " · " + guest_state_label(state)      # the window's one word for it
        return text

    def map_tooltip(self, address: int) -> str:
        info = self._info
        owner = info.owner_of(address) if info else None
        lines = [self.tr("Address %1").replace("%1", self.format_address(address))]
        if owner:
            start, end, who = owner
            who_text = self.texts["owner_vmm"] if who == "vmm" else \
                self.texts["owner_free"] if who == "free" else who
            lines.append(self.tr("%1: %2–%3 (%4 words)").replace("%1", who_text)
                         .replace("%2", self.format_address(start))
                         .replace("%3", self.format_address(end - 1))
                         .replace("%4", theme.fmt_int(end - start)))
        area = info.save_area_of(address) if info else None
        if area:
            lines.append(self.tr("VCPU save area of %1").replace("%1", area[0]))
        block = info.control_block_of(address) if info else None
        if block:
            lines.append(self.tr("Control block of %1 (hardware assist)").replace(
                "%1", block[0]))
        if info and self.map.compact:
            for name, (base, bound) in info.windows.items():
                line = self.window_text(name, base, bound, info)
                lines.append(line + (" — " + self.texts["now"] if name == info.active else ""))
        lines.append(self.tr("Click to show this address"))
        return "\n".join(lines)

    def control_field_text(self, field: str) -> str:
        """A control block word's name (docs/isa.md) in the interface language; register
        names stay as they are."""
        names = {
            "revision": self.tr("revision"), "controls": self.tr("controls"),
            "SR-write exits": self.tr("SR-write exits"),
            "SR-read exits": self.tr("SR-read exits"), "trap exits": self.tr("trap exits"),
            "partition base": self.tr("partition base"),
            "partition size": self.tr("partition size"), "window base": self.tr("window base"),
            "window bound": self.tr("window bound"),
            "preemption timer": self.tr("preemption timer"), "host pc": self.tr("host pc"),
            "host STATUS": self.tr("host STATUS"), "host TVEC": self.tr("host TVEC"),
            "exit reason": self.tr("exit reason"),
            "exit qualification": self.tr("exit qualification"),
            "exit instruction": self.tr("exit instruction"), "CYCLE hi": self.tr("CYCLE hi"),
            "exit value": self.tr("exit value"), "reserved": self.tr("reserved"),
        }
        return names.get(field, field)

    def owner_text(self, row: int, labels: dict[str, dict[int, str]]) -> str:
        info = self._info
        span = info.owner_of(row) if info else None
        if span is None:
            return ""
        start, _, who = span
        if who == "vmm":
            area = info.save_area_of(row)
            if area:
                layout = info.save_layout
                field = layout[area[1]] if area[1] < len(layout) else ""
                return self.tr("VMM: %1.%2").replace("%1", area[0]).replace("%2", field)
            block = info.control_block_of(row)
            if block:
                layout = info.control_block_layout
                field = layout[block[1]] if block[1] < len(layout) else ""
                return self.tr("VMM: %2 (control block of %1)").replace(
                    "%1", block[0]).replace("%2", self.control_field_text(field))
            if row == 0:
                return self.tr("VMM: trap vector")
            return self.texts["owner_vmm"]
        if who == "free":
            return self.texts["owner_free"]
        offset = row - start
        text = who if info.bare else f"{who} {self.format_address(offset)}"
        label = labels.get(who, {}).get(offset)
        return f"{text} · {label}" if label else text

    def row_tooltip(self, row: int, labels) -> str:
        word = self.model.word(row)
        lines = [self.tr("Address %1 (%2)").replace("%1", f"0x{row:04X}").replace("%2", theme.fmt_int(row)),
                 self.tr("Value %1 = %2").replace("%1", f"0x{word:08X}").replace("%2", theme.fmt_int(word)),
                 self.owner_text(row, labels)]
        if row == self.model.pc_row:
            lines.append(self.tr("The CPU's pc points here (physical address)"))
        focus = self._info.focus if self._info is not None else None
        if focus is not None and row == focus[0]:
            lines.append(self.focus_text(focus))
        if self.model.is_changed(row):
            lines.append(self.tr("Changed by the last step"))
        return "\n".join(line for line in lines if line)

    # ------------------------------------------------------------------ formats
    def set_number_base(self, base: str) -> None:
        self.base_name = "dec" if base == "dec" else "hex"
        self._size_columns()
        self.model.refresh_rows(*self.visible_rows())
        self.map.update()

    def _address_digits(self) -> int:
        total = self.model.rows or 65536
        return max(4, len(f"{total - 1:X}"))

    def format_address(self, address: int) -> str:
        if self.base_name == "dec":
            return str(address)
        return f"0x{address:0{self._address_digits()}X}"

    def format_word(self, word: int) -> str:
        if self.base_name == "dec":
            return str(word)
        return f"0x{word:08X}"

    def apply_style(self) -> None:
        mono = theme.mono_font()
        self.bold_mono = theme.mono_font(bold=True)
        self.table.setFont(mono)
        self.table.horizontalHeader().setFont(theme.ui_font())
        for w in (self.go_label, self.go_edit, self.go_error, self.follow):
            w.setFont(theme.ui_font())
        self.go_edit.setFont(mono)
        row_h = int(QFontMetricsF(mono).height() * 1.35) + 1
        self.table.verticalHeader().setDefaultSectionSize(row_h)
        self.table.verticalHeader().setMinimumSectionSize(row_h)
        self.table.setIconSize(QSize(int(row_h * 0.6), int(row_h * 0.6)))
        self._size_columns()
        if self._info:
            self.map.set_layout_info(self._info)
        self._fit_map()
        self.map.updateGeometry()
        self.map.update()

    def _size_columns(self) -> None:
        fm = QFontMetricsF(theme.mono_font())
        pad = fm.horizontalAdvance("M") * 1.6
        icon = self.table.iconSize().width() + 6
        addr = "9" * len(str(self.model.rows or 65536)) if self.base_name == "dec" \
            else "0x" + "F" * self._address_digits()
        widths = {COL_ADDRESS: fm.horizontalAdvance(addr) + pad + icon,
                  COL_VALUE: fm.horizontalAdvance("0xFFFFFFFF") + pad,
                  COL_CHAR: max(fm.horizontalAdvance("W") + pad,
                                QFontMetricsF(theme.ui_font()).horizontalAdvance(
                                    self.headers[COL_CHAR]) + pad),
                  COL_INSTRUCTION: fm.horizontalAdvance("beq r10, r11, 0x00AB") + pad}
        for column, width in widths.items():
            self.table.setColumnWidth(column, int(width))
        self._fit_owner_column()

    def _fit_owner_column(self) -> None:
        """The Owner column fills the table, and is never narrower than the owners shown
        (the table scrolls sideways instead of cutting "beta 0x2004 · trap_entry"); a narrow
        table leaves out the Char column first."""
        table = self.table
        header = table.horizontalHeader()
        fm = QFontMetricsF(self.bold_mono)
        pad = QFontMetricsF(theme.mono_font()).horizontalAdvance("M") * 1.6
        width = table.viewport().width()
        core = sum(header.sectionSize(c) for c in (COL_ADDRESS, COL_VALUE, COL_INSTRUCTION))
        char = header.sectionSize(COL_CHAR)
        typical = fm.horizontalAdvance("alpha 0x0000 · kernel") + pad
        table.setColumnHidden(COL_CHAR, width < core + char + typical)
        first, last = self.visible_rows()
        need = QFontMetricsF(theme.ui_font()).horizontalAdvance(self.headers[COL_OWNER]) + pad
        if self._info is not None:
            for row in range(max(0, first), min(self.model.rows, last + 1)):
                need = max(need, fm.horizontalAdvance(self.owner_text(row, self._labels)) + pad)
        others = sum(header.sectionSize(c) for c in range(COLUMNS)
                     if c != COL_OWNER and not table.isColumnHidden(c))
        target = int(max(need, width - others))
        if header.sectionSize(COL_OWNER) != target:
            table.setColumnWidth(COL_OWNER, target)

    # ------------------------------------------------------------------ refresh
    def on_session_replaced(self) -> None:
        self._session_id = None
        if self.isVisible():
            self.refresh()

    def _rebuild(self) -> None:
        session = self.session
        self._session_id = id(session)
        info = MemoryLayout(session)
        self._info = info
        self._labels = {}
        names: list[str] = []
        for name in session.guest_names:
            try:
                program = session.guest(name).program
                loads = dict(getattr(program, "label_loads", {}) or {})
            except Exception:
                loads = {}
            by_address: dict[int, str] = {}
            for label, address in sorted(loads.items(), key=lambda kv: (kv[1], kv[0])):
                by_address.setdefault(address, label)
            self._labels[name] = by_address
            names += sorted(loads)
            if len(session.guest_names) > 1:
                names += [f"{name}:{label}" for label in sorted(loads)]
        self.completer.model().setStringList(names) if hasattr(self.completer.model(),
                                                               "setStringList") else None
        self.model.reset_to(info, self._labels)
        self._snapshot = None
        self._snapshot_cycle = -1
        self._map_key = None
        self._size_columns()
        self.map.set_layout_info(info)
        self._map_key = info.key()
        target = self.follow_target()
        if self.follow.isChecked() and target is not None:
            self.scroll_to_address(target, select=False)

    def refresh(self) -> None:
        session = self.session
        if self._session_id != id(session) or \
                self.model.rows != session.memory_words:
            self._rebuild()
        info = MemoryLayout(session)
        self._info = info
        self.model.info = info
        key = info.key()
        if key != self._map_key:
            self._map_key = key
            self.map.set_layout_info(info)
        old_pc, old_focus = self.model.pc_row, self.model.focus_row
        self.model.pc_row = info.pc
        self.model.focus_row = info.focus[0] if info.focus else None
        self._update_changes(session)
        target = self.follow_target()
        if self.follow.isChecked() and target is not None:
            self.scroll_to_address(target, select=False, only_if_hidden=True)
        self._fit_owner_column()
        first, last = self.visible_rows()
        self.model.refresh_rows(first, last)
        for row in (old_pc, old_focus):
            if row is not None and not first <= row <= last:
                self.model.refresh_rows(row, row)
        self.map.set_view_range(first, last)

    def _update_changes(self, session) -> None:
        """Keep a copy of memory as it was at the previously shown cycle (display cache).

        A word is "changed by the last step" when it differs from that copy; the
        comparison happens per visible cell, so scrolling shows changes anywhere.
        """
        cycle = session.cycle
        if cycle == self._snapshot_cycle:
            return
        mem = session.physical_memory()
        if len(mem) <= FULL_COPY_WORDS:
            current = (0, list(mem))
        else:   # a huge memory: remember a window around the rows on screen
            first, last = self.visible_rows()
            lo = max(0, first - CHANGE_MARGIN)
            current = (lo, mem[lo:min(len(mem), last + CHANGE_MARGIN + 1)])
        self.model.previous = self._snapshot if self._snapshot_cycle >= 0 else None
        self._snapshot = current
        self._snapshot_cycle = cycle

    # ------------------------------------------------------------------ navigation
    def visible_rows(self) -> tuple[int, int]:
        view = self.table
        rows = self.model.rows
        if not rows:
            return (0, -1)
        top = view.rowAt(0)
        bottom = view.rowAt(max(0, view.viewport().height() - 1))
        top = 0 if top < 0 else top
        if bottom < 0:
            row_h = max(1, view.verticalHeader().defaultSectionSize())
            bottom = min(rows - 1, top + view.viewport().height() // row_h + 1)
        return top, bottom

    def scroll_to_address(self, address: int, *, select: bool = True,
                          only_if_hidden: bool = False) -> None:
        rows = self.model.rows
        if not rows:
            return
        address = max(0, min(rows - 1, address))
        index = self.model.index(address, COL_ADDRESS)
        if only_if_hidden:
            first, last = self.visible_rows()
            if first < address < last:
                return
        self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        if select:
            self.table.setCurrentIndex(index)
            self.table.selectRow(address)
        self.map.set_view_range(*self.visible_rows())

    def current_address(self) -> int | None:
        index = self.table.currentIndex()
        return index.row() if index.isValid() else None

    def shown_guest(self) -> str | None:
        """The guest whose memory the view shows (labels resolve in its program)."""
        info = self._info
        names = self.session.guest_names
        if info is None or not names:
            return None
        if info.bare:
            return names[0]
        row = self.current_address()
        if row is None:
            first, last = self.visible_rows()
            row = (first + last) // 2
        span = info.owner_of(row)
        if span and span[2] in names:
            return span[2]
        running = self.session.running_guest
        return running if running in names else names[0]

    def resolve(self, text: str) -> int | None:
        """A physical address from hex, decimal, 'pc', a label or guest:label; None if unknown."""
        text = text.strip()
        if not text:
            return None
        rows = self.model.rows
        number = None
        try:
            if text.lower().startswith("0x"):
                number = int(text[2:].replace("_", ""), 16)
            elif text.isdigit():
                number = int(text)
        except ValueError:
            number = None
        if number is not None:
            return number if 0 <= number < rows else None
        if text.lower() == "pc":
            return self._info.pc if self._info else None
        session = self.session
        names = list(session.guest_names)
        guest, _, label = text.rpartition(":")
        order = [guest] if guest else []
        shown = self.shown_guest()
        if not guest:
            label = text
            order = ([shown] if shown else []) + [n for n in names if n != shown]
        for name in order:
            if name not in names:
                continue
            try:
                program = session.guest(name).program
                loads = getattr(program, "label_loads", {}) or {}
            except Exception:
                continue
            if label in loads:
                base = session.guest(name).base      # 0 on the bare machine
                address = base + loads[label]
                return address if 0 <= address < rows else None
        return None

    def go_to(self, text: str) -> bool:
        address = self.resolve(text)
        if address is None:
            self._set_go_error(self.tr("Unknown address or label"))
            return False
        self._set_go_error("")
        self.follow.setChecked(False)
        self.scroll_to_address(address)
        return True

    def _go_entered(self) -> None:
        self.go_to(self.go_edit.text())

    def _set_go_error(self, text: str) -> None:
        self.go_error.setText(text)
        self.go_error.setStyleSheet(f"color: {theme.BREAKPOINT};" if text else "")

    def _map_clicked(self, address: int) -> None:
        self.follow.setChecked(False)
        self.scroll_to_address(address)

    def follow_target(self) -> int | None:
        """The word "Follow" keeps in view: the guest's instruction when the CPU is not on
        it (a trap or VM exit, the VMM's work for a guest), else the physical pc."""
        info = self._info
        if info is None:
            return None
        return info.focus[0] if info.focus is not None else info.pc

    def _follow_toggled(self, on: bool) -> None:
        target = self.follow_target()
        if on and target is not None:
            self.scroll_to_address(target, select=False)

    def _scrolled(self, _value: int) -> None:
        first, last = self.visible_rows()
        self.map.set_view_range(first, last)
        self._fit_owner_column()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_map()
        self._fit_owner_column()
        self.map.set_view_range(*self.visible_rows())

    def _fit_map(self) -> None:
        """A short panel keeps room for the table: the map drops its legend lines."""
        row = self.table.verticalHeader().defaultSectionSize()
        tools = self.go_edit.sizeHint().height() + 16
        compact = self.height() < self.map.full_height() + tools + 8 * row
        # Shorter still (a bottom tab at 1280x720): the map drops its title and address
        # ticks rather than run into the rows below it.
        tiny = self.height() < self.map.full_height(compact=True) + tools + 4 * row
        self.map.set_compact(compact, tiny)
