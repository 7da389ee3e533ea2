"""Hardware assist, generations 1 and 2 (vmm/hardware_assist.py, machine/guest_mode.py).

* Equivalence: every shipped guest kernel (Beta included: GETF reads the
  guest's own STATUS in guest mode) and inline kernels with console input,
  WFI and HCALL behave exactly as on the bare machine — console, registers,
  system registers (CYCLE and TIMER: virtual time), traps, pc, instructions —
  alone with several quanta and beside another guest.
* What exits: no system call ever reaches the VMM; generation 1 exits on
  every MTSR BASE/BOUND (as many as the kernel executes natively), generation
  2 never; the control block after an exit holds the reason, qualification,
  instruction and the guest's state.
* Entry failures: a corrupted control block (or a VMM that loads a bad
  STATUS) fails the entry with its documented code; the guest is crashed
  with the reason, an entry-failure event is logged, the other guest runs on.
* Isolation (the shipped adversaries, hypothesis guests) and fair CPU (the
  VMM's work for a guest's exits is charged to it).
* Stepping by cycle, by instruction and by run reach the same state; time
  travel across guest mode is exact.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.asm import assemble_file
from vmlab.isa.spec import CAUSE_NAMES as CAUSE_NAMES_BY_CODE
from vmlab.isa.spec import (CAUSE_NUMBERS, PORT_CONSOLE_OUT, SR_BASE, SR_BOUND, SR_NUMBERS,
                            STATUS_KMODE)
from vmlab.machine import guest_mode as gmod
from vmlab.machine.guest_mode import (CB_EXIT_QUAL, CB_EXIT_REASON, CB_EXIT_WORD, CB_WORDS,
                                      EXIT_NUMBERS, read_control_block)
from vmlab.observe.events import VmExit, snapshot_sr
from vmlab.scenario import GuestConfig
from vmlab.session import Session
from vmlab.vmm.hardware_assist import EntryFailure, HardwareEntry, HardwareExit

from .helpers import SPINNER, WITNESS, guest, make_scenario, run_to_end, shipped
from .test_fairness import (TOLERANCE, alpha_halt_cycle, check_every_window,
                            check_never_below_share, run_until_alpha_halts,
                            samples_while_alpha_runs)
from .test_isolation import native_witness_console, valid_instruction

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "assets" / "programs"
HW = ("hardware-assist-1", "hardware-assist-2")
KERNELS = ("alpha", "beta", "syscaller", "switcher", "cruncher", "tiny-kernel", "hello", "count")
NO_HISTORY = 1 << 60

# Inline kernels for what the shipped ones do not exercise.
ECHO = """
; console input by interrupt: echo five characters, then halt
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 1
        setf r1                  ; IE on, in kernel mode
idle:   wfi
        b    idle
handler:
        in   r2, CONSOLE_IN
        out  CONSOLE_OUT, r2
        addi r3, r3, 1
        li   r4, 5
        beq  r3, r4, done
        mfsr r5, EPC
        mtsr EPC, r5
        eret
done:   getf r6
        mfsr r7, CYCLE
        halt
"""

SLEEPER = """
; timer and WFI: sleep three times, print the CYCLE at each wake-up
.org 0
        la   r1, handler
        mtsr TVEC, r1
        li   r1, 700
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1          ; kernel mode, IE
loop:   wfi
        li   r4, 3
        bne  r3, r4, loop
        mfsr r8, TIMER
        mfsr r9, IPEND
        halt
handler:
        addi r3, r3, 1
        mfsr r5, CYCLE
        andi r5, r5, 63
        addi r5, r5, 48
        out  CONSOLE_OUT, r5
        li   r6, 1300
        mtsr TIMER, r6
        eret
"""

HCALLER = """
; HCALL from kernel and user mode is the guest's own trap, as on the bare machine
.org 0
        la   r1, handler
        mtsr TVEC, r1
        hcall 7                  ; from the kernel
        li   r1, 0x200
        mtsr BASE, r1
        li   r1, 0x100
        mtsr BOUND, r1
        li   r1, 6               ; kernel mode, PIE on, PKMODE off: ERET enters user mode
        mtsr STATUS, r1
        li   r1, 0
        mtsr EPC, r1
        eret
handler:
        mfsr r2, CAUSE
        mfsr r3, TVAL
        add  r10, r10, r3
        addi r11, r11, 1
        li   r4, 3
        beq  r11, r4, stop
        mfsr r5, EPC
        addi r5, r5, 1
        mtsr EPC, r5
        eret
