"""Directives: .equ .org .word .string .space .entry and the .phase/.dephase extension."""

import pytest

from .helpers import build, errors, i18, j26, one_error, words


# ---------------------------------------------------------------- .equ
def test_equ_defines_a_constant():
    program = build(".equ SIZE, 4 * 4\naddi r1, r0, SIZE")
    assert program.image == {0: i18(0x10, 1, 0, 16)}
    assert program.symbols == {"SIZE": 16}
    assert program.labels == {}


def test_equ_may_refer_forward_and_chain():
    program = build(".equ LEN, end - start\n.equ TWICE, LEN * 2\n"
                    "start: .word TWICE, LEN\nend:")
    assert program.symbols == {"LEN": 2, "TWICE": 4, "start": 0, "end": 2}
    assert program.image == {0: 4, 1: 2}


def test_equ_long_forward_chain_does_not_recurse():
    # 3000 names each defined from the next one: resolved with an explicit stack.
    lines = [f".equ A{i}, A{i + 1} + 1" for i in range(3000)] + [".equ A3000, 0", ".word A0"]
    assert build("\n".join(lines)).image == {0: 3000}


def test_equ_can_be_negative_and_used_with_dot():
    program = build("nop\n.equ HERE, .\n.equ MINUS, -5\n.word HERE, MINUS")
    assert program.symbols["HERE"] == 1 and program.symbols["MINUS"] == -5
    assert program.image == {0: 0x04000000, 1: 1, 2: 0xFFFFFFFB}


def test_equ_circular_definition():
    found = errors(".equ A, B + 1\n.equ B, A")
    assert [(e.line, e.col, e.message) for e in found] == [
        (2, 9, "circular definition: A -> B -> A")]
    assert found[0].hint == "an .equ cannot depend on itself"
    assert one_error(".equ SELF, SELF").message == "circular definition: SELF -> SELF"


# ---------------------------------------------------------------- .org
def test_org_sets_the_location_counter():
    program = build("nop\n.org 0x10\nhere: nop\n.org here + 0x10\nthere: halt")
    assert program.image == {0: 0x04000000, 0x10: 0x04000000, 0x20: 0xE0000000}
    assert program.labels == {"here": 0x10, "there": 0x20}


def test_org_backwards_is_fine_without_overlap():
    program = build(".org 10\nnop\n.org 5\nhalt")
    assert program.image == {10: 0x04000000, 5: 0xE0000000}


def test_org_overlap_names_both_lines():
    error = one_error("nop\nnop\n.org 1\nhalt")
    assert (error.line, error.col) == (4, 1)
    assert error.message == "address 0x0001 already holds a word from line 2"
    assert error.hint == "two parts of the program overlap; check .org"


def test_org_with_forward_reference():
    error = one_error(".org start\nstart: nop")
    assert (error.line, error.col) == (1, 6)
    assert error.message == ".org needs a value known at this point, but 'start' is " \
                            "defined later (line 2)"
    assert error.hint == "move the definition above this line"


def test_org_with_undefined_symbol():
    error = one_error("strat: nop\n.org start")
    assert (error.line, error.col, error.message) == (2, 6, "undefined symbol 'start'")
    assert error.hint == "did you mean 'strat'?"


def test_org_with_equ_that_depends_on_later_symbol():
    error = one_error(".equ A, B\n.org A\n.equ B, 4")
    assert error.message == (".org needs a value known at this point, but the value of 'A' "
                             "depends on symbols defined later")


@pytest.mark.parametrize("value", ["-1", "0x100000000"])
def test_org_outside_address_space(value):
    error = one_error(f".org {value}")
    assert (error.line, error.col) == (1, 6)
    assert error.message == f"address {int(value, 0)} is outside 0..0xFFFFFFFF"


def test_words_past_the_top_of_the_address_space():
    error = one_error(".org 0xFFFFFFFF\n.word 1, 2")
    assert (error.line, error.col) == (2, 1)
    assert error.message == "address 0x100000000 is outside 0..0xFFFFFFFF"
    assert build(".org 0xFFFFFFFF\nhalt").image == {0xFFFFFFFF: 0xE0000000}


# ---------------------------------------------------------------- .word
def test_word_values_and_wrapping():
    assert words(".word 0, 1, -1, 0xFFFFFFFF, -2147483648, 'a', end\nend:") == [
        0, 1, 0xFFFFFFFF, 0xFFFFFFFF, 0x80000000, 97, 7]


@pytest.mark.parametrize("value", ["0x100000000", "-2147483649"])
def test_word_out_of_range(value):
    error = one_error(f".word 1, {value}")
    assert (error.line, error.col) == (1, 10)
    assert error.message == (f"value {int(value, 0)} out of range for .word: allowed "
                             "-2147483648..4294967295 (32 bits)")


def test_word_needs_a_value():
    error = one_error(".word")
    assert (error.col, error.message) == (1, ".word expects at least one value")


# ---------------------------------------------------------------- .string
def test_string_is_one_character_per_word_then_zero():
    assert words('.string "Hi!"') == [72, 105, 33, 0]
    assert words('.string ""') == [0]


def test_string_escapes_and_latin1():
    assert words(r'.string "a\n\t\r\0\\\'\"b"') == [97, 10, 9, 13, 0, 92, 39, 34, 98, 0]
    assert words('.string "Què? Col·lecció, ñ, ÿ"') == [ord(c) for c in
                                                       "Què? Col·lecció, ñ, ÿ"] + [0]


