"""Instruction words <-> Instruction values.

The rule that makes the encoding a bijection: a field an instruction does not
use must be zero.  So every 32-bit word decodes to exactly one Instruction or
to None (ILLEGAL), and encode(decode(w)) == w for every decodable word.
"""

from __future__ import annotations

from dataclasses import dataclass

from .spec import BY_MNEMONIC, OPS, SR_NAMES, Shape, sext18

_RD_USED = {Shape.R3, Shape.IS, Shape.IZ, Shape.LUI, Shape.MEM, Shape.BRANCH,
            Shape.JALR, Shape.MFSR, Shape.IN, Shape.GETF}
_RS_USED = {Shape.R3, Shape.IS, Shape.IZ, Shape.MEM, Shape.BRANCH, Shape.JR,
            Shape.JALR, Shape.MTSR, Shape.OUT, Shape.SETF}
_IMM18_USED = {Shape.IS, Shape.IZ, Shape.LUI, Shape.MEM, Shape.BRANCH, Shape.CODE,
               Shape.MFSR, Shape.MTSR, Shape.IN, Shape.OUT}
_SIGNED_IMM = {Shape.IS, Shape.MEM, Shape.BRANCH}
_SR_OPERAND = {Shape.MFSR, Shape.MTSR}


@dataclass(frozen=True)
class Instruction:
    """A decoded instruction.  imm is already sign- or zero-extended."""

    mnemonic: str
    rd: int = 0
    rs: int = 0
    rt: int = 0
    imm: int = 0

    @property
    def info(self):
        return BY_MNEMONIC[self.mnemonic]

    @property
    def opcode(self) -> int:
        return BY_MNEMONIC[self.mnemonic].opcode


def decode(word: int) -> Instruction | None:
    """Decode a word; None means the word is ILLEGAL."""
    word &= 0xFFFF_FFFF
    info = OPS.get(word >> 26)
    if info is None:
        return None
    shape = info.shape
    rd = (word >> 22) & 0xF
    rs = (word >> 18) & 0xF
    if shape == Shape.JUMP:
        return Instruction(info.mnemonic, imm=word & 0x3FF_FFFF)
    if shape == Shape.R3:
        if word & 0x3FFF:
            return None
        return Instruction(info.mnemonic, rd, rs, (word >> 14) & 0xF)
    if rd and shape not in _RD_USED:
        return None
    if rs and shape not in _RS_USED:
        return None
    imm = word & 0x3FFFF
    if shape not in _IMM18_USED:
        return None if imm else Instruction(info.mnemonic, rd, rs)
    if shape in _SR_OPERAND and imm >= len(SR_NAMES):
        return None
    if shape in _SIGNED_IMM:
        imm = sext18(imm)
    return Instruction(info.mnemonic, rd, rs, 0, imm)


def encode(ins: Instruction) -> int:
    """Encode an Instruction; raises ValueError for fields out of range."""
    info = BY_MNEMONIC[ins.mnemonic]
    for name, value in (("rd", ins.rd), ("rs", ins.rs), ("rt", ins.rt)):
        if not 0 <= value <= 15:
            raise ValueError(f"{name} must be a register 0..15, not {value}")
    word = info.opcode << 26
    shape = info.shape
    if shape == Shape.JUMP:
        if not 0 <= ins.imm < 1 << 26:
            raise ValueError(f"jump target {ins.imm} outside 0..{(1 << 26) - 1}")
        return word | ins.imm
    word |= ins.rd << 22 | ins.rs << 18
    if shape == Shape.R3:
        return word | ins.rt << 14
    if shape in _SIGNED_IMM:
        if not -0x20000 <= ins.imm <= 0x1FFFF:
            raise ValueError(f"immediate {ins.imm} outside -131072..131071")
    elif not 0 <= ins.imm <= 0x3FFFF:
        raise ValueError(f"immediate {ins.imm} outside 0..262143")
    return word | (ins.imm & 0x3FFFF)
