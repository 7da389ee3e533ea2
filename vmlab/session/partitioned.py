"""Type 0: a machine partitioned by its own hardware, no VMM software at all.

Each guest gets a *partition*: a VL32 CPU state of its own (registers,
system registers, timer, clock) and a fixed window of physical memory that
the hardware enforces (here each partition is a Machine whose memory is
exactly its window: no address it can form reaches another partition).  Its
kernel runs natively, in real kernel mode: privileged instructions execute
directly, nothing traps to a VMM, nothing is emulated.

One CPU is shared by time: the machine's *partition scheduler* gives the
partitions the CPU in turn, a FIXED slice each (the scenario's quantum), in
order, forever.  A partition waiting in WFI, halted or stalled still owns its
slice: the CPU idles through it, and the time is never lent to another
partition.  Changing partition costs `partition_switch` cycles (the cost
table, vmm/costs.py), done by the hardware.

What each guest sees: its own clock (CYCLE, TIMER), which advances only
during its own slices, as a VCPU's virtual clock does; so each kernel
behaves exactly as it would alone on the bare machine (its console and
registers equal native).  docs/partitioning.md says all this for students.

Time on the one global clock, with partitions P0, P1 and slice S, switch C:

    [P0: S cycles][switch: C][P1: S cycles][switch: C][P0: S cycles]...

Attribution: a partition's cycles go to "<guest>.kernel" / "<guest>.user"
while its code runs, to "idle" while it waits in WFI or has stopped (its
wasted slices), and partition switches to "idle" too (no one's work); the
summary splits them (each guest's own "idle", "partitions.switch_cycles").
"""

from __future__ import annotations

from collections.abc import Callable

from ..isa.spec import CAUSE_NAMES, PORT_CONSOLE_OUT, STATUS_KMODE
from ..machine.cpu import BREAKPOINT, CYCLE_LIMIT, TRAP, Machine, Unit, decode_cached
from ..machine.disk import Disk
from ..machine.identity import Identity
from ..machine.state import HALT
from ..messages import M
from ..observe.accounting import BUCKET_IDLE, Attribution, guest_buckets
from ..observe.events import ConsoleOutput, EventLog, TrapTaken
from ..observe.vocabulary import ExitAction, GuestState, guest_state
from ..scenario import Scenario
from ..vmm.guest import LifecycleError
from .engine import NEXT_TRAP, Engine, trap_names
from .views import Activity, Counters, CpuView, GuestCounters, GuestView, MemoryMap

SLICE, SWITCH = "slice", "switch"      # the scheduler's phases


class Partition:
    """One hardware partition: a CPU state and its window of physical memory."""

    def __init__(self, config, base: int) -> None:
        self.config = config
        self.name = config.name
        self.base = base                       # first physical word of its window
        self.machine = m = Machine(config.memory)
        m.load(config.program.image, config.program.entry)
        m.console.feed(config.input)
        if config.disk is not None:
            m.attach_disk(Disk(config.disk))
        m.identity = Identity(config.machine_id)
        self.kernel_bucket, self.user_bucket = guest_buckets(config.name)
        self.owned = 0            # global cycles of its slices so far (run or idled)
        self.slices = 0           # slices it has been given

    def bucket(self) -> str:
        """Who the CPU works for now in this partition: its kernel, its user mode, or idle
        (waiting in WFI's idle cycles, or stopped)."""
        m = self.machine
        if m.halted:
            return BUCKET_IDLE
        unit = m.inflight
        if unit is not None and unit.kind == "wfi" and m.cycles > unit.start:
            return BUCKET_IDLE
        return self.kernel_bucket if m.status & STATUS_KMODE else self.user_bucket


class _PhysicalMemory:
    """The machine's physical memory read as one list: the partitions' windows in order."""

    def __init__(self, engine: "PartitionedEngine") -> None:
        self.engine = engine

    def __len__(self) -> int:
        return self.engine.host.memory_words

    def _locate(self, address: int) -> tuple[Partition, int]:
        for p in self.engine.parts:
            if p.base <= address < p.base + p.machine.memory_words:
                return p, address - p.base
        raise IndexError(address)

    def __getitem__(self, index):
        if isinstance(index, slice):
            words = [w for p in self.engine.parts for w in p.machine.mem]
            return words[index]
        if index < 0:
            index += len(self)
        p, local = self._locate(index)
        return p.machine.mem[local]

    def __iter__(self):
        for p in self.engine.parts:
            yield from p.machine.mem


