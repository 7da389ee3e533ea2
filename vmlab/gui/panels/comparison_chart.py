"""The comparison panel's chart and the texts of its rows (see comparison.py).

The chart: one bar of host cycles per technique, split into the guest's own
cycles, the VMM's and idle, with the native run's length marked through
every finished bar; a click on a bar asks the panel to open that
technique's scenario.  The texts: what a row's cells say, the same in the
table and the chart, translated in the context "ComparisonPanel".
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...compare import Comparison, Row
from .. import theme
from ..labels import technique_label


def fmt_int(value) -> str:
    return "—" if value is None else theme.fmt_int(value)


def fmt_float(value, suffix: str = "") -> str:
    if value is None:
        return "—"
    return (theme.fmt_int(0) if value == 0 else theme.fmt_float(value, 1)) + suffix


def _check_names() -> dict[str, str]:
    """The parts of a guest compared for equivalence, as the table names them."""
    translate = QCoreApplication.translate
    return {"console": translate("ComparisonPanel", "console"),
            "state": translate("ComparisonPanel", "final state"),
            "registers": translate("ComparisonPanel", "registers"),
            "system_registers": translate("ComparisonPanel", "system registers"),
            "cycle": "CYCLE", "traps": translate("ComparisonPanel", "traps")}


def row_state_text(row: Row, guest: str) -> str | None:
    """What a row says instead of figures (None once its run is done)."""
    translate = QCoreApplication.translate
    if not row.applicable:
        return translate("ComparisonPanel", "not applicable: no paravirtual port of %1").replace(
            "%1", guest)
    if row.status == "pending":
        return translate("ComparisonPanel", "waiting…")
    if row.status == "running":
        return translate("ComparisonPanel", "running… %1 %").replace(
            "%1", theme.fmt_int(100 * row.progress))
    return None


def equivalent_text(row: Row) -> str:
    translate = QCoreApplication.translate
    if row.native:
        return (translate("ComparisonPanel", "reference") if row.equivalent
                else translate("ComparisonPanel", "did not finish"))
    if row.equivalent is None:
        return translate("ComparisonPanel", "— (another kernel)") if row.paravirtual else "—"
    if row.equivalent:
        return translate("ComparisonPanel", "yes")
    if row.stopped == "cycle-limit":
        return translate("ComparisonPanel", "no: did not finish")
    names = _check_names()
    differ = [names.get(k, k) for k, v in row.equivalence.items() if v is False]
    if not differ:
        return translate("ComparisonPanel", "no")
    # every part that differs, whole (the table breaks the list into lines)
    return translate("ComparisonPanel", "no: %1").replace("%1", ", ".join(differ))


def equivalence_details(row: Row) -> str:
    """Every check of a row's equivalence, for its tooltip."""
    translate = QCoreApplication.translate
    names = _check_names()
    same = translate("ComparisonPanel", "same as native")
    differ = translate("ComparisonPanel", "differs")
    return "\n".join(f"{names.get(k, k)}: {same if v else differ}"
                     for k, v in row.equivalence.items() if v is not None)


def own_work_text(row: Row) -> str:
    """What the technique itself reports: hypercalls, translation, its cache, callouts."""
    translate = QCoreApplication.translate
    parts = []
    if row.hypercalls is not None:
        parts.append(translate("ComparisonPanel", "%1 hypercalls").replace(
            "%1", fmt_int(row.hypercalls)))
    work = row.translation or {}
    if work.get("blocks") is not None:
        parts.append(translate("ComparisonPanel",
                               "%1 blocks translated (%2 instructions scanned, %3 VMM cycles)")
                     .replace("%1", fmt_int(work["blocks"]))
                     .replace("%2", fmt_int(work.get("instructions")))
                     .replace("%3", fmt_int(work.get("cycles"))))
    cache = row.translation_cache or {}
    if cache.get("hits") is not None:
        parts.append(translate("ComparisonPanel", "translation cache: %1 hits, %2 misses")
                     .replace("%1", fmt_int(cache["hits"]))
                     .replace("%2", fmt_int(cache.get("misses"))))
    callouts = (row.technique_counters or {}).get("callouts")
    if isinstance(callouts, dict) and callouts.get("count") is not None:
        parts.append(translate("ComparisonPanel", "%1 callouts").replace(
            "%1", fmt_int(callouts["count"])))
    return "; ".join(parts) or "—"


