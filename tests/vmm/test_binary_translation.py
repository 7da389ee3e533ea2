"""Binary translation (vmlab/vmm/binary_translation.py).

* what is rewritten comes from the ISA table;
* every shipped guest kernel — Beta included, GETF and SETF and all — is
  equivalent to native under binary translation: console, registers, system
  registers (CYCLE and TIMER: virtual time), traps, pc and instructions; the
  adversaries too, at the virtual cycle they reached;
* isolation holds (the shipped adversaries, hypothesis guests);
* the translation cache: warm-up (the first pass through kernel code pays,
  later passes hit), self-modifying kernel code invalidates the block it
  writes (a GETF patched into translated code is caught), a guest reading
  its code sees the original words, the counters equal the events;
* stepping by cycle, by instruction and running agree, and time travel
  lands on the same states.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.asm import assemble_file
from vmlab.isa import Instruction, encode
from vmlab.isa.spec import OPS
from vmlab.machine import Machine
from vmlab.scenario import load_scenario
from vmlab.session import Session
from vmlab.vmm import binary_translation as bt

from .helpers import WITNESS, guest, make_scenario, shipped
from .test_isolation import check_isolation, check_witness, valid_instruction

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "assets" / "programs"
BT = "binary-translation"
NO_HISTORY = 1 << 60
KERNELS = ["alpha", "beta", "syscaller", "switcher", "cruncher", "tiny-kernel"]
ADVERSARIES = ["hog", "wild-writer", "garbage", "halt-at-once", "trap-storm"]


# ---------------------------------------------------------------------- helpers
def native_machine(program, memory: int, until: int | None = None) -> Machine:
    """The program on a bare machine of `memory` words, to HALT or to cycle `until`."""
    m = Machine(memory)
    m.load(program.image, program.entry)
    stop = until if until is not None else 10**7
    while not m.halted and m.cycles < stop:
        m.run(until_cycle=min(stop, m.cycles + 200_000))
    return m


def assert_like_native(session: Session, name: str, m: Machine) -> None:
    """The guest, as the session ends, is exactly the bare machine `m`."""
    view = session.guest(name)                        # live, even if it is running
    assert view.console == m.console.text()
    assert view.regs == list(m.regs)
    assert view.sr == m.sr_dict()                     # CYCLE and TIMER: virtual time
    assert view.pc == m.pc
    assert view.vclock == m.cycles
    assert session.summary()["guests"][name]["traps"] == m.summary()["traps"]
    if view.state == "halted":                        # counted at exits: the last is done
        assert session.counters().guests[name].instructions == m.instret


def alone(program_name: str, memory: int = 16_384, **kw):
    program = assemble_file(PROGRAMS / f"{program_name}.vl32")
    config = guest(program_name, (PROGRAMS / f"{program_name}.vl32").read_text(), memory)
    return make_scenario(config, technique=BT, **kw), program


def run_to_end(scenario, max_cycles: int = 10**7) -> Session:
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    session.run(max_cycles)
    return session


def events_of(session: Session, until: int) -> list:
    return list(session.stream_events(until))


# ---------------------------------------------------------------------- the set
def test_what_is_rewritten_comes_from_the_isa_table():
    privileged = {i.mnemonic for i in OPS.values() if i.privileged}
    assert privileged == {"MTSR", "MFSR", "ERET", "IN", "OUT", "WFI", "HALT"}
    assert bt.SENSITIVE == privileged | {"GETF", "SETF"}
    assert bt.CALLOUTS == bt.SENSITIVE | {"JR", "JALR"}
    assert load_scenario("two-guests-bt").technique == BT


# ---------------------------------------------------------------------- equivalence
@pytest.mark.parametrize("name", KERNELS)
def test_every_shipped_kernel_alone_is_equivalent_to_native(name):
    scenario, program = alone(name)
    session = run_to_end(scenario)
    assert session.halted == "halt"
    assert session.guest(name).state == "halted"
    assert_like_native(session, name, native_machine(program, 16_384))


@pytest.mark.parametrize("quantum", [37, 400, 2000, 12_345])
def test_alpha_and_beta_side_by_side_are_both_native(quantum):
    session = run_to_end(shipped("two-guests-bt", quantum=quantum))
    for name in ("alpha", "beta"):
        program = assemble_file(PROGRAMS / f"{name}.vl32")
        assert_like_native(session, name, native_machine(program, 16_384))


def test_beta_no_longer_notices_the_vmm():
    console = run_to_end(shipped("two-guests-bt")).guest("beta").console.splitlines()
    assert console[1] == "[beta] GETF says STATUS = 2: kernel mode, as expected"
    assert not [line for line in console if "WARNING" in line]
    te = run_to_end(shipped("two-guests")).guest("beta").console
    assert "USER mode?!" in te          # the same kernel under trap-and-emulate: the flaw


@pytest.mark.parametrize("name", ["syscaller", "switcher", "cruncher"])
def test_the_workload_scenarios_under_binary_translation(name):
    scenario = load_scenario(f"{name}-bt")
    assert scenario.technique == BT
    session = run_to_end(scenario)
    program = assemble_file(PROGRAMS / f"{name}.vl32")
    assert_like_native(session, name, native_machine(program, 16_384))


def test_the_workloads_beside_alpha_with_an_odd_quantum():
    scenario = shipped("syscaller-bt", quantum=701)
    scenario.guests = shipped("two-guests").guests[:1] + scenario.guests
    session = run_to_end(scenario)
    for name in ("alpha", "syscaller"):
        program = assemble_file(PROGRAMS / f"{name}.vl32")
        assert_like_native(session, name, native_machine(program, 16_384))


@pytest.mark.parametrize("adversary", ADVERSARIES)
def test_the_adversaries_beside_alpha(adversary):
    """Alpha as natively; the adversary as natively up to the virtual cycle it reached;
    and no word outside its partition changes."""
    scenario = shipped(adversary).with_technique(BT)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    native_alpha = native_machine(assemble_file(PROGRAMS / "alpha.vl32"), 16_384)
    check_isolation(session, adversary, scenario.max_cycles,
                    expected={"alpha": native_alpha.mem})
    assert_like_native(session, "alpha", native_alpha)
    view = session.guest(adversary)
    program = assemble_file(PROGRAMS / f"{adversary}.vl32")
    m = native_machine(program, 16_384, until=view.vclock)
    assert view.console == m.console.text()
    if view.state != "crashed":        # the VMM stopped a guest that would loop forever
        assert_like_native(session, adversary, m)


# ---------------------------------------------------------------------- isolation
def _run_adversary(words: list[int], cycles: int = 10_000):
    source = ".org 0\n" + "".join(f".word {w}\n" for w in words)
    scenario = make_scenario(guest("witness", WITNESS, memory=1024),
                             guest("adv", source, memory=1024), quantum=300,
                             host_memory=256 + 2048 + 512, technique=BT)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    check_isolation(session, "adv", cycles)
    check_witness(session)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=48))
def test_random_words_never_escape(words):
    _run_adversary(words)


@settings(max_examples=60, deadline=None)
@given(st.lists(valid_instruction(), min_size=1, max_size=48))
def test_random_valid_instructions_never_escape(words):
    _run_adversary(words)


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(st.lists(st.one_of(valid_instruction(), st.integers(0, 2**32 - 1)), min_size=1,
                max_size=96))
def test_isolation_long_fuzz(words):
    _run_adversary(words, cycles=50_000)


@settings(max_examples=25, deadline=None)
@given(st.lists(valid_instruction(), min_size=1, max_size=40))
def test_random_kernels_are_equivalent_to_native(words):
    """Hypothesis kernels alone: as natively at the virtual cycle reached (unless the VMM
    stopped one whose trap handler faults forever)."""
    source = ".org 0\n" + "".join(f".word {w}\n" for w in words)
    config = guest("k", source, memory=1024)
    session = Session(make_scenario(config, technique=BT, quantum=97,
                                    host_memory=256 + 1024), checkpoint_interval=NO_HISTORY)
    session.run(6_000)
    view = session.guest("k")
    if view.state in ("crashed", "waiting", "stalled") or session.cpu().inflight is not None:
        return                                        # (a unit in flight: VMM time in it)
    m = native_machine(config.program, 1024, until=view.vclock)
    if m.inflight is not None:                        # the VCPU stopped mid-unit natively
        return
    assert_like_native(session, "k", m)


# Kernels that loop over sensitive instructions, jumps, traps and stores into
# their own code (a word copied over another, or a register's value).
_R = st.integers(1, 12)
_BODY = 16                     # the body's first address; the trap handler is below
_CODE = st.integers(_BODY, _BODY + 40)
_KERNEL_LINE = st.one_of(
    st.builds("addi r{}, r{}, {}".format, _R, _R, st.integers(-4, 20)),
    st.builds("add r{}, r{}, r{}".format, _R, _R, _R),
    st.builds("lw r{}, {}(r0)".format, _R, _CODE),
    st.builds("sw r{}, {}(r0)".format, _R, _CODE),
    st.builds(lambda r, a, b: f"lw r{r}, {a}(r0)\n sw r{r}, {b}(r0)", _R, _CODE, _CODE),
    st.builds("{} r{}, r{}, {}".format, st.sampled_from(["beq", "bne", "blt", "bgeu"]),
              _R, _R, st.integers(-6, 6)),
    st.builds("getf r{}".format, _R),
    st.builds("setf r{}".format, _R),
    st.builds("mfsr r{}, {}".format, _R,
              st.sampled_from(["STATUS", "CYCLE", "TIMER", "SCRATCH", "EPC", "IPEND"])),
    st.builds("mtsr {}, r{}".format, st.sampled_from(["SCRATCH", "TIMER", "EPC"]), _R),
    st.builds("jal {}".format, _CODE),
    st.builds("jr r{}".format, _R),
    st.builds("out CONSOLE_OUT, r{}".format, _R),
    st.sampled_from(["wfi", "eret", "syscall 3", "nop"]),
)
_KERNEL_HEAD = """
.org 0
        jmp  boot
