"""The code view beside the Toy8 emulator: the Toy8 program, the instruction at r3 marked.

The emulator scenario runs the VL32 emulator with fib.toy8 attached; the code
view shows the emulator's source and, beside it, the Toy8 program line by
line.  The marked line is the Toy8 instruction at the Toy8 PC (r3), computed
here from the Toy8 assembler independently of the pane; another guest's code
shows no Toy8 program.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.emulated import assemble_file
from vmlab.emulated.emulator import foreign_dir
from vmlab.gui import i18n
from vmlab.gui.panels.code_view import PC_MARK, CodeViewPanel
from vmlab.gui.panels.toy8_pane import listing_of


def marked_line(panel) -> str:
    return next(line for line in panel.block_view.toPlainText().splitlines()
                if line.startswith(PC_MARK))


def test_the_toy8_program_is_shown_beside_the_emulator(show_panel):
    controller, panel = show_panel(CodeViewPanel, "emulator", (1000, 600))
    session = controller.session
    view = session.guest("emulator")
    assert panel.editor.toPlainText() == view.program.source       # the emulator, then Toy8
    assert panel.block_view.isVisible() and not panel.block_button.isVisible()
    toy8 = assemble_file(foreign_dir() / "fib.toy8")
    listing = listing_of(view.program)
    assert listing.name == "fib.toy8" and listing.size == len(toy8.image)
    assert [row.text for row in listing.rows] == toy8.source.splitlines()
    text = panel.block_view.toPlainText()
    assert f"Toy8 program fib.toy8: {len(toy8.image)} bytes" in text
    source = toy8.source.splitlines()
    seen = set()
    for _ in range(400):
        controller.step_instruction()
        QCoreApplication.processEvents()
        pc = session.guest("emulator").regs[3]
        if pc in toy8.starts:
            line = marked_line(panel)
            assert line.split()[1] == f"{pc:02X}"
            assert source[toy8.starts[pc] - 1].strip() in line
            seen.add(pc)
    assert len(seen) > 5                 # it followed the emulator through the program
    steps = session.guest("emulator").regs[8]
    spent = session.counters().guests["emulator"].instructions
    text = panel.block_view.toPlainText()
    assert f"Toy8 instructions emulated: {steps:,}" in text
    assert f"VL32 instructions: {spent:,}, {spent / steps:.1f} per Toy8 instruction" in text
    assert spent / steps > 1                 # the price of emulation, live


def test_the_pane_speaks_catalan(show_panel):
    try:
        assert i18n.set_language("ca")
        controller, panel = show_panel(CodeViewPanel, "emulator", (1000, 600))
        text = panel.block_view.toPlainText()
        assert "Programa Toy8 fib.toy8" in text and "el PC de Toy8" in text
    finally:
        i18n.set_language("en")


def test_other_programs_show_no_toy8_program(show_panel):
    controller, panel = show_panel(CodeViewPanel, "native-alpha", (1000, 600))
    assert listing_of(controller.session.guest("alpha").program) is None
    assert panel.block_view.isHidden()
