"""One way to report a user's mistake on the command line: a message, exit 2."""

from __future__ import annotations

import sys

EXIT_USAGE = 2


class UserError(Exception):
    """Bad input from the user (file, scenario, option): printed, exit code 2."""


def fail(message: str) -> int:
    print(f"vmlab: {message}", file=sys.stderr)
    return EXIT_USAGE


def report_assembly_error(err) -> int:
    """Print an AssemblyError: a file problem in one line, source errors in full."""
    if all(d.line <= 0 for d in err.errors):
        for d in err.errors:
            print(f"vmlab: {d}", file=sys.stderr)
    else:
        print(err, file=sys.stderr)
    return EXIT_USAGE
