"""Comparison: one guest kernel under native and each technique, side by side.

The figures are vmlab.compare's (the same as `vmlab compare`): a bar of host
cycles per technique, split into the guest's own cycles and the VMM's, with
the native run marked; and a table with the overhead, exits, system calls,
context switches, each technique's own work and whether the run was
equivalent to native.  The runs are headless and short; they advance a
little at every tick of a timer, so the window never freezes, and the rows
fill in as they complete.  A click on a technique (bar or row) opens its
scenario for that guest in the window.

It follows what the window is about: the guest kernel it compares is the one
the window's scenario runs (a paravirtual port stands for its kernel:
alpha-pv -> alpha), or the guest a lesson step selects, so a lesson that
loads syscaller's scenario finds syscaller compared.  The comparison changes
only when that kernel changes (a reset, or opening a technique from the
table, keeps it, and so keeps a kernel the student chose in the list); while
the panel is hidden it waits to be shown before it runs.  Comparisons that
finished are kept, so going back to a kernel shows it at once.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFontMetricsF, QPalette
from PySide6.QtWidgets import (QComboBox, QFrame, QHBoxLayout, QHeaderView, QLabel, QScrollArea,
                               QSizePolicy, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...compare import PV_SUFFIX, Comparison, available_guests, resolve_guest
from ...session import Session
from .. import theme
from ..labels import technique_label
from ..panel import Panel
from .comparison_chart import (ComparisonChart, equivalence_details, equivalent_text,
                               own_work_text, row_state_text, table_cells)

TICK_MS = 5                 # pause between two pieces of work, for the event loop
TICK_BUDGET_S = 0.025       # simulation time per tick
DEFAULT_GUEST = "alpha"
EQUIVALENT_COLOR = "#1f9d55"
DIFFERENT_COLOR = "#d62828"
LABEL_WIDTH = 230           # a technique's name longer than this (pixels) takes two lines
EQUIVALENT_WIDTH = 120      # the "Equivalent" cell's list of differences breaks at this width


def _two_lines(text: str, fm: QFontMetricsF, width: float) -> str:
    """text, broken at the space nearest its middle if it is wider than width."""
    if fm.horizontalAdvance(text) <= width or " " not in text:
        return text
    middle = len(text) / 2
    cut = min((i for i, c in enumerate(text) if c == " "), key=lambda i: abs(i - middle))
    return text[:cut] + "\n" + text[cut + 1:]


def _list_lines(text: str, fm: QFontMetricsF, width: float) -> str:
    """A comma-separated list broken into lines no wider than width (where it can be:
    a line always holds at least one item), nothing left out."""
    parts = text.split(", ")
    lines = [parts[0]]
    for part in parts[1:]:
        joined = lines[-1] + ", " + part
        if fm.horizontalAdvance(joined) <= width:
            lines[-1] = joined
        else:
            lines[-1] += ","
            lines.append(part)
    return "\n".join(lines)


class ComparisonPanel(Panel):
    panel_id = "comparison"

    COLUMNS = 12                 # the technique, then table_cells()
    # Two tables, stacked, so each fits a projector's width: the cycles; where the VMM works.
    TABLES = ((0, 1, 2, 3, 4, 11), (0, 5, 6, 7, 8, 9))
    EXITS, OWN_WORK, EQUIVALENT = 5, 10, 11   # the technique's own work: lines under them
    comparisonFinished = Signal()
    techniqueOpened = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.comparison: Comparison | None = None
        self.guest_name = ""
        self._finished: dict[str, Comparison] = {}    # guest -> its finished comparison
        self._followed = self.scenario_guest()        # the kernel the window is about
        self._pending: str | None = None              # to compare when next shown
        self._items: dict[str, list[QTreeWidgetItem]] = {}   # technique -> its item per table
        self._shown: dict[str, tuple] = {}
        self._own_work_shown: dict[str, str] = {}
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
            table.setUniformRowHeights(False)       # a long technique name takes two lines
            table.setColumnCount(len(columns))
            table.setSelectionMode(QTreeWidget.SelectionMode.SingleSelection)
            table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            table.setCursor(Qt.CursorShape.PointingHandCursor)
            table.itemClicked.connect(lambda item, _col: self._item_chosen(item))
            table.itemActivated.connect(lambda item, _col: self._item_chosen(item))
            layout.addWidget(table)
            self.tables.append(table)
        self.own_work = QLabel(content)       # one line per technique that reports some
        self.own_work.setObjectName("comparison-own-work")
        self.own_work.setWordWrap(True)
        self.own_work.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.own_work)
        self.hint = QLabel(content)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        layout.addStretch(1)
        self.scroll.setWidget(content)
        self.content = content

    def title(self) -> str:
        return self.tr("Comparison")

    def apply_style(self) -> None:
        for table in self.tables:
            table.setFont(theme.ui_font(9.5))
            table.header().setFont(theme.ui_font(9, bold=True))
            table.header().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft
                                               | Qt.AlignmentFlag.AlignVCenter)
            table.setStyleSheet("QTreeWidget::item { padding: 2px 6px; }")
        for widget in (self.guest_label, self.guest_combo, self.status, self.own_work,
                       self.hint):
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
                        "entry back, and its work outside exits (translating, callouts)"),
                self.tr("How much longer than on the bare machine: (host cycles − native host "
                        "cycles) / native host cycles"),
                self.tr("VM exits; hover over a number to see them by cause"),
                self.tr("SYSCALL traps the guest kernel took"),
                self.tr("VMM cycles spent on system calls (the SYSCALL’s exit and the VMM’s "
                        "work for the kernel while it serves one) per system call"),
                self.tr("Writes of BASE by the guest kernel: it loads another process’s memory "
                        "window"),
                self.tr("VMM cycles spent writing BASE or BOUND (exits, callouts, hypercalls), "
                        "per context switch"),
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
        if self._pending is not None or self.comparison is None:
            self.compare(self._pending or self._default_guest())

    def _default_guest(self) -> str:
        known = available_guests()
        return self._followed or (DEFAULT_GUEST if DEFAULT_GUEST in known else known[0])

    def scenario_guest(self, guest: str | None = None) -> str | None:
        """The shipped kernel the window's scenario runs: that of its guest called `guest`,
        or of its first guest that runs one (None: none does).  A paravirtual port
        stands for its kernel, whose comparison has the port's row."""
        known = available_guests()
        for g in self.session.scenario.guests:
            if guest is not None and g.name != guest:
                continue
            stem = g.program_path.stem
            if stem.endswith(PV_SUFFIX) and stem[:-len(PV_SUFFIX)] in known:
                stem = stem[:-len(PV_SUFFIX)]
            if stem in known:
                return stem
        return None

    def on_session_replaced(self) -> None:
        """Another scenario: compare its kernel if it is another one."""
        guest = self.scenario_guest()
        if guest is not None and guest != self._followed:
            self._follow(guest)

    def follow_guest(self, name: str) -> None:
        """A lesson selected the window's guest `name`: compare its kernel."""
        guest = self.scenario_guest(name)
        if guest is not None:
            self._follow(guest)

    def _follow(self, guest: str) -> None:
        self._followed = guest
        if self.comparison is not None and self.guest_name == guest:
            self._pending = None
        elif self.isVisible():
            self.compare(guest)
        else:
            self._pending = guest        # no runs in the background for a hidden panel

    def compare(self, guest: str) -> None:
        """Start comparing `guest` (a shipped kernel): the rows fill in as runs complete.

        A kernel compared to the end before is shown again at once."""
        self._timer.stop()
        self._pending = None
        finished = self._finished.get(guest)
        self.comparison = finished if finished is not None else Comparison(resolve_guest(guest))
        self.guest_name = self.comparison.guest.name
        index = self.guest_combo.findData(guest)
        if index >= 0:
            self.guest_combo.setCurrentIndex(index)
        self._build_rows()
        self._refresh_all()
        if finished is None:
            self._timer.start()

    def _tick(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        done = comparison.step(TICK_BUDGET_S)
        self._refresh_all()
        if done:
            self._finished[self.guest_name] = comparison
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
            shown = list(cells)
            if state is None:   # a long name takes two lines: the tables stay narrow
                shown[0] = _two_lines(label, QFontMetricsF(bold if row.native else
                                                            self.tables[0].font()),
                                      LABEL_WIDTH * theme.scale())
                shown[self.EQUIVALENT] = _list_lines(cells[self.EQUIVALENT],
                                                     QFontMetricsF(self.tables[0].font()),
                                                     EQUIVALENT_WIDTH * theme.scale())
            for item, columns in zip(self._items[row.technique], self.TABLES):
                item.setFirstColumnSpanned(state is not None)
                if state is not None:
                    item.setText(0, f"{label} — {state}")
                    item.setForeground(0, self.palette().color(
                        QPalette.ColorRole.PlaceholderText))
                    continue
                item.setForeground(0, text_color)
                for col, full in enumerate(columns):
                    item.setText(col, shown[full])
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
        self._show_own_work()

    def _show_own_work(self) -> None:
        """What the techniques report of their own work, one line each, wrapped as needed."""
        lines = []
        self._own_work_shown = {}
        for row in self.comparison.rows:
            text = own_work_text(row) if row.status == "done" else "—"
            if text != "—":
                self._own_work_shown[row.technique] = text
                lines.append(f"<b>{html.escape(technique_label(row.technique))}</b>: "
                             f"{html.escape(text)}")
        text = "<br>".join(lines)
        if self.own_work.text() != text:
            self.own_work.setText(text)
        self.own_work.setVisible(bool(lines))

    def _fit(self, table: QTreeWidget) -> None:
        """Columns as wide as their texts; the height of every row."""
        header = table.header()
        header.setStretchLastSection(False)
        head_fm = QFontMetricsF(header.font())
        cell_fm = QFontMetricsF(table.font())
        bold_fm = QFontMetricsF(theme.ui_font(9.5, bold=True))
        scale = theme.scale()
        items = [table.topLevelItem(i) for i in range(table.topLevelItemCount())]
        items = [item for item in items if not item.isFirstColumnSpanned()]
        for col in range(table.columnCount()):
            width = max(head_fm.horizontalAdvance(line)
                        for line in table.headerItem().text(col).split("\n")) + 16 * scale
            for item in items:
                fm = bold_fm if col == 0 and item.font(0).bold() else cell_fm
                # the item's padding (6 px a side), the cell's margins, a little air
                widest = max(fm.horizontalAdvance(line) for line in item.text(col).split("\n"))
                width = max(width, widest + (30 + 10 * (col == 0)) * scale)
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, int(width))
        table.setMaximumWidth(header.length() + 2 * table.frameWidth())   # hug the columns
        self._fit_height(table)

    def _fit_height(self, table: QTreeWidget) -> None:
        """Every row shown, and room for the scroll bar when the panel is narrower."""
        header = table.header()
        rows = table.topLevelItemCount()
        margins = self.content.layout().contentsMargins()
        room = self.scroll.viewport().width() - margins.left() - margins.right()
        wide = header.length() + 2 * table.frameWidth() > room
        extra = table.horizontalScrollBar().sizeHint().height() if wide else 0
        height = (header.sizeHint().height() + sum(max(table.sizeHintForRow(i), 1)
                                                   for i in range(rows))
                  + 2 * table.frameWidth() + extra + 4)
        if table.height() != height:
            table.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        for table in self.tables:
            self._fit_height(table)

    # ------------------------------------------------------------------ for tests
    def shown_table(self) -> dict[str, list[str]]:
        """Technique -> the texts of its row's cells as displayed, in table_cells() order
        after the technique's name (a row still running shows its state in the first)."""
        out = {}
        for technique, items in self._items.items():
            cells = [""] * self.COLUMNS
            for item, columns in zip(items, self.TABLES):
                for col, full in enumerate(columns):
                    cells[full] = item.text(col).replace(",\n", ", ").replace("\n", " ")
            row = self.comparison.row(technique)
            if row.status == "done":            # shown in the lines under the tables
                cells[self.OWN_WORK] = self._own_work_shown.get(technique, "—")
            out[technique] = cells
        return out


__all__ = ["ComparisonPanel", "ComparisonChart", "table_cells", "equivalent_text"]
