"""Language blocks: one source, the texts a program prints chosen by language.

    .lang en
    banner: .string "Alpha time-sharing kernel\\n"
    .lang ca
    banner: .string "Nucli Alpha de temps compartit\\n"
    .endlang

A program is assembled for one language ("en" unless the caller says
otherwise: assemble(source, lang="ca")).  The lines after ``.lang NAME
{, NAME}``, up to the next ``.lang`` or ``.endlang``, are assembled only when
that language is one of the NAMEs; the others place no words and define no
names, as if they were comments.  A group of blocks (from its first
``.lang`` to its ``.endlang``) must define the same labels and .equ names for
every language, so a program that assembles in one language refers to
nothing that is missing in another; this is checked whatever the language.
Syntax errors are reported in every block, so a typo in the Catalan texts
shows in an English build too.  Blocks do not nest (a ``.lang`` inside a
group starts its next block) and every group ends with ``.endlang``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .diagnostics import SourceError
from .messages import LANGUAGES, check_language, msg
from .statements import Statement
from .tokens import IDENT

if TYPE_CHECKING:
    from .assembler import Assembler

DEFAULT_LANGUAGE = "en"
LANG_DIRECTIVES = frozenset({".lang", ".endlang"})


@dataclass
class LangGroup:
    """The blocks from one group's first .lang to its .endlang."""

    line: int                                    # its first .lang
    languages: frozenset[str]                    # those of the block being read
    # language -> name -> the line that defines it there
    names: dict[str, dict[str, int]] = field(
        default_factory=lambda: {lang: {} for lang in LANGUAGES})

    def note(self, statement: Statement) -> None:
        """Record the names statement defines for the languages of the current block."""
        defined = [token.text for token in statement.labels]
        if statement.name == ".equ" and statement.operands:
            tokens = statement.operands[0].tokens
            if len(tokens) == 1 and tokens[0].kind == IDENT:
                defined.append(tokens[0].text)
        for lang in self.languages:
            for name in defined:
                self.names[lang].setdefault(name, statement.line)

    def missing(self) -> list[tuple[str, str, int, str]]:
        """(name, language that defines it, its line there, language that does not)."""
        out = []
        every = {}
        for lang in LANGUAGES:
            for name, line in self.names[lang].items():
                every.setdefault(name, (lang, line))
        for name, (lang, line) in every.items():
            out += [(name, lang, line, other) for other in LANGUAGES
                    if name not in self.names[other]]
        return out


def lang(asm: "Assembler", statement: Statement) -> None:
    """.lang NAME {, NAME}: the next lines are for these languages only."""
    chosen = []
    for operand in statement.operands:
        tokens = operand.tokens
        if len(tokens) != 1 or tokens[0].kind != IDENT or tokens[0].text not in LANGUAGES:
            asm.error(SourceError(msg("directive.lang_name", text=operand.text), operand.col,
                                  msg("hint.lang_names", names=", ".join(LANGUAGES))))
            continue
        chosen.append(tokens[0].text)
    if not statement.operands:
        asm.error(SourceError(msg("directive.lang_empty"), statement.op.col,
                              msg("hint.lang_names", names=", ".join(LANGUAGES))))
    languages = frozenset(chosen)
    if asm.lang_group is None:
        asm.lang_group = LangGroup(asm.line, languages)
    else:
        asm.lang_group.languages = languages


def endlang(asm: "Assembler", statement: Statement) -> None:
    """.endlang: the lines after it are for every language again."""
    if statement.operands:
        asm.error(SourceError(msg("directive.endlang_operands"), statement.operands[0].col,
                              msg("hint.write", code=".endlang")))
    group = asm.lang_group
    if group is None:
        asm.error(SourceError(msg("directive.endlang_alone"), statement.op.col,
                              msg("hint.start_lang")))
        return
    check_group(asm, group, asm.line, statement.op.col)
    asm.lang_group = None


def check_group(asm: "Assembler", group: LangGroup, line: int, col: int) -> None:
    for name, has, where, lacks in group.missing():
        asm.error(SourceError(msg("lang.missing_name", name=name, has=has, line=where,
                                  lacks=lacks), col, msg("hint.lang_same_names")), line)


def close(asm: "Assembler") -> None:
    """At the end of the source: an open group is an error (and still checked)."""
    group = asm.lang_group
    if group is not None:
        asm.error(SourceError(msg("directive.lang_open"), 1, msg("hint.end_lang")),
                  group.line)
        check_group(asm, group, group.line, 1)
        asm.lang_group = None


def skipped(asm: "Assembler", statement: Statement) -> bool:
    """True when statement lies in a block of another language than asm's."""
    group = asm.lang_group
    return (group is not None and statement.name not in LANG_DIRECTIVES
            and asm.lang not in group.languages)


__all__ = ["DEFAULT_LANGUAGE", "LANG_DIRECTIVES", "LangGroup", "check_language", "close",
           "endlang", "lang", "skipped"]
