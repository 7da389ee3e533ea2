"""Names shown for things several panels display, translated in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..observe.vocabulary import ACTION_LABELS, GUEST_STATE_LABELS, STEP_LABELS, guest_state
from ..vmm import techniques

CONTEXT = "Labels"          # the translation context of every label key in the core


def bucket_label(bucket: str) -> str:
    """The name of a cycle-attribution bucket: "alpha kernel", "VMM", "idle"…"""
    if bucket == "vmm":
        return QCoreApplication.translate("Labels", "VMM")
    if bucket == "idle":
        return QCoreApplication.translate("Labels", "idle")
    name, _, mode = bucket.partition(".")
    if mode == "kernel":
        return QCoreApplication.translate("Labels", "%1 kernel").replace("%1", name)
    return QCoreApplication.translate("Labels", "%1 user").replace("%1", name)


def technique_label(name: str) -> str:
    """A technique's name for people ("trap and emulate"), from its registry label key."""
    try:
        key = techniques.get(name).label
    except KeyError:
        return name
    return QCoreApplication.translate(CONTEXT, key)


def guest_state_label(state: str) -> str:
    """A guest's state ("halted", "waiting"…); the bare machine's "halt" is "halted" too."""
    try:
        key = GUEST_STATE_LABELS[guest_state(state)]
    except ValueError:
        return state
    return QCoreApplication.translate(CONTEXT, key)


def step_label(kind: str | None) -> str:
    """A step of the VMM's (or the hardware's) work on a trap: "VM exit", "emulate"…"""
    key = STEP_LABELS.get(kind or "")
    return QCoreApplication.translate(CONTEXT, key) if key else (kind or "")


def action_label(action: str) -> str:
    """What was done about a trap or VM exit: "emulate", "reflect", "trap to kernel"…"""
    key = ACTION_LABELS.get(action)
    return QCoreApplication.translate(CONTEXT, key) if key else action
