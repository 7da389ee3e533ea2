"""A guest's lifecycle under the VMM: pause, resume, power off, power on.

The user (the window, a lesson, Session.command_guest) gives one guest a
command while the others keep running.  What each does, exactly:

- **Pause**: the guest gets no CPU and its virtual clock stands still, so its
  virtual TIMER cannot fire; resumed, it goes on as if no time had passed for
  it (a suspended VM).  A guest paused in WFI has its wake-up moved later by
  exactly the time it spent paused; console input that reaches it while paused
  wakes it at the instant it was paused (its clock stood still), and it goes
  on, ready, when resumed.  A paused guest keeps the VMM on: with nothing else
  to run, the VMM idles until a command.
- **Resume**: back to what it was when paused (ready, or waiting in WFI).
  Resuming a guest whose pause has not happened yet cancels the pause.
- **Power off**: the guest stops and its partition is cleared (its RAM is
  lost).  A powered-off guest does not keep the VMM on: when no guest is left
  to run, the VMM powers off as always.
- **Power on** (only after power off): the guest boots again from its image as
  at the scenario's start: its image in its partition, a fresh VCPU (registers,
  virtual clock at 0, the scenario's console input), what the technique kept
  for it (a translation cache, a control block) anew; its console's output is
  kept, as a terminal keeps what it showed; its virtual disk keeps its words
  (it is a file), only its controller's registers reset.  The VMM's counters for it
  (exits, VMM cycles) go on adding up.

When: a guest that is not on the CPU is paused or powered off at once (if the
VMM was already on its way into it, the entry is abandoned and the scheduler
decides again).  A pause or power off of the guest on the CPU, or of the one
whose exit the VMM is handling, waits for the VMM's next decision point: its
next VM exit, at the latest when its slice ends (the VMM's own timer).  So no
command forces an exit of its own, and the cost model has no price for one.

Everything here is plain data in the guests and the monitor (Guest.request,
paused_from, paused_at; VMM.requests, handling), saved and restored with them,
so time travel and replay give the same states.
"""

from __future__ import annotations

from ..isa.spec import MASK
from ..messages import M
from ..observe.vocabulary import GuestCommand
from .guest import PAUSED, POWERED_OFF, READY, RUNNING, WAITING, Guest, LifecycleError

PAUSE, RESUME, POWER_OFF, POWER_ON = (c.value for c in (
    GuestCommand.PAUSE, GuestCommand.RESUME, GuestCommand.POWER_OFF, GuestCommand.POWER_ON))
_CAN_RUN = (READY, RUNNING, WAITING)


