"""Random verified programs give the same output on both interpreters (hypothesis).

Programs come from a small grammar that always terminates: assignments to
four locals, print and printc, if/else, and loops that run a fixed number
of times (their counters in locals of their own).  Expressions use every
arithmetic and comparison instruction on any 32-bit values, so overflow and
division by zero (both VMs stop at the same offset) come up too.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.bytecode import assemble, run, verify
from vmlab.bytecode.vl32 import load_interpreter, run_vl32

INTERPRETER = load_interpreter()
DATA_LOCALS = 4
BINARY = ["add", "sub", "mul", "div", "rem", "eq", "ne", "lt", "le", "gt", "ge"]
VALUES = st.one_of(st.integers(-3, 10), st.integers(-(1 << 31), (1 << 31) - 1),
                   st.sampled_from([0, 1, -1, 0x7FFFFFFF, -0x80000000]))

expressions = st.recursive(
    st.one_of(st.tuples(st.just("push"), VALUES),
              st.tuples(st.just("load"), st.integers(0, DATA_LOCALS - 1))),
    lambda inner: st.one_of(st.tuples(st.sampled_from(BINARY), inner, inner),
                            st.tuples(st.just("neg"), inner)),
    max_leaves=5)


def statements(depth: int):
    simple = st.one_of(
        st.tuples(st.just("set"), st.integers(0, DATA_LOCALS - 1), expressions),
        st.tuples(st.just("print"), expressions),
        st.tuples(st.just("printc"), expressions))
    if depth == 0:
        return simple
    block = st.lists(statements(depth - 1), min_size=1, max_size=3)
    return st.one_of(simple,
                     st.tuples(st.just("if"), expressions, block, block),
                     st.tuples(st.just("repeat"), st.integers(0, 3), block))


class Compiler:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.labels = 0
        self.stack = 2                  # a loop's counter: load, push 1

    def label(self) -> str:
        self.labels += 1
        return f"L{self.labels}"

    def expr(self, e) -> int:
        """Emit e; the stack depth it needs."""
        kind = e[0]
        if kind in ("push", "load"):
            self.lines.append(f"{kind} {e[1]}")
            return 1
        if kind == "neg":
            need = self.expr(e[1])
            self.lines.append("neg")
            return need
        left = self.expr(e[1])
        right = self.expr(e[2])
        self.lines.append(kind)
        return max(left, 1 + right)

    def block(self, body, level: int) -> None:
        for s in body:
            self.statement(s, level)

    def statement(self, s, level: int) -> None:
        kind = s[0]
        if kind == "set":
            self.stack = max(self.stack, self.expr(s[2]))
            self.lines.append(f"store {s[1]}")
        elif kind in ("print", "printc"):
            self.stack = max(self.stack, self.expr(s[1]))
            self.lines.append(kind)
        elif kind == "if":
            other, end = self.label(), self.label()
            self.stack = max(self.stack, self.expr(s[1]))
            self.lines.append(f"jz {other}")
            self.block(s[2], level)
            self.lines += [f"jmp {end}", f"{other}:"]
            self.block(s[3], level)
            self.lines.append(f"{end}:")
        else:                                   # repeat k times, counter in its own local
            counter = DATA_LOCALS + level
            top, end = self.label(), self.label()
            self.lines += [f"push {s[1]}", f"store {counter}", f"{top}:", f"load {counter}",
                           f"jz {end}"]
            self.block(s[2], level + 1)
            self.lines += [f"load {counter}", "push 1", "sub", f"store {counter}",
                           f"jmp {top}", f"{end}:"]

    def program(self, body) -> str:
        self.block(body, 0)
        self.lines.append("halt")
        return f".stack {self.stack}\n.locals {DATA_LOCALS + 3}\n" + "\n".join(self.lines)


@settings(max_examples=40)
@given(st.lists(statements(2), min_size=1, max_size=5))
def test_random_programs_give_the_same_output_on_both_interpreters(body):
    program = assemble(Compiler().program(body), "random.vlb")
    verify(program)
    ref = run(program)
    vm = run_vl32(program, interpreter=INTERPRETER)
    assert ref.status in ("halt", "division-by-zero")
    assert (vm.output, vm.status, vm.pc, vm.steps) == (ref.output, ref.status, ref.pc, ref.steps)
    assert vm.per_bytecode > 1