stop:   halt
.org 0x200
proc:   hcall 9                  ; from user mode (process address 0)
        addi r12, r12, 1
        syscall 4
        b    proc
"""


def program_guest(name: str, memory: int = 16384, text: str = "") -> GuestConfig:
    path = PROGRAMS / f"{name}.vl32"
    return GuestConfig(name, path, assemble_file(path), memory, 1, text)


def inline(name: str, source: str, text: str = "") -> GuestConfig:
    return guest(name, source, memory=4096, text=text)


def run(config: GuestConfig, technique: str, *others: GuestConfig, quantum: int = 2000,
        max_cycles: int = 3_000_000) -> Session:
    scenario = make_scenario(config, *others, technique=technique, quantum=quantum)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    session.run(max_cycles)
    return session


def observed(session: Session, name: str) -> dict:
    """What equivalence compares: console, state, registers, SRs, traps, pc, instructions."""
    view = session.guest(name)
    return {"console": view.console, "state": str(view.state), "regs": list(view.regs),
            "sr": dict(view.sr), "pc": view.pc, "vclock": view.vclock,
            "traps": dict(session.counters().guests[name].traps),
            "instructions": session.counters().guests[name].instructions}


_native_cache: dict[tuple, dict] = {}


def native(config: GuestConfig) -> dict:
    key = (config.name, config.input, tuple(sorted(config.program.image.items())))
    if key not in _native_cache:
        session = run(config, "native")
        assert session.halted == "halt", config.name
        _native_cache[key] = observed(session, config.name)
    return _native_cache[key]


def exits_of(session: Session, name: str) -> dict[str, int]:
    return dict(session.counters().guests[name].exits)


def events(session: Session, cls) -> list:
    return [e for e in session.log.events if isinstance(e, cls)]


# ---------------------------------------------------------------- equivalence
@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("name", KERNELS)
def test_every_shipped_kernel_alone_is_equivalent_to_native(name, technique):
    config = program_guest(name)
    expected = native(config)
    got = observed(run(config, technique), name)
    assert got == expected


@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("quantum", [37, 400, 12_345])
def test_beside_another_guest_with_any_quantum(technique, quantum):
    alpha, beta = program_guest("alpha"), program_guest("beta")
    session = run(alpha, technique, beta, quantum=quantum, max_cycles=40_000_000)
    assert observed(session, "alpha") == native(alpha)
    assert observed(session, "beta") == native(beta)


@pytest.mark.parametrize("technique", HW)
def test_shares_do_not_change_what_the_guests_compute(technique):
    scenario = shipped(f"two-guests-hw{technique[-1]}", quantum=300)
    scenario.guests[0].share, scenario.guests[1].share = 3, 1
    session = run_to_end(scenario)
    assert observed(session, "alpha") == native(program_guest("alpha"))
    assert observed(session, "beta") == native(program_guest("beta"))


def test_beta_is_equivalent_under_hardware_assist_not_under_trap_and_emulate():
    """GETF reads the guest's own STATUS in guest mode: the flaw is gone."""
    beta = program_guest("beta")
    assert observed(run(beta, "trap-and-emulate"), "beta") != native(beta)
    for technique in HW:
        assert observed(run(beta, technique), "beta") == native(beta)


@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("source,text", [(ECHO, "hello"), (SLEEPER, ""), (HCALLER, "")],
                         ids=["console-input", "timer-and-wfi", "hcall"])
def test_inline_kernels_are_equivalent(technique, source, text):
    config = inline("k", source, text)
    expected = native(config)
    assert expected["state"] == "halted"
    for quantum in (50, 2000):
        assert observed(run(config, technique, quantum=quantum), "k") == expected


def test_hcall_is_an_exit_reflected_into_the_guest():
    session = run(inline("k", HCALLER), "hardware-assist-2")
    exits = exits_of(session, "k")
    assert exits["HCALL"] == 2           # hcall 7 from the kernel, hcall 9 from the process
    view = session.guest("k")
    assert view.regs[10] == 7 + 9 + 4 and view.regs[11] == 3     # and syscall 4, no exit
    assert session.counters().guests["k"].traps == {"HCALL": 2, "SYSCALL": 1}


@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("adversary", ["hog", "wild-writer", "garbage", "halt-at-once",
                                       "trap-storm"])
