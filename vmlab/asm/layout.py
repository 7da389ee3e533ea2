"""Where words go: the limits of a program and the .phase bookkeeping."""

from __future__ import annotations

from dataclasses import dataclass

# The most words one program may place: 4 x the default memory.  Without a
# bound, ".space 2000000000" would exhaust the host's memory.
MAX_PROGRAM_WORDS = 1 << 18


@dataclass(frozen=True)
class Phase:
    """An open .phase block: code placed from load is assembled to run at run."""

    load: int      # load address where .phase stood
    run: int       # the address the code is assembled for
    line: int

    def run_address(self, load: int) -> int:
        return self.run + (load - self.load)
