"""The VL32 CPU: state, the reference executor, and the fast run loop.

How time works here (VL32.md, "Cycle model"):

* Execution is a sequence of *units*.  A unit is one instruction, a faulting
  instruction together with its trap entry (1 + 4 cycles), or an interrupt
  entry (4 cycles).  A unit's cost is known when it starts, because nothing it
  depends on can change before it commits on its last cycle.
* ``cycles`` counts completed cycles.  The timer is kept as a *deadline*, the
  cycle count at which TIMER reaches 0, so it "ticks" every cycle (idle and
  trap-entry cycles included) without any work per cycle:
  TIMER = max(0, deadline - cycles) and IPEND.TIMER = deadline <= cycles.
  Writing TIMER moves the deadline; that is also the acknowledgement.
* Stepping by cycle keeps the unit in flight in ``inflight`` and commits it on
  its last cycle through the same code as every other stepping mode, so all
  modes reach bit-identical state at every cycle.
* ``run`` executes the hot instructions inline from a cache of pre-decoded
  tuples, and in kernel mode the system instructions too (with the same
  code as the reference executor), and sends everything else through the
  reference executor.
* A VMM can make ``run`` stop before chosen instructions (*intercepts*, which
  binary translation uses), as it stops at breakpoints: through slow entries
  of the code cache, at no cost to the fast loop, with a stop reason of their
  own.  It can also *watch* words: one rewritten since it was watched stops
  ``run`` before it executes (the code cache already notices every store to
  code, since it must decode the word again).
* The *dirty log* (docs/isa.md, "Dirty-block logging"), a hardware feature in
  the spirit of Intel's page-modification logging: while it is on, every write
  to memory marks its block of BLOCK_WORDS words in a set the host reads and
  clears (``take_dirty``).  The code cache then decodes SW as K_SWD, a kind
  tested after every other inline kind, so while it is off the fast loop does
  exactly what it did without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, NamedTuple

from ..isa import spec as isa
from ..isa.encoding import Instruction, decode
from ..isa.spec import (CAUSE_BOUNDS, CAUSE_DIVZERO, CAUSE_HCALL, CAUSE_ILLEGAL, CAUSE_NAMES,
                        CAUSE_PRIV, CAUSE_SYSCALL, INTERRUPT_PRIORITY, MASK, SIGN, STATUS_IE,
                        STATUS_KMODE, TAKEN_BRANCH_CYCLES, TRAP_ENTRY_CYCLES)
from .state import NEVER, STALLED, SYSTEM_INSTRUCTIONS, CpuState

# Stop reasons, spelled so in every output ("halt" and "stalled" live in .state).
CYCLE_LIMIT = "cycle-limit"
BREAKPOINT = "breakpoint"
TRAP = "trap"            # a trap entry completed while exit_on_trap is set (VMM, "next trap")
PREDICATE = "predicate"  # run_until's condition became true
INTERCEPT = "intercept"  # the pc is a VMM intercept, or a watched word rewritten since

_FAST_SLICE = 50_000
# Dirty-block logging counts memory in blocks of 64 words (the block of diff snapshots and
# of live migration: docs/snapshots.md, docs/migration.md): block = address >> BLOCK_SHIFT.
BLOCK_SHIFT = 6
BLOCK_WORDS = 1 << BLOCK_SHIFT
_TRAP_COST = 1 + TRAP_ENTRY_CYCLES   # a faulting instruction's cycle, then the entry

decode_cached = lru_cache(maxsize=1 << 16)(decode)


class Unit(NamedTuple):
    """What happens at one instruction boundary, planned before it starts.

    A NamedTuple: immutable, plain data, and cheap to create on the slow path.
    """

    kind: str          # "instr", "trap" (faulting instr + entry), "interrupt", "wfi",
                       # "exit" (guest mode only: a VM exit, see guest_mode.py)
    start: int         # cycle count when the unit began
    cost: int          # cycles it takes
    pc: int            # pc of the instruction (interrupt: pc of the next instruction)
    word: int | None   # the fetched word, None if none was fetched
    cause: int = 0     # for "trap" / "interrupt"
    tval: int = 0
    stalls: bool = False  # a WFI that nothing can ever wake
    value: int = 0     # a VM exit of a guest trap: the trap's TVAL (cause: exit reason,
                       # tval: qualification); 0 for every other unit

    @property
    def fetched(self) -> bool:
        return self.word is not None

    def phases(self) -> list[str]:
        return unit_phases(self)


@dataclass(frozen=True)
class CycleReport:
    """What one cycle step did: the unit in flight and which of its cycles."""

    unit: Unit
    index: int        # 1-based cycle of the unit that just completed
    phase: str
    committed: bool   # the unit completed (its results are now visible)


def unit_phases(unit: Unit) -> list[str]:
    """Names of a unit's cycles, for the GUI ("which cycle of what")."""
    if unit.kind == "exit":
        return ["VM exit: save the guest into its control block"]
    entry = ["trap entry: save pc and mode", "trap entry: set cause",
             "trap entry: enter kernel mode", "trap entry: jump to TVEC"]
    if unit.kind == "interrupt":
        return entry
    if unit.kind == "trap":
        return ["fault (nothing committed)"] + entry
    ins = decode_cached(unit.word) if unit.word is not None else None
    name = ins.mnemonic if ins else "?"
    if unit.kind == "wfi":
        return ["execute"] + ["idle"] * (unit.cost - 1)
    if name in ("LW", "SW"):
        return ["address", "memory access"]
    if name in ("MUL", "DIV", "REM"):
        return [f"{name.lower()} step {i + 1}" for i in range(unit.cost - 1)] + ["write back"]
    if name in ("IN", "OUT"):
        return ["select port", "bus cycle", "bus cycle", "complete"]
    if unit.cost == 2:
        return ["execute", "jump"]
    return ["execute"] * unit.cost


