"""The named metrics lesson expressions may use, read from a Session.

Each metric is documented by its `help` text (docs/lessons.md lists them
all).  Arguments naming guests, causes, registers or modes are checked when
a lesson is validated, so a typo is an error long before a student sees it.
"""

from __future__ import annotations

import math
from dataclasses import replace

from .. import compare
from ..isa.spec import CAUSE_NAMES, CAUSE_NUMBERS, REGISTER_ALIASES, SR_NAMES
from ..machine.guest_mode import EXIT_ENTRY_FAILURE, EXIT_NAMES
from ..machine.state import HALT
from ..session import Session
from ..vmm import techniques
from ..messages import M
from .expr import NUMBER, TEXT, ExprError, Function, variable

REGISTER_NAMES = {f"r{i}": i for i in range(16)} | dict(REGISTER_ALIASES)
MODES = ("kernel", "user")
# Hardware assist's exit reasons (docs/isa.md, section 13): causes of exits too.
EXIT_REASONS = tuple(name for code, name in sorted(EXIT_NAMES.items())
                     if code != EXIT_ENTRY_FAILURE and name not in CAUSE_NUMBERS)


def _reg_index(name) -> int | str:
    key = str(name).lower()
    if key == "pc":
        return "pc"
    if key not in REGISTER_NAMES:
        raise ExprError(M('unknown register {name}: use r0..r15, sp, ra or pc', name=repr(name)))
    return REGISTER_NAMES[key]


def _cause(name) -> str:
    key = str(name).upper()
    if key not in CAUSE_NUMBERS:
        raise ExprError(M('unknown cause {name}: one of {names}', name=repr(name),
                          names=', '.join(CAUSE_NAMES.values())))
    return key


def _exit_cause(name) -> str:
    """A cause of a VM exit: a trap cause, or a hardware-assist exit reason (SR-WRITE, IO ...)."""
    key = str(name).upper()
    if key not in CAUSE_NUMBERS and key not in EXIT_REASONS:
        raise ExprError(M('unknown cause {name}: one of {names}, or a hardware-assist exit '
                          'reason: {names2}', name=repr(name),
                          names=', '.join(CAUSE_NAMES.values()), names2=', '.join(EXIT_REASONS)))
    return key


# compare_cycles(): one headless run per kernel file (as it is now) and technique.
_compared: dict[tuple, int] = {}


def compare_cycles(kernel, technique) -> int:
    """Host cycles a shipped guest kernel takes alone under a technique, power-on to HALT.

    The run `vmlab compare` and the comparison panel make (vmlab.compare's scenario:
    quantum 2,000, 16,384 words), read from its Session; deterministic, so it is
    computed once per kernel file and technique.
    """
    if kernel not in compare.available_guests():
        raise ExprError(M('compare_cycles(): no shipped guest kernel {kernel} (kernels: {names})',
                          kernel=repr(kernel), names=', '.join(compare.available_guests())))
    if technique not in techniques.technique_names():
        raise ExprError(M('compare_cycles(): no technique {technique} (techniques: {names})',
                          technique=repr(technique), names=', '.join(techniques.technique_names())))
    guest = compare.resolve_guest(kernel)
    stat = guest.path.stat()
    key = (str(guest.path), stat.st_mtime_ns, stat.st_size, technique)
    if key not in _compared:
        scenario = compare.build_scenario(guest, techniques.get(technique))
        if scenario is None:
            raise ExprError(M('compare_cycles(): {technique} does not run {kernel} (no '
                              'paravirtual port of it)', technique=technique, kernel=kernel))
        session = Session(scenario, checkpoint_interval=compare.NO_CHECKPOINTS)
        if session.run(compare.DEFAULT_MAX_CYCLES) != HALT:
            raise ExprError(M('compare_cycles(): {kernel} under {technique} did not halt within '
                              '{most:,} cycles', kernel=kernel, technique=technique,
                              most=compare.DEFAULT_MAX_CYCLES))
        _compared[key] = session.cycle
    return _compared[key]


