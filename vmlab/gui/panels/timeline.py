"""Timeline: who ran when — each guest's kernel and user time, the VMM, idle.

One lane per attribution bucket ("<guest>.kernel", "<guest>.user", "vmm",
"idle"), painted from Session.timeline().  The panel keeps only display
caches: per-lane sorted segments with prefix sums, so the cycles a lane
covers inside any interval cost two binary searches.  Zoomed out, every
pixel column is painted with the share of its cycles the lane covers
(segments narrower than a pixel merge into a shaded column); zoomed in,
segments are painted one by one.  Trap markers (VM exits, or hardware
traps natively) sit on the lane of the guest that trapped, in the mode it
was in.  A span in which a guest was paused or powered off is shaded over
its lanes (timeline_spans.py).  Clicking travels in time; after travelling
back, what had already run stays visible, faded, as the future that will
replay.
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from math import ceil, floor, log10

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (QBrush, QColor, QFontMetricsF, QPainter, QPalette, QPen, QPixmap,
                           QPolygonF, QTextDocument)
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QScrollBar, QSizePolicy, QSpacerItem,
                               QToolButton, QToolTip, QVBoxLayout, QWidget)

from .. import theme
from ...session import is_trap_event, restarted
from ..labels import action_label, bucket_label, guest_state_label, step_label
from ..panel import Panel
from .timeline_spans import LifecycleSpans

# Colours of trap causes (markers here, swatches in the statistics panel).
# Chosen apart from the guest, VMM and idle colours; markers get an outline.
CAUSE_COLORS = {
    "PRIV": "#f2c12e",
    "SYSCALL": "#18b87e",
    "TIMER": "#e8467c",
    "BOUNDS": "#c92a2a",
    "ILLEGAL": "#343a40",
    "DIVZERO": "#8f3fb3",
    "HCALL": "#1c7ed6",
    "CONSOLE": "#66a80f",
    "DISK": "#868e96",
    # Hardware assist's exit reasons of their own.
    "IO": "#0ca678",
    "PREEMPT": "#f76707",
    "SR-WRITE": "#15aabf",
    "HALT": "#495057",
    "WFI": "#adb5bd",
}
CAUSE_ORDER = ("PRIV", "SYSCALL", "TIMER", "BOUNDS", "ILLEGAL", "DIVZERO", "HCALL",
               "CONSOLE", "DISK", "IO", "PREEMPT", "SR-WRITE", "HALT", "WFI")


# The technique's own work that is not a VM exit, marked on the VMM's lane (diamonds):
# binary translation's translations, callouts and invalidations, a failed VM entry.
WORK_COLORS = {
    "translation": "#7b3fc4",
    "callout": "#d9480f",
    "invalidation": "#c92a2a",
    "entry-failure": "#343a40",
}
WORK_STEPS = {"translation": "translate", "callout": "callout",
              "invalidation": "invalidation", "entry-failure": "entry-failure"}


def marker_key(event) -> str:
    """What a marker is coloured by: a trap's cause, or the kind of a work event."""
    return event.kind if event.kind in WORK_COLORS else event.cause


def is_work_event(event) -> bool:
    return event.kind in WORK_COLORS


def cause_color(cause: str) -> QColor:
    return QColor(CAUSE_COLORS.get(cause) or WORK_COLORS.get(cause) or "#6c757d")


def cause_sort_key(cause: str) -> tuple[int, str]:
    return (CAUSE_ORDER.index(cause) if cause in CAUSE_ORDER else len(CAUSE_ORDER), cause)



LEGEND_GAP = 18           # pixels between the range and the cause legend
MIN_CPP = 1 / 32          # most zoomed in: 32 pixels per cycle
FOLLOW_AT = 0.9           # while following, the present sits at 90 % of the width
ZOOM_STEP = 1.5           # per button press / wheel notch
RIGHT_PAD = 10
DRAG_THRESHOLD = 4        # pixels a press must move to become a pan


class LaneIndex:
    """The segments of one lane, in time order, with prefix sums of their lengths."""

    __slots__ = ("starts", "ends", "cum", "total")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.cum: list[int] = []      # cycles covered before segment i
        self.total = 0

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        if self.ends and self.ends[-1] == start:      # touching: one segment
            self.ends[-1] = end
        else:
            self.starts.append(start)
            self.ends.append(end)
            self.cum.append(self.total)
        self.total += end - start

    def covered_before(self, x: float) -> float:
        """Cycles this lane covers in (-inf, x)."""
        i = bisect_right(self.starts, x) - 1
        if i < 0:
            return 0
        s = self.starts[i]
        return self.cum[i] + min(x - s, self.ends[i] - s)

    def visible(self, a: float, b: float) -> tuple[int, int]:
        """Index range of the segments overlapping [a, b)."""
        return bisect_right(self.ends, a), bisect_left(self.starts, b)


