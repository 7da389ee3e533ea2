"""A small, safe expression language for lesson answers and exercise checks.

Authors write things like

    exits("alpha", "PRIV") + exits("beta", "PRIV")
    vmm_cycles() * 100 / cycles()
    console("beta") contains "WARNING"
    reg("alpha", "r1") == param("quantum") * 2

The grammar is tiny and the evaluator only calls the metric functions it is
given (see metrics.py): there is no attribute access, no indexing, no way to
reach Python.  Python's eval is never used.

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := sum (("==" | "!=" | "<" | "<=" | ">" | ">=" | "contains") sum)?
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/" | "%") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | STRING | "true" | "false" | NAME "(" [expr ("," expr)*] ")"
             | NAME | "(" expr ")"

Numbers: 12, 0x1F, 0b101, 3.5.  Strings: "double" or 'single' quoted.  A bare
NAME is a value captured at an earlier step of the lesson (loader.py: a step's
`capture` table); the functions given to check() and evaluate() hold them as
Functions with variable=True.
Division of two whole numbers is whole (truncated toward zero), like VL32's DIV.

Limits (checked while parsing, before any work): at most MAX_LENGTH
characters, MAX_DEPTH levels of parentheses, calls and prefix operators, and
MAX_OPERATIONS operators and calls in all - far below Python's recursion
limit, as the checks and the evaluator walk the tree recursively.  A result
that no number can hold (too large for a decimal, infinite, not a number) is
an ExprError saying that no answer can be computed, never an answer.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..inputs import InputError
from ..messages import M, render

MAX_LENGTH = 2000
MAX_DEPTH = 40
MAX_OPERATIONS = 200      # operators and calls in one expression (the tree's size bound)

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<number>0[xX][0-9a-fA-F_]+|0[bB][01_]+|\d[\d_]*(?:\.\d+)?)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>==|!=|<=|>=|[-+*/%<>(),])
""", re.VERBOSE)

_KEYWORDS = {"and", "or", "not", "contains", "true", "false"}
KEYWORDS = frozenset(_KEYWORDS)      # words that name no value (nor a captured one)


class ExprError(InputError, ValueError):
    """A mistake in an expression: message and the column (1-based) where it is."""

    def __init__(self, message: str, col: int = 0) -> None:
        super().__init__(message if not col else f"{message} (at column {col})")
        self.message, self.col = message, col

    def render(self, lang: str = "en") -> str:
        """The message in lang ("en" or "ca"), with its column."""
        if not self.col:
            return render(self.message, lang)
        return render(M("{message} (at column {col})", message=self.message, col=self.col), lang)


@dataclass(frozen=True)
class Node:
    kind: str                 # "num", "str", "bool", "name", "call", "unary", "binary"
    value: Any = None         # literal value, operator, or function name
    args: tuple = ()
    col: int = 0


