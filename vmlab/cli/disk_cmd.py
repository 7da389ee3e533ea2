"""`vmlab disk new|show|copy|save`: disk-image files (docs/disk-images.md).

A guest's disk is a plain text file on the host.  `new` writes an empty disk
with the files the diskette kernel reads; `show` checks an image and prints
its header, its directory and its files; `copy` copies one (read, checked,
written again); `save` runs a scenario to its end and writes a guest's disk
as it is then, so the next boot can start from it.  Every write is atomic
(a temporary file, then a rename) and none replaces a file without --force.
A bad image gives its file and what is wrong, exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..disk_image import (DiskImageError, list_files, make_filesystem, read_disk_image,
                          read_text_file, save_disk_image)
from ..isa.spec import DISK_BLOCK_WORDS, DISK_MAX_BLOCKS
from ..machine.disk import words_crc32
from ..inputs import check_name, shorten
from .commands import cycle_count
from .errors import UserError, fail
from .terminal import echo

DEFAULT_MOTD = "Hello from a new disk.\n"
LOG_BLOCKS = 4                   # the room diskette.vl32 gives its log (LOG_MAX)


def block_count(text: str) -> int:
    try:
        value = int(text.replace("_", ""), 0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text[:40]!r}") from None
    if not 1 + 1 + LOG_BLOCKS <= value <= DISK_MAX_BLOCKS:
        raise argparse.ArgumentTypeError(f"expected {2 + LOG_BLOCKS} to {DISK_MAX_BLOCKS} "
                                         f"blocks, not {value}")
    return value


def register(sub) -> None:
    p = sub.add_parser("disk", help="disk-image files: new, show, copy, save",
                       description="A guest's disk is a plain text file (docs/disk-images.md). "
                                   "A bad image gives its file and what is wrong, exit 2.")
    actions = p.add_subparsers(dest="disk_command", metavar="ACTION", required=True)
    q = actions.add_parser("new", help="write a new disk with the files motd and log",
                           description="Write FILE: a disk of N blocks whose directory holds "
                                       "motd (TEXT) and an empty log, as diskette.vl32 reads "
                                       "them.")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--blocks", type=block_count, default=8, metavar="N",
                   help="its size in blocks of 64 words (default 8)")
    q.add_argument("--motd", metavar="TEXT", default=DEFAULT_MOTD,
                   help="the text of the file motd (Latin-1)")
    q.add_argument("--force", action="store_true", help="replace FILE if it exists")
    q.set_defaults(handler=new)
    q = actions.add_parser("show", help="check an image and print its directory and files",
                           description="Check FILE (a path, or a shipped image's name) and "
                                       "print its size, checksum, directory and files.")
    q.add_argument("file", metavar="FILE|NAME")
    q.set_defaults(handler=show)
    q = actions.add_parser("copy", help="copy an image (checked, written atomically)",
                           description="Read SOURCE with every check and write it to TARGET: "
                                       "a guest booted from TARGET behaves as one booted from "
                                       "SOURCE.")
    q.add_argument("source", metavar="SOURCE|NAME")
    q.add_argument("target", metavar="TARGET")
    q.add_argument("--force", action="store_true", help="replace TARGET if it exists")
    q.set_defaults(handler=copy)
    q = actions.add_parser("save", help="run a scenario and save a guest's disk as it ends",
                           description="Run the scenario to its end (or --max-cycles) and "
                                       "write GUEST's disk, as the guest left it, to --out.")
    q.add_argument("--scenario", metavar="NAME|FILE", required=True)
    q.add_argument("--guest", metavar="GUEST", help="the guest (default: the first with a disk)")
    q.add_argument("--out", metavar="FILE", required=True)
    q.add_argument("--max-cycles", type=cycle_count, metavar="N",
                   help="stop after N cycles (default: the scenario's max_cycles)")
    q.add_argument("--force", action="store_true", help="replace FILE if it exists")
    q.set_defaults(handler=save)


def find_image(name: str) -> Path:
    """A path, or a shipped image's name (assets/disks)."""
    from ..disk_image import SUFFIX
    from ..scenario import disks_dir
    problem = check_name(name, "disk image name")
    if problem:
        raise UserError(f"{shorten(name)}: {problem}")
    path = Path(name)
    try:
        if path.exists() or "/" in name or name.endswith(SUFFIX) or not name.strip():
            return path
        shipped = disks_dir() / f"{name}{SUFFIX}"
        return shipped if shipped.is_file() else path
    except (OSError, ValueError):
        return path                     # reading it will say what is wrong


