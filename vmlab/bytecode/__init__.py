"""VLB, a small stack bytecode machine: assembler, image files, verifier, reference
interpreter, and the bridge to its VL32 interpreter (docs/bytecode.md).  No Qt."""

from .asm import assemble, assemble_file, disassemble
from .errors import BytecodeError
from .interp import Result, run
from .program import BytecodeProgram, from_bytes, from_words, read_image
from .verify import verify

__all__ = ["BytecodeError", "BytecodeProgram", "Result", "assemble", "assemble_file",
           "disassemble", "from_bytes", "from_words", "read_image", "run", "verify"]
