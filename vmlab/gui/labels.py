"""Names shown for things several panels display, translated in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

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
