"""Stopping at a trap or VM exit selects it in every panel (issue 12, deliverable 3).

The window as a class sees it, at 1280x720 and 1920x1080, presenter mode on and
off, English and Catalan: after "Next trap" (Session.run_to_next_trap through
the controller's action) the trap inspector has selected the trap or VM exit by
itself and shows its steps and the VCPU before and after; the code view's
current line is the guest's instruction, inside the viewport; the memory view
shows the guest's instruction's physical address (not pc 0 in the VMM's
memory); the memory legend says how the CPU runs a guest kernel; and the texts
of these three panels fit their widgets.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6 import QtGui
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QLabel, QStyle,
                               QStyleOptionComboBox)

from vmlab.gui import i18n
from vmlab.gui.controller import MAX_SPEED
from vmlab.gui.main_window import MainWindow
from vmlab.gui.panels.traps import COL_COST
from vmlab.observe.events import VmExit, state_view

SIZES = ((1280, 720), (1920, 1080))
MINE = ("traps", "memory", "code")


@pytest.fixture
def window_for(qtbot, prefs, make_controller):
    """The whole window on a scenario, at a size, in a language, presenter mode on or off."""
    def make(scenario: str, size=(1280, 720), language: str = "en", presenter: bool = False):
        i18n.set_language(language)
        MainWindow.testing_dialogs = True
        window = MainWindow(make_controller(scenario), prefs)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if presenter:
            window.set_presenter(True)
        settle()
        return window
    yield make
    i18n.set_language("en")


def settle(rounds: int = 6) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def next_trap(window, qtbot, times: int = 1):
    """The toolbar's "Next trap", as many times; returns the trap or VM exit it stopped at."""
    controller = window.controller
    controller.set_speed(MAX_SPEED)
    for _ in range(times):
        controller.run_to_next_trap()
        qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    assert controller.last_reason == "trap"
    settle()
    return controller.session.last_trap_event()


def show(window, panel_id: str):
    """Bring a panel's dock to the front, as a lesson step that focuses it does."""
    window.highlight_panel(panel_id)
    settle()
    panel = window.panels[panel_id]
    assert panel.isVisible()
    return panel


def line_in_view(editor, line: int) -> bool:
    block = editor.document().findBlockByNumber(line - 1)
    geometry = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    return geometry.top() >= -0.5 and geometry.bottom() <= editor.viewport().height() + 0.5


def row_in_view(table, row: int) -> bool:
    rect = table.visualRect(table.model().index(row, 0))
    return rect.isValid() and table.viewport().rect().contains(
        QRect(0, rect.top(), 1, rect.height()))


# ---------------------------------------------------------------------- each panel
def assert_trap_inspector_shows(panel, event) -> None:
    """The inspector's selected row is the event, and its details are on screen."""
    selected = panel.selected_event()
    assert selected is not None and selected.seq == event.seq
    assert panel.table.currentIndex().row() == panel.model.row_of_seq(event.seq)
    if panel.table.isVisible():
        assert row_in_view(panel.table, panel.table.currentIndex().row())
    else:
        # A dock too small for both (presenter mode at 1280x720): the details fill it, and
        # say which exit it is (the row's cycle and guest).
        assert panel._cramped and panel.details.isVisible()
        assert f"{event.cycle:,}".replace(",", "") in panel.detail_title.text().replace(
            ",", "").replace(".", "") and event.guest in panel.detail_title.text()
    assert panel.detail_stack.currentWidget() is panel.detail_body
    assert panel.detail_body.isVisible() and not panel.placeholder.isVisible()
    assert event.cause in panel.detail_title.text()
    # The steps: those done, and the one the VMM is doing now.
    shown = list(panel.steps_bar.steps) + ([panel.steps_bar.in_flight[:2]]
                                           if panel.steps_bar.in_flight else [])
    assert shown and panel.steps_label.text()
    assert [(k, c) for k, c in panel.steps_bar.steps] == [(str(k), c) for k, c in event.steps]
    if isinstance(event, VmExit):
        # Handled now: the VMM's step in flight is shown, and the VCPU before and after.
        assert panel.steps_bar.in_flight is not None
        kind, done, total = panel.steps_bar.in_flight
        assert panel.step_text(kind) in panel.steps_label.text() and 0 <= done < total
        assert panel.state_stack.currentWidget() is panel.state_table
        assert panel.state_table.isVisible()
        before = state_view(event.before)
        assert panel.state_rows["pc"][0] == before["pc"] == event.pc
        table = panel.state_model
        names = [table.text(r, 0) for r in range(table.rowCount())]
        r = names.index("pc")
        assert table.text(r, 1) == f"0x{event.pc:04X}"
        assert table.text(r, 2) == panel.tr("(not yet)")      # after: still to come
    else:
        assert panel.state_stack.currentWidget() is panel.state_note
        assert event.cause in panel.state_note.text()


