"""The result of assembling: a memory image plus everything a debugger needs to map it back."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SourceLoc:
    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass
class Program:
    """An assembled program.

    Addresses in image, source_map, lines_to_addresses and phase_map keys are
    *load* addresses: where the words sit in physical memory.  Symbols hold
    the addresses the program itself uses, which differ inside a
    .phase block (phase_map gives, for each such word, the address the
    program sees).
    """

    image: dict[int, int]                     # load address -> 32-bit word
    entry: int = 0
    symbols: dict[str, int] = field(default_factory=dict)   # labels and .equ names
    labels: dict[str, int] = field(default_factory=dict)    # labels only
    source_map: dict[int, SourceLoc] = field(default_factory=dict)
    lines_to_addresses: dict[int, list[int]] = field(default_factory=dict)
    filename: str = "<source>"
    source: str = ""
    phase_map: dict[int, int] = field(default_factory=dict)  # load address -> run address
    label_loads: dict[str, int] = field(default_factory=dict)  # label -> its load address
    lang: str = "en"       # the language its .lang blocks were assembled in (languages.py)

    def extent(self) -> tuple[int, int]:
        """(lowest load address, highest + 1); (0, 0) for an empty image."""
        if not self.image:
            return (0, 0)
        return (min(self.image), max(self.image) + 1)

    def words(self, origin: int | None = None, size: int | None = None) -> list[int]:
        """The image as a list of size words from origin (gaps are 0).

        Without arguments: the whole extent, ready for Machine.load(words, origin=...).
        """
        low, high = self.extent()
        if origin is None:
            origin = low
        if size is None:
            size = max(high - origin, 0)
        return [self.image.get(address, 0) for address in range(origin, origin + size)]

    def load_address_of(self, label: str) -> int:
        """Where a label's word sits in memory (its value differs inside .phase)."""
        return self.label_loads[label]

    def line_of(self, address: int) -> int | None:
        """The source line that placed the word at a load address, if any."""
        loc = self.source_map.get(address)
        return loc.line if loc else None

    def listing(self) -> str:
        from .listing import render_listing
        return render_listing(self)