def test_string_rejects_characters_beyond_latin1():
    error = one_error('msg: .string "ŀ and €"')
    assert (error.line, error.col) == (1, 15)
    assert error.message == "character 'ŀ' (U+0140) in .string is not Latin-1 (and 1 more)"
    assert "Latin-1" in error.hint and "l·l" in error.hint


def test_string_needs_one_string():
    error = one_error(".string 5")
    assert (error.col, error.message) == (9, ".string expects one string in double quotes, "
                                             "found '5'")
    assert one_error('.string "a", "b"').message == (
        ".string expects one string in double quotes, found '\"a\", \"b\"'")
    assert one_error(".string").message == ".string expects one string in double quotes"


# ---------------------------------------------------------------- .space
def test_space_places_zero_words():
    program = build("a: .space 3\nb: .word 7\n.space 0\nc: halt")
    assert program.image == {0: 0, 1: 0, 2: 0, 3: 7, 4: 0xE0000000}
    assert program.labels == {"a": 0, "b": 3, "c": 4}


def test_space_count_must_be_known_and_in_range():
    assert one_error(".space -1").message == "count -1 out of range for .space: allowed 0..262144"
    assert one_error(".space N\n.equ N, 2").message == (
        ".space needs a value known at this point, but 'N' is defined later (line 2)")


def test_program_size_limit():
    error = one_error(".space 262144\n.word 1\nnop\nnop")
    assert (error.line, error.message) == (2, "program too large: more than 262144 words")


# ---------------------------------------------------------------- .entry
def test_entry_defaults_to_zero():
    assert build("start: nop").entry == 0


def test_entry_may_refer_forward():
    program = build(".entry main\nnop\nmain: halt")
    assert program.entry == 1


def test_entry_twice_and_undefined_and_out_of_range():
    error = one_error(".entry 0\n.entry 1")
    assert (error.line, error.col, error.message) == (2, 1, ".entry given twice: first on line 1")
    error = one_error(".entry mian\nmain: halt")
    assert (error.line, error.col, error.message) == (1, 8, "undefined symbol 'mian'")
    assert error.hint == "did you mean 'main'?"
    assert one_error(".entry -1").message == "entry point -1 is outside 0..0xFFFFFFFF"


# ---------------------------------------------------------------- .phase
USER = """\
        .org 0x100
        .phase 0
user:   addi r1, r0, data
loop:   b loop
        jmp user
data:   .word .
        .dephase
after:  halt
"""


def test_phase_assembles_for_the_run_address_and_places_at_the_load_address():
    program = build(USER)
    assert program.labels == {"user": 0, "loop": 1, "data": 3, "after": 0x104}
    assert program.image == {0x100: i18(0x10, 1, 0, 3), 0x101: i18(0x20, 0, 0, 0),
                             0x102: j26(0x28, 0), 0x103: 3, 0x104: 0xE0000000}
    assert program.phase_map == {0x100: 0, 0x101: 1, 0x102: 2, 0x103: 3}
    assert program.line_of(0x103) == 6 and program.lines_to_addresses[6] == [0x103]


def test_phase_errors():
    error = one_error(".phase 0\n.phase 4")
    assert (error.line, error.message) == (2, "already inside a .phase block (started on line 1)")
    error = one_error(".dephase")
    assert (error.line, error.col, error.message) == (1, 1, ".dephase without a matching .phase")
    error = one_error(".phase 0\n.org 5")
    assert error.message == ".org inside a .phase block (started on line 1)"
    assert one_error(".dephase 3").message == ".dephase takes no operands"
    assert one_error(".phase x\nx:").message == (
        ".phase needs a value known at this point, but 'x' is defined later (line 2)")


def test_phase_open_at_end_of_file_is_closed():
    assert build(".org 4\n.phase 0\nx: nop").labels == {"x": 0}


def test_directives_are_case_insensitive():
    program = build(".ORG 2\n.Word 5\n.EQU K, 1\n.Entry K")
    assert program.image == {2: 5} and program.entry == 1


def test_directive_operand_counts():
    assert one_error(".org").message == ".org expects address (1 operand), found 0"
    assert one_error(".equ X").message == ".equ expects NAME, value (2 operands), found 1"
    error = one_error(".equ 5, 5")
    assert (error.col, error.message) == (6, "expected a symbol name for .equ, found '5'")
    assert one_error(".word r1").message == "expected a value for .word, found the register 'r1'"


def test_phase_at_its_own_load_address_still_maps_every_word():
    program = build(".org 3\n.phase 3\nx: nop\n.dephase\nnop")
    assert program.labels == {"x": 3} and program.phase_map == {3: 3}


def test_label_past_the_top_of_the_address_space():
    error = one_error(".org 0xFFFFFFFF\nnop\nend:")
    assert (error.line, error.col) == (3, 1)
    assert error.message == "label 'end' at address 0x100000000 is outside 0..0xFFFFFFFF"


def test_phased_addresses_must_stay_32_bit():
    error = one_error(".phase 0xFFFFFFFF\nnop\nnop")
    assert (error.line, error.message) == (3, "address 0x100000000 is outside 0..0xFFFFFFFF")
    assert one_error(".phase -4").message == "address -4 is outside 0..0xFFFFFFFF"


def test_entry_uses_the_address_of_its_line():
    assert build("nop\nnop\n.entry .").entry == 2
