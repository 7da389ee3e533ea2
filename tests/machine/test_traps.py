"""Trap entry and ERET for every cause (VL32.md, Traps and interrupts)."""

import pytest

from vmlab.isa import Instruction, encode

from .helpers import (BOUNDS, CAUSE, CAUSE_CONSOLE, CAUSE_TIMER, CONSOLE_IN, CONSOLE_OUT,
                      DIVZERO, EPC, ERET, HALT, HCALL, IE, ILLEGAL, KMODE, NOP, PIE,
                      PKMODE, PRIV, STATUS, SYSCALL, TIMER, TVAL, TVEC, WFI, R, addi, getf,
                      hcall, in_, jmp, kernel_prologue, li, logging_handler, lw, make_machine,
                      mfsr, mtsr, out, put_user, run_all_modes, set_sr, setf, sw, syscall,
                      trap_log)


H = 0x200          # trap vector used throughout
UBASE = 0x1000     # user window
UBOUND = 0x100


def machine_with(words_at_pc, *, user=False, ie=False, tvec=H, pc=0x40, handler=(HALT,)):
    """A machine about to execute `words_at_pc` at virtual pc, handler at tvec."""
    code = [w if isinstance(w, int) else encode(w) for w in words_at_pc]
    phys = UBASE + pc if user else pc
    at = {phys: code}
    if tvec < 65_536:
        at[tvec] = list(handler)
    m = make_machine(at=at)
    m.tvec = tvec
    if user:
        put_user(m, UBASE, UBOUND, pc, ie=ie)
    else:
        m.pc = pc
        m.status = KMODE | (IE if ie else 0)
    return m


def expected_status(user, ie):
    """STATUS right after trap entry from the given mode / IE."""
    return KMODE | (0 if user else PKMODE) | (PIE if ie else 0)


def check_trap(m, *, cause, tval, epc, user, ie, cycles=5, instret=1, start_cycles=0):
    assert m.cause == cause
    assert m.tval == tval
    assert m.epc == epc
    assert m.pc == m.tvec
    assert m.status == expected_status(user, ie)
    assert m.cycles == start_cycles + cycles
    assert m.instret == instret
    assert m.read_sr(CAUSE) == cause and m.read_sr(TVAL) == tval and m.read_sr(EPC) == epc
    assert m.read_sr(STATUS) == m.status


MODES = [(False, False), (False, True), (True, False), (True, True)]
MODE_IDS = ["kernel-IE0", "kernel-IE1", "user-IE0", "user-IE1"]


# ---------------------------------------------------------------- ILLEGAL
ASSIGNED = (set(range(0x01, 0x0E)) | set(range(0x10, 0x19)) | {0x1A, 0x1B}
            | set(range(0x20, 0x26)) | set(range(0x28, 0x2C)) | set(range(0x30, 0x3B)))
UNASSIGNED = sorted(set(range(64)) - ASSIGNED)


def test_unassigned_opcodes_are_the_documented_gaps():
    assert UNASSIGNED == [0x00, 0x0E, 0x0F, 0x19, 0x1C, 0x1D, 0x1E, 0x1F, 0x26, 0x27,
                          0x2C, 0x2D, 0x2E, 0x2F, 0x3B, 0x3C, 0x3D, 0x3E, 0x3F]


@pytest.mark.parametrize("opcode", UNASSIGNED, ids=[f"op{o:02x}" for o in UNASSIGNED])
@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_illegal_opcode(opcode, user, ie):
    word = opcode << 26 | 0x123_4567 & 0x3FF_FFFF
    m = machine_with([word], user=user, ie=ie)
    m.regs[1] = 0x77
    before = m.get_state()
    unit = m.step_instruction()
    assert unit.cost == 5 and unit.kind == "trap"
    check_trap(m, cause=ILLEGAL, tval=word, epc=0x40, user=user, ie=ie)
    assert m.regs == before["regs"] and m.mem == before["mem"]


