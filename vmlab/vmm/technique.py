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

**Intercepts** (binary translation uses them): a technique may make the CPU
stop before guest instructions, with no trap, through the machine's
`intercept`/`watch` and its `intercepting` switch (vmlab/machine/cpu.py),
armed in `enter_guest`.  When the CPU stops there the monitor asks
`intercept(vmm, guest, pc)` for the VMM steps to do, (kind, cycles) as for
an exit, done by `handle_<kind>` likewise; none (an empty list): the guest
simply goes on.  Otherwise the monitor saves the guest as at an exit (no
trap entry, no exit step, nothing logged as an exit) and the last handler
calls `vmm.resume()`: straight back into the guest, the return being part
of the work, unless the VMM has something else to do first.  What a
technique reports of its own work (a translation cache...) it gives in
`counters(vmm)`, the summary's `vmm.technique`, and the code it has
translated in `translated_blocks(guest)` (the read model's).

**Leaving and entering a guest** (hooks with the defaults of a VMM that
runs the guest deprivileged, as trap-and-emulate does; hardware assist,
vmm/hardware_assist.py, overrides them to use the CPU's guest mode, which
delivers the guest's own traps to its vector with no exit at all):
- `exit_step` / `entry_step`: the monitor's step that follows every exit
  and the one that enters a guest, as (step kind, cost model field);
- `describe_exit(unit)`: the exit's cause as the log names it, and whether
  no instruction caused it (an interrupt);
- `save_guest(vmm, guest, unit)`: copy the guest's state into its VCPU at an
  exit (the monitor has set the VCPU's clock and instruction count);
- `enter_guest(vmm, guest, arm)`: load the CPU and return to the guest,
  the VMM's timer armed at most `arm` cycles ahead; False if the entry
  failed (the technique has said why: an event, the guest's state);
- `injects`: whether the VMM delivers virtual interrupts itself (a step);
- `vmm_words_per_guest` and `setup(vmm)`: VMM memory of the technique's own
  for each guest (after the save areas) and what it writes there at boot;
- `get_state()` / `set_state()`: the technique's own plain data, if any.

A technique registers itself in vmm/techniques.py (name, label, class).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from ..isa.spec import CAUSE_NAMES, STATUS_IE, STATUS_PIE
from ..machine.state import NEVER
from ..observe.vocabulary import ExitAction, VmmStep
from .guest import Guest

# Actions the monitor itself knows (its own steps, or none).
# (Plain strings, the actions' values: compared on the VMM's hot path.)
RESUME = ExitAction.RESUME.value             # nothing to handle: the exit was the VMM's timer
ROUTE_INPUT = ExitAction.ROUTE_INPUT.value   # real console input arrived: hand it to its guest


def disk_arm(v, arm: int) -> int:
    """`arm`, or fewer cycles: the VMM's timer exits when the guest's virtual disk
    finishes a transfer (its clock reaches the disk's deadline), so IPEND.DISK is set
    and the interrupt delivered at the same guest boundary as on a bare machine."""
    done_at = v.disk.done_at
    if NEVER != done_at > v.cycles:
        return min(arm, done_at - v.cycles)
    return arm


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

    def actions(self) -> tuple[str, ...]:
        """The actions of its own an exit may get (by default, one per step it handles)."""
        return tuple(self.step_handlers())

    def step_handlers(self) -> dict[str, Callable]:
        """Step kind -> handler(vmm, cost): every `handle_<kind>` method of the technique."""
        return {name[len("handle_"):].replace("_", "-"): getattr(self, name)
                for name in dir(self) if name.startswith("handle_")
                and callable(getattr(self, name))}

    # ------------------------------------------------------------------ entry
    def shadow_window(self, guest: Guest) -> tuple[int, int]:
        """Physical (BASE, BOUND) the CPU runs the guest in after a VM entry."""
        raise NotImplementedError

    # ------------------------------------------------------------------ leaving and entering
    # The monitor's steps after every exit and before every entry: (kind, cost model field).
    exit_step: ClassVar[tuple[str, str]] = (VmmStep.EXIT, "vm_exit")
    entry_step: ClassVar[tuple[str, str]] = (VmmStep.ENTRY, "vm_entry")
    injects: ClassVar[bool] = True        # the VMM delivers virtual interrupts (an inject step)
    vmm_words_per_guest: ClassVar[int] = 0   # VMM memory of its own per guest (after save areas)

    def setup(self, vmm) -> None:
        """Once, at power-on, after the guests are loaded and before the first entry."""

    def power_on(self, vmm, guest: Guest) -> None:
        """The guest boots again (powered off, then on): what the technique keeps for it
        starts afresh.  Nothing by default."""

    def describe_exit(self, unit) -> tuple[str, bool]:
        """The exit's cause as the log names it, and whether no instruction caused it."""
        return CAUSE_NAMES[unit.cause], unit.kind == "interrupt"

    def save_guest(self, vmm, guest: Guest, unit) -> None:
        """At an exit: the guest's registers and pc into its VCPU (its system registers
        live there already, since every privileged instruction is emulated)."""
        guest.vcpu.regs = list(vmm.machine.regs)
        guest.vcpu.pc = unit.pc

    def enter_guest(self, vmm, guest: Guest, arm: int) -> bool:
        """VM entry: the guest on the CPU in physical user mode, inside its shadow window,
        the timer armed for the end of its slice (`arm` cycles) or its own virtual timer."""
        m, v = vmm.machine, guest.vcpu
        m.regs = list(v.regs)
        m.pc = v.pc
        # As if the VMM set PIE and did ERET: user mode, interrupts on.
        m.status = STATUS_IE | STATUS_PIE
        m.base, m.bound = self.shadow_window(guest)
        if v.status & STATUS_IE and v.deadline != NEVER and v.deadline > v.cycles:
            arm = min(arm, v.deadline - v.cycles)
        if v.disk is not None:
            arm = disk_arm(v, arm)
        m.deadline = m.cycles + arm        # as MTSR TIMER, arm would: also clears IPEND.TIMER
        return True

    def one_go(self) -> dict[str, tuple[Callable, Callable]]:
        """Actions the monitor may handle straight through, exit to entry (its fast path,
        VMM._exit_in_one_go), as action -> (can, do), for actions of one handling step:
        `can(guest, unit, fresh)` says, changing nothing, whether this exit may (`fresh`:
        the guest ran no instruction since its entry); `do(vmm, guest, unit, record,
        cost)`, called when the handling step has used its cycles, has the very effects
        and events of the step's handler, except that it neither changes the guest's
        state nor calls vmm.handled(): it returns the VCPU snapshot `after`."""
        return {}

    def intercept(self, vmm, guest: Guest, pc: int) -> list[tuple[str, int]]:
        """The CPU stopped before the guest's instruction at `pc` (an intercept of this
        technique): the VMM steps to do there, (kind, cycles); [] lets the guest go on."""
        return []

    def counters(self, vmm) -> dict:
        """What the technique reports of its own work ({}: nothing)."""
        return {}

    def translated_blocks(self, guest: Guest) -> list[tuple]:
        """Code of the guest the technique has translated: (start, words, callouts,
        successors) by address ([]: it translates nothing)."""
        return []

    def get_state(self) -> dict | None:
        """The technique's own state as plain data (None: it keeps none)."""
        return None

    def set_state(self, state: dict | None) -> None:
        """Back to a saved moment (the machine and the monitor are restored too)."""
