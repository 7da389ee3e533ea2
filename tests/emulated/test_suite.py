"""The emulator passes a suite of Toy8 programs with known results (issue 16 item 4).

Each program's result is known beforehand (computed here in Python, or by hand
from docs/emulator.md); the reference Toy8 must give it, and the VL32 emulator
must end in exactly the reference's state: console, registers, flags, status,
instruction count and all 256 bytes of memory, read back from the emulator's
memory at FOREIGN and STATE.
"""

from __future__ import annotations

import pytest

from vmlab.emulated import assemble_file
from vmlab.emulated.emulator import foreign_dir, shipped_programs
from vmlab.emulated.isa import HALTED, ILLEGAL, STEP_LIMIT

from .helpers import agree, both


def fibonacci_bytes() -> list[int]:
    out, a, b = [], 0, 1
    while a < 256:
        out.append(a)
        a, b = b, a + b
    return out


SHIPPED = {
    "hello": "Hello from Toy8!\n",
    "count": "".join(str(d) for d in range(10)) + "\n",
    "fib": "".join(f"{n} " for n in fibonacci_bytes()) + "\n",
}


def test_every_shipped_program_has_a_known_result():
    assert sorted(SHIPPED) == shipped_programs()


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_programs(name):
    ref = agree(assemble_file(foreign_dir() / f"{name}.toy8"))
    assert ref.console() == SHIPPED[name]
    assert ref.status == HALTED


def test_fib_returns_through_two_levels_of_subroutine():
    ref = agree(assemble_file(foreign_dir() / "fib.toy8"))
    assert ref.sp == 0                          # every JSR matched by its RTS
    assert {ref.memory[0xFF], ref.memory[0xFE]} != {0}   # the return addresses stayed


# (source, what must hold on the reference state) — each a known result.
CASES = {
    "add-carry": ("lda #200\nadd #100\nhlt",
                  dict(a=44, c=1, z=0)),
    "add-zero-carry": ("lda #0x80\nadd #0x80\nhlt",
                       dict(a=0, c=1, z=1)),
    "add-no-carry": ("lda #1\nadd #2\nhlt", dict(a=3, c=0, z=0)),
    "sub-borrow": ("lda #3\nsub #5\nhlt", dict(a=254, c=0, z=0)),
    "sub-equal": ("lda #7\nsub #7\nhlt", dict(a=0, c=1, z=1)),
    "cmp-less": ("lda #3\ncmp #4\nhlt", dict(a=3, c=0, z=0)),
    "cmp-equal": ("lda #4\ncmp #4\nhlt", dict(a=4, c=1, z=1)),
    "cmp-greater": ("lda #5\ncmp #4\nhlt", dict(a=5, c=1, z=0)),
    "and-or": ("lda #0xF0\nand #0x3C\nor #0x01\nhlt", dict(a=0x31, z=0)),
    "and-zero": ("lda #0xF0\nand #0x0F\nhlt", dict(a=0, z=1)),
    "negative-immediate": ("lda #-1\nhlt", dict(a=255)),
    "x-wraps": ("ldx #0\ndex\nhlt", dict(x=255, z=0)),
    "x-wraps-up": ("ldx #255\ninx\nhlt", dict(x=0, z=1)),
    "tax-txa": ("lda #9\ntax\nlda #0\ntxa\nhlt", dict(a=9, x=9, z=0)),
    "store-and-load": ("lda #42\nsta 0x80\nldx 0x80\nhlt", dict(x=42, mem={0x80: 42})),
    "indexed-store": ("ldx #3\nlda #7\nsta 0x90,x\nstx 0x90,x\nhlt",
                      dict(mem={0x93: 3})),
    "indexed-wraps": ("ldx #0x20\nlda #5\nsta 0xF0,x\nhlt", dict(mem={0x10: 5})),
    "indexed-load": ("ldx #2\nlda t,x\nhlt\nt: .byte 10, 20, 30", dict(a=30)),
    "ldx-indexed": ("ldx #1\nldx t,x\nhlt\nt: .byte 10, 20", dict(x=20)),
    "jsr-rts": ("jsr routine\nhlt\nroutine: lda #1\nrts", dict(a=1, sp=0, mem={0xFF: 2}, pc=3)),
    "stack-wraps": (".equ N, 0\nldx #0\njsr s\nhlt\ns: rts", dict(sp=0, mem={0xFF: 4})),
    "beq-bne": ("lda #0\nbeq a\nhlt\na: lda #1\nbne b\nhlt\nb: lda #2\nhlt", dict(a=2)),
    "bcs-bcc": ("lda #1\ncmp #0\nbcs a\nhlt\na: cmp #2\nbcc b\nhlt\nb: lda #3\nhlt",
                dict(a=3)),
    "branch-not-taken": ("lda #1\nbeq x1\nlda #5\nx1: hlt", dict(a=5)),
    "output": ("lda #'O'\nout\nlda #'K'\nout\nhlt", dict(console="OK")),
    "self-modifying": ("lda #0x05\nsta p\np: .byte 0x00, 7\nhlt", dict(a=7)),
    # A JMP at 0xFF takes its operand from address 0x00 (here JMP's own opcode, 0x3A).
    "pc-wraps": ("jmp 0xFE\n.org 0xFE\ninx\n.byte 0x3A\n.org 0x3A\nhlt",
                 dict(x=1, pc=0x3B, steps=4)),
    "hlt-moves-pc": ("hlt", dict(pc=1, steps=1)),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_known_results(name):
    source, expected = CASES[name]
    ref = agree(source)
    assert ref.status == HALTED
    for key, value in expected.items():
        if key == "mem":
            for address, byte in value.items():
                assert ref.memory[address] == byte, (name, hex(address))
        elif key == "console":
            assert ref.console() == value
        else:
            assert getattr(ref, key) == value, (name, key)


def test_an_illegal_byte_stops_both_with_the_pc_on_it():
    ref = agree("lda #1\n.byte 0x01\nhlt")           # 0x01: HLT takes no immediate
    assert (ref.status, ref.pc, ref.steps, ref.a) == (ILLEGAL, 2, 1, 1)


def test_zeroed_memory_is_hlt():
    ref = agree(b"")
    assert (ref.status, ref.pc, ref.steps) == (HALTED, 1, 1)


def test_the_step_limit_stops_both_at_the_same_instruction():
    ref, emulated = both("loop: inx\njmp loop", step_limit=101)
    assert ref.status == emulated.state.status == STEP_LIMIT
    assert ref.steps == emulated.state.steps == 101
    assert ref.registers() == emulated.state.registers() == {
        "a": 0, "x": 51, "pc": 1, "sp": 0, "z": 0, "c": 0}


def test_instructions_per_emulated_instruction_is_reported_and_above_one():
    _, emulated = both(assemble_file(foreign_dir() / "fib.toy8"))
    ratio = emulated.per_instruction
    assert ratio == emulated.instret / emulated.state.steps
    assert ratio > 1 and emulated.cycles_per_instruction >= ratio
    # The emulator's own work per instruction: fetch, decode, dispatch, execute, commit.
    assert 10 < ratio < 40
