"""GUI test fixtures: offscreen Qt, shipped fonts, isolated settings, sessions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from vmlab.gui import theme
from vmlab.gui.controller import SessionController
from vmlab.gui.preferences import Preferences
from vmlab.scenario import load_scenario
from vmlab.session import Session


@pytest.fixture(autouse=True)
def _private_data(tmp_path, monkeypatch):
    """Lesson progress goes to a temporary folder, never the user's."""
    monkeypatch.setenv("VMLAB_DATA_DIR", str(tmp_path / "vmlab-data"))


@pytest.fixture(autouse=True)
def _fonts_and_scale(qapp):
    """Each test starts with normal fonts and palette, whatever the last one did."""
    from PySide6.QtGui import QPalette
    theme.load_fonts()
    palette = QPalette(qapp.palette())
    theme.set_scale(1.0)
    qapp.setFont(theme.ui_font(10))
    yield
    theme.set_scale(1.0)
    qapp.setFont(theme.ui_font(10))
    qapp.setPalette(palette)


@pytest.fixture
def prefs(tmp_path):
    """Preferences in a private ini file: tests never touch the user's settings."""
    return Preferences(QSettings(str(tmp_path / "vmlab.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def make_controller():
    def make(scenario: str = "two-guests") -> SessionController:
        return SessionController(Session(load_scenario(scenario)))
    return make


@pytest.fixture
def show_panel(qtbot, make_controller):
    """Show one panel on a scenario (or a given controller); returns (controller, panel)."""
    def show(cls, scenario: str = "two-guests", size=(800, 600),
             controller: SessionController | None = None):
        controller = controller or make_controller(scenario)
        panel = cls(controller)
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        qtbot.waitExposed(panel)
        return controller, panel
    return show


@pytest.fixture
def main_window(qtbot, prefs, make_controller):
    """The whole window on the two-guests scenario (dialogs never block)."""
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("two-guests"), prefs)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    return window
