"""Lesson files (TOML) -> validated Lesson, or every problem with file, line and key.

A lesson file never runs code: answers and checks are expressions in the
small language of expr.py; programs and scenarios must lie inside the
lesson's own folder or be shipped with vmlab.  See docs/lessons.md.
"""

from __future__ import annotations

import difflib
import itertools
import math
import re
from dataclasses import replace
from pathlib import Path, PurePosixPath

from .. import inputs
from ..asm import AssemblyError, assemble
from ..inputs import InputError, ReadProblem, TomlProblem
from ..isa.spec import CAUSE_NUMBERS
from ..machine.devices import ConsoleInputError, encode_console_text
from ..messages import Localized, M, assembly_errors, listing, render
from ..observe.vocabulary import GuestCommand
from ..resources import data_dir
from ..scenario import (MAX_GUEST_MEMORY, MIN_GUEST_MEMORY, Scenario, ScenarioError,
                        available_scenarios, load_scenario, parse_scenario, program_scenario,
                        scenarios_dir)
from ..toml_lines import KeyLocator as _Locator
from ..vmm import techniques
from .capture import capture_action
from .expr import (ANY, KEYWORDS, NUMBER, TEXT, TRUTH, ExprError, check, constant,
                   evaluate, infer, parse, type_name, variable)
from .metrics import argument_validator, metric_functions
from .model import (LANGUAGES, LEVELS, PANELS, QUESTION_KINDS, Action, Check, Exercise, Lesson,
                    Parameter, Question, Step, Text)

MAX_FILE_BYTES = inputs.MAX_LESSON_BYTES
MAX_STEPS = 200
MAX_ISSUES = 200              # problems reported for one file; then "… and N more"
MAX_PARAMETERS = 10
MAX_PARAMETER_DRAWS = 256     # combinations of parameter values: `lesson check` tries each one
MAX_RUN_CYCLES = 20_000_000
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,47}")
SCENARIO_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,63}")
NAME_PATTERN = re.compile(r"[a-z_][a-z0-9_]{0,47}")     # parameters and captured values
PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")    # as the engine's fill_in reads them

# action kind -> (required keys, optional keys)
ACTIONS = {
    "reset": (set(), set()),
    "load-scenario": ({"scenario"}, set()),
    "load-program": ({"program"}, set()),
    "run": ({"cycles"}, set()),
    "run-until": (set(), {"cycle", "trap", "vm_exit", "label", "console", "halt", "max_cycles"}),
    "step-cycle": (set(), {"count"}),
    "step-instruction": (set(), {"count"}),
    "set-speed": ({"speed"}, set()),
    "select-guest": ({"guest"}, set()),
    "open-panel": ({"panel"}, set()),
    "breakpoint": ({"guest", "label"}, set()),
    "input": ({"guest", "text"}, set()),
    # A guest's lifecycle under the VMM (vmm/lifecycle.py): pause, resume, power-off, power-on.
    **{command.value: ({"guest"}, set()) for command in GuestCommand},
    # Snapshots (docs/snapshots.md), saved in a folder of the lesson engine's own.
    "snapshot": ({"guest", "name"}, {"base"}),
    "restore": ({"guest", "name"}, set()),
}
LIFECYCLE_ACTIONS = frozenset(command.value for command in GuestCommand)
SNAPSHOT_ACTIONS = frozenset({"snapshot", "restore"})
SNAPSHOT_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
RUN_UNTIL_TARGETS = ("cycle", "trap", "vm_exit", "label", "console", "halt")


def lessons_dir() -> Path:
    return data_dir("lessons")


def shown(value) -> str:
    """A value as the author wrote it in TOML (true, not True)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def message_of(err: Exception):
    """An error's message as it can be shown in either language (its text if it has one)."""
    if callable(getattr(err, "render", None)):
        return Localized(err.render)
    if len(err.args) == 1 and callable(getattr(err.args[0], "render", None)):
        return err.args[0]
    return str(err)


def did_you_mean(name, options, before: str = "", after: str = ""):
    """'(did you mean 'x'?)' for the option nearest to name, or "" if none is near."""
    from ..scenario import did_you_mean as nearest_hint
    return nearest_hint(name, options, before, after)


