"""The symbol table: labels and .equ names, and how a name gets its value.

Labels get their value when pass 1 reaches them.  An .equ gets its value at
its line if everything it uses is already known; otherwise it waits, and
before pass 2 every waiting .equ is resolved in dependency order (with an
explicit stack: a long chain of forward references cannot overflow
Python's stack, and a cycle is reported instead of looping).

A symbol whose definition already produced an error is "failed": using it
raises AlreadyReported so one mistake gives one message, not one per use.
"""

from __future__ import annotations

from dataclasses import dataclass

from .diagnostics import SourceError, did_you_mean
from .expr import CURRENT_ADDRESS, Node, evaluate, names
from .messages import Message, msg
from .names import PREDEFINED, predefined_value, reserved_kind
from .tokens import Token

LABEL = "label"
EQU = "equ"


class Unknown(Exception):
    """Pass 1: the name has no value yet (a forward reference, or undefined)."""

    def __init__(self, name: str, col: int) -> None:
        super().__init__(name)
        self.name = name
        self.col = col


class AlreadyReported(Exception):
    """The value depends on a definition whose error was already reported."""


@dataclass
class Symbol:
    name: str
    kind: str                  # LABEL or EQU
    line: int
    col: int
    value: int | None = None
    expr: Node | None = None   # EQU: the defining expression
    here: int = 0              # EQU: the value of '.' on its line
    load: int = 0              # LABEL: its load address (differs from value in .phase)
    failed: bool = False


class SymbolTable:
    def __init__(self) -> None:
        self.symbols: dict[str, Symbol] = {}

    def __contains__(self, name: str) -> bool:
        return name in self.symbols

    def get(self, name: str) -> Symbol | None:
        return self.symbols.get(name)

    # ------------------------------------------------------------ definitions
    def _check_new(self, token: Token, what: Message) -> None:
        name = token.text
        reserved = reserved_kind(name)
        if reserved:
            raise SourceError(msg("symbol.reserved", name=name, reserved=reserved, what=what),
                              token.col, msg("hint.choose_another"))
        first = self.symbols.get(name)
        if first is not None:
            kind = msg("symbol.label") if first.kind == LABEL else msg("symbol.equ")
            raise SourceError(msg("symbol.duplicate", what=what, name=name, kind=kind,
                                  line=first.line), token.col, msg("hint.unique_names"))

    def define_label(self, token: Token, value: int, line: int, load: int) -> None:
        self._check_new(token, msg("symbol.label"))
        self.symbols[token.text] = Symbol(token.text, LABEL, line, token.col, value, load=load)

    def define_equ(self, token: Token, expr: Node, here: int, line: int) -> Symbol:
        """Define NAME = expr; evaluated now if it can be (errors are raised)."""
        self._check_new(token, msg("symbol.equ"))
        symbol = Symbol(token.text, EQU, line, token.col, None, expr, here)
        self.symbols[token.text] = symbol
        try:
            symbol.value = evaluate(expr, lambda name, col: self.lookup_now(name, col, here))
        except Unknown:
            pass                      # resolved before pass 2
        except AlreadyReported:
            symbol.failed = True
        except SourceError:
            symbol.failed = True
            raise
        return symbol

    # ------------------------------------------------------------ lookups
    def lookup_now(self, name: str, col: int, here: int) -> int:
        """Pass 1: the value if already known, else raise Unknown."""
        if name == CURRENT_ADDRESS:
            return here
        value = predefined_value(name)
        if value is not None:
            return value
        symbol = self.symbols.get(name)
        if symbol is None or (symbol.value is None and not symbol.failed):
            raise Unknown(name, col)
        if symbol.failed:
            raise AlreadyReported(name)
        return symbol.value

    def lookup_final(self, name: str, col: int, here: int) -> int:
        """Pass 2 (after resolve_all): the value, or an "undefined symbol" error."""
        if name == CURRENT_ADDRESS:
            return here
        value = predefined_value(name)
        if value is not None:
            return value
        symbol = self.symbols.get(name)
        if symbol is None:
            raise self.undefined(name, col)
        if symbol.failed or symbol.value is None:
            raise AlreadyReported(name)
        return symbol.value

    def undefined(self, name: str, col: int) -> SourceError:
        same_but_case = [s for s in self.symbols if s.lower() == name.lower()]
        if same_but_case:
            hint = msg("hint.did_you_mean_case", name=same_but_case[0])
        else:
            candidates = list(self.symbols) + [n.upper() for n in PREDEFINED]
            hint = did_you_mean(name, candidates) or msg("hint.define_symbol", name=name)
        return SourceError(msg("symbol.undefined", name=name), col, hint)

    # ------------------------------------------------------------ resolution
    def resolve_all(self) -> list[tuple[Symbol, SourceError]]:
        """Give every waiting .equ its value; returns the errors, one per bad definition."""
        errors: list[tuple[Symbol, SourceError]] = []
        for symbol in list(self.symbols.values()):
            if symbol.kind == EQU and symbol.value is None and not symbol.failed:
                self._resolve(symbol, errors)
        return errors

    def _waiting_dependencies(self, symbol: Symbol) -> list[tuple[Symbol, int]]:
        found = []
        for ref in names(symbol.expr):
            dep = self.symbols.get(ref.name)
            if dep is not None and dep.kind == EQU and dep.value is None and not dep.failed:
                found.append((dep, ref.col))
        found.reverse()               # popped from the end: source order
        return found

    def _resolve(self, root: Symbol, errors: list[tuple[Symbol, SourceError]]) -> None:
        stack: list[tuple[Symbol, list[tuple[Symbol, int]]]] = [
            (root, self._waiting_dependencies(root))]
        active = {root.name}
        while stack:
            symbol, pending = stack[-1]
            if pending:
                dep, col = pending.pop()
                if dep.value is not None or dep.failed:
                    continue
                if dep.name in active:
                    self._report_cycle(stack, dep, col, errors)
                    continue
                active.add(dep.name)
                stack.append((dep, self._waiting_dependencies(dep)))
                continue
            stack.pop()
            active.discard(symbol.name)
            if symbol.failed:
                continue
            try:
                symbol.value = evaluate(symbol.expr, lambda name, c, here=symbol.here:
                                        self.lookup_final(name, c, here))
            except AlreadyReported:
                symbol.failed = True
            except SourceError as error:
                symbol.failed = True
                errors.append((symbol, error))

    def _report_cycle(self, stack, dep: Symbol, col: int,
                      errors: list[tuple[Symbol, SourceError]]) -> None:
        members = [s for s, _ in stack]
        cycle = members[members.index(dep):]
        path = " -> ".join(s.name for s in cycle + [dep])
        where = cycle[-1]             # the definition that closes the cycle
        for symbol in cycle:
            symbol.failed = True
        errors.append((where, SourceError(msg("symbol.circular", path=path), col,
                                          msg("hint.no_self_dependency"))))
