"""Numbers, characters, symbols and the + - * / ( ) expression language."""

import pytest

from .helpers import build, one_error, words


def value(expression: str) -> int:
    """The 32-bit word .word stores for an expression."""
    return words(f".word {expression}")[0]


@pytest.mark.parametrize("text,expected", [
    ("42", 42), ("0x2A", 42), ("0X2a", 42), ("0b101010", 42), ("0B11", 3), ("007", 7),
    ("0xFFFF_FFFF", 0xFFFFFFFF), ("1_000", 1000), ("0", 0),
])
def test_number_literals(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("'A'", 65), ("' '", 32), ("'\\n'", 10), ("'\\t'", 9), ("'\\r'", 13), ("'\\0'", 0),
    ("'\\\\'", 92), ("'\\''", 39), ("'\\\"'", 34), ("'\"'", 34), ("'é'", 0xE9), ("';'", 59),
])
def test_character_literals(text, expected):
    assert value(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("1 + 2 * 3", 7), ("(1 + 2) * 3", 9), ("10 - 4 - 3", 3), ("100 / 10 / 5", 2),
    ("-5", 0xFFFFFFFB), ("- -5", 5), ("+5", 5), ("-(2 + 3) * 2", 0xFFFFFFF6),
    ("7 / 2", 3), ("-7 / 2", 0xFFFFFFFD), ("7 / -2", 0xFFFFFFFD), ("-7 / -2", 3),
    ("2 * -3", 0xFFFFFFFA), ("'a' - 'A'", 32), ("0x10 * 0x10 - 1", 255),
    ("((((1))))", 1), ("1 - 2 + 3", 2), ("8 / 2 * 4", 16),
])
def test_arithmetic(text, expected):
    assert value(text) == expected


def test_intermediate_values_are_exact_before_the_range_check():
    # 2^40 / 2^20 never fits a word, but the intermediate is fine.
    assert value("0x10000000000 / 0x100000") == 0x100000


def test_predefined_names_are_case_insensitive_constants():
    assert words(".word STATUS, ipend, Timer + 1, CONSOLE_OUT, console_in, "
                 "CONSOLE_STATUS") == [0, 10, 8, 0x10, 0x11, 0x12]


def test_current_address():
    assert words("nop\n.word ., . + 1\nb . - 3") == [0x04000000, 1, 2, 0x8003FFFD]


def test_labels_are_case_sensitive():
    program = build("Loop: nop\nloop: nop\n.word Loop, loop")
    assert program.labels == {"Loop": 0, "loop": 1}
    error = one_error("Loop: nop\njmp LOOP")
    assert error.message == "undefined symbol 'LOOP'"
    assert error.hint == "did you mean 'Loop'? (labels are case-sensitive)"


def test_label_names_with_dots_and_underscores():
    program = build(".L1: _x: a.b_2: nop\n.word .L1, _x, a.b_2")
    assert program.labels == {".L1": 0, "_x": 0, "a.b_2": 0}


def test_division_by_zero():
    error = one_error("addi r1, r0, 4 / (2 - 2)")
    assert (error.line, error.col, error.message) == (1, 16, "division by zero")


def test_division_by_zero_in_equ_is_reported_once():
    error = one_error(".equ BAD, 1 / 0\n.word BAD\n.word BAD + 1")
    assert (error.line, error.col, error.message) == (1, 13, "division by zero")


def test_value_too_large():
    error = one_error(".word 0xFFFFFFFFFFFFFFFF * 0xFFFFFFFFFFFFFFFF")
    assert (error.col, error.message) == (26, "value too large: intermediate results must "
                                              "stay within -2^64..2^64")
    error = one_error(".word 0x1_0000_0000_0000_0000")
    assert error.message == "number literal '0x1_0000_0000_0000_0000' is too large"


@pytest.mark.parametrize("source,col,message,hint", [
    ("addi r1, r0, 5 +", 17, "expression ends after '+'", "a value is missing here"),
    ("addi r1, r0, (5", 14, "missing ')'", "this '(' is never closed"),
    ("addi r1, r0, 5)", 15, "unbalanced ')'", ""),
    ("addi r1, r0, 5 5", 16, "unexpected '5' in expression",
     "operators are + - * / and parentheses"),
    ("addi r1, r0, * 5", 14, "unexpected '*' in expression", ""),
    ("addi r1, r0, 1 + r2", 18, "register 'r2' cannot be used in an expression",
     "values are numbers, characters, labels, .equ names and SR/port names"),
    ('.word "ab"', 7, "unexpected '\"ab\"' in expression", "strings are only allowed in .string"),
    ("addi r1, r0, 5 % 2", 16, "unexpected character '%'",
     "expressions use + - * / and parentheses; comments start with ';' or '#'"),
])
def test_bad_expression_syntax(source, col, message, hint):
    error = one_error(source)
    assert (error.line, error.col, error.message, error.hint) == (1, col, message, hint)


def test_nesting_limit():
    assert value("(" * 40 + "1" + ")" * 40) == 1
    error = one_error(".word " + "(" * 41 + "1" + ")" * 41)
    assert (error.col, error.message) == (47, "expression nested too deeply")
    error = one_error(".word " + "-" * 41 + "1")
    assert error.message == "expression nested too deeply"


def test_long_flat_expressions_are_fine():
    assert value(" + ".join(["1"] * 5000)) == 5000
