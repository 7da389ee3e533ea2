"""Typed observation events and the bounded log that holds them.

The core records; the GUI, the trace exporter and the lessons read.  Events
are a log, not state: stepping back truncates the log by sequence number and
replay writes the same events again, because the simulation is deterministic.

Events never change once logged: every class here is a frozen, slotted
dataclass (a subclass elsewhere, such as a technique's own event, must be
``@dataclass(frozen=True, slots=True)`` too).  Something still happening is
not an event yet: a VM exit the VMM is handling is VMM state (see
vmlab.vmm.exits.ExitRecord); it *reserves* its sequence number when it happens, so
it keeps its place in the order, and is *filled* in when the handling ends.
Until then the log is settled only below the reserved number (``settled``):
readers take events from there down (vmlab.session.feed).
"""

from __future__ import annotations

import struct
from bisect import bisect_left
from collections import deque
from dataclasses import MISSING, dataclass, fields
from functools import lru_cache
from typing import ClassVar

from ..isa.spec import FAULT_CYCLES, SR_NAMES, TRAP_ENTRY_CYCLES
from .vocabulary import ExitAction, VmmStep

__all__ = ["Event", "EventLog", "fast_init", "EVENT_TYPES", "TrapTaken", "VmExit", "Emulation",
           "Reflection", "InterruptInjected", "WorldSwitch", "ConsoleOutput",
           "GuestStateChange", "instruction_text", "pack_snapshot", "snapshot_parts", "snapshot_sr",
           "state_view"]


@lru_cache(maxsize=4096)
def instruction_text(word: int | None, pc: int) -> str:
    """Disassembly for an event, computed only when someone looks."""
    if word is None:
        return "(no instruction fetched)"
    from ..asm.disasm import disassemble  # the assembler layer; loaded lazily
    return disassemble(word, pc)


# A VCPU snapshot (VCPU.snapshot; events' `before` and `after`) is packed into bytes:
# pc, r0..r15, the system registers in SR_NAMES order (32 bits each), then the virtual
# clock (64 bits).  The VMM takes two at every exit, so they are built in one C call,
# hold about 150 bytes instead of about 800 as tuples of ints, and, as bytes, are never
# scanned by the cyclic garbage collector.  Read them through these functions.
_SNAPSHOT = struct.Struct(f"<{1 + 16 + len(SR_NAMES)}IQ")
pack_snapshot = _SNAPSHOT.pack          # (pc, r0, ..., r15, sr0, ..., sr10, vclock)
_REGS, _SRS = slice(1, 17), slice(17, 17 + len(SR_NAMES))


def snapshot_parts(snapshot: bytes) -> tuple[int, tuple, tuple, int]:
    """(pc, registers, system registers in SR_NAMES order, virtual clock)."""
    values = _SNAPSHOT.unpack(snapshot)
    return values[0], values[_REGS], values[_SRS], values[-1]


def snapshot_sr(snapshot: bytes, number: int) -> int:
    """One system register (its number, as SR_NAMES orders them) of a snapshot."""
    return _SNAPSHOT.unpack_from(snapshot)[17 + number]


def state_view(snapshot: bytes | None) -> dict:
    """A VCPU snapshot (see VCPU.snapshot) as pc, regs, sr by name, vclock."""
    if not snapshot:
        return {}
    pc, regs, srs, vclock = snapshot_parts(snapshot)
    return {"pc": pc, "regs": list(regs), "sr": dict(zip(SR_NAMES, srs)), "vclock": vclock}


_SR_BASE = SR_NAMES.index("BASE")


