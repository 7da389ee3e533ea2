"""Hardware-assisted virtualization, in two generations (docs/isa.md, section 13).

The CPU has a *guest mode* (vmlab/machine/guest_mode.py): the VMM keeps a
control block for each guest in its own memory and enters the guest with
a VM entry; the guest's kernel then runs in (guest) kernel mode, and the
CPU itself applies its privileged instructions, GETF and SETF to the
guest's own state and delivers its traps and interrupts to its own vector.
A system call does not reach the VMM at all.  The CPU exits only on I/O,
HALT, WFI, HCALL, the VMM's preemption timer, real console input and what
the control block's exit controls ask.

- **Generation 1** (``hardware-assist-1``, as VT-x and AMD-V were before
  EPT/NPT): the CPU relocates the guest's kernel into its partition, but
  the user window is the VMM's to compose, so every MTSR BASE or BOUND
  exits (the exit controls ask for it) and the VMM emulates the write and
  composes the window again (the ``compose-window`` step) — a process
  switch costs two round trips through the VMM, as first-generation VT-x
  exited on every page-table switch.
- **Generation 2** (``hardware-assist-2``, nested relocation, like EPT/NPT):
  the hardware composes the guest's BASE/BOUND with the partition itself,
  so those exits disappear.

What an exit costs the machine: the exiting cycle (1, the instruction does
not execute), the hardware exit (``hw_exit``), the VMM's handling (an
``emulate``, ``reflect`` or ``compose-window`` step, or none for the
VMM's own timer) and the hardware entry (``hw_entry``); the cost model's
defaults and why are in docs/isa.md, section 13.  The guest's virtual
clock counts only what the bare machine would: guest mode runs one cycle
for one, and an instruction the VMM emulates adds its table cost.

A VM entry whose control block is invalid fails: the CPU stays with the
VMM, the block holds the reason ENTRY-FAILURE and its code, the VMM logs an
``entry-failure`` event and the guest is stopped (crashed) with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..isa.spec import (CAUSE_HCALL, CAUSE_NAMES, INTERRUPT_CAUSES, IPEND_CONSOLE, IPEND_DISK,
                        IPEND_TIMER,
                        MASK, SR_BASE, SR_BOUND, SR_NAMES, STATUS_KMODE)
from ..machine.guest_mode import (CB_CONTROLS, CB_HOST_PC, CB_HOST_STATUS, CB_HOST_TVEC,
                                  CB_PART_BASE, CB_PART_SIZE, CB_PC, CB_PREEMPT, CB_REGS,
                                  CB_REV, CB_REVISION, CB_SR, CB_SR_READ_EXITS,
                                  CB_SR_WRITE_EXITS, CB_TRAP_EXITS, CB_WIN_BASE, CB_WIN_BOUND,
                                  CB_WORDS, CTL_NESTED, CTL_PREEMPT, EXIT_EXTERNAL, EXIT_HALT,
                                  EXIT_HCALL, EXIT_IO, EXIT_PREEMPT, EXIT_SR_READ,
                                  EXIT_SR_WRITE, EXIT_TRAP, EXIT_TRAP_LOOP, EXIT_WFI,
                                  FAILURE_NAMES, FAILURE_TEXTS, exit_name, vm_enter)
from ..machine.state import NEVER
from ..observe.events import Emulation, Event, Reflection, fast_init
from ..observe.vocabulary import QT_TRANSLATE_NOOP, ExitAction, add_action, add_step
from .guest import CRASHED, Guest
from .technique import RESUME, ROUTE_INPUT, disk_arm
from .techniques import TechniqueInfo, register
from .trap_emulate import TrapAndEmulate

# The steps of this technique: the hardware's exit and entry, and the VMM composing a window.
HW_EXIT, HW_ENTRY, COMPOSE_WINDOW = "hw-exit", "hw-entry", "compose-window"
EMULATE, REFLECT, CRASH = (a.value for a in (ExitAction.EMULATE, ExitAction.REFLECT, ExitAction.CRASH))
add_step(HW_EXIT, QT_TRANSLATE_NOOP("Labels", "hardware VM exit"))
add_step(HW_ENTRY, QT_TRANSLATE_NOOP("Labels", "hardware VM entry"))
add_step(COMPOSE_WINDOW, QT_TRANSLATE_NOOP("Labels", "compose the window"))
add_action(COMPOSE_WINDOW, QT_TRANSLATE_NOOP("Labels", "compose the window"))

HOST_PC = 0                       # an exit returns to the VMM's vector (VMM_HEADER word 0)
HOST_STATUS = STATUS_KMODE        # in kernel mode, interrupts off
HOST_TVEC = 0
WINDOW_SRS = (1 << SR_BASE) | (1 << SR_BOUND)
_GUEST_FIRST, _GUEST_END = CB_REGS, CB_SR + len(SR_NAMES) + 1   # r0 … IPEND, CYCLE hi
_GUEST_CYCLE_HI = _GUEST_END - 1 - _GUEST_FIRST                   # its index in those words
_INTERRUPT_EXITS = frozenset({EXIT_PREEMPT, EXIT_EXTERNAL})
_EMULATED = frozenset({EXIT_IO, EXIT_HALT, EXIT_WFI, EXIT_SR_READ})


# ---------------------------------------------------------------------- events
@fast_init
@dataclass(frozen=True, slots=True)
class HardwareExit(Event):
    """The CPU left guest mode: why (the exit reason and its qualification), for what
    instruction, and what the hardware exit costs (hw_exit; the exiting cycle apart)."""

    pc: int = 0
    reason: str = ""              # IO, HALT, WFI, HCALL, SR-WRITE, PREEMPT …
    code: int = 0                 # the reason's number, as the control block holds it
    qualification: int = 0
    word: int | None = None
    control_block: int = 0        # its address in the VMM's memory
    cost: int = 0
    kind: ClassVar[str] = "hw-exit"


@fast_init
@dataclass(frozen=True, slots=True)
class HardwareEntry(Event):
    """A VM entry the CPU accepted: what it loaded besides the guest's state."""

    pc: int = 0
    control_block: int = 0
    preemption: int = 0           # cycles until the VMM's preemption timer exits
    window: tuple = ()            # generation 1: the user window the VMM composed (base, bound)
    nested: bool = False          # generation 2: the hardware composes the window itself
    cost: int = 0
    kind: ClassVar[str] = "hw-entry"


