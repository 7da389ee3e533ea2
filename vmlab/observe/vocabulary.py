"""The words the simulation uses for what it shows: guest states, the commands that change
them (pause, resume, power off, power on), VMM steps, exit actions, and the state of the
simulated machine as a whole (running, paused, halted…).

Each vocabulary is a StrEnum, so a member *is* its string: JSON, traces,
save areas and lesson answers keep the very same words.  Each word has a
label key, the English text of its label (translated by vmlab.gui.labels
in the context "Labels"; tools/update_translations.py reads the
QT_TRANSLATE_NOOP marks here).  A technique with steps or actions of its
own adds their labels with `add_step` / `add_action` (for example
paravirtualization's "hypercall"), so nothing else has to list them.

One word per concept, in every panel and both languages: "running" is the
simulation advancing (RunState); the guest the CPU executes is "on the
CPU" (GuestState.RUNNING), so a paused machine never shows a guest
"running" beside it.
"""

from __future__ import annotations

from enum import StrEnum


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate reads
    """Mark text as a translatable label key; the core imports no Qt, so it is the identity."""
    return text


# ---------------------------------------------------------------------- guest states
class GuestState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    WAITING = "waiting"
    HALTED = "halted"
    STALLED = "stalled"
    CRASHED = "crashed"
    PAUSED = "paused"              # the user paused it (GuestCommand.PAUSE): no CPU, its
                                   # virtual clock stands still until it is resumed
    POWERED_OFF = "powered-off"    # the user powered it off: its memory cleared; powering
                                   # it on boots it again from its image


GUEST_STATE_LABELS = {
    GuestState.READY: QT_TRANSLATE_NOOP("Labels", "ready"),
    # A guest's RUNNING is where it is, not that time passes: the simulation may be paused.
    GuestState.RUNNING: QT_TRANSLATE_NOOP("Labels", "on the CPU"),
    GuestState.WAITING: QT_TRANSLATE_NOOP("Labels", "waiting"),
    GuestState.HALTED: QT_TRANSLATE_NOOP("Labels", "halted"),
    GuestState.STALLED: QT_TRANSLATE_NOOP("Labels", "stalled"),
    GuestState.CRASHED: QT_TRANSLATE_NOOP("Labels", "crashed"),
    GuestState.PAUSED: QT_TRANSLATE_NOOP("Labels", "paused"),
    GuestState.POWERED_OFF: QT_TRANSLATE_NOOP("Labels", "powered off"),
}
STOPPED_STATES = frozenset({GuestState.HALTED, GuestState.STALLED, GuestState.CRASHED,
                            GuestState.POWERED_OFF})


# ---------------------------------------------------------------------- guest lifecycle
class GuestCommand(StrEnum):
    """What the user (the window, a lesson, the session's API) can do to one guest under a
    VMM: Session.command_guest; the same words are lesson actions."""
    PAUSE = "pause"
    RESUME = "resume"
    POWER_OFF = "power-off"
    POWER_ON = "power-on"


GUEST_COMMAND_LABELS = {
    GuestCommand.PAUSE: QT_TRANSLATE_NOOP("Labels", "Pause"),
    GuestCommand.RESUME: QT_TRANSLATE_NOOP("Labels", "Resume"),
    GuestCommand.POWER_OFF: QT_TRANSLATE_NOOP("Labels", "Power off"),
    GuestCommand.POWER_ON: QT_TRANSLATE_NOOP("Labels", "Power on"),
}


def guest_state(value: str | None) -> GuestState:
    """A guest's state from what a machine says: the one place "halt" becomes "halted".

    The bare machine stops with the reason "halt" (HALT executed) or
    "stalled"; running (None) is "running".  Any GuestState passes as it is.
    """
    if not value:
        return GuestState.RUNNING
    if value == "halt":
        return GuestState.HALTED
    return GuestState(value)


# ---------------------------------------------------------------------- the machine
class RunState(StrEnum):
    """The simulated machine as a whole, as the window shows it."""
    RUNNING = "running"            # the simulation advances (Run, or run to the next trap)
    PAUSED = "paused"              # it can go on: paused, or stopped after a step, a trap,
                                   # a VM exit or a breakpoint
    HALTED = "halted"              # the bare machine executed HALT
    STALLED = "stalled"            # WFI with nothing left that could wake it
    POWERED_OFF = "powered-off"    # under a VMM: no guest left to run, the VMM switched off


RUN_STATE_LABELS = {
    RunState.RUNNING: QT_TRANSLATE_NOOP("Labels", "running"),
    RunState.PAUSED: QT_TRANSLATE_NOOP("Labels", "paused"),
    RunState.HALTED: QT_TRANSLATE_NOOP("Labels", "halted"),
    RunState.STALLED: QT_TRANSLATE_NOOP("Labels", "stalled"),
    RunState.POWERED_OFF: QT_TRANSLATE_NOOP("Labels", "powered off"),
}
FINISHED_RUN_STATES = frozenset({RunState.HALTED, RunState.STALLED, RunState.POWERED_OFF})


def run_state(halted: str | None, running: bool, under_vmm: bool) -> RunState:
    """The machine's state from the session's stop reason (Session.halted), whether the
    simulation is advancing now, and whether a VMM runs guests (whose HALT powers off)."""
    if halted == "stalled":
        return RunState.STALLED
    if halted:
        return RunState.POWERED_OFF if under_vmm else RunState.HALTED
    return RunState.RUNNING if running else RunState.PAUSED


