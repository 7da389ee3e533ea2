"""The trap inspector: rows = the session's trap events, filters, details, time travel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from vmlab.gui import theme
from vmlab.gui.controller import SessionController
from vmlab.gui.panels.traps import (COL_ACTION, COL_CAUSE, COL_COST, COL_CYCLE, COL_GUEST,
                                    COL_INSTRUCTION, COL_MODE, COL_PC, TrapInspectorPanel)
from vmlab.scenario import load_scenario
from vmlab.session import Session
from vmlab.vmm.events import TrapTaken, VmExit, state_view

STEP_NAMES = {"trap-entry": "trap entry", "exit": "VM exit", "emulate": "emulate",
              "reflect": "reflect", "route-input": "route input", "inject": "inject interrupt",
              "switch": "world switch", "entry": "VM entry"}
ACTION_NAMES = {"emulate": "emulate", "reflect": "reflect", "resume": "resume",
                "route-input": "route input", "crash": "crash"}


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests", controller: SessionController | None = None):
        return show_panel(TrapInspectorPanel, scenario, (1200, 360), controller)
    return make


def text(panel, row, column):
    return panel.model.data(panel.model.index(row, column))


def shown_seqs(panel):
    return [panel.model.data(panel.model.index(r, 0), Qt.ItemDataRole.UserRole)
            for r in range(panel.model.rowCount())]


def assert_rows_are_the_events(panel, session):
    events = session.trap_events()
    assert panel.model.rowCount() == len(events)
    assert shown_seqs(panel) == [e.seq for e in events]
    for row in (0, len(events) // 2, len(events) - 1):
        if not events:
            break
        e = events[row]
        assert text(panel, row, COL_CYCLE) == f"{e.cycle:,}"
        assert text(panel, row, COL_GUEST) == e.guest
        assert text(panel, row, COL_CAUSE) == e.cause
        assert text(panel, row, COL_PC) == f"0x{e.pc:04X}"


def test_rows_equal_the_vm_exits_after_a_run(make_panel):
    controller, panel = make_panel()
    controller.session.run(40_000)
    controller.changed.emit()
    session = controller.session
    events = session.trap_events()
    assert len(events) > 300
    assert_rows_are_the_events(panel, session)
    for row, e in enumerate(events):
        assert text(panel, row, COL_ACTION) == ACTION_NAMES[e.action]
        assert text(panel, row, COL_MODE) == e.vmode
        if e.after is not None:
            assert text(panel, row, COL_COST) == str(e.cost)
        if not e.interrupt:
            assert text(panel, row, COL_INSTRUCTION) == e.instruction
    assert {text(panel, r, COL_CAUSE) for r in range(len(events))} >= {"PRIV", "TIMER"}
    assert panel.count_label.text() == f"{len(events):,} VM exits"


def test_rows_grow_incrementally_and_autoscroll(make_panel, qtbot):
    controller, panel = make_panel()
    session = controller.session
    for _ in range(5):
        session.run(3_000)
        controller.changed.emit()
        assert_rows_are_the_events(panel, session)
    bar = panel.table.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == bar.maximum()   # newest row in view
    # The user scrolls up: new rows no longer pull the view down.
    bar.setValue(0)
    session.run(5_000)
    controller.changed.emit()
    assert_rows_are_the_events(panel, session)
    assert bar.value() == 0
    # Running with the controller's frames: rows follow, view follows when at the bottom.
    panel.table.scrollToBottom()
    controller.run()
    # two-guests may reach its end within a few frames: that ends the run too.
    qtbot.waitUntil(lambda: controller.frames >= 3 or not controller.running, timeout=5000)
    controller.pause()
    assert_rows_are_the_events(panel, session)
    # The scroll bar's range follows the rows after Qt's deferred layout pass.
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=2000)


def test_filters_reduce_rows(make_panel, qtbot):
    controller, panel = make_panel()
    controller.session.run(60_000)
    controller.changed.emit()
    events = controller.session.trap_events()

    def check(expected):
        assert shown_seqs(panel) == [e.seq for e in expected]
        assert panel.count_label.text() == f"{len(expected):,} of {len(events):,} VM exits"

    combo = panel.guest_filter
    combo.setCurrentIndex(combo.findData("alpha"))
    check([e for e in events if e.guest == "alpha"])
    panel.cause_filter.setCurrentIndex(panel.cause_filter.findData("SYSCALL"))
    check([e for e in events if e.guest == "alpha" and e.cause == "SYSCALL"])
    panel.action_filter.setCurrentIndex(panel.action_filter.findData("reflect"))
    expected = [e for e in events if e.guest == "alpha" and e.cause == "SYSCALL"
                and e.action == "reflect"]
    assert expected
    check(expected)
    panel.set_filter(guest="__all__", cause="__all__", action="__all__")
    assert panel.model.rowCount() == len(events)

    # The text filter (debounced while typing).
    qtbot.keyClicks(panel.text_filter, "TVEC")
    expected = [e for e in events if "tvec" in e.instruction.lower()]
    assert expected
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(expected), timeout=2000)
    check(expected)
    panel.text_filter.clear()
    qtbot.waitUntil(lambda: panel.model.rowCount() == len(events), timeout=2000)

    # Filters stay on while new rows arrive.
    panel.set_filter(cause="TIMER")
    controller.session.run(20_000)
    controller.changed.emit()
    events = controller.session.trap_events()
    check([e for e in events if e.cause == "TIMER"])


def test_selecting_a_row_shows_steps_and_state(make_panel, qtbot):
    controller, panel = make_panel()
    controller.session.run(20_000)
    controller.changed.emit()
    events = controller.session.trap_events()
    row = next(i for i, e in enumerate(events) if e.action == "emulate"
               and "mtsr" in e.instruction)
    event = events[row]
    # Nothing is selected unless the run stopped inside a VM exit (then that one is).
    now = controller.session.exit_in_progress()
    assert panel.go_button.isEnabled() == (now is not None)
    assert (panel.selected_event() is None) == (now is None)
    panel.table.setFocus()
    rect = panel.table.visualRect(panel.model.index(row, COL_CYCLE))
    panel.table.scrollTo(panel.model.index(row, COL_CYCLE))
    rect = panel.table.visualRect(panel.model.index(row, COL_CYCLE))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected_event() is event
    assert panel.go_button.isEnabled()
    assert panel.steps_shown == [(STEP_NAMES[k], c) for k, c in event.steps]
    assert [k for k, _ in event.steps] == ["trap-entry", "exit", "emulate", "entry"]
    assert panel.steps_label.text().endswith(f"= {event.cost} cycles")
    assert panel.steps_bar.steps == [(k, c) for k, c in event.steps]
    before, after = state_view(event.before), state_view(event.after)
    assert panel.state_rows["pc"] == (before["pc"], after["pc"])
    assert panel.state_rows["r3"] == (before["regs"][3], after["regs"][3])
    assert panel.state_rows["TVEC"] == (before["sr"]["TVEC"], after["sr"]["TVEC"])
    changed = {n for n, (b, a) in panel.state_rows.items() if b != a}
    assert "pc" in changed and panel.state_changed == changed
    # "Only changed" lists exactly the changed registers, with their values.
    table = panel.state_model
    names = [table.text(r, 0) for r in range(table.rowCount())]
    assert set(names) == changed
    r = names.index("pc")
    assert table.text(r, 1) == f"0x{before['pc']:04X}"
    assert table.text(r, 2) == f"0x{after['pc']:04X}"
    assert table.index(r, 1).data() == table.text(r, 1)       # what the view shows
    # A changed register: its values highlighted, its name and value after in bold.
    highlight = theme.changed_background(panel.palette())
    background, font = Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.FontRole
    assert table.index(r, 1).data(background) == table.index(r, 2).data(background) == highlight
    assert table.index(r, 0).data(font).bold() and table.index(r, 2).data(font).bold()
    assert table.index(r, 0).data(background) is None and table.index(r, 1).data(font) is None
    panel.only_changed.setChecked(False)
    assert panel.state_model.rowCount() == 1 + 11 + 15 + 1    # pc, SRs, r1-r15, clock
    names = [table.text(r, 0) for r in range(table.rowCount())]
    still = names.index(next(n for n in names if n not in changed))
    assert table.index(still, 1).data(background) is None             # unchanged: plain
    # Filled again and again (every exit shown fills it): the same rows each time.
    for n in range(100):
        panel.only_changed.setChecked(n % 2 == 0)
        QApplication.processEvents()
    assert panel.state_model.rowCount() == 1 + 11 + 15 + 1
    panel.state_table.grab()


def test_go_to_this_moment_and_back_in_time(make_panel, qtbot):
    controller, panel = make_panel()
    session = controller.session
    session.run(30_000)
    controller.changed.emit()
    events = session.trap_events()
    row = len(events) // 3
    target = events[row]
    panel.select_row(row)
    qtbot.mouseClick(panel.go_button, Qt.MouseButton.LeftButton)
    assert session.cycle == target.cycle
    # No rows after the present; the trap we went to is still selected.
    assert_rows_are_the_events(panel, session)
    assert all(e.cycle <= session.cycle for e in panel.model.rows)
    assert panel.model.rowCount() == row + 1
    assert panel.selected_event().seq == target.seq
    assert panel.selected_event().cycle == session.cycle
    # At this moment the VMM has only just been entered: its work is still to come.
    assert panel.selected_event().after is None
    assert "still handling" in panel.steps_label.text()
    # Going forward again, the table grows again (and the exit completes).
    for _ in range(3):
        controller.step_instruction()
    assert panel.selected_event().after is not None
    session.run(10_000)
    controller.changed.emit()
    assert_rows_are_the_events(panel, session)
    assert panel.model.rowCount() > row + 1
    # Step back with the controller's own travel: the rows follow again.
    controller.travel_to(5_000)
    assert_rows_are_the_events(panel, session)
    assert all(e.cycle <= 5_000 for e in panel.model.rows)
    controller.back_to_previous_trap()
    assert_rows_are_the_events(panel, session)
    assert panel.model.rows[-1].cycle == session.cycle


def test_double_click_goes_to_the_moment(make_panel, qtbot):
    controller, panel = make_panel()
    controller.session.run(10_000)
    controller.changed.emit()
    event = panel.model.rows[5]
    panel.table.scrollTo(panel.model.index(5, 0))
    rect = panel.table.visualRect(panel.model.index(5, COL_GUEST))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert controller.session.cycle == 10_000          # a click only selects
    assert panel.selected_event() is event
    qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert controller.session.cycle == event.cycle


def test_native_session_shows_hardware_traps(make_panel):
    controller, panel = make_panel("native-alpha")
    session = controller.session
    session.run(20_000)
    controller.changed.emit()
    events = session.trap_events()
    assert events and all(isinstance(e, TrapTaken) for e in events)
    assert_rows_are_the_events(panel, session)
    for row, e in enumerate(events):
        assert text(panel, row, COL_ACTION) == "trap to kernel"
        assert text(panel, row, COL_COST) == ("4" if e.interrupt else "1 + 4")
        assert text(panel, row, COL_MODE) == e.mode
    assert panel.count_label.text() == f"{len(events):,} traps"
    assert [panel.action_filter.itemData(i) for i in range(panel.action_filter.count())] == \
        ["__all__", "trap-to-kernel"]
    fault = next(i for i, e in enumerate(events) if not e.interrupt)
    panel.select_row(fault)
    assert panel.steps_shown == [("faulting instruction", 1), ("trap entry", 4)]
    assert panel.state_stack.currentWidget() is panel.state_note
    assert events[fault].cause in panel.state_note.text()
    interrupt = [i for i, e in enumerate(events) if e.interrupt]
    if interrupt:
        panel.select_row(interrupt[0])
        assert panel.steps_shown == [("trap entry", 4)]
        assert text(panel, interrupt[0], COL_INSTRUCTION) == "(interrupt)"


def test_session_replaced_and_empty_log(make_panel):
    controller, panel = make_panel()
    assert panel.model.rowCount() == 0
    assert panel.table.empty_text
    panel.grab()
    controller.session.run(10_000)
    controller.changed.emit()
    assert panel.model.rowCount() > 0
    panel.select_row(0)
    controller.open_scenario("native-beta")
    assert panel.model.rowCount() == 0 and panel.selected_event() is None
    assert [panel.guest_filter.itemData(i) for i in range(panel.guest_filter.count())] == \
        ["__all__", "beta"]
    controller.session.run(20_000)
    controller.changed.emit()
    assert_rows_are_the_events(panel, controller.session)
    controller.reset()
    assert panel.model.rowCount() == 0


def test_bounded_log_drops_the_oldest_rows(make_panel):
    session = Session(load_scenario("two-guests"), log_size=300)
    controller, panel = make_panel(controller=SessionController(session))
    for _ in range(6):
        session.run(7_000)
        controller.changed.emit()
        assert_rows_are_the_events(panel, session)
    assert session.log.events[0].seq > 0          # the log really wrapped
    controller.travel_to(session.cycle - 3_000)
    assert_rows_are_the_events(panel, session)


@pytest.mark.parametrize("scenario", ["garbage", "hog", "wild-writer", "halt-at-once"])
def test_robust_on_every_scenario(make_panel, scenario):
    controller, panel = make_panel(scenario)
    for _ in range(5):
        controller.step_cycle()
    controller.session.run(200_000)
    controller.changed.emit()
    assert_rows_are_the_events(panel, controller.session)
    panel.select_row(panel.model.rowCount() - 1)
    panel.set_number_base("dec")
    panel.grab()
    events = controller.session.trap_events()
    crashes = [i for i, e in enumerate(events) if e.action == "crash"]
    if scenario == "garbage":
        assert crashes
        panel.set_filter(action="crash")
        assert panel.model.rowCount() == len(crashes)
        assert text(panel, 0, COL_ACTION) == "crash"
        assert panel.model.data(panel.model.index(0, COL_ACTION),
                                Qt.ItemDataRole.ForegroundRole) is not None


def test_presenter_and_layout(make_panel):
    from vmlab.gui import theme
    controller, panel = make_panel()
    controller.session.run(10_000)
    controller.changed.emit()
    panel.select_row(3)
    row_h = panel.table.verticalHeader().defaultSectionSize()
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel.table.verticalHeader().defaultSectionSize() > row_h * 1.4
    panel.grab()
    theme.set_scale(1.0)
    panel.apply_style()
    assert panel.splitter.orientation() == Qt.Orientation.Horizontal    # wide bottom dock
    panel.resize(500, 800)
    assert panel.splitter.orientation() == Qt.Orientation.Vertical      # tall side dock
    panel.grab()
    assert isinstance(panel.model.rows[0], VmExit)
    assert panel.title() == "Trap inspector"


def test_decimal_base_and_language_change(make_panel):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    controller, panel = make_panel()
    controller.session.run(10_000)
    controller.changed.emit()
    events = controller.session.trap_events()
    panel.set_number_base("dec")
    assert text(panel, 0, COL_PC) == str(events[0].pc)
    pc = next(e.pc for e in events if e.pc >= 100)
    panel.set_filter(text=str(pc))          # the decimal pc, as the table now shows it
    shown = set(shown_seqs(panel))
    assert {e.seq for e in events if e.pc == pc} <= shown
    assert all(str(pc) in f"{e.cycle} {e.pc} {e.instruction}" for e in panel.model.rows)
    panel.set_filter(text="")
    panel.set_number_base("hex")
    panel.select_row(2)
    headers = list(panel.headers)
    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.headers == headers and panel.model.headerData(
        COL_CAUSE, Qt.Orientation.Horizontal) == "Cause"
    assert panel.go_button.text() == "Go to this moment"
    assert panel.selected_event() is events[2] and panel.steps_shown


# ---------------------------------------------------------------------- the technique's work
def test_binary_translation_lists_translations_and_callouts_and_hides_them(make_panel):
    controller, panel = make_panel("two-guests-bt")
    session = controller.session
    reason = session.run_until(lambda s: s.activity().layer == "vmm"
                               and s.activity().step == "callout", max_cycles=200_000)
    assert reason == "predicate"
    session.run(40)                     # the callout is done and logged
    controller.changed.emit()
    assert panel.work_filter.isVisible()
    causes = [text(panel, r, COL_CAUSE) for r in range(panel.model.rowCount())]
    assert "translation" in causes and "callout" in causes
    row = causes.index("callout")
    callout = next(e for e in session.log.events if e.kind == "callout")
    assert text(panel, row, COL_INSTRUCTION) == callout.instruction
    assert text(panel, row, COL_ACTION) == "emulate"
    assert text(panel, row, COL_COST) == str(callout.cost)
    first = causes.index("translation")
    assert "instr." in text(panel, first, COL_INSTRUCTION)
    panel.select_row(first)             # the details say what was translated
    assert "Callouts" in panel.state_note.text()
    panel.select_row(row)               # a callout changes the VCPU: its state table
    assert panel.state_stack.currentWidget() is panel.state_table
    # The VM exits are counted alone; the filter hides the work rows.
    exits = session.trap_events()
    assert panel.count_label.text().endswith(f"{len(exits):,} VM exits") or \
        panel.count_label.text() in ("1 VM exit", "")
    panel.work_filter.setChecked(False)
    assert shown_seqs(panel) == [e.seq for e in exits]
    panel.work_filter.setChecked(True)
    assert panel.model.rowCount() > len(exits)
    # Time travel keeps them in step; seqs stay in order.
    session.run(20_000)
    controller.changed.emit()
    seqs = shown_seqs(panel)
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    listed = [e.seq for e in session.log.events
              if e.kind in ("translation", "callout", "invalidation")] + \
        [e.seq for e in session.trap_events()]
    assert seqs == sorted(listed)
    controller.travel_to(200)
    seqs = shown_seqs(panel)
    assert seqs == sorted(seqs) and all(s.cycle <= 200 for s in panel.model.rows)


def test_other_techniques_show_no_work_filter(make_panel):
    for scenario in ("two-guests", "two-guests-hw1"):
        controller, panel = make_panel(scenario)
        controller.session.run(5_000)
        controller.changed.emit()
        assert not panel.work_filter.isVisible()
        assert_rows_are_the_events(panel, controller.session)


def test_hardware_exit_reasons_join_the_cause_filter(make_panel):
    controller, panel = make_panel("two-guests-hw1")
    controller.session.run(5_000)
    controller.changed.emit()
    causes = {panel.cause_filter.itemData(i) for i in range(panel.cause_filter.count())}
    seen = {e.cause for e in controller.session.trap_events()}
    assert "IO" in seen and seen <= causes
    panel.set_filter(cause="IO")
    assert panel.model.rowCount() == sum(1 for e in controller.session.trap_events()
                                         if e.cause == "IO") > 0


# ---------------------------------------------------------------------- hypercalls
def served_hypercall(session, exit_event):
    """The VMM's record of the hypercall an exit served (logged after it, same guest)."""
    events, _ = session.events.read(None)
    return next(e for e in events if e.kind == "hypercall" and e.seq > exit_event.seq
                and e.guest == exit_event.guest)


