"""Building VL32 programs from Instructions and running them, for the machine tests.

Programs are written with ``vmlab.isa.encode(Instruction(...))`` only; the
assembler (vmlab.asm) is deliberately not used here.  A "program" is a list
whose items are Instructions, raw words (ints) or nested lists of those.
"""

from __future__ import annotations

from vmlab.isa import Instruction, encode
from vmlab.isa import spec
from vmlab.machine import Machine

MASK = 0xFFFF_FFFF
INT_MIN = 0x8000_0000

# System registers and ports by name (numbers from VL32.md).
STATUS, EPC, CAUSE, TVAL, TVEC, BASE, BOUND, TIMER, SCRATCH, CYCLE, IPEND = range(11)
IE, KMODE, PIE, PKMODE = 1, 2, 4, 8
CONSOLE_OUT, CONSOLE_IN, CONSOLE_STATUS = 0x10, 0x11, 0x12
ILLEGAL, PRIV, BOUNDS, DIVZERO, SYSCALL, HCALL = 1, 2, 3, 4, 5, 6
CAUSE_TIMER, CAUSE_CONSOLE, CAUSE_DISK = 8, 9, 10
IPEND_TIMER, IPEND_CONSOLE, IPEND_DISK = 1, 2, 4

R_OPS = "ADD SUB AND OR XOR SHL SHR SRA SLT SLTU MUL DIV REM".split()
I_OPS = "ADDI ANDI ORI XORI SHLI SHRI SRAI SLTI".split()
BRANCHES = "BEQ BNE BLT BGE BLTU BGEU".split()
PRIVILEGED = "ERET MFSR MTSR IN OUT WFI HALT".split()


def s32(value: int) -> int:
    """A 32-bit word as a signed Python int."""
    value &= MASK
    return value - (1 << 32) if value & INT_MIN else value


def u32(value: int) -> int:
    return value & MASK


# ---------------------------------------------------------------- instruction builders
def R(name: str, rd: int, rs: int, rt: int) -> Instruction:
    return Instruction(name, rd, rs, rt)


def I(name: str, rd: int, rs: int, imm: int) -> Instruction:
    return Instruction(name, rd, rs, 0, imm)


def addi(rd: int, rs: int, imm: int) -> Instruction:
    return Instruction("ADDI", rd, rs, 0, imm)


def lui(rd: int, imm: int) -> Instruction:
    return Instruction("LUI", rd, 0, 0, imm)


def lw(rd: int, offset: int, rs: int) -> Instruction:
    return Instruction("LW", rd, rs, 0, offset)


def sw(rd: int, offset: int, rs: int) -> Instruction:
    return Instruction("SW", rd, rs, 0, offset)


def branch(name: str, rd: int, rs: int, offset: int) -> Instruction:
    return Instruction(name, rd, rs, 0, offset)


def jmp(target: int) -> Instruction:
    return Instruction("JMP", imm=target)


def jal(target: int) -> Instruction:
    return Instruction("JAL", imm=target)


def jr(rs: int) -> Instruction:
    return Instruction("JR", rs=rs)


def jalr(rd: int, rs: int) -> Instruction:
    return Instruction("JALR", rd, rs)


def syscall(code: int = 0) -> Instruction:
    return Instruction("SYSCALL", imm=code)


def hcall(code: int = 0) -> Instruction:
    return Instruction("HCALL", imm=code)


def mfsr(rd: int, sr: int) -> Instruction:
    return Instruction("MFSR", rd, 0, 0, sr)


def mtsr(sr: int, rs: int) -> Instruction:
    return Instruction("MTSR", 0, rs, 0, sr)


def in_(rd: int, port: int) -> Instruction:
    return Instruction("IN", rd, 0, 0, port)


def out(port: int, rs: int) -> Instruction:
    return Instruction("OUT", 0, rs, 0, port)


def getf(rd: int) -> Instruction:
    return Instruction("GETF", rd)


def setf(rs: int) -> Instruction:
    return Instruction("SETF", rs=rs)


ERET = Instruction("ERET")
WFI = Instruction("WFI")
HALT = Instruction("HALT")
NOP = Instruction("ADD")  # ADD r0, r0, r0


def li(rd: int, value: int) -> list[Instruction]:
    """Load a 32-bit constant: always two words (LUI + ORI), so layouts are fixed."""
    value &= MASK
    return [lui(rd, value >> 14), I("ORI", rd, rd, value & 0x3FFF)]


def set_sr(sr: int, value: int, scratch: int = 13) -> list[Instruction]:
    """Three words: li scratch, value; MTSR sr, scratch."""
    return li(scratch, value) + [mtsr(sr, scratch)]


# ---------------------------------------------------------------- programs
def assemble(*items) -> list[int]:
    """Flatten Instructions / words / lists into a list of words."""
    words: list[int] = []

    def walk(item):
        if isinstance(item, Instruction):
            words.append(encode(item))
        elif isinstance(item, int):
            words.append(item & MASK)
        else:
            for sub in item:
                walk(sub)

    walk(items)
    return words


def make_machine(*items, memory_words: int = spec.DEFAULT_MEMORY_WORDS,
                 at: dict[int, object] | None = None, entry: int = 0,
                 data: dict[int, int] | None = None) -> Machine:
    """A machine with the program at 0, extra code blocks `at` {addr: items}, data words."""
    m = Machine(memory_words)
    image: dict[int, int] = dict(enumerate(assemble(*items)))
    for addr, block in (at or {}).items():
        for i, word in enumerate(assemble(block)):
            image[addr + i] = word
    image.update({a: w & MASK for a, w in (data or {}).items()})
    m.load(image, entry=entry)
    return m


