"""The migration panel's painted parts (see migration.py): the memory in flight and the
per-round chart.

MemoryStrip: one square per block of the migrating guest's memory, coloured
by what the destination has of it: sent and clean, dirtied since it was sent
(it must go again), or not sent yet in this round.  RoundsChart: one pair of
bars per pre-copy round, the blocks the round sent against the blocks the
guest dirtied during it, the round under way drawn lighter, the stop and
copy last, and the "few dirty blocks" rule as a dashed line.  Both measure
and paint with one routine, so the height they ask for is what they draw:
no text is ever cut, long legends and captions wrap.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from .. import theme

CONTEXT = "MigrationPanel"
SENT, DIRTY, UNSENT = "sent", "dirty", "unsent"     # a block's state in the strip
SENT_COLOR = "#1f9d55"          # on the destination and clean
DIRTY_COLOR = "#e07b12"         # written since it was sent: must go again
UNSENT_COLOR = theme.IDLE_COLOR  # not sent yet (in this round)
BAR_SENT = "#2f6fd6"            # blocks a round sent
BAR_DIRTIED = DIRTY_COLOR       # blocks the guest dirtied during it
BAR_FINAL = theme.VMM_COLOR     # the stop and copy


translate = QCoreApplication.translate


class _Painted(QWidget):
    """A widget whose height follows what _draw measures at its width."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._height = 60

    def relayout(self) -> None:
        h = int(self._draw(None, max(self.width(), 200))) + 1
        if h != self._height:
            self._height = h
            self.setFixedHeight(h)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, self._height)

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

    def _colors(self) -> tuple[QColor, QColor, QColor]:
        text = self.palette().color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.72)
        track = QColor(text)
        track.setAlphaF(0.08)
        return text, muted, track

    def _draw(self, p: QPainter | None, width: float) -> float:   # pragma: no cover
        raise NotImplementedError

    @staticmethod
    def _legend(p: QPainter | None, items, x0: float, y: float, inner: float, font,
                muted: QColor, text: QColor) -> float:
        """Colour swatches with their names, wrapping; returns the y under them."""
        fm = QFontMetricsF(font)
        sw, row_h = fm.height() * 0.8, fm.height() + 4
        x = x0
        for color, label in items:
            w = sw + 6 + fm.horizontalAdvance(label) + 18
            if x > x0 and x + w > x0 + inner:
                x, y = x0, y + row_h
            if p:
                box = QRectF(x, y + (row_h - sw) / 2, sw, sw)
                if color is None:          # the dashed rule line
                    p.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
                    p.drawLine(box.center().x(), box.top() - 2, box.center().x(),
                               box.bottom() + 2)
                else:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(QColor(color))
                    p.drawRoundedRect(box, 2, 2)
                p.setFont(font)
                p.setPen(muted)
                p.drawText(QRectF(x + sw + 6, y, w, row_h), Qt.AlignmentFlag.AlignVCenter, label)
            x += w
        return y + row_h

    @staticmethod
    def _wrapped(p: QPainter | None, text: str, x: float, y: float, w: float, font,
                 color: QColor) -> float:
        """A paragraph, wrapped to w; returns its height."""
        flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        h = QFontMetricsF(font).boundingRect(QRectF(0, 0, w, 100_000), flags, text).height()
        if p:
            p.setFont(font)
            p.setPen(color)
            p.drawText(QRectF(x, y, w, h + 2), flags, text)
        return h


