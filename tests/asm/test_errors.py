"""Every kind of error: where it points, what it says, what it suggests."""

import pytest

from vmlab.asm import AsmDiagnostic, AssemblyError, assemble

from .helpers import errors, one_error


def where(error: AsmDiagnostic) -> tuple:
    return (error.file, error.line, error.col)


# ---------------------------------------------------------------- presentation
def test_diagnostic_str_has_location_source_caret_and_hint():
    error = one_error("nop\n\tadd r1, r2, r99")
    assert str(error) == ("t.vl32:2:14: error: unknown register 'r99'\n"
                          "    \tadd r1, r2, r99\n"
                          "    \t            ^\n"
                          "    hint: registers are r0..r15, sp, ra")
    assert error.text == "\tadd r1, r2, r99"


def test_diagnostic_without_hint_or_line():
    bare = AsmDiagnostic("f.vl32", 1, 3, "boom", "abcdef")
    assert str(bare) == "f.vl32:1:3: error: boom\n    abcdef\n      ^"
    whole_file = AsmDiagnostic("f.vl32", 0, 0, "cannot read 'f.vl32': no such file")
    assert str(whole_file) == "f.vl32: error: cannot read 'f.vl32': no such file"


def test_every_error_of_a_file_is_reported_at_once_in_line_order():
    source = ("jmp nowhere\n"          # pass 2: undefined
              "addd r1, r2, r3\n"      # pass 1: unknown mnemonic
              "addi r1, r2, 999999\n"  # pass 2: range
              ".word 1/0\n"            # pass 2: division by zero
              "x: nop\nx: nop\n")      # pass 1: duplicate
    with pytest.raises(AssemblyError) as info:
        assemble(source, "many.vl32")
    found = info.value.errors
    assert [(e.line, e.col) for e in found] == [(1, 5), (2, 1), (3, 14), (4, 8), (6, 1)]
    assert [e.message.split(" ")[0] for e in found] == [
        "undefined", "unknown", "immediate", "division", "duplicate"]
    text = str(info.value)
    assert text.startswith("many.vl32:1:5: error: undefined symbol 'nowhere'\n")
    assert text.endswith("\n5 errors")
    assert all(str(e) in text for e in found)


def test_assembly_error_is_an_exception_with_a_single_error_count():
    with pytest.raises(AssemblyError) as info:
        assemble("bogus")
    assert isinstance(info.value, Exception)
    assert str(info.value).endswith("\n1 error")
    assert info.value.errors[0].file == "<source>"


def test_a_broken_line_still_defines_its_labels_and_keeps_addresses():
    # The bad literal spoils line 1 only: 'here' is defined, 'after' stays at 1.
    found = errors("here: li r1, 0x\nafter: jmp here\n.word after")
    assert [(e.line, e.message) for e in found] == [
        (1, "bad number literal '0x' (not a valid hexadecimal number)")]


# ---------------------------------------------------------------- mnemonics, directives
@pytest.mark.parametrize("source,hint", [
    ("  addd r1, r2, r3", "did you mean 'add'?"),
    ("  ADDU r1, r2, r3", "did you mean 'add'?"),
    ("  hlt", "did you mean 'halt'?"),
    ("  pusj r1", "did you mean 'push'?"),
    ("  loop", "to define a label write 'loop:'"),
    ("  SIZE .equ 4", "write '.equ SIZE, value'"),
    ("  xyzzy r1", ""),
])
def test_unknown_mnemonic(source, hint):
    error = one_error(source)
    word = source.split()[0]
    assert where(error) == ("t.vl32", 1, 3)
    assert error.message == f"unknown mnemonic '{word}'"
    assert error.hint == hint


def test_unknown_directive():
    error = one_error("x: .strng \"a\"")
    assert where(error) == ("t.vl32", 1, 4)
    assert error.message == "unknown directive '.strng'"
    assert error.hint == "did you mean '.string'?"
    error = one_error(".zzz")
    assert error.hint == ("directives are .dephase .endlang .entry .equ .lang .org .phase .space "
                          ".string .word")


def test_statement_must_start_with_a_name():
    error = one_error("label: 42")
    assert where(error) == ("t.vl32", 1, 8)
    assert error.message == "expected an instruction or a directive, found '42'"


# ---------------------------------------------------------------- registers
@pytest.mark.parametrize("operand,hint", [
    ("r16", "registers are r0..r15, sp, ra"),
    ("R99", "registers are r0..r15, sp, ra"),
    ("rr3", "did you mean 'r3'?"),
    ("spp", "did you mean 'sp'?"),
    ("x", "registers are r0..r15, sp, ra"),
])
def test_unknown_register(operand, hint):
    error = one_error(f"sub r1, {operand}, r2")
    assert where(error) == ("t.vl32", 1, 9)
    assert error.message == f"unknown register '{operand}'"
    assert error.hint == hint


