"""Labels, the source map and the Program helpers."""

from vmlab.asm import SourceLoc, assemble

from .helpers import build, j26, one_error

SOURCE = """\
; a comment line
start:              ; label alone
        nop
a: b:   jmp end     # two labels
        li r1, 0x12345678
        .equ K, 3
end:    halt
"""


def test_labels_forward_backward_and_stacked():
    program = build(SOURCE)
    assert program.labels == {"start": 0, "a": 1, "b": 1, "end": 4}
    assert program.symbols == {"start": 0, "a": 1, "b": 1, "K": 3, "end": 4}
    assert program.image[1] == j26(0x28, 4)


def test_source_map_and_lines_to_addresses():
    program = build(SOURCE)
    assert program.source_map == {0: SourceLoc("t.vl32", 3), 1: SourceLoc("t.vl32", 4),
                                  2: SourceLoc("t.vl32", 5), 3: SourceLoc("t.vl32", 5),
                                  4: SourceLoc("t.vl32", 7)}
    assert program.lines_to_addresses == {3: [0], 4: [1], 5: [2, 3], 7: [4]}
    assert program.line_of(3) == 5 and program.line_of(99) is None
    assert str(SourceLoc("x.vl32", 5)) == "x.vl32:5"


def test_program_metadata():
    program = assemble(SOURCE, "demo.vl32")
    assert program.filename == "demo.vl32" and program.source == SOURCE
    assert program.entry == 0
    assert assemble("").image == {} and assemble("").filename == "<source>"


def test_words_and_extent():
    program = build(".org 4\n.word 1, 2\n.org 8\n.word 3")
    assert program.extent() == (4, 9)
    assert program.words() == [1, 2, 0, 0, 3]
    assert program.words(2, 4) == [0, 0, 1, 2]
    assert build("").extent() == (0, 0) and build("").words() == []


def test_load_address_of_a_phased_label():
    program = build(".org 0x40\n.phase 0\nuser: nop\nnext: nop\n.dephase\nafter: nop")
    assert program.labels == {"user": 0, "next": 1, "after": 0x42}
    assert [program.load_address_of(n) for n in ("user", "next", "after")] == [0x40, 0x41, 0x42]


def test_crlf_line_endings_and_odd_whitespace():
    program = build("start:\r\n\tnop\r\n\f halt  \r\n")
    assert program.image == {0: 0x04000000, 1: 0xE0000000}
    assert program.lines_to_addresses == {2: [0], 3: [1]}


def test_label_on_the_same_line_as_org_names_the_address_before_it():
    assert build("x: .org 5\ny: nop").labels == {"x": 0, "y": 5}


def test_whitespace_before_label_colon():
    assert build("here : nop").labels == {"here": 0}


def test_duplicate_label_names_the_first_line():
    error = one_error("loop: nop\nnop\n  loop: halt")
    assert (error.line, error.col) == (3, 3)
    assert error.message == "duplicate label 'loop': already defined as a label on line 1"


def test_equ_and_label_share_one_namespace():
    error = one_error("X: nop\n.equ X, 1")
    assert (error.line, error.col) == (2, 6)
    assert error.message == "duplicate .equ name 'X': already defined as a label on line 1"
    error = one_error(".equ X, 1\nX: nop")
    assert error.message == "duplicate label 'X': already defined as a .equ name on line 1"
