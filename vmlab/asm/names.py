"""The assembler's vocabulary: registers, predefined constants, mnemonics, directives.

All of these are case-insensitive (user labels are not), so every table here
is keyed by the lowercase spelling and every lookup lowers its argument.
"""

from __future__ import annotations

import re

from ..isa.spec import BY_MNEMONIC, PORT_NUMBERS, REGISTER_ALIASES, SR_NUMBERS
from .messages import Message, msg

# r0..r15 plus the conventional aliases of VL32.md (sp = r14, ra = r15).
REGISTERS: dict[str, int] = {f"r{i}": i for i in range(16)}
REGISTERS.update(REGISTER_ALIASES)
REGISTER_HELP = msg("hint.registers")

# SR and port names are constants usable in any expression (VL32.md: "system
# register and port names are predefined constants").
PREDEFINED: dict[str, int] = {name.lower(): number for name, number in SR_NUMBERS.items()}
PREDEFINED.update({name.lower(): port for name, port in PORT_NUMBERS.items()})
SR_NAME_SET = frozenset(name.lower() for name in SR_NUMBERS)
PORT_NAME_SET = frozenset(name.lower() for name in PORT_NUMBERS)

MACHINE_MNEMONICS = frozenset(name.lower() for name in BY_MNEMONIC)
PSEUDO_MNEMONICS = frozenset(
    "nop mov li la b beqz bnez call ret push pop not neg".split())
DIRECTIVES = frozenset(
    ".equ .org .word .string .space .entry .phase .dephase .lang .endlang".split())

# What a hint may propose for a misspelt mnemonic.
MNEMONIC_CANDIDATES = sorted(MACHINE_MNEMONICS | PSEUDO_MNEMONICS | DIRECTIVES)

# "Looks like a register" (r7, r16, R99): used to say "unknown register"
# rather than "not a register" for r16.
REGISTER_LIKE_RE = re.compile(r"[rR][0-9]+\Z")


def register_number(name: str) -> int | None:
    """The register a name denotes (r0..r15, sp, ra, any case), or None."""
    return REGISTERS.get(name.lower())


def predefined_value(name: str) -> int | None:
    """The value of an SR or port name (any case), or None."""
    return PREDEFINED.get(name.lower())


def reserved_kind(name: str) -> Message | None:
    """Why a name cannot be a user symbol ("a register name", ...) or None if it can."""
    low = name.lower()
    if low in REGISTERS:
        return msg("reserved.register")
    if low in SR_NAME_SET:
        return msg("reserved.system_register")
    if low in PORT_NAME_SET:
        return msg("reserved.port")
    if name == ".":
        return msg("reserved.current_address")
    return None
