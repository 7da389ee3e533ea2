"""Every mode of stepping reaches bit-identical state at the same cycle (VL32.md, Cycle model).

Random valid programs — ALU, branches, loads/stores, MTSR TIMER, SYSCALL and other traps
with a handler, WFI, ERET, console I/O, user mode — are run with:

* run() in one go,
* run() in random slice sizes,
* step_instruction() repeatedly (compared at its own unit boundaries),
* step_cycle() repeatedly,

and machine.get_state() is compared at random checkpoints, many of them falling in the
middle of an instruction.
"""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.isa import Instruction, encode
from vmlab.machine import Machine

from .helpers import (BASE, BOUND, CONSOLE_IN, CONSOLE_OUT, CONSOLE_STATUS, EPC, ERET, IE,
                      KMODE, LOG, PIE, STATUS, TIMER, TVEC, jmp, li, logging_handler, mtsr,
                      set_sr)

MEMORY = 4096
PROLOGUE = 0x80      # kernel entry: sets things up, then JMP 0 (kernel) or ERET (user)
HANDLER = 0x200
USER_BASE = 0x100
WINDOW = 0x100       # user BOUND; the random code lives at virtual 0 .. n-1
DATA = 0xC0          # data words at virtual DATA .. DATA + 31

CODE_REGS = [0, 1, 2, 3, 4, 5, 6, 7, 13, 14, 15]   # r8-r12 belong to the handler
ANY_REG = st.integers(0, 15)
RD = st.sampled_from(CODE_REGS)
R_NAMES = "ADD SUB AND OR XOR SHL SHR SRA SLT SLTU MUL DIV REM".split()
I_SIGNED = "ADDI SHLI SHRI SRAI SLTI".split()
I_ZERO = "ANDI ORI XORI".split()
BRANCH_NAMES = "BEQ BNE BLT BGE BLTU BGEU".split()


def instruction(max_code: int):
    small = st.one_of(st.integers(-40, 40), st.sampled_from([-0x20000, 0x1FFFF, 31, 32, -1]))
    return st.one_of(
        # arithmetic (DIV/REM by a zero register trap DIVZERO)
        st.builds(lambda n, d, s, t: Instruction(n, d, s, t), st.sampled_from(R_NAMES), RD,
                  ANY_REG, ANY_REG),
        st.builds(lambda n, d, s, t: Instruction(n, d, s, t), st.sampled_from(R_NAMES), RD,
                  ANY_REG, ANY_REG),
        st.builds(lambda n, d, s: Instruction(n, d, s, 0), st.sampled_from(["DIV", "REM"]), RD,
                  ANY_REG),
        st.builds(lambda n, d, s, i: Instruction(n, d, s, 0, i), st.sampled_from(I_SIGNED), RD,
                  ANY_REG, small),
        st.builds(lambda n, d, s, i: Instruction(n, d, s, 0, i), st.sampled_from(I_ZERO), RD,
                  ANY_REG, st.integers(0, 0x3FFFF)),
        st.builds(lambda d, i: Instruction("LUI", d, 0, 0, i), RD, st.integers(0, 0x3FFFF)),
        # memory: mostly the data area, sometimes anywhere (BOUNDS)
        st.builds(lambda n, d, i: Instruction(n, d, 0, 0, DATA + i), st.sampled_from(["LW", "SW"]),
                  RD, st.integers(0, 31)),
        st.builds(lambda n, d, s, i: Instruction(n, d, s, 0, i), st.sampled_from(["LW", "SW"]),
                  RD, ANY_REG, small),
        # control flow inside the program
        st.builds(lambda n, d, s, o: Instruction(n, d, s, 0, o), st.sampled_from(BRANCH_NAMES),
                  ANY_REG, ANY_REG, st.integers(-6, 6)),
        st.builds(lambda n, t: Instruction(n, imm=t), st.sampled_from(["JMP", "JAL"]),
                  st.integers(0, max_code - 1)),
        st.builds(lambda d, s: Instruction("JALR", d, s), RD, ANY_REG),
        st.builds(lambda s: Instruction("JR", 0, s), ANY_REG),
        # traps
        st.builds(lambda n, c: Instruction(n, imm=c), st.sampled_from(["SYSCALL", "HCALL"]),
                  st.integers(0, 0x3FFFF)),
        st.sampled_from([0, 0xFFFF_FFFF, 0x3F << 26, encode(Instruction("ADD", 1, 1, 1)) | 1]),
        # system: privileged ones trap PRIV in user mode
        st.builds(lambda d, r: Instruction("MFSR", d, 0, 0, r), RD, st.integers(0, 10)),
        st.builds(lambda s: Instruction("MTSR", 0, s, 0, TIMER), ANY_REG),
        st.builds(lambda s, r: Instruction("MTSR", 0, s, 0, r),
                  ANY_REG, st.sampled_from([EPC, 3, 8, 9, 10])),
        st.builds(lambda d, p: Instruction("IN", d, 0, 0, p), RD,
                  st.sampled_from([CONSOLE_IN, CONSOLE_STATUS, CONSOLE_OUT, 0x20])),
        st.builds(lambda s, p: Instruction("OUT", 0, s, 0, p), ANY_REG,
                  st.sampled_from([CONSOLE_OUT, 0x21])),
        st.builds(lambda d: Instruction("GETF", d), RD),
        st.builds(lambda s: Instruction("SETF", 0, s), ANY_REG),
        st.sampled_from([Instruction("WFI"), Instruction("ERET"), Instruction("HALT")]),
        st.just(Instruction("WFI")),
        # a timer write with a small value just before it
        st.builds(lambda v: [Instruction("ADDI", 7, 0, 0, v), Instruction("MTSR", 0, 7, 0, TIMER)],
                  st.integers(0, 40)),
        st.builds(lambda v: [Instruction("ADDI", 7, 0, 0, v), Instruction("MTSR", 0, 7, 0, TIMER)],
                  st.integers(1, 12)),
    )