def unit_phase(unit: Unit, index: int) -> str:
    """Name of a unit's cycle `index` (1-based) without building the whole list:
    a WFI can idle for up to 2^32 cycles."""
    if unit.kind == "wfi":
        return "execute" if index == 1 else "idle"
    return unit_phases(unit)[index - 1]


class Machine(CpuState):
    """One VL32 machine: a CpuState with memory.  All state is plain data (get_state)."""

    def __init__(self, memory_words: int = isa.DEFAULT_MEMORY_WORDS) -> None:
        if not 1 <= memory_words <= 1 << 26:
            raise ValueError(f"memory size must be 1..{1 << 26} words, not {memory_words}")
        super().__init__()
        self.memory_words = memory_words
        self.mem = [0] * memory_words
        self.breakpoints: set[int] = set()   # physical addresses
        self._code_breakpoints: frozenset[int] = frozenset()  # what the code cache reflects
        self.exit_on_trap = False
        # VMM intercepts (physical addresses): while `intercepting`, run() stops before
        # executing one, every time, and before a watched word rewritten since it was
        # watched.  Not machine state: the VMM that sets them keeps them (as breakpoints).
        self.intercepts: set[int] = set()
        self.watched: set[int] = set()
        self.intercepting = False
        # Called as commit_hook(machine, unit, status_before) after every unit the
        # reference executor commits (traps, interrupts, WFI, HALT...) and after every
        # system instruction (ERET, MFSR, MTSR, IN, OUT, GETF, SETF), also when the fast
        # loop runs one; never for the other instructions the fast loop runs, so
        # observers cost nothing on the hot path.  An observer only looks: it must
        # not change the machine.
        self.commit_hook: Callable[[Machine, Unit, int], None] | None = None
        # The dirty log: None while off, else the blocks (address >> BLOCK_SHIFT) written
        # since the host last took it.  Machine state (get_state), unlike intercepts.
        self.dirty: set[int] | None = None
        self.reset()

    # ------------------------------------------------------------------ setup
    def reset(self, entry: int = 0) -> None:
        """VL32 reset: registers 0, kernel mode, interrupts off, pc = entry.

        Memory and queued console input are kept; console output is cleared.
        """
        self.reset_registers(entry)
        if self.disk is not None:
            self.disk.reset_registers()
        self.inflight: Unit | None = None
        self.last_trap: Unit | None = None
        self._leave_guest_mode()
        self.console.output.clear()
        self._invalidate_code()

    def load(self, image: dict[int, int] | list[int], entry: int = 0, origin: int = 0) -> None:
        """Write a program image into memory and reset to its entry point."""
        items = image.items() if isinstance(image, dict) else enumerate(image, origin)
        for addr, word in items:
            if not 0 <= addr < self.memory_words:
                raise ValueError(f"image word at {addr:#x} is outside memory "
                                 f"(0..{self.memory_words - 1:#x})")
            self.mem[addr] = word & MASK
        self.reset(entry)

    def attach_disk(self, disk) -> None:
        """Give the machine a disk (machine/disk.py) on ports 0x20-0x23, its transfers
        reaching the whole of memory (physical addresses)."""
        from .disk import MemoryBus
        disk.bus = MemoryBus(self, 0, self.memory_words)
        self.disk = disk

    def _invalidate_code(self) -> None:
        self.code = [_UNDECODED] * self.memory_words
        self._code_breakpoints = frozenset(self.breakpoints)

    def write_word(self, addr: int, value: int) -> None:
        """Host-side memory write (loader, VMM, debugger): keeps caches right."""
        self.mem[addr] = value & MASK
        self.code[addr] = _UNDECODED
        if self.dirty is not None:
            self.dirty.add(addr >> BLOCK_SHIFT)

    def write_words(self, addr: int, words: list[int]) -> None:
        """Host-side write of consecutive words (a VM exit storing a control block), as
        write_word for each, in one go."""
        self.write_words_in_range(addr, [w & MASK for w in words])

    def write_words_in_range(self, addr: int, words: list[int]) -> None:
        """write_words for words the caller knows are 32-bit already (a VM exit or entry
        storing registers): masking them again was a visible part of an exit's cost."""
        end = addr + len(words)
        self.mem[addr:end] = words
        self.code[addr:end] = [_UNDECODED] * len(words)
        if self.dirty is not None and words:
            self.dirty.update(range(addr >> BLOCK_SHIFT, ((end - 1) >> BLOCK_SHIFT) + 1))

    # ------------------------------------------------------------------ dirty log
    def start_dirty_log(self) -> None:
        """Turn the dirty log on, empty (docs/isa.md, "Dirty-block logging")."""
        if self.dirty is None:
            self.dirty = set()
            self._retag_stores(K_SW, _SWD)
        else:
            self.dirty.clear()

    def stop_dirty_log(self) -> None:
        """Turn the dirty log off (what it held is dropped)."""
        if self.dirty is not None:
            self.dirty = None
            self._retag_stores(K_SWD, K_SW)

    def take_dirty(self) -> list[int]:
        """The blocks written since the log was last taken (or turned on), in order; the
        log is then empty.  [] while it is off."""
        if not self.dirty:
            return []
        blocks = sorted(self.dirty)
        self.dirty.clear()
        return blocks

    def _retag_stores(self, old: int, new: int) -> None:
        """Every decoded store in the code cache becomes the other kind (SW logged or
        not): the cache stays warm and keeps its breakpoints, intercepts and watches."""
        self.code = [(new, e[1], e[2], e[3]) if e[0] == old else e for e in self.code]

    # ------------------------------------------------------------------ intercepts
    def intercept(self, addresses) -> None:
        """Stop before these physical addresses (while intercepting), every time."""
        for addr in addresses:
            self.intercepts.add(addr)
            self.code[addr] = _SLOW

    def release(self, addresses) -> None:
        """Stop intercepting these addresses."""
        for addr in addresses:
            self.intercepts.discard(addr)
            self.code[addr] = _UNDECODED

    def watch(self, addresses, *, verified: bool = True) -> None:
        """Watch these words from their present contents (verified), or as if each might
        have been rewritten already (not verified: the VMM will look at each first)."""
        code = self.code
        for addr in addresses:
            self.watched.add(addr)
            if verified:
                code[addr] = _SLOW if (addr in self.breakpoints or addr in self.intercepts) \
                    else self._entry(self.mem[addr])
            else:
                code[addr] = _UNDECODED

    def unwatch(self, addresses) -> None:
        self.watched.difference_update(addresses)

    def at_intercept(self) -> bool:
        """The instruction at pc is intercepted, or watched and rewritten since."""
        phys = self.translate(self.pc)
        return phys in self.intercepts or (phys in self.watched
                                           and self.code[phys] is _UNDECODED)

    def set_breakpoints(self, addresses) -> None:
        self.breakpoints = set(addresses)
        self._sync_breakpoints()

    def _sync_breakpoints(self) -> None:
        """Make the code cache agree with `breakpoints`, however it was changed
        (set_breakpoints, or the set mutated or replaced directly)."""
        old, new = self._code_breakpoints, frozenset(self.breakpoints)
        for addr in old ^ new:
            if 0 <= addr < self.memory_words:
                self.code[addr] = _UNDECODED
        self._code_breakpoints = new

    # ------------------------------------------------------------------ views
    def translate(self, addr: int) -> int | None:
        """Physical address for a program address in the current mode, or None."""
        if self.status & STATUS_KMODE:
            return addr if addr < self.memory_words else None
        if addr >= self.bound:
            return None
        phys = self.base + addr
        return phys if phys < self.memory_words else None

    def _window(self) -> tuple[int, int]:
        """(base, limit) such that addr < limit <=> translate(addr) is not None."""
        if self.status & STATUS_KMODE:
            return 0, self.memory_words
        return self.base, max(0, min(self.bound, self.memory_words - self.base))

    # ------------------------------------------------------------------ planning
    def plan(self) -> Unit:
        """Decide what the next unit is, without changing any state."""
        start, pc = self.cycles, self.pc
        if self.status & STATUS_IE:
            pending = self.ipend
            if pending:
                cause = next(c for bit, c in INTERRUPT_PRIORITY if pending & bit)
                return Unit("interrupt", start, TRAP_ENTRY_CYCLES, pc, None, cause, 0)
        phys = self.translate(pc)
        if phys is None:
            return Unit("trap", start, _TRAP_COST, pc, None, CAUSE_BOUNDS, pc)
        word = self.mem[phys]
        ins = decode_cached(word)
        if ins is None:
            return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_ILLEGAL, word)
        info = ins.info
        if info.privileged and not self.status & STATUS_KMODE:
            return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_PRIV, word)
        name, regs = ins.mnemonic, self.regs
        if name in ("DIV", "REM") and regs[ins.rt] == 0:
            return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_DIVZERO, 0)
        if name in ("LW", "SW"):
            addr = (regs[ins.rs] + ins.imm) & MASK
            if self.translate(addr) is None:
                return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_BOUNDS, addr)
        if name == "SYSCALL":
            return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_SYSCALL, ins.imm)
        if name == "HCALL":
            return Unit("trap", start, _TRAP_COST, pc, word, CAUSE_HCALL, ins.imm)
        if name == "WFI":
            after = start + 1
            wake = self.wake_deadline()         # the timer, or a disk transfer's end
            if self.console.input or wake <= after:
                return Unit("wfi", start, 1, pc, word)
            if wake == NEVER:
                return Unit("wfi", start, 1, pc, word, stalls=True)
            return Unit("wfi", start, wake - start, pc, word)
        cost = info.cycles
        if info.shape == isa.Shape.BRANCH and _branch_taken(name, regs[ins.rd], regs[ins.rs]):
            cost = TAKEN_BRANCH_CYCLES
        return Unit("instr", start, cost, pc, word)

    # ------------------------------------------------------------------ committing
    def commit(self, unit: Unit) -> None:
        """Apply a unit's effects; self.cycles is already at its last cycle."""
        status_before = self.status
        if unit.fetched:
            self.instret += 1
        if unit.kind in ("trap", "interrupt"):
            self.enter_trap(unit.pc, unit.cause, unit.tval)
            self.last_trap = unit
        elif unit.kind == "wfi":
            self.pc = (unit.pc + 1) & MASK
            if unit.stalls:
                self.halted = STALLED
        else:
            self._execute(decode_cached(unit.word), unit)
        if self.commit_hook is not None:
            self.commit_hook(self, unit, status_before)

    def _execute(self, ins: Instruction, unit: Unit) -> None:
        """The reference semantics of every instruction that does not trap."""
        name, rd, imm = ins.mnemonic, ins.rd, ins.imm
        if name in SYSTEM_INSTRUCTIONS:
            self.execute_system(ins, unit.pc, unit.start)
            return
        regs = self.regs
        a, b = regs[ins.rs], regs[ins.rt]
        pc = unit.pc
        next_pc = (pc + 1) & MASK
        result: int | None = None
        shape = ins.info.shape
        if shape == isa.Shape.R3 or shape in (isa.Shape.IS, isa.Shape.IZ):
            if shape != isa.Shape.R3:
                b = imm & MASK
            result = _alu(_R_OP.get(name, name), a, b)
        elif name == "LUI":
            result = (imm & 0x3FFFF) << 14
        elif name == "LW":
            result = self.mem[self.translate((a + imm) & MASK)]
        elif name == "SW":
            self.write_word(self.translate((a + imm) & MASK), regs[rd])
        elif shape == isa.Shape.BRANCH:
            if _branch_taken(name, regs[rd], a):
                next_pc = (pc + imm) & MASK
        elif name == "JMP":
            next_pc = imm
        elif name == "JAL":
            regs[isa.REG_RA] = next_pc
            next_pc = imm
        elif name == "JR":
            next_pc = a
        elif name == "JALR":
            result, next_pc = next_pc, a
        else:  # pragma: no cover - every decodable mnemonic is handled above
            raise AssertionError(f"no semantics for {name}")
        if result is not None and rd:
            regs[rd] = result
        self.pc = next_pc

    # ------------------------------------------------------------------ stepping
    def step_cycle(self) -> CycleReport | None:
        """Advance exactly one cycle.  None if the machine has stopped."""
        if self.halted:
            return None
        unit = self._resume_inflight()
        if unit is None:
            unit = self.inflight = self.plan()
        self.cycles += 1
        index = self.cycles - unit.start
        phase = unit_phase(unit, index)
        if index < unit.cost:
            return CycleReport(unit, index, phase, False)
        self.inflight = None
        self.commit(unit)
        return CycleReport(unit, index, phase, True)

    def step_instruction(self) -> Unit | None:
        """Finish the unit in flight, or run one whole unit.  None if stopped."""
        if self.halted:
            return None
        unit = self._resume_inflight()
        if unit is None:
            unit = self.plan()
        self.inflight = None
        self.cycles = unit.start + unit.cost
        self.commit(unit)
        return unit

    def _resume_inflight(self) -> Unit | None:
        """The unit in flight, if any.  A WFI planned to idle until the timer ends on
        the next cycle instead when console input was queued meanwhile by the host
        (typed while the machine was stopped mid-WFI): it wakes as soon as IPEND is set."""
        unit = self.inflight
        if unit is not None and unit.kind == "wfi" and self.console.input:
            end = self.cycles + 1
            if unit.start + unit.cost > end:
                unit = self.inflight = unit._replace(cost=end - unit.start)
        return unit

    def _advance_unit(self, stop: int) -> bool:
        """Run the unit in flight or the next one up to `stop`.  True if it trapped."""
        unit = self._resume_inflight() or self.plan()
        end = unit.start + unit.cost
        if end > stop:
            self.inflight = unit
            self.cycles = stop
            return False
        self.inflight = None
        self.cycles = end
        self.commit(unit)
        return unit.kind in ("trap", "interrupt")

    def run(self, max_cycles: int | None = None, *, until_cycle: int | None = None) -> str:
        """Run until a stop: halt, stalled, cycle-limit, breakpoint, trap or intercept.

        The limit is `until_cycle` (absolute) or `max_cycles` more cycles.  A
        breakpoint at the current pc is not reported: that is how one resumes.
        An intercept always is (while intercepting): the VMM moves the pc on.
        """
        if until_cycle is None:
            until_cycle = self.cycles + max_cycles if max_cycles is not None else NEVER
        if self.breakpoints != self._code_breakpoints:
            self._sync_breakpoints()
        resuming = True
        while True:
            if self.halted:
                return self.halted
            if self.cycles >= until_cycle:
                return CYCLE_LIMIT
            if self.inflight is None and not self.interrupt_pending:
                if self.intercepting and self.at_intercept():
                    return INTERCEPT
                if self.breakpoints and self.at_breakpoint():   # (no call without any)
                    if not resuming:
                        return BREAKPOINT
                else:
                    # Bounded slices: CPython specialises _run_fast only after a few calls.
                    self._run_fast(min(until_cycle, self.cycles + _FAST_SLICE))
                    if self.cycles >= until_cycle:
                        continue
                    if (self.intercepting and self.at_intercept()
                            and not self.interrupt_pending):
                        return INTERCEPT
                    if (self.breakpoints and self.at_breakpoint()
                            and not self.interrupt_pending):
                        return BREAKPOINT
            resuming = False
            if self._advance_unit(until_cycle) and self.exit_on_trap:
                return TRAP

    # ------------------------------------------------------------------ guest mode
    def vm_enter(self, control_block: int) -> int:
        """VM entry (docs/isa.md, section 13): run the guest whose control block is at
        that physical address, in guest mode; 0, or the entry-failure code (the CPU
        stays as it was, and the failure is written into the block)."""
        from .guest_mode import vm_enter
        return vm_enter(self, control_block)

    def _leave_guest_mode(self) -> None:
        """Back to the bare machine's class, if guest mode (guest_mode.py) had changed it."""
        self.guest_mode = None
        host = getattr(type(self), "host_class", None)
        if host is not None:
            self.__class__ = host

    def at_breakpoint(self) -> bool:
        """The instruction at pc (its physical address) carries a breakpoint."""
        return bool(self.breakpoints) and self.translate(self.pc) in self.breakpoints

    def run_until(self, predicate: Callable[[Machine], bool], max_cycles: int) -> str:
        """Step whole units until predicate(machine) holds at a boundary."""
        stop = self.cycles + max_cycles
        while not self.halted:
            if predicate(self):
                return PREDICATE
            if self.cycles >= stop:
                return CYCLE_LIMIT
            if self._advance_unit(stop) and self.exit_on_trap:
                return TRAP
        return self.halted

    # ------------------------------------------------------------------ fast loop
    def _run_fast(self, stop: int) -> None:
        """Run hot instructions inline until one needs the reference executor.

        Leaves the machine at an instruction boundary.  Stops before: any
        instruction that is not inline, a fault, a breakpoint, `stop` minus
        the longest inline instruction, and (when interrupts are enabled) the
        timer deadline, so an interrupt is always taken at the right boundary.

        Two loops do it, with the same instructions.  When the window is the
        whole memory (kernel mode on the bare machine), `_run_whole` checks
        nothing on fetches, loads and stores: an address past the end of memory
        raises IndexError before anything changed, and the reference executor
        then traps.  Otherwise (user mode, guest mode) `_run_window` checks loads,
        stores and jumps against the window.  A kernel's ERET into user mode moves
        from the first to the second.
        """
        while True:
            limit, base, bound, system = self._fast_frame(stop)
            if base or bound != len(self.code):
                self._run_window(limit, base, bound)
                return
            if not self._run_whole(limit, system, stop):
                return

    def _fast_frame(self, stop: int) -> tuple[int, int, int, bool]:
        """What the fast loop keeps in locals, from the present state: the cycle it must
        not start an instruction at or after (`stop` less the longest inline instruction,
        or the timer deadline when interrupts are enabled), the window (base, bound) and
        whether it may run system instructions (kernel mode, not guest mode)."""
        limit = stop - _FAST_MAX_CYCLES
        status = self.status
        if status & STATUS_IE:
            wake = self.wake_deadline()         # the timer, or a disk transfer's end
            if wake < limit:
                limit = wake
        base, bound = self._window()
        return limit, base, bound, bool(status & STATUS_KMODE) and self.guest_mode is None

    def _run_whole(self, limit: int, system: bool, stop: int) -> bool:
        """The fast loop when the window is the whole memory.  True: the window changed
        (a system instruction left kernel mode), go on in the other loop.

        In kernel mode on the bare machine it also runs the system instructions
        (MFSR, MTSR, ERET, IN, OUT, GETF, SETF; not HALT or WFI) through the
        reference semantics, execute_system: a kernel's trap handlers and console
        output do not leave the loop.  What they change that the loop keeps in
        locals (STATUS: mode, window, IE; the timer deadline) is read again after
        each; if an interrupt is then pending, the loop stops right after the
        instruction, so it is taken at that boundary.  The observer (commit_hook)
        is called after each one as if the reference executor had committed it:
        native sessions log console output (OUT) and attribute cycles at mode
        changes (ERET, MTSR STATUS) from it, so every system instruction is
        reported, wherever it runs.  In user mode they trap (the reference
        executor does it); in guest mode (guest_mode.py) they follow guest mode's
        rules (exits, the guest's clock), so there they are never run inline.
        """
        regs, mem, code, M = self.regs, self.mem, self.code, MASK
        # instret is pc + skew: along straight-line code both grow by one, so only a
        # jump (or a system instruction) updates skew, not every instruction.  A taken
        # branch adds its offset to pc: pc < 0 is a branch back past address 0.
        pc, cyc, skew = self.pc, self.cycles, self.instret - self.pc
        # Cycle costs from the instruction table, as locals (as fast as literals).
        c_addi, c_bne, c_taken, c_lw, c_sw, c_br, c_jmp, c_jal, c_jr = _FAST_COSTS
        try:
            while True:
                try:
                    while cyc < limit:
                        k, a, b, c = code[pc]
                        # Kinds tested in the order kernel code needs them most
                        # (Alpha's and Beta's: a third of it loads and stores).
                        if k == K_ADDI:
                            regs[a] = (regs[b] + c) & M
                            pc += 1
                            cyc += c_addi
                        elif k == K_BNE:
                            if regs[a] != regs[b]:
                                pc += c
                                skew += 1 - c
                                cyc += c_taken
                                if pc < 0:
                                    break   # before address 0: BOUNDS
                            else:
                                pc += 1
                                cyc += c_bne
                        elif k == K_LW:
                            regs[a] = mem[(regs[b] + c) & M]
                            pc += 1
                            cyc += c_lw
                        elif k == K_SW:
                            addr = (regs[b] + c) & M
                            mem[addr] = regs[a]
                            code[addr] = _UNDECODED
                            pc += 1
                            cyc += c_sw
                        elif k == K_BR:
                            if a(regs):
                                pc += b
                                skew += 1 - b
                                cyc += c_taken
                                if pc < 0:
                                    break
                            else:
                                pc += 1
                                cyc += c_br
                        elif k == K_FN:
                            a(regs)
                            pc += 1
                            cyc += b
                        elif k == K_JMP:
                            skew += pc + 1 - a
                            pc = a
                            cyc += c_jmp
                        elif k == K_JAL:
                            regs[15] = pc + 1
                            skew += pc + 1 - a
                            pc = a
                            cyc += c_jal
                        elif k == K_JR:
                            t = regs[a]
                            if b:
                                regs[b] = pc + 1
                            skew += pc + 1 - t
                            pc = t
                            cyc += c_jr
                        elif k == K_DIV:
                            if not regs[c]:
                                break   # divide by zero: the reference executor traps
                            a(regs)
                            pc += 1
                            cyc += b
                        elif k == K_DECODE:
                            if not self._fill(pc):
                                break
                        elif k == K_SWD:
                            # A store while the dirty log is on: tested last, so the
                            # loop without the log pays nothing for it.
                            addr = (regs[b] + c) & M
                            mem[addr] = regs[a]
                            code[addr] = _UNDECODED
                            self.dirty.add(addr >> BLOCK_SHIFT)
                            pc += 1
                            cyc += c_sw
                        else:
                            break       # K_SYS (below) or K_SLOW
                except IndexError:
                    # A fetch, load or store past the end of memory raised it before
                    # anything changed: the reference executor traps BOUNDS.
                    break
                # Stopped before an instruction the loop above does not run.  A system
                # instruction in kernel mode (on the bare machine) is run here, as
                # commit() does: the unit's last cycle, instret, execute, observe.
                if not system or cyc >= limit or pc < 0:
                    break
                k, a, b, c = code[pc]
                if k != K_SYS:
                    break
                start = cyc
                cyc += b
                self.cycles = cyc
                self.instret = n = pc + skew + 1
                status, deadline = self.status, self.deadline
                self.execute_system(a, pc, start)
                at, pc = pc, self.pc
                skew = n - pc
                if self.commit_hook is not None:
                    self.commit_hook(self, Unit("instr", start, b, at, c), status)
                if self.status != status or self.deadline != deadline:
                    if self.interrupt_pending:
                        break           # taken right after this instruction, by run()
                    limit, base, bound, system = self._fast_frame(stop)
                    if base or bound != len(code):
                        return True     # into user mode: on in _run_window
        finally:
            # A branch back past address 0 left pc negative: the program address is
            # pc modulo 2^32.
            self.pc, self.cycles, self.instret = pc & M, cyc, pc + skew
        return False

    def _run_window(self, limit: int, base: int, bound: int) -> None:
        """The fast loop inside a window: program addresses 0 … bound - 1 are the
        physical words base … base + bound - 1 (user mode, guest mode).

        Loads and stores are checked against the window, and so is every jump's
        target.  Straight-line code that runs off the window's end meets a stop
        entry put in the code cache at the word right after the window for as long
        as the loop runs (the entry that was there is put back after), so no fetch
        is checked.  System instructions are never run here (user mode: they trap;
        guest mode: its own rules).
        """
        pc = self.pc
        if pc >= bound:
            return                      # outside the window: BOUNDS
        regs, mem, code, M = self.regs, self.mem, self.code, MASK
        # The loop follows the physical pc, p = base + pc, and counts instructions as
        # p + skew: along straight-line code both grow by one, so only jumps update skew.
        # A taken branch adds its offset to p; the program's pc is (p - base) mod 2^32.
        p, cyc, skew = base + pc, self.cycles, self.instret - base - pc
        c_addi, c_bne, c_taken, c_lw, c_sw, c_br, c_jmp, c_jal, c_jr = _FAST_COSTS
        end = base + bound
        guarded = end < len(code)       # else running off the end raises IndexError
        if guarded:
            after = code[end]
            code[end] = _SLOW
        try:
            while cyc < limit:
                k, a, b, c = code[p]
                # Kinds tested in the order programs need them most (the shipped
                # ones: ALU operations through closures and branches before memory).
                if k == K_ADDI:
                    regs[a] = (regs[b] + c) & M
                    p += 1
                    cyc += c_addi
                elif k == K_BNE:
                    if regs[a] != regs[b]:
                        p += c
                        skew += 1 - c
                        cyc += c_taken
                        if p >= end or p < base:
                            break
                    else:
                        p += 1
                        cyc += c_bne
                elif k == K_FN:
                    a(regs)
                    p += 1
                    cyc += b
                elif k == K_BR:
                    if a(regs):
                        p += b
                        skew += 1 - b
                        cyc += c_taken
                        if p >= end or p < base:
                            break
                    else:
                        p += 1
                        cyc += c_br
                elif k == K_LW:
                    addr = (regs[b] + c) & M
                    if addr >= bound:
                        break
                    regs[a] = mem[base + addr]
                    p += 1
                    cyc += c_lw
                elif k == K_SW:
                    addr = (regs[b] + c) & M
                    if addr >= bound:
                        break
                    addr += base
                    mem[addr] = regs[a]
                    code[addr] = _UNDECODED
                    p += 1
                    cyc += c_sw
                elif k == K_DIV:
                    if not regs[c]:
                        break
                    a(regs)
                    p += 1
                    cyc += b
                elif k == K_JMP:
                    skew += p + 1 - base - a
                    p = base + a
                    cyc += c_jmp
                    if a >= bound:
                        break
                elif k == K_JAL:
                    regs[15] = p + 1 - base
                    skew += p + 1 - base - a
                    p = base + a
                    cyc += c_jal
                    if a >= bound:
                        break
                elif k == K_JR:
                    t = regs[a]
                    if b:
                        regs[b] = p + 1 - base
                    skew += p + 1 - base - t
                    p = base + t
                    cyc += c_jr
                    if t >= bound:
                        break
                elif k == K_DECODE:
                    if not self._fill(p):
                        break
                elif k == K_SWD:
                    addr = (regs[b] + c) & M
                    if addr >= bound:
                        break
                    addr += base
                    mem[addr] = regs[a]
                    code[addr] = _UNDECODED
                    self.dirty.add(addr >> BLOCK_SHIFT)
                    p += 1
                    cyc += c_sw
                else:
                    break               # the stop after the window, K_SYS, K_SLOW
        except IndexError:
            pass                        # ran off the end of memory: BOUNDS
        finally:
            if guarded:
                code[end] = after
            self.pc, self.cycles, self.instret = (p - base) & M, cyc, p + skew

    def _fill(self, phys: int) -> bool:
        """Pre-decode the word at phys into the cache.  False: not inline.

        A watched word filled here was rewritten since it was watched: it
        stays undecoded, so run() can stop before it (see at_intercept).
        """
        if phys in self.watched:
            return False
        entry = _SLOW if phys in self.breakpoints or phys in self.intercepts \
            else self._entry(self.mem[phys])
        self.code[phys] = entry
        return entry[0] != K_SLOW

    def _entry(self, word: int) -> tuple:
        """fast_entry, with a store decoded as K_SWD while the dirty log is on."""
        entry = fast_entry(word)
        if entry[0] == K_SW and self.dirty is not None:
            return (K_SWD, entry[1], entry[2], entry[3])
        return entry

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        """The whole machine as plain data (JSON-compatible)."""
        inflight = None
        if self.inflight is not None:
            u = self.inflight
            inflight = [u.kind, u.start, u.cost, u.pc, u.word, u.cause, u.tval, u.stalls]
        state = self.get_cpu_state()
        state.update(memory_words=self.memory_words, mem=list(self.mem), inflight=inflight)
        if self.dirty is not None:
            state["dirty"] = sorted(self.dirty)
        return state

    def set_state(self, state: dict) -> None:
        self.memory_words = state["memory_words"]
        self.mem = list(state["mem"])
        self.set_cpu_state(state)
        self.inflight = Unit(*state["inflight"]) if state["inflight"] else None
        self.dirty = set(state["dirty"]) if state.get("dirty") is not None else None
        self.last_trap = None
        self._leave_guest_mode()
        if "guest_mode" in state:           # saved in guest mode (guest_mode.py)
            from .guest_mode import resume
            resume(self, state["guest_mode"])
        self._invalidate_code()

    def summary(self) -> dict:
        """The `vmlab run --json` view of the machine."""
        return {
            "cycles": self.cycles,
            "instructions": self.instret,
            "halted": self.halted,
            "pc": self.pc,
            "mode": "kernel" if self.kernel_mode else "user",
            "regs": list(self.regs),
            "sr": self.sr_dict(),
            "console": self.console.text(),
            "traps": {CAUSE_NAMES[c]: n for c, n in sorted(self.trap_counts.items())},
            **({} if self.disk is None else {"disk": self.disk.summary()}),
        }


