"""The memory panel: owner map, shadow windows, hex/disassembly table, go to, follow pc."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from vmlab.asm import disassemble
from vmlab.gui import theme
from vmlab.gui.panels.memory import (COL_ADDRESS, COL_CHAR, COL_INSTRUCTION, COL_OWNER,
                                     COL_VALUE, MemoryPanel, pc_background)


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests"):
        return show_panel(MemoryPanel, scenario, (560, 720))
    return make


def cell(panel, row, column, role=Qt.ItemDataRole.DisplayRole):
    return panel.model.data(panel.model.index(row, column), role)


def row_visible(panel, row) -> bool:
    rect = panel.table.visualRect(panel.model.index(row, COL_ADDRESS))
    return rect.isValid() and panel.table.viewport().rect().intersects(rect)


def expected_windows(session):
    return {g.name: tuple(session.vmm.technique.shadow_window(g)) for g in session.vmm.guests}


def test_map_shows_owners_windows_and_save_areas(make_panel):
    controller, panel = make_panel()
    session = controller.session
    controller.session.run(20_000)
    controller.step_instruction()
    info = panel.map.layout_info
    assert info.spans == [tuple(s) for s in session.memory_owners()]
    assert [s[2] for s in info.spans] == ["vmm", "alpha", "beta", "free"]
    assert info.windows == expected_windows(session)
    assert info.save_areas == {g.name: session.vmm.save_area_address(g)
                               for g in session.vmm.guests}
    # A guest is running (physical user mode): its window is the CPU's BASE/BOUND.
    current = session.vmm.current_guest
    assert current is not None and info.active == current.name
    m = session.machine
    assert info.physical_window == (m.base, m.bound)
    assert info.physical_window == session.vmm.technique.shadow_window(current)


def test_window_of_a_guest_in_user_mode_is_its_process_window(make_panel):
    controller, panel = make_panel()
    session = controller.session
    alpha = session.vmm.by_name["alpha"]
    reason = session.run_until(lambda s: not alpha.vcpu.kernel_mode
                               and s.vmm.current_guest is alpha, max_cycles=200_000,
                               slice_cycles=50)
    assert reason == "predicate"
    controller.changed.emit()
    info = panel.map.layout_info
    base, bound = session.vmm.technique.shadow_window(alpha)
    assert info.windows["alpha"] == (base, bound)
    assert alpha.base < base and bound < alpha.size      # a process window inside alpha
    assert info.modes["alpha"] == "user"
    assert info.active == "alpha" and info.physical_window == (base, bound)
    assert info.windows == expected_windows(session)


def test_no_window_is_active_while_the_vmm_works(make_panel, qtbot):
    controller, panel = make_panel()
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    session = controller.session
    assert session.vmm.current_guest is None
    info = panel.map.layout_info
    assert info.active is None and info.physical_window is None
    assert info.windows == expected_windows(session)
    # The physical pc is the VMM's trap vector, and the table marks it.
    assert info.pc == session.machine.translate(session.machine.pc) == 0
    assert panel.model.pc_row == 0


def test_cells_are_the_word_its_character_and_its_disassembly(make_panel):
    controller, panel = make_panel()
    session = controller.session
    controller.session.run(5_000)
    controller.changed.emit()
    mem = session.machine.mem
    alpha = session.vmm.by_name["alpha"]
    assert panel.model.rowCount() == session.machine.memory_words == 65_536
    for row in list(range(alpha.base, alpha.base + 40)) + [0, 20, 65_535]:
        word = mem[row]
        assert cell(panel, row, COL_ADDRESS) == f"0x{row:04X}"
        assert cell(panel, row, COL_VALUE) == f"0x{word:08X}"
        guest_address = row - alpha.base if alpha.base <= row < alpha.base + alpha.size else row
        assert cell(panel, row, COL_INSTRUCTION) == disassemble(word, guest_address)
        char = chr(word) if 0x20 <= word <= 0x7E or 0xA0 <= word <= 0xFF else ""
        assert cell(panel, row, COL_CHAR) == char
    # Owners: guest words carry the guest's own address (and label), VMM words their role.
    entry = alpha.spec.program.label_loads["trap_entry"]
    assert cell(panel, alpha.base + entry, COL_OWNER) == f"alpha 0x{entry:04X} · trap_entry"
    assert cell(panel, alpha.base + 1, COL_OWNER).startswith("alpha 0x0001")
    save = session.vmm.save_area_address(session.vmm.by_name["beta"])
    assert cell(panel, save + 16, COL_OWNER) == "VMM: beta.pc"
    assert cell(panel, 40_000, COL_OWNER) == "free"
    # A string in memory shows its characters.
    text_rows = [r for r in range(alpha.base, alpha.base + alpha.size)
                 if 0x41 <= mem[r] <= 0x5A]
    assert text_rows and cell(panel, text_rows[0], COL_CHAR) == chr(mem[text_rows[0]])


def test_decimal_base(make_panel):
    controller, panel = make_panel()
    panel.set_number_base("dec")
    word = controller.session.machine.mem[300]
    assert cell(panel, 300, COL_ADDRESS) == "300"
    assert cell(panel, 300, COL_VALUE) == str(word)
    panel.set_number_base("hex")
    assert cell(panel, 300, COL_ADDRESS) == "0x012C"


def test_only_visible_rows_are_formatted(make_panel):
    controller, panel = make_panel()
    calls = []
    original = panel.model.cell_text
    panel.model.cell_text = lambda row, column: calls.append(row) or original(row, column)
    panel.follow.setChecked(False)
    panel.scroll_to_address(65_535)
    panel.grab()
    panel.scroll_to_address(30_000)
    panel.grab()
    assert calls, "the table painted nothing"
    assert len(set(calls)) < 200          # two screens of rows, never 65,536
    assert 65_535 in calls and 30_000 in calls
    assert row_visible(panel, 30_000)


def test_go_to_hex_decimal_and_label(make_panel, qtbot):
    controller, panel = make_panel()
    session = controller.session
    beta = session.vmm.by_name["beta"]
    alpha = session.vmm.by_name["alpha"]

    qtbot.keyClicks(panel.go_edit, "0x4100")
    qtbot.keyClick(panel.go_edit, Qt.Key.Key_Return)
    assert panel.current_address() == 0x4100 and row_visible(panel, 0x4100)
    assert not panel.follow.isChecked()          # navigating stops following the pc
    assert panel.shown_guest() == "beta"

    # A label resolves in the shown guest's program: its load address + the guest's base.
    label = "primes_title"
    panel.go_edit.clear()
    qtbot.keyClicks(panel.go_edit, label)
    qtbot.keyClick(panel.go_edit, Qt.Key.Key_Return)
    target = beta.base + beta.spec.program.label_loads[label]
    assert panel.current_address() == target and row_visible(panel, target)

    # guest:label picks another guest; decimal works too.
    assert panel.go_to("alpha:trap_entry")
    target = alpha.base + alpha.spec.program.label_loads["trap_entry"]
    assert panel.current_address() == target and row_visible(panel, target)
    assert panel.shown_guest() == "alpha"
    assert panel.go_to("do_syscall")
    assert panel.current_address() == alpha.base + alpha.spec.program.label_loads["do_syscall"]
    assert panel.go_to("1000") and panel.current_address() == 1000
    assert panel.go_error.text() == ""

    # Unknown text: an error, and the view stays where it was.
    assert not panel.go_to("no_such_label")
    assert panel.go_error.text() != ""
    assert not panel.go_to("0x10000")       # past the end of memory
    assert panel.current_address() == 1000


def test_follow_pc_marks_and_keeps_the_pc_row_visible(make_panel):
    controller, panel = make_panel()
    session = controller.session
    assert panel.follow.isChecked()
    palette = panel.palette()
    for _ in range(3):
        controller.session.run(7_000)
        controller.step_instruction()
        pc = session.machine.translate(session.machine.pc)
        assert panel.model.pc_row == pc
        assert row_visible(panel, pc)
        assert cell(panel, pc, COL_VALUE, Qt.ItemDataRole.BackgroundRole) == \
            pc_background(palette)
        assert cell(panel, pc, COL_ADDRESS, Qt.ItemDataRole.DecorationRole) is not None
        assert cell(panel, pc + 1, COL_ADDRESS, Qt.ItemDataRole.DecorationRole) is None
    # Without follow, the view stays put while the pc moves on.
    panel.follow.setChecked(False)
    panel.scroll_to_address(50_000)
    controller.step_instruction()
    assert not row_visible(panel, panel.model.pc_row)
    assert row_visible(panel, 50_000)
    panel.follow.setChecked(True)
    assert row_visible(panel, panel.model.pc_row)


def test_clicking_the_map_shows_that_address(make_panel, qtbot):
    controller, panel = make_panel()
    beta = controller.session.vmm.by_name["beta"]
    scale = panel.map.scale()
    target = beta.base + beta.size // 2
    x = int(scale.x(target))
    qtbot.mouseClick(panel.map, Qt.MouseButton.LeftButton, pos=QPoint(x, panel.map.height() // 3))
    row = panel.current_address()
    assert beta.base <= row < beta.base + beta.size
    assert abs(row - target) <= beta.size // 50
    assert row_visible(panel, row)
    assert not panel.follow.isChecked()
    # The VMM region is drawn wide enough to click its save areas.
    save = controller.session.vmm.save_area_address(beta)
    qtbot.mouseClick(panel.map, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(scale.x(save + 16)), panel.map.height() // 3))
    assert save <= panel.current_address() < save + 32


def _next_is_store(session) -> bool:
    m = session.machine
    if session.vmm.current_guest is None or m.inflight is not None:
        return False
    phys = m.translate(m.pc)
    return phys is not None and m.mem[phys] >> 26 == 0x1B      # SW


def test_words_changed_by_the_last_step_are_highlighted(make_panel):
    controller, panel = make_panel()
    session = controller.session
    session.run(3_000)
    controller.changed.emit()
    assert session.run_until(_next_is_store, max_cycles=100_000) == "predicate"
    controller.changed.emit()
    before = list(session.machine.mem)
    controller.step_instruction()
    mem = session.machine.mem
    diff = [a for a, (old, new) in enumerate(zip(before, mem)) if old != new]
    assert diff, "the store changed no word"
    assert panel.model.changed_rows() == diff
    palette = panel.palette()
    for row in diff:
        if row != panel.model.pc_row:
            assert cell(panel, row, COL_VALUE, Qt.ItemDataRole.BackgroundRole) == \
                theme.changed_background(palette)
    unchanged = next(r for r in range(1000, 2000) if r not in diff and r != panel.model.pc_row)
    assert cell(panel, unchanged, COL_VALUE, Qt.ItemDataRole.BackgroundRole) is None
    # A refresh without a new cycle keeps the highlight; the next step compares anew.
    controller.changed.emit()
    assert panel.model.changed_rows() == diff
    before = list(session.machine.mem)
    controller.step_cycle()
    assert panel.model.changed_rows() == [a for a, (old, new) in
                                          enumerate(zip(before, session.machine.mem))
                                          if old != new]


def test_native_map_and_window(make_panel):
    controller, panel = make_panel("native-alpha")
    session = controller.session
    info = panel.map.layout_info
    assert info.spans == [(0, 16_384, "alpha")] == [tuple(s) for s in session.memory_owners()]
    assert info.windows == {"alpha": (0, 16_384)}         # kernel mode: no relocation
    assert panel.model.rowCount() == 16_384
    m = session.machine
    reason = session.run_until(lambda s: not s.machine.kernel_mode, max_cycles=100_000)
    assert reason == "predicate"
    controller.changed.emit()
    info = panel.map.layout_info
    assert info.windows == {"alpha": (m.base, m.bound)} and info.active == "alpha"
    assert info.physical_window == (m.base, m.bound)
    assert panel.model.pc_row == m.base + m.pc
    assert cell(panel, 5, COL_INSTRUCTION) == disassemble(m.mem[5], 5)
    assert cell(panel, 5, COL_OWNER).startswith("alpha")


def test_session_replaced_rebuilds(make_panel):
    controller, panel = make_panel()
    controller.open_scenario("native-beta")
    assert panel.model.rowCount() == controller.session.machine.memory_words
    assert panel.map.layout_info.spans == [tuple(s) for s in controller.session.memory_owners()]
    controller.open_scenario("two-guests")
    assert panel.model.rowCount() == 65_536
    assert len(panel.map.layout_info.windows) == 2


@pytest.mark.parametrize("scenario", ["garbage", "halt-at-once", "wild-writer", "hog",
                                      "native-beta"])
def test_robust_on_every_scenario(make_panel, scenario):
    controller, panel = make_panel(scenario)
    panel.grab()
    for _ in range(3):
        controller.step_cycle()              # mid-instruction, mid VMM step
    panel.grab()
    controller.session.run(150_000)
    controller.changed.emit()
    panel.grab()
    info = panel.map.layout_info
    assert info.spans == [tuple(s) for s in controller.session.memory_owners()]
    if controller.session.halted:
        assert info.active is None and info.pc is None
    panel.set_number_base("dec")
    panel.grab()
    assert panel.title() == "Memory"


def test_presenter_scale_and_dark_palette(make_panel, qapp):
    from PySide6.QtGui import QColor, QPalette
    controller, panel = make_panel()
    controller.session.run(10_000)
    controller.changed.emit()
    normal_height = panel.map.height()
    normal_row = panel.table.verticalHeader().defaultSectionSize()
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel.table.verticalHeader().defaultSectionSize() > normal_row * 1.4
    assert panel.map.height() > normal_height * 1.3
    panel.grab()
    theme.set_scale(1.0)
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#181818"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    panel.setPalette(dark)
    pc = panel.model.pc_row
    background = cell(panel, pc, COL_VALUE, Qt.ItemDataRole.BackgroundRole)
    assert background.lightness() < 128                     # no glaring yellow on dark
    assert cell(panel, pc, COL_VALUE, Qt.ItemDataRole.ForegroundRole) == theme.text_on(background)
    assert not panel.grab().isNull()


def test_language_change_keeps_the_view(make_panel):
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication
    controller, panel = make_panel()
    panel.go_to("0x4100")
    QApplication.sendEvent(panel, QEvent(QEvent.Type.LanguageChange))
    assert panel.model.headerData(COL_OWNER, Qt.Orientation.Horizontal) == "Owner"
    assert panel.follow.text() == "Follow pc"
    assert panel.current_address() == 0x4100


def test_hardware_assist_labels_the_control_blocks(make_panel):
    controller, panel = make_panel("two-guests-hw1")
    controller.session.run(300)
    controller.changed.emit()
    info = panel.map.layout_info
    mm = controller.session.memory_map()
    assert info.control_blocks == mm.control_blocks and set(mm.control_blocks) == \
        {"alpha", "beta"}
    start = info.control_blocks["beta"]
    assert info.control_block_of(start) == ("beta", 0)
    assert info.control_block_of(start + mm.control_block_words) != ("beta", mm.control_block_words)
    assert panel.owner_text(start, {}) == "VMM: revision (control block of beta)"
    assert panel.owner_text(start + 13, {}) == "VMM: exit reason (control block of beta)"
    assert panel.owner_text(start + 17, {}) == "VMM: r1 (control block of beta)"
    assert "Control block of beta" in panel.map_tooltip(start + 1)
    panel.map.grab()
    # Other techniques have none.
    controller, panel = make_panel("two-guests")
    assert panel.map.layout_info.control_blocks == {}


# ---------------------------------------------------------------------- at a trap or VM exit
@pytest.mark.parametrize("scenario", ["native-alpha", "two-guests", "two-guests-hw1",
                                      "two-guests-bt"])
def test_at_a_trap_it_shows_the_guest_s_instruction(make_panel, qtbot, scenario):
    """Not pc 0 in the VMM's memory: the word of the instruction that trapped, marked, in
    view, named on the map; while the VMM goes on working, the word the guest resumes at."""
    from vmlab.gui.panels.memory import focus_background
    controller, panel = make_panel(scenario)
    session = controller.session
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=5000)
    event = session.last_trap_event()
    address = event.load_address + (session.guest(event.guest).base if session.under_vmm
                                    else 0)
    info = panel.map.layout_info
    assert info.focus == (address, "exit" if session.under_vmm else "trap", event.guest)
    assert panel.model.focus_row == address and row_visible(panel, address)
    assert cell(panel, address, COL_INSTRUCTION) == event.instruction
    assert cell(panel, address, COL_VALUE, Qt.ItemDataRole.BackgroundRole) == \
        focus_background(panel.palette())
    assert event.guest in panel.row_tooltip(address, {})
    if session.under_vmm:
        assert panel.model.pc_row == 0 and not row_visible(panel, 0)
    # Back in the guest: the physical pc again.
    controller.step_instruction()
    if session.activity().layer == "guest":
        assert panel.map.layout_info.focus is None
        assert panel.follow_target() == panel.model.pc_row


def test_the_legend_never_says_kernel_mode_for_a_deprivileged_kernel(make_panel):
    controller, panel = make_panel("two-guests")
    controller.session.run_to_next_trap()
    controller.changed.emit()
    info = panel.map.layout_info
    guest = next(n for n, mode in info.modes.items() if mode == "kernel")
    text = panel.window_text(guest, *info.windows[guest], info)
    assert "guest kernel (deprivileged: user mode)" in text and "kernel mode" not in text
    native_controller, native = make_panel("native-alpha")
    native_controller.session.run_to_next_trap()
    native_controller.changed.emit()
    info = native.map.layout_info
    assert "kernel mode" in native.window_text("alpha", *info.windows["alpha"], info)


def test_a_short_dock_keeps_the_map_off_the_rows(make_panel):
    """A bottom tab at 1280x720: the map loses its title and ticks, nothing overlaps; the
    Owner column is never narrower than the owners shown."""
    from PySide6.QtWidgets import QApplication
    controller, panel = make_panel("two-guests")
    controller.session.run_to_next_trap()
    controller.changed.emit()
    for height in (720, 300, 190):
        panel.resize(1270, height)
        QApplication.processEvents()
        assert panel.map.geometry().bottom() < panel.go_edit.geometry().top()
        assert panel.map.tiny == (height < 250)
    panel.resize(520, 190)
    QApplication.processEvents()
    header = panel.table.horizontalHeader()
    fm = panel.table.fontMetrics()
    first, last = panel.visible_rows()
    widest = max(fm.horizontalAdvance(cell(panel, r, COL_OWNER)) for r in range(first, last + 1))
    assert header.sectionSize(COL_OWNER) >= widest
    assert panel.table.isColumnHidden(COL_CHAR)