# What each metric gives and takes (the check finds 'length(cycles())' or
# 'console('beta') - 1' before anything runs).  Every metric is here (a test says so).
_G = (TEXT,)                            # a guest's name
SIGNATURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "cycles": (NUMBER, ()), "guest_cycles": (NUMBER, (TEXT, TEXT)),
    "vmm_cycles": (NUMBER, _G), "idle_cycles": (NUMBER, ()), "overhead": (NUMBER, ()),
    "host_cycles": (NUMBER, ()), "memory_used": (NUMBER, ()),
    "exits": (NUMBER, (TEXT, TEXT)), "traps": (NUMBER, (TEXT, TEXT)),
    "emulations": (NUMBER, _G), "reflections": (NUMBER, _G), "injections": (NUMBER, _G),
    "cache_hits": (NUMBER, _G), "cache_misses": (NUMBER, _G),
    "translation_cycles": (NUMBER, _G), "callouts": (NUMBER, _G),
    "compare_cycles": (NUMBER, (TEXT, TEXT)), "world_switches": (NUMBER, ()),
    "reg": (NUMBER, (TEXT, TEXT)), "sr": (NUMBER, (TEXT, TEXT)), "vclock": (NUMBER, _G),
    "instructions": (NUMBER, _G), "state": (TEXT, _G), "mode": (TEXT, _G),
    "console": (TEXT, _G), "memory": (NUMBER, (TEXT, NUMBER)), "memory_base": (NUMBER, _G),
    "memory_size": (NUMBER, _G), "label": (NUMBER, (TEXT, TEXT)), "param": (NUMBER, (TEXT,)),
    "count": (NUMBER, (TEXT, TEXT)), "lines": (NUMBER, (TEXT,)), "length": (NUMBER, (TEXT,)),
    "min": (NUMBER, (NUMBER, NUMBER)), "max": (NUMBER, (NUMBER, NUMBER)),
    "abs": (NUMBER, (NUMBER,)), "round": (NUMBER, (NUMBER, NUMBER)),
    "snapshot_blocks": (NUMBER, (TEXT, TEXT)), "snapshot_bytes": (NUMBER, (TEXT, TEXT)),
    "snapshot_touched": (NUMBER, (TEXT, TEXT)), "snapshot_total_blocks": (NUMBER, (TEXT, TEXT)),
    "migration_rounds": (NUMBER, ()), "migration_downtime": (NUMBER, ()),
    "migration_traffic": (NUMBER, ()), "migration_words": (NUMBER, ()),
    "migration_sent": (NUMBER, (NUMBER,)), "migration_dirtied": (NUMBER, (NUMBER,)),
    "migration_stop": (TEXT, ()), "migration_phase": (TEXT, ()),
    "machine_id": (NUMBER, _G), "generation": (NUMBER, _G),
}
SNAPSHOT_METRICS = ("snapshot_blocks", "snapshot_bytes", "snapshot_touched",
                    "snapshot_total_blocks")
MIGRATION_METRICS = tuple(name for name in SIGNATURES if name.startswith("migration_"))


def metric_functions(session, params: dict[str, int] | None = None,
                     captured: dict | None = None,
                     snapshots: dict | None = None) -> dict[str, Function]:
    """The functions of the expression language, bound to one session.

    captured: the values captured at earlier steps (name -> value), which
    expressions use as bare names.  snapshots: the sizes of the snapshots the
    lesson's `snapshot` actions took, by (guest, name) (Session.snapshot_guest's
    dict: "blocks", "memory", "touched", "total_blocks").
    """
    functions = _metrics(session, params or {}, snapshots if snapshots is not None else {})
    for name, (returns, types) in SIGNATURES.items():
        functions[name] = replace(functions[name], returns=returns, params=types)
    for name, value in (captured or {}).items():
        if name not in functions:
            functions[name] = variable(name, value)
    return functions


