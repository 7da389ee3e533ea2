"""The taxonomy: every shipped scenario placed by what it virtualizes and where the layer runs.

Columns are what is virtualized — the hardware (a whole machine), an operating
system (containers) or a language runtime or another instruction set (a
bytecode interpreter, an emulator); rows are where the virtualization layer
runs — in the hardware (type 0), on the bare machine (a type 1 VMM), inside a
general-purpose OS's kernel beside its processes (kvm), on a host OS (type 2), inside one kernel (containers), as a program (an interpreter),
or nowhere (a native baseline).  Each scenario is a chip in its cell: its
name, its title in the interface's language as the tooltip; a click asks the
window to open it (scenarioChosen, connected to MainWindow.open_scenario, the
path of File > Shipped scenarios).

Nothing here lists scenario names: placement() reads each scenario's data —
its technique in the registry (native, partitioned), its ``hosting`` and its
``family`` (docs/scenarios.md).  The scenarios are read the first time the
panel is shown, not when the window is built.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (QFrame, QGridLayout, QLabel, QLayout, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout, QWidget)

from ...inputs import InputError
from ...scenario import Scenario, available_scenarios, load_scenario, scenario_title, scenarios_dir
from .. import i18n, theme
from ..panel import Panel

# What is virtualized (the columns; Scenario.family's values)
HARDWARE, OS, LANGUAGE = "hardware", "os", "language"
FAMILIES = (HARDWARE, OS, LANGUAGE)
# Where the virtualization layer runs (the rows, top to bottom)
IN_HARDWARE, BARE, OS_KERNEL, HOST_OS, KERNEL, PROGRAM, NONE = (
    "in-hardware", "bare-machine", "os-kernel", "host-os", "one-kernel", "program", "none")
PLACES = (IN_HARDWARE, BARE, OS_KERNEL, HOST_OS, KERNEL, PROGRAM, NONE)


def placement(scenario: Scenario) -> tuple[str, str]:
    """(what it virtualizes, where the layer runs) of a scenario, from its data."""
    if scenario.family == OS:
        return OS, KERNEL                 # containers: the one kernel isolates them
    if scenario.family == LANGUAGE:
        return LANGUAGE, PROGRAM          # a VL32 program interprets another instruction set
    info = scenario.technique_info
    if info.partitioned:
        return HARDWARE, IN_HARDWARE      # type 0: the machine's own partitions
    if info.native:
        return HARDWARE, NONE             # the baseline: one kernel, no VMM
    if scenario.hosting == "type-2":
        return HARDWARE, HOST_OS
    if scenario.hosting == "kvm":
        return HARDWARE, OS_KERNEL        # in a general-purpose OS's kernel, beside processes
    return HARDWARE, BARE


@lru_cache(maxsize=128)
def _placed(name: str, stamp: int) -> tuple[str, str] | None:
    try:
        return placement(load_scenario(name))
    except (InputError, ValueError):      # opening it will say why
        return None


def shipped_placements() -> dict[str, tuple[str, str] | None]:
    """Each shipped scenario's placement (None for one that cannot be read)."""
    placed = {}
    for name in available_scenarios():
        try:
            stamp = (scenarios_dir() / f"{name}.toml").stat().st_mtime_ns
        except OSError:
            stamp = 0
        placed[name] = _placed(name, stamp)
    return placed