@fast_init
@dataclass(frozen=True, slots=True)
class EntryFailure(Event):
    """A VM entry the CPU refused: the control block is invalid, the guest is stopped."""

    control_block: int = 0
    code: int = 0                 # the failure code (the block's exit qualification)
    name: str = ""                # REVISION, CONTROLS, PARTITION, OVERLAP, WINDOW, STATUS
    reason: str = ""
    cost: int = 0
    kind: ClassVar[str] = "entry-failure"


# ---------------------------------------------------------------------- the technique
class HardwareAssist(TrapAndEmulate):
    """Generation 1: guest mode, and an exit for every write of BASE or BOUND."""

    name = "hardware-assist-1"
    generation: ClassVar[int] = 1
    exit_step = (HW_EXIT, "hw_exit")
    entry_step = (HW_ENTRY, "hw_entry")
    injects = False                    # the CPU delivers the guest's interrupts in guest mode
    vmm_words_per_guest = CB_WORDS     # one control block per guest

    nested: ClassVar[bool] = False     # generation 2: the hardware composes the window

    def __init__(self) -> None:
        self._traps_at_entry: dict[int, int] = {}
        self._blocks: list[int] = []       # each guest's control block, by index (setup)

    # ------------------------------------------------------------------ the control block
    def control_block(self, vmm, guest: Guest) -> int:
        """The address of the guest's control block in the VMM's memory."""
        return vmm.technique_area_address(guest)

    def controls(self, vmm, guest: Guest) -> dict[int, int]:
        """The block's words the VMM writes once, at power-on: revision, controls, exit
        controls, partition and host state."""
        return {CB_REV: CB_REVISION,
                CB_CONTROLS: CTL_PREEMPT | (CTL_NESTED if self.nested else 0),
                CB_SR_WRITE_EXITS: 0 if self.nested else WINDOW_SRS,
                CB_SR_READ_EXITS: 0, CB_TRAP_EXITS: 0,
                CB_PART_BASE: guest.base, CB_PART_SIZE: guest.size,
                CB_HOST_PC: HOST_PC, CB_HOST_STATUS: HOST_STATUS, CB_HOST_TVEC: HOST_TVEC}

    @staticmethod
    def guest_words(guest: Guest) -> list[int]:
        """The guest-state words of the block (r0 … r15, pc, STATUS … IPEND, CYCLE hi) as the
        VCPU holds them: IPEND's CONSOLE and DISK bits are the guest's virtual devices'."""
        v = guest.vcpu
        cycles, deadline = v.cycles, v.deadline
        timer = deadline - cycles if NEVER != deadline > cycles else 0
        ipend = (IPEND_TIMER if deadline <= cycles else 0) | (IPEND_CONSOLE if v.console.input
                                                              else 0)
        if v.disk is not None and v.disk.done_at <= cycles:
            ipend |= IPEND_DISK
        return [0, *v.regs[1:], v.pc & MASK, v.status, v.epc, v.cause, v.tval, v.tvec, v.base,
                v.bound, timer & MASK, v.scratch, cycles & MASK, ipend, (cycles >> 32) & MASK]

    def user_window(self, guest: Guest) -> tuple[int, int]:
        """Generation 1: the window the VMM composes for guest user mode (physical)."""
        v = guest.vcpu
        if v.base >= guest.size:
            return guest.base, 0
        return guest.base + v.base, min(v.bound, guest.size - v.base)

    def setup(self, vmm) -> None:
        # The blocks do not move (a VMM's guests are fixed when it is built): their
        # addresses are looked up at every exit and entry.
        self._blocks = [self.control_block(vmm, g) for g in vmm.guests]
        for g in vmm.guests:
            self.power_on(vmm, g)

    def power_on(self, vmm, g: Guest) -> None:
        """The guest's control block written afresh (at setup, and when it boots again)."""
        cb = self.control_block(vmm, g)
        words = [0] * CB_WORDS
        for offset, value in self.controls(vmm, g).items():
            words[offset] = value
        words[_GUEST_FIRST:_GUEST_END] = self.guest_words(g)
        if not self.nested:
            words[CB_WIN_BASE], words[CB_WIN_BOUND] = self.user_window(g)
        for i, word in enumerate(words):
            vmm.machine.write_word(cb + i, word)

    # ------------------------------------------------------------------ leaving a guest
    def describe_exit(self, unit) -> tuple[str, bool]:
        interrupt = unit.cause in _INTERRUPT_EXITS or (
            unit.cause == EXIT_TRAP and unit.word is None and unit.tval in INTERRUPT_CAUSES)
        return exit_name(unit.cause), interrupt

    def save_guest(self, vmm, guest: Guest, unit) -> None:
        """The hardware wrote the guest's state into its control block: read it (the
        monitor has already set the virtual clock, which the block's CYCLE agrees with)."""
        m, v = vmm.machine, guest.vcpu
        cb = self._blocks[guest.index]
        w = m.mem[cb + _GUEST_FIRST:cb + _GUEST_END]
        v.regs = [0] + w[1:16]
        v.pc = w[16]
        (v.status, v.epc, v.cause, v.tval, v.tvec, v.base, v.bound, timer, v.scratch, _cycle,
         ipend) = w[17:_GUEST_CYCLE_HI]
        if timer:
            v.deadline = v.cycles + timer
        else:
            v.deadline = v.cycles if ipend & IPEND_TIMER else NEVER
        # The traps the CPU delivered to the guest in guest mode are the guest's.
        before = self._traps_at_entry
        if m.trap_counts != before:
            for cause, n in m.trap_counts.items():
                delivered = n - before.get(cause, 0)
                if delivered:
                    v.trap_counts[cause] = v.trap_counts.get(cause, 0) + delivered
        self._traps_at_entry = {}
        log = vmm.log
        log.record_row((HardwareExit, log.seq, m.cycles, guest.name, unit.pc,
                        exit_name(unit.cause), unit.cause, unit.tval, unit.word, cb,
                        vmm.costs.hw_exit))

    def classify(self, guest: Guest, cause: int) -> str:
        """The action for an exit with this reason (the unit's cause is the exit reason)."""
        if cause == EXIT_PREEMPT:
            return RESUME              # the VMM's own timer: the slice is over
        if cause == EXIT_EXTERNAL:
            return ROUTE_INPUT         # real console input arrived for some guest
        if cause == EXIT_SR_WRITE:
            return COMPOSE_WINDOW      # generation 1: a write of BASE or BOUND
        if cause in _EMULATED:
            return EMULATE             # I/O, HALT, WFI: the VMM's devices and time
        return REFLECT                 # HCALL, a guest trap asked for, a trap loop

    def actions(self) -> tuple[str, ...]:
        return (EMULATE, REFLECT, COMPOSE_WINDOW, CRASH)

    def handling_steps(self, vmm, action: str) -> list[tuple[str, int]]:
        if action == COMPOSE_WINDOW:
            return [(COMPOSE_WINDOW, vmm.costs.compose_window)]
        return super().handling_steps(vmm, action)

    # ------------------------------------------------------------------ the steps
    def handle_compose_window(self, vmm, cost: int) -> None:
        """Generation 1: emulate the MTSR BASE/BOUND on the VCPU, compose the new user
        window and write it into the control block."""
        g, ex = vmm.exiting()
        before = vmm.current_exit.before if vmm.current_exit else g.vcpu.snapshot()
        vmm.handled(self._compose_logged(vmm, g, ex, before, cost))

    def _compose_logged(self, vmm, g: Guest, ex, before, cost: int):
        """The compose-window step's effect and its event; the VCPU's snapshot after it."""
        self.emulate(g, ex.word, ex.pc, ex.start)
        g.emulations += 1
        base, bound = self.user_window(g)
        cb = self.control_block(vmm, g)
        vmm.machine.write_word(cb + CB_WIN_BASE, base)
        vmm.machine.write_word(cb + CB_WIN_BOUND, bound)
        after = g.vcpu.snapshot()
        log = vmm.log
        log.record_row((Emulation, log.seq, vmm.machine.cycles, g.name, ex.pc, ex.word, before,
                        after, cost))
        return after

    def one_go(self) -> dict:
        """Trap and emulate's, and generation 1's compose-window exit: a guest's write of
        BASE or BOUND, the commonest exit of a context-switch-heavy guest, never changes
        its state, so the monitor may handle it straight through (VMM._exit_in_one_go)."""
        own = super().one_go()
        if not self.nested:
            own[COMPOSE_WINDOW] = (_always, self._compose_in_one_go)
        return own

    def _compose_in_one_go(self, vmm, g: Guest, unit, record, cost: int):
        return self._compose_logged(vmm, g, unit, record.before, cost)

    def handle_reflect(self, vmm, cost: int) -> None:
        """Deliver to the guest what exited instead of reaching its vector: an HCALL (a trap
        of its own unless a paravirtual VMM serves it), or a trap the controls asked for."""
        g, ex = vmm.exiting()
        v = g.vcpu
        if ex.cause == EXIT_TRAP_LOOP:
            vmm.current_exit.set_action(CRASH)
            vmm.set_guest_state(g, CRASHED, f"its trap handler at {v.tvec:#06x} faults at once "
                                f"({CAUSE_NAMES.get(ex.tval, ex.tval)}): it would loop "
                                "forever")
            vmm.handled()
            return
        if ex.cause == EXIT_HCALL:
            cause, tval = CAUSE_HCALL, ex.tval
        else:
            cause, tval = ex.tval, ex.value
        epc = v.pc
        if ex.word is None and cause in INTERRUPT_CAUSES:
            self.inject(g, cause)
        else:
            epc = ex.pc
            self.reflect(g, ex.pc, cause, tval)
        g.reflections += 1
        vmm.log.add(Reflection, vmm.machine.cycles, g.name, cause=CAUSE_NAMES[cause],
                    tval=tval, epc=epc, cost=cost)
        vmm.handled()

    # ------------------------------------------------------------------ entering a guest
    def enter_guest(self, vmm, guest: Guest, arm: int) -> bool:
        """Write what changed of the guest's state and the preemption timer into its block,
        then ask the CPU for a VM entry; on failure log why and stop the guest."""
        m = vmm.machine
        cb = self._blocks[guest.index]
        mem = m.mem
        words = self.guest_words(guest)
        first = cb + _GUEST_FIRST
        if mem[first:cb + _GUEST_END] != words:                 # what the VMM changed
            m.write_words_in_range(first, words)
        if guest.vcpu.disk is not None:
            arm = disk_arm(guest.vcpu, arm)    # an exit when its virtual disk is done
        m.write_word(cb + CB_PREEMPT, arm)
        failure = vm_enter(m, cb)
        cost = vmm.costs.hw_entry
        if failure:
            text = FAILURE_TEXTS[failure]
            vmm.log.add(EntryFailure, m.cycles, guest.name, control_block=cb, code=failure,
                        name=FAILURE_NAMES[failure], reason=text, cost=cost)
            vmm.set_guest_state(guest, CRASHED,
                                f"VM entry failed ({FAILURE_NAMES[failure]}): {text}")
            return False
        self._traps_at_entry = m.trap_counts.copy()
        nested = self.nested
        window = () if nested else (mem[cb + CB_WIN_BASE], mem[cb + CB_WIN_BOUND])
        log = vmm.log
        log.record_row((HardwareEntry, log.seq, m.cycles, guest.name, m.pc, cb, arm, window,
                        nested, cost))
        return True

    def shadow_window(self, guest: Guest) -> tuple[int, int]:
        """The physical (base, bound) the guest's current mode sees (for views)."""
        if guest.vcpu.kernel_mode:
            return guest.base, guest.size
        return self.user_window(guest)

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {"traps_at_entry": {str(k): n for k, n in self._traps_at_entry.items()}}

    def set_state(self, state: dict | None) -> None:
        saved = (state or {}).get("traps_at_entry", {})
        self._traps_at_entry = {int(k): n for k, n in saved.items()}


class HardwareAssist2(HardwareAssist):
    """Generation 2: nested relocation, no exit for BASE or BOUND."""

    name = "hardware-assist-2"
    generation = 2
    nested = True


def _always(guest: Guest, unit, fresh: bool) -> bool:
    return True


register(TechniqueInfo("hardware-assist-1",
                       QT_TRANSLATE_NOOP("Labels", "hardware assist, generation 1"),
                       HardwareAssist, order=30,
                       kernel_runs="guest-mode", work_events=("entry-failure",),
                       compact=QT_TRANSLATE_NOOP("Labels", "hardware assist, gen. 1")))
register(TechniqueInfo("hardware-assist-2",
                       QT_TRANSLATE_NOOP("Labels", "hardware assist, generation 2"),
                       HardwareAssist2, order=40,
                       kernel_runs="guest-mode", work_events=("entry-failure",),
                       compact=QT_TRANSLATE_NOOP("Labels", "hardware assist, gen. 2")))

__all__ = ["HardwareAssist", "HardwareAssist2", "HardwareExit", "HardwareEntry", "EntryFailure",
           "HW_EXIT", "HW_ENTRY", "COMPOSE_WINDOW"]
