"""Guest mode: VL32's extension for hardware-assisted virtualization (docs/isa.md, section 13).

A VMM (host software, modelled outside the ISA) keeps a *control block* for
each guest in its own memory, like a VT-x VMCS: the guest's state, the
VMM's (host) state, the exit controls, and the reason and qualification of
the last exit.  ``Machine.vm_enter(address)`` is a VM entry: the CPU checks
the block, loads the guest's state from it and runs the guest in *guest
mode*.  In guest mode

* the guest's kernel runs in (guest) kernel mode, so the CPU itself applies
  ERET, MFSR, MTSR, GETF and SETF to the guest's own state (GETF reads the
  guest's STATUS: the GETF/SETF flaw is gone), and the guest's traps and
  interrupts go to the guest's own TVEC with no exit at all;
* memory is the guest's partition: kernel mode sees (partition base, size)
  as addresses 0 … size - 1; user mode sees the window the VMM composed in
  the block (generation 1) or, with the control NESTED (generation 2), the
  guest's own BASE/BOUND composed with the partition by the hardware;
* CYCLE reads the guest's clock (the host's count less an offset set at
  entry), TIMER is the guest's, and IPEND.CONSOLE and IPEND.DISK are the bits
  the VMM gave (its virtual devices');
* the CPU leaves guest mode (a *VM exit*, a unit of kind "exit", 1 cycle:
  the exiting instruction does not execute) on IN/OUT, HALT, WFI and HCALL,
  when the VMM's preemption timer expires, when real console input arrives,
  and on what the exit controls ask (MTSR/MFSR of chosen system registers,
  guest traps of chosen causes).  A trap at the guest's vector before any
  of its handler ran (a loop that would never end) exits too.  The exit
  writes the guest's state, reason and qualification into the block and
  loads the host's pc, STATUS and TVEC from it.

Nothing here runs outside guest mode, and the bare machine pays nothing for
it: a VM entry changes the machine's class to a guest-mode subclass of it
(``GuestModeMachine``: translation, planning, committing an exit, IPEND,
CYCLE and the fast loop's stop, each the bare machine's with guest mode's
rules on top), and the exit changes it back; ``machine.guest_mode`` holds
what the entry loaded (None outside guest mode).  The fast loop itself is
the bare machine's.
"""

from __future__ import annotations

from ..isa.spec import (BY_MNEMONIC, CAUSE_HCALL, IPEND_CONSOLE, IPEND_DISK, IPEND_TIMER, MASK, SR_CYCLE,
                        SR_IPEND, SR_NAMES, STATUS_BITS, STATUS_IE, STATUS_KMODE)
from .cpu import _FAST_MAX_CYCLES, Machine, Unit, decode_cached
from .state import NEVER

# ---------------------------------------------------------------------- the control block
CB_WORDS = 64
CB_REVISION = 0x5643_4231          # "VCB1": what word 0 of a control block must hold

(CB_REV, CB_CONTROLS, CB_SR_WRITE_EXITS, CB_SR_READ_EXITS, CB_TRAP_EXITS, CB_PART_BASE,
 CB_PART_SIZE, CB_WIN_BASE, CB_WIN_BOUND, CB_PREEMPT, CB_HOST_PC, CB_HOST_STATUS, CB_HOST_TVEC,
 CB_EXIT_REASON, CB_EXIT_QUAL, CB_EXIT_WORD) = range(16)
CB_REGS = 16                       # r0 … r15 at words 16 … 31 (r0 is always 0)
CB_PC = 32
CB_SR = 33                         # system register n at word 33 + n (STATUS … IPEND)
CB_CYCLE_HI = 44                   # the guest's clock, high word (CYCLE is its low word)
CB_EXIT_VALUE = 45                 # a trap exit: the trap's TVAL

CB_LAYOUT: tuple[str, ...] = (
    ("revision", "controls", "SR-write exits", "SR-read exits", "trap exits", "partition base",
     "partition size", "window base", "window bound", "preemption timer", "host pc",
     "host STATUS", "host TVEC", "exit reason", "exit qualification", "exit instruction")
    + tuple(f"r{i}" for i in range(16)) + ("pc",) + SR_NAMES + ("CYCLE hi", "exit value")
    + ("reserved",) * (CB_WORDS - 46))

