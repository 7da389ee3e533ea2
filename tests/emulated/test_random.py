"""Random Toy8 programs: the reference never raises, and the emulator agrees with it."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from vmlab.emulated import Toy8
from vmlab.emulated.isa import MEMORY_BYTES, RUNNING, STATUS_NAMES, legal_opcodes

from .helpers import agree

# Mostly legal opcodes, so programs run a while before an illegal byte stops them.
LEGAL = legal_opcodes()
images = st.lists(st.one_of(st.sampled_from(LEGAL), st.integers(0, 255)),
                  max_size=MEMORY_BYTES).map(bytes)


@settings(max_examples=300, deadline=None)
@given(images, st.integers(0, 2_000))
def test_the_reference_never_raises_and_always_stops(image, limit):
    machine = Toy8(image)
    status = machine.run(limit)
    s = machine.state
    assert status != RUNNING and status in STATUS_NAMES
    assert s.steps <= limit
    assert all(0 <= v <= 255 for v in (s.a, s.x, s.pc, s.sp))
    assert s.z in (0, 1) and s.c in (0, 1)
    assert len(s.memory) == MEMORY_BYTES and all(0 <= b <= 255 for b in s.memory)


@settings(max_examples=8, deadline=None)
@given(images)
def test_the_emulator_agrees_with_the_reference_on_random_programs(image):
    agree(image, step_limit=300)
