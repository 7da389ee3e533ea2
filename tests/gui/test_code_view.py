"""The code view: what source it shows, which lines it marks, and its breakpoints."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from vmlab.gui.panels.code_view import (CodeViewPanel, load_address, pc_line_color,
                                        trap_line_color)
from vmlab.isa.spec import MASK
from vmlab.machine.cpu import decode_cached


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests"):
        return show_panel(CodeViewPanel, scenario, (640, 560))
    return make


def expected_pc_line(session, name):
    """The source line of a guest's pc, computed independently of the panel."""
    view = session.guest(name)
    address = view.pc if view.kernel_mode else (view.sr["BASE"] + view.pc) & MASK
    return view.program.line_of(address)


def marked_backgrounds(panel):
    """{line: background colour} of the full-width marks in the editor."""
    return {sel.cursor.blockNumber() + 1: sel.format.background().color().name()
            for sel in panel.editor.extraSelections()}


def settle(controller, session_action):
    """Set up a moment with the session directly, then tell the panels (test setup)."""
    session_action(controller.session)
    controller.changed.emit()


# ---------------------------------------------------------------------- which source
def test_follows_the_running_guest_and_the_vmm_s_guest(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    alpha_source = s.guest("alpha").program.source
    beta_source = s.guest("beta").program.source
    # At power-on the VMM is entering alpha: its source is shown.
    assert s.activity().layer == "vmm" and s.activity().guest == "alpha"
    assert panel.shown_guest() == "alpha"
    assert panel.editor.toPlainText() == alpha_source
    settle(c, lambda s: s.run_until(lambda s: s.running_guest == "beta", slice_cycles=50))
    assert panel.shown_guest() == "beta"
    assert panel.editor.toPlainText() == beta_source
    assert panel.pc_line == expected_pc_line(s, "beta")
    # While the VMM works for a guest, that guest's code stays on screen.
    c.run_to_next_trap()
    c.pause()
    settle(c, lambda s: s.run_until(lambda s: s.activity().layer == "vmm"))
    working_for = s.activity().guest
    assert panel.shown_guest() == working_for
    assert panel.editor.toPlainText() == s.guest(working_for).program.source


def test_pinning_a_guest(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    for _ in range(5):
        c.step_instruction()
    assert s.running_guest == "alpha"
    panel.pin_guest("beta")
    assert panel.pinned_guest() == "beta"
    assert panel.editor.toPlainText() == s.guest("beta").program.source
    assert panel.pc_line == expected_pc_line(s, "beta")
    assert panel.editor.arrow_hollow            # beta is not on the CPU
    assert "beta" in panel.info.text() and "alpha" in panel.info.text()
    c.step_instruction()
    assert panel.shown_guest() == "beta"        # pinned: stays while alpha runs
    # The combo drives the same thing.
    combo = panel.guest_combo
    combo.setCurrentIndex(combo.findData("alpha"))
    combo.activated.emit(combo.currentIndex())
    assert panel.shown_guest() == "alpha"
    assert not panel.editor.arrow_hollow
    panel.pin_guest(None)
    assert panel.pinned_guest() is None
    assert panel.shown_guest() == s.running_guest


def test_native_session_shows_the_one_program(make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    assert [panel.guest_combo.itemData(i) for i in range(panel.guest_combo.count())] \
        == [None, "alpha"]
    assert panel.editor.toPlainText() == s.guest("alpha").program.source
    for _ in range(25):
        c.step_instruction()
        assert panel.pc_line == expected_pc_line(s, "alpha")
    assert panel.pc_line is not None
    assert marked_backgrounds(panel)[panel.pc_line] == pc_line_color(False).name()


# ---------------------------------------------------------------------- the pc line
def test_pc_line_follows_instruction_steps_in_kernel_and_user_mode(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    seen_user = False
    for _ in range(60):
        c.step_instruction()
        name = panel.shown_guest()
        assert name == s.activity().guest
        assert panel.pc_line == expected_pc_line(s, name)
        assert panel.pc_line in marked_backgrounds(panel)
        assert panel.editor.is_line_visible(panel.pc_line)
    # User mode: BASE + pc is the load address (run on until a process runs).
    settle(c, lambda s: s.run_until(
        lambda s: s.running_guest == "alpha" and not s.guest("alpha").kernel_mode,
        slice_cycles=1))
    for _ in range(10):
        name = panel.shown_guest()
        view = s.guest(name)
        assert panel.pc_address == load_address(view)
        assert panel.pc_line == expected_pc_line(s, name)
        if not view.kernel_mode:
            seen_user = True
            assert panel.pc_address == view.sr["BASE"] + view.pc
            assert "BASE + pc" in panel.info.text()
        c.step_instruction()
    assert seen_user


def test_scrolls_only_when_the_pc_moves(make_panel):
    c, panel = make_panel("native-alpha")
    for _ in range(3):
        c.step_instruction()
    bar = panel.editor.verticalScrollBar()
    bar.setValue(bar.maximum())              # the user scrolls away to read
    c.changed.emit()                         # a refresh without the pc moving
    assert bar.value() == bar.maximum()
    c.step_instruction()                     # the pc moves: it is brought into view
    assert panel.editor.is_line_visible(panel.pc_line)


# ---------------------------------------------------------------------- cycles and traps
def test_cycle_stepping_shows_the_unit_in_flight_and_its_phase(make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    settle(c, lambda s: s.run_until(
        lambda s: s.machine.inflight is None and decode_cached(
            s.machine.mem[s.machine.translate(s.machine.pc)]) is not None and decode_cached(
            s.machine.mem[s.machine.translate(s.machine.pc)]).mnemonic in ("DIV", "REM")))
    c.step_cycle()
    c.step_cycle()
    c.step_cycle()
    unit = s.machine.inflight
    assert unit is not None and unit.cost == 8
    name = decode_cached(unit.word).mnemonic
    text = panel.info.text()
    assert text.startswith("Cycle 3 of 8 of ")
    assert text.endswith(f"{name} step 3")
    assert panel.info_kind == "cycle"
    assert panel.pc_line == expected_pc_line(s, "alpha")


def test_cycle_stepping_through_a_trap_entry(make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    settle(c, lambda s: s.run_until(
        lambda s: s.machine.inflight is None and s.machine.plan().kind == "trap"))
    unit_pc = s.machine.pc
    c.step_cycle()
    assert "fault (nothing committed)" in panel.info.text()
    c.step_cycle()
    text = panel.info.text()
    assert text.startswith("Cycle 2 of 5 of ")
    assert text.endswith("trap entry: save pc and mode")
    # The trapping instruction is marked while its trap entry is in flight.
    view = s.guest("alpha")
    line = view.program.line_of(load_address(view, unit_pc))
    assert panel.trap_line == line
    assert marked_backgrounds(panel)[line] == trap_line_color(False).name()


def test_next_trap_marks_the_trapping_line_and_the_vmm_step(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    c.run_to_next_trap()
    while c.running:
        QApplication.processEvents()
    exit_event = s.trap_events()[-1]
    assert not exit_event.interrupt
    program = s.guest(exit_event.guest).program
    line = program.line_of(exit_event.pc)      # kernel mode at boot: guest-physical
    assert panel.shown_guest() == exit_event.guest
    assert panel.trap_line == line
    assert marked_backgrounds(panel)[line] == trap_line_color(False).name()
    assert panel.info.text().startswith(f"VM exit: {exit_event.cause}")
    # Stepping by cycle inside the VMM shows its step.
    for _ in range(3):
        c.step_cycle()
    activity = s.activity()
    assert activity.layer == "vmm"
    done, total = activity.progress
    assert f"The VMM: VM exit ({done}/{total} cycles)" in panel.info.text()
    assert panel.trap_line == line
    # Once the guest resumes, the trap is no longer the current moment.
    c.step_instruction()
    c.step_instruction()
    assert s.running_guest == exit_event.guest
    assert panel.trap_line is None


def test_native_next_trap_marks_the_trapping_line(make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    settle(c, lambda s: s.run(3000))
    c.run_to_next_trap()
    while c.running:
        QApplication.processEvents()
    trap = s.trap_events()[-1]
    if trap.interrupt:
        assert panel.trap_line is None
        assert panel.info.text().startswith("Interrupt:")
    else:
        base = s.machine.sr_dict()["BASE"]
        address = trap.pc if trap.mode == "kernel" else base + trap.pc
        assert panel.trap_line == s.guest("alpha").program.line_of(address)
        assert panel.info.text().startswith(f"Trap: {trap.cause}")
    c.step_instruction()
    assert panel.trap_line is None


# ---------------------------------------------------------------------- breakpoints
def click_line(qtbot, panel, line):
    panel.editor.scroll_to_line(line)
    y = panel.editor.line_y(line)
    assert y is not None
    qtbot.mouseClick(panel.editor.gutter, Qt.MouseButton.LeftButton, pos=QPoint(6, y))


def test_gutter_click_toggles_a_breakpoint_and_run_stops_there(qtbot, make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    program = s.guest("alpha").program
    address = program.load_address_of("kputs")   # first word of the kputs line
    line = program.line_of(address)
    click_line(qtbot, panel, line)
    assert s.breakpoints["alpha"] == {address}
    assert line in panel.editor.breakpoint_lines
    c.run()
    qtbot.waitUntil(lambda: not c.running, timeout=10_000)
    assert c.last_reason == "breakpoint"
    assert panel.pc_line == line
    click_line(qtbot, panel, line)                 # a second click removes it
    assert s.breakpoints["alpha"] == set()
    assert line not in panel.editor.breakpoint_lines
    # A line without code does nothing.
    empty = next(n for n in range(1, 400) if n not in program.lines_to_addresses)
    click_line(qtbot, panel, empty)
    assert s.breakpoints["alpha"] == set()


def test_breakpoint_in_a_pinned_guest_under_the_vmm(qtbot, make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    panel.pin_guest("beta")
    program = s.guest("beta").program
    label = next(n for n in ("bputs", "bputdec") if n in program.labels)
    address = program.load_address_of(label)
    line = program.line_of(address)
    click_line(qtbot, panel, line)
    assert s.breakpoints["beta"] == {address}
    c.run()
    qtbot.waitUntil(lambda: not c.running, timeout=10_000)
    assert c.last_reason == "breakpoint"
    assert s.running_guest == "beta"
    assert panel.pc_line == line


def test_f9_toggles_the_breakpoint_on_the_cursor_line(qtbot, make_panel):
    c, panel = make_panel("native-alpha")
    program = c.session.guest("alpha").program
    line = min(program.lines_to_addresses)
    cursor = panel.editor.textCursor()
    cursor.setPosition(panel.editor.document().findBlockByNumber(line - 1).position())
    panel.editor.setTextCursor(cursor)
    panel.editor.setFocus()
    qtbot.keyClick(panel.editor, Qt.Key.Key_F9)
    assert c.session.breakpoints["alpha"] == {min(program.lines_to_addresses[line])}
    qtbot.keyClick(panel.editor, Qt.Key.Key_F9)
    assert c.session.breakpoints["alpha"] == set()


# ---------------------------------------------------------------------- robustness, style
@pytest.mark.parametrize("scenario", ["garbage", "halt-at-once", "wild-writer", "hog"])
def test_unusual_scenarios_never_raise(make_panel, scenario):
    c, panel = make_panel(scenario)
    for _ in range(5):
        c.step_cycle()
        c.step_instruction()
    c.run_to_next_trap()
    c.pause()
    c.session.run(200_000)
    c.changed.emit()
    assert panel.info.text()
    assert panel.shown_guest() in c.session.guest_names
    c.step_back()
    assert panel.info.text()


def test_halted_machine_says_so(make_panel):
    c, panel = make_panel("halt-at-once")
    c.session.run(100_000)
    c.changed.emit()
    assert c.session.halted
    assert panel.info_kind == "stopped"


def test_session_replaced_and_language_and_dark_palette(qtbot, make_panel):
    c, panel = make_panel("two-guests")
    c.open_scenario("native-beta")
    assert panel.editor.toPlainText() == c.session.guest("beta").program.source
    assert panel.guest_combo.count() == 2
    dark = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base,
                                                                  "#17181a"),
                        (QPalette.ColorRole.Text, "#e8e8e8"),
                        (QPalette.ColorRole.WindowText, "#e8e8e8")):
        dark.setColor(role, QColor(color))
    panel.setPalette(dark)
    c.step_instruction()
    assert marked_backgrounds(panel)[panel.pc_line] == pc_line_color(True).name()
    panel.retranslate()
    assert panel.guest_combo.itemText(0) == "follow the running guest"
    assert panel.title() == "Code"


def test_presenter_scale_enlarges_the_code(make_panel):
    from vmlab.gui import theme
    c, panel = make_panel("two-guests")
    normal = panel.editor.font().pointSizeF()
    width = panel.editor.gutter_width()
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel.editor.font().pointSizeF() == pytest.approx(normal * 1.6)
    assert panel.editor.gutter_width() > width


def test_docked_in_the_window(qtbot, main_window):
    panel = main_window.panels["code"]
    assert isinstance(panel, CodeViewPanel)
    assert main_window.docks["code"].windowTitle() == "Code"
    main_window.actions_by_name["step_instruction"].trigger()
    s = main_window.controller.session
    assert panel.pc_line == expected_pc_line(s, panel.shown_guest())
    main_window.set_presenter(True)
    assert panel.editor.font().pointSizeF() > 10 * 1.3      # presenter scale 1.4
    main_window.set_presenter(False)


def test_every_cycle_phase_has_a_translatable_name(make_panel):
    """Each name unit_phases can produce goes through the panel's tr() table."""
    from vmlab.isa.spec import OPS, TAKEN_BRANCH_CYCLES
    from vmlab.machine.cpu import Unit, unit_phases
    _, panel = make_panel("native-alpha")
    phases = set()
    for unit in (Unit("interrupt", 0, 4, 0, None, 8), Unit("trap", 0, 5, 0, None, 3),
                 Unit("wfi", 0, 7, 0, 0)):
        phases.update(unit_phases(unit))
    for opcode, info in OPS.items():
        word = opcode << 26                # the opcode alone decodes (all fields 0)
        for cost in {info.cycles, TAKEN_BRANCH_CYCLES}:
            phases.update(unit_phases(Unit("instr", 0, cost, 0, word)))
    assert {"div step 7", "trap entry: jump to TVEC", "bus cycle", "jump"} <= phases
    for phase in phases:
        assert panel.translated_phase(phase) is not None, phase


# ---------------------------------------------------------------------- binary translation
def test_translated_block_beside_the_original_under_binary_translation(show_panel):
    from vmlab.gui.panels.code_view import CodeViewPanel
    controller, panel = show_panel(CodeViewPanel, "two-guests-bt", (900, 500))
    session = controller.session
    assert panel.block_button.isVisible() and not panel.block_view.isVisible()
    reason = session.run_until(lambda s: s.activity().layer == "vmm"
                               and s.activity().step == "callout", max_cycles=200_000)
    assert reason == "predicate"
    controller.changed.emit()
    panel.block_button.click()
    assert panel.block_view.isVisible()
    guest = panel.shown_guest()
    view = session.guest(guest)
    assert view.kernel_mode
    block = next(b for b in session.translated_blocks(guest) if b.start <= view.pc < b.end)
    assert [a for a, _, _ in panel.block_lines] == list(range(block.start, block.end))
    assert [a for a, _, callout in panel.block_lines if callout] == list(block.callouts)
    assert view.pc in block.callouts                # stopped at a callout site
    assert panel.block_successors == tuple(block.successors)
    text = panel.block_view.toPlainText()
    assert "→ callout to the VMM" in text and "continues at" in text
    panel.block_button.click()
    assert not panel.block_view.isVisible()


def test_no_translated_block_toggle_under_other_techniques(show_panel):
    from vmlab.gui.panels.code_view import CodeViewPanel
    for scenario in ("two-guests", "two-guests-hw1"):
        controller, panel = show_panel(CodeViewPanel, scenario, (900, 500))
        controller.session.run(500)
        controller.changed.emit()
        assert not panel.block_button.isVisible() and not panel.block_view.isVisible()


def _stop_at_a_callout(controller, guest: str | None = None) -> None:
    session = controller.session
    reason = session.run_until(lambda s: s.activity().layer == "vmm"
                               and s.activity().step == "callout"
                               and (guest is None or s.activity().guest == guest),
                               max_cycles=400_000)
    assert reason == "predicate"
    controller.changed.emit()


def _rows_paragraph(panel):
    """The document block that holds the instruction rows (the one with the pc mark)."""
    from vmlab.gui.panels.code_view import PC_MARK
    document = panel.block_view.document()
    block = document.begin()
    while block.isValid():
        if PC_MARK in block.text():
            return block
        block = block.next()
    raise AssertionError("no row marks the pc")


@pytest.mark.parametrize("scenario", ["two-guests-bt", "syscaller-bt", "switcher-bt"])
def test_every_translated_block_fits_the_docks_width_unwrapped(show_panel, scenario):
    """At the width of the window's code dock (1280x720 and larger) every row of every
    block the run translated is one line: no sideways scrolling, no wrapped instruction."""
    from vmlab.gui.main_window import LEFT_WIDTH
    from vmlab.gui.panels.code_view import CodeViewPanel
    controller, panel = show_panel(CodeViewPanel, scenario, (LEFT_WIDTH, 300))
    panel.block_button.click()
    _stop_at_a_callout(controller)
    session = controller.session
    session.run(150_000)
    controller.changed.emit()
    view = panel.block_view
    assert view.horizontalScrollBar().maximum() == 0
    seen = 0
    for guest in session.guest_names:
        for block in session.translated_blocks(guest):
            for pc in {block.start, *block.callouts}:
                panel.show_block(block, pc)
                rows = len(panel.block_lines) + sum(c for _, _, c in panel.block_lines)
                paragraph = _rows_paragraph(panel)
                assert paragraph.layout().lineCount() == rows, (guest, hex(block.start))
                assert view.horizontalScrollBar().maximum() == 0
                seen += 1
    assert seen > 20


def test_a_short_dock_shows_the_block_in_the_codes_place(qtbot, prefs, make_controller):
    """The code dock of a 1280x720 window is a few lines high: the translated block takes
    the code's place (its rows are the original's) and shows the pc's line and its callout
    without scrolling; taller, both are shown, one above the other; wide, side by side."""
    from PySide6.QtWidgets import QApplication

    from vmlab.gui import i18n
    from vmlab.gui.main_window import MainWindow
    from vmlab.gui.panels.code_view import PC_MARK
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller("two-guests-bt"), prefs)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    panel = window.panels["code"]
    # The docks take their default sizes: a small code dock under the lesson.
    qtbot.waitUntil(lambda: panel.height() < 200 and panel.width() < 500, timeout=3_000)
    _stop_at_a_callout(window.controller)
    try:
        for language in ("en", "ca"):
            i18n.set_language(language)
            if not panel.block_button.isChecked():
                panel.block_button.click()
            QApplication.processEvents()
            view = panel.block_view
            assert view.isVisible() and panel.block_alone and not panel.editor.isVisible()
            assert panel.split.orientation() == Qt.Orientation.Vertical
            pc_line = view.document().find(PC_MARK)
            callout_line = view.document().find(panel.tr("→ callout to the VMM").split()[-1],
                                                pc_line)      # the line under the pc's
            for cursor in (pc_line, callout_line):
                rect = view.cursorRect(cursor)
                assert 0 <= rect.top() and rect.bottom() <= view.viewport().height(), language
            assert callout_line.position() > pc_line.position()
            assert view.horizontalScrollBar().maximum() == 0
        panel.block_button.click()                       # off: the code comes back
        assert panel.editor.isVisible() and not panel.block_view.isVisible()
        panel.block_button.click()
        dock = window.docks["code"]
        dock.setFloating(True)
        for size, alone, orientation in (((440, 700), False, Qt.Orientation.Vertical),
                                         ((1000, 500), False, Qt.Orientation.Horizontal)):
            dock.resize(*size)
            qtbot.waitUntil(lambda: panel.width() > size[0] - 40)
            QApplication.processEvents()
            assert panel.block_alone is alone and panel.editor.isVisible()
            assert panel.split.orientation() == orientation
            assert panel.block_view.isVisible()
    finally:
        i18n.set_language("en")


def test_the_pc_mark_follows_the_pc_inside_a_block(show_panel):
    from vmlab.gui.panels.code_view import PC_MARK, CodeViewPanel
    controller, panel = show_panel(CodeViewPanel, "two-guests-bt", (440, 600))
    panel.block_button.click()
    _stop_at_a_callout(controller, "alpha")
    panel.pin_guest("alpha")
    session = controller.session
    moved = 0
    for _ in range(40):
        view = session.guest("alpha")
        if view.kernel_mode and panel.block_lines:
            assert panel.block_pc == view.pc
            marked = [line for line in panel.block_view.toPlainText().splitlines()
                      if line.startswith(PC_MARK)]
            assert len(marked) == 1 and f"0x{view.pc:04X}" in marked[0]
            moved += 1
        controller.step_instruction()
    assert moved > 5


# ---------------------------------------------------------------------- room for the class
def _line_in_view(editor, line: int) -> bool:
    block = editor.document().findBlockByNumber(line - 1)
    geometry = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    return geometry.top() >= -0.5 and geometry.bottom() <= editor.viewport().height() + 0.5


def test_the_current_line_stays_in_view_as_the_dock_shrinks(make_panel, qtbot):
    """A VM exit's line (the guest's instruction) in view, however short the dock gets, and
    when presenter mode enlarges the code; a short dock keeps only the banner and the code."""
    from vmlab.gui import theme
    c, panel = make_panel("two-guests")
    session = c.session
    while True:
        c.run_to_next_trap()
        qtbot.waitUntil(lambda: not c.running, timeout=5000)
        event = session.last_trap_event()
        if event.guest == "beta" and not event.interrupt:
            break
    line = session.guest("beta").program.line_of(event.load_address)
    assert panel.trap_line == line
    for height in (560, 300, 200, 150, 120):
        panel.resize(440, height)
        QApplication.processEvents()
        assert _line_in_view(panel.editor, line), height
        # Tall enough: the picker and the badge; short: only the banner and the code.
        assert panel.guest_combo.isVisible() == (not panel.compact)
        assert panel.info.isVisible()
    assert panel.compact and not panel.mode_badge.isVisible()
    theme.set_scale(1.6)
    panel.apply_style()
    panel.resize(460, 220)
    QApplication.processEvents()
    assert _line_in_view(panel.editor, line)


@pytest.mark.parametrize("width", [900, 440, 300])
def test_the_badge_shows_its_whole_text(make_panel, width):
    """Beside the picker, under it, or in its short form: never cut ("beta · kernel mo…")."""
    c, panel = make_panel("two-guests")
    c.session.run_until(lambda s: s.guest("beta").kernel_mode and s.running_guest == "beta",
                        slice_cycles=50)
    c.changed.emit()
    panel.pin_guest("beta")
    panel.resize(width, 560)
    QApplication.processEvents()
    badge = panel.mode_badge
    assert badge.full_text() == "beta · guest kernel (deprivileged: user mode)"
    assert badge.text() == badge.shown_text() in (badge.full_text(), "beta · guest kernel")
    assert badge.fontMetrics().horizontalAdvance(badge.text()) <= badge.width() - badge.PADDING
    assert badge.toolTip() and "user mode" in badge.toolTip()
    if width >= 900:
        assert not panel.badge_below and badge.shown_text() == badge.full_text()
    # A halted guest: its state, whole.
    c.session.run()
    c.changed.emit()
    QApplication.processEvents()
    assert badge.text() == "beta · halted"


def test_after_a_halt_the_banner_says_the_machine_s_state(make_panel, qtbot):
    c, panel = make_panel("two-guests")
    c.run_to_next_trap()
    qtbot.waitUntil(lambda: not c.running, timeout=5000)
    assert panel.info.text().startswith("VM exit: PRIV")
    c.session.run()
    c.changed.emit()
    assert panel.info.text() == "The machine has stopped (state: powered off)."
    assert panel.trap_line is None


# ---------------------------------------------------------------------- after HALT
def source_line_text(view, line):
    return view.program.source.splitlines()[line - 1].split(";")[0].strip().lower()


@pytest.mark.parametrize("scenario, guest, instruction", [
    ("native-alpha", "alpha", "halt"),        # the bare machine
    ("two-guests", "beta", "halt"),           # a guest under trap-and-emulate
    ("two-guests-hw1", "beta", "halt"),       # hardware assist
    ("two-guests-pv", "alpha-pv", "hcall"),   # paravirtual: the halt hypercall
])
def test_a_halted_guest_s_arrow_is_on_the_instruction_that_halted_it(make_panel, scenario,
                                                                     guest, instruction):
    """Its pc is past the HALT; the arrow marks the HALT itself, tagged "halted here",
    not the line after it (`fault:` in the exercise's starter read as a crash)."""
    c, panel = make_panel(scenario)
    c.session.run_until(lambda s: s.guest(guest).state == "halted")
    view = c.session.guest(guest)
    assert view.state == "halted"
    panel.pin_guest(guest)
    c.changed.emit()
    QApplication.processEvents()
    after = expected_pc_line(c.session, guest)          # where the pc points: past it
    assert panel.pc_line is not None and panel.pc_line != after
    assert source_line_text(view, panel.pc_line).startswith(instruction)
    assert panel.pc_line == view.program.line_of(load_address(view) - 1)
    assert panel.editor.pc_tag == "halted here"
    rect = panel.editor.tag_rect()
    assert rect is not None and rect.right() <= panel.editor.viewport().width() + rect.width()
    # Stepping back, the guest runs again: an ordinary pc arrow, without the tag.
    for _ in range(20):
        c.step_back()
        if c.session.guest(guest).state != "halted":
            break
    c.changed.emit()
    assert c.session.guest(guest).state != "halted"
    assert panel.editor.pc_tag == ""


def test_a_running_guest_has_no_halt_tag(make_panel):
    c, panel = make_panel("native-alpha")
    for _ in range(3):
        c.step_instruction()
    assert panel.editor.pc_tag == "" and panel.halt_address is None
    assert panel.pc_line == expected_pc_line(c.session, "alpha")
