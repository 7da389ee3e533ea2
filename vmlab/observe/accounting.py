"""Cycle attribution: every physical cycle belongs to exactly one owner.

Owners ("buckets") are "<guest>.kernel", "<guest>.user", "vmm" and "idle" (and "host",
the host OS kernel, under a type 2 VMM).
Time is cut into segments; the open segment runs up to the current cycle, so
totals are exact at every cycle whatever the stepping mode.  Closed segments
also feed the GUI's timeline (bounded; numbered so stepping back can trim).

The timeline is kept compactly: one 64-bit word per closed segment, its end
cycle and its bucket's index (`end << KIND_BITS | index`), in an array.  A
segment starts where the one before it ended (the oldest kept, and any that
does not, have their start noted apart), so TIMELINE_MAX segments take under
2 MB (an eighth more is stored before the oldest are cut) and no Python
object each.  `Attribution.timeline` reads them back as (number, start, end,
bucket) tuples, oldest first, as the deque of tuples it replaces did.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterator

__all__ = ["Attribution", "BUCKET_HOST", "BUCKET_IDLE", "BUCKET_VMM", "TIMELINE_MAX",
           "Timeline", "guest_buckets"]

BUCKET_VMM = "vmm"
BUCKET_IDLE = "idle"
BUCKET_HOST = "host"            # type 2 only: the host OS kernel's part of each exit
TIMELINE_MAX = 200_000          # closed segments the timeline holds (the newest)
KIND_BITS = 8                   # a segment's word: end << KIND_BITS | bucket index
_KIND_MASK = (1 << KIND_BITS) - 1


def guest_buckets(name: str) -> tuple[str, str]:
    return f"{name}.kernel", f"{name}.user"


class Attribution:
    def __init__(self, buckets: list[str], start_cycle: int, first_bucket: str, *,
                 keep: int = TIMELINE_MAX) -> None:
        if len(buckets) > 1 << KIND_BITS:
            raise ValueError(f"at most {1 << KIND_BITS} buckets, not {len(buckets)}")
        self._names = list(buckets)                       # index -> bucket
        self._kinds = {b: i for i, b in enumerate(buckets)}  # bucket -> index
        self._closed = [0] * len(buckets)                 # cycles of closed segments
        self.seg_start, self.seg_bucket = start_cycle, first_bucket
        self.count = 0              # closed segments so far (the next one's number)
        # Closed segments numbered count - len(_cells) .. count - 1, one word each.
        self._cells = array("q")
        # Starts not implied by the segment before: the oldest stored, the open one
        # when nothing is stored, any that began before its predecessor ended.
        self._starts: dict[int, int] = {0: start_cycle}
        self.keep = keep            # closed segments the timeline holds (the newest)
        self._slack = max(1, keep // 8)   # stored beyond `keep` before the oldest are cut
        self._trim_at = keep + self._slack
        self.timeline = Timeline(self)

    @property
    def closed(self) -> dict[str, int]:
        """Cycles of the closed segments, by bucket."""
        return dict(zip(self._names, self._closed))

    def switch(self, at: int, bucket: str) -> None:
        """Close the open segment at `at` and open one for `bucket`."""
        start = self.seg_start
        if at > start:
            kind = self._kinds[self.seg_bucket]
            self._closed[kind] += at - start
            self._cells.append((at << KIND_BITS) + kind)
            self.count += 1
            if self.count >= self._trim_at:
                self._trim()
        elif at < start:            # never seen: a segment opened before the last ended
            self._starts[self.count] = at
        self.seg_start, self.seg_bucket = at, bucket

    def totals(self, now: int) -> dict[str, int]:
        totals = dict(zip(self._names, self._closed))
        totals[self.seg_bucket] += max(0, now - self.seg_start)
        return totals

    def segments(self, now: int) -> list[tuple[int, int, str]]:
        """Closed segments still in the buffer plus the open one, as (start, end, bucket)."""
        out = self.timeline.segments()
        if now > self.seg_start:
            out.append((self.seg_start, now, self.seg_bucket))
        return out

    def get_state(self) -> dict:
        return {"closed": self.closed, "seg": [self.seg_start, self.seg_bucket],
                "count": self.count}

    def set_state(self, state: dict) -> None:
        closed = state["closed"]
        self._closed = [closed[b] for b in self._names]
        self.seg_start, self.seg_bucket = state["seg"]
        count = state["count"]
        kept = count - (self.count - len(self._cells))      # of the stored segments
        if 0 <= kept <= len(self._cells):
            del self._cells[kept:]
        else:                       # before the oldest stored, or not ours: start afresh
            self._cells = array("q")
        self.count = count
        first = count - len(self._cells)
        self._starts = {n: s for n, s in self._starts.items() if first <= n < count}
        if not self._cells:
            self._starts[count] = self.seg_start
        elif self.seg_start != self._cells[-1] >> KIND_BITS:
            self._starts[count] = self.seg_start
        self._trim_at = count + self.keep + self._slack - len(self._cells)

    def _trim(self) -> None:
        """Forget the oldest stored segments beyond `keep`."""
        cells = self._cells
        cut = len(cells) - self.keep
        first = self.count - len(cells) + cut              # the new oldest's number
        if first not in self._starts:
            self._starts[first] = cells[cut - 1] >> KIND_BITS
        del cells[:cut]
        self._starts = {n: s for n, s in self._starts.items() if n >= first}
        self._trim_at = self.count + self._slack

    def nbytes(self) -> int:
        """Bytes the timeline's storage holds."""
        return sys.getsizeof(self._cells) + sys.getsizeof(self._starts)


