"""Snapshot and restore (issue 15, item 3): a guest saved paused and restored — in the same
run or a fresh one, under the same or another technique, from a full or a diff snapshot —
goes on exactly as a run never interrupted: the same console, registers, system registers
and virtual clock at the end.  Mismatched snapshots are refused and change nothing."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vmlab.scenario import load_scenario
from vmlab.session import LifecycleError, Session
from vmlab.vmm.snapshot_file import BLOCK_WORDS, SnapshotError
from vmlab.vmm.snapshot_file import load as load_snapshot

TECHNIQUES = ("trap-and-emulate", "binary-translation", "hardware-assist-1",
              "hardware-assist-2")
_SCENARIOS: dict = {}
_REFERENCE: dict = {}


def scenario(name: str = "two-guests", technique: str | None = None):
    key = (name, technique)
    if key not in _SCENARIOS:
        s = load_scenario(name)
        _SCENARIOS[key] = dataclasses.replace(s, technique=technique) if technique else s
    return _SCENARIOS[key]


def session(name="two-guests", technique=None) -> Session:
    return Session(scenario(name, technique), checkpoint_interval=1 << 60)


def finished(s: Session) -> Session:
    s.run(s.scenario.max_cycles)
    return s


def outcome(s: Session, guest: str) -> dict:
    """What the guest itself did: console, registers, system registers (its virtual clock
    among them), its state; not the host's counters."""
    g = s.summary()["guests"][guest]
    return {key: g[key] for key in ("console", "regs", "sr", "state")}


def reference(name: str, technique: str | None, guest: str) -> dict:
    key = (name, technique, guest)
    if key not in _REFERENCE:
        _REFERENCE[key] = outcome(finished(session(name, technique)), guest)
    return _REFERENCE[key]


_HALTS: dict = {}


def halts_at(technique: str | None, guest: str) -> int:
    """The cycle the guest halts at in two-guests under the technique (it can be paused
    only before: alpha halts near cycle 109,000 under generation 2, 112,000 under binary
    translation)."""
    key = (technique, guest)
    if key not in _HALTS:
        s = session(technique=technique)
        s.run_until(lambda x: x.guest(guest).state == "halted", s.scenario.max_cycles)
        _HALTS[key] = s.cycle
    return _HALTS[key]


def paused_at(s: Session, guest: str, cycle: int) -> None:
    """Run to `cycle`, pause the guest and run on until the pause has happened."""
    s.run(until_cycle=cycle)
    s.pause_guest(guest)
    s.run_until(lambda x: x.guest(guest).state == "paused", 200_000)
    assert s.guest(guest).state == "paused"


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(share=1000, guest="alpha", technique="hardware-assist-2", other="binary-translation")
@example(share=1000, guest="beta", technique="binary-translation", other="hardware-assist-1")
@given(share=st.integers(0, 1000), guest=st.sampled_from(["alpha", "beta"]),
       technique=st.sampled_from(TECHNIQUES), other=st.sampled_from(TECHNIQUES))
def test_a_restored_guest_goes_on_as_if_never_interrupted(tmp_path_factory, share, guest,
                                                        technique, other):
    # Any moment of its run, up to 10,000 cycles before it halts (a pause takes effect at
    # the VMM's next decision; a halted guest cannot be paused).
    cycle = 1 + (halts_at(technique, guest) - 10_000) * share // 1000
    folder = tmp_path_factory.mktemp("snap")
    s = session(technique=technique)
    paused_at(s, guest, cycle)
    s.snapshot_guest(guest, folder / "g.vmsnap.json")
    # In the same run: resumed at once, the snapshot changed nothing.
    s.resume_guest(guest)
    assert outcome(finished(s), guest) == reference("two-guests", technique, guest)
    # In a fresh run of the scenario, instead of booting it: the same end (its behaviour
    # depends on its virtual time only), under another technique too - except Beta's,
    # which trap-and-emulate's flaw changes: what it saw before the snapshot stays seen.
    if guest == "beta" and "trap-and-emulate" in (technique, other):
        other = technique
    fresh = session(technique=other)
    fresh.restore_guest(guest, folder / "g.vmsnap.json")
    assert outcome(finished(fresh), guest) == reference("two-guests", other, guest)


def test_restoring_over_itself_goes_back_in_time(tmp_path):
    s = session()
    paused_at(s, "alpha", 20_000)
    s.snapshot_guest("alpha", tmp_path / "early.vmsnap.json")
    s.resume_guest("alpha")
    s.run(until_cycle=90_000)
    printed = s.guest("alpha").console
    paused_at(s, "alpha", 90_000)
    s.restore_guest("alpha", tmp_path / "early.vmsnap.json")
    assert len(s.guest("alpha").console) < len(printed)        # its console as it was
    assert outcome(finished(s), "alpha") == reference("two-guests", None, "alpha")


def test_a_diff_snapshot_stores_less_and_restores_the_same(tmp_path):
    s = session()
    paused_at(s, "alpha", 30_000)
    full = s.snapshot_guest("alpha", tmp_path / "s1.vmsnap.json")
    s.resume_guest("alpha")
    paused_at(s, "alpha", 60_000)
    diff = s.snapshot_guest("alpha", tmp_path / "s2.vmsnap.json",
                            base=tmp_path / "s1.vmsnap.json")
    s.snapshot_guest("alpha", tmp_path / "s2-full.vmsnap.json")
    assert full["blocks"] == full["total_blocks"] == 16_384 // BLOCK_WORDS
    assert 0 < diff["blocks"] < full["blocks"] and diff["memory"] == diff["blocks"] * 256
    assert diff["blocks"] <= full["touched"] + diff["touched"]
    as_diff = load_snapshot(tmp_path / "s2.vmsnap.json")
    as_full = load_snapshot(tmp_path / "s2-full.vmsnap.json")
    assert as_diff.memory == as_full.memory and as_diff.vcpu == as_full.vcpu
    fresh = session()
    fresh.restore_guest("alpha", tmp_path / "s2.vmsnap.json")
    assert outcome(finished(fresh), "alpha") == reference("two-guests", None, "alpha")