def assert_code_view_shows(panel, session, event) -> None:
    """The guest that trapped, its instruction's line marked and inside the viewport."""
    assert panel.shown_guest() == event.guest
    program = session.guest(event.guest).program
    line = program.line_of(event.load_address)
    assert line is not None
    assert panel.trap_line == line
    assert panel.editor.isVisible() and line_in_view(panel.editor, line)
    assert panel.info.isVisible() and event.cause in panel.info.text()


def assert_memory_shows(panel, session, event) -> None:
    """The guest's instruction's physical address is the row in view, marked."""
    address = session.physical_address(event.guest, event.load_address)
    assert panel.follow.isChecked()
    assert panel.model.focus_row == address == panel.follow_target()
    assert row_in_view(panel.table, address)
    assert panel.model.cell_text(address, 3) == event.instruction
    if session.under_vmm:
        # The CPU is in the VMM (its pc is the trap vector, 0): the view is not there.
        assert panel.model.pc_row == 0 and address != 0
        assert not row_in_view(panel.table, 0)
    assert panel.focus_text(panel.map.layout_info.focus) in panel.row_tooltip(address, {})


# ---------------------------------------------------------------------- the tests
@pytest.mark.parametrize("scenario", ["native-alpha", "two-guests", "two-guests-hw1"])
def test_stopping_at_a_trap_selects_it_in_every_panel(window_for, qtbot, scenario):
    window = window_for(scenario)
    session = window.controller.session
    for times in (1, 3):
        event = next_trap(window, qtbot, times)
        assert event is not None and event.cycle <= session.cycle
        if session.under_vmm:
            assert session.exit_in_progress().seq == event.seq
        else:
            assert event.cycle == session.cycle
        assert_code_view_shows(show(window, "code"), session, event)
        assert_trap_inspector_shows(show(window, "traps"), event)
        assert_memory_shows(show(window, "memory"), session, event)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("presenter", [False, True])
def test_every_window_size_mode_and_language_shows_the_exit(window_for, qtbot, size,
                                                            presenter):
    """A lesson's moment: stopped at Beta's first privileged instruction; in English, then
    in Catalan (the language switched live)."""
    window = window_for("two-guests", size, "en", presenter)
    session = window.controller.session
    event = next_trap(window, qtbot)
    while not (event.guest == "beta" and event.cause == "PRIV"):
        event = next_trap(window, qtbot)
    for language in ("en", "ca"):
        window.set_language(language)
        settle()
        code = show(window, "code")
        assert_code_view_shows(code, session, event)
        assert_texts_fit(code)
        traps = show(window, "traps")
        assert_trap_inspector_shows(traps, event)
        assert_texts_fit(traps)
        memory = show(window, "memory")
        assert_memory_shows(memory, session, event)
        assert_texts_fit(memory)
    assert traps.guest_label.text() == "Guest (convidat):"


