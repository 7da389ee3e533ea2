"""Error reports of the assembler: one AsmDiagnostic per mistake, all raised together.

A student fixes a whole file in one go only if every error is reported at
once, each pointing at the exact column, so the assembler collects
diagnostics and raises a single AssemblyError at the end.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True)
class AsmDiagnostic:
    """One error at file:line:col (1-based; line 0 means "the whole file")."""

    file: str
    line: int
    col: int
    message: str
    text: str = ""      # the offending source line, without its newline
    hint: str = ""      # e.g. "did you mean 'addi'?"; may be empty

    def __str__(self) -> str:
        if self.line <= 0:
            head = f"{self.file}: error: {self.message}"
            return head + (f"\n    hint: {self.hint}" if self.hint else "")
        parts = [f"{self.file}:{self.line}:{self.col}: error: {self.message}"]
        if self.text:
            parts.append("    " + self.text)
            parts.append("    " + caret_padding(self.text, self.col) + "^")
        if self.hint:
            parts.append(f"    hint: {self.hint}")
        return "\n".join(parts)


def caret_padding(text: str, col: int) -> str:
    """Blanks up to column col, keeping tabs so the caret lines up under the text."""
    prefix = text[:max(col - 1, 0)]
    return "".join("\t" if ch == "\t" else " " for ch in prefix)


class AssemblyError(Exception):
    """The source has errors; .errors lists every one of them, in line order."""

    def __init__(self, errors: Iterable[AsmDiagnostic]) -> None:
        self.errors: list[AsmDiagnostic] = list(errors)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        count = len(self.errors)
        noun = "error" if count == 1 else "errors"
        body = "\n".join(str(d) for d in self.errors)
        return f"{body}\n{count} {noun}" if body else f"{count} {noun}"


class SourceError(Exception):
    """Raised inside the assembler for one mistake at a column of the current line.

    The assembler catches it and turns it into an AsmDiagnostic with the
    file, line and text it knows; code that finds an error needs only the
    column.
    """

    def __init__(self, message: str, col: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.col = col
        self.hint = hint


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most similar to word (difflib ratio), or None if none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """A "did you mean 'x'?" hint, or "" when nothing is close enough."""
    match = closest(word, candidates, cutoff)
    return f"did you mean '{match}'?" if match else ""
