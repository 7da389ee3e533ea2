"""Checkpoints for time travel: full state snapshots taken every so often.

Stepping back restores the newest checkpoint at or before the target and
replays forward; the simulation is deterministic, so replay reproduces the
same states and events.  Checkpoints near the present are dense; older ones
are thinned so memory stays bounded over arbitrarily long runs.

A checkpoint is stored compactly (`Checkpoint`): the machine's memory, by far
the biggest part of a state, is cut into pages of PAGE_WORDS words kept as
arrays of 32-bit words, and a page equal to the one at the same place in the
previous checkpoint is not copied but shared with it (all-zero pages share one
array).  The rest of the state is kept as one `marshal` blob (plain data only:
it can hold nothing that runs code; made and read by this process, never
written to a file).  So a checkpoint costs a few
kilobytes plus the pages written since the one before, and holds no Python
objects the garbage collector has to walk.  `at_or_before` gives the state back
as the plain data `_capture` made (the memory a list of ints again), a fresh
copy each time.
"""

from __future__ import annotations

import bisect
import marshal
import sys
from array import array
from dataclasses import dataclass

__all__ = ["Checkpoint", "History", "MEM_PATH", "PAGE_WORDS"]

PAGE_WORDS = 1024                       # words per memory page of a checkpoint
MEM_PATH = ("engine", "machine", "mem")  # where the memory sits in a captured state
_WORD = "I" if array("I").itemsize == 4 else "L"   # 32-bit words (VL32)
_ZERO_LIST = [0] * PAGE_WORDS
_ZERO_PAGE = array(_WORD, _ZERO_LIST)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """One captured state, compact: memory pages (shared where unchanged) and the rest."""

    pages: tuple                 # arrays of words (a list only for a word out of range)
    rest: bytes | dict           # the state without its memory: a marshal blob (a dict
    #                              only if something in it is not plain data)

    def nbytes(self, seen: set[int] | None = None) -> int:
        """Bytes this checkpoint holds; pages whose id is in `seen` are not counted
        again (pass one set over several checkpoints to count shared pages once)."""
        total = sys.getsizeof(self.pages) + (sys.getsizeof(self.rest)
                                             if isinstance(self.rest, bytes) else 0)
        for page in self.pages:
            if seen is not None:
                if id(page) in seen:
                    continue
                seen.add(id(page))
            total += sys.getsizeof(page)
        return total


class History:
    def __init__(self, interval: int = 20_000, dense: int = 60, max_count: int = 120) -> None:
        self.interval = interval
        self.dense = dense          # newest checkpoints kept at full density
        self.max_count = max_count
        self.cycles: list[int] = []
        self.states: list[Checkpoint | dict] = []   # compact; a dict if it has no memory
        # The pages of the last recorded memory, as lists and as the arrays stored for
        # them: a page equal to its list is shared, not copied again.
        self._last: list[tuple[list, array | list]] = []

    @property
    def next_due(self) -> int:
        return (self.cycles[-1] + self.interval) if self.cycles else 0

    def record(self, cycle: int, state: dict) -> None:
        if self.cycles and cycle <= self.cycles[-1]:
            self.drop_after(cycle - 1)
        self.cycles.append(cycle)
        self.states.append(self._pack(state))
        if len(self.cycles) > self.max_count:
            self._thin()

    def _thin(self) -> None:
        """Drop every other checkpoint among the old ones (never the first)."""
        old = len(self.cycles) - self.dense
        keep = [i for i in range(len(self.cycles)) if i == 0 or i >= old or i % 2 == 0]
        self.cycles = [self.cycles[i] for i in keep]
        self.states = [self.states[i] for i in keep]

    def at_or_before(self, cycle: int) -> tuple[int, dict]:
        """The newest checkpoint at or before `cycle`, as plain data (a fresh copy)."""
        i = bisect.bisect_right(self.cycles, cycle) - 1
        if i < 0:
            raise ValueError(f"no checkpoint at or before cycle {cycle}")
        return self.cycles[i], self._unpack(self.states[i])

    def drop_after(self, cycle: int) -> None:
        i = bisect.bisect_right(self.cycles, cycle)
        del self.cycles[i:]
        del self.states[i:]

    def nbytes(self) -> int:
        """Bytes the stored checkpoints hold (shared pages counted once)."""
        seen: set[int] = set()
        return sum(s.nbytes(seen) for s in self.states if isinstance(s, Checkpoint))

    # ------------------------------------------------------------------ compact form
    def _pack(self, state: dict) -> Checkpoint | dict:
        engine, machine, mem = _find_memory(state)
        if mem is None:
            return state
        last, fresh = self._last, []
        pages = []
        for k, at in enumerate(range(0, len(mem), PAGE_WORDS)):
            words = mem[at:at + PAGE_WORDS]
            if k < len(last) and words == last[k][0]:
                page = last[k][1]
            elif words == _ZERO_LIST:
                page = _ZERO_PAGE
            else:
                try:
                    page = array(_WORD, words)
                except OverflowError:       # not a 32-bit word: keep the ints as they are
                    page = words
            pages.append(page)
            fresh.append((words, page))
        self._last = fresh
        rest = {**state, MEM_PATH[0]: {**engine, MEM_PATH[1]: {**machine, MEM_PATH[2]: None}}}
        try:
            blob = marshal.dumps(rest)
        except ValueError:                  # not plain data (a subclass...): keep it as it is
            blob = rest
        return Checkpoint(tuple(pages), blob)

    @staticmethod
    def _unpack(stored: Checkpoint | dict) -> dict:
        if not isinstance(stored, Checkpoint):
            return stored
        state = marshal.loads(stored.rest) if isinstance(stored.rest, bytes) else {
            **stored.rest, MEM_PATH[0]: {**stored.rest[MEM_PATH[0]], MEM_PATH[1]: dict(
                stored.rest[MEM_PATH[0]][MEM_PATH[1]])}}
        mem: list[int] = []
        for page in stored.pages:
            mem += page
        state[MEM_PATH[0]][MEM_PATH[1]][MEM_PATH[2]] = mem
        return state


def _find_memory(state: dict) -> tuple[dict, dict, list | None]:
    """(engine state, machine state, memory list) of a captured state; memory None if
    the state has none where _capture puts it."""
    engine = state.get(MEM_PATH[0])
    machine = engine.get(MEM_PATH[1]) if isinstance(engine, dict) else None
    mem = machine.get(MEM_PATH[2]) if isinstance(machine, dict) else None
    return engine, machine, (mem if isinstance(mem, list) else None)
