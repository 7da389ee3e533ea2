"""Names shown for things several panels display, translated in one place."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


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
