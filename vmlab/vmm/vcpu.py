"""A guest's virtual CPU: the complete VL32 state the guest believes it owns.

A VCPU is a CpuState like the physical machine, so the VMM emulates system
instructions and enters virtual traps through the very code the hardware uses.
Its ``cycles`` is the guest's *virtual clock*: the cycles its code would have
taken on a bare VL32, never the VMM's overhead or the other guest's time.
"""

from __future__ import annotations

from ..isa.spec import MASK, SR_NAMES
from ..machine.state import NEVER, CpuState
from ..observe.events import pack_snapshot

# Layout of a VCPU save area in the VMM's memory region (one block per guest).
SAVE_AREA_WORDS = 32
SAVE_LAYOUT = ([f"r{i}" for i in range(16)] + ["pc"] + list(SR_NAMES)
               + ["vclock.lo", "vclock.hi", "state"])
GUEST_STATE_CODES = {"ready": 1, "running": 2, "waiting": 3, "halted": 4, "stalled": 5,
                     "crashed": 6, "paused": 7,
                     "powered-off": 8}  # by GuestState (a StrEnum: its members are these strings)


class VCPU(CpuState):
    """Registers, system registers, virtual clock, virtual timer and console of a guest."""

    def snapshot(self) -> bytes:
        """A cheap copy of the visible state, for events (packed: events.state_view reads it)."""
        cycles, deadline = self.cycles, self.deadline
        timer = deadline - cycles if NEVER != deadline > cycles else 0
        return pack_snapshot(self.pc, *self.regs, self.status, self.epc, self.cause, self.tval,
                             self.tvec, self.base, self.bound, timer & MASK, self.scratch,
                             cycles & MASK, self.ipend, cycles)

    def save_area_words(self, state: str) -> list[int]:
        """The words the VMM writes to this guest's save area at a world switch."""
        srs = [self.read_sr(i) for i in range(len(SR_NAMES))]
        words = (list(self.regs) + [self.pc] + srs
                 + [self.cycles & MASK, (self.cycles >> 32) & MASK, GUEST_STATE_CODES[state]])
        return words + [0] * (SAVE_AREA_WORDS - len(words))