class Lifecycle:
    """The monitor's lifecycle commands (mixed into VMM: uses its guests, machine, log)."""

    def guest_commands(self, g: Guest) -> tuple[str, ...]:
        """The commands (GuestCommand values) that can be given to this guest now."""
        if self.machine.halted or g.process:      # a host process is no virtual machine
            return ()
        if g.request == PAUSE:
            return (RESUME, POWER_OFF)         # resuming cancels the pause not done yet
        if g.request == POWER_OFF:
            return ()
        if g.state in _CAN_RUN:
            return (PAUSE, POWER_OFF)
        if g.state == PAUSED:
            return (RESUME, POWER_OFF)
        if g.state == POWERED_OFF:
            return (POWER_ON,)
        return (POWER_OFF,)                    # halted, stalled, crashed

    def refusal(self, name: str, command: str) -> str | None:
        """Why `command` cannot be given to guest `name` now (None: it can)."""
        g = self.by_name.get(name)
        if g is None:
            return M("there is no guest {name} in this scenario; the guests are {names}",
                     name=repr(name), names=", ".join(x.name for x in self.guests))
        try:
            command = GuestCommand(command).value
        except ValueError:
            return M("unknown command {command} for a guest; the commands are {commands}",
                     command=repr(command), commands=", ".join(c.value for c in GuestCommand))
        if command in self.guest_commands(g):
            return None
        if g.process:
            return M("{name} is a host process, not a virtual machine: pause, resume, power "
                     "off and power on are for the guests", name=name)
        if self.machine.halted:
            return M("the VMM has powered off (no guest was left to run): {name} cannot "
                     "{command}", name=name, command=command)
        if g.request is not None:
            if g.request == PAUSE:
                return M("{name} is already being paused (at the VMM's next decision)",
                         name=name)
            return M("{name} is already being powered off (at the VMM's next decision)",
                     name=name)
        state = g.state
        if command == PAUSE:
            if state == PAUSED:
                return M("{name} is already paused", name=name)
            return M("{name} is {state}: only a guest that can run can be paused", name=name,
                     state=state)
        if command == RESUME:
            return M("{name} is not paused (it is {state}): only a paused guest can be resumed",
                     name=name, state=state)
        if command == POWER_ON:
            return M("{name} is not powered off (it is {state}): power it off first",
                     name=name, state=state)
        return M("{name} is already powered off", name=name)

    def command_guest(self, name: str, command: str) -> None:
        """Pause, resume, power off or power on one guest now (LifecycleError, with the
        reason, if it cannot be done)."""
        problem = self.refusal(name, command)
        if problem is not None:
            raise LifecycleError(problem)       # the message: str() English, render() Catalan
        g = self.by_name[name]
        command = GuestCommand(command).value
        if g.request is not None:              # resume (cancels the pause) or power off
            self.requests.remove(g.index)
            g.request = None
            if command == RESUME:
                return
        if command in (PAUSE, POWER_OFF) and g.index in (self.running, self.handling):
            g.request = command
            self.requests.append(g.index)
            return
        self._apply_command(g, command)
        step = self.current_step
        if step is not None and step[0] == "idle":
            # The VMM idles: it looks at what changed now (as for console input).
            step[1] = self.machine.cycles - self.work_start

    def _apply_requests(self) -> None:
        """At a decision point: the commands that waited for it."""
        for index in self.requests:
            g = self.guests[index]
            command, g.request = g.request, None
            if command == PAUSE and g.state not in _CAN_RUN:
                continue                       # it stopped by itself at that exit
            self._apply_command(g, command)
        self.requests = []

    def _apply_command(self, g: Guest, command: str) -> None:
        m = self.machine
        if command == PAUSE:
            g.paused_from, g.paused_at = g.state, m.cycles
            self._set_state(g, PAUSED, "paused by the user: no CPU, its virtual clock "
                                       "stands still")
        elif command == RESUME:
            was, away = g.paused_from, m.cycles - g.paused_at
            if was == WAITING:                 # its WFI goes on where it was
                g.wfi_start += away
                g.wake_at += away
            g.paused_from = None
            self._set_state(g, was, f"resumed by the user after {away} cycles, its "
                                    "virtual clock where it stood")
        elif command == POWER_OFF:
            m.write_words_in_range(g.base, [0] * g.size)
            g.wake_at = g.paused_from = None
            self._set_state(g, POWERED_OFF, "powered off by the user: its memory cleared")
        else:
            self._boot_guest(g)
            self._set_state(g, READY, "powered on by the user: it boots from its image")
        self._write_save_area(g)

    def _paused_input(self, g: Guest) -> None:
        """Console input reached a guest paused in WFI: it wakes at the instant it was
        paused (its clock stood still) and goes on, ready, when resumed."""
        v = g.vcpu
        v.cycles = g.wfi_vclock + max(1, g.paused_at - g.wfi_start)
        v.pc = (v.pc + 1) & MASK
        g.wake_at = None
        g.paused_from = READY

    def _boot_guest(self, g: Guest) -> None:
        """Power on again: its image in its partition, a fresh VCPU (its console's output
        kept), what the technique keeps for it anew."""
        m, v, spec = self.machine, g.vcpu, g.spec
        words = [0] * g.size
        for addr, word in spec.image.items():
            words[addr] = word & MASK
        m.write_words_in_range(g.base, words)
        v.reset_registers(spec.entry)
        if v.disk is not None:        # its disk keeps its words (a file), its controller resets
            v.disk.reset_registers()
        v.console.input.clear()
        if spec.console_input:
            v.console.feed(spec.console_input)
        g.wake_at, g.wfi_start, g.wfi_vclock, g.fresh_handler = None, 0, 0, False
        g.paused_from, g.debt = None, 0
        self.technique.power_on(self, g)
