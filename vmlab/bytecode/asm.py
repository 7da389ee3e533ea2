"""The VLB assembler: a .vlb text -> a BytecodeProgram (docs/bytecode.md, "Source").

    ; comments start with ; or #
    .stack 2            ; the deepest the stack gets (required, 1..256)
    .locals 1           ; how many locals (required, 0..256)
    loop:  load 0       ; a label, then an instruction
           push 10
           lt
           jz done      ; a target: a label or a code offset
           ...
    done:  halt
    .word 0x3F000000    ; raw words, as they are (for showing the verifier)

The assembler checks only the syntax: what the code does (its jumps, its
stack, its locals) is the verifier's job, so an ill-formed program can be
written, assembled and refused with its line.
"""

from __future__ import annotations

import os
import re

from .. import inputs
from . import isa
from .errors import BytecodeError
from .program import BytecodeProgram

_LABEL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_CHAR = re.compile(r"'(.)'")


def read_source(path: str | os.PathLike) -> str:
    shown = os.fspath(path)
    try:
        raw = inputs.read_bounded(path, isa.MAX_SOURCE_BYTES, "bytecode source")
    except inputs.ReadProblem as err:
        raise BytecodeError(err.path, "read", reason=err.reason) from None
    try:
        return inputs.decode_utf8(raw)
    except UnicodeDecodeError as err:
        raise BytecodeError(shown, "utf8", line=raw.count(b"\n", 0, err.start) + 1,
                            byte=f"0x{raw[err.start]:02X}") from None


def assemble_file(path: str | os.PathLike) -> BytecodeProgram:
    return assemble(read_source(path), os.fspath(path))


def _number(text: str, path: str, line: int) -> int:
    found = _CHAR.fullmatch(text)
    if found:
        return ord(found.group(1))
    try:
        return int(text.replace("_", ""), 0)
    except ValueError:
        raise BytecodeError(path, "bad_number", line=line, text=repr(text[:40])) from None


def assemble(text: str, path: str = "<bytecode>") -> BytecodeProgram:
    """Assemble a .vlb text; BytecodeError (file:line) for the first mistake."""
    if len(text.encode("utf-8")) > isa.MAX_SOURCE_BYTES:
        raise BytecodeError(path, "read", reason=f"is larger than {isa.MAX_SOURCE_BYTES:,} "
                                                 "bytes, the most a bytecode source may be")
    code: list[int] = []
    lines: dict[int, int] = {}
    labels: dict[str, tuple[int, int]] = {}          # name -> (offset, line)
    fixups: list[tuple[int, str, int]] = []           # (offset, label, line)
    declared: dict[str, tuple[int, int]] = {}         # .stack/.locals -> (value, line)
    for number, raw in enumerate(text.splitlines(), start=1):
        body = re.split(r"[;#]", raw, maxsplit=1)[0].strip() if "'" not in raw \
            else _strip_comment(raw)
        while body and ":" in body.split()[0]:
            name, _, body = body.partition(":")
            name, body = name.strip(), body.strip()
            if not _LABEL.fullmatch(name):
                raise BytecodeError(path, "bad_label", line=number, name=repr(name[:40]))
            if name in labels:
                raise BytecodeError(path, "label_twice", line=number, name=repr(name),
                                    first=labels[name][1])
            labels[name] = (len(code), number)
        if not body:
            continue
        head, _, rest = body.partition(" ")
        head = head.lower()
        rest = rest.strip()
        args = [rest] if _CHAR.fullmatch(rest) else \
            [a.strip() for a in rest.split(",")] if rest else []
        if head.startswith("."):
            if head in (".stack", ".locals"):
                if len(args) != 1:
                    raise BytecodeError(path, "operand_count", line=number, name=head,
                                        expected="1", found=len(args))
                if head in declared:
                    raise BytecodeError(path, "directive_twice", line=number, name=head,
                                        first=declared[head][1])
                value = _number(args[0], path, number)
                least, most = (1, isa.MAX_STACK) if head == ".stack" else (0, isa.MAX_LOCALS)
                if not least <= value <= most:
                    raise BytecodeError(path, "directive_range", line=number, name=head,
                                        least=least, most=most, value=value)
                declared[head] = (value, number)
            elif head == ".word":
                if not args:
                    raise BytecodeError(path, "operand_count", line=number, name=head,
                                        expected="1+", found=0)
                for arg in args:
                    value = _number(arg, path, number)
                    _check_word(value, path, number)
                    lines[len(code)] = number
                    code.append(value & isa.MASK)
            else:
                raise BytecodeError(path, "unknown_directive", line=number, name=repr(head[:40]))
            _check_length(code, path, number)
            continue
        op = isa.BY_NAME.get(head)
        if op is None:
            raise BytecodeError(path, "unknown_mnemonic", line=number, name=repr(head[:40]),
                                known=", ".join(o.name for o in isa.OPS))
        expected = 0 if op.operand == isa.NONE else 1
        if len(args) != expected:
            raise BytecodeError(path, "operand_count", line=number, name=op.name,
                                expected=str(expected), found=len(args))
        lines[len(code)] = number
        if op.operand == isa.CONST:
            value = _number(args[0], path, number)
            _check_word(value, path, number)
            code += [isa.encode(op), value & isa.MASK]
        elif op.operand == isa.NONE:
            code.append(isa.encode(op))
        elif op.operand == isa.TARGET and _LABEL.fullmatch(args[0]):
            fixups.append((len(code), args[0], number))
            code.append(isa.encode(op))
        else:
            value = _number(args[0], path, number)
            if not 0 <= value <= isa.OPERAND_MASK:
                raise BytecodeError(path, "operand_range", line=number, value=value,
                                    most=isa.OPERAND_MASK)
            code.append(isa.encode(op, value))
        _check_length(code, path, number)
    for offset, name, number in fixups:
        if name not in labels:
            raise BytecodeError(path, "undefined_label", line=number, name=repr(name))
        code[offset] |= labels[name][0] & isa.OPERAND_MASK
    for name, what in ((".stack", "maximum stack depth"), (".locals", "number of locals")):
        if name not in declared:
            raise BytecodeError(path, "directive_missing", line=1, name=name, what=what)
    return BytecodeProgram(code, declared[".stack"][0], declared[".locals"][0], path, lines,
                           text)


def _strip_comment(raw: str) -> str:
    """The line without its comment, a quoted character (push ';') kept."""
    out, i = [], 0
    while i < len(raw):
        if _CHAR.match(raw, i):
            out.append(raw[i:i + 3])
            i += 3
            continue
        if raw[i] in ";#":
            break
        out.append(raw[i])
        i += 1
    return "".join(out).strip()


def _check_word(value: int, path: str, line: int) -> None:
    if not -(1 << 31) <= value <= isa.MASK:
        raise BytecodeError(path, "const_range", line=line, value=value)


def _check_length(code: list[int], path: str, line: int) -> None:
    if len(code) > isa.MAX_CODE_WORDS:
        raise BytecodeError(path, "too_long", line=line, most=isa.MAX_CODE_WORDS)


def disassemble(program: BytecodeProgram) -> list[tuple[int, str]]:
    """(offset, text) per instruction of a verified program: 'push 7', 'jz 12'."""
    out = []
    for ins in program.instructions():
        if ins.op.operand == isa.NONE:
            out.append((ins.offset, ins.op.name))
        else:
            out.append((ins.offset, f"{ins.op.name} {ins.operand}"))
    return out