def run_program(*items, max_cycles: int = 100_000, **kw) -> Machine:
    """Build, run until it stops (asserting it halted), return the machine."""
    m = make_machine(*items, **kw)
    reason = m.run(max_cycles=max_cycles)
    assert reason == "halt", f"stopped with {reason!r} at pc={m.pc:#x} cycles={m.cycles}"
    return m


def steps(m: Machine, n: int) -> list:
    """n whole units with step_instruction; returns the units."""
    return [m.step_instruction() for _ in range(n)]


def one(ins, regs: dict[int, int] | None = None, **kw) -> tuple[Machine, int]:
    """Execute one instruction at address 0 (then HALT at 1) on a fresh machine.

    It is run twice: with run() (the fast loop where it applies) and with
    step_instruction() (the reference executor); both must agree exactly.
    Returns the run() machine (stopped after the HALT) and the instruction's
    cost in cycles.
    """
    machines = []
    for mode in ("run", "step"):
        m = make_machine(ins, HALT, **kw)
        for r, v in (regs or {}).items():
            m.regs[r] = v & MASK
        if mode == "run":
            assert m.run(max_cycles=1000) == "halt"
        else:
            unit = m.step_instruction()
            cost = unit.cost
            assert m.cycles == cost
            m.step_instruction()
            assert m.halted == "halt"
        machines.append(m)
    a, b = machines
    assert a.get_state() == b.get_state()
    assert a.cycles == cost + 1
    return a, cost


def run_all_modes(*items, regs: dict[int, int] | None = None, max_cycles: int = 10_000,
                  expect: str = "halt", setup=None, **kw) -> Machine:
    """Run a program to its stop with run(), step_instruction() and step_cycle().

    All three must stop for the same reason with bit-identical state.  `setup`
    (machine -> None) can poke the fresh machine (registers, SRs, console input).
    Returns the run() machine.
    """
    results = []
    for mode in ("run", "instr", "cycle"):
        m = make_machine(*items, **kw)
        for r, v in (regs or {}).items():
            m.regs[r] = v & MASK
        if setup is not None:
            setup(m)
        if mode == "run":
            reason = m.run(max_cycles=max_cycles)
        else:
            step = m.step_instruction if mode == "instr" else m.step_cycle
            while not m.halted and m.cycles < max_cycles:
                step()
            reason = m.halted or "cycle-limit"
        assert reason == expect, f"{mode}: stopped with {reason!r} at pc={m.pc:#x}"
        results.append(m)
    ref = results[0].get_state()
    if expect != "cycle-limit":  # a unit may overshoot the limit with step_instruction
        assert results[1].get_state() == ref
    assert results[2].get_state() == ref
    return results[0]


def enter_user(entry: int, base: int, bound: int, status: int = KMODE) -> list[Instruction]:
    """Kernel code that sets BASE/BOUND/EPC and ERETs to user mode at virtual `entry`.

    `status` is written before the ERET; its PIE/PKMODE bits decide IE/KMODE after it
    (the default KMODE only: user mode, interrupts off).  Uses r13.  16 words.
    """
    return (set_sr(BASE, base) + set_sr(BOUND, bound) + set_sr(EPC, entry)
            + set_sr(STATUS, status) + [ERET])


def put_user(m: Machine, base: int, bound: int, pc: int, ie: bool = False) -> None:
    """Host-side: switch a machine to user mode with the given window and pc."""
    m.base, m.bound, m.pc = base, bound, pc
    m.status = IE if ie else 0


# ---------------------------------------------------------------- a logging trap handler
LOG = 0x800          # where the standard handler writes (cause, tval, epc, status) records


def logging_handler() -> list[Instruction]:
    """A kernel trap handler (18 words) for TVEC.

    It appends CAUSE, TVAL, EPC and STATUS to the log at r8 (4 words per trap;
    the kernel sets r8 = LOG first), then: for a synchronous trap (CAUSE < 8)
    returns to EPC + 1; for an interrupt writes TIMER = 0 (acknowledge and
    disarm), reads one byte from CONSOLE_IN, and returns to EPC.  Uses r8-r12.
    """
    return [
        mfsr(10, CAUSE),          # 0
        mfsr(11, TVAL),           # 1
        mfsr(12, EPC),            # 2
        mfsr(9, STATUS),          # 3
        sw(10, 0, 8),             # 4
        sw(11, 1, 8),             # 5
        sw(12, 2, 8),             # 6
        sw(9, 3, 8),              # 7
        addi(8, 8, 4),            # 8
        I("SLTI", 9, 10, 8),      # 9: r9 = 1 for a synchronous trap
        branch("BEQ", 9, 0, 4),   # 10: interrupt -> 14
        addi(12, 12, 1),          # 11
        mtsr(EPC, 12),            # 12
        ERET,                     # 13
        mtsr(TIMER, 0),           # 14
        in_(9, CONSOLE_IN),       # 15
        ERET,                     # 16
        HALT,                     # 17 (never reached)
    ]


def trap_log(m: Machine) -> list[tuple[int, int, int, int]]:
    """The (cause, tval, epc, status) records the logging handler wrote."""
    out = []
    addr = LOG
    while addr + 3 < m.memory_words and addr < m.regs[8]:
        out.append(tuple(m.mem[addr:addr + 4]))
        addr += 4
    return out


def kernel_prologue(tvec: int = 0x200) -> list[Instruction]:
    """TVEC = tvec and r8 = LOG (5 words)."""
    return set_sr(TVEC, tvec) + li(8, LOG)
