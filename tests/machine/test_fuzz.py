"""Robustness: random words as programs never raise a Python exception.

Random memory contents (raw words, and words with an assigned opcode whose reserved bits
are cleared so that they decode), random memory size, TVEC, mode, BASE/BOUND, IE, timer,
registers and console input.  Each program runs 2,000 cycles, mostly with run(), some
with step_cycle()/step_instruction() and run() slices mixed.

The default run does 10,000 programs (10 seeded batches); `-m slow` does 100,000.
"""

import random

import pytest

from vmlab.machine import Machine

from .test_decode import BY_OPCODE, reserved_mask

MASK = 0xFFFF_FFFF
CYCLES = 2000
STOPS = {"halt", "stalled", "cycle-limit"}
OPCODES = sorted(BY_OPCODE)


def random_word(rng: random.Random) -> int:
    word = rng.getrandbits(32)
    if rng.random() < 0.6:
        op = rng.choice(OPCODES)
        word = (op << 26 | word & 0x3FF_FFFF) & ~reserved_mask(BY_OPCODE[op])
        if op in (0x33, 0x34):          # MFSR/MTSR: a valid SR number most of the time
            word = word & ~0x3FFFF | rng.randrange(12)
        elif rng.random() < 0.5:        # small immediates: near jumps, plausible addresses
            word = word & ~0x3FFFF | rng.randrange(64)
    return word


def random_address(rng: random.Random, size: int) -> int:
    return rng.choice([0, rng.randrange(size), rng.randrange(size), size - 1, size,
                       rng.getrandbits(32), rng.getrandbits(12)])


def fuzz_one(rng: random.Random, index: int, pool: list[int]) -> Machine:
    size = rng.choice([8, 64, 256, 1024, 4096])
    m = Machine(size)
    start = rng.randrange(len(pool) - size)
    m.load(pool[start:start + size])       # a random window of a pool of random words
    m.tvec = random_address(rng, size)
    m.pc = random_address(rng, size)
    m.regs[1:] = [rng.choice([0, 1, MASK, rng.getrandbits(32), rng.randrange(size)])
                  for _ in range(15)]
    m.status = rng.getrandbits(4)                      # random mode, IE, PIE, PKMODE
    m.base = rng.choice([0, rng.randrange(size), rng.getrandbits(32)])
    m.bound = rng.choice([0, size, rng.randrange(size + 1), rng.getrandbits(32), MASK])
    m.epc = random_address(rng, size)
    m.write_sr(7, rng.choice([0, 0, 1, rng.randrange(100), rng.getrandbits(32)]))
    if rng.random() < 0.3:
        m.console.feed(bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 5))))
    if index % 20 == 0:
        # mixed stepping: cycles, units and short runs
        while m.cycles < CYCLES and not m.halted:
            kind = rng.randrange(3)
            if kind == 0:
                m.step_cycle()
            elif kind == 1:
                m.step_instruction()
            else:
                m.run(until_cycle=min(CYCLES, m.cycles + rng.randrange(1, 50)))
        reason = m.halted or "cycle-limit"
    else:
        reason = m.run(max_cycles=CYCLES)
    assert reason in STOPS
    assert m.cycles >= CYCLES or m.halted in ("halt", "stalled")
    assert m.regs[0] == 0 and all(0 <= r <= MASK for r in m.regs)
    assert 0 <= m.pc <= MASK and 0 <= m.status <= 0xF
    assert len(m.mem) == size and all(0 <= w <= MASK for w in m.mem[:64])
    assert m.instret <= m.cycles
    return m


def fuzz_batch(seed: int, count: int) -> dict:
    rng = random.Random(seed)
    pool = [random_word(rng) for _ in range(20_000)]
    seen = {"traps": 0, "halt": 0, "stalled": 0, "user": 0}
    for i in range(count):
        try:
            m = fuzz_one(rng, i, pool)
        except Exception as exc:   # report which program, to reproduce it
            raise AssertionError(f"seed {seed}, program {i}: {exc!r}") from exc
        seen["traps"] += sum(m.trap_counts.values())
        seen["user"] += not m.kernel_mode
        if m.halted:
            seen[m.halted] += 1
    return seen


@pytest.mark.parametrize("seed", range(10))
def test_random_programs_never_raise(seed):
    seen = fuzz_batch(seed, 1000)
    # the programs did interesting things, not just one trap loop
    assert seen["traps"] > 10_000 and seen["halt"] > 0 and seen["user"] > 0


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(100, 200))
def test_random_programs_never_raise_slow(seed):
    seen = fuzz_batch(seed, 1000)
    assert seen["traps"] > 10_000
