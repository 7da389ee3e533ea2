"""A Session: one running scenario — machine, VMM, guests, history.

Everything that drives the simulation goes through here: the command line,
the GUI and the lesson engine.  The session advances in slices; between
slices it feeds console input at the exact cycles it was typed and takes
checkpoints, so any earlier cycle can be revisited (checkpoint + replay).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass

from ..isa.spec import CAUSE_NAMES, STATUS_KMODE
from ..machine.cpu import BREAKPOINT, CYCLE_LIMIT, PREDICATE, TRAP, Machine
from ..machine.devices import encode_console_text
from ..machine.state import HALT, NEVER, STALLED
from ..scenario import Scenario
from ..observe.accounting import BUCKET_IDLE, BUCKET_VMM
from ..observe.events import Event, EventLog, TrapTaken, VmExit
from ..vmm.guest import GuestSpec
from ..vmm.monitor import VM_EXIT, VMM
from .feed import EventFeed
from .history import History
from .native import NativeObserver

DEFAULT_STEP_LIMIT = 10_000_000   # no single "run to …" command goes further than this
NEXT_TRAP = "trap"                # stop reason of run_to_next_trap (native: TRAP; VMM: VM_EXIT)
STREAM_SLICE = 10_000             # cycles run between two reads of the log while streaming


@dataclass(frozen=True)
class Activity:
    """What the physical CPU is doing at this cycle, for the layer diagram."""

    layer: str                  # "guest", "vmm", "idle" or "stopped"
    guest: str | None           # the guest running, or the one the VMM works for
    mode: str | None            # that guest's (virtual) mode: "kernel" or "user"
    step: str | None            # VMM step kind ("exit", "emulate", ...) when layer == "vmm"
    progress: tuple[int, int] | None   # cycles done / total of the step or unit in flight
    unit: object = None         # the machine's unit in flight (stepping by cycle), if any


@dataclass(frozen=True)
class GuestView:
    """What a panel needs to show one guest, read fresh from the session."""

    name: str
    state: str
    pc: int
    regs: list[int]
    sr: dict[str, int]
    kernel_mode: bool
    vclock: int
    console: str
    base: int              # first host word of its memory
    size: int              # words of memory it sees
    program: object        # assembled Program (source map, labels)


class Session:
    def __init__(self, scenario: Scenario, *, checkpoint_interval: int = 20_000,
                 log_size: int = 50_000) -> None:
        self.scenario = scenario
        self.log = EventLog(log_size)
        self.native = scenario.native
        if self.native:
            g = scenario.guests[0]
            self.machine = Machine(g.memory)
            self.machine.load(g.program.image, g.program.entry)
            self.machine.console.feed(g.input)
            self.vmm = None
            self.observer = NativeObserver(self.machine, self.log, g.name)
        else:
            self.machine = Machine(scenario.host_memory)
            specs = [GuestSpec(g.name, g.program.image, g.program.entry, g.memory, g.share,
                               g.input, g.program) for g in scenario.guests]
            self.vmm = VMM(self.machine, specs, quantum=scenario.quantum, costs=scenario.costs,
                           technique=scenario.technique_info.create(), log=self.log)
            self.observer = None
        self.events = EventFeed(self.log, self.exit_in_progress)
        self.guest_names = [g.name for g in scenario.guests]
        self.breakpoints: dict[str, set[int]] = {name: set() for name in self.guest_names}
        self.inputs: list[tuple[int, str, str]] = []   # (cycle, guest, text), in order
        self.inputs_applied = 0
        self.history = History(checkpoint_interval)
        self.history.record(0, self._capture())
        self.last_reason: str | None = None

    # ------------------------------------------------------------------ views
    @property
    def cycle(self) -> int:
        return self.machine.cycles

    @property
    def halted(self) -> str | None:
        return self.machine.halted

    @property
    def running_guest(self) -> str | None:
        """The guest whose code the CPU is executing now (None: VMM or idle)."""
        if self.native:
            return self.guest_names[0]
        g = self.vmm.current_guest
        return g.name if g else None

    @property
    def cpu_mode(self) -> str:
        return "kernel" if self.machine.status & STATUS_KMODE else "user"

    def guest(self, name: str) -> GuestView:
        if self.native:
            m, g = self.machine, self.scenario.guests[0]
            state = m.halted or "running"
            return GuestView(g.name, state, m.pc, list(m.regs), m.sr_dict(), m.kernel_mode,
                             m.cycles, m.console.text(), 0, g.memory, g.program)
        g = self.vmm.by_name[name]
        v = g.vcpu
        running = self.vmm.running == g.index
        regs = list(self.machine.regs) if running else list(v.regs)
        pc = self.machine.pc if running else v.pc
        sr = v.sr_dict()
        vclock = self.vmm.live_vclock(g)
        if running:
            # The VCPU's clock is written back at exits; show the live one.
            timer_fired = v.deadline <= vclock
            sr["CYCLE"] = vclock & 0xFFFF_FFFF
            sr["TIMER"] = 0 if timer_fired or v.deadline == NEVER else (v.deadline - vclock)
            sr["IPEND"] = (sr["IPEND"] & ~1) | (1 if timer_fired else 0)
        return GuestView(g.name, g.state, pc, regs, sr, v.kernel_mode, vclock,
                         v.console.text(), g.base, g.size, g.spec.program)

    def activity(self) -> Activity:
        m = self.machine
        unit = m.inflight
        progress = (m.cycles - unit.start, unit.cost) if unit else None
        if self.native:
            if m.halted:
                return Activity("stopped", self.guest_names[0], None, None, None)
            mode = "kernel" if m.status & STATUS_KMODE else "user"
            return Activity("guest", self.guest_names[0], mode, None, progress, unit)
        if m.halted:
            return Activity("stopped", None, None, None, None)
        vmm = self.vmm
        g = vmm.current_guest
        if g is not None:
            return Activity("guest", g.name, "kernel" if g.vcpu.kernel_mode else "user", None,
                            progress, unit)
        kind, cost, arg = vmm.work[0]
        done = (m.cycles - vmm.work_start, cost)
        if kind == "idle":
            return Activity("idle", None, None, "idle", done)
        target = arg if kind in ("switch", "inject", "entry") else vmm.exit_guest
        g = vmm.guests[target]
        return Activity("vmm", g.name, "kernel" if g.vcpu.kernel_mode else "user", kind, done)

    def cycles_by_bucket(self) -> dict[str, int]:
        return self.attribution.totals(self.machine.cycles)

    @property
    def attribution(self):
        """The cycle attribution (read-only for observers): totals, segments, open tail."""
        return self.observer.attribution if self.native else self.vmm.attribution

    def timeline(self) -> list[tuple[int, int, str]]:
        return self.attribution.segments(self.machine.cycles)

    def pending_input(self, guest: str) -> str:
        """Console input typed for a guest that its kernel has not read yet."""
        if self.native:
            data = bytes(self.machine.console.input)
        else:
            g = self.vmm.by_name[guest]
            # Bytes still on the real console wait for the VMM to route them.
            waiting = bytes(b for b, to in zip(self.machine.console.input, self.vmm.routes)
                            if to == g.index)
            data = bytes(g.vcpu.console.input) + waiting
        return data.decode("latin-1")

    def memory_owners(self) -> list[tuple[int, int, str]]:
        if self.native:
            return [(0, self.machine.memory_words, self.guest_names[0])]
        return self.vmm.memory_owners()

    def exit_in_progress(self) -> VmExit | None:
        """The VM exit the VMM is handling now, as it stands (None natively or between exits)."""
        if self.native:
            return None
        current = self.vmm.current_exit
        return current.view() if current is not None else None

    def trap_events(self) -> list:
        """Hardware traps (native) or VM exits (under a VMM), oldest first.

        The exit the VMM is still handling comes last, as it stands.
        """
        kind = TrapTaken if self.native else VmExit
        events, _ = self.events.read(unsettled=True)
        return [e for e in events if isinstance(e, kind)]

    def last_trap_event(self):
        """The most recent trap (native) or VM exit (VMM) still in the log, or None."""
        current = self.exit_in_progress()
        if current is not None:
            return current
        kind = TrapTaken if self.native else VmExit
        for event in reversed(self.log.events):
            if isinstance(event, kind):
                return event
        return None

    # ------------------------------------------------------------------ breakpoints
    def physical_address(self, guest: str, address: int) -> int:
        base = 0 if self.native else self.vmm.by_name[guest].base
        return base + address

    def resolve_location(self, guest: str, where: int | str) -> int:
        """A guest address from a number or a label of its program."""
        if isinstance(where, int):
            return where
        program = self.scenario.guests[self.guest_names.index(guest)].program
        if where not in program.labels:
            raise KeyError(f"guest {guest!r} has no label {where!r}")
        return program.load_address_of(where)   # labels inside .phase: where they are loaded

    def set_breakpoint(self, guest: str, where: int | str, on: bool = True) -> int:
        address = self.resolve_location(guest, where)
        if on:
            self.breakpoints[guest].add(address)
        else:
            self.breakpoints[guest].discard(address)
        self._sync_breakpoints()
        return address

    def toggle_breakpoint(self, guest: str, address: int) -> bool:
        on = address not in self.breakpoints[guest]
        self.set_breakpoint(guest, address, on)
        return on

    def _sync_breakpoints(self) -> None:
        self.machine.set_breakpoints(self.physical_address(g, a)
                                     for g, addresses in self.breakpoints.items()
                                     for a in addresses)

    # ------------------------------------------------------------------ input
    def feed_input(self, guest: str, text: str) -> None:
        """Console input typed now; it is replayed at this cycle after stepping back."""
        encode_console_text(text)  # reject what the console cannot carry, before logging it
        now = self.machine.cycles
        # A new input rewrites the future: forget what was recorded after now.
        del self.inputs[self.inputs_applied:]
        self.history.drop_after(now)
        self.inputs.append((now, guest, text))
        self._apply_input(guest, text)
        self.inputs_applied = len(self.inputs)

    def _apply_input(self, guest: str, text: str) -> None:
        if self.native:
            self.machine.console.feed(text)
        else:
            self.vmm.feed_input(guest, text)

    # ------------------------------------------------------------------ advancing
    def _advance(self, until: int, *, stop_on_trap: bool = False) -> str:
        """Run to `until` or an earlier stop, feeding inputs and taking checkpoints."""
        m = self.machine
        while True:
            if m.halted:
                return m.halted
            if m.cycles >= until:
                return CYCLE_LIMIT
            target = min(until, self.history.next_due)
            if self.inputs_applied < len(self.inputs):
                target = min(target, self.inputs[self.inputs_applied][0])
            if target > m.cycles:
                reason = self._run_engine(target, stop_on_trap)
            else:
                reason = CYCLE_LIMIT
            while (self.inputs_applied < len(self.inputs)
                   and self.inputs[self.inputs_applied][0] <= m.cycles):
                _, guest, text = self.inputs[self.inputs_applied]
                self._apply_input(guest, text)
                self.inputs_applied += 1
            if m.cycles >= self.history.next_due:
                self.history.record(m.cycles, self._capture())
            if reason != CYCLE_LIMIT or m.cycles >= until:
                return reason

    def _run_engine(self, target: int, stop_on_trap: bool) -> str:
        if self.native:
            self.machine.exit_on_trap = stop_on_trap
            try:
                reason = self.machine.run(until_cycle=target)
            finally:
                self.machine.exit_on_trap = False
            return NEXT_TRAP if reason == TRAP else reason
        reason = self.vmm.run(target, stop_on_exit=stop_on_trap)
        return NEXT_TRAP if reason == VM_EXIT else reason

    def _finish(self, reason: str) -> str:
        self.last_reason = reason
        return reason

    def step_cycle(self) -> str:
        return self._finish(self._advance(self.machine.cycles + 1))

    def step_instruction(self) -> str:
        """One instruction of the running code.

        Under a VMM, an instruction that exits is followed through the VMM's
        work to the next VM entry, so the step ends at a guest instruction.
        """
        m = self.machine
        if m.halted:
            return self._finish(m.halted)
        if self.native or self.vmm.running is not None:
            unit = m.inflight or m.plan()
            reason = self._advance(unit.start + unit.cost)
            if self.native or reason not in (CYCLE_LIMIT,) or self.vmm.running is not None:
                return self._finish(reason)
        limit = m.cycles + DEFAULT_STEP_LIMIT
        while self.vmm.running is None and not m.halted and m.cycles < limit:
            kind, cost, _ = self.vmm.work[0]
            reason = self._advance(min(self.vmm.work_start + cost, limit))
            if reason not in (CYCLE_LIMIT,):
                return self._finish(reason)
        return self._finish(m.halted or CYCLE_LIMIT)

    def run(self, max_cycles: int | None = None, *, until_cycle: int | None = None) -> str:
        """Run until a breakpoint, the end, or the cycle limit."""
        if until_cycle is None:
            until_cycle = self.machine.cycles + (max_cycles if max_cycles is not None
                                                 else self.scenario.max_cycles)
        return self._finish(self._advance(until_cycle))

    def run_to_next_trap(self, max_cycles: int = DEFAULT_STEP_LIMIT) -> str:
        """Stop right after the next hardware trap (native) or VM exit (VMM)."""
        return self._finish(self._advance(self.machine.cycles + max_cycles, stop_on_trap=True))

    def run_until(self, predicate, max_cycles: int = DEFAULT_STEP_LIMIT,
                  slice_cycles: int = 1) -> str:
        """Advance in slices until predicate(session) holds; "predicate" when it does."""
        stop = self.machine.cycles + max_cycles
        while True:
            if predicate(self):
                return self._finish(PREDICATE)
            if self.machine.halted:
                return self._finish(self.machine.halted)
            if self.machine.cycles >= stop:
                return self._finish(CYCLE_LIMIT)
            reason = self._advance(min(stop, self.machine.cycles + slice_cycles))
            if reason == BREAKPOINT:
                return self._finish(reason)

    def stream_events(self, until_cycle: int, *,
                      slice_cycles: int = STREAM_SLICE) -> Iterator[Event]:
        """Run to until_cycle (or an earlier stop), yielding every event logged on the way.

        Each event comes once, oldest first, when it is final (a VM exit is
        complete once the VMM has entered a guest again; at the stop, what
        is left comes as it stands).  None is ever dropped: the log is held
        from the first event not yet yielded, however many events one slice
        produces.  The stop reason is in last_reason afterwards.  A reader
        may stop early (close the generator); the log goes back to its
        bound either way.
        """
        log = self.log
        cursor = self.events.end
        log.hold(cursor.seq)
        try:
            while True:
                m = self.machine
                reason = self._finish(self._advance(min(until_cycle, m.cycles + slice_cycles)))
                done = reason != CYCLE_LIMIT or m.cycles >= until_cycle
                if log.lost_since(cursor.seq):   # pragma: no cover - hold() prevents it
                    raise RuntimeError(f"{log.lost_since(cursor.seq)} events were dropped "
                                       "while held")
                events, cursor = self.events.read(cursor, unsettled=done)
                yield from events
                if done:
                    return
                log.hold(cursor.seq)
        finally:
            log.release()

    # ------------------------------------------------------------------ time travel
    def travel_to(self, cycle: int) -> None:
        """Make the state exactly what it was (or will be) at `cycle`."""
        cycle = max(0, cycle)
        if cycle < self.machine.cycles:
            start, state = self.history.at_or_before(cycle)
            self._restore(state)
        saved = self.machine.breakpoints
        self.machine.set_breakpoints(())
        try:
            self._advance(cycle)
        finally:
            self.machine.set_breakpoints(saved)
        self.last_reason = None

    def step_back(self, cycles: int = 1) -> None:
        self.travel_to(self.machine.cycles - cycles)

    def back_to_previous_trap(self) -> bool:
        """Travel to the most recent trap or VM exit before now; False if none."""
        now = self.machine.cycles
        earlier = [e.cycle for e in self.trap_events() if e.cycle < now]
        if not earlier:
            return False
        self.travel_to(earlier[-1])
        return True

    def _capture(self) -> dict:
        return {
            "cycle": self.machine.cycles,
            "machine": self.machine.get_state(),
            "vmm": self.vmm.get_state() if self.vmm else None,
            "observer": self.observer.get_state() if self.observer else None,
            "log": self.log.get_state(),
            "inputs_applied": self.inputs_applied,
        }

    def _restore(self, state: dict) -> None:
        self.log.set_state(state["log"])
        self.machine.set_state(state["machine"])
        self._sync_breakpoints()
        if self.vmm:
            self.vmm.set_state(state["vmm"])
        if self.observer:
            self.observer.set_state(state["observer"])
        self.inputs_applied = state["inputs_applied"]

    def state_hash(self) -> str:
        """A digest of the whole simulation state (tests: determinism, travel)."""
        state = self._capture()
        del state["inputs_applied"]
        blob = json.dumps(state, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    # ------------------------------------------------------------------ reports
    def summary(self) -> dict:
        """The `vmlab run --scenario … --json` object."""
        if not self.native:
            out = self.vmm.summary()
            for g in self.vmm.guests:
                out["guests"][g.name]["traps"] = _trap_names(g.vcpu.trap_counts)
            out["stopped"] = self.last_reason
            return out
        m, name = self.machine, self.guest_names[0]
        totals = self.cycles_by_bucket()
        state = m.halted or "running"
        return {
            "cycles": m.cycles,
            "guests": {name: {
                "console": m.console.text(), "state": {HALT: "halted"}.get(state, state),
                "regs": list(m.regs), "sr": m.sr_dict(), "exits": {},
                "cycles": {"kernel": totals[f"{name}.kernel"], "user": totals[f"{name}.user"]},
                "traps": _trap_names(m.trap_counts)}},
            "vmm": {"cycles": totals[BUCKET_VMM], "exits": 0, "world_switches": 0,
                    "idle": totals[BUCKET_IDLE]},
            "stopped": self.last_reason,
        }


def _trap_names(counts: dict[int, int]) -> dict[str, int]:
    return {CAUSE_NAMES[c]: n for c, n in sorted(counts.items())}


__all__ = ["Activity", "Session", "GuestView", "NEXT_TRAP", "STALLED"]
