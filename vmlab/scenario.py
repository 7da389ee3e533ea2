"""Scenarios: which technique, which guests, which costs — as TOML data.

A scenario file never runs code.  Program paths are resolved inside the
scenario's own folder or the shipped programs folder, never elsewhere.

    [scenario]
    title = { en = "Two guests", ca = "Dos guests" }
    technique = "trap-and-emulate"     # or "native"
    quantum = 2000                     # cycles per CPU share
    max_cycles = 3_000_000             # the default run limit
    host_memory = 65536                # words of physical memory (VMM scenarios)

    [costs]                            # optional overrides of the VMM cost model
    vm_exit = 20

    [[guest]]
    name = "alpha"
    program = "alpha"                  # assets/programs/alpha.vl32, or a file beside this one
    memory = 16384                     # words of RAM the guest sees
    share = 1                          # CPU weight
    input = ""                         # console input queued at power-on
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .asm import AssemblyError, Program, assemble_file
from .inputs import InputError
from .resources import data_dir
from .vmm.costs import CostModel

TECHNIQUES = ("native", "trap-and-emulate")
MAX_FILE_BYTES = 256 * 1024
MIN_GUEST_MEMORY, MAX_GUEST_MEMORY = 256, 1 << 20
MAX_HOST_MEMORY = 1 << 22
PROGRAM_SUFFIX = ".vl32"
_GUEST_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,23}")


class ScenarioError(InputError):
    """A scenario that cannot be used; str() names the file, key and what is allowed."""

    def __init__(self, path: str, key: str, message: str, line: int | None = None) -> None:
        self.path, self.key, self.message, self.line = path, key, message, line
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {key}: {message}" if key else f"{where}: {message}")


@dataclass
class GuestConfig:
    name: str
    program_path: Path
    program: Program
    memory: int = 16_384
    share: int = 1
    input: str = ""


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

    @property
    def native(self) -> bool:
        return self.technique == "native"


def scenarios_dir() -> Path:
    return data_dir("assets") / "scenarios"


def programs_dir() -> Path:
    return data_dir("assets") / "programs"


def available_scenarios() -> list[str]:
    return sorted(p.stem for p in scenarios_dir().glob("*.toml"))


def find_scenario(name_or_path: str) -> Path:
    """A shipped scenario by name, or a .toml file path given by the user."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    shipped = scenarios_dir() / f"{name_or_path}.toml"
    if shipped.is_file():
        return shipped
    known = ", ".join(available_scenarios())
    raise ScenarioError(name_or_path, "", f"no such scenario; the shipped ones are: {known}")