class MemoryStrip(_Painted):
    """The guest's memory, block by block, as the destination has it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("migration-strip")
        self.states: list[str] | None = None   # per block; None: `note` instead
        self.note = ""
        self.caption = ""

    def set_model(self, states: list[str] | None, caption: str, note: str = "") -> None:
        self.states, self.caption, self.note = states, caption, note
        self.relayout()

    def counts(self) -> dict[str, int]:
        states = self.states or []
        return {k: states.count(k) for k in (SENT, DIRTY, UNSENT)}

    def _draw(self, p: QPainter | None, width: float) -> float:
        text, muted, track = self._colors()
        title_font, small = theme.ui_font(10, bold=True), theme.ui_font(9)
        margin, y = 8.0, 4.0
        inner = width - 2 * margin
        title = translate("MigrationPanel", "Memory in flight")
        y += self._wrapped(p, title, margin, y, inner, title_font, text) + 4
        if self.states is None:
            if self.note:
                y += self._wrapped(p, self.note, margin, y, inner, small, muted) + 4
            return y + 4
        counts = self.counts()
        legend = ((SENT_COLOR, translate("MigrationPanel", "sent, clean: %1").replace(
                      "%1", theme.fmt_int(counts[SENT]))),
                  (DIRTY_COLOR, translate("MigrationPanel", "dirtied since sent: %1").replace(
                      "%1", theme.fmt_int(counts[DIRTY]))),
                  (UNSENT_COLOR, translate("MigrationPanel", "not sent yet: %1").replace(
                      "%1", theme.fmt_int(counts[UNSENT]))))
        y = self._legend(p, legend, margin, y, inner, small, muted, text) + 4
        n = len(self.states)
        cell = max(7.0, QFontMetricsF(small).height() * 0.75)
        cols = max(1, int((inner + 2) // (cell + 2)))
        if cols >= 16:
            cols -= cols % 16
        cols = min(cols, n) or 1
        cell = min((inner + 2) / cols - 2, 2.2 * cell)
        colors = {SENT: QColor(SENT_COLOR), DIRTY: QColor(DIRTY_COLOR),
                  UNSENT: QColor(UNSENT_COLOR)}
        if p:
            p.setPen(Qt.PenStyle.NoPen)
            for i, state in enumerate(self.states):
                r, c = divmod(i, cols)
                p.setBrush(colors[state])
                p.drawRect(QRectF(margin + c * (cell + 2), y + r * (cell + 2), cell, cell))
        y += -(-n // cols) * (cell + 2) + 4
        if self.caption:
            y += self._wrapped(p, self.caption, margin, y, inner, small, muted) + 2
        if self.note:
            y += self._wrapped(p, self.note, margin, y, inner, small, muted) + 2
        return y + 4


class RoundsChart(_Painted):
    """Per pre-copy round: blocks sent against blocks dirtied."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("migration-rounds")
        self.pairs: list[tuple[int, int]] = []      # finished rounds: (sent, dirtied) blocks
        self.cycles: list[int] = []                  # each finished round's length
        self.current: tuple[int, int] | None = None  # the round under way, so far
        self.final: int | None = None                # blocks of the stop and copy
        self.threshold: int | None = None            # the "few dirty blocks" rule
        self.scale_max = 1                           # the guest's blocks: the longest bar

    def set_model(self, pairs, cycles, current, final, threshold, scale_max) -> None:
        self.pairs, self.cycles = list(pairs), list(cycles)
        self.current, self.final = current, final
        self.threshold, self.scale_max = threshold, max(1, scale_max)
        self.relayout()

    def _draw(self, p: QPainter | None, width: float) -> float:
        text, muted, track = self._colors()
        title_font, font, small = (theme.ui_font(10, bold=True), theme.ui_font(9.5),
                                   theme.ui_font(9))
        fm, fm_small = QFontMetricsF(font), QFontMetricsF(small)
        margin, y = 8.0, 4.0
        inner = width - 2 * margin
        title = translate("MigrationPanel", "Blocks per round: sent against dirtied")
        y += self._wrapped(p, title, margin, y, inner, title_font, text) + 4
        legend = [(BAR_SENT, translate("MigrationPanel", "sent in the round")),
                  (BAR_DIRTIED, translate("MigrationPanel", "dirtied during the round")),
                  (BAR_FINAL, translate("MigrationPanel", "stop-and-copy (guest paused)"))]
        if self.threshold is not None:
            rule = translate("MigrationPanel", "stop rule: at most %1 dirtied")
            legend.append((None, rule.replace("%1", theme.fmt_int(self.threshold))))
        y = self._legend(p, legend, margin, y, inner, small, muted, text) + 6
        rows = []            # (label, sublabel, [(value, color, alpha)])
        round_n = translate("MigrationPanel", "Round %1")
        for i, (sent, dirtied) in enumerate(self.pairs):
            sub = (translate("MigrationPanel", "%1 cycles").replace(
                "%1", theme.fmt_int(self.cycles[i])) if i < len(self.cycles) else "")
            rows.append((round_n.replace("%1", theme.fmt_int(i + 1)), sub,
                         [(sent, BAR_SENT, 1.0), (dirtied, BAR_DIRTIED, 1.0)]))
        if self.current is not None:
            sent, dirtied = self.current
            rows.append((round_n.replace("%1", theme.fmt_int(len(self.pairs) + 1)),
                         translate("MigrationPanel", "under way"),
                         [(sent, BAR_SENT, 0.45), (dirtied, BAR_DIRTIED, 0.45)]))
        if self.final is not None:
            rows.append((translate("MigrationPanel", "Stop-and-copy"),
                         translate("MigrationPanel", "+ VCPU and devices"),
                         [(self.final, BAR_FINAL, 1.0)]))
        if not rows:
            none = translate("MigrationPanel", "No round yet.")
            y += self._wrapped(p, none, margin, y, inner, small, muted) + 4
            return y + 4
        label_w = max(max(fm.horizontalAdvance(r[0]), fm_small.horizontalAdvance(r[1]))
                      for r in rows) + 14
        label_w = min(label_w, inner * 0.4)
        value_w = fm.horizontalAdvance(theme.fmt_int(self.scale_max)) + 12
        bar_x = margin + label_w
        bar_w = max(30.0, inner - label_w - value_w)
        bar_h = max(8.0, fm.height() * 0.85)
        wrap = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft
        top = y
        for label, sub, bars in rows:
            label_h = (fm.boundingRect(QRectF(0, 0, label_w - 8, 1000), wrap, label).height()
                       + fm_small.boundingRect(QRectF(0, 0, label_w - 8, 1000), wrap,
                                               sub).height())
            row_h = max(len(bars) * (bar_h + 2), label_h)
            if p:
                h1 = fm.boundingRect(QRectF(0, 0, label_w - 8, 1000), wrap, label).height()
                p.setFont(font)
                p.setPen(text)
                p.drawText(QRectF(margin, y, label_w - 8, h1 + 1), wrap, label)
                p.setFont(small)
                p.setPen(muted)
                p.drawText(QRectF(margin, y + h1, label_w - 8, row_h - h1 + 1), wrap, sub)
                by = y + (row_h - len(bars) * (bar_h + 2)) / 2
                for value, color, alpha in bars:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(track)
                    p.drawRect(QRectF(bar_x, by, bar_w, bar_h))
                    c = QColor(color)
                    c.setAlphaF(alpha)
                    p.setBrush(c)
                    w = bar_w * min(1.0, value / self.scale_max)
                    p.drawRect(QRectF(bar_x, by, max(w, 1.5 if value else 0), bar_h))
                    p.setFont(font)
                    p.setPen(text)
                    p.drawText(QRectF(bar_x + w + 4, by - 3, value_w + bar_w - w, bar_h + 6),
                               Qt.AlignmentFlag.AlignVCenter, theme.fmt_int(value))
                    by += bar_h + 2
            y += row_h + 8
        if p and self.threshold is not None:
            x = bar_x + bar_w * min(1.0, self.threshold / self.scale_max)
            p.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
            p.drawLine(x, top - 3, x, y - 5)
        return y


__all__ = ["BAR_DIRTIED", "BAR_FINAL", "BAR_SENT", "DIRTY", "MemoryStrip", "RoundsChart",
           "SENT", "UNSENT"]
