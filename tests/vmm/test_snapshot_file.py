"""The snapshot files (docs/snapshots.md): a full and a diff snapshot round-trip, and a
corpus of broken and hostile files is refused with the file named and what is wrong,
never a traceback, never half a snapshot."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from vmlab.machine.state import NEVER
from vmlab.messages import render
from vmlab.vmm import snapshot_file as sf
from vmlab.vmm.snapshot_file import BLOCK_WORDS, Snapshot, SnapshotError


def vcpu_state(**changes) -> dict:
    state = {"pc": 0x40, "status": 0b0101, "epc": 7, "cause": 5, "tval": 2, "tvec": 0x10,
             "base": 0x1000, "bound": 0x100, "scratch": 0xDEADBEEF,
             "regs": [0] + [i * 3 for i in range(1, 16)], "cycles": 12_345, "instret": 9_000,
             "deadline": 12_400, "halted": None, "trap_counts": {5: 3, 8: 2},
             "console": {"input": [65, 10], "output": b"hello\n".hex()}}
    state.update(changes)
    return state


PAUSED_READY = {"state": "paused", "resumes_as": "ready", "fresh_handler": False, "wfi": None}


def snapshot(memory=None, **changes) -> Snapshot:
    fields = dict(scenario="two-guests", scenario_digest=sf.digest(b"scenario"), guest="alpha",
                  program_digest=sf.digest(b"program"), technique="trap-and-emulate",
                  host_cycle=99_999, vcpu=vcpu_state(), run=dict(PAUSED_READY),
                  memory=list(memory if memory is not None else range(1000, 1000 + 512)))
    fields.update(changes)
    return Snapshot(**fields)


def test_full_snapshot_round_trips(tmp_path):
    disk = {"words": [i * 7 for i in range(2 * 64)],
            "controller": {"block": 1, "addr": 0x200, "error": 0, "done_at": NEVER,
                           "reads": 3, "writes": 1}}
    snap = snapshot(disk=disk)
    sizes = sf.save(snap, tmp_path / "a.vmsnap.json")
    assert sizes["memory"] == 512 * 4
    assert (tmp_path / "a.mem").read_bytes()[:4] == (1000).to_bytes(4, "little")
    back = sf.load(tmp_path / "a.vmsnap.json")
    assert back.memory == snap.memory
    assert back.vcpu == snap.vcpu
    assert (back.scenario, back.guest, back.run, back.host_cycle, back.disk) == (
        snap.scenario, snap.guest, snap.run, snap.host_cycle, snap.disk)
    assert back.kind == "full"
    # Plain data a person can read: JSON with the format's name and version.
    manifest = json.loads((tmp_path / "a.vmsnap.json").read_text())
    assert (manifest["format"], manifest["version"]) == ("vmlab-snapshot", 1)
    # Only the two files: the temporary ones were renamed.
    # The disk is a disk-image file beside them, its digest in the manifest.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.disk", "a.mem", "a.vmsnap.json"]
    assert manifest["devices"]["disk"]["image"] == "a.disk"
    assert (tmp_path / "a.disk").read_text().startswith("VL32-DISK 1")


def test_a_paused_waiting_guest_keeps_where_its_wait_stands(tmp_path):
    run = {"state": "paused", "resumes_as": "waiting", "fresh_handler": True,
           "wfi": {"vclock": 500, "waited": 40, "wake_in": 60}}
    sf.save(snapshot(run=run), tmp_path / "w.vmsnap.json")
    assert sf.load(tmp_path / "w.vmsnap.json").run == run
    run["wfi"]["wake_in"] = None                  # waiting for input only
    sf.save(snapshot(run=run), tmp_path / "w.vmsnap.json")
    assert sf.load(tmp_path / "w.vmsnap.json").run == run


def test_a_changed_disk_image_is_refused(tmp_path):
    disk = {"words": [1] * 64, "controller": {"block": 0, "addr": 0, "error": 0,
                                              "done_at": 5, "reads": 0, "writes": 0}}
    sf.save(snapshot(disk=disk), tmp_path / "d.vmsnap.json")
    assert sf.load(tmp_path / "d.vmsnap.json").disk == disk
    image = tmp_path / "d.disk"
    image.write_text(image.read_text().replace("00000001", "00000002", 1))
    refused(tmp_path / "d.vmsnap.json", "d.disk", "corrupted")
    image.unlink()
    refused(tmp_path / "d.vmsnap.json", "d.disk", "not found")


def test_disarmed_timer_is_null_in_the_manifest(tmp_path):
    sf.save(snapshot(vcpu=vcpu_state(deadline=NEVER)), tmp_path / "t.vmsnap.json")
    assert json.loads((tmp_path / "t.vmsnap.json").read_text())["vcpu"]["deadline"] is None
    assert sf.load(tmp_path / "t.vmsnap.json").vcpu["deadline"] == NEVER


def test_diff_snapshot_stores_only_written_blocks_and_restores_the_same(tmp_path):
    first = snapshot()
    sf.save(first, tmp_path / "s1.vmsnap.json")
    memory = list(first.memory)
    memory[3] = 7                             # block 0
    memory[5 * BLOCK_WORDS + 1] = 8           # block 5
    second = snapshot(memory=memory, host_cycle=120_000)
    sizes = sf.save(second, tmp_path / "s2.vmsnap.json", base=tmp_path / "s1.vmsnap.json",
                    written_blocks={0, 5})
    assert sizes["memory"] == 2 * BLOCK_WORDS * 4 and sizes["blocks"] == 2
    back = sf.load(tmp_path / "s2.vmsnap.json")
    assert back.kind == "diff" and back.blocks == [0, 5] and back.base == "s1.vmsnap.json"
    assert back.memory == memory
    # A diff of a diff: the chain is followed.
    memory2 = list(memory)
    memory2[-1] = 99
    last_block = (len(memory2) - 1) // BLOCK_WORDS
    sf.save(snapshot(memory=memory2), tmp_path / "s3.vmsnap.json",
            base=tmp_path / "s2.vmsnap.json", written_blocks=[last_block])
    assert sf.load(tmp_path / "s3.vmsnap.json").memory == memory2


# ---------------------------------------------------------------------- the broken ones
def saved(tmp_path) -> Path:
    path = tmp_path / "g.vmsnap.json"
    sf.save(snapshot(), path)
    return path


def edit(path: Path, change) -> None:
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def refused(path, *words) -> str:
    with pytest.raises(SnapshotError) as caught:
        sf.load(path)
    text = str(caught.value)
    for word in words:
        assert word in text, text
    return text


def test_truncated_memory_file(tmp_path):
    path = saved(tmp_path)
    mem = tmp_path / "g.mem"
    mem.write_bytes(mem.read_bytes()[:-6])
    text = refused(path, "g.mem", "truncated")
    assert "2,042" in text                    # the size it has, grouped


def test_corrupted_memory_file(tmp_path):
    path = saved(tmp_path)
    mem = tmp_path / "g.mem"
    data = bytearray(mem.read_bytes())
    data[100] ^= 1
    mem.write_bytes(bytes(data))
    refused(path, "g.mem", "corrupted")


def test_wrong_version_and_not_a_snapshot(tmp_path):
    path = saved(tmp_path)
    edit(path, lambda m: m.update(version=7))
    refused(path, "g.vmsnap.json", "version 7", "version 1")
    edit(path, lambda m: m.update(version=1, format="something-else"))
    refused(path, "not a vmlab snapshot")


def test_not_json_names_the_line(tmp_path):
    path = tmp_path / "x.vmsnap.json"
    path.write_text('{\n  "format": "vmlab-snapshot",\n  oops\n}')
    refused(path, "x.vmsnap.json:3", "not valid JSON")
    path.write_bytes(b"\xff\xfe garbage")
    refused(path, "not UTF-8")


def test_missing_memory_file(tmp_path):
    path = saved(tmp_path)
    (tmp_path / "g.mem").unlink()
    refused(path, "g.mem", "not found")


@pytest.mark.parametrize("name", ["../g.mem", "/etc/passwd", "sub/g.mem", "..", ""])
def test_memory_file_must_stay_in_the_folder(tmp_path, name):
    path = saved(tmp_path)
    edit(path, lambda m: m["memory"].update(file=name))
    refused(path, "memory.file")


@pytest.mark.parametrize("change, words", [
    (lambda m: m["guest"].update(memory_words=1 << 40), ["guest.memory_words"]),
    (lambda m: m["memory"].update(words=-1), ["memory.words"]),
    (lambda m: m["vcpu"].update(regs=[1] * 16), ["vcpu.regs"]),
    (lambda m: m["vcpu"].update(regs=[0] * 15), ["vcpu.regs"]),
    (lambda m: m["vcpu"].update(status=0x100), ["reserved bits"]),
    (lambda m: m["vcpu"].update(pc=1 << 32), ["vcpu.pc"]),
    (lambda m: m["vcpu"].update(pc="12"), ["vcpu.pc"]),
    (lambda m: m["vcpu"].update(instret=10 ** 9), ["vcpu.instret"]),
    (lambda m: m["vcpu"].pop("deadline"), ["vcpu.deadline", "missing"]),
    (lambda m: m["vcpu"].update(halted="exploded"), ["vcpu.halted"]),
    (lambda m: m["vcpu"]["trap_counts"].update({"77": 1}), ["vcpu.trap_counts"]),
    (lambda m: m["vcpu"]["console"].update(input=[300]), ["vcpu.console.input"]),
    (lambda m: m["vcpu"]["console"].update(output="zz"), ["vcpu.console.output"]),
    (lambda m: m["run"].update(state="dancing"), ["run.state", "paused"]),
    (lambda m: m["run"].update(state="running"), ["run.state"]),
    (lambda m: m["run"].update(resumes_as="halted"), ["run.resumes_as"]),
    (lambda m: m["run"].update(wfi={"vclock": 1}), ["run.wfi"]),
    (lambda m: m["run"].update(fresh_handler="yes"), ["run.fresh_handler"]),
    (lambda m: m.pop("devices"), ["devices"]),
    (lambda m: m.pop("scenario"), ["scenario"]),
    (lambda m: m["scenario"].update(digest="md5:1"), ["scenario.digest", "sha256"]),
    (lambda m: m["devices"].update(network={}), ["devices"]),
    (lambda m: m.update(kind="diff"), ["diff"]),
    (lambda m: m["memory"].update(encoding="u64be"), ["u32le"]),
])
def test_bad_manifest_fields(tmp_path, change, words):
    path = saved(tmp_path)
    edit(path, change)
    refused(path, "g.vmsnap.json", *words)


def test_a_huge_manifest_is_not_read(tmp_path):
    path = tmp_path / "big.vmsnap.json"
    with open(path, "wb") as out:
        out.truncate(sf.MAX_MANIFEST_BYTES + 10)
    refused(path, "larger than")


def test_diff_whose_base_changed_or_loops(tmp_path):
    sf.save(snapshot(), tmp_path / "a.vmsnap.json")
    sf.save(snapshot(), tmp_path / "b.vmsnap.json", base=tmp_path / "a.vmsnap.json",
            written_blocks=[1])
    edit(tmp_path / "a.vmsnap.json", lambda m: m.update(host_cycle=1))
    refused(tmp_path / "b.vmsnap.json", "b.vmsnap.json", "has changed")
    # A diff that names itself as its base (its digest made to match) loops: refused.
    path = tmp_path / "b.vmsnap.json"
    edit(path, lambda m: m["diff"].update(base="b.vmsnap.json"))
    manifest = json.loads(path.read_text())
    for _ in range(3):                        # a fixed point is not reachable; the digest fails
        manifest["diff"]["base_digest"] = sf.digest(path.read_bytes())
        path.write_text(json.dumps(manifest))
    refused(path, "b.vmsnap.json")


def test_diff_blocks_must_match_the_memory_file(tmp_path):
    sf.save(snapshot(), tmp_path / "a.vmsnap.json")
    sf.save(snapshot(), tmp_path / "b.vmsnap.json", base=tmp_path / "a.vmsnap.json",
            written_blocks=[1, 2])
    edit(tmp_path / "b.vmsnap.json", lambda m: m["diff"].update(blocks=[2, 1]))
    refused(tmp_path / "b.vmsnap.json", "diff.blocks")
    edit(tmp_path / "b.vmsnap.json", lambda m: m["diff"].update(blocks=[1]))
    refused(tmp_path / "b.vmsnap.json", "memory.words")


def test_a_failed_save_leaves_the_old_snapshot_whole(tmp_path, monkeypatch):
    path = saved(tmp_path)
    before = path.read_bytes(), (tmp_path / "g.mem").read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(SnapshotError, match="cannot be written .disk full."):
        sf.save(snapshot(memory=[5] * 512), path)
    monkeypatch.undo()
    assert (path.read_bytes(), (tmp_path / "g.mem").read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.mem", "g.vmsnap.json"]
    assert sf.load(path).memory == list(range(1000, 1512))


def test_messages_have_catalan(tmp_path):
    path = saved(tmp_path)
    (tmp_path / "g.mem").write_bytes(b"\0" * 8)
    with pytest.raises(SnapshotError) as caught:
        sf.load(path)
    catalan = caught.value.render("ca")
    assert catalan != str(caught.value) and "g.mem" in catalan
    assert render(caught.value, "ca") == catalan