MAX_CODE = 40
INSTRUCTION = instruction(MAX_CODE)


@st.composite
def scenarios(draw):
    n_code = draw(st.integers(4, MAX_CODE))
    body: list = []
    while len(body) < n_code:
        item = draw(INSTRUCTION)
        body.extend(item if isinstance(item, list) else [item])
    for i, ins in enumerate(body):   # keep jumps inside the program
        if isinstance(ins, Instruction) and ins.mnemonic in ("JMP", "JAL"):
            body[i] = Instruction(ins.mnemonic, imm=ins.imm % n_code)
    words = [w if isinstance(w, int) else encode(w) for w in body[:n_code]]
    user = draw(st.booleans())
    ie = draw(st.booleans())
    timer = draw(st.one_of(st.just(0), st.integers(1, 300)))
    regs = draw(st.lists(st.one_of(st.integers(0, 0xFFFF_FFFF), st.integers(-3, 40)),
                         min_size=8, max_size=8))
    data = draw(st.lists(st.integers(0, 0xFFFF_FFFF), min_size=4, max_size=4))
    console = draw(st.binary(max_size=4))
    rearm = draw(st.one_of(st.just(0), st.integers(1, 80)))
    total = draw(st.integers(20, 1500))
    checkpoints = sorted(draw(st.lists(st.integers(1, total), min_size=1, max_size=8)))
    slices = draw(st.lists(st.integers(1, 60), min_size=1, max_size=10))
    return dict(words=words, user=user, ie=ie, timer=timer, regs=regs, data=data,
                console=console, rearm=rearm, total=total, checkpoints=checkpoints + [total], slices=slices)


def handler(rearm: int) -> list[Instruction]:
    """The logging handler, but an interrupt re-arms TIMER = rearm (0: disarm)."""
    words = logging_handler()
    assert words[14] == mtsr(TIMER, 0)
    return words[:14] + [Instruction("ADDI", 9, 0, 0, rearm), mtsr(TIMER, 9),
                         Instruction("IN", 9, 0, 0, CONSOLE_IN), Instruction("ERET")]


