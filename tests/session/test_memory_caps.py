"""Memory caps of a long session, counted in bytes and objects (never timed).

Checkpoints keep the memory as shared pages of 32-bit words and the rest as a
blob; the attribution timeline keeps one word per segment.  Both must give
back exactly what plain data would have given.
"""

from __future__ import annotations

import sys
from array import array
from collections import deque

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vmlab.observe.accounting import TIMELINE_MAX, Attribution
from vmlab.session import Session
from vmlab.session.history import PAGE_WORDS, Checkpoint, History

from ..vmm.helpers import shipped

MiB = 1 << 20


class PlainHistory(History):
    """History as it was before compaction: each captured state kept as it came."""

    def _pack(self, state):
        return state


def compact_and_plain(name, interval):
    compact = Session(shipped(name), checkpoint_interval=interval)
    plain = Session(shipped(name), checkpoint_interval=interval)
    plain.history = PlainHistory(interval)
    plain.history.record(0, plain._capture())
    return compact, plain


# ---------------------------------------------------------------------- checkpoints
@pytest.mark.parametrize("name", ["two-guests", "two-guests-hw2", "two-guests-bt", "native-alpha"])
def test_a_compact_checkpoint_restores_the_state_a_plain_one_does(name):
    compact, plain = compact_and_plain(name, 4000)
    compact.run(until_cycle=40_000)
    plain.run(until_cycle=40_000)
    assert compact.cycle == 40_000
    assert compact.history.cycles == plain.history.cycles
    assert all(isinstance(s, Checkpoint) and isinstance(s.rest, bytes)
               for s in compact.history.states)
    for cycle in compact.history.cycles:
        assert compact.history.at_or_before(cycle) == plain.history.at_or_before(cycle)
    for target in (39_999, 31_234, 4000, 3999, 1):
        compact.travel_to(target)
        plain.travel_to(target)
        assert compact.cycle == plain.cycle == target
        assert compact.state_hash() == plain.state_hash()
    compact.travel_to(40_000)
    plain.travel_to(40_000)
    assert compact.state_hash() == plain.state_hash()


def test_the_checkpoint_store_stays_under_a_byte_budget_over_a_long_run():
    session = Session(shipped("hog"))                      # the window's checkpoint interval
    session.run(3_000_000)
    history = session.history
    assert len(history.cycles) <= history.max_count
    words = session.machine.memory_words
    plain = len(history.cycles) * sys.getsizeof(list(range(words)))   # lists, as they were
    budget = words * 4 + len(history.cycles) * 8 * 1024  # one memory's words + 8 KiB each
    assert history.nbytes() <= budget < plain / 20
    for stored in history.states:                          # no Python object per word
        assert isinstance(stored.rest, bytes)
        assert all(isinstance(page, array) and len(page) <= PAGE_WORDS
                   for page in stored.pages)
    pages = {id(page) for stored in history.states for page in stored.pages}
    assert len(pages) < len(history.states) * words // PAGE_WORDS // 10   # mostly shared
    session.step_back(2_000_000)                           # still reachable, and exact
    assert session.cycle == 1_000_000
    fresh = Session(shipped("hog"), checkpoint_interval=1 << 60)
    fresh.run(until_cycle=1_000_000)
    assert session.state_hash() == fresh.state_hash()


words_st = st.integers(0, (1 << 32) - 1)
writes_st = st.lists(st.tuples(st.integers(0, 2999),
                               st.one_of(words_st, st.sampled_from([0, 1 << 40, -1]))),
                     max_size=20)


@settings(max_examples=40)
@given(st.lists(writes_st, min_size=1, max_size=8))
def test_recorded_states_come_back_equal_and_fresh(rounds):
    """Memories of any length with writes between records (a page kept, changed, zeroed,
    a value out of 32 bits) come back word for word; what comes back is a copy."""
    history = History(interval=1, max_count=100)
    mem = [0] * 3000
    expected = []
    for cycle, writes in enumerate(rounds):
        for address, value in writes:
            mem[address] = value
        state = {"cycle": cycle, "engine": {"machine": {"mem": list(mem), "pc": cycle},
                                            "vmm": {"routes": [1, 2], "t": (3, "x")}},
                 "log": {"seq": cycle, "pending": None}}
        history.record(cycle, state)
        expected.append(state)
    for cycle, state in enumerate(expected):
        at, got = history.at_or_before(cycle)
        assert at == cycle and got == state
        assert type(got["engine"]["machine"]["mem"]) is list
        got["engine"]["machine"]["mem"][0] = 12345
        got["engine"]["vmm"]["routes"].append(9)
        assert history.at_or_before(cycle)[1] == state


def test_a_state_without_memory_is_kept_as_it_is():
    history = History()
    history.record(0, {"cycle": 0, "engine": {"other": 1}})
    assert history.at_or_before(5) == (0, {"cycle": 0, "engine": {"other": 1}})
    assert history.nbytes() == 0


def test_a_state_that_is_not_plain_data_keeps_its_data_and_its_memory_compact():
    def hook():
        return None
    state = {"engine": {"machine": {"mem": [7] * 2000, "hook": hook}}}
    history = History()
    history.record(0, state)
    assert isinstance(history.states[0].rest, dict)
    assert history.at_or_before(0)[1] == state
    assert state["engine"]["machine"]["mem"] == [7] * 2000      # the caller's untouched


