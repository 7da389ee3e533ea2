"""The listing `vmlab asm FILE` prints."""

from vmlab.asm import assemble

DEMO = """\
; print one character
        .equ CHAR, 'A'
start:  li r1, CHAR
        out CONSOLE_OUT, r1   ; show it
        la r2, buffer
        halt
buffer: .space 6
        .phase 0
user:   b user
        .dephase
"""

EXPECTED = """\
; demo.vl32: 12 words, entry 0000
 line  address  run   word      label    source
    1                                    ; print one character
    2                                    .equ CHAR, 'A'
    3  0000           40400041  start:   li r1, CHAR
    4  0001           D8040010           out CONSOLE_OUT, r1   ; show it
    5  0002           60800000           la r2, buffer
       0003           48880005
    6  0004           E0000000           halt
    7  0005           00000000  buffer:  .space 6
       0006           ...                (5 more zero words, to 000A)
    8                                    .phase 0
    9  000B     0000  80000000  user:    b user
   10                                    .dephase

symbols
  name    hex             decimal  kind
  start   0x00000000            0  label
  user    0x00000000            0  label (loaded at 0x000B)
  buffer  0x00000005            5  label
  CHAR    0x00000041           65  .equ
"""


def test_listing_layout():
    assert assemble(DEMO, "demo.vl32").listing() == EXPECTED


def test_listing_without_phase_or_symbols_and_with_wide_addresses():
    listing = assemble(".org 0x12345\n.word 1, 2\n.string \"ab\"", "w.vl32").listing()
    assert listing == (
        "; w.vl32: 5 words, entry 00000\n"
        " line  address  word      label  source\n"
        "    1                            .org 0x12345\n"
        "    2  12345    00000001         .word 1, 2\n"
        "       12346    00000002\n"
        "    3  12347    00000061         .string \"ab\"\n"
        "       12348    00000062         'b'\n"
        "       12349    00000000         '\\0'\n")


def test_short_zero_runs_are_listed_word_by_word():
    listing = assemble("x: .space 4").listing()
    rows = listing.split("\n")[2:6]
    assert [row[7:24] for row in rows] == ["0000     00000000", "0001     00000000",
                                           "0002     00000000", "0003     00000000"]
    assert "more zero words" not in listing


def test_labels_alone_and_several_labels():
    listing = assemble("a:\nb: c: nop ; both").listing()
    assert listing.startswith("; <source>: 1 word, entry 0000\n"
                              " line  address  word      label  source\n"
                              "    1                     a:\n"
                              "    2  0000     04000000  b: c:  nop ; both\n")


def test_string_words_show_their_characters():
    source = r'm: .string "a\n\\\'' + "\x85é" + '"'   # a, \n, \\, \', U+0085, é
    listing = assemble(source).listing()
    rows = listing.split("\n")[2:9]
    assert rows == [
        "    1  0000     00000061  m:     .string \"a\\n\\\\\\'\x85é\"",
        "       0001     0000000A         '\\n'",
        "       0002     0000005C         '\\\\'",
        "       0003     00000027         '\\''",
        "       0004     00000085         0x85",
        "       0005     000000E9         'é'",
        "       0006     00000000         '\\0'"]
