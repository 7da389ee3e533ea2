"""The window under hardware assist: its steps and techniques have labels, panels keep up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.gui import i18n
from vmlab.gui.labels import action_label, step_label, technique_label


def test_the_steps_and_the_techniques_have_labels_in_both_languages():
    try:
        assert i18n.set_language("ca")
        assert technique_label("hardware-assist-1") == \
            "virtualització assistida per maquinari, 1a generació"
        assert technique_label("hardware-assist-2") == \
            "virtualització assistida per maquinari, 2a generació"
        assert step_label("hw-exit") == "sortida de la MV per maquinari"
        assert step_label("hw-entry") == "entrada a la MV per maquinari"
        assert step_label("compose-window") == action_label("compose-window") == \
            "compondre la finestra"
    finally:
        i18n.set_language("en")
    assert technique_label("hardware-assist-2") == "hardware assist, generation 2"
    assert (step_label("hw-exit"), step_label("hw-entry"), step_label("compose-window")) == \
        ("hardware VM exit", "hardware VM entry", "compose the window")


def test_the_window_steps_through_hardware_exits(qtbot, prefs, make_controller):
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("two-guests-hw1"), prefs)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    controller = window.controller
    session = controller.session
    seen = set()
    for _ in range(300):                    # cycle by cycle through the boot
        controller.step_cycle()
        QCoreApplication.processEvents()
        seen.add(session.activity().step)
    assert {"hw-entry", "hw-exit", "emulate"} <= seen
    for _ in range(40):
        controller.step_instruction()
    QCoreApplication.processEvents()
    for _ in range(30):                     # panels read every kind of event on the way
        controller.travel_to(session.cycle + 7_919)
        QCoreApplication.processEvents()
    assert session.counters().guests["alpha"].exits.get("SR-WRITE", 0) > 0
    controller.travel_to(50)
    QCoreApplication.processEvents()
