"""Snapshot and restore: one guest taken from its VMM as data, and put back.

A snapshot is taken **paused** (vmm/lifecycle.py): the guest is off the CPU,
no exit of its is being handled, its virtual clock stands still and its disk
has nothing in flight that the VMM still owes it, so its VCPU, its memory
partition and its virtual disk are consistent with one another.  What it was
doing when paused (ready, or waiting in WFI and since how long) is kept
*relative to the pause*, so the guest can be restored at any physical cycle,
in this run of vmlab or a later one, and go on exactly as if it had never been
interrupted: the same instructions at the same virtual cycles, the same
console output (its behaviour depends only on its virtual time).

Restoring puts a guest back **paused**: the caller (Session.restore_guest)
resumes it.  A guest can be restored over itself (its own earlier moment) or
into another run of the same scenario; the scenario and the program must be
the ones it was taken from (their digests say so), but not the technique:
the state is architectural, and what a technique keeps for a guest (a
translation cache, a control block) is made anew, as at power on.

A snapshot can also become **another guest**: `clone_into` puts a snapshot of
guest A into a powered-off slot B (a clone, vmm/clone.py).  Its checks are
those of a restore with the guest's name left out: the program (its digest),
the memory size and the disk must be the slot's, so a clone can come from this
run or from a snapshot file taken in another scenario with the same program.
The clone's identity device gets the slot's machine id and a new generation,
unless the caller asks for an exact copy (new_identity=False: the pitfall a
lesson shows).

The files themselves are vmm/snapshot_file.py's business.
"""

from __future__ import annotations

import json

from ..messages import M
from .guest import PAUSED, POWERED_OFF, RUNNING, WAITING, Guest, LifecycleError
from .snapshot_file import RUN_STATES, Snapshot, SnapshotError, digest

# The states a guest can be saved in: paused, or stopped for good (nothing in flight).
SAVABLE = frozenset(RUN_STATES) - {"ready", "waiting"}


def program_digest(guest: Guest) -> str:
    """What identifies a guest's program: its image (address, word) and its entry point."""
    spec = guest.spec
    image = sorted((int(a), int(w)) for a, w in spec.image.items())
    return digest(json.dumps({"entry": spec.entry, "image": image}).encode())


def scenario_digest(vmm) -> str:
    """What identifies a scenario for its snapshots: its guests, their programs and memory
    sizes, in order (not the technique, the costs or the quantum: a guest restores under
    any of them)."""
    return digest(json.dumps([[g.name, g.size, program_digest(g)] for g in vmm.guests]).encode())


def capture_problem(vmm, name: str):
    """Why the guest cannot be saved now (a message; None: it can)."""
    g = vmm.by_name.get(name)
    if g is None:
        return M("there is no guest {name} in this scenario; the guests are {names}",
                 name=repr(name), names=", ".join(x.name for x in vmm.guests))
    if g.process:
        return M("{name} is a host process, not a virtual machine: only a virtual machine's "
                 "state can be saved", name=name)
    if g.state not in SAVABLE or g.request is not None or g.index in (vmm.running,
                                                                        vmm.handling):
        return M("{name} is {state}: pause it first (a snapshot is taken paused, with its "
                 "memory and disk consistent)", name=name, state=g.state)
    return None


def capture(vmm, name: str, scenario: str) -> Snapshot:
    """The guest `name` as a Snapshot (not written anywhere).  LifecycleError if it is not
    paused (or stopped): snapshots are taken paused."""
    problem = capture_problem(vmm, name)
    if problem is not None:
        raise LifecycleError(str(problem))
    g = vmm.by_name[name]
    vcpu = g.vcpu.get_cpu_state()
    disk_state = vcpu.pop("disk", None)
    run = {"state": g.state, "resumes_as": g.paused_from if g.state == PAUSED else None,
           "fresh_handler": bool(g.fresh_handler), "wfi": None}
    if run["resumes_as"] == WAITING:
        run["wfi"] = {"vclock": g.wfi_vclock, "waited": g.paused_at - g.wfi_start,
                      "wake_in": None if g.wake_at is None else g.wake_at - g.paused_at}
    disk = None
    if disk_state is not None:
        disk = {"words": list(disk_state["words"]),
                "controller": {k: v for k, v in disk_state.items() if k != "words"}}
    return Snapshot(scenario=scenario, scenario_digest=scenario_digest(vmm), guest=name,
                    program_digest=program_digest(g), technique=vmm.technique.name,
                    host_cycle=vmm.machine.cycles, vcpu=vcpu, run=run,
                    memory=vmm.machine.mem[g.base:g.base + g.size], disk=disk)


