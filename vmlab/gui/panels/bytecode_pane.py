"""The code view beside a bytecode interpreter: the VLB bytecode it interprets.

When the guest shown runs the VLB interpreter with a bytecode image in its
program (the `vlb_image` label a scenario's `bytecode` key adds,
vmlab/bytecode/vl32.py), the code view shows the interpreter's VL32 code
on the left and, in the pane binary translation uses for its blocks, the
bytecode on the right: one row per instruction (offset, instruction, .vlb
line), the instruction being interpreted marked.  That is the one at the
address in r10, the interpreter's bytecode pc (assets/programs/bytecode-vm.vl32).

Everything is read from the guest's view (its program and registers), as
every panel reads the session: nothing here touches the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ...bytecode import isa
from ...bytecode.errors import BytecodeError
from ...bytecode.program import from_words
from ...bytecode.vl32 import IMAGE_LABEL
from .per_program import per_program

BYTECODE_PC = 10            # the interpreter's register that holds the bytecode pc
_SOURCE = re.compile(r"\((?P<where>[^():]+:\d+)\)\s*$")


@dataclass(frozen=True)
class Row:
    offset: int
    text: str          # the instruction: 'push 2', 'jz 38'
    where: str         # its .vlb line ('primes.vlb:10'), or ""


@dataclass(frozen=True)
class Listing:
    name: str          # the .vlb file's name
    code: int          # load address of code offset 0
    size: int          # code words
    max_stack: int
    locals: int
    rows: tuple[Row, ...]

    def current(self, regs) -> int | None:
        """The offset of the instruction at the bytecode pc (r10), if r10 points into the code."""
        offset = regs[BYTECODE_PC] - self.code
        starts = {row.offset for row in self.rows}
        return offset if offset in starts else None


def _build(program) -> Listing | None:
    """The bytecode image a program carries, listed; None if it carries none."""
    labels = getattr(program, "label_loads", {}) or {}
    start = labels.get(IMAGE_LABEL)
    if start is None:
        return None
    header = program.words(start, isa.HEADER_WORDS)
    try:
        image = from_words(program.words(start, isa.HEADER_WORDS + header[4]), "image")
        instructions = image.instructions()
    except (BytecodeError, KeyError, IndexError):
        return None                       # not a VLB image (embedding verifies: not expected)
    code = start + isa.HEADER_WORDS
    lines = program.source.splitlines()
    name = ""
    rows = []
    for ins in instructions:
        text = ins.op.name if ins.op.operand == isa.NONE else f"{ins.op.name} {ins.operand}"
        where = ""
        line = program.line_of(code + ins.offset)
        if line is not None and 0 < line <= len(lines):
            found = _SOURCE.search(lines[line - 1])
            if found:
                where = found.group("where")
                name = name or where.rsplit(":", 1)[0]
        rows.append(Row(ins.offset, text, where))
    return Listing(name or "VLB", code, len(image.code), image.max_stack, image.locals,
                   tuple(rows))


listing_of = per_program(_build)


def show_bytecode(panel, view) -> bool:
    """Fill the code view's side pane with the bytecode of view's program; False if none."""
    listing = listing_of(view.program) if view is not None else None
    if listing is None:
        return False
    from .code_view import PC_MARK, _esc
    from .. import theme
    panel.block_button.setVisible(False)
    if panel.block_view.isHidden():
        panel.block_view.show()
        panel._arrange_block()
    current = listing.current(view.regs)
    key = ("vlb", id(listing), current, panel.base_text(0))
    if key == panel._block_key:
        return True
    panel._block_key = key
    panel.block_lines, panel.block_successors, panel.block_pc = [], (), None
    head = (QCoreApplication.translate("BytecodePane",
                                       "Bytecode %1: %2 instructions, .stack %3, .locals %4")
            .replace("%1", listing.name).replace("%2", str(len(listing.rows)))
            .replace("%3", str(listing.max_stack)).replace("%4", str(listing.locals)))
    note = QCoreApplication.translate(
        "BytecodePane", "Interpreted by the VL32 program beside it: the marked instruction is "
                        "the one at r10, the bytecode pc.")
    width = max(len(row.text) for row in listing.rows)
    rows = []
    for row in listing.rows:
        here = row.offset == current
        mark = PC_MARK if here else "&nbsp;"
        text = _esc(row.text.ljust(width)).replace(" ", "&nbsp;")
        where = f"&nbsp;&nbsp;<span style='color:gray'>{_esc(row.where)}</span>" \
            if row.where else ""
        body = f"{mark}&nbsp;{row.offset:4d}&nbsp;&nbsp;{text}".replace(" ", "&nbsp;")
        rows.append((f"<b>{body}</b>" if here else body) + where)
    mono = theme.mono_font().family()
    gap = "margin:0; margin-top:4px"
    panel.block_view.setHtml(
        f"<p style='margin:0'><b>{_esc(head)}</b></p>"
        f"<p style='{gap}; font-family:\"{mono}\"; white-space:pre-wrap'>" + "<br>".join(rows)
        + f"</p><p style='{gap}'><i>{_esc(note)}</i></p>")
    panel.bytecode_offset = current
    panel._scroll_block_to_pc()
    return True
