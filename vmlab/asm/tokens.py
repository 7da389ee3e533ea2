"""Split one source line into tokens (identifiers, numbers, characters, strings, punctuation).

A line is tokenized on its own: statements never span lines, so an error
can only spoil the rest of its line and the next line starts clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import SourceError

IDENT = "ident"
NUMBER = "number"
CHAR = "char"
STRING = "string"
PUNCT = "punct"

PUNCTUATION = frozenset(",():+-*/")
COMMENT_STARTS = frozenset(";#")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
ESCAPE_HELP = "escapes are \\n \\t \\r \\0 \\\\ \\' \\\""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str          # exactly as written (for strings and chars: with quotes)
    col: int           # 1-based column of the first character
    value: int | str | None = None   # number/char: int; string: the decoded text
    # For strings: the source column of each decoded character, so a bad
    # character can be pointed at exactly.
    char_cols: tuple[int, ...] = field(default=(), compare=False)

    def is_punct(self, symbol: str) -> bool:
        return self.kind == PUNCT and self.text == symbol


def _ident_start(ch: str) -> bool:
    return ch.isascii() and (ch.isalpha() or ch in "_.")


def _ident_part(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in "_.")


def tokenize(line: str) -> tuple[list[Token], SourceError | None]:
    """Tokens of a line up to its comment, plus the first error if there is one.

    On an error the tokens before it are still returned: labels at the start
    of a broken line are still defined, which avoids a cascade of
    "undefined label" errors elsewhere.
    """
    tokens: list[Token] = []
    i, n = 0, len(line)
    try:
        while i < n:
            ch = line[i]
            if ch in " \t\r\f\v":
                i += 1
            elif ch in COMMENT_STARTS:
                break
            elif _ident_start(ch):
                j = i + 1
                while j < n and _ident_part(line[j]):
                    j += 1
                tokens.append(Token(IDENT, line[i:j], i + 1))
                i = j
            elif ch.isascii() and ch.isdigit():
                j = i + 1
                # A number runs over every identifier character so that "12abc"
                # and "1.5" are one bad literal, not a number and a name.
                while j < n and _ident_part(line[j]):
                    j += 1
                text = line[i:j]
                tokens.append(Token(NUMBER, text, i + 1, parse_number(text, i + 1)))
                i = j
            elif ch == "'":
                token, i = _char_literal(line, i)
                tokens.append(token)
            elif ch == '"':
                token, i = _string_literal(line, i)
                tokens.append(token)
            elif ch in PUNCTUATION:
                tokens.append(Token(PUNCT, ch, i + 1))
                i += 1
            else:
                raise SourceError(f"unexpected character {ch!r}", i + 1,
                                  _stray_hint(ch))
    except SourceError as error:
        return tokens, error
    return tokens, None


def _stray_hint(ch: str) -> str:
    if ch in "$%&|^~<>!=[]{}@`":
        return "expressions use + - * / and parentheses; comments start with ';' or '#'"
    if not ch.isascii():
        return "only strings, character literals and comments may contain non-ASCII text"
    return ""


def parse_number(text: str, col: int) -> int:
    """Value of a decimal, 0x hex or 0b binary literal; '_' may separate digits."""
    low = text.lower()
    if low.startswith("0x"):
        digits, base, kind = low[2:], 16, "hexadecimal"
    elif low.startswith("0b"):
        digits, base, kind = low[2:], 2, "binary"
    else:
        digits, base, kind = low, 10, "decimal"
    if len(digits) > 80:
        raise SourceError(f"number literal '{text[:40]}...' is too long", col,
                          "values must fit in 64 bits; instructions take at most 32")
    valid = "0123456789abcdef"[:base]
    body = digits.replace("_", "")
    if (not body or any(c not in valid for c in body)
            or digits.startswith("_") or digits.endswith("_") or "__" in digits):
        raise SourceError(f"bad number literal '{text}' (not a valid {kind} number)", col,
                          "numbers look like 42, 0x2A or 0b101010 ('_' may separate digits)")
    value = int(body, base)
    if value >= 1 << 64:
        # Bounding literals keeps every later message printable (Python
        # refuses to print integers of thousands of digits).
        raise SourceError(f"number literal '{text[:40]}' is too large", col,
                          "values must fit in 64 bits; instructions take at most 32")
    return value


def _escape(line: str, i: int) -> tuple[str, int]:
    """Decode the escape sequence starting at the backslash line[i]."""
    if i + 1 >= len(line):
        raise SourceError("backslash at the end of the line", i + 1, ESCAPE_HELP)
    code = line[i + 1]
    if code not in ESCAPES:
        raise SourceError(f"unknown escape '\\{code}'", i + 1, ESCAPE_HELP)
    return ESCAPES[code], i + 2


def _char_literal(line: str, start: int) -> tuple[Token, int]:
    i = start + 1
    if i >= len(line):
        raise SourceError("unterminated character literal", start + 1,
                          "a character literal looks like 'A' or '\\n'")
    if line[i] == "'":
        raise SourceError("empty character literal", start + 1,
                          "a character literal holds exactly one character, like 'A'")
    if line[i] == "\\":
        ch, i = _escape(line, i)
    else:
        ch, i = line[i], i + 1
    if i >= len(line):
        raise SourceError("unterminated character literal", start + 1,
                          "close it with a quote: 'A'")
    if line[i] != "'":
        if "'" in line[i:]:
            raise SourceError("character literal with more than one character", start + 1,
                              'use a string for text: .string "..."')
        raise SourceError("unterminated character literal", start + 1,
                          "close it with a quote: 'A'")
    return Token(CHAR, line[start:i + 1], start + 1, ord(ch)), i + 1


def _string_literal(line: str, start: int) -> tuple[Token, int]:
    chars: list[str] = []
    cols: list[int] = []
    i = start + 1
    while i < len(line):
        ch = line[i]
        if ch == '"':
            return (Token(STRING, line[start:i + 1], start + 1, "".join(chars), tuple(cols)),
                    i + 1)
        cols.append(i + 1)
        if ch == "\\":
            ch, i = _escape(line, i)
        else:
            i += 1
        chars.append(ch)
    raise SourceError("unterminated string", start + 1, 'close it with a double quote: "text"')
