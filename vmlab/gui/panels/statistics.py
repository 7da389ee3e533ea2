"""Statistics: where the cycles went, how often the guests left for the VMM, and why.

Headline figures on cards (cycles, VMM overhead, VM exits, world switches),
a painted chart (a stacked bar of cycle attribution with its legend, and
exits by cause stacked by guest), and a table with every number.  Native
sessions show kernel/user/idle time and the traps by cause instead.
Everything is read from the session on refresh; nothing is kept but what
is on screen.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette
from PySide6.QtWidgets import (QFrame, QGridLayout, QHeaderView, QLabel, QScrollArea,
                               QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...observe.accounting import BUCKET_HOST
from .. import theme
from ..labels import bucket_label, guest_state_label
from ..panel import Panel
from .timeline import cause_color, cause_sort_key


def fmt_int(value: int) -> str:
    return theme.fmt_int(value)


def fmt_pct(part: float, total: float) -> str:
    """A share as shown everywhere in this panel: one decimal, or a dash with no total."""
    if not total:
        return "–"
    return f"{theme.fmt_float(100 * part / total, 1)} %"


def collect(session) -> dict:
    """Every number the panel shows, read from the session's read model."""
    totals = session.cycles_by_bucket()
    names = list(session.guest_names)
    counted = session.counters()
    guests = counted.guests
    views = {n: session.guest(n) for n in names}
    return {
        # the bare machine, one kernel: traps, no VM exits (type 0's partitions, several
        # kernels with no VMM, show the per-guest table, its VMM rows zero)
        "bare": not session.under_vmm and len(names) == 1,
        "guests": names,
        "cycle": session.cycle,
        "buckets": totals,
        "total": sum(totals.values()),
        "vmm": totals.get("vmm", 0),
        # Type 2 (hosted): the host OS kernel's part of the exits, and its transitions.
        "hosted": BUCKET_HOST in totals,
        "host": totals.get(BUCKET_HOST, 0),
        "host_transitions": counted.host_transitions,
        # kvm: the host bucket is the host kernel's work for its own processes, not the VMM's.
        "kvm": session.scenario.hosting == "kvm",
        "host_syscalls": counted.host_syscalls,
        "idle": totals.get("idle", 0),
        "kernel": {n: totals.get(f"{n}.kernel", 0) for n in names},
        "user": {n: totals.get(f"{n}.user", 0) for n in names},
        "traps": {n: dict(guests[n].traps) for n in names},
        # VMM cycles spent on each guest's behalf (charged to its share of the CPU)
        "vmm_for": {n: guests[n].vmm_cycles for n in names},
        "exits": {n: dict(guests[n].exits) for n in names},
        "exits_by_cause": dict(counted.exits_by_cause),
        "world_switches": counted.world_switches,
        "emulations": {n: guests[n].emulations for n in names},
        "reflections": {n: guests[n].reflections for n in names},
        "injections": {n: guests[n].injections for n in names},
        # Each guest's state and virtual clock: a paused guest's stands still.
        "state": {n: views[n].state for n in names},
        "vclock": {n: views[n].vclock for n in names},
        "instructions": {n: guests[n].instructions for n in names},
    }


def vmm_overhead(d: dict) -> int:
    """The VMM's cycles: with the host kernel's part of its exits under type 2; under kvm
    the host bucket is the host kernel's work for its own processes, not the VMM's."""
    return d["vmm"] if d["kvm"] else d["vmm"] + d["host"]


