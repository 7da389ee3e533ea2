"""Trap-and-emulate: the classic technique, and its limit.

The guest kernel runs de-privileged, in physical user mode, inside shadow
BASE/BOUND registers that compose its partition with its own relocation.
Every privileged instruction traps (PRIV) and is emulated on the VCPU; every
other guest trap is reflected into the guest kernel as the hardware would.
GETF and SETF never trap, so they slip past the VMM: the Popek-Goldberg flaw
the lessons show.
"""

from __future__ import annotations

from ..isa.spec import (CAUSE_CONSOLE, CAUSE_DISK, CAUSE_NAMES, CAUSE_PRIV, CAUSE_TIMER, MASK,
                        STATUS_KMODE, TRAP_ENTRY_CYCLES)
from ..machine.cpu import decode_cached
from ..machine.state import HALT, NEVER, STALLED
from ..observe.events import ConsoleOutput, Emulation, Reflection
from ..observe.vocabulary import ExitAction, VmmStep
from .guest import CRASHED, HALTED, STALLED as GUEST_STALLED, WAITING, Guest
from .technique import RESUME, ROUTE_INPUT, Technique
from .techniques import QT_TRANSLATE_NOOP, TechniqueInfo, register

# This technique's own actions, each done by one VMM step of the same name.
# (Plain strings, the actions' values: compared on the VMM's hot path.)
EMULATE, REFLECT = ExitAction.EMULATE.value, ExitAction.REFLECT.value
CRASH = ExitAction.CRASH.value  # a reflection that would loop forever: the guest is stopped
_EMULATE_STEP, _REFLECT_STEP = VmmStep.EMULATE.value, VmmStep.REFLECT.value


