"""Consoles panel: output as the guests printed it, typed input reaching the guest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from vmlab.gui import theme
from vmlab.gui.panels.consoles import ConsolesPanel, visible_text


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests"):
        return show_panel(ConsolesPanel, scenario, (1200, 320))
    return make


def run(controller, cycles: int | None = None) -> None:
    controller.session.run(cycles) if cycles is not None else controller.session.run()
    controller.changed.emit()


def type_line(qtbot, panel, guest: str, text: str) -> None:
    line = panel.views[guest].input
    if text.isascii():
        qtbot.keyClicks(line, text)
    else:
        line.insert(text)       # QTest cannot synthesise keys for every character
    qtbot.keyClick(line, Qt.Key.Key_Return)


def test_one_console_per_guest(make_panel):
    controller, panel = make_panel("two-guests")
    assert list(panel.views) == ["alpha", "beta"]
    assert panel.findChild(type(panel.views["alpha"].output), "console-alpha") is not None
    _, native = make_panel("native-beta")
    assert list(native.views) == ["beta"]


@pytest.mark.parametrize("scenario", ["two-guests", "native-alpha"])
def test_text_equals_the_guest_console(make_panel, scenario):
    controller, panel = make_panel(scenario)
    s = controller.session
    for cycles in (5_000, 9_000, 30_000):
        run(controller, cycles)                       # appended bit by bit
        for name in s.guest_names:
            assert panel.shown_text(name) == s.guest(name).console
    run(controller)
    for name in s.guest_names:
        console = s.guest(name).console
        assert console.count("\n") > 3
        assert panel.shown_text(name) == console
        assert panel.views[name].shown == console


def test_shorter_console_after_time_travel_resets(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller)
    long = panel.shown_text("alpha")
    controller.travel_to(15_000)
    short = controller.session.guest("alpha").console
    assert len(short) < len(long)
    assert panel.shown_text("alpha") == short
    run(controller, 40_000)
    assert panel.shown_text("alpha") == controller.session.guest("alpha").console


def test_typing_sends_input_to_that_guest(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller, 1_000)
    s = controller.session
    fed = []
    controller.inputFed.connect(lambda g, t: fed.append((g, t)))
    type_line(qtbot, panel, "alpha", "abc")
    assert s.inputs[-1] == (s.cycle, "alpha", "abc\n")
    assert fed == [("alpha", "abc\n")]
    assert panel.views["alpha"].input.text() == ""          # cleared after sending
    assert not panel.views["alpha"].error.isVisible()
    # it reaches the console first, routed to alpha ...
    alpha = s.vmm.by_name["alpha"]
    assert bytes(s.machine.console.input) == b"abc\n"
    assert list(s.vmm.routes) == [alpha.index] * 4
    assert panel.pending_input("alpha") == "abc\n"
    assert panel.pending_input("beta") == ""
    assert "abc⏎" in panel.views["alpha"].pending_label.text()
    # ... and the VMM moves it into alpha's virtual console input queue
    run(controller, 5_000)
    assert bytes(alpha.vcpu.console.input) == b"abc\n"
    assert bytes(s.vmm.by_name["beta"].vcpu.console.input) == b""
    assert panel.pending_input("alpha") == "abc\n"


def test_send_without_newline_and_send_button(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    view = panel.views["beta"]
    view.newline.setChecked(False)
    qtbot.keyClicks(view.input, "xy")
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    assert controller.session.inputs == [(0, "beta", "xy")]
    qtbot.keyClick(view.input, Qt.Key.Key_Return)          # empty, no newline: nothing
    assert len(controller.session.inputs) == 1
    view.newline.setChecked(True)
    qtbot.keyClick(view.input, Qt.Key.Key_Return)          # empty line: just the newline
    assert controller.session.inputs[-1] == (0, "beta", "\n")


def test_catalan_is_fine_and_non_latin1_is_refused(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller, 2_000)
    type_line(qtbot, panel, "alpha", "adéu, Pere Çà")
    assert controller.session.inputs[-1][2] == "adéu, Pere Çà\n"
    before = list(controller.session.inputs)
    view = panel.views["alpha"]
    type_line(qtbot, panel, "alpha", "3 €")               # the euro sign is not Latin-1
    assert controller.session.inputs == before             # nothing sent
    assert view.error.isVisible()
    assert "€" in view.error.text() and "U+20AC" in view.error.text()
    assert "Latin-1" in view.error.text()
    assert view.input.text() == "3 €"                       # kept, to fix
    qtbot.keyClick(view.input, Qt.Key.Key_Backspace)        # editing hides the message
    assert not view.error.isVisible()
    type_line(qtbot, panel, "alpha", "E")
    assert controller.session.inputs[-1][2] == "3 E\n"


def test_native_input_goes_to_the_machine_console(make_panel, qtbot):
    controller, panel = make_panel("native-alpha")
    run(controller, 500)
    type_line(qtbot, panel, "alpha", "hi")
    assert controller.session.inputs[-1] == (500, "alpha", "hi\n")
    assert bytes(controller.session.machine.console.input) == b"hi\n"
    assert panel.pending_input("alpha") == "hi\n"


def test_states_shown(make_panel):
    controller, panel = make_panel("garbage")
    run(controller)
    s = controller.session
    for name in s.guest_names:
        assert panel.views[name].state_label.text() == s.guest(name).state
    assert "crashed" in [panel.views[n].state_label.text() for n in s.guest_names]


def test_control_characters_are_visible_one_for_one():
    assert visible_text("a\x07b\n\tc\x7f") == "a\u2407b\n\tc\u2421"
    assert len(visible_text("\x00\x1b")) == 2


def test_session_replaced_and_presenter(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller, 20_000)
    controller.open_scenario("native-beta")
    assert list(panel.views) == ["beta"]
    run(controller)
    assert panel.shown_text("beta") == controller.session.guest("beta").console
    size = panel.views["beta"].output.font().pointSizeF()
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel.views["beta"].output.font().pointSizeF() == pytest.approx(size * 1.6)
    assert not panel.grab().isNull()


def test_auto_scroll_unless_the_user_scrolled_up(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    panel.resize(700, 160)                                 # small: alpha's output scrolls
    run(controller, 60_000)
    bar = panel.views["alpha"].output.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()
    bar.setValue(0)                                        # the student scrolls up to read
    run(controller)
    assert bar.value() == 0
    assert panel.shown_text("alpha") == controller.session.guest("alpha").console
    bar.setValue(bar.maximum())                            # back at the end: follows again
    controller.travel_to(100_000)
    run(controller)
    assert bar.value() == bar.maximum()


def test_an_empty_console_is_compact_and_grows_with_its_text(make_panel, qtbot):
    """Before a guest prints, its console is a short box saying so, not the whole dock;
    with text it takes the dock's height, and compact_height asks for what it shows."""
    from PySide6.QtWidgets import QApplication
    controller, panel = make_panel("two-guests")
    panel.resize(1200, 400)
    QApplication.processEvents()
    view = panel.views["beta"]
    assert controller.session.guest("beta").console == ""
    line = view.line_height()
    assert view.output.isVisible() and view.output.height() <= 3 * line + 40
    assert view.output.placeholderText()                       # "No output yet" in it
    empty = panel.compact_height()
    assert empty < 200
    run(controller, 120_000)                                   # both guests have printed
    QApplication.processEvents()
    assert controller.session.guest("beta").console
    assert view.output.height() > 300                          # the dock's height now
    assert panel.compact_height() > empty


def test_a_narrow_console_shortens_its_hints_instead_of_cutting_them(make_panel, qtbot):
    """Two consoles side by side in a narrow dock: the input's hint is whole or
    shorter ('Type for beta'), the newline box shows its sign (⏎) with its tooltip."""
    from PySide6.QtWidgets import QApplication
    from vmlab.gui import i18n
    controller, panel = make_panel("two-guests")
    try:
        for language in ("en", "ca"):
            i18n.set_language(language)
            for width, whole in ((1400, True), (560, False)):
                panel.resize(width, 300)
                QApplication.processEvents()
                view = panel.views["beta"]
                hint = view.input.placeholderText()
                room = view.input.contentsRect().width()
                assert view.input.fontMetrics().horizontalAdvance(hint) <= room, (language, hint)
                assert (view.newline.text() != "⏎") is whole, (language, width)
                assert view.newline.toolTip()
    finally:
        i18n.set_language("en")


def test_console_states_use_the_shared_words(make_panel):
    from vmlab.gui.labels import guest_state_label
    controller, panel = make_panel("two-guests")
    run(controller, 5_000)
    for name, view in panel.views.items():
        assert view.state_label.text() == guest_state_label(controller.session.guest(name).state)
