"""`vmlab bytecode asm|check|run FILE`: the VLB bytecode machine from the command line.

FILE is a .vlb source, a .vlbc image, or a shipped program's name (primes).
asm prints the listing (offset, words, instruction, source line) and, with
--out, writes the binary image; check runs the verifier; run verifies the
program and runs it on the reference interpreter (Python) and on the VL32
interpreter (assets/programs/bytecode-vm.vl32 on the bare machine), prints
the output, compares the two, and reports how many VL32 instructions each
bytecode instruction cost.  A program the loader or the verifier refuses is
reported as file:line: what is wrong, exit 2 (in Catalan with VMLAB_LANG=ca).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..bytecode import BytecodeProgram, disassemble, verify
from ..bytecode import interp
from ..bytecode.errors import BytecodeError
from ..bytecode.vl32 import IMAGE_SUFFIX, SOURCE_SUFFIX, bytecode_dir, load_bytecode, run_vl32
from ..inputs import MAX_RUN_CYCLES, OutputProblem, shorten, write_atomic
from .commands import positive_int
from .errors import EXIT_USAGE, UserError, report_input_error
from .terminal import echo

EXIT_DIFFERENT = 1
DEFAULT_STEPS = 1_000_000


def register(sub) -> None:
    p = sub.add_parser("bytecode", help="the VLB bytecode machine: assemble, verify, run",
                       description="VLB, a small stack bytecode machine (docs/bytecode.md): "
                                   "FILE is a .vlb source, a .vlbc image or a shipped "
                                   "program's name. A program the verifier refuses gives "
                                   "file:line and what is wrong, exit 2.")
    actions = p.add_subparsers(dest="bytecode_command", metavar="ACTION", required=True)
    q = actions.add_parser("asm", help="assemble and list a program (and write its image)",
                           description="Assemble FILE, verify it and print its listing: code "
                                       "offset, words, instruction and source line.")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--out", metavar="FILE.vlbc",
                   help="also write the binary image (header and code, little-endian words)")
    q.set_defaults(handler=asm)
    q = actions.add_parser("check", help="run the verifier on programs",
                           description="Verify each FILE; exit 2 if any is refused.")
    q.add_argument("files", metavar="FILE", nargs="+")
    q.set_defaults(handler=check)
    q = actions.add_parser("run", help="run a program on both interpreters and compare",
                           description="Verify FILE and run it on the reference interpreter "
                                       "(Python) and on the VL32 interpreter (a VL32 program on "
                                       "the bare machine); print its output, whether both agree "
                                       "and the VL32 instructions per bytecode instruction. "
                                       "Exit 1 if the two differ.")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--on", choices=("both", "python", "vl32"), default="both",
                   help="which interpreter(s) (default both)")
    q.add_argument("--max-steps", type=positive_int, default=DEFAULT_STEPS, metavar="N",
                   help=f"stop both after N bytecode instructions (default {DEFAULT_STEPS:,}); "
                        f"the VL32 interpreter also stops after {MAX_RUN_CYCLES:,} cycles")
    q.add_argument("--json", action="store_true", help="print one JSON object")
    q.set_defaults(handler=run)


def find(name: str) -> Path:
    """A file as given, or a shipped program by name (assets/bytecode/NAME.vlb)."""
    path = Path(name)
    try:
        if path.suffix in (SOURCE_SUFFIX, IMAGE_SUFFIX) or path.exists() or os.sep in name:
            return path
    except (OSError, ValueError):
        return path
    shipped = bytecode_dir() / f"{name}{SOURCE_SUFFIX}"
    return shipped if shipped.is_file() else path


def load(name: str) -> BytecodeProgram:
    program = load_bytecode(find(name))
    verify(program)
    return program


def asm(args) -> int:
    try:
        program = load(args.file)
    except BytecodeError as err:
        return report_input_error(err)
    source = program.source.splitlines()
    echo(f"; {program.path}: .stack {program.max_stack}, .locals {program.locals}, "
         f"{len(program.code)} code words")
    for offset, text in disassemble(program):
        length = 2 if text.startswith("push") else 1
        words = " ".join(f"{w:08x}" for w in program.code[offset:offset + length])
        line = program.lines.get(offset)
        shown = f"{line:4}  {source[line - 1].strip()}" if line and source else ""
        echo(f"{offset:5}  {words:<17}  {text:<14} {shown}".rstrip())
    if args.out:
        try:
            write_atomic(args.out, program.to_bytes(), "bytecode image")
        except OutputProblem as err:
            raise UserError(f"bytecode asm --out {shorten(args.out)}: {err.reason}") from None
        except (OSError, ValueError) as err:
            why = getattr(err, "strerror", None) or str(err)
            raise UserError(f"bytecode asm --out {shorten(args.out)}: cannot write the image "
                            f"({why})") from None
        echo(f"; image written to {args.out} ({len(program.words()) * 4} bytes)")
    return 0


def check(args) -> int:
    failed = 0
    for name in args.files:
        try:
            program = load(name)
        except BytecodeError as err:
            report_input_error(err)
            failed += 1
            continue
        echo(f"{program.path}: verified ({len(program.code)} code words, .stack "
             f"{program.max_stack}, .locals {program.locals})")
    return EXIT_USAGE if failed else 0


def run(args) -> int:
    try:
        program = load(args.file)
    except BytecodeError as err:
        return report_input_error(err)
    report: dict = {"file": program.path}
    ref = vm = None
    if args.on in ("both", "python"):
        ref = interp.run(program, args.max_steps)
        report["reference"] = {"output": ref.output, "status": ref.status, "pc": ref.pc,
                               "steps": ref.steps}
    if args.on in ("both", "vl32"):
        vm = run_vl32(program, MAX_RUN_CYCLES, max_steps=args.max_steps)
        report["vl32"] = {"output": vm.output, "status": vm.status, "pc": vm.pc,
                          "steps": vm.steps, "instructions": vm.instructions,
                          "cycles": vm.cycles,
                          "instructions_per_bytecode": round(vm.per_bytecode, 2)}
    same = partial = None
    if ref and vm:
        partial = vm.status == "cycle-limit"      # the VL32 one stopped first: compare so far
        if partial:
            same = ref.output.startswith(vm.output)
        else:
            same = (ref.output, ref.status, ref.pc, ref.steps) == (vm.output, vm.status,
                                                                    vm.pc, vm.steps)
        report["same"] = same
        report["partial"] = partial
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        first = ref or vm
        text = first.output
        echo(text[:-1] if text.endswith("\n") else text)
        for label, result in (("reference (Python)", ref), ("VL32 interpreter", vm)):
            if result is None:
                continue
            echo(f"{label}: {result.status} at offset {result.pc}, "
                 f"{result.steps:,} bytecode instructions")
        if vm is not None:
            echo(f"VL32 interpreter: {vm.instructions:,} VL32 instructions, "
                 f"{vm.cycles:,} cycles: {vm.per_bytecode:.1f} VL32 instructions per "
                 "bytecode instruction")
        if partial:
            echo("the VL32 interpreter reached its cycle limit first: what it printed "
                 + ("agrees with the reference so far" if same else "DIFFERS"))
        elif same is not None:
            echo("both interpreters: the same output" if same else
                 "the interpreters DIFFER")
    return 0 if same is not False else EXIT_DIFFERENT