def _tokens(text: str) -> list[tuple[str, str, int]]:
    out, pos = [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise ExprError(M('unexpected character {text}', text=repr(text[pos])), pos + 1)
        kind = match.lastgroup
        if kind != "space":
            out.append((kind, match.group(), pos + 1))
        pos = match.end()
    out.append(("end", "", len(text) + 1))
    return out


def _unquote(literal: str) -> str:
    body = literal[1:-1]
    escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
    out, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


class _Parser:
    def __init__(self, text: str) -> None:
        if len(text) > MAX_LENGTH:
            raise ExprError(M('expression longer than {most} characters',
                              most=MAX_LENGTH))
        self.tokens = _tokens(text)
        self.i = 0
        self.depth = 0
        self.operations = 0

    def peek(self) -> tuple[str, str, int]:
        return self.tokens[self.i]

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def expect(self, op: str) -> None:
        kind, text, col = self.take()
        if text != op:
            raise ExprError(M('expected {op}, found {value}', op=repr(op),
                              value=repr(text) if text else M("the end")), col)

    def at(self, *ops: str) -> bool:
        kind, text, _ = self.peek()
        return (kind in ("op", "name")) and text in ops

    def parse(self) -> Node:
        node = self.or_()
        kind, text, col = self.peek()
        if kind != "end":
            raise ExprError(M('unexpected {text}', text=repr(text)), col)
        return node

    def _nest(self):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(M('expression nested too deeply (at most {most} levels of '
                              'parentheses, calls and signs)', most=MAX_DEPTH))

    def _node(self, kind: str, value, args: tuple, col: int) -> Node:
        """An operator or a call: counted, so no expression builds a tree too big to walk."""
        self.operations += 1
        if self.operations > MAX_OPERATIONS:
            raise ExprError(M('expression too long: at most {most} operators and '
                              'calls; split the computation', most=MAX_OPERATIONS), col)
        return Node(kind, value, args, col)

    def or_(self) -> Node:
        node = self.and_()
        while self.at("or"):
            col = self.take()[2]
            node = self._node("binary", "or", (node, self.and_()), col)
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("and"):
            col = self.take()[2]
            node = self._node("binary", "and", (node, self.not_()), col)
        return node

    def not_(self) -> Node:
        if self.at("not"):
            col = self.take()[2]
            self._nest()
            node = self._node("unary", "not", (self.not_(),), col)
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        node = self.sum_()
        if self.at("==", "!=", "<", "<=", ">", ">=", "contains"):
            _, op, col = self.take()
            node = self._node("binary", op, (node, self.sum_()), col)
        return node

    def sum_(self) -> Node:
        node = self.product()
        while self.at("+", "-"):
            _, op, col = self.take()
            node = self._node("binary", op, (node, self.product()), col)
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.at("*", "/", "%"):
            _, op, col = self.take()
            node = self._node("binary", op, (node, self.unary()), col)
        return node

    def unary(self) -> Node:
        if self.at("-"):
            col = self.take()[2]
            self._nest()
            node = self._node("unary", "-", (self.unary(),), col)
            self.depth -= 1
            return node
        return self.atom()

    def atom(self) -> Node:
        kind, text, col = self.take()
        if kind == "number":
            return Node("num", _number_literal(text, col), (), col)
        if kind == "string":
            return Node("str", _unquote(text), (), col)
        if kind == "name" and text in ("true", "false"):
            return Node("bool", text == "true", (), col)
        if kind == "name" and text not in _KEYWORDS:
            if not self.at("("):
                return Node("name", text, (), col)     # a captured value (see check)
            self.take()
            args = []
            self._nest()
            if not self.at(")"):
                args.append(self.or_())
                while self.at(","):
                    self.take()
                    args.append(self.or_())
            self.expect(")")
            self.depth -= 1
            return self._node("call", text, tuple(args), col)
        if text == "(":
            self._nest()
            node = self.or_()
            self.expect(")")
            self.depth -= 1
            return node
        raise ExprError(M("expected a number, a string, a function call or '(', found {value}",
                          value=repr(text) if text else M("the end")), col)


def _number_literal(text: str, col: int) -> int | float:
    clean = text.replace("_", "")
    try:
        value = float(clean) if "." in clean else int(clean, 0)
    except ValueError:          # 0x_, 0b__: a prefix with no digit
        raise ExprError(M('{text} is not a number: write digits after the prefix, e.g. 0x1F or '
                          '0b101', text=repr(text)), col) from None
    if isinstance(value, float) and not math.isfinite(value):
        raise ExprError(M('the number {value} is too large', value=_short(text)), col)
    return value


def _short(text: str, keep: int = 24) -> str:
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} characters)"


def parse(text: str) -> Node:
    if not isinstance(text, str) or not text.strip():
        raise ExprError(M('the expression is empty'))
    return _Parser(text).parse()


# The types of values (what the check says an expression gives).
NUMBER, TEXT, TRUTH, ANY = "number", "text", "truth value", "any"
_TYPE_NAMES = {NUMBER: M("a number"), TEXT: M("text"),
               TRUTH: M("a truth value (true or false)"), ANY: M("a value")}


