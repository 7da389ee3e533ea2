"""Open the lab window: check the display, set up Qt, fonts and language."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

# Libraries Qt's X11 platform plugin loads; missing ones make Qt abort, so we
# name them first.  (Debian/Ubuntu package names in the message.)
_XCB_LIBRARIES = {
    "xcb-cursor": "libxcb-cursor0", "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1", "xcb-image": "libxcb-image0",
    "xcb-render-util": "libxcb-render-util0", "xkbcommon-x11": "libxkbcommon-x11-0",
}


def display_problem() -> str | None:
    """Why no window can open here, or None if one can."""
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return ("no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Run vmlab on "
                "a desktop, or use the command line: 'vmlab --help'")
    if os.environ.get("WAYLAND_DISPLAY"):
        return None
    missing = [package for lib, package in _XCB_LIBRARIES.items()
               if not ctypes.util.find_library(lib)]
    if missing:
        return ("Qt needs these system libraries to open a window on X11: "
                f"{', '.join(missing)} (Debian/Ubuntu: sudo apt install {' '.join(missing)})")
    return None


def _quiet_offscreen(mode, context, message) -> None:
    """Qt's offscreen platform warns about window hints it cannot honour; drop that."""
    if "This plugin does not support" in message:
        return
    sys.stderr.write(message + "\n")


def create_application():
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from .theme import load_fonts, ui_font
    if os.environ.get("QT_QPA_PLATFORM", "").startswith("offscreen"):
        qInstallMessageHandler(_quiet_offscreen)
    app = QApplication.instance()
    if app is None:
        app = QApplication([sys.argv[0] if sys.argv else "vmlab"])
    app.setApplicationName("vmlab")
    app.setOrganizationName("vmlab")
    load_fonts()
    app.setFont(ui_font(10))
    return app


def launch(scenario: str | None = None, lesson: str | None = None,
           lang: str | None = None) -> int:
    """Open the window: on a lesson (the first of the course by default) or a scenario.

    A lesson or scenario named on the command line is read, checked and started
    before the window opens: if it cannot be used, the message is printed and
    the exit code is 2 (UserError), never a window that fails to appear.
    """
    from ..cli.errors import UserError
    from ..inputs import InputError
    from ..lessons.loader import find_lesson, load_lesson, shipped_lessons
    from ..scenario import load_scenario
    from ..session import Session
    lesson_path = None
    try:
        if lesson:
            lesson_path = find_lesson(lesson)
            load_lesson(lesson_path)
        session = Session(load_scenario(scenario or "two-guests"))
    except (InputError, ValueError) as err:     # ValueError: a scenario that cannot start
        from ..cli.errors import message_language
        from ..messages import render
        raise UserError(render(err, lang or message_language())) from None
    # After the inputs: a bad file is worth saying even where no window can open.
    problem = display_problem()
    if problem:
        raise UserError(problem)
    if lesson_path is None and scenario is None:
        course = shipped_lessons()
        lesson_path = course[0].path if course else None
        from ..lessons.progress import ProgressStore   # where the student left off
        last = ProgressStore().last_open()
        lesson_path = next((x.path for x in course if x.id == last), lesson_path)
    app = create_application()
    from . import i18n
    from .controller import SessionController
    from .main_window import MainWindow
    from .preferences import Preferences
    prefs = Preferences()
    if prefs.problem:
        sys.stderr.write(f"vmlab: settings not read ({prefs.problem}); using the defaults\n")
    i18n.set_language(lang or prefs.language or i18n.system_language())
    controller = SessionController(session)
    window = MainWindow(controller, prefs)
    if lesson_path is not None:
        window.open_lesson(lesson_path)
    window.show()
    return app.exec()
