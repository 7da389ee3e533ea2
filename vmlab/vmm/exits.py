"""A VM exit while the VMM handles it: VMM state, not a logged event yet.

The exit reserves its place in the event log when it happens (its sequence
number); the VMM adds the steps it does, their cost, the action it chose and
the guest's VCPU after the handling, and logs the exit when the handling
ends, at the next VM entry.

One object per exit, as the exit path is the VMM's hottest: an ExitRecord
*is* a VmExit whose fields may still be set.  `seal()` makes it the logged
event itself: its steps become a tuple and its class becomes VmExit, frozen
from then on (the two classes have the very same slots, so the object just
changes type).  Readers never hold an open record: `view()` gives a frozen
copy of the exit as it stands (the trap inspector follows an exit step by
step), the same copy until the record changes.
"""

from __future__ import annotations

from dataclasses import fields

from ..observe.events import VmExit, pack_snapshot, snapshot_parts

_FIELDS = tuple(f.name for f in fields(VmExit))
_STEPS, _BEFORE, _AFTER = _FIELDS.index("steps"), _FIELDS.index("before"), _FIELDS.index("after")


class ExitRecord(VmExit):
    """Built like a VmExit (steps as a list); open until seal()."""

    __slots__ = ()
    __setattr__ = object.__setattr__          # open: the VMM fills it in
    __delattr__ = object.__delattr__

    # ------------------------------------------------------------------ changes
    # (The monitor appends to `steps` and adds to `cost` itself on its hot path.)
    def add_step(self, kind: str, cycles: int) -> None:
        self.steps.append((kind, cycles))
        self.cost += cycles

    def set_after(self, snapshot: tuple) -> None:
        self.after = snapshot

    def set_action(self, action: str) -> None:
        self.action = action

    def seal(self) -> VmExit:
        """The handling is over: this record becomes the (frozen) VmExit that is logged."""
        self.steps = tuple(self.steps)
        self.__class__ = VmExit
        return self

    # ------------------------------------------------------------------ reading
    def view(self) -> VmExit:
        """A frozen copy of the exit as it stands."""
        values = [getattr(self, name) for name in _FIELDS]
        values[_STEPS] = tuple(values[_STEPS])
        return VmExit(*values)

    def shown_by(self, view: VmExit | None) -> bool:
        """True if `view` (an earlier view()) still shows this exit as it stands."""
        return (view is not None and view.seq == self.seq and len(view.steps) == len(self.steps)
                and view.after is self.after and view.action == self.action)

    # ------------------------------------------------------------------ state
    def get_state(self) -> list:
        """Plain data (snapshots as lists, steps as pairs)."""
        out = [getattr(self, name) for name in _FIELDS]
        out[_STEPS] = [list(step) for step in self.steps]
        out[_BEFORE], out[_AFTER] = _plain(self.before), _plain(self.after)
        return out

    @classmethod
    def from_state(cls, state: list) -> "ExitRecord":
        values = list(state)
        values[_STEPS] = [tuple(step) for step in values[_STEPS]]
        values[_BEFORE], values[_AFTER] = _snapshot(values[_BEFORE]), _snapshot(values[_AFTER])
        return cls(*values)



def _plain(snapshot: bytes | None) -> list | None:
    """A VCPU snapshot as JSON-compatible lists (state must be plain data)."""
    if snapshot is None:
        return None
    pc, regs, srs, vclock = snapshot_parts(snapshot)
    return [pc, list(regs), list(srs), vclock]


def _snapshot(plain: list | None) -> bytes | None:
    if plain is None:
        return None
    pc, regs, srs, vclock = plain
    return pack_snapshot(pc, *regs, *srs, vclock)
