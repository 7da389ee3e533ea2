"""Cycle attribution: every physical cycle belongs to exactly one owner.

Owners ("buckets") are "<guest>.kernel", "<guest>.user", "vmm" and "idle".
Time is cut into segments; the open segment runs up to the current cycle, so
totals are exact at every cycle whatever the stepping mode.  Closed segments
also feed the GUI's timeline (bounded; numbered so stepping back can trim).
"""

from __future__ import annotations

from collections import deque

__all__ = ["Attribution", "BUCKET_IDLE", "BUCKET_VMM", "TIMELINE_MAX", "guest_buckets"]

BUCKET_VMM = "vmm"
BUCKET_IDLE = "idle"
TIMELINE_MAX = 200_000


def guest_buckets(name: str) -> tuple[str, str]:
    return f"{name}.kernel", f"{name}.user"


class Attribution:
    def __init__(self, buckets: list[str], start_cycle: int, first_bucket: str) -> None:
        self.closed = {b: 0 for b in buckets}
        self.seg_start, self.seg_bucket = start_cycle, first_bucket
        self.timeline: deque[tuple[int, int, int, str]] = deque(maxlen=TIMELINE_MAX)
        self.count = 0

    def switch(self, at: int, bucket: str) -> None:
        """Close the open segment at `at` and open one for `bucket`."""
        if at > self.seg_start:
            self.closed[self.seg_bucket] += at - self.seg_start
            self.timeline.append((self.count, self.seg_start, at, self.seg_bucket))
            self.count += 1
        self.seg_start, self.seg_bucket = at, bucket

    def totals(self, now: int) -> dict[str, int]:
        totals = dict(self.closed)
        totals[self.seg_bucket] += max(0, now - self.seg_start)
        return totals

    def segments(self, now: int) -> list[tuple[int, int, str]]:
        """Closed segments still in the buffer plus the open one, as (start, end, bucket)."""
        out = [(s, e, b) for _, s, e, b in self.timeline]
        if now > self.seg_start:
            out.append((self.seg_start, now, self.seg_bucket))
        return out

    def get_state(self) -> dict:
        return {"closed": dict(self.closed), "seg": [self.seg_start, self.seg_bucket],
                "count": self.count}

    def set_state(self, state: dict) -> None:
        self.closed = dict(state["closed"])
        self.seg_start, self.seg_bucket = state["seg"]
        self.count = state["count"]
        while self.timeline and self.timeline[-1][0] >= self.count:
            self.timeline.pop()
