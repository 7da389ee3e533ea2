"""Isolation: no guest can touch memory outside its partition or another guest.

For every adversary (shipped ones and hypothesis-generated programs: random
words, random valid instructions with privileged ones) we check the whole
host memory word by word, the witness guest's output, and that nothing
raises a Python exception.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.isa import Instruction, encode
from vmlab.isa.spec import OPS, Shape
from vmlab.machine import Machine
from vmlab.session import Session

from .helpers import WITNESS, guest, make_scenario, shipped

NO_HISTORY = 1 << 60


def _watch(session):
    """Record what the VMM itself writes into its region."""
    vmm = session.vmm
    written = {a: session.machine.mem[a] for a in range(vmm.region_words)}
    original = vmm._write_save_area

    def spy(g):
        original(g)
        start = vmm.save_area_address(g)
        for a in range(start, start + 32):
            written[a] = session.machine.mem[a]

    vmm._write_save_area = spy
    return written


def check_isolation(session, adversary: str, cycles: int, expected: dict | None = None):
    """Run, then check every host word outside the adversary's partition.

    `expected` maps another guest's name to what its memory must hold at the
    end (what the same kernel leaves natively); any other word must be
    unchanged, except VMM words the VMM itself wrote.
    """
    m, vmm = session.machine, session.vmm
    written = _watch(session)
    before = list(m.mem)
    session.run(cycles)
    adv = vmm.by_name[adversary]
    lo, hi = adv.base, adv.base + adv.size
    for name, memory in (expected or {}).items():
        g = vmm.by_name[name]
        assert m.mem[g.base:g.base + g.size] == memory[:g.size], f"{name}'s memory differs"
        for addr in range(g.base, g.base + g.size):
            before[addr] = m.mem[addr]
    for addr, (old, new) in enumerate(zip(before, m.mem)):
        if lo <= addr < hi:
            continue
        if addr < vmm.region_words:
            assert new == written[addr], f"VMM word {addr:#x} changed behind the VMM's back"
        else:
            assert new == old, f"host word {addr:#x} outside {adversary}'s partition changed"


def native_witness_console(vclock: int) -> str:
    from vmlab.asm import assemble
    program = assemble(WITNESS, "witness.vl32")
    m = Machine(4096)
    m.load(program.image, program.entry)
    m.run(until_cycle=vclock)
    return m.console.text()


def check_witness(session):
    view = session.guest("witness")
    assert view.console == native_witness_console(view.vclock)


@pytest.mark.parametrize("adversary", ["hog", "wild-writer", "garbage", "halt-at-once"])
def test_shipped_adversaries_cannot_touch_alpha_or_the_vmm(adversary):
    native = Session(shipped("native-alpha"))
    native.run()
    scenario = shipped(adversary)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    check_isolation(session, adversary, scenario.max_cycles,
                    expected={"alpha": native.machine.mem})
    assert session.guest("alpha").console == native.guest("alpha").console
    assert session.guest("alpha").state == "halted"


def test_each_adversary_ends_as_the_lesson_says():
    expected = {"hog": "running", "wild-writer": "halted", "garbage": "crashed",
                "halt-at-once": "halted"}
    for name, state in expected.items():
        scenario = shipped(name)
        session = Session(scenario, checkpoint_interval=NO_HISTORY)
        session.run(scenario.max_cycles)
        assert session.guest(name).state == state, name
    wild = Session(shipped("wild-writer"))
    wild.run()
    assert "stopped by BOUNDS: 48 of 48" in wild.guest("wild-writer").console


def _run_adversary(words: list[int], cycles: int = 10_000):
    source = ".org 0\n" + "".join(f".word {w}\n" for w in words)
    scenario = make_scenario(guest("witness", WITNESS, memory=1024),
                             guest("adv", source, memory=1024), quantum=300,
                             host_memory=256 + 2048 + 512)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    check_isolation(session, "adv", cycles)
    check_witness(session)


REGISTER = st.integers(0, 15)


@st.composite
def valid_instruction(draw):
    info = draw(st.sampled_from(sorted(OPS.values(), key=lambda i: i.opcode)))
    shape = info.shape
    rd, rs, rt = draw(REGISTER), draw(REGISTER), draw(REGISTER)
    if shape == Shape.JUMP:
        imm = draw(st.integers(0, 1100))
    elif shape in (Shape.MFSR, Shape.MTSR):
        imm = draw(st.integers(0, 10))
    elif shape in (Shape.IN, Shape.OUT):
        imm = draw(st.sampled_from([0x10, 0x11, 0x12, 0x20, 0x3FFFF]))
    elif shape in (Shape.IS, Shape.MEM, Shape.BRANCH):
        imm = draw(st.integers(-0x20000, 0x1FFFF))
    else:
        imm = draw(st.integers(0, 0x3FFFF))
    used = {Shape.R3: dict(rd=rd, rs=rs, rt=rt), Shape.JUMP: dict(imm=imm),
            Shape.IS: dict(rd=rd, rs=rs, imm=imm), Shape.IZ: dict(rd=rd, rs=rs, imm=imm),
            Shape.LUI: dict(rd=rd, imm=imm), Shape.MEM: dict(rd=rd, rs=rs, imm=imm),
            Shape.BRANCH: dict(rd=rd, rs=rs, imm=imm), Shape.JR: dict(rs=rs),
            Shape.JALR: dict(rd=rd, rs=rs), Shape.CODE: dict(imm=imm), Shape.NONE: {},
            Shape.MFSR: dict(rd=rd, imm=imm), Shape.MTSR: dict(rs=rs, imm=imm),
            Shape.IN: dict(rd=rd, imm=imm), Shape.OUT: dict(rs=rs, imm=imm),
            Shape.GETF: dict(rd=rd), Shape.SETF: dict(rs=rs)}[shape]
    return encode(Instruction(info.mnemonic, **used))


@settings(max_examples=200)
@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=48))
def test_random_words_never_escape(words):
    _run_adversary(words)


@settings(max_examples=200)
@given(st.lists(valid_instruction(), min_size=1, max_size=48))
def test_random_valid_instructions_never_escape(words):
    _run_adversary(words)


@pytest.mark.slow
@settings(max_examples=5000)
@given(st.lists(st.one_of(valid_instruction(), st.integers(0, 2**32 - 1)), min_size=1,
                max_size=96))
def test_isolation_long_fuzz(words):
    _run_adversary(words, cycles=50_000)


@pytest.mark.parametrize("technique", ["trap-and-emulate", "binary-translation", "paravirtual"])
def test_the_witness_clock_agrees_with_its_console_at_every_cycle(technique):
    """Stopped at any cycle, even inside a trap entry into the VMM, a guest's clock and its
    console tell the same story as the bare machine at that clock."""
    scenario = make_scenario(guest("witness", WITNESS, memory=1024), quantum=97,
                             technique=technique)
    session = Session(scenario, checkpoint_interval=NO_HISTORY)
    for _ in range(2_500):
        session.step_cycle()
        check_witness(session)
