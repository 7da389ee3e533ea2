"""One policy for everything vmlab reads from a user: limits, reading, TOML.

Every input kind (program, scenario, lesson, progress, settings, snapshot)
has one loader, and each loader raises one error type, a subclass of
InputError.  The command line turns any InputError into a message and exit
code 2; the window turns it into a dialog.  Loaders apply the limits below
*before* doing any work, so no file can make vmlab hang, eat memory or end
in a Python traceback:

- files are read with a bound: at most `limit + 1` bytes are ever read, so a
  huge file, /dev/zero or a FIFO is refused without reading it all;
- TOML is parsed only after a cheap scan of its nesting depth, and the data
  is walked again after parsing (tomllib recurses, so a 500-deep array
  would otherwise raise RecursionError);
- names and paths have a length bound below the operating system's own, and
  a file named by a data file must stay inside its folder, links followed;
- numbers that size work have a bound: a machine's memory, a run's cycles,
  the diagnostics the assembler collects.

The numbers are documented for users in docs/isa.md ("Limits") and
docs/lessons.md; keep them in step.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import tomllib
from pathlib import Path

# --- limits (one place) ------------------------------------------------------
MAX_PROGRAM_BYTES = 1 << 20          # a VL32 source file
MAX_SCENARIO_BYTES = 256 << 10       # a scenario .toml
MAX_LESSON_BYTES = 512 << 10         # a lesson .toml (its exercise files: MAX_PROGRAM_BYTES)
MAX_PROGRESS_BYTES = 1 << 20         # a lesson's saved progress (JSON)
MAX_SETTINGS_BYTES = 64 << 10        # settings read from a file
MAX_SNAPSHOT_BYTES = 64 << 20        # a saved virtual machine
MAX_TOML_DEPTH = 12                  # tables and arrays inside one another
MAX_NAME_CHARS = 200                 # a scenario, program or lesson name as typed
MAX_PATH_CHARS = 1024                # a whole path given by a user or a data file
MAX_ASM_ERRORS = 100                 # diagnostics of one program; the assembler stops after them
MAX_MEMORY_WORDS = 1 << 22           # a machine's memory (--memory, host_memory): 4,194,304 words
MAX_RUN_CYCLES = 100_000_000         # a scenario's max_cycles: at ~5 M cycles/s, 20 s of run


class InputError(Exception):
    """Bad input from a user or a data file: str() says which file, where, and what is expected.

    Subclasses: AssemblyError (programs), ScenarioError, LessonError,
    ExprError (lesson expressions), ProgressError, SettingsError, and the
    snapshot error when snapshots exist.
    """


class ReadProblem(InputError):
    """A file could not be read within the limits; .reason is the text after the file name."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