def test_adversaries_compute_exactly_what_they_would_natively(technique, adversary):
    """Equivalence for the guests that never halt too: at a boundary where the VMM has the
    adversary's state, the bare machine run to the same virtual cycle agrees with it."""
    from vmlab.machine import Machine
    session = Session(shipped(adversary).with_technique(technique),
                      checkpoint_interval=NO_HISTORY)
    session.run(200_000)
    while session.running_guest == adversary or session.vmm.by_name[adversary].vcpu.cycles == 0:
        session.step_cycle()
    view = session.guest(adversary)
    config = next(g for g in session.scenario.guests if g.name == adversary)
    bare = Machine(config.memory)
    bare.load(config.program.image, config.program.entry)
    bare.run(until_cycle=view.vclock)
    assert bare.cycles == view.vclock and bare.inflight is None
    assert (view.regs, view.pc, view.sr) == (bare.regs, bare.pc, bare.sr_dict())
    assert view.console == bare.console.text()
    assert session.counters().guests[adversary].traps == \
        {CAUSE_NAMES_BY_CODE[c]: n for c, n in sorted(bare.trap_counts.items())}


# ---------------------------------------------------------------- what exits, and what does not
@pytest.mark.parametrize("technique", HW)
def test_system_calls_never_exit(technique):
    config = program_guest("syscaller")
    session = run(config, technique)
    syscalls = native(config)["traps"]["SYSCALL"]
    assert syscalls > 1000
    assert session.counters().guests["syscaller"].traps["SYSCALL"] == syscalls
    exits = exits_of(session, "syscaller")
    assert "SYSCALL" not in exits and "TRAP" not in exits
    assert sum(exits.values()) < syscalls / 4
    # No exit happened while the kernel was serving a system call, but for its I/O and
    # the VMM's own timer (and, generation 1, the window of a process it switches to).
    allowed = {"IO", "PREEMPT", "HALT", "SR-WRITE"}
    assert set(exits) <= allowed


def mtsr_window_writes() -> dict[str, int]:
    """MTSR BASE / BOUND the switcher kernel executes natively (trap-and-emulate emulates
    each one; the kernel is equivalent under it)."""
    session = run(program_guest("switcher"), "trap-and-emulate")
    counts = {"BASE": 0, "BOUND": 0}
    for e in session.log.events:
        if e.kind == "emulation" and e.word >> 26 == 0x34:
            sr = e.word & 0x3FFFF
            if sr in (SR_BASE, SR_BOUND):
                counts["BASE" if sr == SR_BASE else "BOUND"] += 1
    return counts


def test_generation_1_exits_on_every_base_and_bound_write_generation_2_never():
    writes = mtsr_window_writes()
    assert writes["BASE"] > 500 and writes["BOUND"] > 500
    one = run(program_guest("switcher"), "hardware-assist-1")
    two = run(program_guest("switcher"), "hardware-assist-2")
    assert exits_of(one, "switcher")["SR-WRITE"] == writes["BASE"] + writes["BOUND"]
    by_sr = {SR_BASE: 0, SR_BOUND: 0}
    for e in events(one, HardwareExit):
        if e.reason == "SR-WRITE":
            by_sr[e.qualification] += 1
    assert by_sr == {SR_BASE: writes["BASE"], SR_BOUND: writes["BOUND"]}
    assert "SR-WRITE" not in exits_of(two, "switcher")
    # Each generation-1 window exit: exiting cycle, hardware exit, compose, hardware entry.
    costs = one.scenario.costs
    for e in events(one, VmExit):
        if e.cause == "SR-WRITE":
            assert e.action == "compose-window"
            assert list(e.steps) == [("hw-exit", costs.hw_exit),
                                     ("compose-window", costs.compose_window),
                                     ("hw-entry", costs.hw_entry)]
            assert e.cost == costs.hw_exit + costs.compose_window + costs.hw_entry
            assert snapshot_sr(e.after, SR_BASE) == snapshot_sr(e.before, SR_BASE) or \
                snapshot_sr(e.after, SR_BOUND) == snapshot_sr(e.before, SR_BOUND)


def test_exits_are_only_the_documented_ones():
    documented = set(gmod.EXIT_NAMES.values()) - {"ENTRY-FAILURE"}
    for technique in HW:
        session = run_to_end(shipped(f"two-guests-hw{technique[-1]}"))
        for name in ("alpha", "beta"):
            assert set(exits_of(session, name)) <= documented
            assert "PRIV" not in exits_of(session, name)