def type_name(kind: str) -> str:
    """'a number', 'text', 'a truth value (true or false)': a type for a message."""
    return _TYPE_NAMES.get(kind, kind)


def type_of_value(value) -> str:
    if isinstance(value, bool):
        return TRUTH
    if isinstance(value, (int, float)):
        return NUMBER
    return TEXT if isinstance(value, str) else ANY


@dataclass(frozen=True)
class Function:
    """A metric the language may call: its arity range and implementation.

    returns and params (one type per argument) let check() find type mistakes
    before anything runs.  A variable is a value captured at an earlier step:
    written as a bare name, never called.
    """

    call: Callable[..., Any]
    min_args: int
    max_args: int
    help: str
    returns: str = ANY
    params: tuple[str, ...] = ()
    variable: bool = False


def variable(name: str, value: Any = None, kind: str | None = None) -> Function:
    """A captured value as the expression language sees it (kind: its type, when known)."""
    return Function(lambda: value, 0, 0, f"{name}: a value captured at an earlier step",
                    kind or type_of_value(value), (), True)


def check(node: Node, functions: dict[str, Function],
          validate_args: Callable[[str, list], None] | None = None) -> None:
    """Raise ExprError for unknown functions or wrong arity (no evaluation).

    validate_args(name, literal_args) may also check literal arguments (guest
    names, causes, registers) against the lesson's scenario.
    """
    if node.kind == "name":
        _check_name(node, functions)
    if node.kind == "call":
        fn = functions.get(node.value)
        if fn is not None and fn.variable:
            raise ExprError(M('{value} is a value captured at an earlier step, not a metric: '
                              'write it without parentheses', value=repr(node.value)), node.col)
        if fn is None:
            metrics = [name for name, f in functions.items() if not f.variable]
            close = difflib.get_close_matches(node.value, metrics, n=1)
            hint = M("; did you mean {name}()?", name=close[0]) if close else ""
            raise ExprError(M('unknown metric {value}{hint}', value=repr(_short(node.value)),
                              hint=hint), node.col)
        if not fn.min_args <= len(node.args) <= fn.max_args:
            expected = (str(fn.min_args) if fn.min_args == fn.max_args
                        else M("{low} to {high}", low=fn.min_args, high=fn.max_args))
            raise ExprError(M('{value}() takes {expected} arguments, not {count}: {help}',
                              value=node.value, expected=expected, count=len(node.args),
                              help=fn.help), node.col)
        if validate_args is not None:
            literals = [a.value if a.kind in ("num", "str", "bool") else None for a in node.args]
            try:
                validate_args(node.value, literals)
            except ExprError as err:
                raise ExprError(err.message, node.col) from None
    for child in node.args:
        check(child, functions, validate_args)


def _check_name(node: Node, functions: dict[str, Function]) -> None:
    """A bare name: a value captured at an earlier step, or a mistake said plainly."""
    name = node.value
    fn = functions.get(name)
    if fn is not None and fn.variable:
        return
    if fn is not None:
        raise ExprError(M("{name} is a metric: call it, {call}(…)", name=repr(name), call=name),
                        node.col)
    captured = sorted(n for n, f in functions.items() if f.variable)
    close = difflib.get_close_matches(name, captured, n=1)
    if close:
        raise ExprError(M('unknown name {value}; did you mean {close}? (captured at earlier '
                          'steps: {names})', value=repr(_short(name)), close=repr(close[0]),
                          names=', '.join(captured)), node.col)
    metrics = [n for n, f in functions.items() if not f.variable]
    close = difflib.get_close_matches(name, metrics, n=1)
    if close:
        raise ExprError(M('unknown name {value}; did you mean the metric {close}()?',
                          value=repr(_short(name)), close=close[0]), node.col)
    known = (M("the values captured at earlier steps are {names}", names=", ".join(captured))
             if captured else M("no value is captured at an earlier step"))
    raise ExprError(M("unknown name {value}: write text in quotes ('{value2}'), call a metric "
                      'with parentheses, or name a captured value ({known})',
                      value=repr(_short(name)), value2=_short(name), known=known),
                    node.col)


