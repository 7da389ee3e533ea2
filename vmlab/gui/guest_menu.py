"""The guest lifecycle as menu items: Pause, Resume, Power off, Power on, and snapshots.

One place builds them for the layer diagram's context menu on a guest and for
the window's Guests menu: one item per GuestCommand (the core's vocabulary,
labelled by labels.guest_command_label), enabled when the session says the
guest can be given it now (GuestView.commands), triggering
controller.command_guest.  Natively every item is disabled: there is no VMM.

Then the snapshot items (docs/snapshots.md): Take snapshot…, Take diff
snapshot… (only the blocks changed since the last snapshot the window took of
the guest) and Restore snapshot….  A snapshot is taken paused: a guest that
runs is paused first, when the student agrees; one on the CPU pauses at the
VMM's next decision, which the controller runs to in slices (the window never
freezes, a progress dialog shows the wait).  What was written (full or diff,
blocks stored against blocks the guest has changed since it booted) goes to
the status bar and a small message; a refusal (a file that is not a snapshot
of this guest, a corrupted one) to the window's error dialog, and then nothing
has changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from ..inputs import InputError
from ..messages import render
from ..session import LifecycleError
from . import theme
from .controller import SNAPSHOT_SUFFIX
from .i18n import current_language
from .labels import GuestCommand, guest_command_label


STATUS_MS = 15_000        # how long the status bar keeps what a snapshot wrote
CONTEXT = "GuestMenu"
NOT_TAKEN = QT_TRANSLATE_NOOP("GuestMenu", "The snapshot was not taken")
NOT_RESTORED = QT_TRANSLATE_NOOP("GuestMenu", "The snapshot was not restored")
FILTER = QT_TRANSLATE_NOOP("GuestMenu", "vmlab snapshots (*.vmsnap.json)")
TAKE = QT_TRANSLATE_NOOP("GuestMenu", "Take snapshot…")
TAKE_DIFF = QT_TRANSLATE_NOOP("GuestMenu", "Take diff snapshot…")
RESTORE = QT_TRANSLATE_NOOP("GuestMenu", "Restore snapshot…")
TAKE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Save %1 to a file: its VCPU, its memory and its disk")
PAUSE_TAKE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "%1 runs: it is paused first, then saved to a "
                                                "file")
DIFF_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Save only the memory blocks %1 changed since its "
                                          "last snapshot (%2)")
RESTORE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Put %1 back as a snapshot file says, and resume "
                                             "it")
CANNOT_PAUSE = QT_TRANSLATE_NOOP("GuestMenu", "%1 cannot be paused now, and a snapshot is "
                                              "taken paused.")
PAUSE_TO_TAKE = QT_TRANSLATE_NOOP(
    "GuestMenu", "%1 runs. A snapshot is taken paused, with its memory and disk consistent: "
                 "pause %1 now (a guest on the CPU pauses at the VMM's next decision), then "
                 "save it?")
PAUSE_TO_RESTORE = QT_TRANSLATE_NOOP(
    "GuestMenu", "%1 is on the CPU, and a guest is restored off the CPU: pause %1 now (at "
                 "the VMM's next decision), then restore it?")
FULL_SUMMARY = QT_TRANSLATE_NOOP(
    "GuestMenu", "%1 saved at cycle %2 in %3, a full snapshot: %5 of its %6 blocks of memory "
                 "(%7). Blocks %1 has changed since it booted: %9.")
DIFF_SUMMARY = QT_TRANSLATE_NOOP(
    "GuestMenu", "%1 saved at cycle %2 in %3, a diff of %4: %5 of its %6 blocks of memory "
                 "(%7; a full snapshot stores %8). Blocks %1 has changed since it booted: %9.")
# The same, short enough for the status bar of a 1280-pixel window.
FULL_STATUS = QT_TRANSLATE_NOOP(
    "GuestMenu", "%3: %1, full, %5 of %6 blocks stored (%7); changed since boot: %9")
DIFF_STATUS = QT_TRANSLATE_NOOP(
    "GuestMenu", "%3: %1, diff, %5 of %6 blocks stored (%7); changed since boot: %9")


def _tr(text: str) -> str:
    """A string marked with QT_TRANSLATE_NOOP above, or by QCoreApplication.translate
    where it is written (pyside6-lupdate finds only those two forms)."""
    return QCoreApplication.translate(CONTEXT, text)


def add_guest_commands(menu: QMenu, controller, guest: str) -> list[QAction]:
    """Add the four commands for `guest` to `menu`; returns the actions, in order."""
    view = controller.session.guest(guest)
    actions = []
    for command in GuestCommand:
        action = menu.addAction(guest_command_label(command))
        action.setObjectName(f"guest-{command.value}")
        action.setData((guest, command.value))
        action.setEnabled(command in view.commands)
        action.triggered.connect(
            lambda _=False, g=guest, c=command.value: controller.command_guest(g, c))
        actions.append(action)
    return actions


def add_snapshot_commands(menu: QMenu, controller, guest: str,
                          parent: QWidget) -> dict[str, QAction]:
    """Add Take snapshot…, Take diff snapshot… and Restore snapshot… for `guest` (after a
    separator); their dialogs open over `parent`.  Returns them by name: "snapshot",
    "diff-snapshot", "restore"."""
    menu.addSeparator()
    saved = controller.can_snapshot(guest)
    can_take = saved or controller.can_pause_for_snapshot(guest)
    base = controller.last_snapshot(guest)
    take_tip = _tr(TAKE_TIP if saved else PAUSE_TAKE_TIP)
    diff_tip = _tr(DIFF_TIP).replace("%2", base.name if base else "—")
    items = {
        "snapshot": (_tr(TAKE), can_take, take_tip),
        "diff-snapshot": (_tr(TAKE_DIFF), can_take and base is not None, diff_tip),
        "restore": (_tr(RESTORE), controller.can_restore(guest), _tr(RESTORE_TIP)),
    }
    actions = {}
    for name, (text, enabled, tip) in items.items():
        action = menu.addAction(text)
        action.setObjectName(f"guest-{name}")
        action.setEnabled(enabled)
        action.setStatusTip(tip.replace("%1", guest))
        action.setToolTip(action.statusTip())
        actions[name] = action
    actions["snapshot"].triggered.connect(
        lambda _=False: take_snapshot(parent, controller, guest))
    actions["diff-snapshot"].triggered.connect(
        lambda _=False: take_snapshot(parent, controller, guest, diff=True))
    actions["restore"].triggered.connect(
        lambda _=False: restore_snapshot(parent, controller, guest))
    menu.setToolTipsVisible(True)
    return actions


# ---------------------------------------------------------------------- the window
def _show_error(parent: QWidget, title: str, details: str) -> None:
    """The window's error dialog (MainWindow.show_error); a plain one elsewhere."""
    window = parent.window()
    if hasattr(window, "show_error"):
        window.show_error(title, details)
    else:
        box = QMessageBox(QMessageBox.Icon.Warning, title, details,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("error-dialog")
        box.show()


def _status(parent: QWidget, text: str) -> None:
    status = getattr(parent.window(), "statusBar", None)
    if callable(status):
        status().showMessage(text, STATUS_MS)


def ask_pause_first(parent: QWidget, guest: str, why: str) -> bool:
    """Ask whether to pause the running guest first (why: what it is for)."""
    title = QCoreApplication.translate("GuestMenu", "Pause %1 first?").replace("%1", guest)
    answer = QMessageBox.question(
        parent, title, why.replace("%1", guest),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


def manifest_name(path: str) -> str:
    """A chosen file name as a snapshot's manifest: NAME.vmsnap.json."""
    if path.endswith(SNAPSHOT_SUFFIX):
        return path
    for suffix in (".json", ".vmsnap"):
        if path.endswith(suffix):
            path = path[:-len(suffix)]
    return path + SNAPSHOT_SUFFIX


def size_text(size: int) -> str:
    """Bytes as the student reads them: 812 bytes, 1.3 KiB, 64 KiB."""
    if size < 1024:
        return QCoreApplication.translate("GuestMenu", "%1 bytes").replace(
            "%1", theme.fmt_int(size))
    kib = size / 1024
    text = theme.fmt_int(kib) if kib >= 10 or kib == int(kib) else theme.fmt_float(kib)
    return QCoreApplication.translate("GuestMenu", "%1 KiB").replace("%1", text)


def snapshot_summary(guest: str, path: Path, sizes: dict, full_bytes: int, *,
                     short: bool = False) -> str:
    """What a snapshot wrote, in a sentence (short: for the status bar): full or diff,
    blocks stored against blocks the guest has changed since it booted (sizes:
    controller.snapshot_guest's)."""
    if sizes["kind"] == "diff":
        text = _tr(DIFF_STATUS if short else DIFF_SUMMARY).replace("%4", sizes["base"].name)
    else:
        text = _tr(FULL_STATUS if short else FULL_SUMMARY)
    for key, value in (("%9", theme.fmt_int(sizes["touched"])),
                       ("%8", size_text(full_bytes)),
                       ("%7", size_text(sizes["memory"])),
                       ("%6", theme.fmt_int(sizes["total_blocks"])),
                       ("%5", theme.fmt_int(sizes["blocks"])),
                       ("%3", path.name), ("%2", theme.fmt_int(sizes["cycle"])),
                       ("%1", guest)):
        text = text.replace(key, value)
    return text


def take_snapshot(parent: QWidget, controller, guest: str, *, diff: bool = False) -> None:
    """Take snapshot… (diff: Take diff snapshot…): pause the guest first if it runs (the
    student agreeing), ask for a file, save, say what was written."""
    if controller.can_snapshot(guest):
        _save(parent, controller, guest, diff)
        return
    if not controller.can_pause_for_snapshot(guest):
        _show_error(parent, _tr(NOT_TAKEN), _tr(CANNOT_PAUSE).replace("%1", guest))
        return
    if not ask_pause_first(parent, guest, _tr(PAUSE_TO_TAKE)):
        return

    def then(paused: bool) -> None:
        if paused:
            _save(parent, controller, guest, diff)
        else:
            _not_paused(parent, guest, _tr(NOT_TAKEN))

    _pause_then(parent, controller, guest, then, _tr(NOT_TAKEN))


def _pause_then(parent: QWidget, controller, guest: str, then, title: str) -> None:
    try:
        controller.pause_guest_then(guest, then)
    except LifecycleError as err:           # it cannot be paused after all: why
        _show_error(parent, title, str(err))


def _not_paused(parent: QWidget, guest: str, title: str) -> None:
    _show_error(parent, title, QCoreApplication.translate(
        "GuestMenu", "%1 did not pause: the run stopped, or the wait was cancelled, before "
                     "the VMM paused it.").replace("%1", guest))


def _failed(parent: QWidget, title: str, path: Path, err: Exception) -> None:
    """A refusal in the error dialog: a LifecycleError's sentence, a file's problem in
    the interface language, a system error on the file."""
    if isinstance(err, InputError):
        details = render(err, current_language())
    elif isinstance(err, OSError):
        details = f"{path}: {err.strerror or err}"
    else:
        details = str(err)
    _show_error(parent, title, details)


def _save(parent: QWidget, controller, guest: str, diff: bool) -> None:
    base = controller.last_snapshot(guest) if diff else None
    folder = base.parent if base is not None else controller.snapshot_folder()
    if diff:
        title = QCoreApplication.translate("GuestMenu", "Take a diff snapshot of %1")
    else:
        title = QCoreApplication.translate("GuestMenu", "Take a snapshot of %1")
    path, _ = QFileDialog.getSaveFileName(
        parent, title.replace("%1", guest),
        str(folder / controller.default_snapshot_name(guest)), _tr(FILTER))
    if not path:
        return
    path = Path(manifest_name(path))
    try:
        sizes = controller.snapshot_guest(guest, path, diff=diff)
    except (LifecycleError, InputError, OSError) as err:
        _failed(parent, _tr(NOT_TAKEN), path, err)
        return
    full_bytes = controller.session.guest(guest).size * 4
    text = snapshot_summary(guest, path, sizes, full_bytes)
    _status(parent, snapshot_summary(guest, path, sizes, full_bytes, short=True))
    window = parent.window()
    if hasattr(window, "show_info"):
        window.show_info(QCoreApplication.translate("GuestMenu", "Snapshot taken"), text)


def restore_snapshot(parent: QWidget, controller, guest: str) -> None:
    """Restore snapshot…: ask for a snapshot file, put the guest back as it says and resume
    it.  A guest on the CPU is paused first (the student agreeing).  A refusal goes to the
    error dialog, and then nothing has changed."""
    last = controller.last_snapshot(guest)
    folder = last.parent if last is not None else controller.snapshot_folder()
    title = QCoreApplication.translate("GuestMenu", "Restore a snapshot into %1")
    title = title.replace("%1", guest)
    path, _ = QFileDialog.getOpenFileName(parent, title, str(folder), _tr(FILTER))
    if not path:
        return
    path = Path(path)
    if not controller.must_pause_to_restore(guest):
        _restore(parent, controller, guest, path)
        return
    if not ask_pause_first(parent, guest, _tr(PAUSE_TO_RESTORE)):
        return

    def then(paused: bool) -> None:
        if paused:
            _restore(parent, controller, guest, path)
        else:
            _not_paused(parent, guest, _tr(NOT_RESTORED))

    _pause_then(parent, controller, guest, then, _tr(NOT_RESTORED))


def _restore(parent: QWidget, controller, guest: str, path: Path) -> None:
    try:
        controller.restore_guest(guest, path)
    except (LifecycleError, InputError, OSError) as err:
        _failed(parent, _tr(NOT_RESTORED), path, err)
        return
    view = controller.session.guest(guest)
    text = QCoreApplication.translate(
        "GuestMenu", "%1 restored from %2 at cycle %3: its virtual clock reads %4 again.")
    for key, value in (("%4", theme.fmt_int(view.vclock)),
                       ("%3", theme.fmt_int(controller.session.cycle)),
                       ("%2", path.name), ("%1", guest)):
        text = text.replace(key, value)
    _status(parent, text)


__all__ = ["add_guest_commands", "add_snapshot_commands", "take_snapshot",
           "restore_snapshot", "snapshot_summary", "size_text", "manifest_name"]
