"""The VL32 instruction set as data, shared by the machine and the assembler.

`spec` holds the tables of VL32.md (opcodes, shapes, cycles, system
registers, causes, ports); `encoding` turns words into Instructions and back.
"""

from . import spec
from .encoding import Instruction, decode, encode

__all__ = ["Instruction", "decode", "encode", "spec"]
