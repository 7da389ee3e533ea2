"""The sub-commands and their options; each handler lives in its own module."""

from __future__ import annotations

import argparse

from ..inputs import MAX_RUN_CYCLES

DEFAULT_MAX_CYCLES = 5_000_000
DEFAULT_MEMORY = 65_536          # words of memory for a program run
DEFAULT_TRACE_BYTES = 1 << 30   # --max-bytes of a trace: 1 GiB
MIN_TRACE_BYTES = 1024          # room for a CSV header and an event
_BYTE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}


def positive_int(text: str) -> int:
    try:
        value = int(text.replace("_", ""), 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text[:40]!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a number of at least 1, not {value}")
    return value


def cycle_count(text: str) -> int:
    """--max-cycles: a whole number from 1 to MAX_RUN_CYCLES, the bound of a scenario's too."""
    value = positive_int(text)
    if value > MAX_RUN_CYCLES:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_RUN_CYCLES:,} cycles, "
                                         f"not {value:,}")
    return value


def byte_size(text: str) -> int:
    """--max-bytes: a whole number of bytes, with an optional K, M, G or T (powers of 1024)."""
    body = text.strip().upper().removesuffix("B").replace("_", "")
    unit = body[-1:] if body[-1:] in _BYTE_UNITS else ""
    number = body[:-1] if unit else body
    if not number.isdigit() or len(number) > 20:
        raise argparse.ArgumentTypeError(f"expected a size such as 500000, 200M or 2G, not "
                                         f"{text[:40]!r}")
    value = int(number) * _BYTE_UNITS[unit]
    if value < MIN_TRACE_BYTES:
        raise argparse.ArgumentTypeError(f"expected at least {MIN_TRACE_BYTES:,} bytes, "
                                         f"not {value:,}")
    return value


def add_gui_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", dest="gui_scenario", metavar="NAME|FILE",
                        help="open the window on this scenario instead of the default lesson's")
    parser.add_argument("--lesson", dest="gui_lesson", metavar="ID|FILE",
                        help="open the window on this lesson")
    parser.add_argument("--lang", dest="gui_lang", choices=("ca", "en"),
                        help="interface language (default: the system's, then the last used)")


