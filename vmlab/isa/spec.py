"""The VL32 instruction set as data: opcodes, operand shapes, cycle costs, names.

This module is the single source of truth for the contract in VL32.md.  The
CPU, the assembler, the disassembler, the docs generator and the GUI all read
these tables, so a number changes in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

MASK = 0xFFFF_FFFF
SIGN = 0x8000_0000
WORD_BITS = 32
DEFAULT_MEMORY_WORDS = 65_536

# Trap entry takes four cycles; a faulting instruction costs one cycle first.
TRAP_ENTRY_CYCLES = 4
FAULT_CYCLES = 1


class Shape:
    """How an instruction's operands map to fields (and how they are written).

    Every field an instruction does not use must be zero, so a shape also
    tells the decoder which bits are reserved.
    """

    R3 = "rd, rs, rt"          # R-format ALU
    IS = "rd, rs, simm"        # I-format, sign-extended immediate
    IZ = "rd, rs, zimm"        # I-format, zero-extended immediate
    LUI = "rd, zimm"
    MEM = "rd, simm(rs)"
    BRANCH = "rd, rs, target"
    JUMP = "target26"
    JR = "rs"
    JALR = "rd, rs"
    CODE = "zimm"              # SYSCALL / HCALL: code in imm18, zero-extended
    NONE = ""
    MFSR = "rd, sr"
    MTSR = "sr, rs"
    IN = "rd, port"
    OUT = "port, rs"
    GETF = "rd"
    SETF = "rs"


@dataclass(frozen=True)
class OpInfo:
    opcode: int
    mnemonic: str
    shape: str
    cycles: int              # base cost (branches: not taken; see TAKEN_BRANCH_CYCLES)
    privileged: bool = False
    summary: str = ""
    # Reads or changes privileged state although it never traps (GETF, SETF): with
    # the privileged ones, the *sensitive* instructions a VMM must catch (Popek and
    # Goldberg); binary translation rewrites exactly those.
    sensitive: bool = False

    @property
    def needs_vmm(self) -> bool:
        """Privileged or sensitive: what a VMM must handle itself (binary translation's set)."""
        return self.privileged or self.sensitive


TAKEN_BRANCH_CYCLES = 2

_R_ALU = "ADD SUB AND OR XOR SHL SHR SRA SLT SLTU MUL DIV REM".split()
_I_ALU = "ADDI ANDI ORI XORI SHLI SHRI SRAI SLTI".split()
_BRANCHES = "BEQ BNE BLT BGE BLTU BGEU".split()
ZERO_EXTENDED = {"ANDI", "ORI", "XORI"}


def _build_table() -> dict[int, OpInfo]:
    table: dict[int, OpInfo] = {}

    def add(op: int, name: str, shape: str, cycles: int, privileged: bool = False,
            summary: str = "", sensitive: bool = False) -> None:
        table[op] = OpInfo(op, name, shape, cycles, privileged, summary, sensitive)

    r_summary = {
        "ADD": "rd = rs + rt", "SUB": "rd = rs - rt", "AND": "rd = rs & rt",
        "OR": "rd = rs | rt", "XOR": "rd = rs ^ rt", "SHL": "rd = rs << (rt & 31)",
        "SHR": "rd = rs >> (rt & 31), logical", "SRA": "rd = rs >> (rt & 31), arithmetic",
        "SLT": "rd = 1 if rs < rt (signed) else 0", "SLTU": "rd = 1 if rs < rt (unsigned) else 0",
        "MUL": "rd = low 32 bits of rs * rt", "DIV": "rd = rs / rt (signed, truncating)",
        "REM": "rd = rs rem rt (signed, sign of rs)",
    }
    for i, name in enumerate(_R_ALU):
        cycles = {"MUL": 3, "DIV": 8, "REM": 8}.get(name, 1)
        add(0x01 + i, name, Shape.R3, cycles, summary=r_summary[name])
    i_summary = {
        "ADDI": "rd = rs + imm", "ANDI": "rd = rs & imm", "ORI": "rd = rs | imm",
        "XORI": "rd = rs ^ imm", "SHLI": "rd = rs << (imm & 31)",
        "SHRI": "rd = rs >> (imm & 31), logical", "SRAI": "rd = rs >> (imm & 31), arithmetic",
        "SLTI": "rd = 1 if rs < imm (signed) else 0",
    }
    for i, name in enumerate(_I_ALU):
        shape = Shape.IZ if name in ZERO_EXTENDED else Shape.IS
        add(0x10 + i, name, shape, 1, summary=i_summary[name])
    add(0x18, "LUI", Shape.LUI, 1, summary="rd = imm << 14")
    add(0x1A, "LW", Shape.MEM, 2, summary="rd = M[rs + imm]")
    add(0x1B, "SW", Shape.MEM, 2, summary="M[rs + imm] = rd")
    b_summary = {"BEQ": "==", "BNE": "!=", "BLT": "< (signed)", "BGE": ">= (signed)",
                 "BLTU": "< (unsigned)", "BGEU": ">= (unsigned)"}
    for i, name in enumerate(_BRANCHES):
        add(0x20 + i, name, Shape.BRANCH, 1,
            summary=f"if rd {b_summary[name]} rs: pc = pc + offset")
    add(0x28, "JMP", Shape.JUMP, 2, summary="pc = target")
    add(0x29, "JAL", Shape.JUMP, 2, summary="ra = pc + 1; pc = target")
    add(0x2A, "JR", Shape.JR, 2, summary="pc = rs")
    add(0x2B, "JALR", Shape.JALR, 2, summary="rd = pc + 1; pc = rs")
    add(0x30, "SYSCALL", Shape.CODE, 1, summary="trap SYSCALL, TVAL = code")
    add(0x31, "HCALL", Shape.CODE, 1, summary="trap HCALL, TVAL = code")
    add(0x32, "ERET", Shape.NONE, 2, True, "pc = EPC; KMODE = PKMODE; IE = PIE")
    add(0x33, "MFSR", Shape.MFSR, 1, True, "rd = SR[sr]")
    add(0x34, "MTSR", Shape.MTSR, 1, True, "SR[sr] = rs")
    add(0x35, "IN", Shape.IN, 4, True, "rd = read(port)")
    add(0x36, "OUT", Shape.OUT, 4, True, "write(port, rs)")
    add(0x37, "WFI", Shape.NONE, 1, True, "idle until an interrupt is pending")
    add(0x38, "HALT", Shape.NONE, 1, True, "stop the machine")
    add(0x39, "GETF", Shape.GETF, 1, summary="rd = STATUS (never traps)", sensitive=True)
    add(0x3A, "SETF", Shape.SETF, 1, summary="kernel: IE = rs & 1; user: nothing",
        sensitive=True)
    return table


OPS: dict[int, OpInfo] = _build_table()
BY_MNEMONIC: dict[str, OpInfo] = {info.mnemonic: info for info in OPS.values()}

# ---------------------------------------------------------------- system registers
SR_NAMES = ("STATUS", "EPC", "CAUSE", "TVAL", "TVEC", "BASE", "BOUND",
            "TIMER", "SCRATCH", "CYCLE", "IPEND")
SR_NUMBERS = {name: i for i, name in enumerate(SR_NAMES)}
SR_STATUS, SR_EPC, SR_CAUSE, SR_TVAL, SR_TVEC, SR_BASE, SR_BOUND, SR_TIMER, \
    SR_SCRATCH, SR_CYCLE, SR_IPEND = range(len(SR_NAMES))
READ_ONLY_SRS = frozenset({SR_CYCLE, SR_IPEND})

STATUS_IE = 1
STATUS_KMODE = 2
STATUS_PIE = 4
STATUS_PKMODE = 8
STATUS_BITS = 0xF

IPEND_TIMER = 1
IPEND_CONSOLE = 2
IPEND_DISK = 4

# ---------------------------------------------------------------- traps
CAUSE_NAMES = {1: "ILLEGAL", 2: "PRIV", 3: "BOUNDS", 4: "DIVZERO", 5: "SYSCALL",
               6: "HCALL", 8: "TIMER", 9: "CONSOLE", 10: "DISK"}
CAUSE_NUMBERS = {name: code for code, name in CAUSE_NAMES.items()}
CAUSE_ILLEGAL, CAUSE_PRIV, CAUSE_BOUNDS, CAUSE_DIVZERO, CAUSE_SYSCALL, CAUSE_HCALL = 1, 2, 3, 4, 5, 6
CAUSE_TIMER, CAUSE_CONSOLE, CAUSE_DISK = 8, 9, 10
INTERRUPT_CAUSES = frozenset({CAUSE_TIMER, CAUSE_CONSOLE, CAUSE_DISK})
# Priority when several are pending: TIMER, DISK, CONSOLE.
INTERRUPT_PRIORITY = ((IPEND_TIMER, CAUSE_TIMER), (IPEND_DISK, CAUSE_DISK),
                      (IPEND_CONSOLE, CAUSE_CONSOLE))

# ---------------------------------------------------------------- ports
PORT_NAMES = {0x10: "CONSOLE_OUT", 0x11: "CONSOLE_IN", 0x12: "CONSOLE_STATUS",
              0x13: "MACHINE_ID", 0x14: "VM_GENERATION",
              0x20: "DISK_BLOCK", 0x21: "DISK_ADDR", 0x22: "DISK_CMD", 0x23: "DISK_SIZE"}
PORT_NUMBERS = {name: port for port, name in PORT_NAMES.items()}
PORT_CONSOLE_OUT, PORT_CONSOLE_IN, PORT_CONSOLE_STATUS = 0x10, 0x11, 0x12
NO_DATA = MASK  # what an empty input queue or an unknown port reads

# ---------------------------------------------------------------- identity (docs/isa.md, 16)
# The identity device, read-only: the machine's identity word and a generation counter
# that changes when the VMM clones the guest with a new identity (in the spirit of
# Microsoft's VM Generation ID).  Present on every machine a scenario builds; without it
# (a bare program run) the two ports are unknown ports.
PORT_MACHINE_ID, PORT_VM_GENERATION = 0x13, 0x14
IDENTITY_PORTS = frozenset({PORT_MACHINE_ID, PORT_VM_GENERATION})

# ---------------------------------------------------------------- the disk (docs/isa.md, 14)
# A block disk on ports 0x20-0x23, present when a scenario gives the machine one.  DISK_CMD
# written starts a command; read, it is the status (DISK_STATUS: the same port).
PORT_DISK_BLOCK, PORT_DISK_ADDR, PORT_DISK_CMD, PORT_DISK_SIZE = 0x20, 0x21, 0x22, 0x23
DISK_PORTS = frozenset(range(PORT_DISK_BLOCK, PORT_DISK_SIZE + 1))
DISK_BLOCK_WORDS = 64            # one block: 64 words
DISK_MAX_BLOCKS = 4096           # the largest disk: 4,096 blocks (262,144 words)
# Commands (written to DISK_CMD).
DISK_CMD_ACK, DISK_CMD_READ, DISK_CMD_WRITE = 0, 1, 2
DISK_COMMAND_NAMES = {DISK_CMD_ACK: "ACK", DISK_CMD_READ: "READ", DISK_CMD_WRITE: "WRITE"}
# Status (read from DISK_CMD): bit0 BUSY, bit1 DONE (= IPEND.DISK), bits 4-7 the error code.
DISK_BUSY, DISK_DONE = 1, 2
DISK_ERROR_SHIFT = 4
DISK_ERR_COMMAND, DISK_ERR_BLOCK, DISK_ERR_ADDRESS, DISK_ERR_BUSY = 1, 2, 3, 4
DISK_ERROR_NAMES = {DISK_ERR_COMMAND: "COMMAND", DISK_ERR_BLOCK: "BLOCK",
                    DISK_ERR_ADDRESS: "ADDRESS", DISK_ERR_BUSY: "BUSY"}
# What a transfer costs, counted from the end of the OUT that starts it: the interrupt is
# pending exactly DISK_TRANSFER_CYCLES later (as MTSR TIMER, N).
DISK_TIMING = {"latency": 100,   # the head reaches the block
               "per_word": 2}    # each word moved between the disk and memory
DISK_TRANSFER_CYCLES = DISK_TIMING["latency"] + DISK_TIMING["per_word"] * DISK_BLOCK_WORDS

# ---------------------------------------------------------------- registers
REGISTER_ALIASES = {"sp": 14, "ra": 15}
REG_SP, REG_RA = 14, 15


def to_signed(value: int) -> int:
    """Interpret a 32-bit word as a two's-complement integer."""
    value &= MASK
    return value - 0x1_0000_0000 if value & SIGN else value


def sext18(value: int) -> int:
    """Sign-extend an 18-bit field to a Python int."""
    return value - 0x40000 if value & 0x20000 else value
