"""Render the window and each main view to PNG files, offscreen (for docs/)."""

from __future__ import annotations

import os
from pathlib import Path


class ScreenshotError(Exception):
    """The pictures cannot be written: str() names the folder or file and why."""


def prepare_folder(folder: str | Path) -> Path:
    """Create the output folder if needed; ScreenshotError if it is not, or cannot be, one."""
    from ..inputs import check_name
    text = os.fspath(folder)
    problem = check_name(text, "folder name") if text.strip() else "no folder name was given"
    if problem:
        raise ScreenshotError(f"screenshot --out: {problem}")
    out = Path(text)
    if out.exists() and not out.is_dir():
        raise ScreenshotError(f"{out} is not a folder; give a folder for the pictures")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise ScreenshotError(f"cannot create the folder {out}: "
                              f"{err.strerror or err}") from None
    if not os.access(out, os.W_OK):
        raise ScreenshotError(f"cannot write in the folder {out}: permission denied")
    return out


def _window(scenario: str, prefs_dir: Path, lang: str):
    from PySide6.QtCore import QSettings

    from ..scenario import load_scenario
    from ..session import Session
    from . import i18n
    from .controller import SessionController
    from .main_window import MainWindow
    from .preferences import Preferences
    i18n.set_language(lang)
    prefs = Preferences(QSettings(str(prefs_dir / f"{scenario}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(SessionController(Session(load_scenario(scenario))), prefs)
    window.resize(1600, 1000)
    window.show()
    return window


def _settle(app, window) -> None:
    window.controller.changed.emit()
    for _ in range(5):
        app.processEvents()


def take(out: Path, lang: str = "en") -> list[Path]:
    """Write the pictures; returns their paths (ScreenshotError if one cannot be written)."""
    prepare_folder(out)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from ..scenario import load_scenario
    from ..session import Session

    from .launch import create_application
    app = create_application()
    written: list[Path] = []
    suffix = "" if lang == "en" else f".{lang}"

    def save(widget, name: str) -> None:
        path = out / f"{name}{suffix}.png"
        if not widget.grab().save(str(path), "PNG"):
            raise ScreenshotError(f"cannot write {path} (is the disk full or the folder "
                                  "read-only?)")
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VMLAB_DATA_DIR"] = tmp     # never touch the user's lesson progress
        window = _window("two-guests", Path(tmp), lang)
        from ..lessons.loader import shipped_lessons
        course = [lesson for lesson in shipped_lessons() if lesson.id == "trap-and-emulate"] \
            or shipped_lessons()
        if course:
            window.open_lesson(course[0].path)
            while window.panels["lesson"].playing:
                app.processEvents()
            window.controller.replace_session(Session(load_scenario("two-guests")))
        session = window.controller.session
        # An interesting moment: Beta has just exited on a privileged instruction,
        # with enough history for the timeline and the trap inspector.
        session.run(until_cycle=60_000)
        while session.run_to_next_trap(max_cycles=200_000) == "trap":
            last = session.trap_events()[-1]
            if last.guest == "beta" and last.cause == "PRIV":
                break
        session.step_cycle()
        window.highlight.clear()
        _settle(app, window)
        save(window, "window")
        for panel_id, panel in window.panels.items():
            if panel_id == "layers":
                save(panel, "layers")
                continue
            dock = window.docks[panel_id]
            dock.setFloating(True)
            dock.resize(900, 600)
            dock.show()
            _settle(app, window)
            save(panel, panel_id)
            dock.setFloating(False)
        window.set_presenter(True)
        _settle(app, window)
        app.processEvents()
        save(window, "presenter")
        window.set_presenter(False)
        window.close()

        native = _window("native-alpha", Path(tmp), lang)
        native.controller.session.run(until_cycle=8000)
        native.highlight.clear()
        _settle(app, native)
        save(native, "native")
        native.close()
    return written
