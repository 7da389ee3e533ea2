"""Disk-image files: a VL32 disk as a plain text file on the host (docs/disk-images.md).

A guest's disk is only a file: copy the file and you have copied the disk.
The format is text, so a student can open it, read it and compare two:

    VL32-DISK 1 blocks=16 block_words=64 crc32=1a2b3c4d
    0000006d 0000006f 00000074 00000064 00000000 00000000 00000010 0000002a
    ...                                   (8 words a line, 8 lines a block)

The first line (the header) gives the format's version, the number of
blocks, the words in a block (the device's, 64) and the CRC-32 of the words
(zlib's, each word as 4 bytes most significant first).  Then one line per 8
words, each word as 8 hexadecimal digits.

The loader checks everything before the words are used, within limits (the
file's size, the number of blocks), and every problem is a DiskImageError
naming the file and what is wrong; the command line turns it into exit 2.
Saving is atomic: a temporary file in the same folder, then a rename.

The files on a disk (the tiny file system the `diskette` kernel reads) are
described in docs/disk-images.md too: block 0 is a directory of 8 entries
of 8 words (a name of up to 6 characters, one a word; the first block; the
length in characters), and a file holds one character a word.
"""

from __future__ import annotations

import os
import re

from . import inputs
from .inputs import InputError, OutputProblem, ReadProblem, write_atomic
from .isa.spec import DISK_BLOCK_WORDS, DISK_MAX_BLOCKS, MASK
from .machine.disk import words_crc32
from .messages import M, render

MAGIC = "VL32-DISK"
VERSION = 1
SUFFIX = ".disk"
WORDS_PER_LINE = 8
LINES_PER_BLOCK = DISK_BLOCK_WORDS // WORDS_PER_LINE
_LINE_CHARS = WORDS_PER_LINE * 9            # "xxxxxxxx " eight times, the last with a newline
MAX_HEADER_CHARS = 200
# The largest file: a header and DISK_MAX_BLOCKS blocks, each line ended by CR LF at worst.
MAX_DISK_IMAGE_BYTES = MAX_HEADER_CHARS + DISK_MAX_BLOCKS * LINES_PER_BLOCK * (_LINE_CHARS + 1)
_HEADER = re.compile(r"VL32-DISK (\S+) blocks=(\S+) block_words=(\S+) crc32=(\S+)")
_WORD = re.compile(r"[0-9A-Fa-f]{8}")
_NUMBER = re.compile(r"[0-9]{1,9}")

# The tiny file system (docs/disk-images.md, "Files on a disk").
DIR_ENTRIES = 8
ENTRY_WORDS = 8
NAME_CHARS = 6
E_FIRST, E_LENGTH = 6, 7                    # an entry's first block, its length in characters


class DiskImageError(InputError):
    """A disk-image file that cannot be used: str() names the file and says what is wrong."""

    def __init__(self, path, problem) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")

    def render(self, lang: str = "en") -> str:
        return f"{self.path}: {render(self.problem, lang)}"


# ---------------------------------------------------------------- reading
def read_disk_image(path: str | os.PathLike) -> list[int]:
    """The words of a disk-image file, every check passed; else DiskImageError."""
    shown = str(path)
    try:
        raw = inputs.read_bounded(path, MAX_DISK_IMAGE_BYTES, "disk image")
    except ReadProblem as err:
        raise DiskImageError(err.path, err.reason) from None
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise DiskImageError(shown, M("line {line}: byte {byte} is not ASCII text; a disk "
                                      "image is plain text", line=line,
                                      byte=f"0x{raw[err.start]:02X}")) from None
    return parse_disk_image(text, shown)


def parse_disk_image(text: str, shown: str = "<disk image>") -> list[int]:
    """The words of a disk image given as text (shown names it in errors)."""
    lines = text.splitlines()
    header = lines[0] if lines else ""
    if not header.startswith(MAGIC):
        raise DiskImageError(shown, M("is not a VL32 disk image: its first line must begin "
                                      "with {magic}, and it begins {start}",
                                      magic=repr(MAGIC), start=_shorten(header[:20])))
    match = _HEADER.fullmatch(header) if len(header) <= MAX_HEADER_CHARS else None
    if match is None:
        raise DiskImageError(shown, M("line 1: the header must be {form}, not {line}",
                                      form=repr(f"{MAGIC} {VERSION} blocks=N "
                                                f"block_words={DISK_BLOCK_WORDS} crc32=XXXXXXXX"),
                                      line=_shorten(header)))
    version, blocks, block_words, crc = match.groups()
    if version != str(VERSION):
        raise DiskImageError(shown, M("version {version} is not one this vmlab reads (it "
                                      "reads version {known}); write the image again with "
                                      "vmlab disk", version=_shorten(version), known=VERSION))
    if not _NUMBER.fullmatch(blocks) or not 1 <= int(blocks) <= DISK_MAX_BLOCKS:
        raise DiskImageError(shown, M("line 1: blocks must be a whole number from 1 to "
                                      "{most:,}, not {value}", most=DISK_MAX_BLOCKS,
                                      value=_shorten(blocks)))
    if block_words != str(DISK_BLOCK_WORDS):
        raise DiskImageError(shown, M("line 1: block_words must be {words}, the words in a "
                                      "block of the VL32 disk, not {value}",
                                      words=DISK_BLOCK_WORDS, value=_shorten(block_words)))
    if not _WORD.fullmatch(crc):
        raise DiskImageError(shown, M("line 1: crc32 must be 8 hexadecimal digits, not "
                                      "{value}", value=_shorten(crc)))
    count = int(blocks)
    expected = count * LINES_PER_BLOCK
    body = lines[1:]
    if len(body) < expected:
        raise DiskImageError(shown, M("is truncated: its header promises {blocks:,} blocks "
                                      "({expected:,} lines of words) and it has {found:,} "
                                      "lines of words", blocks=count, expected=expected,
                                      found=len(body)))
    extra = body[expected:]
    if any(line.strip() for line in extra):
        raise DiskImageError(shown, M("line {line}: text after the last block (the header "
                                      "promises {blocks:,} blocks)", line=expected + 2,
                                      blocks=count))
    words: list[int] = []
    for number, line in enumerate(body[:expected], start=2):
        parts = line.split(" ")
        if len(parts) != WORDS_PER_LINE or not all(_WORD.fullmatch(p) for p in parts):
            raise DiskImageError(shown, M("line {line}: must be {count} words of 8 hexadecimal "
                                          "digits separated by one space, not {text}",
                                          line=number, count=WORDS_PER_LINE,
                                          text=_shorten(line)))
        words.extend(int(p, 16) for p in parts)
    actual = words_crc32(words)
    if actual != int(crc, 16):
        raise DiskImageError(shown, M("is corrupted: its header says crc32={expected} and its "
                                      "words give {actual}", expected=crc.lower(),
                                      actual=f"{actual:08x}"))
    return words


