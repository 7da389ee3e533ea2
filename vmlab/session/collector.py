"""Fewer cyclic garbage collections while the simulation runs.

Running a guest allocates many small containers (event tuples, VCPU
snapshots, the VMM's step lists) that reference counting frees at once; none
of them form cycles.  CPython still counts every allocation towards its
cyclic collector, which with the default threshold (700) ran a generation-0
pass every few hundred VM exits and took 10-20 % of the host time of an
exit-heavy run (issue 11; `vmlab bench`).  While a session advances, the
threshold is raised so those passes are rare, and put back afterwards, so
the window and the rest of the program keep the interpreter's default.
Nothing is frozen: garbage that does form cycles is still collected.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

RUN_THRESHOLD = 100_000     # generation-0 allocations between passes while running


@contextmanager
def fewer_collections():
    """Raise the collector's threshold for the duration (nests; restores the caller's)."""
    saved = gc.get_threshold()
    if saved[0] >= RUN_THRESHOLD or saved[0] == 0:     # already raised, or gc tuned off
        yield
        return
    gc.set_threshold(RUN_THRESHOLD, *saved[1:])
    try:
        yield
    finally:
        gc.set_threshold(*saved)
