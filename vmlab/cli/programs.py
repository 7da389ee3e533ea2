"""Program files named on the command line, or the shipped ones by name.

The README's examples say `vmlab asm assets/programs/count.vl32`; that path
exists in a checkout, not in an installed package run from another folder.
So a program that is not found where it was named is looked for among the
programs vmlab ships (assets/programs), by its file name, with or without
".vl32": `vmlab run hello` works anywhere.  A file that exists is always the
one used.
"""

from __future__ import annotations

from pathlib import Path

from ..scenario import PROGRAM_SUFFIX, programs_dir


def program_path(name: str) -> str:
    """The file to assemble for a name given on the command line."""
    try:
        if Path(name).exists():
            return name
        shipped = programs_dir()
        base = Path(name).name
        for candidate in (base, base + PROGRAM_SUFFIX):
            path = shipped / candidate
            if candidate.endswith(PROGRAM_SUFFIX) and path.is_file():
                return str(path)
    except (OSError, ValueError):        # a name the file system refuses: report it as given
        pass
    return name
