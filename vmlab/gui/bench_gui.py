"""GUI benchmarks: the window's simulation speed against headless, and launch time."""

from __future__ import annotations

import os
import subprocess
import sys
import time

SCENARIO = "hog"     # runs forever: Alpha then the hog spinning, a steady load


def headless_rate(seconds: float) -> float:
    """Cycles per second of the session run in the controller's slices, no window."""
    from ..scenario import load_scenario
    from ..session import Session
    session = Session(load_scenario(SCENARIO))
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        session.run(200_000)
    return session.cycle / (time.perf_counter() - start)


def window_rate(seconds: float) -> tuple[float, float]:
    """(cycles per second, frames per second) with the whole window running, panels live."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import tempfile

    from PySide6.QtCore import QSettings

    from ..scenario import load_scenario
    from ..session import Session
    from .controller import MAX_SPEED, SessionController
    from .launch import create_application
    from .main_window import MainWindow
    from .preferences import Preferences
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        prefs = Preferences(QSettings(f"{tmp}/b.ini", QSettings.Format.IniFormat))
        window = MainWindow(SessionController(Session(load_scenario(SCENARIO))), prefs)
        window.resize(1600, 1000)
        window.show()
        app.processEvents()
        controller = window.controller
        controller.set_speed(MAX_SPEED)
        controller.run()
        start = time.perf_counter()
        while time.perf_counter() - start < seconds:
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.perf_counter() - start
        controller.pause()
        rate = controller.session.cycle / elapsed
        fps = controller.frames / elapsed
        window.close()
    return rate, fps


def launch_seconds() -> float:
    """Wall time from starting a Python process to the window being shown."""
    code = ("import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen');"
            "from vmlab.gui.bench_gui import _show_and_report; _show_and_report()")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if "shown" not in line:
        raise RuntimeError("the window did not report being shown")
    return elapsed


def _show_and_report() -> None:
    import tempfile

    from PySide6.QtCore import QSettings, QTimer

    from ..lessons.loader import shipped_lessons
    from ..scenario import load_scenario
    from ..session import Session
    from .controller import SessionController
    from .launch import create_application
    from .main_window import MainWindow
    from .preferences import Preferences
    app = create_application()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["VMLAB_DATA_DIR"] = tmp
        prefs = Preferences(QSettings(f"{tmp}/l.ini", QSettings.Format.IniFormat))
        window = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
        course = shipped_lessons()
        if course:
            window.open_lesson(course[0].path)
        window.show()

        def shown():
            print("shown", flush=True)
            app.quit()
        QTimer.singleShot(0, shown)
        app.exec()