handler:
        mfsr r14, EPC
        addi r14, r14, 1
        mtsr EPC, r14
        li   r13, 150
        mtsr TIMER, r13
        addi r15, r15, 1
        eret
boot:   la   r1, handler
        mtsr TVEC, r1
        li   r1, 300
        mtsr TIMER, r1
        li   r1, 3
        mtsr STATUS, r1
        jmp  body
.org 16
body:
"""


def _random_kernel(lines: list[str], quantum: int) -> None:
    source = _KERNEL_HEAD + "".join(f" {line}\n" for line in lines) + " b body\n"
    config = guest("k", source, memory=1024)
    session = Session(make_scenario(config, technique=BT, quantum=quantum,
                                    host_memory=256 + 1024), checkpoint_interval=NO_HISTORY)
    session.run(12_000)
    view = session.guest("k")
    if view.state in ("crashed", "waiting", "stalled") or session.cpu().inflight is not None:
        return
    m = native_machine(config.program, 1024, until=view.vclock)
    if m.inflight is None:
        assert_like_native(session, "k", m)


@settings(max_examples=40, deadline=None)
@given(st.lists(_KERNEL_LINE, min_size=3, max_size=30), st.sampled_from([37, 97, 500, 3000]))
def test_random_self_modifying_kernels_are_equivalent_to_native(lines, quantum):
    _random_kernel(lines, quantum)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None)
@given(st.lists(_KERNEL_LINE, min_size=3, max_size=40), st.sampled_from([37, 97, 500, 3000]))
def test_random_self_modifying_kernels_long(lines, quantum):
    _random_kernel(lines, quantum)


# ---------------------------------------------------------------------- the cache
WARM = """
; A kernel that goes through the same code five times: each pass calls a
; routine (translated once, then chained) and prints its number.
.org 0
boot:   la   sp, stack_top
        li   r9, 0