# ---------------------------------------------------------------------- semantics
# The immediate forms compute the same function as their register forms.
_R_OP = {"ADDI": "ADD", "ANDI": "AND", "ORI": "OR", "XORI": "XOR", "SHLI": "SHL",
         "SHRI": "SHR", "SRAI": "SRA", "SLTI": "SLT"}

def _signed(v: int) -> int:
    return v - 0x1_0000_0000 if v & SIGN else v


def _alu(op: str, a: int, b: int) -> int:
    """R-format and I-format arithmetic on 32-bit words (b already extended)."""
    if op == "ADD":
        return (a + b) & MASK
    if op == "SUB":
        return (a - b) & MASK
    if op == "AND":
        return a & b
    if op == "OR":
        return a | b
    if op == "XOR":
        return a ^ b
    if op == "SHL":
        return (a << (b & 31)) & MASK
    if op == "SHR":
        return a >> (b & 31)
    if op == "SRA":
        return (_signed(a) >> (b & 31)) & MASK
    if op == "SLT":
        return 1 if _signed(a) < _signed(b) else 0
    if op == "SLTU":
        return 1 if a < b else 0
    if op == "MUL":
        return (a * b) & MASK
    sa, sb = _signed(a), _signed(b)
    quotient = abs(sa) // abs(sb)
    if (sa < 0) != (sb < 0):
        quotient = -quotient
    if op == "DIV":
        return quotient & MASK          # INT_MIN / -1 wraps to INT_MIN
    return (sa - quotient * sb) & MASK  # REM: INT_MIN rem -1 = 0