def test_zero_word_is_illegal_at_once():
    m = make_machine()            # all memory zero
    m.tvec = 0x10
    m.step_instruction()
    check_trap(m, cause=ILLEGAL, tval=0, epc=0, user=False, ie=False)
    # the handler at 0x10 is zero too: another ILLEGAL, now from kernel mode, PKMODE = 1
    m.step_instruction()
    assert m.epc == 0x10 and m.cycles == 10 and m.instret == 2


RESERVED = [
    ("R3 low bit", encode(R("ADD", 1, 2, 3)) | 1),
    ("R3 bit 13", encode(R("MUL", 1, 2, 3)) | 1 << 13),
    ("SUB low bits", encode(R("SUB", 0, 0, 0)) | 0x3FFF),
    ("LUI rs", encode(Instruction("LUI", 1, 0, 0, 5)) | 1 << 18),
    ("JR rd", encode(Instruction("JR", 0, 3)) | 1 << 22),
    ("JR rt/imm", encode(Instruction("JR", 0, 3)) | 1 << 14),
    ("JALR low", encode(Instruction("JALR", 1, 3)) | 1),
    ("SYSCALL rd", encode(Instruction("SYSCALL", imm=4)) | 1 << 22),
    ("HCALL rs", encode(Instruction("HCALL", imm=4)) | 1 << 18),
    ("ERET low", encode(ERET) | 1),
    ("ERET rd", encode(ERET) | 1 << 25),
    ("WFI imm", encode(WFI) | 1 << 17),
    ("HALT rs", encode(HALT) | 1 << 21),
    ("MFSR rs", encode(mfsr(1, 0)) | 1 << 18),
    ("MTSR rd", encode(mtsr(0, 1)) | 1 << 22),
    ("IN rs", encode(in_(1, CONSOLE_IN)) | 1 << 18),
    ("OUT rd", encode(out(CONSOLE_OUT, 1)) | 1 << 22),
    ("GETF imm", encode(getf(1)) | 1),
    ("GETF rs", encode(getf(1)) | 1 << 18),
    ("SETF rd", encode(setf(1)) | 1 << 22),
    ("SETF imm", encode(setf(1)) | 1 << 10),
]


@pytest.mark.parametrize("word", [w for _, w in RESERVED], ids=[n for n, _ in RESERVED])
@pytest.mark.parametrize("user", [False, True], ids=["kernel", "user"])
def test_reserved_bits_set_is_illegal(word, user):
    # ILLEGAL wins over PRIV: the word is not an instruction at all
    m = machine_with([word], user=user)
    m.regs[1] = 5
    m.step_instruction()
    check_trap(m, cause=ILLEGAL, tval=word, epc=0x40, user=user, ie=False)
    assert m.halted is None and m.console.output == b""


@pytest.mark.parametrize("sr", [11, 12, 15, 0x100, 0x3FFFF])
@pytest.mark.parametrize("op", ["MFSR", "MTSR"])
@pytest.mark.parametrize("user", [False, True], ids=["kernel", "user"])
def test_unknown_sr_is_illegal_even_in_user_mode(sr, op, user):
    ins = mfsr(1, sr) if op == "MFSR" else mtsr(sr, 1)
    word = encode(ins)
    m = machine_with([word], user=user)
    m.regs[1] = 0x42
    m.step_instruction()
    check_trap(m, cause=ILLEGAL, tval=word, epc=0x40, user=user, ie=False)
    assert m.regs[1] == 0x42


def test_sr_10_is_the_last_valid_sr():
    m = machine_with([mfsr(1, 10), HALT])
    m.run(max_cycles=10)
    assert m.halted == "halt" and m.regs[1] == 0 and m.cause == 0


# ---------------------------------------------------------------- PRIV
PRIVILEGED = [ERET, mfsr(1, STATUS), mtsr(TVEC, 2), in_(1, CONSOLE_IN), out(CONSOLE_OUT, 2),
              WFI, HALT]