def test_exit_events_agree_with_the_counts_and_costs():
    session = run_to_end(shipped("two-guests-hw1"))
    hw_exits, vm_exits = events(session, HardwareExit), events(session, VmExit)
    assert len(hw_exits) == len(vm_exits) == session.summary()["vmm"]["exits"]
    entries = events(session, HardwareEntry)
    # One entry at power-on, one after every exit but the last (the second HALT).
    assert len(entries) == len(vm_exits) and entries[0].seq < vm_exits[0].seq
    costs = session.scenario.costs
    assert all(e.cost == costs.hw_exit for e in hw_exits)
    assert all(e.cost == costs.hw_entry and e.preemption >= 1 for e in entries)
    for hw, vm in zip(hw_exits, vm_exits):
        assert (hw.guest, hw.pc, hw.reason, hw.word) == (vm.guest, vm.pc, vm.cause, vm.word)
        assert vm.steps[0] == ("hw-exit", costs.hw_exit)
    with pytest.raises(dataclasses.FrozenInstanceError):
        hw_exits[0].reason = "nothing"          # events are frozen


# ---------------------------------------------------------------- the control block
def control_block(session: Session, name: str) -> dict[str, int]:
    vmm = session.vmm
    g = vmm.by_name[name]
    return read_control_block(session.machine.mem, vmm.technique.control_block(vmm, g))


def test_the_control_block_after_an_io_exit():
    session = Session(shipped("two-guests-hw1"), checkpoint_interval=NO_HISTORY)
    while True:
        assert session.run_to_next_trap() == "trap"
        ex = session.exit_in_progress()
        if ex.cause == "IO":
            break
    cb = control_block(session, ex.guest)
    v = session.vmm.by_name[ex.guest].vcpu
    word = session.machine.mem[session.vmm.by_name[ex.guest].base + ex.pc]
    assert cb["exit reason"] == EXIT_NUMBERS["IO"]
    assert cb["exit qualification"] == PORT_CONSOLE_OUT | gmod.IO_OUT     # OUT CONSOLE_OUT
    assert cb["exit instruction"] == word == ex.word
    assert cb["pc"] == ex.pc == v.pc
    assert [cb[f"r{i}"] for i in range(16)] == v.regs
    assert cb["STATUS"] & STATUS_KMODE                                   # the guest's kernel
    assert cb["CYCLE"] == v.cycles & 0xFFFF_FFFF and cb["CYCLE hi"] == v.cycles >> 32
    assert cb["revision"] == gmod.CB_REVISION
    g = session.vmm.by_name[ex.guest]
    assert (cb["partition base"], cb["partition size"]) == (g.base, g.size)
    assert cb["controls"] == gmod.CTL_PREEMPT                            # generation 1
    assert cb["SR-write exits"] == 1 << SR_BASE | 1 << SR_BOUND
    assert cb["host pc"] == 0 and cb["host STATUS"] == STATUS_KMODE
    # The machine is back with the VMM: host state, out of guest mode.
    assert session.machine.guest_mode is None and session.machine.pc == 0


def test_the_control_block_after_a_window_exit_and_its_composed_window():
    session = Session(shipped("switcher-hw1"), checkpoint_interval=NO_HISTORY)
    while session.run_to_next_trap() == "trap":
        if session.vmm.current_exit.cause == "SR-WRITE":
            break
    cb = control_block(session, "switcher")
    assert cb["exit reason"] == EXIT_NUMBERS["SR-WRITE"]
    assert cb["exit qualification"] in (SR_BASE, SR_BOUND)
    assert cb["exit instruction"] >> 26 == 0x34            # MTSR
    session.step_instruction()                              # through the VMM to the guest
    cb = control_block(session, "switcher")
    v, g = session.vmm.by_name["switcher"].vcpu, session.vmm.by_name["switcher"]
    assert cb["BASE"] == v.base and cb["BOUND"] == v.bound
    if v.base < g.size:
        assert (cb["window base"], cb["window bound"]) == \
            (g.base + v.base, min(v.bound, g.size - v.base))