def _refuse_existing(path: str, force: bool) -> int | None:
    """An exit code if the target may not be written (a bad name, a file there without
    --force), else None."""
    problem = check_name(path, "file name") if path.strip() else "the file name is empty"
    if problem:
        return fail(f"{shorten(path)}: {problem}")
    try:
        exists = Path(path).exists()
    except (OSError, ValueError) as err:
        return fail(f"{shorten(path)}: cannot be written ({getattr(err, 'strerror', err)})")
    if exists and not force:
        return fail(f"{shorten(path)}: the file exists; give --force to replace it")
    return None


def _write(words: list[int], path: str) -> int | None:
    """Save atomically; an exit code if the file cannot be written, else None."""
    try:
        save_disk_image(words, path)
    except (OSError, ValueError) as err:
        return fail(f"{shorten(path)}: cannot be written "
                    f"({getattr(err, 'strerror', None) or err})")
    return None


def new(args) -> int:
    refused = _refuse_existing(args.file, args.force)
    if refused is not None:
        return refused
    try:
        args.motd.encode("latin-1")
    except UnicodeEncodeError:
        return fail("--motd: the disk holds one Latin-1 character a word; this text has others")
    if len(args.motd) > (args.blocks - 1 - LOG_BLOCKS) * DISK_BLOCK_WORDS:
        return fail(f"--motd: {len(args.motd)} characters do not fit in {args.blocks} blocks")
    words = make_filesystem({"motd": args.motd, "log": ""}, args.blocks,
                            reserve={"log": LOG_BLOCKS})
    failed = _write(words, args.file)
    if failed is not None:
        return failed
    echo(f"{args.file}: a new disk of {args.blocks} blocks (motd, log)")
    return 0


def show(args) -> int:
    path = find_image(args.file)
    words = read_disk_image(path)
    echo(f"{path}: {len(words) // DISK_BLOCK_WORDS} blocks of {DISK_BLOCK_WORDS} words, "
         f"crc32 {words_crc32(words):08x}")
    files = list_files(words)
    for name, first, length in files:
        echo(f"  {name:<6}  block {first:>4}  {length:>6} characters")
    for name, _first, _length in files:
        echo(f"--- {name} ---")
        echo(read_text_file(words, name).rstrip("\n"))
    return 0


def copy(args) -> int:
    refused = _refuse_existing(args.target, args.force)
    if refused is not None:
        return refused
    source = find_image(args.source)
    words = read_disk_image(source)
    failed = _write(words, args.target)
    if failed is not None:
        return failed
    echo(f"{args.target}: a copy of {source} (crc32 {words_crc32(words):08x})")
    return 0


def save(args) -> int:
    from ..scenario import load_scenario
    from ..session import Session
    from .run_cmd import NO_CHECKPOINTS
    refused = _refuse_existing(args.out, args.force)
    if refused is not None:
        return refused
    scenario = load_scenario(args.scenario)
    with_disk = [g.name for g in scenario.guests if g.disk is not None]
    if not with_disk:
        return fail(f"{args.scenario}: no guest of this scenario has a disk")
    guest = args.guest or with_disk[0]
    if guest not in with_disk:
        return fail(f"--guest: {shorten(repr(guest))} is not a guest with a disk; these have one: "
                    f"{', '.join(with_disk)}")
    limit = args.max_cycles or scenario.max_cycles
    session = Session(scenario, checkpoint_interval=NO_CHECKPOINTS)
    reason = session.run(limit)
    words = session.disk_words(guest)
    failed = _write(words, args.out)
    if failed is not None:
        return failed
    echo(f"{args.out}: {guest}'s disk at cycle {session.cycle:,} ({reason}), "
         f"crc32 {words_crc32(words):08x}")
    return 0


__all__ = ["register", "DiskImageError"]
