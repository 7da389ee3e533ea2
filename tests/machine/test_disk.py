"""The block disk on ports 0x20-0x23 (docs/isa.md, section 14): registers, DMA, the
transfer's cycles, IPEND.DISK and the DISK interrupt, refused commands."""

import pytest

from vmlab.isa import spec
from vmlab.isa.spec import (DISK_BLOCK_WORDS, DISK_BUSY, DISK_CMD_ACK, DISK_CMD_READ,
                            DISK_CMD_WRITE, DISK_DONE, DISK_ERR_ADDRESS, DISK_ERR_BLOCK,
                            DISK_ERR_BUSY, DISK_ERR_COMMAND, DISK_ERROR_SHIFT,
                            DISK_TRANSFER_CYCLES, PORT_DISK_ADDR, PORT_DISK_BLOCK, PORT_DISK_CMD,
                            PORT_DISK_SIZE)
from vmlab.machine import Machine
from vmlab.machine.disk import Disk, check_disk_words

from vmlab.isa import Instruction
from vmlab.machine.cpu import decode_cached

from .helpers import (CAUSE, CAUSE_CONSOLE, CAUSE_DISK, CAUSE_TIMER, EPC, HALT, IE, IPEND,
                      IPEND_DISK, KMODE, MASK, NOP, STATUS, TIMER, TVEC, I, R, addi, branch,
                      in_, li, make_machine, mfsr, mtsr, out, run_all_modes, set_sr)

BLOCKS = 4
WFI = Instruction("WFI")


def disk_words() -> list[int]:
    """Block b, word i holds b * 0x1000 + i: every word says where it comes from."""
    return [b * 0x1000 + i for b in range(BLOCKS) for i in range(DISK_BLOCK_WORDS)]


def with_disk(m: Machine) -> None:
    m.attach_disk(Disk(disk_words()))


def command(block: int, addr: int, cmd: int) -> list:
    """Six words: block and address registers, then the command (r1 used)."""
    return [li(1, block), out(PORT_DISK_BLOCK, 1), li(1, addr), out(PORT_DISK_ADDR, 1),
            li(1, cmd), out(PORT_DISK_CMD, 1)]


def run_until_command_done(m: Machine) -> int:
    """Step to the end of the OUT DISK_CMD; the cycle it ended at."""
    while True:
        unit = m.step_instruction()
        if unit.word is not None:
            ins = decode_cached(unit.word)
            if ins.mnemonic == "OUT" and ins.imm == PORT_DISK_CMD:
                return m.cycles


# ---------------------------------------------------------------- no disk
def test_without_a_disk_its_ports_are_unknown_ports():
    m = run_all_modes(in_(2, PORT_DISK_CMD), in_(3, PORT_DISK_SIZE), command(0, 0x100, 1),
                      WFI, expect="stalled")
    assert m.regs[2] == m.regs[3] == MASK
    assert m.disk is None and m.ipend & IPEND_DISK == 0


# ---------------------------------------------------------------- registers
def test_block_and_address_read_back_and_size_is_the_block_count():
    m = run_all_modes(li(1, 3), out(PORT_DISK_BLOCK, 1), li(1, 0x234), out(PORT_DISK_ADDR, 1),
                      in_(2, PORT_DISK_BLOCK), in_(3, PORT_DISK_ADDR), in_(4, PORT_DISK_SIZE),
                      in_(5, PORT_DISK_CMD), HALT, setup=with_disk)
    assert (m.regs[2], m.regs[3], m.regs[4], m.regs[5]) == (3, 0x234, BLOCKS, 0)


def test_disk_ports_cost_what_in_and_out_cost():
    m = make_machine(in_(2, PORT_DISK_SIZE), out(PORT_DISK_BLOCK, 0), HALT)
    with_disk(m)
    assert m.step_instruction().cost == spec.BY_MNEMONIC["IN"].cycles
    assert m.step_instruction().cost == spec.BY_MNEMONIC["OUT"].cycles


# ---------------------------------------------------------------- transfers
def test_read_copies_the_block_into_memory_and_is_done_after_the_transfer_time():
    m = make_machine(command(2, 0x300, DISK_CMD_READ), in_(2, PORT_DISK_CMD),
                     [NOP] * (DISK_TRANSFER_CYCLES + 50), HALT)
    with_disk(m)
    end = run_until_command_done(m)
    assert m.mem[0x300:0x300 + DISK_BLOCK_WORDS] == disk_words()[2 * 64:3 * 64]
    assert m.disk.done_at == end + DISK_TRANSFER_CYCLES
    m.step_instruction()
    assert m.regs[2] == DISK_BUSY and not m.ipend & IPEND_DISK
    while m.cycles < end + DISK_TRANSFER_CYCLES - 1:
        m.step_cycle()
        assert not m.ipend & IPEND_DISK, m.cycles
    while m.cycles < end + DISK_TRANSFER_CYCLES:
        m.step_cycle()
    assert m.ipend & IPEND_DISK
    assert m.disk.status(m.cycles) == DISK_DONE
    assert m.read_sr(IPEND) & IPEND_DISK