def test_generation_2_keeps_no_window_and_asks_for_nested_relocation():
    session = Session(shipped("two-guests-hw2"), checkpoint_interval=NO_HISTORY)
    session.run(30_000)
    cb = control_block(session, "alpha")
    assert cb["controls"] == gmod.CTL_PREEMPT | gmod.CTL_NESTED
    assert cb["SR-write exits"] == 0
    assert (cb["window base"], cb["window bound"]) == (0, 0)


def test_the_control_block_lies_in_the_vmm_region_beside_the_save_areas():
    session = Session(shipped("two-guests-hw1"))
    vmm = session.vmm
    spans = [(vmm.technique.control_block(vmm, g), vmm.save_area_address(g)) for g in vmm.guests]
    for cb, _ in spans:
        assert vmm.save_area_address(vmm.guests[-1]) + 32 <= cb
        assert cb + CB_WORDS <= vmm.region_words <= vmm.guests[0].base
    assert spans[1][0] == spans[0][0] + CB_WORDS


# ---------------------------------------------------------------- entry failures
def corrupted_session(technique: str, corrupt) -> tuple[Session, object]:
    """two-guests-hwN: run until Alpha has exited, corrupt its block, run to the end."""
    session = Session(shipped(f"two-guests-hw{technique[-1]}"), checkpoint_interval=NO_HISTORY)
    vmm = session.vmm
    alpha = vmm.by_name["alpha"]
    while not (vmm.running is None and vmm.exit_guest == alpha.index):
        assert session.run_to_next_trap() == "trap"
    cb = vmm.technique.control_block(vmm, alpha)
    corrupt(session, alpha, cb)
    session.run(5_000_000)
    return session, alpha


CORRUPTIONS = {
    "REVISION": lambda s, g, cb: s.machine.write_word(cb + gmod.CB_REV, 0),
    "CONTROLS": lambda s, g, cb: s.machine.write_word(cb + gmod.CB_CONTROLS,
                                                      s.machine.mem[cb + gmod.CB_CONTROLS] | 8),
    "PARTITION": lambda s, g, cb: s.machine.write_word(cb + gmod.CB_PART_SIZE, 0x10_0000),
    "OVERLAP": lambda s, g, cb: s.machine.write_word(cb + gmod.CB_PART_BASE, cb - 8),
    "STATUS": lambda s, g, cb: setattr(g.vcpu, "status", g.vcpu.status | 0x30),
}


@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("failure", sorted(CORRUPTIONS))
def test_an_invalid_control_block_fails_the_entry(technique, failure):
    session, alpha = corrupted_session(technique, CORRUPTIONS[failure])
    code = {name: c for c, name in gmod.FAILURE_NAMES.items()}[failure]
    failures = events(session, EntryFailure)
    assert len(failures) == 1
    f = failures[0]
    assert (f.guest, f.code, f.name) == ("alpha", code, failure)
    assert f.reason == gmod.FAILURE_TEXTS[code]
    view = session.guest("alpha")
    assert view.state == "crashed"
    change = [e for e in session.log.events if e.kind == "guest-state" and e.guest == "alpha"][-1]
    assert change.new == "crashed" and f"VM entry failed ({failure})" in change.reason
    cb = session.vmm.technique.control_block(session.vmm, alpha)
    assert session.machine.mem[cb + CB_EXIT_REASON] == EXIT_NUMBERS["ENTRY-FAILURE"]
    assert session.machine.mem[cb + CB_EXIT_QUAL] == code
    assert session.machine.mem[cb + CB_EXIT_WORD] == 0
    # The other guest runs on, unharmed, to its end.
    assert observed(session, "beta") == native(program_guest("beta"))


def test_a_generation_1_window_outside_the_partition_fails_the_entry():
    def corrupt(session, g, cb):
        session.machine.write_word(cb + gmod.CB_WIN_BASE, g.base + g.size - 4)
        session.machine.write_word(cb + gmod.CB_WIN_BOUND, 16)

    session, alpha = corrupted_session("hardware-assist-1", corrupt)
    (f,) = events(session, EntryFailure)
    assert f.name == "WINDOW" and session.guest("alpha").state == "crashed"


def test_generation_2_ignores_the_window_words():
    def corrupt(session, g, cb):
        session.machine.write_word(cb + gmod.CB_WIN_BASE, 0xFFFF_FFF0)
        session.machine.write_word(cb + gmod.CB_WIN_BOUND, 0xFFFF)

    session, _ = corrupted_session("hardware-assist-2", corrupt)
    assert not events(session, EntryFailure)
    assert observed(session, "alpha") == native(program_guest("alpha"))