def _branch_taken(name: str, x: int, y: int) -> bool:
    if name == "BEQ":
        return x == y
    if name == "BNE":
        return x != y
    if name == "BLT":
        return _signed(x) < _signed(y)
    if name == "BGE":
        return _signed(x) >= _signed(y)
    if name == "BLTU":
        return x < y
    return x >= y  # BGEU


# ---------------------------------------------------------------------- pre-decoding
(K_ADDI, K_BNE, K_LW, K_SW, K_FN, K_BR, K_JMP, K_JAL, K_JR, K_DIV, K_SYS, K_DECODE,
 K_SLOW, K_SWD) = range(14)   # K_SWD: SW while the dirty log is on (Machine._entry)
_SWD = K_SWD
# Every entry is a 4-tuple (kind, a, b, c), so the loops unpack it in one step.
_UNDECODED = (K_DECODE, 0, 0, 0)
_SLOW = (K_SLOW, 0, 0, 0)


def _cycles(mnemonic: str) -> int:
    return isa.BY_MNEMONIC[mnemonic].cycles


# What the fast loop adds per kind, from the instruction table.  A kind that
# stands for several mnemonics (K_BR: the branches, K_JR: JR and JALR) takes
# an instruction only if its cost is the kind's; any other goes slow, and is
# still right.  K_FN and K_DIV carry their instruction's cost in the tuple.
_FAST_COSTS = (_cycles("ADDI"), _cycles("BNE"), TAKEN_BRANCH_CYCLES, _cycles("LW"),
               _cycles("SW"), _cycles("BEQ"), _cycles("JMP"), _cycles("JAL"), _cycles("JR"))