class LessonIssue:
    """One problem: file, line (0 if unknown), key path, message."""

    def __init__(self, path: str, line: int, key: str, message: str) -> None:
        self.path, self.line, self.key, self.message = path, line, key, message

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str = "en") -> str:
        """file:line: key: message, the message in lang ("en" or "ca")."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        message = render(self.message, lang)
        return f"{where}: {self.key}: {message}" if self.key else f"{where}: {message}"

    def __repr__(self) -> str:
        return f"LessonIssue({str(self)!r})"


class LessonError(InputError):
    """Every problem of a lesson file (the first MAX_ISSUES, then one saying how many more)."""

    def __init__(self, issues: list[LessonIssue], more: int = 0) -> None:
        self.more = more
        if more:
            shown = issues[0].path if issues else "<lesson>"
            issues = issues + [LessonIssue(shown, 0, "", M(
                "… and {more:,} more problem(s): fix these first, then check again", more=more))]
        self.issues = issues
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        """Every problem, one a line, in lang ("en" or "ca")."""
        return "\n".join(issue.render(lang) for issue in self.issues)


class _Validator:
    def __init__(self, shown: str, text: str, folder: Path | None) -> None:
        self.shown = shown
        self.locator = _Locator(text)
        self.folder = folder
        self.issues: list[LessonIssue] = []
        self.more = 0                 # problems past MAX_ISSUES: counted, not located
        self.placeholders: set[str] | None = None   # the parameters, once they are read
        self.strict = False           # placeholders checked too (see load_lesson)

    def error(self, key: str, message: str) -> None:
        if len(self.issues) >= MAX_ISSUES:
            self.more += 1            # finding a line costs a scan: only for those shown
            return
        self.issues.append(LessonIssue(self.shown, self.locator.line_of(key), key, message))

    # typed readers: report and return a default instead of raising
    def text(self, value, key: str, required: bool = True,
             placeholders: bool = True) -> Text | None:
        if value is None:
            if required:
                self.error(key, M("is required: a table with 'en' and 'ca' texts"))
            return None
        if not isinstance(value, dict):
            self.error(key, M("must be a table with 'en' and 'ca' texts, e.g. {{ en = "
                              '"...", ca = "..." }}'))
            return None
        for lang in LANGUAGES:
            if lang not in value:
                self.error(f"{key}.{lang}", M("missing translation: the '{lang}' text is "
                                              'required', lang=lang))
            elif not isinstance(value[lang], str) or not value[lang].strip():
                self.error(f"{key}.{lang}", M('must be a non-empty string'))
        extra = set(value) - set(LANGUAGES)
        if extra:
            self.error(key, M('unknown language(s) {names}; allowed: {names2}',
                              names=', '.join(sorted(extra)), names2=', '.join(LANGUAGES)))
        if self.placeholders is not None and placeholders:
            for lang in LANGUAGES:
                if isinstance(value.get(lang), str):
                    self.placeholder_names(value[lang], f"{key}.{lang}")
        if all(isinstance(value.get(lang), str) for lang in LANGUAGES):
            return Text(value["en"], value["ca"])
        return None

    def placeholder_names(self, text: str, key: str) -> None:
        """Every {name} in a text must be a parameter: the student would see the braces."""
        for name in dict.fromkeys(PLACEHOLDER.findall(text)):
            if name in self.placeholders:
                continue
            close = difflib.get_close_matches(name, self.placeholders, n=1)
            hint = M(" (did you mean {name}?)", name=f"{{{close[0]}}}") if close else ""
            declared = (", ".join(f"{{{p}}}" for p in sorted(self.placeholders))
                        or M("none, as this lesson declares no [[parameter]]"))
            self.error(key, M('unknown placeholder {{{name}}}{hint}: the student would see the '
                              "braces. A placeholder shows this student's value of a parameter: "
                              '{declared}', name=name, hint=hint, declared=declared))

    def integer(self, table: dict, name: str, key: str, low: int, high: int,
                default: int | None = None) -> int | None:
        value = table.get(name, default)
        if value is None:
            self.error(key, M('is required: a whole number from {low} to {high}', low=low,
                              high=high))
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.error(key, M('must be a whole number from {low} to {high}, not {value}', low=low,
                              high=high, value=shown(value)))
            return default
        return value

    def only(self, table: dict, key: str, allowed: set[str]) -> None:
        for name in table:
            if name not in allowed:
                where = f"{key}.{name}" if key else name
                self.error(where, M("unknown key{hint}; allowed here: {names}",
                                    names=", ".join(sorted(allowed)),
                                    hint=did_you_mean(name, allowed, " (", ")")))

    def inside_folder(self, name, key: str) -> Path | None:
        """A file named by the lesson: must stay inside the lesson's folder."""
        if not isinstance(name, str) or not name:
            self.error(key, M('must be a file name (a string)'))
            return None
        problem = inputs.check_name(name, "file name")
        if problem:
            self.error(key, M('{value}: {problem}', value=repr(inputs.shorten(name)),
                              problem=problem))
            return None
        rel = PurePosixPath(name)
        if rel.is_absolute() or ".." in rel.parts or "\\" in name:
            self.error(key, M("{name} must be a path inside the lesson's folder (no absolute "
                              "paths, no '..')", name=repr(name)))
            return None
        if self.folder is None:
            self.error(key, M('the lesson has no folder to find files in'))
            return None
        path = self.folder / rel
        try:
            found = path.is_file()
        except OSError:               # a name the system refuses (too long, a loop of links)
            found = False
        if not found:
            self.error(key, M('file {name} not found next to the lesson', name=repr(name)))
            return None
        if not inputs.stays_inside(path, self.folder):
            self.error(key, M("{name} is a link to a file outside the lesson's folder; a lesson "
                              'may only use files inside its folder', name=repr(name)))
            return None
        return path


def load_lesson(path: str | Path, *, strict: bool = False) -> Lesson:
    """Read and validate a lesson file; raises LessonError listing every problem.

    strict (`vmlab lesson check`): also the mistakes the window lives with - a
    {name} in a text that is no parameter (shown as written), an expression
    with a mistake of type or of the wrong kind for its question (the step
    says it cannot compute the answer), a constant choice index out of range.
    """
    try:
        raw = inputs.read_bounded(path, MAX_FILE_BYTES, "lesson")
    except ReadProblem as err:
        raise LessonError([LessonIssue(err.path, 0, "", err.reason)]) from None
    path = Path(path)
    shown = str(path)
    try:
        text = inputs.decode_utf8(raw)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise LessonError([LessonIssue(shown, line, "", M(
            "is not UTF-8 text (byte {start}); save the file as UTF-8", start=err.start))]) \
            from None
    return parse_lesson(text, path, strict=strict)


def parse_lesson(text: str, path: Path | None, *, strict: bool = False) -> Lesson:
    shown = str(path) if path else "<lesson>"
    try:
        data = inputs.parse_toml(text)
    except TomlProblem as err:
        raise LessonError([LessonIssue(shown, err.line, "", err.message)]) from None
    return lesson_from_data(data, path, text, strict=strict)


def lesson_from_data(data: dict, path: Path | None, text: str = "", *,
                     strict: bool = False) -> Lesson:
    """Validate parsed lesson data (text, when given, only serves to find lines)."""
    v = _Validator(str(path) if path else "<lesson>", text, path.parent if path else None)
    v.strict = strict
    lesson = _build(v, data, path)
    if v.issues:
        raise LessonError(v.issues, v.more)
    return lesson


def _build(v: _Validator, data: dict, path: Path | None) -> Lesson | None:
    v.only(data, "", {"id", "title", "summary", "level", "minutes", "order", "scenario",
                      "parameter", "step"})
    lesson_id = data.get("id")
    if not isinstance(lesson_id, str) or not ID_PATTERN.fullmatch(lesson_id):
        v.error("id", M("is required: lower-case letters, digits and '-' (e.g. "
                        '"trap-and-emulate")'))
        lesson_id = "?"
    parameters = _parameters(v, data.get("parameter", []))
    if v.strict:       # names of parameters with other mistakes count: one problem at a time
        raw = data.get("parameter") if isinstance(data.get("parameter"), list) else []
        v.placeholders = {p["name"] for p in raw if isinstance(p, dict)
                          and isinstance(p.get("name"), str)}
    title = v.text(data.get("title"), "title")
    summary = v.text(data.get("summary"), "summary")
    level = data.get("level", "basic")
    if level not in LEVELS:
        v.error("level", M('must be one of {names}, not {level}', names=', '.join(LEVELS),
                           level=repr(level)))
    minutes = v.integer(data, "minutes", "minutes", 1, 240, 20)
    order = v.integer(data, "order", "order", 0, 1000, 100)
    scenario_source = data.get("scenario")
    scenario = _scenario(v, scenario_source, lesson_id, path, parameters)
    steps_raw = data.get("step")
    if not isinstance(steps_raw, list) or not steps_raw:
        v.error("step", M('at least one [[step]] is required'))
        steps_raw = []
    if len(steps_raw) > MAX_STEPS:
        v.error("step", M("at most {most} steps", most=MAX_STEPS))
        steps_raw = steps_raw[:MAX_STEPS]
    context = _Context(scenario, {p.name for p in parameters})
    for i, raw in enumerate(steps_raw):
        if isinstance(raw, dict) and isinstance(raw.get("capture"), dict):
            for name in raw["capture"]:
                context.later.setdefault(name, f"step[{i}]")
    steps, ids = [], set()
    for i, raw in enumerate(steps_raw):
        step = _step(v, raw, f"step[{i}]", i, context)
        if step is not None:
            if step.id in ids:
                v.error(f"step[{i}].id", M('{id} is used by two steps', id=repr(step.id)))
            ids.add(step.id)
            steps.append(step)
    if v.issues or title is None or summary is None:
        return None
    return Lesson(lesson_id, path, title, summary, level, minutes, order, scenario_source,
                  tuple(parameters), tuple(steps))


