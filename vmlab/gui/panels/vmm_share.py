"""The VMM's share of the machine's time, over the last cycles: what the layer
diagram's share strip shows (plain Python, no Qt).

It reads the session's cycle attribution through its read API (the open
segment and the timeline's newest segments), newest first, and stops at the
window's start: a refresh costs the segments of one window, never the whole
run.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...observe.accounting import BUCKET_VMM

# Windows offered, in cycles: the one used is about WINDOW_SECONDS of run at the
# window's speed (so the strip moves at a readable pace), the largest at maximum speed.
WINDOWS = (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
WINDOW_SECONDS = 10


def share_window(speed: int) -> int:
    """The cycles the share is taken over at a speed (cycles/s; 0 is the maximum)."""
    if speed <= 0:
        return WINDOWS[-1]
    wanted = speed * WINDOW_SECONDS
    return next((w for w in WINDOWS if w >= wanted), WINDOWS[-1])


@dataclass(frozen=True)
class VmmShare:
    """The VMM's cycles over the window [start, end) and, strip by strip, over bins of it."""

    start: int
    end: int
    vmm_cycles: int              # cycles the VMM had in [start, end)
    window: int                  # the window asked for (end - start is less early on)
    bins: tuple                  # (vmm fraction, the bucket that had most of the bin) each,
    #                              oldest first; a bin not reached yet is (None, None)

    @property
    def cycles(self) -> int:
        return self.end - self.start

    @property
    def fraction(self) -> float:
        return self.vmm_cycles / self.cycles if self.cycles > 0 else 0.0


def _segments_newest_first(attribution, now: int):
    """(start, end, bucket) from the open segment back through the timeline."""
    if now > attribution.seg_start:
        yield attribution.seg_start, now, attribution.seg_bucket
    for _number, start, end, bucket in reversed(attribution.timeline):
        yield start, end, bucket


def vmm_share(session, window: int, bins: int = 60) -> VmmShare:
    """The VMM's share of the last `window` cycles of a session (all of them if fewer
    have run), and of each of `bins` equal parts of that window, oldest first."""
    now = session.cycle
    start = max(0, now - window)
    bin_size = max(1, window // max(1, bins))
    # Bins are aligned to multiples of bin_size so they stay put while the run goes on.
    last_bin = (now - 1) // bin_size if now else 0
    first_bin = last_bin - bins + 1
    strip_start = max(0, first_bin * bin_size)
    lo = min(start, strip_start)
    vmm = 0
    per_bin: list[dict] = [dict() for _ in range(bins)]
    for seg_start, seg_end, bucket in _segments_newest_first(session.attribution, now):
        if seg_end <= lo:
            break
        a, b = max(seg_start, start), min(seg_end, now)
        if bucket == BUCKET_VMM and b > a:
            vmm += b - a
        a = max(seg_start, strip_start)
        while a < seg_end:
            index = a // bin_size - first_bin
            b = min(seg_end, (a // bin_size + 1) * bin_size)
            if 0 <= index < bins:
                counts = per_bin[index]
                counts[bucket] = counts.get(bucket, 0) + b - a
            a = b
    out = []
    for index, counts in enumerate(per_bin):
        total = sum(counts.values())
        if not total:
            out.append((None, None))
            continue
        guests = {k: v for k, v in counts.items() if k != BUCKET_VMM}
        main = max(guests, key=guests.get) if guests else BUCKET_VMM
        out.append((counts.get(BUCKET_VMM, 0) / total, main))
    return VmmShare(start, now, vmm, window, tuple(out))


__all__ = ["VmmShare", "WINDOWS", "WINDOW_SECONDS", "share_window", "vmm_share"]