_BRANCH_COST, _JR_COST = _FAST_COSTS[5], _FAST_COSTS[8]
# System instructions the fast loop runs (in kernel mode, see _run_fast): all but HALT,
# which stops the machine, and WFI, which idles; both are rare.
_FAST_SYSTEM = frozenset(SYSTEM_INSTRUCTIONS) - {"HALT"}
_IO = frozenset({"IN", "OUT"})
# The longest unit the fast loop runs without a stop check (DIV and REM).
_FAST_MAX_CYCLES = max([TAKEN_BRANCH_CYCLES] + [info.cycles for info in isa.OPS.values()
                                                if not info.privileged
                                                or info.mnemonic in _FAST_SYSTEM])


@lru_cache(maxsize=1 << 16)
def fast_entry(word: int) -> tuple:
    """The fast loop's tuple for a word; _SLOW for the reference executor."""
    ins = decode(word)
    if ins is None:
        return _SLOW
    name, rd, rs, rt, imm = ins.mnemonic, ins.rd, ins.rs, ins.rt, ins.imm
    if name in _FAST_SYSTEM:
        if name in _IO and imm in isa.DISK_PORTS:
            # The disk's ports go through the reference executor: a command moves the
            # disk's deadline, which the fast loop's limit must then take in (_fast_frame).
            return _SLOW
        return (K_SYS, ins, ins.info.cycles, word)
    if ins.info.privileged:
        return _SLOW
    shape = ins.info.shape
    if name == "ADDI" and rd:
        return (K_ADDI, rd, rs, imm)
    if name == "BNE":
        return (K_BNE, rd, rs, imm)
    if name == "LW" and rd:
        return (K_LW, rd, rs, imm)
    if name == "SW":
        return (K_SW, rd, rs, imm)
    cost = ins.info.cycles
    if shape == isa.Shape.BRANCH:
        return (K_BR, _branch_fn(name, rd, rs), imm, 0) if cost == _BRANCH_COST else _SLOW
    if name == "JMP":
        return (K_JMP, imm, 0, 0)
    if name == "JAL":
        return (K_JAL, imm, 0, 0)
    if name in ("JR", "JALR"):
        return (K_JR, rs, rd, 0) if cost == _JR_COST else _SLOW
    if name in ("DIV", "REM"):
        # Inline with a zero check; rt is kept so the loop can see a zero divisor.
        return (K_DIV, _divrem_fn(name, rd, rs, rt), cost, rt)
    fn = _alu_fn(ins)
    if fn is None:
        return _SLOW
    return (K_FN, fn, cost, 0)