@pytest.mark.parametrize("ins", PRIVILEGED, ids=[i.mnemonic for i in PRIVILEGED])
@pytest.mark.parametrize("ie", [False, True], ids=["IE0", "IE1"])
def test_privileged_instruction_in_user_mode_traps_priv(ins, ie):
    m = machine_with([ins], user=True, ie=ie)
    m.regs[1], m.regs[2] = 0x11, 0x41
    m.epc = 0x99
    if not ie:                  # (with IE = 1 queued input would interrupt first)
        m.console.feed(b"z")
    unit = m.step_instruction()
    assert unit.cost == 5
    check_trap(m, cause=PRIV, tval=encode(ins), epc=0x40, user=True, ie=ie)
    # nothing of the instruction happened
    assert m.regs[1] == 0x11 and m.tvec == H and m.console.output == b"" and m.halted is None
    assert list(m.console.input) == ([] if ie else [ord("z")])


@pytest.mark.parametrize("ins", PRIVILEGED, ids=[i.mnemonic for i in PRIVILEGED])
def test_privileged_instructions_run_in_kernel_mode(ins):
    m = machine_with([ins], user=False)
    m.step_instruction()
    assert m.cause == 0 and m.trap_counts == {}


def test_priv_tval_is_the_whole_word():
    ins = mtsr(TIMER, 7)
    m = machine_with([ins], user=True)
    m.step_instruction()
    assert m.tval == encode(ins) == 0x34 << 26 | 7 << 18 | TIMER


# ---------------------------------------------------------------- BOUNDS
@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_bounds_on_load(user, ie):
    addr = UBOUND + 3 if user else 70_000
    m = machine_with([lw(1, 3, 2)], user=user, ie=ie)
    m.regs[1], m.regs[2] = 0x55, addr - 3
    m.step_instruction()
    check_trap(m, cause=BOUNDS, tval=addr, epc=0x40, user=user, ie=ie)
    assert m.regs[1] == 0x55


@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_bounds_on_store(user, ie):
    addr = UBOUND if user else 65_536
    m = machine_with([sw(1, -1, 2)], user=user, ie=ie)
    m.regs[1], m.regs[2] = 0x55, addr + 1
    before = list(m.mem)
    m.step_instruction()
    check_trap(m, cause=BOUNDS, tval=addr, epc=0x40, user=user, ie=ie)
    assert m.mem == before


@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_bounds_on_fetch(user, ie):
    m = machine_with([jmp(0)], user=user, ie=ie)
    target = UBOUND + 5 if user else 65_536 + 5
    m.pc = target
    unit = m.step_instruction()
    assert unit.word is None and unit.cost == 5
    check_trap(m, cause=BOUNDS, tval=target, epc=target, user=user, ie=ie, instret=0)


# ---------------------------------------------------------------- DIVZERO
@pytest.mark.parametrize("op", ["DIV", "REM"])
@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_divide_by_zero(op, user, ie):
    m = machine_with([R(op, 1, 2, 3)], user=user, ie=ie)
    m.regs[1], m.regs[2], m.regs[3] = 0x66, 10, 0
    unit = m.step_instruction()
    assert unit.cost == 5           # 1 + entry, not 8 + entry
    check_trap(m, cause=DIVZERO, tval=0, epc=0x40, user=user, ie=ie)
    assert m.regs[1] == 0x66


@pytest.mark.parametrize("op", ["DIV", "REM"])
def test_divide_by_zero_into_r0_still_traps(op):
    m = machine_with([R(op, 0, 2, 0)])
    m.step_instruction()
    assert m.cause == DIVZERO and m.cycles == 5


def test_divzero_tval_is_zero_even_after_other_traps():
    m = machine_with([R("DIV", 1, 2, 3)])
    m.tval = 0x1234
    m.step_instruction()
    assert m.tval == 0


# ---------------------------------------------------------------- SYSCALL / HCALL
@pytest.mark.parametrize("code", [0, 1, 0x1FFFF, 0x20000, 0x3FFFF])
@pytest.mark.parametrize("op,cause", [("SYSCALL", SYSCALL), ("HCALL", HCALL)])
@pytest.mark.parametrize("user,ie", MODES, ids=MODE_IDS)
def test_syscall_and_hcall(op, cause, code, user, ie):
    ins = Instruction(op, imm=code)
    m = machine_with([ins], user=user, ie=ie)
    unit = m.step_instruction()
    assert unit.cost == 5
    check_trap(m, cause=cause, tval=code, epc=0x40, user=user, ie=ie)


