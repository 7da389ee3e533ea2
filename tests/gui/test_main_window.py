"""The window's controls drive the session exactly; the window stays responsive."""


import pytest

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest

from vmlab.gui.controller import MAX_SPEED, SessionController
from vmlab.gui.main_window import MainWindow
from vmlab.scenario import load_scenario
from vmlab.session import Session


def twin(window) -> Session:
    """A headless session at the same point, to compare against."""
    s = Session(load_scenario(window.controller.session.scenario.name))
    s.run(until_cycle=window.controller.session.cycle)
    return s


def press(window, key, modifier=Qt.KeyboardModifier.NoModifier):
    QTest.keyClick(window, key, modifier)


def test_f11_advances_exactly_one_cycle(main_window):
    s = main_window.controller.session
    for expected in (1, 2, 3):
        press(main_window, Qt.Key.Key_F11)
        assert s.cycle == expected


def test_f10_advances_one_instruction_like_the_session(main_window, qtbot):
    reference = Session(load_scenario("two-guests"))
    for _ in range(40):
        press(main_window, Qt.Key.Key_F10)
        reference.step_instruction()
        assert main_window.controller.session.state_hash() == reference.state_hash()


def test_step_back_restores_the_previous_state(main_window):
    s = main_window.controller.session
    for _ in range(25):
        press(main_window, Qt.Key.Key_F10)
    before = s.state_hash()
    cycle = s.cycle
    press(main_window, Qt.Key.Key_F10)
    assert s.cycle > cycle
    press(main_window, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)   # step back
    assert s.cycle == cycle
    assert s.state_hash() == before


def test_next_trap_stops_on_the_first_trap(main_window, qtbot):
    s = main_window.controller.session
    press(main_window, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: not main_window.controller.running, timeout=5000)
    events = s.trap_events()
    assert len(events) == 1
    assert events[0].cycle == s.cycle
    reference = Session(load_scenario("two-guests"))
    assert reference.run_to_next_trap() == "trap"
    assert reference.cycle == s.cycle