class OutputProblem(InputError):
    """A file vmlab was asked to write cannot be written there; .reason says why."""

    def __init__(self, path: str, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def write_atomic(path: str | os.PathLike, data: bytes, what: str = "file") -> None:
    """Write data as path, whole or not at all: a temporary file beside it, then a rename.

    Only a regular file is ever replaced: a folder, a device or a pipe at
    path is refused (OutputProblem), because a rename replaces the directory
    entry itself, and run by root it would turn /dev/null into a plain file.
    """
    shown = os.fspath(path)
    problem = check_name(shown, "file name")
    if problem:
        raise OutputProblem(shorten(shown), problem)
    try:
        info = os.stat(shown)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise OutputProblem(shown, f"cannot be written ({err.strerror or err})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device or a pipe"
        raise OutputProblem(shown, f"is {kind}, not a file: give the name of a {what} to write")
    folder = os.path.dirname(shown) or "."
    try:
        handle, temporary = tempfile.mkstemp(prefix="." + os.path.basename(shown)[:60] + ".",
                                             suffix=".partial", dir=folder)
    except OSError as err:
        raise OutputProblem(shown, f"cannot be written ({err.strerror or err})") from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        os.replace(temporary, shown)
    except BaseException as err:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(err, OSError):
            raise OutputProblem(shown, f"cannot be written ({err.strerror or err})") from None
        raise


def check_name(text: str, what: str = "name") -> str | None:
    """None if text is usable as a name or path typed by a user, else what is wrong."""
    if len(text) > MAX_PATH_CHARS:
        return f"the {what} is {len(text):,} characters long; at most {MAX_PATH_CHARS:,} are allowed"
    if "\0" in text:
        return f"the {what} contains a NUL character"
    for part in Path(text).parts:
        if len(part) > MAX_NAME_CHARS:
            return (f"a part of the {what} is {len(part):,} characters long; at most "
                    f"{MAX_NAME_CHARS} are allowed")
    return None


def stays_inside(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """True if path, every symbolic link followed, lies inside folder (itself resolved).

    A data file may name files beside it; a link inside its folder must not
    lead a loader to read a file elsewhere.
    """
    try:
        return Path(path).resolve().is_relative_to(Path(folder).resolve())
    except (OSError, RuntimeError, ValueError):
        return False


def read_bounded(path: str | os.PathLike, limit: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or ReadProblem saying why not.

    Never reads more than limit + 1 bytes (so /dev/zero or a huge file costs
    nothing) and refuses folders and files that cannot be read, with the
    system's words for the failure.
    """
    shown = os.fspath(path)
    problem = check_name(shown, "file name")
    if problem:
        raise ReadProblem(shorten(shown), problem)
    try:
        info = os.stat(shown)
        if stat.S_ISDIR(info.st_mode):
            raise ReadProblem(shown, f"is a folder, not a {what}")
        if stat.S_ISFIFO(info.st_mode) or stat.S_ISSOCK(info.st_mode):
            # Opening a pipe with no writer would wait for ever.
            raise ReadProblem(shown, f"is a pipe or a socket, not a {what}")
        with open(shown, "rb") as handle:
            data = handle.read(limit + 1)
    except ReadProblem:
        raise
    except FileNotFoundError:
        raise ReadProblem(shown, "file not found") from None
    except PermissionError:
        raise ReadProblem(shown, "permission denied: the file cannot be read") from None
    except OSError as err:
        raise ReadProblem(shown, f"cannot be read ({err.strerror or err})") from None
    if len(data) > limit:
        raise ReadProblem(shown, f"is larger than {limit:,} bytes, the most a {what} may be")
    return data


def decode_utf8(raw: bytes) -> str:
    """UTF-8 text without a leading byte-order mark; UnicodeDecodeError as usual."""
    return raw.decode("utf-8-sig")


def toml_depth_problem(text: str, limit: int = MAX_TOML_DEPTH) -> tuple[int, str] | None:
    """(line, message) if brackets or braces nest deeper than limit, else None.

    A cheap scan before tomllib (which recurses) sees the text: it skips
    strings and comments, so brackets inside them do not count.  It may
    over-count for odd but valid TOML; the limit is far above what any
    real scenario or lesson needs.
    """
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = text[i:i + 3] if text[i:i + 3] in ('"""', "'''") else ch
            j = i + len(quote)
            while j < n:
                if quote[0] == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j):
                    break
                if text[j] == "\n":
                    if len(quote) == 1:
                        break            # a broken string: tomllib will say so
                    line += 1
                j += 1
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line, f"values nest more than {limit} deep (arrays and tables inside " \
                             "one another); simplify the file"
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None


def parse_toml(text: str) -> dict:
    """tomllib.loads with the nesting limit; TomlProblem(line, message) on any failure."""
    found = toml_depth_problem(text)
    if found:
        raise TomlProblem(*found)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise TomlProblem(_toml_line(str(err), text), f"is not valid TOML: {err}") from None
    except RecursionError:
        raise TomlProblem(0, f"values nest too deeply (the limit is {MAX_TOML_DEPTH})") from None
    except ValueError:
        # Python refuses to convert integers of more than 4,300 digits.
        long = re.search(r"\d[\d_]{999,}", text)
        line = text.count("\n", 0, long.start()) + 1 if long else 0
        raise TomlProblem(line, "a number is far too long (thousands of digits)") from None
    # Dotted keys (a.b.c = 1, [a.b.c]) nest without brackets: walk the data too.
    if _too_deep(data, MAX_TOML_DEPTH + 1):      # + 1: the document's own table
        raise TomlProblem(_dotted_line(text), f"values nest more than {MAX_TOML_DEPTH} deep "
                          "(tables inside one another, dotted keys included); simplify the file")
    return data


class TomlProblem(Exception):
    """Internal to loaders: a TOML text that cannot be used; each loader wraps it in its error."""

    def __init__(self, line: int, message: str) -> None:
        self.line, self.message = line, message
        super().__init__(f"line {line}: {message}" if line else message)


def _too_deep(data: dict, limit: int) -> bool:
    """True if tables and arrays nest more than limit deep (no recursion: data may be deep)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, (dict, list)):
                stack.append((child, depth + 1))
    return False


def _dotted_line(text: str) -> int:
    """The first line whose key has MAX_TOML_DEPTH dots or more, or 0."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.split("=", 1)[0].count(".") >= MAX_TOML_DEPTH:
            return number
    return 0


def _toml_line(message: str, text: str) -> int:
    found = re.search(r"line (\d+)", message)
    if found:
        return int(found.group(1))
    if "end of document" in message:
        return max(1, len(text.splitlines()))
    return 0


def shorten(text: str, keep: int = 60) -> str:
    """A long name cut for a message: its start, an ellipsis and its length."""
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text):,} characters)"


__all__ = ["InputError", "ReadProblem", "TomlProblem", "check_name", "decode_utf8",
           "parse_toml", "read_bounded", "shorten", "stays_inside", "toml_depth_problem",
           "MAX_PROGRAM_BYTES", "MAX_SCENARIO_BYTES", "MAX_LESSON_BYTES", "MAX_PROGRESS_BYTES",
           "MAX_SETTINGS_BYTES", "MAX_SNAPSHOT_BYTES", "MAX_TOML_DEPTH", "MAX_NAME_CHARS",
           "MAX_PATH_CHARS", "MAX_ASM_ERRORS", "MAX_MEMORY_WORDS", "MAX_RUN_CYCLES"]