# ---------------------------------------------------------------- trap entry cycle by cycle
def test_trap_commits_only_on_its_last_cycle():
    m = machine_with([Instruction("SYSCALL", imm=7)], user=True, ie=True)
    m.write_sr(TIMER, 100)
    before = m.get_state()
    for i in range(1, 5):
        report = m.step_cycle()
        assert report.index == i and not report.committed
        assert report.unit.kind == "trap" and report.unit.cost == 5
        state = m.get_state()
        assert m.cycles == i
        for key in ("regs", "pc", "status", "epc", "cause", "tval", "instret", "mem"):
            assert state[key] == before[key], key
        assert m.timer == 100 - i  # the timer ticks during the fault and entry cycles
    report = m.step_cycle()
    assert report.index == 5 and report.committed and m.inflight is None
    check_trap(m, cause=SYSCALL, tval=7, epc=0x40, user=True, ie=True)


def test_trap_unit_phases():
    m = machine_with([syscall()])
    phases = [m.step_cycle().phase for _ in range(5)]
    assert len(phases) == 5 and all(isinstance(p, str) and p for p in phases)


# ---------------------------------------------------------------- ERET
@pytest.mark.parametrize("pie", [0, PIE])
@pytest.mark.parametrize("pkmode", [0, PKMODE])
@pytest.mark.parametrize("ie", [0, IE])
def test_eret_restores_mode_and_ie_and_keeps_pie_pkmode(pie, pkmode, ie):
    m = machine_with([ERET])
    m.status = KMODE | ie | pie | pkmode
    m.epc = 0x33
    unit = m.step_instruction()
    assert unit.cost == 2 and m.cycles == 2
    assert m.pc == 0x33
    assert m.status == pie | pkmode | (IE if pie else 0) | (KMODE if pkmode else 0)
    assert m.instret == 1


def test_eret_to_user_mode_translates_the_next_fetch():
    m = machine_with([ERET], handler=[HALT])
    m.status = KMODE            # PKMODE = 0, PIE = 0: back to user with IE off
    m.epc, m.base, m.bound = 2, UBASE, UBOUND
    m.write_word(UBASE + 2, encode(addi(1, 0, 9)))
    m.write_word(UBASE + 3, encode(syscall(4)))
    assert m.run(max_cycles=100) == "halt"
    assert m.regs[1] == 9 and m.cause == SYSCALL and m.epc == 3 and m.tval == 4


# ---------------------------------------------------------------- round trips
def standard(user_code, *, ie=False, setup=None, max_cycles=10_000, expect="halt"):
    """Kernel: prologue, enter user mode at virtual 0; handler logs and returns."""
    status = KMODE | (PIE if ie else 0)
    kernel = (kernel_prologue(H) + set_sr(5, UBASE) + set_sr(6, UBOUND) + set_sr(EPC, 0)
              + set_sr(STATUS, status) + [ERET])
    return run_all_modes(kernel, at={H: logging_handler(), UBASE: user_code}, setup=setup,
                         max_cycles=max_cycles, expect=expect)


def test_syscall_round_trip_returns_after_the_syscall():
    # user: r1 = 5; syscall 42; r1 += 1; syscall 43; illegal word halts via... the handler skips
    user = [addi(1, 0, 5), syscall(42), addi(1, 1, 1), syscall(0x3FFFF), addi(1, 1, 1),
            getf(2), jmp(0x30)]
    # jmp 0x30 (virtual) lands on zero memory: ILLEGAL, logged and skipped -> fetch 0x31...
    m = standard(user, max_cycles=400, expect="cycle-limit")
    log = trap_log(m)
    assert log[0] == (SYSCALL, 42, 1, KMODE)
    assert log[1] == (SYSCALL, 0x3FFFF, 3, KMODE)
    assert log[2] == (ILLEGAL, 0, 0x30, KMODE)
    assert m.regs[1] == 7
    assert m.regs[2] == 0        # GETF in user mode: STATUS = 0 (user, IE off)


