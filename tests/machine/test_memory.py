"""LW/SW, address translation (base and bound), memory size."""

import pytest

from vmlab.isa import Instruction, encode
from vmlab.machine import Machine

from .helpers import (BOUNDS, HALT, KMODE, MASK, PKMODE, SYSCALL, addi, enter_user, jmp, lw,
                      make_machine, one, put_user, run_all_modes, set_sr, sw, syscall, TVEC, I)


# ---------------------------------------------------------------- LW / SW in kernel mode
def test_lw_reads_word_and_costs_two():
    m, cost = one(lw(1, 3, 2), {2: 100}, data={103: 0xCAFE_F00D})
    assert cost == 2
    assert m.regs[1] == 0xCAFE_F00D and m.regs[2] == 100


def test_lw_negative_offset_is_sign_extended():
    m, _ = one(lw(1, -4, 2), {2: 104}, data={100: 0x1111_2222})
    assert m.regs[1] == 0x1111_2222


def test_lw_base_plus_offset_wraps_modulo_2_32():
    m, _ = one(lw(1, 5, 2), {2: MASK}, data={4: 0xABCD})
    assert m.regs[1] == 0xABCD


def test_lw_largest_offsets():
    m, _ = one(lw(1, 0x1FFFF, 0), data={0x1FFFF: 7}, memory_words=1 << 18)
    assert m.regs[1] == 7
    m, _ = one(lw(1, -0x20000, 2), {2: 0x20010}, data={0x10: 9}, memory_words=1 << 18)
    assert m.regs[1] == 9


def test_lw_into_r0_is_dropped_but_costs_two():
    m, cost = one(lw(0, 100, 0), data={100: 5})
    assert cost == 2 and m.regs == [0] * 16


def test_lw_rd_equals_rs():
    m, _ = one(lw(3, 1, 3), {3: 50}, data={51: 0x99})
    assert m.regs[3] == 0x99


def test_sw_writes_rd_to_memory_and_costs_two():
    m, cost = one(sw(1, -2, 2), {1: 0xDEAD_BEEF, 2: 202})
    assert cost == 2
    assert m.mem[200] == 0xDEAD_BEEF
    assert m.regs[1] == 0xDEAD_BEEF and m.regs[2] == 202


def test_sw_r0_stores_zero():
    m, _ = one(sw(0, 0, 2), {2: 300}, data={300: 1234})
    assert m.mem[300] == 0


def test_store_then_load_roundtrip_all_modes():
    m = run_all_modes(addi(1, 0, -7), addi(2, 0, 1000), sw(1, 3, 2), lw(4, 1003, 0), HALT)
    assert m.regs[4] == (-7) & MASK and m.mem[1003] == (-7) & MASK
    assert m.cycles == 1 + 1 + 2 + 2 + 1


@pytest.mark.parametrize("op", ["LW", "SW"])
@pytest.mark.parametrize("addr", [65_536, 70_000, MASK, 0x8000_0000])
def test_kernel_access_beyond_memory_traps_bounds(op, addr):
    ins = Instruction(op, 1, 2, 0, 0)
    m = make_machine(at={10: [ins]}, entry=10)
    m.tvec = 500
    m.regs[1], m.regs[2] = 0x5555, addr
    unit = m.step_instruction()
    assert unit.cost == 5 and m.cycles == 5
    assert m.cause == BOUNDS and m.tval == addr and m.epc == 10 and m.pc == 500
    assert m.regs[1] == 0x5555          # LW committed nothing
    assert m.instret == 1               # the faulting word was fetched
    assert m.mem == [0] * 10 + [encode(ins)] + [0] * (65_536 - 11)


def test_kernel_mode_is_physical_and_ignores_base_and_bound():
    m = run_all_modes(set_sr(5, 1000), set_sr(6, 1), lw(1, 2000, 0), sw(1, 2001, 0), HALT,
                      data={2000: 42})
    assert m.regs[1] == 42 and m.mem[2001] == 42


# ---------------------------------------------------------------- configurable memory size
@pytest.mark.parametrize("size", [1, 16, 1000, 65_536, 100_000])
def test_memory_size_is_a_parameter(size):
    m = Machine(memory_words=size)
    assert m.memory_words == size and len(m.mem) == size


