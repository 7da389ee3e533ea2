"""Words -> assembler text, such that assembling the text gives the word back.

The round trip is the contract (tested over random words and addresses):
for a decodable word, ``assemble(".org A\\n" + disassemble(w, A))`` places
w at A; an ILLEGAL word prints as ``.word 0x........``, which round-trips
too.  So the output only uses forms the assembler accepts: branch targets
are absolute addresses when the address is known, ``. + n`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..isa.encoding import decode
from ..isa.spec import MASK, PORT_NAMES, SR_NAMES, Shape


def hex_address(value: int) -> str:
    """0x plus at least four upper-case hex digits, as in the listing."""
    return f"0x{value:04X}"


def _port(number: int) -> str:
    return PORT_NAMES.get(number, f"0x{number:X}")


def disassemble(word: int, address: int | None = None) -> str:
    """One word as a lowercase instruction (or ``.word 0x........`` if ILLEGAL).

    With address, branch targets are absolute hex addresses; without, they
    are written relative to the branch: ``. + 5``, ``. - 3``.
    """
    word &= MASK
    ins = decode(word)
    if ins is None:
        return f".word 0x{word:08X}"
    name = ins.mnemonic.lower()
    shape = ins.info.shape
    rd, rs, rt, imm = f"r{ins.rd}", f"r{ins.rs}", f"r{ins.rt}", ins.imm
    if shape == Shape.R3:
        return f"{name} {rd}, {rs}, {rt}"
    if shape == Shape.IS:
        return f"{name} {rd}, {rs}, {imm}"
    if shape == Shape.IZ:
        return f"{name} {rd}, {rs}, 0x{imm:X}"
    if shape == Shape.LUI:
        return f"{name} {rd}, 0x{imm:X}"
    if shape == Shape.MEM:
        return f"{name} {rd}, {imm}({rs})"
    if shape == Shape.BRANCH:
        if address is None:
            target = f". + {imm}" if imm >= 0 else f". - {-imm}"
        else:
            target = hex_address((address + imm) & MASK)
        return f"{name} {rd}, {rs}, {target}"
    if shape == Shape.JUMP:
        return f"{name} {hex_address(imm)}"
    if shape in (Shape.JR, Shape.SETF):
        return f"{name} {rs}"
    if shape == Shape.JALR:
        return f"{name} {rd}, {rs}"
    if shape == Shape.CODE:
        return f"{name} {imm}"
    if shape == Shape.MFSR:
        return f"{name} {rd}, {SR_NAMES[imm]}"
    if shape == Shape.MTSR:
        return f"{name} {SR_NAMES[imm]}, {rs}"
    if shape == Shape.IN:
        return f"{name} {rd}, {_port(imm)}"
    if shape == Shape.OUT:
        return f"{name} {_port(imm)}, {rs}"
    if shape == Shape.GETF:
        return f"{name} {rd}"
    return name                              # Shape.NONE: eret, wfi, halt


def disassemble_range(mem, start: int, count: int) -> list[tuple[int, int, str]]:
    """(address, word, text) for count words of a memory view from start.

    mem is a sequence indexed by address (a list, Machine.mem) or a mapping
    such as Program.image (missing addresses read 0).  The range stops at
    the end of a sequence.
    """
    rows = []
    for address in range(max(start, 0), max(start, 0) + max(count, 0)):
        if isinstance(mem, Mapping):
            value = mem.get(address, 0)
        elif address < len(mem):
            value = mem[address]
        else:
            break
        rows.append((address, value & MASK, disassemble(value, address)))
    return rows
