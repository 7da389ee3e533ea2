"""Regression: PySide6 6.12.0 on Python 3.11 aborted ("none_dealloc") after a few thousand
Qt calls returning None.  pyproject.toml excludes that release; this test makes sure the
installed PySide6 survives many such calls.  It runs in a subprocess because the failure
is a hard abort of the interpreter, not a Python exception.
"""

import os
import subprocess
import sys
import textwrap

CALLS = 20_000

SCRIPT = textwrap.dedent(f"""
    import sys
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["regression"])
    obj = QObject()
    timer = QTimer()
    results = set()
    for i in range({CALLS} // 2):
        results.add(obj.setObjectName(f"object-{{i}}"))   # returns None
        results.add(timer.setInterval(i % 1000))          # returns None
    assert results == {{None}}, results
    assert obj.objectName() == "object-{CALLS // 2 - 1}"
    assert timer.interval() == {(CALLS // 2 - 1) % 1000}
    print("ok", {CALLS})
    sys.stdout.flush()
""")


def test_many_qt_calls_returning_none_do_not_crash():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, f"exit {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    assert f"ok {CALLS}" in proc.stdout.splitlines()


def test_installed_pyside6_is_not_the_broken_release():
    import PySide6
    assert PySide6.__version__ != "6.12.0"
    assert tuple(int(p) for p in PySide6.__version__.split(".")[:2]) >= (6, 8)
