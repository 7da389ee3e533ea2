"""Machine instructions: their written Forms and their encoding with range checks.

The operand layout of each instruction comes from its Shape in isa.spec, so
this module holds no opcode numbers: a change to the ISA tables flows here.
Every value is range-checked before isa.encoding.encode sees it, so a student
gets "immediate 300000 out of range for ADDI: allowed ..." rather than a
ValueError.
"""

from __future__ import annotations

from typing import Protocol

from ..isa.encoding import Instruction, encode
from ..isa.spec import BY_MNEMONIC, MASK, SR_NAMES, OpInfo, Shape, to_signed
from .diagnostics import SourceError
from .messages import Message, msg
from .operands import MEM, REG, VALUE, Form, Memory, Parsed, Value

# (lowest, highest, how to describe the range); the description is a
# Message, or plain text when it is code (SR names).
Limits = tuple[int, int, "Message | str"]
SIMM18: Limits = (-0x20000, 0x1FFFF, msg("range.signed", bits=18))
UIMM18: Limits = (0, 0x3FFFF, msg("range.unsigned", bits=18))
TARGET26: Limits = (0, (1 << 26) - 1, msg("range.bits", bits=26))
SR_RANGE: Limits = (0, len(SR_NAMES) - 1, f"{SR_NAMES[0]}..{SR_NAMES[-1]}")
PORT_RANGE = UIMM18

_SLOTS = {
    Shape.R3: (("rd", REG), ("rs", REG), ("rt", REG)),
    Shape.IS: (("rd", REG), ("rs", REG), ("imm", VALUE)),
    Shape.IZ: (("rd", REG), ("rs", REG), ("imm", VALUE)),
    Shape.LUI: (("rd", REG), ("imm", VALUE)),
    Shape.MEM: (("rd", REG), ("imm(rs)", MEM)),
    Shape.BRANCH: (("rd", REG), ("rs", REG), ("target", VALUE)),
    Shape.JUMP: (("target", VALUE),),
    Shape.JR: (("rs", REG),),
    Shape.JALR: (("rd", REG), ("rs", REG)),
    Shape.CODE: (("code", VALUE),),
    Shape.NONE: (),
    Shape.MFSR: (("rd", REG), ("SR", VALUE)),
    Shape.MTSR: (("SR", VALUE), ("rs", REG)),
    Shape.IN: (("rd", REG), ("port", VALUE)),
    Shape.OUT: (("port", VALUE), ("rs", REG)),
    Shape.GETF: (("rd", REG),),
    Shape.SETF: (("rs", REG),),
}

# Register-register instructions and their immediate twins, for hints.
_IMMEDIATE_TWIN = {"ADD": "ADDI", "AND": "ANDI", "OR": "ORI", "XOR": "XORI",
                   "SHL": "SHLI", "SHR": "SHRI", "SRA": "SRAI", "SLT": "SLTI"}
_REGISTER_TWIN = {imm: reg for reg, imm in _IMMEDIATE_TWIN.items()}
# "jmp r1" means "jump to the address in r1", which is another instruction.
_REGISTER_TWIN.update({"JMP": "JR", "JAL": "JALR"})


class Evaluator(Protocol):
    """What encoding needs from the assembler in pass 2."""

    address: int    # address of the statement's first word, as the program sees it

    def value(self, operand: Value) -> int: ...


def machine_form(info: OpInfo) -> Form:
    name = info.mnemonic
    register_hint = value_hint = None
    if name in _IMMEDIATE_TWIN:
        register_hint = msg("hint.did_you_mean", name=_IMMEDIATE_TWIN[name].lower())
    elif name == "SUB":
        register_hint = msg("hint.subtract_constant")
    if name in _REGISTER_TWIN:
        value_hint = msg("hint.did_you_mean", name=_REGISTER_TWIN[name].lower())
    return Form(name, _SLOTS[info.shape], register_hint, value_hint)


MACHINE_FORMS: dict[str, Form] = {name.lower(): machine_form(info)
                                  for name, info in BY_MNEMONIC.items()}


# ---------------------------------------------------------------- range checks
def check_range(value: int, limits: Limits, what: Message, shown: str,
                col: int, hint: Message | None = None) -> int:
    """value if it is within limits; what names it ("immediate"), shown is the mnemonic."""
    low, high, description = limits
    if not low <= value <= high:
        raise SourceError(msg("range.out_of_range", what=what, value=value, mnemonic=shown,
                              low=low, high=high, description=description), col, hint)
    return value