class FlowLayout(QLayout):
    """Widgets left to right, wrapping to a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items = []
        self._gap = spacing
        self.setContentsMargins(4, 4, 4, 4)

    def addItem(self, item) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x, y, line = area.x(), y + line + self._gap, 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


class TaxonomyPanel(Panel):
    panel_id = "taxonomy"
    scenarioChosen = Signal(str)          # a chip was clicked: the window opens that scenario

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.chips: dict[str, QPushButton] = {}
        self.cells: dict[tuple[str, str], QFrame] = {}
        self.placed: dict[str, tuple[str, str] | None] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        layout.addWidget(self.scroll)
        self.body = QWidget()
        self.body.setObjectName("taxonomy-body")
        self.scroll.setWidget(self.body)
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(8, 6, 8, 6)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(6)
        self.intro = QLabel(self.body)
        self.intro.setObjectName("taxonomy-intro")
        self.intro.setWordWrap(True)
        self.grid.addWidget(self.intro, 0, 0, 1, 1 + len(FAMILIES))
        self.column_heads = {f: self._head(f"taxonomy-column-{f}") for f in FAMILIES}
        self.row_heads = {p: self._head(f"taxonomy-row-{p}") for p in PLACES}
        for c, family in enumerate(FAMILIES, start=1):
            self.grid.addWidget(self.column_heads[family], 1, c)
        for r, place in enumerate(PLACES, start=2):
            self.grid.addWidget(self.row_heads[place], r, 0)
            for c, family in enumerate(FAMILIES, start=1):
                cell = QFrame(self.body)
                cell.setObjectName(f"taxonomy-cell-{family}-{place}")
                cell.setFrameShape(QFrame.Shape.StyledPanel)
                cell.setLayout(FlowLayout(spacing=4))
                cell.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
                self.cells[(family, place)] = cell
                self.grid.addWidget(cell, r, c)
        self.grid.setColumnStretch(0, 2)
        self.grid.setColumnStretch(1, 5)
        self.grid.setColumnStretch(2, 2)
        self.grid.setColumnStretch(3, 2)
        self.grid.setRowStretch(2 + len(PLACES), 1)
        self._built = False
        self._current = None
        self.apply_style()
        self.retranslate()

    def _head(self, name: str) -> QLabel:
        label = QLabel(self.body)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def title(self) -> str:
        return self.tr("Taxonomy")

    # ------------------------------------------------------------------ building
    def build(self) -> None:
        """Read every shipped scenario and put its chip in its cell (once)."""
        if self._built:
            return
        self._built = True
        self.placed = shipped_placements()
        for name, where in self.placed.items():
            if where is None:
                continue
            family, place = where
            cell = self.cells[(family, place)]
            chip = QPushButton(name, cell)
            chip.setObjectName(f"taxonomy-chip-{name}")
            chip.setCheckable(True)
            chip.setCursor(Qt.CursorShape.PointingHandCursor)
            chip.setFont(theme.ui_font(9))
            chip.clicked.connect(lambda _=False, n=name: self.choose(n))
            cell.layout().addWidget(chip)
            self.chips[name] = chip
        self._tooltips()
        self._mark_current()
        self.body.updateGeometry()

    def choose(self, name: str) -> None:
        """Ask the window to open the scenario name (the chip stays as the session says)."""
        self.scenarioChosen.emit(name)
        self._current = None
        self._mark_current()

    def cell_of(self, name: str) -> tuple[str, str] | None:
        """(column, row) of the cell whose chip is name, from the widgets shown."""
        chip = self.chips.get(name)
        if chip is None:
            return None
        for key, cell in self.cells.items():
            if chip.parent() is cell:
                return key
        return None

    # ------------------------------------------------------------------ text
    def apply_style(self) -> None:
        self.intro.setFont(theme.ui_font(9.5))
        for label in (*self.column_heads.values(), *self.row_heads.values()):
            label.setFont(theme.ui_font(9.5))
        for chip in self.chips.values():
            chip.setFont(theme.ui_font(9))
        for cell in self.cells.values():
            cell.setAutoFillBackground(True)
            palette = cell.palette()
            palette.setColor(QPalette.ColorRole.Window,
                             self.palette().color(QPalette.ColorRole.AlternateBase))
            cell.setPalette(palette)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.PaletteChange):
            self.apply_style()

    def retranslate(self) -> None:
        self.intro.setText(self.tr(
            "Every scenario, placed by what it virtualizes (the columns) and by where the "
            "virtualization layer runs (the rows). Click one to open it."))
        columns = {
            HARDWARE: (self.tr("The hardware"),
                       self.tr("a whole machine: a VMM, type 0, or the native baseline")),
            OS: (self.tr("An operating system"),
                 self.tr("containers: isolated groups of processes")),
            LANGUAGE: (self.tr("A language runtime or another instruction set"),
                       self.tr("a bytecode interpreter, an emulator")),
        }
        for family, (head, what) in columns.items():
            self.column_heads[family].setText(f"<b>{head}</b><br><small>{what}</small>")
        rows = {
            IN_HARDWARE: (self.tr("In the hardware"), self.tr("type 0: partitions")),
            BARE: (self.tr("On the bare machine"), self.tr("type 1 VMM")),
            OS_KERNEL: (self.tr("Inside a general-purpose OS"),
                        self.tr("type 1 too: Linux with kvm")),
            HOST_OS: (self.tr("On a host OS"), self.tr("type 2 VMM")),
            KERNEL: (self.tr("Inside one kernel"), self.tr("containers")),
            PROGRAM: (self.tr("As a program"), self.tr("interpreter or emulator")),
            NONE: (self.tr("No layer"), self.tr("native baseline")),
        }
        for place, (head, what) in rows.items():
            self.row_heads[place].setText(f"<b>{head}</b><br><small>{what}</small>")
        self._tooltips()

    def _tooltips(self) -> None:
        lang = i18n.current_language()
        for name, chip in self.chips.items():
            title = scenario_title(name, lang)
            chip.setToolTip(title)
            chip.setAccessibleName(f"{name}: {title}")

    # ------------------------------------------------------------------ refresh
    def refresh(self) -> None:
        self.build()
        self._mark_current()

    def on_session_replaced(self) -> None:
        self._current = None
        if self._built:
            self._mark_current()

    def _mark_current(self) -> None:
        name = self.session.scenario.name
        if name == self._current:
            return
        self._current = name
        for chip_name, chip in self.chips.items():
            chip.setChecked(chip_name == name)
