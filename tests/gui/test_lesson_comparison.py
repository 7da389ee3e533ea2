"""A lesson step can bring the comparison panel to the front (lesson 6 does).

The window plays lesson 6 up to its warm-up step: the step's open-panel action
shows the comparison dock; the student chooses syscaller in its list (the
panel keeps the kernel it compared first, as the step's text says), and
binary translation's line under its tables shows the translation cache's hits
and misses the step asks about, the lesson's own run's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from vmlab.gui import theme

LESSON_6 = (Path(__file__).resolve().parents[2] / "lessons"
            / "06-binary-translation-and-hardware-assist.toml")


def test_lesson_6_opens_the_comparison_panel_on_its_kernel(main_window, qtbot):
    lesson = main_window.panels["lesson"]
    assert main_window.open_lesson(LESSON_6)
    qtbot.waitUntil(lambda: not lesson.playing, timeout=30_000)
    while lesson.engine.step.id != "warm-up":
        lesson.next()
        qtbot.waitUntil(lambda: not lesson.playing, timeout=30_000)
    QCoreApplication.processEvents()
    assert main_window.docks["comparison"].isVisible()
    comparison = main_window.panels["comparison"]
    assert comparison.isVisible()
    combo = comparison.guest_combo
    index = combo.findData("syscaller")
    if comparison.guest_name != "syscaller":
        combo.setCurrentIndex(index)
        combo.activated.emit(index)                    # the student's choice
    qtbot.waitUntil(lambda: comparison.comparison is not None and not comparison.running,
                    timeout=60_000)
    QCoreApplication.processEvents()
    assert comparison.guest_name == "syscaller"
    session = main_window.controller.session
    cache = session.counters().technique["guests"]["syscaller"]["translation_cache"]
    line = comparison.own_work.text()
    assert (f"{theme.fmt_int(cache['hits'])} hits, {theme.fmt_int(cache['misses'])} misses"
            in line)