def _parameters(v: _Validator, raw) -> list[Parameter]:
    if not isinstance(raw, list):
        v.error("parameter", M('must be an array of tables ([[parameter]])'))
        return []
    out = []
    if len(raw) > MAX_PARAMETERS:
        v.error("parameter", M("at most {most} parameters", most=MAX_PARAMETERS))
        raw = raw[:MAX_PARAMETERS]
    for i, p in enumerate(raw):
        key = f"parameter[{i}]"
        if not isinstance(p, dict):
            v.error(key, M('must be a table'))
            continue
        v.only(p, key, {"name", "min", "max", "step", "set", "description"})
        name = p.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            v.error(f"{key}.name", M('is required: a lower-case name like "quantum"'))
            continue
        low = v.integer(p, "min", f"{key}.min", 0, 10**9)
        high = v.integer(p, "max", f"{key}.max", 0, 10**9)
        step = v.integer(p, "step", f"{key}.step", 1, 10**9, 1)
        if low is not None and high is not None and low > high:
            v.error(f"{key}.max", M('must be at least min ({low})', low=low))
        target = p.get("set")
        if not isinstance(target, str) or not re.fullmatch(
                r"scenario\.quantum|guest\.[\w-]+\.(memory|share)|costs\.\w+|program\.[\w-]+\.\w+",
                target):
            v.error(f"{key}.set", M('is required: where the value goes — scenario.quantum, '
                                    'guest.<name>.memory, guest.<name>.share, costs.<cost> or '
                                    'program.<guest>.<EQU name>'))
            continue
        description = v.text(p.get("description"), f"{key}.description", required=False,
                             placeholders=False)
        if any(other.name == name for other in out):
            v.error(f"{key}.name", M('{name} is declared twice', name=repr(name)))
            continue
        if low is not None and high is not None and low <= high:
            out.append(Parameter(name, low, high, step or 1, target, description))
    return out


def _scenario(v: _Validator, source, lesson_id: str, path: Path | None,
              parameters: list[Parameter]) -> Scenario | None:
    if source is None:
        v.error("scenario", M('is required: a scenario name (e.g. "two-guests") or an inline '
                              '[scenario] table'))
        return None
    try:
        base = base_scenario(source, lesson_id, path)
    except ScenarioError as err:
        if isinstance(source, dict) and err.path == v.shown:   # an inline scenario: its key
            v.error(f"scenario.{err.key}" if err.key else "scenario", err.message)
        else:
            v.error("scenario", _problem(err, source, v.shown))
        return None
    except InputError as err:
        v.error("scenario", message_of(err))
        return None
    cache: dict = {}
    try:
        scenario = apply_parameters(base, parameters, {p.name: p.low for p in parameters}, cache)
    except (ValueError, KeyError) as err:
        v.error("parameter", message_of(err))
        return None
    # Every student must get a scenario that runs: try every value each parameter can
    # take, in every combination a student may draw (the middle values too).
    draws = math.prod(len(p.values()) for p in parameters)
    if draws > MAX_PARAMETER_DRAWS:
        v.error("parameter", M('the parameters can take {draws:,} combinations of values; at '
                               'most {most} are allowed, so that each one a '
                               'student may draw is tried: use a larger step, a smaller range '
                               'or fewer parameters', draws=draws,
                               most=MAX_PARAMETER_DRAWS))
        return scenario
    from ..session import Session    # the layer below; imported late (heavier)
    failed, first = 0, None
    for combination in itertools.product(*(p.values() for p in parameters)):
        values = dict(zip((p.name for p in parameters), combination))
        try:
            Session(apply_parameters(base, parameters, values, cache))
        except (InputError, ValueError, KeyError) as err:
            failed += 1
            if first is None:
                first = (values, err)
    if first is not None:
        values, err = first
        shown = ", ".join(f"{name} = {value}" for name, value in values.items())
        others = M(" ({failed} other draw(s) of {draws} fail too)", failed=failed - 1,
                   draws=draws) if failed > 1 else ""
        v.error("parameter", M('with {shown} the scenario cannot run{others}: {err}', shown=shown,
                               others=others, err=err))
    return scenario


def _problem(err: ScenarioError, name, shown: str) -> str:
    """A scenario's error as a lesson reports it: without repeating the name or the lesson."""
    if err.path in (str(name), inputs.shorten(str(name)), shown):
        return err.message
    return Localized(err.render)


def scenario_path(name, folder: Path | None) -> Path:
    """The file of a scenario a lesson names: beside the lesson, or shipped; never elsewhere."""
    if not isinstance(name, str) or not SCENARIO_NAME.fullmatch(name):
        name = inputs.shorten(str(name))
        raise ScenarioError(name, "", M("{name} is not a scenario name: a lesson names a "
                                        "shipped scenario or one in its own folder, by name "
                                        "(letters, digits, '-' and '_'; no paths)",
                                        name=repr(name)))
    for candidate, home in ([(folder / f"{name}.toml", folder)] if folder else []) + [
            (scenarios_dir() / f"{name}.toml", scenarios_dir())]:
        if candidate.is_file():
            if not inputs.stays_inside(candidate, home):
                raise ScenarioError(name, "", M('{name} is a link to a file outside the '
                                                "lesson's folder; a lesson may only use files "
                                                'inside its folder', name=repr(name)))
            return candidate
    raise ScenarioError(name, "", unknown_scenario(name, folder))


def unknown_scenario(name: str, folder: Path | None) -> str:
    """The message for a scenario name found nowhere: the nearest name, where it looked."""
    shipped = available_scenarios()
    beside = scenario_files(folder) if folder else []
    close = difflib.get_close_matches(name, beside + shipped, n=1)
    hint = M("; did you mean {name}?", name=repr(close[0])) if close else "."
    shipped_file = scenarios_dir() / (name + ".toml")
    if folder:
        places = M("{beside} (beside the lesson) and {shipped} (shipped)",
                   beside=str((folder / (name + ".toml")).absolute()), shipped=str(shipped_file))
    else:
        places = M("{shipped} (shipped)", shipped=str(shipped_file))
    own = M("; scenario files beside the lesson: {names}", names=listing(beside)) \
        if beside else ""
    return M("unknown scenario {name}{hint} Looked for {places}; the shipped scenarios are: "
             "{shipped}{own}", name=repr(name), hint=hint, places=places,
             shipped=listing(shipped), own=own)


