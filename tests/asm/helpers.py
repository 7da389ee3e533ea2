"""Shared helpers for the assembler tests."""

from __future__ import annotations

import pytest

from vmlab.asm import AsmDiagnostic, AssemblyError, Program, assemble


def words(source: str) -> list[int]:
    """The words of a program in address order (the image must be contiguous from 0)."""
    program = assemble(source, "t.vl32")
    assert sorted(program.image) == list(range(len(program.image)))
    return [program.image[a] for a in range(len(program.image))]


def build(source: str) -> Program:
    return assemble(source, "t.vl32")


def errors(source: str) -> list[AsmDiagnostic]:
    with pytest.raises(AssemblyError) as info:
        assemble(source, "t.vl32")
    return info.value.errors


def one_error(source: str) -> AsmDiagnostic:
    found = errors(source)
    assert len(found) == 1, "\n".join(str(d) for d in found)
    return found[0]


# Field packing written out from VL32.md, independently of vmlab.isa.encoding.
def r3(op: int, rd: int, rs: int, rt: int) -> int:
    return op << 26 | rd << 22 | rs << 18 | rt << 14


def i18(op: int, rd: int = 0, rs: int = 0, imm: int = 0) -> int:
    return op << 26 | rd << 22 | rs << 18 | (imm & 0x3FFFF)


def j26(op: int, target: int) -> int:
    return op << 26 | target
