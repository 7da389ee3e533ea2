"""Directives: .equ .org .word .string .space .entry, and the extension .phase/.dephase.

Each handler runs in pass 1 with the Assembler and the Statement.  The
directives that move the location counter (.org, .space, .phase) need their
value at once, so it may only use symbols defined above them; .word and
.entry may refer forward, their values are computed in pass 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..isa.spec import MASK
from .diagnostics import SourceError
from .expr import parse_expression
from .layout import MAX_PROGRAM_WORDS, Phase
from .names import register_number
from .operands import Value
from .statements import Operand, Statement
from .tokens import IDENT, STRING

if TYPE_CHECKING:
    from .assembler import Assembler

WORD_RANGE = (-(1 << 31), MASK)


def _count(asm: "Assembler", statement: Statement, signature: str) -> bool:
    """Check the operand count against signature ("" = none); report and False if wrong."""
    expected = len(signature.split(", ")) if signature else 0
    found = len(statement.operands)
    if found == expected:
        return True
    name = statement.name
    if not expected:
        asm.error(SourceError(f"{name} takes no operands", statement.operands[0].col,
                              f"remove '{statement.operands[0].text}'"))
    else:
        noun = "operand" if expected == 1 else "operands"
        col = statement.operands[expected].col if found > expected else statement.op.col
        asm.error(SourceError(f"{name} expects {signature} ({expected} {noun}), found {found}",
                              col))
    return False


def _value(asm: "Assembler", operand: Operand, directive: str) -> Value | None:
    """The operand as an expression, or None after reporting why it is not one."""
    tokens = operand.tokens
    try:
        if len(tokens) == 1 and tokens[0].kind == IDENT \
                and register_number(tokens[0].text) is not None:
            raise SourceError(f"expected a value for {directive}, found the register "
                              f"'{tokens[0].text}'", tokens[0].col,
                              "directives take numbers, characters, labels and .equ names")
        return Value(parse_expression(tokens, operand.col), operand.col, operand.text)
    except SourceError as error:
        asm.error(error)
        return None


def _address(asm: "Assembler", value: int, col: int, what: str) -> bool:
    if 0 <= value <= MASK:
        return True
    asm.error(SourceError(f"{what} {value} is outside 0..0xFFFFFFFF", col,
                          "addresses are 32-bit unsigned numbers"))
    return False


def equ(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "NAME, value"):
        return
    name_operand, value_operand = statement.operands
    tokens = name_operand.tokens
    if len(tokens) != 1 or tokens[0].kind != IDENT:
        asm.error(SourceError(f"expected a symbol name for .equ, found '{name_operand.text}'",
                              name_operand.col, "write: .equ NAME, value"))
        return
    value = _value(asm, value_operand, ".equ")
    if value is None:
        return
    try:
        asm.symbols.define_equ(tokens[0], value.node, asm.here, asm.line)
    except SourceError as error:
        asm.error(error)


def org(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "address"):
        return
    if asm.phase is not None:
        asm.error(SourceError(f".org inside a .phase block (started on line {asm.phase.line})",
                              statement.op.col, "end the block with .dephase first"))
        return
    operand = _value(asm, statement.operands[0], ".org")
    address = asm.value_now(operand, ".org") if operand else None
    if address is not None and _address(asm, address, operand.col, "address"):
        asm.load = address
        asm.overflow_reported = False


def word(asm: "Assembler", statement: Statement) -> None:
    if not statement.operands:
        asm.error(SourceError(".word expects at least one value", statement.op.col,
                              "write: .word 1, 2, label"))
        return
    values = [_value(asm, operand, ".word") for operand in statement.operands]
    if any(value is None for value in values):
        asm.load += len(values)
        return

    def emit(ctx) -> list[int]:
        words = []
        for value in values:
            number = ctx.value(value)
            low, high = WORD_RANGE
            if not low <= number <= high:
                raise SourceError(f"value {number} out of range for .word: allowed "
                                  f"{low}..{high} (32 bits)", value.col, "")
            words.append(number & MASK)
        return words
    asm.place(len(values), statement.op.col, emit)


def string(asm: "Assembler", statement: Statement) -> None:
    operands = statement.operands
    if len(operands) != 1 or len(operands[0].tokens) != 1 \
            or operands[0].tokens[0].kind != STRING:
        found = ", ".join(operand.text for operand in operands) or "nothing"
        col = operands[0].col if operands else statement.op.col
        asm.error(SourceError(f".string expects one string in double quotes, found '{found}'"
                              if operands else ".string expects one string in double quotes",
                              col, 'write: .string "text"'))
        return
    token = operands[0].tokens[0]
    text = str(token.value)
    bad = [(ch, col) for ch, col in zip(text, token.char_cols, strict=True) if ord(ch) > 0xFF]
    if bad:
        ch, col = bad[0]
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        asm.error(SourceError(f"character '{ch}' (U+{ord(ch):04X}) in .string is not "
                              f"Latin-1{more}", col,
                              "the console is Latin-1: code points 0..255 only (à, ç, ·, ñ "
                              "are fine; write l·l rather than the single letter ŀ)"))
        asm.load += len(text) + 1
        return
    words = [ord(ch) for ch in text] + [0]   # one character per word, then a 0 word
    asm.place(len(words), statement.op.col, lambda ctx: words)


def space(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "count"):
        return
    operand = _value(asm, statement.operands[0], ".space")
    count = asm.value_now(operand, ".space") if operand else None
    if count is None:
        return
    if not 0 <= count <= MAX_PROGRAM_WORDS:
        asm.error(SourceError(f"count {count} out of range for .space: allowed "
                              f"0..{MAX_PROGRAM_WORDS}", operand.col, ""))
        return
    asm.place(count, statement.op.col, lambda ctx: [0] * count)


def entry(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "address"):
        return
    if asm.entry is not None:
        asm.error(SourceError(f".entry given twice: first on line {asm.entry[0]}",
                              statement.op.col, "a program has one entry point"))
        return
    operand = _value(asm, statement.operands[0], ".entry")
    if operand is not None:
        asm.entry = (asm.line, operand, asm.here)


def phase(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "address"):
        return
    if asm.phase is not None:
        asm.error(SourceError(f"already inside a .phase block (started on line "
                              f"{asm.phase.line})", statement.op.col,
                              "end it with .dephase first"))
        return
    operand = _value(asm, statement.operands[0], ".phase")
    address = asm.value_now(operand, ".phase") if operand else None
    if address is not None and _address(asm, address, operand.col, "address"):
        asm.phase = Phase(asm.load, address, asm.line)
        asm.overflow_reported = False


def dephase(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, ""):
        return
    if asm.phase is None:
        asm.error(SourceError(".dephase without a matching .phase", statement.op.col,
                              "start the block with .phase ADDRESS"))
        return
    asm.phase = None


DIRECTIVE_HANDLERS: dict[str, Callable[["Assembler", Statement], None]] = {
    ".equ": equ, ".org": org, ".word": word, ".string": string, ".space": space,
    ".entry": entry, ".phase": phase, ".dephase": dephase,
}
