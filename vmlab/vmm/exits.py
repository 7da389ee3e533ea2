"""A VM exit while the VMM handles it: VMM state, not a logged event.

The exit reserves its place in the event log when it happens (its sequence
number); the VMM adds the steps it does, their cost, the action it chose and
the guest's VCPU after the handling, and logs the frozen VmExit event when
the handling ends, at the next VM entry.  Until then `view()` is what the
read model shows (the trap inspector follows an exit step by step): a
VmExit as it stands, cached until the record changes, so repeated readers
get the same object.
"""

from __future__ import annotations

from ..observe.events import VmExit


class ExitRecord:
    """Mutable while the VMM works; frozen into a VmExit when it is done."""

    __slots__ = ("seq", "cycle", "guest", "pc", "word", "cause", "tval", "vmode", "action",
                 "steps", "cost", "before", "after", "interrupt", "_view")
    _PLAIN = __slots__[:-1]

    def __init__(self, seq: int, cycle: int, guest: str, pc: int, word: int | None, cause: str,
                 tval: int, vmode: str, action: str, steps: list, cost: int,
                 before: tuple | None, after: tuple | None, interrupt: bool) -> None:
        self.seq, self.cycle, self.guest, self.pc, self.word = seq, cycle, guest, pc, word
        self.cause, self.tval, self.vmode, self.action = cause, tval, vmode, action
        self.steps, self.cost, self.before, self.after = steps, cost, before, after
        self.interrupt = interrupt
        self._view: VmExit | None = None

    # ------------------------------------------------------------------ changes
    # (The monitor appends to `steps` and adds to `cost` itself on its hot path.)
    def add_step(self, kind: str, cycles: int) -> None:
        self.steps.append((kind, cycles))
        self.cost += cycles

    def set_after(self, snapshot: tuple) -> None:
        self.after = snapshot

    def set_action(self, action: str) -> None:
        self.action = action

    # ------------------------------------------------------------------ reading
    def view(self) -> VmExit:
        """The exit as it stands (the same object while it has not changed)."""
        view = self._view
        if (view is None or len(view.steps) != len(self.steps) or view.after is not self.after
                or view.action != self.action):
            view = self._view = VmExit(
                self.seq, self.cycle, self.guest, self.pc, self.word, self.cause, self.tval,
                self.vmode, self.action, tuple(self.steps), self.cost, self.before, self.after,
                self.interrupt)
        return view

    # ------------------------------------------------------------------ state
    def get_state(self) -> list:
        """Plain data (snapshots as lists, steps as pairs)."""
        out = [getattr(self, key) for key in self._PLAIN]
        out[9] = [list(step) for step in self.steps]
        out[11], out[12] = _plain(self.before), _plain(self.after)
        return out

    @classmethod
    def from_state(cls, state: list) -> "ExitRecord":
        values = list(state)
        values[9] = [tuple(step) for step in values[9]]
        values[11], values[12] = _snapshot(values[11]), _snapshot(values[12])
        return cls(*values)


def _plain(snapshot: tuple | None) -> list | None:
    """A VCPU snapshot as JSON-compatible lists (state must be plain data)."""
    if snapshot is None:
        return None
    pc, regs, srs, vclock = snapshot
    return [pc, list(regs), list(srs), vclock]


def _snapshot(plain: list | None) -> tuple | None:
    if plain is None:
        return None
    pc, regs, srs, vclock = plain
    return (pc, tuple(regs), tuple(srs), vclock)
