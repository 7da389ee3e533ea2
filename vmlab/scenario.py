"""Scenarios: which technique, which guests, which costs — as TOML data.

A scenario file never runs code.  Program paths are resolved inside the
scenario's own folder or the shipped programs folder, never elsewhere (links
followed).  The loader checks everything before any work, within the limits
of vmlab/inputs.py: the file is read with a bound, its TOML nesting is
limited, names have a length bound, every number has a range, console input
must be Latin-1, and each guest's program must fit in its memory.  Every
problem is a ScenarioError naming the file, the line and the key.

    [scenario]
    title = { en = "Two guests", ca = "Dos guests" }
    technique = "trap-and-emulate"     # a name of vmlab.vmm.techniques ("native": no VMM)
    quantum = 2000                     # cycles per CPU share
    max_cycles = 3_000_000             # the default run limit
    host_memory = 65536                # words of physical memory (VMM scenarios)
    hosting = "type-1"                 # "type-2": the VMM is an application on a host OS
                                       # (docs/hypervisor-types.md)
    family = "hardware"                # what is virtualized: "hardware" (a whole machine),
                                       # "os" (containers on one kernel) or "language" (a
                                       # program interpreting another instruction set);
                                       # "os" and "language" run natively (docs/scenarios.md)

    [costs]                            # optional overrides of the VMM cost model
    vm_exit = 20

    [[guest]]
    name = "alpha"
    program = "alpha"                  # assets/programs/alpha.vl32, or a file beside this one
    memory = 16384                     # words of RAM the guest sees
    share = 1                          # CPU weight
    input = ""                         # console input queued at power-on
    disk = "diskette"                  # optional: its disk, assets/disks/diskette.disk or a
                                       # file beside this one (docs/disk-images.md)
    machine_id = 0x1234abcd            # optional: what its identity device reads (docs/isa.md,
                                       # 16); by default one derived from its name

    [[guest]]
    name = "beta"
    clone_of = "alpha"                 # a slot for a clone of alpha: powered off until a clone
                                       # arrives (its program and memory are alpha's)

    [clone]                            # optional: clone a guest into its slot at a cycle
    target = "beta"                    # (docs/snapshots.md, Clones)
    at = 50000
    new_identity = true

    [[process]]                        # hosting = "kvm" only: a host process beside the
    name = "backup"                    # guests, a user program of the host kernel
    program = "backup"                 # (docs/hypervisor-types.md, section 5)
    memory = 2048
    share = 1

    [migration]                        # optional: live migration to a second host
    guest = "alpha"                    # (docs/migration.md: the keys and their defaults)
    start = 20000
    link_words_per_cycle = 4

The programs are assembled in one language, English unless the caller asks
for another (load_scenario(name, lang="ca")): it chooses the .lang blocks of
each kernel, so the guests print in the interface's language
(vmlab/asm/languages.py).  Scenario.lang says which; in_language gives the
same scenario with its programs assembled in another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path, PurePosixPath

from . import inputs
from .asm import AssemblyError, Program, assemble, assemble_file
from .asm.languages import DEFAULT_LANGUAGE, check_language
from .inputs import InputError, ReadProblem, TomlProblem
from .machine.devices import ConsoleInputError, encode_console_text
from .messages import Localized, M, assembly_errors, listing, render
from .observe.vocabulary import Hosting
from .resources import data_dir
from .toml_lines import KeyLocator
from .vmm import techniques
from .vmm.costs import CostModel

MAX_FILE_BYTES = inputs.MAX_SCENARIO_BYTES
MIN_GUEST_MEMORY, MAX_GUEST_MEMORY = 256, 1 << 20
MAX_HOST_MEMORY = inputs.MAX_MEMORY_WORDS
MAX_CYCLES = inputs.MAX_RUN_CYCLES
MAX_QUANTUM = 10_000_000
HOSTINGS = tuple(h.value for h in Hosting)   # where the VMM runs: "type-1", "type-2", "kvm"
FAMILIES = ("hardware", "os", "language")    # what a scenario virtualizes (the taxonomy view)
MAX_GUESTS = 16                    # each is assembled and booted: a bound on the work
PROGRAM_SUFFIX = ".vl32"
_GUEST_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,23}")


class ScenarioError(InputError):
    """A scenario that cannot be used; str() names the file, key and what is allowed."""

    def __init__(self, path: str, key: str, message: str, line: int | None = None) -> None:
        self.path, self.key, self.message, self.line = path, key, message, line
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        """file:line: key: message, the message in lang ("en" or "ca")."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = render(self.message, lang)
        return f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}"


