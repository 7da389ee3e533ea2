"""`vmlab emulate asm|run FILE`: a Toy8 program, its listing, and the price of emulating it.

`run` runs the Toy8 program twice: on the reference Toy8 (Python, another
"hardware") and through the Toy8 emulator written in VL32 on a bare VL32
machine; it prints the console, both final states, whether they agree, and
how many VL32 instructions (and cycles) one Toy8 instruction cost.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..inputs import MAX_RUN_CYCLES
from .errors import fail, message_language
from .terminal import terminal_text

DEFAULT_STEP_LIMIT = 100_000
MAX_STEP_LIMIT = 1_000_000
EXIT_DISAGREE = 1


def register(sub) -> None:
    from .commands import cycle_count
    p = sub.add_parser("emulate", help="Toy8 programs and the emulator written in VL32 "
                                       "(docs/emulator.md)",
                       description="Toy8 is a small 8-bit machine unlike VL32; "
                                   "assets/programs/emulator.vl32 emulates it. FILE is a .toy8 "
                                   "file or a shipped Toy8 program's name (hello, count, fib).")
    actions = p.add_subparsers(dest="emulate_command", metavar="ACTION", required=True)
    q = actions.add_parser("asm", help="assemble a Toy8 program and print its listing",
                           description="Assemble FILE and print the listing (address, bytes, "
                                       "source) and the labels, or every error with "
                                       "file:line (exit 2).")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(handler=asm)
    q = actions.add_parser("run", help="run a Toy8 program on the reference and through the "
                                       "VL32 emulator, and compare",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="Run FILE on the reference Toy8 (Python) and through the "
                                       "Toy8 emulator on a bare VL32 machine; print the\n"
                                       "console, both final states, and VL32 instructions and "
                                       "cycles per Toy8 instruction.",
                           epilog="exit codes:\n"
                                  "  0  both runs agree: same output, registers, flags, memory "
                                  "and count\n"
                                  "     (or --max-cycles stopped the emulator first: not "
                                  "compared)\n"
                                  "  1  they disagree (what differs is printed)\n"
                                  "  2  FILE cannot be read or assembled (file:line on stderr)")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--limit", type=step_limit, default=DEFAULT_STEP_LIMIT, metavar="N",
                   help=f"stop both after N Toy8 instructions (default {DEFAULT_STEP_LIMIT:,}, "
                        f"at most {MAX_STEP_LIMIT:,})")
    q.add_argument("--max-cycles", type=cycle_count, metavar="N", default=None,
                   help="stop the VL32 machine after N cycles (default: enough for --limit)")
    q.add_argument("--profile", action="store_true",
                   help="also give VL32 instructions per Toy8 instruction for each opcode "
                        "(slower: one VL32 instruction at a time)")
    q.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    q.set_defaults(handler=run)


def step_limit(text: str) -> int:
    from .commands import positive_int
    value = positive_int(text)
    if value > MAX_STEP_LIMIT:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_STEP_LIMIT:,} instructions, "
                                         f"not {value:,}")
    return value


def toy8_path(name: str) -> str:
    """A file that exists as given, else a shipped Toy8 program by name (with or without
    .toy8); the name itself when neither is found (reading it says so)."""
    from ..emulated.assembler import SUFFIX
    from ..emulated.emulator import foreign_dir
    try:
        if Path(name).exists():
            return name
        base = Path(name).name
        for candidate in (base, base + SUFFIX):
            path = foreign_dir() / candidate
            if candidate.endswith(SUFFIX) and path.is_file():
                return str(path)
    except (OSError, ValueError):
        pass
    return name


def _exists(name: str) -> bool:
    try:
        return Path(name).exists()
    except (OSError, ValueError):
        return False


def _assemble(name: str):
    from ..emulated import Toy8Error, assemble_file
    from ..emulated.emulator import shipped_programs
    path = toy8_path(name)
    try:
        return assemble_file(path), None
    except Toy8Error as err:
        from ..emulated.messages import render
        lang = message_language()
        text = err.render(lang)
        if toy8_path(name) == name and not _exists(name):
            text += f" ({render('shipped', lang, known=', '.join(shipped_programs()))})"
        return None, fail(text)


def asm(args) -> int:
    program, code = _assemble(args.file)
    if program is None:
        return code
    print(terminal_text(program.listing()))
    return 0


def run(args) -> int:
    from ..emulated import Toy8
    from ..emulated.assembler import instruction_text
    from ..emulated.emulator import run_emulator
    from ..emulated.isa import DECODE
    program, code = _assemble(args.file)
    if program is None:
        return code
    reference = Toy8(program.image)
    reference.run(args.limit)
    ref = reference.state
    # About 30 VL32 cycles per Toy8 instruction (docs/emulator.md): room for 100.
    max_cycles = args.max_cycles or min(MAX_RUN_CYCLES, 1_000 + 100 * args.limit)
    emulated = run_emulator(program, args.limit, max_cycles, profile=args.profile)
    emu = emulated.state
    # Cut at its cycle limit, the emulator may be inside a Toy8 instruction: not compared.
    unfinished = emulated.reason == "cycle-limit"
    differences = [] if unfinished else compare(ref, emu)
    profile = []
    for opcode, (count, spent) in sorted(emulated.by_opcode.items()):
        entry = DECODE[opcode]
        text = instruction_text(entry[0].name, entry[1], 0).replace("0x00", "n") if entry \
            else f".byte 0x{opcode:02X}"
        profile.append({"opcode": opcode, "instruction": text, "count": count,
                        "vl32_instructions": spent,
                        "per_instruction": spent / count if count else None})
    if args.json:
        print(json.dumps({
            "program": program.filename, "bytes": len(program.image),
            "console": ref.console(),
            "reference": _state_json(ref),
            "emulator": {**_state_json(emu), "console": emu.console(), "stop": emulated.reason,
                         "vl32_instructions": emulated.instret, "vl32_cycles": emulated.cycles},
            "vl32_instructions_per_instruction": _number(emulated.per_instruction),
            "vl32_cycles_per_instruction": _number(emulated.cycles_per_instruction),
            "agree": None if unfinished else not differences, "differences": differences,
            **({"profile": profile} if args.profile else {})}))
        return EXIT_DISAGREE if differences else 0
    print(f"=== Toy8 program {Path(program.filename).name} ({len(program.image)} bytes) ===")
    console = terminal_text(ref.console())
    sys.stdout.write(console)
    if console and not console.endswith("\n"):
        sys.stdout.write("\n")
    print(f"--- reference Toy8 (Python): {ref.status_name} after {ref.steps:,} Toy8 "
          f"instructions; {_registers(ref)}")
    print(f"--- emulator (VL32): {emu.status_name} after {emu.steps:,} Toy8 instructions, "
          f"{emulated.instret:,} VL32 instructions, {emulated.cycles:,} cycles; "
          f"{_registers(emu)}")
    if emu.steps:
        print(f"--- price of emulation: {emulated.per_instruction:.1f} VL32 instructions "
              f"({emulated.cycles_per_instruction:.1f} cycles) per Toy8 instruction")
    for row in profile:
        per = f"{row['per_instruction']:6.1f}" if row["count"] else "     -"
        print(f"    {row['instruction']:<10} {row['count']:>8,} x {per} VL32 instructions")
    if unfinished:
        print(f"--- not compared: the VL32 machine stopped at its cycle limit ({max_cycles:,}) "
              "before the Toy8 program did; raise --max-cycles")
        return 0
    if differences:
        print("--- the emulator DISAGREES with the reference:")
        for line in differences:
            print(f"    {line}")
        return EXIT_DISAGREE
    print("--- the emulator agrees with the reference: same output, registers, flags, memory "
          "and instruction count")
    return 0


def compare(ref, emu) -> list[str]:
    """What differs between two Toy8 states, one line each (empty: they agree)."""
    out = []
    if ref.output != emu.output:
        out.append(f"console: reference {ref.console()!r}, emulator {emu.console()!r}")
    for name in ("status_name", "steps", "a", "x", "pc", "sp", "z", "c"):
        mine, theirs = getattr(ref, name), getattr(emu, name)
        if mine != theirs:
            out.append(f"{name.removesuffix('_name')}: reference {mine}, emulator {theirs}")
    changed = [a for a in range(len(ref.memory)) if ref.memory[a] != emu.memory[a]]
    if changed:
        shown = ", ".join(f"0x{a:02X}: {ref.memory[a]:#04x} against {emu.memory[a]:#04x}"
                          for a in changed[:8])
        out.append(f"memory: {len(changed)} bytes differ ({shown}"
                   f"{', …' if len(changed) > 8 else ''})")
    return out


def _registers(s) -> str:
    return (f"A={s.a:#04x} X={s.x:#04x} PC={s.pc:#04x} SP={s.sp:#04x} Z={s.z} C={s.c}")


def _state_json(s) -> dict:
    return {"status": s.status_name, "steps": s.steps, **s.registers(),
            "memory": bytes(s.memory).hex()}


def _number(value: float):
    return None if value != value else round(value, 3)
