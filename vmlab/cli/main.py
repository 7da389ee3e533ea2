"""Entry point: `vmlab [COMMAND] …`.  With no command it opens the lab window."""

from __future__ import annotations

import argparse
import errno
import io
import os
import re
import sys

from .. import __version__
from ..inputs import InputError, shorten
from .errors import UserError, fail, report_input_error
from .terminal import safe_streams, terminal_text


class _Parser(argparse.ArgumentParser):
    """argparse, with usage errors that shorten what they echo and escape control characters."""

    def error(self, message: str):
        message = _LONG_WORD.sub(lambda found: shorten(found.group(0)), message)
        self.print_usage(sys.stderr)
        self.exit(2, terminal_text(f"{self.prog}: error: {message}\n"))


_LONG_WORD = re.compile(r"[^\s']{200,}")


def build_parser() -> argparse.ArgumentParser:
    from . import commands
    parser = _Parser(
        prog="vmlab",
        description="vmlab — a virtualization lab: the VL32 machine, a VMM running two guest "
                    "kernels, and bilingual lessons. With no command, opens the lab window.",
        epilog="Run 'vmlab COMMAND --help' for the options of one command.")
    parser.add_argument("--version", action="version", version=f"vmlab {__version__}")
    commands.add_gui_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.register(sub)
    return parser


# Errors of the standard output itself (redirected to a full disk, a closed pipe, …).
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


def main(argv: list[str] | None = None) -> int:
    safe_streams()      # before argparse: its messages may echo any argument
    parser = build_parser()
    args = parser.parse_args(argv)
    code = _dispatch(args)
    try:
        if sys.stdout is not None:        # None when vmlab started with stdout closed
            sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()
    except OSError as err:
        code = _output_failed(err)
    return code


def _dispatch(args) -> int:
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from .commands import open_window
            return open_window(args)
        return handler(args)
    except UserError as err:
        return fail(str(err))
    except InputError as err:
        # Any loader's error that a command did not report itself: still exit 2, never a traceback.
        return report_input_error(err)
    except KeyboardInterrupt:
        print("vmlab: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _silence_stdout()          # the reader went away (| head): not an error
        return 0
    except OSError as err:
        if err.filename is None and err.errno in _OUTPUT_ERRNOS:
            return _output_failed(err)
        return _internal_error(err)
    except Exception as err:  # noqa: BLE001 - last line of defence: never a traceback
        return _internal_error(err)


def _output_failed(err: OSError) -> int:
    """stdout could not be written (e.g. > /dev/full): say so on stderr, exit 2."""
    _silence_stdout()
    why = "the disk is full" if err.errno in (errno.ENOSPC, errno.EFBIG) else "it failed"
    return fail(f"cannot write the output: {why} ({err.strerror}); what was printed is "
                "incomplete")


def _silence_stdout() -> None:
    """Point stdout at the null device, so Python's last flush at exit cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        pass


def _internal_error(err: Exception) -> int:
    if os.environ.get("VMLAB_DEBUG"):
        raise err
    print(terminal_text(f"vmlab: internal error ({type(err).__name__}: {err}); please "
                        "report it, and set VMLAB_DEBUG=1 to see the details"),
          file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