@dataclass
class GuestConfig:
    name: str
    program_path: Path
    program: Program
    memory: int = 16_384
    share: int = 1
    input: str = ""
    disk_path: Path | None = None      # its disk image, if it has a disk
    disk: list[int] | None = None      # the image's words (each engine gives a copy to its disk)
    machine_id: int = 0                # what its identity device reads (docs/isa.md, 16)
    clone_of: str | None = None        # a slot for a clone of this guest: starts powered off
    process: bool = False              # kvm: a host process ([[process]]), not a virtual machine


@dataclass
class Scenario:
    name: str
    path: Path | None
    title: dict[str, str]
    technique: str
    guests: list[GuestConfig]
    quantum: int = 2000
    max_cycles: int = 3_000_000
    host_memory: int = 65_536
    costs: CostModel = field(default_factory=CostModel)
    lang: str = DEFAULT_LANGUAGE       # the language its programs were assembled in
    migration: "MigrationConfig | None" = None   # [migration]: a second host (docs/migration.md)
    clone: "CloneConfig | None" = None   # [clone]: a guest cloned into its slot (docs/snapshots.md)
    hosting: str = "type-1"            # where the VMM runs; "type-2": on a host OS
    family: str = "hardware"           # what it virtualizes: "hardware", "os", "language"

    @property
    def technique_info(self) -> techniques.TechniqueInfo:
        return techniques.get(self.technique)

    @property
    def native(self) -> bool:
        """One kernel on the bare machine (the technique has no VMM)."""
        return self.technique_info.native

    def technique_problem(self, technique: str) -> str | None:
        """None if this scenario's guests can run under technique, else why not."""
        try:
            info = techniques.get(technique)
        except KeyError as err:
            return err.args[0]
        if not info.fits(len(self.guests)):
            return M("{technique} runs at most {most} guest, and this scenario has {count}",
                     technique=technique, most=info.max_guests, count=len(self.guests))
        if info.paravirtual and not self.technique_info.paravirtual:
            return M("{technique} runs paravirtual kernels, and this scenario's are not",
                     technique=technique)
        if self.technique_info.paravirtual and not info.paravirtual:
            return M("this scenario's kernels are paravirtual: they need a paravirtual "
                     "technique, not {technique}", technique=technique)
        needed = sum(g.memory for g in self.guests)
        if info.partitioned and needed > self.host_memory:     # type 0: no overcommit
            return M("the partitions need {needed:,} words and the machine has {memory:,} "
                     "(scenario.host_memory): hardware partitions cannot overcommit memory",
                     needed=needed, memory=self.host_memory)
        return None

    def with_technique(self, technique: str) -> "Scenario":
        """The same guests under another technique (as many of them as it can run)."""
        info = techniques.get(technique)
        guests = self.guests if info.fits(len(self.guests)) else self.guests[:info.max_guests]
        migration = self.migration
        if migration is not None and (not info.under_vmm
                                      or all(g.name != migration.guest for g in guests)):
            migration = None                 # natively there is no VMM to migrate from
        clone = self.clone
        if clone is not None and (not info.under_vmm or not {clone.source, clone.target}
                                  <= {g.name for g in guests}):
            clone = None
        hosting = self.hosting if info.under_vmm else "type-1"   # natively, no VMM to host
        if hosting == Hosting.KVM and info.kernel_runs != "guest-mode":
            hosting = "type-1"               # kvm needs the CPU's guest mode: no host OS then
        if hosting != Hosting.KVM:
            guests = [g for g in guests if not g.process]     # and no host processes
        family = self.family if info.native else "hardware"      # then a whole machine again
        return Scenario(self.name, self.path, self.title, technique, list(guests), self.quantum,
                        self.max_cycles, self.host_memory, self.costs, self.lang, migration,
                        clone, hosting, family)

    def in_language(self, lang: str) -> "Scenario":
        """The same scenario with every program assembled in lang ("en" or "ca").

        Each program is assembled again from its own source text (so a lesson's
        parameters written into it stay); itself when it is in lang already.
        """
        check_language(lang)
        if lang == self.lang and all(g.program.lang == lang for g in self.guests):
            return self
        done: dict[tuple[str, str], Program] = {}
        guests = []
        for i, g in enumerate(self.guests):
            key = (g.program.source, g.program.filename)
            if g.program.lang == lang:
                program = g.program
            elif key in done:
                program = done[key]
            else:
                try:
                    program = done[key] = assemble(g.program.source, g.program.filename, lang)
                except AssemblyError as err:      # a .lang block of its own that is wrong
                    raise ScenarioError(str(self.path or self.name), f"guest[{i}]",
                                        M("does not assemble:\n{errors}",
                                          errors=assembly_errors(err))) from None
            problem = fit_problem(program, g.memory)
            if problem:
                raise ScenarioError(str(self.path or self.name), f"guest[{i}]",
                                    M("program {name} {problem}; raise this guest's memory",
                                      name=repr(g.program_path.name), problem=problem))
            guests.append(replace(g, program=program))
        return replace(self, guests=guests, lang=lang)


