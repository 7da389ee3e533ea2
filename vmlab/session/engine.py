"""What runs on the host: one interface, two engines.

- NativeEngine (session/native.py): one kernel on the bare machine;
- VmmEngine (session/hosted.py): the VMM running the guests with a technique;
- PartitionedEngine (session/partitioned.py): type 0, the machine's own hardware
  partitions, each guest's kernel on the bare CPU in fixed slices, no VMM.

The session drives an engine (run, step, feed input, save and restore) and
reads everything it shows through it (guest views, the CPU, activity,
memory, counters, attribution), so nothing above the engine asks whether a
VMM is there.  `make_engine` chooses by the scenario's technique (the
registry in vmm/techniques.py).
"""

from __future__ import annotations

from collections.abc import Callable

from ..isa.spec import CAUSE_NAMES
from ..machine.cpu import Machine
from ..messages import M
from ..observe.accounting import BUCKET_HOST, BUCKET_IDLE, BUCKET_VMM, Attribution, guest_buckets
from ..observe.vocabulary import Hosting
from ..observe.events import EventLog, VmExit
from ..scenario import Scenario
from ..vmm.guest import LifecycleError
from ..vmm.techniques import TechniqueInfo
from .views import Activity, Counters, CpuView, GuestView, MemoryMap, TranslatedBlock

NEXT_TRAP = "trap"                # stop reason of a run that stops at the next trap / VM exit


