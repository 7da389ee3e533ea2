"""The code view beside the Toy8 emulator: the Toy8 program it emulates.

When the guest shown runs the Toy8 emulator (assets/programs/emulator.vl32)
with a Toy8 program attached (a scenario's `foreign` key,
vmlab/emulated/emulator.py), the code view shows the emulator's VL32 code on
the left and, in the pane binary translation uses for its blocks, the Toy8
program on the right: its source line by line with each instruction's
address and bytes, the Toy8 instruction being emulated marked.  That is the
one at the address in r3, the emulator's Toy8 PC.

Everything is read from the guest's view (its program and registers), as
every panel reads the session: nothing here touches the machine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication

from ...emulated.assembler import disassemble
from ...emulated.emulator import FETCH_LABEL, FOREIGN_SYMBOL, REGISTER_OF, STATE_FIELDS
from ...emulated.emulator import STATE_SYMBOL
from ...emulated.isa import BYTE, MEMORY_BYTES, STATUS_NAMES
from .per_program import per_program

TOY8_PC = REGISTER_OF["pc"]           # r3
TOY8_STEPS = REGISTER_OF["steps"]     # r8
_HEAD = re.compile(r"^; ---- the Toy8 program (?P<name>.+?): (?P<size>\d+) bytes at FOREIGN")
_CODE = re.compile(r"^\s*\.word\s+(?P<bytes>[^;]*?)\s*;\s*(?P<address>[0-9A-F]{2}) \| ?"
                   r"(?P<text>.*)$")
_TEXT = re.compile(r"^\s*;\s*\| ?(?P<text>.*)$")


@dataclass(frozen=True)
class Row:
    address: int | None    # the address of its first byte, None for a line with no bytes
    data: str              # its first bytes in hex ('05 00', '48 65 …'), or ""
    text: str              # the Toy8 source line (or the disassembly)


@dataclass(frozen=True)
class Listing:
    name: str              # the .toy8 file's name
    size: int              # bytes attached
    rows: tuple[Row, ...]
    starts: frozenset[int]     # addresses where an instruction starts

    def current(self, regs) -> int | None:
        """The address of the Toy8 instruction at the Toy8 PC (r3), if one starts there."""
        pc = regs[TOY8_PC]
        return pc if pc in self.starts else None


def _build(program) -> Listing | None:
    """The Toy8 program an emulator program carries, listed; None if it carries none."""
    symbols = getattr(program, "symbols", {}) or {}
    if FOREIGN_SYMBOL not in symbols or FETCH_LABEL not in (program.labels or {}):
        return None
    lines = program.source.splitlines()
    head = next((i for i, line in enumerate(lines) if _HEAD.match(line)), None)
    if head is None:
        return None                       # the emulator alone: no Toy8 program attached
    found = _HEAD.match(lines[head])
    name, size = found.group("name"), int(found.group("size"))
    rows, starts = [], set()
    for line in lines[head + 1:]:
        code = _CODE.match(line)
        if code:
            values = re.findall(r"0x([0-9A-Fa-f]+)", code.group("bytes"))
            data = " ".join(f"{int(b, 16):02X}" for b in values[:2])
            data += " …" if len(values) > 2 else ""
            address = int(code.group("address"), 16)
            rows.append(Row(address, data, code.group("text")))
            continue
        text = _TEXT.match(line)
        if text:
            rows.append(Row(None, "", text.group("text")))
    if rows and any(row.address is not None for row in rows):
        # Source lines: every line that placed bytes is an instruction or data; mark only
        # the ones whose first byte decodes as an instruction the program runs through.
        starts = {row.address for row in rows if row.address is not None}
        return Listing(name, size, tuple(rows), frozenset(starts))
    # A plain dump (no source came with the bytes): disassemble them.
    foreign = symbols[FOREIGN_SYMBOL]
    image = bytes(w & BYTE for w in program.words(foreign, min(size, MEMORY_BYTES)))
    rows = [Row(line.address, " ".join(f"{b:02X}" for b in line.data[:2]), line.text)
            for line in disassemble(image)]
    return Listing(name, size, tuple(rows), frozenset(row.address for row in rows))


listing_of = per_program(_build)


def show_toy8(panel, view) -> bool:
    """Fill the code view's side pane with the Toy8 program of view's program; False if none."""
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
    steps = view.regs[TOY8_STEPS]
    status = _status(panel, view)
    guest = panel.session.counters().guests.get(view.name)
    spent = guest.instructions if guest is not None else 0
    key = ("toy8", id(listing), current, steps, spent, status, panel.base_text(0))
    if key == panel._block_key:
        return True
    panel._block_key = key
    panel.block_lines, panel.block_successors, panel.block_pc = [], (), None
    head = (QCoreApplication.translate("Toy8Pane", "Toy8 program %1: %2 bytes")
            .replace("%1", listing.name).replace("%2", str(listing.size)))
    done = (QCoreApplication.translate("Toy8Pane", "Toy8 instructions emulated: %1")
            .replace("%1", theme.fmt_int(steps)))
    if status:
        done += " — " + status
    price = (QCoreApplication.translate("Toy8Pane", "VL32 instructions: %1, %2 per Toy8 "
                                                    "instruction")
             .replace("%1", theme.fmt_int(spent))
             .replace("%2", theme.fmt_float(spent / steps) if steps else "—"))
    note = QCoreApplication.translate(
        "Toy8Pane", "Emulated by the VL32 program beside it, one instruction at a time: the "
                    "marked line is the Toy8 instruction at r3, the Toy8 PC; r8 counts the "
                    "Toy8 instructions done.")
    rows = []
    marked = False
    for row in listing.rows:
        here = not marked and row.address is not None and row.address == current
        marked = marked or here
        mark = PC_MARK if here else " "
        where = f"{row.address:02X}" if row.address is not None else "  "
        body = _esc(f"{mark} {where}  {row.data:<8} {row.text}").replace(" ", "&nbsp;")
        rows.append(f"<b>{body}</b>" if here else body)
    mono = theme.mono_font().family()
    gap = "margin:0; margin-top:4px"
    panel.block_view.setHtml(
        f"<p style='margin:0'><b>{_esc(head)}</b><br>{_esc(done)}<br>{_esc(price)}</p>"
        f"<p style='{gap}; font-family:\"{mono}\"; white-space:pre-wrap'>" + "<br>".join(rows)
        + f"</p><p style='{gap}'><i>{_esc(note)}</i></p>")
    panel._scroll_block_to_pc()
    return True


def _status(panel, view) -> str:
    """'halt', 'illegal' or 'step-limit' once the Toy8 machine has stopped, else ""."""
    state = view.program.symbols.get(STATE_SYMBOL)
    if state is None:
        return ""
    try:
        code = panel.session.guest_word(view.name, state + STATE_FIELDS.index("status"))
    except (IndexError, KeyError, ValueError):
        return ""
    return STATUS_NAMES.get(code, "") if code else ""