def scenarios_dir() -> Path:
    return data_dir("assets") / "scenarios"


def programs_dir() -> Path:
    return data_dir("assets") / "programs"


def disks_dir() -> Path:
    return data_dir("assets") / "disks"


def available_scenarios() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))


def scenario_title(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A shipped scenario's title in lang ("Two guests under trap-and-emulate", "Dos guests
    amb trap and emulate"), read without assembling anything; its name when it has no
    title or cannot be read (opening it says why)."""
    check_language(lang)
    path = scenarios_dir() / f"{name}.toml"
    try:
        stamp = path.stat().st_mtime_ns
    except (OSError, ValueError):
        return name
    return _titles(str(path), stamp).get(lang) or name


@lru_cache(maxsize=256)
def _titles(path: str, stamp: int) -> dict[str, str]:
    try:
        data = inputs.parse_toml(inputs.decode_utf8(
            inputs.read_bounded(Path(path), MAX_FILE_BYTES, "scenario file")))
        title = data["scenario"]["title"]
    except (InputError, TomlProblem, UnicodeDecodeError, KeyError, TypeError):
        return {}
    if isinstance(title, str):
        return {"en": title, "ca": title}
    if isinstance(title, dict):
        return {k: v for k, v in title.items() if isinstance(v, str)}
    return {}


def find_scenario(name_or_path: str) -> Path:
    """A shipped scenario by name, or a .toml file path given by the user."""
    problem = inputs.check_name(name_or_path, "scenario name")
    if problem:
        raise ScenarioError(inputs.shorten(name_or_path), "", problem)
    candidate = Path(name_or_path)
    try:
        if candidate.suffix == ".toml" or candidate.exists():
            return candidate
    except (OSError, ValueError):
        return candidate          # reading it will say what is wrong
    shipped = scenarios_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    raise ScenarioError(name_or_path, "", M(
        "no such scenario; the shipped ones are: {known} (looked for a file {name} and for "
        "{shipped}){hint}", known=listing(available_scenarios()), name=repr(name_or_path),
        shipped=str(shipped), hint=did_you_mean(name_or_path, available_scenarios(), "; ")))


def nearest(name, options) -> str | None:
    """The option nearest to name (a likely typo of it), or None."""
    import difflib
    if not isinstance(name, str):
        return None
    close = difflib.get_close_matches(name, [str(o) for o in options], n=1)
    return close[0] if close else None


def did_you_mean(name, options, before: str = "", after: str = ""):
    """'; did you mean 'x'?' for the option nearest to name, or "" if none is near."""
    close = nearest(name, options)
    if close is None:
        return ""
    return M("{before}did you mean {name}?{after}", before=before, name=repr(close),
             after=after)


def load_scenario(name_or_path: str, lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """A scenario by name or path, its programs assembled in lang (English by default)."""
    check_language(lang)
    path = find_scenario(name_or_path)
    shown = str(path)
    try:
        raw = inputs.read_bounded(path, MAX_FILE_BYTES, "scenario file")
    except ReadProblem as err:
        raise ScenarioError(err.path, "", err.reason) from None
    try:
        text = inputs.decode_utf8(raw)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise ScenarioError(shown, "", M("is not UTF-8 text (byte {byte}); save it as UTF-8",
                                         byte=f"0x{raw[err.start]:02X}"), line) from None
    try:
        data = inputs.parse_toml(text)
    except TomlProblem as err:
        raise ScenarioError(shown, "", err.message, err.line or None) from None
    return parse_scenario(data, path.stem, path, text=text, lang=lang)


def parse_scenario(data: dict, name: str, path: Path | None, text: str | None = None,
                   lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """Validate scenario data (from a file or inline in a lesson).

    text, the TOML the data came from, lets errors give a line as well as the key;
    lang is the language the programs are assembled in.
    """
    check_language(lang)
    shown = str(path) if path else f"<scenario {name}>"
    check = _Checker(shown, text)
    if not isinstance(data, dict):
        check.fail("", M("must be a table with [scenario] and [[guest]] tables"))
    check.only(data, "", {"scenario", "costs", "guest", "migration", "clone", "process"})
    head = check.table(data, "scenario", required=True)
    check.only(head, "scenario", {"title", "technique", "quantum", "max_cycles", "host_memory",
                                  "description", "hosting", "family"})
    technique = check.choice(head, "scenario.technique", techniques.technique_names(),
                             default=techniques.NATIVE)
    hosting = check.choice(head, "scenario.hosting", HOSTINGS, default=HOSTINGS[0])
    family = check.choice(head, "scenario.family", FAMILIES, default=FAMILIES[0])
    title = check.text_by_language(head.get("title"), "scenario.title", default=name)
    check.text_by_language(head.get("description"), "scenario.description", default="")
    quantum = check.integer(head, "scenario.quantum", 1, MAX_QUANTUM, 2000)
    max_cycles = check.integer(head, "scenario.max_cycles", 1, MAX_CYCLES, 3_000_000)
    host_memory = check.integer(head, "scenario.host_memory", MIN_GUEST_MEMORY, MAX_HOST_MEMORY,
                                65_536)
    costs = CostModel()
    if "costs" in data:
        overrides = check.table(data, "costs")
        known = CostModel.names()
        for cost, value in overrides.items():
            if cost not in known:
                check.fail(f"costs.{cost}", M("unknown cost {name}{hint}; allowed: {known}",
                                              name=_show(cost), known=listing(sorted(known)),
                                              hint=did_you_mean(cost, known, " (", ")")),
                           "costs")
            if isinstance(value, bool) or not isinstance(value, int) \
                    or not 0 <= value <= 1_000_000:
                check.fail(f"costs.{cost}", M("cost {name} must be a whole number of cycles "
                                              "0..1000000, not {value}", name=_show(cost),
                                              value=_show(value)), "costs")
        try:
            costs = costs.with_overrides(overrides)
        except ValueError as err:
            check.fail("costs", str(err))
    guests_raw = data.get("guest")
    if not isinstance(guests_raw, list) or not guests_raw:
        check.fail("guest", M("at least one [[guest]] table is required"))
    if len(guests_raw) > MAX_GUESTS:
        check.fail(f"guest[{MAX_GUESTS}]", M("at most {most} guests, not {count}",
                                              most=MAX_GUESTS, count=len(guests_raw)), "guest")
    guests = []
    assembled: dict[Path, Program] = {}           # two guests running alpha assemble it once
    base_dir = path.parent if path else None
    for i, g in enumerate(guests_raw):
        key = f"guest[{i}]"
        if not isinstance(g, dict):
            check.fail(key, M("must be a table ([[guest]])"))
        check.only(g, key, {"name", "program", "memory", "share", "input", "bytecode",
                              "foreign", "disk", "machine_id", "clone_of"})
        gname = _name(check, g, key, f"guest{i}", guests)
        from .machine.identity import machine_id_for
        machine_id = check.integer(g, f"{key}.machine_id", 0, 0xFFFF_FFFF,
                                   machine_id_for(gname))
        if "clone_of" in g:          # a slot for a clone (docs/snapshots.md, Clones)
            guests.append(_clone_slot(check, g, key, gname, guests, machine_id))
            continue
        memory = check.integer(g, f"{key}.memory", MIN_GUEST_MEMORY, MAX_GUEST_MEMORY, 16_384)
        share = check.integer(g, f"{key}.share", 1, 100, 1)
        console = check.string(g, f"{key}.input", default="")
        try:
            encode_console_text(console)
        except ConsoleInputError as err:
            check.fail(f"{key}.input", console_problem(err))
        program_name, program_path, program = _program(check, g, key, base_dir, shown, lang,
                                                       assembled)
        if "bytecode" in g:          # a VLB program for the bytecode interpreter (docs/bytecode.md)
            from .bytecode.errors import BytecodeError
            from .bytecode.vl32 import attach
            try:
                program = attach(program, check.string(g, f"{key}.bytecode"), base_dir, shown)
            except BytecodeError as err:
                check.fail(f"{key}.bytecode", Localized(err.render))
        if "foreign" in g:           # a Toy8 program for the emulator (docs/emulator.md)
            from .emulated import Toy8Error
            from .emulated.emulator import attach_file
            try:
                program = attach_file(program, check.string(g, f"{key}.foreign"), base_dir)
            except Toy8Error as err:
                check.fail(f"{key}.foreign", Localized(err.render))
        problem = fit_problem(program, memory)
        if problem:
            check.fail(f"{key}.memory" if "memory" in g else key,
                       M("program {name} {problem}; raise this guest's memory",
                         name=repr(program_name), problem=problem))
        disk_path = disk = None
        if "disk" in g:              # its disk image (docs/disk-images.md)
            from .disk_image import DiskImageError, read_disk_image
            disk_path = resolve_disk(check.string(g, f"{key}.disk"), base_dir, f"{key}.disk",
                                     check)
            try:
                disk = read_disk_image(disk_path)
            except DiskImageError as err:
                check.fail(f"{key}.disk", Localized(err.render))
        guests.append(GuestConfig(gname, program_path, program, memory, share, console,
                                  disk_path, disk, machine_id))
    info = techniques.get(technique)
    if "process" in data:            # kvm: host processes beside the guests
        guests += _processes(check, data, guests, hosting, info, base_dir, shown, lang)
    elif hosting == Hosting.KVM:
        check.fail("scenario.hosting", M("hosting 'kvm' is a general-purpose OS running its "
                                         "own processes beside the virtual machines: add at "
                                         "least one [[process]] table"))
    if info.native and len(guests) != 1:
        check.fail("guest", M("a native scenario runs exactly one kernel on the bare "
                              "machine, not {count}", count=len(guests)))
    if not info.fits(len(guests)):  # (kvm's processes need hardware assist: no maximum)
        check.fail("guest", M("technique {technique} runs at most {most} guests, not {count}",
                              technique=repr(technique), most=info.max_guests,
                              count=len(guests)))
    if info.under_vmm:
        from .vmm.monitor import VMM_HEADER_WORDS  # sizes only
        needed = max(256, VMM_HEADER_WORDS + 32 * len(guests)) + sum(g.memory for g in guests)
        if needed > host_memory:
            check.fail("scenario.host_memory", M("{memory} words cannot hold the VMM and the "
                                                 "guests' memory ({needed} words needed)",
                                                 memory=host_memory, needed=needed))
    if hosting != HOSTINGS[0] and not info.under_vmm:
        check.fail("scenario.hosting", M("hosting {hosting} needs a VMM, and technique "
                                         "{technique} has none", hosting=repr(hosting),
                                         technique=repr(technique)))
    if family != FAMILIES[0] and not info.native:
        check.fail("scenario.family", M("family {family} is one kernel on the bare machine "
                                        "(containers, an interpreter): it needs technique "
                                        "'native', not {technique}", family=repr(family),
                                        technique=repr(technique)))
    if info.partitioned:                           # type 0: no overcommit (docs/partitioning.md)
        _partitions_fit(check, guests_raw, guests, host_memory)
    migration = _migration(check, data, guests, info) if "migration" in data else None
    clone = _clone(check, data, guests, migration) if "clone" in data else None
    if hosting != HOSTINGS[0] and migration is not None:
        check.fail("scenario.hosting", M("hosting {hosting} and a [migration] cannot go "
                                         "together (a migration's hosts run a type 1 VMM on the "
                                         "bare machine)",
                                         hosting=repr(hosting)))
    return Scenario(name, path, title, technique, guests, quantum, max_cycles, host_memory, costs,
                    lang, migration, clone, hosting, family)


def _name(check: "_Checker", table: dict, key: str, default: str, taken: list) -> str:
    """A [[guest]]'s or [[process]]'s name: short, and no other guest's or process's."""
    name = check.string(table, f"{key}.name", default=default)
    if not _GUEST_NAME.fullmatch(name):
        check.fail(f"{key}.name", M("{name} must be a short name: a letter, then "
                                    "letters, digits, - or _ (at most 24 characters)",
                                    name=_show(name)))
    if any(other.name == name for other in taken):
        check.fail(f"{key}.name", M("{name} is used by two guests", name=repr(name)))
    return name


def _program(check: "_Checker", table: dict, key: str, base_dir: Path | None, shown: str,
             lang: str, assembled: dict) -> tuple[str, Path, Program]:
    """A table's program: its name as written, its file, and the assembled program (from
    `assembled` when an earlier table named the same file: two guests running alpha
    assemble it once)."""
    program_name = check.string(table, f"{key}.program", required=True)
    program_path = resolve_program(program_name, base_dir, shown, f"{key}.program", check)
    try:
        program = assembled.get(program_path) or assemble_file(program_path, lang)
    except AssemblyError as err:
        if all(d.line <= 0 for d in err.errors):     # the file itself: one line says it
            check.fail(f"{key}.program", M("{name}: {problems}", name=_show(program_name),
                                           problems=file_problems(err)))
        check.fail(f"{key}.program", M("{name} does not assemble:\n{errors}",
                                       name=repr(program_name), errors=assembly_errors(err)))
    assembled.setdefault(program_path, program)
    return program_name, program_path, program


def _processes(check: "_Checker", data: dict, guests: list[GuestConfig], hosting: str, info,
               base_dir: Path | None, shown: str, lang: str) -> list[GuestConfig]:
    """The [[process]] tables (hosting "kvm"): host processes, user programs the host kernel
    runs beside the virtual machines (vmlab/vmm/host_os.py; docs/hypervisor-types.md)."""
    if hosting != Hosting.KVM:
        check.fail("process", M("[[process]] tables are host processes, which need a "
                                "general-purpose host OS: set scenario.hosting = 'kvm'"))
    if info.kernel_runs != "guest-mode":
        check.fail("scenario.technique", M("hosting 'kvm' runs its virtual machines with the "
                                           "CPU's guest mode, as kvm needs VT-x or AMD-V: "
                                           "technique 'hardware-assist-1' or "
                                           "'hardware-assist-2', not {technique}",
                                           technique=repr(info.name)))
    raw = data["process"]
    if not isinstance(raw, list) or not raw:
        check.fail("process", M("must be one or more [[process]] tables"))
    if len(guests) + len(raw) > MAX_GUESTS:
        check.fail("process", M("at most {most} guests and processes together, not {count}",
                                most=MAX_GUESTS, count=len(guests) + len(raw)))
    processes: list[GuestConfig] = []
    for i, p in enumerate(raw):
        key = f"process[{i}]"
        if not isinstance(p, dict):
            check.fail(key, M("must be a table ([[process]])"))
        check.only(p, key, {"name", "program", "memory", "share"})
        name = _name(check, p, key, f"process{i}", guests + processes)
        memory = check.integer(p, f"{key}.memory", MIN_GUEST_MEMORY, MAX_GUEST_MEMORY, 2048)
        share = check.integer(p, f"{key}.share", 1, 100, 1)
        # (Assembled apart: a process never shares a guest's Program, which would make it a
        # possible source of that guest's clone.)
        program_name, program_path, program = _program(check, p, key, base_dir, shown, lang, {})
        problem = fit_problem(program, memory)
        if problem:
            check.fail(f"{key}.memory" if "memory" in p else key,
                       M("program {name} {problem}; raise this process's memory",
                         name=repr(program_name), problem=problem))
        processes.append(GuestConfig(name, program_path, program, memory, share,
                                     process=True))
    return processes


def _partitions_fit(check: "_Checker", raw: list, guests: list[GuestConfig],
                    host_memory: int) -> None:
    """Type 0 gives each guest a fixed window of the machine's memory: the windows must
    fit in it side by side (no overcommit: nothing can page a partition out)."""
    used = 0
    for i, (g, config) in enumerate(zip(raw, guests)):
        used += config.memory
        if used > host_memory:
            key = f"guest[{i}].memory" if "memory" in g else f"guest[{i}]"
            check.fail(key, M("the partitions need {needed:,} words and the machine has "
                              "{memory:,} (scenario.host_memory): hardware partitions cannot "
                              "overcommit memory", needed=sum(c.memory for c in guests),
                              memory=host_memory))


def _clone_slot(check: "_Checker", g: dict, key: str, name: str, guests: list[GuestConfig],
                machine_id: int) -> GuestConfig:
    """A [[guest]] with clone_of: a slot that starts powered off and exists to receive a
    clone of a guest above it, whose program, memory size and disk it takes."""
    given = sorted(set(g) & {"program", "memory", "input", "bytecode", "foreign", "disk"})
    if given:
        check.fail(f"{key}.{given[0]}", M("a clone's slot takes its program, memory, input and "
                                          "disk from the guest it clones: remove {key}",
                                          key=given[0]))
    source_name = check.string(g, f"{key}.clone_of")
    bootable = [other.name for other in guests if other.clone_of is None]
    if source_name not in bootable:
        check.fail(f"{key}.clone_of", M("must name a guest above it that boots (not a clone's "
                                        "slot): one of {options}, not {value}",
                                        options=listing(bootable), value=_show(source_name)))
    source = next(other for other in guests if other.name == source_name)
    share = check.integer(g, f"{key}.share", 1, 100, 1)
    return GuestConfig(name, source.program_path, source.program, source.memory, share, "",
                       source.disk_path, None if source.disk is None else list(source.disk),
                       machine_id, source_name)


def _clone(check: "_Checker", data: dict, guests: list[GuestConfig], migration):
    """The [clone] table (docs/snapshots.md, Clones): at a cycle, a guest cloned into a slot."""
    from .vmm.clone import CloneConfig
    table = check.table(data, "clone")
    check.only(table, "clone", {"source", "target", "at", "new_identity"})
    slots = tuple(g.name for g in guests if g.clone_of)
    if not slots:
        check.fail("clone", M("needs a [[guest]] with clone_of to receive the clone"))
    target = check.choice(table, "clone.target", slots, default=slots[0])
    slot = next(g for g in guests if g.name == target)
    sources = tuple(g.name for g in guests if g.clone_of is None and g.program is slot.program
                    and g.memory == slot.memory)
    source = check.choice(table, "clone.source", sources, default=slot.clone_of)
    at = check.integer(table, "clone.at", 1, MAX_CYCLES, 1)
    new_identity = table.get("new_identity", True)
    if not isinstance(new_identity, bool):
        check.fail("clone.new_identity", M("must be true or false, not {value}",
                                           value=_show(new_identity)))
    if migration is not None:
        check.fail("clone", M("a scenario clones a guest or migrates one, not both"))
    return CloneConfig(source, target, at, new_identity)


def _migration(check: "_Checker", data: dict, guests: list[GuestConfig], info):
    """The [migration] table (docs/migration.md): the guest that moves, the link, the rules."""
    from .vmm.migration import MigrationConfig
    table = check.table(data, "migration")
    limits = {key: (low, high) for key, low, high in MigrationConfig.LIMITS}
    check.only(table, "migration", {"guest"} | set(limits))
    guest = check.choice(table, "migration.guest", tuple(g.name for g in guests),
                         default=guests[0].name)
    if not info.under_vmm:
        check.fail("migration", M("a guest migrates from one VMM to another: this scenario "
                                  "has no VMM (technique {technique})",
                                  technique=repr(info.name)))
    defaults = MigrationConfig(guest)
    values = {key: check.integer(table, f"migration.{key}", low, high, getattr(defaults, key))
              for key, (low, high) in limits.items()}
    return MigrationConfig(guest, **values)


def fit_problem(program: Program, memory: int) -> str | None:
    """None if every word of program lies inside memory words, else what does not fit."""
    low, high = program.extent()
    if high <= memory:
        return None
    return M("places words up to address {address}, so it needs {needed:,} words of memory, "
             "more than the {memory:,} words it has", address=f"{high - 1:#x}", needed=high,
             memory=memory)


def memory_problem(memory: int) -> str | None:
    """None if memory (words) is a size a machine may have (inputs.MAX_MEMORY_WORDS), else why."""
    if isinstance(memory, bool) or not isinstance(memory, int) \
            or not 1 <= memory <= inputs.MAX_MEMORY_WORDS:
        return M("memory must be from 1 to {most:,} words, not {memory}",
                 most=inputs.MAX_MEMORY_WORDS, memory=_show(memory))
    return None


def program_scenario(path: str | Path, memory: int = 65_536,
                     lang: str = DEFAULT_LANGUAGE) -> Scenario:
    """A native scenario that runs one program file on the bare machine (assembled in lang)."""
    check_language(lang)
    path = Path(path)
    shown = inputs.shorten(str(path))
    problem = memory_problem(memory)
    if problem:
        raise ScenarioError(shown, "memory", problem)
    try:
        program = assemble_file(path, lang)
    except AssemblyError as err:
        if all(d.line <= 0 for d in err.errors):
            raise ScenarioError(shown, "", file_problems(err)) from None
        raise ScenarioError(shown, "", M("does not assemble:\n{errors}",
                                         errors=assembly_errors(err))) from None
    problem = fit_problem(program, memory)
    if problem:
        raise ScenarioError(shown, "", M("the program {problem}", problem=problem))
    name = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)[:24] or "program"
    if not name[0].isalpha():
        name = "p" + name[:23]
    guest = GuestConfig(name, path, program, memory)
    return Scenario(path.stem, path, {"en": path.name, "ca": path.name}, techniques.NATIVE,
                    [guest], max_cycles=5_000_000, lang=lang)


def _find_inside(name: str, base_dir: Path | None, shipped: Path, suffix: str, key: str,
                 check: "_Checker") -> Path | None:
    """The file `name` (or `name` + suffix) in the scenario's folder, else the shipped
    folder; a link that leads out of its folder is refused.  None: not found."""
    for folder in ([base_dir] if base_dir else []) + [shipped]:
        for ending in ("", suffix):
            candidate = folder / (name + ending)
            try:
                found = candidate.is_file()
            except (OSError, ValueError):
                found = False
            if not found:
                continue
            if not inputs.stays_inside(candidate, folder):
                check.fail(key, M("{name} is a link to a file outside the scenario's folder; "
                                  "a scenario may only use files inside its folder",
                                  name=repr(name)))
            return candidate
    return None


def resolve_program(name: str, base_dir: Path | None, shown: str, key: str,
                    check: "_Checker | None" = None) -> Path:
    """Find a program by name, inside the scenario's folder or the programs folder."""
    check = check or _Checker(shown)
    problem = inputs.check_name(name, "program name")
    if problem:
        check.fail(key, problem)
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or "\\" in name or not rel.parts:
        check.fail(key, M("{name} must be a program name or a path inside the scenario's "
                          "folder (no absolute paths, no '..')", name=_show(name)))
    found = _find_inside(name, base_dir, programs_dir(), PROGRAM_SUFFIX, key, check)
    if found is not None:
        return found
    shipped = sorted(p.stem for p in programs_dir().glob(f"*{PROGRAM_SUFFIX}"))
    beside = sorted(p.stem for p in base_dir.glob(f"*{PROGRAM_SUFFIX}"))[:100] \
        if base_dir else []
    check.fail(key, M("program {name} not found{hint}; shipped programs: {known}",
                      name=_show(name), known=listing(shipped),
                      hint=did_you_mean(name, beside + shipped, " (", ")")))


