"""The bytecode verifier: refuses an ill-formed program before any interpreter runs it.

Like the Java virtual machine's verifier, it proves properties of the code
once, so that an interpreter need not check them at every instruction:

1. every word at an instruction's place holds a known opcode, without stray
   operand bits, and a PUSH has its constant inside the code;
2. every jump target lies inside the code, at the start of an instruction;
3. every LOAD and STORE names a declared local;
4. following every path from offset 0, the stack has the same depth at an
   instruction whichever way it is reached, never fewer values than the
   instruction takes and never more than the declared .stack;
5. no path runs off the end of the code (the last instruction is HALT or
   JMP, and no reachable instruction falls through past the end).

Division by zero cannot be known before the run: the interpreters stop with
a documented status instead (docs/bytecode.md).
"""

from __future__ import annotations

from collections import deque

from . import isa
from .errors import BytecodeError, Place
from .program import BytecodeProgram, Instruction


def verify(program: BytecodeProgram) -> dict[int, int]:
    """Check program; the stack depth before each reachable instruction, or BytecodeError."""
    code = program.code
    if not code:
        raise BytecodeError(program.path, "empty", line=1 if program.source else None)
    if len(code) > isa.MAX_CODE_WORDS:
        raise BytecodeError(program.path, "too_long", most=isa.MAX_CODE_WORDS)
    if not 1 <= program.max_stack <= isa.MAX_STACK:
        raise BytecodeError(program.path, "directive_range", name=".stack", least=1,
                            most=isa.MAX_STACK, value=program.max_stack)
    if not 0 <= program.locals <= isa.MAX_LOCALS:
        raise BytecodeError(program.path, "directive_range", name=".locals", least=0,
                            most=isa.MAX_LOCALS, value=program.locals)
    table = _decode(program)
    _check_operands(program, table)
    last = table[max(table)]
    if last.op.flow not in ("halt", "jump"):
        raise program.error("falls_off", last.offset, name=last.op.name)
    return _flow(program, table)


def _decode(program: BytecodeProgram) -> dict[int, Instruction]:
    """Rule 1: the instructions, by offset, from 0 to the end of the code."""
    code, table, offset = program.code, {}, 0
    while offset < len(code):
        word = code[offset] & isa.MASK
        op = isa.BY_CODE.get(word >> isa.OPERAND_BITS)
        if op is None:
            raise program.error("unknown_opcode", offset, opcode=word >> isa.OPERAND_BITS,
                                word=word)
        if op.operand in (isa.NONE, isa.CONST) and word & isa.OPERAND_MASK:
            raise program.error("reserved_bits", offset, name=op.name, word=word)
        if op.operand == isa.CONST:
            if offset + 1 >= len(code):
                raise program.error("cut_push", offset)
            operand = isa.signed(code[offset + 1])
        else:
            operand = word & isa.OPERAND_MASK
        table[offset] = Instruction(offset, op, operand, word)
        offset += isa.length(op)
    return table


def _check_operands(program: BytecodeProgram, table: dict[int, Instruction]) -> None:
    """Rules 2 and 3: jump targets and local numbers."""
    size = len(program.code)
    for ins in table.values():
        if ins.op.operand == isa.TARGET:
            target = ins.operand
            if target >= size:
                raise program.error("target_outside", ins.offset, name=ins.op.name,
                                    target=target, last=size - 1)
            if target not in table:
                raise program.error("target_inside", ins.offset, name=ins.op.name,
                                    target=target, start=target - 1)
        elif ins.op.operand == isa.LOCAL and ins.operand >= program.locals:
            if program.locals == 0:
                raise program.error("no_locals", ins.offset, name=ins.op.name,
                                    index=ins.operand)
            raise program.error("local_range", ins.offset, name=ins.op.name, index=ins.operand,
                                count=program.locals, last=program.locals - 1)


def _flow(program: BytecodeProgram, table: dict[int, Instruction]) -> dict[int, int]:
    """Rules 4 and 5: one depth per instruction over every path (a worklist, as the JVM's)."""
    depth: dict[int, int] = {0: 0}
    came_from: dict[int, int | None] = {0: None}
    work = deque([0])
    size = len(program.code)
    while work:
        offset = work.popleft()
        ins = table[offset]
        here = depth[offset]
        if here < ins.op.pops:
            raise program.error("underflow", offset, name=ins.op.name, needed=ins.op.pops,
                                depth=here)
        after = here - ins.op.pops + ins.op.pushes
        if after > program.max_stack:
            raise program.error("overflow", offset, name=ins.op.name, depth=after,
                                most=program.max_stack)
        successors = []
        if ins.op.flow in ("next", "branch"):
            following = offset + isa.length(ins.op)
            if following >= size:
                raise program.error("falls_off", offset, name=ins.op.name)
            successors.append(following)
        if ins.op.flow in ("jump", "branch"):
            successors.append(ins.operand)
        for target in successors:
            if target not in depth:
                depth[target] = after
                came_from[target] = offset
                work.append(target)
            elif depth[target] != after:
                other = came_from[target]
                raise program.error(
                    "depth_mismatch", target, depth=after, source=_place(program, offset),
                    other=depth[target], other_source=_place(program, other))
    return depth


def _place(program: BytecodeProgram, offset: int | None) -> Place:
    if offset is None:
        return Place(None, None)
    line = program.lines.get(offset)
    return Place(line, None if line else offset)