# Controls (word 1).
CTL_NESTED = 1                     # generation 2: the hardware composes BASE/BOUND itself
CTL_PREEMPT = 2                    # the preemption timer (word 9) is on
CTL_KNOWN = CTL_NESTED | CTL_PREEMPT

# ---------------------------------------------------------------------- exits
(EXIT_IO, EXIT_HALT, EXIT_WFI, EXIT_HCALL, EXIT_SR_WRITE, EXIT_SR_READ, EXIT_PREEMPT,
 EXIT_EXTERNAL, EXIT_TRAP, EXIT_TRAP_LOOP, EXIT_ENTRY_FAILURE) = range(1, 12)
EXIT_NAMES = {EXIT_IO: "IO", EXIT_HALT: "HALT", EXIT_WFI: "WFI", EXIT_HCALL: "HCALL",
              EXIT_SR_WRITE: "SR-WRITE", EXIT_SR_READ: "SR-READ", EXIT_PREEMPT: "PREEMPT",
              EXIT_EXTERNAL: "EXTERNAL", EXIT_TRAP: "TRAP", EXIT_TRAP_LOOP: "TRAP-LOOP",
              EXIT_ENTRY_FAILURE: "ENTRY-FAILURE"}
EXIT_NUMBERS = {name: code for code, name in EXIT_NAMES.items()}
IO_OUT = 1 << 18                   # IO qualification: the port, and this bit for OUT
EXIT_CYCLES = 1                    # the exiting cycle (the rest is the VMM's hw_exit)

# Entry failures: the qualification of an ENTRY-FAILURE (the CPU stays in host mode).
(FAIL_ADDRESS, FAIL_REVISION, FAIL_CONTROLS, FAIL_PARTITION, FAIL_OVERLAP, FAIL_WINDOW,
 FAIL_STATUS) = range(1, 8)
FAILURE_NAMES = {FAIL_ADDRESS: "ADDRESS", FAIL_REVISION: "REVISION", FAIL_CONTROLS: "CONTROLS",
                 FAIL_PARTITION: "PARTITION", FAIL_OVERLAP: "OVERLAP", FAIL_WINDOW: "WINDOW",
                 FAIL_STATUS: "STATUS"}
FAILURE_TEXTS = {
    FAIL_ADDRESS: "the control block is not wholly inside memory",
    FAIL_REVISION: f"word 0 is not the control-block revision {CB_REVISION:#010x}",
    FAIL_CONTROLS: "reserved bits are set in the controls",
    FAIL_PARTITION: "the partition is empty or passes the end of memory",
    FAIL_OVERLAP: "the partition holds the control block (the guest could rewrite it)",
    FAIL_WINDOW: "generation 1: the user window the VMM composed is not inside the partition",
    FAIL_STATUS: "reserved bits are set in the guest's STATUS",
}

_IN, _OUT, _HALT, _WFI, _MTSR, _MFSR = (BY_MNEMONIC[n].opcode for n in
                                         ("IN", "OUT", "HALT", "WFI", "MTSR", "MFSR"))
_DEVICE_BITS = IPEND_CONSOLE | IPEND_DISK
_FIRST_SYSTEM_OPCODE = min(_IN, _OUT, _HALT, _WFI, _MTSR, _MFSR)


def check_control_block(words: list[int], memory_words: int, address: int) -> int:
    """0 if a VM entry may load these words (the block at `address`), else the failure code."""
    if words[CB_REV] != CB_REVISION:
        return FAIL_REVISION
    controls = words[CB_CONTROLS]
    if controls & ~CTL_KNOWN:
        return FAIL_CONTROLS
    base, size = words[CB_PART_BASE], words[CB_PART_SIZE]
    if size == 0 or base + size > memory_words:
        return FAIL_PARTITION
    if base < address + CB_WORDS and address < base + size:
        return FAIL_OVERLAP
    if not controls & CTL_NESTED:
        wbase, wbound = words[CB_WIN_BASE], words[CB_WIN_BOUND]
        if wbound and (wbase < base or wbase + wbound > base + size):
            return FAIL_WINDOW
    if words[CB_SR] & ~STATUS_BITS:
        return FAIL_STATUS
    return 0