def resolve_disk(name: str, base_dir: Path | None, key: str, check: "_Checker") -> Path:
    """Find a disk image by name, inside the scenario's folder or the shipped disks folder,
    as resolve_program finds a program (no absolute paths, no '..', links kept inside)."""
    from .disk_image import SUFFIX
    problem = inputs.check_name(name, "disk image name")
    if problem:
        check.fail(key, problem)
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or "\\" in name or not rel.parts:
        check.fail(key, M("{name} must be a disk image's name or a path inside the scenario's "
                          "folder (no absolute paths, no '..')", name=_show(name)))
    found = _find_inside(name, base_dir, disks_dir(), SUFFIX, key, check)
    if found is not None:
        return found
    shipped = sorted(p.stem for p in disks_dir().glob(f"*{SUFFIX}"))
    check.fail(key, M("disk image {name} not found; shipped disk images: {known}",
                      name=_show(name), known=listing(shipped)))


class _Checker:
    """Small typed accessors that raise ScenarioError with the key path and its line."""

    def __init__(self, shown: str, text: str | None = None) -> None:
        self.shown = shown
        self.locator = KeyLocator(text) if text is not None else None

    def fail(self, key: str, message: str, shown_key: str | None = None) -> None:
        """Raise the error for key (its line found in the text); shown_key names it instead."""
        line = self.locator.line_of(key) if self.locator and key else 0
        raise ScenarioError(self.shown, key if shown_key is None else shown_key, message,
                            line or None)

    def only(self, table: dict, key: str, allowed: set[str]) -> None:
        for k in table:
            if k not in allowed:
                where = f"{key}.{k}" if key else k
                self.fail(where, M("unknown key{hint}; allowed here: {allowed}",
                                   allowed=listing(sorted(allowed)),
                                   hint=did_you_mean(k, allowed, " (", ")")))

    def table(self, data: dict, key: str, required: bool = False) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, M("a [{key}] table is required", key=key))
            return {}
        if not isinstance(value, dict):
            self.fail(key, M("must be a table"))
        return value

    def integer(self, table: dict, key: str, low: int, high: int, default: int) -> int:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, M("must be a whole number from {low:,} to {high:,}, not {value}",
                             low=low, high=high, value=_show(value)))
        return value

    def string(self, table: dict, key: str, default: str = "", required: bool = False) -> str:
        short = key.rsplit(".", 1)[-1]
        if short not in table:
            if required:
                self.fail(key, M("is required"))
            return default
        value = table[short]
        if not isinstance(value, str):
            self.fail(key, M("must be a string, not {value}", value=_show(value)))
        return value

    def choice(self, table: dict, key: str, options: tuple[str, ...], default: str) -> str:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if value not in options:
            close = nearest(value, options)
            if close:
                self.fail(key, M("did you mean {name}? It must be one of {options}, not {value}",
                                 name=repr(close), options=listing(options), value=_show(value)))
            self.fail(key, M("must be one of {options}, not {value}", options=listing(options),
                             value=_show(value)))
        return value

    def text_by_language(self, value, key: str, default: str) -> dict[str, str]:
        if value is None:
            return {"en": default, "ca": default}
        if isinstance(value, str):
            return {"en": value, "ca": value}
        if not isinstance(value, dict) or set(value) != {"en", "ca"} or not all(
                isinstance(v, str) for v in value.values()):
            self.fail(key, M("must be a string or a table with exactly 'en' and 'ca' strings"))
        return dict(value)


def _show(value) -> str:
    """A value for a message: its repr, cut when long (a number of 5,000 digits too)."""
    try:
        text = repr(value)
    except (ValueError, RecursionError):   # an int too long to convert; data nested too deep
        return "a number of thousands of digits"
    return inputs.shorten(text)


def file_problems(err):
    """An AssemblyError about the file itself (not found, not UTF-8…): its messages, one line."""
    from .asm.messages import render as render_asm
    from .messages import Localized
    return Localized(lambda lang: "; ".join(
        (render_asm(d.message_msg, lang) if lang != "en" else "") or d.message
        for d in err.errors))


def console_problem(err: ConsoleInputError):
    """A console input the console cannot carry, as the devices say it (English only)."""
    return str(err)
