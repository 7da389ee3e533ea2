"""Toy8 and its emulator: a foreign instruction set run by a VL32 program (docs/emulator.md).

- isa.py: the Toy8 instruction set as one table (opcodes, modes, lengths);
- cpu.py: the reference Toy8 in Python;
- assembler.py: the Toy8 assembler, disassembler and listing; Toy8Error;
- emulator.py: the VL32 emulator (assets/programs/emulator.vl32) with a Toy8
  program attached, run on a bare VL32 machine and read back.

No Qt here: the command line (vmlab emulate), the tests and the window use it alike.
"""

from .assembler import (Toy8Error, Toy8Program, assemble, assemble_file, disassemble,
                        disassembly_source)
from .cpu import Toy8, Toy8State
from .isa import OPERATIONS

__all__ = ["OPERATIONS", "Toy8", "Toy8Error", "Toy8Program", "Toy8State", "assemble",
           "assemble_file", "disassemble", "disassembly_source"]
