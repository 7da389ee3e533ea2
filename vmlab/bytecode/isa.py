"""VLB, the vmlab bytecode: one table that the assembler, the verifier, both
interpreters and the listings read (docs/bytecode.md).

A VLB program is a sequence of 32-bit words.  An instruction word holds the
opcode in bits 31-24 and an operand in bits 23-0 (a local's number or a code
offset, unsigned); an instruction without an operand has those bits 0.  PUSH
is two words long: its word, then the constant (any 32-bit value).  Nothing
here depends on VL32: the same words mean the same thing to any interpreter
(architecture-neutral, as Java's bytecodes are).
"""

from __future__ import annotations

from dataclasses import dataclass

MASK = 0xFFFF_FFFF
OPERAND_BITS = 24
OPERAND_MASK = (1 << OPERAND_BITS) - 1

# The image header: five words before the code.
MAGIC = 0x564C_4200            # "VLB" and a 0 byte, read as a big-endian word
VERSION = 1
HEADER_WORDS = 5               # magic, version, max_stack, locals, code_length

# Limits (the loader checks them before anything else).
MAX_CODE_WORDS = 4096
MAX_STACK = 256
MAX_LOCALS = 256
MAX_SOURCE_BYTES = 256 << 10   # a .vlb source file
MAX_IMAGE_BYTES = (HEADER_WORDS + MAX_CODE_WORDS) * 4   # a binary image file

# Operand kinds.
NONE, CONST, LOCAL, TARGET = "none", "const", "local", "target"


@dataclass(frozen=True)
class Op:
    code: int
    name: str          # lower-case mnemonic, as the assembler writes it
    operand: str       # NONE, CONST (the next word), LOCAL or TARGET
    pops: int
    pushes: int
    flow: str = "next"  # next, jump (unconditional), branch (conditional), halt
    what: str = ""


OPS: tuple[Op, ...] = (
    Op(0x01, "push", CONST, 0, 1, what="push the constant (the next word)"),
    Op(0x02, "load", LOCAL, 0, 1, what="push local n"),
    Op(0x03, "store", LOCAL, 1, 0, what="pop into local n"),
    Op(0x04, "pop", NONE, 1, 0, what="drop the top"),
    Op(0x05, "dup", NONE, 1, 2, what="push the top again"),
    Op(0x06, "swap", NONE, 2, 2, what="exchange the top two"),
    Op(0x10, "add", NONE, 2, 1, what="a + b"),
    Op(0x11, "sub", NONE, 2, 1, what="a - b"),
    Op(0x12, "mul", NONE, 2, 1, what="a * b (low 32 bits)"),
    Op(0x13, "div", NONE, 2, 1, what="a / b, truncating; b = 0 stops the VM"),
    Op(0x14, "rem", NONE, 2, 1, what="a rem b, sign of a; b = 0 stops the VM"),
    Op(0x15, "neg", NONE, 1, 1, what="-a"),
    Op(0x18, "eq", NONE, 2, 1, what="1 if a = b, else 0"),
    Op(0x19, "ne", NONE, 2, 1, what="1 if a != b, else 0"),
    Op(0x1A, "lt", NONE, 2, 1, what="1 if a < b (signed), else 0"),
    Op(0x1B, "le", NONE, 2, 1, what="1 if a <= b (signed), else 0"),
    Op(0x1C, "gt", NONE, 2, 1, what="1 if a > b (signed), else 0"),
    Op(0x1D, "ge", NONE, 2, 1, what="1 if a >= b (signed), else 0"),
    Op(0x20, "jmp", TARGET, 0, 0, "jump", what="go to the target"),
    Op(0x21, "jz", TARGET, 1, 0, "branch", what="pop; go to the target if it was 0"),
    Op(0x22, "jnz", TARGET, 1, 0, "branch", what="pop; go to the target if it was not 0"),
    Op(0x30, "print", NONE, 1, 0, what="pop; print it in decimal (signed)"),
    Op(0x31, "printc", NONE, 1, 0, what="pop; print its low 8 bits as a Latin-1 character"),
    Op(0x3F, "halt", NONE, 0, 0, "halt", what="stop the VM"),
)
BY_CODE = {op.code: op for op in OPS}
BY_NAME = {op.name: op for op in OPS}
MAX_OPCODE = 0x3F      # the VL32 interpreter's dispatch table has 64 entries


def length(op: Op) -> int:
    """Words of one instruction: 2 for PUSH, 1 for the others."""
    return 2 if op.operand == CONST else 1


def encode(op: Op, operand: int = 0) -> int:
    """The instruction word (PUSH's constant is a word of its own)."""
    return (op.code << OPERAND_BITS) | (0 if op.operand == CONST else operand & OPERAND_MASK)


def signed(value: int) -> int:
    value &= MASK
    return value - (1 << 32) if value & 0x8000_0000 else value


# Why the VM stopped: the reference interpreter's and the VL32 interpreter's
# codes are the same (the VL32 one leaves it in r1 when it halts).
STATUS_HALT, STATUS_DIVZERO, STATUS_BAD = 0, 1, 2
STATUS_NAMES = {STATUS_HALT: "halt", STATUS_DIVZERO: "division-by-zero",
                STATUS_BAD: "bad-image"}
