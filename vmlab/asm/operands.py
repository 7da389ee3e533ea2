"""Operands of instructions: check each one's kind (register, value, memory) against a Form.

Each instruction and pseudo-instruction is described by a Form: its
operand slots and their kinds.  Checking happens in pass 1 so a wrong
operand is reported once, with the slot's name ("rt of ADD"), and values
stay as expression trees until pass 2 evaluates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import SourceError, did_you_mean
from .expr import Node, parse_expression
from .messages import Message, msg
from .names import (PORT_NAME_SET, REGISTER_HELP, REGISTER_LIKE_RE, REGISTERS, SR_NAME_SET,
                    register_number)
from .statements import Operand, Statement
from .tokens import IDENT, NUMBER, Token

REG = "register"
VALUE = "value"
MEM = "memory"


@dataclass(frozen=True)
class Form:
    """How an instruction is written: mnemonic (upper case) and (slot name, kind) pairs."""

    mnemonic: str
    slots: tuple[tuple[str, str], ...]
    # Hints for the classic slip of writing "add r1, r2, 5" or "addi r1, r2, r3".
    register_hint: Message | None = None   # given when a value stands where a register belongs
    value_hint: Message | None = None      # given when a register stands where a value belongs

    @property
    def signature(self) -> str:
        return ", ".join(name for name, _ in self.slots)

    def usage(self) -> Message:
        return msg("hint.usage", mnemonic=self.mnemonic, signature=self.signature)


def expects(name: str, signature: str, count: int) -> Message:
    """The "ADD expects rd, rs, rt (3 operands)" message (count >= 1); directives share it."""
    if count == 1:
        return msg("operand.expects_one", mnemonic=name, signature=signature, count=count)
    return msg("operand.expects_many", mnemonic=name, signature=signature, count=count)


def wrong_count(name: str, signature: str, expected: int, operands: list[Operand],
                op_col: int) -> SourceError:
    """The error for a statement with too many or too few operands."""
    if not expected:
        return SourceError(msg("operand.none", mnemonic=name), operands[0].col,
                           msg("hint.remove", text=operands[0].text))
    # Too many: point at the first extra operand; too few: at the mnemonic.
    col = operands[expected].col if len(operands) > expected else op_col
    return SourceError(msg("operand.count", expected=expects(name, signature, expected),
                           found=len(operands)), col)


@dataclass(frozen=True)
class Value:
    node: Node
    col: int
    text: str


@dataclass(frozen=True)
class Memory:
    offset: Value | None     # None: "(rs)", offset 0
    base: int
    col: int


Parsed = int | Value | Memory


def parse_operands(statement: Statement, form: Form) -> tuple[list[Parsed], list[SourceError]]:
    """The operands checked against the form, and every error found (one per operand)."""
    operands = statement.operands
    expected = len(form.slots)
    if len(operands) != expected:
        return [], [wrong_count(form.mnemonic, form.signature, expected, operands,
                                statement.op.col)]
    parsed, errors = _check_slots(operands, form.slots, form)
    if len(errors) == 2 and len(operands) == 2 and form.slots[0][1] != form.slots[1][1]:
        # "mtsr r1, STATUS", "out r1, CONSOLE_OUT": say so once, not twice.
        swapped = (form.slots[1], form.slots[0])
        if not _check_slots(operands, swapped, form)[1]:
            first, second = operands
            return [], [SourceError(msg("operand.swapped", mnemonic=form.mnemonic,
                                        signature=form.signature), first.col,
                                    msg("hint.write", code=f"{form.mnemonic.lower()} "
                                        f"{second.text}, {first.text}"))]
    return parsed, errors


def _check_slots(operands: list[Operand], slots, form: Form
                 ) -> tuple[list[Parsed], list[SourceError]]:
    parsed: list[Parsed] = []
    errors: list[SourceError] = []
    for operand, (slot, kind) in zip(operands, slots, strict=True):
        try:
            if kind == REG:
                parsed.append(expect_register(operand, slot, form))
            elif kind == MEM:
                parsed.append(expect_memory(operand, slot, form))
            else:
                parsed.append(expect_value(operand, slot, form))
        except SourceError as error:
            errors.append(error)
    return parsed, errors


def _single(operand: Operand) -> Token | None:
    return operand.tokens[0] if len(operand.tokens) == 1 else None


def unknown_register(token: Token, hint: Message | None = None) -> SourceError:
    text = token.text
    suggestion = None if REGISTER_LIKE_RE.match(text) else did_you_mean(text.lower(), REGISTERS)
    return SourceError(msg("operand.unknown_register", name=text), token.col,
                       hint or suggestion or REGISTER_HELP)


def expect_register(operand: Operand, slot: str, form: Form) -> int:
    token = _single(operand)
    if token is not None and token.kind == IDENT:
        number = register_number(token.text)
        if number is not None:
            return number
        low = token.text.lower()
        if low in SR_NAME_SET or low in PORT_NAME_SET:
            what = msg("name.system_register") if low in SR_NAME_SET else msg("name.port")
            raise SourceError(msg("operand.register_got_name", slot=slot,
                                  mnemonic=form.mnemonic, what=what, name=token.text),
                              token.col, form.usage())
        raise unknown_register(token)
    hint = form.register_hint or msg("hint.usage_registers", mnemonic=form.mnemonic,
                                     signature=form.signature)
    raise SourceError(msg("operand.expected_register", slot=slot, mnemonic=form.mnemonic,
                          text=operand.text), operand.col, hint)


def expect_value(operand: Operand, slot: str, form: Form) -> Value:
    token = _single(operand)
    if token is not None and token.kind == IDENT and register_number(token.text) is not None:
        raise SourceError(msg("operand.expected_value", slot=slot, mnemonic=form.mnemonic,
                              name=token.text), token.col, form.value_hint or form.usage())
    return Value(parse_expression(operand.tokens, operand.col), operand.col, operand.text)


def expect_memory(operand: Operand, slot: str, form: Form) -> Memory:
    tokens = operand.tokens
    if (len(tokens) >= 3 and tokens[-1].is_punct(")") and tokens[-3].is_punct("(")
            and tokens[-2].kind in (IDENT, NUMBER)):
        base_token = tokens[-2]
        offset_tokens = tokens[:-3]
        base_hint = msg("hint.base_register", text=base_token.text)
        if base_token.kind == NUMBER:
            raise SourceError(msg("operand.base_not_register", mnemonic=form.mnemonic,
                                  text=base_token.text), base_token.col, base_hint)
        base = register_number(base_token.text)
        if base is None:
            raise unknown_register(base_token, base_hint)
        offset = None
        if offset_tokens:
            offset_col = offset_tokens[0].col
            offset_text = " ".join(t.text for t in offset_tokens)
            offset = Value(parse_expression(offset_tokens, offset_col), offset_col, offset_text)
        return Memory(offset, base, operand.col)
    token = _single(operand)
    if token is not None and token.kind == IDENT and register_number(token.text) is not None:
        hint = msg("hint.address_in_register", reg=token.text)
    else:
        hint = msg("hint.absolute_address", text=operand.text)
    raise SourceError(msg("operand.expected_memory", slot=slot, mnemonic=form.mnemonic,
                          text=operand.text), operand.col, hint)
