"""What the VMM's own work costs, in physical cycles (VL32.md, "VMM costs").

The VMM is host software modelled outside the ISA: its work is charged to the
physical cycle counter at these prices.  They are data, shown to the student,
and any scenario can override them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields


@dataclass(frozen=True)
class CostModel:
    vm_exit: int = 20             # save the guest's state after the hardware trap entry
    vm_entry: int = 20            # load the guest's state and return to it
    emulate: int = 10             # decode and emulate one privileged instruction
    reflect: int = 10             # reflect a trap into the guest kernel
    inject: int = 10              # deliver a virtual interrupt to the guest kernel
    world_switch: int = 40        # switch the CPU from one guest to another
    route_input: int = 10         # hand console input from the real device to a guest
    bt_per_instruction: int = 5   # binary translation: per scanned instruction
    callout: int = 8              # binary translation: a translated sensitive instruction (or
                                  # indirect jump) calls the VMM: no trap, no exit, no entry
    hw_exit: int = 5              # hardware assist: a VM exit, the CPU storing the guest into
                                  # its control block (a trap entry, 4, and a cycle)
    hw_entry: int = 5             # hardware assist: a VM entry, the CPU checking and loading it
    compose_window: int = 80      # hardware assist 1: a BASE/BOUND write: emulate it (10), compose
                                  # and install the window (the shadow work of 2006's VMMs, 70)
    hypercall: int = 10           # paravirtual: decode a hypercall and do it (as emulate)
    hypercall_per_word: int = 1   # paravirtual: per guest word a hypercall reads (buffer, block)
    partition_switch: int = 10    # type 0: the machine's partition scheduler saving one
                                  # partition's CPU state and loading the next's (hardware)
    host_up: int = 200            # type 2 (hosted): an exit reaches the host OS kernel first, which
                                  # switches to the VMM, a process (docs/hypervisor-types.md)
    host_down: int = 100          # type 2: the VMM process asks the host kernel (a system call) to
                                  # enter the guest again
    host_kernel: int = 40         # kvm: the host kernel handles a host process's trap (its
                                  # system call, its timer, a fault) and schedules
    host_return: int = 10         # kvm: the host kernel returns to a host process (registers, ERET)

    @classmethod
    def names(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def with_overrides(self, overrides: dict[str, int]) -> "CostModel":
        """A copy with some costs replaced; raises ValueError naming a bad key."""
        known = set(self.names())
        for key, value in overrides.items():
            if key not in known:
                raise ValueError(f"unknown cost {key!r}; allowed: {', '.join(sorted(known))}")
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
                raise ValueError(f"cost {key!r} must be a whole number of cycles 0..1000000, "
                                 f"not {value!r}")
        return CostModel(**{**asdict(self), **overrides})

    def as_dict(self) -> dict[str, int]:
        return asdict(self)
