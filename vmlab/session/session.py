"""A Session: one running scenario — an engine (the bare machine or a VMM), history, events.

Everything that drives the simulation goes through here: the command line,
the GUI and the lesson engine.  The session advances in slices; between
slices it applies what the user did (console input typed, a guest paused,
resumed, powered off or on) at the exact cycles it was done, in the order it
was done, and takes checkpoints, so any earlier cycle can be revisited
(checkpoint + replay) and stepping back over a pause and forward again gives
the very same states.

What runs is an engine (session/engine.py): the same interface natively and
under a VMM.  What a panel or a lesson sees is the session's *read model*:
guest views, the CPU, what it is doing, memory, counters, cycle attribution,
and the events through a cursor (`events`).  The simulation objects
themselves (`machine`, `vmm`, `log`) stay here for the command line and the
tests; the GUI and the lessons never touch them (tests/test_layering.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from typing import NamedTuple

from ..machine.cpu import BREAKPOINT, CYCLE_LIMIT, PREDICATE
from ..machine.devices import encode_console_text
from ..machine.state import STALLED
from ..observe.events import Event, EventLog, VmExit
from ..messages import M
from ..observe.vocabulary import GuestCommand, GuestState
from ..scenario import Scenario
from ..vmm.costs import CostModel
from ..vmm import snapshot_file
from ..vmm.guest import LifecycleError
from ..vmm.techniques import TechniqueInfo
from .engine import NEXT_TRAP, make_engine
from .feed import EventFeed, is_trap_event
from .history import History
from .views import Activity, Counters, CpuView, GuestView, MemoryMap, TranslatedBlock

DEFAULT_STEP_LIMIT = 10_000_000   # no single "run to …" command goes further than this
STREAM_SLICE = 10_000             # cycles run between two reads of the log while streaming
INPUT = "input"                   # a UserAction's kind for console input typed
RESTORE = "restore"               # a UserAction's kind for a guest restored from a snapshot
CLONE = "clone"                   # a UserAction's kind for a clone with a new identity
CLONE_SAME = "clone-same-identity"   # ... and for an exact copy, identity included
MIGRATE = "migrate"               # ... for a live migration started now, ahead of its start
# A scheduled clone ([clone], vmm/clone.py) on its way: before its cycle, pausing its source
# (the pause waits for the source's next VM exit), done, or not done (the source had stopped).
CLONE_AHEAD, CLONE_PAUSING, CLONE_DONE, CLONE_SKIPPED = "ahead", "pausing", "done", "skipped"


class UserAction(NamedTuple):
    """Something the user did at a cycle, replayed there after stepping back: console input
    typed for a guest (kind INPUT, its text), or a GuestCommand given to a guest."""

    cycle: int
    guest: str
    kind: str                     # INPUT, RESTORE, CLONE, CLONE_SAME, MIGRATE or a GuestCommand
    text: str = ""                # INPUT: the text; RESTORE, CLONE: the snapshot, as shown
    snapshot: object = None       # RESTORE, CLONE: the Snapshot (data: replayed from memory)


class Session:
    def __init__(self, scenario: Scenario, *, checkpoint_interval: int = 20_000,
                 log_size: int = 50_000) -> None:
        self.scenario = scenario
        self.log = EventLog(log_size)
        self.engine = make_engine(scenario, self.log)
        self.events = EventFeed(self.log, self.engine.exit_in_progress)
        self.guest_names = [g.name for g in scenario.guests]
        self.breakpoints: dict[str, set[int]] = {name: set() for name in self.guest_names}
        self.actions: list[UserAction] = []   # what the user did, in order
        self.applied = 0                      # how many of them the state includes
        self.history = History(checkpoint_interval)
        # The scenario's [clone], if any: where it stands (plain data, saved in checkpoints).
        self.clone_state = None if scenario.clone is None else {
            "phase": CLONE_AHEAD, "paused_here": False, "cycle": None}
        self.history.record(0, self._capture())
        self.last_reason: str | None = None

    # ------------------------------------------------------------------ the read model
    @property
    def machine(self):
        """The machine of the host the engine shows (with two hosts, the one the migrating
        guest is on): for the command line and tests, not the GUI."""
        return self.engine.machine

    @property
    def vmm(self):
        return getattr(self.engine, "vmm", None)

    def migration(self) -> dict | None:
        """Live migration (docs/migration.md), plain data: the phase, per round the blocks
        and words sent and dirtied and the round's cycles, the stop and copy, the total
        traffic and its multiple of the guest's memory, the downtime and the stop reason.
        None when the scenario migrates no guest."""
        return self.engine.migration()

    @property
    def technique(self) -> TechniqueInfo:
        """The technique running the guests (the registry's entry)."""
        return self.engine.technique

    @property
    def native(self) -> bool:
        """One kernel on the bare machine (for the command line and tests; panels ask
        what they show instead)."""
        return self.engine.technique.native

    @property
    def under_vmm(self) -> bool:
        """A VMM runs the guests (their kernels are de-privileged, exits happen)."""
        return self.engine.technique.under_vmm

    @property
    def costs(self) -> CostModel:
        """The VMM's cost model in this scenario."""
        return self.scenario.costs

    @property
    def cycle(self) -> int:
        return self.machine.cycles

    @property
    def halted(self) -> str | None:
        return self.machine.halted

    @property
    def running_guest(self) -> str | None:
        """The guest whose code the CPU is executing now (None: VMM or idle)."""
        return self.engine.running_guest

    @property
    def cpu_mode(self) -> str:
        return "kernel" if self.machine.kernel_mode else "user"

    @property
    def memory_words(self) -> int:
        """Words of physical memory."""
        return self.machine.memory_words

    def physical_memory(self) -> list[int]:
        """Physical memory, word by word (the live list: read it, never write it)."""
        return self.machine.mem

    def guest_word(self, guest: str, address: int) -> int:
        """A word of a guest's own memory (its address 0 is its first word)."""
        view = self.guest(guest)
        if not 0 <= address < view.size:
            raise IndexError(f"address {address!r} is outside {guest}'s {view.size} words")
        return self.machine.mem[view.base + address]

    def cpu(self) -> CpuView:
        """The physical CPU's registers."""
        return self.engine.cpu()

    def counters(self) -> Counters:
        """Exits, traps, emulations, reflections, injections, charged VMM cycles, switches."""
        return self.engine.counters()

    def translated_blocks(self, guest: str) -> list[TranslatedBlock]:
        """The guest's kernel code as binary translation has translated it (start, the
        original words, the callout addresses), by address; [] under other techniques."""
        return self.engine.translated_blocks(guest)

    def buckets(self) -> list[str]:
        """Cycle-attribution owners, in the order they are shown (guests, VMM, idle)."""
        return self.engine.buckets()

    def memory_map(self) -> MemoryMap:
        return self.engine.memory_map()

    def guest(self, name: str) -> GuestView:
        return self.engine.guest(name)

    def activity(self) -> Activity:
        """What the physical CPU is doing at this cycle."""
        return self.engine.activity()

    def cycles_by_bucket(self) -> dict[str, int]:
        return self.attribution.totals(self.machine.cycles)

    @property
    def attribution(self):
        """The cycle attribution (read-only for observers): totals, segments, open tail."""
        return self.engine.attribution

    def timeline(self) -> list[tuple[int, int, str]]:
        return self.attribution.segments(self.machine.cycles)

    def pending_input(self, guest: str) -> str:
        """Console input typed for a guest that its kernel has not read yet."""
        return self.engine.pending_input(guest)

    def disk_words(self, guest: str) -> list[int] | None:
        """A copy of the guest's disk as it is now, to save as an image (None: no disk)."""
        return self.engine.disk_words(guest)

    def memory_owners(self) -> list[tuple[int, int, str]]:
        """(start, end, owner) of physical memory: "vmm", a guest's name, "free"."""
        return self.engine.memory_owners()

    def exit_in_progress(self) -> VmExit | None:
        """The VM exit the VMM is handling now, as it stands (None natively or between exits)."""
        return self.engine.exit_in_progress()

    def exit_actions(self) -> tuple[str, ...]:
        """What may be done about a trap or VM exit in this session (ExitAction values and
        the technique's own)."""
        return self.engine.exit_actions()

    def trap_events(self) -> list:
        """Hardware traps (native) or VM exits (under a VMM), oldest first.

        The exit the VMM is still handling comes last, as it stands.
        """
        events, _ = self.events.read(unsettled=True)
        return [e for e in events if is_trap_event(e)]

    def last_trap_event(self):
        """The most recent trap or VM exit (an exit as it stands while handled), or None."""
        current = self.exit_in_progress()
        if current is not None:
            return current
        for event in reversed(self.log.events):
            if is_trap_event(event):
                return event
        return None

    # ------------------------------------------------------------------ breakpoints
    def physical_address(self, guest: str, address: int) -> int:
        """The host address of a guest address (in its own memory)."""
        return self.engine.physical_address(guest, address)

    def resolve_location(self, guest: str, where: int | str) -> int:
        """A guest address from a number or a label of its program."""
        if isinstance(where, int):
            return where
        program = self.scenario.guests[self.guest_names.index(guest)].program
        if where not in program.labels:
            raise KeyError(f"guest {guest!r} has no label {where!r}")
        return program.load_address_of(where)   # labels inside .phase: where they are loaded

    def set_breakpoint(self, guest: str, where: int | str, on: bool = True) -> int:
        address = self.resolve_location(guest, where)
        if on:
            self.breakpoints[guest].add(address)
        else:
            self.breakpoints[guest].discard(address)
        self._sync_breakpoints()
        return address

    def toggle_breakpoint(self, guest: str, address: int) -> bool:
        on = address not in self.breakpoints[guest]
        self.set_breakpoint(guest, address, on)
        return on

    def _sync_breakpoints(self) -> None:
        self.machine.set_breakpoints(self.physical_address(g, a)
                                     for g, addresses in self.breakpoints.items()
                                     for a in addresses)

    # ------------------------------------------------------------------ input, commands
    @property
    def inputs(self) -> list[tuple[int, str, str]]:
        """Console input typed so far: (cycle, guest, text), in order."""
        return [(a.cycle, a.guest, a.text) for a in self.actions if a.kind == INPUT]

    def feed_input(self, guest: str, text: str) -> None:
        """Console input typed now; it is replayed at this cycle after stepping back."""
        encode_console_text(text)  # reject what the console cannot carry, before logging it
        self._record(UserAction(self.machine.cycles, guest, INPUT, text))

    def _record(self, action: UserAction) -> None:
        """Do `action` now and keep it, so replay does it again at this cycle."""
        # Something new done now rewrites the future: forget what was recorded after now.
        del self.actions[self.applied:]
        self.history.drop_after(action.cycle)
        self.actions.append(action)
        self._apply(action)
        self.applied = len(self.actions)

    def _apply(self, action: UserAction) -> None:
        if action.kind == INPUT:
            self.engine.feed_input(action.guest, action.text)
        elif action.kind == RESTORE:
            self.engine.restore_guest(action.guest, action.snapshot, action.text)
        elif action.kind in (CLONE, CLONE_SAME):
            self.engine.clone_guest(action.guest, action.snapshot, action.text,
                                    action.kind == CLONE)
        elif action.kind == MIGRATE:
            self.engine.start_migration()
        else:
            self.engine.command_guest(action.guest, action.kind)

    # The guest lifecycle (vmm/lifecycle.py says exactly what each does to the guest).
    def guest_commands(self, guest: str) -> tuple[GuestCommand, ...]:
        """The lifecycle commands the guest can be given now (none natively)."""
        return self.guest(guest).commands

    def command_refusal(self, guest: str, command: str) -> str | None:
        """Why `command` cannot be given to `guest` now, in a sentence (None: it can)."""
        return self.engine.refusal(guest, command)

    def command_guest(self, guest: str, command: str) -> None:
        """Give a guest a lifecycle command now (GuestCommand: pause, resume, power-off,
        power-on); recorded and replayed at this cycle like console input.  LifecycleError
        says why when it cannot be done (no VMM, an unknown guest, the wrong state)."""
        problem = self.engine.refusal(guest, command)
        if problem is not None:
            raise LifecycleError(problem)
        self._record(UserAction(self.machine.cycles, guest, GuestCommand(command).value))

    def pause_guest(self, guest: str) -> None:
        """No CPU for the guest and its virtual clock stands still (at once, or at the VMM's
        next decision if it is on the CPU)."""
        self.command_guest(guest, GuestCommand.PAUSE)

    def resume_guest(self, guest: str) -> None:
        """A paused guest goes on as if no time had passed for it."""
        self.command_guest(guest, GuestCommand.RESUME)

    def power_off_guest(self, guest: str) -> None:
        """The guest stops and its memory is cleared."""
        self.command_guest(guest, GuestCommand.POWER_OFF)

    def power_on_guest(self, guest: str) -> None:
        """A powered-off guest boots again from its image."""
        self.command_guest(guest, GuestCommand.POWER_ON)

    # Snapshots (vmm/snapshot.py; the files: docs/snapshots.md).
    def snapshot_guest(self, guest: str, path, *, base=None) -> dict:
        """Save a paused guest as path (NAME.vmsnap.json, with NAME.mem and, if it has a
        disk, NAME.disk beside it).  With `base` (an earlier snapshot of the same guest, in
        the same folder), a diff snapshot: only the 64-word blocks whose content changed
        since then are stored.  Returns the sizes written ("manifest", "memory" in bytes,
        "blocks" stored) and "touched": the blocks that differ from the guest's image as
        it booted.  LifecycleError if the guest is not paused; SnapshotError for files."""
        snap = self.engine.capture_guest(guest)
        written = None
        if base is not None:
            earlier = snapshot_file.load(base)
            if (earlier.guest, earlier.scenario_digest) != (guest, snap.scenario_digest):
                raise snapshot_file.SnapshotError(str(base), M(
                    "is not a snapshot of {guest} in this scenario: a diff snapshot needs "
                    "one of the same guest as its base", guest=repr(guest)))
            written = changed_blocks(earlier.memory, snap.memory)
        sizes = snapshot_file.save(snap, path, base=base, written_blocks=written)
        booted = [0] * len(snap.memory)
        for address, word in self.engine.guest_image(guest).items():
            booted[address] = word
        sizes["touched"] = len(changed_blocks(booted, snap.memory))
        sizes["total_blocks"] = -(-len(snap.memory) // snapshot_file.BLOCK_WORDS)
        return sizes

    def snapshot_refusal(self, guest: str) -> str | None:
        """Why the guest cannot be saved now, in a sentence (None: it can): it must be
        paused (or stopped for good), under a VMM."""
        return self.engine.capture_refusal(guest)

    def restore_refusal(self, guest: str, path):
        """Why the snapshot file cannot be restored as the guest now (None: it can); the
        file is read and checked whole.  A message, or the SnapshotError itself for a bad
        file (both render in Catalan with render(x, "ca"))."""
        try:
            snap = snapshot_file.load(path)
        except snapshot_file.SnapshotError as err:
            return err
        return self.engine.restore_refusal(guest, snap)

    def restore_guest(self, guest: str, path, *, resume: bool = True) -> None:
        """The guest goes back to the moment saved in the snapshot file `path`, and (with
        `resume`, if it was paused when saved) goes on from there.  Everything is checked
        first: on any problem nothing changes and SnapshotError names the file and says
        why.  Recorded like a command, so stepping back and forward replays it."""
        snap = snapshot_file.load(path)
        problem = self.engine.restore_refusal(guest, snap)
        if problem is not None:
            raise snapshot_file.SnapshotError(str(path), problem)
        self._record(UserAction(self.machine.cycles, guest, RESTORE, str(path), snap))
        if resume and snap.run["state"] == GuestState.PAUSED:
            self.resume_guest(guest)

    # Live migration started by the user (docs/migration.md).
    def migration_refusal(self):
        """Why the scenario's live migration cannot be started now, ahead of its `start`
        cycle (a message; None: it can): no [migration], already begun, the guest not
        running, the run over."""
        refuse = getattr(self.engine, "migration_refusal", None)
        if refuse is None:
            return M("this scenario migrates no guest: live migration needs a [migration] "
                     "table and a second host")
        return refuse()

    def start_migration(self) -> None:
        """Begin the live migration's pre-copy now rather than at its `start` cycle.  Recorded
        like a command, so stepping back and forward replays it at this cycle.
        LifecycleError (its message a Msg) says why when it cannot be done."""
        problem = self.migration_refusal()
        if problem is not None:
            raise LifecycleError(problem)
        self._record(UserAction(self.machine.cycles, self.scenario.migration.guest, MIGRATE))

    # Clones (vmm/clone.py; docs/snapshots.md, Clones).
    def clone_refusal(self, source: str, target: str) -> str | None:
        """Why `source` cannot be cloned into `target` now, in a sentence (None: it can)."""
        problem = self.engine.capture_refusal(source) if self.under_vmm else None
        if problem is not None:
            return problem                  # (a message: it renders in Catalan too)
        try:
            snap = self.engine.capture_guest(source)
        except LifecycleError as err:
            return str(err)
        return self.engine.clone_refusal(target, snap)

    def clone_guest(self, source: str, target: str, *, new_identity: bool = True,
                    resume: bool = True) -> None:
        """Make the powered-off guest `target` (a slot for a clone) a copy of the paused guest
        `source`: its VCPU, memory, disk and devices as they are now.  With new_identity the
        clone's identity device reads the target's own machine id and a generation one
        higher; without, it reads the original's, the pitfall of identical clones.  With
        `resume` the clone goes on at once (the original stays paused until resumed).
        Recorded like a command, so stepping back and forward replays it.  LifecycleError
        says why when it cannot be done (the source not paused, the target not powered
        off or of another program or memory size, no VMM)."""
        snap = self.engine.capture_guest(source)
        problem = self.engine.clone_refusal(target, snap)
        if problem is not None:
            raise LifecycleError(problem)
        self._record(UserAction(self.machine.cycles, target,
                                CLONE if new_identity else CLONE_SAME, source, snap))
        if resume and snap.run["state"] == GuestState.PAUSED:
            self.resume_guest(target)

    def clone_from_snapshot(self, target: str, path, *, new_identity: bool = True,
                            resume: bool = True) -> None:
        """A clone from a snapshot file (of a guest of this or another scenario with the same
        program and memory size) into the powered-off guest `target`; as clone_guest.
        SnapshotError names the file and says why when it cannot be done."""
        snap = snapshot_file.load(path)
        problem = self.engine.clone_refusal(target, snap)
        if problem is not None:
            raise snapshot_file.SnapshotError(str(path), problem)
        self._record(UserAction(self.machine.cycles, target,
                                CLONE if new_identity else CLONE_SAME, str(path), snap))
        if resume and snap.run["state"] == GuestState.PAUSED:
            self.resume_guest(target)

    def _scheduled_clone(self) -> int | None:
        """The scenario's [clone] at this cycle, if it is due: its source paused, then (at
        the first cycle it is paused) cloned into its slot and both resumed.  Returns the
        cycle the session must stop at next for it (None: nothing more to do)."""
        state, config = self.clone_state, self.scenario.clone
        if state is None or state["phase"] in (CLONE_DONE, CLONE_SKIPPED):
            return None
        now = self.machine.cycles
        if state["phase"] == CLONE_AHEAD:
            if now < config.at:
                return config.at
            source = self.guest(config.source)
            if source.state == GuestState.PAUSED:
                state["paused_here"] = False          # paused by the user: left paused
            elif self.engine.refusal(config.source, GuestCommand.PAUSE) is None:
                self.engine.command_guest(config.source, GuestCommand.PAUSE.value)
                state["paused_here"] = True
            else:
                state["phase"] = CLONE_SKIPPED        # it stopped (halted, crashed…) first
                return None
            state["phase"] = CLONE_PAUSING
        source = self.guest(config.source)
        if source.state != GuestState.PAUSED:
            if self.engine.refusal(config.source, GuestCommand.RESUME) is None:
                return now + 1                # the pause waits for the source's next VM exit
            state["phase"] = CLONE_SKIPPED    # it stopped at the exit the pause waited for
            return None
        snap = self.engine.capture_guest(config.source)
        if self.engine.clone_refusal(config.target, snap) is not None:
            state["phase"] = CLONE_SKIPPED    # its slot was powered on meanwhile
        else:
            self.engine.clone_guest(config.target, snap, f"<{config.source}>",
                                    config.new_identity)
            if snap.run["state"] == GuestState.PAUSED:
                self.engine.command_guest(config.target, GuestCommand.RESUME.value)
            state["phase"], state["cycle"] = CLONE_DONE, now
        if state["paused_here"]:
            self.engine.command_guest(config.source, GuestCommand.RESUME.value)
        return None

    def clone_report(self) -> dict | None:
        """The scenario's [clone] as plain data: source, target, at, new_identity, phase
        (ahead, pausing, done, skipped), the cycle it was done at, the machine id and
        generation each guest's identity device reads now, and same_identity: the clone is
        done and both read the same machine id (the pitfall).  None without [clone]."""
        config = self.scenario.clone
        if config is None:
            return None
        identity = {name: self.identity(name) for name in (config.source, config.target)}
        ids = [None if i is None else i["machine_id"] for i in identity.values()]
        return {"source": config.source, "target": config.target, "at": config.at,
                "new_identity": config.new_identity, "phase": self.clone_state["phase"],
                "cloned_at": self.clone_state["cycle"], "identity": identity,
                "same_identity": self.clone_state["phase"] == CLONE_DONE and ids[0] == ids[1]}

    def identity(self, guest: str) -> dict | None:
        """What the guest's identity device reads now: {"machine_id", "generation"} (None:
        it has none)."""
        return self.engine.identity(guest)

    # ------------------------------------------------------------------ advancing
    def _advance(self, until: int, *, stop_on_trap: bool = False) -> str:
        """Run to `until` or an earlier stop, feeding inputs and taking checkpoints."""
        while True:
            m = self.machine        # (with two hosts, the one shown may change on the way)
            if m.halted:
                return m.halted
            if m.cycles >= until:
                return CYCLE_LIMIT
            target = min(until, self.history.next_due)
            if self.clone_state is not None:
                due = self._scheduled_clone()
                if due is not None:
                    target = min(target, due)
            actions = self.actions
            if self.applied < len(actions):
                target = min(target, actions[self.applied].cycle)
            if target > m.cycles:
                reason = self._run_engine(target, stop_on_trap)
            else:
                reason = CYCLE_LIMIT
            while self.applied < len(actions) and actions[self.applied].cycle <= m.cycles:
                self._apply(actions[self.applied])
                self.applied += 1
            if m.cycles >= self.history.next_due:
                self.history.record(m.cycles, self._capture())
            if reason != CYCLE_LIMIT or m.cycles >= until:
                return reason

    def _run_engine(self, target: int, stop_on_trap: bool) -> str:
        return self.engine.run(target, stop_on_trap)

    def _finish(self, reason: str) -> str:
        self.last_reason = reason
        return reason

    def step_cycle(self) -> str:
        return self._finish(self._advance(self.machine.cycles + 1))

    def step_instruction(self) -> str:
        """One instruction of the running code.

        Under a VMM, an instruction that exits is followed through the VMM's
        work to the next VM entry, so the step ends at a guest instruction.
        """
        if self.machine.halted:
            return self._finish(self.machine.halted)
        return self._finish(self.engine.step_instruction(self._advance))

    def run(self, max_cycles: int | None = None, *, until_cycle: int | None = None) -> str:
        """Run until a breakpoint, the end, or the cycle limit."""
        if until_cycle is None:
            until_cycle = self.machine.cycles + (max_cycles if max_cycles is not None
                                                 else self.scenario.max_cycles)
        return self._finish(self._advance(until_cycle))

    def run_to_next_trap(self, max_cycles: int = DEFAULT_STEP_LIMIT) -> str:
        """Stop right after the next hardware trap (native) or VM exit (VMM)."""
        return self._finish(self._advance(self.machine.cycles + max_cycles, stop_on_trap=True))

    def run_until(self, predicate, max_cycles: int = DEFAULT_STEP_LIMIT,
                  slice_cycles: int = 1) -> str:
        """Advance in slices until predicate(session) holds; "predicate" when it does."""
        stop = self.machine.cycles + max_cycles
        while True:
            if predicate(self):
                return self._finish(PREDICATE)
            if self.machine.halted:
                return self._finish(self.machine.halted)
            if self.machine.cycles >= stop:
                return self._finish(CYCLE_LIMIT)
            reason = self._advance(min(stop, self.machine.cycles + slice_cycles))
            if reason == BREAKPOINT:
                return self._finish(reason)

    def stream_events(self, until_cycle: int, *,
                      slice_cycles: int = STREAM_SLICE) -> Iterator[Event]:
        """Run to until_cycle (or an earlier stop), yielding every event logged on the way.

        Each event comes once, oldest first, when it is final (a VM exit is
        complete once the VMM has entered a guest again; at the stop, what
        is left comes as it stands).  None is ever dropped: the log is held
        from the first event not yet yielded, however many events one slice
        produces.  The stop reason is in last_reason afterwards.  A reader
        may stop early (close the generator); the log goes back to its
        bound either way.
        """
        log = self.log
        cursor = self.events.end
        log.hold(cursor.seq)
        try:
            while True:
                m = self.machine
                reason = self._finish(self._advance(min(until_cycle, m.cycles + slice_cycles)))
                done = reason != CYCLE_LIMIT or m.cycles >= until_cycle
                if log.lost_since(cursor.seq):   # pragma: no cover - hold() prevents it
                    raise RuntimeError(f"{log.lost_since(cursor.seq)} events were dropped "
                                       "while held")
                events, cursor = self.events.read(cursor, unsettled=done)
                yield from events
                if done:
                    return
                log.hold(cursor.seq)
        finally:
            log.release()

    # ------------------------------------------------------------------ time travel
    def travel_to(self, cycle: int) -> None:
        """Make the state exactly what it was (or will be) at `cycle`."""
        cycle = max(0, cycle)
        if cycle < self.machine.cycles:
            start, state = self.history.at_or_before(cycle)
            self._restore(state)
        saved = self.machine.breakpoints
        self.machine.set_breakpoints(())
        try:
            self._advance(cycle)
        finally:
            self.machine.set_breakpoints(saved)
        self.last_reason = None

    def step_back(self, cycles: int = 1) -> None:
        self.travel_to(self.machine.cycles - cycles)

    def back_to_previous_trap(self) -> bool:
        """Travel to the most recent trap or VM exit before now; False if none."""
        now = self.machine.cycles
        earlier = [e.cycle for e in self.trap_events() if e.cycle < now]
        if not earlier:
            return False
        self.travel_to(earlier[-1])
        return True

    def _capture(self) -> dict:
        return {
            "cycle": self.machine.cycles,
            "engine": self.engine.get_state(),
            "log": self.log.get_state(),
            "applied": self.applied,
            "clone": None if self.clone_state is None else dict(self.clone_state),
        }

    def _restore(self, state: dict) -> None:
        self.log.set_state(state["log"])
        self.engine.set_state(state["engine"])
        self._sync_breakpoints()
        self.applied = state["applied"]
        self.clone_state = None if state["clone"] is None else dict(state["clone"])

    def state_hash(self) -> str:
        """A digest of the whole simulation state (tests: determinism, travel)."""
        state = self._capture()
        del state["applied"]
        blob = json.dumps(state, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(blob.encode()).hexdigest()

    # ------------------------------------------------------------------ reports
    def summary(self) -> dict:
        """The `vmlab run --scenario … --json` object (with a [clone]: its "clone" object,
        clone_report)."""
        summary = self.engine.summary(self.last_reason)
        if self.scenario.clone is not None:
            summary["clone"] = self.clone_report()
        return summary


def changed_blocks(before: list[int], after: list[int]) -> list[int]:
    """The 64-word blocks (docs/snapshots.md) whose words differ between two memories."""
    size = snapshot_file.BLOCK_WORDS
    return [b for b in range(-(-len(after) // size))
            if before[b * size:(b + 1) * size] != after[b * size:(b + 1) * size]]


__all__ = ["Activity", "Counters", "CpuView", "GuestCommand", "GuestView", "LifecycleError",
           "MemoryMap", "NEXT_TRAP", "Session", "STALLED", "UserAction"]