def test_unknown_register_as_memory_base():
    error = one_error("lw r1, 8(r20)")
    assert (error.col, error.message) == (10, "unknown register 'r20'")
    assert error.hint == ("the base in imm(rs) must be a register; for an absolute address "
                          "write r20(r0)")


# ---------------------------------------------------------------- symbols
def test_undefined_symbol_with_and_without_a_close_name():
    error = one_error("counter: nop\nb countr")
    assert where(error) == ("t.vl32", 2, 3)
    assert error.message == "undefined symbol 'countr'"
    assert error.hint == "did you mean 'counter'?"
    error = one_error("jmp qqq")
    assert error.hint == "define it as a label ('qqq:') or with '.equ qqq, value'"
    error = one_error("mfsr r1, STATU")
    assert error.hint == "did you mean 'STATUS'?"


@pytest.mark.parametrize("name,kind", [
    ("r3", "a register name"), ("SP", "a register name"), ("ra", "a register name"),
    ("timer", "a system register name"), ("CONSOLE_OUT", "a port name"),
])
def test_reserved_names_cannot_be_labels_or_equ(name, kind):
    error = one_error(f"{name}: nop")
    assert where(error) == ("t.vl32", 1, 1)
    assert error.message == f"'{name}' is {kind} and cannot be used as a label"
    error = one_error(f".equ {name}, 1")
    assert error.message == f"'{name}' is {kind} and cannot be used as a .equ name"


def test_dot_alone_cannot_be_a_label():
    assert one_error(".: nop").message == \
        "'.' is the current address and cannot be used as a label"


# ---------------------------------------------------------------- operand counts and kinds
@pytest.mark.parametrize("source,col,message", [
    ("add r1, r2", 1, "ADD expects rd, rs, rt (3 operands), found 2"),
    ("add r1, r2, r3, r4", 17, "ADD expects rd, rs, rt (3 operands), found 4"),
    ("lw r1", 1, "LW expects rd, imm(rs) (2 operands), found 1"),
    ("jmp", 1, "JMP expects target (1 operand), found 0"),
    ("halt r1", 6, "HALT takes no operands"),
    ("mfsr r1", 1, "MFSR expects rd, SR (2 operands), found 1"),
    ("out r1", 1, "OUT expects port, rs (2 operands), found 1"),
])
def test_wrong_number_of_operands(source, col, message):
    error = one_error(source)
    assert (error.line, error.col, error.message) == (1, col, message)


@pytest.mark.parametrize("source,col,message", [
    ("add r1,, r2", 8, "missing operand before ','"),
    ("add r1, r2,", 11, "missing operand after ','"),
])
def test_missing_operand(source, col, message):
    error = one_error(source)
    assert (error.col, error.message) == (col, message)


@pytest.mark.parametrize("source,col,message,hint", [
    ("add r1, r2, 5", 13, "expected a register for rt of ADD, found '5'",
     "did you mean 'addi'?"),
    ("xor r1, r2, 1 + 1", 13, "expected a register for rt of XOR, found '1 + 1'",
     "did you mean 'xori'?"),
    ("sub r1, r2, 1", 13, "expected a register for rt of SUB, found '1'",
     "to subtract a constant use addi with a negative immediate"),
    ("mul r1, r2, 3", 13, "expected a register for rt of MUL, found '3'",
     "MUL expects rd, rs, rt; registers are r0..r15, sp, ra"),
    ("mfsr STATUS, 5", 6, "expected a register for rd of MFSR, found the system register "
     "name 'STATUS'", "MFSR expects rd, SR"),
    ("in CONSOLE_IN, CONSOLE_IN", 4, "expected a register for rd of IN, found the port name "
     "'CONSOLE_IN'", "IN expects rd, port"),
    ("addi r1, r2, r3", 14, "expected a value for imm of ADDI, found the register 'r3'",
     "did you mean 'add'?"),
    ("jmp r5", 5, "expected a value for target of JMP, found the register 'r5'",
     "did you mean 'jr'?"),
    ("li r1, r2", 8, "expected a value for imm32 of LI, found the register 'r2'",
     "did you mean 'mov'?"),
    ("mov r1, 5", 9, "expected a register for rs of MOV, found '5'", "did you mean 'li'?"),
    ("mtsr r1, r2", 6, "expected a value for SR of MTSR, found the register 'r1'",
     "MTSR expects SR, rs"),
    ("lw r1, r2", 8, "expected a memory operand like 4(r2) for imm(rs) of LW, found 'r2'",
     "for the address held in r2 write 0(r2) or (r2)"),
    ("sw r1, data", 8, "expected a memory operand like 4(r2) for imm(rs) of SW, found 'data'",
     "for an absolute address write (data)(r0)"),
    ("lw r1, 4(8)", 10, "expected a register as the base of LW's memory operand, found '8'",
     "the base in imm(rs) must be a register; for an absolute address write 8(r0)"),
])
def test_wrong_operand_kind(source, col, message, hint):
    error = one_error(source)
    assert (error.line, error.col, error.message, error.hint) == (1, col, message, hint)