# ---------------------------------------------------------------- isolation
def check_isolation_hw(session: Session, adversary: str, cycles: int,
                       expected: dict | None = None) -> None:
    """As test_isolation.check_isolation, with the control blocks: every host word outside
    the adversary's partition is unchanged, except what the VMM wrote for a guest (its save
    area) and what the VMM and the CPU wrote into the guests' control blocks, whose fixed
    words (revision, controls, partition, host state) no guest can change."""
    m, vmm = session.machine, session.vmm
    before = list(m.mem)
    fixed = {g.name: vmm.technique.controls(vmm, g) for g in vmm.guests}
    session.run(cycles)
    adv = vmm.by_name[adversary]
    lo, hi = adv.base, adv.base + adv.size
    vmm_words = set()
    for g in vmm.guests:
        cb = vmm.technique.control_block(vmm, g)
        vmm_words.update(range(cb, cb + CB_WORDS))
        vmm_words.update(range(vmm.save_area_address(g), vmm.save_area_address(g) + 32))
        for offset, value in fixed[g.name].items():
            assert m.mem[cb + offset] == value, (g.name, offset)
    for name, memory in (expected or {}).items():
        g = vmm.by_name[name]
        assert m.mem[g.base:g.base + g.size] == memory[:g.size], f"{name}'s memory differs"
        for addr in range(g.base, g.base + g.size):
            before[addr] = m.mem[addr]
    for addr, (old, new) in enumerate(zip(before, m.mem)):
        if lo <= addr < hi or addr in vmm_words:
            continue
        assert new == old, f"host word {addr:#x} outside {adversary}'s partition changed"


ADVERSARY_END = {"hog": {"running", "ready"}, "wild-writer": {"halted"},
                 "garbage": {"crashed"}, "halt-at-once": {"halted"},
                 "trap-storm": {"running", "ready"}}


@pytest.mark.parametrize("technique", HW)
@pytest.mark.parametrize("adversary", sorted(ADVERSARY_END))
def test_shipped_adversaries_cannot_touch_alpha_or_the_vmm(technique, adversary):
    nat = Session(shipped("native-alpha"))
    nat.run()
    scenario = shipped(adversary).with_technique(technique)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    check_isolation_hw(session, adversary, scenario.max_cycles,
                       expected={"alpha": nat.machine.mem})
    assert observed(session, "alpha") == native(program_guest("alpha"))
    assert session.guest(adversary).state in ADVERSARY_END[adversary]


def _run_adversary(words: list[int], technique: str, cycles: int = 10_000) -> None:
    source = ".org 0\n" + "".join(f".word {w}\n" for w in words)
    scenario = make_scenario(guest("witness", WITNESS, memory=1024),
                             guest("adv", source, memory=1024), quantum=300,
                             host_memory=256 + 2048 + 512, technique=technique)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    check_isolation_hw(session, "adv", cycles)
    view = session.guest("witness")
    assert view.console == native_witness_console(view.vclock)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(valid_instruction(), st.integers(0, 2**32 - 1)), min_size=1,
                max_size=48), st.sampled_from(HW))
def test_generated_guests_never_escape(words, technique):
    _run_adversary(words, technique)


# ---------------------------------------------------------------- fair CPU
IO_STORM = """
; a kernel that exits all the time: console output in a loop
.org 0
loop:   out  CONSOLE_OUT, r0
        in   r1, CONSOLE_STATUS
        b    loop
"""
WINDOW_STORM = """
; a kernel that writes BASE and BOUND in a loop: a generation-1 exit each
.org 0
loop:   mtsr BASE, r1
        mtsr BOUND, r2
        addi r1, r1, 1
        b    loop
"""


@pytest.mark.parametrize("technique,name,source",
                         [("hardware-assist-1", "io-storm", IO_STORM),
                          ("hardware-assist-2", "io-storm", IO_STORM),
                          ("hardware-assist-1", "window-storm", WINDOW_STORM)])
