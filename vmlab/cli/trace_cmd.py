"""`vmlab trace`: run a scenario and stream its events to a file.

What the file holds, and what can go wrong:

- every event, once, in order: the session streams them (Session.stream_events
  holds its bounded log until they are read), so `seq` runs 0, 1, 2, … with
  no gap however many events one stretch of the run produces;
- an existing file is replaced only with --force, and never one of the
  scenario's own files (its .toml, its programs), --force or not;
- a regular file is written under a temporary name next to it and renamed
  at the end, so a failed write (a full disk) leaves no half file and an
  older file of that name as it was; a device or a pipe (/dev/stdout, a
  FIFO) is written directly;
- --max-bytes bounds the file (default commands.DEFAULT_TRACE_BYTES, 1 GiB):
  the trace stops before the event that would pass it, keeps every whole
  event before, says so on stderr and exits with EXIT_CUT (3), so a script
  can tell a cut trace from a complete one;
- Ctrl-C keeps what was written so far (exit 130).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from ..inputs import check_name
from ..scenario import load_scenario
from ..session import Session
from .errors import UserError
from .run_cmd import with_technique
from .terminal import terminal_text

CSV_COLUMNS = ["seq", "cycle", "kind", "guest", "pc", "cause", "instruction", "action", "cost",
               "text", "details"]
EXIT_CUT = 3                       # the trace was cut at --max-bytes (the file is valid)
NO_CHECKPOINTS = 1 << 60           # a trace never steps back


def _csv_row(event: dict) -> dict:
    row = {k: event.get(k, "") for k in CSV_COLUMNS if k != "details"}
    rest = {k: v for k, v in event.items() if k not in row}
    row["details"] = json.dumps(rest, sort_keys=True) if rest else ""
    return row


class _Encoder:
    """One event as the bytes of one line (JSON Lines) or one row (CSV)."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        if fmt == "csv":
            self.buffer = io.StringIO()
            self.writer = csv.DictWriter(self.buffer, CSV_COLUMNS)

    def header(self) -> bytes:
        if self.fmt != "csv":
            return b""
        self.writer.writeheader()
        return self._take()

    def line(self, event) -> bytes:
        data = event.to_dict()
        if self.fmt != "csv":
            return (json.dumps(data, sort_keys=True) + "\n").encode("ascii")
        self.writer.writerow(_csv_row(data))
        return self._take()

    def _take(self) -> bytes:
        text = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return text.encode("utf-8")


class _Output:
    """The --out file: checked before the run, written under a temporary name, then renamed."""

    def __init__(self, name: str, *, force: bool, protected: list[Path]) -> None:
        self.name = name
        self.shown = terminal_text(name)
        problem = check_name(name, "output file name") if name else "no file name was given"
        if problem:
            raise UserError(f"trace --out: {problem}")
        try:
            info = os.stat(name)
        except FileNotFoundError:
            info = None
        except OSError as err:
            raise UserError(f"cannot write {self.shown}: {_why(err)}") from None
        self.existed = info is not None
        self.direct = False
        if info is not None:
            for path in protected:
                try:
                    same = os.path.samestat(info, os.stat(path))
                except OSError:
                    continue
                if same:
                    raise UserError(f"trace --out {self.shown} is this scenario's own file "
                                    f"({terminal_text(str(path))}); choose another output file "
                                    "(not even --force replaces a scenario's input)")
            if stat.S_ISDIR(info.st_mode):
                raise UserError(f"trace --out {self.shown} is a folder; give a file name "
                                "(e.g. trace.jsonl)")
            if stat.S_ISREG(info.st_mode):
                if not force:
                    raise UserError(f"trace --out {self.shown} already exists (use --force to "
                                    "replace it)")
            else:
                self.direct = True      # a device or a pipe: nothing to replace
        self.temp: str | None = None
        try:
            if self.direct:
                self.file = open(name, "wb")
            else:
                folder = os.path.dirname(name) or "."
                handle, self.temp = tempfile.mkstemp(
                    prefix=f".{os.path.basename(name)[:60]}.", suffix=".partial", dir=folder)
                self.file = os.fdopen(handle, "wb")
        except OSError as err:
            raise UserError(f"cannot write {self.shown}: {_why(err)}") from None
        self.terminal = self.direct and self.file.isatty()

    def write(self, data: bytes) -> None:
        if self.terminal:        # CSV holds guest text as it is: never raw on a terminal
            text = data.decode("utf-8")
            end = "\r\n" if text.endswith("\r\n") else ""
            data = (terminal_text(text[:len(text) - len(end)]) + end).encode("utf-8")
        self.file.write(data)

    def finish(self) -> None:
        """Flush, close and put the file in place (OSError if the disk refuses)."""
        self.file.close()
        if self.temp:
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.temp, 0o666 & ~mask)
            os.replace(self.temp, self.name)
            self.temp = None

    def abandon(self) -> str:
        """Close and remove the temporary file if still there; says what became of --out."""
        try:
            self.file.close()
        except OSError:
            pass
        if self.temp:
            try:
                os.unlink(self.temp)
            except OSError:
                pass
            self.temp = None
            return (f"{self.shown} was left as it was" if self.existed
                    else f"{self.shown} was not created")
        return "what reached it is incomplete"


