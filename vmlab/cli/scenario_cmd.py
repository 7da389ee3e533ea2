"""`vmlab scenario check PATH…`: validate scenario files, as `vmlab lesson check` does lessons.

A PATH is a file, a folder (its .toml files) or a shipped scenario's name.
Each scenario is read as `vmlab run` reads it (every key, every guest's program
assembled and fitted in its memory) and then started as a lesson's student
would get it (the session built).  A lesson given by mistake is said to be
one, with the command that checks it.  Messages follow the assembler's
language (VMLAB_LANG, else the locale).  Exit 0 when every file is a valid
scenario, 2 otherwise.
"""

from __future__ import annotations

from pathlib import Path

from ..inputs import InputError, check_name, shorten
from ..lessons.loader import find_lesson, lesson_shape
from ..messages import M, listing, render
from ..scenario import (ScenarioError, available_scenarios, did_you_mean, load_scenario,
                        scenarios_dir)
from .errors import EXIT_USAGE, message_language
from .terminal import echo


def check(args) -> int:
    lang = message_language()
    files, failed = [], 0
    for name in args.paths:
        found, problem = expand(name)
        if problem is not None:
            failed += 1
            echo(render(problem, lang), err=True)
        files.extend(found)
    total = len(files) + failed                  # a name that found nothing counts as one
    for path in files:
        failed += not check_file(path, lang)
    if failed:
        echo(render(M("{failed} of {count} scenario file(s) have errors", failed=failed,
                      count=total), lang), err=True)
        return EXIT_USAGE
    return 0


def expand(name: str) -> tuple[list[Path], object | None]:
    """A file, a folder (its .toml files) or a scenario's name -> files; or why none."""
    problem = check_name(name, "scenario name")
    if problem:
        return [], f"{shorten(name)}: {problem}"
    path = Path(name)
    try:
        if path.is_dir():
            found = sorted(path.glob("*.toml"))
            if not found:
                return [], M("{name}: the folder holds no .toml file (no lesson, no scenario)",
                             name=name)
            return found, None
        if path.suffix == ".toml" or path.exists():
            return [path], None
    except (OSError, ValueError):
        return [path], None          # reading it will say what is wrong
    shipped = scenarios_dir() / f"{name}.toml"
    if shipped.is_file():
        return [shipped], None
    try:                             # a lesson's id: checked, and said to be a lesson
        return [find_lesson(name)], None
    except InputError:
        pass
    return [], unknown_scenario(name)


def unknown_scenario(name: str):
    """No scenario of that name: the nearest one, and every place it was looked for."""
    shipped = available_scenarios()
    shown = shorten(name)
    try:
        here = Path.cwd()
        beside = sorted(p.stem for p in here.glob("*.toml"))[:200]
        places = M("a file {name} here ({folder})", name=repr(shown), folder=str(here))
    except OSError:                  # the current folder was deleted
        beside, places = [], M("a file {name}", name=repr(shown))
    return M("{name}: no such scenario{hint} Looked for {places} and for a shipped scenario "
             "{shipped}; the shipped scenarios are: {known}", name=shown,
             hint=did_you_mean(name, shipped + beside, "; ") or ".", places=places,
             shipped=str(scenarios_dir() / f"{shown}.toml"), known=listing(shipped))


def check_file(path: Path, lang: str, among_lessons: bool = False) -> bool:
    """Check one scenario file; print ok or every problem (file:line) in lang.

    among_lessons: `vmlab lesson check` met it beside lessons (said so, in its words).
    """
    if not among_lessons:
        shape = lesson_shape(path)
        if shape is not None:
            key, line = shape
            where = f"{path}:{line}" if line else str(path)
            echo(render(M("{where}: {key}: a lesson, not a scenario: check it with vmlab lesson "
                          "check {path}", where=where, key=key, path=str(path)), lang),
                 err=True)
            return False
    problem = scenario_problem(path)
    if problem is not None:
        text = render(problem, lang)
        if among_lessons:
            text = render(M("{problem} (a scenario file)", problem=text), lang)
        echo(text, err=True)
        return False
    scenario = load_scenario(str(path))
    guests = listing(g.name for g in scenario.guests if not g.process)
    processes = [g.name for g in scenario.guests if g.process]
    if processes:                       # kvm: the host's own processes, named apart
        guests = render(M("{guests}; host processes {processes}", guests=guests,
                          processes=listing(processes)), lang)
    if among_lessons:
        echo(render(M("{path}: a scenario, not a lesson: ok — {technique}, guests {guests}; a "
                      "lesson beside it runs it with scenario = \"{name}\"", path=str(path),
                      technique=scenario.technique, guests=guests, name=path.stem), lang))
    else:
        echo(render(M("{path}: ok — {technique}, guests {guests}", path=str(path),
                      technique=scenario.technique, guests=guests), lang))
    return True


def scenario_problem(path: Path):
    """None if the scenario reads and starts, else its error (with file:line where known)."""
    try:
        scenario = load_scenario(str(path))
    except ScenarioError as err:
        return err
    from ..session import Session          # what a student's window builds, built now
    try:
        Session(scenario)
    except (InputError, ValueError) as err:
        return M("{path}: the scenario cannot start: {error}", path=str(path), error=err)
    return None

