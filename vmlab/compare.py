"""Side by side: one guest kernel under native and each technique, measured.

    comparison = Comparison(resolve_guest("syscaller"))      # every registered technique
    comparison.run()                                         # or .step(seconds), a bit at a time
    for row in comparison.rows: print(row.technique, row.host_cycles, row.overhead_percent)

For one guest kernel (a shipped program such as alpha, beta, syscaller,
switcher or cruncher, or a .vl32 file) and a list of techniques (by default
every technique of the registry, vmlab.vmm.techniques, in its order), each
technique runs the kernel alone, from power-on to HALT or the cycle limit,
in a fresh Session; the native run comes first and is the baseline.  A
technique that runs paravirtual kernels (the registry's ``paravirtual``)
runs the kernel's paravirtual port, ``<name>-pv.vl32`` beside it (alpha ->
alpha-pv); with no port it is *not applicable*, never an error.  Runs are
headless and advance in chunks, so the window can run a comparison one
small piece per timer tick.

What each figure means (every one is read from the session's read model:
its summary, cycle attribution, guest views and event log, and agrees with
the events logged):

- **host cycles**: physical cycles from power-on until the machine stopped.
- **guest cycles**: the guest's virtual clock (its CYCLE) at the end: what the
  kernel's own work took, as on a bare machine.
- **VMM cycles**: physical cycles attributed to the VMM; they are the cycles
  of every VM exit (from the hardware trap entry to the VM entry back) plus
  the VMM's work outside exits: work a technique logs on its own (binary
  translation's translations and callouts, an interrupt injected after
  one) and the VM entries that no exit ends with (the first, at power-on).
- **overhead**: (host cycles − native host cycles) / native host cycles, in
  percent: how much longer the same kernel took than on the bare machine.
  Natively 0.  None when either run was cut at the cycle limit (a kernel
  that never halts has no length to compare).
- **exits by cause**: VM exits counted by physical trap cause; they add up to
  the VM-exit events logged.  Natively there are none.
- **system calls**: the SYSCALL traps the guest kernel took (its processes'
  requests), as the guest sees them.  **VMM cycles per system call**: the
  VMM cycles spent on system calls, divided by their number.  A piece of
  VMM work (an exit, or a callout outside exits) is spent on a system call
  if it is the SYSCALL's own exit, or if the guest kernel caused it while
  serving a system call (kernel mode, the guest's CAUSE register saying
  SYSCALL); the work of context switches is counted apart (below), and
  translating code is not counted for either.  **VMM cycles per SYSCALL
  exit** (JSON only) is the narrower figure: the cycles of the SYSCALL
  exits alone, per system call.
- **context switches**: writes of BASE by the guest kernel (MTSR BASE, or a
  paravirtual kernel's switch or set-BASE hypercall): the kernel loading a
  process's memory window, as a real kernel switches page tables.  They are
  the kernel's own behaviour, the same under every technique that runs it
  equivalently, so they are counted on the native run (the kernel stops at
  each of its MTSR BASE instructions); a paravirtual port, which cannot run
  natively, is counted from the hypercalls and emulations of its own run.
  **VMM cycles per context switch**: the cycles of the VMM work that writes
  the guest's window (exits or callouts for MTSR BASE or BOUND, switch and
  set-BASE/BOUND hypercalls), divided by the context switches.
- **translation** and **translation cache**: what a technique that
  translates guest code reports about it (blocks, instructions scanned, VMM
  cycles; hits, misses, size), "—" (None) for the others.
- **hypercalls**: hypercall events, for paravirtual techniques only.
- **equivalent**: the run ended as the native run did: the same console
  output, final state, registers, system registers (CYCLE included) and
  traps by cause.  A run that did not finish is not equivalent.  A
  paravirtual port is another kernel (its timing, and so the order of its
  processes' output, differs): it is not compared (None, "—") unless it
  did not finish.  The native row is the reference: equivalent if it
  finished.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import inputs
from .inputs import InputError
from .isa.encoding import decode
from .isa.spec import (CAUSE_NAMES, CAUSE_SYSCALL, SR_BASE, SR_BOUND, SR_CAUSE, SR_STATUS,
                       STATUS_KMODE)
from .machine.cpu import BREAKPOINT, CYCLE_LIMIT
from .observe.events import snapshot_sr
from .asm import assemble_file
from .scenario import (MAX_GUEST_MEMORY, PROGRAM_SUFFIX, Scenario, parse_scenario,
                       programs_dir)
from .session import Session
from .vmm import techniques
from .vmm.techniques import TechniqueInfo

DEFAULT_MAX_CYCLES = 10_000_000     # a bound on each run (the CLI's --max-cycles default)
GUEST_MEMORY = 16_384               # words of memory the guest sees, as in the shipped scenarios
HOST_MEMORY = 65_536                # words of host memory under a VMM
QUANTUM = 2_000                     # the VMM's quantum, as in the shipped scenarios
PV_SUFFIX = "-pv"                   # alpha-pv.vl32 is the paravirtual port of alpha.vl32
CHUNK_CYCLES = 20_000               # cycles run between two reads of the log
NO_CHECKPOINTS = 1 << 60            # a comparison never steps back

SYSCALL = CAUSE_NAMES[CAUSE_SYSCALL]
# Steps of an exit that the hardware does before the exit's cycle (VmExit.cycle is after them).
_HARDWARE_STEPS = frozenset({"fault", "trap-entry"})
# Hypercall numbers that write the guest's window (docs/isa.md, section 12).
_HC_SWITCH, _HC_SET_SR = 5, 32
_WINDOW_HYPERCALLS = frozenset({_HC_SWITCH, _HC_SET_SR + SR_BASE, _HC_SET_SR + SR_BOUND})
_BASE_HYPERCALLS = frozenset({_HC_SWITCH, _HC_SET_SR + SR_BASE})

# Statuses of a row.
PENDING, RUNNING, DONE, NOT_APPLICABLE = "pending", "running", "done", "not-applicable"


class CompareError(InputError):
    """A guest or technique that cannot be compared; str() says which ones exist."""


# ---------------------------------------------------------------------- guests
@dataclass(frozen=True)
class GuestKernel:
    """A guest kernel to compare: its program and, if it has one, its paravirtual port."""

    name: str                 # the guest's name in every scenario (a program stem)
    path: Path
    pv_path: Path | None
    memory: int = GUEST_MEMORY   # words the guest sees (more if its program needs them)

    @property
    def pv_name(self) -> str | None:
        return _guest_name(self.pv_path.stem) if self.pv_path else None


def available_guests() -> list[str]:
    """The shipped guest kernels (paravirtual ports come with their kernel, not alone)."""
    names = sorted(p.stem for p in programs_dir().glob(f"*{PROGRAM_SUFFIX}"))
    return [n for n in names if not n.endswith(PV_SUFFIX)]


def resolve_guest(name_or_path: str) -> GuestKernel:
    """A shipped kernel by name, or a .vl32 file; CompareError naming the shipped ones."""
    problem = inputs.check_name(name_or_path, "guest name")
    if problem:
        raise CompareError(f"compare: {problem}")
    known = available_guests()
    if name_or_path in known:
        path = programs_dir() / f"{name_or_path}{PROGRAM_SUFFIX}"
    else:
        path = Path(name_or_path)
        try:
            found = path.suffix == PROGRAM_SUFFIX and path.is_file()
        except (OSError, ValueError):
            found = False
        if not found:
            hint = ""
            if name_or_path.endswith(PV_SUFFIX) and name_or_path[:-len(PV_SUFFIX)] in known:
                hint = (f" ({name_or_path} is the paravirtual port of "
                        f"{name_or_path[:-len(PV_SUFFIX)]}: compare that kernel, and the "
                        "paravirtual techniques run its port)")
            raise CompareError(f"compare: no guest {inputs.shorten(name_or_path)!r}{hint}; "
                               f"known guests: {', '.join(known)} (or a {PROGRAM_SUFFIX} file)")
    port = path.with_name(f"{path.stem}{PV_SUFFIX}{PROGRAM_SUFFIX}")
    port = port if port.is_file() else None
    # Assembled here, so a program that does not assemble is reported as itself (file,
    # line) and the guest gets the memory its program needs (whole 1,024-word pages).
    memory = GUEST_MEMORY
    for program in (path, port):
        if program is not None:
            _, end = assemble_file(program).extent()
            memory = max(memory, -(-end // 1024) * 1024)
    if memory > MAX_GUEST_MEMORY:
        raise CompareError(f"compare: {inputs.shorten(str(path))}: the program needs "
                           f"{memory:,} words of memory, more than a guest may have "
                           f"({MAX_GUEST_MEMORY:,})")
    return GuestKernel(_guest_name(path.stem), path, port, memory)


def _guest_name(stem: str) -> str:
    """A guest name (letters, digits, - and _; at most 24) for a program file's stem."""
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "_"
                   for c in stem)[:24] or "guest"
    return name if name[0].isalpha() else ("g" + name)[:24]


