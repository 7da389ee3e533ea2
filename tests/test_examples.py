"""The example programs in assets/programs/ and the ISA reference in docs/.

The numbers the docs derive by hand (count.vl32's cycles and instructions)
are recomputed here from the loop count and the per-instruction costs in
vmlab.isa.spec, so a change of any cost shows up as a failure here and in
the docs' worked example at the same time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vmlab.asm import assemble_file
from vmlab.asm.pseudo import PSEUDOS
from vmlab.isa import spec
from vmlab.machine import Machine

ROOT = Path(__file__).resolve().parent.parent
PROGRAMS = ROOT / "assets" / "programs"
DOCS = ROOT / "docs"
MAX_CYCLES = 1_000_000


def run_program(name: str, max_cycles: int = MAX_CYCLES) -> tuple[str, Machine]:
    program = assemble_file(PROGRAMS / name)
    machine = Machine()
    machine.load(program.image, program.entry)
    reason = machine.run(max_cycles)
    return reason, machine


def cost(mnemonic: str) -> int:
    return spec.BY_MNEMONIC[mnemonic].cycles


# ---------------------------------------------------------------- hello
def test_hello_prints_both_greetings_and_halts():
    reason, m = run_program("hello.vl32")
    assert reason == "halt"
    assert m.console.text() == "Hello, world!\nHola, món!\n"
    summary = m.summary()
    assert summary["halted"] == "halt"
    assert summary["traps"] == {}
    assert summary["mode"] == "kernel"


def test_hello_cycles_match_the_derivation_in_the_docs():
    # Per character: LW, BEQZ not taken, OUT, ADDI, B (a taken BEQ).
    per_char = (cost("LW") + cost("BEQ") + cost("OUT") + cost("ADDI")
                + spec.TAKEN_BRANCH_CYCLES)
    # End of each string: LW, BEQZ taken, RET (JR).
    per_end = cost("LW") + spec.TAKEN_BRANCH_CYCLES + cost("JR")
    # Main: two (LA = LUI + ORI, CALL = JAL) pairs and HALT.
    main = 2 * (cost("LUI") + cost("ORI") + cost("JAL")) + cost("HALT")
    chars = len("Hello, world!\n") + len("Hola, món!\n")
    _, m = run_program("hello.vl32")
    assert m.cycles == chars * per_char + 2 * per_end + main == 271
    assert m.instret == chars * 5 + 2 * 3 + 7 == 138


# ---------------------------------------------------------------- count
N = 10   # the loop count of count.vl32 (.equ N, 10)


def test_count_source_uses_the_documented_loop_count():
    program = assemble_file(PROGRAMS / "count.vl32")
    assert program.symbols["N"] == N


def test_count_cycles_and_instructions_equal_the_hand_derivation():
    li = cost("ADDI")                               # li of a small constant is one ADDI
    body = cost("ADD") + cost("ADDI")               # add + addi, N times
    taken = spec.TAKEN_BRANCH_CYCLES                # bnez back to loop, N - 1 times
    not_taken = cost("BNE")                         # the last bnez falls through
    cycles = 2 * li + N * body + (N - 1) * taken + not_taken + cost("HALT")
    instructions = 2 + 3 * N + 1

    reason, m = run_program("count.vl32")
    assert reason == "halt"
    assert m.cycles == cycles
    assert m.instret == instructions
    # The closed forms the docs give, and the numbers they quote.
    assert cycles == 4 * N + 2 == 42
    assert instructions == 3 * N + 3 == 33
    assert m.regs[2] == N * (N + 1) // 2 == 55
    assert m.pc == 6


# ---------------------------------------------------------------- tiny kernel
TINY_OUTPUT = re.compile(r"\[tiny\] starting the user program\n"
                         r"user: counting 123\n"
                         r"\[tiny\] exit after (\d+) timer ticks\n")


def test_tiny_kernel_serves_syscalls_takes_timer_interrupts_and_halts():
    reason, m = run_program("tiny-kernel.vl32")
    assert reason == "halt"
    text = m.console.text()
    match = TINY_OUTPUT.fullmatch(text)
    assert match, text
    traps = m.summary()["traps"]
    assert traps.get("TIMER", 0) >= 1
    assert traps.get("SYSCALL", 0) >= 1
    # puts, three putc, putc('\n') and exit: six system calls.
    assert traps["SYSCALL"] == 6
    # The kernel prints the number of ticks it counted: the hardware agrees.
    assert int(match.group(1)) == traps["TIMER"]
    # Nothing else went wrong (no BOUNDS, PRIV, ILLEGAL...).
    assert set(traps) == {"SYSCALL", "TIMER"}
    # It halted in kernel mode, in the exit system call.
    assert m.summary()["mode"] == "kernel"
    assert m.cause == spec.CAUSE_SYSCALL and m.tval == 3


def test_tiny_kernel_runs_its_user_program_in_user_mode_under_base_and_bound():
    program = assemble_file(PROGRAMS / "tiny-kernel.vl32")
    m = Machine()
    m.load(program.image, program.entry)
    seen_user = []

    def observe(machine, unit, status_before):
        if unit.kind in ("trap", "interrupt") and not status_before & spec.STATUS_KMODE:
            seen_user.append((machine.base, machine.bound, machine.epc))

    m.commit_hook = observe
    assert m.run(MAX_CYCLES) == "halt"
    assert seen_user, "no trap came from user mode"
    assert all(base == 0x1000 and bound == 0x100 and epc < 0x100
               for base, bound, epc in seen_user)


# ---------------------------------------------------------------- every example
@pytest.mark.parametrize("name", ["hello.vl32", "count.vl32", "tiny-kernel.vl32"])
def test_example_halts(name):
    reason, m = run_program(name)
    assert reason == "halt"
    assert m.halted == "halt"


def test_cli_run_json_has_exactly_the_documented_keys():
    result = subprocess.run(
        [sys.executable, "-m", "vmlab.cli.main", "run", "assets/programs/hello.vl32", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert list(summary) == ["cycles", "instructions", "halted", "pc", "mode", "regs", "sr",
                             "console", "traps"]
    assert summary["console"] == "Hello, world!\nHola, món!\n"
    assert summary["halted"] == "halt"


# ---------------------------------------------------------------- docs
DOC_FILES = [DOCS / "isa.md", DOCS / "isa.ca.md"]


def headings(path: Path) -> list[int]:
    """Levels of the #, ## and ### headings outside fenced code blocks."""
    levels, fenced = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"(#{1,3}) \S", line)
        if match and not fenced:
            levels.append(len(match.group(1)))
    return levels


def test_docs_have_the_same_section_structure():
    english, catalan = (headings(p) for p in DOC_FILES)
    assert english, "no headings found"
    for level in (1, 2, 3):
        assert english.count(level) == catalan.count(level), f"level {level}"
    assert english == catalan      # and in the same order


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_docs_mention_every_mnemonic_and_pseudo_instruction(path):
    text = path.read_text(encoding="utf-8")
    missing = [info.mnemonic for info in spec.OPS.values()
               if not re.search(rf"\b{info.mnemonic}\b", text)]
    assert not missing, f"mnemonics missing: {missing}"
    # Pseudo-instructions are written in code: `li rd, imm32`, `ret`, `b label`...
    missing = [name for name in PSEUDOS if not re.search(rf"`{name}[ `]", text)]
    assert not missing, f"pseudo-instructions missing: {missing}"


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_docs_quote_the_count_example_as_the_simulator_runs_it(path):
    _, m = run_program("count.vl32")
    quoted = json.dumps(m.summary())
    assert quoted in path.read_text(encoding="utf-8")
