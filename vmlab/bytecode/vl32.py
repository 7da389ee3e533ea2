"""The bridge to the VL32 interpreter (assets/programs/bytecode-vm.vl32).

The interpreter is an ordinary VL32 program; a bytecode image reaches it as
VL32 source appended to the interpreter's: `.org IMAGE` and one `.word` line
per bytecode instruction, its mnemonic and .vlb line in a comment.  So the
program the machine runs, and the code view shows, is the interpreter
followed by the bytecode it interprets; and assembling it again in another
language (Scenario.in_language) keeps the image.

Only verified programs are embedded: embed() verifies first.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .. import inputs
from ..asm import AssemblyError, Program, assemble
from ..resources import data_dir
from . import isa
from .asm import assemble_file, disassemble
from .errors import BytecodeError
from .program import BytecodeProgram
from .verify import verify

INTERPRETER = "bytecode-vm"
IMAGE_LABEL = "vlb_image"
MEMORY_WORDS = 16_384          # the interpreter, the image at 0x2000, locals and stack
SOURCE_SUFFIX = ".vlb"
IMAGE_SUFFIX = ".vlbc"
MARKER = "; ---- VLB image"    # the first line of the appended text


def interpreter_path() -> Path:
    return data_dir("assets") / "programs" / f"{INTERPRETER}.vl32"


def bytecode_dir() -> Path:
    return data_dir("assets") / "bytecode"


def image_address(interpreter: Program) -> int:
    return interpreter.symbols["IMAGE"]


def embed_text(program: BytecodeProgram) -> str:
    """VL32 source that places program's verified image at IMAGE, one line per instruction."""
    verify(program)
    name = Path(program.path).name
    lines = ["", f"{MARKER}: {name}, verified; placed at IMAGE for the interpreter above",
             ".org IMAGE", f"{IMAGE_LABEL}:"]
    header = program.header()
    for word, what in zip(header, ("magic", "version", "max_stack (.stack)",
                                   "locals (.locals)", "code_length")):
        lines.append(f"        .word   {word:#010x}          ; {what}")
    listing = dict(disassemble(program))
    for ins in program.instructions():
        words = program.code[ins.offset:ins.offset + isa.length(ins.op)]
        source = program.lines.get(ins.offset)
        where = f"  ({name}:{source})" if source else ""
        shown = ", ".join(f"{w:#010x}" for w in words)
        lines.append(f"        .word   {shown:<20} ; {ins.offset:4}: {listing[ins.offset]}{where}")
    room = program.locals + program.max_stack
    lines.append(f"vlb_data: .space  {room:<20} ; the locals ({program.locals}) and the stack "
                 f"({program.max_stack}): the guest's memory must hold them")
    return "\n".join(lines) + "\n"


def embed(interpreter: Program, program: BytecodeProgram, lang: str | None = None) -> Program:
    """The interpreter with program's image appended (assembled again, in lang)."""
    name = Path(interpreter.filename).name
    if "IMAGE" not in interpreter.symbols:
        raise BytecodeError(interpreter.filename, "not_interpreter", name=repr(name),
                            interpreter=INTERPRETER)
    source = interpreter.source.rstrip("\n") + "\n" + embed_text(program)
    try:
        return assemble(source, interpreter.filename, lang or interpreter.lang)
    except AssemblyError as err:        # e.g. a program whose own words reach IMAGE
        raise BytecodeError(interpreter.filename, "embed_failed", name=repr(name),
                            errors=str(err)) from None


def load_interpreter(lang: str = "en") -> Program:
    from ..asm import assemble_file as assemble_vl32
    return assemble_vl32(interpreter_path(), lang)


def load_bytecode(path: str | Path) -> BytecodeProgram:
    """A .vlb source or a .vlbc image, read within the limits (not yet verified)."""
    from .program import read_image
    if str(path).endswith(IMAGE_SUFFIX):
        return read_image(path)
    return assemble_file(path)