def test_following_an_exit_cycle_by_cycle(window_for, qtbot):
    """While the VMM handles the exit, the inspector follows it step by step; the user's own
    choice of row is kept until the next exit."""
    window = window_for("two-guests", (1920, 1080))
    controller = window.controller
    session = controller.session
    event = next_trap(window, qtbot)
    traps = show(window, "traps")
    seen = []
    while session.exit_in_progress() is not None:
        assert traps.selected_event().seq == event.seq
        seen.append((tuple(traps.steps_bar.steps), traps.steps_bar.in_flight,
                     traps.steps_label.text()))
        controller.step_cycle()
    done = session.trap_events()[-1] if session.trap_events()[-1].seq == event.seq else None
    assert done is not None and done.after is not None
    # Every cycle showed a different moment of the work; the done steps only grew.
    assert len(seen) == len({s[2] for s in seen}) > 10
    assert [len(s[0]) for s in seen] == sorted(len(s[0]) for s in seen)
    assert {s[1][0] for s in seen if s[1]} >= {"exit", "emulate"}
    # Done: still selected, its cost and steps final, no step in flight.
    assert traps.selected_event().seq == event.seq and traps.steps_bar.in_flight is None
    assert traps.model.cell_text(traps.selected_event(), COL_COST) == str(done.cost)
    assert "so far" not in traps.steps_label.text()
    # The user picks another row; stepping on does not take it away ...
    traps.select_row(0)
    first = traps.selected_event().seq
    controller.step_instruction()
    assert traps.selected_event().seq == first
    # ... until the next exit.
    event = next_trap(window, qtbot)
    assert traps.selected_event().seq == event.seq


def test_an_exit_in_progress_costs_at_least_what_it_has_cost(window_for, qtbot):
    window = window_for("two-guests")
    event = next_trap(window, qtbot)
    traps = show(window, "traps")
    row = traps.model.row_of_seq(event.seq)
    cost = traps.model.data(traps.model.index(row, COL_COST))
    assert cost == f"≥ {event.cost}" and "…" not in cost
    assert "so far" in traps.row_tooltip(event)


def test_a_user_reading_older_rows_is_not_pulled_down(window_for, qtbot):
    window = window_for("two-guests", (1920, 1080))
    traps = show(window, "traps")
    window.controller.session.run(30_000)
    window.controller.changed.emit()
    bar = traps.table.verticalScrollBar()
    bar.setValue(0)
    event = next_trap(window, qtbot)
    assert traps.selected_event().seq == event.seq     # selected, details shown
    assert bar.value() == 0                            # where the user was reading


@pytest.mark.parametrize("scenario, kernel_words", [
    ("two-guests", "guest kernel (deprivileged: user mode)"),
    ("two-guests-bt", "guest kernel (deprivileged: user mode)"),
    ("two-guests-pv", "guest kernel (deprivileged: user mode)"),
    ("two-guests-hw1", "guest kernel (guest mode: kernel mode)"),
])
def test_the_legend_says_how_the_cpu_runs_a_guest_kernel(window_for, qtbot, scenario,
                                                         kernel_words):
    """Under trap and emulate the physical CPU runs a guest kernel in user mode: the memory
    legend and the code view's badge never say "kernel mode" for it."""
    window = window_for(scenario, (1920, 1080))
    next_trap(window, qtbot)
    memory = show(window, "memory")
    info = memory.map.layout_info
    name = next(n for n, mode in info.modes.items() if mode == "kernel")   # a guest kernel
    assert window.controller.session.guest(name).kernel_mode
    text = memory.window_text(name, *info.windows[name], info)
    assert kernel_words in text
    if "deprivileged" in kernel_words:
        assert "kernel mode" not in text
    code = show(window, "code")
    code.pin_guest(name)
    assert code.mode_badge.full_text() == f"{name} · {kernel_words}"
    assert code.mode_badge.shown_text() in (code.mode_badge.full_text(),
                                            f"{name} · guest kernel")
    # Catalan: the same words, translated.
    i18n.set_language("ca")
    settle()
    memory = show(window, "memory")
    text = memory.window_text(name, *info.windows[name], info)
    assert "nucli convidat (" in text and "mode nucli virtual" not in text
    if "deprivileged" in kernel_words:
        assert "(sense privilegis: mode usuari)" in text


def test_native_legend_and_badge_say_kernel_mode(window_for, qtbot):
    window = window_for("native-alpha", (1920, 1080))
    next_trap(window, qtbot)
    code = show(window, "code")
    assert code.mode_badge.full_text() == "alpha · kernel mode"


