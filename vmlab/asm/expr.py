"""Expressions: + - * / ( ) and unary minus over numbers, characters and symbols.

Parsing and evaluation are separate because a value may only be known in
pass 2 (a forward reference): pass 1 parses every expression once and keeps
the tree; whoever needs the value evaluates the tree with a lookup function
that knows what is defined at that moment.

Runs of the same precedence (a + b - c ...) are kept flat and evaluated in a
loop, and nesting is limited, so no input can exhaust Python's stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator, Sequence, Union

from .diagnostics import SourceError
from .messages import msg
from .names import register_number
from .tokens import CHAR, IDENT, NUMBER, PUNCT, Token

MAX_NESTING = 40            # parentheses and unary signs inside one another
VALUE_LIMIT = 1 << 64       # intermediate results must stay within +-2^64

CURRENT_ADDRESS = "."


@dataclass(frozen=True)
class Num:
    value: int
    col: int


@dataclass(frozen=True)
class Name:
    name: str
    col: int


@dataclass(frozen=True)
class Neg:
    operand: "Node"
    col: int


@dataclass(frozen=True)
class Chain:
    """first op1 x1 op2 x2 ..., all operators of one precedence level, left to right."""

    first: "Node"
    rest: tuple[tuple[str, "Node", int], ...]   # (operator, operand, operator column)
    col: int


Node = Union[Num, Name, Neg, Chain]
Lookup = Callable[[str, int], int]


def parse_expression(tokens: Sequence[Token], where: int) -> Node:
    """Parse all of tokens as one expression; where is the column for "missing"."""
    if not tokens:
        raise SourceError(msg("expr.missing_value"), where, msg("hint.write_value"))
    parser = _Parser(tokens)
    node = parser.sum(0)
    if parser.pos < len(tokens):
        token = tokens[parser.pos]
        if token.is_punct(")"):
            raise SourceError(msg("expr.unbalanced"), token.col)
        raise SourceError(msg("expr.unexpected", text=token.text), token.col,
                          msg("hint.operators"))
    return node


class _Parser:
    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _chain(self, depth: int, operators: str, operand) -> Node:
        first = operand(depth)
        rest = []
        while (token := self.peek()) is not None and token.kind == PUNCT \
                and token.text in operators:
            self.pos += 1
            rest.append((token.text, operand(depth), token.col))
        return Chain(first, tuple(rest), _col(first)) if rest else first

    def sum(self, depth: int) -> Node:
        return self._chain(depth, "+-", self.product)

    def product(self, depth: int) -> Node:
        return self._chain(depth, "*/", self.unary)

    def unary(self, depth: int) -> Node:
        token = self.peek()
        if token is not None and token.kind == PUNCT and token.text in "+-":
            if depth >= MAX_NESTING:
                raise SourceError(msg("expr.too_deep"), token.col,
                                  msg("hint.nesting_limit", limit=MAX_NESTING))
            self.pos += 1
            operand = self.unary(depth + 1)
            return Neg(operand, token.col) if token.text == "-" else operand
        return self.primary(depth)

    def primary(self, depth: int) -> Node:
        token = self.peek()
        if token is None:
            last = self.tokens[-1]
            raise SourceError(msg("expr.ends_after", text=last.text),
                              last.col + len(last.text), msg("hint.value_missing_here"))
        self.pos += 1
        if token.kind in (NUMBER, CHAR):
            return Num(int(token.value), token.col)
        if token.kind == IDENT:
            if register_number(token.text) is not None:
                raise SourceError(msg("expr.register", name=token.text), token.col,
                                  msg("hint.value_kinds"))
            return Name(token.text, token.col)
        if token.is_punct("("):
            if depth >= MAX_NESTING:
                raise SourceError(msg("expr.too_deep"), token.col,
                                  msg("hint.nesting_limit", limit=MAX_NESTING))
            inner = self.sum(depth + 1)
            close = self.peek()
            if close is None or not close.is_punct(")"):
                raise SourceError(msg("expr.missing_close"), token.col, msg("hint.never_closed"))
            self.pos += 1
            return inner
        hint = msg("hint.strings_only_in_string") if token.kind == "string" else None
        raise SourceError(msg("expr.unexpected", text=token.text), token.col, hint)


def _col(node: Node) -> int:
    return node.col


def evaluate(node: Node, lookup: Lookup) -> int:
    """Value of a tree; lookup(name, col) gives a symbol's value or raises."""
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Name):
        return lookup(node.name, node.col)
    if isinstance(node, Neg):
        return -evaluate(node.operand, lookup)
    value = evaluate(node.first, lookup)
    for operator, operand, col in node.rest:
        right = evaluate(operand, lookup)
        if operator == "+":
            value += right
        elif operator == "-":
            value -= right
        elif operator == "*":
            value *= right
        else:
            if right == 0:
                raise SourceError(msg("expr.division_by_zero"), col)
            # VL32 integer division truncates toward zero (Python's // floors).
            quotient = abs(value) // abs(right)
            value = quotient if (value < 0) == (right < 0) else -quotient
        if not -VALUE_LIMIT < value < VALUE_LIMIT:
            raise SourceError(msg("expr.too_large"), col)
    return value


def names(node: Node) -> Iterator[Name]:
    """Every symbol a tree refers to, in source order."""
    stack: list[Node] = [node]
    found: list[Name] = []
    while stack:
        item = stack.pop()
        if isinstance(item, Name):
            found.append(item)
        elif isinstance(item, Neg):
            stack.append(item.operand)
        elif isinstance(item, Chain):
            stack.extend(operand for _, operand, _ in reversed(item.rest))
            stack.append(item.first)
    return iter(found)
