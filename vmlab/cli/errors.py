"""One way to report a user's mistake on the command line: a message, exit 2."""

from __future__ import annotations

import os
import sys

from .terminal import terminal_text

EXIT_USAGE = 2


class UserError(Exception):
    """Bad input from the user (file, scenario, option): printed, exit code 2."""


def fail(message: str) -> int:
    print(terminal_text(f"vmlab: {message}"), file=sys.stderr)
    return EXIT_USAGE


def message_language() -> str:
    """"ca" or "en" for diagnostics: VMLAB_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG)."""
    for name in ("VMLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "ca" if value.lower().startswith("ca") else "en"
    return "en"


def report_assembly_error(err) -> int:
    """Print an AssemblyError: a file problem in one line, source errors in full."""
    lang = message_language()
    if all(d.line <= 0 for d in err.errors):
        for d in err.errors:
            print(terminal_text(f"vmlab: {d.format(lang)}"), file=sys.stderr)
    else:
        print(terminal_text(err.format(lang)), file=sys.stderr)
    return EXIT_USAGE


def report_input_error(err) -> int:
    """Print any loader's InputError (program, scenario, lesson, …) and give exit code 2."""
    from ..asm import AssemblyError
    if isinstance(err, AssemblyError):
        return report_assembly_error(err)
    if callable(getattr(err, "render", None)):      # scenario and lesson errors: in Catalan too
        return fail(err.render(message_language()))
    return fail(str(err))