def _metrics(session, params: dict[str, int], snapshots: dict) -> dict[str, Function]:
    s = session

    def guest(name):
        if name not in s.guest_names:
            raise ExprError(M('no guest {name} in this scenario (guests: {names})', name=repr(name),
                              names=', '.join(s.guest_names)))
        return s.guest(name)

    def totals():
        return s.cycles_by_bucket()

    def guest_cycles(name, mode=None):
        guest(name)
        t = totals()
        if mode is None:
            return t[f"{name}.kernel"] + t[f"{name}.user"]
        if mode not in MODES:
            raise ExprError(M("mode must be 'kernel' or 'user', not {mode}", mode=repr(mode)))
        return t[f"{name}.{mode}"]

    def counted(name):
        """A guest's counters (exits, traps, emulations ...: 0 where there is no VMM)."""
        guest(name)
        return s.counters().guests[name]

    def exits(name=None, cause=None):
        if name is None:
            return s.counters().exits
        counts = counted(name).exits
        if cause is None:
            return sum(counts.values())
        return counts.get(_exit_cause(cause), 0)

    def traps(name, cause=None):
        counts = counted(name).traps
        if cause is None:
            return sum(counts.values())
        return counts.get(_cause(cause), 0)

    def per_guest(attribute):
        def read(name):
            return getattr(counted(name), attribute)
        return read

    def technique_counter(group, key):
        """A figure the technique reports for a guest (binary translation's cache ...), else 0."""
        def read(name):
            guest(name)
            own = s.counters().technique.get("guests", {}).get(name, {})
            value = own.get(group, {}).get(key, 0)
            return value if _is_number(value) else 0
        return read

    def reg(name, register):
        view = guest(name)
        index = _reg_index(register)
        return view.pc if index == "pc" else view.regs[index]

    def sr(name, register):
        key = str(register).upper()
        if key not in SR_NAMES:
            raise ExprError(M('unknown system register {register}: one of {names}',
                              register=repr(register), names=', '.join(SR_NAMES)))
        return guest(name).sr[key]

    def instructions(name):
        return counted(name).instructions

    def mem(name, address):
        view = guest(name)
        if not isinstance(address, int) or not 0 <= address < view.size:
            raise ExprError(M("address {address} is outside {name}'s {size} words",
                              address=repr(address), name=name, size=view.size))
        return s.guest_word(name, address)

    def label(name, text):
        program = guest(name).program
        if text not in program.labels:
            raise ExprError(M("{name}'s program has no label {text}", name=name, text=repr(text)))
        return program.labels[text]

    def state(name):
        return str(guest(name).state)     # a GuestState: "halted" on the bare machine too

    def param(name):
        if name not in params:
            raise ExprError(M('no parameter {name} (declared: {value})', name=repr(name),
                              value=', '.join(params) or M("none")))
        return params[name]

    def count(text, part):
        if not isinstance(text, str) or not isinstance(part, str) or not part:
            raise ExprError(M('count(text, part) needs two pieces of text'))
        return text.count(part)

    def lines(text):
        if not isinstance(text, str):
            raise ExprError(M('lines(text) needs text'))
        return len(text.splitlines())

    def length(text):
        if not isinstance(text, str):
            raise ExprError(M('length(text) needs text'))
        return len(text)

    def snapshot_size(key):
        """A figure of a snapshot the lesson took (its `snapshot` action)."""
        def read(name, snap):
            record = snapshots.get((name, snap))
            if record is None:
                taken = ", ".join(f"{g}/{n}" for g, n in snapshots) or M("none")
                raise ExprError(M("no snapshot {snap} of {name} was taken before here (taken: "
                                  "{names})", snap=repr(snap), name=repr(name), names=taken))
            return record[key]
        return read

    def migration_figures() -> dict:
        figures = s.migration()
        if figures is None:
            raise ExprError(M("this scenario migrates no guest: the migration figures need a "
                              "scenario with a [migration] table (migrate-converges, "
                              "migrate-never-converges)"))
        return figures

    def migration(key):
        def read():
            figures = migration_figures()
            if figures[key] is None:      # the downtime, the stop reason: not known yet
                raise ExprError(M("the migration has not got that far (it is in phase "
                                  "{phase}): run the scenario further", phase=figures["phase"]))
            return figures[key]
        return read

    def per_round(key):
        def read(number):
            figures = migration_figures()
            rounds = figures[key]
            if isinstance(number, bool) or not isinstance(number, int) \
                    or not 1 <= number <= len(rounds):
                raise ExprError(M("round {number} has not been done: the migration has done "
                                  "{rounds} round(s) so far, numbered from 1",
                                  number=repr(number), rounds=len(rounds)))
            return rounds[number - 1]
        return read

    def identity(key):
        """What the guest's identity device reads (docs/isa.md, section 16)."""
        def read(name):
            guest(name)
            device = s.identity(name)
            if device is None:
                raise ExprError(M("{name} has no identity device", name=repr(name)))
            return device[key]
        return read

    def vmm_cycles(name=None):
        if name is None:
            return totals().get("vmm", 0)
        return counted(name).vmm_cycles      # charged to that guest (0 with no VMM)

    def memory_used():
        """Words of host memory the memory map gives an owner (a guest, the VMM)."""
        return sum(end - start for start, end, owner in s.memory_map().spans if owner != "free")

    def overhead():
        t = totals()
        total = sum(t.values())
        return round(100 * t.get("vmm", 0) / total, 2) if total else 0

    return {
        "cycles": Function(lambda: s.cycle, 0, 0, "cycles(): physical cycles so far"),
        "guest_cycles": Function(guest_cycles, 1, 2,
                                 "guest_cycles(guest[, 'kernel'|'user']): physical cycles of a guest"),
        "vmm_cycles": Function(vmm_cycles, 0, 1,
                               "vmm_cycles([guest]): cycles of the VMM (0 with none: native, "
                               "type 0); with a guest, those the VMM spent on that guest"),
        "memory_used": Function(memory_used, 0, 0,
                                "memory_used(): words of host memory given to an owner in the "
                                "memory map: each guest's memory and the VMM's region (the "
                                "free words not counted)"),
        "host_cycles": Function(lambda: totals().get("host", 0), 0, 0,
                                "host_cycles(): cycles of the host OS kernel passing each VM "
                                "exit to a type 2 VMM and back (0 otherwise)"),
        "idle_cycles": Function(lambda: totals()["idle"], 0, 0, "idle_cycles(): idle cycles"),
        "overhead": Function(overhead, 0, 0, "overhead(): VMM cycles as a percentage of all"),
        "exits": Function(exits, 0, 2, "exits([guest[, cause]]): VM exits"),
        "traps": Function(traps, 1, 2, "traps(guest[, cause]): traps the guest's CPU took"),
        "emulations": Function(per_guest("emulations"), 1, 1,
                               "emulations(guest): privileged instructions emulated"),
        "reflections": Function(per_guest("reflections"), 1, 1,
                                "reflections(guest): traps reflected into the guest kernel"),
        "injections": Function(per_guest("injections"), 1, 1,
                               "injections(guest): virtual interrupts injected"),
        "cache_hits": Function(technique_counter("translation_cache", "hits"), 1, 1,
                               "cache_hits(guest): binary translation: lookups of a block of "
                               "the guest's kernel that found it translated (0 otherwise)"),
        "cache_misses": Function(technique_counter("translation_cache", "misses"), 1, 1,
                                 "cache_misses(guest): binary translation: blocks of the "
                                 "guest's kernel translated, a miss each (0 otherwise)"),
        "translation_cycles": Function(technique_counter("translation", "cycles"), 1, 1,
                                       "translation_cycles(guest): VMM cycles spent translating "
                                       "the guest's kernel code (0 otherwise)"),
        "callouts": Function(technique_counter("callouts", "count"), 1, 1,
                             "callouts(guest): binary translation: calls of the translated "
                             "code into the VMM (0 otherwise)"),
        "compare_cycles": Function(compare_cycles, 2, 2,
                                   "compare_cycles(kernel, technique): host cycles of a shipped "
                                   "guest kernel alone under a technique, to HALT, as the "
                                   "comparison panel and vmlab compare measure them"),
        "world_switches": Function(lambda: s.counters().world_switches, 0, 0,
                                   "world_switches(): switches between guests"),
        "reg": Function(reg, 2, 2, "reg(guest, 'r1'|'sp'|'ra'|'pc'): a register of the guest"),
        "sr": Function(sr, 2, 2, "sr(guest, 'STATUS'…): a system register of the guest"),
        "vclock": Function(lambda name: guest(name).vclock, 1, 1,
                           "vclock(guest): the guest's virtual clock (cycles it has run)"),
        "instructions": Function(instructions, 1, 1, "instructions(guest): instructions run"),
        "state": Function(state, 1, 1,
                          "state(guest): running, ready, waiting, halted, stalled, crashed"),
        "mode": Function(lambda name: "kernel" if guest(name).kernel_mode else "user", 1, 1,
                         "mode(guest): 'kernel' or 'user'"),
        "console": Function(lambda name: guest(name).console, 1, 1,
                            "console(guest): the guest's console output"),
        "memory": Function(mem, 2, 2, "memory(guest, address): a word of the guest's memory"),
        "memory_base": Function(lambda name: guest(name).base, 1, 1,
                                "memory_base(guest): the host address where the guest's memory "
                                "starts (0 on the bare machine)"),
        "memory_size": Function(lambda name: guest(name).size, 1, 1,
                                "memory_size(guest): the words of memory the guest sees"),
        "label": Function(label, 2, 2, "label(guest, name): the address of a label"),
        "param": Function(param, 1, 1, "param(name): this student's value of a parameter"),
        "count": Function(count, 2, 2, "count(text, part): how many times part occurs"),
        "lines": Function(lines, 1, 1, "lines(text): number of lines"),
        "length": Function(length, 1, 1, "length(text): number of characters"),
        "min": Function(_numbers(min), 2, 2, "min(a, b)"),
        "max": Function(_numbers(max), 2, 2, "max(a, b)"),
        "abs": Function(_numbers(abs), 1, 1, "abs(a)"),
        "round": Function(_round, 1, 2, "round(a[, digits]): a rounded to whole units (or to "
                                        "that many decimals)"),
        "snapshot_blocks": Function(snapshot_size("blocks"), 2, 2,
                                    "snapshot_blocks(guest, name): 64-word blocks of memory a "
                                    "snapshot the lesson took stores (all of them in a full "
                                    "one, the changed ones in a diff)"),
        "snapshot_bytes": Function(snapshot_size("memory"), 2, 2,
                                   "snapshot_bytes(guest, name): bytes of that snapshot's "
                                   "memory file"),
        "snapshot_touched": Function(snapshot_size("touched"), 2, 2,
                                     "snapshot_touched(guest, name): 64-word blocks of the "
                                     "guest's memory that differed, when it was taken, from "
                                     "the image it booted from"),
        "snapshot_total_blocks": Function(snapshot_size("total_blocks"), 2, 2,
                                          "snapshot_total_blocks(guest, name): 64-word blocks "
                                          "of the guest's whole memory"),
        "machine_id": Function(identity("machine_id"), 1, 1,
                               "machine_id(guest): the machine id the guest's identity device "
                               "reads (a clone's own, or its original's)"),
        "generation": Function(identity("generation"), 1, 1,
                               "generation(guest): the VM generation the guest's identity "
                               "device reads (one higher in a clone with a new identity)"),
        "migration_rounds": Function(migration("rounds"), 0, 0,
                                     "migration_rounds(): pre-copy rounds done so far"),
        "migration_downtime": Function(migration("downtime_cycles"), 0, 0,
                                       "migration_downtime(): host cycles the guest stood "
                                       "still, paused on one host until resumed on the other"),
        "migration_traffic": Function(migration("traffic_factor"), 0, 0,
                                      "migration_traffic(): all the words sent, as a multiple "
                                      "of the guest's memory"),
        "migration_words": Function(migration("total_words_sent"), 0, 0,
                                    "migration_words(): all the words sent over the link"),
        "migration_sent": Function(per_round("words_sent"), 1, 1,
                                   "migration_sent(round): words sent in a pre-copy round "
                                   "(from 1)"),
        "migration_dirtied": Function(per_round("words_dirtied"), 1, 1,
                                      "migration_dirtied(round): words the guest dirtied "
                                      "during a pre-copy round (from 1)"),
        "migration_stop": Function(migration("stop_reason"), 0, 0,
                                   "migration_stop(): the rule that ended pre-copy"),
        "migration_phase": Function(migration("phase"), 0, 0,
                                    "migration_phase(): waiting, pre-copy, stopping, downtime, "
                                    "done or abandoned"),
    }


