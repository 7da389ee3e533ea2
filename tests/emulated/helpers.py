"""Run a Toy8 program on the reference and through the VL32 emulator, and compare."""

from __future__ import annotations

from vmlab.emulated import Toy8, assemble
from vmlab.emulated.emulator import run_emulator


def both(program, step_limit: int = 10_000):
    """(reference state, EmulatorRun) for a source text, a Toy8Program or an image."""
    if isinstance(program, str):
        program = assemble(program, "<test>").image
    elif hasattr(program, "image"):
        program = program.image
    reference = Toy8(program)
    reference.run(step_limit)
    emulated = run_emulator(bytes(program), step_limit)
    return reference.state, emulated


def agree(program, step_limit: int = 10_000):
    """The reference state, after checking the emulator ends in exactly the same state."""
    ref, emulated = both(program, step_limit)
    assert emulated.reason == "halt", emulated.reason          # the VL32 machine halted
    emu = emulated.state
    assert emu.output == ref.output
    assert emu.registers() == ref.registers()
    assert (emu.status, emu.steps) == (ref.status, ref.steps)
    assert emu.memory == ref.memory
    return ref