def scenario_files(folder: Path, limit: int = 200) -> list[str]:
    """The names of the scenario files in a folder (not its lessons), for suggestions."""
    names = []
    try:
        paths = sorted(folder.glob("*.toml"))[:limit]
    except OSError:
        return names
    for path in paths:
        if file_kind(path) == "scenario":
            names.append(path.stem)
    return names


def is_scenario_data(data) -> bool:
    """Parsed TOML that is a scenario file ([scenario] and [[guest]]), not a lesson."""
    if not isinstance(data, dict) or not data:
        return False
    if set(data) & {"id", "step", "title", "summary", "parameter"}:
        return False
    return set(data) <= {"scenario", "costs", "guest"} and (
        "guest" in data or isinstance(data.get("scenario"), dict))


LESSON_KEYS = ("id", "title", "summary", "level", "minutes", "order", "parameter", "step")


def lesson_shape(path: Path) -> tuple[str, int] | None:
    """(the first lesson key, its line) if the file reads as a lesson (an id, steps, a
    title...) rather than a scenario; None if it does not, or cannot be read."""
    try:
        raw = inputs.read_bounded(path, MAX_FILE_BYTES, "lesson")
        text = inputs.decode_utf8(raw)
        data = inputs.parse_toml(text)
    except (InputError, TomlProblem, UnicodeDecodeError, OSError, ValueError):
        return None
    keys = [key for key in LESSON_KEYS if key in data] if isinstance(data, dict) else []
    if not keys:
        return None
    locator = _Locator(text)
    key = min(keys, key=lambda k: locator.line_of(k) or 1 << 30)
    return key, locator.line_of(key)


def file_kind(path: Path) -> str:
    """"scenario" if the file is a readable scenario file by its shape, else "lesson"
    (what a lesson's loader then reads and judges, with every problem)."""
    try:
        raw = inputs.read_bounded(path, MAX_FILE_BYTES, "lesson")
        data = inputs.parse_toml(inputs.decode_utf8(raw))
    except (InputError, TomlProblem, UnicodeDecodeError, OSError, ValueError):
        return "lesson"
    return "scenario" if is_scenario_data(data) else "lesson"


def load_named_scenario(name, folder: Path | None) -> Scenario:
    """A scenario a lesson names (its own, or a load-scenario action's), as a student gets it."""
    return load_scenario(str(scenario_path(name, folder)))


def inline_scenario(table: dict) -> dict:
    """An inline scenario in a lesson, as the scenario parser wants it.

    Both spellings work: the scenario file's own layout ([scenario.scenario],
    [[scenario.guest]]) and the flat one a lesson reads better with
    ([scenario] with technique, quantum ..., then [[scenario.guest]]).
    """
    if "scenario" in table:
        return table
    head = {k: v for k, v in table.items() if k not in ("guest", "costs")}
    flat = {"scenario": head}
    for key in ("guest", "costs"):
        if key in table:
            flat[key] = table[key]
    return flat


def build_scenario(source, lesson_id: str, path: Path | None, values: dict[str, int],
                   parameters) -> Scenario:
    """The lesson's scenario with this student's parameter values applied."""
    return apply_parameters(base_scenario(source, lesson_id, path), parameters, values)


def base_scenario(source, lesson_id: str, path: Path | None) -> Scenario:
    """The lesson's scenario as written, before any parameter is applied."""
    if isinstance(source, str):
        return load_named_scenario(source, path.parent if path else None)
    if isinstance(source, dict):
        return parse_scenario(inline_scenario(source), lesson_id, path)
    raise ScenarioError(str(path), "scenario", M('must be a name or a table'))


def apply_parameters(scenario: Scenario, parameters, values: dict[str, int],
                     cache: dict | None = None) -> Scenario:
    for p in parameters:
        scenario = apply_parameter(scenario, p.target, values[p.name], cache)
    return scenario


def apply_parameter(scenario: Scenario, target: str, value: int,
                    cache: dict | None = None) -> Scenario:
    """One parameter's value put in place; cache (source -> program) spares re-assembling."""
    parts = target.split(".")
    limits = {"scenario": (1, 10_000_000), "memory": (MIN_GUEST_MEMORY, MAX_GUEST_MEMORY),
              "share": (1, 100)}
    low, high = limits.get(parts[0] if parts[0] == "scenario" else parts[-1], (None, None))
    if parts[0] in ("scenario", "guest") and not low <= value <= high:
        raise ValueError(M("parameter target {target}: {value} is outside {low}..{high}",
                           target=repr(target), value=value, low=low, high=high))
    if parts[0] == "scenario":
        return replace(scenario, quantum=value)
    if parts[0] == "costs":
        return replace(scenario, costs=scenario.costs.with_overrides({parts[1]: value}))
    guests = list(scenario.guests)
    index = next((i for i, g in enumerate(guests) if g.name == parts[1]), None)
    if index is None:
        raise ValueError(M("parameter target {target}: no guest {name} in the scenario",
                           target=repr(target), name=repr(parts[1])))
    g = guests[index]
    if parts[0] == "guest":
        guests[index] = replace(g, **{parts[2]: value})
    else:
        source = g.program.source
        pattern = re.compile(rf"^(\s*\.equ\s+{re.escape(parts[2])}\s*,\s*)([^;#\n]*?)"
                             r"([ \t]*(?:[;#][^\n]*)?)$", re.IGNORECASE | re.MULTILINE)
        if not pattern.search(source):
            raise ValueError(M("parameter target {target}: {guest}'s program has no .equ "
                               "{name}", target=repr(target), guest=g.name, name=parts[2]))

        def put(m: re.Match) -> str:   # the new value, the comment kept in its column
            text, comment = str(value), m.group(3).lstrip(" \t")
            if not comment:
                return m.group(1) + text
            room = len(m.group(2)) + len(m.group(3)) - len(comment) - len(text)
            return m.group(1) + text + " " * max(1, room) + comment
        changed = pattern.sub(put, source, count=1)
        key = (changed, g.program.filename)
        if cache is None or key not in cache:
            try:
                program = assemble(changed, g.program.filename)
            except AssemblyError as err:
                program = ValueError(M("parameter target {target} = {value}: the program "
                                       "does not assemble any more:\n{errors}",
                                       target=repr(target), value=value,
                                       errors=assembly_errors(err)))
            if cache is not None:
                cache[key] = program
        else:
            program = cache[key]
        if isinstance(program, ValueError):
            raise program
        guests[index] = replace(g, program=program)
    return replace(scenario, guests=guests)


