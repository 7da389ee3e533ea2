"""Guest mode (machine/guest_mode.py, docs/isa.md section 13) on a bare Machine, no VMM.

A test plays the VMM: it writes a control block, asks for a VM entry and
looks at the exit the CPU comes back with.
"""

from __future__ import annotations

import json

import pytest

from vmlab.asm import assemble
from vmlab.isa.spec import (CAUSE_BOUNDS, CAUSE_ILLEGAL, CAUSE_SYSCALL, CAUSE_TIMER,
                            PORT_CONSOLE_OUT, SR_BASE, SR_BOUND, SR_NAMES, STATUS_KMODE)
from vmlab.machine import Machine
from vmlab.machine import guest_mode as gm
from vmlab.machine.cpu import TRAP
from vmlab.machine.state import NEVER

MEMORY = 8192
CB = 64                   # the control block's address
PART = (1024, 2048)       # the guest's partition: base, size
HOST_PC = 5


def block(**fields) -> list[int]:
    words = [0] * gm.CB_WORDS
    words[gm.CB_REV] = gm.CB_REVISION
    words[gm.CB_CONTROLS] = gm.CTL_PREEMPT
    words[gm.CB_PART_BASE], words[gm.CB_PART_SIZE] = PART
    words[gm.CB_PREEMPT] = 1_000_000
    words[gm.CB_HOST_PC], words[gm.CB_HOST_STATUS] = HOST_PC, STATUS_KMODE
    words[gm.CB_SR] = STATUS_KMODE
    for name, value in fields.items():
        words[_OFFSETS[name]] = value
    return words


_OFFSETS = {"controls": gm.CB_CONTROLS, "sr_write_exits": gm.CB_SR_WRITE_EXITS,
            "sr_read_exits": gm.CB_SR_READ_EXITS, "trap_exits": gm.CB_TRAP_EXITS,
            "win_base": gm.CB_WIN_BASE, "win_bound": gm.CB_WIN_BOUND,
            "preempt": gm.CB_PREEMPT, "pc": gm.CB_PC, "rev": gm.CB_REV,
            "part_base": gm.CB_PART_BASE, "part_size": gm.CB_PART_SIZE,
            "cycle": gm.CB_SR + SR_NAMES.index("CYCLE"), "cycle_hi": gm.CB_CYCLE_HI,
            "timer": gm.CB_SR + SR_NAMES.index("TIMER"), "ipend": gm.CB_SR + SR_NAMES.index("IPEND"),
            **{sr: gm.CB_SR + i for i, sr in enumerate(SR_NAMES)}}


def machine_with(source: str, **fields) -> Machine:
    """A machine whose guest (the program, at guest address 0) is entered at cycle 100."""
    program = assemble(source, "guest.vl32")
    m = Machine(MEMORY)
    for addr, word in program.image.items():
        m.mem[PART[0] + addr] = word
    for i, word in enumerate(block(**fields)):
        m.write_word(CB + i, word)
    m.cycles = 100
    assert m.vm_enter(CB) == 0
    assert m.guest_mode is not None
    return m


def run_to_exit(m: Machine, limit: int = 100_000):
    m.exit_on_trap = True
    assert m.run(max_cycles=limit) == TRAP
    assert m.guest_mode is None
    return m.last_trap, gm.read_control_block(m.mem, CB)


SYSCALLS = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        syscall 3
        syscall 4
        getf r9
        mfsr r8, CYCLE
        halt
handler:
        mfsr r2, TVAL
        add  r3, r3, r2
        mfsr r4, EPC
        addi r4, r4, 1
        mtsr EPC, r4
        eret
"""


def test_system_calls_go_to_the_guests_vector_and_only_halt_exits():
    m = machine_with(SYSCALLS)
    unit, cb = run_to_exit(m)
    assert unit.kind == "exit" and unit.cause == gm.EXIT_HALT and unit.cost == gm.EXIT_CYCLES
    assert cb["exit reason"] == gm.EXIT_HALT and cb["exit instruction"] == unit.word
    assert m.trap_counts == {CAUSE_SYSCALL: 2}
    assert cb["r3"] == 7
    assert cb["r9"] == cb["STATUS"] == STATUS_KMODE | 8     # GETF: the guest's own STATUS
    # CYCLE is the guest's clock: 0 at entry (the block's CYCLE), so the cycles it ran.
    assert cb["r8"] == unit.start - 100 - 1                 # MFSR CYCLE: before the MFSR
    assert cb["CYCLE"] == unit.start - 100
    assert m.pc == HOST_PC and m.status == STATUS_KMODE and m.deadline == NEVER
    assert m.mem[PART[0]:PART[0] + 3] != [0, 0, 0]          # the guest's memory untouched


def test_the_guest_clock_continues_from_the_blocks_cycle():
    m = machine_with(SYSCALLS, cycle=0xFFFF_FFF0, cycle_hi=2)
    unit, cb = run_to_exit(m)
    clock = (2 << 32) + 0xFFFF_FFF0 + unit.start - 100
    assert (cb["CYCLE"], cb["CYCLE hi"]) == (clock & 0xFFFF_FFFF, clock >> 32)
    assert cb["r8"] == (clock - 1) & 0xFFFF_FFFF


TIMER = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 50
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1
spin:   addi r5, r5, 1
        b    spin
handler:
        mfsr r6, CYCLE
        halt
"""


