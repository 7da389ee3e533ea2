"""Split one source line into tokens (identifiers, numbers, characters, strings, punctuation).

A line is tokenized on its own: statements never span lines, so an error
can only spoil the rest of its line and the next line starts clean.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import SourceError
from .messages import Message, msg

IDENT = "ident"
NUMBER = "number"
CHAR = "char"
STRING = "string"
PUNCT = "punct"

PUNCTUATION = frozenset(",():+-*/")
COMMENT_STARTS = frozenset(";#")
ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"'}
ESCAPE_HELP = msg("hint.escapes")


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
                raise SourceError(msg("lex.unexpected_char", char=repr(ch)), i + 1,
                                  _stray_hint(ch))
    except SourceError as error:
        return tokens, error
    return tokens, None


def _stray_hint(ch: str) -> Message | None:
    if ch in "$%&|^~<>!=[]{}@`":
        return msg("hint.operators_and_comments")
    if not ch.isascii():
        return msg("hint.non_ascii")
    return None


def parse_number(text: str, col: int) -> int:
    """Value of a decimal, 0x hex or 0b binary literal; '_' may separate digits."""
    low = text.lower()
    if low.startswith("0x"):
        digits, base, kind = low[2:], 16, msg("number.hexadecimal")
    elif low.startswith("0b"):
        digits, base, kind = low[2:], 2, msg("number.binary")
    else:
        digits, base, kind = low, 10, msg("number.decimal")
    if len(digits) > 80:
        raise SourceError(msg("lex.number_too_long", text=text[:40]), col,
                          msg("hint.number_bits"))
    valid = "0123456789abcdef"[:base]
    body = digits.replace("_", "")
    if (not body or any(c not in valid for c in body)
            or digits.startswith("_") or digits.endswith("_") or "__" in digits):
        raise SourceError(msg("lex.bad_number", text=text, kind=kind), col,
                          msg("hint.number_forms"))
    value = int(body, base)
    if value >= 1 << 64:
        # Bounding literals keeps every later message printable (Python
        # refuses to print integers of thousands of digits).
        raise SourceError(msg("lex.number_too_large", text=text[:40]), col,
                          msg("hint.number_bits"))
    return value


def _escape(line: str, i: int) -> tuple[str, int]:
    """Decode the escape sequence starting at the backslash line[i]."""
    if i + 1 >= len(line):
        raise SourceError(msg("lex.backslash_at_end"), i + 1, ESCAPE_HELP)
    code = line[i + 1]
    if code not in ESCAPES:
        raise SourceError(msg("lex.unknown_escape", code=code), i + 1, ESCAPE_HELP)
    return ESCAPES[code], i + 2


def _char_literal(line: str, start: int) -> tuple[Token, int]:
    i = start + 1
    if i >= len(line):
        raise SourceError(msg("lex.unterminated_char"), start + 1, msg("hint.char_form"))
    if line[i] == "'":
        raise SourceError(msg("lex.empty_char"), start + 1, msg("hint.one_char"))
    if line[i] == "\\":
        ch, i = _escape(line, i)
    else:
        ch, i = line[i], i + 1
    if i >= len(line):
        raise SourceError(msg("lex.unterminated_char"), start + 1, msg("hint.close_char"))
    if line[i] != "'":
        if "'" in line[i:]:
            raise SourceError(msg("lex.char_too_long"), start + 1, msg("hint.use_string"))
        raise SourceError(msg("lex.unterminated_char"), start + 1, msg("hint.close_char"))
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
    raise SourceError(msg("lex.unterminated_string"), start + 1, msg("hint.close_string"))
