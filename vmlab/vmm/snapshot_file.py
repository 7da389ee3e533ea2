"""A guest saved to files: the snapshot format (docs/snapshots.md), read and written.

In the spirit of Firecracker's state file plus memory file, a snapshot is two
files side by side in one folder:

- a **manifest** (``NAME.vmsnap.json``, UTF-8 JSON): the format's name and
  version, the scenario and program the guest belongs to (names and SHA-256
  digests), when it was taken, the guest's architectural state (its VCPU:
  registers, system registers, virtual clock and timer, console) and its run
  state, its devices (the disk's image name and checksum, when it has one),
  and which file holds its memory and that file's SHA-256;
- a **memory file** (``NAME.mem``): the guest's memory partition as raw
  32-bit words, little-endian, from guest-physical address 0.  A *diff*
  snapshot's memory file holds only the blocks written since the snapshot it
  names as its base (its manifest lists them), so restoring it reads the base
  chain first.

This module knows the files only: what is in them, how they are checked and
written.  Taking a guest's state from a VMM and putting it back is
vmlab/vmm/snapshot.py's work.  Nothing here executes data: JSON and raw words,
never pickle.  Every problem is a SnapshotError naming the file and what is
wrong, found before anything is restored; saves write to a temporary file
and rename it, so a snapshot on disk is always whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from ..inputs import (MAX_MEMORY_WORDS, InputError, OutputProblem, ReadProblem,
                      read_bounded, write_atomic)
from ..isa.spec import CAUSE_NAMES, MASK, STATUS_BITS
from ..machine.state import HALT, NEVER, STALLED
from ..messages import M, render
from ..observe.vocabulary import GuestState

FORMAT = "vmlab-snapshot"
VERSION = 1
MANIFEST_SUFFIX = ".vmsnap.json"
MEMORY_SUFFIX = ".mem"
from ..machine.cpu import BLOCK_WORDS   # 64: the unit of a diff snapshot and of the dirty log

# Limits (docs/snapshots.md): a hostile file cannot make vmlab read or hold much.
MAX_MANIFEST_BYTES = 4 << 20         # console output included (hex: 2 bytes per byte)
MAX_CONSOLE_OUTPUT = 1 << 20         # bytes of console output kept in a snapshot
MAX_CONSOLE_INPUT = 1 << 16          # bytes of console input waiting
MAX_DIFF_CHAIN = 32                  # diff snapshots on top of one full snapshot
MAX_TEXT = 200                       # a name in the manifest

# What a saved guest was doing (the guest states, but "running": a guest is saved off the
# CPU), and what a paused one goes back to when resumed.
RUN_STATES = tuple(state.value for state in GuestState if state != GuestState.RUNNING)
RESUMES_AS = (GuestState.READY.value, GuestState.WAITING.value)
DISK_CONTROLLER_KEYS = ("block", "addr", "error", "done_at", "reads", "writes")
DISK_SUFFIX = ".disk"
_SRS = ("status", "epc", "cause", "tval", "tvec", "base", "bound", "scratch")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}\Z")


class SnapshotError(InputError):
    """A snapshot file that cannot be used: str() names the file and says what is wrong."""

    def __init__(self, path, problem) -> None:
        self.path, self.problem = str(path), problem
        super().__init__(f"{self.path}: {problem}")

    def render(self, lang: str = "en") -> str:
        return f"{self.path}: {render(self.problem, lang)}"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def words_digest(words) -> str:
    return digest(words_to_bytes(words))


def words_to_bytes(words) -> bytes:
    """32-bit words as the memory file stores them: little-endian, 4 bytes each."""
    packed = array("I", words)          # "I" is 4 bytes on every platform vmlab runs on
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tobytes()


def bytes_to_words(data: bytes) -> list[int]:
    packed = array("I")
    packed.frombytes(data)
    if sys.byteorder != "little":
        packed.byteswap()
    return packed.tolist()


@dataclass
class Snapshot:
    """One guest as saved: everything of the manifest, and its memory (all of it, the
    base chain applied, once read; for a diff being written, the whole partition too)."""

    scenario: str                     # the scenario's name
    scenario_digest: str              # sha256 of what identifies the scenario (snapshot.py)
    guest: str                        # the guest's name in that scenario
    program_digest: str               # sha256 of the guest's program image
    technique: str                    # the technique it ran under when taken
    host_cycle: int                   # the host's cycle count when taken
    vcpu: dict                        # architectural state (see check_vcpu)
    run: dict                         # {"state", "resumes_as", "fresh_handler", "wfi"}
    memory: list[int]                 # the partition, word by word
    disk: dict | None = None          # {"words": [...], "controller": {...}}: its virtual disk
    kind: str = "full"                # "full" or "diff" (as read or written)
    base: str | None = None           # a diff's base manifest (a file name beside it)
    blocks: list[int] = field(default_factory=list)   # a diff's blocks (as read or written)

    @property
    def memory_words(self) -> int:
        return len(self.memory)


# ---------------------------------------------------------------------- writing
def save(snapshot: Snapshot, path: str | os.PathLike, *, base: str | os.PathLike | None = None,
         written_blocks=None) -> dict:
    """Write the snapshot as path (a NAME.vmsnap.json) and NAME.mem beside it.

    With `base` (an existing snapshot's manifest in the same folder) and
    `written_blocks` (the blocks written since it was taken), a diff snapshot:
    only those blocks are stored.  Returns the sizes written, in bytes:
    {"manifest", "memory", "blocks"}.  Atomic: each file is written under a
    temporary name and renamed, the memory first, so a manifest always finds
    its memory whole.
    """
    path = Path(path)
    if not path.name.endswith(MANIFEST_SUFFIX):
        raise SnapshotError(path, M("a snapshot's manifest is named NAME{suffix}",
                                    suffix=MANIFEST_SUFFIX))
    stem = path.name[:-len(MANIFEST_SUFFIX)]
    memory_name = stem + MEMORY_SUFFIX
    words = snapshot.memory
    diff = None
    if base is not None:
        base = Path(base)
        if base.parent.resolve() != path.parent.resolve():
            raise SnapshotError(path, M("a diff snapshot and its base must be in the same folder"))
        base_bytes = read_bounded(base, MAX_MANIFEST_BYTES, "snapshot manifest")
        blocks = sorted(set(int(b) for b in (written_blocks or ())))
        total_blocks = -(-len(words) // BLOCK_WORDS)
        if any(not 0 <= b < total_blocks for b in blocks):
            raise ValueError("written block outside the guest's memory")
        stored = []
        for b in blocks:
            stored.extend(words[b * BLOCK_WORDS:(b + 1) * BLOCK_WORDS])
        diff = {"base": base.name, "base_digest": digest(base_bytes),
                "block_words": BLOCK_WORDS, "blocks": blocks}
    else:
        stored = list(words)
    memory_bytes = words_to_bytes(stored)
    # The guest's disk, consistent with its memory (taken paused): a disk-image file beside
    # the manifest, which names it and records its digest.
    devices, disk_bytes = {}, None
    if snapshot.disk is not None:
        from ..disk_image import format_disk_image
        disk_bytes = format_disk_image(snapshot.disk["words"]).encode("ascii")
        controller = dict(snapshot.disk["controller"])
        if controller["done_at"] >= NEVER:
            controller["done_at"] = None
        devices["disk"] = {"image": stem + DISK_SUFFIX, "digest": digest(disk_bytes),
                           "controller": controller}
    if "identity" in snapshot.vcpu:       # its identity device (docs/isa.md, section 16)
        devices["identity"] = dict(snapshot.vcpu["identity"])
    manifest = {
        "format": FORMAT, "version": VERSION, "kind": "diff" if diff else "full",
        "scenario": {"name": snapshot.scenario, "digest": snapshot.scenario_digest},
        "guest": {"name": snapshot.guest, "program_digest": snapshot.program_digest,
                  "memory_words": len(words)},
        "taken": {"host_cycle": snapshot.host_cycle, "technique": snapshot.technique},
        "run": snapshot.run,
        "vcpu": vcpu_to_json(snapshot.vcpu),
        "devices": devices,
        "memory": {"file": memory_name, "encoding": "u32le", "words": len(stored),
                   "digest": digest(memory_bytes), "full_digest": words_digest(words)},
        "diff": diff,
    }
    manifest_bytes = (json.dumps(manifest, indent=1, sort_keys=False) + "\n").encode()
    if disk_bytes is not None:
        _write_atomic(path.parent / devices["disk"]["image"], disk_bytes)
    _write_atomic(path.parent / memory_name, memory_bytes)
    _write_atomic(path, manifest_bytes)
    return {"manifest": len(manifest_bytes), "memory": len(memory_bytes),
            "blocks": len(diff["blocks"]) if diff else -(-len(words) // BLOCK_WORDS)}


def _write_atomic(target: Path, data: bytes) -> None:
    try:
        write_atomic(target, data, "snapshot")
    except OutputProblem as err:
        raise SnapshotError(err.path, err.reason) from None


def vcpu_to_json(vcpu: dict) -> dict:
    """The VCPU's state as the manifest writes it: the timer's deadline None when disarmed."""
    out = {key: vcpu[key] for key in ("pc", *_SRS, "cycles", "instret")}
    out["regs"] = list(vcpu["regs"])
    out["deadline"] = None if vcpu["deadline"] >= NEVER else vcpu["deadline"]
    out["halted"] = vcpu["halted"]
    out["trap_counts"] = {str(k): v for k, v in sorted(vcpu["trap_counts"].items(),
                                                         key=lambda kv: int(kv[0]))}
    out["console"] = {"input": list(vcpu["console"]["input"]),
                      "output": vcpu["console"]["output"]}
    return out


# ---------------------------------------------------------------------- reading
def load(path: str | os.PathLike) -> Snapshot:
    """Read and check a snapshot (a diff: with its base chain); SnapshotError if unusable."""
    return _load(Path(path), 0, set())


def _load(path: Path, depth: int, seen: set) -> Snapshot:
    shown = str(path)
    try:
        data = read_bounded(path, MAX_MANIFEST_BYTES, "snapshot manifest")
    except ReadProblem as err:
        raise SnapshotError(err.path, err.reason) from None
    key = path.resolve()
    if key in seen:
        raise SnapshotError(shown, M("its diff chain comes back to itself"))
    seen.add(key)
    try:
        manifest = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise SnapshotError(shown, M("is not UTF-8 text (byte {byte}); a snapshot manifest is "
                                     "JSON", byte=err.start)) from None
    except json.JSONDecodeError as err:
        raise SnapshotError(f"{shown}:{err.lineno}", M(
            "is not valid JSON ({reason}, column {column}); is it a vmlab snapshot?",
            reason=err.msg, column=err.colno)) from None
    except RecursionError:
        raise SnapshotError(shown, M("nests too deeply to be a snapshot manifest")) from None
    check = _Checker(shown)
    if not isinstance(manifest, dict):
        check.fail(M("must be a JSON object (a vmlab snapshot manifest)"))
    if manifest.get("format") != FORMAT:
        check.fail(M("is not a vmlab snapshot (its \"format\" is not \"{format}\")",
                     format=FORMAT))
    version = manifest.get("version")
    if version != VERSION:
        check.fail(M("is a snapshot of format version {version}; this vmlab reads version "
                     "{expected}", version=_short(version), expected=VERSION))
    kind = check.choice(manifest, "kind", ("full", "diff"))
    scenario = check.table(manifest, "scenario")
    guest = check.table(manifest, "guest")
    taken = check.table(manifest, "taken")
    memory = check.table(manifest, "memory")
    words = check.integer(guest, "guest.memory_words", 1, MAX_MEMORY_WORDS)
    snap = Snapshot(
        scenario=check.text(scenario, "scenario.name"),
        scenario_digest=check.digest(scenario, "scenario.digest"),
        guest=check.text(guest, "guest.name"),
        program_digest=check.digest(guest, "guest.program_digest"),
        technique=check.text(taken, "taken.technique"),
        host_cycle=check.integer(taken, "taken.host_cycle", 0, NEVER),
        vcpu=check_vcpu(check, manifest.get("vcpu")),
        run=check_run(check, manifest.get("run")),
        memory=[],
        disk=check_devices(check, manifest.get("devices"), path.parent),
        kind=kind)
    identity = check_identity(check, manifest.get("devices"))
    if identity is not None:
        snap.vcpu["identity"] = identity
    if check.text(memory, "memory.encoding") != "u32le":
        check.fail(M("memory.encoding must be \"u32le\" (32-bit little-endian words)"))
    stored = check.integer(memory, "memory.words", 0, MAX_MEMORY_WORDS)
    memory_name = check.file_name(memory, "memory.file")
    stored_digest = check.digest(memory, "memory.digest")
    full_digest = check.digest(memory, "memory.full_digest")
    diff = manifest.get("diff")
    if kind == "full":
        if diff is not None:
            check.fail(M("a full snapshot has \"diff\": null"))
        if stored != words:
            check.fail(M("memory.words is {stored:,} but the guest has {words:,} words",
                         stored=stored, words=words))
    else:
        if not isinstance(diff, dict):
            check.fail(M("a diff snapshot needs a \"diff\" object (base, blocks)"))
        if check.integer(diff, "diff.block_words", 1, MAX_MEMORY_WORDS) != BLOCK_WORDS:
            check.fail(M("diff.block_words must be {words}", words=BLOCK_WORDS))
        total_blocks = -(-words // BLOCK_WORDS)
        blocks = diff.get("blocks")
        if (not isinstance(blocks, list) or len(blocks) > total_blocks
                or not all(type(b) is int and 0 <= b < total_blocks for b in blocks)
                or blocks != sorted(set(blocks))):
            check.fail(M("diff.blocks must list distinct block numbers from 0 to {last}, in "
                         "order", last=total_blocks - 1))
        if stored != sum(min(BLOCK_WORDS, words - b * BLOCK_WORDS) for b in blocks):
            check.fail(M("memory.words ({stored:,}) does not match the {count} blocks listed",
                         stored=stored, count=len(blocks)))
        snap.blocks = list(blocks)
    # The memory file: beside the manifest, exactly the size announced, the digest right.
    memory_path = path.parent / memory_name
    try:
        raw = read_bounded(memory_path, MAX_MEMORY_WORDS * 4, "snapshot memory file")
    except ReadProblem as err:
        raise SnapshotError(err.path, err.reason) from None
    if len(raw) != stored * 4:
        raise SnapshotError(str(memory_path), M(
            "holds {size:,} bytes; the manifest {manifest} says {words:,} words ({expected:,} "
            "bytes): the file is truncated or belongs to another snapshot",
            size=len(raw), manifest=path.name, words=stored, expected=stored * 4))
    if digest(raw) != stored_digest:
        raise SnapshotError(str(memory_path), M(
            "its content does not match the digest in {manifest}: the file is corrupted or "
            "was changed", manifest=path.name))
    stored_words = bytes_to_words(raw)
    if kind == "full":
        snap.memory = stored_words
    else:
        if depth >= MAX_DIFF_CHAIN:
            check.fail(M("more than {most} diff snapshots on top of one another",
                         most=MAX_DIFF_CHAIN))
        base_name = check.file_name(diff, "diff.base")
        base_path = path.parent / base_name
        base_digest = check.digest(diff, "diff.base_digest")
        try:
            base_bytes = read_bounded(base_path, MAX_MANIFEST_BYTES, "snapshot manifest")
        except ReadProblem as err:
            raise SnapshotError(shown, M("its base snapshot {base} cannot be read: {reason}",
                                         base=base_name, reason=err.reason)) from None
        if digest(base_bytes) != base_digest:
            check.fail(M("its base snapshot {base} has changed since this diff was taken",
                         base=base_name))
        base = _load(base_path, depth + 1, seen)
        if (base.guest, base.scenario, base.memory_words) != (snap.guest, snap.scenario, words):
            check.fail(M("its base snapshot {base} is of another guest or scenario",
                         base=base_name))
        merged = list(base.memory)
        at = 0
        for b in snap.blocks:
            n = min(BLOCK_WORDS, words - b * BLOCK_WORDS)
            merged[b * BLOCK_WORDS:b * BLOCK_WORDS + n] = stored_words[at:at + n]
            at += n
        snap.memory = merged
        snap.base = base_name
    if words_digest(snap.memory) != full_digest:
        check.fail(M("the memory it restores does not match memory.full_digest"))
    return snap


def _short(value) -> str:
    text = json.dumps(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Checker:
    """Field checks of one manifest; each failure names the file and the key."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, problem):
        raise SnapshotError(self.shown, problem)

    def table(self, data: dict, key: str) -> dict:
        value = data.get(key.rsplit(".", 1)[-1])
        if not isinstance(value, dict):
            self.fail(M("{key} must be a JSON object", key=key))
        return value

    def _get(self, data, key: str):
        short = key.rsplit(".", 1)[-1]
        if not isinstance(data, dict) or short not in data:
            self.fail(M("{key} is missing", key=key))
        return data[short]

    def integer(self, data, key: str, low: int, high: int) -> int:
        value = self._get(data, key)
        if type(value) is not int or not low <= value <= high:
            self.fail(M("{key} must be a whole number from {low:,} to {high:,}, not {value}",
                        key=key, low=low, high=high, value=_short(value)))
        return value

    def text(self, data, key: str) -> str:
        value = self._get(data, key)
        if not isinstance(value, str) or not 0 < len(value) <= MAX_TEXT:
            self.fail(M("{key} must be a text of 1 to {most} characters", key=key,
                        most=MAX_TEXT))
        return value

    def choice(self, data, key: str, allowed) -> str:
        value = self._get(data, key)
        if value not in allowed:
            self.fail(M("{key} must be one of {allowed}, not {value}", key=key,
                        allowed=", ".join(allowed), value=_short(value)))
        return value

    def digest(self, data, key: str) -> str:
        value = self._get(data, key)
        if not isinstance(value, str) or not _DIGEST.match(value):
            self.fail(M("{key} must be \"sha256:\" and 64 hexadecimal digits", key=key))
        return value

    def file_name(self, data, key: str) -> str:
        """A file beside the manifest: a plain name, never a path (the data stays in its
        folder)."""
        value = self.text(data, key)
        if not _NAME.match(value) or value in (".", ".."):
            self.fail(M("{key} must name a file in the snapshot's own folder (letters, digits, "
                        ". - _), not {value}", key=key, value=_short(value)))
        return value


def check_vcpu(check: _Checker, vcpu) -> dict:
    """The VCPU section, checked and turned back into the VCPU's own state."""
    if not isinstance(vcpu, dict):
        check.fail(M("vcpu must be a JSON object"))
    state = {key: check.integer(vcpu, f"vcpu.{key}", 0, MASK) for key in ("pc", *_SRS)}
    if state["status"] & ~STATUS_BITS:
        check.fail(M("vcpu.status has reserved bits set ({value:#x})", value=state["status"]))
    regs = vcpu.get("regs")
    if (not isinstance(regs, list) or len(regs) != 16
            or not all(type(r) is int and 0 <= r <= MASK for r in regs) or regs[0] != 0):
        check.fail(M("vcpu.regs must be 16 words (r0 … r15, r0 = 0)"))
    state["regs"] = list(regs)
    state["cycles"] = check.integer(vcpu, "vcpu.cycles", 0, NEVER - 1)
    state["instret"] = check.integer(vcpu, "vcpu.instret", 0, state["cycles"])
    deadline = vcpu.get("deadline", "missing")
    if deadline is None:
        state["deadline"] = NEVER
    else:
        state["deadline"] = check.integer(vcpu, "vcpu.deadline", 0, NEVER - 1)
    halted = vcpu.get("halted", "missing")
    if halted not in (None, HALT, STALLED):
        check.fail(M("vcpu.halted must be null, \"{halt}\" or \"{stalled}\"", halt=HALT,
                     stalled=STALLED))
    state["halted"] = halted
    counts = vcpu.get("trap_counts")
    if (not isinstance(counts, dict) or len(counts) > len(CAUSE_NAMES)
            or not all(k.isdigit() and int(k) in CAUSE_NAMES and type(n) is int and n >= 0
                       for k, n in counts.items())):
        check.fail(M("vcpu.trap_counts must map cause numbers to counts"))
    state["trap_counts"] = {int(k): n for k, n in counts.items()}
    console = vcpu.get("console")
    if not isinstance(console, dict):
        check.fail(M("vcpu.console must be a JSON object (input, output)"))
    pending = console.get("input")
    if (not isinstance(pending, list) or len(pending) > MAX_CONSOLE_INPUT
            or not all(type(b) is int and 0 <= b <= 255 for b in pending)):
        check.fail(M("vcpu.console.input must be at most {most:,} bytes (0 … 255)",
                     most=MAX_CONSOLE_INPUT))
    output = console.get("output")
    if (not isinstance(output, str) or len(output) > 2 * MAX_CONSOLE_OUTPUT
            or len(output) % 2 or not re.fullmatch(r"[0-9a-f]*", output)):
        check.fail(M("vcpu.console.output must be hexadecimal bytes, at most {most:,}",
                     most=MAX_CONSOLE_OUTPUT))
    state["console"] = {"input": list(pending), "output": output}
    return state


def check_run(check: _Checker, run) -> dict:
    """What the guest was doing: a guest state (not running), what a paused guest resumes
    as, and for one waiting in WFI, where its wait stands (cycles relative to the pause)."""
    if not isinstance(run, dict):
        check.fail(M("run must be a JSON object (state, resumes_as, fresh_handler, wfi)"))
    state = check.choice(run, "run.state", RUN_STATES)
    resumes_as = run.get("resumes_as", "missing")
    if state == GuestState.PAUSED and resumes_as not in RESUMES_AS:
        check.fail(M("run.resumes_as must be one of {allowed} for a paused guest",
                     allowed=", ".join(RESUMES_AS)))
    if state != GuestState.PAUSED and resumes_as is not None:
        check.fail(M("run.resumes_as must be null unless the guest is paused"))
    fresh = run.get("fresh_handler")
    if not isinstance(fresh, bool):
        check.fail(M("run.fresh_handler must be true or false"))
    wfi = run.get("wfi", "missing")
    if resumes_as == GuestState.WAITING:
        if not isinstance(wfi, dict):
            check.fail(M("run.wfi must be a JSON object (vclock, waited, wake_in) for a guest "
                         "waiting in WFI"))
        wfi = {"vclock": check.integer(wfi, "run.wfi.vclock", 0, NEVER - 1),
               "waited": check.integer(wfi, "run.wfi.waited", 0, NEVER - 1),
               "wake_in": None if wfi.get("wake_in", 0) is None
               else check.integer(wfi, "run.wfi.wake_in", 0, NEVER - 1)}
    elif wfi is not None:
        check.fail(M("run.wfi must be null unless the guest waits in WFI"))
    return {"state": state, "resumes_as": resumes_as, "fresh_handler": fresh, "wfi": wfi}


def check_identity(check: _Checker, devices) -> dict | None:
    """The identity device's registers (machine id, generation), if the guest has one."""
    identity = devices.get("identity") if isinstance(devices, dict) else None
    if identity is None:
        return None
    if not isinstance(identity, dict) or set(identity) != {"machine_id", "generation"}:
        check.fail(M("devices.identity must be a JSON object (machine_id, generation)"))
    return {key: check.integer(identity, f"devices.identity.{key}", 0, MASK)
            for key in ("machine_id", "generation")}


def check_devices(check: _Checker, devices, folder: Path) -> dict | None:
    """The devices section; a disk's image file (beside the manifest) read and checked."""
    if not isinstance(devices, dict) or set(devices) - {"disk", "identity"}:
        check.fail(M("devices must be a JSON object with at most a \"disk\" and an "
                     "\"identity\""))
    disk = devices.get("disk")
    if disk is None:
        return None
    if not isinstance(disk, dict):
        check.fail(M("devices.disk must be a JSON object (image, digest, controller)"))
    image = check.file_name(disk, "devices.disk.image")
    expected = check.digest(disk, "devices.disk.digest")
    controller = check.table(disk, "devices.disk.controller")
    state = {}
    for key in DISK_CONTROLLER_KEYS:
        if key == "done_at" and controller.get(key, 0) is None:
            state[key] = NEVER
        else:
            state[key] = check.integer(controller, f"devices.disk.controller.{key}", 0,
                                       NEVER - 1)
    from ..disk_image import MAX_DISK_IMAGE_BYTES, DiskImageError, parse_disk_image
    path = folder / image
    try:
        raw = read_bounded(path, MAX_DISK_IMAGE_BYTES, "disk image")
    except ReadProblem as err:
        raise SnapshotError(err.path, err.reason) from None
    if digest(raw) != expected:
        raise SnapshotError(str(path), M(
            "its content does not match the digest in {manifest}: the file is corrupted or "
            "was changed", manifest=check.shown.rsplit("/", 1)[-1]))
    try:
        words = parse_disk_image(raw.decode("ascii", "replace"), str(path))
    except DiskImageError as err:
        raise SnapshotError(err.path, err.problem) from None
    return {"words": words, "controller": state}


__all__ = ["Snapshot", "SnapshotError", "save", "load", "digest", "words_digest", "FORMAT",
           "VERSION", "BLOCK_WORDS", "MANIFEST_SUFFIX", "MEMORY_SUFFIX", "DISK_SUFFIX",
           "RUN_STATES", "RESUMES_AS"]
