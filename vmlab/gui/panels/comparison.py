"""Comparison: one guest kernel under native and each technique, side by side.

The figures are vmlab.compare's (the same as `vmlab compare`): a bar of host
cycles per technique, split into the guest's own cycles and the VMM's, with
the native run marked; and a table with the overhead, exits, system calls,
context switches, each technique's own work and whether the run was
equivalent to native.  The runs are headless and short; they advance a
little at every tick of a timer, so the window never freezes, and the rows
fill in as they complete.  A click on a technique (bar or row) opens its
scenario for that guest in the window.  The comparison does not depend on
the session the window shows: it is kept when that session changes.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QScrollArea,
                               QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...compare import Comparison, Row, available_guests, resolve_guest
from ...session import Session
from .. import theme
from ..labels import technique_label
from ..panel import Panel

TICK_MS = 5                 # pause between two pieces of work, for the event loop
TICK_BUDGET_S = 0.025       # simulation time per tick
DEFAULT_GUEST = "alpha"
EQUIVALENT_COLOR = "#1f9d55"
DIFFERENT_COLOR = "#d62828"


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
    shown = differ[0] + (", …" if len(differ) > 1 else "")
    return translate("ComparisonPanel", "no: %1").replace("%1", shown)


def equivalence_details(row: Row) -> str:
    """Every check of a row's equivalence, for its tooltip."""
    translate = QCoreApplication.translate
    names = _check_names()
    same = translate("ComparisonPanel", "same as native")
    differ = translate("ComparisonPanel", "differs")
    return "\n".join(f"{names.get(k, k)}: {same if v else differ}"
                     for k, v in row.equivalence.items() if v is not None)


