"""Pseudo-instructions of VL32.md and the machine words each one expands to.

    nop             ADD r0, r0, r0
    mov rd, rs      ADD rd, rs, r0
    li rd, imm32    ADDI rd, r0, imm                    (value known in pass 1, fits 18 bits signed)
                    LUI rd, (v >> 14) & 0x3FFFF ; ORI rd, rd, v & 0x3FFF   (otherwise)
    la rd, label    LUI + ORI, always (an address may move; its size must not)
    b target        BEQ r0, r0, target
    beqz rs, t      BEQ rs, r0, t
    bnez rs, t      BNE rs, r0, t
    call t          JAL t
    ret             JR ra
    push rs         ADDI sp, sp, -1 ; SW rs, 0(sp)
    pop rd          LW rd, 0(sp) ; ADDI sp, sp, 1
    not rd, rs      SUB rd, r0, rs ; ADDI rd, rd, -1     (-x - 1 == ~x)
    neg rd, rs      SUB rd, r0, rs

The stack grows toward lower addresses and sp points at the last pushed word.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..isa.spec import MASK, REG_RA, REG_SP
from .instructions import Evaluator, Limits, branch_offset, check_range, jump_word, word
from .messages import msg
from .operands import REG, VALUE, Form, Parsed, Value

LI_RANGE: Limits = (-(1 << 31), MASK, msg("range.bits", bits=32))
SIMM18_LOW, SIMM18_HIGH = -0x20000, 0x1FFFF
# "mov r1, 5" and "li r1, r2": the other pseudo-instruction was meant.
_USE_LI = msg("hint.did_you_mean", name="li")
_USE_MOV = msg("hint.did_you_mean", name="mov")

Expand = Callable[[list[Parsed], Evaluator, int], list[int]]


@dataclass(frozen=True)
class Pseudo:
    form: Form
    size: int           # words produced (li: the most; see li_size)
    expand: Expand      # (operands, evaluator, size decided in pass 1) -> words


def li_size(parsed: list[Parsed], known: Callable[[Value], int | None]) -> int:
    """1 word when pass 1 already knows the value and it fits ADDI, else 2.

    A value that depends on a forward reference always takes 2 words, so
    the size chosen in pass 1 can never be contradicted in pass 2.
    """
    value = known(parsed[1])
    return 1 if value is not None and SIMM18_LOW <= value <= SIMM18_HIGH else 2


def _load_upper_lower(rd: int, value: int) -> list[int]:
    value &= MASK
    return [word("LUI", rd, imm=(value >> 14) & 0x3FFFF),
            word("ORI", rd, rd, imm=value & 0x3FFF)]


def _li(parsed: list[Parsed], ctx: Evaluator, size: int) -> list[int]:
    rd, operand = parsed
    value = check_range(ctx.value(operand), LI_RANGE, msg("range.what.value"), "LI",
                        operand.col)
    if size == 1:
        return [word("ADDI", rd, 0, imm=value)]
    return _load_upper_lower(rd, value)


def _la(parsed: list[Parsed], ctx: Evaluator, size: int) -> list[int]:
    rd, operand = parsed
    value = check_range(ctx.value(operand), LI_RANGE, msg("range.what.address"), "LA",
                        operand.col)
    return _load_upper_lower(rd, value)


def _branch(mnemonic: str, shown: str, with_register: bool) -> Expand:
    def expand(parsed: list[Parsed], ctx: Evaluator, size: int) -> list[int]:
        rs, target = parsed if with_register else (0, parsed[0])
        offset = branch_offset(ctx.value(target), ctx.address, shown, target.col)
        return [word(mnemonic, rs, 0, imm=offset)]
    return expand


def _call(parsed: list[Parsed], ctx: Evaluator, size: int) -> list[int]:
    (target,) = parsed
    return [jump_word("JAL", ctx.value(target), "CALL", target.col)]


def _fixed(build: Callable[..., list[int]]) -> Expand:
    """An expansion that needs only the register operands."""
    return lambda parsed, ctx, size: build(*parsed)


PSEUDOS: dict[str, Pseudo] = {
    "nop": Pseudo(Form("NOP", ()), 1, _fixed(lambda: [word("ADD")])),
    "mov": Pseudo(Form("MOV", (("rd", REG), ("rs", REG)), register_hint=_USE_LI),
                  1, _fixed(lambda rd, rs: [word("ADD", rd, rs, 0)])),
    "li": Pseudo(Form("LI", (("rd", REG), ("imm32", VALUE)), value_hint=_USE_MOV),
                 2, _li),
    "la": Pseudo(Form("LA", (("rd", REG), ("label", VALUE)), value_hint=_USE_MOV),
                 2, _la),
    "b": Pseudo(Form("B", (("target", VALUE),)), 1, _branch("BEQ", "B", False)),
    "beqz": Pseudo(Form("BEQZ", (("rs", REG), ("target", VALUE))), 1,
                   _branch("BEQ", "BEQZ", True)),
    "bnez": Pseudo(Form("BNEZ", (("rs", REG), ("target", VALUE))), 1,
                   _branch("BNE", "BNEZ", True)),
    "call": Pseudo(Form("CALL", (("target", VALUE),)), 1, _call),
    "ret": Pseudo(Form("RET", ()), 1, _fixed(lambda: [word("JR", rs=REG_RA)])),
    "push": Pseudo(Form("PUSH", (("rs", REG),)), 2, _fixed(lambda rs: [
        word("ADDI", REG_SP, REG_SP, imm=-1), word("SW", rs, REG_SP)])),
    "pop": Pseudo(Form("POP", (("rd", REG),)), 2, _fixed(lambda rd: [
        word("LW", rd, REG_SP), word("ADDI", REG_SP, REG_SP, imm=1)])),
    "not": Pseudo(Form("NOT", (("rd", REG), ("rs", REG))), 2, _fixed(lambda rd, rs: [
        word("SUB", rd, 0, rs), word("ADDI", rd, rd, imm=-1)])),
    "neg": Pseudo(Form("NEG", (("rd", REG), ("rs", REG))), 1,
                  _fixed(lambda rd, rs: [word("SUB", rd, 0, rs)])),
}