def hypercall_shown(panel) -> str:
    """The hypercall lines of the details, as rich text with plain spaces."""
    return panel.hypercall_label.text().replace("&nbsp;", " ")


def select_event(panel, event) -> None:
    panel.select_row(panel.model.row_of_seq(event.seq))
    assert panel.selected_event() is event


def test_a_hypercall_exit_shows_its_name_arguments_and_result(make_panel):
    controller, panel = make_panel("two-guests-pv")
    session = controller.session
    # Stop at the first write hypercall with something to print: the exit has begun.
    while True:
        assert session.run_to_next_trap(max_cycles=200_000) == "trap"
        current = session.exit_in_progress()
        if current is not None and current.action == "hypercall" and current.tval == 3:
            break
    controller.changed.emit()
    select_event(panel, panel.model.rows[-1])
    label = panel.hypercall_label
    assert label.isVisible()
    regs = state_view(current.before)["regs"]
    shown = hypercall_shown(panel)
    # Not served yet: the number and the arguments, no name (the VMM has not logged it).
    assert shown == (f"<b>Hypercall 3</b>: (r1 = 0x{regs[1]:08X}, r2 = 0x{regs[2]:08X})"
                     "<br>Result: (not yet)")
    # The VMM serves it: its name, and what came back in r1 (the words it wrote).
    session.run_until(lambda s: s.exit_in_progress() is None, max_cycles=1_000)
    controller.changed.emit()
    exit_event = next(e for e in session.trap_events() if e.seq == current.seq)
    select_event(panel, exit_event)
    served = served_hypercall(session, exit_event)
    assert served.name == "write" and served.error is None and served.words == regs[2] > 0
    after = state_view(exit_event.after)["regs"]
    assert after[1] == served.result == regs[2]
    shown = hypercall_shown(panel)
    assert shown == (f"<b>Hypercall 3</b>: <code>write</code>(r1 = 0x{regs[1]:08X}, "
                     f"r2 = 0x{regs[2]:08X})<br>Result: r1 = 0x{after[1]:08X} · "
                     f"{served.words} words read from the guest's memory")
    panel.set_number_base("dec")
    assert f"r1 = {regs[1]}, r2 = {regs[2]}" in hypercall_shown(panel)
    assert f"Result: r1 = {after[1]} · " in hypercall_shown(panel)
    # Any other exit (Beta's, trapped and emulated) has no hypercall to show.
    session.run(20_000)
    controller.changed.emit()
    other = next(e for e in session.trap_events() if e.action != "hypercall")
    select_event(panel, other)
    assert not label.isVisible() and label.text() == ""


