"""The listing a student reads: line, address, word, label, source; then the symbols.

Example::

     line  address  word      label   source
        1                             ; print one character
        2  0000     44400041  start:  li r1, 'A'
        3  0001     D8040010          out CONSOLE_OUT, r1
        4  0002     E0000000          halt

Addresses are load addresses in hex (4 digits or more).  A statement that
places several words shows one row per word; a run of more than four zero
words (a .space) shows its first word and one summary row.  Inside a
.phase block a "run" column gives the address the program sees.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..isa.spec import MASK
from .statements import parse_statement
from .tokens import tokenize

if TYPE_CHECKING:
    from .program import Program

MAX_LABEL_WIDTH = 16
ZERO_RUN = 4          # longer runs of zero words are summarised


def split_label(text: str) -> tuple[str, str]:
    """("start:", "li r1, 5 ; comment") for a source line; labels stay as written."""
    tokens, _ = tokenize(text)
    statement, _ = parse_statement(tokens, 0)
    if not statement.labels:
        return "", text.strip()
    last = statement.labels[-1]
    colon = text.find(":", last.col - 1 + len(last.text))
    start = statement.labels[0].col - 1
    return text[start:colon + 1].strip(), text[colon + 1:].strip()


def render_listing(program: "Program") -> str:
    lines = program.source.split("\n")
    addresses = list(program.image) + [0]
    width = max(4, len(f"{max(addresses):X}"))
    phased = bool(program.phase_map)
    split = [split_label(line.rstrip("\r")) for line in lines]
    label_width = min(MAX_LABEL_WIDTH, max([len(label) for label, _ in split] + [5]))

    def row(number: str, address: int | None, word: str, label: str, body: str) -> str:
        addr = f"{address:0{width}X}" if address is not None else ""
        cells = [f"{number:>5}", f"{addr:<{max(width, 7)}}"]
        if phased:
            run = program.phase_map.get(address) if address is not None else None
            cells.append(f"{run:0{width}X}".ljust(width) if run is not None else " " * width)
        cells += [f"{word:<8}", f"{label:<{label_width}}", body]
        return "  ".join(cells).rstrip()

    header = ["line", f"{'address':<{max(width, 7)}}"]
    if phased:
        header.append(f"{'run':<{width}}")
    header += [f"{'word':<8}", f"{'label':<{label_width}}", "source"]
    count = len(program.image)
    out = [f"; {program.filename}: {count} word{'' if count == 1 else 's'}, entry "
           f"{program.entry:0{width}X}", "  ".join([f"{header[0]:>5}"] + header[1:])]

    for number, (label, body) in enumerate(split, start=1):
        if number == len(lines) and not lines[-1].strip():
            break                              # the empty piece after a final newline
        placed = program.lines_to_addresses.get(number, [])
        if not placed:
            out.append(row(str(number), None, "", label, body))
            continue
        words = [program.image[a] for a in placed]
        out.append(row(str(number), placed[0], f"{words[0]:08X}", label, body))
        if len(words) > ZERO_RUN and not any(words):
            out.append(row("", placed[1], "...", "",
                           f"({len(words) - 1} more zero words, to "
                           f"{placed[-1]:0{width}X})"))
            continue
        is_string = body.lower().startswith(".string")
        for address, word in zip(placed[1:], words[1:], strict=True):
            # One character per word: show which, so the layout is visible.
            out.append(row("", address, f"{word:08X}", "",
                           _char_literal(word) if is_string else ""))

    out += ["", _symbol_table(program)] if program.symbols else []
    return "\n".join(out) + "\n"


_ESCAPES = {0: "\\0", 9: "\\t", 10: "\\n", 13: "\\r", 39: "\\'", 92: "\\\\"}


def _char_literal(code: int) -> str:
    """A word of a .string as the character literal that would produce it."""
    if code in _ESCAPES:
        return f"'{_ESCAPES[code]}'"
    # VL32 has no \x escape: an unprintable Latin-1 control shows as its code.
    return f"'{chr(code)}'" if chr(code).isprintable() else f"0x{code:02X}"


def _symbol_table(program: "Program") -> str:
    entries = sorted(program.symbols.items(), key=lambda item: (item[1], item[0]))
    width = max([len(name) for name, _ in entries] + [6])
    rows = ["symbols", f"  {'name':<{width}}  {'hex':<10}  {'decimal':>11}  kind"]
    for name, value in entries:
        kind = "label" if name in program.labels else ".equ"
        load = program.label_loads.get(name, value)
        if kind == "label" and load != value:
            kind += f" (loaded at 0x{load:04X})"     # a label inside .phase
        hex_value = f"0x{value & MASK:08X}" if -(1 << 31) <= value <= MASK else ""
        rows.append(f"  {name:<{width}}  {hex_value:<10}  {value:>11}  {kind}")
    return "\n".join(rows)