class _Context:
    """What validation checks names against: the scenario the steps run at this point.

    It starts as the lesson's scenario and follows load-scenario and load-program
    actions in step order (the order a student plays them).
    """

    def __init__(self, scenario: Scenario | None, params: set[str]) -> None:
        self.params = params
        self.captured: dict[str, tuple[str, str]] = {}   # name -> (its type, the step's key)
        self.later: dict[str, str] = {}      # every captured name -> the step capturing it
        self.snapshots: dict[tuple[str, str], str] = {}   # (guest, name) -> the action's key
        self.switch(scenario, M("the lesson's scenario"))

    def switch(self, scenario: Scenario | None, where: str) -> None:
        self.snapshots_here: set[tuple[str, str]] = set()  # restorable: taken in this scenario
        self.scenario = scenario
        self.where = where
        self.guests = [g.name for g in scenario.guests] if scenario else []
        self.programs = {g.name: g.program for g in scenario.guests} if scenario else {}

    def no_guest(self, name):
        return M("no guest {name} in {where} (guests: {guests})", name=repr(name),
                 where=self.where, guests=listing(self.guests))

    def expression(self, v: _Validator, text, key: str, want: tuple[str, ...] = (),
                   what: str = ""):
        """The parsed expression (None after reporting a problem), its type in .last_type.

        want: the types the place accepts (what: the place, for the message).  Types
        are checked when the validator is strict (`vmlab lesson check`): the window
        still opens a lesson with a mistake of type, and says at that step that the
        answer cannot be computed.
        """
        self.last_type = ANY
        if not isinstance(text, str):
            v.error(key, M('must be an expression in quotes, e.g. "exits(\'alpha\', \'PRIV\')"'))
            return None
        try:
            node = parse(text)
            self._not_yet_captured(node)
            functions = metric_functions(None, {p: 0 for p in self.params})
            for name, (kind, _) in self.captured.items():
                functions.setdefault(name, variable(name, kind=kind))
            validate = argument_validator(
                self.guests, self.params, self.programs, set(self.snapshots),
                self.scenario.migration is not None) if self.scenario else None
            check(node, functions, validate)
            if v.strict:          # what can never work, found before anything runs
                self.last_type = infer(node, functions)
        except ExprError as err:
            v.error(key, M('{err}: in {value}', err=err, value=repr(inputs.shorten(text, 80))))
            return None
        if want and self.last_type != ANY and self.last_type not in want:
            v.error(key, M('{what} needs {names}, but {value} gives {value2}', what=what,
                           names=_either([type_name(w) for w in want]),
                           value=repr(inputs.shorten(text, 80)), value2=type_name(self.last_type)))
            return None
        return node

    def _not_yet_captured(self, node) -> None:
        """A name captured only at a later step: said so (its value does not exist yet)."""
        for name in _names(node):
            later = self.later.get(name.value)
            if name.value not in self.captured and later:
                raise ExprError(M('{value} is captured only at {later}, later than here: a '
                                  'value can be used from the step that captures it on',
                                  value=repr(name.value), later=later),
                                name.col)


def _names(node):
    """The bare names (captured values) of an expression."""
    if node.kind == "name":
        yield node
    for child in node.args:
        yield from _names(child)


def _step(v: _Validator, raw, key: str, index: int, ctx: _Context) -> Step | None:
    if not isinstance(raw, dict):
        v.error(key, M('must be a table ([[step]])'))
        return None
    v.only(raw, key, {"id", "text", "panel", "action", "actions", "question", "exercise", "hints",
                      "capture"})
    step_id = raw.get("id", f"step-{index + 1}")
    if not isinstance(step_id, str) or not ID_PATTERN.fullmatch(step_id):
        v.error(f"{key}.id", M("must be lower-case letters, digits and '-'"))
        step_id = f"step-{index + 1}"
    text = v.text(raw.get("text"), f"{key}.text")
    panel = raw.get("panel")
    if panel is not None and panel not in PANELS:
        v.error(f"{key}.panel", M('unknown panel {panel}; one of {names}', panel=repr(panel),
                                  names=', '.join(PANELS)))
    actions_raw = raw.get("actions", raw.get("action", []))
    if isinstance(actions_raw, dict):
        actions_raw = [actions_raw]
    if not isinstance(actions_raw, list):
        v.error(f"{key}.actions", M('must be a list of tables like {{ do = "reset" }}'))
        actions_raw = []
    actions = [a for a in (_action(v, a, f"{key}.actions[{i}]", ctx)
                           for i, a in enumerate(actions_raw)) if a]
    if "capture" in raw:
        values = _captures(v, raw["capture"], f"{key}.capture", ctx)
        if values:
            actions.append(capture_action(step_id, values))
    hints_raw = raw.get("hints", [])
    if not isinstance(hints_raw, list):
        v.error(f"{key}.hints", M('must be a list of {{ en, ca }} texts'))
        hints_raw = []
    hints = tuple(t for t in (v.text(h, f"{key}.hints[{i}]")
                              for i, h in enumerate(hints_raw)) if t)
    question = _question(v, raw["question"], f"{key}.question", ctx) if "question" in raw else None
    exercise = _exercise(v, raw["exercise"], f"{key}.exercise", ctx) if "exercise" in raw else None
    if text is None:
        return None
    return Step(step_id, text, panel, tuple(actions), question, exercise, hints)


def _captures(v: _Validator, raw, key: str, ctx: _Context) -> dict:
    """A step's capture table: name -> (expression, its text); later steps see the names."""
    if not isinstance(raw, dict) or not raw:
        v.error(key, M('must be a table of names and expressions, e.g. capture = {{ start = '
                       '"cycles()" }}'))
        return {}
    values = {}
    metrics = metric_functions(None, {})
    for name, text in raw.items():
        nkey = f"{key}.{name}"
        if not NAME_PATTERN.fullmatch(name) or name in KEYWORDS:
            v.error(nkey, M("{value} cannot name a value: lower-case letters, digits and '_', "
                            'starting with a letter (not and, or, not, contains, true, false)',
                            value=repr(inputs.shorten(name))))
            continue
        if name in metrics:
            v.error(nkey, M('{name} is the name of a metric ({name2}()); choose another name',
                            name=repr(name), name2=name))
            continue
        if name in ctx.captured:
            v.error(nkey, M('{name} is already captured at {value}; each name is captured once',
                            name=repr(name), value=ctx.captured[name][1]))
            continue
        node = ctx.expression(v, text, nkey)
        if node is not None:
            values[name] = (node, text)
        # Known from here on, even after a mistake in its expression (reported once).
        ctx.captured[name] = (ctx.last_type if node is not None else ANY,
                              key.rsplit(".", 1)[0])
    return values