class PartitionedHost:
    """What the session reads as "the machine": the global clock, the whole physical
    memory, breakpoints by physical address, and the CPU as the partition on it shows."""

    def __init__(self, engine: "PartitionedEngine") -> None:
        self._engine = engine
        self.cycles = 0
        self.halted: str | None = None
        self.breakpoints: set[int] = set()
        self.memory_words = sum(p.machine.memory_words for p in engine.parts)
        self.mem = _PhysicalMemory(engine)
        self.guest_mode = None

    def set_breakpoints(self, addresses) -> None:
        self.breakpoints = set(addresses)
        for p in self._engine.parts:
            end = p.base + p.machine.memory_words
            p.machine.set_breakpoints(a - p.base for a in self.breakpoints if p.base <= a < end)

    def _cpu(self) -> Machine:
        return self._engine.shown.machine

    @property
    def kernel_mode(self) -> bool:
        return self._cpu().kernel_mode

    @property
    def regs(self):
        return self._cpu().regs

    @property
    def pc(self) -> int:
        return self._cpu().pc

    @property
    def status(self) -> int:
        return self._cpu().status

    @property
    def inflight(self):
        e = self._engine
        return e.shown.machine.inflight if e.phase == SLICE else None

    def sr_dict(self) -> dict[str, int]:
        return self._cpu().sr_dict()

    @property
    def instret(self) -> int:
        return sum(p.machine.instret for p in self._engine.parts)

    @property
    def trap_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for p in self._engine.parts:
            for cause, n in p.machine.trap_counts.items():
                counts[cause] = counts.get(cause, 0) + n
        return counts


