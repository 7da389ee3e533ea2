"""What a virtualization technique is to the monitor: the interface a new one implements.

The monitor (vmm/monitor.py) owns the bookkeeping every technique shares:
saving the guest at an exit, virtual time, scheduling, world switches,
interrupt injection, console routing, cycle attribution and charging, the
event log.  A technique decides what is particular to it:

- **At each exit** `classify(guest, cause)` names the *action*: one the
  monitor knows (RESUME: nothing to do; ROUTE_INPUT: console input arrived)
  or one of the technique's own ("emulate", "reflect", "hypercall", and
  later "translate", "callout", "hw-exit"...).  Each of its own actions is
  done by VMM *steps*: `handling_steps(vmm, action)` lists them as
  (step kind, cycles), by default one step named after the action and
  priced by `handling_cost` (the cost model's field of that name).  When a
  step has used its cycles the monitor calls the technique's handler for
  that step kind: `handle_<kind>(vmm, cost)` (dashes as underscores), found
  once by `step_handlers()`.  The last handler of an exit calls
  `vmm.handled(after)` so the monitor schedules what comes next.
- **At each VM entry** `shadow_window(guest)` gives the physical BASE/BOUND
  the CPU runs the guest in (the guest partition composed with the guest's
  own relocation).

A handler works through the monitor's public services: `vmm.exiting()`
(the guest and the hardware unit that exited), `vmm.current_exit` (the exit
record: `.before`, `.add_step`...), `vmm.log`, `vmm.costs`, `vmm.machine`,
`vmm.set_guest_state(guest, state, reason)` and `vmm.handled(after)`.

Designed for, not used yet (the techniques that need them add them here):
- *intercepts*: guest addresses where the CPU must stop before executing
  (binary translation scans a kernel block before it first runs); the
  machine can stop there as it does at breakpoints, through slow entries of
  its code cache;
- *direct guest traps*: a hardware-assisted guest mode delivers the guest's
  own traps to its vector with no exit at all, and exits only on what the
  exit controls ask; the entry hook then chooses the CPU's guest mode
  besides the window.

A technique registers itself in vmm/techniques.py (name, label, class).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ..observe.vocabulary import ExitAction
from .guest import Guest

# Actions the monitor itself knows (its own steps, or none).
RESUME = ExitAction.RESUME             # nothing to handle: the exit was the VMM's own timer
ROUTE_INPUT = ExitAction.ROUTE_INPUT   # real console input arrived: hand it to its guest


class Technique:
    name: ClassVar[str] = ""

    # ------------------------------------------------------------------ exits
    def classify(self, guest: Guest, cause: int) -> str:
        """The action for an exit of `guest` with physical trap `cause`."""
        raise NotImplementedError

    def handling_cost(self, vmm, action: str) -> int:
        """VMM cycles of one of this technique's actions: the cost model's field of its name."""
        return getattr(vmm.costs, action.replace("-", "_"))

    def handling_steps(self, vmm, action: str) -> list[tuple[str, int]]:
        """The VMM steps that do one of this technique's actions, (kind, cycles) in order."""
        return [(action, self.handling_cost(vmm, action))]

    def step_handlers(self) -> dict[str, Callable]:
        """Step kind -> handler(vmm, cost): every `handle_<kind>` method of the technique."""
        return {name[len("handle_"):].replace("_", "-"): getattr(self, name)
                for name in dir(self) if name.startswith("handle_")
                and callable(getattr(self, name))}

    # ------------------------------------------------------------------ entry
    def shadow_window(self, guest: Guest) -> tuple[int, int]:
        """Physical (BASE, BOUND) the CPU runs the guest in after a VM entry."""
        raise NotImplementedError
