"""The native engine: one kernel on the bare machine, no VMM.

The machine calls back only for units its reference executor commits (traps,
system instructions, WFI), so observing costs nothing on the hot path: the
engine logs the traps the hardware takes and console output, and attributes
cycles to the kernel, its user mode and idle.
"""

from __future__ import annotations

from collections.abc import Callable

from ..isa.spec import CAUSE_NAMES, PORT_CONSOLE_OUT, STATUS_KMODE
from ..machine.cpu import TRAP, Machine, Unit, decode_cached
from ..machine.disk import Disk
from ..machine.identity import Identity
from ..observe.accounting import BUCKET_IDLE, BUCKET_VMM, Attribution, guest_buckets
from ..observe.events import ConsoleOutput, EventLog, TrapTaken
from ..observe.vocabulary import ExitAction, guest_state
from ..scenario import Scenario
from ..vmm.guest import LifecycleError
from .engine import NEXT_TRAP, Engine, trap_names
from .views import Activity, Counters, GuestCounters, GuestView, MemoryMap


class NativeEngine(Engine):
    def __init__(self, scenario: Scenario, log: EventLog) -> None:
        super().__init__(scenario, log)
        g = self.config = scenario.guests[0]
        self.name = g.name
        self.machine = machine = Machine(g.memory)
        machine.load(g.program.image, g.program.entry)
        machine.console.feed(g.input)
        if g.disk is not None:                 # its disk: a copy of the image's words
            machine.attach_disk(Disk(g.disk))
        machine.identity = Identity(g.machine_id)   # its identity device (docs/isa.md, 16)
        self.kernel_bucket, self.user_bucket = guest_buckets(g.name)
        self.attribution = Attribution(
            [self.kernel_bucket, self.user_bucket, BUCKET_VMM, BUCKET_IDLE],
            machine.cycles, self._bucket(machine.status))
        machine.commit_hook = self.on_commit

    # ------------------------------------------------------------------ observing
    def _bucket(self, status: int) -> str:
        return self.kernel_bucket if status & STATUS_KMODE else self.user_bucket

    def on_commit(self, m: Machine, unit: Unit, status_before: int) -> None:
        if unit.kind in ("trap", "interrupt"):
            fault = 1 if unit.kind == "trap" else 0
            self.log.add(TrapTaken, m.cycles, self.name, pc=unit.pc, word=unit.word,
                         cause=CAUSE_NAMES[unit.cause], tval=unit.tval,
                         mode="kernel" if status_before & STATUS_KMODE else "user",
                         interrupt=not fault, base=m.base)
            self.attribution.switch(unit.start + fault, self.kernel_bucket)
            return
        if unit.kind == "wfi":
            if unit.cost > 1:
                self.attribution.switch(unit.start + 1, BUCKET_IDLE)
                self.attribution.switch(m.cycles, self._bucket(m.status))
            return
        ins = decode_cached(unit.word)
        if ins.mnemonic == "OUT" and ins.imm == PORT_CONSOLE_OUT:
            self.log.add(ConsoleOutput, m.cycles, self.name, text=chr(m.regs[ins.rs] & 0xFF))
        if (status_before ^ m.status) & STATUS_KMODE:
            self.attribution.switch(m.cycles, self._bucket(m.status))

    # ------------------------------------------------------------------ running
    def run(self, until_cycle: int, stop_on_trap: bool) -> str:
        m = self.machine
        m.exit_on_trap = stop_on_trap
        try:
            reason = m.run(until_cycle=until_cycle)
        finally:
            m.exit_on_trap = False
        return NEXT_TRAP if reason == TRAP else reason

    def step_instruction(self, advance: Callable[[int], str]) -> str:
        m = self.machine
        unit = m.inflight or m.plan()
        return advance(unit.start + unit.cost)

    def feed_input(self, guest: str, text: str) -> None:
        self.machine.console.feed(text)

    def refusal(self, guest: str, command: str) -> str | None:
        return (f"{self.name} runs natively, on the bare machine, with no VMM: there is "
                f"no guest to {command} (choose a scenario with a VMM)")

    def command_guest(self, guest: str, command: str) -> None:
        raise LifecycleError(self.refusal(guest, command))

    def capture_refusal(self, guest: str):
        return self._no_vmm("snapshot")

    def capture_guest(self, guest: str):
        raise LifecycleError(self._no_vmm("snapshot"))

    def guest_image(self, guest: str) -> dict[int, int]:
        return {}

    def restore_refusal(self, guest: str, snapshot):
        return self._no_vmm("restore")

    def restore_guest(self, guest: str, snapshot, shown: str) -> None:
        raise LifecycleError(self._no_vmm("restore"))

    def identity(self, guest: str) -> dict | None:
        identity = self.machine.identity
        return None if identity is None else identity.get_state()

    def _no_vmm(self, what: str) -> str:
        return (f"{self.name} runs natively, on the bare machine, with no VMM: there is no "
                f"guest to {what} (choose a scenario with a VMM)")

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {"machine": self.machine.get_state(), "attribution": self.attribution.get_state()}

    def set_state(self, state: dict) -> None:
        self.machine.set_state(state["machine"])
        self.attribution.set_state(state["attribution"])

    # ------------------------------------------------------------------ reading
    @property
    def running_guest(self) -> str | None:
        return self.name

    def guest(self, name: str) -> GuestView:
        m, g = self.machine, self.config
        return GuestView(g.name, guest_state(m.halted), m.pc, list(m.regs), m.sr_dict(),
                         m.kernel_mode, m.cycles, m.console.text(), 0, g.memory, g.program)

    def activity(self) -> Activity:
        m = self.machine
        if m.halted:
            return Activity("stopped", self.name, None, None, None)
        unit = m.inflight
        progress = (m.cycles - unit.start, unit.cost) if unit else None
        mode = "kernel" if m.status & STATUS_KMODE else "user"
        return Activity("guest", self.name, mode, None, progress, unit)

    def memory_owners(self) -> list[tuple[int, int, str]]:
        return [(0, self.machine.memory_words, self.name)]

    def memory_map(self) -> MemoryMap:
        m = self.machine
        total = m.memory_words
        kernel = bool(m.status & STATUS_KMODE)
        window = (0, total) if kernel else (m.base, max(0, min(m.bound, total - m.base)))
        return MemoryMap(
            total, tuple(self.memory_owners()), {self.name: window}, {},
            {self.name: "kernel" if kernel else "user"}, {self.name: guest_state(m.halted)},
            None if m.halted else self.name, None if kernel else window, kernel,
            bool(m.halted), None if m.halted else m.translate(m.pc), False)

    def pending_input(self, guest: str) -> str:
        return bytes(self.machine.console.input).decode("latin-1")

    def disk_words(self, guest: str) -> list[int] | None:
        disk = self.machine.disk
        return None if disk is None else list(disk.words)

    def counters(self) -> Counters:
        m = self.machine
        return Counters({self.name: GuestCounters({}, trap_names(m.trap_counts),
                                                  instructions=m.instret)})

    def exit_actions(self) -> tuple[str, ...]:
        return (ExitAction.TRAP_TO_KERNEL,)     # no VMM: the kernel handles its own traps

    def summary(self, stopped: str | None) -> dict:
        m, name = self.machine, self.name
        totals = self.attribution.totals(m.cycles)
        return {
            "cycles": m.cycles,
            "guests": {name: {
                "console": m.console.text(), "state": guest_state(m.halted),
                "regs": list(m.regs), "sr": m.sr_dict(), "exits": {},
                "cycles": {"kernel": totals[f"{name}.kernel"], "user": totals[f"{name}.user"]},
                "traps": trap_names(m.trap_counts),
                **({} if m.disk is None else {"disk": m.disk.summary()})}},
            "vmm": {"cycles": totals[BUCKET_VMM], "exits": 0, "world_switches": 0,
                    "idle": totals[BUCKET_IDLE]},
            "stopped": stopped,
        }
