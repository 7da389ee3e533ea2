"""Clones (issue 15 item 4): the identity device, and a clone that runs independently of its
original and gets a new identity (docs/snapshots.md, Clones; docs/isa.md, section 16)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from vmlab.asm import assemble
from vmlab.isa.spec import NO_DATA
from vmlab.machine.cpu import Machine
from vmlab.machine.identity import machine_id_for
from vmlab.scenario import load_scenario
from vmlab.session import LifecycleError, Session
from vmlab.vmm import snapshot_file, techniques
from vmlab.vmm.snapshot_file import SnapshotError

from .helpers import guest, make_scenario

# Every technique that runs two ordinary (not paravirtual) kernels beside each other.
VMM_TECHNIQUES = [name for name in techniques.technique_names()
                  if techniques.get(name).under_vmm and not techniques.get(name).paravirtual
                  and techniques.get(name).fits(2)]
# Every technique with a VMM, paravirtual included: the device is emulated on all of them.
EVERY_VMM = [name for name in techniques.technique_names() if techniques.get(name).under_vmm]

READER = """
.org 0
        in   r1, MACHINE_ID
        in   r2, VM_GENERATION
        li   r3, 7
        out  MACHINE_ID, r3          ; read-only: ignored
        out  VM_GENERATION, r3
        in   r4, MACHINE_ID
        in   r5, VM_GENERATION
        halt
