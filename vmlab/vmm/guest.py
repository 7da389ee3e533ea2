"""A guest: its configuration, its partition of host memory and its VCPU."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..isa.spec import STATUS_KMODE
from ..observe.accounting import guest_buckets
from ..observe.vocabulary import GuestState
from .vcpu import VCPU

# Guest states shown to the student: the vocabulary is GuestState; a guest holds the plain
# string (the same word), which the VMM compares on its hot path at full speed.
READY, RUNNING, WAITING, HALTED, STALLED, CRASHED, PAUSED, POWERED_OFF = (
    state.value for state in (
        GuestState.READY, GuestState.RUNNING, GuestState.WAITING, GuestState.HALTED,
        GuestState.STALLED, GuestState.CRASHED, GuestState.PAUSED, GuestState.POWERED_OFF))


class LifecycleError(ValueError):
    """A guest command (pause, resume, power off, power on) that cannot be done now: the
    message says why (an unknown guest, a guest in the wrong state, no VMM)."""


@dataclass
class GuestSpec:
    """What a scenario says about one guest."""

    name: str
    image: dict[int, int]          # guest-physical address -> word
    entry: int = 0
    memory_words: int = 16_384     # the RAM this guest sees
    share: int = 1                 # CPU weight: slices of `share` quanta
    console_input: str = ""
    program: object = None         # the assembled Program (source map, labels), if any
    disk: list[int] | None = None  # its virtual disk's words (a copy of its image), if any
    machine_id: int | None = None  # its identity device's machine id (None: no such device)
    clone_of: str | None = None    # a slot for a clone of that guest: it starts powered off
    process: bool = False          # kvm: a host process beside the guests (vmm/host_os.py),
                                   # a user program of the host kernel, not a virtual machine


@dataclass
class Guest:
    spec: GuestSpec
    index: int
    base: int                      # first host word of the partition
    vcpu: VCPU = field(default_factory=VCPU)
    state: str = READY             # a GuestState's value
    wake_at: int | None = None     # physical cycle a waiting guest becomes ready
    wfi_start: int = 0             # physical cycle its WFI began
    wfi_vclock: int = 0            # virtual clock when its WFI began
    fresh_handler: bool = False    # a virtual trap entry happened, no instruction ran since
    exits: dict[str, int] = field(default_factory=dict)
    emulations: int = 0
    reflections: int = 0
    injections: int = 0
    vmm_cycles: int = 0            # VMM cycles charged to it (steps completed; see VMM.charged)
    debt: int = 0                  # cycles already used from its next slice (an overrun)
    # Lifecycle (VMM.command_guest): a command waiting for the VMM's next decision point
    # (the guest is on the CPU or its exit is being handled); while PAUSED, the state it
    # was paused from (READY or WAITING) and the physical cycle it was paused at.
    request: str | None = None     # a GuestCommand's value
    paused_from: str | None = None
    paused_at: int = 0

    @property
    def runnable(self) -> bool:
        return self.state in (READY, RUNNING)

    # Copied from the spec once: read several times at every exit, where a property's
    # call showed in profiles (the spec does not change while the guest exists).
    name: str = field(init=False)
    size: int = field(init=False)      # its memory in words
    process: bool = field(init=False)  # kvm: a host process (GuestSpec.process)

    def __post_init__(self) -> None:
        self.name, self.size = self.spec.name, self.spec.memory_words
        self.process = self.spec.process
        # Its cycle-attribution buckets, named once (asked for at every VM entry).
        self.kernel_bucket, self.user_bucket = guest_buckets(self.spec.name)

    def bucket(self) -> str:
        """Cycle-attribution bucket for the guest's current virtual mode."""
        return self.kernel_bucket if self.vcpu.status & STATUS_KMODE else self.user_bucket

    _PLAIN = ("state", "wake_at", "wfi_start", "wfi_vclock", "fresh_handler", "emulations",
              "reflections", "injections", "vmm_cycles", "debt",
              "request", "paused_from", "paused_at")

    def get_state(self) -> dict:
        state = {key: getattr(self, key) for key in self._PLAIN}
        state["exits"] = dict(self.exits)
        state["vcpu"] = self.vcpu.get_cpu_state()
        return state

    def set_state(self, state: dict) -> None:
        for key in self._PLAIN:
            setattr(self, key, state[key])
        self.state = GuestState(self.state).value
        self.exits = dict(state["exits"])
        self.vcpu.set_cpu_state(state["vcpu"])