def test_every_hypercall_of_a_run_is_named_as_the_vmm_logged_it(make_panel):
    controller, panel = make_panel("two-guests-pv")
    session = controller.session
    session.run(30_000)
    controller.changed.emit()
    exits = [e for e in session.trap_events() if e.action == "hypercall"]
    assert len({e.tval for e in exits}) >= 4           # several kinds of hypercall
    for e in exits:
        served = served_hypercall(session, e)
        select_event(panel, e)
        shown = hypercall_shown(panel)
        regs = state_view(e.before)["regs"]
        assert shown.startswith(f"<b>Hypercall {e.tval}</b>: <code>{served.name}</code>"
                                f"(r1 = 0x{regs[1]:08X}, r2 = 0x{regs[2]:08X})<br>")
        if served.result is None:                      # switch, eret: back into the guest
            pc = state_view(e.after)["pc"]
            assert f"does not return to the instruction after the HCALL (pc afterwards " \
                   f"0x{pc:04X})" in shown
        else:
            assert f"Result: r1 = 0x{served.result & 0xFFFF_FFFF:08X}" in shown


ERRORS_KERNEL = """
        li    r1, 11
        li    r2, 22
        hcall 9              ; no such hypercall
        li    r1, 0x3000     ; past the guest's 4,096 words
        li    r2, 8
        hcall 3              ; write
        li    r1, 0
        li    r2, 5000       ; longer than a write may be
        hcall 3
        hcall 2              ; getc, with no input waiting
        hcall 7              ; halt
"""


