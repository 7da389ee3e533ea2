"""Checkpoints for time travel: full state snapshots taken every so often.

Stepping back restores the newest checkpoint at or before the target and
replays forward; the simulation is deterministic, so replay reproduces the
same states and events.  Checkpoints near the present are dense; older ones
are thinned so memory stays bounded over arbitrarily long runs.
"""

from __future__ import annotations

import bisect


class History:
    def __init__(self, interval: int = 20_000, dense: int = 60, max_count: int = 120) -> None:
        self.interval = interval
        self.dense = dense          # newest checkpoints kept at full density
        self.max_count = max_count
        self.cycles: list[int] = []
        self.states: list[dict] = []

    @property
    def next_due(self) -> int:
        return (self.cycles[-1] + self.interval) if self.cycles else 0

    def record(self, cycle: int, state: dict) -> None:
        if self.cycles and cycle <= self.cycles[-1]:
            self.drop_after(cycle - 1)
        self.cycles.append(cycle)
        self.states.append(state)
        if len(self.cycles) > self.max_count:
            self._thin()

    def _thin(self) -> None:
        """Drop every other checkpoint among the old ones (never the first)."""
        old = len(self.cycles) - self.dense
        keep = [i for i in range(len(self.cycles)) if i == 0 or i >= old or i % 2 == 0]
        self.cycles = [self.cycles[i] for i in keep]
        self.states = [self.states[i] for i in keep]

    def at_or_before(self, cycle: int) -> tuple[int, dict]:
        i = bisect.bisect_right(self.cycles, cycle) - 1
        if i < 0:
            raise ValueError(f"no checkpoint at or before cycle {cycle}")
        return self.cycles[i], self.states[i]

    def drop_after(self, cycle: int) -> None:
        i = bisect.bisect_right(self.cycles, cycle)
        del self.cycles[i:]
        del self.states[i:]