class Timeline:
    """The newest closed segments (at most the attribution's `keep`, TIMELINE_MAX by
    default), oldest first, read as (number, start, end, bucket) tuples built when
    read.  Numbers are consecutive and survive stepping back (the segments after the
    restored moment are dropped)."""

    def __init__(self, attribution: Attribution) -> None:
        self._a = attribution

    @property
    def maxlen(self) -> int:
        return self._a.keep

    def __len__(self) -> int:
        return min(len(self._a._cells), self._a.keep)

    def __bool__(self) -> bool:
        return bool(self._a._cells)

    @property
    def first(self) -> int:
        """The oldest segment's number (== the attribution's count when empty)."""
        return self._a.count - len(self)

    def _rows(self, lo: int, hi: int) -> tuple[int, list[int], list[int], list[str]]:
        """Positions lo..hi-1 of the storage (not of the view) as columns: the first's
        number, then starts, ends and buckets."""
        a = self._a
        cells = a._cells
        first = a.count - len(cells) + lo
        words = cells[lo:hi]
        ends = [w >> KIND_BITS for w in words]
        starts = [cells[lo - 1] >> KIND_BITS if lo else 0] + ends[:-1] if words else []
        for number, start in a._starts.items():
            if first <= number < first + len(words):
                starts[number - first] = start
        names = a._names
        return first, starts, ends, [names[w & _KIND_MASK] for w in words]

    def __getitem__(self, index: int) -> tuple[int, int, int, str]:
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError("timeline index out of range")
        at = len(self._a._cells) - n + index
        first, starts, ends, buckets = self._rows(at, at + 1)
        return first, starts[0], ends[0], buckets[0]

    def columns(self) -> tuple[range, list[int], list[int], list[str]]:
        """The segments as four columns, oldest first: numbers, starts, ends, buckets."""
        stored = len(self._a._cells)
        first, starts, ends, buckets = self._rows(stored - len(self), stored)
        return range(first, first + len(ends)), starts, ends, buckets

    def segments(self) -> list[tuple[int, int, str]]:
        """The segments as (start, end, bucket), oldest first (quicker than iterating
        when the numbers are not needed: the newest is numbered count - 1)."""
        return list(zip(*self.columns()[1:]))

    def __iter__(self) -> Iterator[tuple[int, int, int, str]]:
        return zip(*self.columns())

    def __reversed__(self) -> Iterator[tuple[int, int, int, str]]:
        """Newest first, read in growing chunks from the end (a reader that wants only
        the newest few stops early and pays for little more)."""
        hi = len(self._a._cells)
        oldest, size = hi - len(self), 64
        while hi > oldest:
            lo = max(oldest, hi - size)
            first, starts, ends, buckets = self._rows(lo, hi)
            for k in range(hi - lo - 1, -1, -1):
                yield first + k, starts[k], ends[k], buckets[k]
            hi, size = lo, size * 4
