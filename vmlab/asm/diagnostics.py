"""Error reports of the assembler: one AsmDiagnostic per mistake, all raised together.

A student fixes a whole file in one go only if every error is reported at
once, each pointing at the exact column, so the assembler collects
diagnostics and raises a single AssemblyError at the end.

Each diagnostic keeps its English text (message, hint: what str() prints,
what the CLI and the tests compare) and the Messages they came from, so
format("ca") can show the same report in Catalan (see messages.py).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable

from ..inputs import InputError
from .messages import Message, check_language, msg, render


@dataclass(frozen=True)
class AsmDiagnostic:
    """One error at file:line:col (1-based; line 0 means "the whole file")."""

    file: str
    line: int
    col: int
    message: str
    text: str = ""      # the offending source line, without its newline
    hint: str = ""      # e.g. "did you mean 'addi'?"; may be empty
    # What message and hint say, in no language yet (None for a diagnostic
    # built from plain text).  Left out of ==, like any rendering detail.
    message_msg: Message | None = field(default=None, compare=False, repr=False)
    hint_msg: Message | None = field(default=None, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The catalog key of the message ("" when it was given as plain text)."""
        return self.message_msg.key if self.message_msg else ""

    @property
    def params(self) -> dict:
        return self.message_msg.params if self.message_msg else {}

    def __str__(self) -> str:
        return self.format("en")

    def format(self, lang: str = "en") -> str:
        """The report in lang ("en" or "ca"): location, message, source line, caret, hint."""
        if check_language(lang) == "en":
            # The stored English text, exactly as it has always been printed.
            message, hint = self.message, self.hint
        else:
            message = render(self.message_msg, lang) or self.message
            hint = render(self.hint_msg, lang) or self.hint
        error = msg("layout.error").render(lang)
        hint_line = f"    {msg('layout.hint').render(lang)}: {hint}" if hint else ""
        if self.line <= 0:
            head = f"{self.file}: {error}: {message}"
            return head + ("\n" + hint_line if hint else "")
        parts = [f"{self.file}:{self.line}:{self.col}: {error}: {message}"]
        if self.text:
            parts.append("    " + self.text)
            parts.append("    " + caret_padding(self.text, self.col) + "^")
        if hint:
            parts.append(hint_line)
        return "\n".join(parts)


def diagnostic(file: str, line: int, col: int, message: Message, text: str = "",
               hint: Message | None = None) -> AsmDiagnostic:
    """An AsmDiagnostic from Messages, with its English text filled in."""
    return AsmDiagnostic(file, line, col, str(message), text, str(hint) if hint else "",
                         message, hint)


def caret_padding(text: str, col: int) -> str:
    """Blanks up to column col, keeping tabs so the caret lines up under the text."""
    prefix = text[:max(col - 1, 0)]
    return "".join("\t" if ch == "\t" else " " for ch in prefix)


class AssemblyError(InputError):
    """The source has errors; .errors lists every one of them, in line order."""

    def __init__(self, errors: Iterable[AsmDiagnostic]) -> None:
        self.errors: list[AsmDiagnostic] = list(errors)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return self.format("en")

    def format(self, lang: str = "en") -> str:
        """Every diagnostic in lang, then the count ("2 errors")."""
        count = len(self.errors)
        total = (msg("layout.count_one", count=count) if count == 1
                 else msg("layout.count_many", count=count)).render(lang)
        body = "\n".join(d.format(lang) for d in self.errors)
        return f"{body}\n{total}" if body else total


class SourceError(Exception):
    """Raised inside the assembler for one mistake at a column of the current line.

    The assembler catches it and turns it into an AsmDiagnostic with the
    file, line and text it knows; code that finds an error needs only the
    column.  message and hint are Messages (str(error) is the English text).
    """

    def __init__(self, message: Message, col: int, hint: Message | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.col = col
        self.hint = hint or None     # "no hint" is always None, never ""

    @property
    def key(self) -> str:
        return self.message.key

    @property
    def params(self) -> dict:
        return self.message.params


def closest(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The candidate most similar to word (difflib ratio), or None if none is close."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.6) -> Message | None:
    """A "did you mean 'x'?" hint, or None when nothing is close enough."""
    match = closest(word, candidates, cutoff)
    return msg("hint.did_you_mean", name=match) if match else None
