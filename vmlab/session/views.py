"""The read model's records: what a panel or a lesson can see of a session, as plain data.

Each is built fresh by the engine on request (vmlab/session/engine.py) and
never changes afterwards; nothing in it reaches back into the simulation.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from ..observe.vocabulary import GuestState


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
    state: GuestState
    pc: int
    regs: list[int]
    sr: dict[str, int]
    kernel_mode: bool
    vclock: int
    console: str
    base: int              # first host word of its memory
    size: int              # words of memory it sees
    program: object        # assembled Program (source map, labels)
    # Lifecycle: the commands it can be given now (GuestCommand values: pause, resume,
    # power-off, power-on; none natively), and one waiting for the VMM's next decision.
    commands: tuple[str, ...] = ()
    pending: str | None = None
    # kvm (docs/hypervisor-types.md, 5): a host process beside the virtual machines, a user
    # program of the host kernel (no kernel of its own, no VM exits).
    process: bool = False

    def load_address(self, address: int) -> int:
        """Where the guest's address lands in its own memory now (BASE applies in user mode)."""
        return address if self.kernel_mode else (self.sr["BASE"] + address) & 0xFFFF_FFFF


@dataclass(frozen=True)
class CpuView:
    """The physical CPU (the host's registers)."""

    regs: tuple[int, ...]
    pc: int
    sr: dict[str, int]
    kernel_mode: bool
    halted: str | None
    inflight: object            # the unit in flight when stepping by cycle, or None
    guest_mode: bool = False    # hardware assist: the CPU runs a guest in its guest mode


@dataclass(frozen=True)
class GuestCounters:
    exits: dict[str, int]       # VM exits by cause (none on the bare machine)
    traps: dict[str, int]       # traps its (virtual) CPU took, by cause
    emulations: int = 0
    reflections: int = 0
    injections: int = 0
    vmm_cycles: int = 0         # VMM cycles charged to it (spent on its behalf)
    instructions: int = 0


@dataclass(frozen=True)
class Counters:
    guests: dict[str, GuestCounters]
    exits_by_cause: dict[str, int] = field(default_factory=dict)
    world_switches: int = 0
    # What the technique reports of its own work, e.g. binary translation's
    # {"translation": {...}, "translation_cache": {...}, "callouts": {...}, "guests": {...}}.
    technique: dict = field(default_factory=dict)
    # Type 2 (hosted): transitions through the host OS kernel, up at each exit and down
    # before the entry that ends it (docs/hypervisor-types.md); 0 under type 1.
    host_transitions: int = 0
    # kvm: system calls the host kernel did for its processes (docs/hypervisor-types.md, 5).
    host_syscalls: int = 0

    @property
    def exits(self) -> int:
        return sum(self.exits_by_cause.values())


@dataclass(frozen=True)
class TranslatedBlock:
    """A block of guest kernel code the VMM has translated (binary translation), for the
    code view to show beside the original: the guest's own words (never rewritten), and
    the addresses where the translated code calls the VMM instead."""

    start: int                       # guest address of its first instruction
    words: tuple[int, ...]
    callouts: tuple[int, ...]        # sensitive instructions and indirect jumps
    successors: tuple[int, ...]      # where it continues (static targets), chained

    @property
    def end(self) -> int:
        return self.start + len(self.words)


@dataclass(frozen=True)
class MemoryMap:
    """Host memory as the memory panel shows it: owners, windows, save areas, the pc."""

    total: int                                  # words of physical memory
    spans: tuple[tuple[int, int, str], ...]     # (start, end, owner): "vmm", a guest, "free"
    windows: dict[str, tuple[int, int]]         # guest -> physical (base, limit) it sees now
    save_areas: dict[str, int]                  # guest -> address of its VCPU save area
    modes: dict[str, str]                       # guest -> "kernel" / "user"
    states: dict[str, str]                      # guest -> GuestState
    active: str | None                          # the guest whose code runs now
    physical_window: tuple[int, int] | None     # the CPU's BASE window in user mode
    cpu_kernel: bool
    halted: bool
    pc: int | None                              # physical address of the pc
    partitioned: bool                           # guests live in partitions of host memory
    save_area_words: int = 0
    save_layout: tuple[str, ...] = ()           # the name of each word of a save area
    # Hardware assist: each guest's control block in the VMM's memory (like a VMCS).
    control_blocks: dict[str, int] = field(default_factory=dict)   # guest -> address
    control_block_words: int = 0
    control_block_layout: tuple[str, ...] = ()  # the name of each word of a control block

    def owner_of(self, address: int) -> tuple[int, int, str] | None:
        starts = [s[0] for s in self.spans]
        i = bisect_right(starts, address) - 1
        if i >= 0 and self.spans[i][0] <= address < self.spans[i][1]:
            return self.spans[i]
        return None