class TimelineData:
    """Per-lane indexes built from Session.timeline(): closed segments plus the open tail."""

    def __init__(self, lanes: list[str]) -> None:
        self.lanes = {bucket: LaneIndex() for bucket in lanes}
        self.tail: tuple[int, int, str] | None = None       # the open segment
        self.stable_last: tuple[int, int, str] | None = None  # the newest closed one
        self.last_count = -1    # its number in the attribution's buffer
        self.end = 0            # the cycle it was read at

    def extend(self, segments) -> None:
        lanes = self.lanes
        for start, end, bucket in segments:
            lane = lanes.get(bucket)
            if lane is not None:
                lane.add(start, end)
        if segments:
            self.stable_last = segments[-1]

    def covered_before(self, bucket: str, x: float) -> float:
        covered = self.lanes[bucket].covered_before(x)
        tail = self.tail
        if tail is not None and tail[2] == bucket and x > tail[0]:
            covered += min(x, tail[1]) - tail[0]
        return covered

    def column_coverage(self, bucket: str, bounds: list[float]) -> list[float]:
        """Cycles the lane covers inside each column [bounds[k], bounds[k+1]).

        Two binary searches per column boundary, whatever the number of segments;
        the boundaries before the lane's first segment or after its last cost nothing.
        """
        lane = self.lanes[bucket]
        starts, ends, cum = lane.starts, lane.ends, lane.cum
        n = len(bounds)
        values = [0.0] * n
        if starts:
            first, last, total = starts[0], ends[-1], lane.total
            k0 = bisect_right(bounds, first)
            k1 = bisect_left(bounds, last)
            for k in range(k1, n):
                values[k] = total
            br = bisect_right
            for k in range(k0, k1):
                b = bounds[k]
                i = br(starts, b) - 1
                s = starts[i]
                e = ends[i]
                values[k] = cum[i] + (b - s if b < e else e - s)
        tail = self.tail
        if tail is not None and tail[2] == bucket:
            ts, te = tail[0], tail[1]
            for k in range(bisect_right(bounds, ts), n):
                b = bounds[k]
                values[k] += (b if b < te else te) - ts
        return [values[k + 1] - values[k] for k in range(n - 1)]

    def coverage_columns(self, bucket: str, a: float, b: float, n: int) -> list[float]:
        """Cycles the lane covers in each of n equal columns spanning [a, b).

        Few segments in view: each adds its share to the columns it touches (long
        ones through a difference array).  Many: two binary searches per column.
        """
        lane = self.lanes[bucket]
        i0, i1 = lane.visible(a, b)
        if i1 - i0 > 2 * n:
            bounds = [a + (b - a) * k / n for k in range(n)]
            bounds.append(b)
            return self.column_coverage(bucket, bounds)
        w = (b - a) / n
        cov = [0.0] * (n + 1)
        diff = [0.0] * (n + 2)
        pieces = list(zip(lane.starts[i0:i1], lane.ends[i0:i1]))
        tail = self.tail
        if tail is not None and tail[2] == bucket and tail[1] > a and tail[0] < b:
            pieces.append((tail[0], tail[1]))
        last = n - 1
        for s, e in pieces:
            if s < a:
                s = a
            if e > b:
                e = b
            if e <= s:
                continue
            ks = int((s - a) / w)
            ke = int((e - a) / w)
            if ks > last:
                ks = last
            if ke > last:
                ke = last
            if ks == ke:
                cov[ks] += e - s
            else:
                cov[ks] += a + (ks + 1) * w - s
                cov[ke] += e - (a + ke * w)
                if ke > ks + 1:
                    diff[ks + 1] += w
                    diff[ke] -= w
        running = 0.0
        for k in range(n):
            running += diff[k]
            if running:
                cov[k] += running
        cov.pop()
        return cov

    def segments_in(self, bucket: str, a: float, b: float):
        """(start, end) of the segments overlapping [a, b), tail included."""
        lane = self.lanes[bucket]
        i0, i1 = lane.visible(a, b)
        out = list(zip(lane.starts[i0:i1], lane.ends[i0:i1]))
        tail = self.tail
        if tail is not None and tail[2] == bucket and tail[1] > a and tail[0] < b:
            if out and out[-1][1] == tail[0]:
                out[-1] = (out[-1][0], tail[1])
            else:
                out.append((tail[0], tail[1]))
        return out

    def segment_at(self, bucket: str, cycle: int) -> tuple[int, int] | None:
        lane = self.lanes.get(bucket)
        if lane is None:
            return None
        tail = self.tail
        if tail is not None and tail[2] == bucket and tail[0] <= cycle < tail[1]:
            start = tail[0]
            i = bisect_right(lane.starts, cycle) - 1
            if i >= 0 and lane.ends[i] == start:
                start = lane.starts[i]
            return start, tail[1]
        i = bisect_right(lane.starts, cycle) - 1
        if i >= 0 and cycle < lane.ends[i]:
            return lane.starts[i], lane.ends[i]
        return None


class Markers:
    """Trap markers per lane: cycles (sorted) and their events."""

    def __init__(self, lanes: list[str]) -> None:
        self.cycles = {bucket: [] for bucket in lanes}
        self.events = {bucket: [] for bucket in lanes}
        self.count = 0
        self.causes: dict[str, int] = {}

    def add(self, event, bucket: str) -> None:
        cycles = self.cycles.get(bucket)
        if cycles is None:
            return
        cycles.append(event.cycle)
        self.events[bucket].append(event)
        self.count += 1
        key = marker_key(event)
        self.causes[key] = self.causes.get(key, 0) + 1

    def remove(self, event, bucket: str) -> None:
        """Take back the newest marker of a lane (an exit shown while in progress)."""
        events = self.events.get(bucket)
        if not events or events[-1] is not event:
            return
        events.pop()
        self.cycles[bucket].pop()
        self.count -= 1
        key = marker_key(event)
        self.causes[key] -= 1
        if not self.causes[key]:
            del self.causes[key]


def _nice_step(raw: float) -> int:
    """The smallest 1, 2 or 5 x 10^k at least raw (and at least 1)."""
    if raw <= 1:
        return 1
    exp = floor(log10(raw))
    for m in (1, 2, 5, 10):
        step = m * 10 ** exp
        if step >= raw:
            return int(step)
    return int(10 ** (exp + 1))


