"""The window under hardware assist: its steps and techniques have labels, panels keep up."""

from __future__ import annotations

import pytest
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


def _stopped_at_a_hardware_exit(qtbot, prefs, scenario, lang):
    from vmlab.gui.controller import SessionController
    from vmlab.gui.main_window import MainWindow
    from vmlab.scenario import load_scenario
    from vmlab.session import Session
    MainWindow.testing_dialogs = True
    window = MainWindow(SessionController(Session(load_scenario(scenario, lang=lang))), prefs)
    qtbot.addWidget(window)
    window.show()
    session = window.controller.session
    session.run(until_cycle=20_000)
    session.run_to_next_trap()
    assert session.activity().step == "hw-exit"
    window.controller.changed.emit()
    window.set_presenter(True)
    return window



@pytest.mark.parametrize("lang", ["en", "ca"])
@pytest.mark.parametrize("scenario", ["two-guests-hw1", "two-guests-hw2"])
def test_the_diagram_says_everything_whole_at_a_hardware_exit_in_presenter_mode(
        qtbot, prefs, scenario, lang):
    """In a classroom, stopped at a hardware VM exit: the title names the technique (its
    shorter label when the long one does not fit: the Catalan one was cut at 1280x720) and
    the VMM's box says what the CPU does (shorter when the progress bar takes the room),
    with nothing cut, at 1280x720 and 1920x1080."""
    from vmlab.gui.labels import technique_compact_label
    i18n.set_language(lang)
    try:
        window = _stopped_at_a_hardware_exit(qtbot, prefs, scenario, lang)
        diagram = window.panels["layers"]
        technique = scenario.replace("two-guests-hw", "hardware-assist-")
        names = {technique_label(technique), technique_compact_label(technique)}
        for size in ((1280, 720), (1920, 1080)):
            window.resize(*size)
            qtbot.wait(50)
            window.grab()
            assert diagram.cut_texts() == [], (size, diagram.cut_texts())
            texts = diagram.painted_texts()
            assert any(text.lower().startswith(tuple(names)) for text in texts), (size, texts)
            assert any(text.lower().startswith(("the cpu saves beta", "the cpu saves alpha",
                                                "la cpu desa beta", "la cpu desa alpha"))
                       for text in texts), (size, texts)
    finally:
        i18n.set_language("en")


def test_the_shorter_labels_exist_in_both_languages():
    from vmlab.gui.labels import technique_compact_label
    assert technique_compact_label("hardware-assist-1") == "hardware assist, gen. 1"
    assert technique_compact_label("trap-and-emulate") == technique_label("trap-and-emulate")
    try:
        i18n.set_language("ca")
        assert technique_compact_label("hardware-assist-2") == \
            "assistència del maquinari, 2a gen."
    finally:
        i18n.set_language("en")
