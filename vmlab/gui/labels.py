"""Names shown for things several panels display, translated in one place.

One function per vocabulary of the core (vmlab.observe.vocabulary), so every
panel says the same word in both languages:

    guest_state_label   GuestState   ready, on the CPU, waiting, halted, stalled, crashed,
                                     paused, powered off
    guest_command_label GuestCommand Pause, Resume, Power off, Power on (menu items)
    run_state_label     RunState     running, paused, halted, stalled, powered off
    step_label          VmmStep      VM exit, emulate, reflect, world switch, VM entry…
    action_label        ExitAction   emulate, reflect, resume, route input, crash…
    stop_label          StopReason   why the last run or step ended, as a short phrase
    technique_label     techniques   trap and emulate, binary translation…
    bucket_label        buckets      alpha kernel, VMM, host OS (type 2), idle
    hosting_label       Hosting      type 1 (on the bare machine), type 2 (hosted by an OS)
    scenario_label      scenarios    a shipped scenario's title ("Dos guests amb trap and emulate")

"running" is the simulation advancing; a guest the CPU executes is "on the
CPU" (on_cpu_label says what is on the CPU now).  Numbers are written with
the interface language's separators by theme.fmt_int and theme.fmt_float
(QLocale: 100,000 and 78.9 in English, 100.000 and 78,9 in Catalan).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..observe.vocabulary import (ACTION_LABELS, GUEST_COMMAND_LABELS, GUEST_STATE_LABELS,
                                  HOST_STEPS, HOSTING_LABELS, RUN_STATE_LABELS, STEP_LABELS,
                                  GuestCommand,
                                  GuestState, RunState, StopReason, guest_state, run_state)
from ..scenario import scenario_title
from ..vmm import techniques
from .i18n import current_language

CONTEXT = "Labels"          # the translation context of every label key in the core


def bucket_label(bucket: str) -> str:
    """The name of a cycle-attribution bucket: "alpha kernel", "VMM", "idle"…"""
    if bucket == "vmm":
        return QCoreApplication.translate("Labels", "VMM")
    if bucket == "idle":
        return QCoreApplication.translate("Labels", "idle")
    if bucket == "host":            # type 2: the host OS kernel
        return QCoreApplication.translate("Labels", "host OS")
    name, _, mode = bucket.partition(".")
    if mode == "kernel":
        return QCoreApplication.translate("Labels", "%1 kernel").replace("%1", name)
    return QCoreApplication.translate("Labels", "%1 user").replace("%1", name)


def scenario_label(name: str) -> str:
    """A shipped scenario as people read it: its title in the interface language (the
    file's name when it has none), for the scenario picker and the Scenarios menu."""
    return scenario_title(name, current_language())


def technique_label(name: str) -> str:
    """A technique's name for people ("trap and emulate"), from its registry label key."""
    try:
        key = techniques.get(name).label
    except KeyError:
        return name
    return QCoreApplication.translate(CONTEXT, key)


def technique_compact_label(name: str) -> str:
    """A technique's shorter name for tight places, or its name when it has none."""
    try:
        key = techniques.get(name).compact
    except KeyError:
        return name
    return QCoreApplication.translate(CONTEXT, key) if key else technique_label(name)


def _tr(key: str) -> str:
    return QCoreApplication.translate(CONTEXT, key)


def guest_state_label(state: str) -> str:
    """A guest's state ("on the CPU", "halted", "waiting"…); the bare machine's "halt" is
    "halted" too."""
    try:
        key = GUEST_STATE_LABELS[guest_state(state)]
    except ValueError:
        return state
    return QCoreApplication.translate(CONTEXT, key)


def guest_command_label(command: str) -> str:
    """A lifecycle command as a menu item: "Pause", "Resume", "Power off", "Power on"."""
    try:
        return _tr(GUEST_COMMAND_LABELS[GuestCommand(command)])
    except ValueError:
        return command


def step_label(kind: str | None) -> str:
    """A step of the VMM's (or the hardware's) work on a trap: "VM exit", "emulate"…"""
    key = STEP_LABELS.get(kind or "")
    return QCoreApplication.translate(CONTEXT, key) if key else (kind or "")


def hosting_label(hosting: str) -> str:
    """Where the VMM runs: "type 1 (on the bare machine)", "type 2 (hosted by an OS)"."""
    key = HOSTING_LABELS.get(hosting)
    return QCoreApplication.translate(CONTEXT, key) if key else hosting


def action_label(action: str) -> str:
    """What was done about a trap or VM exit: "emulate", "reflect", "trap to kernel"…"""
    key = ACTION_LABELS.get(action)
    return QCoreApplication.translate(CONTEXT, key) if key else action


def machine_state(session, running: bool) -> RunState:
    """The state of the whole simulated machine: running, paused, halted, stalled, powered
    off (session: a Session; running: whether the controller is advancing it now)."""
    return run_state(session.halted, running, session.under_vmm)


def run_state_label(state: str) -> str:
    """The machine's state as a word: "running", "paused", "halted", "powered off"…"""
    try:
        return _tr(RUN_STATE_LABELS[RunState(state)])
    except ValueError:
        return state


def stop_label(reason: str | None, under_vmm: bool) -> str:
    """Why the last run or step ended, beginning with the machine's state: "paused at a
    VM exit", "paused at a breakpoint", "paused", "halted", "powered off"…"""
    try:
        reason = StopReason(reason) if reason else StopReason.CYCLE_LIMIT
    except ValueError:
        return reason or ""
    if reason == StopReason.TRAP:
        if under_vmm:
            return QCoreApplication.translate("Labels", "paused at a VM exit")
        return QCoreApplication.translate("Labels", "paused at a trap")
    if reason == StopReason.BREAKPOINT:
        return QCoreApplication.translate("Labels", "paused at a breakpoint")
    if reason in (StopReason.HALT, StopReason.STALLED):
        return run_state_label(run_state(reason, False, under_vmm))
    return run_state_label(RunState.PAUSED)


def on_cpu_label(activity, under_vmm: bool = True) -> str:
    """What the physical CPU executes now (Session.activity()): "on the CPU: alpha", "on
    the CPU: the VMM, for beta", "idle: every guest waits"; once the machine has stopped,
    its state ("halted", "powered off")."""
    if activity.layer == "guest":
        text = QCoreApplication.translate("Labels", "on the CPU: %1")
        return text.replace("%1", activity.guest or "")
    if activity.layer == "vmm":
        if activity.step in HOST_STEPS and activity.guest:      # type 2, kvm
            text = QCoreApplication.translate("Labels", "on the CPU: the host OS kernel, for %1")
            return text.replace("%1", activity.guest)
        if activity.guest:
            text = QCoreApplication.translate("Labels", "on the CPU: the VMM, for %1")
            return text.replace("%1", activity.guest)
        return QCoreApplication.translate("Labels", "on the CPU: the VMM")
    if activity.layer == "idle":
        return QCoreApplication.translate("Labels", "idle: every guest waits")
    return run_state_label(RunState.POWERED_OFF if under_vmm else RunState.HALTED)


__all__ = ["CONTEXT", "GuestCommand", "GuestState", "RunState", "StopReason", "action_label",
           "bucket_label", "guest_command_label", "guest_state_label", "machine_state",
           "on_cpu_label", "run_state_label", "step_label", "stop_label", "technique_label"]
