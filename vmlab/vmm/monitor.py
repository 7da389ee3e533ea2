"""The virtual machine monitor: runs guests on one physical VL32.

Host memory is laid out as [VMM region][guest 0 partition][guest 1 ...][free].
A guest runs directly on the CPU in physical user mode until it traps; the
hardware trap entry jumps to the VMM (physical TVEC = 0, inside its region),
and the machine stops there (exit_on_trap).  From then on the VMM works in
*steps* — exit, emulate, reflect, route-input, inject, switch, idle, entry —
each a few cycles of VMM time whose effect applies when the step completes.
The steps are plain data, so the VMM can be stepped cycle by cycle, saved and
restored like everything else.

Virtual time: while a guest runs directly, one physical cycle is one virtual
cycle.  At an exit the VMM sets the VCPU clock to what the guest has run, then
adds the native cost of what it emulates or reflects.  At every entry it arms
the physical timer with the smaller of the quantum left and the guest's
virtual TIMER, so a guest interrupt lands on the same instruction boundary as
on a bare machine.

Resource control holds for time as well as memory: every VMM cycle is
charged to the guest it works for (the trap entry and the handling of its
exit, an interrupt injected into it, the world switch to it and its entry;
routing console input to the guest the input is for).  A guest's slice,
share x quantum, is measured in its own cycles plus those charged to it, and
a slice that overruns (the exit that ends it) is paid from its next slice.
So a guest that makes the VMM work hard pays for it from its own share.

Hosting (docs/hypervisor-types.md): a type 1 VMM runs on the bare machine.  A
type 2 VMM is an application of a host OS: every exit reaches the host kernel
first, which passes it up to the VMM process (a "host-up" step after the exit
step), and the VMM goes back down through the host kernel to enter a guest (a
"host-down" step before the entry step that ends the exit).  Both are charged
to the guest whose exit they carry and attributed to the "host" bucket.  Under
type 2 the straight-through path (_exit_in_one_go) is off: every exit is
handled in planned steps.

Hosting "kvm" (vmm/host_os.py): the VMM is part of a general-purpose OS kernel
whose scheduler also runs host processes (the guests with spec.process) in
the same round robin; a process's trap is the host kernel's step, not a VM exit.

Lifecycle (vmm/lifecycle.py): pause, resume, power off and power on one guest
while the others run; a paused guest gets no CPU and its virtual clock stands
still.
"""

from __future__ import annotations

from collections import deque

from ..isa.spec import CAUSE_NAMES, INTERRUPT_PRIORITY, IPEND_DISK, MASK, STATUS_KMODE
from ..machine.cpu import BREAKPOINT, CYCLE_LIMIT, INTERCEPT, TRAP, Machine, Unit
from ..machine.devices import encode_console_text
from ..machine.disk import Disk, MemoryBus
from ..machine.identity import Identity
from ..machine.state import HALT, NEVER
from ..observe.accounting import BUCKET_HOST, BUCKET_IDLE, BUCKET_VMM, Attribution, guest_buckets
from .costs import CostModel
from ..observe.events import EventLog, GuestStateChange, InterruptInjected, WorldSwitch
from ..observe.vocabulary import Hosting, VmmStep
from .exits import ExitRecord
from .host_os import HOST_KERNEL, HOST_RETURN, boot_process, enter_process, handle_host_kernel, \
    process_trap
from .clone import start_clone_slots
from .guest import PAUSED, POWERED_OFF, READY, RUNNING, WAITING, Guest, GuestSpec
from .lifecycle import Lifecycle
from .technique import RESUME, ROUTE_INPUT, Technique
from .vcpu import SAVE_AREA_WORDS

VM_EXIT = "vm-exit"          # stop reason of run(stop_on_exit=True)
# The monitor's step kinds as module names: the hot path reads no enum attribute.
# (plain strings: dictionaries keyed by exact strings are the quickest to search)
_TRAP_ENTRY, _EXIT, _ENTRY, _INJECT, _SWITCH, _ROUTE, _IDLE = (step.value for step in (
    VmmStep.TRAP_ENTRY, VmmStep.EXIT, VmmStep.ENTRY, VmmStep.INJECT, VmmStep.SWITCH,
    VmmStep.ROUTE_INPUT, VmmStep.IDLE))
_HOST_UP, _HOST_DOWN = VmmStep.HOST_UP.value, VmmStep.HOST_DOWN.value
VMM_HEADER_WORDS = 16        # word 0 is the VMM's trap vector