def register(sub) -> None:
    from ..vmm.techniques import technique_names
    from . import (asm_cmd, bench_cmd, compare_cmd, lesson_cmd, run_cmd, snapshot_cmd,
                   trace_cmd)

    p = sub.add_parser("asm", help="assemble a VL32 program and print its listing",
                       description="Assemble FILE and print the listing (address, word, source) "
                                   "and the symbol table, or every error with file:line:col.")
    p.add_argument("file", metavar="FILE", help="VL32 assembly source (.vl32)")
    p.set_defaults(handler=asm_cmd.run)

    p = sub.add_parser("run", help="run a program on the bare machine, or a scenario",
                       description="Run FILE on a bare VL32 machine, or a scenario (one kernel "
                                   "natively, or guests under the VMM), and print the console "
                                   "output and why it stopped.")
    p.add_argument("file", metavar="FILE", nargs="?", help="VL32 assembly source to run natively")
    p.add_argument("--scenario", metavar="NAME|FILE",
                   help="a shipped scenario name (see 'vmlab scenarios') or a .toml file")
    p.add_argument("--max-cycles", type=cycle_count, metavar="N",
                   help=f"stop after N cycles (default: {DEFAULT_MAX_CYCLES:,} for a program, "
                        "the scenario's max_cycles for a scenario)")
    p.add_argument("--input", metavar="TEXT", default="",
                   help="console input queued before the program starts (program runs only)")
    p.add_argument("--memory", type=positive_int, metavar="WORDS",
                   help=f"physical memory in words for a program run (default {DEFAULT_MEMORY}; "
                        "a scenario sets each guest's memory itself)")
    p.add_argument("--technique", metavar="NAME", choices=technique_names(),
                   help="run the scenario's guests under this technique instead of its own "
                        f"({', '.join(technique_names())})")
    p.add_argument("--restore", metavar="FILE",
                   help="a snapshot (NAME.vmsnap.json, see 'vmlab snapshot'): its guest is "
                        "resumed from the file instead of booted")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(handler=run_cmd.run)

    p = sub.add_parser("snapshot", help="run a scenario to a cycle and save a guest to a file",
                       description="Run the scenario to cycle CYCLE, pause the guest there (at "
                                   "the VMM's next decision if it is on the CPU) and save it "
                                   "as FILE (NAME.vmsnap.json, its memory in NAME.mem beside "
                                   "it; see docs/snapshots.md).  'vmlab run --scenario S "
                                   "--restore FILE' resumes it.")
    p.add_argument("--scenario", metavar="NAME|FILE", required=True,
                   help="a shipped scenario name or a .toml file")
    p.add_argument("--guest", metavar="NAME", required=True, help="the guest to save")
    p.add_argument("--at", type=cycle_count, metavar="CYCLE", required=True,
                   help="the host cycle to pause it at")
    p.add_argument("--out", metavar="FILE", required=True,
                   help="the snapshot's manifest, NAME.vmsnap.json")
    p.add_argument("--base", metavar="FILE",
                   help="an earlier snapshot of the guest in the same folder: write a diff "
                        "snapshot (only the memory blocks changed since then)")
    p.add_argument("--json", action="store_true", help="print what was written as JSON")
    p.set_defaults(handler=snapshot_cmd.run)

    p = sub.add_parser("trace", help="export a scenario's events as JSON Lines or CSV",
                       formatter_class=argparse.RawDescriptionHelpFormatter,
                       description="Run a scenario and write every event (traps, VM exits, "
                                   "emulations, reflections, world switches, injected "
                                   "interrupts, console output, guest state changes), each\n"
                                   "once and in order: 'seq' counts 0, 1, 2, … with no gap.",
                       epilog="The file is written under a temporary name and renamed at the "
                              "end: if writing fails\n(a full disk), no half file is left and "
                              "an older FILE stays as it was.\n\n"
                              "exit codes:\n"
                              "  0  the whole trace was written\n"
                              "  2  bad input or the file cannot be written (nothing is "
                              "written)\n"
                              "  3  the trace was cut at --max-bytes: FILE holds every whole "
                              "event up to the\n     cycle named on stderr\n"
                              "  130  interrupted (Ctrl-C): FILE holds the events written "
                              "until then")
    p.add_argument("--scenario", metavar="NAME|FILE", required=True,
                   help="a shipped scenario name (see 'vmlab scenarios') or a .toml file")
    p.add_argument("--out", metavar="FILE", required=True,
                   help="output file (.jsonl or .csv); an existing file is replaced only with "
                        "--force, and never the scenario's own files")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--format", choices=("jsonl", "csv"),
                   help="default: from the file name (.csv means CSV, anything else JSON Lines)")
    p.add_argument("--max-cycles", type=cycle_count, metavar="N",
                   help="stop after N cycles (default: the scenario's max_cycles)")
    p.add_argument("--technique", metavar="NAME", choices=technique_names(),
                   help="trace the scenario's guests under this technique instead of its own "
                        f"({', '.join(technique_names())})")
    p.add_argument("--max-bytes", type=byte_size, metavar="SIZE", default=DEFAULT_TRACE_BYTES,
                   help="stop before the file grows past SIZE bytes (K, M, G, T: powers of 1024; "
                        "default 1G); the trace keeps every whole event before, exit code 3")
    p.set_defaults(handler=trace_cmd.run)

    p = sub.add_parser("compare", help="one guest kernel under native and each technique, "
                                       "side by side",
                       description="Run one guest kernel alone under native and each "
                                   "technique (every registered one by default), each to HALT, "
                                   "and print host and guest cycles, VMM overhead, exits by "
                                   "cause, cycles per system call and per context switch, "
                                   "translation work and hypercalls, and whether each run was "
                                   "equivalent to native. Paravirtual techniques run the "
                                   "kernel's paravirtual port (alpha -> alpha-pv), if it has "
                                   "one.")
    p.add_argument("--guest", metavar="NAME|FILE", required=True,
                   help="a shipped guest kernel (alpha, beta, syscaller, switcher, cruncher…) "
                        "or a .vl32 file")
    p.add_argument("--techniques", metavar="LIST",
                   help="comma-separated technique names (default: every registered "
                        "technique); native always runs first, as the baseline")
    p.add_argument("--max-cycles", type=cycle_count, metavar="N", default=10_000_000,
                   help="stop each run after N cycles (default 10,000,000)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.set_defaults(handler=compare_cmd.run)

    p = sub.add_parser("bench", help="measure simulation speed (see docs/performance.md)",
                       description="Measure, in one run and interleaved: the VL32 rate on a "
                                   "loop-heavy and a trap-heavy program against a plain Python "
                                   "loop, the VMM against native Alpha, step-back latency and "
                                   "memory over a long run.")
    p.add_argument("--quick", action="store_true", help="fewer rounds and a shorter long run")
    p.add_argument("--gui", action="store_true",
                   help="measure the window instead: speed with all panels live, launch time")
    p.set_defaults(handler=bench_cmd.run)

    p = sub.add_parser("lesson", help="check, create or play lessons (for authors)",
                       description="Tools for lesson authors.")
    lesson = p.add_subparsers(dest="lesson_command", metavar="ACTION", required=True)
    q = lesson.add_parser("check", help="validate lesson files",
                          description="Validate lessons (files, folders of them, or shipped "
                                      "lessons by id): every problem with file, line, key and "
                                      "what is expected, then play each lesson on a few seeds "
                                      "and report every answer that cannot be computed; a "
                                      "scenario file among them is checked as a scenario. "
                                      "Exit 2 if any problem.")
    q.add_argument("paths", metavar="PATH|FOLDER|ID", nargs="+")
    q.add_argument("--no-play", action="store_true",
                   help="only read the files: do not play the lessons")
    q.set_defaults(handler=lesson_cmd.check)
    q = lesson.add_parser("new", help="write a commented lesson template",
                          description="Write ID.toml: a commented template that passes the check.")
    q.add_argument("id", metavar="ID")
    q.add_argument("--output", metavar="FILE", help="where to write it (default: ID.toml)")
    q.add_argument("--force", action="store_true", help="overwrite an existing file")
    q.set_defaults(handler=lesson_cmd.new)
    q = lesson.add_parser("play", help="play a lesson headless as a scripted student",
                          formatter_class=argparse.RawDescriptionHelpFormatter,
                          description="Play every step of a lesson, answer each question (the "
                                      "computed answers, wrong ones, or an answers file) and\n"
                                      "submit each exercise, printing the feedback and the "
                                      "checks that fail.",
                          epilog="exit codes:\n"
                                 "  0  every outcome as expected\n"
                                 "  1  some outcome not as expected (marked in the output), or "
                                 "a run-until\n     never reached its target\n"
                                 "  2  the lesson or the answers file is at fault: it cannot be "
                                 "read, an answer\n     cannot be computed, an action fails "
                                 "(file:line on stderr)")
    q.add_argument("lesson", metavar="ID|FILE")
    q.add_argument("--seed", type=int, default=1, help="the student's seed (default 1)")
    q.add_argument("--lang", choices=("en", "ca"), default="en",
                   help="the language of the lesson's texts and of the output")
    q.add_argument("--answers", metavar="right|wrong|FILE", default="right",
                   help="right: the computed answers (default); wrong: a wrong answer to every "
                        "question; FILE: a TOML answers file (docs/lessons.md, section 9)")
    q.set_defaults(handler=lesson_cmd.play)
    q = lesson.add_parser("report", help="write a student's progress as a file to hand in",
                          description="Write the student's progress in a lesson (seed, answers, "
                                      "attempts, exercise programs, the student's own marks) as "
                                      "a JSON file an instructor checks with vmlab lesson verify.")
    q.add_argument("lesson", metavar="ID|FILE")
    q.add_argument("--output", metavar="FILE",
                   help="where to write it (default: ID-report.json)")
    q.add_argument("--progress", metavar="FOLDER",
                   help="the progress folder (default: the one the window uses)")
    q.add_argument("--numbers", dest="number_lang", choices=("en", "ca"), default=None,
                   help="how the student writes numbers (default: either way)")
    q.add_argument("--lang", choices=("en", "ca"), default="en", help="the output's language")
    q.add_argument("--force", action="store_true", help="overwrite an existing file")
    q.set_defaults(handler=lesson_cmd.report)
    q = lesson.add_parser("verify", help="recompute every answer of a report from its seed",
                          formatter_class=argparse.RawDescriptionHelpFormatter,
                          description="Play the lesson once with the report's seed, recompute "
                                      "each answer and rerun each exercise program; print\n"
                                      "which are right and whether the report's own marks "
                                      "agree.",
                          epilog="exit codes:\n"
                                 "  0  the report verifies (whatever the score)\n"
                                 "  1  some of its marks disagree with the recomputation "
                                 "(altered report)\n"
                                 "  2  the report cannot be read (file:line or key path on "
                                 "stderr), or the\n     lesson cannot be played")
    q.add_argument("report", metavar="REPORT")
    q.add_argument("--lesson", metavar="ID|FILE",
                   help="the lesson file to check against (default: the report's lesson id)")
    q.add_argument("--lang", choices=("en", "ca"), default="en", help="the output's language")
    q.set_defaults(handler=lesson_cmd.verify)

    from ..gui.screenshots import DEFAULT_FOLDER, DEFAULT_SEED, NAMES
    p = sub.add_parser("screenshot", help="render the window and each panel to PNG (offscreen)",
                       description="Render the lab window, each panel, presenter mode and a "
                                   "native scenario to PNG files, without a display. Each "
                                   "picture is a step of a shipped lesson, played with a fixed "
                                   "seed: the same options always give the same pictures. "
                                   "The documentation's pictures: --out docs/screenshots, once "
                                   "per language. Lesson authors: --lesson FILE --step N shows "
                                   "their lesson at step N as a student reaches it.")
    p.add_argument("--out", metavar="DIR", default=DEFAULT_FOLDER,
                   help=f"folder for the PNG files, created if needed; existing pictures in it "
                        f"are overwritten (default ./{DEFAULT_FOLDER})")
    p.add_argument("--lang", choices=("en", "ca"), default="en",
                   help="language of the window (Catalan pictures are named NAME.ca.png)")
    p.add_argument("--seed", type=screenshot_seed, default=DEFAULT_SEED, metavar="N",
                   help=f"the lessons' seed, 0 to 1,000,000,000 (default {DEFAULT_SEED})")
    p.add_argument("--only", metavar="NAME[,NAME...]", type=screenshot_names,
                   help=f"only these pictures: {', '.join(NAMES)} (with --lesson: the "
                        "window alone by default; not native)")
    p.add_argument("--lesson", metavar="FILE|ID",
                   help="a lesson of your own (or a shipped one's id): render it at --step "
                        "as a student sees it, earlier steps played and their questions "
                        "answered right; pictures LESSON-stepN-NAME.png")
    p.add_argument("--step", type=int, metavar="N",
                   help="with --lesson: the step, 1-based as the window's 'Step N of M' "
                        "(default 1)")
    p.set_defaults(handler=screenshot)

    p = sub.add_parser("scenarios", help="list the shipped scenarios",
                       description="List the scenarios that --scenario NAME finds.")
    p.set_defaults(handler=run_cmd.list_scenarios)

    from . import scenario_cmd
    p = sub.add_parser("scenario", help="check scenario files (for authors)",
                       description="Tools for scenario authors (docs/scenarios.md).")
    scenario = p.add_subparsers(dest="scenario_command", metavar="ACTION", required=True)
    q = scenario.add_parser("check", help="validate scenario files",
                            description="Validate scenarios (files, folders of them, or shipped "
                                        "scenarios by name) as vmlab run reads them, every "
                                        "guest's program assembled, then start each one; every "
                                        "problem with file, line, key and what is expected. A "
                                        "lesson file is said to be one (vmlab lesson check "
                                        "checks it). Messages in Catalan with VMLAB_LANG=ca or "
                                        "a Catalan locale. Exit 2 if any problem.")
    q.add_argument("paths", metavar="PATH|FOLDER|NAME", nargs="+")
    q.set_defaults(handler=scenario_cmd.check)

    from . import bytecode_cmd
    bytecode_cmd.register(sub)

    from . import emulate_cmd
    emulate_cmd.register(sub)

    from . import disk_cmd
    disk_cmd.register(sub)


def screenshot_seed(text: str) -> int:
    from ..gui.screenshots import ScreenshotError, check_seed
    try:
        return check_seed(int(text.replace("_", "")))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text[:40]!r}") from None
    except ScreenshotError as err:
        raise argparse.ArgumentTypeError(str(err).removeprefix("screenshot --seed: ")) from None