class TrapAndEmulate(Technique):
    name = "trap-and-emulate"

    def shadow_window(self, guest: Guest) -> tuple[int, int]:
        """Physical (BASE, BOUND) that make the guest see exactly its own memory."""
        v = guest.vcpu
        if v.kernel_mode:
            return guest.base, guest.size
        if v.base >= guest.size:
            return guest.base, 0
        return guest.base + v.base, min(v.bound, guest.size - v.base)

    def classify(self, guest: Guest, cause: int) -> str:
        """Which handling an exit with this physical cause needs."""
        if cause == CAUSE_TIMER or cause == CAUSE_DISK:
            return RESUME          # the VMM's own timer: time to check the clock
        if cause == CAUSE_CONSOLE:
            return ROUTE_INPUT     # real console input arrived for some guest
        if cause == CAUSE_PRIV and guest.vcpu.kernel_mode:
            return EMULATE         # the guest kernel did something privileged
        return REFLECT             # anything else is the guest's own trap

    def actions(self) -> tuple[str, ...]:
        own = (EMULATE, REFLECT)
        return own + tuple(a for a in super().actions() if a not in own) + (CRASH,)

    def handling_steps(self, vmm, action: str) -> list[tuple[str, int]]:
        if action == EMULATE:
            return [(_EMULATE_STEP, vmm.costs.emulate)]
        if action == REFLECT:
            return [(_REFLECT_STEP, vmm.costs.reflect)]
        return super().handling_steps(vmm, action)

    # ------------------------------------------------------------------ the steps
    def handle_emulate(self, vmm, cost: int) -> None:
        """The emulate step has used its cycles: run the instruction on the VCPU."""
        g, ex = vmm.guests[vmm.exit_guest], vmm.pending_exit      # vmm.exiting(), inline
        v = g.vcpu
        before = vmm.current_exit.before if vmm.current_exit else v.snapshot()
        after, native = self._emulate_logged(vmm, g, ex, before, cost)
        if v.halted == HALT:
            vmm.set_guest_state(g, HALTED, "the guest executed HALT")
        elif v.halted:
            vmm.set_guest_state(g, GUEST_STALLED, "WFI with no timer armed and no input queued")
        elif g.wake_at is not None and g.state != WAITING:
            vmm.set_guest_state(g, WAITING, f"WFI: idle for {native - 1} virtual cycles")
        vmm.handled(after)

    def _emulate_logged(self, vmm, g: Guest, ex, before: tuple, cost: int) -> tuple[tuple, int]:
        """Emulate the exiting instruction and log it (and what it printed); the VCPU's
        snapshot after it, and its native cycles."""
        v = g.vcpu
        out_before = len(v.console.output)
        native = self.emulate(g, ex.word, ex.pc, ex.start)
        g.emulations += 1
        g.fresh_handler = False
        after = v.snapshot()
        log, cycle = vmm.log, vmm.machine.cycles
        log.record_row((Emulation, log.seq, cycle, g.name, ex.pc, ex.word, before, after, cost))
        if len(v.console.output) > out_before:
            log.record_row((ConsoleOutput, log.seq, cycle, g.name,
                            bytes(v.console.output[out_before:]).decode("latin-1")))
        return after, native

    def handle_reflect(self, vmm, cost: int) -> None:
        """The reflect step has used its cycles: deliver the trap to the guest kernel."""
        g, ex = vmm.exiting()
        v = g.vcpu
        if v.kernel_mode and ex.pc == v.tvec and g.fresh_handler:
            vmm.current_exit.set_action(CRASH)
            vmm.set_guest_state(g, CRASHED, f"its trap handler at {v.tvec:#06x} faults at once "
                                f"({CAUSE_NAMES[ex.cause]}): it would loop forever")
            vmm.handled()
            return
        self._reflect_logged(vmm, g, ex, cost)
        vmm.handled()

    def _reflect_logged(self, vmm, g: Guest, ex, cost: int) -> None:
        self.reflect(g, ex.pc, ex.cause, ex.tval)
        g.reflections += 1
        vmm.log.add(Reflection, vmm.machine.cycles, g.name, cause=CAUSE_NAMES[ex.cause],
                    tval=ex.tval, epc=ex.pc, cost=cost)

    # ------------------------------------------------------------------ in one go
    # (the monitor's fast path for the commonest exits: see Technique.one_go)
    def one_go(self) -> dict:
        """Emulate and reflect, as this class handles them (a subclass that handles one
        differently, as hardware assist reflects, keeps that one step by step)."""
        own, cls = {}, type(self)
        if cls.handle_emulate is TrapAndEmulate.handle_emulate:
            own[EMULATE] = (_emulates_in_one_go, self._emulate_in_one_go)
        if cls.handle_reflect is TrapAndEmulate.handle_reflect:
            own[REFLECT] = (_reflects_in_one_go, self._reflect_in_one_go)
        return own

    def _emulate_in_one_go(self, vmm, g: Guest, unit, record, cost: int) -> tuple:
        return self._emulate_logged(vmm, g, unit, record.before, cost)[0]

    def _reflect_in_one_go(self, vmm, g: Guest, unit, record, cost: int) -> tuple:
        self._reflect_logged(vmm, g, unit, cost)
        return g.vcpu.snapshot()

    # ------------------------------------------------------------------ the semantics
    def emulate(self, guest: Guest, word: int, pc: int, start_physical: int) -> int:
        """Execute a privileged instruction on the VCPU; return its native cycles.

        The VCPU's clock advances by what the bare machine would spend, so
        the virtual timer ticks exactly as natively.
        """
        v = guest.vcpu
        ins = decode_cached(word)
        start = v.cycles
        if ins.mnemonic == "WFI":
            return self._emulate_wfi(guest, pc, start_physical)
        cost = ins.info.cycles
        v.cycles = start + cost
        v.execute_system(ins, pc, start)
        return cost

    def _emulate_wfi(self, guest: Guest, pc: int, start_physical: int) -> int:
        v = guest.vcpu
        start = v.cycles
        after = start + 1
        wake = v.wake_deadline()          # its virtual timer, or its disk's transfer
        if v.console.input or wake <= after:
            v.cycles, v.pc = after, (pc + 1) & MASK
            return 1
        if wake == NEVER:
            v.cycles, v.pc = after, (pc + 1) & MASK
            v.halted = STALLED
            return 1
        # Sleep: the guest is not runnable until its virtual timer (or disk) would wake it.
        guest.wfi_vclock = start
        guest.wfi_start = start_physical
        guest.wake_at = start_physical + (wake - start)
        v.cycles = after
        return wake - start

    def reflect(self, guest: Guest, epc: int, cause: int, tval: int) -> None:
        """Deliver a trap to the guest kernel: the faulting cycle plus the entry."""
        v = guest.vcpu
        v.cycles += 1 + TRAP_ENTRY_CYCLES
        v.enter_trap(epc, cause, tval)
        guest.fresh_handler = True

    def inject(self, guest: Guest, cause: int) -> None:
        """Deliver a virtual interrupt at a guest instruction boundary."""
        v = guest.vcpu
        v.cycles += TRAP_ENTRY_CYCLES
        v.enter_trap(v.pc, cause, 0)
        guest.fresh_handler = True


# WFI and HALT change the guest's state (waiting, halted): those take the step-by-step path.
_CHANGE_STATE = frozenset({"WFI", "HALT"})


def _emulates_in_one_go(guest: Guest, unit, fresh: bool) -> bool:
    return decode_cached(unit.word).mnemonic not in _CHANGE_STATE


def _reflects_in_one_go(guest: Guest, unit, fresh: bool) -> bool:
    """Not a handler that faults at once (handle_reflect stops that guest)."""
    v = guest.vcpu
    return not (fresh and guest.fresh_handler and v.status & STATUS_KMODE
                and unit.pc == v.tvec)


register(TechniqueInfo("trap-and-emulate", QT_TRANSLATE_NOOP("Labels", "trap and emulate"),
                       TrapAndEmulate, order=10))