def branch_offset(target: int, address: int, shown: str, col: int) -> int:
    """target - address as VL32 stores it: modulo 2^32, read as signed 18 bits.

    Working modulo 2^32 lets a branch near the top of the address space reach
    a target that wrapped around (". + 1" at 0xFFFFFFFF is 0), so every
    decodable branch word round-trips.
    """
    offset = to_signed(target - address)
    low, high, description = SIMM18
    if not low <= offset <= high:
        raise SourceError(msg("range.branch", target=f"{target & MASK:#x}", mnemonic=shown,
                              offset=offset, low=low, high=high, description=description),
                          col, msg("hint.branch_reach"))
    return offset


def word(mnemonic: str, rd: int = 0, rs: int = 0, rt: int = 0, imm: int = 0) -> int:
    return encode(Instruction(mnemonic, rd, rs, rt, imm))


# ---------------------------------------------------------------- encoding
def encode_machine(info: OpInfo, parsed: list[Parsed], ctx: Evaluator) -> list[int]:
    """The one word of a machine instruction whose operands passed parse_operands."""
    name, shape = info.mnemonic, info.shape
    if shape == Shape.R3:
        rd, rs, rt = parsed
        return [word(name, rd, rs, rt)]
    if shape in (Shape.IS, Shape.IZ):
        rd, rs, operand = parsed
        limits = SIMM18 if shape == Shape.IS else UIMM18
        hint = msg("hint.li_then_register") if shape == Shape.IS else None
        imm = check_range(ctx.value(operand), limits, msg("range.what.immediate"), name,
                          operand.col, hint)
        return [word(name, rd, rs, imm=imm)]
    if shape == Shape.LUI:
        rd, operand = parsed
        imm = check_range(ctx.value(operand), UIMM18, msg("range.what.immediate"), name,
                          operand.col, msg("hint.lui_bits"))
        return [word(name, rd, imm=imm)]
    if shape == Shape.MEM:
        rd, memory = parsed
        return [word(name, rd, memory.base, imm=memory_offset(memory, name, ctx))]
    if shape == Shape.BRANCH:
        rd, rs, target = parsed
        offset = branch_offset(ctx.value(target), ctx.address, name, target.col)
        return [word(name, rd, rs, imm=offset)]
    if shape == Shape.JUMP:
        (target,) = parsed
        return [jump_word(name, ctx.value(target), name, target.col)]
    if shape == Shape.JR:
        (rs,) = parsed
        return [word(name, rs=rs)]
    if shape == Shape.JALR:
        rd, rs = parsed
        return [word(name, rd, rs)]
    if shape == Shape.CODE:
        (operand,) = parsed
        return [word(name, imm=check_range(ctx.value(operand), UIMM18,
                                           msg("range.what.code"), name, operand.col))]
    if shape == Shape.NONE:
        return [word(name)]
    if shape == Shape.MFSR:
        rd, operand = parsed
        return [word(name, rd, imm=_sr(operand, name, ctx))]
    if shape == Shape.MTSR:
        operand, rs = parsed
        return [word(name, rs=rs, imm=_sr(operand, name, ctx))]
    if shape == Shape.IN:
        rd, operand = parsed
        return [word(name, rd, imm=_port(operand, name, ctx))]
    if shape == Shape.OUT:
        operand, rs = parsed
        return [word(name, rs=rs, imm=_port(operand, name, ctx))]
    if shape == Shape.GETF:
        (rd,) = parsed
        return [word(name, rd)]
    (rs,) = parsed            # Shape.SETF
    return [word(name, rs=rs)]


def memory_offset(memory: Memory, shown: str, ctx: Evaluator) -> int:
    if memory.offset is None:
        return 0
    return check_range(ctx.value(memory.offset), SIMM18, msg("range.what.offset"), shown,
                       memory.offset.col)


def jump_word(name: str, target: int, shown: str, col: int) -> int:
    check_range(target, TARGET26, msg("range.what.jump_target"), shown, col,
                msg("hint.jump_reach"))
    return word(name, imm=target)


def _sr(operand: Value, shown: str, ctx: Evaluator) -> int:
    return check_range(ctx.value(operand), SR_RANGE, msg("range.what.system_register"), shown,
                       operand.col, msg("hint.system_registers", names=", ".join(SR_NAMES)))


def _port(operand: Value, shown: str, ctx: Evaluator) -> int:
    return check_range(ctx.value(operand), PORT_RANGE, msg("range.what.port"), shown,
                       operand.col)
