"""Toy8, the foreign machine: its instruction set as one table (docs/emulator.md).

Toy8 is a small 8-bit accumulator machine in the spirit of the 6502, and
deliberately unlike VL32: bytes instead of 32-bit words, one accumulator
instead of sixteen registers, flags instead of compare-and-branch, a stack
in its own memory for subroutine calls.

- Memory: 256 bytes, addresses 0x00-0xFF; every address computation wraps
  modulo 256, so a Toy8 program can never reach outside its 256 bytes.
- Registers: A (accumulator), X (index), PC, SP (stack pointer), all 8 bits;
  flags Z (result zero) and C (carry; for SUB and CMP: no borrow, A >= M).
- Reset: A = X = 0, PC = 0, SP = 0 (the first push goes to 0xFF), Z = C = 0.
- Encoding: one opcode byte = operation * 4 + mode, then one operand byte
  unless the mode is implied.  Modes: 0 implied, 1 immediate (#n),
  2 absolute (n: the byte at address n), 3 indexed (n,x: the byte at n + X).
  Byte 0x00 is HLT: a run into zeroed memory stops at once.  Any other byte
  whose operation does not take its mode is illegal: the machine stops with
  the status "illegal" and the PC left on it.

This module is the one definition: the reference interpreter (cpu.py), the
assembler, the disassembler and the VL32 emulator's dispatch table (checked
by tests/emulated) all read it.
"""

from __future__ import annotations

from dataclasses import dataclass

MEMORY_BYTES = 256
BYTE = 0xFF

IMPLIED, IMMEDIATE, ABSOLUTE, INDEXED = range(4)
MODE_NAMES = ("implied", "immediate", "absolute", "indexed")
ALL_VALUE_MODES = (IMMEDIATE, ABSOLUTE, INDEXED)

# Why a machine stopped (the reference and the VL32 emulator say the same).
RUNNING, HALTED, ILLEGAL, STEP_LIMIT = 0, 1, 2, 3
STATUS_NAMES = {RUNNING: "running", HALTED: "halt", ILLEGAL: "illegal",
                STEP_LIMIT: "step-limit"}


@dataclass(frozen=True)
class Operation:
    number: int                 # opcode byte = number * 4 + mode
    name: str                   # the mnemonic, lower case
    modes: tuple[int, ...]      # the modes it takes
    summary: str                # what it does, for the docs and the listing

    def opcode(self, mode: int) -> int:
        return self.number * 4 + mode


OPERATIONS: tuple[Operation, ...] = (
    Operation(0, "hlt", (IMPLIED,), "stop the machine"),
    Operation(1, "lda", ALL_VALUE_MODES, "A = M; Z"),
    Operation(2, "ldx", ALL_VALUE_MODES, "X = M; Z"),
    Operation(3, "sta", (ABSOLUTE, INDEXED), "M = A"),
    Operation(4, "stx", (ABSOLUTE, INDEXED), "M = X"),
    Operation(5, "add", ALL_VALUE_MODES, "A = A + M; C = carry out, Z"),
    Operation(6, "sub", ALL_VALUE_MODES, "A = A - M; C = (A >= M before), Z"),
    Operation(7, "and", ALL_VALUE_MODES, "A = A & M; Z"),
    Operation(8, "or", ALL_VALUE_MODES, "A = A | M; Z"),
    Operation(9, "cmp", ALL_VALUE_MODES, "Z = (A == M), C = (A >= M)"),
    Operation(10, "inx", (IMPLIED,), "X = X + 1; Z"),
    Operation(11, "dex", (IMPLIED,), "X = X - 1; Z"),
    Operation(12, "tax", (IMPLIED,), "X = A; Z"),
    Operation(13, "txa", (IMPLIED,), "A = X; Z"),
    Operation(14, "jmp", (ABSOLUTE,), "PC = n"),
    Operation(15, "beq", (ABSOLUTE,), "if Z: PC = n"),
    Operation(16, "bne", (ABSOLUTE,), "if not Z: PC = n"),
    Operation(17, "bcs", (ABSOLUTE,), "if C: PC = n"),
    Operation(18, "bcc", (ABSOLUTE,), "if not C: PC = n"),
    Operation(19, "jsr", (ABSOLUTE,), "SP = SP - 1; M[SP] = address of the next instruction; "
                                      "PC = n"),
    Operation(20, "rts", (IMPLIED,), "PC = M[SP]; SP = SP + 1"),
    Operation(21, "out", (IMPLIED,), "write A to the console (one character)"),
)

BY_NAME: dict[str, Operation] = {op.name: op for op in OPERATIONS}


def _decode_table() -> tuple[tuple[Operation, int] | None, ...]:
    table: list[tuple[Operation, int] | None] = [None] * MEMORY_BYTES
    for op in OPERATIONS:
        for mode in op.modes:
            table[op.opcode(mode)] = (op, mode)
    return tuple(table)


# DECODE[byte] = (operation, mode), or None for an illegal opcode byte.
DECODE = _decode_table()


def length(mode: int) -> int:
    """Bytes of an instruction in mode: 1 implied, else 2 (opcode and operand)."""
    return 1 if mode == IMPLIED else 2


def legal_opcodes() -> list[int]:
    return [byte for byte, entry in enumerate(DECODE) if entry is not None]
