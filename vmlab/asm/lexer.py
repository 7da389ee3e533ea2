"""Pygments lexer for VL32 assembly (registered as "vl32", files *.vl32).

Token types, chosen so the GUI can colour what matters for the lessons:

* Keyword.Reserved   privileged instructions (ERET MFSR MTSR IN OUT WFI HALT):
                     they trap in user mode
* Keyword.Sensitive  GETF and SETF: sensitive but *not* privileged, the
                     deliberate flaw (a custom subtype of Keyword)
* Keyword            every other instruction and the pseudo-instructions
* Keyword.Pseudo     directives (.org, .word, ...)
* Name.Label         label definitions; Name: symbols used in operands
* Name.Variable      registers; Name.Constant: SR and port names
* Name.Builtin.Pseudo  "." (the current address)
* Number.Hex/.Bin/.Integer, String.Char, String.Double (+ String.Escape)
* Comment.Single, Operator, Punctuation, Whitespace
* Error              an unknown mnemonic or a malformed literal
"""

from __future__ import annotations

import re

from pygments.lexer import RegexLexer, bygroups, words
from pygments.token import (Comment, Error, Keyword, Name, Number, Operator, Punctuation, String,
                            Whitespace)

from ..isa.spec import OPS, PORT_NAMES, SR_NAMES
from .names import DIRECTIVES, PSEUDO_MNEMONICS

PRIVILEGED = Keyword.Reserved
SENSITIVE = Keyword.Sensitive

# GETF/SETF read or change privileged state without trapping (VL32.md).
SENSITIVE_UNPRIVILEGED = frozenset({"getf", "setf"})
PRIVILEGED_MNEMONICS = frozenset(i.mnemonic.lower() for i in OPS.values() if i.privileged)
PLAIN_MNEMONICS = frozenset(i.mnemonic.lower() for i in OPS.values()) \
    - PRIVILEGED_MNEMONICS - SENSITIVE_UNPRIVILEGED | PSEUDO_MNEMONICS

_IDENT = r"[A-Za-z_.][A-Za-z0-9_.]*"
_END = r"(?![A-Za-z0-9_.])"          # a whole word: no identifier character follows


def _words(names) -> str:
    # Longest first so "beqz" wins over "beq".
    return words(sorted(names, key=lambda n: (-len(n), n)), suffix=_END)


class VL32Lexer(RegexLexer):
    name = "VL32"
    aliases = ["vl32"]
    filenames = ["*.vl32"]
    mimetypes = ["text/x-vl32"]
    flags = re.IGNORECASE | re.MULTILINE

    tokens = {
        "root": [
            (r"\n", Whitespace),
            (r"[ \t\r\f\v]+", Whitespace),
            (r"[;#].*", Comment.Single),
            (rf"({_IDENT})([ \t]*)(:)", bygroups(Name.Label, Whitespace, Punctuation)),
            (_words(PRIVILEGED_MNEMONICS), PRIVILEGED, "operands"),
            (_words(SENSITIVE_UNPRIVILEGED), SENSITIVE, "operands"),
            (_words(PLAIN_MNEMONICS), Keyword, "operands"),
            (_words(DIRECTIVES), Keyword.Pseudo, "operands"),
            (_IDENT, Error, "operands"),
        ],
        "operands": [
            (r"\n", Whitespace, "#pop"),
            (r"[ \t\r\f\v]+", Whitespace),
            (r"[;#].*", Comment.Single),
            (r'"', String.Double, "string"),
            (r"'(?:\\[ntr0\\'\"]|[^\\'\n])'", String.Char),
            (r"0[xX][0-9A-Fa-f_]+" + _END, Number.Hex),
            (r"0[bB][01_]+" + _END, Number.Bin),
            (r"[0-9][0-9_]*" + _END, Number.Integer),
            (r"[0-9][A-Za-z0-9_.]*", Error),
            (r"(?:r1[0-5]|r[0-9]|sp|ra)" + _END, Name.Variable),
            (_words(n.lower() for n in list(SR_NAMES) + list(PORT_NAMES.values())),
             Name.Constant),
            (r"\." + _END, Name.Builtin.Pseudo),
            (_IDENT, Name),
            (r"[-+*/]", Operator),
            (r"[(),:]", Punctuation),
        ],
        "string": [
            (r'"', String.Double, "#pop"),
            (r"\\[ntr0\\'\"]", String.Escape),
            (r"\\.?", Error),
            (r'[^"\\\n]+', String.Double),
            (r"\n", Whitespace, "#pop:2"),   # unterminated: the line ends the statement
        ],
    }