@pytest.mark.parametrize("scenario", ["native-alpha", "two-guests"])
def test_after_the_machine_stops_the_panels_say_so(window_for, qtbot, scenario):
    """No banner still says "VM exit: PRIV — emulated by the VMM" once the machine has
    halted: the code view says its state with the window's one word for it."""
    from PySide6.QtCore import QCoreApplication

    from vmlab.gui.labels import machine_state, run_state_label
    window = window_for(scenario, (1280, 720))
    controller = window.controller
    next_trap(window, qtbot, 3)           # a trap or VM exit shown first
    controller.session.run()
    controller.changed.emit()
    settle()
    session = controller.session
    assert session.halted
    for language in ("en", "ca"):
        window.set_language(language)
        settle()
        code = show(window, "code")
        word = run_state_label(machine_state(session, False))
        assert word in code.info.text()
        assert code.trap_line is None and code.info_kind == "stopped"
        for key in ("VM exit: %1", "Trap: %1"):
            start = QCoreApplication.translate("CodeViewPanel", key).split("%1")[0]
            assert start not in code.info.text()
        memory = show(window, "memory")
        assert memory.map.layout_info.focus is None and memory.follow_target() is None
        assert_texts_fit(code)
        assert_texts_fit(memory)


# ---------------------------------------------------------------------- texts that fit
def _visible(widget, panel) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.window() is panel.window()


def assert_texts_fit(panel) -> None:
    """Every visible label, button, picker and header section of the panel shows its whole
    text (nothing cut or elided); the trap table's Cost cells fit their column."""
    problems = []
    for label in panel.findChildren(QLabel):
        if not _visible(label, panel) or not label.text():
            continue
        if label.wordWrap() or QtGui.Qt.mightBeRichText(label.text()):
            need = label.heightForWidth(label.width())
            if need > label.height() + 1:
                problems.append(f"label {label.text()[:40]!r} needs {need} px of height, "
                                f"has {label.height()}")
            continue
        if label.text().endswith("…"):
            problems.append(f"label {label.text()!r} is elided")
        room = label.contentsRect().width()
        need = QFontMetricsF(label.font()).horizontalAdvance(label.text())
        if hasattr(label, "PADDING"):            # the code view's badge: padding in its style
            room = label.width() - label.PADDING
        if need > room + 1:
            problems.append(f"label {label.text()!r} needs {need:.0f} px, has {room}")
    for button in panel.findChildren(QAbstractButton):
        if _visible(button, panel) and button.text() and \
                button.width() + 1 < button.sizeHint().width():
            problems.append(f"button {button.text()!r} is {button.width()} px of "
                            f"{button.sizeHint().width()}")
    for combo in panel.findChildren(QComboBox):
        if not _visible(combo, panel) or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                             QStyle.SubControl.SC_ComboBoxEditField, combo)
        need = QFontMetricsF(combo.font()).horizontalAdvance(combo.currentText())
        if not combo.itemIcon(combo.currentIndex()).isNull():
            need += combo.iconSize().width() + 4
        if need > field.width() + 1:
            problems.append(f"picker {combo.currentText()!r} needs {need:.0f} px, has "
                            f"{field.width()}")
    if panel.panel_id == "traps":
        table, model = panel.table, panel.model
        header = table.horizontalHeader()
        shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
        assert shown and (not table.isVisible() or sum(
            header.sectionSize(c) for c in shown) <= table.viewport().width() + 1), \
            "a column is cut at the table's edge"
        for column in shown:
            text = model.headerData(column, Qt.Orientation.Horizontal)
            need = QFontMetricsF(header.font()).horizontalAdvance(text)
            if need + 8 > header.sectionSize(column) + 1:
                problems.append(f"header {text!r} needs {need:.0f} px")
        state = panel.state_table
        if state.isVisible():          # the VCPU's before and after: no column at the edge
            widths = sum(state.columnWidth(c) for c in range(state.model().columnCount()))
            assert widths <= state.viewport().width() + 1, "the VCPU table is cut at its edge"
        bold = QFontMetricsF(panel.bold_font)
        for row in range(max(0, model.rowCount() - 20), model.rowCount()):
            if table.isColumnHidden(COL_COST):
                break
            text = model.data(model.index(row, COL_COST))
            if bold.horizontalAdvance(text) + 8 > header.sectionSize(COL_COST) + 1:
                problems.append(f"cost {text!r} is wider than its column")
    if panel.panel_id == "code":
        badge = panel.mode_badge
        if badge.isVisible():
            assert badge.text() == badge.shown_text() and "…" not in badge.text()
    assert not problems, "\n".join(problems)