def load_scenario(name_or_path: str) -> Scenario:
    path = find_scenario(name_or_path)
    shown = str(path)
    try:
        if path.is_dir():
            raise ScenarioError(shown, "", "is a folder, not a scenario file")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(shown, "", "file not found") from None
    except OSError as err:
        raise ScenarioError(shown, "", f"cannot be read ({err.strerror})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(shown, "", f"is {len(raw)} bytes; a scenario may be at most "
                                       f"{MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ScenarioError(shown, "", "is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(shown, "", f"is not valid TOML: {err}") from None
    return parse_scenario(data, path.stem, path)


def parse_scenario(data: dict, name: str, path: Path | None) -> Scenario:
    """Validate scenario data (from a file or inline in a lesson)."""
    shown = str(path) if path else f"<scenario {name}>"
    check = _Checker(shown)
    check.only(data, "", {"scenario", "costs", "guest"})
    head = check.table(data, "scenario", required=True)
    check.only(head, "scenario", {"title", "technique", "quantum", "max_cycles", "host_memory",
                                  "description"})
    technique = check.choice(head, "scenario.technique", TECHNIQUES, default="native")
    title = check.text_by_language(head.get("title"), "scenario.title", default=name)
    quantum = check.integer(head, "scenario.quantum", 1, 10_000_000, 2000)
    max_cycles = check.integer(head, "scenario.max_cycles", 1, 10**10, 3_000_000)
    host_memory = check.integer(head, "scenario.host_memory", MIN_GUEST_MEMORY, MAX_HOST_MEMORY,
                                65_536)
    costs = CostModel()
    if "costs" in data:
        overrides = check.table(data, "costs")
        try:
            costs = costs.with_overrides(overrides)
        except ValueError as err:
            raise ScenarioError(shown, "costs", str(err)) from None
    guests_raw = data.get("guest")
    if not isinstance(guests_raw, list) or not guests_raw:
        raise ScenarioError(shown, "guest", "at least one [[guest]] table is required")
    guests = []
    base_dir = path.parent if path else None
    for i, g in enumerate(guests_raw):
        key = f"guest[{i}]"
        if not isinstance(g, dict):
            raise ScenarioError(shown, key, "must be a table ([[guest]])")
        check.only(g, key, {"name", "program", "memory", "share", "input"})
        gname = check.string(g, f"{key}.name", default=f"guest{i}")
        if not _GUEST_NAME.fullmatch(gname):
            raise ScenarioError(shown, f"{key}.name", f"{gname!r} must be a short name: a letter, "
                                "then letters, digits, - or _ (at most 24 characters)")
        if any(other.name == gname for other in guests):
            raise ScenarioError(shown, f"{key}.name", f"{gname!r} is used by two guests")
        program_name = check.string(g, f"{key}.program", required=True)
        program_path = resolve_program(program_name, base_dir, shown, f"{key}.program")
        try:
            program = assemble_file(program_path)
        except AssemblyError as err:
            raise ScenarioError(shown, f"{key}.program", f"{program_name!r} does not assemble:\n"
                                f"{err}") from None
        memory = check.integer(g, f"{key}.memory", MIN_GUEST_MEMORY, MAX_GUEST_MEMORY, 16_384)
        share = check.integer(g, f"{key}.share", 1, 100, 1)
        text = check.string(g, f"{key}.input", default="")
        guests.append(GuestConfig(gname, program_path, program, memory, share, text))
    if technique == "native" and len(guests) != 1:
        raise ScenarioError(shown, "guest", "a native scenario runs exactly one kernel on the "
                            f"bare machine, not {len(guests)}")
    if technique != "native":
        from .vmm.monitor import VMM_HEADER_WORDS  # sizes only
        needed = max(256, VMM_HEADER_WORDS + 32 * len(guests)) + sum(g.memory for g in guests)
        if needed > host_memory:
            raise ScenarioError(shown, "scenario.host_memory",
                                f"{host_memory} words cannot hold the VMM and the guests' "
                                f"memory ({needed} words needed)")
    return Scenario(name, path, title, technique, guests, quantum, max_cycles, host_memory, costs)


def program_scenario(path: str | Path, memory: int = 65_536) -> Scenario:
    """A native scenario that runs one program file on the bare machine."""
    path = Path(path)
    try:
        program = assemble_file(path)
    except AssemblyError as err:
        raise ScenarioError(str(path), "", f"does not assemble:\n{err}") from None
    name = re.sub(r"[^A-Za-z0-9_-]", "_", path.stem)[:24] or "program"
    if not name[0].isalpha():
        name = "p" + name[:23]
    guest = GuestConfig(name, path, program, memory)
    return Scenario(path.stem, path, {"en": path.name, "ca": path.name}, "native", [guest],
                    max_cycles=5_000_000)


def resolve_program(name: str, base_dir: Path | None, shown: str, key: str) -> Path:
    """Find a program by name, inside the scenario's folder or the programs folder."""
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or "\\" in name or not rel.parts:
        raise ScenarioError(shown, key, f"{name!r} must be a program name or a path inside the "
                            "scenario's folder (no absolute paths, no '..')")
    candidates = []
    for folder in ([base_dir] if base_dir else []) + [programs_dir()]:
        for suffix in ("", PROGRAM_SUFFIX):
            candidates.append(folder / (name + suffix))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    known = ", ".join(sorted(p.stem for p in programs_dir().glob(f"*{PROGRAM_SUFFIX}")))
    raise ScenarioError(shown, key, f"program {name!r} not found; shipped programs: {known}")


class _Checker:
    """Small typed accessors that raise ScenarioError with the key path."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, key: str, message: str) -> None:
        raise ScenarioError(self.shown, key, message)

    def only(self, table: dict, key: str, allowed: set[str]) -> None:
        for k in table:
            if k not in allowed:
                where = f"{key}.{k}" if key else k
                self.fail(where, f"unknown key; allowed here: {', '.join(sorted(allowed))}")

    def table(self, data: dict, key: str, required: bool = False) -> dict:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(key, f"a [{key}] table is required")
            return {}
        if not isinstance(value, dict):
            self.fail(key, "must be a table")
        return value

    def integer(self, table: dict, key: str, low: int, high: int, default: int) -> int:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(key, f"must be a whole number from {low} to {high}, not {value!r}")
        return value

    def string(self, table: dict, key: str, default: str = "", required: bool = False) -> str:
        short = key.rsplit(".", 1)[-1]
        if short not in table:
            if required:
                self.fail(key, "is required")
            return default
        value = table[short]
        if not isinstance(value, str):
            self.fail(key, f"must be a string, not {value!r}")
        return value

    def choice(self, table: dict, key: str, options: tuple[str, ...], default: str) -> str:
        value = table.get(key.rsplit(".", 1)[-1], default)
        if value not in options:
            self.fail(key, f"must be one of {', '.join(options)}, not {value!r}")
        return value

    def text_by_language(self, value, key: str, default: str) -> dict[str, str]:
        if value is None:
            return {"en": default, "ca": default}
        if isinstance(value, str):
            return {"en": value, "ca": value}
        if not isinstance(value, dict) or set(value) != {"en", "ca"} or not all(
                isinstance(v, str) for v in value.values()):
            self.fail(key, "must be a string or a table with exactly 'en' and 'ca' strings")
        return dict(value)
