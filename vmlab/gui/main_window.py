"""The lab window: layer diagram in the centre, panels in docks, controls on top."""

from __future__ import annotations

import importlib

from PySide6.QtCore import QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (QApplication, QComboBox, QDialog, QDialogButtonBox, QDockWidget,
                               QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressDialog, QStyle,
                               QStyleOptionComboBox, QTabBar, QTextBrowser, QToolBar,
                               QVBoxLayout, QWidget)

from ..inputs import InputError
from ..messages import render
from ..resources import data_dir
from ..scenario import available_scenarios
from . import i18n, labels, theme
from .controller import MAX_SPEED, SessionController, speed_choices, speed_label
from .guest_menu import add_guest_commands, add_snapshot_commands
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
    ("migration", "MigrationPanel", Qt.DockWidgetArea.BottomDockWidgetArea, False),
    ("taxonomy", "TaxonomyPanel", Qt.DockWidgetArea.BottomDockWidgetArea, True),
)
# Default sizes (logical pixels) of the dock areas around the diagram.
LEFT_WIDTH, RIGHT_WIDTH, BOTTOM_HEIGHT = 440, 390, 230
PANEL_MINIMUM = (140, 90)   # small, so the window fits a 768-pixel-high screen
CENTRAL_PANEL = ("layer_diagram", "LayerDiagramPanel")
PRESENTER_SCALE = 1.4        # 10-point text of 13 pixels becomes 19 (never under 18)
# Presenter mode: the lesson alone in a full-height column on the left, every other
# panel in the tabs under the diagram (raised when a lesson step points at it), so
# the diagram keeps the width of the window's centre.
PRESENTER_LESSON_WIDTH = 0.46      # of the window's width
PRESENTER_BOTTOM_HEIGHT = 0.42     # of the height under the toolbar, for code or a panel
NORMAL_MIN_PX = 11                 # large windows: no text under this, times the window factor
# Lesson mode (working alone): the lesson in a full-height column as wide as its
# question and a 20-line exercise editor need, every other panel in the tabs under
# the diagram (the one a step points at raised), at the normal text size.
LESSON_MODE_WIDTH = 0.45           # of the window's width
LESSON_MODE_MIN_WIDTH = 540        # logical pixels, times the window factor
LESSON_MODE_BOTTOM_HEIGHT = 0.45   # of the height under the toolbar