again:  addi r9, r9, 1
        mov  r1, r9
        call work
        addi r2, r9, '0'
        out  CONSOLE_OUT, r2
        li   r3, 5
        bne  r9, r3, again
        halt
work:   li   r4, 20
w_loop: mfsr r5, CYCLE
        addi r4, r4, -1
        bnez r4, w_loop
        ret
        .space 16
stack_top:
"""


def _per_pass(source: str, passes: int) -> list[dict]:
    """After each pass (one character printed): translation counters and VMM cycles."""
    # One long slice: no VMM timer exit lands in a pass.
    session = Session(make_scenario(guest("k", source, memory=1024), technique=BT,
                                    quantum=10**6, host_memory=256 + 1024),
                      checkpoint_interval=NO_HISTORY)
    out = []
    for n in range(1, passes + 1):
        session.run_until(lambda s: len(s.guest("k").console) >= n, slice_cycles=7)
        figures = session.summary()["vmm"]["technique"]
        out.append({"blocks": figures["translation"]["blocks"],
                    "hits": figures["translation_cache"]["hits"],
                    "vmm": session.summary()["guests"]["k"]["vmm_cycles"]})
    return out


def test_warm_up_the_first_pass_translates_the_next_ones_hit_the_cache():
    passes = _per_pass(WARM, 5)
    assert passes[0]["blocks"] > 0
    assert all(p["blocks"] == passes[0]["blocks"] for p in passes)      # no more misses
    hits = [p["hits"] for p in passes]
    assert hits == sorted(hits) and hits[-1] > hits[0]                  # returns are looked up
    cost = [passes[0]["vmm"]] + [b["vmm"] - a["vmm"] for a, b in zip(passes, passes[1:])]
    assert cost[0] > cost[1]                     # the first pass paid for translation
    assert cost[1] == cost[2] == cost[3] == cost[4]          # then the same every pass


PATCH = """
; A kernel that patches its own code: it runs `target` (translated), writes a
; GETF over its first instruction, and runs it again through a direct jump
; (chained: no lookup) - the VMM must see the new word.  Then it patches
; the very next instruction it is about to run.  Natively: r5 = STATUS = 2.
.org 0
boot:   la   sp, stack_top
        call target
        mov  r10, r5             ; 7: the original routine
        lw   r6, getf_word(r0)
        sw   r6, target(r0)      ; target: getf r5 (was: li r5, 7)
        call target
        mov  r11, r5             ; 2: STATUS, kernel mode (the GETF was caught)
        lw   r6, setf_word(r0)
        sw   r6, next(r0)        ; the next instruction becomes setf r0 ...