class GuestMode:
    """What a VM entry loaded beside the guest's registers: partition, window, controls,
    the preemption deadline and clock offset, and the host state an exit goes back to."""

    __slots__ = ("cb", "controls", "part_base", "part_size", "win_base", "win_bound",
                 "sr_write_exits", "sr_read_exits", "trap_exits", "device_pending",
                 "preempt_at", "cycle_offset", "host_pc", "host_status", "host_tvec",
                 "delivered_at")

    def __init__(self, cb: int, words: list[int], now: int) -> None:
        self.cb = cb
        self.controls = words[CB_CONTROLS]
        self.part_base, self.part_size = words[CB_PART_BASE], words[CB_PART_SIZE]
        self.win_base, self.win_bound = words[CB_WIN_BASE], words[CB_WIN_BOUND]
        self.sr_write_exits = words[CB_SR_WRITE_EXITS]
        self.sr_read_exits = words[CB_SR_READ_EXITS]
        self.trap_exits = words[CB_TRAP_EXITS]
        # The IPEND bits of the guest's virtual devices (console, disk), as the VMM gave them.
        self.device_pending = words[CB_SR + SR_IPEND] & _DEVICE_BITS
        self.preempt_at = now + words[CB_PREEMPT] if self.controls & CTL_PREEMPT else NEVER
        self.cycle_offset = now - (words[CB_SR + SR_CYCLE] | words[CB_CYCLE_HI] << 32)
        self.host_pc, self.host_status = words[CB_HOST_PC], words[CB_HOST_STATUS]
        self.host_tvec = words[CB_HOST_TVEC]
        self.delivered_at = -1        # the cycle the last trap entry in guest mode ended

    @property
    def nested(self) -> bool:
        return bool(self.controls & CTL_NESTED)

    # ------------------------------------------------------------------ translation
    def window(self, m) -> tuple[int, int]:
        """(physical base, limit) of the guest's current mode: addr < limit is mapped."""
        if m.status & STATUS_KMODE:
            return self.part_base, self.part_size
        if self.controls & CTL_NESTED:
            base = m.base
            if base >= self.part_size:
                return self.part_base, 0
            return self.part_base + base, min(m.bound, self.part_size - base)
        return self.win_base, self.win_bound

    # ------------------------------------------------------------------ planning
    def exit_due(self, m) -> bool:
        """The VMM's preemption timer has expired, or real console input waits."""
        return self.preempt_at <= m.cycles or bool(m.console.input)

    def plan(self, m):
        """The next unit in guest mode: VL32's own, or an exit in its place."""
        start, pc = m.cycles, m.pc
        if self.preempt_at <= start:
            return Unit("exit", start, EXIT_CYCLES, pc, None, EXIT_PREEMPT, 0)
        if m.console.input:
            return Unit("exit", start, EXIT_CYCLES, pc, None, EXIT_EXTERNAL, IPEND_CONSOLE)
        status = m.status
        if (status & STATUS_KMODE and pc < self.part_size
                and not (status & STATUS_IE and (m.deadline <= start or self.device_pending))):
            # The commonest exits, I/O and HALT from the guest's kernel, decided without
            # VL32's full planning: with no interrupt to take, a fetchable, valid IN, OUT
            # or HALT in kernel mode is exactly what the rules below would turn into the
            # exit (none of VL32's checks before them can apply to it).
            word = m.mem[self.part_base + pc]
            op = word >> 26
            if (op == _OUT or op == _IN or op == _HALT) and decode_cached(word) is not None:
                if op == _HALT:
                    return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_HALT, 0)
                qual = (word & 0x3FFFF) | (IO_OUT if op == _OUT else 0)
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_IO, qual)
        unit = type(m).host_class.plan(m)        # VL32's own rules
        kind = unit.kind
        if kind == "instr" or kind == "wfi":
            word = unit.word
            op = word >> 26
            if op < _FIRST_SYSTEM_OPCODE:
                return unit
            if op == _IN or op == _OUT:
                qual = (word & 0x3FFFF) | (IO_OUT if op == _OUT else 0)
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_IO, qual)
            if op == _HALT:
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_HALT, 0)
            if op == _WFI:
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_WFI, 0)
            if op == _MTSR and self.sr_write_exits >> (word & 0x3FFFF) & 1:
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_SR_WRITE, word & 0x3FFFF)
            if op == _MFSR and self.sr_read_exits >> (word & 0x3FFFF) & 1:
                return Unit("exit", start, EXIT_CYCLES, pc, word, EXIT_SR_READ, word & 0x3FFFF)
            return unit
        cause = unit.cause
        if kind == "trap":
            if cause == CAUSE_HCALL:
                return Unit("exit", start, EXIT_CYCLES, pc, unit.word, EXIT_HCALL, unit.tval)
            if self.trap_exits >> cause & 1:
                return Unit("exit", start, EXIT_CYCLES, pc, unit.word, EXIT_TRAP, cause,
                            value=unit.tval)
            if pc == m.tvec and self.delivered_at == start:
                return Unit("exit", start, EXIT_CYCLES, pc, unit.word, EXIT_TRAP_LOOP, cause,
                            value=unit.tval)
            return unit
        if kind == "interrupt" and self.trap_exits >> cause & 1:
            return Unit("exit", start, EXIT_CYCLES, pc, None, EXIT_TRAP, cause)
        return unit

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {key: getattr(self, key) for key in self.__slots__}

    @classmethod
    def from_state(cls, state: dict) -> "GuestMode":
        gm = cls.__new__(cls)
        for key in cls.__slots__:
            setattr(gm, key, state[key])
        return gm