def test_a_guest_with_a_disk_keeps_its_disk(tmp_path):
    s = session("disk")
    guest = s.scenario.guests[0].name
    paused_at(s, guest, 3_000)
    s.snapshot_guest(guest, tmp_path / "d.vmsnap.json")
    assert (tmp_path / "d.disk").read_text().startswith("VL32-DISK")
    s.resume_guest(guest)
    end = finished(s)
    fresh = session("disk")
    fresh.restore_guest(guest, tmp_path / "d.vmsnap.json")
    assert outcome(finished(fresh), guest) == outcome(end, guest)
    assert fresh.disk_words(guest) == end.disk_words(guest)


def test_stepping_back_over_a_restore_replays_it(tmp_path):
    s = session()
    paused_at(s, "beta", 25_000)
    s.snapshot_guest("beta", tmp_path / "b.vmsnap.json")
    s.resume_guest("beta")
    s.run(until_cycle=70_000)
    paused_at(s, "beta", 70_000)
    s.restore_guest("beta", tmp_path / "b.vmsnap.json")
    s.run(until_cycle=110_000)
    at_end = s.state_hash()
    s.travel_to(40_000)
    s.travel_to(110_000)
    assert s.state_hash() == at_end


@pytest.mark.parametrize("into, guest, words", [
    ("switcher", "switcher", ["two-guests", "switcher"]),   # another scenario
    ("two-guests", "beta", ["alpha", "beta"]),           # another guest
    ("native-alpha", "alpha", []),                        # no VMM
])
def test_a_mismatched_snapshot_is_refused_and_changes_nothing(tmp_path, into, guest, words):
    s = session()
    paused_at(s, "alpha", 30_000)
    s.snapshot_guest("alpha", tmp_path / "a.vmsnap.json")
    target = session(into)
    target.run(until_cycle=5_000)
    before = target.state_hash()
    with pytest.raises((SnapshotError, LifecycleError)) as caught:
        target.restore_guest(guest, tmp_path / "a.vmsnap.json")
    for word in words:
        assert word in str(caught.value)
    assert target.state_hash() == before


def test_a_snapshot_is_taken_paused(tmp_path):
    s = session()
    s.run(until_cycle=10_000)
    with pytest.raises(LifecycleError, match="pause it first"):
        s.snapshot_guest("alpha", tmp_path / "a.vmsnap.json")
    assert not (tmp_path / "a.vmsnap.json").exists()


def test_a_corrupted_snapshot_restores_nothing(tmp_path):
    s = session()
    paused_at(s, "alpha", 30_000)
    s.snapshot_guest("alpha", tmp_path / "a.vmsnap.json")
    mem = tmp_path / "a.mem"
    mem.write_bytes(mem.read_bytes()[:-4] + b"\x01\x02\x03\x04")
    before = s.state_hash()
    with pytest.raises(SnapshotError, match="corrupted"):
        s.restore_guest("alpha", tmp_path / "a.vmsnap.json")
    assert s.state_hash() == before and s.guest("alpha").state == "paused"


def test_the_session_says_before_whether_it_can_save_or_restore(tmp_path):
    s = session()
    s.run(until_cycle=10_000)
    assert "pause it first" in s.snapshot_refusal("alpha")
    paused_at(s, "alpha", 10_000)
    assert s.snapshot_refusal("alpha") is None
    s.snapshot_guest("alpha", tmp_path / "a.vmsnap.json")
    assert s.restore_refusal("alpha", tmp_path / "a.vmsnap.json") is None
    assert "no guest" in str(s.restore_refusal("gamma", tmp_path / "a.vmsnap.json"))
    (tmp_path / "a.mem").write_bytes(b"")
    problem = s.restore_refusal("alpha", tmp_path / "a.vmsnap.json")
    assert isinstance(problem, SnapshotError) and "a.mem" in str(problem)


def test_kernels_in_another_language_are_another_version_of_the_scenario(tmp_path):
    s = session()
    paused_at(s, "alpha", 10_000)
    s.snapshot_guest("alpha", tmp_path / "a.vmsnap.json")
    catalan = Session(load_scenario("two-guests", lang="ca"), checkpoint_interval=1 << 60)
    problem = catalan.restore_refusal("alpha", tmp_path / "a.vmsnap.json")
    assert "another version of scenario 'two-guests'" in str(problem)
    assert "una altra llengua" in problem.render("ca")


def test_a_paravirtual_guest_restores_too(tmp_path):
    """Under every technique: paravirtualization runs its ported kernels (two-guests-pv)."""
    s = session("two-guests-pv")
    guest = s.scenario.guests[0].name
    paused_at(s, guest, 20_000)
    s.snapshot_guest(guest, tmp_path / "pv.vmsnap.json")
    fresh = session("two-guests-pv")
    fresh.restore_guest(guest, tmp_path / "pv.vmsnap.json")
    assert outcome(finished(fresh), guest) == reference("two-guests-pv", None, guest)
