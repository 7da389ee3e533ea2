"""One line's tokens -> a Statement: its labels, its mnemonic or directive, its operands.

Grammar of a line:  [label:]... [mnemonic-or-directive [operand {, operand}]] [comment]
An operand is the run of tokens between commas; what it means (register,
expression, memory reference, string) is decided later by the instruction
or directive that receives it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import SourceError
from .messages import msg
from .tokens import IDENT, Token


@dataclass
class Operand:
    tokens: list[Token]
    col: int            # where the operand starts
    source: str = ""    # the operand exactly as written

    @property
    def text(self) -> str:
        return self.source or " ".join(token.text for token in self.tokens)


@dataclass
class Statement:
    line: int
    labels: list[Token] = field(default_factory=list)
    op: Token | None = None             # mnemonic or directive
    operands: list[Operand] = field(default_factory=list)
    body_col: int = 0                   # first column after the labels (0: nothing there)

    @property
    def name(self) -> str:
        """The mnemonic or directive, lower case ("" for a label-only line)."""
        return self.op.text.lower() if self.op else ""


def parse_statement(tokens: list[Token], line: int, text: str = ""
                    ) -> tuple[Statement, SourceError | None]:
    """Build the Statement, plus the error that stopped it if the line is malformed.

    Labels come first and are kept even when the rest of the line is
    broken, so the caller can still define them.
    """
    statement = Statement(line)
    i = 0
    while i + 1 < len(tokens) and tokens[i].kind == IDENT and tokens[i + 1].is_punct(":"):
        statement.labels.append(tokens[i])
        i += 2
    if i == len(tokens):
        return statement, None
    head = tokens[i]
    statement.body_col = head.col
    if head.kind != IDENT:
        return statement, SourceError(msg("statement.expected_op", text=head.text), head.col,
                                      msg("hint.line_form"))
    statement.op = head
    try:
        statement.operands = _split_operands(tokens[i + 1:], text)
    except SourceError as error:
        return statement, error
    return statement, None


def _split_operands(tokens: list[Token], text: str) -> list[Operand]:
    if not tokens:
        return []
    operands: list[Operand] = []
    current: list[Token] = []
    for token in tokens:
        if token.is_punct(","):
            if not current:
                raise SourceError(msg("statement.missing_before_comma"), token.col,
                                  msg("hint.single_commas"))
            operands.append(_operand(current, text))
            current = []
        else:
            current.append(token)
    if not current:
        raise SourceError(msg("statement.missing_after_comma"), tokens[-1].col,
                          msg("hint.trailing_comma"))
    operands.append(_operand(current, text))
    return operands


def _operand(tokens: list[Token], text: str) -> Operand:
    start, last = tokens[0], tokens[-1]
    source = text[start.col - 1:last.col - 1 + len(last.text)] if text else ""
    return Operand(tokens, start.col, source)
