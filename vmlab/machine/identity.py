"""The identity device on ports 0x13-0x14 (docs/isa.md, section 16).

Two read-only ports: MACHINE_ID, the machine's identity word (what a cloud's
instance id, a DMI serial number or /etc/machine-id is to a real guest), and
VM_GENERATION, a counter that changes whenever the machine becomes a new copy
of itself with a new identity (a clone), in the spirit of Microsoft's VM
Generation ID: a guest that cached its identity reads the generation now and
then and, when it has changed, reads its identity again.

A scenario gives each guest a machine id (its `machine_id` key; by default one
derived from the guest's name, machine_id_for).  Natively the bare machine has
the device; under the VMM each guest's VCPU has its own, and the VMM emulates
the ports on the exits IN takes under every technique, with the very code the
hardware runs (CpuState.execute_system).  A machine without one (a bare
program run) reads both ports as unknown ports: 0xFFFFFFFF, writes ignored.
Writes to the device are ignored too: a guest cannot change who it is.
"""

from __future__ import annotations

import zlib

from ..isa.spec import MASK, NO_DATA, PORT_MACHINE_ID, PORT_VM_GENERATION


def machine_id_for(name: str) -> int:
    """The machine id a guest gets when its scenario gives none: a CRC-32 of its name
    (deterministic, so every run of a scenario gives the same ids; distinct names give
    distinct ids in practice).  Never 0 or 0xFFFFFFFF (an unknown port's value)."""
    value = zlib.crc32(f"vl32-machine:{name}".encode("utf-8")) & MASK
    return value if value not in (0, NO_DATA) else 0x1D1D1D1D


class Identity:
    """The device's two registers: who the machine is, and which copy of it."""

    def __init__(self, machine_id: int, generation: int = 0) -> None:
        self.machine_id = machine_id & MASK
        self.generation = generation & MASK

    def read(self, port: int) -> int:
        if port == PORT_MACHINE_ID:
            return self.machine_id
        if port == PORT_VM_GENERATION:
            return self.generation
        return NO_DATA

    def renew(self, machine_id: int) -> None:
        """A new identity (a clone): the id given, the generation moved on by one."""
        self.machine_id = machine_id & MASK
        self.generation = (self.generation + 1) & MASK

    # -- state as plain data (snapshots, step back)
    def get_state(self) -> dict:
        return {"machine_id": self.machine_id, "generation": self.generation}

    def set_state(self, state: dict) -> None:
        self.machine_id = state["machine_id"] & MASK
        self.generation = state["generation"] & MASK


__all__ = ["Identity", "machine_id_for"]