def find_bytecode(name: str, base_dir: Path | None, shown: str) -> Path:
    """A scenario's bytecode name: a .vlb file in its folder, or a shipped one (assets/bytecode)."""
    problem = inputs.check_name(name, "bytecode name")
    if problem:
        raise BytecodeError(shown, "read", reason=problem)
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or "\\" in name or not rel.parts:
        raise BytecodeError(shown, "outside", name=repr(name))
    folders = ([base_dir] if base_dir else []) + [bytecode_dir()]
    for folder in folders:
        for suffix in ("", SOURCE_SUFFIX):
            candidate = folder / (name + suffix)
            try:
                found = candidate.is_file()
            except (OSError, ValueError):
                found = False
            if found:
                if not inputs.stays_inside(candidate, folder):
                    raise BytecodeError(shown, "outside", name=repr(name))
                return candidate
    raise BytecodeError(shown, "not_found", name=repr(name),
                        places=", ".join(str(f) for f in folders))


def attach(interpreter: Program, name: str, base_dir: Path | None, shown: str,
           lang: str | None = None) -> Program:
    """For a scenario's `bytecode` key: find, assemble, verify and embed the program."""
    return embed(interpreter, load_bytecode(find_bytecode(name, base_dir, shown)), lang)


@dataclass(frozen=True)
class VL32Result:
    output: str
    status: str            # as the reference's: halt, division-by-zero, bad-image, cycle-limit
    pc: int                # the bytecode offset where it stopped
    steps: int             # bytecode instructions executed
    instructions: int      # VL32 instructions retired
    cycles: int

    @property
    def per_bytecode(self) -> float:
        """VL32 instructions per bytecode instruction: the price of interpretation."""
        return self.instructions / self.steps if self.steps else 0.0


STEPS = 13                   # the interpreter's register that counts bytecode instructions
BYTECODE_PC = 10             # ... and the one that holds the bytecode pc (an address)
# Fewer cycles than any trip round the interpreter's loop (15 at the least, from one
# count of r13 to the next) less an instruction's overshoot (8): a slice of
# k * SLICE_CYCLES cycles cannot begin more than k bytecode instructions.
SLICE_CYCLES = 6


def run_vl32(program: BytecodeProgram, max_cycles: int = 100_000_000,
             interpreter: Program | None = None, max_steps: int | None = None) -> VL32Result:
    """Run program on the VL32 interpreter, on a bare machine, to its halt or a limit.

    With max_steps, it stops as the reference does: after exactly that many
    bytecode instructions (status "step-limit", pc the next one's offset), so
    both interpreters can be compared on a program that never halts.  The
    machine runs in slices short enough never to begin one instruction too many.
    """
    from ..machine import Machine
    whole = embed(interpreter or load_interpreter(), program)
    machine = Machine(MEMORY_WORDS)
    machine.load(whole.image, whole.entry)
    regs = machine.regs
    code = whole.label_loads[IMAGE_LABEL] + isa.HEADER_WORDS
    if max_steps is None:
        reason = machine.run(max_cycles)
    else:
        end = machine.cycles + max_cycles
        while True:
            remaining = max_steps + 1 - regs[STEPS]   # r13 counts instructions begun
            budget = min(remaining * SLICE_CYCLES, end - machine.cycles)
            if remaining <= 0 or budget <= 0:
                reason = "step-limit" if remaining <= 0 else "cycle-limit"
                break
            reason = machine.run(budget)
            if reason != "cycle-limit":
                break
    if reason == "halt":
        status, pc, steps = isa.STATUS_NAMES.get(regs[1], "bad-image"), regs[2], regs[STEPS]
    elif reason == "step-limit":
        status, pc, steps = reason, regs[BYTECODE_PC] - code, max_steps
    else:
        status, pc, steps = reason, regs[BYTECODE_PC] - code, max(regs[STEPS] - 1, 0)
    return VL32Result(machine.console.text(), status, pc, steps, machine.instret,
                      machine.cycles)