"""


def run_to_end(session: Session) -> None:
    session.run(2_000_000)
    assert session.halted


def consoles(session: Session) -> dict[str, str]:
    return {name: session.guest(name).console for name in session.guest_names}


def tag(machine_id: int) -> str:
    return f"[id 0x{machine_id:08x}]"


def address(machine_id: int) -> str:
    return f"10.0.0.{(machine_id & 0x7F) + 2} "


def alone(technique: str, machine_id: int) -> str:
    """What idcard prints run alone, never cloned, with this machine id."""
    scenario = load_scenario("clone").with_technique(technique)
    original = replace(scenario.guests[0], machine_id=machine_id)
    session = Session(replace(scenario, guests=[original], clone=None))
    run_to_end(session)
    return session.guest(original.name).console


def differing_words(session: Session) -> set[int]:
    """The addresses at which the original's and the clone's memories differ."""
    size = session.guest("original").size
    return {a for a in range(size)
            if session.guest_word("original", a) != session.guest_word("clone", a)}


def run_clone(name: str, technique: str) -> tuple[Session, str]:
    """The scenario run to its end; also what the original had printed when it was cloned."""
    session = Session(load_scenario(name).with_technique(technique))
    session.run_until(lambda s: s.clone_report()["phase"] == "done", max_cycles=200_000)
    at_clone = session.guest("original").console
    run_to_end(session)
    return session, at_clone


# ---------------------------------------------------------------- the identity device
def test_a_machine_without_the_device_reads_unknown_ports():
    m = Machine(256)
    m.load(assemble(READER).image)
    m.run(10_000)
    assert m.regs[1] == m.regs[2] == m.regs[4] == m.regs[5] == NO_DATA


@pytest.mark.parametrize("technique", ["native", *EVERY_VMM])
def test_the_identity_ports_natively_and_under_every_technique(technique):
    reader = replace(guest("reader", READER, memory=1024), machine_id=0x1234ABCD)
    session = Session(make_scenario(reader, technique=technique))
    session.run(100_000)
    regs = session.guest("reader").regs
    assert (regs[1], regs[2]) == (0x1234ABCD, 0)
    assert (regs[4], regs[5]) == (regs[1], regs[2])        # writes changed nothing
    assert session.identity("reader") == {"machine_id": 0x1234ABCD, "generation": 0}


def test_by_default_each_guest_has_its_own_id_from_its_name():
    scenario = load_scenario("clone")
    assert [g.machine_id for g in scenario.guests] == [machine_id_for("original"),
                                                       machine_id_for("clone")]
    assert machine_id_for("original") != machine_id_for("clone")
    assert machine_id_for("original") not in (0, NO_DATA)


def test_a_guest_booted_from_a_copied_disk_image_has_its_own_identity():
    session = Session(load_scenario("disk-copy"))
    ids = {name: session.identity(name)["machine_id"] for name in session.guest_names}
    assert len(set(ids.values())) == len(ids) == 2


# ---------------------------------------------------------------- a clone, scheduled
@pytest.mark.parametrize("technique", VMM_TECHNIQUES)
def test_a_clone_runs_independently_and_gets_a_new_identity(technique):
    session, at_clone = run_clone("clone", technique)
    report = session.clone_report()
    assert report["phase"] == "done" and report["cloned_at"] >= report["at"]
    old, new = report["identity"]["original"], report["identity"]["clone"]
    assert new["machine_id"] == machine_id_for("clone") != old["machine_id"]
    assert new["generation"] == old["generation"] + 1
    assert not report["same_identity"]
    out = consoles(session)
    # The original goes on as if it had never been cloned (its pause took none of its time).
    assert out["original"] == alone(technique, old["machine_id"])
    # The clone goes on from where the original was, notices at its next renewal that it is
    # a new copy, reads its id again and from then on claims its own address.
    later = out["original"][len(at_clone):]
    head, _, rest = later.partition(tag(old["machine_id"]))
    notice = (f"{tag(new['machine_id'])} generation {new['generation']}: I am a new copy; "
              "id read again\n")
    expected = (head + notice + tag(old["machine_id"]) + rest).replace(
        tag(old["machine_id"]), tag(new["machine_id"])).replace(
        address(old["machine_id"]), address(new["machine_id"]))
    assert out["clone"] == expected
    assert address(new["machine_id"]) in out["clone"]
    assert address(old["machine_id"]) not in out["clone"]
    # Each one's memory is its own: the identity each cached is its own, and the two
    # partitions differ in those two words only (both ran the same code to the same end).
    labels = session.scenario.guests[0].program.labels
    for name, identity in report["identity"].items():
        assert session.guest_word(name, labels["my_id"]) == identity["machine_id"]
        assert session.guest_word(name, labels["my_gen"]) == identity["generation"]
    assert differing_words(session) == {labels["my_id"], labels["my_gen"]}


@pytest.mark.parametrize("technique", VMM_TECHNIQUES)
def test_without_a_new_identity_both_claim_the_same_id_and_address(technique):
    session, at_clone = run_clone("clone-same-identity", technique)
    report = session.clone_report()
    ids = report["identity"]
    assert ids["original"] == ids["clone"] and report["same_identity"]
    out = consoles(session)
    assert out["original"] == alone(technique, ids["original"]["machine_id"])
    # An exact copy: it prints what the original prints after the clone, word for word,
    # the same id and the same address; nothing tells it that it is a copy.
    assert out["clone"] == out["original"][len(at_clone):]
    assert "generation" not in out["clone"]
    leases = [set(re.findall(r"10\.0\.0\.\d+", out[name])) for name in out]
    assert leases[0] == leases[1] == {address(ids["clone"]["machine_id"]).strip()}
    assert differing_words(session) == set()        # two identical machines


def test_the_clone_is_a_slot_powered_off_until_the_clone_and_deterministic():
    scenario = load_scenario("clone")
    session = Session(scenario)
    assert session.guest("clone").state == "powered-off"
    assert session.clone_report()["phase"] == "ahead"
    session.run(until_cycle=scenario.clone.at + 5_000)
    assert session.clone_report()["phase"] == "done"
    one_go = session.state_hash()
    sliced = Session(scenario)
    while sliced.cycle < scenario.clone.at + 5_000:
        sliced.run(until_cycle=min(sliced.cycle + 777, scenario.clone.at + 5_000))
    assert sliced.state_hash() == one_go
    # Back in time over the clone and forward again: the same states.
    session.travel_to(scenario.clone.at - 100)
    assert session.clone_report()["phase"] == "ahead"
    assert session.guest("clone").state == "powered-off"
    session.travel_to(scenario.clone.at + 5_000)
    assert session.state_hash() == one_go


# ---------------------------------------------------------------- a clone, when asked
def manual() -> Session:
    return Session(replace(load_scenario("clone"), clone=None))


def pause(session: Session, name: str) -> None:
    session.pause_guest(name)
    session.run_until(lambda s: s.guest(name).state == "paused", max_cycles=100_000)


def test_clone_guest_asks_for_a_paused_source_and_a_powered_off_target():
    session = manual()
    session.run(5_000)
    with pytest.raises(LifecycleError, match="pause it first"):
        session.clone_guest("original", "clone")
    pause(session, "original")
    with pytest.raises(LifecycleError, match="powered-off"):
        session.clone_guest("clone", "original")
    before = session.state_hash()
    assert session.clone_refusal("original", "clone") is None
    session.clone_guest("original", "clone")
    assert session.state_hash() != before
    assert session.identity("clone")["machine_id"] == machine_id_for("clone")
    assert session.guest("clone").state in ("ready", "running")
    session.resume_guest("original")
    run_to_end(session)
    assert f"{tag(machine_id_for('clone'))} generation 1" in session.guest("clone").console


def test_a_clone_from_a_snapshot_file_in_a_fresh_run(tmp_path):
    first = manual()
    first.run(8_000)
    pause(first, "original")
    path = tmp_path / "original.vmsnap.json"
    first.snapshot_guest("original", path)
    saved = snapshot_file.load(path)
    assert saved.vcpu["identity"] == first.identity("original")
    second = manual()
    second.run(3_000)
    second.clone_from_snapshot("clone", path, new_identity=False)
    assert second.identity("clone") == first.identity("original")
    run_to_end(second)
    first.resume_guest("original")
    run_to_end(first)
    # A copy with the same identity prints what the original printed after the snapshot.
    assert first.guest("original").console.endswith(second.guest("clone").console)


def test_a_snapshot_of_another_program_is_refused_and_changes_nothing(tmp_path):
    other = Session(load_scenario("two-guests"))
    other.run(5_000)
    pause(other, "alpha")
    path = tmp_path / "alpha.vmsnap.json"
    other.snapshot_guest("alpha", path)
    session = manual()
    session.run(3_000)
    before = session.state_hash()
    with pytest.raises(SnapshotError, match="same program and memory size"):
        session.clone_from_snapshot("clone", path)
    assert session.state_hash() == before


def test_a_bad_identity_in_a_snapshot_file_is_refused(tmp_path):
    import json
    session = manual()
    session.run(5_000)
    pause(session, "original")
    path = tmp_path / "o.vmsnap.json"
    session.snapshot_guest("original", path)
    manifest = json.loads(path.read_text())
    manifest["devices"]["identity"] = {"machine_id": -1, "generation": 0}
    path.write_text(json.dumps(manifest))
    with pytest.raises(SnapshotError, match="devices.identity.machine_id"):
        snapshot_file.load(path)


def test_no_clone_natively():
    session = Session(load_scenario("native-alpha"))
    session.run(1_000)
    with pytest.raises(LifecycleError):
        session.clone_guest("alpha", "alpha")
    assert session.identity("alpha")["machine_id"] == machine_id_for("alpha")


def test_the_run_summary_has_the_clone():
    session, _ = run_clone("clone", "trap-and-emulate")
    summary = session.summary()
    assert set(summary["guests"]) == {"original", "clone"}
    assert summary["clone"] == session.clone_report()