class StatsChart(QWidget):
    """The stacked attribution bar with its legend, and the bars of exits (traps) by cause."""

    def __init__(self, panel: "StatisticsPanel") -> None:
        super().__init__(panel)
        self.panel = panel
        self.model: dict = {"cycles": [], "total": 0, "causes": [], "guests": [],
                            "bare": False}
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._height = 200

    def set_model(self, model: dict) -> None:
        self.model = model
        self._relayout()
        self.update()

    def _relayout(self) -> None:
        h = int(self._draw(None, max(self.width(), 200)))
        if h != self._height:
            self._height = h
            self.setFixedHeight(h)

    def sizeHint(self) -> QSize:
        return QSize(360, self._height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        try:
            p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            self._draw(p, self.width())
        finally:
            p.end()

    # One routine both measures (painter None) and paints, so they always agree.
    def _draw(self, p: QPainter | None, width: float) -> float:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = QColor(text)
        muted.setAlphaF(0.7)
        track = QColor(text)
        track.setAlphaF(0.08)
        title_font = theme.ui_font(10, bold=True)
        font = theme.ui_font(9.5)
        small = theme.ui_font(8.5)
        fm_title, fm, fm_small = (QFontMetricsF(f) for f in (title_font, font, small))
        m = self.model
        margin = 8.0
        inner = width - 2 * margin
        y = 6.0

        # --- where the cycles went
        if p:
            p.setFont(title_font)
            p.setPen(text)
            p.drawText(QRectF(margin, y, inner, fm_title.height()),
                       Qt.AlignmentFlag.AlignLeft, QCoreApplication.translate("StatisticsPanel", "Where the cycles went"))
        y += fm_title.height() + 6
        bar_h = fm.height() * 1.7
        total = m["total"]
        if p:
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(track)
            p.drawRoundedRect(QRectF(margin, y, inner, bar_h), 4, 4)
            if total:
                p.save()
                clip = QRectF(margin, y, inner, bar_h)
                p.setClipRect(clip)
                x = margin
                for bucket, value, color, label in m["cycles"]:
                    if not value:
                        continue
                    w = inner * value / total
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(color)
                    p.drawRect(QRectF(x, y, w + 0.5, bar_h))
                    share = fmt_pct(value, total)
                    p.setFont(small)
                    if fm_small.horizontalAdvance(share) + 8 < w:
                        p.setPen(theme.text_on(color))
                        p.drawText(QRectF(x, y, w, bar_h), Qt.AlignmentFlag.AlignCenter, share)
                    x += w
                p.restore()
        y += bar_h + 8
        # legend, wrapping
        sw = fm.height() * 0.75
        x = margin
        row_h = fm.height() + 4
        for bucket, value, color, label in m["cycles"]:
            entry = f"{label}  {fmt_pct(value, total)}"
            w = sw + 6 + fm.horizontalAdvance(entry) + 16
            if x > margin and x + w > margin + inner:
                x = margin
                y += row_h
            if p:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(color)
                p.drawRoundedRect(QRectF(x, y + (row_h - sw) / 2, sw, sw), 2, 2)
                p.setFont(font)
                p.setPen(text)
                p.drawText(QRectF(x + sw + 6, y, w, row_h), Qt.AlignmentFlag.AlignVCenter,
                           entry)
            x += w
        y += row_h + 14

        # --- exits (traps) by cause
        if p:
            p.setFont(title_font)
            p.setPen(text)
            p.drawText(QRectF(margin, y, inner, fm_title.height()), Qt.AlignmentFlag.AlignLeft,
                       QCoreApplication.translate("StatisticsPanel", "Traps by cause") if m["bare"]
                       else QCoreApplication.translate("StatisticsPanel", "VM exits by cause"))
        y += fm_title.height() + 6
        causes = m["causes"]
        if not causes:
            if p:
                p.setFont(font)
                p.setPen(muted)
                p.drawText(QRectF(margin, y, inner, row_h), Qt.AlignmentFlag.AlignVCenter,
                           QCoreApplication.translate("StatisticsPanel", "No traps yet") if m["bare"]
                           else QCoreApplication.translate("StatisticsPanel", "No VM exits yet"))
            return y + row_h + 8
        label_w = max(fm.horizontalAdvance(c) for c, _ in causes) + sw + 14
        biggest = max(sum(per.values()) for _, per in causes) or 1
        count_w = fm.horizontalAdvance(fmt_int(biggest)) + 10
        bar_w = max(20.0, inner - label_w - count_w)
        row_h = fm.height() * 1.45
        for cause, per in causes:
            n = sum(per.values())
            if p:
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(cause_color(cause))
                p.drawRoundedRect(QRectF(margin, y + (row_h - sw) / 2, sw, sw), 2, 2)
                p.setFont(font)
                p.setPen(text)
                p.drawText(QRectF(margin + sw + 6, y, label_w, row_h),
                           Qt.AlignmentFlag.AlignVCenter, cause)
                x = margin + label_w
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(track)
                p.drawRoundedRect(QRectF(x, y + 3, bar_w, row_h - 6), 3, 3)
                for guest, value in per.items():
                    if not value:
                        continue
                    w = bar_w * value / biggest
                    p.setBrush(theme.guest_color(m["guests"].index(guest))
                               if guest in m["guests"] else QColor(theme.IDLE_COLOR))
                    p.drawRect(QRectF(x, y + 3, w + 0.5, row_h - 6))
                    x += w
                p.setPen(text)
                p.drawText(QRectF(x + 6, y, count_w + 20, row_h),
                           Qt.AlignmentFlag.AlignVCenter, fmt_int(n))
            y += row_h
        if not m["bare"] and len(m["guests"]) > 1:
            # which colour is which guest
            x = margin + label_w
            y += 2
            for i, guest in enumerate(m["guests"]):
                w = sw + 6 + fm_small.horizontalAdvance(guest) + 14
                if p:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(theme.guest_color(i))
                    p.drawRoundedRect(QRectF(x, y + (row_h - sw) / 2, sw, sw), 2, 2)
                    p.setFont(small)
                    p.setPen(muted)
                    p.drawText(QRectF(x + sw + 5, y, w, row_h), Qt.AlignmentFlag.AlignVCenter,
                               guest)
                x += w
            y += row_h
        return y + 8


class Card(QFrame):
    """A headline figure: big value, caption under it."""

    def __init__(self, key: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName(f"card-{key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(0)
        self.value = QLabel(self)
        self.value.setObjectName(f"value-{key}")
        self.caption = QLabel(self)
        self.caption.setObjectName(f"caption-{key}")
        self.caption.setWordWrap(True)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)

    def apply_style(self, accent: QColor) -> None:
        self.value.setFont(theme.ui_font(15, bold=True))
        self.caption.setFont(theme.ui_font(8.5))
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        border = palette.color(QPalette.ColorRole.Mid)
        self.setStyleSheet(
            f"QFrame#{self.objectName()} {{ background: {base.name()}; border: 1px solid "
            f"{border.name()}; border-left: 4px solid {accent.name()}; border-radius: 4px; }}")


class StatisticsPanel(Panel):
    panel_id = "statistics"

    CARD_KEYS = ("cycles", "second", "third", "fourth")

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self._shown_key = None
        self._structure = None
        self._rows: dict[str, QTreeWidgetItem] = {}
        self.data: dict | None = None
        self._build()
        self.apply_style()
        self.retranslate()

    # ------------------------------------------------------------------ building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        content.setObjectName("statistics-content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(8)
        self.cards_grid = QGridLayout()
        self.cards_grid.setSpacing(6)
        self.cards = {key: Card(key, content) for key in self.CARD_KEYS}
        layout.addLayout(self.cards_grid)
        self._card_columns = 0
        self._place_cards(4)
        self.chart = StatsChart(self)
        self.chart.setParent(content)
        layout.addWidget(self.chart)
        self.table = QTreeWidget(content)
        self.table.setObjectName("statistics-table")
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setUniformRowHeights(True)
        self.table.setItemsExpandable(False)
        self.table.setSelectionMode(QTreeWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.table)
        layout.addStretch(1)
        self.scroll.setWidget(content)
        self.content = content

    def _place_cards(self, columns: int) -> None:
        if columns == self._card_columns:
            return
        self._card_columns = columns
        for key in self.CARD_KEYS:
            self.cards_grid.removeWidget(self.cards[key])
        for i, key in enumerate(self.CARD_KEYS):
            self.cards_grid.addWidget(self.cards[key], i // columns, i % columns)
        for c in range(4):
            self.cards_grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_cards(4 if self.width() >= 150 * theme.scale() * 4 else 2)

    def title(self) -> str:
        return self.tr("Statistics")

    def apply_style(self) -> None:
        accents = self._card_accents()
        for key, card in self.cards.items():
            card.apply_style(accents[key])
        self.table.setFont(theme.ui_font(9.5))
        self.table.setStyleSheet("QTreeWidget::item { padding: 1px 6px; }")
        self.table.header().setFont(theme.ui_font(9.5, bold=True))
        self._shown_key = None
        self._structure = None
        if hasattr(self, "_rows"):
            self.refresh()

    def _card_accents(self) -> dict[str, QColor]:
        if not self.session.under_vmm:
            return {"cycles": QColor(theme.HOST_COLOR), "second": theme.guest_color(0).darker(125),
                    "third": QColor("#e8467c"), "fourth": QColor(theme.IDLE_COLOR)}
        return {"cycles": QColor(theme.HOST_COLOR), "second": QColor(theme.VMM_COLOR),
                "third": QColor("#f2c12e"), "fourth": QColor("#1f9d55")}

    def retranslate(self) -> None:
        self._shown_key = None
        self._structure = None
        self.refresh()

    def on_session_replaced(self) -> None:
        self._shown_key = None
        self._structure = None
        accents = self._card_accents()
        for key, card in self.cards.items():
            card.apply_style(accents[key])

    # ------------------------------------------------------------------ texts
    def bucket_label(self, bucket: str) -> str:
        return bucket_label(bucket)

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        if not hasattr(self, "table"):
            return
        s = self.session
        key = (id(s), s.cycle, s.events.end, len(s.actions))
        if key == self._shown_key:
            return
        self._shown_key = key
        data = self.data = collect(s)
        self._show_cards(data)
        self._show_chart(data)
        self._show_table(data)

    def _show_cards(self, d: dict) -> None:
        total = d["total"]
        cards = self.cards
        cards["cycles"].value.setText(fmt_int(total))
        cards["cycles"].caption.setText(self.tr("cycles in total"))
        if d["bare"]:
            kernel = sum(d["kernel"].values())
            traps = sum(sum(t.values()) for t in d["traps"].values())
            values = [(fmt_pct(kernel, total), self.tr("of the time in kernel mode")),
                      (fmt_int(traps), self.tr("traps")),
                      (fmt_pct(d["idle"], total), self.tr("of the time idle"))]
        else:
            values = [(fmt_pct(vmm_overhead(d), total), self.tr("VMM overhead")),
                      (fmt_int(sum(d["exits_by_cause"].values())), self.tr("VM exits")),
                      (fmt_int(d["world_switches"]), self.tr("world switches"))]
        for key, (value, caption) in zip(self.CARD_KEYS[1:], values):
            cards[key].value.setText(value)
            cards[key].caption.setText(caption)
        cards["second"].setToolTip(
            self.tr("The share of all cycles in kernel mode") if d["bare"]
            else self.tr("VMM overhead: the cycles spent in the VMM divided by all cycles"))

    def _show_chart(self, d: dict) -> None:
        names = d["guests"]
        buckets = [b for n in names for b in (f"{n}.kernel", f"{n}.user")]
        if not d["bare"]:
            buckets.append("vmm")
        if d["hosted"]:
            buckets.append(BUCKET_HOST)
        buckets.append("idle")
        cycles = [(b, d["buckets"].get(b, 0), theme.bucket_color(b, names), self.bucket_label(b))
                  for b in buckets]
        if d["bare"]:
            counts = d["traps"][names[0]]
            causes = [(c, {names[0]: counts[c]}) for c in sorted(counts, key=cause_sort_key)]
        else:
            causes = [(c, {n: d["exits"][n].get(c, 0) for n in names})
                      for c in sorted(d["exits_by_cause"], key=cause_sort_key)]
        self.chart.set_model({"cycles": cycles, "total": d["total"], "causes": causes,
                              "guests": names, "bare": d["bare"]})

    # The table: (row key, label, [per-guest values], total), grouped.
    def table_rows(self, d: dict) -> list[tuple[str, list[tuple[str, str, list[str], str]]]]:
        names = d["guests"]
        total = d["total"]
        blank = [""] * len(names)
        groups = []
        cycles = [
            ("kernel", self.tr("kernel mode"), [fmt_int(d["kernel"][n]) for n in names],
             fmt_int(sum(d["kernel"].values()))),
            ("user", self.tr("user mode"), [fmt_int(d["user"][n]) for n in names],
             fmt_int(sum(d["user"].values()))),
        ]
        if not d["bare"]:
            cycles.append(("vmm", self.tr("VMM"), [fmt_int(d["vmm_for"][n]) for n in names],
                           fmt_int(vmm_overhead(d))))
        if d["kvm"]:             # kvm: the host kernel's work for its processes, apart
            cycles.append(("host", self.tr("host OS kernel (its processes)"), blank,
                           fmt_int(d["host"])))
        elif d["hosted"]:        # type 2: part of the VMM's row, charged to the guests too
            cycles.append(("host", self.tr("of which the host OS kernel"), blank,
                           fmt_int(d["host"])))
        cycles.append(("idle", self.tr("idle"), blank, fmt_int(d["idle"])))
        cycles.append(("all", self.tr("all"), [fmt_int(d["kernel"][n] + d["user"][n])
                                          for n in names], fmt_int(total)))
        if not d["bare"]:
            cycles.append(("overhead", self.tr("VMM overhead"),
                           [fmt_pct(d["vmm_for"][n], total) for n in names],
                           fmt_pct(vmm_overhead(d), total)))
        groups.append((self.tr("Cycles"), cycles))
        if not d["bare"]:
            exits = [(f"exit:{c}", c, [fmt_int(d["exits"][n].get(c, 0)) for n in names],
                      fmt_int(d["exits_by_cause"][c]))
                     for c in sorted(d["exits_by_cause"], key=cause_sort_key)]
            exits.append(("exit:all", self.tr("all causes"),
                          [fmt_int(sum(d["exits"][n].values())) for n in names],
                          fmt_int(sum(d["exits_by_cause"].values()))))
            groups.append((self.tr("VM exits by cause"), exits))
            work = [(key, label, [fmt_int(d[key][n]) for n in names],
                     fmt_int(sum(d[key].values())))
                    for key, label in (("emulations", self.tr("emulated instructions")),
                                       ("reflections", self.tr("reflected traps")),
                                       ("injections", self.tr("injected interrupts")))]
            work.append(("world_switches", self.tr("world switches"), blank,
                         fmt_int(d["world_switches"])))
            if d["kvm"]:
                work.append(("host_syscalls", self.tr("host system calls"), blank,
                             fmt_int(d["host_syscalls"])))
            elif d["hosted"]:
                work.append(("host_transitions", self.tr("host-kernel transitions"), blank,
                             fmt_int(d["host_transitions"])))
            groups.append((self.tr("VMM work"), work))
            groups.append((self.tr("Guests"), [
                ("state", self.tr("state"), [guest_state_label(d["state"][n]) for n in names],
                 ""),
                ("vclock", self.tr("virtual clock (cycles)"),
                 [fmt_int(d["vclock"][n]) for n in names], ""),
                ("instructions", self.tr("instructions executed"),
                 [fmt_int(d["instructions"][n]) for n in names],
                 fmt_int(sum(d["instructions"].values())))]))
        causes = sorted({c for t in d["traps"].values() for c in t}, key=cause_sort_key)
        traps = [(f"trap:{c}", c, [fmt_int(d["traps"][n].get(c, 0)) for n in names],
                  fmt_int(sum(d["traps"][n].get(c, 0) for n in names))) for c in causes]
        traps.append(("trap:all", self.tr("all causes"),
                      [fmt_int(sum(d["traps"][n].values())) for n in names],
                      fmt_int(sum(sum(t.values()) for t in d["traps"].values()))))
        groups.append((self.tr("Traps by cause") if d["bare"]
                       else self.tr("Traps taken by the guest kernels"), traps))
        return groups

    def _show_table(self, d: dict) -> None:
        groups = self.table_rows(d)
        bare = d["bare"]
        structure = (tuple(d["guests"]), bare,
                     tuple((g, tuple(r[0] for r in rows)) for g, rows in groups))
        table = self.table
        if structure != self._structure:
            self._structure = structure
            table.clear()
            self._rows = {}
            headers = [""] + list(d["guests"])
            if not bare:
                headers.append(self.tr("Total"))
            table.setColumnCount(len(headers))
            table.setHeaderLabels(headers)
            bold = theme.ui_font(9.5, bold=True)
            palette = self.palette()
            band = palette.color(QPalette.ColorRole.Window)
            for title, rows in groups:
                head = QTreeWidgetItem(table, [title])
                head.setFirstColumnSpanned(True)
                head.setFont(0, bold)
                head.setBackground(0, band)
                for key, label, values, total in rows:
                    item = QTreeWidgetItem(table)
                    item.setData(0, Qt.ItemDataRole.UserRole, key)
                    for col in range(1, len(headers)):
                        item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                    if key in ("all", "exit:all", "trap:all", "overhead"):
                        for col in range(len(headers)):
                            item.setFont(col, bold)
                    if key == "vmm" and not bare:
                        tip = self.tr("In a guest’s column: the VMM’s cycles on that guest’s "
                                      "behalf (its exits, switching to it), charged to its "
                                      "CPU share")
                        for col in range(len(headers)):
                            item.setToolTip(col, tip)
                    self._rows[key] = item
            header = table.header()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            for col in range(1, len(headers)):
                header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
                header.setDefaultAlignment(Qt.AlignmentFlag.AlignRight
                                           | Qt.AlignmentFlag.AlignVCenter)
        for title, rows in groups:
            for key, label, values, total in rows:
                item = self._rows[key]
                # natively the one column is the machine's whole count
                cells = [label, total] if bare else [label] + values + [total]
                for col, text in enumerate(cells):
                    if item.text(col) != text:
                        item.setText(col, text)
        self._fit_columns(groups, bare)
        self._fit_table_height()

    def _fit_columns(self, groups, bare: bool) -> None:
        """Number columns as wide as their widest text (cheaper than ResizeToContents,
        which measures the whole table again at every change)."""
        table = self.table
        bold = QFontMetricsF(theme.ui_font(9.5, bold=True))
        pad = 20 * theme.scale()
        header = table.header()
        for col in range(1, table.columnCount()):
            widest = bold.horizontalAdvance(table.headerItem().text(col))
            for _title, rows in groups:
                for key, label, values, total in rows:
                    cells = [total] if bare else values + [total]
                    widest = max(widest, bold.horizontalAdvance(cells[col - 1]))
            width = int(widest + pad)
            if header.sectionSize(col) != width:
                header.resizeSection(col, width)

    def _fit_table_height(self) -> None:
        table = self.table
        rows = table.topLevelItemCount()
        row_h = table.sizeHintForRow(0) if rows else 20
        height = (table.header().sizeHint().height() + rows * max(row_h, 1)
                  + 2 * table.frameWidth() + 2)
        if table.height() != height:
            table.setFixedHeight(height)

    # ------------------------------------------------------------------ for tests
    def shown_table(self) -> dict[str, list[str]]:
        """Row key -> the texts of its cells, as displayed."""
        return {key: [item.text(c) for c in range(self.table.columnCount())]
                for key, item in self._rows.items()}

    def shown_cards(self) -> dict[str, tuple[str, str]]:
        return {key: (card.value.text(), card.caption.text()) for key, card in self.cards.items()}


__all__ = ["StatisticsPanel", "collect", "fmt_pct", "fmt_int"]