def resolve_techniques(names: Iterable[str] | None = None) -> list[TechniqueInfo]:
    """The techniques to compare, native first, each once; all of the registry by default.

    CompareError naming the registered techniques if a name is not one of them.
    """
    registered = techniques.all_techniques()
    if names is None:
        chosen = list(registered)
    else:
        wanted = [n.strip() for n in names if n.strip()]
        if not wanted:
            raise CompareError("compare: no technique named; known techniques: "
                               f"{', '.join(techniques.technique_names())}")
        unknown = [n for n in wanted if n not in techniques.technique_names()]
        if unknown:
            raise CompareError(
                f"compare: no technique {', '.join(repr(inputs.shorten(n)) for n in unknown)}; "
                f"known techniques: {', '.join(techniques.technique_names())}")
        chosen = [techniques.get(n) for n in dict.fromkeys(wanted)]
    natives = [t for t in registered if t.native]
    rest = [t for t in chosen if not t.native]
    return natives[:1] + rest


def build_scenario(guest: GuestKernel, info: TechniqueInfo,
                   max_cycles: int = DEFAULT_MAX_CYCLES) -> Scenario | None:
    """The scenario that runs `guest` alone under `info` (None: no paravirtual port for it).

    Made by the scenario loader, so it is checked like a scenario file.
    """
    path, name = guest.path, guest.name
    if info.paravirtual:
        if guest.pv_path is None:
            return None
        path, name = guest.pv_path, guest.pv_name
    data = {"scenario": {"title": {"en": f"{name} ({info.name})", "ca": f"{name} ({info.name})"},
                         "technique": info.name, "quantum": QUANTUM, "max_cycles": max_cycles,
                         "host_memory": max(HOST_MEMORY, 2 * guest.memory)},
            "guest": [{"name": name, "program": path.name, "memory": guest.memory}]}
    # A scenario "beside" the program: its folder is where the loader looks for it.
    return parse_scenario(data, f"{info.name}-{name}", path.parent / f"{path.stem}.toml")