class Engine:
    """The host: a machine and what runs on it.  Subclasses implement every method."""

    machine: Machine
    attribution: Attribution
    technique: TechniqueInfo

    def __init__(self, scenario: Scenario, log: EventLog) -> None:
        self.scenario = scenario
        self.log = log
        self.technique = scenario.technique_info
        self.guest_names = [g.name for g in scenario.guests]

    # ------------------------------------------------------------------ running
    def run(self, until_cycle: int, stop_on_trap: bool) -> str:
        """Advance to until_cycle or an earlier stop; NEXT_TRAP right after a trap if asked."""
        raise NotImplementedError

    def step_instruction(self, advance: Callable[[int], str]) -> str:
        """One instruction of the running code, advancing with advance(until_cycle)."""
        raise NotImplementedError

    def feed_input(self, guest: str, text: str) -> None:
        raise NotImplementedError

    def refusal(self, guest: str, command: str) -> str | None:
        """Why a lifecycle command (GuestCommand) cannot be given to the guest now (None: it
        can); see vmm/lifecycle.py."""
        raise NotImplementedError

    def command_guest(self, guest: str, command: str) -> None:
        """Pause, resume, power off or power on a guest (refusal() said it can)."""
        raise NotImplementedError

    def capture_refusal(self, guest: str):
        """Why the guest cannot be saved now (a message; None: it can)."""
        raise NotImplementedError

    def capture_guest(self, guest: str):
        """The paused guest as a Snapshot (vmm/snapshot.py); LifecycleError if it cannot be
        taken now (not paused, no VMM)."""
        raise NotImplementedError

    def guest_image(self, guest: str) -> dict[int, int]:
        """The guest's program image as it boots (guest-physical address -> word)."""
        raise NotImplementedError

    def restore_refusal(self, guest: str, snapshot):
        """Why the Snapshot cannot be restored as the guest now (a message; None: it can)."""
        raise NotImplementedError

    def restore_guest(self, guest: str, snapshot, shown: str) -> None:
        """Put the Snapshot back as the guest, paused (restore_refusal() said it can)."""
        raise NotImplementedError

    def clone_refusal(self, target: str, snapshot):
        """Why the Snapshot (of any guest) cannot become the powered-off guest `target`, a
        clone (a message; None: it can).  Only a VMM clones (vmm/clone.py)."""
        return M("this run cannot clone: a clone runs beside its original under one VMM, on "
                 "one host (technique {technique})", technique=self.technique.name)

    def clone_guest(self, target: str, snapshot, shown: str, new_identity: bool) -> None:
        """Make `target` a clone of the Snapshot, paused (clone_refusal() said it can)."""
        raise LifecycleError(self.clone_refusal(target, snapshot))

    def identity(self, guest: str) -> dict | None:
        """What the guest's identity device reads: {"machine_id", "generation"} (None: it
        has none, or this engine does not say)."""
        return None

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        raise NotImplementedError

    def set_state(self, state: dict) -> None:
        """Restore; the event log is already back at the same moment."""
        raise NotImplementedError

    # ------------------------------------------------------------------ reading
    @property
    def running_guest(self) -> str | None:
        """The guest whose code the CPU is executing now (None: the VMM, idle)."""
        raise NotImplementedError

    def guest(self, name: str) -> GuestView:
        raise NotImplementedError

    def cpu(self) -> CpuView:
        m = self.machine
        return CpuView(tuple(m.regs), m.pc, m.sr_dict(), m.kernel_mode, m.halted, m.inflight,
                       getattr(m, "guest_mode", None) is not None)

    def activity(self) -> Activity:
        raise NotImplementedError

    def buckets(self) -> list[str]:
        """Who cycles are attributed to, in the order they are shown."""
        # (A host process, kvm, runs in user mode only: no kernel of its own, no lane.)
        processes = {g.name for g in self.scenario.guests if g.process}
        names = [b for name in self.guest_names for b in guest_buckets(name)
                 if not (name in processes and b.endswith(".kernel"))]
        host = [BUCKET_HOST] if self.scenario.hosting in (Hosting.TYPE_2, Hosting.KVM) else []
        return names + ([BUCKET_VMM] if self.technique.under_vmm else []) + host + [BUCKET_IDLE]

    def memory_owners(self) -> list[tuple[int, int, str]]:
        raise NotImplementedError

    def memory_map(self) -> MemoryMap:
        raise NotImplementedError

    def physical_address(self, guest: str, address: int) -> int:
        """The host address of a guest address (its own memory, no relocation)."""
        return self.guest(guest).base + address

    def pending_input(self, guest: str) -> str:
        raise NotImplementedError

    def disk_words(self, guest: str) -> list[int] | None:
        """A copy of the guest's disk as it is now (None: the guest has no disk)."""
        raise NotImplementedError

    def counters(self) -> Counters:
        raise NotImplementedError

    def exit_actions(self) -> tuple[str, ...]:
        """What may be done about a trap or exit here (the trap inspector's filter)."""
        raise NotImplementedError

    def translated_blocks(self, guest: str) -> list[TranslatedBlock]:
        """The guest's code as the VMM has translated it, by address (none by default)."""
        return []

    def exit_in_progress(self) -> VmExit | None:
        """The VM exit being handled, as it stands (None: none, or no VMM)."""
        return None

    def summary(self, stopped: str | None) -> dict:
        """The `vmlab run --scenario … --json` object."""
        raise NotImplementedError

    def migration(self) -> dict | None:
        """A live migration's figures so far (docs/migration.md); None: nothing migrates."""
        return None


def trap_names(counts: dict[int, int]) -> dict[str, int]:
    """Trap counts by cause number as counts by cause name, in cause order."""
    return {CAUSE_NAMES[c]: n for c, n in sorted(counts.items())}


def make_engine(scenario: Scenario, log: EventLog) -> Engine:
    """The engine the scenario's technique runs on; two hosts when a guest migrates."""
    if scenario.migration is not None:
        from .world import WorldEngine
        return WorldEngine(scenario, log)
    if scenario.technique_info.partitioned:
        from .partitioned import PartitionedEngine
        return PartitionedEngine(scenario, log)
    if scenario.technique_info.native:
        from .native import NativeEngine
        return NativeEngine(scenario, log)
    from .hosted import VmmEngine
    return VmmEngine(scenario, log)