def own_work_text(row: Row) -> str:
    """What the technique itself reports: hypercalls, translation, its cache."""
    translate = QCoreApplication.translate
    parts = []
    if row.hypercalls is not None:
        parts.append(translate("ComparisonPanel", "%1 hypercalls").replace(
            "%1", fmt_int(row.hypercalls)))
    work = row.translation or {}
    if work.get("blocks") is not None:
        parts.append(translate("ComparisonPanel", "%1 blocks translated").replace(
            "%1", fmt_int(work["blocks"])))
    cache = row.translation_cache or {}
    if cache.get("hits") is not None:
        parts.append(translate("ComparisonPanel", "cache %1 hits / %2 misses")
                     .replace("%1", fmt_int(cache["hits"]))
                     .replace("%2", fmt_int(cache.get("misses"))))
    return ", ".join(parts) or "—"


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
                          for r, t in zip(rows, labels)) + 14, inner * 0.35)
        done = [r for r in rows if r.status == "done"]
        values = {r.technique: self._value_text(r, comparison) for r in done}
        value_w = max([fm.horizontalAdvance(v) for v in values.values()] + [0]) + 12
        bar_x = margin + label_w
        bar_w = max(40.0, inner - label_w - value_w)
        biggest = max([r.host_cycles or 0 for r in done] + [1])
        native = comparison.native
        bar_h = fm.height() * 1.5
        step = bar_h + 8
        self._hits = [] if p else self._hits
        for row, label in zip(rows, labels):
            area = QRectF(margin, y, inner, bar_h)
            if p:
                self._hits.append((area, row.technique))
                if self._hover == row.technique:
                    p.setPen(Qt.PenStyle.NoPen)
                    p.setBrush(track)
                    p.drawRoundedRect(area.adjusted(-4, -3, 4, 3), 4, 4)
                p.setFont(theme.ui_font(10, bold=row.native))
                p.setPen(text)
                p.drawText(QRectF(margin, y, label_w - 8, bar_h), Qt.AlignmentFlag.AlignVCenter,
                           (fm_bold if row.native else fm).elidedText(
                               label, Qt.TextElideMode.ElideRight, label_w - 8))
                self._paint_bar(p, row, QRectF(bar_x, y, bar_w, bar_h), biggest, track, muted,
                                values.get(row.technique), fm, font, small)
                if native is not None and native.host_cycles and row.status == "done":
                    # the baseline, through every finished bar
                    nx = bar_x + bar_w * native.host_cycles / biggest
                    p.setPen(QPen(text, 1.5, Qt.PenStyle.DashLine))
                    p.drawLine(nx, y - 4, nx, y + bar_h + 4)
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
            p.drawText(rect.adjusted(8, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter,
                       QFontMetricsF(small).elidedText(state, Qt.TextElideMode.ElideRight,
                                                       rect.width() - 12))
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


class ComparisonPanel(Panel):
    panel_id = "comparison"

    COLUMNS = 12                 # the technique, then table_cells()
    # Two tables, stacked, so each fits a projector's width: the cycles; where the VMM works.
    TABLES = ((0, 1, 2, 3, 4, 11), (0, 5, 6, 7, 8, 9, 10))
    EXITS, EQUIVALENT = 5, 11
    comparisonFinished = Signal()
    techniqueOpened = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.comparison: Comparison | None = None
        self.guest_name = ""
        self._items: dict[str, list[QTreeWidgetItem]] = {}   # technique -> its item per table
        self._shown: dict[str, tuple] = {}
        self._headers: list[str] = [""] * self.COLUMNS
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)
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
        outer.addWidget(self.scroll)
        content = QWidget(self.scroll)
        content.setObjectName("comparison-content")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(6)
        top = QHBoxLayout()
        self.guest_label = QLabel(content)
        self.guest_combo = QComboBox(content)
        self.guest_combo.setObjectName("comparison-guest")
        for name in available_guests():
            self.guest_combo.addItem(name, name)
        self.guest_combo.activated.connect(
            lambda i: self.compare(self.guest_combo.itemData(i)))
        self.status = QLabel(content)
        self.status.setObjectName("comparison-status")
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        top.addWidget(self.guest_label)
        top.addWidget(self.guest_combo)
        top.addSpacing(12)
        top.addWidget(self.status, 1)
        layout.addLayout(top)
        self.chart = ComparisonChart(self)
        self.chart.setParent(content)
        self.chart.clicked.connect(self.open_technique)
        layout.addWidget(self.chart)
        self.tables = []
        for index, columns in enumerate(self.TABLES):
            table = QTreeWidget(content)
            table.setObjectName(f"comparison-table-{index + 1}")
            table.setRootIsDecorated(False)
            table.setAlternatingRowColors(True)
            table.setUniformRowHeights(True)
            table.setColumnCount(len(columns))
            table.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            table.setCursor(Qt.CursorShape.PointingHandCursor)
            table.itemClicked.connect(lambda item, _col: self._item_chosen(item))
            table.itemActivated.connect(lambda item, _col: self._item_chosen(item))
            layout.addWidget(table)
            self.tables.append(table)
        self.hint = QLabel(content)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.scroll.setWidget(content)

    def title(self) -> str:
        return self.tr("Comparison")

    def apply_style(self) -> None:
        for table in self.tables:
            table.setFont(theme.ui_font(9.5))
            table.header().setFont(theme.ui_font(9, bold=True))
            table.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                               | Qt.AlignmentFlag.AlignVCenter)
            table.setStyleSheet("QTreeWidget::item { padding: 2px 6px; }")
        for widget in (self.guest_label, self.guest_combo, self.status, self.hint):
            widget.setFont(theme.ui_font(9.5))
        self._shown.clear()
        self.chart.relayout()
        self._show_table()

    def retranslate(self) -> None:
        self.guest_label.setText(self.tr("Guest kernel:"))
        self.guest_combo.setToolTip(self.tr("The guest kernel to run alone under native and "
                                            "each technique"))
        self._headers = [
            self.tr("Technique"), self.tr("Host\ncycles"), self.tr("Guest\ncycles"),
            self.tr("VMM\ncycles"), self.tr("VMM\noverhead"), self.tr("VM\nexits"),
            self.tr("System\ncalls"), self.tr("VMM cycles\nper call"),
            self.tr("Context\nswitches"), self.tr("VMM cycles\nper switch"),
            self.tr("The technique’s\nown work"), self.tr("Equivalent\nto native")]
        tips = [None, self.tr("Physical cycles from power-on until the guest halted"),
                self.tr("The guest’s virtual clock (its CYCLE): what its own work took, as on "
                        "a bare machine"),
                self.tr("Cycles the VMM worked: every VM exit, from the trap entry to the VM "
                        "entry back"),
                self.tr("How much longer than on the bare machine: (host cycles − native host "
                        "cycles) / native host cycles"),
                self.tr("VM exits; hover over a number to see them by cause"),
                self.tr("SYSCALL traps the guest kernel took"),
                self.tr("VMM cycles spent on system calls (the SYSCALL’s exit and the exits of "
                        "the kernel while it serves one) per system call"),
                self.tr("Writes of BASE by the guest kernel: it loads another process’s memory "
                        "window"),
                self.tr("VMM cycles of the exits that write BASE or BOUND, per context switch"),
                self.tr("What the technique itself reports: hypercalls, blocks translated, its "
                        "translation cache"),
                self.tr("Same console, final state, registers, system registers, CYCLE and "
                        "traps as the native run")]
        for table, columns in zip(self.tables, self.TABLES):
            table.setHeaderLabels([self._headers[c] for c in columns])
            header = table.headerItem()
            for col, full in enumerate(columns):
                if tips[full]:
                    header.setToolTip(col, tips[full])
        self.hint.setText(self.tr("Click a technique, in the chart or the table, to open its "
                                  "scenario for this guest in the window."))
        self._shown.clear()
        self._show_status()
        self._show_table()
        self.chart.relayout()

    # ------------------------------------------------------------------ running
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.comparison is None:
            self.compare(self._default_guest())

    def _default_guest(self) -> str:
        known = available_guests()
        scenario = self.session.scenario
        for g in scenario.guests:
            stem = g.program_path.stem
            if stem in known:
                return stem
        return DEFAULT_GUEST if DEFAULT_GUEST in known else known[0]

    def compare(self, guest: str) -> None:
        """Start comparing `guest` (a shipped kernel): the rows fill in as runs complete."""
        self._timer.stop()
        self.comparison = Comparison(resolve_guest(guest))
        self.guest_name = self.comparison.guest.name
        index = self.guest_combo.findData(guest)
        if index >= 0:
            self.guest_combo.setCurrentIndex(index)
        self._build_rows()
        self._refresh_all()
        self._timer.start()

    def _tick(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        done = comparison.step(TICK_BUDGET_S)
        self._refresh_all()
        if done:
            self.comparisonFinished.emit()
        else:
            self._timer.start()

    @property
    def running(self) -> bool:
        return self.comparison is not None and not self.comparison.done

    # ------------------------------------------------------------------ opening
    def _item_chosen(self, item: QTreeWidgetItem) -> None:
        technique = item.data(0, Qt.ItemDataRole.UserRole)
        if technique:
            self.open_technique(technique)

    def open_technique(self, technique: str) -> bool:
        """Open that technique's scenario for the compared guest in the window."""
        comparison = self.comparison
        scenario = comparison.scenario_for(technique) if comparison else None
        if scenario is None:
            return False
        self.controller.replace_session(Session(scenario))
        self.techniqueOpened.emit(technique)
        return True

    # ------------------------------------------------------------------ showing
    def _refresh_all(self) -> None:
        self._show_status()
        self._show_table()
        self.chart.relayout()

    def _show_status(self) -> None:
        c = self.comparison
        if c is None:
            self.status.setText("")
            return
        total = len(c.rows)
        if c.done:
            text = self.tr("%1 under native and %2 techniques: done.")
        else:
            current = c.current
            text = self.tr("%1 under native and %2 techniques: running %3 (%4 of %5)…") \
                .replace("%3", technique_label(current.technique)) \
                .replace("%4", str(c.rows.index(current) + 1)).replace("%5", str(total))
        self.status.setText(text.replace("%1", self.guest_name).replace("%2", str(total - 1)))

    def _build_rows(self) -> None:
        self._items = {}
        self._shown = {}
        for table in self.tables:
            table.clear()
        for row in self.comparison.rows:
            items = []
            for table, columns in zip(self.tables, self.TABLES):
                item = QTreeWidgetItem(table)
                item.setData(0, Qt.ItemDataRole.UserRole, row.technique)
                for col, full in enumerate(columns):
                    if 0 < full < self.COLUMNS - 2:
                        item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight
                                              | Qt.AlignmentFlag.AlignVCenter)
                items.append(item)
            self._items[row.technique] = items

    def _show_table(self) -> None:
        c = self.comparison
        if c is None or not self._items:
            return
        bold = theme.ui_font(9.5, bold=True)
        text_color = self.palette().color(QPalette.ColorRole.Text)
        for row in c.rows:
            label = technique_label(row.technique)
            state = row_state_text(row, self.guest_name)
            cells = [label] + (table_cells(row) if state is None else [])
            key = (tuple(cells), state)
            if self._shown.get(row.technique) == key:
                continue
            self._shown[row.technique] = key
            for item, columns in zip(self._items[row.technique], self.TABLES):
                item.setFirstColumnSpanned(state is not None)
                if state is not None:
                    item.setText(0, f"{label} — {state}")
                    item.setForeground(0, self.palette().color(
                        QPalette.ColorRole.PlaceholderText))
                    continue
                item.setForeground(0, text_color)
                for col, full in enumerate(columns):
                    item.setText(col, cells[full])
                    if full == self.EQUIVALENT:
                        color = (EQUIVALENT_COLOR if row.equivalent else DIFFERENT_COLOR
                                 if row.equivalent is False else None)
                        item.setForeground(col, QColor(color) if color else text_color)
                        item.setToolTip(col, equivalence_details(row))
                    elif full == self.EXITS and row.exits_by_cause:
                        item.setToolTip(col, ", ".join(f"{cause} {theme.fmt_int(n)}"
                                                       for cause, n in row.exits_by_cause.items()))
                if row.native:
                    item.setFont(0, bold)
        for table in self.tables:
            self._fit(table)

    def _fit(self, table: QTreeWidget) -> None:
        """Columns as wide as their texts (the last one stretches); the height of every row."""
        header = table.header()
        header.setStretchLastSection(True)
        head_fm = QFontMetricsF(header.font())
        cell_fm = QFontMetricsF(table.font())
        bold_fm = QFontMetricsF(theme.ui_font(9.5, bold=True))
        scale = theme.scale()
        items = [table.topLevelItem(i) for i in range(table.topLevelItemCount())]
        items = [item for item in items if not item.isFirstColumnSpanned()]
        for col in range(table.columnCount() - 1):
            width = max(head_fm.horizontalAdvance(line)
                        for line in table.headerItem().text(col).split("\n")) + 16 * scale
            for item in items:
                fm = bold_fm if col == 0 and item.font(0).bold() else cell_fm
                # the item's padding (6 px a side), the cell's margins, a little air
                width = max(width, fm.horizontalAdvance(item.text(col)) + (30 + 10 * (col == 0))
                            * scale)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, int(width))
        rows = table.topLevelItemCount()
        row_h = table.sizeHintForRow(0) if rows else 24
        scroll = table.horizontalScrollBar()
        extra = scroll.sizeHint().height() if scroll.maximum() > 0 else 0
        height = (header.sizeHint().height() + rows * max(row_h, 1) + 2 * table.frameWidth()
                  + extra + 4)
        if table.height() != height:
            table.setFixedHeight(height)

    # ------------------------------------------------------------------ for tests
    def shown_table(self) -> dict[str, list[str]]:
        """Technique -> the texts of its row's cells as displayed, in table_cells() order
        after the technique's name (a row still running shows its state in the first)."""
        out = {}
        for technique, items in self._items.items():
            cells = [""] * self.COLUMNS
            for item, columns in zip(items, self.TABLES):
                for col, full in enumerate(columns):
                    cells[full] = item.text(col)
            out[technique] = cells
        return out


__all__ = ["ComparisonPanel", "ComparisonChart", "table_cells", "equivalent_text"]