def _is_number(value) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _numbers(fn):
    """min, max, abs: on numbers only (an ExprError, not a Python error, otherwise)."""
    def call(*args):
        if not all(_is_number(a) for a in args):
            raise ExprError(M('{name}() needs numbers, not {names}', name=fn.__name__,
                              names=', '.join((repr(a) for a in args))))
        return fn(*args)
    return call


def _round(value, digits=0):
    if not _is_number(value) or isinstance(digits, bool) or not isinstance(digits, int) \
            or not 0 <= digits <= 10:
        raise ExprError(M('round(a[, digits]) needs a number and 0 to 10 decimals'))
    return round(value) if digits == 0 else round(value, digits)


def argument_validator(guest_names: list[str], params: set[str], programs: dict,
                       snapshots: set | None = None, migrates: bool | None = None):
    """Check literal arguments of metric calls against a lesson's scenario.

    snapshots: the (guest, name) of the snapshots taken so far in the lesson;
    migrates: whether the scenario at this point has a [migration] (None: not known).
    """
    guest_first = {"guest_cycles", "vmm_cycles", "exits", "traps", "emulations", "reflections", "injections",
                   "reg", "sr", "vclock", "instructions", "state", "mode", "console", "memory",
                   "memory_base", "memory_size", "label", "cache_hits", "cache_misses",
                   "translation_cycles", "callouts", "machine_id", "generation"}

    def validate(name: str, args: list) -> None:
        if name in guest_first and args and isinstance(args[0], str):
            if args[0] not in guest_names:
                raise ExprError(M("{name}(): no guest {args} in the lesson's scenario (guests: "
                                  '{names})', name=name, args=repr(args[0]),
                                  names=', '.join(guest_names)))
        second = args[1] if len(args) > 1 else None
        if not isinstance(second, str):
            second = None
        if name == "exits" and second is not None:
            _exit_cause(second)
        if name == "traps" and second is not None:
            _cause(second)
        if name == "compare_cycles" and len(args) == 2 and all(isinstance(a, str) for a in args):
            if args[0] not in compare.available_guests():
                raise ExprError(M('compare_cycles(): no shipped guest kernel {args} (kernels: '
                                  '{names})', args=repr(args[0]),
                                  names=', '.join(compare.available_guests())))
            if args[1] not in techniques.technique_names():
                raise ExprError(M('compare_cycles(): no technique {args} (techniques: {names})',
                                  args=repr(args[1]),
                                  names=', '.join(techniques.technique_names())))
        if name == "reg" and second is not None:
            _reg_index(second)
        if name == "sr" and second is not None and second.upper() not in SR_NAMES:
            raise ExprError(M('unknown system register {second}', second=repr(second)))
        if name == "guest_cycles" and second is not None and second not in MODES:
            raise ExprError(M("mode must be 'kernel' or 'user'"))
        if (name in SNAPSHOT_METRICS and snapshots is not None and len(args) == 2
                and all(isinstance(a, str) for a in args) and tuple(args) not in snapshots):
            taken = ", ".join(f"{g}/{n}" for g, n in sorted(snapshots)) or M("none")
            raise ExprError(M("{name}(): no snapshot {snap} of {guest} is taken before here: a "
                              "step's snapshot action takes it (taken: {names})", name=name,
                              snap=repr(args[1]), guest=repr(args[0]), names=taken))
        if name in MIGRATION_METRICS and migrates is False:
            raise ExprError(M("{name}(): the scenario at this step migrates no guest (it has no "
                              "[migration] table: load migrate-converges or "
                              "migrate-never-converges first)", name=name))
        if name == "param" and args and isinstance(args[0], str) and args[0] not in params:
            raise ExprError(M('param(): no parameter {args} declared', args=repr(args[0])))
        if (name == "label" and second is not None and isinstance(args[0], str)
                and args[0] in programs and second not in programs[args[0]].labels):
            raise ExprError(M("label(): {args}'s program has no label {second}", args=args[0],
                              second=repr(second)))

    return validate
