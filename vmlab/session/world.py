"""A world of two hosts joined by a link, on one global clock: live migration.

The scenario's host (the *source*) runs its guests as VmmEngine does; a
second host (the *destination*), a machine with its own VMM, waits for the
migrating guest with its partition empty (the guest there is paused, its
memory zero).  Both hosts advance in lockstep: every run() ends with both
machines at the same cycle, so a cycle number means the same instant on
either, and the world is as deterministic as one host.  The pre-copy itself
(rounds, stop rules, stop and copy: vmlab/vmm/migration.py, docs/migration.md)
is driven from here at exact cycles: the start, each round's end (when the
source's dirty log is read and cleared and the round's blocks are copied to
the destination), the pause landing on the source, and the resume on the
destination `downtime` cycles later.

The engine shows the host the migrating guest is on (`machine`, the CPU, the
activity, the memory map): the source until the guest resumes on the
destination, then the destination.  Each host logs its own events: the
session's log is the source's, the destination's is `destination_log`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ..machine.cpu import BLOCK_WORDS, CYCLE_LIMIT
from ..messages import M
from ..observe.events import EventLog, VmExit
from ..observe.vocabulary import GuestCommand
from ..scenario import Scenario
from ..vmm.guest import PAUSED, POWERED_OFF, READY, RUNNING, WAITING
from ..vmm.migration import (DONE, DOWNTIME, PRECOPY, STOPPING, WAITING as
                             NOT_STARTED, Precopy, downtime_cycles, guest_blocks)
from .engine import Engine
from .hosted import VmmEngine
from .views import Activity, Counters, GuestView, MemoryMap, TranslatedBlock

SOURCE, DESTINATION = "source", "destination"
_PAUSE, _RESUME, _POWER_OFF = (c.value for c in (GuestCommand.PAUSE, GuestCommand.RESUME,
                                                 GuestCommand.POWER_OFF))
_CAN_RUN = (READY, RUNNING, WAITING)


class WorldEngine(Engine):
    """Two VMM hosts and a link; one guest migrates from the first to the second."""

    def __init__(self, scenario: Scenario, log: EventLog) -> None:
        super().__init__(scenario, log)
        config = scenario.migration
        self.config = config
        self.source = VmmEngine(scenario, log)
        moving = next(g for g in scenario.guests if g.name == config.guest)
        # The destination's own log: one log holds one exit in progress at a time, and
        # each host has its own.
        self.destination_log = EventLog(log.maxlen)
        self.destination = VmmEngine(replace(scenario, guests=[moving], migration=None),
                                     self.destination_log)
        dest = self.destination.vmm
        dest.command_guest(config.guest, _PAUSE)      # waits for the guest, its memory empty
        g = dest.by_name[config.guest]
        dest.machine.write_words_in_range(g.base, [0] * g.size)
        self.precopy = Precopy(config, moving.memory)
        # The cycle pre-copy begins at: the scenario's `start`, or earlier when the user
        # starts the migration now (start_migration; saved with the world's state).
        self.start = config.start

    # ------------------------------------------------------------------ hosts
    @property
    def moved(self) -> bool:
        return self.precopy.phase == DONE

    @property
    def primary(self) -> VmmEngine:
        """The host shown and run first: the one the migrating guest is on, or once it has
        moved and its new host has stopped, the source while guests still run there."""
        return self._hosts()[0]

    @property
    def machine(self):
        return self.primary.machine

    @property
    def vmm(self):
        return self.primary.vmm

    @property
    def attribution(self):
        return self.primary.attribution

    def _host_of(self, guest: str) -> VmmEngine:
        return self.destination if self.moved and guest == self.config.guest else self.source

    def _hosts(self) -> tuple[VmmEngine, VmmEngine]:
        """(the primary host, the other one)."""
        if not self.moved:
            return self.source, self.destination
        if self.destination.machine.halted and not self.source.machine.halted:
            return self.source, self.destination
        return self.destination, self.source

    # ------------------------------------------------------------------ running
    def run(self, until_cycle: int, stop_on_trap: bool) -> str:
        while True:
            primary, other = self._hosts()
            m = primary.machine
            if m.halted:
                self._follow(other, m.cycles)
                return m.halted
            if m.cycles >= until_cycle:
                return CYCLE_LIMIT
            target = min(until_cycle, self._next_event(m.cycles))
            reason = primary.run(target, stop_on_trap)
            now = m.cycles
            self._events(now)                   # (the destination is brought to each instant)
            for host in (self.source, self.destination):
                self._follow(host, now)
            if reason != CYCLE_LIMIT and not m.halted:
                return reason                   # a breakpoint, the next trap

    def _follow(self, host: VmmEngine, now: int) -> None:
        """The other host catches up with the primary (it cannot stop early: no breakpoints,
        no stop at traps; a halted host's clock stands)."""
        if not host.machine.halted and host.machine.cycles < now:
            host.run(now, False)

    def _next_event(self, now: int) -> int:
        p = self.precopy
        if p.phase == NOT_STARTED:
            return max(now + 1, self.start)
        if p.phase == PRECOPY:
            return p.round_end
        if p.phase == DOWNTIME:
            return p.resume_cycle
        if p.phase == STOPPING:
            # The pause lands at the guest's next VM exit, at some P: run no further than
            # the shortest downtime at a time, so the resume at P + downtime is still ahead.
            cfg = self.config
            return now + downtime_cycles(0, cfg.link_words_per_cycle, cfg.link_latency)
        return 1 << 62

    def _events(self, now: int) -> bool:
        """What the migration does at `now`, both hosts there.  True: the guest moved."""
        p = self.precopy
        src = self.source.vmm
        g = src.by_name[self.config.guest]
        if p.phase == NOT_STARTED and now >= self.start:
            if g.state not in _CAN_RUN:
                p.abandon()
                return False
            src.machine.start_dirty_log()
            p.begin(now)
        if p.phase == PRECOPY and now >= p.round_end:
            sent = p.sending
            dirtied = guest_blocks(src.machine.take_dirty(), g.base, g.size)
            self._copy(sent)
            if p.end_round(now, dirtied) is not None:
                if g.state not in _CAN_RUN:
                    self._abandon()
                    return False
                src.command_guest(g.name, _PAUSE)     # stop and copy: at once, or at its exit
        if p.phase == STOPPING:
            if g.state == PAUSED:
                since = guest_blocks(src.machine.take_dirty(), g.base, g.size)
                src.machine.stop_dirty_log()
                p.paused(g.paused_at, since)
            elif g.request is None and g.state not in _CAN_RUN:
                self._abandon()                 # it halted at the exit the pause waited for
                return False
        if p.phase == DOWNTIME and now >= p.resume_cycle:
            at = p.resume_cycle
            self._follow(self.destination, at)
            self._switch()
            self._follow(self.destination, now)     # the guest runs there from `at` on
            return True
        return False

    def migration_refusal(self):
        """Why the migration cannot be started now, ahead of its `start` (a message; None:
        it can)."""
        p, name = self.precopy, self.config.guest
        if p.phase != NOT_STARTED:
            return M("the migration of {name} has already begun (it is in phase {phase})",
                     name=name, phase=p.phase)
        if self.source.machine.halted or self.destination.machine.halted:
            return M("the run has ended: {name} can no longer be migrated", name=name)
        g = self.source.vmm.by_name[name]
        if g.state not in _CAN_RUN:
            return M("{name} is {state}: only a guest that runs is migrated live (resume it "
                     "first)", name=name, state=g.state)
        if g.request is not None:
            return M("{name} is about to be paused: only a guest that runs is migrated live",
                     name=name)
        return None

    def start_migration(self) -> None:
        """Begin pre-copy now instead of at the scenario's `start` (migration_refusal() said
        it can): round 1 starts at this cycle, both hosts being here."""
        now = self.source.machine.cycles
        self.start = now
        self._events(now)

    def _abandon(self) -> None:
        self.source.machine.stop_dirty_log()
        self.precopy.abandon()

    def _copy(self, blocks) -> None:
        """Send these blocks' words as they are now from the source to the destination."""
        name = self.config.guest
        src, dst = self.source.vmm.by_name[name], self.destination.vmm.by_name[name]
        mem, out = self.source.machine.mem, self.destination.machine
        for b in blocks:
            lo = b * BLOCK_WORDS
            n = min(BLOCK_WORDS, src.size - lo)
            out.write_words_in_range(dst.base + lo, mem[src.base + lo:src.base + lo + n])

    def _switch(self) -> None:
        """The guest's last blocks, VCPU and devices arrive: it resumes on the destination;
        on the source it is powered off (its memory freed)."""
        p, name = self.precopy, self.config.guest
        src_vmm, dst_vmm = self.source.vmm, self.destination.vmm
        src, dst = src_vmm.by_name[name], dst_vmm.by_name[name]
        self._copy(p.pending)
        here = self.source.machine.mem[src.base:src.base + src.size]
        there = self.destination.machine.mem[dst.base:dst.base + dst.size]
        if here != there:                       # the model lost a write: never run on
            raise RuntimeError(f"migration of {name}: the destination's memory differs "
                               "from the source's")
        dst.set_state(src.get_state())          # its VCPU, devices, counters, paused state
        if src.vcpu.disk is not None:
            dst.vcpu.disk.set_state(src.vcpu.disk.get_state())
        dst_vmm.technique.power_on(dst_vmm, dst)   # what the technique keeps: made anew there
        p.finish()
        dst_vmm.command_guest(name, _RESUME)
        src_vmm.command_guest(name, _POWER_OFF)

    def step_instruction(self, advance: Callable[[int], str]) -> str:
        return self.primary.step_instruction(advance)

    def feed_input(self, guest: str, text: str) -> None:
        self._host_of(guest).feed_input(guest, text)

    def refusal(self, guest: str, command: str) -> str | None:
        if guest == self.config.guest and self.precopy.phase in (PRECOPY, STOPPING, DOWNTIME):
            return f"{guest} is being migrated: wait until it resumes on the destination"
        return self._host_of(guest).refusal(guest, command)

    def command_guest(self, guest: str, command: str) -> None:
        self._host_of(guest).command_guest(guest, command)

    # Snapshots: of the guest where it is now (a guest being migrated is not paused by the
    # user: refused as a VMM refuses a guest that is not paused).
    def capture_refusal(self, guest: str):
        return self._host_of(guest).capture_refusal(guest)

    def capture_guest(self, guest: str):
        return self._host_of(guest).capture_guest(guest)

    def guest_image(self, guest: str) -> dict[int, int]:
        return self._host_of(guest).guest_image(guest)

    def restore_refusal(self, guest: str, snapshot):
        if guest == self.config.guest and self.precopy.phase in (PRECOPY, STOPPING, DOWNTIME):
            return f"{guest} is being migrated: restore it before or after"
        return self._host_of(guest).restore_refusal(guest, snapshot)

    def restore_guest(self, guest: str, snapshot, shown: str) -> None:
        self._host_of(guest).restore_guest(guest, snapshot, shown)

    # ------------------------------------------------------------------ state
    def get_state(self) -> dict:
        return {SOURCE: self.source.get_state(), DESTINATION: self.destination.get_state(),
                "destination_log": self.destination_log.get_state(),
                "migration": self.precopy.get_state(), "start": self.start}

    def set_state(self, state: dict) -> None:
        self.destination_log.set_state(state["destination_log"])
        self.source.set_state(state[SOURCE])
        self.destination.set_state(state[DESTINATION])
        self.precopy.set_state(state["migration"])
        self.start = state["start"]

    # ------------------------------------------------------------------ reading
    def migration(self) -> dict:
        """The migration's figures so far (docs/migration.md), plain data."""
        p = self.precopy
        out = p.report()
        out["host"] = DESTINATION if self.moved else SOURCE
        out["start_cycle"] = self.start         # (earlier than the scenario's if started now)
        out["hosts"] = {name: {"cycles": host.machine.cycles, "halted": host.machine.halted,
                               "guests": [g.name for g in host.vmm.guests
                                          if g.state != POWERED_OFF]}
                        for name, host in ((SOURCE, self.source),
                                           (DESTINATION, self.destination))}
        if p.phase == PRECOPY:
            # What a window shows of the round under way: the blocks in flight, and those
            # the guest has written since the round began (the dirty log, not taken).
            g = self.source.vmm.by_name[self.config.guest]
            out["round_start"], out["round_end"] = p.round_start, p.round_end
            out["in_flight"] = list(p.sending)
            out["dirtied_so_far"] = sorted(guest_blocks(self.source.machine.dirty or (),
                                                        g.base, g.size))
        return out

    @property
    def running_guest(self) -> str | None:
        return self.primary.running_guest

    def guest(self, name: str) -> GuestView:
        view = self._host_of(name).guest(name)
        if name == self.config.guest and self.precopy.phase in (PRECOPY, STOPPING, DOWNTIME):
            view = replace(view, commands=())        # none while it is being migrated
        return view

    def activity(self) -> Activity:
        return self.primary.activity()

    def buckets(self) -> list[str]:
        return self.primary.buckets()

    def memory_owners(self) -> list[tuple[int, int, str]]:
        return self.primary.memory_owners()

    def memory_map(self) -> MemoryMap:
        return self.primary.memory_map()

    def physical_address(self, guest: str, address: int) -> int:
        return self._host_of(guest).physical_address(guest, address)

    def pending_input(self, guest: str) -> str:
        return self._host_of(guest).pending_input(guest)

    def disk_words(self, guest: str) -> list[int] | None:
        return self._host_of(guest).disk_words(guest)

    def counters(self) -> Counters:
        base = self.source.counters()
        if not self.moved:
            return base
        there = self.destination.counters()
        guests = dict(base.guests)
        guests[self.config.guest] = there.guests[self.config.guest]
        exits = dict(base.exits_by_cause)
        for cause, n in there.exits_by_cause.items():
            exits[cause] = exits.get(cause, 0) + n
        return Counters(guests, exits, base.world_switches + there.world_switches,
                        base.technique)

    def exit_actions(self) -> tuple[str, ...]:
        return self.primary.exit_actions()

    def translated_blocks(self, guest: str) -> list[TranslatedBlock]:
        return self._host_of(guest).translated_blocks(guest)

    def exit_in_progress(self) -> VmExit | None:
        return self.primary.exit_in_progress()

    def summary(self, stopped: str | None) -> dict:
        out = self.source.summary(stopped)
        there = self.destination.summary(stopped)
        if self.moved:
            out["guests"][self.config.guest] = there["guests"][self.config.guest]
        out["cycles"] = max(out["cycles"], there["cycles"])
        out["hosts"] = {SOURCE: {"cycles": self.source.machine.cycles,
                                 "halted": self.source.machine.halted,
                                 "vmm": self.source.summary(stopped)["vmm"]},
                        DESTINATION: {"cycles": self.destination.machine.cycles,
                                      "halted": self.destination.machine.halted,
                                      "vmm": there["vmm"]}}
        out["migration"] = self.migration()
        return out