def not_applicable_reason(guest: GuestKernel, info: TechniqueInfo) -> str | None:
    if info.paravirtual and guest.pv_path is None:
        return f"not applicable: no paravirtual port of {guest.name}"
    return None


# ---------------------------------------------------------------------- one row
@dataclass
class Row:
    """The figures of one technique (None where a figure does not exist for it)."""

    technique: str
    label: str                          # the registry's English label (a translation key)
    status: str = PENDING
    reason: str | None = None           # why it is not applicable
    kernel: str | None = None           # the guest kernel that ran (a port for paravirtual)
    paravirtual: bool = False
    native: bool = False
    stopped: str | None = None          # halt, stalled, cycle-limit...
    state: str | None = None            # the guest's final state
    host_cycles: int | None = None
    guest_cycles: int | None = None
    guest_host_cycles: int | None = None   # physical cycles the guest's own code ran
    vmm_cycles: int | None = None
    idle_cycles: int | None = None
    overhead_percent: float | None = None
    exits: int | None = None
    exits_by_cause: dict[str, int] = field(default_factory=dict)
    vmm_cycles_by_cause: dict[str, int] = field(default_factory=dict)
    vmm_cycles_by_step: dict[str, int] = field(default_factory=dict)
    vmm_cycles_outside_exits: int | None = None
    vmm_cycles_outside_exits_by_kind: dict[str, int] = field(default_factory=dict)
    syscalls: int | None = None
    syscall_exits: int | None = None          # exits spent on system calls
    syscall_vmm_cycles: int | None = None
    syscall_exit_vmm_cycles: int | None = None   # the SYSCALL exits alone
    context_switches: int | None = None
    context_switches_counted_on: str | None = None   # "native run" or "its own run"
    switch_exits: int | None = None
    switch_vmm_cycles: int | None = None
    translation: dict | None = None
    translation_cache: dict | None = None
    hypercalls: int | None = None
    hypercall_vmm_cycles: int | None = None   # handling only (exit and entry not included)
    events: dict[str, int] = field(default_factory=dict)
    technique_counters: dict | None = None
    equivalent: bool | None = None
    equivalence: dict[str, bool | None] = field(default_factory=dict)
    elapsed_s: float = 0.0
    progress: float = 0.0               # 0..1 while running (cycles run / limit)

    @property
    def applicable(self) -> bool:
        return self.status != NOT_APPLICABLE

    @property
    def done(self) -> bool:
        return self.status in (DONE, NOT_APPLICABLE)

    @property
    def finished(self) -> bool:
        """The run ended by itself (not cut at the cycle limit)."""
        return self.status == DONE and self.stopped != CYCLE_LIMIT

    @property
    def vmm_cycles_per_syscall(self) -> float | None:
        return _per(self.syscall_vmm_cycles, self.syscalls)

    @property
    def syscall_exit_cycles_per_syscall(self) -> float | None:
        return _per(self.syscall_exit_vmm_cycles, self.syscalls)

    @property
    def vmm_cycles_per_switch(self) -> float | None:
        return _per(self.switch_vmm_cycles, self.context_switches)

    def to_dict(self) -> dict:
        """The row as the JSON object of `vmlab compare --json`."""
        out = {
            "technique": self.technique, "label": self.label, "status": self.status,
            "applicable": self.applicable, "reason": self.reason, "kernel": self.kernel,
            "stopped": self.stopped, "state": self.state,
            "host_cycles": self.host_cycles, "guest_cycles": self.guest_cycles,
            "guest_host_cycles": self.guest_host_cycles, "vmm_cycles": self.vmm_cycles,
            "idle_cycles": self.idle_cycles,
            "overhead_percent": _round(self.overhead_percent),
            "exits": self.exits, "exits_by_cause": dict(self.exits_by_cause),
            "vmm_cycles_by_cause": dict(self.vmm_cycles_by_cause),
            "vmm_cycles_by_step": dict(self.vmm_cycles_by_step),
            "vmm_cycles_outside_exits": self.vmm_cycles_outside_exits,
            "vmm_cycles_outside_exits_by_kind": dict(self.vmm_cycles_outside_exits_by_kind),
            "syscalls": None if self.syscalls is None else {
                "count": self.syscalls, "exits": self.syscall_exits,
                "vmm_cycles": self.syscall_vmm_cycles,
                "vmm_cycles_per_call": _round(self.vmm_cycles_per_syscall),
                "syscall_exit_vmm_cycles": self.syscall_exit_vmm_cycles,
                "syscall_exit_vmm_cycles_per_call": _round(self.syscall_exit_cycles_per_syscall),
            },
            "context_switches": None if self.context_switches is None else {
                "count": self.context_switches, "counted_on": self.context_switches_counted_on,
                "exits": self.switch_exits, "vmm_cycles": self.switch_vmm_cycles,
                "vmm_cycles_per_switch": _round(self.vmm_cycles_per_switch),
            },
            "translation": self.translation, "translation_cache": self.translation_cache,
            "hypercalls": None if self.hypercalls is None else {
                "count": self.hypercalls, "vmm_cycles": self.hypercall_vmm_cycles},
            "technique_counters": self.technique_counters,
            "events": dict(self.events),
            "equivalent": self.equivalent, "equivalence": dict(self.equivalence),
        }
        if not self.applicable:
            return {key: out[key] for key in ("technique", "label", "status", "applicable",
                                              "reason")}
        return out