def test_back_to_previous_trap(main_window, qtbot):
    s = main_window.controller.session
    main_window.controller.session.run(until_cycle=3000)
    last = [e.cycle for e in s.trap_events() if e.cycle < 3000][-1]
    press(main_window, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert s.cycle == last


def test_run_and_pause_with_f5_and_a_queued_click_is_handled_fast(main_window, qtbot):
    controller = main_window.controller
    # A scenario that never halts: two-guests ends within a couple of frames.
    controller.replace_session(Session(load_scenario("hog")))
    press(main_window, Qt.Key.Key_F5)
    assert controller.running
    qtbot.waitUntil(lambda: controller.frames >= 3, timeout=5000)
    # A queued event runs as soon as the frame in progress ends: at most one frame (one
    # bounded tick of the controller) between queuing it and its handling.  (Counted in
    # frames, not milliseconds: a loaded machine slows both alike.)
    handled = []
    queued_at = controller.frames
    QTimer.singleShot(0, lambda: handled.append(controller.frames - queued_at))
    qtbot.waitUntil(lambda: len(handled) > 0, timeout=5000)
    assert handled[0] <= 1, f"a queued event waited {handled[0]} frames"
    press(main_window, Qt.Key.Key_F5)      # pause: at once, within the key's own handling
    assert not controller.running
    cycle = controller.session.cycle
    qtbot.wait(100)
    assert controller.session.cycle == cycle   # really paused


def test_an_infinite_loop_never_freezes_the_window(qtbot, prefs):
    MainWindow.testing_dialogs = True
    window = MainWindow(SessionController(Session(load_scenario("hog"))), prefs)
    qtbot.addWidget(window)
    window.show()
    window.controller.set_speed(MAX_SPEED)
    window.controller.run()
    controller = window.controller
    delays = []                            # frames between queuing an event and its handling
    for _ in range(5):
        queued = controller.frames
        done = []
        QTimer.singleShot(0, lambda: done.append(controller.frames - queued))
        qtbot.waitUntil(lambda: len(done) > 0, timeout=5000)
        delays.append(done[0])
    window.controller.pause()
    assert max(delays) <= 1, delays
    assert window.controller.session.cycle > 10_000


def test_breakpoints_stop_the_run(main_window, qtbot):
    controller = main_window.controller
    address = controller.session.set_breakpoint("beta", "clock_tick")
    controller.set_speed(MAX_SPEED)     # a new user's classroom speed would take minutes
    controller.run()
    qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    assert controller.last_reason == "breakpoint"
    assert controller.session.running_guest == "beta"
    assert controller.session.machine.pc == address


def test_status_bar_shows_cycle_guest_and_mode(main_window):
    press(main_window, Qt.Key.Key_F10)
    s = main_window.controller.session
    assert f"{s.cycle:,}" in main_window.status_cycle.text()
    assert "alpha" in main_window.status_guest.text()
    assert "mode" in main_window.status_mode.text()


def test_presenter_mode_hides_secondary_panels_and_round_trips(main_window, prefs, qtbot):
    assert main_window.docks["memory"].isVisible() or main_window.docks["statistics"].isVisible()
    press(main_window, Qt.Key.Key_F12)
    assert main_window.presenter
    for secondary in ("memory", "statistics", "registers", "timeline", "traps"):
        assert not main_window.docks[secondary].isVisible(), secondary
    for primary in ("lesson", "code", "consoles"):
        assert main_window.docks[primary].isVisible(), primary
    assert prefs.presenter is True
    main_window.close()
    again = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
    qtbot.addWidget(again)
    again.show()
    assert again.presenter
    again.set_presenter(False)
    assert again.docks["registers"].isVisible()
    assert again.docks["lesson"].isVisible()
    assert prefs.presenter is False


def test_layout_and_preferences_round_trip(tmp_path, qtbot):
    from vmlab.gui.preferences import Preferences
    path = str(tmp_path / "round.ini")
    prefs = Preferences(QSettings(path, QSettings.Format.IniFormat))
    window = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs)
    qtbot.addWidget(window)
    window.show()
    window.resize(780, 700)   # the offscreen screen is 800 x 800
    window.docks["timeline"].hide()
    window.set_speed(100)
    window.close()
    prefs2 = Preferences(QSettings(path, QSettings.Format.IniFormat))
    assert prefs2.speed == 100
    window2 = MainWindow(SessionController(Session(load_scenario("two-guests"))), prefs2)
    qtbot.addWidget(window2)
    window2.show()
    assert window2.size().width() == 780 and window2.size().height() == 700
    assert not window2.docks["timeline"].isVisible()
    assert window2.controller.speed == 100


def test_a_bad_scenario_file_shows_a_dialog_and_keeps_the_session(main_window, tmp_path):
    main_window.controller.session.run(until_cycle=500)
    before = main_window.controller.session
    hash_before = before.state_hash()
    bad = tmp_path / "bad.toml"
    bad.write_text("[scenario]\nquantum = 'soon'\n[[guest]]\nname='a'\nprogram='alpha'\n")
    assert not main_window.open_scenario(str(bad))
    assert "bad.toml" in main_window.last_error and "scenario.quantum" in main_window.last_error
    assert main_window.last_error_box.isVisible()
    assert main_window.controller.session is before
    assert before.state_hash() == hash_before


def test_a_bad_program_file_shows_file_and_line(main_window, tmp_path):
    bad = tmp_path / "oops.vl32"
    bad.write_text(".org 0\n  addd r1, r2, r3\n")
    assert not main_window.open_program(str(bad))
    assert "oops.vl32:2:" in main_window.last_error


def test_scenario_and_technique_pickers(main_window):
    combo = main_window.scenario_combo
    index = combo.findData("native-alpha")
    combo.activated.emit(index)
    s = main_window.controller.session
    assert s.scenario.name == "native-alpha" and s.native
    techniques = [main_window.technique_combo.itemData(i)
                  for i in range(main_window.technique_combo.count())]
    # Every registered technique that runs one unported kernel, in the registry's order.
    from vmlab.vmm.techniques import all_techniques
    assert techniques == [t.name for t in all_techniques() if t.fits(1) and not t.paravirtual]
    assert techniques[:2] == ["native", "trap-and-emulate"]
    main_window.technique_combo.activated.emit(1)
    s = main_window.controller.session
    assert not s.native and s.guest_names == ["alpha"]