class PartitionedEngine(Engine):
    def __init__(self, scenario: Scenario, log: EventLog) -> None:
        super().__init__(scenario, log)
        self.parts: list[Partition] = []
        base = 0
        for g in scenario.guests:
            self.parts.append(Partition(g, base))
            base += g.memory
        self.by_name = {p.name: p for p in self.parts}
        self.slice = scenario.quantum
        self.switch_cost = scenario.costs.partition_switch if len(self.parts) > 1 else 0
        self.current = 0                   # the partition whose slice it is (or comes next)
        self.phase = SLICE
        self.phase_end = self.slice        # global cycle the phase ends at
        self.switches = 0
        self.parts[0].slices = 1
        self.host = self.machine = PartitionedHost(self)
        buckets = [b for p in self.parts for b in (p.kernel_bucket, p.user_bucket)]
        self.attribution = Attribution(buckets + [BUCKET_IDLE], 0, self.parts[0].bucket())
        self._offset = 0                   # global cycle - local cycle of the running partition
        self._chunk_start = 0              # its local cycle when the current run() chunk began
        for p in self.parts:
            p.machine.commit_hook = self._hook(p)

    # ------------------------------------------------------------------ observing
    @property
    def shown(self) -> Partition:
        """The partition whose slice it is (during a switch, the one coming next)."""
        return self.parts[self.current]

    def _switch(self, at_local: int, bucket: str) -> None:
        at = at_local + self._offset
        a = self.attribution
        if bucket != a.seg_bucket:
            a.switch(max(at, a.seg_start), bucket)

    def _hook(self, p: Partition) -> Callable[[Machine, Unit, int], None]:
        def on_commit(m: Machine, unit: Unit, status_before: int) -> None:
            if unit.kind in ("trap", "interrupt"):
                fault = 1 if unit.kind == "trap" else 0
                self.log.add(TrapTaken, m.cycles + self._offset, p.name, pc=unit.pc,
                             word=unit.word, cause=CAUSE_NAMES[unit.cause], tval=unit.tval,
                             mode="kernel" if status_before & STATUS_KMODE else "user",
                             interrupt=not fault, base=p.base + m.base)
                self._switch(unit.start + fault, p.kernel_bucket)
                return
            if unit.kind == "wfi":
                if unit.cost > 1:          # its idle cycles (from this chunk's start at most)
                    self._switch(max(unit.start + 1, self._chunk_start), BUCKET_IDLE)
                self._switch(m.cycles, p.bucket())
                return
            ins = decode_cached(unit.word)
            if ins.mnemonic == "OUT" and ins.imm == PORT_CONSOLE_OUT:
                self.log.add(ConsoleOutput, m.cycles + self._offset, p.name,
                             text=chr(m.regs[ins.rs] & 0xFF))
            self._switch(m.cycles, p.bucket())
        return on_commit

    # ------------------------------------------------------------------ running
    def _next_phase(self) -> None:
        """The phase that ends now is over: a switch after a slice, a slice after one."""
        now = self.host.cycles
        if self.phase == SLICE and self.switch_cost:
            self.phase, self.phase_end = SWITCH, now + self.switch_cost
            self.current = (self.current + 1) % len(self.parts)
            self.switches += 1
            if self.attribution.seg_bucket != BUCKET_IDLE:
                self.attribution.switch(now, BUCKET_IDLE)
            return
        if self.phase == SLICE:                  # one partition: slice after slice
            self.current = (self.current + 1) % len(self.parts)
        self.phase, self.phase_end = SLICE, now + self.slice
        p = self.shown
        p.slices += 1
        bucket = p.bucket()
        if bucket != self.attribution.seg_bucket:
            self.attribution.switch(now, bucket)

    def run(self, until_cycle: int, stop_on_trap: bool) -> str:
        host = self.host
        while True:
            if host.halted:
                return host.halted
            if all(p.machine.halted for p in self.parts):
                host.halted = self._stop_reason()
                return host.halted
            if host.cycles >= until_cycle:
                return CYCLE_LIMIT
            stop = min(until_cycle, self.phase_end)
            reason = CYCLE_LIMIT
            if self.phase == SLICE:
                p = self.shown
                m = p.machine
                before = host.cycles
                if not m.halted:
                    self._offset = before - m.cycles
                    self._chunk_start = m.cycles
                    m.exit_on_trap = stop_on_trap
                    try:
                        reason = m.run(until_cycle=m.cycles + (stop - before))
                    finally:
                        m.exit_on_trap = False
                    host.cycles = m.cycles + self._offset
                    if m.halted:
                        self._switch(m.cycles, BUCKET_IDLE)
                        reason = CYCLE_LIMIT
                        if all(q.machine.halted for q in self.parts):   # the last one: stop
                            p.owned += host.cycles - before
                            host.halted = self._stop_reason()
                            return host.halted
                        host.cycles = stop         # the rest of its slice: idle
                    elif m.inflight is not None and m.inflight.kind == "wfi":
                        self._switch(max(m.inflight.start + 1, m.cycles - (host.cycles - before)),
                                     BUCKET_IDLE)
                else:
                    host.cycles = stop
                p.owned += host.cycles - before
            else:
                host.cycles = stop
            if host.cycles >= self.phase_end:
                self._next_phase()
            if reason == TRAP:
                return NEXT_TRAP
            if reason == BREAKPOINT:
                return reason

    def _stop_reason(self) -> str:
        """Every partition has stopped: "halt" if any halted, else (all stalled) theirs."""
        reasons = [p.machine.halted for p in self.parts]
        return HALT if HALT in reasons else reasons[-1]

    def step_instruction(self, advance: Callable[[int], str]) -> str:
        """The next instruction of the partition on the CPU, through any switch and other
        slices on the way, so the step ends at an instruction boundary."""
        host = self.host
        if self.phase == SWITCH or self.shown.machine.halted:
            reason = advance(self.phase_end)
            if reason != CYCLE_LIMIT or host.halted:
                return reason
        p = self.shown
        m = p.machine
        if m.halted:
            return CYCLE_LIMIT
        unit = m.inflight or m.plan()
        end = unit.start + unit.cost
        while m.cycles < end and not host.halted:
            if self.phase == SLICE and self.shown is p:
                target = min(self.phase_end, end - m.cycles + host.cycles)
            else:
                target = self.phase_end
            reason = advance(target)
            if reason != CYCLE_LIMIT:
                return reason
        return host.halted or CYCLE_LIMIT

    def feed_input(self, guest: str, text: str) -> None:
        self.by_name[guest].machine.console.feed(text)

    def _no_vmm(self, guest: str, what: str = "") -> str:
        return M("{guest} runs in a hardware partition (type 0), with no VMM: no software "
                 "can pause, save, restore or clone it (choose a scenario with a VMM)",
                 guest=guest)

    def refusal(self, guest: str, command: str) -> str | None:
        return self._no_vmm(guest, command)

    def clone_refusal(self, target: str, snapshot):
        return self._no_vmm(target)

    def command_guest(self, guest: str, command: str) -> None:
        raise LifecycleError(self.refusal(guest, command))

    def capture_refusal(self, guest: str):
        return self._no_vmm(guest, "snapshot")

    def capture_guest(self, guest: str):
        raise LifecycleError(self.capture_refusal(guest))

    def guest_image(self, guest: str) -> dict[int, int]:
        return dict(self.by_name[guest].config.program.image)

    def restore_refusal(self, guest: str, snapshot):
        return self._no_vmm(guest, "restore")

    def restore_guest(self, guest: str, snapshot, shown: str) -> None:
        raise LifecycleError(self.restore_refusal(guest, snapshot))

    def identity(self, guest: str) -> dict | None:
        identity = self.by_name[guest].machine.identity
        return None if identity is None else identity.get_state()

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {
            "parts": [{"machine": p.machine.get_state(), "owned": p.owned, "slices": p.slices}
                      for p in self.parts],
            "cycles": self.host.cycles, "halted": self.host.halted,
            "current": self.current, "phase": self.phase, "phase_end": self.phase_end,
            "switches": self.switches, "attribution": self.attribution.get_state(),
        }

    def set_state(self, state: dict) -> None:
        for p, s in zip(self.parts, state["parts"]):
            p.machine.set_state(s["machine"])
            p.owned, p.slices = s["owned"], s["slices"]
        self.host.cycles, self.host.halted = state["cycles"], state["halted"]
        self.current, self.phase = state["current"], state["phase"]
        self.phase_end, self.switches = state["phase_end"], state["switches"]
        self.attribution.set_state(state["attribution"])

    # ------------------------------------------------------------------ reading
    @property
    def running_guest(self) -> str | None:
        if self.phase != SLICE or self.shown.bucket() == BUCKET_IDLE:
            return None
        return self.shown.name

    def cpu(self) -> CpuView:
        m = self.shown.machine
        return CpuView(tuple(m.regs), m.pc, m.sr_dict(), m.kernel_mode, self.host.halted,
                       self.host.inflight, False)

    def guest(self, name: str) -> GuestView:
        p = self.by_name[name]
        m = p.machine
        state = guest_state(m.halted)
        if state == GuestState.RUNNING and self.running_guest != name:
            state = GuestState.READY      # alive, waiting for its slice: not on the CPU now
        return GuestView(name, state, m.pc, list(m.regs), m.sr_dict(),
                         m.kernel_mode, m.cycles, m.console.text(), p.base,
                         m.memory_words, p.config.program)

    def activity(self) -> Activity:
        if self.host.halted:
            return Activity("stopped", None, None, None, None)
        p = self.shown
        if self.phase == SWITCH or p.bucket() == BUCKET_IDLE:
            return Activity("idle", p.name, None, None, None)
        m = p.machine
        unit = m.inflight
        progress = (m.cycles - unit.start, unit.cost) if unit else None
        return Activity("guest", p.name, "kernel" if m.status & STATUS_KMODE else "user",
                        None, progress, unit)

    def memory_owners(self) -> list[tuple[int, int, str]]:
        return [(p.base, p.base + p.machine.memory_words, p.name) for p in self.parts]

    def memory_map(self) -> MemoryMap:
        windows, modes, states = {}, {}, {}
        for p in self.parts:
            m = p.machine
            kernel = bool(m.status & STATUS_KMODE)
            size = m.memory_words
            windows[p.name] = ((p.base, size) if kernel else
                               (p.base + m.base, max(0, min(m.bound, size - m.base))))
            modes[p.name] = "kernel" if kernel else "user"
            states[p.name] = guest_state(m.halted)
        p = self.shown
        m = p.machine
        running = self.running_guest
        kernel = bool(m.status & STATUS_KMODE)
        local = m.translate(m.pc)
        return MemoryMap(
            self.host.memory_words, tuple(self.memory_owners()), windows, {}, modes, states,
            running, None if kernel else windows[p.name], kernel, bool(self.host.halted),
            None if running is None or local is None else p.base + local, True)

    def pending_input(self, guest: str) -> str:
        return bytes(self.by_name[guest].machine.console.input).decode("latin-1")

    def disk_words(self, guest: str) -> list[int] | None:
        disk = self.by_name[guest].machine.disk
        return None if disk is None else list(disk.words)

    def counters(self) -> Counters:
        return Counters({p.name: GuestCounters({}, trap_names(p.machine.trap_counts),
                                               instructions=p.machine.instret)
                         for p in self.parts})

    def exit_actions(self) -> tuple[str, ...]:
        return (ExitAction.TRAP_TO_KERNEL,)     # no VMM: each kernel handles its own traps

    def summary(self, stopped: str | None) -> dict:
        now = self.host.cycles
        totals = self.attribution.totals(now)
        guests = {}
        for p in self.parts:
            m = p.machine
            kernel, user = totals[p.kernel_bucket], totals[p.user_bucket]
            guests[p.name] = {
                "console": m.console.text(), "state": guest_state(m.halted),
                "regs": list(m.regs), "sr": m.sr_dict(), "exits": {},
                "cycles": {"kernel": kernel, "user": user, "idle": p.owned - kernel - user},
                "traps": trap_names(m.trap_counts), "vclock": m.cycles,
                "share": p.owned / now if now else 0.0,
                **({} if m.disk is None else {"disk": m.disk.summary()})}
        switch_cycles = now - sum(p.owned for p in self.parts)
        return {
            "cycles": now,
            "guests": guests,
            "vmm": {"cycles": 0, "exits": 0, "world_switches": 0,
                    "idle": totals[BUCKET_IDLE]},
            "partitions": {"slice": self.slice, "switch_cost": self.switch_cost,
                           "switches": self.switches, "switch_cycles": switch_cycles},
            "stopped": stopped,
        }
