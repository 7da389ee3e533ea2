"""Typed observation events and the bounded log that holds them.

The core records; the GUI, the trace exporter and the lessons read.  Events
are a log, not state: stepping back truncates the log by sequence number and
replay writes the same events again, because the simulation is deterministic.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import ClassVar

from ..isa.spec import SR_NAMES


@lru_cache(maxsize=4096)
def instruction_text(word: int | None, pc: int) -> str:
    """Disassembly for an event, computed only when someone looks."""
    if word is None:
        return "(no instruction fetched)"
    from ..asm.disasm import disassemble  # the assembler layer; loaded lazily
    return disassemble(word, pc)


def state_view(snapshot: tuple | None) -> dict:
    """A VCPU snapshot tuple (see VCPU.snapshot) as pc, regs, sr by name, vclock."""
    if not snapshot:
        return {}
    pc, regs, srs, vclock = snapshot
    return {"pc": pc, "regs": list(regs), "sr": dict(zip(SR_NAMES, srs)), "vclock": vclock}


@dataclass(slots=True)
class Event:
    seq: int
    cycle: int
    guest: str | None
    kind: ClassVar[str] = "event"

    def to_dict(self) -> dict:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for key in ("before", "after"):
            if key in data:
                data[key] = state_view(data[key])
        if "word" in data:
            data["instruction"] = self.instruction
        if "steps" in data:
            data["steps"] = [list(step) for step in data["steps"]]
        data["kind"] = self.kind
        return data


@dataclass(slots=True)
class TrapTaken(Event):
    """The hardware took a trap (native sessions; under a VMM see VmExit)."""

    pc: int = 0
    word: int | None = None
    cause: str = ""
    tval: int = 0
    mode: str = ""         # mode the CPU was in when it trapped
    interrupt: bool = False
    base: int = 0          # BASE when it trapped: pc + base is the load address in user mode
    kind: ClassVar[str] = "trap"

    @property
    def instruction(self) -> str:
        return "(interrupt)" if self.interrupt else instruction_text(self.word, self.pc)


@dataclass(slots=True)
class VmExit(Event):
    """The CPU left a guest for the VMM, and what the VMM did about it.

    `steps` and `after` fill in as the VMM works; `cost` is the VMM's cycles
    (hardware trap entry included).  `before`/`after` are VCPU snapshots
    (see state_view); `instruction` is disassembled on demand.
    """

    pc: int = 0
    word: int | None = None
    cause: str = ""
    tval: int = 0
    vmode: str = ""        # the guest's virtual mode when it exited
    action: str = ""       # emulate / reflect / preempt / route-input / crash
    steps: list = field(default_factory=list)   # [kind, cycles] in order
    cost: int = 0
    before: tuple | None = None
    after: tuple | None = None
    interrupt: bool = False
    kind: ClassVar[str] = "vm-exit"

    @property
    def instruction(self) -> str:
        return "(interrupt)" if self.interrupt else instruction_text(self.word, self.pc)


@dataclass(slots=True)
class Emulation(Event):
    pc: int = 0
    word: int = 0
    before: tuple | None = None
    after: tuple | None = None
    cost: int = 0
    kind: ClassVar[str] = "emulation"

    @property
    def instruction(self) -> str:
        return instruction_text(self.word, self.pc)


@dataclass(slots=True)
class Reflection(Event):
    cause: str = ""
    tval: int = 0
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "reflection"


@dataclass(slots=True)
class InterruptInjected(Event):
    cause: str = ""
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "interrupt-injected"


@dataclass(slots=True)
class WorldSwitch(Event):
    from_guest: str | None = None
    to_guest: str | None = None
    cost: int = 0
    kind: ClassVar[str] = "world-switch"


@dataclass(slots=True)
class ConsoleOutput(Event):
    text: str = ""
    kind: ClassVar[str] = "console"


@dataclass(slots=True)
class GuestStateChange(Event):
    old: str = ""
    new: str = ""
    reason: str = ""
    kind: ClassVar[str] = "guest-state"


EVENT_TYPES = {cls.kind: cls for cls in (TrapTaken, VmExit, Emulation, Reflection,
                                         InterruptInjected, WorldSwitch, ConsoleOutput,
                                         GuestStateChange)}


class EventLog:
    """A bounded, append-only log with sequence numbers.

    The buffer keeps the newest `maxlen` events; older ones fall out, and
    `lost_since(seq)` tells a reader how many of those it wanted.  A reader
    that must see every event (the trace exporter) calls `hold(seq)`: from
    then on nothing from `seq` on falls out, however many events a run
    slice produces, until it reads them and holds again from further on, or
    calls `release()`.
    """

    def __init__(self, maxlen: int = 50_000) -> None:
        self.maxlen = maxlen
        self.events: deque[Event] = deque(maxlen=maxlen)
        self.seq = 0

    def add(self, cls: type[Event], cycle: int, guest: str | None, **fields) -> Event:
        return self.record(cls(self.seq, cycle, guest, **fields))

    def record(self, event: Event) -> Event:
        """Append an event built by the caller; it gets the next sequence number.

        (The hot path builds events positionally and calls this directly.)
        """
        event.seq = self.seq
        self.seq += 1
        self.events.append(event)
        return event

    @property
    def first_seq(self) -> int:
        """The sequence number of the oldest event still held (self.seq if none)."""
        return self.events[0].seq if self.events else self.seq

    def lost_since(self, seq: int) -> int:
        """How many events numbered seq or later have already fallen out of the buffer."""
        return max(0, min(self.first_seq, self.seq) - seq)

    def since(self, seq: int) -> list[Event]:
        """Events with sequence number >= seq that are still in the buffer."""
        if not self.events or seq > self.events[-1].seq:
            return []
        first = self.events[0].seq
        start = max(0, seq - first)
        return [self.events[i] for i in range(start, len(self.events))]

    def hold(self, seq: int) -> None:
        """Keep every event numbered seq or later until the next hold() or release().

        Events before seq are dropped again down to the usual bound, so a
        reader that holds from where it has read keeps only what it has not.
        """
        if self.events.maxlen is not None:
            self.events = deque(self.events)        # unbounded while held
        events = self.events
        while len(events) > self.maxlen and events[0].seq < seq:
            events.popleft()

    def release(self) -> None:
        """Back to the bounded buffer: the newest maxlen events stay."""
        if self.events.maxlen is None:
            self.events = deque(self.events, maxlen=self.maxlen)

    def truncate(self, seq: int) -> None:
        """Forget events from sequence number seq on (stepping back)."""
        while self.events and self.events[-1].seq >= seq:
            self.events.pop()
        self.seq = seq

    def __iter__(self):
        return iter(self.events)

    def __len__(self) -> int:
        return len(self.events)