def _noop(regs: list[int]) -> None:
    return None


def _divrem_fn(name: str, rd: int, rs: int, rt: int):
    """DIV/REM for the fast loop, which has already checked that r[rt] != 0."""
    if rd == 0:
        return _noop

    def f(r):
        r[rd] = _alu(name, r[rs], r[rt])
    return f


def _alu_fn(ins: Instruction):
    """A closure doing one ALU instruction, or None if it needs the reference path."""
    name, rd, rs, rt, imm = ins.mnemonic, ins.rd, ins.rs, ins.rt, ins.imm
    if name in ("DIV", "REM", "LW", "SYSCALL", "HCALL", "GETF", "SETF"):
        return None
    if rd == 0:
        return _noop
    M = MASK
    if name == "LUI":
        value = (imm & 0x3FFFF) << 14

        def f(r):
            r[rd] = value
        return f
    shape = ins.info.shape
    if shape != isa.Shape.R3:
        k = imm & M
        op = _R_OP[name]
        if op == "ADD":
            def f(r):
                r[rd] = (r[rs] + k) & M
        elif op == "AND":
            def f(r):
                r[rd] = r[rs] & k
        elif op == "OR":
            def f(r):
                r[rd] = r[rs] | k
        elif op == "XOR":
            def f(r):
                r[rd] = r[rs] ^ k
        elif op == "SHL":
            s = k & 31

            def f(r):
                r[rd] = (r[rs] << s) & M
        elif op == "SHR":
            s = k & 31

            def f(r):
                r[rd] = r[rs] >> s
        else:  # SRA, SLT: less common, share the reference arithmetic
            def f(r):
                r[rd] = _alu(op, r[rs], k)
        return f
    if name == "ADD":
        def f(r):
            r[rd] = (r[rs] + r[rt]) & M
    elif name == "SUB":
        def f(r):
            r[rd] = (r[rs] - r[rt]) & M
    elif name == "AND":
        def f(r):
            r[rd] = r[rs] & r[rt]
    elif name == "OR":
        def f(r):
            r[rd] = r[rs] | r[rt]
    elif name == "XOR":
        def f(r):
            r[rd] = r[rs] ^ r[rt]
    elif name == "MUL":
        def f(r):
            r[rd] = (r[rs] * r[rt]) & M
    else:
        def f(r):
            r[rd] = _alu(name, r[rs], r[rt])
    return f


def _branch_fn(name: str, rd: int, rs: int):
    if name == "BEQ":
        return lambda r: r[rd] == r[rs]
    if name == "BNE":
        return lambda r: r[rd] != r[rs]
    if name == "BLTU":
        return lambda r: r[rd] < r[rs]
    if name == "BGEU":
        return lambda r: r[rd] >= r[rs]
    # Signed compare: flip the sign bit and compare unsigned.
    if name == "BLT":
        return lambda r: (r[rd] ^ SIGN) < (r[rs] ^ SIGN)
    return lambda r: (r[rd] ^ SIGN) >= (r[rs] ^ SIGN)