@pytest.mark.parametrize("source,message,hint", [
    ("mtsr r1, STATUS", "MTSR expects SR, rs: the operands are the other way round",
     "write: mtsr STATUS, r1"),
    ("mfsr EPC, r2", "MFSR expects rd, SR: the operands are the other way round",
     "write: mfsr r2, EPC"),
    ("out r1, CONSOLE_OUT", "OUT expects port, rs: the operands are the other way round",
     "write: out CONSOLE_OUT, r1"),
    ("in 0x11, r1", "IN expects rd, port: the operands are the other way round",
     "write: in r1, 0x11"),
])
def test_swapped_operands_are_one_error(source, message, hint):
    error = one_error(source)
    assert (error.col, error.message, error.hint) == (len(source.split()[0]) + 2, message, hint)


def test_each_bad_operand_of_a_line_is_reported():
    found = errors("add 1, r2, 3")
    assert [(e.col, e.message) for e in found] == [
        (5, "expected a register for rd of ADD, found '1'"),
        (12, "expected a register for rt of ADD, found '3'")]


# ---------------------------------------------------------------- literals
@pytest.mark.parametrize("literal,kind", [
    ("0x", "hexadecimal"), ("0xG1", "hexadecimal"), ("0b102", "binary"), ("12abc", "decimal"),
    ("1.5", "decimal"), ("0x_1", "hexadecimal"), ("1__0", "decimal"), ("0b", "binary"),
])
def test_bad_number_literal(literal, kind):
    error = one_error(f".word {literal}")
    assert where(error) == ("t.vl32", 1, 7)
    assert error.message == f"bad number literal '{literal}' (not a valid {kind} number)"
    assert error.hint == "numbers look like 42, 0x2A or 0b101010 ('_' may separate digits)"


@pytest.mark.parametrize("source,col,message", [
    (".word 'a", 7, "unterminated character literal"),
    (".word '", 7, "unterminated character literal"),
    (".word ''", 7, "empty character literal"),
    (".word 'ab'", 7, "character literal with more than one character"),
    ('.string "abc', 9, "unterminated string"),
    ('.string "a\\', 11, "backslash at the end of the line"),
    (".word '\\q'", 8, "unknown escape '\\q'"),
    ('.string "tab\\x"', 13, "unknown escape '\\x'"),
])
def test_bad_character_and_string_literals(source, col, message):
    error = one_error(source)
    assert (error.line, error.col, error.message) == (1, col, message)


def test_escape_hint_lists_the_escapes():
    assert one_error(".word '\\q'").hint == "escapes are \\n \\t \\r \\0 \\\\ \\' \\\""


def test_comment_characters_inside_literals_are_not_comments():
    error = one_error('.string "a;b" junk')
    assert error.message == ".string expects one string in double quotes, found '\"a;b\" junk'"


@pytest.mark.parametrize("char,hint", [
    ("@", "expressions use + - * / and parentheses; comments start with ';' or '#'"),
    ("é", "only strings, character literals and comments may contain non-ASCII text"),
    ("\x00", ""),
])
def test_unexpected_character(char, hint):
    error = one_error(f"nop {char}")
    assert (error.col, error.message, error.hint) == (5, f"unexpected character {char!r}", hint)


def test_non_ascii_in_comments_is_fine():
    assert assemble("nop ; això és un comentari €\n# ŀ").image == {0: 0x04000000}


def test_messages_quote_operands_as_written():
    error = one_error("lw 4(r2), r1")
    assert error.message == "LW expects rd, imm(rs): the operands are the other way round"
    assert error.hint == "write: lw r1, 4(r2)"
    assert one_error("add r1, r2, 2*(3+4)").message == \
        "expected a register for rt of ADD, found '2*(3+4)'"