def infer(node: Node, functions: dict[str, Function]) -> str:
    """The type a checked expression gives: NUMBER, TEXT, TRUTH or ANY (not known before
    it runs); ExprError for an operation that can never work ('abc' - 1, length(3),
    a text compared with a number).  No evaluation: nothing runs."""
    kind = node.kind
    if kind == "num":
        return NUMBER
    if kind == "str":
        return TEXT
    if kind == "bool":
        return TRUTH
    if kind == "name":
        fn = functions.get(node.value)
        return fn.returns if fn is not None else ANY
    if kind == "call":
        fn = functions.get(node.value)
        kinds = [infer(a, functions) for a in node.args]
        if fn is None:
            return ANY
        for i, (arg, got) in enumerate(zip(node.args, kinds)):
            want = fn.params[i] if i < len(fn.params) else ANY
            if not _fits(got, want):
                place = _ORDINALS[i] if fn.max_args > 1 else M("its argument")
                raise ExprError(M('{value}() needs {value2} as {place}, not {value3}: {help}',
                                  value=node.value, value2=type_name(want), place=place,
                                  value3=type_name(got), help=fn.help), arg.col or node.col)
        return fn.returns
    if kind == "unary":
        got = infer(node.args[0], functions)
        if node.value == "not":
            return TRUTH
        if not _fits(got, NUMBER):
            raise ExprError(M('- needs a number, not {value}', value=type_name(got)), node.col)
        return NUMBER
    op = node.value
    left, right = (infer(a, functions) for a in node.args)
    if op in ("and", "or"):
        return TRUTH
    if op == "contains":
        for side, got in ((M("left"), left), (M("right"), right)):
            if not _fits(got, TEXT):
                raise ExprError(M("'contains' needs text on both sides, not {value} on the "
                                  '{side}', value=type_name(got), side=side), node.col)
        return TRUTH
    if op in ("==", "!="):
        if ANY not in (left, right) and (left == TEXT) != (right == TEXT):
            always = "false" if op == "==" else "true"
            raise ExprError(M('{op} compares {value} with {value2}: it is always {always}', op=op,
                              value=type_name(left), value2=type_name(right), always=always),
                            node.col)
        return TRUTH
    if op in ("<", "<=", ">", ">="):
        if ANY not in (left, right) and (left == TEXT) != (right == TEXT):
            raise ExprError(M('cannot compare {value} with {value2} using {op}',
                              value=type_name(left), value2=type_name(right), op=op), node.col)
        return TRUTH
    if op == "+":
        if TEXT in (left, right):
            if {left, right} <= {TEXT, ANY}:
                return TEXT
            _mixed(left, right, node)
        if left == right == ANY:
            return ANY                 # two texts or two numbers: known when it runs
    for got in (left, right):
        if not _fits(got, NUMBER):
            raise ExprError(M("{op} needs numbers, not {value}", op=op, value=type_name(got)),
                            node.col)
    if op in ("/", "%") and node.args[1].kind == "num" and node.args[1].value == 0:
        raise ExprError(M('division by zero'), node.col)
    return NUMBER


_ORDINALS = (M("its first argument"), M("its second argument"), M("its third argument"),
             M("its fourth argument"), M("its fifth argument"))


def _fits(got: str, want: str) -> bool:
    return ANY in (got, want) or got == want


def _mixed(left: str, right: str, node: Node):
    raise ExprError(M('+ joins two texts or adds two numbers, not {value} and {value2}',
                      value=type_name(left), value2=type_name(right)), node.col)


def constant(node: Node) -> bool:
    """True if the expression uses no metric and no captured value (its value is known)."""
    return node.kind != "call" and node.kind != "name" and all(constant(a) for a in node.args)


NO_ANSWER = "no answer can be computed"