# ---------------------------------------------------------------------- entry and exit
def vm_enter(m, address: int) -> int:
    """VM entry from the control block at `address`: 0 when the CPU is in guest mode,
    else the failure code, also written into the block (reason ENTRY-FAILURE)."""
    if m.guest_mode is not None:
        raise RuntimeError("VM entry while already in guest mode")
    if not isinstance(m, Machine):
        raise TypeError("a VM entry needs a Machine")
    if not 0 <= address <= m.memory_words - CB_WORDS:
        return FAIL_ADDRESS
    words = m.mem[address:address + CB_WORDS]
    failure = check_control_block(words, m.memory_words, address)
    if failure:
        m.write_word(address + CB_EXIT_REASON, EXIT_ENTRY_FAILURE)
        m.write_word(address + CB_EXIT_QUAL, failure)
        m.write_word(address + CB_EXIT_WORD, 0)
        m.write_word(address + CB_EXIT_VALUE, 0)
        return failure
    now = m.cycles
    m.regs = [0] + words[CB_REGS + 1:CB_REGS + 16]
    m.pc = words[CB_PC]
    (m.status, m.epc, m.cause, m.tval, m.tvec, m.base, m.bound, timer, m.scratch, _cycle,
     ipend) = words[CB_SR:CB_SR + len(SR_NAMES)]
    if timer:
        m.deadline = now + timer
    else:
        m.deadline = now if ipend & IPEND_TIMER else NEVER
    m.guest_mode = GuestMode(address, words, now)
    cls = type(m)
    m.__class__ = _GUEST_CLASSES.get(cls) or guest_class(cls)
    return 0


def vm_exit(m, unit) -> None:
    """Commit an exit unit: the guest's state as it was at the unit's boundary, the exit
    reason and qualification into the control block; then the host's state."""
    gm = m.guest_mode
    start = unit.start
    deadline = m.deadline
    vclock = start - gm.cycle_offset
    timer = deadline - start if NEVER != deadline > start else 0
    ipend = (IPEND_TIMER if deadline <= start else 0) | gm.device_pending
    # Words 13 … 45 in one write: exit reason, qualification, instruction, r0 … r15, pc,
    # STATUS … IPEND, CYCLE's high word, exit value.
    m.write_words_in_range(gm.cb + CB_EXIT_REASON,
                  [unit.cause, unit.tval, unit.word or 0, 0, *m.regs[1:], unit.pc,
                   m.status, m.epc, m.cause, m.tval, m.tvec, m.base, m.bound, timer & MASK,
                   m.scratch, vclock & MASK, ipend, (vclock >> 32) & MASK, unit.value])
    m.pc, m.status, m.tvec = gm.host_pc, gm.host_status, gm.host_tvec
    m.base = m.bound = 0
    m.deadline = NEVER
    m.guest_mode = None
    m.__class__ = type(m).host_class          # (Machine._leave_guest_mode, inline)


def resume(m, state: dict) -> None:
    """Back in guest mode as saved (Machine.set_state of a state saved in guest mode)."""
    m.guest_mode = GuestMode.from_state(state)
    m.__class__ = guest_class(type(m))