def build(sc) -> Machine:
    prologue = set_sr(TVEC, HANDLER) + li(8, LOG)
    for r, v in zip((1, 2, 3, 4, 5, 6, 7, 13), sc["regs"]):
        prologue += li(r, v)
    if sc["timer"]:
        prologue += set_sr(TIMER, sc["timer"])
    if sc["user"]:
        prologue += (set_sr(BASE, USER_BASE) + set_sr(BOUND, WINDOW) + set_sr(EPC, 0)
                     + set_sr(STATUS, KMODE | (PIE if sc["ie"] else 0)) + [ERET])
    else:
        prologue += set_sr(STATUS, KMODE | (IE if sc["ie"] else 0)) + [jmp(0)]
    code_at = USER_BASE if sc["user"] else 0
    data_at = code_at + DATA
    m = Machine(MEMORY)
    image = {PROLOGUE + i: encode(ins) for i, ins in enumerate(prologue)}
    image.update({HANDLER + i: encode(ins) for i, ins in enumerate(handler(sc["rearm"]))})
    image.update({code_at + i: w for i, w in enumerate(sc["words"])})
    image.update({data_at + i: w for i, w in enumerate(sc["data"])})
    m.load(image, entry=PROLOGUE)
    m.console.feed(sc["console"])
    return m


def check_agreement(sc):
    total = sc["total"]
    by_until = build(sc)        # run(until_cycle=k) checkpoint by checkpoint
    by_slices = build(sc)       # run(max_cycles=s) in random slices
    by_cycle = build(sc)        # step_cycle()
    by_instr = build(sc)        # step_instruction(), compared at its own boundaries
    mirror = build(sc)          # run() to the step_instruction machine's boundaries
    slices = sc["slices"]
    n_slice = 0
    restored = None
    for k in sc["checkpoints"]:
        by_until.run(until_cycle=k)
        if restored is None:        # a snapshot (as JSON) taken here must continue identically
            restored = Machine(MEMORY)
            restored.set_state(json.loads(json.dumps(by_until.get_state())))
        while by_slices.cycles < k and not by_slices.halted:
            s = slices[n_slice % len(slices)]
            n_slice += 1
            by_slices.run(until_cycle=min(by_slices.cycles + s, k))
        while by_cycle.cycles < k and by_cycle.step_cycle() is not None:
            pass
        ref = by_until.get_state()
        assert by_slices.get_state() == ref, f"slices differ at {k}"
        assert by_cycle.get_state() == ref, f"step_cycle differs at {k}"
        assert by_until.cycles == k or by_until.halted
        while by_instr.cycles < k and by_instr.step_instruction() is not None:
            pass
        mirror.run(until_cycle=by_instr.cycles)
        assert mirror.get_state() == by_instr.get_state(), f"step_instruction differs at {k}"
    # run() in one go to the end agrees with all of them
    whole = build(sc)
    whole.run(until_cycle=total)
    assert whole.get_state() == by_until.get_state()
    restored.run(until_cycle=total)
    assert restored.get_state() == by_until.get_state()
    # and a fresh run(until_cycle=k) equals k step_cycle() calls, for the first checkpoint
    k = sc["checkpoints"][0]
    a, b = build(sc), build(sc)
    a.run(until_cycle=k)
    for _ in range(k):
        b.step_cycle()
    assert a.get_state() == b.get_state()
    return by_until


@settings(max_examples=300)
@given(scenarios())
def test_stepping_modes_agree(sc):
    m = check_agreement(sc)
    assert m.cycles <= sc["total"]


def test_stepping_modes_agree_on_a_busy_example():
    # a fixed scenario touching timer interrupts, syscalls, WFI and console I/O in user mode
    words = [encode(i) for i in [
        Instruction("ADDI", 1, 1, 0, 1),
        Instruction("SYSCALL", imm=5),
        Instruction("MUL", 2, 1, 1),
        Instruction("DIV", 3, 2, 1),
        Instruction("SW", 3, 0, 0, DATA),
        Instruction("LW", 4, 0, 0, DATA),
        Instruction("GETF", 5),
        Instruction("WFI"),
        Instruction("JMP", imm=0),
    ]]
    sc = dict(words=words, user=True, ie=True, timer=17, regs=[0] * 8, data=[1, 2, 3, 4],
              console=b"hi", rearm=0, total=900, checkpoints=[1, 7, 33, 34, 35, 101, 250, 251, 900],
              slices=[1, 2, 3, 5, 8, 13])
    m = check_agreement(sc)
    assert m.cycles == 900
    assert m.trap_counts.get(5, 0) > 10       # SYSCALLs
    assert m.trap_counts.get(2, 0) > 0        # WFI is PRIV in user mode
    assert m.trap_counts.get(9, 0) == 2       # two console bytes, two interrupts
    assert m.trap_counts.get(8, 0) == 0       # the console handler disarmed the timer first
