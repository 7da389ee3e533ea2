"""The window under binary translation: its VMM steps have labels, panels keep up."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.gui import i18n
from vmlab.gui.labels import step_label, technique_label


def test_the_steps_and_the_technique_have_labels_in_both_languages():
    try:
        assert i18n.set_language("ca")
        assert technique_label("binary-translation") == "traducció binària"
        assert step_label("translate") == "traduir"
        assert step_label("callout") == "crida a la VMM (callout)"
    finally:
        i18n.set_language("en")
    assert technique_label("binary-translation") == "binary translation"
    assert (step_label("translate"), step_label("callout")) == ("translate", "callout")


def test_the_window_steps_through_translations_and_callouts(qtbot, prefs, make_controller):
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("two-guests-bt"), prefs)
    qtbot.addWidget(window)
    window.resize(1440, 900)
    window.show()
    qtbot.waitExposed(window)
    controller = window.controller
    session = controller.session
    seen = set()
    for _ in range(400):                    # cycle by cycle through the boot
        controller.step_cycle()
        QCoreApplication.processEvents()
        seen.add(session.activity().step)
    assert {"translate", "callout"} <= seen
    for _ in range(40):
        controller.step_instruction()
    QCoreApplication.processEvents()
    controller.travel_to(123)
    QCoreApplication.processEvents()
    assert session.cycle == 123
    assert session.translated_blocks("alpha")
    for _ in range(30):                     # panels read every kind of event on the way
        controller.travel_to(session.cycle + 7_919)
        QCoreApplication.processEvents()
    assert session.summary()["vmm"]["technique"]["callouts"]["count"] > 0