def native_run(source: str) -> Machine:
    program = assemble(source, "guest.vl32")
    m = Machine(PART[1])
    m.load(program.image, program.entry)
    m.run(max_cycles=100_000)
    return m


def test_the_guests_timer_interrupts_its_kernel_with_no_exit():
    m = machine_with(TIMER)
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_HALT
    assert m.trap_counts == {CAUSE_TIMER: 1} and cb["CAUSE"] == CAUSE_TIMER
    bare = native_run(TIMER)
    assert [cb[f"r{i}"] for i in range(16)] == bare.regs      # r6: CYCLE in the handler
    assert cb["CYCLE"] == bare.cycles - 1                     # the HALT has not run
    assert cb["pc"] == bare.pc - 1 and cb["EPC"] == bare.epc


def test_the_preemption_timer_exits_at_the_first_boundary_at_or_after_it():
    m = machine_with(TIMER.replace("li   r1, 50", "li   r1, 0"), preempt=333)
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_PREEMPT and unit.word is None
    assert 433 <= unit.start <= 433 + 2
    assert cb["pc"] == unit.pc and cb["exit reason"] == gm.EXIT_PREEMPT
    # The same boundary, cycle by cycle.
    n = machine_with(TIMER.replace("li   r1, 50", "li   r1, 0"), preempt=333)
    while n.guest_mode is not None:
        n.step_cycle()
    assert n.last_trap == unit
    assert n.get_state() == m.get_state()


IO = """
.org 0
        li   r1, 'A'
        out  CONSOLE_OUT, r1
        halt
"""


def test_io_exits_before_the_instruction_with_port_and_direction():
    m = machine_with(IO)
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_IO and cb["pc"] == 1
    assert cb["exit qualification"] == PORT_CONSOLE_OUT | gm.IO_OUT
    assert m.console.output == bytearray()               # nothing was written
    assert cb["r1"] == ord("A")


WINDOW = """
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 0x100
        mtsr BASE, r1
        li   r1, 0x40
        mtsr BOUND, r1
        li   r1, 2
        mtsr STATUS, r1          ; PIE 0, PKMODE 0: ERET enters user mode, IE off
        la   r1, user
        addi r1, r1, -0x100
        mtsr EPC, r1
        eret
handler:
        mfsr r7, CAUSE
        mfsr r8, TVAL
        halt
.org 0x100
user:   lw   r2, 0x10(r0)
        sw   r2, 0x3F(r0)
        lw   r3, 0x40(r0)        ; past BOUND: the guest's own BOUNDS trap
"""


def test_generation_2_composes_base_and_bound_with_the_partition():
    m = machine_with(WINDOW, controls=gm.CTL_PREEMPT | gm.CTL_NESTED)
    m.mem[PART[0] + 0x110] = 1234
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_HALT
    assert cb["r2"] == 1234 and m.mem[PART[0] + 0x13F] == 1234
    assert (cb["r7"], cb["r8"]) == (CAUSE_BOUNDS, 0x40)
    assert m.trap_counts == {CAUSE_BOUNDS: 1}


def test_generation_1_exits_on_base_and_bound_and_uses_the_vmms_window():
    windows = gm.CTL_PREEMPT
    m = machine_with(WINDOW, controls=windows,
                     sr_write_exits=1 << SR_BASE | 1 << SR_BOUND)
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_SR_WRITE and cb["exit qualification"] == SR_BASE
    assert cb["BASE"] == 0 and cb["r1"] == 0x100           # not written: the VMM's to do
    # The VMM's part, by hand: write BASE, compose the window, move pc on, enter again.
    words = m.mem[CB:CB + gm.CB_WORDS]
    words[gm.CB_SR + SR_BASE] = 0x100
    words[gm.CB_WIN_BASE], words[gm.CB_WIN_BOUND] = PART[0] + 0x100, 0x40
    words[gm.CB_PC] += 1
    for i, w in enumerate(words):
        m.write_word(CB + i, w)
    assert m.vm_enter(CB) == 0
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_SR_WRITE and cb["exit qualification"] == SR_BOUND
    words = m.mem[CB:CB + gm.CB_WORDS]
    words[gm.CB_SR + SR_BOUND] = 0x40
    words[gm.CB_PC] += 1
    for i, w in enumerate(words):
        m.write_word(CB + i, w)
    m.mem[PART[0] + 0x110] = 99
    assert m.vm_enter(CB) == 0
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_HALT and cb["r2"] == 99
    assert (cb["r7"], cb["r8"]) == (CAUSE_BOUNDS, 0x40)


