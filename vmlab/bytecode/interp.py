"""The reference interpreter: VLB run in Python, another "hardware" for the same bytecode.

It runs only a verified program (run() verifies first), so it needs none of
the checks the verifier proved: no unknown opcode, no bad jump, no stack
underflow or overflow.  What the verifier cannot know is checked here, as
in the VL32 interpreter: a DIV or REM by zero stops the VM with status
"division-by-zero" and the offset of the instruction.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import isa
from .program import BytecodeProgram
from .verify import verify

DEFAULT_MAX_STEPS = 10_000_000


@dataclass(frozen=True)
class Result:
    output: str          # the console text (Latin-1 characters)
    status: str          # "halt", "division-by-zero", or "step-limit"
    pc: int              # the offset of the instruction that stopped the VM
    steps: int           # bytecode instructions executed (the one that stopped it included)


def _div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def run(program: BytecodeProgram, max_steps: int = DEFAULT_MAX_STEPS) -> Result:
    """Verify program and run it to its HALT, a division by zero or max_steps."""
    verify(program)
    decoded = {ins.offset: (ins.op.code, ins.operand, ins.offset + isa.length(ins.op))
               for ins in program.instructions()}
    stack: list[int] = []
    local = [0] * program.locals
    out: list[str] = []
    pc = steps = 0
    push, pop = stack.append, stack.pop
    while steps < max_steps:
        code, arg, following = decoded[pc]
        steps += 1
        if code == 0x01:
            push(arg)
        elif code == 0x02:
            push(local[arg])
        elif code == 0x03:
            local[arg] = pop()
        elif code == 0x04:
            pop()
        elif code == 0x05:
            push(stack[-1])
        elif code == 0x06:
            stack[-1], stack[-2] = stack[-2], stack[-1]
        elif 0x10 <= code <= 0x14 or 0x18 <= code <= 0x1D:
            b = pop()
            a = pop()
            if code in (0x13, 0x14) and b == 0:
                return Result("".join(out), isa.STATUS_NAMES[isa.STATUS_DIVZERO], pc, steps)
            push(isa.signed(_binary(code, a, b)))
        elif code == 0x15:
            push(isa.signed(-pop()))
        elif code == 0x20:
            pc = arg
            continue
        elif code == 0x21:
            if pop() == 0:
                pc = arg
                continue
        elif code == 0x22:
            if pop() != 0:
                pc = arg
                continue
        elif code == 0x30:
            out.append(str(pop()))
        elif code == 0x31:
            out.append(chr(pop() & 0xFF))
        elif code == 0x3F:
            return Result("".join(out), isa.STATUS_NAMES[isa.STATUS_HALT], pc, steps)
        pc = following
    return Result("".join(out), "step-limit", pc, steps)


def _binary(code: int, a: int, b: int) -> int:
    if code == 0x10:
        return a + b
    if code == 0x11:
        return a - b
    if code == 0x12:
        return a * b
    if code == 0x13:
        return _div(a, b)         # INT_MIN / -1 wraps to INT_MIN, as VL32's DIV
    if code == 0x14:
        return a - _div(a, b) * b  # the sign of a; INT_MIN rem -1 = 0
    return int({0x18: a == b, 0x19: a != b, 0x1A: a < b, 0x1B: a <= b, 0x1C: a > b,
                0x1D: a >= b}[code])