def test_default_memory_is_65536_words():
    assert Machine().memory_words == 65_536


def test_small_memory_limit_for_load_store_and_fetch():
    # 64-word machine: address 63 is fine, 64 is outside
    m = run_all_modes(lw(1, 63, 0), sw(1, 62, 0), HALT, memory_words=64, data={63: 17})
    assert m.mem[62] == 17
    m = make_machine(lw(1, 64, 0), memory_words=64)
    m.step_instruction()
    assert m.cause == BOUNDS and m.tval == 64
    m = make_machine(jmp(64), memory_words=64)
    m.step_instruction()
    m.step_instruction()
    assert m.cause == BOUNDS and m.tval == 64 and m.epc == 64 and m.cycles == 2 + 5


def test_running_off_the_end_of_memory_faults_on_fetch():
    m = make_machine([addi(1, 1, 1)] * 8, memory_words=8)
    m.tvec = 0
    m.run(max_cycles=8)
    assert m.pc == 8 and m.regs[1] == 8
    unit = m.step_instruction()
    assert unit.word is None and unit.cost == 5
    assert m.cause == BOUNDS and m.tval == 8 and m.epc == 8 and m.pc == 0
    assert m.instret == 8  # a fetch fault is not an instruction


# ---------------------------------------------------------------- user mode: base and bound
USER_BASE, USER_BOUND = 0x1000, 0x40


def user_machine(user_code, data=None, base=USER_BASE, bound=USER_BOUND, memory_words=65_536,
                 tvec=0x300):
    """Kernel at 0 enters user mode at virtual 0; handler at tvec halts."""
    kernel = set_sr(TVEC, tvec) + enter_user(0, base, bound)
    at = {base: user_code, tvec: [HALT]} if base < memory_words else {tvec: [HALT]}
    return kernel, at, data, memory_words


def run_user(user_code, data=None, **kw):
    kernel, at, data, memory_words = user_machine(user_code, data, **kw)
    return run_all_modes(kernel, at=at, data=data, memory_words=memory_words)


def test_enter_user_mode_through_eret():
    m = run_user([addi(1, 0, 7), syscall(3)])
    assert m.regs[1] == 7
    assert m.cause == SYSCALL and m.tval == 3 and m.epc == 1
    assert m.status == KMODE            # PKMODE = 0: came from user mode
    assert m.pc == 0x301


def test_user_fetch_load_store_are_relocated():
    m = run_user([lw(1, 0x20, 0), addi(1, 1, 1), sw(1, 0x21, 0), syscall()],
                 data={USER_BASE + 0x20: 41, 0x20: 999, 0x21: 888})
    assert m.regs[1] == 42
    assert m.mem[USER_BASE + 0x21] == 42
    assert m.mem[0x21] == 888 and m.mem[0x20] == 999


@pytest.mark.parametrize("op", ["LW", "SW"])
def test_user_access_at_bound_traps_with_virtual_tval(op):
    m = run_user([addi(1, 0, 5), Instruction(op, 1, 0, 0, USER_BOUND)],
                 data={USER_BASE + USER_BOUND: 77})
    assert m.cause == BOUNDS and m.tval == USER_BOUND and m.epc == 1
    assert m.regs[1] == 5 and m.mem[USER_BASE + USER_BOUND] == 77


def test_user_access_just_below_bound_works():
    m = run_user([lw(1, USER_BOUND - 1, 0), syscall()], data={USER_BASE + USER_BOUND - 1: 3})
    assert m.regs[1] == 3 and m.cause == SYSCALL


def test_user_negative_address_is_huge_and_traps():
    m = run_user([lw(1, -1, 0)])
    assert m.cause == BOUNDS and m.tval == MASK and m.epc == 0


def test_user_fetch_at_bound_traps():
    # straight-line code runs into BOUND: the fetch of virtual BOUND faults
    m = run_user([addi(1, 1, 1)] * 4, bound=4)
    assert m.regs[1] == 4
    assert m.cause == BOUNDS and m.tval == 4 and m.epc == 4


def test_user_bound_zero_faults_on_first_fetch():
    m = run_user([addi(1, 1, 1)], bound=0)
    assert m.regs[1] == 0 and m.cause == BOUNDS and m.tval == 0 and m.epc == 0


