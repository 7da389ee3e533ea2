"""The VMM engine: the guests run under the VMM, with the scenario's technique."""

from __future__ import annotations

from collections.abc import Callable

from ..isa.spec import STATUS_KMODE
from ..machine.cpu import CYCLE_LIMIT, Machine
from ..machine.guest_mode import CB_LAYOUT
from ..observe.events import EventLog, VmExit
from ..observe.vocabulary import ExitAction, GuestCommand, GuestState, VmmStep
from ..scenario import Scenario
from ..vmm import snapshot as snapshots
from ..vmm.guest import GuestSpec
from ..vmm.monitor import VM_EXIT, VMM
from ..vmm.vcpu import SAVE_AREA_WORDS, SAVE_LAYOUT
from .engine import NEXT_TRAP, Engine, trap_names
from .views import Activity, Counters, GuestCounters, GuestView, MemoryMap, TranslatedBlock

DEFAULT_STEP_LIMIT = 10_000_000   # following the VMM's work to the next entry goes no further
# Steps done for the guest they name (their argument); the others, for the guest that exited.
_FOR_TARGET = frozenset({VmmStep.SWITCH, VmmStep.INJECT, VmmStep.ENTRY})


class VmmEngine(Engine):
    def __init__(self, scenario: Scenario, log: EventLog) -> None:
        super().__init__(scenario, log)
        self.machine = Machine(scenario.host_memory)
        specs = [GuestSpec(g.name, g.program.image, g.program.entry, g.memory, g.share,
                           g.input, g.program, g.disk, g.machine_id, g.clone_of,
                           g.process)
                 for g in scenario.guests]
        self.vmm = VMM(self.machine, specs, quantum=scenario.quantum, costs=scenario.costs,
                       technique=self.technique.create(), log=log,
                       hosting=scenario.hosting)
        self.attribution = self.vmm.attribution
        self._view: VmExit | None = None           # the last view of the exit in progress

    # ------------------------------------------------------------------ running
    def run(self, until_cycle: int, stop_on_trap: bool) -> str:
        reason = self.vmm.run(until_cycle, stop_on_exit=stop_on_trap)
        return NEXT_TRAP if reason == VM_EXIT else reason

    def step_instruction(self, advance: Callable[[int], str]) -> str:
        """An instruction that exits is followed through the VMM's work to the next entry,
        so the step ends at a guest instruction."""
        m, vmm = self.machine, self.vmm
        if vmm.running is not None:
            unit = m.inflight or m.plan()
            reason = advance(unit.start + unit.cost)
            if reason != CYCLE_LIMIT or vmm.running is not None:
                return reason
        limit = m.cycles + DEFAULT_STEP_LIMIT
        while vmm.running is None and not m.halted and m.cycles < limit:
            _kind, cost, _ = vmm.work[0]
            reason = advance(min(vmm.work_start + cost, limit))
            if reason != CYCLE_LIMIT:
                return reason
        return m.halted or CYCLE_LIMIT

    def feed_input(self, guest: str, text: str) -> None:
        self.vmm.feed_input(guest, text)

    def refusal(self, guest: str, command: str) -> str | None:
        return self.vmm.refusal(guest, command)

    def command_guest(self, guest: str, command: str) -> None:
        self.vmm.command_guest(guest, command)

    def capture_refusal(self, guest: str):
        return snapshots.capture_problem(self.vmm, guest)

    def capture_guest(self, guest: str):
        return snapshots.capture(self.vmm, guest, self.scenario.name)

    def guest_image(self, guest: str) -> dict[int, int]:
        return dict(self.vmm.by_name[guest].spec.image)

    def restore_refusal(self, guest: str, snapshot):
        return snapshots.restore_problem(self.vmm, guest, snapshot, self.scenario.name)

    def restore_guest(self, guest: str, snapshot, shown: str) -> None:
        snapshots.restore(self.vmm, guest, snapshot, self.scenario.name, shown)

    def identity(self, guest: str) -> dict | None:
        identity = self.vmm.by_name[guest].vcpu.identity
        return None if identity is None else identity.get_state()

    def clone_refusal(self, target: str, snapshot):
        return snapshots.clone_problem(self.vmm, target, snapshot)

    def clone_guest(self, target: str, snapshot, shown: str, new_identity: bool) -> None:
        snapshots.clone_into(self.vmm, target, snapshot, shown, new_identity=new_identity)

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {"machine": self.machine.get_state(), "vmm": self.vmm.get_state()}

    def set_state(self, state: dict) -> None:
        self.machine.set_state(state["machine"])
        self.vmm.set_state(state["vmm"])

    # ------------------------------------------------------------------ reading
    @property
    def running_guest(self) -> str | None:
        g = self.vmm.current_guest
        return g.name if g else None

    def guest(self, name: str) -> GuestView:
        vmm = self.vmm
        g = vmm.by_name[name]
        pc, regs, sr, kernel_mode = vmm.live_cpu(g)
        return GuestView(g.name, GuestState(g.state), pc, regs, sr, kernel_mode,
                         vmm.live_vclock(g),
                         g.vcpu.console.text(), g.base, g.size, g.spec.program,
                         tuple(GuestCommand(c) for c in vmm.guest_commands(g)),
                         None if g.request is None else GuestCommand(g.request), g.process)

    def activity(self) -> Activity:
        m, vmm = self.machine, self.vmm
        if m.halted:
            return Activity("stopped", None, None, None, None)
        g = vmm.current_guest
        if g is not None:
            unit = m.inflight
            progress = (m.cycles - unit.start, unit.cost) if unit else None
            kernel_mode = m.kernel_mode if m.guest_mode is not None else g.vcpu.kernel_mode
            return Activity("guest", g.name, "kernel" if kernel_mode else "user", None,
                            progress, unit)
        kind, cost, arg = vmm.work[0]
        done = (m.cycles - vmm.work_start, cost)
        if kind == VmmStep.IDLE:
            return Activity("idle", None, None, VmmStep.IDLE, done)
        target = kind in _FOR_TARGET or kind == vmm.technique.entry_step[0]
        g = vmm.guests[arg if target else vmm.exit_guest]
        return Activity("vmm", g.name, "kernel" if g.vcpu.kernel_mode else "user", kind, done)

    def memory_owners(self) -> list[tuple[int, int, str]]:
        return self.vmm.memory_owners()

    def memory_map(self) -> MemoryMap:
        m, vmm = self.machine, self.vmm
        total = m.memory_words
        # In the CPU's guest mode (hardware assist) the guest runs, whatever its own mode.
        guest_mode = m.guest_mode
        kernel = bool(m.status & STATUS_KMODE) and guest_mode is None
        windows, save_areas, modes, states = {}, {}, {}, {}
        current = vmm.current_guest
        for g in vmm.guests:
            windows[g.name] = tuple(vmm.technique.shadow_window(g))
            save_areas[g.name] = vmm.save_area_address(g)
            modes[g.name] = "kernel" if g.vcpu.kernel_mode else "user"
            states[g.name] = GuestState(g.state)
        active = physical = None
        if current is not None and not m.halted and not kernel:
            active = current.name
            if guest_mode is not None:
                physical = windows[current.name] = tuple(guest_mode.window(m))
                modes[current.name] = "kernel" if m.kernel_mode else "user"
            else:
                physical = (m.base, max(0, min(m.bound, total - m.base)))
        technique = vmm.technique
        blocks = getattr(technique, "control_block", None)   # hardware assist's VMCS
        control_blocks = {g.name: blocks(vmm, g) for g in vmm.guests} if blocks else {}
        return MemoryMap(total, tuple(vmm.memory_owners()), windows, save_areas, modes, states,
                         active, physical, kernel, bool(m.halted),
                         None if m.halted else m.translate(m.pc), True,
                         SAVE_AREA_WORDS, tuple(SAVE_LAYOUT), control_blocks,
                         technique.vmm_words_per_guest if blocks else 0,
                         CB_LAYOUT if blocks else ())

    def disk_words(self, guest: str) -> list[int] | None:
        disk = self.vmm.by_name[guest].vcpu.disk
        return None if disk is None else list(disk.words)

    def pending_input(self, guest: str) -> str:
        vmm = self.vmm
        g = vmm.by_name[guest]
        # Bytes still on the real console wait for the VMM to route them.
        waiting = bytes(b for b, to in zip(self.machine.console.input, vmm.routes)
                        if to == g.index)
        return (bytes(g.vcpu.console.input) + waiting).decode("latin-1")

    def counters(self) -> Counters:
        vmm = self.vmm
        charged = vmm.charged()
        guests = {g.name: GuestCounters(dict(g.exits), trap_names(g.vcpu.trap_counts),
                                        g.emulations, g.reflections, g.injections,
                                        charged[g.name], g.vcpu.instret)
                  for g in vmm.guests}
        return Counters(guests, dict(vmm.exits_by_cause), vmm.world_switches,
                        vmm.technique.counters(vmm), vmm.host_transitions, vmm.host_syscalls)

    def translated_blocks(self, guest: str) -> list[TranslatedBlock]:
        return [TranslatedBlock(*block)
                for block in self.vmm.technique.translated_blocks(self.vmm.by_name[guest])]

    def exit_actions(self) -> tuple[str, ...]:
        own = self.vmm.technique.actions()
        crash = tuple(a for a in own if a == ExitAction.CRASH)
        return (tuple(a for a in own if a != ExitAction.CRASH)
                + (ExitAction.RESUME, ExitAction.ROUTE_INPUT) + crash)

    def exit_in_progress(self) -> VmExit | None:
        current = self.vmm.current_exit
        if current is None:
            return None
        if not current.shown_by(self._view):       # the same copy while nothing changed
            self._view = current.view()
        return self._view

    def summary(self, stopped: str | None) -> dict:
        out = self.vmm.summary()
        for g in self.vmm.guests:
            out["guests"][g.name]["traps"] = trap_names(g.vcpu.trap_counts)
        out["stopped"] = stopped
        return out