@pytest.mark.parametrize("name", ["two-guests", "two-guests-bt", "two-guests-hw1", "cruncher",
                                  "native-alpha"])
def test_every_checkpoint_of_a_shipped_scenario_is_plain_data(name):
    """The VMM's state holds plain strings, never enum members: checkpoints are compact."""
    session = Session(shipped(name, quantum=300), checkpoint_interval=997)
    session.run(40_000)
    assert session.history.states
    assert all(isinstance(c.rest, bytes) for c in session.history.states)


# ---------------------------------------------------------------------- timeline
class Reference:
    """The timeline as a deque of (number, start, end, bucket) tuples: the meaning."""

    def __init__(self, buckets, start, first, keep):
        self.closed = {b: 0 for b in buckets}
        self.seg_start, self.seg_bucket = start, first
        self.timeline = deque(maxlen=keep)
        self.count = 0

    def switch(self, at, bucket):
        if at > self.seg_start:
            self.closed[self.seg_bucket] += at - self.seg_start
            self.timeline.append((self.count, self.seg_start, at, self.seg_bucket))
            self.count += 1
        self.seg_start, self.seg_bucket = at, bucket

    def totals(self, now):
        totals = dict(self.closed)
        totals[self.seg_bucket] += max(0, now - self.seg_start)
        return totals

    def set_state(self, state):
        self.closed = dict(state["closed"])
        self.seg_start, self.seg_bucket = state["seg"]
        self.count = state["count"]
        while self.timeline and self.timeline[-1][0] >= self.count:
            self.timeline.pop()


BUCKETS = ["a.kernel", "a.user", "vmm", "idle"]
op_st = st.one_of(
    st.tuples(st.just("switch"), st.integers(-3, 40), st.sampled_from(BUCKETS)),
    st.tuples(st.just("save")),
    st.tuples(st.just("back"), st.integers(0, 1000)))


@settings(max_examples=80)
@given(st.integers(1, 12), st.lists(op_st, max_size=120))
def test_the_compact_timeline_reads_as_the_deque_of_tuples(keep, ops):
    """Switches (some going back in time, some of no length), saves and returns to an
    earlier save (as time travel does), with a buffer that rolls over and over."""
    compact = Attribution(BUCKETS, 1000, "vmm", keep=keep)
    reference = Reference(BUCKETS, 1000, "vmm", keep)
    saves = []
    now = 1000
    for op in ops:
        if op[0] == "switch":
            now = max(0, compact.seg_start + op[1])
            compact.switch(now, op[2])
            reference.switch(now, op[2])
        elif op[0] == "save":
            saves.append((now, compact.get_state()))
        elif saves:
            i = op[1] % len(saves)
            now, state = saves[i]
            del saves[i + 1:]           # what was saved later is another future now
            compact.set_state(state)
            reference.set_state(state)
        timeline = compact.timeline
        assert list(timeline) == list(reference.timeline)
        assert list(reversed(timeline)) == list(reversed(reference.timeline))
        assert len(timeline) == len(reference.timeline) <= keep
        assert [timeline[i] for i in range(-len(timeline), len(timeline))] \
            == list(reference.timeline) * 2
        assert timeline.segments() == [t[1:] for t in reference.timeline]
        assert timeline.first == (reference.timeline[0][0] if reference.timeline
                                  else reference.count)
        later = now + 5
        assert compact.totals(later) == reference.totals(later)
        assert compact.segments(later)[:-1] == [t[1:] for t in reference.timeline]
        assert compact.get_state() == {"closed": reference.closed, "count": reference.count,
                                       "seg": [reference.seg_start, reference.seg_bucket]}


def test_the_timeline_holds_at_most_TIMELINE_MAX_segments_in_bounded_bytes():
    buckets = ["alpha.kernel", "alpha.user", "beta.kernel", "beta.user", "vmm", "idle"]
    attribution = Attribution(buckets, 0, "vmm")
    switches = TIMELINE_MAX * 3 // 2
    for i in range(1, switches + 1):
        attribution.switch(i * 7, buckets[i % len(buckets)])
    timeline = attribution.timeline
    assert len(timeline) == timeline.maxlen == TIMELINE_MAX
    assert timeline[0][0] == switches - TIMELINE_MAX and timeline[-1][0] == switches - 1
    assert timeline[-1][1:] == ((switches - 1) * 7, switches * 7, buckets[(switches - 1) % 6])
    # one 64-bit word a segment, an eighth more before the oldest are cut: under 2 MiB
    # (the deque of tuples it replaces held about 30 MiB)
    assert attribution.nbytes() <= TIMELINE_MAX * 9 // 8 * 8 * 1.1 < 2 * MiB
    assert sum(attribution.totals(switches * 7).values()) == switches * 7
    numbers = [n for n, *_ in timeline]
    assert numbers == list(range(switches - TIMELINE_MAX, switches))


def test_after_travel_the_timeline_is_the_one_a_fresh_run_builds():
    session = Session(shipped("two-guests", quantum=300), checkpoint_interval=5000)
    session.run(until_cycle=60_000)
    session.travel_to(23_456)
    fresh = Session(shipped("two-guests", quantum=300), checkpoint_interval=1 << 60)
    fresh.run(until_cycle=23_456)
    assert list(session.attribution.timeline) == list(fresh.attribution.timeline)
    assert session.timeline() == fresh.timeline()
    assert session.cycles_by_bucket() == fresh.cycles_by_bucket()