def _shorten(text: str) -> str:
    return inputs.shorten(repr(text))


# ---------------------------------------------------------------- writing
def format_disk_image(words: list[int]) -> str:
    """The text of a disk image holding these words (whole blocks)."""
    if not words or len(words) % DISK_BLOCK_WORDS or len(words) > DISK_MAX_BLOCKS * \
            DISK_BLOCK_WORDS:
        raise ValueError(f"a disk holds 1 to {DISK_MAX_BLOCKS} blocks of {DISK_BLOCK_WORDS} "
                         f"words, not {len(words)} words")
    words = [w & MASK for w in words]
    lines = [f"{MAGIC} {VERSION} blocks={len(words) // DISK_BLOCK_WORDS} "
             f"block_words={DISK_BLOCK_WORDS} crc32={words_crc32(words):08x}"]
    for i in range(0, len(words), WORDS_PER_LINE):
        lines.append(" ".join(f"{w:08x}" for w in words[i:i + WORDS_PER_LINE]))
    return "\n".join(lines) + "\n"


def save_disk_image(words: list[int], path: str | os.PathLike) -> None:
    """Write a disk image atomically: a temporary file beside it, then a rename, so the file
    is always either the old image or the new one, whole (never over a device or a folder:
    inputs.write_atomic)."""
    try:
        write_atomic(path, format_disk_image(words).encode("ascii"), "disk image")
    except OutputProblem as err:
        raise DiskImageError(err.path, err.reason) from None


def copy_disk_image(source: str | os.PathLike, target: str | os.PathLike) -> list[int]:
    """Copy a disk image: read (every check) and write it again, atomically.  The words."""
    words = read_disk_image(source)
    save_disk_image(words, target)
    return words


# ---------------------------------------------------------------- the tiny file system
def make_filesystem(files: dict[str, str], blocks: int, reserve: dict[str, int] | None = None
                    ) -> list[int]:
    """A disk of `blocks` blocks: the directory in block 0, then each file in whole blocks
    (one character a word), `reserve` blocks given to a file at least (room to grow)."""
    if len(files) > DIR_ENTRIES:
        raise ValueError(f"at most {DIR_ENTRIES} files")
    words = [0] * (blocks * DISK_BLOCK_WORDS)
    first = 1
    for index, (name, text) in enumerate(files.items()):
        if not 1 <= len(name) <= NAME_CHARS or not name.isascii():
            raise ValueError(f"a file name has 1 to {NAME_CHARS} ASCII characters: {name!r}")
        data = text.encode("latin-1")
        size = max((len(data) + DISK_BLOCK_WORDS - 1) // DISK_BLOCK_WORDS,
                   (reserve or {}).get(name, 0), 1)
        if first + size > blocks:
            raise ValueError(f"the files need more than {blocks} blocks")
        entry = index * ENTRY_WORDS
        for i, ch in enumerate(name):
            words[entry + i] = ord(ch)
        words[entry + E_FIRST], words[entry + E_LENGTH] = first, len(data)
        start = first * DISK_BLOCK_WORDS
        words[start:start + len(data)] = list(data)
        first += size
    return words


def list_files(words: list[int]) -> list[tuple[str, int, int]]:
    """(name, first block, length) of each file in a disk's directory."""
    out = []
    for index in range(DIR_ENTRIES):
        entry = words[index * ENTRY_WORDS:(index + 1) * ENTRY_WORDS]
        if len(entry) < ENTRY_WORDS or not entry[0]:
            continue
        name = "".join(chr(w & 0xFF) for w in entry[:NAME_CHARS] if w)
        out.append((name, entry[E_FIRST], entry[E_LENGTH]))
    return out


def read_text_file(words: list[int], name: str) -> str | None:
    """A file's text (one character a word), or None if the directory has no such file."""
    for fname, first, length in list_files(words):
        if fname == name:
            start = first * DISK_BLOCK_WORDS
            return "".join(chr(w & 0xFF) for w in words[start:start + length])
    return None