def restore_problem(vmm, name: str, snap: Snapshot, scenario: str):
    """Why this snapshot cannot be restored as guest `name` now (a message; None: it can)."""
    g = vmm.by_name.get(name)
    if g is None:
        return M("there is no guest {name} in this scenario; the guests are {names}",
                 name=repr(name), names=", ".join(x.name for x in vmm.guests))
    if g.process:
        return M("{name} is a host process, not a virtual machine: a snapshot restores a "
                 "virtual machine", name=name)
    if snap.scenario != scenario:
        return M("it was taken in scenario {taken}, not in this {here}: its guests or their "
                 "programs differ", taken=repr(snap.scenario), here=repr(scenario))
    if snap.scenario_digest != scenario_digest(vmm):
        return M("it was taken in another version of scenario {name}: its guests' programs "
                 "or memory sizes differ (the kernels built in another language, or the "
                 "scenario edited since)", name=repr(scenario))
    if snap.guest != name:
        return M("it is a snapshot of guest {taken}, not of {name}", taken=repr(snap.guest),
                 name=repr(name))
    if snap.program_digest != program_digest(g) or snap.memory_words != g.size:
        return M("it was taken with another program or memory size for {name}",
                 name=repr(name))
    if (snap.disk is None) != (g.vcpu.disk is None):
        return M("{name} has a disk in the snapshot or in this scenario, not in both",
                 name=repr(name))
    if snap.disk is not None and len(snap.disk["words"]) != len(g.vcpu.disk.words):
        return M("{name}'s disk has another size in this scenario", name=repr(name))
    if vmm.machine.halted:
        return M("the VMM has powered off (no guest was left to run): nothing can be "
                 "restored")
    if g.state == RUNNING or g.index in (vmm.running, vmm.handling) or g.request is not None:
        return M("{name} is on the CPU now: pause it first (a guest is restored paused, off "
                 "the CPU)", name=repr(name))
    return None


def restore(vmm, name: str, snap: Snapshot, scenario: str, shown: str) -> None:
    """Put the snapshot back as guest `name`, paused; the caller resumes it.  Checked
    first (restore_problem): on any problem nothing changes, and SnapshotError names the
    file (`shown`) and says why."""
    problem = restore_problem(vmm, name, snap, scenario)
    if problem is not None:
        raise SnapshotError(shown, problem)
    g = vmm.by_name[name]
    _put(vmm, g, snap, f"restored from a snapshot taken at host cycle {snap.host_cycle:,} "
                       f"({snap.technique})")


def clone_problem(vmm, target: str, snap: Snapshot):
    """Why this snapshot (of any guest) cannot become guest `target` now, as a clone (a
    message; None: it can).  The same checks as a restore's, but for the guest's name and
    the scenario: the program, the memory size and the disk must be the slot's."""
    g = vmm.by_name.get(target)
    if g is None:
        return M("there is no guest {name} in this scenario; the guests are {names}",
                 name=repr(target), names=", ".join(x.name for x in vmm.guests))
    if snap.program_digest != program_digest(g) or snap.memory_words != g.size:
        return M("a clone needs the same program and memory size as its slot: {taken} has "
                 "another program or memory size than {name}", taken=repr(snap.guest),
                 name=repr(target))
    if (snap.disk is None) != (g.vcpu.disk is None):
        return M("{name} has a disk in the snapshot or in this scenario, not in both",
                 name=repr(target))
    if snap.disk is not None and len(snap.disk["words"]) != len(g.vcpu.disk.words):
        return M("{name}'s disk has another size in this scenario", name=repr(target))
    if vmm.machine.halted:
        return M("the VMM has powered off (no guest was left to run): nothing can be "
                 "restored")
    if g.state != POWERED_OFF or g.request is not None:
        return M("{name} is {state}: a clone goes into a powered-off guest (power it off "
                 "first)", name=repr(target), state=g.state)
    return None


