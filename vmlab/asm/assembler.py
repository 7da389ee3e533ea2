"""The two passes.

Pass 1 walks the lines once: it defines labels, runs the directives that
move the location counter (.org, .space, .phase, .dephase), checks every
operand's kind, decides each statement's size and reserves its addresses
(so overlapping words are found here).  What it cannot finish - values that
may refer to later labels - it leaves as Items.

Pass 2 resolves the waiting .equ names, then turns every Item into words,
checking each value's range.

Every mistake becomes an AsmDiagnostic and assembly goes on, so one run
reports all the errors of a file; AssemblyError is raised at the very end.
Two bounds keep time and memory small whatever the input: a source longer
than MAX_PROGRAM_BYTES characters is refused before any work, and after
MAX_ASM_ERRORS errors assembly stops with a last diagnostic saying where.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..inputs import MAX_ASM_ERRORS, MAX_PROGRAM_BYTES
from ..isa.spec import BY_MNEMONIC, MASK
from .diagnostics import AsmDiagnostic, AssemblyError, SourceError, diagnostic, did_you_mean
from .directives import DIRECTIVE_HANDLERS
from .expr import evaluate
from .instructions import MACHINE_FORMS, encode_machine
from .languages import DEFAULT_LANGUAGE, LANG_DIRECTIVES, LangGroup, check_language
from .languages import close as close_languages
from .languages import skipped
from .layout import MAX_PROGRAM_WORDS, Phase
from .messages import msg
from .names import DIRECTIVES, MACHINE_MNEMONICS, MNEMONIC_CANDIDATES, PSEUDO_MNEMONICS
from .operands import Value, parse_operands
from .program import Program, SourceLoc
from .pseudo import PSEUDOS, li_size
from .statements import Statement, parse_statement
from .symbols import LABEL, AlreadyReported, SymbolTable, Unknown
from .tokens import tokenize


@dataclass
class Item:
    """A statement that places words, waiting for pass 2 to compute them."""

    line: int
    load: int                  # load address of its first word
    run: int                   # the same address as the program sees it ('.')
    size: int
    emit: Callable[["Evaluator"], list[int]]
    phased: bool = False       # inside a .phase block


@dataclass
class Deferred:
    """A pass-1 value that was not known yet; reported after pass 1 (.org x; x: ...)."""

    line: int
    col: int
    name: str
    directive: str


class _TooManyErrors(Exception):
    """Raised by Assembler.error when MAX_ASM_ERRORS diagnostics are collected."""


class Evaluator:
    """Pass-2 view of the symbol table for one statement."""

    def __init__(self, symbols: SymbolTable, address: int) -> None:
        self.symbols = symbols
        self.address = address

    def value(self, operand: Value) -> int:
        return evaluate(operand.node,
                        lambda name, col: self.symbols.lookup_final(name, col, self.address))


class Assembler:
    def __init__(self, source: str, filename: str, lang: str = DEFAULT_LANGUAGE) -> None:
        self.source = source
        self.filename = filename
        self.lang = check_language(lang)         # which .lang blocks are assembled
        self.lang_group: LangGroup | None = None
        # Only "\n" ends a line (an optional "\r" before it is dropped), so line
        # numbers agree with every editor; str.splitlines would also split on
        # form feeds and Unicode separators.
        self.lines = [line[:-1] if line.endswith("\r") else line
                      for line in source.split("\n")]
        self.symbols = SymbolTable()
        self.diagnostics: list[AsmDiagnostic] = []
        self.items: list[Item] = []
        self.deferred: list[Deferred] = []
        self.owner: dict[int, int] = {}          # load address -> line that placed it
        self.load = 0                            # location counter (load address)
        self.phase: Phase | None = None
        self.overflow_reported = False
        self.too_large_reported = False
        self.entry: tuple[int, Value, int] | None = None   # (line, expression, '.')
        self.line = 0                            # line being assembled

    # ------------------------------------------------------------ reporting
    def error(self, error: SourceError, line: int | None = None) -> None:
        line = self.line if line is None else line
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        self.diagnostics.append(diagnostic(self.filename, line, error.col,
                                           error.message, text, error.hint))
        if len(self.diagnostics) >= MAX_ASM_ERRORS:
            raise _TooManyErrors

    # ------------------------------------------------------------ addresses
    @property
    def here(self) -> int:
        """The current address as the program sees it (differs inside .phase)."""
        return self.load if self.phase is None else self.phase.run_address(self.load)

    def reserve(self, size: int, col: int) -> bool:
        """Claim load addresses for size words at the location counter."""
        start, run = self.load, self.here
        if max(start, run) + size - 1 > MASK:
            if not self.overflow_reported:
                self.overflow_reported = True
                bad = max(start, run) + size - 1
                self.error(SourceError(msg("address.outside", address=f"{bad:#x}"), col,
                                       msg("hint.past_end")))
            return False
        if len(self.owner) + size > MAX_PROGRAM_WORDS:
            if not self.too_large_reported:   # once: every later statement would repeat it
                self.too_large_reported = True
                self.error(SourceError(msg("program.too_large", limit=MAX_PROGRAM_WORDS),
                                       col, msg("hint.memory_size")))
            return False
        for address in range(start, start + size):
            first = self.owner.get(address)
            if first is not None:
                self.error(SourceError(msg("address.overlap", address=f"{address:#06x}",
                                           line=first), col, msg("hint.overlap")))
                return False
        for address in range(start, start + size):
            self.owner[address] = self.line
        return True

    def place(self, size: int, col: int, emit: Callable[[Evaluator], list[int]]) -> None:
        """Reserve size words and queue their computation for pass 2."""
        if size and self.reserve(size, col):
            self.items.append(Item(self.line, self.load, self.here, size, emit,
                                   self.phase is not None))
        self.load += size

    def value_now(self, operand: Value, directive: str) -> int | None:
        """A value pass 1 needs right away (.org, .space, .phase), or None after an error."""
        try:
            return evaluate(operand.node,
                            lambda name, col: self.symbols.lookup_now(name, col, self.here))
        except Unknown as unknown:
            self.deferred.append(Deferred(self.line, unknown.col, unknown.name, directive))
        except SourceError as error:
            self.error(error)
        except AlreadyReported:
            pass
        return None

    def known(self, operand: Value) -> int | None:
        """A value if pass 1 knows it already; silent otherwise (pass 2 will report)."""
        try:
            return evaluate(operand.node,
                            lambda name, col: self.symbols.lookup_now(name, col, self.here))
        except (Unknown, SourceError, AlreadyReported):
            return None

    # ------------------------------------------------------------ pass 1
    def pass1(self) -> None:
        for number, text in enumerate(self.lines, start=1):
            self.line = number
            tokens, token_error = tokenize(text)
            statement, parse_error = parse_statement(tokens, number, text)
            error = token_error or parse_error
            if self.lang_group is not None and statement.name not in LANG_DIRECTIVES:
                self.lang_group.note(statement)
                if skipped(self, statement):       # another language's line: syntax only
                    if error is not None:
                        self.error(error)
                    continue
            self.define_labels(statement)
            if error is not None:
                self.error(error)
                # Keep later addresses right so one typo does not move every label.
                self.load += self.nominal_size(statement)
                continue
            if statement.op is not None:
                self.assemble_statement(statement)
        close_languages(self)
        self.report_deferred()

    def define_labels(self, statement: Statement) -> None:
        for token in statement.labels:
            address = self.here
            if address > MASK:
                self.error(SourceError(msg("label.outside", name=token.text,
                                           address=f"{address:#x}"), token.col))
                continue
            try:
                self.symbols.define_label(token, address, self.line, self.load)
            except SourceError as error:
                self.error(error)

    def nominal_size(self, statement: Statement) -> int:
        name = statement.name
        if name in MACHINE_MNEMONICS:
            return 1
        if name in PSEUDOS:
            return PSEUDOS[name].size
        return 0

    def assemble_statement(self, statement: Statement) -> None:
        name = statement.name
        if name in DIRECTIVES:
            DIRECTIVE_HANDLERS[name](self, statement)
        elif name in MACHINE_MNEMONICS:
            info = BY_MNEMONIC[name.upper()]
            parsed, errors = parse_operands(statement, MACHINE_FORMS[name])
            self.place_instruction(statement, 1, errors,
                                   lambda ctx: encode_machine(info, parsed, ctx))
        elif name in PSEUDO_MNEMONICS:
            pseudo = PSEUDOS[name]
            parsed, errors = parse_operands(statement, pseudo.form)
            size = li_size(parsed, self.known) if name == "li" and not errors else pseudo.size
            self.place_instruction(statement, size, errors,
                                   lambda ctx: pseudo.expand(parsed, ctx, size))
        else:
            self.error(self.unknown_op(statement))

    def place_instruction(self, statement: Statement, size: int, errors: list[SourceError],
                          emit: Callable[[Evaluator], list[int]]) -> None:
        for error in errors:
            self.error(error)
        if errors:
            self.load += size
        else:
            self.place(size, statement.op.col, emit)

    def unknown_op(self, statement: Statement) -> SourceError:
        op = statement.op
        word = op.text
        if word.startswith("."):
            return SourceError(msg("op.unknown_directive", name=word), op.col,
                               did_you_mean(word.lower(), sorted(DIRECTIVES))
                               or msg("hint.directives", names=" ".join(sorted(DIRECTIVES))))
        hint = did_you_mean(word.lower(), MNEMONIC_CANDIDATES)
        operands = statement.operands
        if not hint and operands and operands[0].tokens[0].text.lower() == ".equ":
            hint = msg("hint.write_equ", name=word)
        if not hint and not operands:
            hint = msg("hint.define_label", name=word)
        return SourceError(msg("op.unknown_mnemonic", name=word), op.col, hint)

    def report_deferred(self) -> None:
        for item in self.deferred:
            symbol = self.symbols.get(item.name)
            if symbol is None:
                self.error(self.symbols.undefined(item.name, item.col), item.line)
                continue
            if symbol.line >= item.line:
                reason = msg("deferred.defined_later", name=item.name, line=symbol.line)
            else:
                reason = msg("deferred.depends_on_later", name=item.name)
            self.error(SourceError(msg("deferred.needs_value", directive=item.directive,
                                       reason=reason), item.col,
                                   msg("hint.move_definition_up")), item.line)

    # ------------------------------------------------------------ pass 2
    def pass2(self) -> Program:
        for symbol, error in self.symbols.resolve_all():
            self.error(error, symbol.line)
        image: dict[int, int] = {}
        source_map: dict[int, SourceLoc] = {}
        lines_to_addresses: dict[int, list[int]] = {}
        phase_map: dict[int, int] = {}
        for item in self.items:
            self.line = item.line
            try:
                words = item.emit(Evaluator(self.symbols, item.run))
            except SourceError as error:
                self.error(error)
                continue
            except AlreadyReported:
                continue
            assert len(words) == item.size, "pass 1 and pass 2 disagree on a size"
            loc = SourceLoc(self.filename, item.line)
            addresses = lines_to_addresses.setdefault(item.line, [])
            for offset, value in enumerate(words):
                address = item.load + offset
                image[address] = value & MASK
                source_map[address] = loc
                addresses.append(address)
                if item.phased:
                    phase_map[address] = item.run + offset
        entry = self.resolve_entry()
        labels = {name: s.value for name, s in self.symbols.symbols.items()
                  if s.kind == LABEL}
        label_loads = {name: s.load for name, s in self.symbols.symbols.items()
                       if s.kind == LABEL}
        symbols = {name: s.value for name, s in self.symbols.symbols.items()
                   if s.value is not None and not s.failed}
        return Program(image=image, entry=entry, symbols=symbols, labels=labels,
                       source_map=source_map, lines_to_addresses=lines_to_addresses,
                       filename=self.filename, source=self.source, phase_map=phase_map,
                       label_loads=label_loads, lang=self.lang)

    def resolve_entry(self) -> int:
        if self.entry is None:
            return 0
        line, operand, here = self.entry
        self.line = line
        try:
            value = Evaluator(self.symbols, here).value(operand)
        except SourceError as error:
            self.error(error)
            return 0
        except AlreadyReported:
            return 0
        if not 0 <= value <= MASK:
            self.error(SourceError(msg("entry.outside", value=value), operand.col))
            return 0
        return value

    def run(self) -> Program:
        try:
            self.pass1()
            program = self.pass2()
        except _TooManyErrors:
            stop = diagnostic(self.filename, 0, 0, msg("errors.too_many", count=MAX_ASM_ERRORS,
                                                        line=self.line),
                              hint=msg("hint.fix_first"))
            raise AssemblyError(sorted(self.diagnostics, key=lambda d: (d.line, d.col))
                                + [stop]) from None
        if self.diagnostics:
            raise AssemblyError(sorted(self.diagnostics, key=lambda d: (d.line, d.col)))
        return program


def assemble(source: str, filename: str = "<source>", lang: str = DEFAULT_LANGUAGE) -> Program:
    """Assemble VL32 source text; raises AssemblyError listing every error.

    lang ("en" or "ca") chooses the .lang blocks assembled (languages.py); a
    source without them gives the same program in every language.  A text
    longer than MAX_PROGRAM_BYTES characters is refused at once.
    """
    check_language(lang)
    if len(source) > MAX_PROGRAM_BYTES:
        raise AssemblyError([diagnostic(filename, 0, 0, msg("source.too_large", size=len(source),
                                                            limit=MAX_PROGRAM_BYTES))])
    try:
        return Assembler(source, filename, lang).run()
    except AssemblyError:
        raise
    except Exception as exc:  # noqa: BLE001 - the contract: only AssemblyError escapes
        # Reaching this is a bug in the assembler, never in the student's
        # program; the fuzz tests check that it does not happen.
        raise AssemblyError([diagnostic(
            filename, 0, 0, msg("internal", error=f"{type(exc).__name__}: {exc}"),
            hint=msg("hint.report_bug"))]) from exc
