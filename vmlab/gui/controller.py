"""The GUI's single handle on the simulation: commands in, "changed" out.

Panels never own simulation state: they read the Session after `changed`.
Running happens in time slices driven by a QTimer, so the event loop stays
free: a frame budget bounds each slice, panels refresh once per frame, and
pause takes effect at the next frame (well under 100 ms).

The guests print in the interface's language: a scenario or program opened,
and a reset, assemble the kernels in it (their .lang blocks, see
vmlab/asm/languages.py); a session already running keeps its kernels until
then.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from ..machine.cpu import CYCLE_LIMIT, PREDICATE
from ..inputs import InputError
from ..scenario import load_scenario, program_scenario
from ..lessons.progress import data_home
from ..messages import M
from ..session import NEXT_TRAP, GuestCommand, Session
from ..vmm import techniques
from . import theme
from .i18n import current_language

FRAME_MS = 30            # refresh period while running (about 33 frames per second)
FRAME_BUDGET_S = 0.022   # simulation time per frame at maximum speed
MAX_SPEED = 0            # speed value meaning "as fast as possible"
# The speeds offered (cycles per second); a lesson may set any other (speed_choices).
SPEEDS = (4, 20, 100, 200, 1_000, 5_000, 20_000, 100_000, MAX_SPEED)
# A new user's speed: the classroom's.  In two-guests a VM exit comes about every
# 100-200 cycles and the VMM handles one in about 55, so at 200 cycles per second
# about one to three exits a second light the VMM, each for a quarter of a second or
# more (several frames): a room can follow guest, VMM, guest.  At 1,000 the VMM is
# lit for a frame or two at a time, a flicker; at the maximum the scenario ends in
# under half a second.  (tests/gui/test_layer_diagram.py measures it.)
CLASSROOM_SPEED = 200
MAX_SET_SPEED = 100_000_000   # the fastest speed a lesson or the settings may ask for
# Snapshots from the window (docs/snapshots.md).  A guest on the CPU pauses at the VMM's
# next decision (its next VM exit, at the latest when its slice ends): the controller runs
# until then in slices of a frame, never more than PAUSE_WITHIN cycles.
SNAPSHOT_SUFFIX = ".vmsnap.json"
PAUSE_WITHIN = 1_000_000
PAUSE_SLICE = 2_000          # cycles per run_until call while waiting for a pause


def speed_label(speed: int) -> str:
    """A speed as the Speed menu shows it, digits grouped the language's way
    ("100,000 cycles/s", "100.000 cicles/s"); MAX_SPEED is "maximum"."""
    if speed == MAX_SPEED:
        return QCoreApplication.translate("SessionController", "maximum")
    if speed == 1:
        return QCoreApplication.translate("SessionController", "1 cycle/s (slow motion)")
    if speed <= 20:
        text = QCoreApplication.translate("SessionController", "%1 cycles/s (slow motion)")
    else:
        text = QCoreApplication.translate("SessionController", "%1 cycles/s")
    return text.replace("%1", theme.fmt_int(speed))


def speed_choices(current: int) -> list[tuple[int, str]]:
    """(speed, label) for the Speed menu and picker: the presets, slowest first and the
    maximum last, with the current speed in its place when it is none of them (a
    lesson's set-speed), so the picker always shows the speed that runs."""
    speeds = [s for s in SPEEDS if s != MAX_SPEED]
    if current not in SPEEDS:
        speeds.append(current)
    return [(s, speed_label(s)) for s in sorted(speeds)] + [(MAX_SPEED, speed_label(MAX_SPEED))]


def valid_speed(value) -> bool:
    """A speed the controller can run at: MAX_SPEED or 1 to MAX_SET_SPEED cycles/s."""
    return (isinstance(value, int) and not isinstance(value, bool)
            and 0 <= value <= MAX_SET_SPEED)


@dataclass(frozen=True)
class RegisterSnapshot:
    """Register values before the last command, to highlight what changed."""

    cycle: int
    cpu_regs: tuple
    cpu_sr: dict
    guests: dict            # name -> (regs tuple, sr dict, pc)


class SessionController(QObject):
    changed = Signal()              # state changed: panels refresh
    sessionReplaced = Signal()      # a different session (reset, scenario, technique)
    runningChanged = Signal(bool)
    stopped = Signal(str)           # a run or step ended with this reason
    inputFed = Signal(str, str)     # guest, text
    # Waiting for a guest to pause (before a snapshot or a restore): guest, cycles waited so
    # far, the most it may wait; and the end of the wait: guest, paused (False: it never
    # paused within PAUSE_WITHIN cycles, or the run stopped first).
    pauseProgress = Signal(str, int, int)
    pauseFinished = Signal(str, bool)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = _in_interface_language(session)
        self._timer = QTimer(self)
        self._timer.setInterval(FRAME_MS)
        self._timer.timeout.connect(self._tick)
        self._mode: str | None = None        # "run" or "trap" while running
        self._speed = MAX_SPEED
        self._carry = 0.0
        self._last_tick = 0.0
        self._slice = 20_000                 # adapted to fill the frame budget
        self._history: list[int] = []        # cycle before each step command (step back)
        self.before = self._snapshot()
        self.last_reason: str | None = None
        self.frames = 0                      # refreshes while running (benchmarks, tests)
        # The last snapshot taken of each guest, (scenario, guest) -> its manifest: the
        # base a diff snapshot is taken against.
        self._last_snapshots: dict[tuple[str, str], Path] = {}
        self._pause_wait: tuple | None = None    # (guest, start cycle, then) while waiting
        self._pause_timer = QTimer(self)
        self._pause_timer.setInterval(0)
        self._pause_timer.timeout.connect(self._pause_tick)

    # ------------------------------------------------------------------ state
    @property
    def session(self) -> Session:
        return self._session

    @property
    def running(self) -> bool:
        return self._mode is not None

    @property
    def speed(self) -> int:
        return self._speed

    def set_speed(self, cycles_per_second: int) -> None:
        self._speed = cycles_per_second
        self._carry = 0.0

    def _snapshot(self) -> RegisterSnapshot:
        s = self._session
        guests = {}
        for name in s.guest_names:
            view = s.guest(name)
            guests[name] = (tuple(view.regs), dict(view.sr), view.pc)
        cpu = s.cpu()
        return RegisterSnapshot(s.cycle, cpu.regs + (cpu.pc,), cpu.sr, guests)

    def _before_command(self) -> None:
        self.before = self._snapshot()

    def _after_command(self, reason: str | None) -> None:
        self.last_reason = reason
        self.changed.emit()
        if reason and reason != CYCLE_LIMIT:
            self.stopped.emit(reason)

    # ------------------------------------------------------------------ stepping
    def _step(self, action) -> str | None:
        self.pause()
        if self._session.halted:
            self._after_command(self._session.halted)
            return self._session.halted
        self._history.append(self._session.cycle)
        self._before_command()
        reason = action()
        self._after_command(reason)
        return reason

    def step_cycle(self) -> str | None:
        return self._step(self._session.step_cycle)

    def step_instruction(self) -> str | None:
        return self._step(self._session.step_instruction)

    def step_back(self) -> None:
        """Undo the last step command (or go back one cycle)."""
        self.pause()
        now = self._session.cycle
        while self._history and self._history[-1] >= now:
            self._history.pop()
        target = self._history.pop() if self._history else now - 1
        self._travel(max(0, target))

    def back_to_previous_trap(self) -> bool:
        self.pause()
        self._before_command()
        found = self._session.back_to_previous_trap()
        self._after_command(None)
        return found

    def travel_to(self, cycle: int) -> None:
        self.pause()
        self._history.append(self._session.cycle)
        self._travel(cycle)

    def _travel(self, cycle: int) -> None:
        self._before_command()
        self._session.travel_to(cycle)
        self._after_command(None)

    # ------------------------------------------------------------------ running
    def run(self) -> None:
        self._start("run")

    def run_to_next_trap(self) -> None:
        self._start("trap")

    def toggle_run(self) -> None:
        if self.running:
            self.pause()
        else:
            self.run()

    def _start(self, mode: str) -> None:
        self.cancel_pause_wait()
        if self._session.halted:
            self._after_command(self._session.halted)
            return
        self._history.append(self._session.cycle)
        self._before_command()
        self._mode = mode
        self._carry = 0.0
        self._last_tick = time.perf_counter()
        self._resume_first = True
        self._timer.start()
        self.runningChanged.emit(True)

    def pause(self) -> None:
        self.cancel_pause_wait()        # any other command ends a wait for a guest's pause
        if self._mode is None:
            return
        self._mode = None
        self._timer.stop()
        self.runningChanged.emit(False)
        self.changed.emit()

    def _tick(self) -> None:
        """One frame: advance the simulation within the frame budget, refresh once."""
        if self._mode is None:
            return
        self.before = self._snapshot()
        now = time.perf_counter()
        elapsed, self._last_tick = now - self._last_tick, now
        reason = CYCLE_LIMIT
        if self._speed == MAX_SPEED:
            deadline = now + FRAME_BUDGET_S
            while reason == CYCLE_LIMIT and time.perf_counter() < deadline:
                started = time.perf_counter()
                reason = self._advance(self._slice)
                spent = time.perf_counter() - started
                if reason == CYCLE_LIMIT:
                    # Aim for about a quarter of the budget per slice.
                    if spent < FRAME_BUDGET_S / 8:
                        self._slice = min(self._slice * 2, 2_000_000)
                    elif spent > FRAME_BUDGET_S / 2:
                        self._slice = max(self._slice // 2, 500)
        else:
            self._carry += self._speed * min(elapsed, 0.25)
            cycles = int(self._carry)
            self._carry -= cycles
            if cycles:
                reason = self._advance(cycles)
        self.frames += 1
        if reason != CYCLE_LIMIT:
            self._mode = None
            self._timer.stop()
            self.runningChanged.emit(False)
        self._after_command(reason if reason != CYCLE_LIMIT else None)

    def _advance(self, cycles: int) -> str:
        s = self._session
        if self._mode == "trap":
            return s.run_to_next_trap(max_cycles=cycles)
        return s.run(cycles)

    # ------------------------------------------------------------------ other commands
    def feed_input(self, guest: str, text: str) -> None:
        self._session.feed_input(guest, text)
        self.inputFed.emit(guest, text)
        self.changed.emit()

    def command_guest(self, guest: str, command: str) -> None:
        """Pause, resume, power off or power on a guest now (Session.command_guest; while
        running, at the cycle reached)."""
        self._session.command_guest(guest, command)
        self.changed.emit()

    # ------------------------------------------------------------------ snapshots
    @staticmethod
    def snapshot_folder() -> Path:
        """Where the window suggests saving snapshots: snapshots/ in the user's data folder
        (made when first asked for)."""
        folder = data_home() / "snapshots"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def default_snapshot_name(self, guest: str) -> str:
        """A file name for a snapshot of `guest` now: alpha-c50000.vmsnap.json."""
        return f"{guest}-c{self._session.cycle}{SNAPSHOT_SUFFIX}"

    def can_snapshot(self, guest: str) -> bool:
        """The guest can be saved now, as it is (paused, or stopped for good)."""
        return self._session.snapshot_refusal(guest) is None    # the core's own rule

    def can_pause_for_snapshot(self, guest: str) -> bool:
        """The guest runs but can be paused first (and then saved or restored)."""
        view = self._session.guest(guest)
        return (self._session.under_vmm and not self._session.halted
                and (GuestCommand.PAUSE in view.commands or view.pending == GuestCommand.PAUSE))

    def can_restore(self, guest: str) -> bool:
        """A snapshot may be restored into the guest (the file is checked when read); never
        into a host process (kvm), which is no virtual machine."""
        return (self._session.under_vmm and not self._session.halted
                and not self._session.guest(guest).process)

    def must_pause_to_restore(self, guest: str) -> bool:
        """The guest is on the CPU (or about to pause there): a restore needs it off."""
        view = self._session.guest(guest)
        return str(view.state) == "running" or view.pending is not None

    def last_snapshot(self, guest: str) -> Path | None:
        """The last snapshot the window took of `guest` in this scenario, if still there."""
        path = self._last_snapshots.get((self._session.scenario.name, guest))
        return path if path is not None and path.is_file() else None

    def snapshot_guest(self, guest: str, path, *, diff: bool = False) -> dict:
        """Save the paused guest as `path` (Session.snapshot_guest); with `diff`, only the
        blocks changed since its last snapshot (last_snapshot).  Returns the sizes, with
        "cycle", "kind" ("full" or "diff") and "base" (the base's Path, or None).
        LifecycleError if it is not paused; SnapshotError (an InputError) for files."""
        self.pause()
        path = Path(path)
        base = self.last_snapshot(guest) if diff else None
        sizes = self._session.snapshot_guest(guest, path, base=base)
        self._last_snapshots[(self._session.scenario.name, guest)] = path
        return {**sizes, "cycle": self._session.cycle, "kind": "diff" if base else "full",
                "base": base}

    def restore_guest(self, guest: str, path) -> None:
        """Put the guest back as the snapshot `path` says, and resume it (recorded by the
        session: a step back undoes it, a step forward does it again).  Raises what
        Session.restore_guest raises, and then nothing has changed."""
        self.pause()
        self._before_command()
        self._session.restore_guest(guest, path)
        self._after_command(None)

    def pause_guest_then(self, guest: str, then) -> None:
        """Pause a guest and call then(paused) once it is: at once if it is off the CPU;
        else the run goes on in slices from the event loop (the window never freezes,
        pauseProgress tells how far) until the VMM pauses it, within PAUSE_WITHIN cycles.
        then(False) if it did not pause (the run stopped first, or cancel_pause_wait)."""
        self.pause()
        view = self._session.guest(guest)
        if view.pending is None and str(view.state) != "paused":
            self._history.append(self._session.cycle)
            self._before_command()
            self._session.command_guest(guest, GuestCommand.PAUSE)
            self._after_command(None)
        if str(self._session.guest(guest).state) == "paused":
            then(True)
            return
        self._pause_wait = (guest, self._session.cycle, then)
        self._pause_timer.start()

    @property
    def waiting_for_pause(self) -> str | None:
        """The guest the controller is running on for, until it pauses (None: no wait)."""
        return self._pause_wait[0] if self._pause_wait else None

    def cancel_pause_wait(self) -> None:
        """Stop waiting for a pause (the pause stays asked for); its then(False) is called."""
        wait, self._pause_wait = self._pause_wait, None
        self._pause_timer.stop()
        if wait is not None:
            self.pauseFinished.emit(wait[0], False)
            wait[2](False)

    def _pause_tick(self) -> None:
        """One frame of the wait for a pause: run a frame's budget, refresh once."""
        if self._pause_wait is None:
            self._pause_timer.stop()
            return
        guest, start, then = self._pause_wait
        s = self._session

        def paused(session) -> bool:
            return str(session.guest(guest).state) == "paused"

        deadline = time.perf_counter() + FRAME_BUDGET_S
        reason = None
        while time.perf_counter() < deadline:
            left = start + PAUSE_WITHIN - s.cycle
            if paused(s) or left <= 0:
                break
            reason = s.run_until(paused, max_cycles=min(PAUSE_SLICE, left))
            if reason not in (CYCLE_LIMIT, PREDICATE):
                break                               # halted, a breakpoint
        self.before = self._snapshot()
        self.last_reason = reason if reason not in (CYCLE_LIMIT, PREDICATE) else None
        self.changed.emit()
        done = paused(s)
        if done or s.cycle - start >= PAUSE_WITHIN or self.last_reason:
            self._pause_wait = None
            self._pause_timer.stop()
            self.pauseFinished.emit(guest, done)
            then(done)
        else:
            self.pauseProgress.emit(guest, s.cycle - start, PAUSE_WITHIN)

    # ------------------------------------------------------------------ clones
    def clone_targets(self, source: str) -> list[str]:
        """The guests `source` could be cloned into in this scenario (docs/snapshots.md,
        Clones): its slots (clone_of), and any other guest with its program and memory
        size; none without a VMM."""
        s = self._session
        if not s.under_vmm:
            return []
        configs = {g.name: g for g in s.scenario.guests}
        src = configs[source]
        return [g.name for g in s.scenario.guests if g.name != source and (
            g.clone_of == source or (g.memory == src.memory and g.program.entry ==
                                     src.program.entry and g.program.image == src.program.image))]
    def clone_refusal(self, source: str, target: str):
        """Why `source` cannot be cloned into `target` now (a message that renders in Catalan
        too; None: it can).  A source that runs counts as paused first (clone_guest_then):
        then only the slot's side is looked at, as the core's refusal does."""
        s = self._session
        if self.can_snapshot(source) or not self.can_pause_for_snapshot(source):
            return s.clone_refusal(source, target)
        view = s.guest(target)
        if str(view.state) != "powered-off" or view.pending is not None:
            return M("{name} is {state}: a clone goes into a powered-off guest (power it off "
                     "first)", name=repr(target), state=str(view.state))
        return None

    def must_pause_to_clone(self, source: str) -> bool:
        """The source runs: it is paused first (and resumed once cloned)."""
        return not self.can_snapshot(source) and self.can_pause_for_snapshot(source)

    def clone_guest(self, source: str, target: str, *, new_identity: bool = True,
                    resume_source: bool = False) -> None:
        """Clone the paused (or stopped) guest `source` into the powered-off `target` now
        (Session.clone_guest: recorded, a step back undoes it); the clone goes on at once,
        and with resume_source the original too.  LifecycleError says why it cannot be
        done, and then nothing has changed."""
        self.pause()
        s = self._session
        self._before_command()
        s.clone_guest(source, target, new_identity=new_identity)
        self._history.append(s.cycle)
        if resume_source and s.command_refusal(source, GuestCommand.RESUME) is None:
            s.resume_guest(source)
        self._after_command(None)

    def can_clone_from_snapshot(self, target: str) -> bool:
        """`target` is an empty slot (powered off) that a snapshot file may be cloned into
        (the file is checked when read)."""
        s = self._session
        view = s.guest(target)
        return (s.under_vmm and not s.halted and str(view.state) == "powered-off"
                and view.pending is None)

    def clone_from_snapshot(self, target: str, path, *, new_identity: bool = True) -> None:
        """A clone from the snapshot file `path` into the powered-off `target`
        (Session.clone_from_snapshot); SnapshotError names the file and says why it cannot
        be done, and then nothing has changed."""
        self.pause()
        s = self._session
        self._before_command()
        s.clone_from_snapshot(target, Path(path), new_identity=new_identity)
        self._history.append(s.cycle)
        self._after_command(None)

    # ------------------------------------------------------------------ live migration
    @property
    def migrating_guest(self) -> str | None:
        """The guest the scenario migrates to a second host (None: it migrates none)."""
        migration = self._session.scenario.migration
        return None if migration is None else migration.guest

    def migration_refusal(self):
        """Why the migration cannot be started now (a message; None: it can)."""
        return self._session.migration_refusal()

    def start_migration(self) -> None:
        """Begin the live migration's pre-copy at this cycle rather than at the scenario's
        `start` (Session.start_migration: recorded, a step back undoes it, a step forward
        does it again).  LifecycleError says why it cannot be done."""
        self.pause()
        s = self._session
        self._before_command()
        s.start_migration()
        self._history.append(s.cycle)
        self._after_command(None)

    def toggle_breakpoint(self, guest: str, address: int) -> bool:
        on = self._session.toggle_breakpoint(guest, address)
        self.changed.emit()
        return on

    def replace_session(self, session: Session) -> None:
        self.pause()
        self.cancel_pause_wait()
        self._session = session
        self._history.clear()
        self.before = self._snapshot()
        self.last_reason = None
        self.sessionReplaced.emit()
        self.changed.emit()

    def reset(self) -> None:
        """Start the scenario again, its kernels in the interface's language."""
        scenario = self._session.scenario
        try:
            scenario = scenario.in_language(current_language())
        except InputError:       # a user's program that does not fit in that language
            pass
        self.replace_session(Session(scenario))

    def open_scenario(self, name_or_path: str) -> None:
        """Load a scenario; raises ScenarioError and leaves the session alone if bad."""
        self.replace_session(Session(load_scenario(name_or_path, current_language())))

    def open_program(self, path: str) -> None:
        """Run a program file natively; raises ScenarioError if it does not assemble."""
        self.replace_session(Session(program_scenario(path, lang=current_language())))

    def set_technique(self, technique: str) -> None:
        """Run the same guests with another technique (kept if it is the same)."""
        current = self._session.scenario
        if technique == current.technique:
            return
        self.replace_session(Session(current.with_technique(technique)))

    def techniques_available(self) -> list[str]:
        """Techniques that make sense for the current guests (registry order).

        Paravirtual techniques need kernels ported to them: offered only when
        the scenario already runs such kernels, and then only with each other.
        """
        current = self._session.scenario
        paravirtual = current.technique_info.paravirtual
        return [t.name for t in techniques.all_techniques()
                if t.fits(len(current.guests)) and t.paravirtual == paravirtual]


def _in_interface_language(session: Session) -> Session:
    """session, or the same scenario started with its kernels in the interface's language
    when nothing has run yet (the window opening on a scenario)."""
    lang = current_language()
    if session.scenario.lang == lang or session.cycle != 0:
        return session
    try:
        return Session(session.scenario.in_language(lang))
    except (InputError, ValueError):   # it cannot run in that language: keep it as it is
        return session


__all__ = ["SessionController", "SPEEDS", "MAX_SPEED", "CLASSROOM_SPEED", "NEXT_TRAP",
           "RegisterSnapshot", "speed_label", "speed_choices", "valid_speed"]
