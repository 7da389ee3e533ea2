"""The bytecode machine passes a suite of programs with known results, on both interpreters.

Each program in tests/bytecode/programs states its output and how the VM
stops (its '; expect:' and '; status:' lines); the reference interpreter
(Python) and the VL32 interpreter (a VL32 program on the bare machine) must
both give exactly that, with the same number of bytecode instructions.
"""

from __future__ import annotations

import math

import pytest

from vmlab.asm import assemble_file as assemble_vl32
from vmlab.bytecode import assemble, assemble_file, isa, run
from vmlab.bytecode.vl32 import interpreter_path, load_interpreter, run_vl32
from vmlab.machine import Machine

from .helpers import PROGRAMS, SHIPPED, expectation

INTERPRETER = load_interpreter()


def both(program):
    ref = run(program)
    vm = run_vl32(program, interpreter=INTERPRETER)
    return ref, vm


def test_the_suite_is_there():
    assert len(PROGRAMS) >= 10 and SHIPPED


@pytest.mark.parametrize("path", PROGRAMS + SHIPPED, ids=lambda p: p.stem)
def test_both_interpreters_give_the_known_result(path):
    program = assemble_file(path)
    ref, vm = both(program)
    if path in PROGRAMS:
        output, status, offset = expectation(path)
        assert ref.output == output
        assert ref.status == status
        if offset is not None:
            assert ref.pc == offset
    assert (vm.output, vm.status, vm.pc, vm.steps) == (ref.output, ref.status, ref.pc, ref.steps)
    # The price of interpretation: several VL32 instructions per bytecode instruction.
    assert vm.per_bytecode > 1
    assert vm.instructions > vm.steps


def test_the_results_agree_with_python():
    """The suite's stated results, recomputed another way."""
    by_name = {p.stem: p for p in PROGRAMS}
    factorials = "".join(f"{math.factorial(n)} " for n in range(13))
    assert run(assemble_file(by_name["factorial"])).output == factorials
    a, b, fib = 0, 1, []
    for _ in range(20):
        fib.append(a)
        a, b = b, a + b
    assert run(assemble_file(by_name["fibonacci"])).output == "".join(f"{n} " for n in fib)
    assert run(assemble_file(by_name["gcd"])).output == \
        f"{math.gcd(48, 18)} {math.gcd(17, 5)} {math.gcd(1071, 462)} "
    primes = [n for n in range(2, 100) if all(n % d for d in range(2, n))]
    shipped = assemble_file(SHIPPED[0].parent / "primes.vlb")
    assert run(shipped).output == " ".join(map(str, primes)) + " \n"


def test_division_by_zero_stops_both_at_the_division():
    program = assemble(".stack 2\n.locals 0\npush 5\nprint\npush 1\npush 0\ndiv\nprint\nhalt\n")
    ref, vm = both(program)
    assert ref.status == vm.status == "division-by-zero"
    assert ref.pc == vm.pc == 7          # push 5 (0-1), print (2), push 1 (3-4), push 0 (5-6)
    assert ref.output == vm.output == "5"


def test_the_reference_stops_at_its_step_limit():
    program = assemble(".stack 1\n.locals 0\ntop: jmp top\n")
    result = run(program, max_steps=1000)
    assert (result.status, result.steps, result.pc) == ("step-limit", 1000, 0)


def test_the_vl32_interpreter_runs_alone_in_kernel_mode_without_traps():
    """One program on the bare machine, not an operating system: no trap, no user mode."""
    program = assemble_file(SHIPPED[0])
    from vmlab.bytecode.vl32 import MEMORY_WORDS, embed
    whole = embed(INTERPRETER, program)
    machine = Machine(MEMORY_WORDS)
    machine.load(whole.image, whole.entry)
    assert machine.run(10_000_000) == "halt"
    summary = machine.summary()
    assert summary["traps"] == {} and summary["mode"] == "kernel"
    assert summary["regs"][1] == isa.STATUS_HALT
    assert summary["console"] == run(program).output


def test_without_an_image_the_interpreter_stops_with_bad_image():
    machine = Machine(16_384)
    machine.load(INTERPRETER.image, INTERPRETER.entry)
    assert machine.run(10_000) == "halt"
    assert (machine.regs[1], machine.regs[2]) == (isa.STATUS_BAD, 0)
    assert machine.console.text() == ""


def test_the_dispatch_table_follows_the_opcode_table():
    program = assemble_vl32(interpreter_path())
    table = program.labels["dispatch"]
    for code in range(isa.MAX_OPCODE + 1):
        op = isa.BY_CODE.get(code)
        handler = program.labels[f"op_{op.name}"] if op else program.labels["bad_op"]
        assert program.image[table + code] == handler, hex(code)
    assert program.symbols["IMAGE"] == 0x2000
    assert program.symbols["VLB_MAGIC"] == isa.MAGIC


def test_an_opcode_outside_the_table_stops_the_vl32_interpreter():
    """The verifier refuses it; the interpreter, given it anyway, stops (its last defence)."""
    from vmlab.bytecode.program import BytecodeProgram
    from vmlab.bytecode.vl32 import MEMORY_WORDS, embed_text
    bad = BytecodeProgram([0xC1000000, isa.encode(isa.BY_NAME["halt"])], 1, 0)
    whole_source = INTERPRETER.source + "\n.org IMAGE\n" + "".join(
        f".word {w:#x}\n" for w in bad.words())
    from vmlab.asm import assemble as assemble_text
    whole = assemble_text(whole_source)
    machine = Machine(MEMORY_WORDS)
    machine.load(whole.image, whole.entry)
    assert machine.run(10_000) == "halt"
    assert (machine.regs[1], machine.regs[2]) == (isa.STATUS_BAD, 0)
    with pytest.raises(Exception):
        embed_text(bad)                          # and embedding refuses it: not verified


def test_the_bytecode_package_is_core_it_imports_no_qt():
    import subprocess
    import sys
    code = ("import sys, vmlab.bytecode, vmlab.bytecode.vl32, vmlab.cli.bytecode_cmd; "
            "print(any(m.startswith(('PySide6', 'vmlab.gui')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