def test_exit_storms_are_charged_to_the_guest_that_exits(technique, name, source):
    scenario = shipped("trap-storm").with_technique(technique)
    scenario.guests[1] = guest(name, source, memory=16384)
    session, samples = samples_while_alpha_runs(scenario)
    assert check_never_below_share(samples, scenario) > 20
    check_every_window(samples, scenario)
    totals = session.cycles_by_bucket()
    own = totals[f"{name}.kernel"] + totals[f"{name}.user"]
    assert session.summary()["guests"][name]["vmm_cycles"] > 5 * own
    benign = shipped("trap-storm").with_technique(technique)
    benign.guests[1] = guest("benign", SPINNER, memory=16384)
    benign_halt = alpha_halt_cycle(run_until_alpha_halts(benign))
    assert alpha_halt_cycle(run_until_alpha_halts(scenario)) <= benign_halt * (1 + TOLERANCE)


@pytest.mark.parametrize("technique", HW)
def test_every_vmm_cycle_is_charged_to_exactly_one_guest(technique):
    session = Session(shipped("two-guests").with_technique(technique))
    for step in (1, 3, 17, 54, 333, 4001, 20_000):
        session.run(step)
        totals = session.cycles_by_bucket()
        guests = session.summary()["guests"]
        assert sum(guests[n]["vmm_cycles"] for n in session.guest_names) == totals["vmm"]
        assert sum(totals.values()) == session.cycle


# ---------------------------------------------------------------- stepping and time travel
@pytest.mark.parametrize("technique", HW)
def test_cycle_steps_instruction_steps_and_runs_agree(technique):
    scenario = shipped(f"two-guests-hw{technique[-1]}", quantum=150)
    by_cycle, by_run, by_instr = (Session(scenario) for _ in range(3))
    for target in (1, 5, 31, 60, 333, 1200, 2600, 4100):
        while by_cycle.cycle < target:
            by_cycle.step_cycle()
        by_run.run(until_cycle=target)
        assert by_cycle.cycle == by_run.cycle == target
        assert by_cycle.state_hash() == by_run.state_hash()
    while by_instr.cycle < 6000:
        by_instr.step_instruction()
        assert by_instr.machine.inflight is None
    by_run.run(until_cycle=by_instr.cycle)
    assert by_instr.state_hash() == by_run.state_hash()


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(1, 900), min_size=1, max_size=12), st.sampled_from(HW))
def test_any_slicing_reaches_the_same_state(slices, technique):
    scenario = shipped("two-guests", quantum=200).with_technique(technique)
    sliced = Session(scenario)
    for n in slices:
        sliced.run(n)
    whole = Session(scenario)
    whole.run(until_cycle=sliced.cycle)
    assert sliced.state_hash() == whole.state_hash()


@pytest.mark.parametrize("technique", HW)
def test_time_travel_into_guest_mode_is_exact(technique):
    session = Session(shipped(f"two-guests-hw{technique[-1]}"), checkpoint_interval=5000)
    session.run(23_456)
    assert session.machine.guest_mode is not None or session.vmm.running is None
    hashes = {}
    for cycle in (7_777, 12_345, 23_456):
        session.travel_to(cycle)
        hashes[cycle] = session.state_hash()
    session.travel_to(3_000)
    for cycle, digest in hashes.items():
        session.travel_to(cycle)
        assert session.state_hash() == digest


def test_the_guest_view_while_in_guest_mode_is_the_guests_own():
    """In guest mode the CPU holds the guest's state; the read model shows it live."""
    session = Session(shipped("two-guests-hw2"), checkpoint_interval=NO_HISTORY)
    checked = 0
    while checked < 40 and not session.halted:
        session.run(137)
        name = session.running_guest
        if name is None:
            continue
        view, v = session.guest(name), session.vmm.by_name[name].vcpu
        m = session.machine
        assert m.guest_mode is not None
        assert view.regs == m.regs and view.pc == m.pc
        assert view.sr["STATUS"] == m.status and view.kernel_mode == m.kernel_mode
        assert view.sr["CYCLE"] == view.vclock & 0xFFFF_FFFF
        assert session.activity().mode == ("kernel" if m.kernel_mode else "user")
        assert v is not None
        checked += 1
    assert checked == 40


def test_the_memory_map_shows_the_guest_modes_window():
    session = Session(shipped("two-guests-hw2"), checkpoint_interval=NO_HISTORY)
    session.run(5000)
    while session.running_guest is None:
        session.step_cycle()
    mm = session.memory_map()
    g = session.vmm.by_name[session.running_guest]
    assert mm.active == g.name and not mm.cpu_kernel
    base, limit = mm.physical_window
    assert g.base <= base and base + limit <= g.base + g.size


