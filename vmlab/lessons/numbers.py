"""Numbers typed by a student, read the way the window shows them.

A student copies an answer from a panel: "78,9 %", "13.244 cicles" in
Catalan, "13,244 cycles" or "78.9%" in English, "12 000", "0x1F".  This
module reads them:

* a unit or a percent sign after the number is ignored ("cycles", "%",
  "µs", "cicles/s"...): the question says what unit it asks for;
* spaces (also non-breaking and thin ones) group digits: "12 000";
* a comma and a point are read as the interface language writes numbers:
  in Catalan "," is the decimal mark and "." groups thousands (46.960,5);
  in English the other way round (46,960.5).  A form only one convention
  can write is read so in either language ("78,9": a group of thousands
  has three digits, so this is a decimal comma; "1,234.5": the last mark is
  the decimal one).  An ambiguous form ("3.000", "13,244") is read as the
  interface language writes it; with no language known (the command line,
  tests) either reading is accepted.

`read_number` also says why a text is not a number, so the feedback can
tell a student that the format, not the value, is the problem.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

MAX_ANSWER_CHARS = 1000           # a typed answer longer than this is not a number

# What a number is made of, then anything after it (a unit: "%", or a word).
_HEX = re.compile(r"[-+]?0[xX][0-9a-fA-F]+")
_NUMBER = re.compile(r"(?P<sign>[-+\u2212]?)(?P<body>\d[\d.,]*)(?P<rest>.*)")
_UNIT = re.compile(r"%|[^\W\d_][^\d]*")        # "%", or text that starts with a letter
_SPACES = dict.fromkeys(map(ord, " \u00a0\u202f\u2009\u2007_"), None)
_GROUPED = re.compile(r"\d{1,3}(?:X\d{3})+")    # X: the grouping mark
_DECIMAL_MARK = {"en": ".", "ca": ","}


@dataclass(frozen=True)
class Reading:
    """What a typed answer says: its possible values (the interface language's first),
    or why it is not a number ("empty", "too-long", "not-a-number", "not-finite")."""

    values: tuple[float | int, ...] = ()
    problem: str | None = None

    @property
    def value(self) -> float | int | None:
        return self.values[0] if self.values else None


def read_number(value, language: str | None = None) -> Reading:
    """Read a student's answer as a number (see the module's docstring)."""
    if isinstance(value, bool):
        return Reading(problem="not-a-number")
    if isinstance(value, int):
        return Reading((value,))
    if isinstance(value, float):
        return Reading((value,)) if math.isfinite(value) else Reading(problem="not-finite")
    text = str(value)
    if len(text) > MAX_ANSWER_CHARS:
        return Reading(problem="too-long")
    text = text.strip().translate(_SPACES)
    if not text:
        return Reading(problem="empty")
    if _HEX.fullmatch(text):
        return Reading((int(text, 16),))
    match = _NUMBER.fullmatch(text)
    if match is None:
        return Reading(problem="not-a-number")
    rest = match["rest"]
    if rest and not _UNIT.fullmatch(rest):
        # "1e5": a plain float as Python writes it (an exponent is not a unit).
        try:
            number = float(text.replace("\u2212", "-"))
        except ValueError:
            return Reading(problem="not-a-number")
        return Reading((number,)) if math.isfinite(number) else Reading(problem="not-finite")
    negative = match["sign"] in ("-", "\u2212")
    values = []
    for reading in _readings(match["body"], language):
        number = -reading if negative else reading
        if isinstance(number, float) and not math.isfinite(number):
            return Reading(problem="not-finite")
        if number not in values:
            values.append(number)
    return Reading(tuple(values)) if values else Reading(problem="not-a-number")


def _readings(body: str, language: str | None) -> list[float | int]:
    """The values digits with "," and "." can mean, the interface language's first."""
    if "," not in body and "." not in body:
        return [int(body)]
    if language in _DECIMAL_MARK:
        # The interface's convention; the other only for a form it cannot write.
        order = [language] + [c for c in _DECIMAL_MARK if c != language]
        for convention in order:
            number = _as_number(body, _DECIMAL_MARK[convention])
            if number is not None:
                return [number]
        return []
    out = []                            # no language known: every reading counts
    for convention in ("ca", "en"):
        number = _as_number(body, _DECIMAL_MARK[convention])
        if number is not None and number not in out:
            out.append(number)
    return out


def _as_number(body: str, decimal: str) -> float | int | None:
    """The value of digits written with `decimal` as the decimal mark and the other mark
    grouping thousands (groups of three), or None if the text is not written so."""
    group = "," if decimal == "." else "."
    whole, _, fraction = body.partition(decimal)
    if decimal in fraction or group in fraction or not whole or whole[-1] in ",.":
        return None
    if group in whole:
        if not _GROUPED.fullmatch(whole.replace(group, "X")):
            return None
        whole = whole.replace(group, "")
    if not whole.isdigit():
        return None
    if body.endswith(decimal) or (decimal in body and not fraction):
        return None
    return float(f"{whole}.{fraction}") if fraction else int(whole)


def format_hint(language: str) -> str:
    """How to write 13244 and 78.9 in that language (for feedback about the format)."""
    return "13.244 o 78,9" if language == "ca" else "13,244 or 78.9"
