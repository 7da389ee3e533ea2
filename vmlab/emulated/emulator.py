"""The VL32 emulator of Toy8 with a Toy8 program in it: build, run, read back, measure.

The emulator is a VL32 program, assets/programs/emulator.vl32.  A Toy8
program reaches it by being *attached*: its bytes are appended to the
emulator's source as `.org FOREIGN` and `.word` lines (one byte per word)
and the whole is assembled again.  So the Toy8 image is part of the VL32
program's own source: a scenario (`foreign = "fib"` in a [[guest]] table),
a lesson's re-assembly with parameters and the window's change of language
all keep it, and the code view shows it at the end of the emulator's text.

When the Toy8 machine stops, the emulator writes its state at STATE (status,
steps, limit, A, X, PC, SP, Z, C) and halts the VL32 machine; read_back()
turns that block and the 256 words at FOREIGN into a Toy8State, which the
tests compare with the reference (cpu.py) field by field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .. import inputs
from ..asm import Program, assemble, assemble_file
from ..machine import Machine
from ..resources import data_dir
from .assembler import SUFFIX, Diagnostic, Toy8Error, Toy8Program, assemble_file as toy8_file
from .cpu import Toy8State
from .isa import BYTE, HALTED, MEMORY_BYTES, RUNNING
from .messages import Msg

EMULATOR_NAME = "emulator"              # assets/programs/emulator.vl32
FOREIGN_SYMBOL, STATE_SYMBOL, FETCH_LABEL = "FOREIGN", "STATE", "fetch"
STATE_FIELDS = ("status", "steps", "limit", "a", "x", "pc", "sp", "z", "c")
EMULATOR_MEMORY = 2048                  # words: the emulator, its state and the Toy8 memory
DEFAULT_MAX_CYCLES = 20_000_000
# While the emulator runs, the Toy8 registers live in VL32 registers (emulator.vl32).
REGISTER_OF = {"a": 1, "x": 2, "pc": 3, "sp": 4, "z": 5, "c": 6, "steps": 8}


def foreign_dir() -> Path:
    """The shipped Toy8 programs (assets/emulated)."""
    return data_dir("assets") / "emulated"


def shipped_programs() -> list[str]:
    return sorted(p.stem for p in foreign_dir().glob(f"*{SUFFIX}"))


def emulator_path() -> Path:
    return data_dir("assets") / "programs" / f"{EMULATOR_NAME}.vl32"


def emulator_program() -> Program:
    """The emulator, assembled, with no Toy8 program attached (its Toy8 memory all 0)."""
    return assemble_file(emulator_path())


# ------------------------------------------------------------------ attaching
def attachment_text(image: bytes, name: str, program: Toy8Program | None = None) -> str:
    """The lines appended to the emulator's source: the Toy8 bytes at FOREIGN.

    With the Toy8 program itself, each of its source lines comes along as a
    comment beside the bytes it placed, so the code view shows the foreign
    program's listing inside the emulator's text; without it, a plain dump.
    """
    lines = ["", f"; ---- the Toy8 program {name}: {len(image)} bytes at FOREIGN, one byte a "
                 "word (attached by vmlab; docs/emulator.md)"]
    if program is None or not program.lines or bytes(program.image) != bytes(image):
        lines.append(f"        .org  {FOREIGN_SYMBOL}")
        for start in range(0, len(image), 8):
            chunk = image[start:start + 8]
            lines.append("        .word " + ", ".join(f"0x{b:02X}" for b in chunk)
                         + f"   ; 0x{start:02X}")
        return "\n".join(lines) + "\n"
    by_line: dict[int, list[int]] = {}
    for address, line in program.lines.items():
        by_line.setdefault(line, []).append(address)
    expected = None
    for number, text in enumerate(program.source.splitlines(), start=1):
        shown = _comment_text(text)
        addresses = sorted(by_line.get(number, []))
        if not addresses:
            lines.append(f"        ;{'':28}| {shown}".rstrip())
            continue
        # A line's bytes are consecutive (an instruction, or one .byte line).
        if addresses[0] != expected:
            lines.append(f"        .org  {FOREIGN_SYMBOL} + 0x{addresses[0]:02X}")
        values = ", ".join(f"0x{program.image[a]:02X}" for a in addresses)
        lines.append(f"        .word {values:<16} ; {addresses[0]:02X} | {shown}".rstrip())
        expected = addresses[-1] + 1
    return "\n".join(lines) + "\n"


def _comment_text(text: str) -> str:
    """A Toy8 source line made safe for a VL32 comment (no control characters)."""
    return "".join(ch if ch >= " " or ch == "\t" else " " for ch in text.replace("\t", "    "))


def attach(emulator: Program, image: bytes | Toy8Program, name: str = "program") -> Program:
    """The emulator program with a Toy8 image (or program, its source shown beside its
    bytes) at FOREIGN: assembled again, same file name and language."""
    if FOREIGN_SYMBOL not in emulator.symbols:
        raise ValueError(f"{emulator.filename} has no {FOREIGN_SYMBOL} constant")
    program = image if isinstance(image, Toy8Program) else None
    image = bytes(program.image if program else image)
    if len(image) > MEMORY_BYTES:
        raise ValueError(f"a Toy8 image has at most {MEMORY_BYTES} bytes, not {len(image)}")
    source = emulator.source
    if not source.endswith("\n"):
        source += "\n"
    return assemble(source + attachment_text(image, name, program), emulator.filename,
                    emulator.lang)


def resolve_foreign(name: str, base_dir: Path | None, shown: str) -> Path:
    """A Toy8 program named by a scenario: beside it, or shipped; Toy8Error if not found."""
    def fail(message: Msg):
        raise Toy8Error([Diagnostic(shown, 0, message)])
    problem = inputs.check_name(name, "Toy8 program name")
    if problem:
        fail(Msg("file.read", reason=problem))
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts or "\\" in name or not rel.parts:
        fail(Msg("foreign.path", name=repr(inputs.shorten(name))))
    folders = ([base_dir] if base_dir else []) + [foreign_dir()]
    for folder in folders:
        for suffix in ("", SUFFIX):
            candidate = folder / (name + suffix)
            try:
                found = candidate.is_file()
            except (OSError, ValueError):
                found = False
            if not found:
                continue
            if not inputs.stays_inside(candidate, folder):
                fail(Msg("foreign.outside", name=repr(name)))
            return candidate
    import difflib
    known = shipped_programs()
    close = difflib.get_close_matches(name, known, n=1)
    fail(Msg("foreign.missing", name=repr(inputs.shorten(name)),
             hint=f" ({close[0]!r}?)" if close else "", known=", ".join(known)))


def attach_file(emulator: Program, name: str, base_dir: Path | None = None,
                shown: str = "") -> Program:
    """For a scenario: the emulator with the Toy8 program `name` attached; Toy8Error if the
    program cannot be found or assembled, or if `emulator` is not the emulator."""
    if FOREIGN_SYMBOL not in emulator.symbols:
        raise Toy8Error([Diagnostic(shown, 0, Msg("foreign.no_emulator",
                                                  name=repr(Path(emulator.filename).name)))])
    path = resolve_foreign(name, base_dir, shown)
    return attach(emulator, toy8_file(path), path.name)


# ------------------------------------------------------------------ running
@dataclass
class EmulatorRun:
    """A Toy8 program run through the VL32 emulator on a bare VL32 machine."""

    state: Toy8State            # read back from the VL32 memory
    reason: str                 # why the VL32 machine stopped ("halt", "cycle-limit"…)
    instret: int                # VL32 instructions
    cycles: int                 # VL32 cycles
    by_opcode: dict[int, list[int]] = field(default_factory=dict)  # opcode -> [count, VL32 instrs]

    @property
    def per_instruction(self) -> float:
        """VL32 instructions per emulated Toy8 instruction (start and stop included)."""
        return self.instret / self.state.steps if self.state.steps else float("nan")

    @property
    def cycles_per_instruction(self) -> float:
        return self.cycles / self.state.steps if self.state.steps else float("nan")


def new_machine(image: bytes | Toy8Program, step_limit: int = 0, name: str = "program"):
    """A VL32 machine with the emulator and image loaded, LIMIT set; (machine, program)."""
    program = attach(emulator_program(), image, name)
    machine = Machine(EMULATOR_MEMORY)
    machine.load(program.image, program.entry)
    if step_limit:
        machine.write_word(program.symbols[STATE_SYMBOL] + STATE_FIELDS.index("limit"),
                           step_limit)
    return machine, program


def run_emulator(image: bytes | Toy8Program, step_limit: int = 0,
                 max_cycles: int = DEFAULT_MAX_CYCLES, profile: bool = False) -> EmulatorRun:
    """Run a Toy8 image through the VL32 emulator until the Toy8 machine stops.

    step_limit: stop after that many Toy8 instructions (0: never), as Toy8.run's.
    profile: also count, per opcode byte, how many VL32 instructions its
    instructions took (slower: the machine runs one instruction at a time).
    """
    machine, program = new_machine(image if isinstance(image, Toy8Program) else bytes(image),
                                   step_limit)
    by_opcode: dict[int, list[int]] = {}
    if profile:
        fetch = program.labels[FETCH_LABEL]
        foreign = program.symbols[FOREIGN_SYMBOL]
        current, started = None, 0
        limit = machine.cycles + max_cycles
        while not machine.halted and machine.cycles < limit:
            if machine.pc == fetch:
                if current is not None:
                    by_opcode[current][1] += machine.instret - started
                current = machine.mem[foreign + machine.regs[3]] & BYTE
                by_opcode.setdefault(current, [0, 0])[0] += 1
                started = machine.instret
            machine.step_instruction()
        if current is not None:
            by_opcode[current][1] += machine.instret - started
        reason = machine.halted or "cycle-limit"
        state = read_back(machine, program)
        if current is not None and state.status not in (RUNNING, HALTED):
            # An illegal byte or the step limit: the last fetch ran no Toy8 instruction.
            count, spent = by_opcode[current]
            by_opcode[current] = [count - 1, spent - (machine.instret - started)]
            if not by_opcode[current][0]:
                del by_opcode[current]
    else:
        reason = machine.run(max_cycles)
        state = read_back(machine, program)
    return EmulatorRun(state, reason, machine.instret, machine.cycles, by_opcode)


def read_back(machine: Machine, program: Program) -> Toy8State:
    """The Toy8 state the emulator left: its STATE block, or its registers while running."""
    state_at = program.symbols[STATE_SYMBOL]
    foreign = program.symbols[FOREIGN_SYMBOL]
    words = dict(zip(STATE_FIELDS, machine.mem[state_at:state_at + len(STATE_FIELDS)]))
    memory = [w & BYTE for w in machine.mem[foreign:foreign + MEMORY_BYTES]]
    output = bytearray(machine.console.output)
    if words["status"] == RUNNING:
        values = {name: machine.regs[r] for name, r in REGISTER_OF.items()}
    else:
        values = {name: words[name] for name in ("a", "x", "pc", "sp", "z", "c", "steps")}
    return Toy8State(memory=memory, status=words["status"], output=output, **values)
