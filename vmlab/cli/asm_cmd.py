"""`vmlab asm FILE`: the listing, or every error of the file."""

from __future__ import annotations

from ..asm import AssemblyError, assemble_file
from .programs import program_path
from .errors import report_assembly_error
from .terminal import terminal_text


def run(args) -> int:
    try:
        program = assemble_file(program_path(args.file))
    except AssemblyError as err:
        return report_assembly_error(err)
    print(terminal_text(program.listing()))
    return 0
