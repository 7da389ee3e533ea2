"""`vmlab asm FILE`: the listing, or every error of the file."""

from __future__ import annotations

from ..asm import AssemblyError, assemble_file
from .errors import report_assembly_error


def run(args) -> int:
    try:
        program = assemble_file(args.file)
    except AssemblyError as err:
        return report_assembly_error(err)
    print(program.listing())
    return 0
