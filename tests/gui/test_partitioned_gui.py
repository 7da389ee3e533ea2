"""The window on a type 0 scenario (hardware partitions): it opens, steps and runs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.gui import i18n
from vmlab.gui.labels import technique_label


def test_type_0_has_a_label_in_both_languages():
    assert technique_label("type-0") == "type 0 (hardware partitions)"
    try:
        assert i18n.set_language("ca")
        assert technique_label("type-0") == "tipus 0 (particions de maquinari)"
    finally:
        i18n.set_language("en")


def test_the_window_opens_and_runs_a_type_0_scenario(qtbot, prefs, make_controller):
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("type0-busy-idle"), prefs)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    controller = window.controller
    session = controller.session
    for _ in range(60):                        # cycle by cycle through the boot
        controller.step_cycle()
        QCoreApplication.processEvents()
    for _ in range(40):
        controller.step_instruction()
        QCoreApplication.processEvents()
    seen = set()
    for _ in range(25):                        # across slices and partition switches
        controller.travel_to(session.cycle + 1_237)
        QCoreApplication.processEvents()
        window.repaint()
        seen.add(session.activity().guest)
    assert session.cycle > 30_000
    assert seen == {"cruncher", "idler"}
    assert "idler: " in session.guest("idler").console
    totals = session.cycles_by_bucket()
    assert totals["idle"] > 0 and totals["cruncher.user"] > 0


def test_the_diagram_says_partitions_and_only_one_is_on_the_cpu(qtbot, prefs, make_controller):
    """No 'native' title, and one partition on the CPU at a time (the other ready)."""
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("type0-busy-idle"), prefs)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    controller = window.controller
    controller.travel_to(25_000)
    QCoreApplication.processEvents()
    layers = window.panels["layers"]
    assert layers.header_title() == "Type 0 (hardware partitions): 2 partitions, no VMM"
    session = controller.session
    states = {name: session.guest(name).state for name in session.guest_names}
    on_cpu = session.running_guest
    assert sorted(states.values()) == ["ready", "running"]
    assert states[on_cpu] == "running"
