"""The fast loop of a kernel (vmlab/machine/cpu.py, Machine._run_whole).

When the window is the whole memory (kernel mode on the bare machine), run() uses a
loop that checks no address (the end of memory raises IndexError, and the reference
executor traps) and counts instructions only at jumps; it also runs ERET, MFSR, MTSR,
IN, OUT, GETF and SETF inline.  What must not change:

* the machine: every stepping mode reaches the same state at the same cycle, an
  interrupt made pending by one of them (STATUS, SETF, TIMER, ERET) is taken at the
  very next boundary, a change of mode or window is seen by the next fetch, the end
  of memory traps BOUNDS on fetches, loads and stores, instret counts exactly;
* the observer: commit_hook is called after every system instruction, wherever it
  ran, with the machine as the reference executor leaves it;
* user mode and guest mode: they still trap (PRIV) or exit as before.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.isa import Instruction, encode
from vmlab.machine import Machine
from vmlab.machine import guest_mode as gm
from vmlab.machine.cpu import TRAP, decode_cached
from vmlab.machine.state import SYSTEM_INSTRUCTIONS

from .helpers import (BASE, BOUND, BOUNDS, CAUSE, CAUSE_CONSOLE, CAUSE_TIMER, CONSOLE_IN,
                      CONSOLE_OUT, CONSOLE_STATUS, EPC, ERET, HALT, IE, KMODE, PRIV, SCRATCH,
                      STATUS, SYSCALL, TIMER, TVAL, addi, assemble, branch, enter_user, getf,
                      in_, jal, jalr, jmp, jr, kernel_prologue, li, logging_handler, lw,
                      make_machine, mfsr, mtsr, out, run_all_modes, set_sr, setf, sw, trap_log)

HANDLER = 0x200


# ---------------------------------------------------------------- interrupts at the boundary
def at(*items) -> int:
    """The address right after these items, laid out from 0."""
    return len(assemble(*items))


def test_an_mtsr_status_that_enables_interrupts_with_the_timer_expired_is_interrupted_right_after():
    head = [kernel_prologue(HANDLER),
            set_sr(TIMER, 3),            # expires during the next instructions
            addi(1, 0, 1), addi(1, 1, 1), addi(1, 1, 1), addi(1, 1, 1),
            set_sr(STATUS, KMODE | IE)]  # IE on, TIMER long expired
    m = run_all_modes(*head, addi(2, 0, 7), HALT, at={HANDLER: logging_handler()})
    (cause, _tval, epc, _status), = trap_log(m)
    assert (cause, epc) == (CAUSE_TIMER, at(*head))   # right after the MTSR STATUS
    assert m.regs[2] == 7 and m.regs[1] == 4


def test_setf_enabling_interrupts_with_console_input_waiting_is_interrupted_right_after():
    head = [kernel_prologue(HANDLER), addi(1, 0, 1), setf(1)]    # IE on, a byte waits
    m = run_all_modes(*head, addi(2, 0, 9), HALT, at={HANDLER: logging_handler()},
                      setup=lambda m: m.console.feed(b"x"))
    (cause, _tval, epc, _status), = trap_log(m)
    assert (cause, epc) == (CAUSE_CONSOLE, at(*head))
    assert not m.console.input           # the handler read it
    assert m.regs[2] == 9


def test_a_timer_written_inline_interrupts_at_its_exact_boundary():
    head = [kernel_prologue(HANDLER), set_sr(STATUS, KMODE | IE), set_sr(TIMER, 5)]
    m = run_all_modes(*head, [addi(3, 3, 1)] * 20, HALT, at={HANDLER: logging_handler()})
    (cause, _tval, epc, _status), = trap_log(m)
    assert (cause, epc) == (CAUSE_TIMER, at(*head) + 5)    # five 1-cycle ADDIs, then it
    assert m.regs[3] == 20


def test_a_timer_rewritten_inline_moves_the_interrupt():
    # The second write commits on the very cycle the first deadline falls: it is the
    # acknowledgement, so the interrupt comes 40 cycles later.
    head = [kernel_prologue(HANDLER), set_sr(STATUS, KMODE | IE), set_sr(TIMER, 3),
            set_sr(TIMER, 40)]
    m = run_all_modes(*head, [addi(3, 3, 1)] * 60, HALT, at={HANDLER: logging_handler()})
    (cause, _tval, epc, _status), = trap_log(m)
    assert (cause, epc) == (CAUSE_TIMER, at(*head) + 40)


# ---------------------------------------------------------------- mode and window
def test_eret_to_user_mode_applies_the_window_and_user_mode_still_traps_privileged_instructions():
    user = [addi(1, 0, 5), mfsr(2, STATUS), addi(3, 0, 6), Instruction("SYSCALL", imm=9)]
    # After the SYSCALL the handler returns to EPC + 1 = 4, outside the 4-word window:
    # BOUNDS at every fetch from then on, so the run ends on the cycle limit.
    m = run_all_modes(kernel_prologue(HANDLER), enter_user(0, 0x400, len(user)),
                      at={HANDLER: logging_handler(), 0x400: user}, max_cycles=400,
                      expect="cycle-limit")
    log = trap_log(m)
    assert log[0][:3] == (PRIV, encode(mfsr(2, STATUS)), 1)
    assert log[1][:3] == (SYSCALL, 9, 3)
    assert (log[2][0], log[2][2]) == (BOUNDS, len(user))
    assert (m.regs[1], m.regs[2], m.regs[3]) == (5, 0, 6)


def test_mtsr_status_leaving_kernel_mode_stops_running_system_instructions():
    head = [kernel_prologue(HANDLER), set_sr(BASE, 0), set_sr(BOUND, 0x100),
            set_sr(STATUS, 0)]           # user mode, the window 0 .. 0xFF
    m = run_all_modes(*head, mfsr(4, SCRATCH), HALT, at={HANDLER: logging_handler()},
                      max_cycles=300, expect="cycle-limit")
    log = trap_log(m)
    assert log[0][:3] == (PRIV, encode(mfsr(4, SCRATCH)), at(*head))
    assert log[1][:3] == (PRIV, encode(HALT), at(*head) + 1)


def test_base_and_bound_written_in_kernel_mode_do_not_move_the_kernels_window():
    m = run_all_modes(kernel_prologue(HANDLER), set_sr(BASE, 0x700), set_sr(BOUND, 1),
                      addi(1, 0, 3), getf(2), HALT, at={HANDLER: logging_handler()})
    assert (m.base, m.bound, m.regs[1], m.regs[2]) == (0x700, 1, 3, KMODE)
    assert trap_log(m) == []


# ---------------------------------------------------------------- the end of memory
MEMORY = 4096


def test_kernel_code_running_off_the_end_of_memory_traps_bounds():
    tail = [addi(1, 1, 1)] * 3
    m = run_all_modes(kernel_prologue(HANDLER), jmp(MEMORY - len(tail)),
                      at={HANDLER: logging_handler(), MEMORY - len(tail): tail},
                      memory_words=MEMORY, max_cycles=200, expect="cycle-limit")
    assert trap_log(m)[0][:3] == (BOUNDS, MEMORY, MEMORY)
    assert m.regs[1] == len(tail)


def test_kernel_loads_and_stores_past_the_end_of_memory_trap_bounds():
    body = [li(1, MEMORY), li(4, 77),
            lw(2, 0, 1),                 # r1 = MEMORY: one past the last word
            sw(4, -1, 0),                # address 0xFFFFFFFF
            lw(3, -1, 1),                # the last word: fine
            sw(4, -1, 1),                # the last word: fine
            HALT]
    m = run_all_modes(kernel_prologue(HANDLER), body, at={HANDLER: logging_handler()},
                      data={MEMORY - 1: 55}, memory_words=MEMORY)
    log = trap_log(m)
    assert [(cause, tval) for cause, tval, _epc, _st in log] == [(BOUNDS, MEMORY),
                                                                 (BOUNDS, 0xFFFF_FFFF)]
    assert (m.regs[2], m.regs[3], m.mem[MEMORY - 1]) == (0, 55, 77)


def test_kernel_jumps_past_the_end_of_memory_or_before_its_start_trap_bounds():
    for jump, target in [([li(5, 0xFFFF_FFF0), jr(5)], 0xFFFF_FFF0),
                         ([li(5, MEMORY), jalr(6, 5)], MEMORY),
                         ([branch("BEQ", 0, 0, -40)], None)]:
        head = [kernel_prologue(HANDLER), li(1, 3)] + jump[:-1]
        if target is None:           # a branch back past address 0 wraps around
            target = (at(*head) - 40) & 0xFFFF_FFFF
        m = run_all_modes(*head, jump[-1], at={HANDLER: logging_handler()},
                          memory_words=MEMORY, max_cycles=100, expect="cycle-limit")
        assert trap_log(m)[0][:3] == (BOUNDS, target, target)


def test_instructions_are_counted_exactly_across_jumps_calls_and_returns():
    loops = 10
    body = [li(2, loops),
            addi(1, 1, 1),               # loop (word 7)
            jal(0x100),
            branch("BNE", 1, 2, -2),
            HALT]
    sub = [addi(3, 3, 2), jr(15)]
    m = run_all_modes(kernel_prologue(HANDLER), body, at={0x100: sub, HANDLER: logging_handler()})
    per_loop = 3 + len(sub)              # ADDI, JAL, BNE and the subroutine
    assert m.instret == at(kernel_prologue(HANDLER)) + 2 + loops * per_loop + 1
    assert (m.regs[1], m.regs[3]) == (loops, 2 * loops)


# ---------------------------------------------------------------- a user window
USER = 0x400         # the user program's physical base


def _user_first_trap(user, bound, base=USER):
    """Run user code in the window (base, bound) in every stepping mode; the words after
    the window are instructions too (r7 += 1), which must never run in user mode."""
    beyond = [addi(7, 7, 1)] * min(64, MEMORY - base - bound)
    m = run_all_modes(kernel_prologue(HANDLER), enter_user(0, base, bound),
                      at={HANDLER: logging_handler(), base: user, base + bound: beyond},
                      memory_words=MEMORY, max_cycles=300, expect="cycle-limit")
    assert m.regs[7] == 0
    return m, trap_log(m)[0]


def test_user_code_leaving_its_window_traps_bounds_however_it_leaves():
    bound = 8
    cases = [  # (user code, where it leaves to)
        ([addi(1, 1, 1)] * bound, bound),                         # runs off the end
        ([addi(1, 1, 1), branch("BNE", 1, 0, 20)], 1 + 20),       # a branch out
        ([addi(1, 1, 1), branch("BEQ", 0, 0, -2)], 0xFFFF_FFFF),  # back before 0
        ([addi(1, 1, 1), jmp(bound + 3)], bound + 3),
        ([addi(1, 1, 1), jal(bound + 5)], bound + 5),
        ([addi(1, 1, 1), jal(0x3000)], 0x3000),                   # past the end of memory
        ([li(5, bound + 1), jr(5)], bound + 1),
        ([li(5, 0xFFFF_FFF0), jalr(6, 5)], 0xFFFF_FFF0),
    ]
    for user, target in cases:
        m, (cause, tval, epc, _status) = _user_first_trap(user, bound)
        assert (cause, tval, epc) == (BOUNDS, target, target), user
        jumps = [ins.mnemonic for ins in user if isinstance(ins, Instruction)]
        if "JAL" in jumps:
            assert m.regs[15] == len(user)                        # a program address
        if "JALR" in jumps:
            assert m.regs[6] == len(assemble(user))


def test_a_window_that_ends_at_the_end_of_memory_traps_bounds_past_it():
    user = [addi(1, 1, 1)] * 4
    m, (cause, tval, epc, _status) = _user_first_trap(user, len(user), base=MEMORY - len(user))
    assert (cause, tval, epc) == (BOUNDS, len(user), len(user))
    assert m.regs[1] == len(user)


def test_user_instructions_are_counted_exactly_across_calls():
    loops = 6
    user = [li(2, loops),
            addi(1, 1, 1),               # loop (word 2)
            jal(0x20),
            branch("BNE", 1, 2, -2),
            Instruction("SYSCALL", imm=1)]
    sub = [addi(3, 3, 1), jr(15)]
    m = run_all_modes(kernel_prologue(HANDLER), enter_user(0, USER, 0x40),
                      at={HANDLER: logging_handler(), USER: user, USER + 0x20: sub},
                      max_cycles=300, expect="cycle-limit", memory_words=MEMORY)
    assert trap_log(m)[0][:3] == (SYSCALL, 1, len(assemble(user)) - 1)
    assert (m.regs[1], m.regs[3]) == (loops, loops)


def test_the_word_after_a_window_is_left_as_it_was():
    """The loop's stop entry after the window goes away with it: a word there that is
    watched and was rewritten (binary translation's invalidation) still stops run()."""
    user = [addi(1, 1, 1)] * 4
    after = USER + len(user)
    m = make_machine(kernel_prologue(HANDLER), enter_user(0, USER, len(user)),
                     at={USER: user, HANDLER: [jmp(after)], after: [HALT]},
                     memory_words=MEMORY)
    m.watch([after], verified=False)     # as if rewritten since it was watched
    m.intercepting = True
    m.exit_on_trap = True
    assert m.run(max_cycles=500) == TRAP             # BOUNDS, running off the window
    assert (m.last_trap.cause, m.pc) == (BOUNDS, HANDLER)
    assert m.run(max_cycles=500) == "intercept"      # before the rewritten word
    assert m.pc == after and m.regs[1] == len(user)


# ---------------------------------------------------------------- the observer
def _observe(m: Machine, records: list) -> None:
    def hook(machine, unit, status_before):
        ins = decode_cached(unit.word) if unit.word is not None else None
        if unit.kind == "instr" and (ins is None or ins.mnemonic not in SYSTEM_INSTRUCTIONS):
            return        # ordinary instructions: reported only if the reference path ran them
        records.append((unit, status_before, machine.cycles, machine.instret, machine.pc,
                        machine.status, machine.deadline, bytes(machine.console.output),
                        tuple(machine.regs)))
    m.commit_hook = hook


def test_the_observer_sees_console_output_as_the_reference_executor_commits_it():
    text = [li(1, ord(c)) + [out(CONSOLE_OUT, 1)] for c in "Hola"]
    streams = []
    for mode in ("run", "step"):
        m = make_machine(*text, HALT)
        records: list = []
        _observe(m, records)
        if mode == "run":
            assert m.run(max_cycles=1000) == "halt"
        else:
            while m.step_instruction() is not None:
                pass
        streams.append(records)
    assert streams[0] == streams[1]
    names = [decode_cached(r[0].word).mnemonic for r in streams[0]]
    assert names == ["OUT"] * 4 + ["HALT"]
    assert [r[7] for r in streams[0]] == [b"H", b"Ho", b"Hol", b"Hola", b"Hola"]
    assert all(r[2] == r[0].start + r[0].cost for r in streams[0])   # at its last cycle


# Random kernel code full of system instructions, run in every stepping mode: the same
# states at the same cycles, and the observer sees the same system instructions, traps
# and interrupts with the same machine around them.
CODE = 0x40          # the random code; if it reaches user mode: BASE 0, BOUND 0x1000
SRS_WRITABLE = [EPC, CAUSE, TVAL, SCRATCH, BASE, BOUND, 9, 10]   # CYCLE and IPEND: ignored
R = st.integers(1, 7)


def _item(n_code: int):
    return st.one_of(
        st.builds(lambda d, s: mfsr(d, s), R, st.integers(0, 10)),
        st.builds(lambda s, r: mtsr(s, r), st.sampled_from(SRS_WRITABLE), st.integers(0, 7)),
        st.builds(lambda v: li(7, v) + [mtsr(STATUS, 7)], st.integers(0, 15)),
        st.builds(lambda v: [addi(7, 0, v), mtsr(TIMER, 7)], st.integers(0, 30)),
        st.builds(lambda t: [addi(7, 0, CODE + t), mtsr(EPC, 7), ERET],
                  st.integers(0, n_code - 1)),
        st.builds(lambda d, p: in_(d, p), R, st.sampled_from([CONSOLE_IN, CONSOLE_STATUS, 0x20])),
        st.builds(lambda p, s: out(p, s), st.sampled_from([CONSOLE_OUT, 0x21]), st.integers(0, 7)),
        st.builds(getf, R),
        st.builds(setf, st.integers(0, 7)),
        st.builds(lambda d, s, v: addi(d, s, v), R, st.integers(0, 7), st.integers(-3, 9)),
        st.just(Instruction("WFI")),
        st.builds(lambda c: Instruction("SYSCALL", imm=c), st.integers(0, 3)),
    )


@st.composite
def kernel_programs(draw):
    n_code = draw(st.integers(4, 30))
    body: list = []
    while len(body) < n_code:
        item = draw(_item(n_code))
        body.extend(item if isinstance(item, list) else [item])
    regs = draw(st.lists(st.integers(0, 40), min_size=6, max_size=6))
    return dict(body=body[:n_code] + [jmp(CODE)], regs=regs,
                console=draw(st.binary(max_size=3)), total=draw(st.integers(50, 1200)),
                slices=draw(st.lists(st.integers(1, 40), min_size=1, max_size=6)))


def _build(sc, records: list) -> Machine:
    prologue = (kernel_prologue(HANDLER) + set_sr(BOUND, 0x1000)
                + [li(r, v) for r, v in zip(range(1, 7), sc["regs"])] + [jmp(CODE)])
    m = make_machine(prologue, at={CODE: sc["body"], HANDLER: logging_handler()},
                     memory_words=0x1000)
    m.console.feed(sc["console"])
    _observe(m, records)
    return m


@settings(max_examples=60, deadline=None)
@given(kernel_programs())
def test_system_instructions_agree_in_every_stepping_mode_and_are_all_observed(sc):
    total = sc["total"]
    runs = {}
    for mode in ("run", "slices", "instr", "cycle"):
        records: list = []
        m = _build(sc, records)
        if mode == "run":
            m.run(until_cycle=total)
        elif mode == "slices":
            i = 0
            while m.cycles < total and not m.halted:
                m.run(until_cycle=min(total, m.cycles + sc["slices"][i % len(sc["slices"])]))
                i += 1
        elif mode == "instr":
            while m.cycles < total and m.step_instruction() is not None:
                pass
        else:
            while m.cycles < total and m.step_cycle() is not None:
                pass
        runs[mode] = (m, [r for r in records if r[2] <= total])
    ref_machine, ref_records = runs["cycle"]
    for mode in ("run", "slices", "instr"):
        m, records = runs[mode]
        assert records == ref_records, mode
        if mode != "instr":          # step_instruction may finish a unit past `total`
            assert m.get_state() == ref_machine.get_state(), mode


# ---------------------------------------------------------------- guest mode
def test_in_guest_mode_system_instructions_exit_even_when_the_cache_holds_them_inline():
    """The same code, run natively first (its system instructions pre-decoded for the
    fast loop), then as a guest kernel in guest mode: OUT is a VM exit, not an output."""
    code = [li(1, ord("A")), out(CONSOLE_OUT, 1), mfsr(2, SCRATCH), HALT]
    m = make_machine(code, memory_words=8192)
    assert m.run(max_cycles=100) == "halt"
    assert m.console.text() == "A"
    cb = 4096
    words = [0] * gm.CB_WORDS
    words[gm.CB_REV] = gm.CB_REVISION
    words[gm.CB_PART_BASE], words[gm.CB_PART_SIZE] = 0, 1024
    words[gm.CB_HOST_PC], words[gm.CB_HOST_STATUS] = 7, KMODE
    words[gm.CB_SR] = KMODE
    m.write_words(cb, words)
    m.halted = None
    assert m.vm_enter(cb) == 0
    m.exit_on_trap = True
    assert m.run(max_cycles=1000) == TRAP
    unit = m.last_trap
    assert (unit.kind, unit.cause, unit.pc) == ("exit", gm.EXIT_IO, 2)
    assert m.console.text() == "A"       # the guest's OUT did not reach the console
    assert m.guest_mode is None and m.pc == 7
