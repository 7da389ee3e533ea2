"""Toy8's encoding: one table, and an assembler and disassembler that undo each other."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from vmlab.emulated import assemble, disassemble, disassembly_source
from vmlab.emulated.assembler import instruction_text
from vmlab.emulated.emulator import FOREIGN_SYMBOL, emulator_program
from vmlab.emulated.isa import (DECODE, IMPLIED, MEMORY_BYTES, OPERATIONS, legal_opcodes,
                                length)

instructions = st.sampled_from([(op, mode) for op in OPERATIONS for mode in op.modes]).flatmap(
    lambda pair: st.tuples(st.just(pair[0]), st.just(pair[1]),
                           st.integers(0, 255) if pair[1] != IMPLIED else st.just(0)))


def test_every_opcode_byte_decodes_to_at_most_one_instruction():
    seen = set()
    for op in OPERATIONS:
        for mode in op.modes:
            byte = op.opcode(mode)
            assert byte not in seen and DECODE[byte] == (op, mode)
            seen.add(byte)
    assert seen == set(legal_opcodes())
    assert DECODE[0][0].name == "hlt"           # zeroed memory halts
    assert len(OPERATIONS) == len({op.name for op in OPERATIONS})


def test_the_emulators_dispatch_table_is_the_isa_table():
    program = emulator_program()
    table = program.labels["table"]
    for byte in range(MEMORY_BYTES):
        handler = program.image[table + byte]
        entry = DECODE[byte]
        expected = program.labels[f"op_{entry[0].name}" if entry else "illegal"]
        assert handler == expected, hex(byte)
    assert table + MEMORY_BYTES <= program.symbols["STATE"] < program.symbols[FOREIGN_SYMBOL]


@given(st.lists(instructions, max_size=100))
def test_instructions_assemble_and_disassemble_back(items):
    source = "\n".join(instruction_text(op.name, mode, operand) for op, mode, operand in items)
    image = assemble(source).image
    expected = []
    for op, mode, operand in items:
        expected += [op.opcode(mode)] + ([operand] if mode != IMPLIED else [])
    assert list(image) == expected              # at most 200 bytes: they all fit
    lines = disassemble(image)
    assert [line.text for line in lines] == source.splitlines()
    assert sum(len(line.data) for line in lines) == len(image)
    assert all(len(line.data) == length(DECODE[line.data[0]][1]) for line in lines)


@settings(max_examples=200)
@given(st.binary(max_size=MEMORY_BYTES))
def test_any_bytes_disassemble_to_source_that_assembles_back(image):
    assert assemble(disassembly_source(image)).image == image


def test_the_listing_shows_each_instructions_address_and_bytes():
    program = assemble("start: lda #5\n       out\n       jmp start\n")
    lines = program.listing().splitlines()
    assert lines[0].startswith("00  05 05") and lines[1].startswith("02  54")
    assert lines[2].startswith("03  3A 00")
    assert "start" in program.listing().split("symbols:")[1]
