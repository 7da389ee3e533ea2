"""Typed observation events and the bounded log that holds them.

The core records; the GUI, the trace exporter and the lessons read.  Events
are a log, not state: stepping back truncates the log by sequence number and
replay writes the same events again, because the simulation is deterministic.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict, dataclass, field
from typing import ClassVar


@dataclass
class Event:
    seq: int
    cycle: int
    guest: str | None
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict:
        data = asdict(self)
        data["kind"] = self.kind
        return data


@dataclass
class TrapTaken(Event):
    """The hardware took a trap (native sessions; under a VMM see VmExit)."""

    pc: int = 0
    word: int | None = None
    instruction: str = ""
    cause: str = ""
    tval: int = 0
    mode: str = ""         # mode the CPU was in when it trapped
    kind: ClassVar[str] = "trap"


@dataclass
class VmExit(Event):
    """The CPU left a guest for the VMM, and what the VMM did about it.

    `steps` and `after` fill in as the VMM works; `cost` is the VMM's cycles
    (hardware trap entry included).
    """

    pc: int = 0
    word: int | None = None
    instruction: str = ""
    cause: str = ""
    tval: int = 0
    vmode: str = ""        # the guest's virtual mode when it exited
    action: str = ""       # emulate / reflect / preempt / route-input / crash
    steps: list = field(default_factory=list)   # [label, cycles] in order
    cost: int = 0
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    kind: ClassVar[str] = "vm-exit"


@dataclass
class Emulation(Event):
    pc: int = 0
    instruction: str = ""
    before: dict = field(default_factory=dict)
    after: dict = field(default_factory=dict)
    cost: int = 0
    kind: ClassVar[str] = "emulation"


@dataclass
class Reflection(Event):
    cause: str = ""
    tval: int = 0
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "reflection"


@dataclass
class InterruptInjected(Event):
    cause: str = ""
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "interrupt-injected"


@dataclass
class WorldSwitch(Event):
    from_guest: str | None = None
    to_guest: str | None = None
    cost: int = 0
    kind: ClassVar[str] = "world-switch"


@dataclass
class ConsoleOutput(Event):
    text: str = ""
    kind: ClassVar[str] = "console"


@dataclass
class GuestStateChange(Event):
    old: str = ""
    new: str = ""
    reason: str = ""
    kind: ClassVar[str] = "guest-state"


EVENT_TYPES = {cls.kind: cls for cls in (TrapTaken, VmExit, Emulation, Reflection,
                                         InterruptInjected, WorldSwitch, ConsoleOutput,
                                         GuestStateChange)}


class EventLog:
    """A bounded, append-only log with sequence numbers."""

    def __init__(self, maxlen: int = 50_000) -> None:
        self.events: deque[Event] = deque(maxlen=maxlen)
        self.seq = 0

    def add(self, cls: type[Event], cycle: int, guest: str | None, **fields) -> Event:
        event = cls(seq=self.seq, cycle=cycle, guest=guest, **fields)
        self.seq += 1
        self.events.append(event)
        return event

    def since(self, seq: int) -> list[Event]:
        """Events with sequence number >= seq that are still in the buffer."""
        if not self.events or seq > self.events[-1].seq:
            return []
        first = self.events[0].seq
        start = max(0, seq - first)
        return [self.events[i] for i in range(start, len(self.events))]

    def truncate(self, seq: int) -> None:
        """Forget events from sequence number seq on (stepping back)."""
        while self.events and self.events[-1].seq >= seq:
            self.events.pop()
        self.seq = seq

    def __iter__(self):
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