def test_user_base_plus_address_beyond_memory_traps():
    # BOUND allows 0x40 words, but only 0x10 of them are in physical memory
    base = 65_536 - 0x10
    m = run_user([lw(1, 0x0F, 0), lw(2, 0x10, 0)], base=base, data={65_535: 6})
    assert m.regs[1] == 6
    assert m.cause == BOUNDS and m.tval == 0x10 and m.epc == 1


def test_user_translation_does_not_wrap_around_2_32():
    # BASE + addr = 2^32 + 0x10 would wrap to a valid 0x10; it must fault instead
    m = make_machine(at={0x10: [HALT]}, data={0x10: 1234})
    m.tvec = 0x200
    m.write_word(0x200, encode(HALT))
    put_user(m, base=0xFFFF_FFF0, bound=MASK, pc=0x20)
    m.run(max_cycles=100)
    assert m.cause == BOUNDS and m.tval == 0x20 and m.epc == 0x20 and m.pc == 0x201
    assert m.halted == "halt"


def test_user_base_beyond_memory_faults_every_fetch():
    m = make_machine(at={0x200: [HALT]})
    m.tvec = 0x200
    put_user(m, base=70_000, bound=100, pc=0)
    assert m.run(max_cycles=100) == "halt"
    assert m.cause == BOUNDS and m.tval == 0 and m.cycles == 5 + 1


def test_handler_runs_physically_at_tvec_after_user_trap():
    # TVEC is a physical address: the kernel handler is not relocated
    m = run_user([syscall(9)], tvec=0x300)
    assert m.pc == 0x301 and m.tval == 9


def test_user_base_and_bound_move_with_the_next_process():
    # two user "processes" with the same virtual program at different bases
    prog = [lw(1, 8, 0), addi(1, 1, 1), sw(1, 8, 0), syscall()]
    for base in (0x2000, 0x3000):
        m = run_user(prog, base=base, data={0x2008: 10, 0x3008: 20})
        assert m.mem[base + 8] == (11 if base == 0x2000 else 21)


def test_self_modifying_code_is_seen():
    # SW overwrites the instruction at 3 (addi r2, r0, 1) by addi r2, r0, 2 before it runs;
    # the loop runs it twice to make the fast loop cache the first version.
    new = encode(addi(2, 0, 2))
    prog = [
        addi(3, 0, 2),                    # 0: r3 = 2 (loop count)
        I("ORI", 4, 0, new & 0x3FFFF),    # 1: r4 low bits of the new word
        Instruction("LUI", 5, 0, 0, new >> 14),  # 2
        addi(2, 0, 1),                    # 3: patched later
        I("ORI", 4, 5, new & 0x3FFF),     # 4: r4 = new word
        sw(4, 3, 0),                      # 5: M[3] = new
        addi(3, 3, -1),                   # 6
        Instruction("BNE", 3, 0, 0, -4),  # 7: back to 3
        HALT,
    ]
    m = run_all_modes(prog)
    assert m.regs[2] == 2 and m.mem[3] == new


def test_user_self_modifying_code_is_relocated():
    new = encode(addi(2, 0, 5))
    user = [
        Instruction("LUI", 4, 0, 0, new >> 14),
        I("ORI", 4, 4, new & 0x3FFF),
        sw(4, 3, 0),          # virtual 3 = physical base + 3
        addi(2, 0, 1),        # replaced before it is fetched
        syscall(),
    ]
    m = run_user(user)
    assert m.regs[2] == 5 and m.mem[USER_BASE + 3] == new and m.mem[3] != new


def test_host_write_word_is_seen_by_a_resumed_run():
    m = make_machine(addi(1, 1, 1), Instruction("BEQ", 0, 0, 0, -1))
    assert m.run(max_cycles=30) == "cycle-limit"
    m.write_word(1, encode(HALT))
    assert m.run(max_cycles=30) == "halt"
    assert m.pc == 2


def test_status_after_user_trap_records_user_mode():
    m = run_user([syscall()], tvec=0x300)
    # the handler HALTed in kernel mode with PKMODE = 0 and PIE = 0
    assert m.status == KMODE
    assert not m.status & PKMODE