next:   li   r12, 99             ; ... so it never sets r12
        getf r13                 ; IE is off either way: 2
        lw   r14, target(r0)     ; reading code: the patched word, as written
        halt
target: li   r5, 7
        ret
getf_word: .word GETF_R5
setf_word: .word SETF_R0
        .space 8
stack_top:
"""


def _patch_source() -> str:
    return PATCH.replace("GETF_R5", str(encode(Instruction("GETF", rd=5)))).replace(
        "SETF_R0", str(encode(Instruction("SETF", rs=0))))


def test_self_modifying_kernel_code_invalidates_the_block_it_writes():
    source = _patch_source()
    config = guest("k", source, memory=1024)
    session = Session(make_scenario(config, technique=BT, host_memory=256 + 1024))
    events = events_of(session, 10**6)
    m = native_machine(config.program, 1024)
    assert_like_native(session, "k", m)
    regs = session.guest("k").regs
    assert (regs[10], regs[11], regs[12], regs[13]) == (7, 2, 0, 2)
    invalidations = [e for e in events if e.kind == "invalidation"]
    assert [e.address for e in invalidations] == [config.program.labels["target"],
                                                 config.program.labels["next"]]
    callouts = Counter(e.instruction.split()[0] for e in events if e.kind == "callout")
    assert callouts["getf"] == 2 and callouts["setf"] == 1
    assert session.summary()["vmm"]["technique"]["translation"]["invalidations"] == 2


def test_a_guest_reading_its_code_sees_the_original_words():
    source = """
    .org 0
            la   sp, top
            call f                   ; f is translated (its MFSR and RET are callouts)
            lw   r1, f(r0)
            lw   r2, f+1(r0)
            lw   r3, f+2(r0)
            halt
    f:      mfsr r4, STATUS
            ret
            .space 4
    top:
    """
    config = guest("k", source, memory=512)
    session = run_to_end(make_scenario(config, technique=BT, host_memory=256 + 512))
    image = config.program.image
    f = config.program.labels["f"]
    regs = session.guest("k").regs
    assert regs[1:4] == [image[f], image[f + 1], image.get(f + 2, 0)]
    assert_like_native(session, "k", native_machine(config.program, 512))
    # Guest memory was never rewritten: the translation is the VMM's, not the guest's.
    for address, word in image.items():
        assert session.guest_word("k", address) == word
    blocks = {b.start: b for b in session.translated_blocks("k")}
    assert blocks[f].words == (image[f], image[f + 1])
    assert blocks[f].callouts == (f, f + 1)


def test_user_code_runs_untranslated_and_its_getf_still_reads_what_it_would():
    """User code is never translated; its GETF reads the CPU's STATUS, which the VMM
    keeps as the guest's but for IE (on, for the VMM's timer): here IE is on, as in
    every user process of the shipped kernels."""
    source = """
    .org 0
            la   r1, handler
            mtsr TVEC, r1
            li   r1, 1000
            mtsr BOUND, r1           ; BASE 0: user addresses are the kernel's
            li   r1, 1               ; IE alone: user mode from the next instruction
            mtsr STATUS, r1
            getf r3                  ; user mode: 1
            syscall 1
    second: getf r5                  ; user mode again, with PKMODE: 9
            syscall 2
    handler:
            addi r7, r7, 1
            li   r2, 2
            beq  r7, r2, done
            li   r1, 9               ; IE and PKMODE: user mode from the next instruction
            mtsr STATUS, r1
            jmp  second
    done:   getf r6                  ; kernel mode (a callout): 6, KMODE and PIE
            halt
    """
    config = guest("k", source, memory=1024)
    session = run_to_end(make_scenario(config, technique=BT, host_memory=256 + 1024))
    regs = session.guest("k").regs
    assert (regs[3], regs[5], regs[6]) == (1, 9, 6)
    assert_like_native(session, "k", native_machine(config.program, 1024))
    blocks = session.translated_blocks("k")
    second = config.program.labels["second"]
    assert not any(b.start <= second < b.end for b in blocks)   # ran in user mode only


def test_the_counters_equal_the_events():
    session = Session(shipped("two-guests-bt"), checkpoint_interval=NO_HISTORY)
    events = events_of(session, 10**7)
    figures = session.summary()["vmm"]["technique"]
    for name in ("alpha", "beta"):
        mine = [e for e in events if e.guest == name]
        own = figures["guests"][name]
        translations = [e for e in mine if e.kind == "translation"]
        callouts = [e for e in mine if e.kind == "callout"]
        assert own["translation"]["blocks"] == len(translations)
        assert own["translation"]["instructions"] == sum(e.length for e in translations)
        assert own["translation"]["cycles"] == sum(e.cost for e in translations)
        assert own["callouts"]["count"] == len(callouts)
        assert own["callouts"]["cycles"] == sum(e.cost for e in callouts)
        assert own["translation_cache"]["misses"] == len(translations)
        assert own["translation_cache"]["size"] == len(session.translated_blocks(name))
        assert own["translation"]["invalidations"] == sum(e.kind == "invalidation"
                                                          for e in mine)
    total = figures["translation"]["blocks"]
    assert total == sum(e.kind == "translation" for e in events)
    # The VMM's cycles: its exits, translations and callouts (and, after a callout, an
    # interrupt to inject or a slice that ended: the entry that follows).
    charged = sum(session.summary()["guests"][n]["vmm_cycles"] for n in ("alpha", "beta"))
    work = sum(e.cost for e in events if e.kind in ("vm-exit", "translation", "callout"))
    assert work <= charged <= work + session.costs.vm_entry * len(events)


def test_callouts_are_cheaper_than_exits():
    te = run_to_end(shipped("two-guests")).summary()
    bt_ = run_to_end(shipped("two-guests-bt")).summary()
    assert bt_["vmm"]["exits"] < te["vmm"]["exits"] / 3
    assert bt_["vmm"]["cycles"] < te["vmm"]["cycles"] / 2
    for name in ("alpha", "beta"):
        assert "PRIV" not in bt_["guests"][name]["exits"]    # no privileged instruction trapped


def test_the_translation_events_show_the_block():
    session = Session(shipped("two-guests-bt"))
    events = events_of(session, 30_000)
    first = next(e for e in events if e.kind == "translation")
    assert first.guest == "alpha" and first.length >= 1
    assert first.cost == first.length * session.costs.bt_per_instruction
    callout = next(e for e in events if e.kind == "callout")
    assert callout.cost == session.costs.callout
    assert callout.before != callout.after
    data = callout.to_dict()
    assert data["kind"] == "callout" and data["instruction"].startswith("mtsr")


# ---------------------------------------------------------------------- stepping and time
@pytest.mark.parametrize("quantum", [150, 2000])
def test_cycle_steps_equal_one_run(quantum):
    by_cycle = Session(shipped("two-guests-bt", quantum=quantum))
    by_run = Session(shipped("two-guests-bt", quantum=quantum))
    for target in (1, 5, 60, 333, 1200, 2600):
        while by_cycle.cycle < target:
            by_cycle.step_cycle()
        by_run.run(until_cycle=target)
        assert by_cycle.cycle == by_run.cycle == target
        assert by_cycle.state_hash() == by_run.state_hash()


def test_instruction_steps_reach_the_states_a_run_does():
    by_step = Session(shipped("two-guests-bt", quantum=300))
    for _ in range(600):
        by_step.step_instruction()
        assert by_step.running_guest is not None or by_step.halted
        assert by_step.cpu().inflight is None
    by_run = Session(shipped("two-guests-bt", quantum=300))
    by_run.run(until_cycle=by_step.cycle)
    assert by_run.state_hash() == by_step.state_hash()


@settings(max_examples=8, deadline=None)
@given(st.lists(st.integers(1, 900), min_size=1, max_size=12))
def test_any_slicing_reaches_the_same_state(slices):
    sliced = Session(shipped("two-guests-bt", quantum=200))
    for n in slices:
        sliced.run(n)
    whole = Session(shipped("two-guests-bt", quantum=200))
    whole.run(until_cycle=sliced.cycle)
    assert sliced.state_hash() == whole.state_hash()


@settings(max_examples=8, deadline=None)
@given(st.integers(1, 60_000), st.integers(1, 30_000))
def test_time_travel_back_and_forth_gives_the_same_state(t, n):
    session = Session(shipped("two-guests-bt"), checkpoint_interval=5_000)
    session.run(until_cycle=t)
    here = session.state_hash()
    session.travel_to(max(0, t - n))
    session.travel_to(t)
    assert session.state_hash() == here
    fresh = Session(shipped("two-guests-bt"), checkpoint_interval=NO_HISTORY)
    fresh.run(until_cycle=t)
    assert fresh.state_hash() == here


def test_time_travel_over_self_modifying_code():
    """A checkpoint taken after the patch and before the patched code runs: the restored
    VMM still sees the word it has not checked yet."""
    config = guest("k", _patch_source(), memory=1024)
    scenario = make_scenario(config, technique=BT, host_memory=256 + 1024)
    whole = run_to_end(scenario)
    for every in (7, 31, 113):
        session = Session(scenario, checkpoint_interval=every)
        session.run(10**6)
        end = session.cycle
        session.travel_to(end // 2)
        session.run(10**6)
        assert session.cycle == end and session.state_hash() == whole.state_hash()


def test_breakpoints_on_a_callout_site_stop_before_it():
    session = Session(shipped("two-guests-bt"))
    program = session.guest("beta").program
    address = program.labels["log_job_start"]            # setf r0: a callout
    session.set_breakpoint("beta", address)
    assert session.run() == "breakpoint"
    assert session.guest("beta").pc == address and session.running_guest == "beta"
    session.set_breakpoint("beta", address, on=False)
    session.run()
    program_beta = assemble_file(PROGRAMS / "beta.vl32")
    assert_like_native(session, "beta", native_machine(program_beta, 16_384))