@pytest.fixture
def errors_scenario(tmp_path):
    (tmp_path / "pv-errors.vl32").write_text(ERRORS_KERNEL, encoding="utf-8")
    path = tmp_path / "pv-errors.toml"
    path.write_text('[scenario]\ntitle = { en = "errors", ca = "errors" }\n'
                    'technique = "paravirtual"\n\n'
                    '[[guest]]\nname = "pv"\nprogram = "pv-errors"\nmemory = 4096\n',
                    encoding="utf-8")
    return str(path)


def test_a_failed_hypercall_shows_its_error_code_and_meaning(make_panel, errors_scenario):
    from vmlab.gui import i18n
    controller = SessionController(Session(load_scenario(errors_scenario)))
    controller.session.run(20_000)
    _, panel = make_panel(controller=controller)
    exits = [e for e in controller.session.trap_events() if e.action == "hypercall"]
    assert [e.tval for e in exits] == [9, 3, 3, 2, 7]
    expected = [("−1 (0xFFFFFFFF)", "unknown hypercall"),
                ("−3 (0xFFFFFFFD)", "address outside the guest's memory"),
                ("−2 (0xFFFFFFFE)", "bad argument"),
                ("−4 (0xFFFFFFFC)", "nothing to read")]
    for e, (code, meaning) in zip(exits, expected):
        served = served_hypercall(controller.session, e)
        assert served.error == meaning                 # as the VMM logged it
        select_event(panel, e)
        assert f"<b>Error</b>: r1 = {code}, {meaning}" in hypercall_shown(panel)
    select_event(panel, exits[0])
    assert "r1 = 0x0000000B, r2 = 0x00000016" in hypercall_shown(panel)
    assert "<code>unknown-9</code>" in hypercall_shown(panel)
    select_event(panel, exits[-1])
    assert "<code>halt</code>" in hypercall_shown(panel)
    try:
        i18n.set_language("ca")
        select_event(panel, exits[1])
        shown = hypercall_shown(panel)
        assert shown.startswith("<b>Hipercrida 3</b>: <code>write</code>"
                                "(r1 = 0x00003000, r2 = 0x00000008)<br>")
        assert "<b>Error</b>: r1 = −3 (0xFFFFFFFD), adreça fora de la memòria del guest" \
            in shown
        select_event(panel, exits[2])
        assert "argument incorrecte" in hypercall_shown(panel)
    finally:
        i18n.set_language("en")


