"""The Toy8 assembler, disassembler and listing (syntax: docs/emulator.md).

    ; a comment
    .equ  NL, 10            ; a constant
    start:  ldx #0          ; immediate: the value itself
    loop:   lda text,x      ; indexed: the byte at text + X
            beq done
            out
            inx
            jmp loop        ; absolute: an address
    done:   hlt
    text:   .byte "Hi!", NL, 0

One loader (assemble_file) reads a file within the limits below before any
work; every problem of a source is a Toy8Error (an InputError) listing each
one as file:line: message, in English or Catalan (render).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs
from ..inputs import InputError, ReadProblem
from .isa import (ABSOLUTE, BY_NAME, BYTE, DECODE, IMMEDIATE, IMPLIED, INDEXED, MEMORY_BYTES,
                  length)
from .messages import Msg

MAX_SOURCE_BYTES = 64 << 10            # a Toy8 source file
MAX_SOURCE_LINES = 5_000
MAX_ERRORS = inputs.MAX_ASM_ERRORS
SUFFIX = ".toy8"

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_MODE_KEYS = {IMPLIED: "mode.implied", IMMEDIATE: "mode.immediate", ABSOLUTE: "mode.absolute",
              INDEXED: "mode.indexed"}


@dataclass(frozen=True)
class Diagnostic:
    file: str
    line: int
    message: Msg

    def render(self, lang: str = "en") -> str:
        if not self.file:
            return self.message.render(lang)
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message.render(lang)}"


class Toy8Error(InputError):
    """A Toy8 source or file that cannot be used: every problem, file:line: message."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__(self.render("en"))

    def render(self, lang: str = "en") -> str:
        return "\n".join(d.render(lang) for d in self.diagnostics)


@dataclass
class Toy8Program:
    """An assembled Toy8 program: its bytes and what maps them back to the source."""

    image: bytes                               # from address 0; gaps are 0
    filename: str = "<toy8>"
    source: str = ""
    symbols: dict[str, int] = field(default_factory=dict)
    lines: dict[int, int] = field(default_factory=dict)       # address -> source line
    starts: dict[int, int] = field(default_factory=dict)      # instruction address -> line

    def line_of(self, address: int) -> int | None:
        return self.lines.get(address)

    def listing(self) -> str:
        """Address, bytes and source, line by line; the symbols at the end."""
        by_line: dict[int, list[int]] = {}
        for address, line in sorted(self.lines.items()):
            by_line.setdefault(line, []).append(address)
        out = []
        for number, text in enumerate(self.source.splitlines(), start=1):
            addresses = by_line.get(number, [])
            if addresses:
                shown = " ".join(f"{self.image[a]:02X}" for a in addresses[:4])
                if len(addresses) > 4:
                    shown += " …"
                out.append(f"{addresses[0]:02X}  {shown:<14} {text}")
            else:
                out.append(f"{'':19}{text}")
        if self.symbols:
            out.append("")
            out.append("symbols:")
            for name, value in sorted(self.symbols.items(), key=lambda kv: (kv[1], kv[0])):
                out.append(f"  {name:<16} 0x{value:02X}")
        return "\n".join(out)


# ------------------------------------------------------------------ reading files
def read_source(path: str | Path) -> str:
    """The text of a Toy8 source file, within the limits; Toy8Error naming the file if not."""
    shown = str(path)
    try:
        raw = inputs.read_bounded(path, MAX_SOURCE_BYTES, "Toy8 program")
    except ReadProblem as err:
        raise Toy8Error([Diagnostic(err.path, 0, Msg("file.read", reason=err.reason))]) from None
    try:
        text = inputs.decode_utf8(raw)
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        raise Toy8Error([Diagnostic(shown, line, Msg("file.utf8",
                                                     byte=f"0x{raw[err.start]:02X}"))]) from None
    return text


def assemble_file(path: str | Path) -> Toy8Program:
    return assemble(read_source(path), str(path))


# ------------------------------------------------------------------ the assembler
@dataclass
class _Line:
    number: int
    label: str | None
    word: str | None            # mnemonic or directive, lower case
    operand: str                # the rest, stripped
    address: int = 0


