"""The lab window: layer diagram in the centre, panels in docks, controls on top."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QPalette
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFileDialog, QLabel, QMainWindow,
                               QMessageBox, QStyle, QToolBar, QWidget)

from ..inputs import InputError
from ..scenario import available_scenarios
from . import i18n, theme
from .controller import MAX_SPEED, SPEEDS, SessionController
from .highlight import HighlightFrame
from .labels import technique_label
from .preferences import Preferences

# (module in vmlab.gui.panels, class, dock area, secondary?)  Secondary panels
# are hidden in presenter mode, to leave room for what the class looks at.
DOCKED_PANELS = (
    ("lesson", "LessonPanel", Qt.DockWidgetArea.LeftDockWidgetArea, False),
    ("code_view", "CodeViewPanel", Qt.DockWidgetArea.LeftDockWidgetArea, False),
    ("registers", "RegistersPanel", Qt.DockWidgetArea.RightDockWidgetArea, True),
    ("consoles", "ConsolesPanel", Qt.DockWidgetArea.BottomDockWidgetArea, False),
    ("traps", "TrapInspectorPanel", Qt.DockWidgetArea.BottomDockWidgetArea, True),
    ("timeline", "TimelinePanel", Qt.DockWidgetArea.BottomDockWidgetArea, True),
    ("memory", "MemoryPanel", Qt.DockWidgetArea.BottomDockWidgetArea, True),
    ("statistics", "StatisticsPanel", Qt.DockWidgetArea.BottomDockWidgetArea, True),
    ("comparison", "ComparisonPanel", Qt.DockWidgetArea.BottomDockWidgetArea, False),
)
# Default sizes (logical pixels) of the dock areas around the diagram.
LEFT_WIDTH, RIGHT_WIDTH, BOTTOM_HEIGHT = 440, 390, 230
PANEL_MINIMUM = (140, 90)   # small, so the window fits a 768-pixel-high screen
CENTRAL_PANEL = ("layer_diagram", "LayerDiagramPanel")
PRESENTER_SCALE = 1.6


def _load(module: str, cls: str):
    return getattr(importlib.import_module(f"vmlab.gui.panels.{module}"), cls)


class MainWindow(QMainWindow):
    presenterChanged = Signal(bool)

    def __init__(self, controller: SessionController, prefs: Preferences | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.prefs = prefs or Preferences()
        self.setObjectName("vmlab-main")
        self.panels: dict[str, QWidget] = {}
        self.docks: dict[str, QDockWidget] = {}
        self._secondary: set[str] = set()
        self._hidden_by_presenter: list[str] = []
        self._presenter = False
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        controller.changed.connect(self._refresh_status)
        controller.runningChanged.connect(self._on_running)
        controller.sessionReplaced.connect(self._on_session_replaced)
        controller.set_speed(self.prefs.speed if self.prefs.speed in SPEEDS else MAX_SPEED)
        self.highlight = HighlightFrame(self)
        lesson = self.panels.get("lesson")
        if lesson is not None:
            lesson.focusPanel.connect(self.highlight_panel)
            lesson.uiRequest.connect(self._lesson_request)
            lesson.openFailed.connect(
                lambda details: self.show_error(self.tr("This lesson cannot be opened"), details))
        self._restore_layout()
        self.retranslate()
        self._sync_pickers()
        self._refresh_status()
        if self.prefs.presenter:
            self.set_presenter(True)

    # ------------------------------------------------------------------ building
    def _build_central(self) -> None:
        cls = _load(*CENTRAL_PANEL)
        panel = cls(self.controller, self)
        self.panels[panel.panel_id] = panel
        self.setCentralWidget(panel)

    def _build_docks(self) -> None:
        self.setDockNestingEnabled(True)
        for module, cls_name, area, secondary in DOCKED_PANELS:
            panel = _load(module, cls_name)(self.controller)
            dock = QDockWidget(self)
            dock.setObjectName(f"dock-{panel.panel_id}")
            dock.setWidget(panel)
            self.addDockWidget(area, dock)
            self.panels[panel.panel_id] = panel
            self.docks[panel.panel_id] = dock
            if secondary:
                self._secondary.add(panel.panel_id)
        # Bottom panels as tabs keep the centre large.
        bottom = [self.docks[p] for p in ("consoles", "traps", "timeline", "memory",
                                          "statistics", "comparison") if p in self.docks]
        for first, other in zip(bottom, bottom[1:]):
            self.tabifyDockWidget(first, other)
        if bottom:
            bottom[0].raise_()
        for panel in self.panels.values():
            panel.setMinimumSize(*PANEL_MINIMUM)

    def _default_sizes(self) -> None:
        docks = self.docks
        left = [docks[p] for p in ("lesson", "code") if p in docks]
        if left:
            self.resizeDocks(left, [LEFT_WIDTH] * len(left), Qt.Orientation.Horizontal)
            self.resizeDocks(left, [600, 330][:len(left)], Qt.Orientation.Vertical)
        if "registers" in docks:
            self.resizeDocks([docks["registers"]], [RIGHT_WIDTH], Qt.Orientation.Horizontal)
        if "consoles" in docks:
            self.resizeDocks([docks["consoles"]], [BOTTOM_HEIGHT], Qt.Orientation.Vertical)

    def _action(self, key: str, slot, shortcut: str | None = None, icon=None,
                checkable: bool = False) -> QAction:
        action = QAction(self)
        action.setObjectName(key)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        c, sp = self.controller, QStyle.StandardPixmap
        a = self.actions_by_name = {}
        a["reset"] = self._action("reset", c.reset, "Ctrl+R", sp.SP_BrowserReload)
        a["step_back"] = self._action("step_back", c.step_back, "Shift+F10",
                                      sp.SP_MediaSeekBackward)
        a["back_trap"] = self._action("back_trap", c.back_to_previous_trap, "Shift+F8",
                                      sp.SP_MediaSkipBackward)
        a["step_cycle"] = self._action("step_cycle", c.step_cycle, "F11", sp.SP_ArrowRight)
        a["step_instruction"] = self._action("step_instruction", c.step_instruction, "F10",
                                             sp.SP_MediaSeekForward)
        a["next_trap"] = self._action("next_trap", c.run_to_next_trap, "F8",
                                      sp.SP_MediaSkipForward)
        a["run"] = self._action("run", c.toggle_run, "F5", sp.SP_MediaPlay)
        a["open_scenario"] = self._action("open_scenario", self.open_scenario_dialog, "Ctrl+O",
                                          sp.SP_DialogOpenButton)
        a["open_program"] = self._action("open_program", self.open_program_dialog,
                                         "Ctrl+Shift+O")
        a["quit"] = self._action("quit", self.close, "Ctrl+Q")
        a["presenter"] = self._action("presenter", self.set_presenter, "F12", checkable=True)
        a["base"] = self._action("base", self._toggle_base, "Ctrl+H", checkable=True)
        a["about"] = self._action("about", self._about)

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        for key in ("open_scenario", "open_program"):
            self.menu_file.addAction(a[key])
        self.menu_scenarios = self.menu_file.addMenu("")
        for name in available_scenarios():
            action = self.menu_scenarios.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.open_scenario(n))
        self.menu_file.addSeparator()
        self.menu_file.addAction(a["quit"])
        self.menu_sim = bar.addMenu("")
        for key in ("reset", None, "step_cycle", "step_instruction", "next_trap", "run", None,
                    "step_back", "back_trap"):
            self.menu_sim.addSeparator() if key is None else self.menu_sim.addAction(a[key])
        self.menu_speed = self.menu_sim.addMenu("")
        self.speed_group = QActionGroup(self)
        for speed in SPEEDS:
            action = self.menu_speed.addAction("")
            action.setCheckable(True)
            action.setData(speed)
            self.speed_group.addAction(action)
            action.triggered.connect(lambda _=False, s=speed: self.set_speed(s))
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(a["presenter"])
        self.menu_view.addAction(a["base"])
        self.menu_language = self.menu_view.addMenu("")
        self.language_group = QActionGroup(self)
        for code, name in (("en", "English"), ("ca", "Català")):
            action = self.menu_language.addAction(name)   # each language in its own name
            action.setCheckable(True)
            action.setData(code)
            action.setChecked(code == i18n.current_language())
            self.language_group.addAction(action)
            action.triggered.connect(lambda _=False, c=code: self.set_language(c))
        self.menu_view.addSeparator()
        for panel_id, dock in self.docks.items():
            self.menu_view.addAction(dock.toggleViewAction())
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(a["about"])

        tools = self.toolbar = QToolBar(self)
        tools.setObjectName("toolbar-controls")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
        self.addToolBar(tools)
        for key in ("reset", "step_back", "back_trap", "step_cycle", "step_instruction",
                    "next_trap", "run"):
            tools.addAction(a[key])
        tools.addSeparator()
        self.speed_label = QLabel(self)
        tools.addWidget(self.speed_label)
        self.speed_combo = QComboBox(self)
        self.speed_combo.setObjectName("speed")
        for speed in SPEEDS:
            self.speed_combo.addItem("", speed)
        self.speed_combo.activated.connect(
            lambda i: self.set_speed(self.speed_combo.itemData(i)))
        tools.addWidget(self.speed_combo)
        tools.addSeparator()
        self.scenario_label = QLabel(self)
        tools.addWidget(self.scenario_label)
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.setObjectName("scenario")
        self.scenario_combo.activated.connect(
            lambda i: self.open_scenario(self.scenario_combo.itemData(i)))
        tools.addWidget(self.scenario_combo)
        self.technique_label = QLabel(self)
        tools.addWidget(self.technique_label)
        self.technique_combo = QComboBox(self)
        self.technique_combo.setObjectName("technique")
        self.technique_combo.activated.connect(self._technique_chosen)
        tools.addWidget(self.technique_combo)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.status_cycle = QLabel(self)
        self.status_guest = QLabel(self)
        self.status_mode = QLabel(self)
        self.status_reason = QLabel(self)
        for label in (self.status_cycle, self.status_guest, self.status_mode):
            bar.addPermanentWidget(label)
        bar.addWidget(self.status_reason)

    # ------------------------------------------------------------------ text
    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("vmlab — virtualization lab"))
        names = {
            "reset": (self.tr("&Reset"), self.tr("Start the scenario again from power-on")),
            "step_back": (self.tr("Step &back"), self.tr("Undo the last step (travel back in time)")),
            "back_trap": (self.tr("Back to previous &trap"),
                          self.tr("Travel back to the previous trap or VM exit")),
            "step_cycle": (self.tr("Step &cycle"), self.tr("Advance exactly one clock cycle")),
            "step_instruction": (self.tr("Step &instruction"),
                                 self.tr("Advance one instruction of the running code")),
            "next_trap": (self.tr("&Next trap"), self.tr("Run until the next trap or VM exit")),
            "run": (self.tr("R&un"), self.tr("Run or pause")),
            "open_scenario": (self.tr("&Open scenario…"), self.tr("Open a scenario file (.toml)")),
            "open_program": (self.tr("Open &program…"),
                             self.tr("Run a VL32 program (.vl32) on the bare machine")),
            "quit": (self.tr("&Quit"), self.tr("Close vmlab")),
            "presenter": (self.tr("&Presenter mode"),
                          self.tr("Large fonts, high contrast, only the main panels")),
            "base": (self.tr("&Decimal values"), self.tr("Show values in decimal instead of hex")),
            "about": (self.tr("&About vmlab"), self.tr("About vmlab")),
        }
        for key, (text, tip) in names.items():
            action = self.actions_by_name[key]
            action.setText(text)
            action.setToolTip(f"{tip} ({action.shortcut().toString()})"
                              if not action.shortcut().isEmpty() else tip)
            action.setStatusTip(tip)
        self._update_run_action()
        self.menu_file.setTitle(self.tr("&File"))
        self.menu_scenarios.setTitle(self.tr("Shipped &scenarios"))
        self.menu_sim.setTitle(self.tr("&Simulation"))
        self.menu_speed.setTitle(self.tr("S&peed"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_language.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        for i, speed in enumerate(SPEEDS):
            text = self.speed_text(speed)
            self.speed_combo.setItemText(i, text)
            self.speed_group.actions()[i].setText(text)
        self.speed_label.setText(self.tr("Speed:"))
        self.scenario_label.setText(" " + self.tr("Scenario:"))
        self.technique_label.setText(" " + self.tr("Technique:"))
        for panel_id, dock in self.docks.items():
            dock.setWindowTitle(self.panels[panel_id].title())
        self._sync_pickers()
        self._refresh_status()

    def speed_text(self, speed: int) -> str:
        if speed == MAX_SPEED:
            return self.tr("maximum")
        if speed <= 20:
            return self.tr("%n cycles/s (slow motion)", "", speed)
        return self.tr("%n cycles/s", "", speed)

    def technique_text(self, technique: str) -> str:
        return technique_label(technique)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._fit_toolbar()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_toolbar()

    def _fit_toolbar(self) -> None:
        """Text under the buttons only where it leaves room for the pickers.

        In presenter mode, or when the window is too narrow for the buttons'
        text (1280 pixels in Catalan), the buttons show icons with tooltips, so
        the speed, scenario and technique pickers never slip into the toolbar's
        overflow menu.
        """
        tools = getattr(self, "toolbar", None)
        if tools is None:
            return
        icons = Qt.ToolButtonStyle.ToolButtonIconOnly
        if not getattr(self, "_presenter", False):
            tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            if tools.sizeHint().width() <= self.width():
                return
        tools.setToolButtonStyle(icons)

    # ------------------------------------------------------------------ status
    def _refresh_status(self) -> None:
        s = self.controller.session
        self.status_cycle.setText(self.tr("Cycle %1").replace("%1", theme.fmt_int(s.cycle)))
        activity = s.activity()
        if activity.layer == "guest":
            who = self.tr("Running: %1").replace("%1", activity.guest)
        elif activity.layer == "vmm":
            who = self.tr("Running: VMM (for %1)").replace("%1", activity.guest or "")
        elif activity.layer == "idle":
            who = self.tr("Running: idle")
        else:
            who = self.tr("Stopped")
        self.status_guest.setText(who)
        mode = self.tr("kernel mode") if s.cpu_mode == "kernel" else self.tr("user mode")
        self.status_mode.setText(self.tr("CPU: %1").replace("%1", mode))
        reason = self.controller.last_reason
        self.status_reason.setText(self.reason_text(reason) if reason else "")

    def reason_text(self, reason: str) -> str:
        return {"halt": self.tr("Stopped: halt"),
                "stalled": self.tr("Stopped: stalled (WFI with nothing to wake it)"),
                "breakpoint": self.tr("Stopped at a breakpoint"),
                "trap": self.tr("Stopped after a trap"),
                "cycle-limit": self.tr("Paused")}.get(reason, reason)

    def _on_running(self, running: bool) -> None:
        self._update_run_action()

    def _update_run_action(self) -> None:
        action = self.actions_by_name["run"]
        running = self.controller.running
        action.setText(self.tr("&Pause") if running else self.tr("R&un"))
        action.setIcon(self.style().standardIcon(
            QStyle.StandardPixmap.SP_MediaPause if running else QStyle.StandardPixmap.SP_MediaPlay))

    # ------------------------------------------------------------------ pickers
    def _sync_pickers(self) -> None:
        scenario = self.controller.session.scenario
        combo = self.scenario_combo
        combo.blockSignals(True)
        combo.clear()
        for name in available_scenarios():
            combo.addItem(name, name)
        if combo.findData(scenario.name) < 0:
            combo.addItem(scenario.name, str(scenario.path) if scenario.path else scenario.name)
        combo.setCurrentIndex(combo.findData(scenario.name)
                              if combo.findData(scenario.name) >= 0 else combo.count() - 1)
        combo.blockSignals(False)
        techniques = self.technique_combo
        techniques.blockSignals(True)
        techniques.clear()
        for t in self.controller.techniques_available():
            techniques.addItem(self.technique_text(t), t)
        techniques.setCurrentIndex(max(0, techniques.findData(scenario.technique)))
        techniques.blockSignals(False)
        index = self.speed_combo.findData(self.controller.speed)
        self.speed_combo.setCurrentIndex(max(0, index))
        for action in self.speed_group.actions():
            action.setChecked(action.data() == self.controller.speed)

    def _technique_chosen(self, index: int) -> None:
        self.controller.set_technique(self.technique_combo.itemData(index))

    def _on_session_replaced(self) -> None:
        self._sync_pickers()
        self.prefs.scenario = self.controller.session.scenario.name

    def set_speed(self, speed: int) -> None:
        self.controller.set_speed(speed)
        self.prefs.speed = speed
        self._sync_pickers()

    # ------------------------------------------------------------------ files
    def open_scenario(self, name_or_path: str) -> bool:
        try:
            self.controller.open_scenario(name_or_path)
        except (InputError, ValueError) as err:   # ValueError: a scenario that cannot start
            self.show_error(self.tr("This scenario cannot be opened"), str(err))
            self._sync_pickers()
            return False
        return True

    def open_program(self, path: str) -> bool:
        try:
            self.controller.open_program(path)
        except (InputError, ValueError) as err:
            self.show_error(self.tr("This program cannot be run"), str(err))
            return False
        return True

    def open_scenario_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open scenario"), "",
                                              self.tr("Scenarios (*.toml)"))
        if path:
            self.open_scenario(path)

    def open_program_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open program"), "",
                                              self.tr("VL32 programs (*.vl32 *.s *.asm)"))
        if path:
            self.open_program(path)

    def show_error(self, title: str, details: str) -> None:
        """A dialog naming the file and line; the running session is left intact."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, title, QMessageBox.StandardButton.Ok,
                          self)
        box.setObjectName("error-dialog")
        box.setInformativeText(details.splitlines()[0] if details else "")
        box.setDetailedText(details)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_error = details
        if self.testing_dialogs:
            box.setModal(False)
            box.show()
            self.last_error_box = box
        else:
            box.exec()

    testing_dialogs = False   # tests set it: dialogs open without blocking

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About vmlab"), self.tr(
            "<h3>vmlab</h3><p>A virtualization lab for operating-systems courses: the VL32 "
            "machine, a virtual machine monitor running two guest kernels, and lessons.</p>"))

    # ------------------------------------------------------------------ language and lessons
    def set_language(self, code: str) -> None:
        """Switch interface and lesson language live, and remember it."""
        i18n.set_language(code)
        self.prefs.language = i18n.current_language()
        for action in self.language_group.actions():
            action.setChecked(action.data() == i18n.current_language())

    def highlight_panel(self, panel_id: str) -> None:
        """Show a panel a lesson step points at, and frame it."""
        panel = self.panels.get(panel_id)
        if panel is None:
            return
        dock = self.docks.get(panel_id)
        if dock is not None:
            dock.show()
            dock.raise_()
        self.highlight.frame(panel, panel_id)

    def _lesson_request(self, kind: str, value) -> None:
        if kind == "open-panel":
            self.highlight_panel(value)
        elif kind == "set-speed":
            self.set_speed(MAX_SPEED if value == "max" else int(value))
        elif kind == "select-guest":
            code = self.panels.get("code")
            if code is not None and hasattr(code, "pin_guest"):
                code.pin_guest(value)
            comparison = self.panels.get("comparison")
            if comparison is not None and hasattr(comparison, "follow_guest"):
                comparison.follow_guest(value)

    def open_lesson(self, path) -> bool:
        lesson = self.panels.get("lesson")
        return lesson.open_lesson(path) if lesson is not None else False

    # ------------------------------------------------------------------ presenter mode
    def set_presenter(self, on: bool) -> None:
        on = bool(on)
        if on == self._presenter:
            return
        self._presenter = on
        self.prefs.presenter = on
        self.actions_by_name["presenter"].setChecked(on)
        from PySide6.QtWidgets import QApplication
        app = QApplication.instance()
        theme.set_scale(PRESENTER_SCALE if on else 1.0)
        app.setFont(theme.ui_font(10))
        self._fit_toolbar()
        if on:
            self._normal_palette = QPalette(app.palette())
            app.setPalette(theme.high_contrast_palette(app.palette()))
            self._hidden_by_presenter = [p for p in self._secondary
                                         if self.docks[p].isVisible()]
            for p in self._hidden_by_presenter:
                self.docks[p].hide()
            QTimer.singleShot(0, self._presenter_sizes)
        else:
            app.setPalette(getattr(self, "_normal_palette", app.style().standardPalette()))
            for p in self._hidden_by_presenter:
                self.docks[p].show()
            self._hidden_by_presenter = []
        for panel in self.panels.values():
            if hasattr(panel, "apply_style"):
                panel.apply_style()
        self.presenterChanged.emit(on)

    def _presenter_sizes(self) -> None:
        """Large fonts need a wider lesson column; the diagram keeps the centre."""
        left = [self.docks[p] for p in ("lesson", "code") if p in self.docks]
        if left:
            self.resizeDocks(left, [int(self.width() * 0.36)] * len(left),
                             Qt.Orientation.Horizontal)
            height = self.height()
            self.resizeDocks(left, [int(height * 0.5), int(height * 0.22)][:len(left)],
                             Qt.Orientation.Vertical)

    @property
    def presenter(self) -> bool:
        return self._presenter

    def _toggle_base(self, decimal: bool) -> None:
        self.prefs.number_base = "dec" if decimal else "hex"
        for panel in self.panels.values():
            if hasattr(panel, "set_number_base"):
                panel.set_number_base(self.prefs.number_base)

    # ------------------------------------------------------------------ layout
    def _restore_layout(self) -> None:
        geometry = self.prefs.geometry()
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1440, 900)
        state = self.prefs.dock_state()
        if state is None or not self.restoreState(state):
            QTimer.singleShot(0, self._default_sizes)
        decimal = self.prefs.number_base == "dec"
        self.actions_by_name["base"].setChecked(decimal)
        if decimal:
            QTimer.singleShot(0, lambda: self._toggle_base(True))

    def save_layout(self) -> None:
        if self._presenter:
            # Remember the classroom layout without the panels presenter mode hid.
            for p in self._hidden_by_presenter:
                self.docks[p].show()
        self.prefs.set_geometry(self.saveGeometry())
        self.prefs.set_dock_state(self.saveState())
        if self._presenter:
            for p in self._hidden_by_presenter:
                self.docks[p].hide()
        self.prefs.sync()

    def closeEvent(self, event) -> None:
        self.controller.pause()
        self.save_layout()
        super().closeEvent(event)