def _action(v: _Validator, raw, key: str, ctx: _Context) -> Action | None:
    if not isinstance(raw, dict) or "do" not in raw:
        v.error(key, M('must be a table with a \'do\' key, e.g. {{ do = "run-until", halt = '
                       'true }}'))
        return None
    kind = raw["do"]
    if not isinstance(kind, str):
        v.error(f"{key}.do", M('must be the name of an action in quotes, not {kind} (actions: '
                               '{names})', kind=shown(kind), names=', '.join(ACTIONS)))
        return None
    if kind not in ACTIONS:
        import difflib
        close = difflib.get_close_matches(str(kind), ACTIONS, n=1)
        hint = M("; did you mean {name}?", name=repr(close[0])) if close else ""
        v.error(f"{key}.do", M('unknown action {kind}{hint} (actions: {names})', kind=repr(kind),
                               hint=hint, names=', '.join(ACTIONS)))
        return None
    required, optional = ACTIONS[kind]
    args = {k: val for k, val in raw.items() if k != "do"}
    for name in required - set(args):
        v.error(f"{key}.{name}", M('action {kind} needs {name}', kind=repr(kind), name=repr(name)))
    v.only(args, key, required | optional)
    ok = not (required - set(args))
    guest = args.get("guest")
    if guest is not None and ctx.scenario is not None and guest not in ctx.guests:
        v.error(f"{key}.guest", ctx.no_guest(guest))
        ok = False
    if kind == "load-scenario" and "scenario" in args:
        name = args["scenario"]
        try:
            # What the student's run will do, done now: read it, and start it.
            loaded = load_named_scenario(name, v.folder)
            _starts(loaded)
        except ScenarioError as err:
            v.error(f"{key}.scenario", _problem(err, name, v.shown))
            ok = False
        except (InputError, ValueError) as err:
            v.error(f"{key}.scenario", M('scenario {name} cannot start: {err}', name=repr(name),
                                         err=err))
            ok = False
        else:
            ctx.switch(loaded, M("scenario {name} (loaded at {key})", name=repr(name),
                                 key=key))
    if kind == "load-program":
        path = v.inside_folder(args.get("program"), f"{key}.program")
        if path is None:
            ok = False
        else:
            try:
                loaded = program_scenario(path)
                _starts(loaded)
            except ScenarioError as err:
                v.error(f"{key}.program", err.message)
                ok = False
            except (InputError, ValueError) as err:
                v.error(f"{key}.program", M('{args} cannot start: {err}',
                                            args=repr(args['program']), err=err))
                ok = False
            else:
                args["program_path"] = path
                ctx.switch(loaded, M("program {name} (loaded at {key})",
                                     name=repr(args["program"]), key=key))
    if kind == "run":
        if v.integer(args, "cycles", f"{key}.cycles", 1, MAX_RUN_CYCLES) is None:
            ok = False
    if kind in ("step-cycle", "step-instruction"):
        v.integer(args, "count", f"{key}.count", 1, 10_000, 1)
    if kind == "set-speed":
        speed = args.get("speed")
        if speed != "max" and (isinstance(speed, bool) or not isinstance(speed, int)
                               or not 1 <= speed <= 10_000_000):
            v.error(f"{key}.speed", M('must be "max" or cycles per second from 1 to 10000000'))
            ok = False
    if kind == "open-panel" and args.get("panel") not in PANELS:
        v.error(f"{key}.panel", M('unknown panel {value}; one of {names}',
                                  value=repr(args.get('panel')), names=', '.join(PANELS)))
        ok = False
    if kind == "breakpoint" and ok:
        ok = _label_exists(v, ctx, guest, args.get("label"), f"{key}.label")
    if kind == "input" and not _console_text(v, args.get("text"), f"{key}.text"):
        ok = False
    if kind in SNAPSHOT_ACTIONS and ok:
        ok = _snapshot_action(v, kind, args, key, ctx)
    if kind in LIFECYCLE_ACTIONS | SNAPSHOT_ACTIONS and ctx.scenario is not None \
            and ctx.scenario.technique_info.native:
        v.error(f"{key}.do", M('action {kind} needs a VMM: {where} runs one kernel on the '
                               'bare machine', kind=repr(kind), where=ctx.where))
        ok = False
    if kind == "run-until":
        ok = _run_until(v, args, key, ctx) and ok
    return Action(kind, args) if ok else None


def _snapshot_action(v: _Validator, kind: str, args: dict, key: str, ctx: _Context) -> bool:
    """A snapshot's name (new for `snapshot`; taken earlier in this scenario for `restore`
    and for a diff's `base`).  The files go to the engine's own folder, never to a path."""
    guest, name = args["guest"], args["name"]
    if not isinstance(name, str) or not SNAPSHOT_NAME.fullmatch(name):
        v.error(f"{key}.name", M("must be a snapshot's name: lower-case letters, digits and '-' "
                                 '(at most 32; not a path), e.g. "first"'))
        return False
    here = sorted(n for g, n in ctx.snapshots_here if g == guest)
    taken = listing(here) if here else M("none")
    if kind == "snapshot":
        if (guest, name) in ctx.snapshots:
            v.error(f"{key}.name", M("{guest} already has a snapshot {name} (at {where}): give "
                                     "each snapshot its own name", guest=repr(guest),
                                     name=repr(name), where=ctx.snapshots[(guest, name)]))
            return False
        base = args.get("base")
        if base is not None and (guest, base) not in ctx.snapshots_here:
            v.error(f"{key}.base", M("a diff snapshot's base is an earlier snapshot of the same "
                                     "guest in the same scenario; {guest} has no snapshot "
                                     "{name} here (its snapshots: {names})", guest=repr(guest),
                                     name=repr(base), names=taken))
            return False
        ctx.snapshots[(guest, name)] = key
        ctx.snapshots_here.add((guest, name))
        return True
    if (guest, name) not in ctx.snapshots_here:
        v.error(f"{key}.name", M("{guest} has no snapshot {name} taken earlier in this scenario "
                                 "to restore (its snapshots: {names})", guest=repr(guest),
                                 name=repr(name), names=taken))
        return False
    return True


def _starts(scenario: Scenario) -> None:
    """Build the session a student would get: what fails only then fails at check time too."""
    from ..session import Session    # the layer below; imported late (heavier)
    Session(scenario)


def _console_text(v: _Validator, text, key: str) -> bool:
    """Console input: a string the VL32 console can carry (Latin-1)."""
    if not isinstance(text, str):
        v.error(key, M('must be a string'))
        return False
    try:
        encode_console_text(text)
    except ConsoleInputError as err:
        v.error(key, message_of(err))
        return False
    return True


