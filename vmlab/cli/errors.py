"""One way to report a user's mistake on the command line: a message, exit 2."""

from __future__ import annotations

import sys

EXIT_USAGE = 2


class UserError(Exception):
    """Bad input from the user (file, scenario, option): printed, exit code 2."""


def fail(message: str) -> int:
    print(f"vmlab: {message}", file=sys.stderr)
    return EXIT_USAGE
