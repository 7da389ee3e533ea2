"""The registers panel: CPU and VCPU values, decoded flags, highlights, number base."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from vmlab.gui import theme
from vmlab.gui.panels.registers import CPU, FLAGS_ROLE, ROWS, RegistersPanel
from vmlab.isa.spec import CAUSE_NAMES, SR_NAMES, STATUS_IE, STATUS_KMODE, STATUS_PIE, \
    STATUS_PKMODE


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests"):
        return show_panel(RegistersPanel, scenario, (560, 900))
    return make


def column_values(session, column):
    """(regs, pc, sr) the panel should show for a column, read from the session."""
    if column == CPU:
        m = session.machine
        return list(m.regs), m.pc, m.sr_dict()
    view = session.guest(column)
    sr = dict(view.sr)
    if session.running_guest == column:
        # A running guest's clock-driven registers, as MFSR would read them now.
        v = session.vmm.by_name[column].vcpu
        sr["CYCLE"] = view.vclock & 0xFFFF_FFFF
        sr["TIMER"] = max(0, v.deadline - view.vclock) if v.deadline < 1 << 62 else 0
        sr["IPEND"] = (sr["IPEND"] & ~1) | (1 if v.deadline <= view.vclock else 0)
    return view.regs, view.pc, sr


def hex8(value):
    return f"0x{value:08X}"


def assert_cells_match(panel, session):
    for column in panel.model.columns:
        regs, pc, sr = column_values(session, column)
        assert panel.cell_text("pc", column) == hex8(pc)
        for i in range(16):
            assert panel.cell_text(f"r{i}", column) == hex8(regs[i]), (column, i)
        for name in SR_NAMES:
            if name == "CAUSE":
                expected = f"{CAUSE_NAMES[sr[name]]} ({sr[name]})" if sr[name] in CAUSE_NAMES \
                    else hex8(sr[name])
            else:
                expected = hex8(sr[name])
            assert panel.cell_text(name, column) == expected, (column, name)


def test_cells_equal_the_session_after_scripted_steps(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    assert panel.model.columns == [CPU, "alpha", "beta"]
    assert_cells_match(panel, s)
    for _ in range(40):
        c.step_instruction()
        assert_cells_match(panel, s)
    c.run_to_next_trap()
    c.pause()
    s.run(30_000)                      # deep into the run: processes, both guests
    c.step_instruction()
    assert_cells_match(panel, s)
    for _ in range(7):
        c.step_cycle()
        assert_cells_match(panel, s)
    # A running guest's general registers and pc are the CPU's.
    running = s.running_guest
    if running:
        for key in ["pc"] + [f"r{i}" for i in range(16)]:
            assert panel.cell_text(key, running) == panel.cell_text(key, CPU)


def test_status_flags_decode(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    flags_row = panel.row_of("STATUS.flags")
    c.step_instruction()
    c.step_instruction()
    assert s.running_guest == "alpha"
    for column in panel.model.columns:
        status = column_values(s, column)[2]["STATUS"]
        index = panel.model.index(flags_row, panel.column_of(column))
        lines = panel.model.data(index, FLAGS_ROLE)
        shown = dict(pill for line in lines for pill in line)
        assert shown == {"IE": bool(status & STATUS_IE), "KMODE": bool(status & STATUS_KMODE),
                         "PIE": bool(status & STATUS_PIE),
                         "PKMODE": bool(status & STATUS_PKMODE)}
        on = [n for n in ("IE", "KMODE", "PIE", "PKMODE") if shown[n]]
        assert panel.cell_text("STATUS.flags", column) == (" ".join(on) or "—")
    # The lesson in one glance: the guest kernel believes it is in kernel mode,
    # while the physical CPU runs it in user mode.
    cpu = dict(p for line in panel.model.data(panel.model.index(flags_row, 0), FLAGS_ROLE)
               for p in line)
    alpha = dict(p for line in panel.model.data(
        panel.model.index(flags_row, panel.column_of("alpha")), FLAGS_ROLE) for p in line)
    assert cpu["KMODE"] is False and alpha["KMODE"] is True
    assert panel.cell_text("STATUS.flags", "alpha") == "KMODE"


def test_ipend_bits_and_cause_name(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    s.run(30_000)
    c.run_to_next_trap()
    c.pause()
    for column in panel.model.columns:
        sr = column_values(s, column)[2]
        expected = [n for n, bit in (("TIMER", 1), ("CONSOLE", 2), ("DISK", 4))
                    if sr["IPEND"] & bit]
        assert panel.cell_text("IPEND.bits", column) == (" ".join(expected) or "—")
    cause = s.machine.cause
    assert panel.cell_text("CAUSE", CPU) == f"{CAUSE_NAMES[cause]} ({cause})"


def test_changed_cells_are_highlighted_exactly(make_panel):
    c, panel = make_panel("two-guests")
    s = c.session
    derived = {"STATUS.flags": "STATUS", "IPEND.bits": "IPEND"}
    seen_highlight = seen_plain = 0
    for step in range(30):
        (c.step_cycle if step % 3 == 0 else c.step_instruction)()
        before = c.before
        for column in panel.model.columns:
            regs, pc, sr = column_values(s, column)
            if column == CPU:
                old_regs, old_pc, old_sr = before.cpu_regs[:16], before.cpu_regs[16], \
                    before.cpu_sr
            else:
                old_regs, old_sr, old_pc = before.guests[column]
            now = {**{f"r{i}": v for i, v in enumerate(regs)}, "pc": pc, **sr}
            old = {**{f"r{i}": v for i, v in enumerate(old_regs)}, "pc": old_pc, **old_sr}
            for row in ROWS:
                source = derived.get(row.key, row.key)
                expected = now[source] != old[source]
                assert panel.is_highlighted(row.key, column) == expected, (step, column, row)
                seen_highlight += expected
                seen_plain += not expected
    assert seen_highlight and seen_plain
    # The highlight uses the theme's colour.
    c.step_instruction()
    index = panel.model.index(panel.row_of("CYCLE"), 0)
    assert panel.model.data(index, Qt.ItemDataRole.BackgroundRole) == \
        theme.changed_background(panel.palette())


def test_an_instruction_highlights_what_it_wrote(make_panel):
    c, panel = make_panel("native-alpha")
    c.step_instruction()      # la sp, kstack_top: LUI sp (upper bits: 0, unchanged) ...
    c.step_instruction()      # ... then ORI sp: sp changes
    changed = {row.key for row in ROWS if panel.is_highlighted(row.key, CPU)}
    assert "r14" in changed and "pc" in changed and "CYCLE" in changed
    assert "r1" not in changed and "STATUS" not in changed


def test_hex_and_decimal(qtbot, make_panel):
    c, panel = make_panel("native-alpha")
    s = c.session
    for _ in range(12):
        c.step_instruction()
    s.machine.regs[5] = 0xFFFF_FFFE           # a negative value (test setup)
    c.changed.emit()
    c.step_cycle()
    assert panel.cell_text("r5", CPU) == "0xFFFFFFFE"
    pc = s.machine.pc
    panel.set_number_base("dec")
    assert panel.number_base == "dec"
    assert panel.dec_button.isChecked()
    assert panel.cell_text("r5", CPU) == "-2"                   # registers: signed
    assert panel.cell_text("pc", CPU) == str(pc)
    assert panel.cell_text("CYCLE", CPU) == theme.fmt_int(s.machine.sr_dict()["CYCLE"])
    qtbot.mouseClick(panel.hex_button, Qt.MouseButton.LeftButton)
    assert panel.number_base == "hex"
    assert panel.cell_text("r5", CPU) == "0xFFFFFFFE"
    qtbot.mouseClick(panel.dec_button, Qt.MouseButton.LeftButton)
    assert panel.cell_text("pc", CPU) == str(pc)


def test_native_session_has_only_the_cpu_column(make_panel):
    c, panel = make_panel("native-beta")
    assert panel.model.columns == [CPU]
    c.step_instruction()
    assert_cells_match(panel, c.session)
    assert "beta" in panel.caption.toolTip()
    c.open_scenario("two-guests")
    assert panel.model.columns == [CPU, "alpha", "beta"]
    assert_cells_match(panel, c.session)


def test_headers_name_the_owner_and_its_state(make_panel):
    c, panel = make_panel("two-guests")
    c.step_instruction()
    header = lambda col: panel.model.headerData(col, Qt.Orientation.Horizontal)  # noqa: E731
    assert header(0).startswith("CPU\n")
    assert header(1) == "alpha\non the CPU"
    assert header(2) == "beta\nready"
    assert panel.header.colors[1] == theme.guest_color(0)
    assert panel.header.colors[2] == theme.guest_color(1)


@pytest.mark.parametrize("scenario", ["garbage", "halt-at-once", "wild-writer", "hog"])
def test_unusual_scenarios_never_raise(make_panel, scenario):
    c, panel = make_panel(scenario)
    for _ in range(5):
        c.step_cycle()
        c.step_instruction()
    c.session.run(200_000)
    c.changed.emit()
    assert_cells_match(panel, c.session)
    c.step_back()
    assert_cells_match(panel, c.session)


def test_dark_palette_and_presenter_scale(make_panel):
    c, panel = make_panel("two-guests")
    c.step_instruction()
    dark = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#202124"),
                        (QPalette.ColorRole.Base, "#17181a"),
                        (QPalette.ColorRole.Text, "#e8e8e8"),
                        (QPalette.ColorRole.WindowText, "#e8e8e8")):
        dark.setColor(role, QColor(color))
    panel.setPalette(dark)
    index = panel.model.index(panel.row_of("CYCLE"), 0)
    assert panel.model.data(index, Qt.ItemDataRole.BackgroundRole) == \
        theme.changed_background(dark)
    height = panel.view.verticalHeader().defaultSectionSize()
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel.view.verticalHeader().defaultSectionSize() > height
    assert panel.model.font.pointSizeF() == pytest.approx(theme.BASE_POINT_SIZE * 1.6)
    panel.retranslate()
    assert panel.title() == "Registers"


def test_view_menu_and_panel_button_agree_in_the_window(qtbot, main_window):
    panel = main_window.panels["registers"]
    action = main_window.actions_by_name["base"]
    assert isinstance(panel, RegistersPanel)
    action.trigger()                                   # View > Decimal values
    assert panel.number_base == "dec" and panel.dec_button.isChecked()
    qtbot.mouseClick(panel.hex_button, Qt.MouseButton.LeftButton)
    assert panel.number_base == "hex"
    assert not action.isChecked()                      # the menu follows the panel
    qtbot.mouseClick(panel.dec_button, Qt.MouseButton.LeftButton)
    assert action.isChecked() and main_window.prefs.number_base == "dec"


def test_hardware_assist_shows_guest_mode(make_panel):
    controller, panel = make_panel("two-guests-hw1")
    session = controller.session
    assert session.run_until(lambda s: s.activity().layer == "guest", max_cycles=50_000) \
        == "predicate"
    controller.changed.emit()
    assert session.cpu().guest_mode
    assert panel.guest_mode_badge.isVisible() and panel.guest_mode_badge.text() == "guest mode"
    assert "guest mode" in panel.model.header_tips[0]
    assert session.run_until(lambda s: s.activity().layer == "vmm", max_cycles=50_000) \
        == "predicate"
    controller.changed.emit()
    assert not session.cpu().guest_mode and not panel.guest_mode_badge.isVisible()
    # Trap and emulate: never.
    controller, panel = make_panel("two-guests")
    controller.session.run(2_000)
    controller.changed.emit()
    assert not panel.guest_mode_badge.isVisible()


# ---------------------------------------------------------------------- what the highlight says
def highlighted(panel) -> set[tuple[str, str]]:
    return {(row.key, column) for column in panel.model.columns for row in ROWS
            if panel.is_highlighted(row.key, column)}


def test_after_a_run_nothing_is_highlighted(make_panel, qtbot):
    """Over a run almost every register changes: highlighting them all says nothing."""
    c, panel = make_panel("two-guests")
    c.step_instruction()
    assert highlighted(panel)                       # a step: what it changed
    c.run()
    qtbot.waitUntil(lambda: c.session.cycle > 20_000, timeout=20_000)
    assert not highlighted(panel)                   # while running: nothing
    c.pause()
    assert not highlighted(panel)                   # paused after a run: nothing
    assert not panel.changed_key.isVisible()        # and no key for nothing
    c.step_instruction()                            # a step again: exactly its changes
    step = highlighted(panel)
    assert step and ("pc", CPU) in step
    assert panel.changed_key.isVisible() and panel.changed_key.text() == "changed"
    # (Where the pause lands depends on the clock: a step that crosses a world switch
    # changes most of the CPU column, never the whole table.)
    assert len(step) < len(ROWS) * len(panel.model.columns) / 2
    c.run_to_next_trap()
    qtbot.waitUntil(lambda: not c.running, timeout=20_000)
    assert c.last_reason == "trap"
    assert not highlighted(panel)                   # stopped at a VM exit after a run


def test_a_travel_or_another_advance_clears_the_highlight(make_panel):
    c, panel = make_panel("native-alpha")
    for _ in range(5):
        c.step_instruction()
    assert highlighted(panel)
    c.step_back()                                   # a travel: nothing changed "by a step"
    assert not highlighted(panel)
    c.step_cycle()
    assert highlighted(panel)
    c.session.run(500)                              # moved on without a step (a lesson, say)
    c.changed.emit()
    assert not highlighted(panel)


def test_decimal_values_use_the_language_digit_grouping(make_panel):
    from vmlab.gui import i18n
    c, panel = make_panel("native-alpha")
    c.session.run(20_000)
    c.step_instruction()
    panel.set_number_base("dec")
    cycle = c.session.machine.sr_dict()["CYCLE"]
    assert cycle >= 20_000
    try:
        assert panel.cell_text("CYCLE", CPU) == f"{cycle:,}"
        i18n.set_language("ca")
        panel.model.everything_changed()
        assert panel.cell_text("CYCLE", CPU) == f"{cycle:,}".replace(",", ".")
        assert f"{cycle:,}".replace(",", ".") in panel.model.data(
            panel.model.index(panel.row_of("CYCLE"), 0), Qt.ItemDataRole.ToolTipRole)
    finally:
        i18n.set_language("en")
    # The columns are never narrower than the widest signed value.
    header = panel.view.horizontalHeader()
    from PySide6.QtGui import QFontMetricsF
    assert header.minimumSectionSize() >= QFontMetricsF(panel.model.font).horizontalAdvance(
        "-2,147,483,648")


def test_decoded_rows_read_as_their_pills_are_laid_out(make_panel):
    """The lit pills' names, one line per line of pills: never one long line in a narrow column."""
    from PySide6.QtGui import QFontMetrics
    c, panel = make_panel("two-guests")
    c.session.run(30_000)
    c.step_instruction()
    for width in (560, 300):
        panel.resize(width, 900)
        from PySide6.QtWidgets import QApplication
        QApplication.processEvents()
        for column in panel.model.columns:
            index = panel.model.index(panel.row_of("STATUS.flags"), panel.column_of(column))
            text = panel.model.data(index, Qt.ItemDataRole.DisplayRole)
            lines = panel.model.data(index, FLAGS_ROLE)
            on = [name for line in lines for name, lit in line if lit]
            assert text.split() == (on or ["—"])
            room = panel.view.horizontalHeader().sectionSize(panel.column_of(column))
            fm = QFontMetrics(panel.model.font)
            assert max(fm.horizontalAdvance(line) for line in text.split("\n")) <= room