def table_cells(row: Row) -> list[str]:
    """The texts of a finished row's cells, after the technique's name (tests read them)."""
    return [fmt_int(row.host_cycles), fmt_int(row.guest_cycles), fmt_int(row.vmm_cycles),
            fmt_float(row.overhead_percent, " %"), fmt_int(row.exits), fmt_int(row.syscalls),
            fmt_float(row.vmm_cycles_per_syscall), fmt_int(row.context_switches),
            fmt_float(row.vmm_cycles_per_switch), own_work_text(row), equivalent_text(row)]


class ComparisonChart(QWidget):
    """Host cycles per technique: the guest's own and the VMM's, the native run marked."""

    clicked = Signal(str)          # a technique

    def __init__(self, panel: "ComparisonPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.setObjectName("comparison-chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self._height = 200
        self._hits: list[tuple[QRectF, str]] = []
        self._hover: str | None = None
        # What the last paint wrote in place of bars: (technique, text, its box, font).
        self.state_texts: list[tuple] = []

    def relayout(self) -> None:
        h = int(self._draw(None, max(self.width(), 300)))
        if h != self._height:
            self._height = h
            self.setFixedHeight(h)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(600, self._height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.relayout()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._draw(p, self.width())
        finally:
            p.end()

    def technique_at(self, x: float, y: float) -> str | None:
        return next((t for rect, t in self._hits if rect.contains(x, y)), None)

    def mouseMoveEvent(self, event) -> None:
        hover = self.technique_at(event.position().x(), event.position().y())
        if hover != self._hover:
            self._hover = hover
            self.setCursor(Qt.CursorShape.PointingHandCursor if hover
                           else Qt.CursorShape.ArrowCursor)
            self.update()

    def leaveEvent(self, event) -> None:
        self._hover = None
        self.update()

    def mousePressEvent(self, event) -> None:
        technique = self.technique_at(event.position().x(), event.position().y())
        if technique and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(technique)

    # One routine both measures (painter None) and paints, so they always agree.
    def _draw(self, p: QPainter | None, width: float) -> float:
        comparison = self.panel.comparison
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.65)
        track = QColor(text)
        track.setAlphaF(0.07)
        title_font, font, small = (theme.ui_font(10.5, bold=True), theme.ui_font(10),
                                   theme.ui_font(9))
        fm_title, fm, fm_small = (QFontMetricsF(f) for f in (title_font, font, small))
        margin, y = 10.0, 8.0
        inner = width - 2 * margin
        translate = QCoreApplication.translate
        title = translate("ComparisonPanel", "Host cycles per technique, until the guest halts")
        if p:
            p.setFont(title_font)
            p.setPen(text)
            p.drawText(QRectF(margin, y, inner, fm_title.height()), Qt.AlignmentFlag.AlignLeft,
                       fm_title.elidedText(title, Qt.TextElideMode.ElideRight, inner))
        y += fm_title.height() + 6
        # the legend, wrapping
        sw, x, row_h = fm_small.height() * 0.8, margin, fm_small.height() + 4
        legend = ((theme.guest_color(0), translate("ComparisonPanel", "the guest’s own code")),
                  (QColor(theme.VMM_COLOR), translate("ComparisonPanel", "the VMM")),
                  (QColor(theme.IDLE_COLOR), translate("ComparisonPanel", "idle")),
                  (None, translate("ComparisonPanel", "native (the baseline)")))
        for color, label in legend:
            w = sw + 6 + fm_small.horizontalAdvance(label) + 18
            if x > margin and x + w > margin + inner:
                x, y = margin, y + row_h
            if p:
                box = QRectF(x, y + (row_h - sw) / 2, sw, sw)
                if color is None:
                    p.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
                    p.drawLine(box.center().x(), box.top() - 2, box.center().x(), box.bottom() + 2)
                else:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(color)
                    p.drawRoundedRect(box, 2, 2)
                p.setFont(small)
                p.setPen(muted)
                p.drawText(QRectF(x + sw + 6, y, w, row_h), Qt.AlignmentFlag.AlignVCenter, label)
            x += w
        y += row_h + 8
        if comparison is None:
            return y + 8
        rows = comparison.rows
        labels = [technique_label(r.technique) for r in rows]
        fm_bold = QFontMetricsF(theme.ui_font(10, bold=True))
        label_w = min(max((fm_bold if r.native else fm).horizontalAdvance(t)
                          for r, t in zip(rows, labels)) + 14, inner * 0.4)
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter
        done = [r for r in rows if r.status == "done"]
        values = {r.technique: self._value_text(r, comparison) for r in done}
        value_w = max([fm.horizontalAdvance(v) for v in values.values()] + [0]) + 12
        bar_x = margin + label_w
        bar_w = max(40.0, inner - label_w - value_w)
        biggest = max([r.host_cycles or 0 for r in done] + [1])
        native = comparison.native
        bar_h = fm.height() * 1.5
        self._hits = [] if p else self._hits
        if p:
            self.state_texts = []
        for row, label in zip(rows, labels):
            metrics = fm_bold if row.native else fm
            # a label too long for its column takes two lines (or more), never cut
            text_h = metrics.boundingRect(QRectF(0, 0, label_w - 8, 1000), wrap, label).height()
            row_h = max(bar_h, text_h + 4)
            # A row's state ("not applicable: …") takes the bar's and the value's room,
            # and more lines if it needs them: never cut.
            state = row_state_text(row, self.panel.guest_name)
            state_rect = None
            if state is not None:
                room = inner - label_w
                state_w = min(room, max(bar_w, fm_small.horizontalAdvance(state) + 14))
                state_h = max(bar_h, fm_small.boundingRect(
                    QRectF(0, 0, state_w - 12, 1000), wrap, state).height() + 8)
                row_h = max(row_h, state_h)
                state_rect = QRectF(bar_x, y + (row_h - state_h) / 2, state_w, state_h)
            step = row_h + 8
            area = QRectF(margin, y, inner, row_h)
            if p:
                self._hits.append((area, row.technique))
                if self._hover == row.technique:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(track)
                    p.drawRoundedRect(area.adjusted(-4, -3, 4, 3), 4, 4)
                p.setFont(theme.ui_font(10, bold=row.native))
                p.setPen(text)
                p.drawText(QRectF(margin, y, label_w - 8, row_h), wrap, label)
                bar_y = y + (row_h - bar_h) / 2
                self._paint_bar(p, row, state_rect or QRectF(bar_x, bar_y, bar_w, bar_h),
                                biggest, track, muted, values.get(row.technique), fm, font,
                                small)
                if native is not None and native.host_cycles and row.status == "done":
                    # the baseline, through every finished bar
                    nx = bar_x + bar_w * native.host_cycles / biggest
                    p.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
                    p.drawLine(nx, bar_y - 4, nx, bar_y + bar_h + 4)
            y += step
        return y + 6

    def _value_text(self, row: Row, comparison: Comparison) -> str:
        value = theme.fmt_int(row.host_cycles)
        if row.native or row.overhead_percent is None:
            return value
        sign = "+" if row.overhead_percent >= 0 else "−"
        return f"{value} ({sign}{theme.fmt_float(abs(row.overhead_percent), 1)} %)"

    def _paint_bar(self, p: QPainter, row: Row, rect: QRectF, biggest: int, track: QColor,
                   muted: QColor, value: str | None, fm: QFontMetricsF, font, small) -> None:
        state = row_state_text(row, self.panel.guest_name)
        if state is not None:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(rect, 3, 3)
            if row.status == "running":
                p.setBrush(QColor(theme.VMM_COLOR).lighter(160))
                p.drawRoundedRect(QRectF(rect.left(), rect.top(), rect.width() * row.progress,
                                         rect.height()), 3, 3)
            p.setFont(small)
            p.setPen(muted)
            box = rect.adjusted(8, 0, -4, 0)
            p.drawText(box, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter, state)
            self.state_texts.append((row.technique, state, box, small))
            return
        x = rect.left()
        for cycles, color in ((row.guest_host_cycles, theme.guest_color(0)),
                              (row.vmm_cycles, QColor(theme.VMM_COLOR)),
                              (row.idle_cycles, QColor(theme.IDLE_COLOR))):
            if not cycles:
                continue
            w = rect.width() * cycles / biggest
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(color)
            p.drawRect(QRectF(x, rect.top(), w + 0.5, rect.height()))
            x += w
        p.setFont(font)
        p.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        p.drawText(QRectF(x + 6, rect.top(), fm.horizontalAdvance(value) + 8, rect.height()),
                   Qt.AlignmentFlag.AlignVCenter, value)


__all__ = ["ComparisonChart", "equivalent_text", "equivalence_details", "fmt_float", "fmt_int",
           "own_work_text", "row_state_text", "table_cells"]