def test_a_short_dock_keeps_the_hypercall_in_view(main_window, qtbot):
    """The trap inspector's tab of a 1280x720 window: the details show the hypercall's
    two lines without scrolling, in both languages, and a row of the state under them."""
    from PySide6.QtWidgets import QApplication

    from vmlab.gui import i18n
    main_window.resize(1280, 720)
    main_window.controller.open_scenario("two-guests-pv")
    main_window.controller.session.run(3_000)
    main_window.controller.changed.emit()
    dock = main_window.docks["traps"]
    dock.show()
    dock.raise_()
    panel = main_window.panels["traps"]
    qtbot.waitUntil(panel.isVisible)
    hypercall = next(e for e in panel.model.rows if e.action == "hypercall" and e.tval == 3)
    try:
        for language in ("en", "ca"):
            i18n.set_language(language)
            select_event(panel, hypercall)
            for _ in range(5):
                QApplication.processEvents()
            assert panel.height() < 250                 # a short dock indeed
            label, view = panel.hypercall_label, panel.summary_scroll.viewport()
            assert label.isVisible() and panel.summary_scroll.verticalScrollBar().value() == 0
            bottom = label.mapTo(view, label.rect().bottomLeft()).y()
            assert bottom <= view.height(), (language, bottom, view.height())
            assert label.heightForWidth(label.width()) <= label.height()
            state = panel.state_table
            assert state.isVisible() and state.viewport().height() >= \
                state.verticalHeader().defaultSectionSize()
    finally:
        i18n.set_language("en")