def test_round_trip_for_every_synchronous_cause():
    user = [
        0x3F << 26,                        # 0 ILLEGAL by opcode
        encode(R("ADD", 1, 1, 1)) | 4,     # 1 ILLEGAL by reserved bits
        encode(mfsr(1, 11)),               # 2 ILLEGAL by SR number
        encode(mfsr(1, STATUS)),           # 3 PRIV
        encode(lw(1, UBOUND, 0)),          # 4 BOUNDS (load)
        encode(sw(1, UBOUND + 1, 0)),      # 5 BOUNDS (store)
        encode(R("REM", 1, 1, 0)),         # 6 DIVZERO
        encode(syscall(9)),                # 7 SYSCALL
        encode(hcall(10)),                 # 8 HCALL
        encode(addi(3, 0, 3)),             # 9
        encode(jmp(UBOUND + 2)),           # 10 -> fetch BOUNDS, returned to UBOUND + 3 ...
    ]
    m = standard(user, max_cycles=600, expect="cycle-limit")
    log = trap_log(m)
    assert log[:11] == [
        (ILLEGAL, 0x3F << 26, 0, KMODE),
        (ILLEGAL, encode(R("ADD", 1, 1, 1)) | 4, 1, KMODE),
        (ILLEGAL, encode(mfsr(1, 11)), 2, KMODE),
        (PRIV, encode(mfsr(1, STATUS)), 3, KMODE),
        (BOUNDS, UBOUND, 4, KMODE),
        (BOUNDS, UBOUND + 1, 5, KMODE),
        (DIVZERO, 0, 6, KMODE),
        (SYSCALL, 9, 7, KMODE),
        (HCALL, 10, 8, KMODE),
        (BOUNDS, UBOUND + 2, UBOUND + 2, KMODE),
        (BOUNDS, UBOUND + 3, UBOUND + 3, KMODE),
    ]
    assert m.regs[3] == 3


def test_exact_cycles_of_a_syscall_round_trip():
    # kernel at 0: TVEC; SYSCALL; HALT.  handler: EPC += 1; ERET
    prog = set_sr(TVEC, 0x50) + [syscall(1), HALT]
    handler = [mfsr(1, EPC), addi(1, 1, 1), mtsr(EPC, 1), ERET]
    m = run_all_modes(prog, at={0x50: handler})
    # 3 (set TVEC) + 5 (syscall) + 1 + 1 + 1 + 2 (handler) + 1 (HALT)
    assert m.cycles == 3 + 5 + 5 + 1
    assert m.instret == 3 + 1 + 4 + 1
    assert m.pc == 5 and m.status == KMODE | PKMODE   # ERET kept PKMODE
    assert m.trap_counts == {SYSCALL: 1}


def test_nested_trap_in_handler_overwrites_epc_and_saves_kernel_mode():
    # user SYSCALL -> handler does an illegal op (a second trap from kernel mode)
    m = make_machine(at={H: [0xFC00_0000], 0x300: [HALT], UBASE: [syscall(1)]})
    m.tvec = H
    put_user(m, UBASE, UBOUND, 0, ie=True)
    m.step_instruction()
    assert m.status == KMODE | PIE and m.epc == 0
    m.step_instruction()
    assert m.cause == ILLEGAL and m.epc == H
    assert m.status == KMODE | PKMODE      # PIE = IE (0), PKMODE = KMODE (1)
    assert m.cycles == 10


def test_trap_to_tvec_outside_memory_keeps_faulting():
    m = machine_with([syscall(1)], tvec=0x100_0000)
    assert m.run(max_cycles=5 + 5 * 10) == "cycle-limit"
    assert m.cause == BOUNDS and m.tval == 0x100_0000 and m.epc == 0x100_0000
    assert m.status == KMODE | PKMODE
    assert m.instret == 1 and m.trap_counts == {SYSCALL: 1, BOUNDS: 10}


# ---------------------------------------------------------------- interrupts as traps
@pytest.mark.parametrize("user", [False, True], ids=["kernel", "user"])
def test_timer_interrupt_entry(user):
    m = machine_with([NOP, NOP, NOP, NOP], user=user, ie=True)
    m.write_sr(TIMER, 2)          # pending at cycle 2
    m.tval = 0x77
    u1, u2 = m.step_instruction(), m.step_instruction()
    assert (u1.kind, u2.kind) == ("instr", "instr") and m.cycles == 2
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and unit.cost == 4 and unit.word is None
    check_trap(m, cause=CAUSE_TIMER, tval=0, epc=0x42, user=user, ie=True, cycles=4,
               instret=2, start_cycles=2)