def assemble(source: str, filename: str = "<toy8>") -> Toy8Program:
    """Assemble Toy8 source; Toy8Error with every problem (at most MAX_ERRORS)."""
    asm = _Assembler(source, filename)
    return asm.run()


class _TooMany(Exception):
    pass


class _Assembler:
    def __init__(self, source: str, filename: str) -> None:
        self.source, self.filename = source, filename
        self.errors: list[Diagnostic] = []
        self.symbols: dict[str, int] = {}
        self.defined_on: dict[str, int] = {}
        self.equs: dict[str, tuple[str, int]] = {}     # name -> (expression, line)

    def error(self, at: int, key: str, **args) -> None:
        self.errors.append(Diagnostic(self.filename, at, Msg(key, **args)))
        if len(self.errors) >= MAX_ERRORS:
            self.errors.append(Diagnostic(self.filename, at,
                                          Msg("asm.too_many", most=MAX_ERRORS)))
            raise _TooMany

    def run(self) -> Toy8Program:
        count = self.source.count("\n") + 1
        if count > MAX_SOURCE_LINES:
            raise Toy8Error([Diagnostic(self.filename, 0, Msg("file.lines", count=count,
                                                              most=MAX_SOURCE_LINES))])
        try:
            lines = self.parse()
            self.layout(lines)
            image, at, starts = self.emit(lines)
        except _TooMany:
            pass
        if self.errors:
            last = [d for d in self.errors if d.message.key == "asm.too_many"]
            ordered = sorted((d for d in self.errors if d not in last), key=lambda d: d.line)
            raise Toy8Error(ordered + last)
        size = max(at) + 1 if at else 0
        return Toy8Program(bytes(image[:size]), self.filename, self.source,
                           dict(self.symbols), dict(sorted(at.items())), starts)

    # -- pass 0: split lines
    def parse(self) -> list[_Line]:
        out = []
        for number, raw in enumerate(self.source.splitlines(), start=1):
            text = _strip_comment(raw).strip()
            label = None
            found = re.match(r"([^\s:\"']+)\s*:(.*)\Z", text)
            if found:
                label, text = found.group(1), found.group(2).strip()
            word, _, operand = text.partition(" ") if text else ("", "", "")
            if "\t" in word:
                word, _, more = word.partition("\t")
                operand = (more + " " + operand).strip()
            out.append(_Line(number, label, word.lower() or None, operand.strip()))
        return out

    # -- pass 1: addresses and labels
    def layout(self, lines: list[_Line]) -> None:
        address = 0
        for line in lines:
            if line.word == ".equ":
                name, _, expr = line.operand.partition(",")
                name = name.strip()
                if not name or not expr.strip():
                    self.error(line.number, "asm.equ")
                    continue
                if self.define(name, line.number):
                    self.equs[name] = (expr.strip(), line.number)
                if line.label:
                    self.define_label(line.label, address, line.number)
                continue
            if line.word == ".org":
                if line.label:
                    self.define_label(line.label, address, line.number)
                value = self.value(line.operand, line.number, early=True)
                if value is not None:
                    if self.check_range(value, 0, BYTE, "asm.what.org", line.number):
                        address = value
                line.address = address
                continue
            if line.label:
                self.define_label(line.label, address, line.number)
            line.address = address
            if line.word is None:
                continue
            if line.word == ".byte":
                address += len(self.byte_items(line, dry=True))
            elif line.word.startswith("."):
                self.error(line.number, "asm.directive", name=repr(line.word))
            else:
                mode = self.mode_of(line)
                if mode is not None:
                    address += length(mode)

    def define(self, name: str, number: int) -> bool:
        if not _NAME.match(name):
            self.error(number, "asm.label.bad", name=repr(name))
            return False
        key = name.lower()
        if key in BY_NAME or key == "x":
            self.error(number, "asm.label.reserved", name=repr(name))
            return False
        if name in self.defined_on:
            self.error(number, "asm.label.twice", name=repr(name), line=self.defined_on[name])
            return False
        self.defined_on[name] = number
        return True

    def define_label(self, name: str, address: int, number: int) -> None:
        if self.define(name, number):
            self.symbols[name] = address

    def mode_of(self, line: _Line) -> int | None:
        op = BY_NAME.get(line.word)
        if op is None:
            import difflib
            close = difflib.get_close_matches(line.word, list(BY_NAME), n=1)
            hint = Msg("asm.hint", name=repr(close[0])) if close else ""
            self.error(line.number, "asm.mnemonic", name=repr(line.word), hint=hint)
            return None
        text = line.operand
        modes = [Msg(_MODE_KEYS[m]) for m in op.modes]
        if not text:
            if IMPLIED in op.modes:
                return IMPLIED
            self.error(line.number, "asm.operand.missing", name=op.name, modes=modes)
            return None
        if op.modes == (IMPLIED,):
            self.error(line.number, "asm.operand.none", name=op.name)
            return None
        if text.startswith("#"):
            mode = IMMEDIATE
        elif re.search(r",\s*[xX]\s*\Z", text):
            mode = INDEXED
        else:
            mode = ABSOLUTE
        if mode not in op.modes:
            self.error(line.number, "asm.mode", name=op.name, mode=Msg(_MODE_KEYS[mode]),
                       modes=modes)
            return None
        return mode

    # -- pass 2: bytes
    def emit(self, lines: list[_Line]):
        image = [0] * (MEMORY_BYTES + 2)
        at: dict[int, int] = {}           # address -> line
        starts: dict[int, int] = {}
        for line in lines:
            if line.word is None or line.word in (".equ", ".org"):
                continue
            if line.word == ".byte":
                data = self.byte_items(line, dry=False)
            elif line.word.startswith("."):
                continue
            else:
                mode = self.mode_of_quiet(line)
                if mode is None:
                    continue
                op = BY_NAME[line.word]
                data = [op.opcode(mode)]
                if mode != IMPLIED:
                    text = line.operand
                    if mode == IMMEDIATE:
                        text = text[1:]
                        value = self.value(text, line.number)
                        if value is not None and self.check_range(value, -128, BYTE,
                                                                   "asm.what.byte", line.number):
                            data.append(value & BYTE)
                        else:
                            data.append(0)
                    else:
                        if mode == INDEXED:
                            text = re.sub(r",\s*[xX]\s*\Z", "", text)
                        value = self.value(text, line.number)
                        if value is not None and self.check_range(value, 0, BYTE,
                                                                  "asm.what.address",
                                                                  line.number):
                            data.append(value)
                        else:
                            data.append(0)
                if line.address not in starts and line.address + len(data) <= MEMORY_BYTES:
                    starts[line.address] = line.number
            for i, byte in enumerate(data):
                address = line.address + i
                if address >= MEMORY_BYTES:
                    self.error(line.number, "asm.full", size=MEMORY_BYTES)
                    break
                if address in at:
                    self.error(line.number, "asm.overlap", address=f"0x{address:02X}",
                               line=at[address])
                    break
                at[address] = line.number
                image[address] = byte
        return image, at, starts

    def mode_of_quiet(self, line: _Line) -> int | None:
        """The mode pass 1 found (its errors already reported)."""
        before = len(self.errors)
        mode = self.mode_of(line)
        del self.errors[before:]
        return mode

    def byte_items(self, line: _Line, dry: bool) -> list[int]:
        items = _split_items(line.operand)
        if items is None:
            if dry:
                self.error(line.number, "asm.string")
            return []
        if not items:
            if dry:
                self.error(line.number, "asm.args", name=".byte", what=Msg("asm.args.some"))
            return []
        out: list[int] = []
        for item in items:
            if item.startswith('"'):
                try:
                    out += list(item[1:-1].encode("latin-1"))
                except UnicodeEncodeError:
                    if dry:
                        self.error(line.number, "asm.string")
                continue
            if dry:
                out.append(0)
                continue
            value = self.value(item, line.number)
            if value is not None and self.check_range(value, -128, BYTE, "asm.what.byte",
                                                      line.number):
                out.append(value & BYTE)
            else:
                out.append(0)
        return out

    # -- expressions
    def value(self, text: str, number: int, early: bool = False, seen=()) -> int | None:
        """The value of an expression; None (an error reported) if it has none.

        early: during layout, where labels are not all known yet (.org): only
        numbers and constants defined above may be used.
        """
        tokens = [m.group(1) for m in _TOKEN.finditer(text)]
        if not tokens:
            self.error(number, "asm.expr", text=repr(text))
            return None
        total, sign, expect_term = 0, 1, True
        for token in tokens:
            if expect_term:
                if token in "+-" and len(token) == 1:
                    sign = -sign if token == "-" else sign
                    continue
                term = self.term(token, number, early, seen)
                if term is _BAD:
                    self.error(number, "asm.expr", text=repr(text))
                    return None
                if term is None:
                    return None
                total += sign * term
                sign, expect_term = 1, False
            else:
                if token not in ("+", "-"):
                    self.error(number, "asm.expr", text=repr(text))
                    return None
                sign, expect_term = (-1 if token == "-" else 1), True
        if expect_term:
            self.error(number, "asm.expr", text=repr(text))
            return None
        return total

    def term(self, token: str, number: int, early: bool, seen):
        low = token.lower()
        if low.startswith("0x"):
            return int(token, 16)
        if low.startswith("0b"):
            return int(token, 2)
        if token.isdigit():
            return int(token) if len(token) < 12 else 1 << 40
        if len(token) == 3 and token[0] == token[2] == "'":
            code = ord(token[1])
            return code if code < 256 else 1 << 40
        if _NAME.match(token):
            if token in self.equs:
                if token in seen:
                    self.error(number, "asm.circular", name=repr(token))
                    return None
                expr, line = self.equs[token]
                return self.value(expr, line, early, seen + (token,))
            if token in self.symbols and not early:
                return self.symbols[token]
            self.error(number, "asm.undefined", name=repr(token))
            return None
        return _BAD

    def check_range(self, value: int, low: int, high: int, what: str, number: int) -> bool:
        if low <= value <= high:
            return True
        self.error(number, "asm.range", what=Msg(what), value=value, low=low, high=high)
        return False