def _per(total: int | None, count: int | None) -> float | None:
    if total is None or not count:
        return None
    return total / count


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


# ---------------------------------------------------------------------- one run
class _Run:
    """One technique's run, advanced a chunk at a time, its events read as they settle."""

    def __init__(self, row: Row, scenario: Scenario, max_cycles: int,
                 count_base_writes: bool) -> None:
        self.row = row
        self.scenario = scenario
        self.max_cycles = max_cycles
        self.session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
        self.guest = scenario.guests[0].name
        self.cursor = None
        self.base_writes = 0
        self.counting = count_base_writes
        if count_base_writes:
            for address in _mtsr_base_addresses(self.session.guest(self.guest).program):
                self.session.set_breakpoint(self.guest, address)
        self.events: Counter[str] = Counter()
        self.exits_by_cause: Counter[str] = Counter()
        self.cost_by_cause: Counter[str] = Counter()
        self.cost_by_step: Counter[str] = Counter()
        self.exit_cost = 0
        self.syscall_exits = self.syscall_cost = self.syscall_exit_cost = 0
        self.switch_exits = self.switch_cost = 0
        self.hypercalls = self.hypercall_cost = 0
        self.pv_base_writes = 0
        self.traps = Counter()        # native: traps by cause, from the log
        self.under_vmm = not row.native
        self.windows: list[tuple[int, int]] = []   # each exit's [start, end] cycles
        self.work: list = []          # events with a cost that may be VMM work outside exits
        self.finished = False
        self.started = time.perf_counter()

    def advance(self, deadline: float | None) -> bool:
        """Run chunks until the deadline (None: to the end); True once the run is over."""
        s = self.session
        while not self.finished:
            reason = s.run(until_cycle=min(self.max_cycles, s.cycle + CHUNK_CYCLES))
            if reason == BREAKPOINT:
                if s.guest(self.guest).kernel_mode:
                    self.base_writes += 1
                reason = CYCLE_LIMIT
            over = reason != CYCLE_LIMIT or s.cycle >= self.max_cycles
            self._read(unsettled=over)
            if over:
                self.finished = True
                self.stopped = reason
                break
            self.row.progress = s.cycle / self.max_cycles
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.finished

    def _read(self, unsettled: bool) -> None:
        feed = self.session.events
        start = 0 if self.cursor is None else self.cursor.seq
        if feed.first_seq > start:   # pragma: no cover - a chunk is far below the log's bound
            raise RuntimeError(f"{feed.first_seq - start} events fell out of the log")
        events, self.cursor = feed.read(self.cursor, unsettled=unsettled)
        for event in events:
            self._count(event)

    def _count(self, e) -> None:
        kind = e.kind
        self.events[kind] += 1
        if kind == "vm-exit":
            cost = e.cost
            start = e.cycle - sum(c for step, c in e.steps if str(step) in _HARDWARE_STEPS)
            self.windows.append((start, start + cost))
            self.exit_cost += cost
            self.exits_by_cause[e.cause] += 1
            self.cost_by_cause[e.cause] += cost
            for step, cycles in e.steps:
                self.cost_by_step[str(step)] += cycles
            if _writes_window(e):
                self.switch_exits += 1
                self.switch_cost += cost
            elif _serves_syscall(e):
                self.syscall_exits += 1
                self.syscall_cost += cost
            if e.cause == SYSCALL and e.vmode == "user":
                self.syscall_exit_cost += cost
        elif kind == "trap":
            self.traps[e.cause] += 1
        elif kind == "hypercall":
            self.hypercalls += 1
            self.hypercall_cost += e.cost
            if e.number in _BASE_HYPERCALLS and e.error is None:
                self.pv_base_writes += 1
        elif kind == "emulation" and self.row.paravirtual:
            ins = _decoded(e.word)
            if ins is not None and ins.mnemonic == "MTSR" and ins.imm == SR_BASE:
                self.pv_base_writes += 1
        if (self.under_vmm and kind not in ("vm-exit", "trap")
                and isinstance(getattr(e, "cost", None), int) and e.cost):
            self.work.append(e)               # perhaps VMM work outside exits (see below)

    def _outside_exits(self) -> Counter[str]:
        """VMM work logged outside every exit (a callout, a translation...): its cycles by
        event kind, each piece also counted for system calls or context switches."""
        windows = sorted(self.windows)
        starts = [w[0] for w in windows]
        by_kind: Counter[str] = Counter()
        for e in self.work:
            i = bisect_right(starts, e.cycle) - 1
            if i >= 0 and windows[i][0] <= e.cycle <= windows[i][1]:
                continue                  # part of that exit's handling (counted with it)
            by_kind[e.kind] += e.cost
            if _writes_window(e):
                self.switch_cost += e.cost
            elif _serves_syscall(e):
                self.syscall_cost += e.cost
        return by_kind

    def fill(self, native: Row | None, native_summary: dict | None) -> dict:
        """Put the run's figures in its row; returns the guest's summary (for equivalence)."""
        row, s = self.row, self.session
        outside = self._outside_exits()
        view = s.guest(self.guest)
        counters = s.counters().guests[self.guest]
        buckets = s.cycles_by_bucket()
        guest = {"console": view.console, "state": str(view.state), "regs": list(view.regs),
                 "sr": dict(view.sr), "traps": dict(counters.traps), "vclock": view.vclock}
        row.status = DONE
        row.progress = 1.0
        row.elapsed_s = time.perf_counter() - self.started
        row.stopped = self.stopped
        row.state = guest["state"]
        row.host_cycles = s.cycle
        row.guest_cycles = view.vclock
        row.guest_host_cycles = buckets[f"{self.guest}.kernel"] + buckets[f"{self.guest}.user"]
        row.vmm_cycles = buckets.get("vmm", 0)
        row.idle_cycles = buckets.get("idle", 0)
        row.exits = sum(counters.exits.values())
        row.exits_by_cause = dict(sorted(counters.exits.items()))
        row.vmm_cycles_by_cause = dict(sorted(self.cost_by_cause.items()))
        row.vmm_cycles_by_step = dict(self.cost_by_step)
        row.vmm_cycles_outside_exits = row.vmm_cycles - self.exit_cost
        row.vmm_cycles_outside_exits_by_kind = dict(sorted(outside.items()))
        row.syscalls = guest["traps"].get(SYSCALL, 0)
        row.syscall_exits = self.syscall_exits
        row.syscall_vmm_cycles = self.syscall_cost
        row.syscall_exit_vmm_cycles = self.syscall_exit_cost
        row.switch_exits = self.switch_exits
        row.switch_vmm_cycles = self.switch_cost
        if self.counting:
            row.context_switches, row.context_switches_counted_on = self.base_writes, "native run"
        elif row.paravirtual:
            row.context_switches, row.context_switches_counted_on = (self.pv_base_writes,
                                                                     "its own run")
        elif native is not None and native.context_switches is not None:
            row.context_switches = native.context_switches
            row.context_switches_counted_on = "native run"
        if row.paravirtual:
            row.hypercalls, row.hypercall_vmm_cycles = self.hypercalls, self.hypercall_cost
        reported = _technique_counters(s)
        row.technique_counters = reported
        row.translation, row.translation_cache = _translation(reported)
        row.events = dict(sorted(self.events.items()))
        if row.native:
            row.overhead_percent = 0.0 if self.stopped != CYCLE_LIMIT else None
        elif (native is not None and native.host_cycles and native.finished
              and self.stopped != CYCLE_LIMIT):
            row.overhead_percent = 100.0 * (row.host_cycles - native.host_cycles) \
                / native.host_cycles
        if row.native:
            row.equivalent = self.stopped != CYCLE_LIMIT
        elif native_summary is not None:
            row.equivalence = _equivalence(guest, native_summary, row)
            if self.stopped == CYCLE_LIMIT:
                row.equivalent = False
            elif not row.paravirtual:
                row.equivalent = all(row.equivalence.values())
        return guest