def clone_into(vmm, target: str, snap: Snapshot, shown: str, *,
               new_identity: bool = True) -> None:
    """Make the powered-off guest `target` a clone of the snapshot's guest: its VCPU, memory,
    disk and devices, in the state the snapshot was taken in (paused: the caller resumes
    it).  Its console keeps what it showed (a terminal of its own).  With new_identity its
    identity device reads its own machine id and a generation one higher than the
    original's; without, both read the original's.  Checked first (clone_problem): on any
    problem nothing changes and SnapshotError names `shown` and says why."""
    problem = clone_problem(vmm, target, snap)
    if problem is not None:
        raise SnapshotError(shown, problem)
    g = vmm.by_name[target]
    console = g.vcpu.console.get_state()["output"]
    vcpu = dict(snap.vcpu)
    vcpu["console"] = {"input": list(snap.vcpu["console"]["input"]), "output": console}
    _put(vmm, g, Snapshot(**{**snap.__dict__, "vcpu": vcpu}),
         f"cloned from {snap.guest} ({'a new identity' if new_identity else 'the same identity'})")
    identity = g.vcpu.identity
    if new_identity and identity is not None and g.spec.machine_id is not None:
        identity.renew(g.spec.machine_id)


def _put(vmm, g: Guest, snap: Snapshot, reason: str) -> None:
    """The snapshot's state into guest g, its run state (paused: relative to now) and what
    the technique keeps for it made anew.  Checked before."""
    m = vmm.machine
    now = m.cycles
    name = g.name
    vcpu = dict(snap.vcpu)
    vcpu["trap_counts"] = {str(k): n for k, n in vcpu["trap_counts"].items()}
    if snap.disk is not None:
        vcpu["disk"] = {**snap.disk["controller"], "words": list(snap.disk["words"])}
    elif "disk" in g.vcpu.get_cpu_state():
        vcpu["disk"] = g.vcpu.get_cpu_state()["disk"]
    g.vcpu.set_cpu_state(vcpu)
    m.write_words_in_range(g.base, list(snap.memory))
    run = snap.run
    g.fresh_handler = run["fresh_handler"]
    g.wake_at, g.wfi_start, g.wfi_vclock = None, 0, 0
    if run["state"] == PAUSED:
        g.paused_from, g.paused_at = run["resumes_as"], now
        wfi = run["wfi"]
        if wfi is not None:                   # its wait stands where it stood
            g.wfi_vclock = wfi["vclock"]
            g.wfi_start = now - wfi["waited"]
            g.wake_at = None if wfi["wake_in"] is None else now + wfi["wake_in"]
        new_state = PAUSED
    else:
        g.paused_from = None
        new_state = run["state"]
    vmm.technique.power_on(vmm, g)            # its cache or control block made anew
    vmm._set_state(g, new_state, reason)
    vmm._write_save_area(g)
    if (vmm.current_exit is None and vmm.handling is None and vmm.running is None
            and any(step[2] == g.index for step in vmm.work)):
        # The VMM was on its way into it (at boot, say), with a plan made for the guest
        # it was: it decides again, for the guest it is now (an interrupt to inject).
        vmm.work = []
        vmm.work_start = m.cycles
        vmm._decide_next()


__all__ = ["capture", "restore", "restore_problem", "clone_into", "clone_problem",
           "scenario_digest", "program_digest", "SAVABLE"]
