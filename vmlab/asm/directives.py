"""Directives: .equ .org .word .string .space .entry, and the extensions .phase/.dephase
and .lang/.endlang (languages.py).

Each handler runs in pass 1 with the Assembler and the Statement.  The
directives that move the location counter (.org, .space, .phase) need their
value at once, so it may only use symbols defined above them; .word and
.entry may refer forward, their values are computed in pass 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from ..isa.spec import MASK
from . import languages
from .diagnostics import SourceError
from .expr import parse_expression
from .instructions import check_range
from .layout import MAX_PROGRAM_WORDS, Phase
from .messages import msg
from .names import register_number
from .operands import Value, wrong_count
from .statements import Operand, Statement
from .tokens import IDENT, STRING

if TYPE_CHECKING:
    from .assembler import Assembler

WORD_RANGE = (-(1 << 31), MASK, msg("range.bits", bits=32))


def _count(asm: "Assembler", statement: Statement, signature: str) -> bool:
    """Check the operand count against signature ("" = none); report and False if wrong."""
    expected = len(signature.split(", ")) if signature else 0
    found = len(statement.operands)
    if found == expected:
        return True
    asm.error(wrong_count(statement.name, signature, expected, statement.operands,
                          statement.op.col))
    return False


def _value(asm: "Assembler", operand: Operand, directive: str) -> Value | None:
    """The operand as an expression, or None after reporting why it is not one."""
    tokens = operand.tokens
    try:
        if len(tokens) == 1 and tokens[0].kind == IDENT \
                and register_number(tokens[0].text) is not None:
            raise SourceError(msg("directive.expected_value", directive=directive,
                                  name=tokens[0].text), tokens[0].col,
                              msg("hint.directive_values"))
        return Value(parse_expression(tokens, operand.col), operand.col, operand.text)
    except SourceError as error:
        asm.error(error)
        return None


def _address(asm: "Assembler", value: int, col: int) -> bool:
    if 0 <= value <= MASK:
        return True
    asm.error(SourceError(msg("address.outside", address=value), col,
                          msg("hint.address_32bit")))
    return False


def equ(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "NAME, value"):
        return
    name_operand, value_operand = statement.operands
    tokens = name_operand.tokens
    if len(tokens) != 1 or tokens[0].kind != IDENT:
        asm.error(SourceError(msg("directive.equ_name", text=name_operand.text),
                              name_operand.col, msg("hint.write", code=".equ NAME, value")))
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
        asm.error(SourceError(msg("directive.org_in_phase", line=asm.phase.line),
                              statement.op.col, msg("hint.dephase_block")))
        return
    operand = _value(asm, statement.operands[0], ".org")
    address = asm.value_now(operand, ".org") if operand else None
    if address is not None and _address(asm, address, operand.col):
        asm.load = address
        asm.overflow_reported = False


def word(asm: "Assembler", statement: Statement) -> None:
    if not statement.operands:
        asm.error(SourceError(msg("directive.word_empty"), statement.op.col,
                              msg("hint.write", code=".word 1, 2, label")))
        return
    values = [_value(asm, operand, ".word") for operand in statement.operands]
    if any(value is None for value in values):
        asm.load += len(values)
        return

    def emit(ctx) -> list[int]:
        words = []
        for value in values:
            number = ctx.value(value)
            check_range(number, WORD_RANGE, msg("range.what.value"), ".word", value.col)
            words.append(number & MASK)
        return words
    asm.place(len(values), statement.op.col, emit)


def string(asm: "Assembler", statement: Statement) -> None:
    operands = statement.operands
    if len(operands) != 1 or len(operands[0].tokens) != 1 \
            or operands[0].tokens[0].kind != STRING:
        found = ", ".join(operand.text for operand in operands)
        col = operands[0].col if operands else statement.op.col
        asm.error(SourceError(msg("directive.string_found", found=found)
                              if operands else msg("directive.string"),
                              col, msg("hint.write", code='.string "text"')))
        return
    token = operands[0].tokens[0]
    text = str(token.value)
    bad = [(ch, col) for ch, col in zip(text, token.char_cols, strict=True) if ord(ch) > 0xFF]
    if bad:
        ch, col = bad[0]
        code = f"{ord(ch):04X}"
        message = (msg("directive.not_latin1_more", char=ch, code=code, more=len(bad) - 1)
                   if len(bad) > 1 else msg("directive.not_latin1", char=ch, code=code))
        asm.error(SourceError(message, col, msg("hint.latin1")))
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
        asm.error(SourceError(msg("range.space", count=count, limit=MAX_PROGRAM_WORDS),
                              operand.col))
        return
    asm.place(count, statement.op.col, lambda ctx: [0] * count)


def entry(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "address"):
        return
    if asm.entry is not None:
        asm.error(SourceError(msg("directive.entry_twice", line=asm.entry[0]),
                              statement.op.col, msg("hint.one_entry")))
        return
    operand = _value(asm, statement.operands[0], ".entry")
    if operand is not None:
        asm.entry = (asm.line, operand, asm.here)


def phase(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, "address"):
        return
    if asm.phase is not None:
        asm.error(SourceError(msg("directive.phase_nested", line=asm.phase.line),
                              statement.op.col, msg("hint.dephase_first")))
        return
    operand = _value(asm, statement.operands[0], ".phase")
    address = asm.value_now(operand, ".phase") if operand else None
    if address is not None and _address(asm, address, operand.col):
        asm.phase = Phase(asm.load, address, asm.line)
        asm.overflow_reported = False


def dephase(asm: "Assembler", statement: Statement) -> None:
    if not _count(asm, statement, ""):
        return
    if asm.phase is None:
        asm.error(SourceError(msg("directive.dephase_alone"), statement.op.col,
                              msg("hint.start_phase")))
        return
    asm.phase = None


DIRECTIVE_HANDLERS: dict[str, Callable[["Assembler", Statement], None]] = {
    ".equ": equ, ".org": org, ".word": word, ".string": string, ".space": space,
    ".entry": entry, ".phase": phase, ".dephase": dephase,
    ".lang": languages.lang, ".endlang": languages.endlang,
}