def test_write_copies_memory_into_the_block():
    data = {0x400 + i: 0xABC00000 + i for i in range(DISK_BLOCK_WORDS)}
    m = run_all_modes(command(1, 0x400, DISK_CMD_WRITE), WFI, in_(2, PORT_DISK_CMD), HALT,
                      setup=with_disk, data=data)
    assert m.disk.words[64:128] == [0xABC00000 + i for i in range(64)]
    assert m.disk.words[:64] == disk_words()[:64] and m.disk.words[128:] == disk_words()[128:]
    assert m.regs[2] == DISK_DONE and m.disk.writes == 1


def test_wfi_wakes_when_the_transfer_ends():
    m = make_machine(command(0, 0x300, DISK_CMD_READ), WFI, HALT)
    with_disk(m)
    end = run_until_command_done(m)
    unit = m.step_instruction()
    assert unit.kind == "wfi" and m.cycles == end + DISK_TRANSFER_CYCLES
    assert m.step_instruction() is not None and m.halted == "halt"


def test_a_disk_wakes_wfi_before_a_later_timer_and_a_sooner_timer_first():
    for timer in (DISK_TRANSFER_CYCLES * 2, DISK_TRANSFER_CYCLES // 2):
        m = make_machine(command(0, 0x300, DISK_CMD_READ), set_sr(TIMER, timer), WFI, HALT)
        with_disk(m)
        end = run_until_command_done(m)
        armed = end + 3 + timer           # set_sr: li (2 words), then MTSR (1 cycle)
        m.step_instruction(), m.step_instruction(), m.step_instruction()
        m.step_instruction()
        assert m.cycles == min(armed, end + DISK_TRANSFER_CYCLES)


def test_ack_clears_done_and_ipend():
    m = run_all_modes(command(0, 0x300, DISK_CMD_READ), WFI, mfsr(2, IPEND),
                      li(1, DISK_CMD_ACK), out(PORT_DISK_CMD, 1), mfsr(3, IPEND),
                      in_(4, PORT_DISK_CMD), HALT, setup=with_disk)
    assert m.regs[2] & IPEND_DISK and not m.regs[3] & IPEND_DISK and m.regs[4] == 0


def test_the_disk_interrupt_is_taken_at_the_first_boundary_after_the_transfer():
    handler = 0x200
    prog = [set_sr(TVEC, handler), set_sr(STATUS, KMODE | IE),
            command(0, 0x300, DISK_CMD_READ)] + [NOP] * (DISK_TRANSFER_CYCLES + 50) + [HALT]
    at = {handler: [mfsr(5, CAUSE), mfsr(6, EPC), HALT]}
    m = run_all_modes(prog, at=at, setup=with_disk)
    assert m.regs[5] == CAUSE_DISK
    ref = make_machine(prog, at=at)
    with_disk(ref)
    end = run_until_command_done(ref)
    # The NOPs after the command take one cycle each: the interrupt comes right after the
    # one that ends at the transfer's end.
    nops = DISK_TRANSFER_CYCLES
    assert m.regs[6] == ref.pc + nops
    assert m.trap_counts == {CAUSE_DISK: 1}
    assert end > 0


def test_priority_timer_then_disk_then_console():
    """All three pending with interrupts off; then IE on: the handler acknowledges only the
    cause it was given and returns with IE on, so the next one comes at once."""
    handler = 0x200
    poll = [in_(2, PORT_DISK_CMD), I("ANDI", 2, 2, DISK_DONE), branch("BEQ", 2, 0, -2)]
    prog = [set_sr(TVEC, handler), command(0, 0x300, DISK_CMD_READ), poll,
            set_sr(TIMER, 1), NOP, NOP, set_sr(STATUS, KMODE | IE), NOP, NOP, HALT]
    at = {handler: [mfsr(2, CAUSE), I("SHLI", 4, 4, 4), R("OR", 4, 4, 2),
                    addi(3, 0, CAUSE_TIMER), branch("BNE", 2, 3, 2), mtsr(TIMER, 0),
                    addi(3, 0, CAUSE_DISK), branch("BNE", 2, 3, 2), out(PORT_DISK_CMD, 0),
                    addi(3, 0, CAUSE_CONSOLE), branch("BNE", 2, 3, 2), in_(1, 0x11),
                    Instruction("ERET")]}

    def setup(m):
        with_disk(m)
        m.console.feed("x")
    m = run_all_modes(prog, at=at, setup=setup)
    assert m.regs[4] == (CAUSE_TIMER << 8) | (CAUSE_DISK << 4) | CAUSE_CONSOLE
    assert m.trap_counts == {CAUSE_TIMER: 1, CAUSE_DISK: 1, CAUSE_CONSOLE: 1}


# ---------------------------------------------------------------- refused commands
@pytest.mark.parametrize("block, addr, cmd, error", [
    (0, 0x300, 7, DISK_ERR_COMMAND),
    (0, 0x300, MASK, DISK_ERR_COMMAND),
    (BLOCKS, 0x300, DISK_CMD_READ, DISK_ERR_BLOCK),
    (MASK, 0x300, DISK_CMD_WRITE, DISK_ERR_BLOCK),
    (0, spec.DEFAULT_MEMORY_WORDS - DISK_BLOCK_WORDS + 1, DISK_CMD_READ, DISK_ERR_ADDRESS),
    (0, MASK, DISK_CMD_WRITE, DISK_ERR_ADDRESS),
])
def test_a_bad_command_is_refused_with_its_error_code_and_no_interrupt(block, addr, cmd, error):
    before = disk_words()
    m = run_all_modes(command(block, addr, cmd), in_(2, PORT_DISK_CMD), WFI,
                      expect="stalled", setup=with_disk)
    assert m.regs[2] == error << DISK_ERROR_SHIFT
    assert m.disk.words == before and m.disk.reads == m.disk.writes == 0
    assert not m.ipend & IPEND_DISK and not m.trap_counts


def test_a_command_while_busy_is_refused_and_the_transfer_goes_on():
    m = run_all_modes(command(0, 0x300, DISK_CMD_READ), command(1, 0x400, DISK_CMD_READ),
                      in_(2, PORT_DISK_CMD), WFI, in_(3, PORT_DISK_CMD),
                      li(1, DISK_CMD_ACK), out(PORT_DISK_CMD, 1), in_(4, PORT_DISK_CMD), HALT,
                      setup=with_disk)
    assert m.regs[2] == DISK_BUSY | DISK_ERR_BUSY << DISK_ERROR_SHIFT
    assert m.regs[3] == DISK_DONE | DISK_ERR_BUSY << DISK_ERROR_SHIFT
    assert m.regs[4] == 0
    assert m.mem[0x300] == disk_words()[0] and m.mem[0x400] == 0 and m.disk.reads == 1


# ---------------------------------------------------------------- state
def test_state_round_trip_mid_transfer_continues_identically():
    prog = [command(3, 0x300, DISK_CMD_READ), WFI, command(3, 0x300, DISK_CMD_WRITE), WFI, HALT]
    m = make_machine(prog)
    with_disk(m)
    run_until_command_done(m)
    m.step_cycle()
    saved = m.get_state()
    m.run(max_cycles=10_000)
    other = make_machine(prog)
    with_disk(other)
    other.set_state(saved)
    other.run(max_cycles=10_000)
    assert other.get_state() == m.get_state() and other.halted == "halt"


def test_a_state_with_a_disk_needs_a_disk():
    m = make_machine(HALT)
    with_disk(m)
    with pytest.raises(ValueError):
        Machine().set_state(m.get_state())


@pytest.mark.parametrize("count", [0, 1, 63, 65, DISK_BLOCK_WORDS * (spec.DISK_MAX_BLOCKS + 1)])
def test_a_disk_holds_whole_blocks_within_the_limit(count):
    assert check_disk_words([0] * count)
    with pytest.raises(ValueError):
        Disk([0] * count)


def test_the_summary_names_the_disk():
    m = run_all_modes(command(0, 0x300, DISK_CMD_READ), WFI, HALT, setup=with_disk)
    summary = m.summary()["disk"]
    assert summary["blocks"] == BLOCKS and summary["reads"] == 1 and summary["writes"] == 0
    assert len(summary["crc32"]) == 8
    assert "disk" not in make_machine(HALT).summary()


# ---------------------------------------------------------------- the docs
@pytest.mark.parametrize("name, words", [("isa.md", ("latency", "per word", "a block of")),
                                         ("isa.ca.md", ("latència", "per paraula",
                                                        "un bloc de"))])
def test_the_docs_give_the_table_s_timing(name, words):
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "docs" / name).read_text(encoding="utf-8")
    section = text[text.index("## 14."):]
    rows = {word: next(line for line in section.splitlines()
                       if line.startswith(f"| {word}")) for word in words}
    latency, per_word, block = (int(rows[w].rstrip(" |").rsplit("|", 1)[1]) for w in words)
    assert latency == spec.DISK_TIMING["latency"] and per_word == spec.DISK_TIMING["per_word"]
    assert block == DISK_TRANSFER_CYCLES == latency + per_word * DISK_BLOCK_WORDS
    assert f"r3 − r2 = {DISK_TRANSFER_CYCLES}" in section