def _label_exists(v: _Validator, ctx: _Context, guest, label, key: str) -> bool:
    if not isinstance(label, str):
        v.error(key, M('must be a label name (a string)'))
        return False
    program = ctx.programs.get(guest) if isinstance(guest, str) else None
    if program is not None and label not in program.labels:
        import difflib
        close = difflib.get_close_matches(label, program.labels, n=1)
        hint = M("; did you mean {name}?", name=repr(close[0])) if close else ""
        v.error(key, M("{guest}'s program has no label {label}{hint}", guest=guest,
                       label=repr(label), hint=hint))
        return False
    return True


def _run_until(v: _Validator, args: dict, key: str, ctx: _Context) -> bool:
    targets = [t for t in RUN_UNTIL_TARGETS if t in args]
    if len(targets) != 1:
        v.error(key, M("run-until needs exactly one of {names}",
                       names=listing(RUN_UNTIL_TARGETS)))
        return False
    v.integer(args, "max_cycles", f"{key}.max_cycles", 1, MAX_RUN_CYCLES, 2_000_000)
    target = targets[0]
    value = args[target]
    if target == "cycle":
        return v.integer(args, "cycle", f"{key}.cycle", 0, MAX_RUN_CYCLES) is not None
    if target == "halt":
        if value is True:
            return True
        if not isinstance(value, str):
            v.error(f"{key}.halt", M("must be true (the whole machine stops) or a guest's name "
                                     '(that guest halts, stalls or crashes)'))
            return False
        if ctx.scenario is not None and value not in ctx.guests:
            v.error(f"{key}.halt", ctx.no_guest(value))
            return False
        return True
    if target in ("trap", "vm_exit"):
        if value is True:
            return True
        if not isinstance(value, dict):
            v.error(f"{key}.{target}", M('must be true or a table {{ cause = "PRIV", guest = '
                                         '"alpha" }}'))
            return False
        v.only(value, f"{key}.{target}", {"cause", "guest"})
        cause = value.get("cause")
        if cause is not None and str(cause).upper() not in CAUSE_NUMBERS:
            v.error(f"{key}.{target}.cause", M('unknown cause {cause}; one of {names}',
                                               cause=repr(cause), names=', '.join(CAUSE_NUMBERS)))
            return False
        guest = value.get("guest")
        if guest is not None and ctx.scenario is not None and guest not in ctx.guests:
            v.error(f"{key}.{target}.guest", ctx.no_guest(guest))
            return False
        return True
    if target == "label":
        if not isinstance(value, dict) or set(value) != {"guest", "label"}:
            v.error(f"{key}.label", M('must be a table {{ guest = "alpha", label = "schedule" }}'))
            return False
        if ctx.scenario is not None and value["guest"] not in ctx.guests:
            v.error(f"{key}.label.guest", ctx.no_guest(value["guest"]))
            return False
        return _label_exists(v, ctx, value["guest"], value["label"], f"{key}.label.label")
    if target == "console":
        text = value.get("text") if isinstance(value, dict) else None
        bilingual = isinstance(text, dict) and set(text) == set(LANGUAGES) and all(
            isinstance(t, str) for t in text.values())   # as the kernels print in each
        if not isinstance(value, dict) or set(value) != {"guest", "text"} or not (
                isinstance(text, str) or bilingual):
            v.error(f"{key}.console", M('must be a table {{ guest = "beta", text = "WARNING" }}'))
            return False
        if ctx.scenario is not None and value["guest"] not in ctx.guests:
            v.error(f"{key}.console.guest", ctx.no_guest(value["guest"]))
            return False
    return True


def _question(v: _Validator, raw, key: str, ctx: _Context) -> Question | None:
    if not isinstance(raw, dict):
        v.error(key, M('must be a table ([step.question])'))
        return None
    v.only(raw, key, {"kind", "prompt", "choices", "answer", "compute", "tolerance",
                      "tolerance_percent", "accept", "correct", "wrong"})
    kind = raw.get("kind")
    if kind not in QUESTION_KINDS:
        v.error(f"{key}.kind", M('must be one of {names}, not {kind}',
                                 names=', '.join(QUESTION_KINDS), kind=repr(kind)))
        return None
    prompt = v.text(raw.get("prompt"), f"{key}.prompt")
    correct = v.text(raw.get("correct"), f"{key}.correct", required=False)
    wrong = v.text(raw.get("wrong"), f"{key}.wrong", required=False)
    has_answer, has_compute = "answer" in raw, "compute" in raw
    if has_answer == has_compute:
        v.error(key, M("needs exactly one of 'answer' (a fixed answer) or 'compute' (an "
                       'expression computed from the simulation)'))
        return None
    want = {"number": (NUMBER,), "choice": (NUMBER, TRUTH), "text": (TEXT, NUMBER)}[kind]
    what = {"number": M("a number question"), "text": M("a text question"),
            "choice": M("a choice question (the index of the right choice, from 0; true is 1, "
                        "false 0)")}[kind]
    node = ctx.expression(v, raw["compute"], f"{key}.compute", want, what) \
        if has_compute else None
    choices: tuple[Text, ...] = ()
    answer = raw.get("answer")
    if kind == "choice":
        raw_choices = raw.get("choices")
        if not isinstance(raw_choices, list) or len(raw_choices) < 2:
            v.error(f"{key}.choices", M('a choice question needs at least two choices'))
            return None
        choices = tuple(c for c in (v.text(c, f"{key}.choices[{i}]")
                                    for i, c in enumerate(raw_choices)) if c)
        if has_answer and (isinstance(answer, bool) or not isinstance(answer, int)
                           or not 0 <= answer < len(raw_choices)):
            v.error(f"{key}.answer", M('must be the index of the right choice, 0 to {value}',
                                       value=len(raw_choices) - 1))
        if node is not None and v.strict and constant(node):   # known now: is it a choice?
            try:
                problem = choice_problem(evaluate(node, {}), len(raw_choices))
            except ExprError as err:
                problem = str(err)
            if problem:
                v.error(f"{key}.compute", problem)
    elif kind == "number":
        if has_answer and not _finite_number(answer):
            v.error(f"{key}.answer", M('must be a number, not {answer}', answer=shown(answer)))
    elif has_answer and not isinstance(answer, str):
        v.error(f"{key}.answer", M('must be text, not {answer}', answer=repr(answer)))
    tolerance = raw.get("tolerance", 0)
    tolerance_percent = raw.get("tolerance_percent", 0)
    for name, value in (("tolerance", tolerance), ("tolerance_percent", tolerance_percent)):
        if not _finite_number(value) or value < 0:
            v.error(f"{key}.{name}", M('must be a number >= 0, not {value}', value=shown(value)))
    accept = raw.get("accept", [])
    if not isinstance(accept, list) or not all(isinstance(a, str) for a in accept):
        v.error(f"{key}.accept", M('must be a list of accepted texts'))
        accept = []
    if prompt is None:
        return None
    return Question(kind, prompt, choices, answer if has_answer else None, node,
                    raw.get("compute", ""), tolerance, tolerance_percent, tuple(accept),
                    correct, wrong)


