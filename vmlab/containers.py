"""Containers against virtual machines on the same work: memory, start-up, isolation.

    report = measure("containers")          # or "two-vms", "containers-crash", "two-vms-crash"
    report.memory_total, report.startup["c1"].total, report.outcome["c2"]

The scenarios run the kernel ``contained`` (assets/programs/contained.vl32):
natively one kernel with two containers (c1, c2), or under a VMM one guest
per container, each booting its own copy of the kernel with one container.
Every figure is read from the session: its guest views, counters, memory
map and the kernel's own tables in guest memory (docs/containers.md).

- **memory used**: words set aside for the work.  Containers: the one
  kernel (the words below its first region, ``FIRST_REGION``) plus each
  container's region (``REGION_WORDS``); natively that is all the machine's
  memory.  Virtual machines: every span of host memory the memory map gives
  an owner, each guest's whole partition and the VMM's region.
- **start-up cycles** of a container: from the moment it is asked for until
  its processes can run, that is until its kernel passes ``group_ready``
  for it.  For a container, the kernel is up already: the span starts when
  the kernel calls ``create_group`` for it (creating a group).  For a
  virtual machine, the span starts at power-on: the guest boots its whole
  kernel first, then creates its one container (booting a kernel).  Guest
  cycles are that span on the kernel's own clock (what it costs on a bare
  machine); VMM cycles are those the VMM spent on that guest until then;
  the total is their sum.  Natively the VMM cycles are 0.
- **isolation outcome** of each container: ``finished`` (all its processes
  have ended), ``dead`` (its kernel is dead: the kernel's trap entry at
  address 0 was overwritten, or the VMM stopped the guest as crashed, with
  processes left) or ``running``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .observe.vocabulary import GuestState
from .scenario import Scenario, load_scenario
from .session import Session

PROGRAM = "contained"
FINISHED, DEAD, RUNNING = "finished", "dead", "running"


@dataclass(frozen=True)
class StartUp:
    """What it took one container to be ready to run its processes."""

    container: str
    guest: str               # the guest (kernel) it runs on
    boots_kernel: bool       # True: its span includes booting a kernel (a VM)
    guest_cycles: int        # the span on its kernel's clock
    vmm_cycles: int          # VMM cycles spent on that guest until it was ready
    ready_at: int            # the host cycle at which it was ready

    @property
    def total(self) -> int:
        return self.guest_cycles + self.vmm_cycles


@dataclass
class Report:
    scenario: str
    memory: dict[str, int]                       # owner (kernel, c1, c2, vmm, vm1…) -> words
    startup: dict[str, StartUp]                  # container -> its start-up
    outcome: dict[str, str] = field(default_factory=dict)   # container -> finished/dead/running
    consoles: dict[str, list[str]] = field(default_factory=dict)   # container -> its lines
    guest_states: dict[str, str] = field(default_factory=dict)
    halted: str | None = None                    # why the run stopped

    @property
    def memory_total(self) -> int:
        return sum(self.memory.values())


def _symbols(session: Session, guest: str) -> dict[str, int]:
    return session.guest(guest).program.symbols


def containers_of(session: Session, guest: str) -> list[dict]:
    """The containers a guest's kernel has created: name, live processes, CPU used."""
    sym = _symbols(session, guest)
    word = lambda address: session.guest_word(guest, address)   # noqa: E731
    found = []
    gcb, end = sym["gtab"], word(sym["gtab_used"])
    while gcb < end:
        found.append({"name": "c" + chr(word(gcb + sym["G_NAME"])),
                      "live": word(gcb + sym["G_LIVE"]),
                      "cpu": word(gcb + sym["G_CPU"]),
                      "share": word(gcb + sym["G_SHARE"]),
                      "region": word(gcb + sym["G_REGION"])})
        gcb += sym["GCB_SIZE"]
    return found


def kernel_dead(session: Session, guest: str) -> bool:
    """The kernel's trap entry (address 0) is overwritten, or the VMM says crashed."""
    return (session.guest_word(guest, 0) == 0
            or session.guest(guest).state == GuestState.CRASHED)


def memory_used(session: Session) -> dict[str, int]:
    if session.native:
        (guest,) = session.guest_names
        sym = _symbols(session, guest)
        parts = {"kernel": sym["FIRST_REGION"]}
        for c in containers_of(session, guest):
            parts[c["name"]] = sym["REGION_WORDS"]
        return parts
    parts: dict[str, int] = {}
    for start, end, owner in session.memory_map().spans:
        if owner != "free":
            parts[owner] = parts.get(owner, 0) + end - start
    return parts


def _startups(session: Session, max_cycles: int) -> dict[str, StartUp]:
    """Run to each group_ready, noting what each container's start cost."""
    for g in session.guest_names:
        session.set_breakpoint(g, "create_group")
        session.set_breakpoint(g, "group_ready")
    asked: dict[str, int] = {}
    readied = {g: 0 for g in session.guest_names}   # containers each kernel has made ready
    startups: dict[str, StartUp] = {}
    ready_needed = 2 if session.native else len(session.guest_names)
    while len(startups) < ready_needed and session.run(max_cycles) == "breakpoint":
        guest = session.running_guest or session.guest_names[0]
        view = session.guest(guest)
        labels = view.program.labels
        if view.pc == labels["create_group"]:
            asked[guest] = view.vclock
            continue
        name = containers_of(session, guest)[readied[guest]]["name"]   # in creation order
        readied[guest] += 1
        start = asked[guest] if session.native else 0
        vmm = 0 if session.native else session.counters().guests[guest].vmm_cycles
        startups[name] = StartUp(name, guest, not session.native, view.vclock - start, vmm,
                                 session.cycle)
    for g in session.guest_names:
        session.set_breakpoint(g, "create_group", on=False)
        session.set_breakpoint(g, "group_ready", on=False)
    return startups


def measure(scenario: str | Scenario, lang: str = "en") -> Report:
    """Run a containers scenario to its end (or its cycle limit) and read its figures."""
    if isinstance(scenario, str):
        scenario = load_scenario(scenario, lang=lang)
    session = Session(scenario)
    startup = _startups(session, scenario.max_cycles)
    session.run(until_cycle=scenario.max_cycles)
    report = Report(scenario.name, memory_used(session), startup,
                    halted=session.halted)
    for guest in session.guest_names:
        view = session.guest(guest)
        report.guest_states[guest] = str(view.state)
        dead = kernel_dead(session, guest)
        for c in containers_of(session, guest):
            report.outcome[c["name"]] = (FINISHED if c["live"] == 0
                                         else DEAD if dead else RUNNING)
            tag = f"[{c['name']}] "
            report.consoles[c["name"]] = [line[len(tag):] for line in view.console.splitlines()
                                          if line.startswith(tag)]
    return report


__all__ = ["DEAD", "FINISHED", "PROGRAM", "RUNNING", "Report", "StartUp", "containers_of",
           "kernel_dead", "measure", "memory_used"]
