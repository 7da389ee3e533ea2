"""Trap inspector: every VM exit (or, natively, every hardware trap) and what it cost.

A filterable table, newest at the bottom, fed incrementally from the session's
event log by sequence number; after time travel the rows after the present
disappear and grow again.  Selecting a row shows what the VMM did step by step,
with the cycles of each step, and the guest's virtual CPU before and after;
"Go to this moment" takes the whole window back (or forward) to that cycle.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from PySide6.QtCore import (QAbstractTableModel, QEvent, QModelIndex, QRectF, QSize, Qt,
                            QTimer)
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QAbstractItemView, QBoxLayout, QCheckBox, QComboBox, QFrame,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
                               QScrollArea, QSizePolicy, QSplitter,
                               QStackedWidget, QStyle, QTableView, QVBoxLayout, QWidget)

from ...isa.spec import CAUSE_NAMES
from ...session import is_trap_event, restarted
from ...observe.accounting import BUCKET_HOST
from ...observe.events import VmExit, state_view
from ...observe.vocabulary import HOST_STEPS
from .. import theme
from ..labels import action_label, step_label
from .vcpu_state import VcpuStateModel
from ..panel import Panel

(COL_CYCLE, COL_GUEST, COL_MODE, COL_PC, COL_INSTRUCTION, COL_CAUSE, COL_ACTION,
 COL_COST) = range(8)
COLUMNS = 8
ALL = "__all__"
IN_PROGRESS_COST = "≥ %1"     # the Cost of an exit the VMM is still handling
CAUSES = tuple(CAUSE_NAMES[c] for c in sorted(CAUSE_NAMES))


def event_steps(event) -> list[tuple[str, int]]:
    """What the VMM (natively: the hardware) spent on a trap, step by step."""
    return [(str(kind), int(cycles)) for kind, cycles in event.steps]


def event_action(event) -> str:
    return event.action


def event_mode(event) -> str:
    return event.vmode if isinstance(event, VmExit) else event.mode


# The technique's own work that is not a VM exit, listed among the exits as rows of
# their own (binary translation's translations, callouts and invalidations, hardware
# assist's failed entries); the "technique's work" filter hides them.
WORK_KINDS = ("translation", "callout", "invalidation", "entry-failure")
WORK_STEPS = {"translation": "translate", "callout": "callout",
              "invalidation": "invalidation", "entry-failure": "entry-failure"}
# The Action column: what the VMM did (a callout emulates the instruction, without a trap).
WORK_ACTIONS = {"translation": "translate", "callout": "emulate",
                "invalidation": "invalidation", "entry-failure": "crash"}

# A paravirtual kernel's hypercall: the exit's action, and the event the VMM logs when it has
# served one (its name, result and error; docs/isa.md, section 12).  The ABI passes the
# arguments in r1 and r2 and returns the result, or a negative error code, in r1.
HYPERCALL = "hypercall"
HYPERCALL_ARGUMENTS = (1, 2)
RESULT_REGISTER = 1


@dataclass(frozen=True, eq=False)
class WorkRow:
    """One row for a technique's work event: the fields a trap row shows, and the event."""

    event: object
    seq: int
    cycle: int
    guest: str | None
    pc: int
    cause: str            # the event's kind ("callout"...); its label is shown
    action: str           # the VMM step it was ("translate", "callout"...)
    steps: tuple
    mode: str = "kernel"
    word: int | None = 0
    interrupt: bool = False
    tval: int = 0
    before: tuple | None = None
    after: tuple | None = None

    @property
    def instruction(self) -> str:
        return getattr(self.event, "instruction", "") if self.cause == "callout" else ""


def work_row(event) -> WorkRow:
    kind = event.kind
    pc = getattr(event, "pc", None)
    if pc is None:
        pc = getattr(event, "address", None) if kind == "invalidation" else None
    if pc is None:
        pc = getattr(event, "start", 0)
    cost = int(getattr(event, "cost", 0) or 0)
    step = WORK_STEPS[kind]
    return WorkRow(event, event.seq, event.cycle, event.guest, pc, kind, WORK_ACTIONS[kind],
                   ((step, cost),), before=getattr(event, "before", None),
                   after=getattr(event, "after", None))


def is_work_row(event) -> bool:
    return isinstance(event, WorkRow)