def screenshot_names(text: str) -> tuple[str, ...]:
    from ..gui.screenshots import ScreenshotError, check_names
    try:
        return check_names(text.split(","))
    except ScreenshotError as err:
        raise argparse.ArgumentTypeError(str(err).removeprefix("screenshot --only: ")) from None


def screenshot(args) -> int:
    from ..gui.screenshots import (ScreenshotError, check_lesson_names, check_lesson_step,
                                   prepare_folder, take)
    from .errors import UserError
    from .terminal import terminal_text
    try:
        lesson = None
        if args.lesson is not None:          # before Qt starts: a bad lesson fails fast
            lesson = check_lesson_step(args.lesson, args.step)
            check_lesson_names(args.only)
        elif args.step is not None:
            raise ScreenshotError("screenshot --step needs --lesson FILE|ID (the lesson "
                                  "whose step to show)")
        out = prepare_folder(args.out)      # before Qt starts: a bad folder fails fast
        written = take(out, args.lang, args.seed, args.only, lesson)
    except ScreenshotError as err:
        raise UserError(str(err)) from None
    for path in written:
        print(terminal_text(str(path)))
    return 0


def open_window(args) -> int:
    from .errors import UserError
    for option, value in (("--scenario", args.gui_scenario), ("--lesson", args.gui_lesson)):
        if value is not None and not value.strip():
            raise UserError(f"{option} needs a name or a file (leave the option out for the "
                            "default)")
    from ..gui.launch import launch
    return launch(scenario=args.gui_scenario, lesson=args.gui_lesson, lang=args.gui_lang)
