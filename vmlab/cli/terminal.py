"""Text for the user's terminal: guest bytes never drive it, and no encoding can crash it.

Two rules for everything the command line prints:

- `terminal_text` escapes control characters — C0 except newline and tab,
  DEL and C1 (0x80-0x9f) — as `\\xNN`, so a guest that prints ESC [ 2 J,
  a lesson file holding an escape sequence or a file name with a carriage
  return cannot clear, recolour or retitle the user's terminal.  Text
  meant for a terminal goes through it: guest consoles, listings, lesson
  text, error messages.  (JSON output needs nothing: json escapes them.)
- `safe_streams` makes stdout and stderr write what their encoding cannot
  carry as backslash escapes instead of raising UnicodeEncodeError: 'é'
  under LANG=C or PYTHONIOENCODING=ascii prints as \\xe9, and a file name
  that is not valid UTF-8 as \\udcxx.
"""

from __future__ import annotations

import os
import sys

_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))
            if c not in (0x09, 0x0A)}


def terminal_text(text: str) -> str:
    """text with every control character but newline and tab written as \\xNN."""
    return text.translate(_ESCAPES)


def echo(text: str = "", *, err: bool = False) -> None:
    """print() for text that may hold anything (lesson text, file names): escaped first."""
    print(terminal_text(text), file=sys.stderr if err else sys.stdout)


def safe_streams() -> None:
    """Let stdout and stderr escape what their encoding cannot write (call once, at start).

    A stream that is not there (vmlab started with it closed: Python sets it to
    None) becomes the null device, so writing to it is not an error.
    """
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")    # noqa: SIM115 - for the run
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")    # noqa: SIM115
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors="backslashreplace")
        except (ValueError, OSError):   # a closed or detached stream: nothing to do
            pass


__all__ = ["echo", "safe_streams", "terminal_text"]
