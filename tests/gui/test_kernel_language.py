"""The guests print in the interface's language: a Catalan window shows Catalan consoles."""

from __future__ import annotations

import pytest

from vmlab.gui import i18n, labels
from vmlab.gui.controller import SessionController
from vmlab.gui.panels.consoles import ConsolesPanel
from vmlab.scenario import load_scenario
from vmlab.session import Session

CATALAN_BANNER = "Alpha, temps compartit: 3 processos, quàntum de 1500 cicles\n"
ENGLISH_BANNER = "Alpha time-sharing kernel: 3 processes, quantum 1500 cycles\n"


@pytest.fixture
def catalan():
    assert i18n.set_language("ca")
    yield
    i18n.set_language("en")


def test_a_catalan_window_shows_the_catalan_banner(catalan, show_panel):
    controller = SessionController(Session(load_scenario("native-alpha")))
    assert controller.session.scenario.lang == "ca"       # nothing had run: restarted in Catalan
    controller, panel = show_panel(ConsolesPanel, controller=controller)
    controller.session.run(5_000)
    controller.changed.emit()
    assert panel.shown_text("alpha").startswith(CATALAN_BANNER)


def test_opening_and_resetting_follow_the_interface_language(show_panel):
    controller, panel = show_panel(ConsolesPanel, "native-alpha")
    controller.session.run(5_000)
    controller.changed.emit()
    assert panel.shown_text("alpha").startswith(ENGLISH_BANNER)
    try:
        i18n.set_language("ca")
        assert controller.session.scenario.lang == "en"     # a running session keeps its kernels
        controller.reset()
        controller.session.run(5_000)
        controller.changed.emit()
        assert panel.shown_text("alpha").startswith(CATALAN_BANNER)
        controller.open_scenario("two-guests")
        assert [g.program.lang for g in controller.session.scenario.guests] == ["ca", "ca"]
    finally:
        i18n.set_language("en")
    controller.open_scenario("native-alpha")
    assert controller.session.scenario.lang == "en"


def test_scenarios_are_named_by_their_title_in_the_interface_language(catalan):
    assert labels.scenario_label("two-guests") == "Dos guests amb trap and emulate"
    i18n.set_language("en")
    assert labels.scenario_label("two-guests") == "Two guests under trap-and-emulate"
    assert labels.scenario_label("no-such-scenario") == "no-such-scenario"


def test_a_lesson_opened_in_a_catalan_window_runs_catalan_kernels(main_window, qtbot):
    from vmlab.lessons.loader import find_lesson
    window = main_window
    window.set_language("ca")
    try:
        assert window.open_lesson(find_lesson("01-processes"))
        panel = window.panels["lesson"]
        qtbot.waitUntil(lambda: not panel.playing, timeout=10000)
        session = window.controller.session
        assert session is panel.engine.session and session.scenario.lang == "ca"
        session.run(5_000)
        assert session.guest("alpha").console.startswith("Alpha, temps compartit:")
    finally:
        window.set_language("en")