def test_reset_starts_again(main_window):
    main_window.controller.session.run(until_cycle=1000)
    press(main_window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert main_window.controller.session.cycle == 0


def _inside_the_window(window, widget) -> bool:
    corner = widget.mapTo(window, widget.rect().bottomRight())
    return widget.isVisible() and corner.x() < window.width()


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_pickers_stay_on_the_toolbar_at_1280_and_the_buttons_keep_text_at_1920(
        main_window, qtbot, lang):
    from vmlab.gui import i18n
    i18n.set_language(lang)
    try:
        _check_the_toolbar_fits(main_window, qtbot)
    finally:
        i18n.set_language("en")


def _check_the_toolbar_fits(main_window, qtbot):
    main_window.show()
    for width, height in ((1280, 720), (1920, 1080)):
        main_window.resize(width, height)
        pickers = (main_window.speed_combo, main_window.scenario_combo,
                   main_window.technique_combo)
        # The toolbar lays itself out after the resize: wait for it, then check.
        qtbot.waitUntil(lambda: main_window.width() == width
                        and all(_inside_the_window(main_window, p) for p in pickers),
                        timeout=2000)
    assert (main_window.toolbar.toolButtonStyle()
            == Qt.ToolButtonStyle.ToolButtonTextUnderIcon)


def test_presenter_mode_disabled_buttons_look_disabled(main_window, qtbot):
    """The high-contrast palette keeps disabled controls grey: Back on a first step
    must not look like Next."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication
    main_window.set_presenter(True)
    try:
        palette = QApplication.instance().palette()
        enabled = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
        disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
        assert abs(enabled.lightness() - disabled.lightness()) > 80
        lesson = main_window.panels["lesson"]
        back, forward = lesson.back_button, lesson.next_button
        back.setEnabled(False)
        forward.setEnabled(True)
        assert back.palette().color(back.foregroundRole()) != \
            forward.palette().color(forward.foregroundRole())
    finally:
        main_window.set_presenter(False)


def test_text_grows_with_the_window_and_presenter_mode(main_window, qtbot):
    """13-pixel text in a 1440x900 window; at 1920x1080 at least 13 everywhere and 16
    for the interface (dock titles too, which Qt paints in a font of its own); in
    presenter mode never under 18."""
    from PySide6.QtGui import QFontInfo
    from PySide6.QtWidgets import QApplication, QDockWidget
    from tests.gui.layout_check import text_widgets

    def sizes():
        QApplication.processEvents()
        return [QFontInfo(w.font()).pixelSize() for w in text_widgets(main_window)]

    dock = main_window.docks["lesson"]
    assert QFontInfo(QApplication.font()).pixelSize() == 13
    main_window.resize(1920, 1080)
    qtbot.waitUntil(lambda: QFontInfo(QApplication.font()).pixelSize() >= 16)
    assert min(sizes()) >= 13
    assert QFontInfo(dock.font()).pixelSize() >= 16
    assert isinstance(dock, QDockWidget) and dock.font() != QApplication.font("QDockWidget")
    main_window.set_presenter(True)
    try:
        assert min(sizes()) >= 18
    finally:
        main_window.set_presenter(False)
    main_window.resize(1440, 900)
    qtbot.waitUntil(lambda: QFontInfo(QApplication.font()).pixelSize() == 13)


def test_leaving_presenter_mode_gives_the_layout_back(main_window, qtbot):
    """The user's own arrangement survives presenter mode, and is what is saved
    while presenter mode is on."""
    from PySide6.QtWidgets import QApplication
    window = main_window
    traps, registers = window.docks["traps"], window.docks["registers"]
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, traps)   # the user's choice
    traps.show()
    registers.hide()
    QApplication.processEvents()

    def layout():
        return {p: (window.dockWidgetArea(d), d.isVisible(), d.isFloating())
                for p, d in window.docks.items()}

    before = layout()
    window.set_presenter(True)
    QApplication.processEvents()
    assert window.dockWidgetArea(window.docks["code"]) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert not traps.isVisible()                     # secondary: put away
    window.save_layout()                             # closing now keeps the user's layout
    window.set_presenter(False)
    QApplication.processEvents()
    assert layout() == before
    assert all(d.titleBarWidget() is None for d in window.docks.values())
    # One tab bar under the bottom docks: presenter mode's own is not left over it.
    from PySide6.QtWidgets import QTabBar
    bars = [b for b in window.findChildren(QTabBar) if b.parentWidget() is window
            and b.isVisible()]
    bottom = [p for p, (area, visible, floating) in before.items()
              if area == Qt.DockWidgetArea.BottomDockWidgetArea and visible and not floating]
    assert len(bars) == 1 and bars[0].count() == len(bottom) >= 5, [b.count() for b in bars]
    assert window.restoreState(window.prefs.dock_state())
    QApplication.processEvents()
    assert layout() == before


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_pickers_stay_on_the_toolbar_in_presenter_mode(main_window, qtbot, lang):
    from vmlab.gui import i18n
    i18n.set_language(lang)
    main_window.controller.open_scenario("two-guests")     # the longest technique name
    main_window.set_presenter(True)
    try:
        for width, height in ((1280, 720), (1920, 1080)):
            main_window.resize(width, height)
            pickers = (main_window.speed_combo, main_window.scenario_combo,
                       main_window.technique_combo)
            qtbot.waitUntil(lambda: main_window.width() == width
                            and all(_inside_the_window(main_window, p) for p in pickers),
                            timeout=2000)
            for combo in pickers:           # what it shows is whole
                assert combo.width() >= combo.sizeHint().width()
                assert combo.toolTip()      # its label, when the label is put away
    finally:
        main_window.set_presenter(False)
        i18n.set_language("en")


def test_presenter_mode_gives_the_bottom_what_the_raised_panel_needs(main_window, qtbot):
    """At 1280x720 in presenter mode, consoles that have printed nothing take a short
    strip under the diagram, the code raised by a lesson step takes more; the lesson
    has the whole left side."""
    from PySide6.QtWidgets import QApplication
    window = main_window
    window.resize(1280, 720)
    window.set_presenter(True)
    try:
        def settled():
            for _ in range(6):
                QApplication.processEvents()
        window.highlight_panel("consoles")
        settled()
        consoles = window.docks["consoles"]
        assert not any(v.shown for v in window.panels["consoles"].views.values())
        short = consoles.height()
        assert short < 0.25 * window.height()
        window.highlight_panel("code")
        settled()
        assert window.docks["code"].height() > short + 40
        lesson = window.docks["lesson"]
        assert lesson.height() > 0.8 * window.centralWidget().height()
        assert lesson.width() > 0.4 * window.width()
    finally:
        window.set_presenter(False)


def test_status_bar_speaks_the_shared_vocabulary(main_window, qtbot):
    """Stopped at a VM exit the status bar says paused, as the layer diagram does, never
    'Running'; while running it says running; at the end, powered off."""
    from vmlab.gui import labels
    controller = main_window.controller
    controller.set_speed(0)
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    main_window._refresh_status()
    paused = labels.stop_label("trap", True)
    assert main_window.status_reason.text().lower() == paused.lower()
    assert "running" not in main_window.status_guest.text().lower()
    on_cpu = labels.on_cpu_label(controller.session.activity(), True)
    assert main_window.status_guest.text().lower() == on_cpu.lower()
    controller.run()
    assert main_window.status_reason.text().lower() == \
        labels.run_state_label(labels.RunState.RUNNING).lower()
    qtbot.waitUntil(lambda: controller.session.halted is not None, timeout=60_000)
    qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    main_window._refresh_status()
    off = labels.run_state_label(labels.RunState.POWERED_OFF)
    assert main_window.status_reason.text().lower() == off.lower()
    assert main_window.status_guest.text().lower() == off.lower()