@pytest.mark.parametrize("user", [False, True], ids=["kernel", "user"])
def test_console_interrupt_entry(user):
    m = machine_with([NOP], user=user, ie=True)
    m.console.feed("x")
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and unit.cost == 4
    check_trap(m, cause=CAUSE_CONSOLE, tval=0, epc=0x40, user=user, ie=True, cycles=4,
               instret=0)
    assert list(m.console.input) == [ord("x")]   # entry does not consume input


def test_interrupt_round_trip_returns_to_the_interrupted_instruction():
    user = [addi(1, 1, 1), addi(2, 2, 1), addi(3, 3, 1), addi(4, 4, 1), syscall(0),
            jmp(0)]
    # handler: log; on SYSCALL return after it; on CONSOLE drain one byte and return to EPC
    m = standard(user, ie=True, setup=lambda m: m.console.feed(b"ab"), max_cycles=2000,
                 expect="cycle-limit")
    log = trap_log(m)
    assert log[0] == (CAUSE_CONSOLE, 0, 0, KMODE | PIE)
    assert log[1] == (CAUSE_CONSOLE, 0, 0, KMODE | PIE)
    assert log[2] == (SYSCALL, 0, 4, KMODE | PIE)
    assert m.regs[1] > 1 and not m.console.input


def test_interrupt_preferred_over_a_fault_at_the_same_boundary():
    m = machine_with([0], ie=True)    # an illegal word, but the console interrupt comes first
    m.console.feed("q")
    m.step_instruction()
    assert m.cause == CAUSE_CONSOLE and m.epc == 0x40 and m.instret == 0
    m.status |= IE                      # pretend the handler returned with IE on; drain input
    m.console.input.clear()
    m.pc = 0x40
    m.step_instruction()
    assert m.cause == ILLEGAL and m.epc == 0x40


def test_trap_sets_pc_to_tvec_value_at_trap_time():
    prog = [li(1, 0x123), mtsr(TVEC, 1), syscall(), HALT]
    m = make_machine(prog, at={0x123: [HALT]})
    assert m.run(max_cycles=100) == "halt"
    assert m.pc == 0x124 and m.read_sr(TVEC) == 0x123


def test_trap_counts_by_cause():
    kernel = (kernel_prologue(H) + set_sr(5, UBASE) + set_sr(6, UBOUND) + set_sr(EPC, 0)
              + set_sr(STATUS, KMODE) + [ERET])
    user = [syscall(1), syscall(2), R("DIV", 1, 1, 0), 0, hcall(3), jmp(0)]
    m = make_machine(kernel, at={H: logging_handler(), UBASE: user})
    assert m.run_until(lambda m: len(trap_log(m)) == 5, 10_000) == "predicate"
    assert m.trap_counts == {SYSCALL: 2, DIVZERO: 1, ILLEGAL: 1, HCALL: 1}
    assert [rec[0] for rec in trap_log(m)] == [SYSCALL, SYSCALL, DIVZERO, ILLEGAL, HCALL]


def test_interrupt_after_a_jump_saves_the_jump_target():
    m = machine_with([jmp(0x60)], ie=False)
    m.write_word(0x60, encode(NOP))
    m.step_instruction()
    m.status |= IE
    m.console.feed("j")
    unit = m.step_instruction()
    assert unit.kind == "interrupt" and m.epc == 0x60 and m.cycles == 2 + 4


def test_interrupt_pending_at_a_halt_is_taken_first():
    m = machine_with([HALT], ie=True)
    m.console.feed("h")
    assert m.run(max_cycles=4) == "cycle-limit"
    assert m.halted is None and m.epc == 0x40 and m.cause == CAUSE_CONSOLE
    assert m.instret == 0 and m.pc == H
    assert m.run(max_cycles=10) == "halt" and m.pc == H + 1     # the handler's HALT