class VMM(Lifecycle):
    """The monitor: what every technique shares; the technique (vmm/technique.py) decides
    how each exit is handled and how a guest is entered."""

    def __init__(self, machine: Machine, specs: list[GuestSpec], *, quantum: int = 2000,
                 costs: CostModel | None = None, technique: Technique | None = None,
                 log: EventLog | None = None, region_words: int | None = None,
                 hosting: str = Hosting.TYPE_1) -> None:
        if not specs:
            raise ValueError("a VMM needs at least one guest")
        if quantum < 1:
            raise ValueError("the quantum must be at least 1 cycle")
        self.machine = machine
        self.costs = costs or CostModel()
        if technique is None:
            from .trap_emulate import TrapAndEmulate   # the classic one, by default
            technique = TrapAndEmulate()
        self.technique = technique
        self.hosted = Hosting(hosting) == Hosting.TYPE_2   # type 2: exits pass through a host OS
        self.host_transitions = 0          # type 2: host-kernel transitions done (up and down)
        self.kvm = Hosting(hosting) == Hosting.KVM     # host processes beside the guests
        self.host_syscalls = 0             # kvm: system calls the host kernel did for processes
        # Step kind -> what completing it does: the monitor's own steps, then the technique's.
        self._steps = {_ENTRY: self._enter, _EXIT: self._step_exit,
                       _INJECT: self._do_inject, _SWITCH: self._do_switch,
                       _ROUTE: self._step_route_input,
                       _IDLE: self._step_idle}
        self._technique_steps = technique.step_handlers()    # kind -> handler(vmm, cost)
        # The steps that leave and enter a guest: the monitor's, named by the technique.
        # (Kinds as plain strings, whatever the technique wrote: the state is plain data.)
        exit_kind, exit_cost = technique.exit_step
        entry_kind, entry_cost = technique.entry_step
        self._exit_kind, self._entry_kind = str(exit_kind), str(entry_kind)
        self._exit_cost = getattr(self.costs, exit_cost)
        self._entry_cost = getattr(self.costs, entry_cost)
        self._steps[self._exit_kind] = self._step_exit
        self._steps[self._entry_kind] = self._enter
        # Actions done straight through (_exit_in_one_go): action -> (step kind, cycles,
        # handler); RESUME has no handling step.
        self._one_go = {RESUME: (None, 0, None, None)}
        for action, (can, do) in technique.one_go().items():
            (kind, cost), = technique.handling_steps(self, action)
            self._one_go[action] = (kind, cost, can, do)
        if self.hosted:
            # Type 2: no straight-through exits (their steps go through the host kernel).
            self._one_go = {}
            self._steps[_HOST_UP] = self._step_host_up
            self._steps[_HOST_DOWN] = self._step_host_down
        if self.kvm:
            self._steps[HOST_KERNEL] = self._step_host_kernel
            self._steps[HOST_RETURN] = self._enter
        # The host OS kernel's steps, whose cycles go to the "host" bucket.
        self._host_kinds = (frozenset({_HOST_UP, _HOST_DOWN}) if self.hosted
                            else frozenset({HOST_KERNEL, HOST_RETURN}) if self.kvm
                            else frozenset())
        self.quantum = quantum
        self.log = log if log is not None else EventLog()
        needed = VMM_HEADER_WORDS + (SAVE_AREA_WORDS + technique.vmm_words_per_guest) * len(specs)
        self.region_words = region_words or max(256, needed)
        self.guests: list[Guest] = []
        base = self.region_words
        for index, spec in enumerate(specs):
            self.guests.append(Guest(spec, index, base))
            base += spec.memory_words
        if base > machine.memory_words:
            raise ValueError(f"host memory of {machine.memory_words} words cannot hold the VMM "
                             f"({self.region_words}) and the guests "
                             f"({base - self.region_words} words)")
        self.by_name = {g.name: g for g in self.guests}
        self._boot()

    # ------------------------------------------------------------------ setup
    def _boot(self) -> None:
        m = self.machine
        for g in self.guests:
            for addr, word in g.spec.image.items():
                if not 0 <= addr < g.size:
                    raise ValueError(f"guest {g.name!r}: its program has a word at {addr:#x}, "
                                     f"outside its {g.size} words of memory")
                m.mem[g.base + addr] = word & MASK
            g.vcpu.reset_registers(g.spec.entry)
            if g.process:
                boot_process(g)
            if g.spec.disk is not None:
                # Its virtual disk: transfers reach only its partition (guest-physical).
                g.vcpu.disk = Disk(g.spec.disk)
                g.vcpu.disk.bus = MemoryBus(m, g.base, g.size)
            if g.spec.console_input:
                g.vcpu.console.feed(g.spec.console_input)
            if g.spec.machine_id is not None:   # its identity device (machine/identity.py)
                g.vcpu.identity = Identity(g.spec.machine_id)
        start_clone_slots(self)                 # slots for clones start powered off
        m.reset(0)
        m.exit_on_trap = True
        m.tvec = 0
        self.running: int | None = None
        self.last: int | None = None
        self.handling: int | None = None     # the guest whose exit the VMM is handling
        self.requests: list[int] = []        # guests with a command for the next decision
        self.slice_used = 0          # cycles of the current slice used, charges included
        self.slice_owner: int | None = None   # whose slice that is
        self.entry = [0, 0, 0, 0]   # physical cycle, vclock, physical instret, virtual instret
        self.work: list[list] = []
        self.work_start = m.cycles
        self.pending_exit: Unit | None = None   # the hardware unit that caused the exit
        self.exit_guest = 0
        self.current_exit: ExitRecord | None = None   # the exit being handled, until entry
        self.routes: deque[int] = deque()
        buckets = [BUCKET_VMM, BUCKET_IDLE] + [b for g in self.guests for b in guest_buckets(g.name)]
        if self.hosted or self.kvm:
            buckets.append(BUCKET_HOST)
        self.attribution = Attribution(buckets, m.cycles, BUCKET_VMM)
        self.exits_by_cause: dict[str, int] = {}
        self.world_switches = 0
        self._bp_resume_cycle: int | None = None
        for g in self.guests:
            self._write_save_area(g)
        self.technique.setup(self)
        self._decide_next()

    def slice_of(self, guest: Guest) -> int:
        return self.quantum * guest.spec.share

    def memory_owners(self) -> list[tuple[int, int, str]]:
        """(start, end, owner) for the memory map: "vmm", guest names, "free"."""
        spans = [(0, self.region_words, "vmm")]
        spans += [(g.base, g.base + g.size, g.name) for g in self.guests]
        end = spans[-1][1]
        if end < self.machine.memory_words:
            spans.append((end, self.machine.memory_words, "free"))
        return spans

    def save_area_address(self, guest: Guest) -> int:
        return VMM_HEADER_WORDS + SAVE_AREA_WORDS * guest.index

    def technique_area_address(self, guest: Guest) -> int:
        """Where the technique's own words for this guest begin (its vmm_words_per_guest)."""
        return (VMM_HEADER_WORDS + SAVE_AREA_WORDS * len(self.guests)
                + self.technique.vmm_words_per_guest * guest.index)

    # ------------------------------------------------------------------ running
    @property
    def waiting(self) -> bool:
        for g in self.guests:              # (a loop, not any(): asked at every exit)
            if g.state == WAITING:
                return True
        return False

    @property
    def current_guest(self) -> Guest | None:
        return self.guests[self.running] if self.running is not None else None

    def live_vclock(self, guest: Guest) -> int:
        """A guest's virtual clock now: its VCPU's, plus what it has run since entry."""
        if self.running == guest.index:
            m = self.machine
            now = m.cycles
            unit = m.inflight
            if unit is not None and m.guest_mode is None and unit.kind in ("trap", "interrupt"):
                # A deprivileged guest's trap entry is the VMM's exit under way: its cycles
                # are not the guest's (at the exit its clock is set to the unit's start).
                now = min(now, unit.start)
            return self.entry[1] + (now - self.entry[0])
        return guest.vcpu.cycles

    def live_cpu(self, guest: Guest) -> tuple[int, list[int], dict[str, int], bool]:
        """pc, registers, system registers by name and kernel mode, as the guest sees them now.

        A guest that is not running: its VCPU.  Running deprivileged, its
        registers are on the CPU and its system registers in the VCPU, with
        the clock and timer live.  In the CPU's guest mode (hardware assist)
        the CPU holds all of it, as the guest itself reads it (CYCLE included).
        """
        v, m = guest.vcpu, self.machine
        if self.running != guest.index:
            return v.pc, list(v.regs), v.sr_dict(), v.kernel_mode
        if m.guest_mode is not None:
            return m.pc, list(m.regs), m.sr_dict(), m.kernel_mode
        sr = v.sr_dict()
        vclock = self.live_vclock(guest)
        # The VCPU's clock is written back at exits; show the live one.
        timer_fired = v.deadline <= vclock
        sr["CYCLE"] = vclock & MASK
        sr["TIMER"] = 0 if timer_fired or v.deadline == NEVER else (v.deadline - vclock)
        sr["IPEND"] = (sr["IPEND"] & ~1) | (1 if timer_fired else 0)
        if v.disk is not None:
            disk_done = v.disk.done_at <= vclock
            sr["IPEND"] = (sr["IPEND"] & ~IPEND_DISK) | (IPEND_DISK if disk_done else 0)
        return m.pc, list(m.regs), sr, v.kernel_mode

    @property
    def current_step(self) -> list | None:
        """The VMM step in progress (kind, cycles, arg), if the VMM is working."""
        return self.work[0] if self.running is None and self.work else None

    def run(self, until_cycle: int, *, stop_on_exit: bool = False) -> str:
        """Advance to `until_cycle` or an earlier stop.

        Returns "cycle-limit", "breakpoint", "halt" (no guest left to run) or,
        with stop_on_exit, "vm-exit" right after the hardware entered the VMM.
        """
        m = self.machine
        while True:
            if m.halted:
                return m.halted
            if m.cycles >= until_cycle:
                return CYCLE_LIMIT
            if self.running is not None:
                if (m.breakpoints and m.inflight is None and self._bp_resume_cycle != m.cycles
                        and m.at_breakpoint() and not m.interrupt_pending):
                    self._bp_resume_cycle = m.cycles
                    return BREAKPOINT
                reason = m.run(until_cycle=until_cycle)
                if reason == TRAP:
                    if stop_on_exit:
                        self._on_exit(m.last_trap)
                        return VM_EXIT
                    if not self._exit_in_one_go(m.last_trap, until_cycle):
                        self._on_exit(m.last_trap)
                        self._drain(until_cycle)
                    continue
                if reason == INTERCEPT:
                    self._on_intercept()
                    continue
                if reason == BREAKPOINT:
                    self._bp_resume_cycle = m.cycles
                return reason
            if not self._drain(until_cycle):
                return CYCLE_LIMIT

    def _drain(self, until_cycle: int) -> bool:
        """Complete VMM steps while they fit before until_cycle.

        Returns False when the step in progress runs past until_cycle (the
        machine is left at until_cycle, inside the step).
        """
        m = self.machine
        work = self.work
        while work and self.running is None and not m.halted:
            kind, cost, arg = work[0]
            end = self.work_start + cost
            if kind in self._host_kinds:
                self._attribute(self.work_start, BUCKET_HOST)   # (again: the same bucket)
            if end > until_cycle:
                m.cycles = max(m.cycles, until_cycle)
                return False
            m.cycles = end
            del work[0]
            self.work_start = end
            self._complete(kind, cost, arg)
            work = self.work
        return True

    # ------------------------------------------------------------------ exits
    def _on_exit(self, unit: Unit) -> None:
        """The hardware just entered the VMM: save the guest and plan the handling."""
        g = self.guests[self.running]
        if g.process:                  # kvm: a host process's trap, the host kernel's
            process_trap(self, g, unit)
            return
        action = self.technique.classify(g, unit.cause)
        payer = self._save_exit(g, unit, action)
        work = self.work = [[self._exit_kind, self._exit_cost, payer]]
        if self.hosted:                # type 2: the host kernel passes the exit up to the VMM
            work.append([_HOST_UP, self.costs.host_up, payer])
        if action == ROUTE_INPUT:
            work.append([_ROUTE, self.costs.route_input, payer])
        elif action != RESUME:
            for kind, cost in self.technique.handling_steps(self, action):
                work.append([kind, cost, payer])
        self.work_start = self.machine.cycles

    def _save_exit(self, g: Guest, unit: Unit, action: str) -> int:
        """At an exit: the guest saved into its VCPU, its time accounted, the exit counted
        and its record opened (its place in the log reserved).  Returns who pays."""
        m = self.machine
        v = g.vcpu
        # Who pays: the guest that exited; console input, the guest it is for.
        payer = self.routes[0] if action == ROUTE_INPUT and self.routes else g.index
        entry_cycles = self._left_cpu(g, unit, BUCKET_VMM, payer)
        self.technique.save_guest(self, g, unit)
        self.running = None
        g.state = READY
        cause, interrupt = self.technique.describe_exit(unit)
        g.exits[cause] = g.exits.get(cause, 0) + 1
        self.exits_by_cause[cause] = self.exits_by_cause.get(cause, 0) + 1
        # The exit keeps its place in the log now and is logged when handled (at entry).
        # Positional: this is the hottest path of the VMM.
        self.current_exit = ExitRecord(
            self.log.reserve(), m.cycles, g.name, unit.pc, unit.word, cause, unit.tval,
            "kernel" if v.status & STATUS_KMODE else "user", action,
            [(_TRAP_ENTRY, entry_cycles)] if entry_cycles else [], entry_cycles, v.snapshot(),
            None, interrupt)
        self.pending_exit = unit
        self.exit_guest = self.handling = g.index
        return payer

    def _left_cpu(self, g: Guest, unit: Unit, bucket: str, payer: int) -> int:
        """`g` (a guest at a VM exit, or a host process at its trap) left the CPU at `unit`:
        its virtual clock and instruction count where it stopped, its slice used, the trap
        entry's cycles attributed to `bucket` and charged to `payer`; returns those cycles."""
        m, v = self.machine, g.vcpu
        # The faulting (or exiting) instruction's cycle is the guest's; an interrupt has none.
        fault = 0 if unit.kind == "interrupt" else 1
        direct = unit.start - self.entry[0]
        v.cycles = self.entry[1] + direct
        v.instret = self.entry[3] + (m.instret - self.entry[2])
        if direct > 0:
            g.fresh_handler = False
        self.slice_used += direct + fault
        self.attribution.switch(unit.start + fault, bucket)   # (_attribute, inline)
        entry_cycles = m.cycles - unit.start - fault
        self._charge(payer, entry_cycles)
        return entry_cycles

    def _exit_in_one_go(self, unit: Unit, until_cycle: int) -> bool:
        """The commonest exits, handled straight through: the guest exits, the VMM does
        what the exit needs and enters the same guest again, all before until_cycle.

        The effects, the events and the state at the end are exactly those of the
        step-by-step path (_on_exit, then _drain completing each step), which
        stepping cycle by cycle takes; this path only skips planning the steps as
        data.  It is taken when the technique can do the action in one go
        (Technique.one_go) and nothing but the usual entry can follow: no console
        input to route, no guest waiting; when the handling leaves something else
        to do (the slice is over, an interrupt to inject) the step-by-step path
        takes over from there.  False (nothing done) when it does not apply.
        """
        if self.routes:
            return False
        g = self.guests[self.running]
        if g.process:
            return False
        action = self.technique.classify(g, unit.cause)
        plan = self._one_go.get(action)
        if plan is None:
            return False
        kind, cost, can, do = plan
        m = self.machine
        exit_cost = self._exit_cost
        handled_at = m.cycles + exit_cost + cost
        if handled_at + self._entry_cost > until_cycle or self.waiting:
            return False
        if can is not None and not can(g, unit, unit.start == self.entry[0]):
            return False                   # not this one, the technique says
        payer = self._save_exit(g, unit, action)
        ex = self.current_exit
        steps = ex.steps
        # The exit step, then the handling step: charged, recorded, then its effect.
        self._charge(payer, exit_cost + cost)
        steps.append((self._exit_kind, exit_cost))
        if do is None:                     # RESUME: nothing to handle
            m.cycles = handled_at
            ex.cost += exit_cost
            after = ex.before              # (nothing changed the VCPU since the exit)
        else:
            steps.append((kind, cost))
            ex.cost += exit_cost + cost
            m.cycles = handled_at
            after = do(self, g, unit, ex, cost)
        ex.after = after
        self.work = []
        self.work_start = handled_at
        # What follows (as _decide_next): the same guest goes on, or the scheduler decides.
        # (No guest is waiting: none was, and a technique's `do` changes no guest's state.)
        goes_on = g.state == READY and not self.requests and not g.vcpu.interrupt_pending
        if goes_on and self.slice_used >= self.quantum * g.spec.share:
            # Its slice is over (the VMM's timer): with no other guest to run, the
            # scheduler gives it a new one, as _decide_next would.
            goes_on = not self._another_runnable(g)
            if goes_on:
                self._new_slice(g.index)
        if goes_on:
            entry_cost = self._entry_cost
            m.cycles = self.work_start = handled_at + entry_cost
            self._charge(g.index, entry_cost)
            steps.append((self._entry_kind, entry_cost))
            ex.cost += entry_cost
            self._enter(g.index)
        else:
            self._decide_next()
            self._drain(until_cycle)
        return True

    def _another_runnable(self, g: Guest) -> bool:
        for other in self.guests:          # (a loop, not any(): asked at every VMM timer exit)
            if other is not g and other.runnable:
                return True
        return False

    def _on_intercept(self) -> None:
        """The CPU stopped before a guest instruction the technique intercepts (no trap):
        the technique's steps, if it has any to do there; else the guest simply goes on."""
        m = self.machine
        g = self.guests[self.running]
        steps = self.technique.intercept(self, g, m.pc)
        if not steps:
            return
        # Leave the guest as at an exit, with no trap: no fault, no entry cycles, no record.
        v = g.vcpu
        direct = m.cycles - self.entry[0]
        v.regs = list(m.regs)
        v.pc = m.pc
        v.cycles = self.entry[1] + direct
        v.instret = self.entry[3] + (m.instret - self.entry[2])
        if direct > 0:
            g.fresh_handler = False
        self.slice_used += direct
        self._attribute(m.cycles, BUCKET_VMM)
        self.running = None
        g.state = READY
        self.exit_guest = self.handling = g.index
        self.work = [[kind, cost, g.index] for kind, cost in steps]
        self.work_start = m.cycles

    def _complete(self, kind: str, cost: int, arg) -> None:
        """A VMM step has used its cycles: apply its effect, plan what follows."""
        if kind != _IDLE:
            self._charge(arg, cost)
            ex = self.current_exit
            if ex is not None:                  # (ExitRecord.add_step, inline: the hot path)
                ex.steps.append((kind, cost))
                ex.cost += cost
        step = self._steps.get(kind)
        if step is not None:
            step(arg, cost)
        else:
            self._technique_steps[kind](self, cost)

    # The monitor's own steps: step(arg, cost).
    def _step_exit(self, payer: int, cost: int) -> None:
        if not self.work:             # nothing to handle (RESUME): schedule
            self.handled()

    def _step_host_up(self, payer: int, cost: int) -> None:
        """Type 2: the host kernel has passed the exit up to the VMM process."""
        self.host_transitions += 1
        self._attribute(self.machine.cycles, BUCKET_VMM)
        if not self.work:             # nothing to handle (RESUME): schedule
            self.handled()

    def _step_host_down(self, guest: int, cost: int) -> None:
        """Type 2: the VMM process is back in the host kernel, which enters the guest."""
        self.host_transitions += 1
        self._attribute(self.machine.cycles, BUCKET_VMM)

    def _step_host_kernel(self, index: int, cost: int) -> None:
        """kvm: the host kernel has handled a process's trap: its effect, then schedule."""
        handle_host_kernel(self, self.guests[index], cost)
        self._attribute(self.machine.cycles, BUCKET_VMM)
        self._decide_next()

    def _plan_entry(self, index: int) -> None:
        """Queue the entry into guest `index` (under type 2 after the host kernel's part,
        when an exit is being handled: charged to the guest that exited); a host process
        (kvm) is returned to by the host kernel."""
        if self.guests[index].process:
            self.work.append([HOST_RETURN, self.costs.host_return, index])
            return
        if self.hosted and self.current_exit is not None:
            self.work.append([_HOST_DOWN, self.costs.host_down, self.exit_guest])
        self.work.append([self._entry_kind, self._entry_cost, index])

    def _step_route_input(self, payer: int, cost: int) -> None:
        self._route_input()
        self.handled()

    def _step_idle(self, _arg, cost: int) -> None:
        self._attribute(self.machine.cycles, BUCKET_VMM)
        self._decide_next()

    # ------------------------------------------------------------------ for techniques
    def exiting(self) -> tuple[Guest, Unit]:
        """The guest whose exit is being handled, and the hardware unit that caused it."""
        return self.guests[self.exit_guest], self.pending_exit

    def _exit_guest(self) -> Guest:
        return self.guests[self.exit_guest]

    def set_guest_state(self, g: Guest, new: str, reason: str) -> None:
        """A guest's state changes (halted, waiting ...): logged with the reason."""
        self._set_state(g, new, reason)

    def _do_inject(self, guest_index: int, cost: int) -> None:
        """Deliver the highest-priority pending virtual interrupt into the guest."""
        g = self.guests[guest_index]
        if g.state == POWERED_OFF:        # powered off on the way: nothing to deliver it to
            return
        pending = g.vcpu.ipend
        cause = next(c for bit, c in INTERRUPT_PRIORITY if pending & bit)
        epc = g.vcpu.pc
        self.technique.inject(g, cause)
        g.injections += 1
        self.log.add(InterruptInjected, self.machine.cycles, g.name, cause=CAUSE_NAMES[cause],
                     epc=epc, cost=cost)
        if self.current_exit is not None and self.current_exit.guest == g.name:
            self.current_exit.after = g.vcpu.snapshot()

    def handled(self, after: tuple | None = None) -> None:
        """The exit is handled: record the VCPU as it is now (or `after`), then schedule."""
        if self.current_exit is not None:
            self.current_exit.after = after or self._exit_guest().vcpu.snapshot()
        self._decide_next()

    _after_handling = handled

    def resume(self) -> None:
        """The technique's work at an intercept is done: straight back into the guest (the
        return is part of that work), unless the VMM must do something else first (an
        interrupt to inject, the slice is over, input to route, the guest stopped), and
        then as after an exit."""
        g = self.guests[self.exit_guest]
        if (g.state == READY and self.last == g.index and not self.routes and not self.requests
                and self.slice_used < self.slice_of(g) and not g.vcpu.interrupt_pending):
            self._enter(g.index)
        else:
            self._decide_next()

    def _exit_handled(self) -> None:
        """The exit being handled is over (the CPU goes back to a guest): log it."""
        if self.current_exit is not None:
            self.log.fill(self.current_exit.seal())
            self.current_exit = None

    # ------------------------------------------------------------------ scheduling
    def _decide_next(self) -> None:
        """Choose what the CPU does next and queue the steps to get there."""
        m = self.machine
        self.handling = None
        if self.requests:                  # lifecycle commands that waited for this moment
            self._apply_requests()
        cur = self.last
        if cur is not None and not self.routes and not self.waiting:
            g = self.guests[cur]
            if (g.state == READY and self.slice_used < self.slice_of(g)
                    and not g.vcpu.interrupt_pending):
                # The common case: the same guest simply continues.
                self._plan_entry(cur)
                self.work_start = m.cycles
                return
        if self.routes:
            self._route_input()
        for g in self.guests:
            if g.state == WAITING and g.wake_at <= m.cycles:
                self._wake(g, g.wake_at)
        n = len(self.guests)
        choice = None
        if (cur is not None and self.guests[cur].runnable
                and self.slice_used < self.slice_of(self.guests[cur])):
            choice = cur
        else:
            start = 0 if cur is None else cur + 1
            for k in range(n):
                candidate = (start + k) % n
                if self.guests[candidate].runnable:
                    choice = candidate
                    break
        if choice is None:
            waiting = [g.wake_at for g in self.guests if g.state == WAITING]
            if waiting or any(g.state == PAUSED for g in self.guests):
                # Idle until a guest wakes; with only paused guests left, until a command
                # (command_guest cuts the idle step short).
                until = min(waiting) if waiting else NEVER
                self.work.append([_IDLE, until - m.cycles, None])
                self.work_start = m.cycles
                self._attribute(m.cycles, BUCKET_IDLE)
                return
            self._power_off()
            return
        # (The slice's owner, not the last guest entered: an entry abandoned for a guest
        # paused on the way leaves the slice planned for it.)
        if choice != self.slice_owner or self.slice_used >= self.slice_of(self.guests[choice]):
            self._new_slice(choice)
        if choice != cur and cur is not None:
            self.work.append([_SWITCH, self.costs.world_switch, choice])
        g = self.guests[choice]
        if g.vcpu.interrupt_pending and self.technique.injects:
            self.work.append([_INJECT, self.costs.inject, choice])
        self._plan_entry(choice)
        self.work_start = m.cycles

    def _new_slice(self, choice: int) -> None:
        """Start a slice for guest `choice`; the old slice's overrun is its owner's debt."""
        if self.slice_owner is not None:
            old = self.guests[self.slice_owner]
            old.debt += max(0, self.slice_used - self.slice_of(old))
        new = self.guests[choice]
        self.slice_used, new.debt = new.debt, 0
        self.slice_owner = choice

    def _wake(self, g: Guest, at: int) -> None:
        v = g.vcpu
        v.cycles = g.wfi_vclock + max(1, at - g.wfi_start)
        v.pc = (v.pc + 1) & MASK
        g.wake_at = None
        self._set_state(g, READY, "its WFI woke up")

    def _do_switch(self, to: int, cost: int) -> None:
        """Switch the CPU to another guest: both save areas written."""
        old = self.guests[self.last] if self.last is not None else None
        new = self.guests[to]
        if old is not None:
            self._write_save_area(old)
        self._write_save_area(new)
        self.world_switches += 1
        self.log.add(WorldSwitch, self.machine.cycles, new.name,
                     from_guest=old.name if old else None, to_guest=new.name, cost=cost)

    def _enter(self, index: int, _cost: int = 0) -> None:
        """VM entry: load the guest onto the physical CPU and return to it."""
        m = self.machine
        g = self.guests[index]
        v = g.vcpu
        self.handling = None
        if g.state == PAUSED or g.state == POWERED_OFF:
            # Paused or powered off while the VMM was on its way into it: no entry.
            self._exit_handled()
            self._decide_next()
            return
        enter = enter_process if g.process else self.technique.enter_guest
        if not enter(self, g, max(1, self.quantum * g.spec.share - self.slice_used)):
            # The entry failed (the technique logged why and stopped the guest).
            self._exit_handled()
            self._decide_next()
            return
        self.entry = [m.cycles, v.cycles, m.instret, v.instret]
        self._exit_handled()
        self.running = self.last = index
        g.state = RUNNING
        self.attribution.switch(m.cycles, g.bucket())        # (_attribute, inline)

    def _power_off(self) -> None:
        m = self.machine
        for g in self.guests:
            self._write_save_area(g)
        m.status = STATUS_KMODE
        m.halted = HALT
        self._exit_handled()

    def _set_state(self, g: Guest, new: str, reason: str) -> None:
        if g.state != new:
            old = g.state
            g.state = new
            self.log.add(GuestStateChange, self.machine.cycles, g.name, old=old, new=new,
                         reason=reason)

    # ------------------------------------------------------------------ devices
    def feed_input(self, guest_name: str, text: str) -> None:
        """Console input typed for one guest: it reaches the real console first."""
        g = self.by_name[guest_name]
        data = encode_console_text(text)
        self.machine.console.feed(data)
        self.routes.extend([g.index] * len(data))
        step = self.current_step
        if step is not None and step[0] == _IDLE:
            # The VMM idles in WFI, which wakes on console input.
            step[1] = self.machine.cycles - self.work_start

    def _route_input(self) -> None:
        console = self.machine.console
        while console.input and self.routes:
            g = self.guests[self.routes.popleft()]
            g.vcpu.console.input.append(console.input.popleft())
            if g.state == WAITING:
                self._wake(g, self.machine.cycles)
            elif g.state == PAUSED and g.paused_from == WAITING:
                self._paused_input(g)

    # ------------------------------------------------------------------ accounting
    def _attribute(self, at: int, bucket: str) -> None:
        self.attribution.switch(at, bucket)

    def cycles_by_bucket(self) -> dict[str, int]:
        """Physical cycles so far by owner; they add up to the cycle count."""
        return self.attribution.totals(self.machine.cycles)

    def _charge(self, index: int, cycles: int) -> None:
        """VMM cycles spent for guest `index`: from its slice, or its next one."""
        g = self.guests[index]
        g.vmm_cycles += cycles
        if index == self.slice_owner:
            self.slice_used += cycles
        else:
            g.debt += cycles

    def charged(self) -> dict[str, int]:
        """VMM cycles so far on behalf of each guest, exact at every cycle.

        They add up to the "vmm" bucket (with the "host" bucket under type 2): every VMM
        cycle, and every cycle of the host kernel's part of an exit, works for one guest.
        """
        out = {g.name: g.vmm_cycles for g in self.guests}
        step = self.current_step
        if step is not None and step[0] != _IDLE:
            g = self.guests[step[2]]
            out[g.name] += max(0, self.machine.cycles - self.work_start)
        return out

    def _write_save_area(self, g: Guest) -> None:
        self.machine.write_words(self.save_area_address(g), g.vcpu.save_area_words(g.state))

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        ex = self.current_exit
        return {
            "running": self.running, "last": self.last, "slice_used": self.slice_used,
            "slice_owner": self.slice_owner,
            "entry": list(self.entry), "work": [list(s) for s in self.work],
            "work_start": self.work_start,
            "pending_exit": list(self.pending_exit) if self.pending_exit else None,
            "exit_guest": self.exit_guest,
            "current_exit": None if ex is None else ex.get_state(),
            "routes": list(self.routes), "guests": [g.get_state() for g in self.guests],
            "attribution": self.attribution.get_state(),
            "exits_by_cause": dict(self.exits_by_cause), "world_switches": self.world_switches,
            "handling": self.handling, "requests": list(self.requests),
            **({"host_transitions": self.host_transitions} if self.hosted else {}),
            **({"host_syscalls": self.host_syscalls} if self.kvm else {}),
            **({} if (own := self.technique.get_state()) is None else {"technique": own}),
        }

    def set_state(self, state: dict) -> None:
        """Restore; the event log must already be back at the same moment (its reservation too)."""
        self.running, self.last = state["running"], state["last"]
        self.slice_used = state["slice_used"]
        self.slice_owner = state["slice_owner"]
        self.entry = list(state["entry"])
        self.work = [list(s) for s in state["work"]]
        self.work_start = state["work_start"]
        self.pending_exit = Unit(*state["pending_exit"]) if state["pending_exit"] else None
        self.exit_guest = state["exit_guest"]
        self.routes = deque(state["routes"])
        for g, gs in zip(self.guests, state["guests"]):
            g.set_state(gs)
        self.attribution.set_state(state["attribution"])
        self.exits_by_cause = dict(state["exits_by_cause"])
        self.world_switches = state["world_switches"]
        self.handling = state["handling"]
        self.requests = list(state["requests"])
        self.host_transitions = state.get("host_transitions", 0)
        self.host_syscalls = state.get("host_syscalls", 0)
        saved = state["current_exit"]
        self.current_exit = None if saved is None else ExitRecord.from_state(saved)
        self.technique.set_state(state.get("technique"))
        self._bp_resume_cycle = None

    def summary(self) -> dict:
        """The `vmlab run --scenario --json` view."""
        totals = self.cycles_by_bucket()
        charged = self.charged()
        guests = {}
        for g in self.guests:
            v = g.vcpu
            guests[g.name] = {
                "console": v.console.text(), "state": g.state, "regs": list(v.regs),
                "sr": v.sr_dict(), "exits": dict(sorted(g.exits.items())),
                "cycles": {"kernel": totals[f"{g.name}.kernel"],
                           "user": totals[f"{g.name}.user"]},
                "vmm_cycles": charged[g.name],    # the VMM's work on its behalf
            }
            if v.disk is not None:
                guests[g.name]["disk"] = v.disk.summary()
            if g.process:              # kvm: a host process, no virtual machine
                guests[g.name]["kind"] = "process"
        vmm = {"cycles": totals[BUCKET_VMM], "exits": sum(self.exits_by_cause.values()),
               "world_switches": self.world_switches, "idle": totals[BUCKET_IDLE]}
        if self.hosted:                # type 2: the host OS kernel's part of the exits
            vmm["host"] = {"cycles": totals[BUCKET_HOST], "transitions": self.host_transitions}
        if self.kvm:                   # kvm: the host kernel's work for its processes
            vmm["host"] = {"cycles": totals[BUCKET_HOST], "syscalls": self.host_syscalls}
        own = self.technique.counters(self)
        if own:
            vmm["technique"] = own     # what the technique reports of its own work
        return {"cycles": self.machine.cycles, "guests": guests, "vmm": vmm}

