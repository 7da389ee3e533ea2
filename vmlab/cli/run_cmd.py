"""`vmlab run`: a program on the bare machine, or a scenario."""

from __future__ import annotations

import json
import sys

from ..asm import AssemblyError, assemble_file
from ..machine import Machine
from ..machine.devices import ConsoleInputError
from ..scenario import (ScenarioError, available_scenarios, fit_problem, load_scenario,
                        memory_problem, scenarios_dir)
from ..inputs import shorten
from ..session import LifecycleError, Session
from ..vmm.snapshot_file import SnapshotError
from ..vmm.snapshot_file import load as load_snapshot
from .commands import DEFAULT_MAX_CYCLES, DEFAULT_MEMORY
from .programs import program_path
from .errors import UserError, message_language, report_assembly_error
from .terminal import terminal_text

NO_CHECKPOINTS = 1 << 60   # a command-line run never steps back


def run(args) -> int:
    if bool(args.file) == bool(args.scenario):
        raise UserError("run: give either a program FILE or --scenario NAME (not both, "
                        "not neither); see 'vmlab run --help'")
    if args.restore and not args.scenario:
        raise UserError("run: --restore is for scenarios: give --scenario NAME, the scenario "
                        "the snapshot was taken in")
    if args.technique and not args.scenario:
        raise UserError("run: --technique is for scenarios (a program runs on the bare "
                        "machine); give --scenario NAME")
    if args.scenario:
        if args.memory is not None:
            raise UserError("run: --memory is for program runs; a scenario sets each guest's "
                            "memory in its [[guest]] table (memory = WORDS)")
        return _run_scenario(args)
    return _run_program(args)


def _run_program(args) -> int:
    memory = DEFAULT_MEMORY if args.memory is None else args.memory
    problem = memory_problem(memory)          # the bound: inputs.MAX_MEMORY_WORDS
    if problem:
        raise UserError(f"run: --memory: {problem}")
    try:
        program = assemble_file(program_path(args.file))
    except AssemblyError as err:
        return report_assembly_error(err)
    problem = fit_problem(program, memory)
    if problem:
        raise UserError(f"{args.file}: the program {problem}; give a larger --memory")
    machine = Machine(memory)
    try:
        machine.load(program.image, program.entry)
        machine.console.feed(args.input)
    except (ValueError, ConsoleInputError) as err:
        raise UserError(f"{args.file}: {err}") from None
    limit = args.max_cycles or DEFAULT_MAX_CYCLES
    reason = machine.run(limit)
    if args.json:
        summary = machine.summary()
        summary["halted"] = reason      # the stop reason, "cycle-limit" included
        print(json.dumps(summary))
        return 0
    console = terminal_text(machine.console.text())
    sys.stdout.write(console)
    if console and not console.endswith("\n"):
        sys.stdout.write("\n")
    print(_stop_line(reason, machine.cycles, machine.instret, limit))
    return 0


def _stop_line(reason: str, cycles: int, instructions: int | None, limit: int,
               vmm: bool = False) -> str:
    counts = f"{cycles:,} cycles" + (f", {instructions:,} instructions"
                                     if instructions is not None else "")
    if reason == "cycle-limit":
        return (f"--- stopped: cycle-limit after {counts}: it did not halt within {limit:,} "
                "cycles (raise the limit with --max-cycles N)")
    explain = {"halt": "every guest has stopped" if vmm else "the machine executed HALT",
               "stalled": "WFI with no timer armed and no console input: nothing can wake it",
               "breakpoint": "breakpoint"}.get(reason, reason)
    return f"--- stopped: {reason} after {counts} ({explain})"


def _run_scenario(args) -> int:
    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as err:
        raise UserError(err.render(message_language())) from None
    if args.input:
        raise UserError("run: --input is for program runs; a scenario sets each guest's "
                        "input in its [[guest]] table")
    scenario = with_technique(scenario, args.technique, "run")
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    if args.restore:
        _restore(session, args.restore)
    limit = args.max_cycles or scenario.max_cycles
    reason = session.run(limit)
    summary = session.summary()
    if args.json:
        print(json.dumps(summary))
        return 0
    for name, guest in summary["guests"].items():
        kind = "host process, " if guest.get("kind") == "process" else ""   # kvm
        print(f"=== {name} ({kind}{guest['state']}) ===")
        console = terminal_text(guest["console"])
        sys.stdout.write(console)
        if console and not console.endswith("\n"):
            sys.stdout.write("\n")
    vmm = summary["vmm"]
    line = _stop_line(reason, summary["cycles"], None, limit, vmm=session.under_vmm)
    if session.under_vmm:
        line += (f"; VMM: {vmm['cycles']:,} cycles, {vmm['exits']:,} exits, "
                 f"{vmm['world_switches']:,} world switches")
        host = vmm.get("host")
        if host is not None and "syscalls" in host:      # kvm: the host kernel's own work
            line += (f"; host OS kernel: {host['cycles']:,} cycles, "
                     f"{host['syscalls']:,} system calls")
    print(line)
    return 0


def _restore(session: Session, path: str) -> None:
    """The snapshot's guest resumed from the file instead of booted (docs/snapshots.md)."""
    try:
        snap = load_snapshot(path)
        session.restore_guest(snap.guest, path)
    except SnapshotError as err:
        raise UserError(err.render(message_language())) from None
    except LifecycleError as err:
        raise UserError(f"run --restore {shorten(path)}: {err}") from None


def with_technique(scenario, technique: str | None, command: str):
    """The scenario, or its guests under --technique (a UserError if they cannot run so)."""
    if not technique or technique == scenario.technique:
        return scenario
    problem = scenario.technique_problem(technique)
    if problem:
        raise UserError(f"{command} --technique {technique}: {problem}")
    return scenario.with_technique(technique)


def list_scenarios(args) -> int:
    for name in available_scenarios():
        try:
            s = load_scenario(str(scenarios_dir() / f"{name}.toml"))   # not a file in the cwd
            print(f"{name:24} {s.technique:18} {s.title['en']}")
        except ScenarioError as err:
            print(terminal_text(f"{name:24} (broken: {err})"))
    return 0