# ---------------------------------------------------------------------- stopped at an exit
def test_next_trap_selects_the_exit_and_follows_its_steps(make_panel, qtbot):
    controller, panel = make_panel()
    session = controller.session
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    current = session.exit_in_progress()
    assert panel.selected_event().seq == current.seq
    assert panel.detail_stack.currentWidget() is panel.detail_body
    kind, done, total = panel.steps_bar.in_flight
    assert (kind, done, total) == (session.activity().step, *session.activity().progress)
    assert panel.steps_label.text().endswith("cycles so far (the VMM is still handling "
                                             "this exit)")
    row = panel.model.row_of_seq(current.seq)
    assert text(panel, row, COL_COST) == f"≥ {current.cost}"
    for _ in range(7):
        controller.step_cycle()
    assert panel.steps_bar.in_flight[1] == done + 7
    assert text(panel, row, COL_COST) == f"≥ {current.cost + done + 7}"


def test_a_small_dock_shows_the_exit_rather_than_cut_it(make_panel, qtbot):
    """Columns are left out whole, filters lose their labels rather than be cut, then go;
    too small for the table beside the details, the details of the selected exit fill the
    dock."""
    from PySide6.QtCore import QModelIndex
    from PySide6.QtWidgets import QApplication, QLayout

    from vmlab.gui import theme
    controller, panel = make_panel()
    controller.session.run(5_000)
    controller.changed.emit()
    table = panel.table
    for width, scale in ((1200, 1.0), (900, 1.0), (700, 1.0), (1200, 1.6), (600, 1.6)):
        theme.set_scale(scale)
        panel.apply_style()
        panel.resize(width, 360)
        QApplication.processEvents()
        shown = [c for c in range(8) if not table.isColumnHidden(c)]
        assert {COL_CYCLE, COL_GUEST} <= set(shown)
        assert sum(table.columnWidth(c) for c in shown) <= table.viewport().width() + 1
        combos = (panel.guest_filter, panel.cause_filter, panel.action_filter)
        assert all(c.width() >= c.sizeHint().width() for c in combos)
        labels = (panel.guest_label, panel.cause_label, panel.action_label)
        assert all(lb.width() >= lb.sizeHint().width() for lb in labels if lb.isVisible())
    assert panel.filters_box.isVisible() and panel.search_box.isVisible()
    # As in a dock (a window of its own would keep the layout's minimum height).
    panel.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    panel.setMinimumSize(0, 0)
    panel.resize(700, 230)
    QApplication.processEvents()
    assert panel.height() == 230
    assert not panel.filters_box.isVisible()
    if panel.selected_event() is not None:        # (the run stopped inside an exit)
        assert not table.isVisible() and panel.details.isVisible()
        table.setCurrentIndex(QModelIndex())
        QApplication.processEvents()
    assert panel.selected_event() is None
    assert table.isVisible() and not panel.details.isVisible()   # nothing selected: the list
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    QApplication.processEvents()
    assert not table.isVisible() and panel.details.isVisible()
    event = panel.selected_event()
    assert event.guest in panel.detail_title.text() and event.cause in panel.detail_title.text()
    state = panel.state_table
    assert sum(state.columnWidth(c) for c in range(3)) <= state.viewport().width() + 1


def test_catalan_filter_label(make_panel):
    from PySide6.QtWidgets import QApplication

    from vmlab.gui import i18n
    _controller, panel = make_panel()
    try:
        i18n.set_language("ca")
        QApplication.processEvents()
        assert panel.guest_label.text() == "Guest (convidat):"
        assert panel.headers[COL_COST] == "Cost"
    finally:
        i18n.set_language("en")
        QApplication.processEvents()