def test_sr_read_exits_and_trap_exits_when_the_controls_ask():
    m = machine_with(SYSCALLS, sr_read_exits=1 << SR_NAMES.index("TVAL"))
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_SR_READ and cb["exit qualification"] == SR_NAMES.index("TVAL")
    m = machine_with(SYSCALLS, trap_exits=1 << CAUSE_SYSCALL)
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_TRAP and cb["exit qualification"] == CAUSE_SYSCALL
    assert m.mem[CB + gm.CB_EXIT_VALUE] == 3 and cb["pc"] == 3     # the SYSCALL, not taken
    assert m.trap_counts == {}


def test_a_trap_at_the_vector_before_its_handler_runs_exits_as_a_loop():
    m = machine_with(".org 0\n.word 0\n")                   # TVEC 0: the ILLEGAL word again
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_TRAP_LOOP and cb["exit qualification"] == CAUSE_ILLEGAL
    assert m.trap_counts == {CAUSE_ILLEGAL: 1}                # delivered once, then the exit


def test_console_input_exits_whatever_the_guests_ie():
    m = machine_with(TIMER.replace("li   r1, 50", "li   r1, 0"))
    m.exit_on_trap = True
    m.run(max_cycles=40)
    m.console.feed(b"x")
    unit, cb = run_to_exit(m)
    assert unit.cause == gm.EXIT_EXTERNAL and unit.word is None
    assert 140 <= unit.start <= 142                           # the first boundary
    assert cb["exit qualification"] == 2 and len(m.console.input) == 1   # left for the VMM


def test_ipend_console_is_the_vmms_bit():
    m = machine_with(".org 0\n mfsr r1, IPEND\n halt\n", ipend=2)
    unit, cb = run_to_exit(m)
    assert cb["r1"] == 2 and cb["IPEND"] == 2


@pytest.mark.parametrize("field,value,code", [
    ("rev", 0, gm.FAIL_REVISION),
    ("controls", 8, gm.FAIL_CONTROLS),
    ("part_size", 0, gm.FAIL_PARTITION),
    ("part_size", MEMORY, gm.FAIL_PARTITION),
    ("part_base", 0, gm.FAIL_OVERLAP),
    ("win_bound", PART[1] + 1, gm.FAIL_WINDOW),
    ("STATUS", 0x10, gm.FAIL_STATUS),
])
def test_entry_failures(field, value, code):
    m = Machine(MEMORY)
    for i, word in enumerate(block(**{field: value, "win_base": PART[0]})):
        m.write_word(CB + i, word)
    before = m.get_state()
    assert m.vm_enter(CB) == code
    assert m.guest_mode is None
    after = m.get_state()
    assert m.mem[CB + gm.CB_EXIT_REASON] == gm.EXIT_ENTRY_FAILURE
    assert m.mem[CB + gm.CB_EXIT_QUAL] == code
    for key in before:
        if key != "mem":
            assert after[key] == before[key], key
    assert gm.FAILURE_NAMES[code] and gm.FAILURE_TEXTS[code]


def test_a_block_past_the_end_of_memory_fails_without_a_write():
    m = Machine(MEMORY)
    assert m.vm_enter(MEMORY - 10) == gm.FAIL_ADDRESS
    assert m.mem == [0] * MEMORY


def test_run_cycle_steps_and_instruction_steps_agree_in_guest_mode():
    source = SYSCALLS
    a, b, c = (machine_with(source, preempt=57) for _ in range(3))
    run_to_exit(a)
    while b.guest_mode is not None:
        b.step_cycle()
    while c.guest_mode is not None:
        c.step_instruction()
    assert a.get_state() == b.get_state() == c.get_state()


def test_state_round_trips_through_json_in_guest_mode():
    m = machine_with(TIMER, preempt=5000)
    m.run(max_cycles=77)
    state = json.loads(json.dumps(m.get_state()))
    n = Machine(MEMORY)
    n.set_state(state)
    assert n.get_state() == m.get_state()
    run_to_exit(m)
    run_to_exit(n)
    assert n.get_state() == m.get_state()


def test_natively_there_is_no_guest_mode_in_the_state():
    m = Machine(256)
    assert "guest_mode" not in m.get_state()
    with pytest.raises(RuntimeError):
        machine_with(IO).vm_enter(CB)


def test_the_trap_loop_is_found_after_a_restore_between_the_entry_and_the_fault():
    """Whether a trap comes right after a trap entry is guest-mode state: a machine restored
    at that boundary (time travel) finds the loop exactly as the one that ran through."""
    m = machine_with(".org 0\n.word 0\n")
    m.step_instruction()                                      # the first ILLEGAL, delivered
    assert m.guest_mode is not None and m.trap_counts == {CAUSE_ILLEGAL: 1}
    n = Machine(MEMORY)
    n.set_state(json.loads(json.dumps(m.get_state())))
    for machine in (m, n):
        unit, cb = run_to_exit(machine)
        assert unit.cause == gm.EXIT_TRAP_LOOP
    assert n.get_state() == m.get_state()