class FitComboBox(QComboBox):
    """A toolbar picker as wide as the choice it shows (its list as wide as the
    longest choice), so the toolbar keeps room for every picker at 1280 pixels."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        fm = self.fontMetrics()
        contents = QSize(fm.horizontalAdvance(self.currentText()) + 6, fm.height())
        return self.style().sizeFromContents(QStyle.ContentsType.CT_ComboBox, opt, contents, self)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def showPopup(self) -> None:
        view = self.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 2 * view.frameWidth()
                             + self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent))
        super().showPopup()


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
        self._normal_state = None        # the layout to go back to when presenter mode ends
        self._lesson_mode = False
        self._before_lesson = None       # the layout to go back to when lesson mode ends
        self._window_factor = None       # the window's text factor the docks are sized for
        self._styling = False
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        controller.changed.connect(self._refresh_status)
        controller.pauseProgress.connect(self._pause_progress)
        controller.pauseFinished.connect(self._pause_finished)
        controller.runningChanged.connect(self._on_running)
        controller.sessionReplaced.connect(self._on_session_replaced)
        controller.set_speed(self.prefs.speed)     # checked there; a new user: the classroom's
        self.highlight = HighlightFrame(self)
        consoles = self.panels.get("consoles")
        if consoles is not None and hasattr(consoles, "compactChanged"):
            consoles.compactChanged.connect(
                lambda: QTimer.singleShot(0, self, self._presenter_bottom))
        lesson = self.panels.get("lesson")
        if lesson is not None:
            lesson.focusPanel.connect(self.highlight_panel)
            lesson.uiRequest.connect(self._lesson_request)
            lesson.openFailed.connect(
                lambda details: self.show_error(self.tr("This lesson cannot be opened"), details))
        self._default_state = self.saveState()     # Restore default layout goes back to it
        self._restore_layout()
        self.retranslate()
        self._sync_pickers()
        self._refresh_status()
        if self.prefs.lesson_mode:           # as the student left it, their sizes too
            self._before_lesson = self.prefs.dock_state_before_lesson()
            self._enter_lesson_mode(keep_sizes=self.prefs.dock_state() is not None)
        if self.prefs.presenter:
            self.set_presenter(True)
        self._raise_migration()

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
            if hasattr(panel, "scenarioChosen"):     # the taxonomy's chips
                panel.scenarioChosen.connect(self.open_scenario)
        # Bottom panels as tabs keep the centre large.
        bottom = [self.docks[p] for p in ("consoles", "traps", "timeline", "memory",
                                          "statistics", "comparison", "migration",
                                          "taxonomy")
                  if p in self.docks]
        for first, other in zip(bottom, bottom[1:]):
            self.tabifyDockWidget(first, other)
        if bottom:
            bottom[0].raise_()
        for panel in self.panels.values():
            panel.setMinimumSize(*PANEL_MINIMUM)
        self._dock_fonts()

    def _dock_fonts(self) -> None:
        """Dock titles in the interface's font, at its size.

        A QDockWidget whose font is the application's paints its title in the
        platform's dock-title font, fixed when the dock was made (13 pixels at
        any window size, in presenter mode too).  A font of our own - the same,
        but for a style strategy nobody sees - makes it paint the title in it.
        """
        font = theme.ui_font()
        font.setStyleStrategy(QFont.StyleStrategy.PreferAntialias)
        for dock in self.docks.values():
            dock.setFont(font)

    def _default_sizes(self) -> None:
        """The docks' first sizes, as large as the text (window_factor) makes them."""
        docks = self.docks
        if self._presenter or self._lesson_mode:
            return
        f = theme.window_factor(self.width(), self.height())
        left = [docks[p] for p in ("lesson", "code") if p in docks]
        if left:
            self.resizeDocks(left, [int(LEFT_WIDTH * f)] * len(left), Qt.Orientation.Horizontal)
            self.resizeDocks(left, [600, 330][:len(left)], Qt.Orientation.Vertical)
        if "registers" in docks:
            self.resizeDocks([docks["registers"]], [int(RIGHT_WIDTH * f)],
                             Qt.Orientation.Horizontal)
        if "consoles" in docks:
            self.resizeDocks([docks["consoles"]], [int(BOTTOM_HEIGHT * f)],
                             Qt.Orientation.Vertical)

    def _hide_stale_tab_bars(self) -> None:
        """restoreState leaves the tab bar of presenter mode's bottom group on screen,
        over the restored one: a tab bar whose tabs are no group of docks now is hidden."""
        groups = []
        for dock in self.docks.values():
            if dock.isVisible() and not dock.isFloating():
                titles = {dock.windowTitle()} | {d.windowTitle()
                                                 for d in self.tabifiedDockWidgets(dock)}
                groups.append(titles)
        for bar in self.findChildren(QTabBar):
            if bar.parentWidget() is self and bar.isVisible():
                if {bar.tabText(i) for i in range(bar.count())} not in groups:
                    bar.hide()

    def _raised_bottom_dock(self) -> QDockWidget | None:
        """The bottom dock in view: the current tab of the bottom tabs, or the only one."""
        bottom = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()
                  and self.dockWidgetArea(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        for bar in self.findChildren(QTabBar):
            if bar.parentWidget() is not self or not bar.isVisible() or bar.currentIndex() < 0:
                continue
            title = bar.tabText(bar.currentIndex())
            raised = [d for d in bottom if d.windowTitle() == title]
            if raised:
                return raised[0]
        return bottom[0] if len(bottom) == 1 else None

    def _tab_bar_under(self, dock: QDockWidget) -> int:
        """The height of the tabs' bar under a tabbed dock: resizeDocks counts it in."""
        tabs = [bar for bar in self.findChildren(QTabBar)
                if bar.parentWidget() is self and bar.isVisible()
                and bar.geometry().top() >= dock.geometry().bottom()]
        return max((bar.height() for bar in tabs), default=0)

    def _scale_docks(self, ratio: float) -> None:
        """The text grew (or shrank) with the window: the side and bottom docks too."""
        if self._presenter or abs(ratio - 1) < 0.01:
            return
        area = self.dockWidgetArea
        shown = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()]
        for side in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea):
            docks = [d for d in shown if area(d) == side]
            if docks:
                self.resizeDocks(docks, [int(d.width() * ratio) for d in docks],
                                 Qt.Orientation.Horizontal)
        bottom = [d for d in shown if area(d) == Qt.DockWidgetArea.BottomDockWidgetArea]
        if bottom:
            self.resizeDocks(bottom[:1], [int(bottom[0].height() * ratio)
                                          + self._tab_bar_under(bottom[0])],
                             Qt.Orientation.Vertical)

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
        # For lesson authors: in the File menu, not on the student's lesson panel.
        a["open_lesson"] = self._action("open_lesson", self.open_lesson_dialog, "Ctrl+L")
        a["reload_lesson"] = self._action("reload_lesson", self.reload_lesson, "Ctrl+Shift+L")
        a["quit"] = self._action("quit", self.close, "Ctrl+Q")
        a["presenter"] = self._action("presenter", self.set_presenter, "F12", checkable=True)
        a["lesson_mode"] = self._action("lesson_mode", self.set_lesson_mode, "F7",
                                        checkable=True)
        a["default_layout"] = self._action("default_layout", self.restore_default_layout)
        a["base"] = self._action("base", self._toggle_base, "Ctrl+H", checkable=True)
        a["guide"] = self._action("guide", self.show_guide, "F1")
        a["shortcuts"] = self._action("shortcuts", self.show_shortcuts)
        a["about"] = self._action("about", self._about)

    def _build_menus_and_toolbar(self) -> None:
        a = self.actions_by_name
        bar = self.menuBar()
        self.menu_file = bar.addMenu("")
        for key in ("open_scenario", "open_program"):
            self.menu_file.addAction(a[key])
        self.menu_scenarios = self.menu_file.addMenu("")
        self.scenario_actions = {}
        for name in available_scenarios():
            action = self.menu_scenarios.addAction(name)
            action.triggered.connect(lambda _=False, n=name: self.open_scenario(n))
            self.scenario_actions[name] = action
        if "lesson" in self.panels:
            self.menu_file.addSeparator()
            self.menu_file.addAction(a["open_lesson"])
            self.menu_file.addAction(a["reload_lesson"])
        self.menu_file.addSeparator()
        self.menu_file.addAction(a["quit"])
        self.menu_sim = bar.addMenu("")
        for key in ("reset", None, "step_cycle", "step_instruction", "next_trap", "run", None,
                    "step_back", "back_trap"):
            self.menu_sim.addSeparator() if key is None else self.menu_sim.addAction(a[key])
        self.menu_speed = self.menu_sim.addMenu("")
        self.speed_group = QActionGroup(self)     # its actions: _sync_pickers
        self.menu_guests = bar.addMenu("")        # filled when it opens: fill_guests_menu
        self.menu_guests.aboutToShow.connect(self.fill_guests_menu)
        self.menu_view = bar.addMenu("")
        self.menu_view.addAction(a["lesson_mode"])
        self.menu_view.addAction(a["presenter"])
        self.menu_view.addAction(a["default_layout"])
        self.menu_view.addSeparator()
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
        self.menu_help.addAction(a["guide"])
        self.menu_help.addAction(a["shortcuts"])
        self.menu_help.addSeparator()
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
        self.picker_labels = [tools.addWidget(self.speed_label)]
        self.speed_combo = FitComboBox(self)
        self.speed_combo.setObjectName("speed")
        self.speed_combo.activated.connect(
            lambda i: self.set_speed(self.speed_combo.itemData(i)))
        tools.addWidget(self.speed_combo)
        tools.addSeparator()
        self.scenario_label = QLabel(self)
        self.picker_labels.append(tools.addWidget(self.scenario_label))
        self.scenario_combo = FitComboBox(self)
        self.scenario_combo.setObjectName("scenario")
        self.scenario_combo.activated.connect(
            lambda i: self.open_scenario(self.scenario_combo.itemData(i)))
        tools.addWidget(self.scenario_combo)
        self.technique_label = QLabel(self)
        self.picker_labels.append(tools.addWidget(self.technique_label))
        self.technique_combo = FitComboBox(self)
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
            # A clear gap between the fields: they never read as one sentence.
            label.setContentsMargins(14, 0, 14, 0)
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
            "open_lesson": (self.tr("Open &lesson…"),
                            self.tr("Open a lesson file (for lesson authors)")),
            "reload_lesson": (self.tr("Re&load lesson"), self.tr(
                "Read the lesson file again and check it (also one that failed to open)")),
            "quit": (self.tr("&Quit"), self.tr("Close vmlab")),
            "presenter": (self.tr("&Presenter mode"),
                          self.tr("Large fonts, high contrast, only the main panels")),
            "lesson_mode": (self.tr("Lesson la&yout"), self.tr(
                "Working alone: the lesson in a tall, wide column, the other panels in tabs "
                "under the diagram")),
            "default_layout": (self.tr("&Restore default layout"),
                               self.tr("Put every panel back where vmlab first places it")),
            "base": (self.tr("&Decimal values"), self.tr("Show values in decimal instead of hex")),
            "guide": (self.tr("User &guide"),
                      self.tr("The guide to the window, its panels and its controls")),
            "shortcuts": (self.tr("&Keyboard shortcuts"), self.tr("Every command's key")),
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
        for name, action in self.scenario_actions.items():
            # The scenario's title in the interface language, and its name to type or pick.
            action.setText(f"{labels.scenario_label(name)}  ({name})")
        self.menu_sim.setTitle(self.tr("&Simulation"))
        self.menu_speed.setTitle(self.tr("S&peed"))
        self.menu_guests.setTitle(self.tr("&Guests"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_language.setTitle(self.tr("&Language"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.speed_label.setText(self.tr("Speed:"))
        self.scenario_label.setText(" " + self.tr("Scenario:"))
        self.technique_label.setText(" " + self.tr("Technique:"))
        for label, combo in ((self.speed_label, self.speed_combo),
                             (self.scenario_label, self.scenario_combo),
                             (self.technique_label, self.technique_combo)):
            combo.setToolTip(label.text().strip().rstrip(":"))
        for panel_id, dock in self.docks.items():
            dock.setWindowTitle(self.panels[panel_id].title())
        self._sync_pickers()
        self._refresh_status()
        for dialog, fill in ((self.guide_dialog, self._fill_guide),
                             (self.shortcuts_dialog, self._fill_shortcuts)):
            if dialog is not None:
                fill(dialog)

    def fill_guests_menu(self) -> None:
        """The Guests menu: one submenu per guest with its lifecycle commands (Pause,
        Resume, Power off, Power on) and its snapshots (Take snapshot…, Take diff
        snapshot…, Restore snapshot…), enabled by what it can be given now."""
        menu = self.menu_guests
        menu.clear()
        session = self.controller.session
        for name in session.guest_names:
            if session.guest(name).process:       # kvm: no VM commands for a host process
                item = menu.addAction(self.tr("%1 (host process: no VM commands)")
                                      .replace("%1", name))
                item.setEnabled(False)
                continue
            sub = menu.addMenu(name)
            add_guest_commands(sub, self.controller, name)
            add_snapshot_commands(sub, self.controller, name, self)

    def _pause_progress(self, guest: str, waited: int, most: int) -> None:
        """Waiting for a guest on the CPU to pause (before a snapshot or a restore): a
        progress dialog with Cancel, shown if the wait lasts, and the status bar."""
        text = self.tr("Running until the VMM pauses %1… (%2 cycles)").replace(
            "%2", theme.fmt_int(waited)).replace("%1", guest)
        self.statusBar().showMessage(text)
        dialog = self.pause_dialog
        if dialog is None:
            dialog = self.pause_dialog = QProgressDialog(self)
            dialog.setObjectName("pause-progress")
            dialog.setWindowTitle(self.tr("Pausing a guest"))
            dialog.setMinimumDuration(400)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.canceled.connect(self.controller.cancel_pause_wait)
        dialog.setCancelButtonText(self.tr("Cancel"))
        dialog.setLabelText(text)
        dialog.setRange(0, most)
        dialog.setValue(min(waited, most))

    def _pause_finished(self, guest: str, paused: bool) -> None:
        self.statusBar().clearMessage()
        if self.pause_dialog is not None:
            dialog, self.pause_dialog = self.pause_dialog, None
            dialog.canceled.disconnect(self.controller.cancel_pause_wait)
            dialog.close()
            dialog.deleteLater()

    def show_info(self, title: str, text: str) -> None:
        """A small message (what a snapshot wrote); it never blocks a test."""
        box = QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("info-dialog")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.last_info = text
        if self.testing_dialogs:
            box.setModal(False)
            box.show()
            self.last_info_box = box
        else:
            box.exec()

    def speed_text(self, speed: int) -> str:
        return speed_label(speed)

    def technique_text(self, technique: str) -> str:
        return technique_label(technique)

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
            self._fit_toolbar()
        super().changeEvent(event)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._window_factor is None:       # the docks' sizes are for this size of text
            self._window_factor = theme.window_factor(self.width(), self.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_fonts()
        self._fit_toolbar()
        if self._presenter and event.oldSize().isValid() and event.oldSize() != event.size():
            QTimer.singleShot(0, self, self._presenter_sizes)
        elif (self._lesson_mode and event.oldSize().isValid()
              and event.oldSize().width() != event.size().width()):
            QTimer.singleShot(0, self, self._lesson_sizes)

    def _apply_fonts(self) -> None:
        """Text as large as the room needs: it grows with the window (13 pixels at
        1440x900, 16 at 1920x1080), and in presenter mode by PRESENTER_SCALE,
        never under theme.PRESENTER_MIN_PX there."""
        if self._styling:
            return
        factor = theme.window_factor(self.width(), self.height())
        if self.isVisible():
            old, self._window_factor = self._window_factor, factor
            if old is not None and old != factor:
                QTimer.singleShot(0, self, lambda: self._scale_docks(factor / old))
        if self._presenter:
            scale, least = factor * PRESENTER_SCALE, theme.PRESENTER_MIN_PX * factor
        else:
            scale, least = factor, (NORMAL_MIN_PX * factor if factor > 1 else 0.0)
        if (scale, least) == (theme.scale(), theme.min_pixels()):
            return
        self._styling = True
        try:
            theme.set_scale(scale, least)
            QApplication.instance().setFont(theme.ui_font())
            self._dock_fonts()
            for panel in self.panels.values():
                if hasattr(panel, "apply_style"):
                    panel.apply_style()
        finally:
            self._styling = False
        QTimer.singleShot(0, self, self._fit_toolbar)      # once the pickers have their new size

    def _fit_toolbar(self) -> None:
        """Text under the buttons only where it leaves room for the pickers.

        In presenter mode, or when the window is too narrow for the buttons'
        text (1280 pixels in Catalan), the buttons show icons with tooltips, so
        the speed, scenario and technique pickers never slip into the toolbar's
        overflow menu.
        """
        tools = getattr(self, "toolbar", None)
        if tools is None or not hasattr(self, "picker_labels"):
            return
        for action in self.picker_labels:
            action.setVisible(True)
        if not getattr(self, "_presenter", False):
            tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            if tools.sizeHint().width() <= self.width():
                return
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        if tools.sizeHint().width() <= self.width():
            return
        # Still too wide (presenter mode's large text, a long technique name): the
        # pickers lose their labels, which stay in their tooltips.
        for action in self.picker_labels:
            action.setVisible(False)

    # ------------------------------------------------------------------ status
    def _refresh_status(self) -> None:
        s = self.controller.session
        self.status_cycle.setText(self.tr("Cycle %1").replace("%1", theme.fmt_int(s.cycle)))
        # The shared vocabulary (labels.py): the same words as the layer diagram, the
        # registers and the consoles, so "paused" never sits beside "running".
        who = labels.on_cpu_label(s.activity(), s.under_vmm)
        self.status_guest.setText(who[:1].upper() + who[1:])
        mode = self.tr("kernel mode") if s.cpu_mode == "kernel" else self.tr("user mode")
        self.status_mode.setText(self.tr("CPU: %1").replace("%1", mode))
        self.status_reason.setText(self.reason_text(self.controller.last_reason))

    def reason_text(self, reason: str | None) -> str:
        """The machine's state in the status bar: running now, or why it stopped."""
        s = self.controller.session
        if self.controller.running:
            text = labels.run_state_label(labels.RunState.RUNNING)
        else:
            text = labels.stop_label(reason, s.under_vmm)
        return text[:1].upper() + text[1:]

    def _on_running(self, running: bool) -> None:
        self._update_run_action()
        self._refresh_status()

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
            # The name keeps the toolbar narrow; the title, in the interface language,
            # says what it is (and the File > Shipped scenarios menu shows both).
            combo.setItemData(combo.count() - 1, labels.scenario_label(name),
                              Qt.ItemDataRole.ToolTipRole)
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
        speed = self.controller.speed          # the presets, and a lesson's speed in its place
        self.speed_combo.clear()
        for action in self.speed_group.actions():
            self.menu_speed.removeAction(action)
            self.speed_group.removeAction(action)
            action.deleteLater()
        for value, text in speed_choices(speed):
            self.speed_combo.addItem(text, value)
            action = self.menu_speed.addAction(text)
            action.setCheckable(True)
            action.setChecked(value == speed)
            self.speed_group.addAction(action)
            action.triggered.connect(lambda _=False, s=value: self.set_speed(s))
        self.speed_combo.setCurrentIndex(self.speed_combo.findData(speed))
        QTimer.singleShot(0, self, self._fit_toolbar)      # a longer technique's name, say

    def _technique_chosen(self, index: int) -> None:
        self.controller.set_technique(self.technique_combo.itemData(index))

    def _on_session_replaced(self) -> None:
        self._sync_pickers()
        self.prefs.scenario = self.controller.session.scenario.name
        self._raise_migration()

    def _raise_migration(self) -> None:
        """A scenario that migrates a guest brings the migration panel's tab forward."""
        if "migration" in self.docks and self.controller.session.migration() is not None:
            self.docks["migration"].raise_()

    def set_speed(self, speed: int) -> None:
        self.controller.set_speed(speed)
        self.prefs.speed = speed
        self._sync_pickers()

    # ------------------------------------------------------------------ files
    def open_scenario(self, name_or_path: str) -> bool:
        try:
            self.controller.open_scenario(name_or_path)
        except (InputError, ValueError) as err:   # ValueError: a scenario that cannot start
            self.show_error(self.tr("This scenario cannot be opened"),
                            render(err, i18n.current_language()))
            self._sync_pickers()
            return False
        return True

    def open_program(self, path: str) -> bool:
        try:
            self.controller.open_program(path)
        except (InputError, ValueError) as err:
            self.show_error(self.tr("This program cannot be run"),
                            render(err, i18n.current_language()))
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
    pause_dialog: QProgressDialog | None = None
    guide_dialog: QDialog | None = None
    shortcuts_dialog: QDialog | None = None

    # ------------------------------------------------------------------ help
    @staticmethod
    def guide_path(lang: str | None = None):
        """The guide in the interface language (docs/guide.md, guide.ca.md), or None
        where it is not installed (a wheel carries no docs/)."""
        lang = lang or i18n.current_language()
        name = "guide.md" if lang == "en" else f"guide.{lang}.md"
        path = data_dir("docs") / name
        return path if path.is_file() else None

    def _text_dialog(self, name: str) -> QDialog:
        """A window beside the lab (never blocking it) with a text and Close."""
        dialog = QDialog(self)
        dialog.setObjectName(name)
        layout = QVBoxLayout(dialog)
        dialog.browser = QTextBrowser(dialog)
        dialog.browser.setOpenExternalLinks(True)
        layout.addWidget(dialog.browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.close)
        layout.addWidget(buttons)
        return dialog

    def show_guide(self) -> None:
        if self.guide_dialog is None:
            self.guide_dialog = self._text_dialog("guide-dialog")
            self.guide_dialog.resize(900, 700)
        self._fill_guide(self.guide_dialog)
        self.guide_dialog.show()
        self.guide_dialog.raise_()

    def _fill_guide(self, dialog: QDialog) -> None:
        dialog.setWindowTitle(self.tr("vmlab user guide"))
        path = self.guide_path()
        if path is not None:
            dialog.browser.setSearchPaths([str(path.parent)])   # its pictures
            dialog.browser.setMarkdown(path.read_text(encoding="utf-8"))
            _fit_pictures(dialog.browser, path.parent, 820)
        else:
            pointer = self.tr("The guide is not installed with this copy of vmlab. Read it in "
                              "the project's docs folder (docs/guide.md; in Catalan, "
                              "docs/guide.ca.md). The keys:")
            dialog.browser.setHtml(f"<p>{_html(pointer)}</p>" + self.shortcuts_html())

    def shortcuts(self) -> list[tuple[str, str]]:
        """(command, key) for every action with a key, as the menus name them."""
        rows = []
        for action in self.actions_by_name.values():
            key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            if key:
                rows.append((action.text().replace("&&", "\0").replace("&", "")
                             .replace("\0", "&"), key))
        return rows

    def panel_keys(self) -> list[tuple[str, str]]:
        """Keys a panel handles itself, while it has the keyboard focus."""
        return [
            (self.tr("Code: set or remove a breakpoint on the cursor's line"), "F9"),
            (self.tr("Timeline: zoom in, zoom out"), "+, −"),
            (self.tr("Timeline: the whole run"), QKeySequence(Qt.Key.Key_Home).toString(
                QKeySequence.SequenceFormat.NativeText)),
            (self.tr("Timeline: earlier, later"), "←, →"),
        ]

    def shortcuts_html(self) -> str:
        head = "".join(f"<th align='left'>{_html(text)}</th>"
                       for text in (self.tr("Command"), self.tr("Key")))

        def table(rows) -> str:
            body = "".join(f"<tr><td>{_html(name)}</td><td><b>{_html(key)}</b></td></tr>"
                           for name, key in rows)
            return f"<table cellpadding='4'><tr>{head}</tr>{body}</table>"
        in_panels = _html(self.tr("In the panels (while the panel has the keyboard focus):"))
        return table(self.shortcuts()) + f"<p>{in_panels}</p>" + table(self.panel_keys())

    def show_shortcuts(self) -> None:
        if self.shortcuts_dialog is None:
            self.shortcuts_dialog = self._text_dialog("shortcuts-dialog")
            self.shortcuts_dialog.resize(600, 720)
        self._fill_shortcuts(self.shortcuts_dialog)
        self.shortcuts_dialog.show()
        self.shortcuts_dialog.raise_()

    def _fill_shortcuts(self, dialog: QDialog) -> None:
        dialog.setWindowTitle(self.tr("Keyboard shortcuts"))
        dialog.browser.setHtml(self.shortcuts_html())

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
            if (self._presenter or self._lesson_mode) and panel_id in self._secondary:
                # The room (or the student) sees one extra panel at a time: the one the
                # step is about; in lesson mode the bottom tabs keep their names whole.
                for other in self._secondary - {panel_id}:
                    self.docks[other].hide()
            dock.show()
            dock.raise_()
        self.highlight.frame(panel, panel_id)
        if self._presenter:
            QTimer.singleShot(0, self, self._presenter_bottom)

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

    def open_lesson_dialog(self) -> None:
        lesson = self.panels.get("lesson")
        if lesson is not None:
            lesson.open_file_dialog()

    def reload_lesson(self) -> None:
        lesson = self.panels.get("lesson")
        if lesson is not None:
            lesson.reload()

    # ------------------------------------------------------------------ presenter mode
    def set_presenter(self, on: bool) -> None:
        """Presenter mode: large text, high contrast, the lesson in a full-height
        column, the code and consoles under the diagram, secondary panels put away
        until a lesson step points at one.  Leaving it gives the layout back as it was."""
        on = bool(on)
        if on == self._presenter:
            return
        app = QApplication.instance()
        if on:
            self._normal_state = self.saveState()
            self._normal_palette = QPalette(app.palette())
        self._presenter = on
        self.prefs.presenter = on
        self.actions_by_name["presenter"].setChecked(on)
        for key in ("lesson_mode", "default_layout"):      # the student's layout waits
            self.actions_by_name[key].setEnabled(not on)
        for panel in self.panels.values():
            if hasattr(panel, "set_presenter"):
                panel.set_presenter(on)
        if on:
            app.setPalette(theme.high_contrast_palette(app.palette()))
            self._hidden_by_presenter = [p for p in self._secondary
                                         if self.docks[p].isVisible()]
            for p in self._hidden_by_presenter:
                self.docks[p].hide()
            self._presenter_layout()
        else:
            app.setPalette(getattr(self, "_normal_palette", app.style().standardPalette()))
            self._set_corners()
            for dock in self.docks.values():
                bare = dock.titleBarWidget()
                dock.setTitleBarWidget(None)
                if bare is not None:
                    bare.deleteLater()
            # The text at its normal size first: the student's dock sizes are for it
            # (restored under presenter mode's large text, the docks' larger minimum
            # sizes would push them about).
            self._apply_fonts()
            state, self._normal_state = self._normal_state, None
            if state is None or not self.restoreState(state):
                for p in self._hidden_by_presenter:
                    self.docks[p].show()
            self._hidden_by_presenter = []
            self._hide_stale_tab_bars()
            QTimer.singleShot(0, self, self._hide_stale_tab_bars)
        self._apply_fonts()          # restyles every panel, in the palette just set
        self._fit_toolbar()
        if on:
            QTimer.singleShot(0, self, self._presenter_sizes)
        self.presenterChanged.emit(on)

    def _set_corners(self) -> None:
        """The lesson's column down the whole left side in presenter and lesson mode;
        otherwise the bottom panels run under it."""
        tall = self._presenter or self._lesson_mode
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea if tall
                       else Qt.DockWidgetArea.BottomDockWidgetArea)

    # ------------------------------------------------------------------ lesson mode
    @property
    def lesson_mode(self) -> bool:
        return self._lesson_mode

    def set_lesson_mode(self, on: bool) -> None:
        """Lesson mode, for a student working alone: the lesson in a full-height column
        wide enough for its question, feedback and a 20-line exercise editor; the other
        panels in tabs under the diagram, the one a step points at raised.  Leaving it
        gives back the layout the student had before."""
        on = bool(on)
        self.actions_by_name["lesson_mode"].setChecked(on)
        if on == self._lesson_mode or self._presenter:
            self.actions_by_name["lesson_mode"].setChecked(self._lesson_mode)
            return
        if on:
            self._before_lesson = self.saveState()
            self._enter_lesson_mode(keep_sizes=False)
        else:
            self._leave_lesson_mode()
            state, self._before_lesson = self._before_lesson, None
            if state is None or not self.restoreState(state):
                self._default_layout()
            self._hide_stale_tab_bars()
            QTimer.singleShot(0, self, self._hide_stale_tab_bars)

    def _enter_lesson_mode(self, keep_sizes: bool) -> None:
        self._lesson_mode = True
        self.prefs.lesson_mode = True
        self.actions_by_name["lesson_mode"].setChecked(True)
        lesson = self.panels.get("lesson")
        if lesson is not None and hasattr(lesson, "set_lesson_mode"):
            lesson.set_lesson_mode(True)
        self._set_corners()
        self._lesson_layout()
        self._hide_stale_tab_bars()
        QTimer.singleShot(0, self, self._hide_stale_tab_bars)
        if not keep_sizes:
            QTimer.singleShot(0, self, self._lesson_sizes)

    def _leave_lesson_mode(self) -> None:
        self._lesson_mode = False
        self.prefs.lesson_mode = False
        self.actions_by_name["lesson_mode"].setChecked(False)
        lesson = self.panels.get("lesson")
        if lesson is not None and hasattr(lesson, "set_lesson_mode"):
            lesson.set_lesson_mode(False)
        self._set_corners()

    def _lesson_layout(self) -> None:
        """The lesson alone on the left, every other docked panel (the code too) in
        the consoles' tabs under the diagram; floating and closed panels stay so.  Of
        the secondary panels only the one the lesson's step points at stays open (the
        others are a click away in the View menu), so every tab's name is whole."""
        consoles = self.docks.get("consoles")
        step = self._step_panel()
        for panel_id in self._secondary - {step}:
            self.docks[panel_id].hide()
        lesson = self.docks.get("lesson")
        if lesson is not None:
            lesson.setFloating(False)
            if self.dockWidgetArea(lesson) != Qt.DockWidgetArea.LeftDockWidgetArea:
                self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, lesson)
            lesson.show()
        if consoles is None:
            return
        shown = consoles.isVisible() or not consoles.isHidden()
        consoles.setFloating(False)
        if self.dockWidgetArea(consoles) != Qt.DockWidgetArea.BottomDockWidgetArea:
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, consoles)
        for panel_id, dock in self.docks.items():
            if panel_id in ("lesson", "consoles") or dock.isFloating():
                continue
            visible = not dock.isHidden()
            if dock not in self.tabifiedDockWidgets(consoles):
                self.tabifyDockWidget(consoles, dock)
            dock.setVisible(visible)
        consoles.setVisible(shown)
        if "code" in self.docks and not self.docks["code"].isHidden():
            self.docks["code"].raise_()

    def _step_panel(self) -> str | None:
        """The panel the open lesson's current step points at (None: no lesson, or none)."""
        lesson = self.panels.get("lesson")
        engine = getattr(lesson, "engine", None)
        return engine.step.panel if engine is not None else None

    def _lesson_sizes(self) -> None:
        """The lesson column as wide as the lesson needs, the bottom tabs under the
        diagram a fair share of the height."""
        if not self._lesson_mode or self._presenter:
            return
        f = theme.window_factor(self.width(), self.height())
        lesson = self.docks.get("lesson")
        if lesson is not None and lesson.isVisible() and not lesson.isFloating():
            width = max(int(self.width() * LESSON_MODE_WIDTH), int(LESSON_MODE_MIN_WIDTH * f))
            self.resizeDocks([lesson], [min(width, self.width() // 2)],
                             Qt.Orientation.Horizontal)
        dock = self._raised_bottom_dock()
        if dock is not None:
            room = self.centralWidget().height() + dock.height() + self._tab_bar_under(dock)
            self.resizeDocks([dock], [int(room * LESSON_MODE_BOTTOM_HEIGHT)],
                             Qt.Orientation.Vertical)

    def _default_layout(self) -> None:
        """Every panel where vmlab first places it, at its first size."""
        self.restoreState(self._default_state)
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        if "consoles" in self.docks:
            self.docks["consoles"].raise_()
        self._hide_stale_tab_bars()
        QTimer.singleShot(0, self, self._hide_stale_tab_bars)
        QTimer.singleShot(0, self, self._default_sizes)

    def restore_default_layout(self) -> None:
        """View → Restore default layout: lesson mode off, every panel back in place."""
        if self._presenter:
            return
        if self._lesson_mode:
            self._leave_lesson_mode()
        self._before_lesson = None
        self._default_layout()

    def _presenter_layout(self) -> None:
        """The lesson down the whole left side; every other panel joins the consoles'
        tabs under the diagram (the secondary ones stay hidden until a step shows one).
        The docks lose their title bars (the tabs and the lesson's picker name them),
        which leaves their height to the text."""
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        for dock in self.docks.values():
            bare = QWidget(dock)
            bare.setObjectName("presenter-no-title")
            dock.setTitleBarWidget(bare)
        consoles = self.docks.get("consoles")
        if consoles is not None:
            consoles.setFloating(False)
            if self.dockWidgetArea(consoles) != Qt.DockWidgetArea.BottomDockWidgetArea:
                self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, consoles)
            consoles.show()
            for panel_id, dock in self.docks.items():
                if panel_id in ("lesson", "consoles"):
                    continue
                dock.setFloating(False)
                self.tabifyDockWidget(consoles, dock)
                dock.setVisible(panel_id not in self._secondary)
        lesson = self.docks.get("lesson")
        if lesson is not None:
            lesson.setFloating(False)
            lesson.show()
        if "code" in self.docks:
            self.docks["code"].raise_()

    def _presenter_sizes(self) -> None:
        """Large text needs a wide lesson column; the diagram keeps the centre."""
        if not self._presenter:
            return
        if "lesson" in self.docks:
            self.resizeDocks([self.docks["lesson"]],
                             [int(self.width() * PRESENTER_LESSON_WIDTH)],
                             Qt.Orientation.Horizontal)
        self._presenter_bottom()

    def _presenter_bottom(self) -> None:
        """The bottom area as high as the raised panel wants: a short console
        compact, the code or another panel PRESENTER_BOTTOM_HEIGHT of the height."""
        if not self._presenter:
            return
        dock = self._raised_bottom_dock()
        if dock is None:
            return
        tab_bar = self._tab_bar_under(dock)
        room = self.centralWidget().height() + dock.height() + tab_bar
        height = int(room * PRESENTER_BOTTOM_HEIGHT)
        panel = dock.widget()
        if hasattr(panel, "compact_height"):
            title = dock.height() - panel.height()
            height = min(height, panel.compact_height() + title + tab_bar)
        self.resizeDocks([dock], [height], Qt.Orientation.Vertical)

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
            QTimer.singleShot(0, self, self._default_sizes)
        decimal = self.prefs.number_base == "dec"
        self.actions_by_name["base"].setChecked(decimal)
        if decimal:
            QTimer.singleShot(0, self, lambda: self._toggle_base(True))

    def save_layout(self) -> None:
        # In presenter mode, the layout the user had before it is the one to keep.
        self.prefs.set_geometry(self.saveGeometry())
        state = self._normal_state if self._presenter and self._normal_state is not None \
            else self.saveState()
        self.prefs.set_dock_state(state)
        self.prefs.set_dock_state_before_lesson(self._before_lesson if self._lesson_mode
                                                else None)
        self.prefs.sync()

    def closeEvent(self, event) -> None:
        self.controller.pause()
        self.save_layout()
        super().closeEvent(event)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _fit_pictures(browser: QTextBrowser, folder, width: int) -> None:
    """The guide's screenshots at most `width` pixels wide (they are 1920), keeping
    their proportions, so the guide reads without scrolling sideways."""
    from PySide6.QtGui import QImageReader, QTextCursor
    document = browser.document()
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                image = fmt.toImageFormat()
                size = QImageReader(str(folder / image.name())).size()
                if size.isValid() and size.width() > width:
                    image.setWidth(width)
                    image.setHeight(size.height() * width / size.width())
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(),
                                       QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image)
            it += 1
        block = block.next()