class TimelineCanvas(QWidget):
    """The painted lanes; all state lives in the panel."""

    def __init__(self, panel: "TimelinePanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def sizeHint(self) -> QSize:
        p = self.panel
        return QSize(900, int(p._axis_h + len(p.lanes) * p._lane_min_h * 1.4 + 6))

    def minimumSizeHint(self) -> QSize:
        p = self.panel
        return QSize(240, int(p._axis_h + len(p.lanes) * p._lane_min_h + 4))

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        try:
            self.panel._paint(painter, event.rect())
        finally:
            painter.end()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.panel._on_canvas_resized()

    def mousePressEvent(self, event) -> None:
        self.panel._mouse_press(event)

    def mouseMoveEvent(self, event) -> None:
        self.panel._mouse_move(event)

    def mouseReleaseEvent(self, event) -> None:
        self.panel._mouse_release(event)

    def leaveEvent(self, event) -> None:
        self.panel._hover_x = None
        self.update()
        super().leaveEvent(event)

    def wheelEvent(self, event) -> None:
        self.panel._wheel(event)

    def keyPressEvent(self, event) -> None:
        if not self.panel._key(event):
            super().keyPressEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.panel.tooltip_at(event.pos().x(), event.pos().y())
            if text:
                QToolTip.showText(event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)


class TimelinePanel(Panel):
    panel_id = "timeline"

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        self.lanes: list[str] = []
        self._lane_min_h = 20.0
        self._axis_h = 22.0
        super().__init__(controller, parent)
        self._mode = "fit"          # "fit", "follow" (present in view) or "free" (panned away)
        self._start = 0.0           # cycle at the left edge of the plot
        self._cpp = 1.0             # cycles per pixel
        self._gutter = 100
        self._press = None          # (x, start) of a left press, for drag / click
        self._dragging = False
        self._hover_x: float | None = None
        self._sync_cost = 0.0
        self._last_sync = 0.0
        self._data_key = None
        self._scene_cache = None
        self._scene_cache_key = None
        self._scene_version = 0       # bumped when texts or style change
        self.show_work = True         # the technique's work markers (translations, callouts…)
        self.render_cost = 0.0        # seconds the last scene picture took
        self._last_update = 0.0
        self._build()
        self._reset_caches()
        self.apply_style()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(3)
        bar = QHBoxLayout()
        bar.setSpacing(4)
        self.zoom_out_button = QToolButton(self)
        self.zoom_out_button.setObjectName("timeline-zoom-out")
        self.zoom_out_button.clicked.connect(lambda: self.zoom(1 / ZOOM_STEP))
        self.zoom_in_button = QToolButton(self)
        self.zoom_in_button.setObjectName("timeline-zoom-in")
        self.zoom_in_button.clicked.connect(lambda: self.zoom(ZOOM_STEP))
        self.fit_button = QToolButton(self)
        self.fit_button.setObjectName("timeline-fit")
        self.fit_button.setCheckable(True)
        self.fit_button.clicked.connect(lambda _=False: self.fit_all())
        self.follow_button = QToolButton(self)
        self.follow_button.setObjectName("timeline-follow")
        self.follow_button.setCheckable(True)
        self.follow_button.clicked.connect(self.set_follow)
        for b in (self.zoom_out_button, self.zoom_in_button, self.fit_button,
                  self.follow_button):
            b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            b.setAutoRaise(False)
            bar.addWidget(b)
        self.range_label = QLabel(self)
        self.range_label.setObjectName("timeline-range")
        bar.addSpacing(8)
        bar.addWidget(self.range_label)
        bar.addStretch(1)
        self.work_button = QToolButton(self)
        self.work_button.setObjectName("timeline-work")
        self.work_button.setCheckable(True)
        self.work_button.setChecked(True)
        self.work_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.work_button.toggled.connect(self.set_show_work)
        bar.addWidget(self.work_button)
        self.legend_label = QLabel(self)
        self.legend_label.setObjectName("timeline-legend")
        self.legend_label.setTextFormat(Qt.TextFormat.RichText)
        self.legend_spacer = QSpacerItem(LEGEND_GAP, 0, QSizePolicy.Policy.Fixed,
                                         QSizePolicy.Policy.Minimum)
        bar.addItem(self.legend_spacer)
        bar.addWidget(self.legend_label)
        for label in (self.range_label, self.legend_label):
            # long texts never widen the dock: _arrange_header picks what fits
            label.setMinimumWidth(40)
            label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.header_bar = bar
        layout.addLayout(bar)
        # Below the bar: the legend (and in a narrow dock the range) when the bar cannot
        # hold them beside the buttons.
        self.legend_row = QVBoxLayout()
        self.legend_row.setContentsMargins(0, 0, 0, 0)
        self.legend_row.setSpacing(2)
        layout.addLayout(self.legend_row)
        self.legend_on_own_row = False
        self.range_on_own_row = False
        self.canvas = TimelineCanvas(self)
        layout.addWidget(self.canvas, 1)
        self.scrollbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.scrollbar.setObjectName("timeline-scroll")
        self.scrollbar.valueChanged.connect(self._on_scrolled)
        layout.addWidget(self.scrollbar)

    def title(self) -> str:
        return self.tr("Timeline")

    def retranslate(self) -> None:
        self.zoom_out_button.setText("−")
        self.zoom_in_button.setText("+")
        self.zoom_out_button.setToolTip(self.tr("Zoom out (mouse wheel, or the − key)"))
        self.zoom_in_button.setToolTip(self.tr("Zoom in (mouse wheel, or the + key)"))
        self.fit_button.setText(self.tr("Fit all"))
        self.fit_button.setToolTip(self.tr("Show the whole run (Home key)"))
        self.follow_button.setText(self.tr("Follow"))
        self.follow_button.setToolTip(
            self.tr("Keep the present cycle in view while the simulation runs"))
        self.work_button.setText(self.tr("Technique's work"))
        self.work_button.setToolTip(self.tr(
            "Mark the technique's own work on the VMM's lane: translations, callouts and "
            "invalidations (binary translation), failed VM entries (hardware assist)"))
        self._work_names = {
            "translation": self.tr("translation"), "callout": self.tr("callout", "short"),
            "invalidation": self.tr("invalidation"), "entry-failure": self.tr("entry failure")}
        self.canvas.setToolTip("")
        self._update_gutter()        # the lane names' width first: the range depends on it
        self._update_view()
        self._update_legend()
        self._scene_version += 1
        self.canvas.update()

    def apply_style(self) -> None:
        font = theme.ui_font(9.5)
        fm = QFontMetricsF(font)
        self._lane_min_h = ceil(fm.height() * 1.35)
        self._axis_h = ceil(fm.height() * 1.25 + 8)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button,
                  self.follow_button, self.work_button, self.range_label, self.legend_label):
            w.setFont(theme.ui_font(9.5))
        big = theme.ui_font(12, bold=True)
        self.zoom_out_button.setFont(big)
        self.zoom_in_button.setFont(big)
        self._update_gutter()
        if hasattr(self, "_data"):
            self._update_view()
        self.canvas.updateGeometry()
        self._update_legend()
        self._scene_version += 1
        self.canvas.update()

    # ------------------------------------------------------------------ lanes and data
    def lane_label(self, bucket: str) -> str:
        return bucket_label(bucket)

    def _compute_lanes(self) -> list[str]:
        return self.session.buckets()      # each guest's kernel and user, the VMM, idle

    def _reset_caches(self) -> None:
        self.lanes = self._compute_lanes()
        self._data = TimelineData(self.lanes)
        self._markers = Markers(self.lanes)
        self._spans = LifecycleSpans()
        self._ghost: TimelineData | None = None
        self._ghost_markers: Markers | None = None
        self._cursor = None             # where the session's events were read up to
        self._transient = None          # (exit in progress, lane) shown as a marker
        self._inputs_sig = self._input_signature()
        self._data_key = None
        self._session_id = id(self.session)
        self._update_gutter()
        self._update_legend()
        if hasattr(self, "canvas"):
            self.canvas.updateGeometry()

    def _input_signature(self):
        """What the user did (console input, guest commands): something new rewrites the
        future."""
        actions = self.session.actions
        return (len(actions), actions[-1] if actions else None)

    def on_session_replaced(self) -> None:
        self._reset_caches()
        self._mode = "fit"
        self._start = 0.0

    def _sync_data(self) -> None:
        """Bring the display caches up to the session (incrementally when possible)."""
        s = self.session
        if id(s) != self._session_id:
            self._reset_caches()
        key = (s.cycle, s.events.end, self._input_signature())
        if key == self._data_key:
            return
        # While running, a very long timeline is read less often than every frame.
        now = time.perf_counter()
        if (self.controller.running and self._sync_cost > 0.003
                and now - self._last_sync < self._sync_cost * 8):
            return
        signature = self._input_signature()
        if signature != self._inputs_sig:
            # New input rewrites the future: what was recorded after now is gone.
            self._ghost = self._ghost_markers = None
            self._inputs_sig = signature
        self._sync_segments(s)
        self._sync_markers(s)
        if self._ghost is not None and s.cycle >= self._ghost.end:
            self._ghost = self._ghost_markers = None
        self._data_key = key
        self._last_sync = time.perf_counter()
        self._sync_cost = self._last_sync - now

    def _sync_segments(self, s) -> None:
        """Add the segments closed since the last refresh; rebuild if the past changed.

        The attribution's buffer numbers its segments, so the new ones are read from
        its end without copying the whole timeline (Session.timeline() copies it).
        """
        attribution = s.attribution
        buffer = attribution.timeline
        now = s.cycle
        data = self._data
        new = None
        if data.stable_last is None:
            new = list(buffer) if data.last_count < 0 else None
        else:
            collected = []
            for item in reversed(buffer):
                if item[0] <= data.last_count:
                    if item[0] == data.last_count and item[1:] == data.stable_last:
                        collected.reverse()
                        new = collected
                    break
                collected.append(item)
        if new is None:     # all the buffer holds, as (start, end, bucket): no numbers
            data = self._rebuild_data(s)
            new = buffer.segments()
            data.extend(new)
            if new:
                data.last_count = attribution.count - 1
        elif new:
            data.extend([item[1:] for item in new])
            data.last_count = new[-1][0]
        start, bucket = attribution.seg_start, attribution.seg_bucket
        data.tail = (start, now, bucket) if now > start else None
        data.end = now

    def _sync_segments_public(self, s) -> None:
        segments = s.timeline()
        data = self._data
        j = -1
        if data.stable_last is not None:
            j = bisect_left(segments, data.stable_last)
            if not (j < len(segments) and segments[j] == data.stable_last):
                j = None
        if j is None:
            data = self._rebuild_data(s)
            j = -1
        last = len(segments) - 1
        if last > j:
            data.extend(segments[j + 1:last])
            data.tail = segments[last]
        else:
            data.tail = None
        data.end = s.cycle

    def _rebuild_data(self, s) -> TimelineData:
        """The past changed under us (travel back, or the buffer rolled): start again,
        keeping what had run beyond the new present as the faded future."""
        old = self._data
        if old.end > s.cycle and (self._ghost is None or old.end > self._ghost.end):
            self._ghost, self._ghost_markers = old, self._markers
        self._data = TimelineData(self.lanes)
        self._markers = Markers(self.lanes)
        self._cursor = self._transient = None
        return self._data

    def set_show_work(self, on: bool) -> None:
        """Show or hide the technique's work markers (read again from the session)."""
        if on == self.show_work:
            return
        self.show_work = on
        if self.work_button.isChecked() != on:
            self.work_button.setChecked(on)
        self._markers = Markers(self.lanes)
        self._ghost_markers = None
        self._cursor = None
        self._transient = None
        self._data_key = None
        self._scene_version += 1
        self.refresh()

    def work_markers(self) -> list:
        """The technique's work events shown as markers, in time order."""
        return [e for e in self._all_markers() if is_work_event(e)]

    def _all_markers(self) -> list:
        out = []
        for events in self._markers.events.values():
            out.extend(events)
        out.sort(key=lambda e: (e.cycle, e.seq))
        return out

    def _event_lane(self, event) -> str:
        if is_work_event(event) and "vmm" in self.lanes:
            return "vmm"
        mode = getattr(event, "vmode", None) or getattr(event, "mode", None) or "kernel"
        return f"{event.guest}.{'user' if mode == 'user' else 'kernel'}"

    def _sync_markers(self, s) -> None:
        """Add the traps (VM exits) logged since the last refresh; the exit the VMM is
        handling shows too, as it stands, until it is logged."""
        markers = self._markers
        if self._transient is not None:
            markers.remove(*self._transient)
            self._transient = None
        old = self._cursor
        events, self._cursor = s.events.read(old)
        if restarted(old, self._cursor):
            markers = self._markers = Markers(self.lanes)
            self._spans = LifecycleSpans()
        now = s.cycle
        work = self.show_work
        for event in events:
            self._spans.add(event)
            if (is_trap_event(event) or work and is_work_event(event)) and event.cycle <= now:
                markers.add(event, self._event_lane(event))
        current = s.events.exit_in_progress()
        if current is not None and current.cycle <= now:
            self._transient = (current, self._event_lane(current))
            markers.add(*self._transient)
        self._update_legend()

    def lifecycle_spans(self, guest: str) -> list[tuple[int, int, str]]:
        """(start, end, state) of each span in which the guest was paused or powered off."""
        self._sync_data()
        return self._spans.of(guest, self.session.cycle)

    def trap_markers(self) -> list:
        """The traps shown as markers (all of them, whatever the zoom), in time order."""
        return [e for e in self._all_markers() if not is_work_event(e)]

    # ------------------------------------------------------------------ geometry
    def _plot_width(self) -> int:
        return max(1, self.canvas.width() - self._gutter - RIGHT_PAD)

    def _extent(self) -> float:
        end = max(self.session.cycle, self._data.end)
        if self._ghost is not None:
            end = max(end, self._ghost.end)
        return max(end, 1)

    def _fit_cpp(self) -> float:
        return max(self._extent() / self._plot_width(), MIN_CPP)

    def _span(self) -> float:
        return self._cpp * self._plot_width()

    def visible_range(self) -> tuple[float, float]:
        return self._start, self._start + self._span()

    def cycle_at(self, x: float) -> int:
        """The cycle under canvas x (at or after 0)."""
        x = max(x, self._gutter)
        return max(0, int(floor(self._start + (x - self._gutter) * self._cpp)))

    def x_of(self, cycle: float) -> float:
        """Canvas x of a cycle's left edge."""
        return self._gutter + (cycle - self._start) / self._cpp

    def _lane_geometry(self) -> tuple[float, float]:
        """Top of the first lane and the height of a lane."""
        n = max(1, len(self.lanes))
        available = self.canvas.height() - self._axis_h - 4
        h = max(self._lane_min_h, min(self._lane_min_h * 2.4, available / n))
        return self._axis_h, h

    def lane_at(self, y: float) -> str | None:
        top, h = self._lane_geometry()
        i = int((y - top) // h) if y >= top else -1
        return self.lanes[i] if 0 <= i < len(self.lanes) else None

    def _update_gutter(self) -> None:
        if not hasattr(self, "canvas"):
            return
        fm = QFontMetricsF(theme.ui_font(9.5, bold=True))
        widest = max((fm.horizontalAdvance(self.lane_label(b)) for b in self.lanes),
                     default=40)
        self._gutter = int(ceil(widest + fm.height() * 0.7 + 22))

    def _update_view(self) -> None:
        now = self.session.cycle
        fit = self._fit_cpp()
        if self._mode == "fit":
            self._start, self._cpp = 0.0, fit
        else:
            self._cpp = min(max(self._cpp, MIN_CPP), fit)
            if self._cpp >= fit and self._mode == "follow":
                self._mode, self._start, self._cpp = "fit", 0.0, fit
            else:
                span = self._span()
                if self._mode == "follow" and not (self._start <= now <= self._start
                                                   + span * FOLLOW_AT):
                    self._start = now - span * FOLLOW_AT
                self._start = min(max(0.0, self._start), self._max_start())
        self._sync_scrollbar()
        self._update_labels()

    def _max_start(self) -> float:
        span = self._span()
        return max(0.0, max(self._extent() - span, self.session.cycle - span * FOLLOW_AT))

    def _sync_scrollbar(self) -> None:
        bar = self.scrollbar
        bar.blockSignals(True)
        bar.setRange(0, 0 if self._mode == "fit" else int(ceil(self._max_start())))
        bar.setPageStep(max(1, int(self._span())))
        bar.setSingleStep(max(1, int(self._span() / 20)))
        bar.setValue(int(round(self._start)))
        bar.setEnabled(self._mode != "fit" and bar.maximum() > 0)
        bar.blockSignals(False)
        self.fit_button.setChecked(self._mode == "fit")
        self.follow_button.setChecked(self._mode in ("fit", "follow"))

    def _update_labels(self) -> None:
        if not hasattr(self, "range_label"):
            return
        a, b = self.visible_range()
        cpp = self._cpp
        scale = (self.tr("1 pixel = %1 cycles").replace("%1", _fmt_number(cpp))
                 if cpp >= 1 else
                 self.tr("1 cycle = %1 pixels").replace("%1", _fmt_number(1 / cpp)))
        self._range_short = self.tr("Cycles %1 – %2").replace(
            "%1", theme.fmt_int(round(a))).replace("%2", theme.fmt_int(round(b)))
        self._range_full = self._range_short + "   ·   " + scale
        self._arrange_header()

    def _arrange_header(self) -> None:
        """The range and the cause legend, whole and apart: on one row when both fit, the
        range without its scale next, and else the legend on a row of its own (wrapping).

        Nothing is cut mid-word and the two texts never run together (a Catalan header at
        1280 pixels read "83,9 ciclesSortides de la MV:")."""
        if not hasattr(self, "legend_row") or not hasattr(self, "_range_full"):
            return
        bar = self.header_bar
        margins = self.layout().contentsMargins()
        width = self.width() - margins.left() - margins.right() - 2     # 2: to spare
        buttons = [w for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button,
                               self.follow_button, self.work_button) if not w.isHidden()]
        # QBoxLayout puts its spacing between widgets only, never beside a spacer or the
        # stretch: the buttons, the range and (on this row) the legend.
        buttons_w = sum(w.sizeHint().width() for w in buttons) + 8
        spacing = max(0, bar.spacing())
        fm = QFontMetricsF(self.range_label.font())
        m = self.range_label.contentsMargins()
        pad = m.left() + m.right() + 1

        def wide(text: str) -> int:
            return ceil(fm.horizontalAdvance(text)) + pad

        legend = self.legend_label.text()
        one_row = width - buttons_w - spacing * (len(buttons) + 1) - LEGEND_GAP \
            - (self._legend_width() if legend else 0)
        beside = width - buttons_w - spacing * len(buttons)   # the range alone beside them
        range_below = False
        if wide(self._range_full) <= one_row:
            own_row, text = False, self._range_full
        elif wide(self._range_short) <= one_row:
            own_row, text = False, self._range_short
        else:
            own_row = bool(legend)
            if wide(self._range_full) <= beside:
                text = self._range_full
            elif wide(self._range_short) <= beside:
                text = self._range_short
            else:                                  # a narrow dock: the range goes below too
                range_below = True
                text = self._range_full if wide(self._range_full) <= width \
                    else self._range_short
                if wide(text) > width:
                    text = fm.elidedText(text, Qt.TextElideMode.ElideRight, max(40, width - pad))
        self.range_label.setText(text)
        self.range_label.setToolTip(self._range_full if text != self._range_full else "")
        self.range_label.setMinimumWidth(max(40, min(wide(text), width if range_below
                                                      else beside)))
        if range_below != self.range_on_own_row:
            self.range_on_own_row = range_below
            if range_below:
                bar.removeWidget(self.range_label)
                self.legend_row.insertWidget(0, self.range_label)
            else:
                self.legend_row.removeWidget(self.range_label)
                bar.insertWidget(bar.indexOf(self.follow_button) + 2, self.range_label)
        if own_row != self.legend_on_own_row:
            self.legend_on_own_row = own_row
            if own_row:
                bar.removeWidget(self.legend_label)
                self.legend_row.addWidget(self.legend_label)
            else:
                self.legend_row.removeWidget(self.legend_label)
                bar.addWidget(self.legend_label)
            self.legend_label.setWordWrap(own_row)
            self.legend_spacer.changeSize(0 if own_row else LEGEND_GAP, 0,
                                          QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
            bar.invalidate()
        self.legend_label.setVisible(bool(legend))
        if not own_row and legend:
            self.legend_label.setMinimumWidth(self._legend_width())
        else:
            self.legend_label.setMinimumWidth(0)

    def _legend_width(self) -> int:
        """The legend's width on one line (its rich text, unwrapped)."""
        key = (self.legend_label.text(), self.legend_label.font().toString())
        cached = getattr(self, "_legend_width_cache", None)
        if cached is None or cached[0] != key:
            doc = QTextDocument()
            doc.setDefaultFont(self.legend_label.font())
            doc.setDocumentMargin(0)
            doc.setHtml(key[0])
            cached = self._legend_width_cache = (key, ceil(doc.idealWidth()) + 4)
        return cached[1]

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange_header()

    def _update_legend(self) -> None:
        if not hasattr(self, "legend_label"):
            return
        s = self.session
        self.work_button.setVisible(s.technique.kernel_runs == "translated"
                                    or any(k in self._markers.causes for k in WORK_COLORS))
        causes = sorted((c for c in self._markers.causes if c not in WORK_COLORS),
                        key=cause_sort_key)
        work = [k for k in WORK_COLORS if k in self._markers.causes]
        if not causes and not work:
            self.legend_label.setText("")
            self._arrange_header()
            return
        hardware = s.technique.kernel_runs == "guest-mode"
        what = (self.tr("Hardware VM exits:") if hardware else self.tr("VM exits:")) \
            if s.under_vmm else self.tr("Traps:")
        parts = [f"<span style='color:{CAUSE_COLORS.get(c, '#6c757d')}'>▼</span>&nbsp;{c}"
                 for c in causes]
        text = (what + "&nbsp;&nbsp;" + "&nbsp;&nbsp; ".join(parts)) if causes else ""
        if work:
            items = [f"<span style='color:{WORK_COLORS[k]}'>◆</span>&nbsp;"
                     f"{_html(getattr(self, '_work_names', {}).get(k, k))}" for k in work]
            text += ("&nbsp;&nbsp;&nbsp; " if text else "") + self.tr("VMM:") + \
                "&nbsp;&nbsp;" + "&nbsp;&nbsp; ".join(items)
        self.legend_label.setText(text)
        self._arrange_header()

    def _on_canvas_resized(self) -> None:
        self._update_view()

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        self._sync_data()
        self._update_view()
        # While running, a costly picture is redrawn less often than every frame.
        now = time.perf_counter()
        if (self.controller.running and self.render_cost > 0.004
                and now - self._last_update < self.render_cost * 8):
            return
        self._last_update = now
        self.canvas.update()

    # ------------------------------------------------------------------ navigation
    def fit_all(self) -> None:
        self._mode = "fit"
        self._update_view()
        self.canvas.update()

    def set_follow(self, on: bool) -> None:
        if on:
            if self._mode == "free":
                self._mode = "follow"
                span = self._span()
                self._start = self.session.cycle - span * FOLLOW_AT
        elif self._mode in ("fit", "follow"):
            if self._mode == "fit":
                self._cpp = self._fit_cpp()
            self._mode = "free"
        self._update_view()
        self.canvas.update()

    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        """Zoom in (factor > 1) or out around canvas x, or around the present."""
        now = self.session.cycle
        a, b = self.visible_range()
        if anchor_x is None:
            anchor = now if a <= now <= b else (a + b) / 2
            anchor_x = self.x_of(anchor)
        else:
            anchor = self._start + (anchor_x - self._gutter) * self._cpp
        fit = self._fit_cpp()
        cpp = min(max(self._cpp / factor, MIN_CPP), fit)
        if cpp >= fit:
            self.fit_all()
            return
        self._cpp = cpp
        self._start = anchor - (anchor_x - self._gutter) * cpp
        self._after_pan(reach=1.0)

    def pan_to(self, start: float) -> None:
        self._start = start
        self._after_pan()

    def _after_pan(self, reach: float = FOLLOW_AT) -> None:
        """After a pan or zoom: follow the present if it is (still) in view."""
        span = self._span()
        self._start = min(max(0.0, self._start), self._max_start())
        now = self.session.cycle
        self._mode = "follow" if self._start <= now <= self._start + span * reach else "free"
        self._update_view()
        self.canvas.update()

    def _on_scrolled(self, value: int) -> None:
        if self._mode == "fit":
            self._cpp = self._fit_cpp()
        self.pan_to(float(value))

    def _mouse_press(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = (event.position().x(), self._start)
            self._dragging = False

    def _mouse_move(self, event) -> None:
        x = event.position().x()
        self._hover_x = x if x >= self._gutter else None
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            dx = x - self._press[0]
            if not self._dragging and abs(dx) >= DRAG_THRESHOLD and self._mode != "fit":
                self._dragging = True
                self.canvas.setCursor(Qt.CursorShape.ClosedHandCursor)
            if self._dragging:
                self._start = self._press[1] - dx * self._cpp
                self._after_pan()
                return
        self.canvas.update()

    def _mouse_release(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        dragging, self._press, self._dragging = self._dragging, None, False
        self.canvas.unsetCursor()
        x = event.position().x()
        if not dragging and x >= self._gutter:
            self.controller.travel_to(self.cycle_at(x))

    def _wheel(self, event) -> None:
        delta = event.angleDelta()
        if delta.y():
            steps = delta.y() / 120
            self.zoom(ZOOM_STEP ** steps, event.position().x())
        elif delta.x():
            if self._mode == "fit":
                return
            self.pan_to(self._start - delta.x() / 120 * self._span() / 10)
        event.accept()

    def _key(self, event) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom(ZOOM_STEP)
        elif key == Qt.Key.Key_Minus:
            self.zoom(1 / ZOOM_STEP)
        elif key == Qt.Key.Key_Home:
            self.fit_all()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and self._mode != "fit":
            sign = -1 if key == Qt.Key.Key_Left else 1
            self.pan_to(self._start + sign * self._span() / 10)
        else:
            return False
        return True

    # ------------------------------------------------------------------ what is painted
    def lane_totals(self) -> dict[str, int]:
        """Cycles each lane covers summed over the painted pixel columns of the view.

        In "fit all" this is the whole run, and equals the attribution totals.
        """
        a, b = self.visible_range()
        n = self._plot_width()
        return {bucket: int(round(sum(self._data.coverage_columns(bucket, a, b, n))))
                for bucket in self.lanes}

    def tooltip_at(self, x: float, y: float) -> str:
        bucket = self.lane_at(y)
        if bucket is None or x < self._gutter:
            return self.lane_label(bucket) if bucket else ""
        cycle = self.cycle_at(x)
        lines = [self.tr("Cycle %1").replace("%1", theme.fmt_int(cycle))]
        event = self._marker_near(bucket, x)
        if event is not None and is_work_event(event):
            lines.append("<b>" + self.tr("%1 at cycle %2").replace(
                "%1", self._work_names.get(event.kind, event.kind)).replace(
                "%2", theme.fmt_int(event.cycle)) + "</b>")
            lines.append(_html(self.work_text(event)))
            event = None
        if event is not None:
            what = (self.tr("Trap %1 at cycle %2") if not self.session.under_vmm
                    else self.tr("Hardware VM exit %1 at cycle %2")
                    if self.session.technique.kernel_runs == "guest-mode"
                    else self.tr("VM exit %1 at cycle %2"))
            lines.append("<b>" + what.replace("%1", event.cause)
                         .replace("%2", theme.fmt_int(event.cycle)) + "</b>")
            lines.append(self.tr("%1 in %2: %3").replace("%1", event.guest or "")
                         .replace("%2", self._mode_text(event))
                         .replace("%3", _html(event.instruction)))
            if event.kind == "vm-exit":
                lines.append(self.tr("The VMM: %1 (%2 cycles)")
                             .replace("%1", self.action_text(event.action))
                             .replace("%2", theme.fmt_int(event.cost)))
        segment = self._data.segment_at(bucket, cycle)
        label = self.lane_label(bucket)
        if segment is not None:
            lines.append(self.tr("%1: cycles %2 – %3 (%4 cycles)").replace("%1", label)
                         .replace("%2", theme.fmt_int(segment[0])).replace("%3", theme.fmt_int(segment[1]))
                         .replace("%4", theme.fmt_int(segment[1] - segment[0])))
        else:
            lines.append(label)
        if self._ghost is not None and cycle > self.session.cycle:
            lines.append(self.tr("Faded: what ran before you travelled back; "
                                 "it runs again the same way unless you type input"))
        if cycle <= self._extent():
            lines.append("<i>" + self.tr("Click to travel to this cycle") + "</i>")
        return "<br>".join(lines)

    def action_text(self, action: str) -> str:
        """What the VMM did about a VM exit, in words."""
        return {"emulate": self.tr("emulated the instruction"),
                "reflect": self.tr("reflected the trap into the guest kernel"),
                "resume": self.tr("checked the clock (its own timer)"),
                "route-input": self.tr("routed console input"),
                "crash": self.tr("stopped the crashed guest")}.get(action) or \
            action_label(action)

    def work_text(self, event) -> str:
        """What a work event did, in a sentence (its marker's tooltip)."""
        cost = theme.fmt_int(getattr(event, "cost", 0) or 0)
        if event.kind == "translation":
            return (self.tr("%1 translated %2 instructions of its kernel at %3 (%4 callouts), "
                            "%5 VMM cycles")
                    .replace("%1", event.guest or "").replace("%2", theme.fmt_int(event.length))
                    .replace("%3", f"0x{event.start:04X}")
                    .replace("%4", theme.fmt_int(len(event.callouts))).replace("%5", cost))
        if event.kind == "callout":
            return (self.tr("%1: %2 at %3, done by the VMM without a trap, %4 VMM cycles")
                    .replace("%1", event.guest or "").replace("%2", event.instruction)
                    .replace("%3", f"0x{event.pc:04X}").replace("%4", cost))
        if event.kind == "invalidation":
            return (self.tr("%1 rewrote translated code at %2: the block at %3 is dropped")
                    .replace("%1", event.guest or "").replace("%2", f"0x{event.address:04X}")
                    .replace("%3", f"0x{event.start:04X}"))
        return (self.tr("%1: the CPU refused the VM entry (%2): %3")
                .replace("%1", event.guest or "").replace("%2", event.name)
                .replace("%3", event.reason))

    def _mode_text(self, event) -> str:
        mode = getattr(event, "vmode", None) or getattr(event, "mode", "")
        return self.tr("user mode") if mode == "user" else self.tr("kernel mode")

    def _marker_near(self, bucket: str, x: float):
        cycles = self._markers.cycles.get(bucket)
        if not cycles:
            return None
        reach = 5 * self._cpp
        c = self._start + (x - self._gutter) * self._cpp
        i = bisect_left(cycles, c - reach)
        best = None
        while i < len(cycles) and cycles[i] <= c + reach:
            if best is None or abs(cycles[i] - c) < abs(cycles[best] - c):
                best = i
            i += 1
        return self._markers.events[bucket][best] if best is not None else None

    # ------------------------------------------------------------------ painting
    def _scene_key(self) -> tuple:
        c = self.canvas
        return (self._start, self._cpp, c.width(), c.height(), c.devicePixelRatioF(),
                self._data_key, id(self._data), id(self._ghost), self._mode,
                c.palette().cacheKey(), theme.scale(), self._gutter, self._scene_version)

    def _paint(self, p: QPainter, clip) -> None:
        """Lanes, markers and axis come from a cached picture; the hover line is drawn on it."""
        key = self._scene_key()
        if key != self._scene_cache_key or self._scene_cache is None:
            started = time.perf_counter()
            dpr = self.canvas.devicePixelRatioF()
            picture = QPixmap(max(1, ceil(self.canvas.width() * dpr)),
                              max(1, ceil(self.canvas.height() * dpr)))
            picture.setDevicePixelRatio(dpr)
            scene = QPainter(picture)
            try:
                self._paint_scene(scene)
            finally:
                scene.end()
            self._scene_cache, self._scene_cache_key = picture, key
            self.render_cost = time.perf_counter() - started
        p.drawPixmap(0, 0, self._scene_cache)
        top, lane_h = self._lane_geometry()
        x = self._hover_x
        if x is not None and self._gutter <= x <= self._gutter + self._plot_width():
            hover = QColor(self.canvas.palette().color(QPalette.ColorRole.WindowText))
            hover.setAlphaF(0.35)
            p.setPen(QPen(hover, 1, Qt.PenStyle.DashLine))
            p.drawLine(QPointF(x, top), QPointF(x, top + lane_h * len(self.lanes)))

    def _paint_scene(self, p: QPainter) -> None:
        palette = self.canvas.palette()
        dark = theme.is_dark(palette)
        base = palette.color(QPalette.ColorRole.Base)
        alt = palette.color(QPalette.ColorRole.AlternateBase)
        if abs(alt.lightness() - base.lightness()) < 4:
            alt = base.darker(104) if not dark else base.lighter(115)
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        grid = QColor(text)
        grid.setAlphaF(0.13)
        w, h = self.canvas.width(), self.canvas.height()
        p.fillRect(0, 0, w, h, window)
        top, lane_h = self._lane_geometry()
        gutter = self._gutter
        plot_right = gutter + self._plot_width()
        names = self.session.guest_names
        lanes_bottom = top + lane_h * len(self.lanes)

        # lane backgrounds
        for i, bucket in enumerate(self.lanes):
            y = top + i * lane_h
            p.fillRect(QRectF(gutter, y, plot_right - gutter, lane_h), base if i % 2 == 0
                       else alt)
        self._paint_axis(p, top, lanes_bottom, gutter, plot_right, text, grid)

        p.save()
        p.setClipRect(QRectF(gutter, top, plot_right - gutter, lanes_bottom - top))
        now_x = self.x_of(self.session.cycle)
        if self._ghost is not None:
            p.save()
            p.setClipRect(QRectF(now_x, top, plot_right - now_x, lanes_bottom - top),
                          Qt.ClipOperation.IntersectClip)
            p.setOpacity(0.28)
            self._paint_lanes(p, self._ghost, top, lane_h, names)
            p.restore()
        self._paint_spans(p, top, lane_h, text)
        self._paint_lanes(p, self._data, top, lane_h, names)
        if self._ghost_markers is not None:
            p.save()
            p.setClipRect(QRectF(now_x + 1, top, plot_right - now_x, lanes_bottom - top),
                          Qt.ClipOperation.IntersectClip)
            p.setOpacity(0.35)
            self._paint_markers(p, self._ghost_markers, top, lane_h, base)
            p.restore()
        self._paint_markers(p, self._markers, top, lane_h, base)
        p.restore()

        # lane separators between guests and labels
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        label_font = theme.ui_font(9.5, bold=True)
        p.setFont(label_font)
        fm = QFontMetricsF(label_font)
        sw = fm.height() * 0.7
        for i, bucket in enumerate(self.lanes):
            y = top + i * lane_h
            color = theme.bucket_color(bucket, names)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRoundedRect(QRectF(8, y + (lane_h - sw) / 2, sw, sw), 2.5, 2.5)
            p.setPen(text)
            p.drawText(QRectF(8 + sw + 7, y, gutter - sw - 20, lane_h),
                       Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                       self.lane_label(bucket))
            if i and (bucket.endswith(".kernel") or bucket == "vmm"):
                p.setPen(QPen(grid, 1))
                p.drawLine(QPointF(4, y), QPointF(plot_right, y))
        p.setPen(QPen(grid, 1))
        p.drawLine(QPointF(gutter - 0.5, top), QPointF(gutter - 0.5, lanes_bottom))

        # the present
        if gutter - 1 <= now_x <= plot_right + 1:
            now_color = QColor("#ff6b6b") if dark else QColor("#d62828")
            p.setPen(QPen(now_color, 2))
            p.drawLine(QPointF(now_x, top - 3), QPointF(now_x, lanes_bottom))
            head = 5.0
            p.setBrush(now_color)
            p.setPen(Qt.PenStyle.NoPen)
            p.drawPolygon(QPolygonF([QPointF(now_x - head, top - 3 - head),
                                     QPointF(now_x + head, top - 3 - head),
                                     QPointF(now_x, top - 2)]))

    def _paint_axis(self, p: QPainter, top, bottom, left, right, text, grid) -> None:
        self._axis_labels: list[tuple[float, float, str]] = []   # (left, right, text) drawn
        font = theme.ui_font(8.5)
        p.setFont(font)
        fm = QFontMetricsF(font)
        a, b = self.visible_range()
        widest = fm.horizontalAdvance(theme.fmt_int(int(b) + 10)) + 24
        step = _nice_step(widest * self._cpp)
        first = int(ceil(a / step)) * step
        muted = QColor(text)
        muted.setAlphaF(0.75)
        c = first
        shown_to = -1e9             # the right edge of the last label drawn
        gap = fm.horizontalAdvance("  ")
        while c <= b:
            x = self.x_of(c)
            if left <= x <= right:
                p.setPen(QPen(grid, 1))
                p.drawLine(QPointF(x, top - 4), QPointF(x, bottom))
                label = theme.fmt_int(c)
                tw = fm.horizontalAdvance(label)
                tx = min(max(x - tw / 2, left), right - tw)
                if tx >= shown_to + gap:     # a label pushed in from the edge never overlaps
                    p.setPen(muted)
                    p.drawText(QRectF(tx, 0, tw + 2, top - 6),
                               Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, label)
                    shown_to = tx + tw
                    self._axis_labels.append((tx, tx + tw, label))
            c += step
        p.setPen(muted)
        p.drawText(QRectF(4, 0, left - 8, top - 6),
                   Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft, self.tr("cycle"))

    def _paint_spans(self, p: QPainter, top, lane_h, text: QColor) -> None:
        """Paused and powered-off spans: shaded over the guest's two lanes, labelled."""
        now = self.session.cycle
        font = theme.ui_font(8.5)
        fm = QFontMetricsF(font)
        for guest in self.session.guest_names:
            rows = [i for i, b in enumerate(self.lanes) if b.partition(".")[0] == guest]
            if not rows:
                continue
            y, h = top + rows[0] * lane_h, lane_h * len(rows)
            for start, end, state in self._spans.of(guest, now):
                x0, x1 = self.x_of(start), self.x_of(end)
                if x1 - x0 < 1:
                    x1 = x0 + 1
                shade = QColor(text)
                shade.setAlphaF(0.10)
                p.fillRect(QRectF(x0, y, x1 - x0, h), shade)
                hatch = QColor(text)
                hatch.setAlphaF(0.18)
                p.fillRect(QRectF(x0, y, x1 - x0, h), QBrush(hatch, Qt.BrushStyle.BDiagPattern))
                label = guest_state_label(state)
                if fm.horizontalAdvance(label) + 8 <= x1 - x0:
                    p.setFont(font)
                    p.setPen(text)
                    p.drawText(QRectF(x0 + 4, y, x1 - x0 - 8, h),
                               Qt.AlignmentFlag.AlignCenter, label)

    def _paint_lanes(self, p: QPainter, data: TimelineData, top, lane_h, names) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        a, b = self.visible_range()
        cpp = self._cpp
        gutter = self._gutter
        pad = max(1.0, lane_h * 0.14)
        if cpp <= 1.0:
            for i, bucket in enumerate(self.lanes):
                color = theme.bucket_color(bucket, names)
                y = top + i * lane_h + pad
                for s, e in data.segments_in(bucket, a, b):
                    x0 = self.x_of(max(s, a))
                    x1 = self.x_of(min(e, b))
                    p.fillRect(QRectF(x0, y, max(1.0, x1 - x0), lane_h - 2 * pad), color)
            return
        ncols = self._plot_width()
        width = (b - a) / ncols
        for i, bucket in enumerate(self.lanes):
            lane = data.lanes[bucket]
            if not lane.starts and not (data.tail and data.tail[2] == bucket):
                continue
            color = theme.bucket_color(bucket, names)
            shades = []
            for level in range(17):
                shade = QColor(color)
                shade.setAlphaF(level / 16)
                shades.append(shade)
            y = top + i * lane_h + pad
            hh = lane_h - 2 * pad
            coverage = data.coverage_columns(bucket, a, b, ncols)
            coverage.append(0.0)
            run_start, run_level = 0, 0
            for k, cov in enumerate(coverage):
                if cov <= 1e-9:
                    level = 0
                else:
                    # Any activity shows; a fully covered column is the lane's solid colour.
                    f = cov / width
                    level = 16 if f >= 0.999 else 6 + int(f * 9.99)
                if level != run_level:
                    if run_level:
                        p.fillRect(QRectF(gutter + run_start, y, k - run_start, hh),
                                   shades[run_level])
                    run_start, run_level = k, level

    def _paint_markers(self, p: QPainter, markers: Markers, top, lane_h, outline) -> None:
        p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        a, b = self.visible_range()
        size = max(3.5, min(8.0, lane_h * 0.24))
        pen = QPen(outline, 1)
        for i, bucket in enumerate(self.lanes):
            cycles = markers.cycles.get(bucket)
            if not cycles:
                continue
            events = markers.events[bucket]
            y = top + i * lane_h + 1
            k = bisect_left(cycles, a)
            end = bisect_right(cycles, b)
            while k < end:
                x = self.x_of(cycles[k])
                p.setPen(pen)
                key = marker_key(events[k])
                p.setBrush(cause_color(key))
                if key in WORK_COLORS:          # the VMM's own work: a diamond
                    mid = y + size * 0.9
                    p.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x + size * 0.8, mid),
                                             QPointF(x, mid + size * 0.9),
                                             QPointF(x - size * 0.8, mid)]))
                else:
                    p.drawPolygon(QPolygonF([QPointF(x - size, y), QPointF(x + size, y),
                                             QPointF(x, y + size * 1.5)]))
                # markers closer than a marker's width merge: skip to the next free spot
                k = max(k + 1, bisect_left(cycles, self._start + (x + 2 * size - self._gutter)
                                           * self._cpp, k + 1, end))


def _fmt_number(value: float) -> str:
    if value >= 100:
        return theme.fmt_int(value)
    if value >= 10:
        return theme.fmt_float(value, 1)
    text = theme.fmt_float(value, 2)
    return text.rstrip("0").rstrip(".,") if any(sep in text for sep in ".,") else text


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["TimelinePanel", "CAUSE_COLORS", "cause_color", "cause_sort_key", "LaneIndex",
           "TimelineData"]