def fast_init(cls):
    """Give a frozen, slotted event class a quicker __init__ (the VMM logs one per exit).

    The dataclass's own calls object.__setattr__ for each field; this one sets
    each slot through its descriptor, about twice as fast, with the same
    signature and defaults.  Frozenness is unchanged: only __init__ writes.
    """
    params, body, space = [], [], {}
    for f in fields(cls):
        if f.default is not MISSING:
            space[f"_d_{f.name}"] = f.default
            params.append(f"{f.name}=_d_{f.name}")
        else:
            params.append(f.name)
        space[f"_s_{f.name}"] = getattr(cls, f.name).__set__
        body.append(f"    _s_{f.name}(self, {f.name})")
    exec("def __init__(self, " + ", ".join(params) + "):\n" + "\n".join(body), space)
    init = space["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls


@fast_init
@dataclass(frozen=True, slots=True)
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
        if "word" in data and hasattr(type(self), "instruction"):
            data["instruction"] = self.instruction
        if "steps" in data:
            data["steps"] = [list(step) for step in data["steps"]]
        data["kind"] = self.kind
        return data


@fast_init
@dataclass(frozen=True, slots=True)
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

    # As a VM exit says them: what the hardware did, and for how long.
    @property
    def action(self) -> str:
        return ExitAction.TRAP_TO_KERNEL

    @property
    def steps(self) -> tuple[tuple[str, int], ...]:
        """The faulting instruction's cycle (not for an interrupt), then the trap entry."""
        entry = (VmmStep.TRAP_ENTRY, TRAP_ENTRY_CYCLES)
        return (entry,) if self.interrupt else ((VmmStep.FAULT, FAULT_CYCLES), entry)

    @property
    def cost(self) -> int:
        return sum(cycles for _, cycles in self.steps)

    @property
    def load_address(self) -> int:
        """Where the trapping instruction is in the machine's memory (BASE + pc in user mode)."""
        return self.pc if self.mode == "kernel" else (self.base + self.pc) & 0xFFFF_FFFF


@fast_init
@dataclass(frozen=True, slots=True)
class VmExit(Event):
    """The CPU left a guest for the VMM, and what the VMM did about it.

    Logged when the handling ends (at the next VM entry), in the place its
    sequence number reserved when the exit happened; while the VMM works the
    exit is vmlab.vmm.exits.ExitRecord, and a view of it (this class, `after`
    still None until the handling itself is done) is what readers see.
    `steps` are (kind, cycles) in order; `cost` is the VMM's cycles
    (hardware trap entry included).  `before`/`after` are VCPU snapshots
    (see state_view); `instruction` is disassembled on demand.
    """

    pc: int = 0
    word: int | None = None
    cause: str = ""
    tval: int = 0
    vmode: str = ""        # the guest's virtual mode when it exited
    action: str = ""       # emulate / reflect / preempt / route-input / crash
    steps: tuple = ()      # (kind, cycles) in order
    cost: int = 0
    before: bytes | None = None
    after: bytes | None = None
    interrupt: bool = False
    kind: ClassVar[str] = "vm-exit"

    @property
    def instruction(self) -> str:
        return "(interrupt)" if self.interrupt else instruction_text(self.word, self.pc)

    @property
    def load_address(self) -> int:
        """Where the exiting instruction is in the guest's memory (its BASE + pc in user mode)."""
        if self.vmode == "kernel" or not self.before:
            return self.pc
        return (snapshot_sr(self.before, _SR_BASE) + self.pc) & 0xFFFF_FFFF


@fast_init
@dataclass(frozen=True, slots=True)
class Emulation(Event):
    pc: int = 0
    word: int = 0
    before: bytes | None = None
    after: bytes | None = None
    cost: int = 0
    kind: ClassVar[str] = "emulation"

    @property
    def instruction(self) -> str:
        return instruction_text(self.word, self.pc)


@fast_init
@dataclass(frozen=True, slots=True)
class Reflection(Event):
    cause: str = ""
    tval: int = 0
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "reflection"


@fast_init
@dataclass(frozen=True, slots=True)
class InterruptInjected(Event):
    cause: str = ""
    epc: int = 0
    cost: int = 0
    kind: ClassVar[str] = "interrupt-injected"


@fast_init
@dataclass(frozen=True, slots=True)
class WorldSwitch(Event):
    from_guest: str | None = None
    to_guest: str | None = None
    cost: int = 0
    kind: ClassVar[str] = "world-switch"


@fast_init
@dataclass(frozen=True, slots=True)
class ConsoleOutput(Event):
    text: str = ""
    kind: ClassVar[str] = "console"


@fast_init
@dataclass(frozen=True, slots=True)
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

    One number at a time may be reserved (`reserve`) for an event still in
    the making, and filled in later (`fill`); events logged meanwhile follow
    it.  `settled` is the first number not final yet.  `generation` changes
    whenever truncation rewrites the past (stepping back), so a reader that
    kept a position knows to start again.

    The VMM's hottest path logs an event as a row (`record_row`): the event's
    class and its fields, positionally.  The event itself is built when someone
    first reads the log (every reader does through `events`, iteration or
    `since`), once; a run nobody reads meanwhile never pays for building
    them.  A row is the very event a reader sees: the same class, fields and
    number.
    """

    def __init__(self, maxlen: int = 50_000) -> None:
        self.maxlen = maxlen
        self._buf: deque = deque(maxlen=maxlen)   # events, and rows not built yet
        self._rows_from: int | None = None        # the oldest row's number, if any
        self.seq = 0                      # the next sequence number
        self.pending: int | None = None   # a reserved number not filled yet
        self.generation = 0

    @property
    def events(self) -> deque[Event]:
        """The events held, oldest first (rows built into events now)."""
        if self._rows_from is not None:
            self._build_rows()
        return self._buf

    def _build_rows(self) -> None:
        buf, first = self._buf, self._rows_from
        self._rows_from = None
        newer = []
        while buf and _seq_of(buf[-1]) >= first:
            newer.append(buf.pop())
        while newer:
            item = newer.pop()
            buf.append(item[0](*item[1:]) if type(item) is tuple else item)

    def add(self, cls: type[Event], cycle: int, guest: str | None, **fields) -> Event:
        event = cls(self.seq, cycle, guest, **fields)
        self.seq += 1
        self._buf.append(event)
        return event

    def record(self, event: Event) -> Event:
        """Append an event the caller built with the next sequence number (self.seq).

        (The hot path builds events positionally and calls this directly.)
        """
        if event.seq != self.seq:
            raise ValueError(f"event numbered {event.seq}, the log is at {self.seq}")
        self.seq += 1
        self._buf.append(event)
        return event

    def record_row(self, row: tuple) -> None:
        """Append an event as a row, (its class, self.seq, cycle, guest, its other fields
        positionally), built into the event when the log is first read."""
        seq = row[1]
        if seq != self.seq:
            raise ValueError(f"event numbered {seq}, the log is at {self.seq}")
        self.seq = seq + 1
        self._buf.append(row)
        if self._rows_from is None:
            self._rows_from = seq

    def reserve(self) -> int:
        """Take the next sequence number for an event that will be filled in later."""
        if self.pending is not None:
            raise RuntimeError(f"number {self.pending} is still reserved")
        seq = self.pending = self.seq
        self.seq += 1
        return seq

    def fill(self, event: Event) -> Event:
        """Log the event for the reserved number, in its place among those logged since."""
        if event.seq != self.pending:
            raise ValueError(f"event numbered {event.seq}, reserved {self.pending}")
        self.pending = None
        events = self._buf
        seq = event.seq
        # Those logged since the reservation are the newest, numbered on from it.
        later, held = self.seq - 1 - seq, len(events)
        if later == 0 or not events:
            events.append(event)
            return event
        if later > held:
            later = held
        if held < self.maxlen:
            # A deque rotates the short way round: inserting `later` from the end costs
            # `later` moves, not the whole buffer.
            events.insert(held - later, event)
            return event
        # Take the newer ones off the end and put them back after it (a deque inserts in
        # the middle by rotating the whole buffer).  A bounded buffer that is full lets
        # its oldest event fall out: the filled one itself if it is older than all.
        newer = [events.pop() for _ in range(later)]
        events.append(event)
        while newer:
            events.append(newer.pop())
        return event

    @property
    def settled(self) -> int:
        """Events numbered below this are final (a reserved number waits for its event)."""
        return self.seq if self.pending is None else self.pending

    @property
    def first_seq(self) -> int:
        """The sequence number of the oldest event still held (self.settled if none)."""
        first = _seq_of(self._buf[0]) if self._buf else self.settled
        return first if self.pending is None else min(first, self.pending)

    def lost_since(self, seq: int) -> int:
        """How many events numbered seq or later have already fallen out of the buffer."""
        return max(0, min(self.first_seq, self.seq) - seq)

    def since(self, seq: int, end: int | None = None) -> list[Event]:
        """Events numbered seq or later (and below end) that are still in the buffer."""
        events = self.events
        if not events or seq > events[-1].seq:
            return []
        start = 0 if seq <= events[0].seq else bisect_left(events, seq, key=_seq_of)
        out = [events[i] for i in range(start, len(events))]
        if end is not None and out and out[-1].seq >= end:
            out = out[:bisect_left(out, end, key=_seq_of)]
        return out

    def hold(self, seq: int) -> None:
        """Keep every event numbered seq or later until the next hold() or release().

        Events before seq are dropped again down to the usual bound, so a
        reader that holds from where it has read keeps only what it has not.
        """
        if self._buf.maxlen is not None:
            self._buf = deque(self._buf)        # unbounded while held
        events = self._buf
        while len(events) > self.maxlen and _seq_of(events[0]) < seq:
            events.popleft()

    def release(self) -> None:
        """Back to the bounded buffer: the newest maxlen events stay."""
        if self._buf.maxlen is None:
            self._buf = deque(self._buf, maxlen=self.maxlen)

    def truncate(self, seq: int) -> None:
        """Forget events from sequence number seq on (stepping back)."""
        changed = seq < self.seq
        events = self._buf
        while events and _seq_of(events[-1]) >= seq:
            events.pop()
            changed = True
        if self._rows_from is not None and self._rows_from >= seq:
            self._rows_from = None
        if self.pending is not None and self.pending >= seq:
            self.pending = None
        self.seq = seq
        if changed:
            self.generation += 1

    def get_state(self) -> dict:
        return {"seq": self.seq, "pending": self.pending}

    def set_state(self, state: dict) -> None:
        """Back to a saved moment: later events go, and a number reserved then is open again."""
        self.truncate(state["seq"])
        pending = state["pending"]
        if pending is not None:
            events = self._buf
            for i in range(len(events) - 1, -1, -1):
                at = _seq_of(events[i])
                if at < pending:
                    break
                if at == pending:     # filled after that moment: not yet, again
                    del events[i]
                    self.generation += 1
                    break
        self.pending = pending

    def __iter__(self):
        return iter(self.events)

    def __len__(self) -> int:
        return len(self._buf)


def _seq_of(event) -> int:
    """An event's number, or a row's (record_row): (class, seq, ...)."""
    return event[1] if type(event) is tuple else event.seq
