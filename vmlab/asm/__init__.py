"""The VL32 assembler, disassembler and listing (the machine itself is in VL32.md).

Public API::

    assemble(source: str, filename: str = "<source>", lang: str = "en") -> Program
    assemble_file(path: str | os.PathLike, lang: str = "en") -> Program
    disassemble(word: int, address: int | None = None) -> str
    disassemble_range(mem, start: int, count: int) -> list[tuple[int, int, str]]
    Program, SourceLoc, AsmDiagnostic, AssemblyError

Syntax
======

Lines and statements
--------------------
One statement per line::

    [label:]... [mnemonic-or-directive [operand {, operand}]] [; comment | # comment]

* Any number of labels may precede a statement or stand alone on a line;
  a label names the current address (the next word placed).  Whitespace may
  stand between a label and its colon.  A label on the same line as
  ``.org`` names the address *before* the ``.org``: put it on the next line.
* Label and .equ names: ``[A-Za-z_.][A-Za-z0-9_.]*``, case-sensitive.  A
  name may not be a register (r0..r15, sp, ra), a system-register or port
  name, or ``.`` alone -- in any letter case.  Every name is defined once.
* Mnemonics, pseudo-instructions, directives, register names,
  system-register names (STATUS EPC CAUSE TVAL TVEC BASE BOUND TIMER SCRATCH
  CYCLE IPEND) and port names (CONSOLE_OUT CONSOLE_IN CONSOLE_STATUS) are
  case-insensitive.
* Only ``\\n`` ends a line (``\\r\\n`` works too); columns count characters
  from 1.

Registers
---------
``r0``..``r15``; aliases ``sp`` (r14) and ``ra`` (r15).

Values and expressions
----------------------
* Numbers: decimal ``42``, hexadecimal ``0x2A``, binary ``0b101010``
  (prefixes in any case; ``_`` may separate digits: ``0xFFFF_0000``).
  A literal must fit in 64 bits.
* Characters: ``'A'``, with escapes ``\\n \\t \\r \\0 \\\\ \\' \\"``; the value
  is the character's code point.
* Symbols: labels, .equ names, and the predefined SR and port names
  (``STATUS`` = 0 ... ``IPEND`` = 10, ``CONSOLE_OUT`` = 0x10 ...).
* ``.`` is the address of the current statement's first word (as the
  program sees it: inside ``.phase`` it is the phased address), also in
  every value of a ``.word`` list.
* Operators: ``+ - * /``, parentheses, unary ``-`` and ``+``.  ``/`` is
  integer division truncating toward zero; dividing by zero is an error.
  Arithmetic is exact (no wrap-around) within -2^64..2^64; each use then
  checks the range it needs.  Nesting is limited to 40 levels.

Instructions (VL32.md)
----------------------
=====================================  ==========================================
``add rd, rs, rt`` (and the other 12)   registers only
``addi rd, rs, imm`` ...                ADDI SHLI SHRI SRAI SLTI: -131072..131071;
                                        ANDI ORI XORI: 0..262143
``lui rd, imm``                         0..262143 (rd = imm << 14)
``lw rd, imm(rs)`` ``sw rd, imm(rs)``   imm any expression, -131072..131071;
                                        ``(rs)`` means ``0(rs)``
``beq rd, rs, target`` ...              target is an absolute address; the word
                                        holds target - address of the branch,
                                        modulo 2^32, as signed 18 bits
``jmp target`` ``jal target``           0..0x3FFFFFF
``jr rs`` ``jalr rd, rs``
``syscall code`` ``hcall code``         0..262143
``eret`` ``wfi`` ``halt``
``mfsr rd, SR`` ``mtsr SR, rs``         SR: a name or any expression, 0..10
``in rd, port`` ``out port, rs``        port: a name or any expression, 0..262143
``getf rd`` ``setf rs``
=====================================  ==========================================

Out-of-range values are errors (nothing is truncated silently).

Pseudo-instructions
-------------------
``nop``, ``mov rd, rs``, ``li rd, imm32`` (-2^31..2^32-1; one ADDI when the
value is known on that line and fits 18 bits signed, else LUI + ORI),
``la rd, label`` (always LUI + ORI), ``b t``, ``beqz rs, t``, ``bnez rs, t``,
``call t``, ``ret``, ``push rs``, ``pop rd``, ``not rd, rs``, ``neg rd, rs``;
see vmlab/asm/pseudo.py for the exact expansions.

Directives
----------
``.equ NAME, value``
    Defines a constant.  The value may use names defined later (it is then
    computed before pass 2); cycles are errors.
``.org address``
    Sets the location counter (0..0xFFFFFFFF).  Placing two words at one
    address is an error naming both lines.
``.word value {, value}``
    One word per value, -2^31..2^32-1, stored modulo 2^32.
``.string "text"``
    One word per character (its Latin-1 code, 0..255), then a 0 word.
    Characters above U+00FF are errors.  Same escapes as characters.
``.space count``
    count zero words (0..262144).
``.entry address``
    The entry point (default 0).  At most once; may refer forward.

Extension (not in VL32.md):

``.lang name {, name}`` / ``.endlang``
    The lines after ``.lang``, up to the next ``.lang`` or ``.endlang``, are
    assembled only in the languages named (``en``, ``ca``); ``lang`` of
    ``assemble`` chooses (English by default).  The blocks of a group define
    the same labels and .equ names; see vmlab/asm/languages.py.
``.phase address`` / ``.dephase``
    Between them, labels and ``.`` take addresses as if the code ran at
    ``address`` (a user program that will run under BASE relocation at
    virtual address 0), while the words are still placed at the current
    load address.  Blocks do not nest; ``.org`` is not allowed inside one;
    the end of the file closes an open block.  Program.source_map and the
    listing use load addresses; Program.phase_map gives each phased word's
    run address.

Values needed in pass 1
-----------------------
``.org``, ``.space`` and ``.phase`` move the location counter, so their value
must be known where they stand: it may only use names defined (with a known
value) above them.  ``li`` chooses its size the same way.  Everything else
may refer forward.

Limits
------
A program places at most 262144 words (4 x the default memory); all
addresses are 0..0xFFFFFFFF.  A source file is at most
``inputs.MAX_PROGRAM_BYTES`` (1 MiB) and ``assemble`` refuses a longer text
before any work; after ``inputs.MAX_ASM_ERRORS`` (100) errors the assembler
stops and says where (see docs/isa.md, "Limits").

Disassembly
-----------
``disassemble`` prints lowercase mnemonics, registers as r0..r15, signed
immediates and offsets in decimal, ANDI/ORI/XORI/LUI immediates and jump
targets in hex, SYSCALL/HCALL codes in decimal, SR names and known port
names by name (other ports in hex), branch targets as an absolute hex
address when the address is given (``. + n`` / ``. - n`` otherwise), and
ILLEGAL words as ``.word 0x........``.  Assembling that text at the same
address gives the same word back.

Program
-------
``image`` (load address -> word), ``entry``, ``symbols`` (labels and .equ),
``labels``, ``lang``, ``source_map`` (load address -> SourceLoc(file, line)),
``lines_to_addresses``, ``filename``, ``source``, ``phase_map`` (load
address -> run address, for words inside .phase), ``label_loads`` (label ->
load address), and ``listing()``, ``words(origin, size)``, ``extent()``,
``line_of(address)``, ``load_address_of(label)``.

Errors
------
Every error of a file is reported at once as ``file:line:col: error:
message``, the source line, a caret under the column, and often a hint.
``str()`` gives the report in English; ``AssemblyError.format(lang)`` and
``AsmDiagnostic.format(lang)`` give it in ``"en"`` or ``"ca"`` (texts in
vmlab/asm/catalog.py; ``AsmDiagnostic.key``/``.params`` name the message).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..inputs import MAX_NAME_CHARS, MAX_PATH_CHARS, MAX_PROGRAM_BYTES, shorten
from .assembler import assemble
from .diagnostics import AsmDiagnostic, AssemblyError, diagnostic
from .disasm import disassemble, disassemble_range
from .messages import Message, msg
from .program import Program, SourceLoc

__all__ = ["AsmDiagnostic", "AssemblyError", "Message", "Program", "SourceLoc", "assemble",
           "assemble_file", "disassemble", "disassemble_range"]


def assemble_file(path: str | os.PathLike, lang: str = "en") -> Program:
    """Read a UTF-8 file (a leading BOM is ignored) and assemble it.

    Any problem reading the file is an AssemblyError with one diagnostic
    naming the file, like every other mistake.  At most MAX_PROGRAM_BYTES + 1
    bytes are ever read, so /dev/zero or a huge file is refused at once.
    """
    name = os.fspath(path)
    bad_name = _name_problem(name)
    if bad_name:
        raise _file_error(shorten(name), bad_name) from None
    try:
        if stat.S_ISFIFO(os.stat(name).st_mode) or stat.S_ISSOCK(os.stat(name).st_mode):
            # Opening a pipe that has no writer would wait for ever.
            raise _file_error(name, msg("file.not_regular"))
        with open(name, "rb") as handle:
            data = handle.read(MAX_PROGRAM_BYTES + 1)
    except FileNotFoundError:
        raise _file_error(name, msg("file.not_found")) from None
    except IsADirectoryError:
        raise _file_error(name, msg("file.is_directory")) from None
    except PermissionError:
        raise _file_error(name, msg("file.permission")) from None
    except OSError as exc:
        # The system's own words for the failure stay as the system gave them.
        raise _file_error(name, msg("file.os_error", reason=str(exc.strerror or exc))) from None
    if len(data) > MAX_PROGRAM_BYTES:
        raise _file_error(name, msg("file.too_large", limit=MAX_PROGRAM_BYTES))
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        raw = data[line_start:line_end if line_end >= 0 else len(data)]
        text = raw.decode("utf-8", errors="replace").rstrip("\r")
        col = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        raise AssemblyError([diagnostic(
            name, line, col, msg("file.not_utf8", byte=f"0x{data[exc.start]:02X}"),
            text, msg("hint.save_utf8"))]) from None
    return assemble(source, name, lang)


def _name_problem(name: str) -> Message | None:
    """What makes name unusable as a file name (the limits of vmlab/inputs.py), or None."""
    if "\0" in name:
        return msg("file.name_nul")
    longest = max((len(part) for part in Path(name).parts), default=0)
    if len(name) > MAX_PATH_CHARS or longest > MAX_NAME_CHARS:
        return msg("file.name_too_long", length=len(name), limit=MAX_NAME_CHARS)
    return None


def _file_error(name: str, reason: Message) -> AssemblyError:
    return AssemblyError([diagnostic(name, 0, 0, msg("file.cannot_read", name=name,
                                                     reason=reason))])
