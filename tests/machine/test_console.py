"""The console device through IN/OUT (VL32.md, Devices)."""

import pytest

from vmlab.machine import Machine

from .helpers import (CAUSE_CONSOLE, CONSOLE_IN, CONSOLE_OUT, CONSOLE_STATUS, EPC, ERET, HALT,
                      IE, IPEND, IPEND_CONSOLE, KMODE, MASK, NOP, STATUS, addi, branch, in_, li,
                      make_machine, mfsr, mtsr, one, out, run_all_modes)


def test_out_writes_the_low_byte_and_costs_four():
    m, cost = one(out(CONSOLE_OUT, 1), {1: 0x1234_5641})
    assert cost == 4
    assert bytes(m.console.output) == b"A" and m.console.text() == "A"


def test_out_sequence_builds_text():
    prog = []
    for ch in "Hola!\n":
        prog += [addi(1, 0, ord(ch)), out(CONSOLE_OUT, 1)]
    m = run_all_modes(prog, HALT)
    assert m.console.text() == "Hola!\n"
    assert m.cycles == 6 * (1 + 4) + 1


def test_console_bytes_are_latin1_characters():
    prog = [addi(1, 0, 0xE7), out(CONSOLE_OUT, 1), addi(1, 0, 0xE0), out(CONSOLE_OUT, 1),
            li(1, 0xFFFF_FFB7), out(CONSOLE_OUT, 1), HALT]
    m = run_all_modes(prog)
    assert bytes(m.console.output) == b"\xe7\xe0\xb7"
    assert m.console.text() == "çà·"


def test_out_r0_writes_a_zero_byte():
    m, _ = one(out(CONSOLE_OUT, 0))
    assert bytes(m.console.output) == b"\x00"


def test_in_reads_queued_input_in_order_then_all_ones():
    prog = [in_(1, CONSOLE_IN), in_(2, CONSOLE_IN), in_(3, CONSOLE_IN), in_(4, CONSOLE_IN), HALT]
    m = run_all_modes(prog, setup=lambda m: m.console.feed(b"\x00\xffz"))
    assert (m.regs[1], m.regs[2], m.regs[3], m.regs[4]) == (0, 0xFF, ord("z"), MASK)
    assert m.cycles == 4 * 4 + 1
    assert not m.console.input


def test_in_costs_four():
    m, cost = one(in_(1, CONSOLE_IN))
    assert cost == 4 and m.regs[1] == MASK


def test_feed_text_is_latin1():
    m = run_all_modes(in_(1, CONSOLE_IN), in_(2, CONSOLE_IN), HALT,
                      setup=lambda m: m.console.feed("ç·"))
    assert (m.regs[1], m.regs[2]) == (0xE7, 0xB7)


def test_feeding_a_character_outside_latin1_is_refused():
    m = Machine()
    with pytest.raises(ValueError):
        m.console.feed("€")
    assert not m.console.input


def test_console_status_bit0_is_input_waiting():
    prog = [in_(1, CONSOLE_STATUS), in_(2, CONSOLE_IN), in_(3, CONSOLE_STATUS), HALT]
    m = run_all_modes(prog, setup=lambda m: m.console.feed("q"))
    assert (m.regs[1], m.regs[2], m.regs[3]) == (1, ord("q"), 0)
    m = run_all_modes(in_(1, CONSOLE_STATUS), HALT)
    assert m.regs[1] == 0


def test_reading_console_out_gives_zero():
    m, _ = one(in_(1, CONSOLE_OUT), {1: 0x55})
    assert m.regs[1] == 0


def test_writes_to_input_ports_are_ignored():
    m = run_all_modes(addi(1, 0, 65), out(CONSOLE_IN, 1), out(CONSOLE_STATUS, 1),
                      in_(2, CONSOLE_IN), HALT, setup=lambda m: m.console.feed("b"))
    assert m.console.output == b"" and m.regs[2] == ord("b")


@pytest.mark.parametrize("port", [0x00, 0x01, 0x0F, 0x13, 0x20, 0x21, 0x22, 0x23, 0xFF,
                                  0x3FFFF])
def test_unknown_ports_read_all_ones_and_ignore_writes(port):
    m = run_all_modes(addi(1, 0, 66), out(port, 1), in_(2, port), HALT,
                      setup=lambda m: m.console.feed("k"))
    assert m.regs[2] == MASK
    assert m.console.output == b""
    assert list(m.console.input) == [ord("k")]
    assert m.cycles == 1 + 4 + 4 + 1


def test_in_to_r0_still_consumes_the_byte():
    m = run_all_modes(in_(0, CONSOLE_IN), in_(1, CONSOLE_IN), HALT,
                      setup=lambda m: m.console.feed("xy"))
    assert m.regs[0] == 0 and m.regs[1] == ord("y")


def test_ipend_console_follows_the_queue():
    prog = [mfsr(1, IPEND), in_(2, CONSOLE_IN), mfsr(3, IPEND), in_(2, CONSOLE_IN),
            mfsr(4, IPEND), HALT]
    m = run_all_modes(prog, setup=lambda m: m.console.feed("ab"))
    assert (m.regs[1], m.regs[3], m.regs[4]) == (IPEND_CONSOLE, IPEND_CONSOLE, 0)


def test_console_interrupt_handler_echoes_input():
    # handler: r5 = IN; OUT r5; ERET.  main: enable IE, spin.  Each byte interrupts once.
    handler = [in_(5, CONSOLE_IN), out(CONSOLE_OUT, 5), mfsr(6, EPC), ERET]
    main = [addi(1, 0, IE | KMODE), mtsr(STATUS, 1), NOP, branch("BEQ", 0, 0, -1)]
    m = run_all_modes(main, at={0x40: handler}, setup=lambda m: (setattr(m, "tvec", 0x40),
                                                                 m.console.feed("hey")),
                      max_cycles=200, expect="cycle-limit")
    assert m.console.text() == "hey"
    assert m.trap_counts == {CAUSE_CONSOLE: 3}
    assert m.regs[6] == 2       # interrupted before the first NOP


def test_console_interrupt_entry_exact():
    m = make_machine(addi(1, 0, 1), NOP, at={0x40: [HALT]})
    m.tvec, m.status = 0x40, KMODE | IE
    m.console.feed("!")
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and unit.cause == CAUSE_CONSOLE and unit.cost == 4
    assert m.epc == 0 and m.cycles == 4 and m.pc == 0x40 and m.regs[1] == 0
    assert m.tval == 0


def test_console_input_with_ie_off_is_only_pending():
    m = run_all_modes(NOP, NOP, HALT, setup=lambda m: m.console.feed("p"))
    assert m.trap_counts == {} and m.ipend == IPEND_CONSOLE and m.cycles == 3
