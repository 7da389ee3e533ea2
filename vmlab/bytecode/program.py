"""A bytecode program in memory, and its binary image file (docs/bytecode.md, "The image").

The image is a list of 32-bit words: a five-word header (magic, version,
max_stack, locals, code_length) and then the code.  A file holds those words
little-endian, four bytes each (the extension .vlbc).  Loading an image
checks the header and the limits; the verifier checks the code.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from .. import inputs
from . import isa
from .errors import BytecodeError


@dataclass(frozen=True)
class Instruction:
    offset: int          # code offset of its first word
    op: isa.Op
    operand: int         # PUSH: the constant (signed); LOCAL/TARGET: the number; else 0
    word: int            # the instruction word itself


@dataclass
class BytecodeProgram:
    code: list[int]                          # the code words
    max_stack: int
    locals: int
    path: str = "<bytecode>"                 # the file, as messages show it
    lines: dict[int, int] = field(default_factory=dict)   # code offset -> source line
    source: str = ""                         # the .vlb text, when it came from one

    def header(self) -> list[int]:
        return [isa.MAGIC, isa.VERSION, self.max_stack, self.locals, len(self.code)]

    def words(self) -> list[int]:
        """The whole image: header, then code."""
        return self.header() + [w & isa.MASK for w in self.code]

    def to_bytes(self) -> bytes:
        return b"".join(w.to_bytes(4, "little") for w in self.words())

    def line_of(self, offset: int) -> int | None:
        return self.lines.get(offset)

    def instructions(self) -> list[Instruction]:
        """The code decoded from offset 0, for a program that passed the verifier."""
        found, offset, code = [], 0, self.code
        while offset < len(code):
            word = code[offset]
            op = isa.BY_CODE[word >> isa.OPERAND_BITS]
            if op.operand == isa.CONST:
                operand = isa.signed(code[offset + 1])
            elif op.operand == isa.NONE:
                operand = 0
            else:
                operand = word & isa.OPERAND_MASK
            found.append(Instruction(offset, op, operand, word))
            offset += isa.length(op)
        return found

    def error(self, key: str, offset: int | None, **params) -> BytecodeError:
        """A BytecodeError at the instruction of offset: its source line, else its offset."""
        line = self.lines.get(offset) if offset is not None else None
        return BytecodeError(self.path, key, line=line,
                             offset=None if line else offset, **params)


def from_words(words: list[int], path: str = "<bytecode>") -> BytecodeProgram:
    """A program from image words (header and code), its header checked."""
    if len(words) < isa.HEADER_WORDS:
        raise BytecodeError(path, "image_size", least=isa.HEADER_WORDS * 4, size=len(words) * 4)
    magic, version, max_stack, count, length = words[:isa.HEADER_WORDS]
    if magic != isa.MAGIC:
        raise BytecodeError(path, "magic", found=magic, expected=isa.MAGIC)
    if version != isa.VERSION:
        raise BytecodeError(path, "version", found=version, expected=isa.VERSION)
    for name, value, least, most in ((".stack", max_stack, 1, isa.MAX_STACK),
                                     (".locals", count, 0, isa.MAX_LOCALS)):
        if not least <= value <= most:
            raise BytecodeError(path, "directive_range", name=name, least=least, most=most,
                                value=value)
    code = list(words[isa.HEADER_WORDS:])
    if length > isa.MAX_CODE_WORDS:
        raise BytecodeError(path, "too_long", most=isa.MAX_CODE_WORDS)
    if length != len(code):
        raise BytecodeError(path, "code_length", declared=length, found=len(code))
    return BytecodeProgram(code, max_stack, count, path)


def from_bytes(data: bytes, path: str = "<bytecode>") -> BytecodeProgram:
    if len(data) % 4 or len(data) < isa.HEADER_WORDS * 4:
        raise BytecodeError(path, "image_size", least=isa.HEADER_WORDS * 4, size=len(data))
    if len(data) > isa.MAX_IMAGE_BYTES:
        raise BytecodeError(path, "too_long", most=isa.MAX_CODE_WORDS)
    words = [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]
    return from_words(words, path)


def read_image(path: str | os.PathLike) -> BytecodeProgram:
    """A binary image file (.vlbc), its size bounded before it is read."""
    shown = os.fspath(path)
    try:
        data = inputs.read_bounded(path, isa.MAX_IMAGE_BYTES, "bytecode image")
    except inputs.ReadProblem as err:
        raise BytecodeError(err.path, "read", reason=err.reason) from None
    return from_bytes(data, shown)
