"""Clones: a new guest made from another one's snapshot, running beside its original.

A scenario declares a **slot** for a clone, a [[guest]] with `clone_of`: it has
the original's program, memory size and disk, its own name and its own machine
id, and it starts powered off (`start_clone_slots`).  A clone fills the slot
with a snapshot of the original (vmm/snapshot.py, `clone_into`): its VCPU, its
memory, its disk, its devices.  Everything is copied — identity included, as
a copied disk image or a copied cloud image copies a machine's id — unless the
VMM gives the clone a **new identity**: the slot's machine id in its identity
device, and the device's generation counter moved on by one, so a guest that
watches the generation learns that it is a new copy and reads its id again
(docs/isa.md, section 16; docs/snapshots.md, Clones).

The [clone] table schedules one at a cycle (CloneConfig); Session.clone_guest
does one when asked.
"""

from __future__ import annotations

from dataclasses import dataclass

from .guest import POWERED_OFF


@dataclass(frozen=True)
class CloneConfig:
    """[clone]: at cycle `at`, `source` is paused, cloned into the slot `target`, and both
    go on; with `new_identity` the clone gets the slot's machine id and a new generation."""

    source: str
    target: str
    at: int
    new_identity: bool = True


def start_clone_slots(vmm) -> None:
    """At boot: every slot for a clone is powered off, its memory empty, until a clone
    arrives (the VMM never schedules it; a user may still power it on: it then boots
    the original's program afresh, with the slot's identity)."""
    m = vmm.machine
    for g in vmm.guests:
        if g.spec.clone_of is not None:
            m.mem[g.base:g.base + g.size] = [0] * g.size
            vmm._set_state(g, POWERED_OFF, f"a slot for a clone of {g.spec.clone_of}: "
                                           "powered off until a clone arrives")


__all__ = ["CloneConfig", "start_clone_slots"]