_DECODED: dict[int, object] = {}


def _decoded(word: int | None):
    if word is None:
        return None
    ins = _DECODED.get(word, False)
    if ins is False:
        ins = _DECODED[word] = decode(word)
    return ins


def _kernel_mode(e) -> bool:
    """The guest was in (virtual) kernel mode: a VM exit's vmode, or the snapshot before."""
    vmode = getattr(e, "vmode", None)
    if vmode is not None:
        return vmode == "kernel"
    before = getattr(e, "before", None)
    return bool(before) and bool(snapshot_sr(before, SR_STATUS) & STATUS_KMODE)


def _writes_window(e) -> bool:
    """VMM work for a guest-kernel instruction that writes its BASE or BOUND (an exit, a
    callout...)."""
    if getattr(e, "interrupt", False) or not _kernel_mode(e):
        return False
    ins = _decoded(getattr(e, "word", None))
    if ins is None:
        return False
    if ins.mnemonic == "MTSR":
        return ins.imm in (SR_BASE, SR_BOUND)
    return ins.mnemonic == "HCALL" and ins.imm in _WINDOW_HYPERCALLS


def _serves_syscall(e) -> bool:
    """VMM work spent on a system call: the SYSCALL's own exit, or what the guest kernel
    causes while serving one (kernel mode, its CAUSE saying SYSCALL)."""
    if getattr(e, "cause", None) == SYSCALL and getattr(e, "vmode", None) == "user":
        return True
    before = getattr(e, "before", None)
    if not before or not _kernel_mode(e):
        return False
    return snapshot_sr(before, SR_CAUSE) == CAUSE_SYSCALL


