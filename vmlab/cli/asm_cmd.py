"""`vmlab asm FILE`: the listing, or every error of the file."""

from __future__ import annotations

import sys

from ..asm import AssemblyError, assemble_file
from .errors import EXIT_USAGE


def run(args) -> int:
    try:
        program = assemble_file(args.file)
    except AssemblyError as err:
        print(err, file=sys.stderr)
        return EXIT_USAGE
    print(program.listing())
    return 0