_BAD = object()
# Expression tokens; the last alternative takes any other character (an error later).
_TOKEN = re.compile(r"\s*(0[xX][0-9A-Fa-f]+|0[bB][01]+|\d+|'[^']'|[A-Za-z_][A-Za-z0-9_]*|"
                    r"[+-]|\S)")


def _strip_comment(line: str) -> str:
    """The line without its ; comment (a ; inside quotes stays)."""
    quote = None
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == ";":
            return line[:i]
    return line


def _split_items(text: str) -> list[str] | None:
    """The comma-separated items of .byte ("strings" kept whole); None if a string is open."""
    items, current, quote = [], "", None
    for ch in text:
        if quote:
            current += ch
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
            current += ch
        elif ch == ",":
            items.append(current.strip())
            current = ""
        else:
            current += ch
    if quote:
        return None
    if current.strip() or items:
        items.append(current.strip())
    if any(not item for item in items):
        return None
    return items


# ------------------------------------------------------------------ the disassembler
@dataclass(frozen=True)
class Disassembled:
    address: int
    data: bytes
    text: str


def disassemble(image: bytes, origin: int = 0) -> list[Disassembled]:
    """Each instruction (or data byte) of image, which sits at address origin."""
    out = []
    i = 0
    while i < len(image):
        address = origin + i
        entry = DECODE[image[i]]
        if entry is None or (entry[1] != IMPLIED and i + 1 >= len(image)):
            out.append(Disassembled(address, bytes(image[i:i + 1]), f".byte 0x{image[i]:02X}"))
            i += 1
            continue
        op, mode = entry
        data = bytes(image[i:i + length(mode)])
        out.append(Disassembled(address, data, instruction_text(op.name, mode,
                                                                data[1] if len(data) > 1 else 0)))
        i += len(data)
    return out


def instruction_text(name: str, mode: int, operand: int) -> str:
    if mode == IMPLIED:
        return name
    if mode == IMMEDIATE:
        return f"{name} #0x{operand:02X}"
    if mode == ABSOLUTE:
        return f"{name} 0x{operand:02X}"
    return f"{name} 0x{operand:02X},x"


def disassembly_source(image: bytes) -> str:
    """Source text that assembles back to image, byte for byte."""
    return "\n".join(line.text for line in disassemble(image)) + "\n"
