"""The pygments lexer used for highlighting in the GUI and the docs."""

from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.token import (Comment, Error, Keyword, Name, Number, Operator, Punctuation, String,
                            Token)

from vmlab.asm import disassemble
from vmlab.asm.lexer import PRIVILEGED, SENSITIVE, VL32Lexer

SAMPLE = """\
; kernel entry
        .equ TICKS, 0x100        # comment with # too
        .org 0
start:  la sp, stack_top
        li r1, 'A'
        mtsr TIMER, r1
        MFSR r2, status
        getf r3
        setf r0
        out CONSOLE_OUT, r1
        in r4, console_in
        lw r5, -4(r2)
        beqz r5, start
        b . - 2
        jal handler
        eret
        wfi
        halt
        syscall 0b101
handler: push ra
        pop ra
        ret
msg:    .string "Hi\\n\\"there\\""
        .word 1_000, (TICKS + 2) * 3 / 4, '\\n'
        .phase 0
user:   nop
        .dephase
        .space 16
stack_top:
"""


def tokens(text):
    return [(kind, value) for kind, value in VL32Lexer().get_tokens(text) if value.strip()]


def kind_of(text, value):
    return next(kind for kind, v in tokens(text) if v == value)


def test_lexer_metadata():
    assert VL32Lexer.name == "VL32"
    assert VL32Lexer.aliases == ["vl32"]
    assert VL32Lexer.filenames == ["*.vl32"]


def test_sample_program_has_no_error_tokens_and_round_trips():
    lexed = list(VL32Lexer().get_tokens(SAMPLE))
    assert [kind for kind, _ in lexed if kind in Error] == []
    assert "".join(value for _, value in lexed) == SAMPLE


def test_privileged_instructions_are_marked():
    assert PRIVILEGED is Keyword.Reserved
    for mnemonic in ("eret", "wfi", "halt", "mtsr", "MFSR", "out", "in"):
        assert kind_of(SAMPLE, mnemonic) is PRIVILEGED, mnemonic
    for mnemonic in ("la", "li", "lw", "beqz", "b", "jal", "syscall", "push", "pop", "ret",
                     "nop"):
        assert kind_of(SAMPLE, mnemonic) is Keyword, mnemonic


def test_getf_and_setf_are_sensitive_but_not_privileged():
    assert SENSITIVE is Keyword.Sensitive and SENSITIVE is not PRIVILEGED
    assert kind_of(SAMPLE, "getf") is SENSITIVE
    assert kind_of(SAMPLE, "setf") is SENSITIVE


def test_token_kinds_of_a_sample_line_by_line():
    assert tokens("loop:  lw r1, -4(sp) ; load\n") == [
        (Name.Label, "loop"), (Punctuation, ":"), (Keyword, "lw"), (Name.Variable, "r1"),
        (Punctuation, ","), (Operator, "-"), (Number.Integer, "4"), (Punctuation, "("),
        (Name.Variable, "sp"), (Punctuation, ")"), (Comment.Single, "; load")]
    assert tokens("  out CONSOLE_OUT, r15\n") == [
        (PRIVILEGED, "out"), (Name.Constant, "CONSOLE_OUT"), (Punctuation, ","),
        (Name.Variable, "r15")]
    assert tokens(".word 0x1F, 0b10, 'c', end, .\n") == [
        (Keyword.Pseudo, ".word"), (Number.Hex, "0x1F"), (Punctuation, ","),
        (Number.Bin, "0b10"), (Punctuation, ","), (String.Char, "'c'"), (Punctuation, ","),
        (Name, "end"), (Punctuation, ","), (Name.Builtin.Pseudo, ".")]
    assert tokens('.string "a\\tb"\n') == [
        (Keyword.Pseudo, ".string"), (String.Double, '"'), (String.Double, "a"),
        (String.Escape, "\\t"), (String.Double, "b"), (String.Double, '"')]


def test_operands_named_like_mnemonics_are_names():
    # After the mnemonic, "add" is a label reference, not an instruction.
    assert tokens("jmp add\n") == [(Keyword, "jmp"), (Name, "add")]
    assert tokens("add: nop\n")[0] == (Name.Label, "add")


def test_mistakes_are_error_tokens():
    assert tokens("addd r1\n")[0] == (Error, "addd")
    assert (Error, "12abc") in tokens(".word 12abc\n")
    assert any(kind in Error for kind, _ in tokens(".word 5 @ 3\n"))


def test_unterminated_string_ends_at_the_line():
    lexed = tokens('.string "abc\nnop\n')
    assert lexed[-1] == (Keyword, "nop")


@settings(max_examples=max(settings.default.max_examples, 300))
@given(st.integers(0, 2**32 - 1), st.integers(0, 2**32 - 1))
def test_every_disassembly_lexes_without_errors(word, address):
    text = disassemble(word, address) + "\n"
    lexed = list(VL32Lexer().get_tokens(text))
    assert [v for kind, v in lexed if kind in Error] == []
    assert lexed[0][0] in Keyword and lexed[0][0] is not Token.Error