def choice_problem(value, choices: int) -> str | None:
    """None if value (a computed answer) picks one of `choices` choices, else why not."""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if not isinstance(value, int):
        return M("gives {value}, not the index of a choice (a whole number from 0 to {last}, "
                 "or true/false for 1/0)", value=shown(value), last=choices - 1)
    if not 0 <= value < choices:
        return M("gives {value:,}, but the question has {choices} choices: the index of the "
                 "right one is 0 to {last} (the first choice is 0)", value=value,
                 choices=choices, last=choices - 1)
    return None


def _finite_number(value) -> bool:
    """A whole or decimal number that can be an answer: not nan, not inf."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


def _exercise(v: _Validator, raw, key: str, ctx: _Context) -> Exercise | None:
    if not isinstance(raw, dict):
        v.error(key, M('must be a table ([step.exercise])'))
        return None
    v.only(raw, key, {"program", "guest", "technique", "max_cycles", "input", "check"})
    path = v.inside_folder(raw.get("program"), f"{key}.program")
    guest = raw.get("guest", "program")
    if not isinstance(guest, str) or not re.fullmatch(r"[A-Za-z][\w-]{0,23}", guest):
        v.error(f"{key}.guest", M('must be a short name like "program"'))
        guest = "program"
    technique = raw.get("technique", techniques.NATIVE)
    if technique not in techniques.technique_names():
        v.error(f"{key}.technique", "must be one of "
                + ", ".join(f'"{name}"' for name in techniques.technique_names()))
    max_cycles = v.integer(raw, "max_cycles", f"{key}.max_cycles", 1, MAX_RUN_CYCLES, 200_000)
    text_input = raw.get("input", "")
    if not _console_text(v, text_input, f"{key}.input"):
        text_input = ""
    checks_raw = raw.get("check", [])
    if not isinstance(checks_raw, list) or not checks_raw:
        v.error(f"{key}.check", M('an exercise needs at least one [[step.exercise.check]]'))
        checks_raw = []
    exercise_ctx = _Context(None, ctx.params)
    exercise_ctx.guests = [guest]
    checks = []
    for i, c in enumerate(checks_raw):
        ckey = f"{key}.check[{i}]"
        if not isinstance(c, dict):
            v.error(ckey, M("must be a table with 'expect' and 'explain'"))
            continue
        v.only(c, ckey, {"expect", "explain"})
        node = exercise_ctx.expression(v, c.get("expect"), f"{ckey}.expect", (TRUTH,),
                                       M("a check (a condition the program must make "
                                         "true, e.g. state('program') == 'halted')"))
        if node is not None:
            check_guests(v, node, guest, f"{ckey}.expect")
        explain = v.text(c.get("explain"), f"{ckey}.explain")
        if node is not None and explain is not None:
            checks.append(Check(node, c["expect"], explain))
    if path is None:
        return None
    try:
        starter = inputs.decode_utf8(inputs.read_bounded(path, inputs.MAX_PROGRAM_BYTES,
                                                         "program"))
    except ReadProblem as err:
        v.error(f"{key}.program", err.reason)
        return None
    except UnicodeDecodeError:
        v.error(f"{key}.program", M('{value} is not UTF-8 text', value=repr(raw.get('program'))))
        return None
    return Exercise(path, starter, guest, technique, max_cycles or 200_000, text_input,
                    tuple(checks))


def check_guests(v: _Validator, node, guest: str, key: str) -> None:
    """In an exercise, the only guest is the student's program."""
    text_first = ("param", "count", "lines", "min", "max", "abs", "round")
    if node.kind == "call" and node.args and node.args[0].kind == "str" and \
            node.value not in text_first and node.args[0].value != guest:
        v.error(key, M("the exercise's program is called {guest}, not {value}", guest=repr(guest),
                       value=repr(node.args[0].value)))
    for child in node.args:
        check_guests(v, child, guest, key)


def shipped_lessons() -> list[Lesson]:
    """Every lesson in the lessons folder, in course order (bad files are skipped).

    Loading them assembles every lesson's programs (about a second); the window asks
    at every step and language change, so the list is kept until a file in the folder
    changes (a lesson or a program an author edits is read again).  Lessons are frozen:
    sharing them is safe.
    """
    folder = lessons_dir()
    try:
        key = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size)
                           for p in folder.iterdir() if p.is_file()))
    except OSError:
        key = None
    cached = _SHIPPED.get(str(folder))
    if key is not None and cached is not None and cached[0] == key:
        return list(cached[1])
    out = []
    for path in sorted(folder.glob("*.toml")):
        try:
            out.append(load_lesson(path))
        except LessonError:
            continue
    out.sort(key=lambda lesson: (lesson.order, lesson.id))
    if key is not None:
        _SHIPPED[str(folder)] = (key, tuple(out))
    return out


_SHIPPED: dict[str, tuple[tuple, tuple[Lesson, ...]]] = {}   # folder -> (its files, lessons)


def find_lesson(name_or_path: str) -> Path:
    """A lesson file given by path, or a shipped lesson by file stem or id; LessonError if none."""
    problem = inputs.check_name(name_or_path, "lesson name")
    if problem:
        raise LessonError([LessonIssue(inputs.shorten(name_or_path), 0, "", problem)])
    candidate = Path(name_or_path)
    try:
        if candidate.suffix == ".toml" or candidate.exists():
            return candidate
    except (OSError, ValueError):    # a name the file system refuses: not a file, then
        pass
    for path in lessons_dir().glob("*.toml"):
        if path.stem == name_or_path:
            return path
    for lesson in shipped_lessons():
        if lesson.id == name_or_path:
            return lesson.path
    shipped = shipped_lessons()
    names = [lesson.id for lesson in shipped] + [p.stem for p in lessons_dir().glob("*.toml")]
    close = difflib.get_close_matches(name_or_path, names, n=1)
    hint = M("; did you mean {name}?", name=repr(close[0])) if close else "."
    try:
        here = M(" here ({folder})", folder=str(Path.cwd()))
    except OSError:             # the current folder was deleted
        here = ""
    raise LessonError([LessonIssue(
        inputs.shorten(name_or_path), 0, "",
        M('no such lesson{hint} Looked for a file {value}{here} and for a shipped lesson of '
          'that id or file name in {value2}; shipped: {names}', hint=hint,
          value=repr(inputs.shorten(str(candidate))), here=here, value2=lessons_dir(),
          names=', '.join((lesson.id for lesson in shipped))))])


def _either(names: list) -> str:
    """'a number' or 'a number or text' (two at most: the types a place accepts)."""
    if len(names) == 1:
        return names[0]
    return M("{first} or {second}", first=names[0], second=names[1])
