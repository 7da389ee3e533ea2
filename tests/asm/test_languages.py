"""Language blocks (.lang/.endlang): one source, the printed texts chosen by language."""

from __future__ import annotations

import pytest

from vmlab.asm import AssemblyError, assemble

SOURCE = """\
.entry start
start:  la    r1, hello
        li    r2, N
        halt
.lang en
hello:  .string "Hello"
.equ N, 5
.lang ca
hello:  .string "Hola, món"
.equ N, 9
.endlang
after:  .word 7
"""


def text_at(program, label: str) -> str:
    address, out = program.labels[label], []
    while program.image[address]:
        out.append(chr(program.image[address]))
        address += 1
    return "".join(out)


def test_english_is_the_default_and_each_language_gets_its_block():
    default, english, catalan = assemble(SOURCE), assemble(SOURCE, lang="en"), \
        assemble(SOURCE, lang="ca")
    assert default.image == english.image and default.lang == "en"
    assert catalan.lang == "ca"
    assert text_at(english, "hello") == "Hello" and english.symbols["N"] == 5
    assert text_at(catalan, "hello") == "Hola, món" and catalan.symbols["N"] == 9
    # The code before the blocks is the same; what follows moves with the texts' lengths.
    assert english.labels["start"] == catalan.labels["start"]
    assert catalan.labels["after"] - english.labels["after"] == len("Hola, món") - len("Hello")


def test_a_source_without_blocks_is_the_same_in_every_language():
    source = "start: li r1, 3\n       halt\nmsg: .string \"x\"\n"
    assert assemble(source, lang="ca").image == assemble(source).image


def test_lines_of_another_language_place_nothing_and_the_source_map_says_so():
    english, catalan = assemble(SOURCE), assemble(SOURCE, lang="ca")
    assert 6 in english.lines_to_addresses and 9 not in english.lines_to_addresses
    assert 9 in catalan.lines_to_addresses and 6 not in catalan.lines_to_addresses


def test_several_languages_in_one_block_and_switching_blocks():
    source = ".lang en, ca\na: .word 1\n.lang ca\nb: .word 2\n.lang en\nb: .word 3\n.endlang\n"
    assert assemble(source, lang="ca").image == {0: 1, 1: 2}
    assert assemble(source, lang="en").image == {0: 1, 1: 3}


def errors(source: str, lang: str = "en") -> list:
    with pytest.raises(AssemblyError) as info:
        assemble(source, "t.vl32", lang=lang)
    return info.value.errors


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_a_name_missing_in_one_language_is_an_error_in_every_build(lang):
    found = errors(".lang en\nmsg: .string \"hi\"\n.lang ca\n.endlang\n", lang)
    assert len(found) == 1
    assert found[0].line == 4
    assert found[0].message == "'msg' is defined for en (line 2) but not for ca"
    assert found[0].format("ca").count("«msg» es defineix per a en (línia 2), però no per a ca")


def test_a_syntax_error_in_the_other_language_is_reported():
    found = errors('.lang ca\nmsg: .string "hola\n.lang en\nmsg: .string "hi"\n.endlang\n')
    assert [d.line for d in found] == [2]


def test_unknown_language_open_block_and_lonely_endlang():
    assert "language name" in errors(".lang fr\n.endlang\n")[0].message
    assert "at least one language" in errors(".lang\n.endlang\n")[0].message
    assert errors(".endlang\n")[0].message == ".endlang without a matching .lang"
    assert errors(".lang en, ca\nnop\n.endlang en\n")[0].message == ".endlang takes no operands"
    found = errors("nop\n.lang en\nnop\n")
    assert found[0].line == 2 and "not closed" in found[0].message


def test_an_unknown_build_language_is_refused():
    with pytest.raises(ValueError):
        assemble("nop\n", lang="fr")
