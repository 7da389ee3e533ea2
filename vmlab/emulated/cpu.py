"""The reference Toy8: the foreign machine in Python, instruction by instruction.

This is the "other hardware" the VL32 emulator (assets/programs/emulator.vl32)
must agree with: same console output, same final registers, flags and
memory, same number of instructions.  It never raises on any program: every
byte is either an instruction or illegal, and every address wraps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .isa import (ABSOLUTE, BYTE, DECODE, HALTED, ILLEGAL, IMMEDIATE, IMPLIED, MEMORY_BYTES,
                  RUNNING, STATUS_NAMES, STEP_LIMIT)

DEFAULT_STEP_LIMIT = 1_000_000


@dataclass
class Toy8State:
    """Everything a Toy8 machine is: plain data, compared field by field in the tests."""

    memory: list[int] = field(default_factory=lambda: [0] * MEMORY_BYTES)
    a: int = 0
    x: int = 0
    pc: int = 0
    sp: int = 0
    z: int = 0
    c: int = 0
    steps: int = 0              # instructions completed (HLT included)
    status: int = RUNNING
    output: bytearray = field(default_factory=bytearray)

    @property
    def status_name(self) -> str:
        return STATUS_NAMES[self.status]

    def registers(self) -> dict[str, int]:
        return {"a": self.a, "x": self.x, "pc": self.pc, "sp": self.sp, "z": self.z,
                "c": self.c}

    def console(self) -> str:
        return self.output.decode("latin-1")


class Toy8:
    """A Toy8 machine: load an image, then step() or run()."""

    def __init__(self, image: bytes | list[int] = b"") -> None:
        self.state = Toy8State()
        self.load(image)

    def load(self, image: bytes | list[int]) -> None:
        if len(image) > MEMORY_BYTES:
            raise ValueError(f"a Toy8 image has at most {MEMORY_BYTES} bytes, not {len(image)}")
        memory = [b & BYTE for b in image] + [0] * (MEMORY_BYTES - len(image))
        self.state = Toy8State(memory=memory)

    def step(self) -> int:
        """Run one instruction (or stop on an illegal one); the status after it."""
        s = self.state
        if s.status != RUNNING:
            return s.status
        mem = s.memory
        entry = DECODE[mem[s.pc]]
        if entry is None:
            s.status = ILLEGAL          # the PC stays on the illegal byte
            return s.status
        op, mode = entry
        nxt = (s.pc + 1) & BYTE
        operand = value = 0
        if mode != IMPLIED:
            operand = mem[nxt]
            nxt = (nxt + 1) & BYTE
            if mode == IMMEDIATE:
                value = operand
            else:
                if mode != ABSOLUTE:
                    operand = (operand + s.x) & BYTE
                value = mem[operand]
        s.pc = _SEMANTICS[op.name](s, operand, value, nxt)
        s.steps += 1
        if op.name == "hlt":
            s.status = HALTED
        return s.status

    def run(self, step_limit: int = DEFAULT_STEP_LIMIT) -> int:
        """Run until HLT, an illegal byte, or step_limit instructions in all; the status."""
        s = self.state
        while s.status == RUNNING:
            if s.steps >= step_limit:
                s.status = STEP_LIMIT
                break
            self.step()
        return s.status


# Each operation: (state, effective address or immediate, value, next pc) -> new pc.
def _z(s: Toy8State, value: int) -> None:
    s.z = 1 if value == 0 else 0


def _hlt(s, ea, v, nxt):
    return nxt


def _lda(s, ea, v, nxt):
    s.a = v
    _z(s, v)
    return nxt


def _ldx(s, ea, v, nxt):
    s.x = v
    _z(s, v)
    return nxt


def _sta(s, ea, v, nxt):
    s.memory[ea] = s.a
    return nxt


def _stx(s, ea, v, nxt):
    s.memory[ea] = s.x
    return nxt


def _add(s, ea, v, nxt):
    total = s.a + v
    s.c = total >> 8
    s.a = total & BYTE
    _z(s, s.a)
    return nxt


def _sub(s, ea, v, nxt):
    s.c = 1 if s.a >= v else 0
    s.a = (s.a - v) & BYTE
    _z(s, s.a)
    return nxt


def _and(s, ea, v, nxt):
    s.a &= v
    _z(s, s.a)
    return nxt


def _or(s, ea, v, nxt):
    s.a |= v
    _z(s, s.a)
    return nxt


def _cmp(s, ea, v, nxt):
    s.c = 1 if s.a >= v else 0
    _z(s, s.a - v)
    return nxt


def _inx(s, ea, v, nxt):
    s.x = (s.x + 1) & BYTE
    _z(s, s.x)
    return nxt


def _dex(s, ea, v, nxt):
    s.x = (s.x - 1) & BYTE
    _z(s, s.x)
    return nxt


def _tax(s, ea, v, nxt):
    s.x = s.a
    _z(s, s.x)
    return nxt


def _txa(s, ea, v, nxt):
    s.a = s.x
    _z(s, s.a)
    return nxt


def _jmp(s, ea, v, nxt):
    return ea


def _beq(s, ea, v, nxt):
    return ea if s.z else nxt


def _bne(s, ea, v, nxt):
    return nxt if s.z else ea


def _bcs(s, ea, v, nxt):
    return ea if s.c else nxt


def _bcc(s, ea, v, nxt):
    return nxt if s.c else ea


def _jsr(s, ea, v, nxt):
    s.sp = (s.sp - 1) & BYTE
    s.memory[s.sp] = nxt
    return ea


def _rts(s, ea, v, nxt):
    target = s.memory[s.sp]
    s.sp = (s.sp + 1) & BYTE
    return target


def _out(s, ea, v, nxt):
    s.output.append(s.a)
    return nxt


_SEMANTICS = {
    "hlt": _hlt, "lda": _lda, "ldx": _ldx, "sta": _sta, "stx": _stx, "add": _add,
    "sub": _sub, "and": _and, "or": _or, "cmp": _cmp, "inx": _inx, "dex": _dex, "tax": _tax,
    "txa": _txa, "jmp": _jmp, "beq": _beq, "bne": _bne, "bcs": _bcs, "bcc": _bcc,
    "jsr": _jsr, "rts": _rts, "out": _out,
}