# ---------------------------------------------------------------------- why a run stopped
class StopReason(StrEnum):
    """Why the last run or step ended (the machine's and the session's stop reasons)."""
    CYCLE_LIMIT = "cycle-limit"    # a step, a slice or a pause: nothing special
    BREAKPOINT = "breakpoint"
    TRAP = "trap"                  # "run to the next trap": a trap, or a VM exit under a VMM
    PREDICATE = "predicate"        # a lesson's condition became true
    HALT = "halt"
    STALLED = "stalled"


# ---------------------------------------------------------------------- VMM steps
class VmmStep(StrEnum):
    FAULT = "fault"                # the hardware: a faulting instruction's cycle
    TRAP_ENTRY = "trap-entry"      # the hardware: the trap entry
    EXIT = "exit"                  # the VMM saves the guest
    EMULATE = "emulate"            # trap-and-emulate: a privileged instruction on the VCPU
    REFLECT = "reflect"            # trap-and-emulate: a guest trap into the guest kernel
    ROUTE_INPUT = "route-input"    # console input handed to its guest
    INJECT = "inject"              # a virtual interrupt delivered
    SWITCH = "switch"              # the CPU goes to another guest
    ENTRY = "entry"                # the VMM returns to a guest
    IDLE = "idle"                  # every guest waits
    HOST_UP = "host-up"            # type 2: the host OS kernel passes an exit up to the VMM
    HOST_DOWN = "host-down"        # type 2: the VMM process goes down through the host kernel
    HOST_KERNEL = "host-kernel"    # kvm: the host kernel handles a host process's trap (its
                                   # system call, its timer, a fault)
    HOST_RETURN = "host-return"    # kvm: the host kernel returns to a host process


STEP_LABELS: dict[str, str] = {
    VmmStep.FAULT: QT_TRANSLATE_NOOP("Labels", "faulting instruction"),
    VmmStep.TRAP_ENTRY: QT_TRANSLATE_NOOP("Labels", "trap entry"),
    VmmStep.EXIT: QT_TRANSLATE_NOOP("Labels", "VM exit"),
    VmmStep.EMULATE: QT_TRANSLATE_NOOP("Labels", "emulate"),
    VmmStep.REFLECT: QT_TRANSLATE_NOOP("Labels", "reflect"),
    VmmStep.ROUTE_INPUT: QT_TRANSLATE_NOOP("Labels", "route input"),
    VmmStep.INJECT: QT_TRANSLATE_NOOP("Labels", "inject interrupt"),
    VmmStep.SWITCH: QT_TRANSLATE_NOOP("Labels", "world switch"),
    VmmStep.ENTRY: QT_TRANSLATE_NOOP("Labels", "VM entry"),
    VmmStep.IDLE: QT_TRANSLATE_NOOP("Labels", "idle"),
    VmmStep.HOST_UP: QT_TRANSLATE_NOOP("Labels", "host OS: up to the VMM"),
    VmmStep.HOST_DOWN: QT_TRANSLATE_NOOP("Labels", "host OS: down to the guest"),
    VmmStep.HOST_KERNEL: QT_TRANSLATE_NOOP("Labels", "host OS: a process's trap"),
    VmmStep.HOST_RETURN: QT_TRANSLATE_NOOP("Labels", "host OS: back to the process"),
}
HOST_STEPS = frozenset({VmmStep.HOST_UP, VmmStep.HOST_DOWN, VmmStep.HOST_KERNEL,
                        VmmStep.HOST_RETURN})


# ---------------------------------------------------------------------- hosting
class Hosting(StrEnum):
    """Where the VMM runs (docs/hypervisor-types.md): on the bare machine (type 1), inside
    the kernel of a general-purpose OS that runs ordinary processes beside the virtual
    machines (kvm, also called type 1), or as an application on a host operating system
    (type 2), whose kernel every exit passes through."""
    TYPE_1 = "type-1"
    TYPE_2 = "type-2"
    KVM = "kvm"


HOSTING_LABELS = {
    Hosting.TYPE_1: QT_TRANSLATE_NOOP("Labels", "type 1 (on the bare machine)"),
    Hosting.TYPE_2: QT_TRANSLATE_NOOP("Labels", "type 2 (hosted by an OS)"),
    Hosting.KVM: QT_TRANSLATE_NOOP("Labels", "type 1 inside an OS (kvm)"),
}


# ---------------------------------------------------------------------- exit actions
class ExitAction(StrEnum):
    EMULATE = "emulate"
    REFLECT = "reflect"
    RESUME = "resume"              # the VMM's own timer: nothing to handle
    ROUTE_INPUT = "route-input"
    CRASH = "crash"                # a reflection that would loop forever stops the guest
    TRAP_TO_KERNEL = "trap-to-kernel"   # the bare machine: the kernel handles its own trap


ACTION_LABELS: dict[str, str] = {
    ExitAction.EMULATE: QT_TRANSLATE_NOOP("Labels", "emulate"),
    ExitAction.REFLECT: QT_TRANSLATE_NOOP("Labels", "reflect"),
    ExitAction.RESUME: QT_TRANSLATE_NOOP("Labels", "resume"),
    ExitAction.ROUTE_INPUT: QT_TRANSLATE_NOOP("Labels", "route input"),
    ExitAction.CRASH: QT_TRANSLATE_NOOP("Labels", "crash"),
    ExitAction.TRAP_TO_KERNEL: QT_TRANSLATE_NOOP("Labels", "trap to kernel"),
}


def add_step(kind: str, label: str) -> None:
    """A technique's own VMM step and its label key."""
    STEP_LABELS.setdefault(kind, label)


def add_action(action: str, label: str) -> None:
    """A technique's own exit action and its label key."""
    ACTION_LABELS.setdefault(action, label)