# ---------------------------------------------------------------------- the CPU in guest mode
class GuestModeMachine:
    """What changes on the CPU in guest mode; mixed into the machine's own class while it is
    in guest mode (see guest_class), so the bare machine's code has no test for it."""

    host_class: type = Machine

    def translate(self, addr: int) -> int | None:
        base, limit = self.guest_mode.window(self)
        return base + addr if addr < limit else None

    def _window(self) -> tuple[int, int]:
        return self.guest_mode.window(self)

    def plan(self):
        return self.guest_mode.plan(self)

    def commit(self, unit) -> None:
        if unit.kind != "exit":
            super().commit(unit)
            if unit.kind == "trap" or unit.kind == "interrupt":
                self.guest_mode.delivered_at = self.cycles   # a trap loop is found from it
            return
        status_before = self.status
        if unit.word is not None:                           # (unit.fetched)
            self.instret += 1
        vm_exit(self, unit)                                 # back to the host's class
        self.last_trap = unit
        if self.commit_hook is not None:
            self.commit_hook(self, unit, status_before)

    def _advance_unit(self, stop: int) -> bool:
        # Machine._advance_unit with guest mode's plan called directly (an exit goes
        # through here every time): only an exit stops run() for the VMM.
        unit = self._resume_inflight() if self.inflight is not None else self.guest_mode.plan(self)
        end = unit.start + unit.cost
        if end > stop:
            self.inflight = unit
            self.cycles = stop
            return False
        self.inflight = None
        self.cycles = end
        self.commit(unit)
        return self.guest_mode is None

    def _run_fast(self, stop: int) -> None:
        # The bare machine's loop, stopping at the preemption deadline too.  In guest mode
        # the window is never the whole memory (the partition cannot hold the control
        # block), so this is Machine._run_fast's frame and its window loop, called directly.
        gm = self.guest_mode
        preempt = gm.preempt_at + _FAST_MAX_CYCLES
        limit = (stop if stop < preempt else preempt) - _FAST_MAX_CYCLES
        if self.status & STATUS_IE:
            wake = self.wake_deadline()         # the timer, or a disk transfer's end
            if wake < limit:
                limit = wake
        base, bound = gm.window(self)
        self._run_window(limit, base, bound)

    @property
    def ipend(self) -> int:
        bits = IPEND_TIMER if self.deadline <= self.cycles else 0
        return bits | self.guest_mode.device_pending

    @property
    def interrupt_pending(self) -> bool:
        """Also: the next boundary exits (the VMM's timer, real console input)."""
        gm, cycles = self.guest_mode, self.cycles
        if gm.preempt_at <= cycles or self.console.input:   # (exit_due)
            return True
        # CpuState's rule with guest mode's IPEND (see ipend above), inline: asked at
        # every exit.
        return bool(self.status & STATUS_IE) and (self.deadline <= cycles
                                                  or gm.device_pending != 0)

    def read_sr(self, number: int, start_cycle: int | None = None) -> int:
        if number == SR_CYCLE:
            cycle = self.cycles if start_cycle is None else start_cycle
            return (cycle - self.guest_mode.cycle_offset) & MASK
        return super().read_sr(number, start_cycle)

    def get_state(self) -> dict:
        state = super().get_state()
        state["guest_mode"] = self.guest_mode.get_state()
        return state


_GUEST_CLASSES: dict[type, type] = {}


def guest_class(cls: type) -> type:
    """The guest-mode class of a machine class (cls itself if it is one already)."""
    if issubclass(cls, GuestModeMachine):
        return cls
    guest = _GUEST_CLASSES.get(cls)
    if guest is None:
        guest = _GUEST_CLASSES[cls] = type(f"GuestMode{cls.__name__}", (GuestModeMachine, cls),
                                           {"host_class": cls, "__module__": __name__})
    return guest


def read_control_block(mem: list[int], address: int) -> dict[str, int]:
    """The block's words by name (for views and tests); reserved words left out."""
    return {name: mem[address + i] for i, name in enumerate(CB_LAYOUT) if name != "reserved"}


def exit_name(reason: int) -> str:
    # (The fallback only when needed: formatting it eagerly cost every exit, twice.)
    return EXIT_NAMES.get(reason) or f"EXIT-{reason}"


__all__ = ["CB_WORDS", "CB_REVISION", "CB_LAYOUT", "GuestMode", "GuestModeMachine",
           "guest_class", "vm_enter", "vm_exit", "resume", "check_control_block",
           "read_control_block", "EXIT_NAMES", "FAILURE_NAMES", "FAILURE_TEXTS"]