def test_trap_causes_of_the_inline_kernels_are_documented():
    assert {"SYSCALL", "HCALL", "CONSOLE", "TIMER"} <= set(CAUSE_NUMBERS)
    assert SR_NUMBERS["BASE"] == SR_BASE


# ---------------------------------------------------------------- generated kernels
# A generated kernel: a handler that skips what trapped (an interrupt: returns to it, having
# read the console), the timer armed, interrupts on; then the random instructions, and a loop
# back to them.
PROLOGUE = """
.org 0
        la   r13, handler
        mtsr TVEC, r13
        li   r13, 97
        mtsr TIMER, r13
        li   r13, 3
        mtsr STATUS, r13
        b    body
handler:
        mfsr r13, CAUSE
        slti r13, r13, 8
        bnez r13, fault
        in   r13, CONSOLE_IN     ; an interrupt (EPC is the next instruction already):
        b    back                ; take the input, if that was it
fault:
        mfsr r13, EPC
        addi r13, r13, 1
        mtsr EPC, r13
back:   li   r13, 61
        mtsr TIMER, r13
        eret
body:
"""
EPILOGUE = "        b    body\n"
def _equivalent_on_generated_kernel(words: list[int], technique: str, quantum: int) -> None:
    """A kernel of random instructions (privileged ones, GETF/SETF, I/O, WFI, traps …) under
    the VMM and on the bare machine agree at a boundary where the VMM holds its state."""
    from vmlab.machine import Machine
    source = PROLOGUE + "".join(f".word {w}\n" for w in words) + EPILOGUE
    config = guest("k", source, memory=1024, text="ab")
    session = Session(make_scenario(config, technique=technique, quantum=quantum),
                      checkpoint_interval=NO_HISTORY)
    vmm = session.vmm
    g = vmm.by_name["k"]
    while g.vcpu.cycles < 3000 and g.state in ("ready", "running", "waiting") \
            and session.cycle < 400_000:
        session.run(500)
    while session.running_guest == "k":
        session.step_cycle()
    view = session.guest("k")
    bare = Machine(1024)
    bare.load(config.program.image, config.program.entry)
    bare.console.feed(b"ab")
    bare.run(until_cycle=view.vclock)
    assert bare.cycles == view.vclock
    assert (view.regs, view.pc, view.sr) == (bare.regs, bare.pc, bare.sr_dict())
    assert view.console == bare.console.text()
    assert session.counters().guests["k"].traps == \
        {CAUSE_NAMES_BY_CODE[c]: n for c, n in sorted(bare.trap_counts.items())}
    if view.state in ("halted", "stalled"):
        assert bare.halted == ("halt" if view.state == "halted" else "stalled")


@settings(max_examples=120, deadline=None)
@given(st.lists(valid_instruction(), min_size=1, max_size=40), st.sampled_from(HW),
       st.sampled_from([50, 777]))
def test_generated_kernels_are_equivalent(words, technique, quantum):
    _equivalent_on_generated_kernel(words, technique, quantum)


# ---------------------------------------------------------------- console input typed live
@pytest.mark.parametrize("technique", HW)
def test_input_typed_while_a_guest_runs_exits_and_reaches_its_guest(technique):
    """Real console input makes the running guest exit (EXTERNAL) whatever its IE; routing it
    is work for the guest it is for, which then echoes it as it would natively."""
    # Echo, its WFI kept waiting by a far timer (with nothing armed it would stall at once).
    waiting = ECHO.replace("idle:   wfi", "        li   r9, 1000000\n        mtsr TIMER, r9\n"
                           "idle:   wfi")
    scenario = make_scenario(inline("echo", waiting), guest("spin", SPINNER),
                             technique=technique, quantum=500)
    session = Session(scenario)
    while session.running_guest != "spin":
        session.run(50)
    before = session.summary()["guests"]
    session.feed_input("echo", "hello")
    session.run(20_000)
    after = session.summary()["guests"]
    assert after["spin"]["exits"].get("EXTERNAL") == 1
    assert after["echo"]["console"] == "hello" and after["echo"]["state"] == "halted"
    costs = scenario.costs
    routed = after["echo"]["vmm_cycles"] - before["echo"]["vmm_cycles"]
    assert routed >= costs.route_input
    echo = session.guest("echo")
    assert echo.regs[6] == STATUS_KMODE | 4 | 8      # GETF in the handler: its own STATUS