def evaluate(node: Node, functions: dict[str, Function]) -> Any:
    """The value of a checked expression; ExprError for anything that cannot be computed.

    Numbers that no float can hold, infinities and NaN are errors ("no answer
    can be computed: …"), never answers; so is a metric given arguments it
    cannot use.  Nothing but ExprError leaves this function.
    """
    try:
        return _finite(_evaluate(node, functions), node.col)
    except RecursionError:        # defence in depth: the parser bounds the tree far below
        raise ExprError(M("no answer can be computed: the expression is too deeply "
                          "nested")) from None


def _evaluate(node: Node, functions: dict[str, Function]) -> Any:
    kind = node.kind
    if kind in ("num", "str", "bool"):
        return node.value
    if kind == "name":
        fn = functions.get(node.value)
        if fn is None or not fn.variable:
            raise ExprError(M('no answer can be computed: no value was captured for {value} '
                              '(the step that captures it has not been played, or its capture '
                              'failed)', value=repr(node.value)),
                            node.col)
        return fn.call()
    if kind == "call":
        fn = functions[node.value]
        args = [_evaluate(a, functions) for a in node.args]
        try:
            return _finite(fn.call(*args), node.col)
        except ExprError:
            raise
        except (ArithmeticError, TypeError, ValueError, LookupError) as err:
            raise ExprError(M('no answer can be computed: {value}() cannot use {value2} ({err})',
                              value=node.value,
                              value2=', '.join((_shown(a) for a in args)) or M("no arguments"),
                              err=err),
                            node.col) from None
    if kind == "unary":
        value = _evaluate(node.args[0], functions)
        if node.value == "not":
            return not value
        _number(value, "-", node.col)
        return -value
    op = node.value
    if op == "and":
        return bool(_evaluate(node.args[0], functions)) and bool(_evaluate(node.args[1],
                                                                            functions))
    if op == "or":
        return bool(_evaluate(node.args[0], functions)) or bool(_evaluate(node.args[1],
                                                                           functions))
    left = _evaluate(node.args[0], functions)
    right = _evaluate(node.args[1], functions)
    if op == "contains":
        if not isinstance(left, str) or not isinstance(right, str):
            raise ExprError(M("'contains' needs text on both sides"), node.col)
        return right in left
    if op in ("==", "!="):
        return (left == right) == (op == "==")
    if op in ("<", "<=", ">", ">="):
        if isinstance(left, str) != isinstance(right, str):
            raise ExprError(M('cannot compare text with a number using {op}', op=op), node.col)
        return {"<": left < right, "<=": left <= right, ">": left > right,
                ">=": left >= right}[op]
    if op == "+" and isinstance(left, str) and isinstance(right, str):
        return left + right
    _number(left, op, node.col)
    _number(right, op, node.col)
    if op in ("/", "%") and right == 0:
        raise ExprError(M('division by zero'), node.col)
    try:
        return _finite(_arithmetic(op, left, right), node.col)
    except OverflowError:        # a whole number too large to mix with a decimal
        raise ExprError(M('no answer can be computed: {value} {op} {value2} is too large for a '
                          'number with decimals', value=_shown(left), op=op,
                          value2=_shown(right)), node.col) from None


def _arithmetic(op: str, left, right):
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        if isinstance(left, int) and isinstance(right, int):
            q = abs(left) // abs(right)
            return q if (left < 0) == (right < 0) else -q
        return left / right
    return left % right


def _finite(value, col: int):
    """value, unless it is a decimal number that is infinite or not a number."""
    if isinstance(value, float) and not math.isfinite(value):
        what = M("not a number") if value != value else M("infinite")
        raise ExprError(M('no answer can be computed: the result is {what} (a value too large, '
                          'or an impossible operation)', what=what), col)
    return value


def _shown(value) -> str:
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** 30:
        return f"a whole number of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 40 else f"{text[:30]}… ({len(text)} characters)"


def _number(value, op: str, col: int) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ExprError(M('{op} needs numbers, not {value}', op=op, value=_shown(value)), col)