def _mtsr_base_addresses(program) -> list[int]:
    """Addresses of the program's MTSR BASE instructions (where a context switch happens)."""
    image = getattr(program, "image", None) or {}
    out = []
    for address, word in image.items():
        ins = _decoded(word)
        if ins is not None and ins.mnemonic == "MTSR" and ins.imm == SR_BASE:
            out.append(address)
    return sorted(out)


def _technique_counters(session: Session) -> dict | None:
    """What the technique reports about its own work, if the read model carries any."""
    value = getattr(session.counters(), "technique", None)
    if isinstance(value, dict) and value:
        return dict(value)
    summary = session.summary()
    for key in ("technique", "technique_counters"):
        value = summary.get(key) or summary.get("vmm", {}).get(key)
        if isinstance(value, dict) and value:
            return dict(value)
    return None


def _translation(counters: dict | None) -> tuple[dict | None, dict | None]:
    """Translation work and translation-cache figures from a technique's counters."""
    if not counters:
        return None, None
    work = counters.get("translation")
    cache = counters.get("translation_cache") or counters.get("cache")
    return (dict(work) if isinstance(work, dict) else None,
            dict(cache) if isinstance(cache, dict) else None)


def _equivalence(guest: dict, native: dict, row: Row) -> dict[str, bool | None]:
    """Which parts of the final guest agree with the native run's (None: not compared)."""
    if row.paravirtual:            # another kernel: not compared
        return dict.fromkeys(EQUIVALENCE_CHECKS)
    return {"console": guest["console"] == native["console"],
            "state": guest["state"] == native["state"],
            "registers": guest["regs"] == native["regs"],
            "system_registers": guest["sr"] == native["sr"],
            "cycle": guest["vclock"] == native["vclock"],
            "traps": dict(guest["traps"]) == dict(native["traps"])}