# ---------------------------------------------------------------------- the model
class TrapModel(QAbstractTableModel):
    """Trap events, oldest first, filtered; kept in step with the session's events.

    `all` holds every trap event the session still holds, read with a
    cursor, then the VM exit the VMM is handling, as it stands (the last
    row: it is replaced, in place, as the exit goes on, and by the logged
    event when it is done); `rows` are those that pass the filters.  Both
    are ordered by sequence number.
    """

    def __init__(self, panel: "TrapInspectorPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.all: list = []
        self.rows: list = []
        self._row_seqs: list[int] = []
        self._session = None
        self._cursor = None             # where the session's events were read up to
        self._provisional: int | None = None   # seq of the exit in progress shown last
        self.filters = {"guest": ALL, "cause": ALL, "action": ALL, "text": "", "work": True}
        self._rows_of_work: dict[int, tuple] = {}   # seq -> (event, its WorkRow): kept
        self.now = -1                   # session cycle at the last sync
        self._search_cache: dict[int, tuple] = {}
        self.hypercalls: dict[int, object] = {}   # a hypercall exit's seq -> the VMM's record
        self._last_exit: tuple | None = None       # (seq, guest) of the last VM exit read

    # filters ------------------------------------------------------------------
    def accepts(self, event) -> bool:
        f = self.filters
        if not f["work"] and isinstance(event, WorkRow):
            return False
        if f["guest"] != ALL and event.guest != f["guest"]:
            return False
        if f["cause"] != ALL and event.cause != f["cause"]:
            return False
        if f["action"] != ALL and event_action(event) != f["action"]:
            return False
        text = f["text"]
        if text:
            return text in self.search_text(event)
        return True

    def search_text(self, event) -> str:
        """What the text filter looks in (cached per event: events never change)."""
        cached = self._search_cache.get(event.seq)
        if cached is not None and cached[0] is event:
            return cached[1]
        text = self._search_text(event)
        self._search_cache[event.seq] = (event, text)
        return text

    def clear_cache(self) -> None:
        self._search_cache.clear()

    def _search_text(self, event) -> str:
        p = self.panel
        parts = [str(event.cycle), theme.fmt_int(event.cycle), event.guest or "", event.cause,
                 p.cause_text(event), p.instruction_text(event),
                 p.format_address(event.pc), f"0x{event.pc:X}",
                 event_action(event), p.action_text(event_action(event)),
                 event_mode(event), p.mode_text(event_mode(event))]
        return " ".join(parts).lower()

    def set_filters(self, force: bool = False, **changes) -> None:
        if "text" in changes:
            changes["text"] = changes["text"].strip().lower()
        if not force and all(self.filters.get(k) == v for k, v in changes.items()):
            return
        self.filters.update(changes)
        self.beginResetModel()
        self.rows = [e for e in self.all if self.accepts(e)]
        self._row_seqs = [e.seq for e in self.rows]
        self.endResetModel()

    # syncing with the session -----------------------------------------------------
    def sync(self, session) -> bool:
        """Read what the session's events gained (or lost) since last time; True if rows changed."""
        self.now = session.cycle
        if session is not self._session:
            self._session, self._cursor, self._provisional = session, None, None
            self._search_cache.clear()
            self._rows_of_work.clear()
            self._replace_all([])
        feed = session.events
        old = self._cursor
        events, self._cursor = feed.read(old)
        if restarted(old, self._cursor):
            self.hypercalls.clear()
            self._last_exit = None
        if session.technique.kernel_runs == "hypercalls":
            self._note_hypercalls(events, feed.first_seq)
        fresh = [self._listed(e) for e in events if is_trap_event(e) or e.kind in WORK_KINDS]
        current = feed.exit_in_progress()
        if self._provisional is not None and any(isinstance(e, WorkRow) for e in fresh) \
                and not restarted(old, self._cursor):
            # Work logged while an exit was shown in progress: rebuild in seq order.
            changed = self._drop_before(feed.first_seq)
            kept = [e for e in self.all if e.seq != self._provisional]
            self._provisional = current.seq if current is not None else None
            merged = sorted(kept + fresh + ([current] if current is not None else []),
                            key=_seq)
            return self._replace_all(merged) or changed
        if restarted(old, self._cursor):
            # First read, or time travel rewrote the past: keep what is the same.
            self._provisional = current.seq if current is not None else None
            changed = self._replace_all(fresh + ([current] if current is not None else []))
        else:
            changed = self._drop_before(feed.first_seq)
            changed |= self._settle_provisional(fresh, current)
            if fresh:
                self._append(fresh)
                changed = True
            if current is not None and self._provisional is None:
                self._provisional = current.seq
                self._append([current])
                changed = True
        if len(self._search_cache) > 2 * len(self.all) + 1000:
            first = self.all[0].seq if self.all else 0
            self._search_cache = {k: v for k, v in self._search_cache.items() if k >= first}
        return changed

    def _note_hypercalls(self, events: list, first_seq: int) -> None:
        """Each hypercall event with the VM exit it served (logged after it, same guest)."""
        last = self._last_exit
        for e in events:
            if isinstance(e, VmExit):
                last = (e.seq, e.guest)
            elif e.kind == HYPERCALL and last is not None and last[1] == e.guest:
                self.hypercalls[last[0]] = e
                last = None
        self._last_exit = last
        if len(self.hypercalls) > 2 * len(self.all) + 1000:
            self.hypercalls = {k: v for k, v in self.hypercalls.items() if k >= first_seq}

    def _listed(self, event):
        """A trap event as it is, a technique's work event as its (one, kept) WorkRow."""
        if is_trap_event(event):
            return event
        known = self._rows_of_work.get(event.seq)
        if known is not None and known[0] is event:
            return known[1]
        row = work_row(event)
        self._rows_of_work[event.seq] = (event, row)
        if len(self._rows_of_work) > 2 * len(self.all) + 1000:
            first = self.all[0].seq if self.all else 0
            self._rows_of_work = {k: v for k, v in self._rows_of_work.items() if k >= first}
        return row

    def _settle_provisional(self, fresh: list, current) -> bool:
        """The exit shown in progress: its newest view, or its logged event once it is done."""
        seq = self._provisional
        if seq is None:
            return False
        if fresh and fresh[0].seq == seq:
            replacement = fresh.pop(0)
            self._provisional = None
        elif current is not None and current.seq == seq:
            replacement = current
        else:                       # gone (cannot happen without time travel): drop it
            self._provisional = None
            return self._replace_all([e for e in self.all if e.seq != seq])
        if self.all and self.all[-1].seq == seq and self.all[-1] is not replacement:
            self.all[-1] = replacement
            r = self.row_of_seq(seq)
            if r is not None and self.accepts(replacement):
                self.rows[r] = replacement
                self.dataChanged.emit(self.index(r, 0), self.index(r, COLUMNS - 1))
            elif r is not None:
                self.beginRemoveRows(QModelIndex(), r, r)
                del self.rows[r]
                del self._row_seqs[r]
                self.endRemoveRows()
            elif self.accepts(replacement):
                start = len(self.rows)
                self.beginInsertRows(QModelIndex(), start, start)
                self.rows.append(replacement)
                self._row_seqs.append(seq)
                self.endInsertRows()
            return True
        return False

    def _drop_before(self, seq: int) -> bool:
        """The bounded log forgot its oldest events: forget them too."""
        if not self.all or self.all[0].seq >= seq:
            return False
        k = bisect_left(self.all, seq, key=_seq)
        del self.all[:k]
        r = bisect_left(self._row_seqs, seq)
        if r:
            self.beginRemoveRows(QModelIndex(), 0, r - 1)
            del self.rows[:r]
            del self._row_seqs[:r]
            self.endRemoveRows()
        return True

    def _replace_all(self, new_all: list) -> bool:
        """Keep the longest common prefix (same objects), replace the rest."""
        old = self.all
        n = min(len(old), len(new_all))
        lo, hi = 0, n          # first index where they differ (identity is a prefix property)
        while lo < hi:
            mid = (lo + hi) // 2
            if old[mid] is new_all[mid]:
                lo = mid + 1
            else:
                hi = mid
        p = lo
        if p == len(old) == len(new_all):
            return False
        if p < len(old):
            cut = old[p].seq
            r = bisect_left(self._row_seqs, cut)
            if r < len(self.rows):
                self.beginRemoveRows(QModelIndex(), r, len(self.rows) - 1)
                del self.rows[r:]
                del self._row_seqs[r:]
                self.endRemoveRows()
        self.all = old[:p]
        if p < len(new_all):
            self._append(new_all[p:])
        return True

    def _append(self, events: list) -> None:
        self.all.extend(events)
        accepted = [e for e in events if self.accepts(e)]
        if accepted:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(accepted) - 1)
            self.rows.extend(accepted)
            self._row_seqs.extend(e.seq for e in accepted)
            self.endInsertRows()

    def row_of_seq(self, seq: int) -> int | None:
        r = bisect_left(self._row_seqs, seq)
        return r if r < len(self._row_seqs) and self._row_seqs[r] == seq else None

    def refresh_pending(self) -> None:
        """VM exits the VMM was still handling at the last sync: show their progress."""
        if not self.rows:
            return
        first = max(0, len(self.rows) - 3)
        self.dataChanged.emit(self.index(first, 0), self.index(len(self.rows) - 1, COLUMNS - 1))

    # Qt model interface ------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.panel.headers[section] if section < len(self.panel.headers) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.panel.header_tips[section] if section < len(self.panel.header_tips) \
                else None
        return None

    def cell_text(self, event, column: int) -> str:
        p = self.panel
        if column == COL_CYCLE:
            return theme.fmt_int(event.cycle)
        if column == COL_GUEST:
            return event.guest or ""
        if column == COL_MODE:
            return p.mode_text(event_mode(event))
        if column == COL_PC:
            return p.format_address(event.pc)
        if column == COL_INSTRUCTION:
            return p.instruction_text(event)
        if column == COL_CAUSE:
            return p.cause_text(event)
        if column == COL_ACTION:
            return p.action_text(event_action(event))
        if column == COL_COST:
            if isinstance(event, VmExit):
                if p.in_progress(event) or event.after is None:
                    # Still handled: at least what it has cost so far (never a "…" that
                    # reads as cut text).
                    return IN_PROGRESS_COST.replace("%1", str(p.cost_so_far(event)))
                return f"{event.cost}"
            return " + ".join(str(cycles) for _, cycles in event.steps)   # "1 + 4"
        return ""

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        event = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell_text(event, column)
        if role == Qt.ItemDataRole.DecorationRole and column == COL_GUEST:
            return self.panel.guest_color(event.guest)
        if role == Qt.ItemDataRole.ForegroundRole:
            if isinstance(event, WorkRow) and column in (COL_CAUSE, COL_ACTION):
                return QColor(theme.VMM_COLOR)
            if column == COL_ACTION and event_action(event) == "crash":
                return QColor(theme.BREAKPOINT)
            if column in (COL_INSTRUCTION,) and event.interrupt:
                return self.panel.palette().color(QPalette.ColorGroup.Disabled,
                                                  QPalette.ColorRole.Text)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if event.cycle == self.now or (column == COL_ACTION
                                           and event_action(event) == "crash"):
                return self.panel.bold_font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (COL_CYCLE, COL_COST):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.panel.row_tooltip(event)
        if role == Qt.ItemDataRole.UserRole:
            return event.seq
        return None


