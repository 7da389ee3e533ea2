"""Reading a session's events with a cursor: every reader, one way.

    cursor = None
    ...
    events, cursor = session.events.read(cursor)   # what is new since, oldest first
    if restarted(old, cursor): forget what was built from earlier events

A cursor is the generation of the log and the next sequence number wanted.
The log's generation changes when time travel rewrites the past; a cursor
from another generation (or None) reads everything the bounded log still
holds, and the new cursor tells the reader, by its changed generation, to
start again.  Only final events come (`settled`): a VM exit the VMM is still
handling is read apart, from `exit_in_progress()`, as it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from ..observe.events import Event, EventLog, TrapTaken, VmExit


class Cursor(NamedTuple):
    generation: int
    seq: int          # the next event wanted


def is_trap_event(event: Event) -> bool:
    """A trap the bare machine took, or a VM exit: what the trap inspector lists."""
    return isinstance(event, (TrapTaken, VmExit))


def restarted(old: Cursor | None, new: Cursor) -> bool:
    """True if what was read with `old` no longer holds (first read, or the past changed)."""
    return old is None or old.generation != new.generation


class EventFeed:
    """A read-only view of a session's log (the only way panels and lessons read events)."""

    def __init__(self, log: EventLog, in_progress: Callable[[], Event | None]) -> None:
        self._log = log
        self._in_progress = in_progress

    def read(self, cursor: Cursor | None = None, *,
             unsettled: bool = False) -> tuple[list[Event], Cursor]:
        """Events since cursor, oldest first, and the cursor to read on from.

        unsettled: also what is not final yet, as it stands at this moment
        (the exit being handled and the events after it); the cursor still
        stops before them, so they come again, final, later.
        """
        log = self._log
        settled = log.settled
        if cursor is None or cursor.generation != log.generation:
            start = 0
        else:
            start = cursor.seq
        events = log.since(start, None if unsettled else settled)
        if unsettled:
            current = self._in_progress()
            if current is not None and current.seq >= start:
                at = next((i for i, e in enumerate(events) if e.seq > current.seq), len(events))
                events.insert(at, current)
        return events, Cursor(log.generation, max(start, settled))

    def exit_in_progress(self) -> Event | None:
        """The VM exit the VMM is handling now, as it stands (None natively or between exits)."""
        return self._in_progress()

    @property
    def first_seq(self) -> int:
        """The oldest event still held: a bounded reader forgets what is older."""
        return self._log.first_seq

    @property
    def generation(self) -> int:
        return self._log.generation

    @property
    def end(self) -> Cursor:
        """A cursor at the present: reading from it gives only what comes next."""
        return Cursor(self._log.generation, self._log.settled)

    def __len__(self) -> int:
        return len(self._log)