EQUIVALENCE_CHECKS = ("console", "state", "registers", "system_registers", "cycle", "traps")


# ---------------------------------------------------------------------- the comparison
class Comparison:
    """One guest kernel under native and each technique; rows fill in as runs complete."""

    def __init__(self, guest: GuestKernel | str, technique_names: Iterable[str] | None = None,
                 *, max_cycles: int = DEFAULT_MAX_CYCLES) -> None:
        self.guest = resolve_guest(guest) if isinstance(guest, str) else guest
        if not 1 <= max_cycles <= inputs.MAX_RUN_CYCLES:
            raise CompareError(f"compare: the cycle limit must be from 1 to "
                               f"{inputs.MAX_RUN_CYCLES:,}, not {max_cycles:,}")
        self.max_cycles = max_cycles
        self.techniques = resolve_techniques(technique_names)
        self.rows = [Row(t.name, t.label, native=t.native, paravirtual=t.paravirtual)
                     for t in self.techniques]
        self.scenarios: dict[str, Scenario | None] = {}
        for info, row in zip(self.techniques, self.rows):
            reason = not_applicable_reason(self.guest, info)
            if reason:
                row.status, row.reason = NOT_APPLICABLE, reason
                self.scenarios[info.name] = None
            else:
                scenario = build_scenario(self.guest, info, max_cycles)
                self.scenarios[info.name] = scenario
                row.kernel = scenario.guests[0].name
        self._index = 0
        self._run: _Run | None = None
        self._native_summary: dict | None = None

    # ------------------------------------------------------------------ running
    @property
    def done(self) -> bool:
        return all(row.done for row in self.rows)

    @property
    def current(self) -> Row | None:
        """The row whose run is in progress (or next), None when all are done."""
        return next((row for row in self.rows if not row.done), None)

    def step(self, budget_s: float | None = 0.03) -> bool:
        """Advance the runs for about budget_s seconds (None: to the end); True when all done."""
        deadline = None if budget_s is None else time.perf_counter() + budget_s
        while not self.done:
            row = self.current
            if self._run is None:
                row.status = RUNNING
                self._run = _Run(row, self.scenarios[row.technique], self.max_cycles,
                                 count_base_writes=row.native)
            if not self._run.advance(deadline):
                return False
            guest = self._run.fill(self.native, self._native_summary)
            if row.native:
                self._native_summary = guest
            self._run = None
            if deadline is not None and time.perf_counter() >= deadline:
                break
        return self.done

    def run(self) -> list[Row]:
        """Every run to its end; the rows."""
        self.step(None)
        return self.rows

    # ------------------------------------------------------------------ reading
    @property
    def native(self) -> Row | None:
        return next((row for row in self.rows if row.native and row.status == DONE), None)

    def row(self, technique: str) -> Row:
        return next(row for row in self.rows if row.technique == technique)

    def scenario_for(self, technique: str) -> Scenario | None:
        """The scenario a technique's row ran (None if it is not applicable)."""
        return self.scenarios.get(technique)

    def to_dict(self) -> dict:
        """The `vmlab compare --json` object."""
        return {"guest": self.guest.name, "program": str(self.guest.path),
                "paravirtual_port": str(self.guest.pv_path) if self.guest.pv_path else None,
                "max_cycles": self.max_cycles,
                "techniques": [row.technique for row in self.rows],
                "rows": [row.to_dict() for row in self.rows]}


__all__ = ["Comparison", "CompareError", "GuestKernel", "Row", "available_guests",
           "build_scenario", "resolve_guest", "resolve_techniques", "DEFAULT_MAX_CYCLES",
           "PENDING", "RUNNING", "DONE", "NOT_APPLICABLE"]