# ---------------------------------------------------------------------- the table
class TrapTable(QTableView):
    """A table that says why it is empty."""

    empty_text = ""
    min_instruction_width = 0
    natural: dict[int, int]        # column -> the width its texts need (set by the panel)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.natural = {}
        # A sideways scroll bar that comes or goes changes the rows' room.
        self._bottom = 0           # the vertical scroll bar's maximum before a change
        self.verticalScrollBar().rangeChanged.connect(self._range_changed)

    def _range_changed(self, _low: int, high: int) -> None:
        at_bottom = self.verticalScrollBar().value() >= self._bottom - 1
        self._bottom = high
        if at_bottom:
            self.keep_last_in_view()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_instruction_column()

    def keep_last_in_view(self) -> None:
        """The newest row, when it is the selected one (the trap or VM exit the machine
        stopped at), stays whole in view as the table changes size (unless the user
        scrolled up to read older rows)."""
        current = self.currentIndex()
        model = self.model()
        if current.isValid() and model is not None and current.row() == model.rowCount() - 1:
            self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    # A narrow table (a projector's short dock) leaves out, in this order, the columns the
    # details beside it say anyway, rather than cut one at its edge.
    HIDE_ORDER = (COL_MODE, COL_PC, COL_ACTION, COL_INSTRUCTION, COL_COST, COL_CAUSE)

    def fit_instruction_column(self) -> None:
        """The instruction column takes the room the other columns leave; when even its
        shortest width leaves no room, columns are left out (HIDE_ORDER)."""
        header = self.horizontalHeader()
        natural = self.natural

        def width(c: int) -> int:
            if c == COL_INSTRUCTION:
                return self.min_instruction_width
            return header.sectionSize(c) if not self.isColumnHidden(c) else natural.get(c, 0)

        room = self.viewport().width()
        shown = set(range(header.count()))
        if natural:
            for column in self.HIDE_ORDER:
                if sum(width(c) for c in shown) <= room:
                    break
                shown.discard(column)
            for column in reversed(self.HIDE_ORDER):     # any left out that fits after all
                if column not in shown and sum(width(c) for c in shown) + width(column) <= room:
                    shown.add(column)
        for column in range(header.count()):
            hidden = column not in shown
            if self.isColumnHidden(column) != hidden:
                self.setColumnHidden(column, hidden)
                if not hidden and column != COL_INSTRUCTION and column in natural:
                    self.setColumnWidth(column, natural[column])
        if COL_INSTRUCTION in shown:
            others = sum(header.sectionSize(c) for c in shown if c != COL_INSTRUCTION)
            self.setColumnWidth(COL_INSTRUCTION, max(self.min_instruction_width, room - others))

    def least_width(self) -> int:
        """The width that shows the columns never left out (cycle and guest) whole."""
        header = self.horizontalHeader()
        shown = sum(self.natural.get(c, header.sectionSize(c)) for c in range(header.count())
                    if c not in self.HIDE_ORDER)
        scrollbar = max(self.verticalScrollBar().sizeHint().width(),
                        self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        return shown + scrollbar + 2 * self.frameWidth() + 4

    def natural_width(self) -> int:
        header = self.horizontalHeader()
        others = sum(self.natural.get(c, header.sectionSize(c)) for c in range(header.count())
                     if c != COL_INSTRUCTION)
        scrollbar = max(self.verticalScrollBar().sizeHint().width(),
                        self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        return others + self.min_instruction_width + scrollbar + 2 * self.frameWidth() + 8

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        model = self.model()
        if model is not None and model.rowCount() == 0 and self.empty_text:
            painter = QPainter(self.viewport())
            color = self.palette().color(QPalette.ColorRole.Text)
            color.setAlphaF(0.55)
            painter.setPen(color)
            painter.setFont(theme.ui_font())
            painter.drawText(QRectF(self.viewport().rect()).adjusted(12, 12, -12, -12),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             self.empty_text)
            painter.end()


# ---------------------------------------------------------------------- the steps bar
class StepsBar(QWidget):
    """The VMM's (or the hardware's) work on one trap, one segment per step."""

    def __init__(self, panel: "TrapInspectorPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.steps: list[tuple[str, int]] = []
        self.in_flight: tuple[str, int, int] | None = None   # (kind, done, total) now
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(300, int(QFontMetricsF(theme.ui_font(9)).height() * 1.9))

    def minimumSizeHint(self) -> QSize:
        return QSize(100, self.sizeHint().height())

    def set_steps(self, steps: list[tuple[str, int]],
                  in_flight: tuple[str, int, int] | None = None) -> None:
        """The steps done, and the one the VMM is doing now (kind, cycles done, its total)."""
        if steps != self.steps or in_flight != self.in_flight:
            self.steps = list(steps)
            self.in_flight = in_flight
            self.update()
        self.setFixedHeight(self.sizeHint().height())

    def step_color(self, kind: str) -> QColor:
        if kind in ("fault", "trap-entry"):
            return QColor(theme.HOST_COLOR)
        if kind in ("exit", "entry"):
            return QColor(theme.VMM_COLOR)
        if kind == "switch":
            return QColor(theme.VMM_COLOR).darker(130)
        if kind in HOST_STEPS:           # type 2: the host OS kernel's part, its lane's colour
            return theme.bucket_color(BUCKET_HOST, [])
        return QColor(theme.VMM_COLOR).lighter(135)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(self.rect()).adjusted(1, 2, -1, -2)
        segments = [(kind, cycles, None) for kind, cycles in self.steps]
        if self.in_flight is not None:
            kind, done, whole = self.in_flight
            segments.append((kind, max(whole, done, 1), done))
        total = sum(c for _, c, _ in segments)
        pal = self.palette()
        if not segments or total <= 0:
            painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
            painter.drawRoundedRect(rect, 4, 4)
            return
        font = theme.ui_font(9, bold=True)
        painter.setFont(font)
        fm = QFontMetricsF(font)
        x = rect.left()
        gap = 2.0
        width = rect.width() - gap * (len(segments) - 1)
        for kind, cycles, done in segments:
            w = max(3.0, width * cycles / total)
            seg = QRectF(x, rect.top(), w, rect.height())
            color = self.step_color(kind)
            painter.setPen(Qt.PenStyle.NoPen)
            if done is None:
                painter.setBrush(color)
                painter.drawRoundedRect(seg, 3, 3)
                label = f"{self.panel.step_text(kind)} {cycles}"
                short = str(cycles)
                ink = theme.text_on(color)
            else:
                # The step in flight: an outline, filled as far as it has gone.
                painter.setBrush(QBrush(color, Qt.BrushStyle.BDiagPattern))
                painter.drawRoundedRect(seg, 3, 3)
                painter.setBrush(color)
                painter.drawRoundedRect(QRectF(seg.left(), seg.top(), w * done / cycles,
                                               seg.height()), 3, 3)
                painter.setPen(QPen(color, 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(seg.adjusted(0.75, 0.75, -0.75, -0.75), 3, 3)
                label = f"{self.panel.step_text(kind)} {done}/{cycles}"
                short = f"{done}/{cycles}"
                ink = pal.color(QPalette.ColorRole.WindowText)
                if done * 2 >= cycles:
                    ink = theme.text_on(color)
            if fm.horizontalAdvance(label) + 8 > w:
                label = short
            if fm.horizontalAdvance(label) + 4 <= w:
                painter.setPen(ink)
                painter.drawText(seg, Qt.AlignmentFlag.AlignCenter, label)
            x += w + gap
        painter.end()


class NoteArea(QScrollArea):
    """A wrapped paragraph that scrolls when its place is too short for it (a bare
    machine's trap, a translation: what happened, instead of a VCPU before and after)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setWidget(self.label)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:  # noqa: N802 (as QLabel's)
        self.label.setText(text)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(60, 24)


# ---------------------------------------------------------------------- the panel
class TrapInspectorPanel(Panel):
    panel_id = "traps"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        self.base_name = "hex"
        self.headers: list[str] = [""] * COLUMNS
        self.header_tips: list[str] = [""] * COLUMNS
        self.bold_font = theme.mono_font(bold=True)
        self._modes: dict[str, str] = {}
        self._guest_names: list[str] = []
        # The VM exit the VMM is handling at the present cycle: (seq, the step in flight as
        # (kind, cycles done, its cycles) or None), read at each refresh.
        self._exit_now: tuple[int, tuple | None] | None = None
        self._auto_seq: int | None = None     # the trap moment last selected by itself
        self._short_details = False          # a short dock: the details say less
        self._has_state = False              # the details show a VCPU before and after
        super().__init__(controller, parent)
        self.steps_shown: list[tuple[str, int]] = []       # (translated step, cycles) shown
        self.state_rows: dict[str, tuple] = {}             # register -> (before, after)
        self.state_changed: set[str] = set()
        self._selected_seq: int | None = None
        self._shown_detail_key = None
        self._user_scrolled_up = False
        self._session_shown = None

        # Filters.
        self.guest_label, self.cause_label, self.action_label = QLabel(self), QLabel(self), \
            QLabel(self)
        self.guest_filter = QComboBox(self)
        self.guest_filter.setObjectName("traps-guest-filter")
        self.cause_filter = QComboBox(self)
        self.cause_filter.setObjectName("traps-cause-filter")
        self.action_filter = QComboBox(self)
        self.action_filter.setObjectName("traps-action-filter")
        for combo in (self.guest_filter, self.cause_filter, self.action_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self._filters_changed)
        self.work_filter = QCheckBox(self)
        self.work_filter.setObjectName("traps-work-filter")
        self.work_filter.setChecked(True)
        self.work_filter.toggled.connect(self._filters_changed)
        self.text_filter = QLineEdit(self)
        self.text_filter.setObjectName("traps-text-filter")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(self._text_changed)
        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(150)
        self._text_timer.timeout.connect(self._filters_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("traps-count")

        # Table.
        self.model = TrapModel(self)
        self.table = TrapTable(self)
        self.table.setObjectName("traps-table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        hh = self.table.horizontalHeader()
        hh.setStretchLastSection(False)
        hh.setHighlightSections(False)
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.doubleClicked.connect(lambda _index: self.go_to_moment())
        self.model.rowsInserted.connect(self._rows_inserted)
        self.model.rowsAboutToBeInserted.connect(self._remember_bottom)

        # Details.
        self.details = QFrame(self)
        self.details.setObjectName("traps-details")
        self.detail_title = QLabel(self.details)
        self.detail_title.setObjectName("traps-detail-title")
        self.detail_title.setWordWrap(True)
        self.detail_title.setTextFormat(Qt.TextFormat.RichText)
        self.hypercall_label = QLabel(self.details)   # a hypercall: name, arguments, result
        self.hypercall_label.setObjectName("traps-hypercall")
        self.hypercall_label.setWordWrap(True)
        self.hypercall_label.setTextFormat(Qt.TextFormat.RichText)
        self.hypercall_label.hide()
        self.go_button = QPushButton(self.details)
        self.go_button.setObjectName("traps-go-to-moment")
        self.go_button.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.go_button.clicked.connect(self.go_to_moment)
        self.steps_caption = QLabel(self.details)
        self.steps_bar = StepsBar(self)
        self.steps_bar.setObjectName("traps-steps-bar")
        self.steps_label = QLabel(self.details)
        self.steps_label.setObjectName("traps-steps")
        self.steps_label.setWordWrap(True)
        self.state_table = QTableView(self.details)
        self.state_model = VcpuStateModel(self.state_table)
        self.state_table.setModel(self.state_model)
        self.state_table.setObjectName("traps-state")
        self.state_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.state_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.state_table.verticalHeader().setVisible(False)
        self.state_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.state_table.setShowGrid(False)
        self.state_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.state_table.setMinimumHeight(10)
        self.state_caption = QLabel(self.details)
        self.state_caption.setWordWrap(True)
        self.only_changed = QCheckBox(self.details)
        self.only_changed.setObjectName("traps-only-changed")
        self.only_changed.setChecked(True)
        self.only_changed.toggled.connect(self._only_changed_toggled)
        self.state_note = NoteArea(self.details)     # scrolls in a short dock
        self.state_note.setObjectName("traps-state-note")
        self.state_stack = QStackedWidget(self.details)
        self.state_stack.addWidget(self.state_table)
        self.state_stack.addWidget(self.state_note)
        self.placeholder = QLabel(self.details)
        self.placeholder.setObjectName("traps-placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)

        # The summary (what happened, the steps) scrolls if the dock is short; the
        # state table scrolls by itself.  Side by side when the details are wide.
        self.summary = QWidget()
        summary = QVBoxLayout(self.summary)
        summary.setContentsMargins(0, 0, 4, 0)
        summary.setSpacing(4)
        summary.addWidget(self.detail_title)
        summary.addWidget(self.hypercall_label)
        summary.addWidget(self.steps_caption)
        summary.addWidget(self.steps_bar)
        summary.addWidget(self.steps_label)
        go_row = QHBoxLayout()
        go_row.addWidget(self.go_button)
        go_row.addStretch(1)
        summary.addLayout(go_row)
        summary.addStretch(1)
        self.summary_scroll = QScrollArea(self.details)
        self.summary_scroll.setObjectName("traps-summary")
        self.summary_scroll.setWidgetResizable(True)
        self.summary_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.summary_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary_scroll.setWidget(self.summary)
        self.summary_scroll.setMinimumHeight(40)
        self.state_box = QWidget(self.details)
        state = QVBoxLayout(self.state_box)
        state.setContentsMargins(0, 0, 0, 0)
        state.setSpacing(4)
        # The caption beside "Only changed", or above it when the column is narrow.
        state_head = self.state_head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        state_head.addWidget(self.state_caption, 1)
        state_head.addWidget(self.only_changed)
        state.addLayout(state_head)
        state.addWidget(self.state_stack, 1)
        self.detail_body = QWidget(self.details)
        self.body_layout = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.detail_body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(8)
        self.body_layout.addWidget(self.summary_scroll, 3)
        self.body_layout.addWidget(self.state_box, 2)
        self.detail_stack = QStackedWidget(self.details)
        self.detail_stack.addWidget(self.placeholder)
        self.detail_stack.addWidget(self.detail_body)
        dl = QVBoxLayout(self.details)
        dl.setContentsMargins(6, 2, 2, 2)
        dl.addWidget(self.detail_stack)

        # The filters, in boxes of their own: a short dock hides them (the rows and the
        # details matter more on a projector).
        self.filters_box = QWidget(self)
        filters = QHBoxLayout(self.filters_box)
        filters.setContentsMargins(0, 0, 0, 0)
        for label, combo in ((self.guest_label, self.guest_filter),
                             (self.cause_label, self.cause_filter),
                             (self.action_label, self.action_filter)):
            filters.addWidget(label)
            filters.addWidget(combo)
            filters.addSpacing(6)
        filters.addWidget(self.work_filter)
        filters.addSpacing(6)
        self.filters_row = filters
        self.search_box = QWidget(self)     # the text filter moves here when the panel is narrow
        self.search_row = QHBoxLayout(self.search_box)
        self.search_row.setContentsMargins(0, 0, 0, 0)
        self._search_widget = QWidget(self)
        search = QHBoxLayout(self._search_widget)
        search.setContentsMargins(0, 0, 0, 0)
        search.addWidget(self.text_filter, 1)
        search.addSpacing(6)
        search.addWidget(self.count_label)
        filters.addWidget(self._search_widget, 1)
        filters.addStretch(0)           # the pickers stay together when the search moves
        self._search_wrapped = False

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("traps-splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.splitterMoved.connect(lambda *_: self._arrange_details())
        self.details.setMinimumWidth(280)
        self.details.installEventFilter(self)      # its height decides the summary's share
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filters_box)
        layout.addWidget(self.search_box)
        self.search_box.hide()
        layout.addWidget(self.splitter, 1)
        self._split_done = False
        self._split_short = False
        self._cramped = False

        self.retranslate()
        self.apply_style()
        self._fill_filters()
        self.refresh()

    # ------------------------------------------------------------------ text
    def title(self) -> str:
        return self.tr("Trap inspector")

    def retranslate(self) -> None:
        self._modes = {"kernel": self.tr("kernel"), "user": self.tr("user")}
        if hasattr(self, "model"):
            self.model.clear_cache()
        self.headers = [self.tr("Cycle"), self.tr("Guest"), self.tr("Mode"), self.tr("pc"),
                        self.tr("Instruction"), self.tr("Cause"), self.tr("Action"),
                        self.tr("Cost")]
        self.header_tips = [
            self.tr("Physical cycle at which the CPU entered the VMM (natively: the kernel)"),
            self.tr("The guest that was running"),
            self.tr("The guest's (virtual) mode when it trapped"),
            self.tr("Address of the instruction that trapped, as the guest sees it"),
            self.tr("The instruction that trapped"),
            self.tr("Trap cause (CAUSE register)"),
            self.tr("What the VMM did: emulate a privileged instruction, reflect the trap "
                    "into the guest kernel, resume after its own timer, route console input, "
                    "or stop a guest that crashed"),
            self.tr("Cycles the trap cost: the VMM's work including the hardware trap entry "
                    "(natively: the faulting cycle + the 4-cycle trap entry)"),
        ]
        self.guest_label.setText(self.tr("Guest:"))
        self.cause_label.setText(self.tr("Cause:"))
        self.action_label.setText(self.tr("Action:"))
        self.text_filter.setPlaceholderText(self.tr("Filter…"))
        self.text_filter.setToolTip(self.tr(
            "Show only rows containing this text (cycle, pc, instruction, cause, action)"))
        self.go_button.setText(self.tr("Go to this moment"))
        self.go_button.setToolTip(self.tr(
            "Travel in time to the cycle of this trap: every panel shows that moment"))
        self.steps_caption.setText(self.tr("Steps and their cycles:"))
        self.state_caption.setText(self.tr("The guest's virtual CPU before and after:"))
        self.work_filter.setText(self.tr("Technique's work"))
        self.work_filter.setToolTip(self.tr(
            "Also list the technique's own work that is not a VM exit: translations, callouts "
            "and invalidations (binary translation), failed VM entries (hardware assist)"))
        self._work_kinds = {
            "translation": self.tr("translation"), "callout": self.tr("callout", "short"),
            "invalidation": self.tr("invalidation"), "entry-failure": self.tr("entry failure")}
        self.hypercall_label.setToolTip(self.tr(
            "A hypercall: the guest kernel asks the VMM. Its number is the HCALL's immediate, "
            "its arguments are in r1 and r2, and the result, or a negative error code, comes "
            "back in r1 (docs/isa.md, section 12)"))
        self.only_changed.setText(self.tr("Only changed"))
        self.only_changed.setToolTip(self.tr("Show only the registers this trap changed"))
        self._fill_filters()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1, COLUMNS - 1))
        self._update_count()
        self._shown_detail_key = None
        self._show_details()
        self._arrange_filters()       # the pickers' texts changed width
        self._measure_state()         # "virtual clock" too
        self._split_done = False
        self._arrange()
        self._arrange_details(force=True)

    def action_text(self, action: str) -> str:
        label = action_label(action)
        return step_label(action) if label == action else label

    def cause_text(self, event) -> str:
        """The Cause column: the CAUSE name, or the translated kind of a work row."""
        if isinstance(event, WorkRow):
            return self._work_kinds.get(event.cause, event.cause)
        return event.cause

    def work_text(self, row: WorkRow) -> str:
        """What a work row's event did, in a sentence (the Instruction column's text)."""
        e = row.event
        if row.cause == "translation":
            text = self.tr("%1 instr. · 1 callout") if len(e.callouts) == 1 \
                else self.tr("%1 instr. · %2 callouts")
            return text.replace("%1", str(e.length)).replace("%2", str(len(e.callouts)))
        if row.cause == "callout":
            return e.instruction
        if row.cause == "invalidation":
            return self.tr("rewritten: block at %1 dropped").replace(
                "%1", self.format_address(e.start))
        if row.cause == "entry-failure":
            return self.tr("%1: %2").replace("%1", e.name).replace("%2", e.reason)
        return ""

    def step_text(self, kind: str) -> str:
        return step_label(kind)

    def mode_text(self, mode: str) -> str:
        return self._modes.get(mode, mode)

    def instruction_text(self, event) -> str:
        if isinstance(event, WorkRow):
            return self.work_text(event)
        if event.interrupt:
            return self.tr("(interrupt)")
        if event.word is None:
            return self.tr("(no instruction fetched)")
        return event.instruction

    def row_tooltip(self, event) -> str:
        if isinstance(event, WorkRow):
            text = (self.tr("%1 at cycle %2, pc %3: %4")
                    .replace("%1", self.cause_text(event))
                    .replace("%2", theme.fmt_int(event.cycle))
                    .replace("%3", self.format_address(event.pc))
                    .replace("%4", self.work_text(event)))
            return text + "\n" + self.tr("Double-click to go to this moment")
        kind = self.tr("VM exit", "title") if isinstance(event, VmExit) else self.tr("Trap")
        text = (self.tr("%1 at cycle %2: %3 in %4 mode at pc %5")
                .replace("%1", kind).replace("%2", theme.fmt_int(event.cycle))
                .replace("%3", event.cause).replace("%4", self.mode_text(event_mode(event)))
                .replace("%5", self.format_address(event.pc)))
        if isinstance(event, VmExit) and (self.in_progress(event) or event.after is None):
            text += "\n" + self.tr("The VMM is still handling it: %1 cycles so far").replace(
                "%1", str(self.cost_so_far(event)))
        return text + "\n" + self.tr("Double-click to go to this moment")

    # ------------------------------------------------------------------ formats
    def format_address(self, address: int) -> str:
        if self.base_name == "dec":
            return str(address)
        return f"0x{address:04X}"

    def format_value(self, value: int) -> str:
        if self.base_name == "dec":
            return str(value)
        return f"0x{value:08X}"

    def set_number_base(self, base: str) -> None:
        self.base_name = "dec" if base == "dec" else "hex"
        self.model.clear_cache()
        self._filters_changed(force=True)
        if self.model.rows:
            self.model.dataChanged.emit(self.model.index(0, 0),
                                        self.model.index(len(self.model.rows) - 1, COLUMNS - 1))
        self._shown_detail_key = None
        self._show_details()

    def guest_color(self, name: str | None) -> QColor | None:
        if name is None:
            return None
        names = self._guest_names
        return theme.guest_color(names.index(name) if name in names else 0)

    def apply_style(self) -> None:
        mono, ui = theme.mono_font(), theme.ui_font()
        self.bold_font = theme.mono_font(bold=True)
        self.table.setFont(mono)
        self.table.horizontalHeader().setFont(ui)
        row_h = int(QFontMetricsF(mono).height() * 1.3) + 1
        self.table.verticalHeader().setDefaultSectionSize(row_h)
        self.table.verticalHeader().setMinimumSectionSize(row_h)
        for w in (self.guest_label, self.cause_label, self.action_label, self.guest_filter,
                  self.cause_filter, self.action_filter, self.text_filter, self.count_label,
                  self.go_button, self.steps_caption, self.steps_label, self.placeholder,
                  self.state_note, self.state_caption, self.only_changed):
            w.setFont(ui)
        self.detail_title.setFont(theme.ui_font())
        self.hypercall_label.setFont(theme.ui_font())
        self.state_table.setFont(mono)
        self.state_table.horizontalHeader().setFont(ui)
        self.state_table.verticalHeader().setDefaultSectionSize(row_h)
        self.state_table.verticalHeader().setMinimumSectionSize(row_h)
        self.steps_bar.set_steps(self.steps_bar.steps)
        self._measure_state()
        self._split_done = False
        if hasattr(self, "splitter"):
            self._arrange()
        self._arrange_details(force=True)
        self._size_columns()
        self._shown_detail_key = None
        self._show_details()

    def _work_of(self) -> tuple:
        """The work kinds the session's technique can log."""
        return self.session.technique.work_events

    def _size_columns(self) -> None:
        # The row of the present cycle is bold: every column fits its bold text.
        fm = QFontMetricsF(self.bold_font)
        header_fm = QFontMetricsF(theme.ui_font())
        pad = fm.horizontalAdvance("M") * 1.3
        icon = self.table.verticalHeader().defaultSectionSize()
        longest = max([""] + self._guest_names, key=len)
        samples = {COL_CYCLE: ["9,999,999"], COL_GUEST: [longest or "alpha"],
                   COL_MODE: list(self._modes.values()), COL_PC: [self.format_address(0xFFFF)],
                   COL_INSTRUCTION: ["out CONSOLE_OUT, r10"] + (
                       [self.tr("%1 instr. · %2 callouts").replace("%1", "32").replace(
                           "%2", "12")] if "translation" in self._work_of() else []),
                   COL_CAUSE: ["SYSCALL"] + [self._work_kinds[k] for k in self._work_of()],
                   COL_ACTION: [self.action_text(a) for a in self.session.exit_actions()]
                   + [self.action_text(WORK_ACTIONS[k]) for k in self._work_of()],
                   COL_COST: ["1 + 4", IN_PROGRESS_COST.replace("%1", "9999")]}
        for column, texts in samples.items():
            width = max(fm.horizontalAdvance(t) for t in texts) + pad
            if column == COL_GUEST:
                width += icon
            width = max(width, header_fm.horizontalAdvance(self.headers[column]) + pad)
            if column == COL_INSTRUCTION:
                self.table.min_instruction_width = int(width)
            self.table.natural[column] = int(width)
            self.table.setColumnWidth(column, int(width))
        self.table.fit_instruction_column()

    # ------------------------------------------------------------------ filters
    def _fill_filters(self) -> None:
        session = self.session
        self._guest_names = list(session.guest_names)
        combos = (
            (self.guest_filter, self.tr("all guests"), [(n, n) for n in session.guest_names]),
            (self.cause_filter, self.tr("all causes"), [(c, c) for c in self._cause_names()]),
            (self.action_filter, self.tr("all actions"),
             [(a, self.action_text(a)) for a in session.exit_actions()]),
        )
        for combo, all_text, items in combos:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(all_text, ALL)
            for data, text in items:
                combo.addItem(text, data)
            index = combo.findData(current) if current is not None else 0
            combo.setCurrentIndex(max(0, index))
            combo.blockSignals(False)
        self._size_columns()
        self._filters_changed()

    def _cause_names(self) -> list[str]:
        """The trap causes, then the other causes the rows name (hardware assist's exit
        reasons: IO, PREEMPT, SR-WRITE…)."""
        model = getattr(self, "model", None)
        seen = {e.cause for e in model.all if not isinstance(e, WorkRow)} if model else set()
        return list(CAUSES) + sorted(seen - set(CAUSES))

    def _add_new_causes(self) -> None:
        """Causes the rows name that the filter does not list yet (hardware assist's exit
        reasons: IO, PREEMPT, SR-WRITE…) join it."""
        combo = self.cause_filter
        known = {combo.itemData(i) for i in range(combo.count())}
        new = sorted({e.cause for e in self.model.all if not isinstance(e, WorkRow)} - known)
        if new:
            combo.blockSignals(True)
            for cause in new:
                combo.addItem(cause, cause)
            combo.blockSignals(False)

    def _text_changed(self, _text: str) -> None:
        self._text_timer.start()

    def _filters_changed(self, *_args, force: bool = False) -> None:
        self._text_timer.stop()
        selected = self._selected_seq
        self.model.set_filters(force=force and bool(self.model.filters["text"]),
                               guest=self.guest_filter.currentData() or ALL,
                               cause=self.cause_filter.currentData() or ALL,
                               action=self.action_filter.currentData() or ALL,
                               text=self.text_filter.text(),
                               work=self.work_filter.isChecked())
        self._reselect(selected, scroll=True)
        self._update_count()

    def set_filter(self, guest: str | None = None, cause: str | None = None,
                   action: str | None = None, text: str | None = None) -> None:
        """Set filters programmatically (lessons, tests); None leaves one alone."""
        for combo, value in ((self.guest_filter, guest), (self.cause_filter, cause),
                             (self.action_filter, action)):
            if value is not None:
                i = combo.findData(value)
                combo.blockSignals(True)
                combo.setCurrentIndex(max(0, i))
                combo.blockSignals(False)
        if text is not None:
            self.text_filter.blockSignals(True)
            self.text_filter.setText(text)
            self.text_filter.blockSignals(False)
        self._filters_changed()

    def _update_count(self) -> None:
        work_rows = sum(1 for e in self.model.all if isinstance(e, WorkRow))
        work = work_rows > 0 or self.session.technique.kernel_runs == "translated"
        if work == self.work_filter.isHidden():
            self.work_filter.setVisible(work)
            self._arrange_filters()
        shown = sum(1 for e in self.model.rows if not isinstance(e, WorkRow))
        total = len(self.model.all) - work_rows
        # English and Catalan both have one singular and one plural form.
        if not self.session.under_vmm:
            if shown != total:
                text = self.tr("%1 of %2 traps")
            else:
                text = self.tr("1 trap") if total == 1 else self.tr("%2 traps")
        else:
            if shown != total:
                text = self.tr("%1 of %2 VM exits")
            else:
                text = self.tr("1 VM exit") if total == 1 else self.tr("%2 VM exits")
        self.count_label.setText(text.replace("%1", theme.fmt_int(shown)).replace("%2", theme.fmt_int(total)))
        if total == 0:
            self.table.empty_text = (self.tr("No traps yet: run or step the machine")
                                     if not self.session.under_vmm else
                                     self.tr("No VM exits yet: run or step the machine"))
        else:
            self.table.empty_text = self.tr("No row matches the filters")
        self.table.viewport().update()

    # ------------------------------------------------------------------ refresh
    def on_session_replaced(self) -> None:
        self._selected_seq = None
        self._auto_seq = None
        self._exit_now = None
        self._fill_filters()
        if self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        session = self.session
        if session is not self._session_shown:
            self._session_shown = session
            self._selected_seq = None
            if [self.guest_filter.itemData(i) for i in range(1, self.guest_filter.count())] \
                    != list(session.guest_names):
                self._fill_filters()
        selected = self._selected_seq
        old_now = self.model.now
        self._exit_now = self._read_exit_now(session)
        changed = self.model.sync(session)
        if changed:
            self._add_new_causes()
            self._update_count()
            self._reselect(selected, scroll=False)
        if old_now != self.model.now:
            self.model.refresh_pending()
            self._refresh_visible()
        self._select_trap_moment(session)
        self._show_details()

    # ------------------------------------------------------------------ the present moment
    def _read_exit_now(self, session) -> tuple[int, tuple | None] | None:
        current = session.exit_in_progress()
        if current is None:
            return None
        activity = session.activity()
        flight = None
        if (activity.layer == "vmm" and activity.guest == current.guest and activity.step
                and activity.progress):
            done, total = activity.progress
            flight = (str(activity.step), int(done), int(total))
        return current.seq, flight

    def in_progress(self, event) -> bool:
        """The VM exit the VMM is handling at this very cycle."""
        now = self._exit_now
        return now is not None and isinstance(event, VmExit) and event.seq == now[0]

    def step_in_flight(self, event) -> tuple[str, int, int] | None:
        """(kind, cycles done, its cycles) of the VMM's step now, if it handles this exit."""
        return self._exit_now[1] if self.in_progress(event) else None

    def cost_so_far(self, event) -> int:
        flight = self.step_in_flight(event)
        return event.cost + (flight[1] if flight else 0)

    def trap_moment(self, session) -> int | None:
        """The seq of the trap or VM exit that is the present moment: the exit the VMM is
        handling, or (on the bare machine) a trap taken at this very cycle."""
        if self._exit_now is not None:
            return self._exit_now[0]
        if session.under_vmm:
            return None
        event = session.last_trap_event()
        return event.seq if event is not None and event.cycle == session.cycle else None

    def _select_trap_moment(self, session) -> None:
        """Stopped at a trap or VM exit: select it (once; the user may pick another row)."""
        if self.controller.running:
            return
        seq = self.trap_moment(session)
        if seq is None:
            self._auto_seq = None
            return
        if seq == self._auto_seq or self.model.row_of_seq(seq) is None:
            return
        self._auto_seq = seq
        row = self.model.row_of_seq(seq)
        index = self.model.index(row, 0)
        self.table.selectionModel().blockSignals(True)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self.table.viewport().update()
        self._selected_seq = seq
        self._shown_detail_key = None
        bar = self.table.verticalScrollBar()
        if bar.value() >= bar.maximum() - 1:     # not while the user reads older rows
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)

    def _refresh_visible(self) -> None:
        """Bold the rows at the current cycle: repaint what is on screen."""
        rows = len(self.model.rows)
        if not rows:
            return
        top = max(0, self.table.rowAt(0))
        bottom = self.table.rowAt(self.table.viewport().height() - 1)
        bottom = rows - 1 if bottom < 0 else bottom
        self.model.dataChanged.emit(self.model.index(top, 0), self.model.index(bottom, COLUMNS - 1))

    def _reselect(self, seq: int | None, *, scroll: bool) -> None:
        if seq is None:
            return
        row = self.model.row_of_seq(seq)
        current = self.table.currentIndex()
        if row is None:
            if not current.isValid():
                self._selected_seq = seq   # keep it: it may come back after the present
            return
        if current.isValid() and current.row() == row:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().blockSignals(True)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)
        self.table.selectionModel().blockSignals(False)
        self._selected_seq = seq
        if scroll:
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)

    # auto-scroll: newest at the bottom while the user has not scrolled up
    def _remember_bottom(self, *_args) -> None:
        bar = self.table.verticalScrollBar()
        self._was_at_bottom = bar.value() >= bar.maximum() - 1

    def _rows_inserted(self, *_args) -> None:
        if getattr(self, "_was_at_bottom", True):
            self.table.scrollToBottom()

    # ------------------------------------------------------------------ selection
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and 0 <= current.row() < len(self.model.rows):
            self._selected_seq = self.model.rows[current.row()].seq
        else:
            self._selected_seq = None
        self._shown_detail_key = None
        self._show_details()

    def selected_event(self):
        seq = self._selected_seq
        if seq is None:
            return None
        row = self.model.row_of_seq(seq)
        return self.model.rows[row] if row is not None else None

    def select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        self.table.setCurrentIndex(index)
        self.table.selectRow(row)

    def go_to_moment(self) -> None:
        event = self.selected_event()
        if event is not None:
            self.controller.travel_to(event.cycle)

    # ------------------------------------------------------------------ details
    def _show_details(self) -> None:
        if getattr(self, "_cramped", False):
            self._one_or_other()
        event = self.selected_event()
        if event is None:
            self.placeholder.setText(
                self.tr("Select a trap to see how the hardware handled it")
                if not self.session.under_vmm
                else self.tr("Select a VM exit to see what the VMM did, step by step, and the "
                             "guest's virtual CPU before and after"))
            self.detail_stack.setCurrentWidget(self.placeholder)
            self.go_button.setEnabled(False)
            self.steps_shown = []
            self.state_rows, self.state_changed = {}, set()
            self._shown_detail_key = None
            return
        key = (id(event), event.seq, len(getattr(event, "steps", ()) or ()),
               getattr(event, "after", None) is not None, getattr(event, "action", ""),
               self.base_name, self.model.now == event.cycle, self.step_in_flight(event),
               self._short_details, self.table.isHidden())
        if key == self._shown_detail_key:
            return
        self._shown_detail_key = key
        self.detail_stack.setCurrentWidget(self.detail_body)
        self.go_button.setEnabled(True)
        if isinstance(event, WorkRow):
            self._show_work_details(event)
            return
        vm = isinstance(event, VmExit)
        kind = self.tr("VM exit", "title") if vm else self.tr("Trap")
        color = self.guest_color(event.guest)
        swatch = f"<span style='color:{color.name()}'>■</span> " if color else ""
        lines = []
        if not (self._short_details and not self.table.isHidden()):
            # (A short dock leaves it out: the selected row beside it says the same.)
            where = self.tr("<b>%1</b> at cycle %2 · %3 (virtual %4 mode)") if vm else \
                self.tr("<b>%1</b> at cycle %2 · %3 (%4 mode)")
            lines.append(where.replace("%1", kind).replace("%2", theme.fmt_int(event.cycle))
                         .replace("%3", swatch + _html(event.guest or ""))
                         .replace("%4", self.mode_text(event_mode(event))))
        action = event_action(event)
        lines.append(self.tr("<b>%1</b> at pc %2: %3 → <b>%4</b>")
                     .replace("%1", event.cause).replace("%2", self.format_address(event.pc))
                     .replace("%3", f"<code>{_html(self.instruction_text(event))}</code>")
                     .replace("%4", self.action_text(action)))
        if event.cycle == self.model.now:
            lines.append(self.tr("<i>This is the present moment.</i>"))
        elif self.in_progress(event):
            lines.append(self.tr("<i>The VMM is handling it now.</i>"))
        self.go_button.setVisible(event.cycle != self.model.now)
        title = "<br>".join(lines)
        self.detail_title.setText(title)
        hypercall = self.hypercall_text(event) if vm else ""
        self.hypercall_label.setText(hypercall)
        self.hypercall_label.setVisible(bool(hypercall))

        steps = event_steps(event)
        self.steps_shown = [(self.step_text(k), c) for k, c in steps]
        flight = self.step_in_flight(event)
        self.steps_bar.set_steps(steps, flight)
        total = sum(c for _, c in steps)
        parts = [f"{name} {cycles}" for name, cycles in self.steps_shown]
        if flight is not None:
            kind, done, whole = flight
            parts.append(self.tr("%1 now: %2 of %3").replace("%1", self.step_text(kind))
                         .replace("%2", str(done)).replace("%3", str(whole)))
            total += done
        if self.in_progress(event):
            summary = self.tr("%1 = %2 cycles so far").replace("%1", " + ".join(parts)) \
                .replace("%2", str(total))
            summary += " " + self.tr("(the VMM is still handling this exit)")
        else:
            summary = self.tr("%1 = %2 cycles").replace("%1", " + ".join(parts)) \
                .replace("%2", str(total))
            if vm and event.after is None:
                summary += " " + self.tr("(the VMM is still handling this exit)")
        self.steps_label.setText(summary)
        self._fit_summary()

        self._has_state = vm
        self.state_caption.setVisible(vm and not self._short_details)
        self.only_changed.setVisible(vm and not self._short_details)
        if vm:
            self._fill_state(state_view(event.before), state_view(event.after))
            self.state_stack.setCurrentWidget(self.state_table)
        else:
            self.state_rows, self.state_changed = {}, set()
            self.state_note.setText(
                self.tr("On the bare machine the trap entry saved the pc in EPC (%1), set "
                        "CAUSE = %2 and TVAL = %3, switched to kernel mode with interrupts off "
                        "and jumped to TVEC: the kernel handles it from there.")
                .replace("%1", self.format_address(event.pc)).replace("%2", event.cause)
                .replace("%3", self.format_value(event.tval)))
            self.state_stack.setCurrentWidget(self.state_note)

    def hypercall_text(self, event) -> str:
        """A hypercall exit in two lines: its number, name and arguments (r1, r2 at the
        HCALL) as a call, then what came back in r1 (its result, or its error code and
        what the code means), as the VMM's record of it says; "" for any other exit."""
        if event_action(event) != HYPERCALL:
            return ""
        served = self.model.hypercalls.get(event.seq)
        name = f"<code>{_html(served.name)}</code>" if served is not None else ""
        before = state_view(event.before).get("regs", [])
        arguments = ", ".join(_pair(f"r{i}", self.format_value(before[i]))
                              for i in HYPERCALL_ARGUMENTS if i < len(before))
        lines = [self.tr("<b>Hypercall %1</b>: %2").replace("%1", str(event.tval))
                 .replace("%2", f"{name}({arguments})")]
        after = state_view(event.after).get("regs", [])
        if served is None or not after:
            lines.append(self.tr("Result: (not yet)"))
        elif served.error is not None:
            code = served.result if served.result is not None else 0
            lines.append(self.tr("<b>Error</b>: %1, %2")
                         .replace("%1", _pair(f"r{RESULT_REGISTER}", self._signed(code)))
                         .replace("%2", _html(self.hypercall_error_text(served.error))))
        elif served.result is None:
            lines.append(self.tr("No result: it does not return to the instruction after the "
                                 "HCALL (pc afterwards %1)")
                         .replace("%1", self.format_address(state_view(event.after)["pc"])))
        else:
            lines.append(self.tr("Result: %1").replace(
                "%1", _pair(f"r{RESULT_REGISTER}", self.format_value(after[RESULT_REGISTER]))))
        if served is not None and served.words:
            lines[-1] += " · " + (self.tr("1 word read from the guest's memory")
                                  if served.words == 1 else
                                  self.tr("%1 words read from the guest's memory")
                                  .replace("%1", theme.fmt_int(served.words)))
        return "<br>".join(lines)

    def hypercall_error_text(self, error: str) -> str:
        """What a hypercall's error code means (docs/isa.md, section 12), translated."""
        return {
            "unknown hypercall": self.tr("unknown hypercall"),
            "bad argument": self.tr("bad argument"),
            "address outside the guest's memory": self.tr("address outside the guest's memory"),
            "nothing to read": self.tr("nothing to read"),
        }.get(error, error)

    def _signed(self, value: int) -> str:
        """An error code: negative in decimal, and its 32-bit word in hex."""
        text = theme.fmt_int(value).replace("-", "−")
        if self.base_name == "dec":
            return text
        return f"{text} ({self.format_value(value & 0xFFFF_FFFF)})"

    def _show_work_details(self, row: WorkRow) -> None:
        """A technique's work row: what it was, its cost, and the VCPU if it changed it."""
        self.hypercall_label.hide()
        color = self.guest_color(row.guest)
        swatch = f"<span style='color:{color.name()}'>■</span> " if color else ""
        title = (self.tr("<b>%1</b> at cycle %2 · %3")
                 .replace("%1", _html(self.cause_text(row)))
                 .replace("%2", theme.fmt_int(row.cycle))
                 .replace("%3", swatch + _html(row.guest or "")))
        title += "<br>" + (self.tr("pc %1: %2").replace("%1", self.format_address(row.pc))
                           .replace("%2", f"<code>{_html(self.work_text(row))}</code>"))
        if row.cycle == self.model.now:
            title += "<br>" + self.tr("<i>This is the present moment.</i>")
        self.go_button.setVisible(row.cycle != self.model.now)
        self.detail_title.setText(title)
        steps = event_steps(row)
        self.steps_shown = [(self.step_text(k), c) for k, c in steps]
        self.steps_bar.set_steps(steps)
        total = sum(c for _, c in steps)
        parts = " + ".join(f"{name} {cycles}" for name, cycles in self.steps_shown)
        self.steps_label.setText(self.tr("%1 = %2 cycles").replace("%1", parts)
                                 .replace("%2", str(total)))
        self._fit_summary()
        has_state = row.before is not None and row.after is not None
        self._has_state = has_state
        self.state_caption.setVisible(has_state and not self._short_details)
        self.only_changed.setVisible(has_state and not self._short_details)
        if has_state:
            self._fill_state(state_view(row.before), state_view(row.after))
            self.state_stack.setCurrentWidget(self.state_table)
            return
        self.state_rows, self.state_changed = {}, set()
        e = row.event
        if row.cause == "translation":
            callouts = ", ".join(self.format_address(a) for a in e.callouts) or "—"
            successors = ", ".join(self.format_address(a) for a in e.successors) or "—"
            note = (self.tr("The VMM scanned %1 instructions from %2 before they first ran. "
                            "Callouts (calls into the VMM instead of a trap) at: %3. The "
                            "block continues at: %4.")
                    .replace("%1", str(e.length)).replace("%2", self.format_address(e.start))
                    .replace("%3", callouts).replace("%4", successors))
        elif row.cause == "invalidation":
            note = (self.tr("The guest wrote %1 at %2, inside a translated block: the VMM "
                            "dropped the block (from %3, %4 instructions); it is translated "
                            "again when it next runs.")
                    .replace("%1", self.format_value(e.word))
                    .replace("%2", self.format_address(e.address))
                    .replace("%3", self.format_address(e.start)).replace("%4", str(e.length)))
        else:
            note = (self.tr("The CPU refused the VM entry (%1): %2. The guest is stopped.")
                    .replace("%1", e.name).replace("%2", e.reason))
        self.state_note.setText(note)
        self.state_stack.setCurrentWidget(self.state_note)

    def _fill_state(self, before: dict, after: dict) -> None:
        """Virtual CPU before and after, side by side; changed values highlighted."""
        b_regs, a_regs = before.get("regs", []), after.get("regs", [])
        b_sr, a_sr = before.get("sr", {}), after.get("sr", {})
        rows = [("pc", before.get("pc"), after.get("pc"))]
        rows += [(name, b_sr.get(name), a_sr.get(name)) for name in (b_sr or a_sr)]
        rows += [(f"r{i}", b_regs[i] if i < len(b_regs) else None,
                  a_regs[i] if i < len(a_regs) else None) for i in range(1, 16)]
        rows.append((self.tr("virtual clock"), before.get("vclock"), after.get("vclock")))
        self.state_rows = {name: (b, a) for name, b, a in rows}
        changed = {name for name, b, a in rows if after and b is not None and a != b}
        self.state_changed = changed
        if self.only_changed.isChecked() and after:
            rows = [row for row in rows if row[0] in changed]
        highlight = theme.changed_background(self.palette())
        pending = self.tr("(not yet)")
        self.state_model.set_rows(
            [(name, self._value(name, b), self._value(name, a) if after else pending,
              name in changed) for name, b, a in rows],
            (self.tr("Register"), self.tr("Before"), self.tr("After")),
            highlight, theme.text_on(highlight), theme.mono_font(bold=True))
        for c, w in enumerate(self._state_widths()):
            self.state_table.setColumnWidth(c, w)

    def _measure_state(self) -> None:
        """The VCPU table's width with every column whole (fonts, language)."""
        self._state_natural = (sum(self._state_widths()) + 2 * self.state_table.frameWidth()
                               + self.state_table.verticalScrollBar().sizeHint().width())

    def _state_widths(self) -> list[int]:
        fm = QFontMetricsF(theme.mono_font())
        value_w = int(fm.horizontalAdvance("0x00000000") + fm.horizontalAdvance("M") * 1.2)
        name_w = int(fm.horizontalAdvance(self.tr("virtual clock")) + fm.horizontalAdvance("M"))
        return [name_w, value_w, value_w]

    def _only_changed_toggled(self, _on: bool) -> None:
        self._shown_detail_key = None
        self._show_details()

    def _value(self, name: str, value) -> str:
        if value is None:
            return ""
        if name in ("CYCLE",) or name == self.tr("virtual clock"):
            return theme.fmt_int(value)
        if name == "pc":
            return self.format_address(value)
        return self.format_value(value)

    # ------------------------------------------------------------------ layout
    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._fit_summary()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 (Qt name)
        if watched is self.details and event.type() == QEvent.Type.Resize:
            self._arrange_details()
        return super().eventFilter(watched, event)

    def _arrange_details(self, force: bool = False) -> None:
        """Summary and state side by side when both fit, else one above the other."""
        natural = getattr(self, "_state_natural", 300)
        fm = QFontMetricsF(theme.ui_font())
        # A short dock (a bottom tab at 1280x720) has no height to stack them: side by side
        # as soon as the summary keeps a narrower column.
        short = self.details.height() < fm.lineSpacing() * 14
        summary = fm.horizontalAdvance("M") * (18 if short else 26)
        head = (QFontMetricsF(self.state_caption.font()).horizontalAdvance(
            self.state_caption.text()) + self.only_changed.sizeHint().width() + 16)
        room = self.state_box.width() if self.state_box.width() > 1 else natural
        head_direction = QBoxLayout.Direction.LeftToRight if room >= head else \
            QBoxLayout.Direction.TopToBottom
        if self.state_head.direction() != head_direction:
            self.state_head.setDirection(head_direction)
        if short != self._short_details:
            self._short_details = short
            self.steps_caption.setVisible(not short)
            # (The state table's header says "Register, Before, After" too.)
            self.state_caption.setVisible(not short and self._has_state)
            self.only_changed.setVisible(not short and self._has_state)
            self._shown_detail_key = None
            if hasattr(self, "model"):
                self._show_details()
        wide = self.details.width() > summary + natural + 20
        direction = QBoxLayout.Direction.LeftToRight if wide else \
            QBoxLayout.Direction.TopToBottom
        if self.body_layout.direction() != direction or force:
            self.body_layout.setDirection(direction)
            self.state_box.setMinimumWidth(natural if wide else 0)
            # Stacked: the summary grows first, up to what it needs; the state gets the rest.
            self.body_layout.setStretch(0, 1 if wide else 10)
            self.body_layout.setStretch(1, 0 if wide else 1)
        self._fit_summary()

    def _fit_summary(self) -> None:
        """Stacked: the summary takes the height it needs (scrolling only if it must)."""
        if self.body_layout.direction() == QBoxLayout.Direction.TopToBottom:
            width = max(50, self.details.width() - 12)
            layout = self.summary.layout()
            needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() \
                else self.summary.sizeHint().height()
            # In a short dock the state table would take the room first: what happened
            # (the title, a hypercall's arguments and result, the steps) keeps what the
            # state can spare (its caption, its header and a row stay).
            table = self.state_table
            sideways = table.horizontalScrollBar()
            state = (self.state_box.minimumSizeHint().height() - table.minimumHeight()
                     + table.horizontalHeader().sizeHint().height()
                     + table.verticalHeader().defaultSectionSize() + 2 * table.frameWidth()
                     + (sideways.sizeHint().height() if sideways.isVisible() else 0))
            spare = (self.details.contentsRect().height() - self.body_layout.spacing()
                     - state)
            # Never more than the details can give: the summary scrolls instead of
            # overlapping the state, or squeezing it to nothing.
            height = max(24, min(needed + 4, spare))
            self.summary_scroll.setMinimumHeight(height)
            self.summary_scroll.setMaximumHeight(needed + 4 if spare >= needed + 4 else height)
        else:
            self.summary_scroll.setMaximumHeight(16_777_215)
            self.summary_scroll.setMinimumHeight(40)

    def _arrange(self) -> None:
        """Side by side when the panel is wide (a bottom dock), stacked when it is tall."""
        wide = self.width() > self.height() * 1.6
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        # A short dock (a projector's window): the details of the exit come first.
        short = self.height() < QFontMetricsF(theme.ui_font()).lineSpacing() * 11
        # (The VCPU's table, the details' margins and the splitter's handle.)
        details = getattr(self, "_state_natural", 300) + 40
        # Too small for the table beside the details: one or the other (see _one_or_other).
        cramped = wide and short and self.width() - self.table.least_width() < details
        if cramped != self._cramped:
            self._cramped = cramped
            self._split_done = False
        self._one_or_other()
        if self.splitter.orientation() != orientation or not self._split_done \
                or short != self._split_short:
            self._split_short = short
            self.splitter.setOrientation(orientation)
            total = self.width() if wide else self.height()
            if wide:
                # The details get at least the width of the VCPU's before and after; the
                # table keeps at least its cycle and guest columns.
                first = max(self.table.least_width(),
                            min(self.table.natural_width(), int(total * 0.62),
                                total - details))
            else:
                first = int(total * 0.5)
            self.splitter.setSizes([first, total - first - self.splitter.handleWidth()])
            self._split_done = True
        self._arrange_details()
        self._arrange_filters()

    def _one_or_other(self) -> None:
        """A dock too small for the table and the details side by side (presenter mode in a
        1280x720 window): the details of the selected trap or VM exit (the one the machine
        stopped at) fill it, or the table when none is selected."""
        selected = self._cramped and self.selected_event() is not None
        changed = self.table.isHidden() != selected
        self.table.setVisible(not selected)
        self.details.setVisible(not self._cramped or selected)
        if changed and hasattr(self, "model"):
            self._shown_detail_key = None     # the details say more without the table
            QTimer.singleShot(0, self._show_details)

    def _arrange_filters(self) -> None:
        """Labels and pickers on one row with the text filter when they fit; the text
        filter on a row of its own, then the pickers without their labels (each says what
        it filters: "all guests"…) when the panel is narrower; no filters at all in a dock
        too short for them and a few rows (a projector's window)."""
        fm = QFontMetricsF(theme.ui_font())
        short = self.height() < fm.lineSpacing() * 11
        self.filters_box.setVisible(not short)
        if short:
            self.search_box.hide()
            return
        gap = self.filters_row.spacing() + 6
        room = self.width() - 8
        combos = sum(c.sizeHint().width() + gap for c in (
            self.guest_filter, self.cause_filter, self.action_filter))
        if not self.work_filter.isHidden():
            combos += self.work_filter.sizeHint().width() + gap
        labels = sum(lb.sizeHint().width() + self.filters_row.spacing() for lb in (
            self.guest_label, self.cause_label, self.action_label))
        with_labels = room >= combos + labels
        for label in (self.guest_label, self.cause_label, self.action_label):
            label.setVisible(with_labels)
        used = combos + (labels if with_labels else 0)
        narrow = room < used + fm.horizontalAdvance("M") * 24
        self.search_box.setVisible(narrow)
        if narrow != self._search_wrapped:
            self._search_wrapped = narrow
            if narrow:
                self.search_row.addWidget(self._search_widget, 1)
            else:
                self.filters_row.insertWidget(self.filters_row.count() - 1,
                                              self._search_widget, 1)


def _seq(event) -> int:
    return event.seq


def _pair(register: str, value: str) -> str:
    """'r1 = value' kept on one line when the text wraps."""
    return f"{register}&nbsp;=&nbsp;{value.replace(' ', '&nbsp;')}"


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
