"""The code view beside the VLB interpreter: its bytecode, the instruction at r10 marked.

The bytecode-vm scenario runs the VL32 interpreter with primes.vlb's image;
the code view shows the interpreter's source and, beside it, one row per
bytecode instruction.  The marked row is the instruction at the bytecode pc
(r10), computed here from the session independently of the pane; another
guest's code shows no bytecode.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.bytecode import assemble_file, disassemble
from vmlab.bytecode.vl32 import bytecode_dir
from vmlab.gui import i18n
from vmlab.gui.panels.bytecode_pane import listing_of
from vmlab.gui.panels.code_view import PC_MARK, CodeViewPanel


def marked_row(panel) -> str:
    return next(line for line in panel.block_view.toPlainText().splitlines()
                if line.startswith(PC_MARK))


def test_the_bytecode_is_shown_beside_the_interpreter(show_panel):
    controller, panel = show_panel(CodeViewPanel, "bytecode-vm", (1000, 600))
    session = controller.session
    view = session.guest("vlb")
    assert panel.editor.toPlainText() == view.program.source       # the interpreter, then the image
    assert panel.block_view.isVisible() and not panel.block_button.isVisible()
    expected = disassemble(assemble_file(bytecode_dir() / "primes.vlb"))
    listing = listing_of(view.program)
    assert [(r.offset, r.text) for r in listing.rows] == expected
    assert listing.rows[0].where == "primes.vlb:10"
    text = panel.block_view.toPlainText()
    assert f"Bytecode primes.vlb: {len(expected)} instructions, .stack 3, .locals 2" in text
    seen = set()
    for _ in range(150):
        controller.step_instruction()
        QCoreApplication.processEvents()
        regs = session.guest("vlb").regs
        offset = regs[10] - listing.code
        if offset in dict(expected):
            row = marked_row(panel)
            assert row.split()[1] == str(offset)
            assert dict(expected)[offset] in row
            seen.add(offset)
    assert len(seen) > 5                 # it followed the interpreter through the loop


def test_the_pane_speaks_catalan(show_panel):
    try:
        assert i18n.set_language("ca")
        controller, panel = show_panel(CodeViewPanel, "bytecode-vm", (1000, 600))
        text = panel.block_view.toPlainText()
        count = len(listing_of(controller.session.guest("vlb").program).rows)
        assert f"Bytecode primes.vlb: {count} instruccions" in text
        assert "pc del bytecode" in text
    finally:
        i18n.set_language("en")


def test_other_programs_show_no_bytecode(show_panel):
    controller, panel = show_panel(CodeViewPanel, "native-alpha", (1000, 600))
    assert listing_of(controller.session.guest("alpha").program) is None
    assert panel.block_view.isHidden()