def _why(err: OSError) -> str:
    if err.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return f"the disk is full ({err.strerror})"
    if err.errno == errno.ENOENT:
        return "its folder does not exist"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if err.errno == errno.EROFS:
        return "the file system is read-only"
    return err.strerror or str(err)


def _protected(scenario) -> list[Path]:
    """The files a scenario was read from: never overwritten by its own trace."""
    paths = [scenario.path] if scenario.path else []
    paths += [g.program_path for g in scenario.guests if g.program_path]
    return paths


def run(args) -> int:
    scenario = load_scenario(args.scenario)     # a ScenarioError is reported by main: exit 2
    scenario = with_technique(scenario, args.technique, "trace")
    fmt = args.format or ("csv" if args.out.lower().endswith(".csv") else "jsonl")
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    out = _Output(args.out, force=args.force, protected=_protected(scenario))  # last: it creates
    limit = args.max_cycles or scenario.max_cycles
    max_bytes = args.max_bytes
    encoder = _Encoder(fmt)
    count = size = 0
    last_cycle = 0
    cut = None                       # the first event left out at --max-bytes
    events = session.stream_events(session.cycle + limit)
    try:
        header = encoder.header()
        out.write(header)
        size += len(header)
        for event in events:
            line = encoder.line(event)
            if size + len(line) > max_bytes:
                cut = event
                break
            out.write(line)
            size += len(line)
            count += 1
            last_cycle = event.cycle
        events.close()
        out.finish()
    except OSError as err:
        what = out.abandon()
        raise UserError(f"cannot write {out.shown}: {_why(err)}; the trace stopped at cycle "
                        f"{session.cycle:,} and {what}") from None
    except KeyboardInterrupt:
        try:
            out.finish()
            kept = f"{out.shown} holds the {count:,} events up to cycle {last_cycle:,}"
        except OSError as err:
            kept = f"{out.abandon()} ({_why(err)})"
        print(f"vmlab: trace interrupted at cycle {session.cycle:,}; {kept}", file=sys.stderr)
        return 130
    finally:
        events.close()
        out.abandon()                # nothing left to do after finish(); else no stray file
    if cut is not None:
        print(f"wrote {count:,} events ({fmt}, {size:,} bytes) to {out.shown}", flush=True)
        print(f"vmlab: trace cut at --max-bytes {max_bytes:,}: {out.shown} holds the first "
              f"{count:,} events, up to cycle {last_cycle:,}; the events from cycle "
              f"{cut.cycle:,} on are not in it (raise --max-bytes or lower --max-cycles)",
              file=sys.stderr)
        return EXIT_CUT
    print(f"wrote {count:,} events ({fmt}, {size:,} bytes) to {out.shown}; stopped: "
          f"{session.last_reason} at cycle {session.cycle:,}")
    return 0
