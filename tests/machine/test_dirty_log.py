"""The dirty log (docs/isa.md, "Dirty-block logging"): every write to memory marks its block.

Every mode of stepping marks the same blocks at the same cycle; the log changes
nothing else the machine does; every block whose words changed is marked; the
host reads and clears it; turning it on keeps the code cache warm.
"""

from hypothesis import given, settings

from vmlab.isa import Instruction, encode
from vmlab.machine import Machine
from vmlab.machine.cpu import BLOCK_WORDS, K_SW, K_SWD

from .helpers import li
from .test_stepping import build, scenarios


def _without_log(state: dict) -> dict:
    return {k: v for k, v in state.items() if k != "dirty"}


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_stepping_modes_mark_the_same_blocks(sc):
    """run() in slices, step_cycle() and step_instruction() with the log on from the start
    (and one turned on at the first checkpoint) agree at every checkpoint, log included."""
    by_until, by_cycle, by_instr, late, plain = (build(sc) for _ in range(5))
    for m in (by_until, by_cycle, by_instr):
        m.start_dirty_log()
    first = sc["checkpoints"][0]
    late.run(until_cycle=first)
    late.start_dirty_log()
    late_ref = build(sc)
    late_ref.run(until_cycle=first)
    late_ref.start_dirty_log()
    for k in sc["checkpoints"]:
        by_until.run(until_cycle=k)
        while by_cycle.cycles < k and by_cycle.step_cycle() is not None:
            pass
        assert by_cycle.get_state() == by_until.get_state(), f"step_cycle differs at {k}"
        late.run(until_cycle=k)
        while late_ref.cycles < k and late_ref.step_cycle() is not None:
            pass
        assert late.get_state() == late_ref.get_state(), f"log turned on late differs at {k}"
        plain.run(until_cycle=k)
        assert _without_log(plain.get_state()) == _without_log(by_until.get_state())
    while by_instr.cycles < by_until.cycles and by_instr.step_instruction() is not None:
        pass
    if by_instr.cycles == by_until.cycles:
        assert by_instr.get_state() == by_until.get_state()


@settings(max_examples=60, deadline=None)
@given(scenarios())
def test_every_changed_block_is_marked(sc):
    """What the log says covers every word that changed (the log may say more: a store of
    the value already there still writes)."""
    m = build(sc)
    m.start_dirty_log()
    before = list(m.mem)
    m.run(until_cycle=sc["total"])
    changed = {a // BLOCK_WORDS for a, (x, y) in enumerate(zip(before, m.mem)) if x != y}
    marked = set(m.take_dirty())
    assert changed <= marked
    assert m.take_dirty() == []            # taking the log empties it


def _store_loop(address: int) -> Machine:
    """r1 = address; store r2 there, ten times, then HALT."""
    prog = li(1, address) + [Instruction("ADDI", 3, 0, 0, 10),
                             Instruction("SW", 3, 1, 0, 0),
                             Instruction("ADDI", 3, 3, 0, -1),
                             Instruction("BNE", 3, 0, 0, -2),
                             Instruction("HALT")]
    m = Machine(1024)
    m.load([encode(i) for i in prog])
    return m


def test_a_store_marks_its_block_only_while_the_log_is_on():
    m = _store_loop(5 * BLOCK_WORDS + 7)
    m.run(until_cycle=3)
    assert m.take_dirty() == []                        # off: nothing is logged
    m.start_dirty_log()
    m.run()
    assert m.halted == "halt" and m.take_dirty() == [5]
    m.write_words_in_range(BLOCK_WORDS - 1, [1, 2])    # the host's writes count too
    m.write_word(10 * BLOCK_WORDS, 3)
    assert m.take_dirty() == [0, 1, 10]
    m.stop_dirty_log()
    m.write_word(3, 4)
    assert m.dirty is None and m.take_dirty() == []


def test_turning_the_log_on_and_off_retags_the_decoded_stores():
    m = _store_loop(100)
    m.run(until_cycle=30)                              # the loop is in the code cache
    kinds = [e[0] for e in m.code]
    assert K_SW in kinds
    m.start_dirty_log()
    assert [e[0] for e in m.code] == [K_SWD if k == K_SW else k for k in kinds]
    m.stop_dirty_log()
    assert [e[0] for e in m.code] == kinds


def test_the_log_is_machine_state():
    m = _store_loop(200)
    m.start_dirty_log()
    m.run(until_cycle=20)
    copy = Machine(1024)
    copy.set_state(m.get_state())
    assert copy.dirty == m.dirty == {200 // BLOCK_WORDS}
    m.run()
    copy.run()
    assert copy.get_state() == m.get_state()


def test_a_disk_read_marks_the_blocks_its_dma_writes():
    """A READ of a block to an unaligned address writes two blocks of memory: both are
    marked; what follows (a WRITE command, which only reads memory, and HALT) marks none."""
    from .test_disk import command, run_until_command_done, with_disk
    from .helpers import HALT, make_machine
    from vmlab.isa.spec import DISK_CMD_READ, DISK_CMD_WRITE
    m = make_machine(command(1, 0x310, DISK_CMD_READ), command(0, 0x200, DISK_CMD_WRITE),
                     HALT)
    with_disk(m)
    m.start_dirty_log()
    run_until_command_done(m)
    assert m.take_dirty() == [0x310 // BLOCK_WORDS, 0x310 // BLOCK_WORDS + 1]
    m.run()
    assert m.take_dirty() == []
