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

Then the clone items (docs/snapshots.md, Clones): Clone into TARGET… for each
guest of the scenario that can receive a clone of this one (its slots), enabled
when the core says it can be done now (a source that runs is paused first, as
for a snapshot, and resumed once copied), and Clone from a snapshot… on an
empty slot.  A small dialog asks whether the clone gets a new identity (yes by
default) and says what goes wrong without one.  And for the guest a scenario
migrates (docs/migration.md): Migrate to the other host now, which begins the
pre-copy at this cycle instead of the scenario's start (recorded: a step back
undoes it, a step forward does it again).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFileDialog, QLabel,
                               QMenu, QMessageBox, QVBoxLayout, QWidget)

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
NOT_CLONED = QT_TRANSLATE_NOOP("GuestMenu", "The clone was not made")
NOT_MIGRATED = QT_TRANSLATE_NOOP("GuestMenu", "The migration was not started")
CLONE_INTO = QT_TRANSLATE_NOOP("GuestMenu", "Clone into %1…")
CLONE_NOWHERE = QT_TRANSLATE_NOOP("GuestMenu", "Clone…")
CLONE_FROM = QT_TRANSLATE_NOOP("GuestMenu", "Clone from a snapshot…")
MIGRATE_NOW = QT_TRANSLATE_NOOP("GuestMenu", "Migrate to the other host now")
CLONE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Copy %1 into %2, which runs beside it: its VCPU, its "
                                           "memory, its disk and its devices")
PAUSE_CLONE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "%1 runs: it is paused first, copied into %2, "
                                                 "and both go on")
CLONE_NOWHERE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "No guest of this scenario can receive a "
                                                   "clone of %1: a clone goes into a slot with "
                                                   "its program and memory size (clone_of)")
CLONE_FROM_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Make %1 a clone of the guest saved in a "
                                                "snapshot file")
CLONE_FROM_OFF_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Only an empty slot (a powered-off guest) "
                                                    "receives a clone: %1 is not one now")
MIGRATE_TIP = QT_TRANSLATE_NOOP("GuestMenu", "Begin the live migration of %1 at this cycle "
                                             "instead of at cycle %2: pre-copy while it runs, "
                                             "then stop and copy")
CLONE_TITLE = QT_TRANSLATE_NOOP("GuestMenu", "Clone %1 into %2")
NEW_IDENTITY = QT_TRANSLATE_NOOP("GuestMenu", "Give the clone a new identity")
IDENTITY_WHY = QT_TRANSLATE_NOOP(
    "GuestMenu", "Without a new identity the clone reads the same machine id as %1, and both "
                 "claim the same identity (the same address, the same name).")
CLONE_WHAT = QT_TRANSLATE_NOOP(
    "GuestMenu", "%2 becomes a copy of %1 as it is now: its VCPU, its memory, its disk and its "
                 "devices. The clone goes on at once, beside the original.")
CLONE_PAUSE_FIRST = QT_TRANSLATE_NOOP(
    "GuestMenu", "%1 runs: it is paused first (a guest on the CPU pauses at the VMM's next "
                 "decision), copied, and then both go on.")
CLONE_DONE = QT_TRANSLATE_NOOP(
    "GuestMenu", "%2 cloned from %1 at cycle %3: machine id %4, generation %5 (%1: %6, "
                 "generation %7).")
CLONE_FROM_DONE = QT_TRANSLATE_NOOP(
    "GuestMenu", "%2 cloned from %1 at cycle %3: machine id %4, generation %5.")
SAVED_IN = QT_TRANSLATE_NOOP("GuestMenu", "the guest saved in %1")
MIGRATION_BEGUN = QT_TRANSLATE_NOOP(
    "GuestMenu", "Live migration of %1 begun at cycle %2: round 1 sends all its memory while it "
                 "runs.")
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
    add_clone_commands(menu, controller, guest, parent)
    menu.setToolTipsVisible(True)
    return actions


def add_clone_commands(menu: QMenu, controller, guest: str,
                       parent: QWidget) -> dict[str, QAction]:
    """Add (after a separator) Clone into TARGET… for each guest that can receive a clone of
    `guest` (one disabled Clone… when none can), Clone from a snapshot… (into `guest`, an
    empty slot), and for the guest the scenario migrates, Migrate to the other host now.
    Returns them by name: "clone:TARGET" (or "clone"), "clone-from-snapshot", "migrate"."""
    menu.addSeparator()
    actions: dict[str, QAction] = {}
    language = current_language()
    targets = controller.clone_targets(guest)
    pause_first = controller.must_pause_to_clone(guest)
    for target in targets:
        refusal = controller.clone_refusal(guest, target)
        action = menu.addAction(_tr(CLONE_INTO).replace("%1", target))
        action.setObjectName(f"guest-clone-{target}")
        action.setEnabled(refusal is None)
        tip = _tr(PAUSE_CLONE_TIP if pause_first else CLONE_TIP)
        action.setStatusTip(tip.replace("%1", guest).replace("%2", target) if refusal is None
                            else render(refusal, language))
        action.triggered.connect(
            lambda _=False, t=target: clone_guest(parent, controller, guest, t))
        actions[f"clone:{target}"] = action
    if not targets:
        action = menu.addAction(_tr(CLONE_NOWHERE))
        action.setObjectName("guest-clone")
        action.setEnabled(False)
        action.setStatusTip(_tr(CLONE_NOWHERE_TIP).replace("%1", guest))
        actions["clone"] = action
    action = menu.addAction(_tr(CLONE_FROM))
    action.setObjectName("guest-clone-from-snapshot")
    empty = controller.can_clone_from_snapshot(guest)
    action.setEnabled(empty)
    action.setStatusTip(_tr(CLONE_FROM_TIP if empty else CLONE_FROM_OFF_TIP).replace("%1", guest))
    action.triggered.connect(lambda _=False: clone_from_snapshot(parent, controller, guest))
    actions["clone-from-snapshot"] = action
    if controller.migrating_guest == guest:
        refusal = controller.migration_refusal()
        menu.addSeparator()
        action = menu.addAction(_tr(MIGRATE_NOW))
        action.setObjectName("guest-migrate")
        action.setEnabled(refusal is None)
        start = theme.fmt_int(controller.session.scenario.migration.start)
        action.setStatusTip(_tr(MIGRATE_TIP).replace("%2", start).replace("%1", guest)
                            if refusal is None else render(refusal, language))
        action.triggered.connect(lambda _=False: migrate_now(parent, controller))
        actions["migrate"] = action
    for action in actions.values():
        action.setToolTip(action.statusTip())
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


def _failed(parent: QWidget, title: str, path: Path | None, err: Exception) -> None:
    """A refusal in the error dialog: a LifecycleError's sentence, a file's problem in
    the interface language, a system error on the file."""
    if isinstance(err, InputError):
        details = render(err, current_language())
    elif isinstance(err, LifecycleError) and err.args:
        details = render(err.args[0], current_language())    # a message renders in Catalan
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


# ---------------------------------------------------------------------- clones
class CloneDialog(QDialog):
    """Clone SOURCE into TARGET: what a clone is, whether the source is paused first, and
    the choice of a new identity (checked), with what goes wrong without it."""

    def __init__(self, parent: QWidget | None, source: str, target: str, *,
                 pause_first: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("clone-dialog")
        self.setWindowTitle(_tr(CLONE_TITLE).replace("%1", source).replace("%2", target))
        layout = QVBoxLayout(self)
        texts = [_tr(CLONE_WHAT)] + ([_tr(CLONE_PAUSE_FIRST)] if pause_first else [])
        for text in texts:
            label = QLabel(text.replace("%1", source).replace("%2", target), self)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.new_identity = QCheckBox(_tr(NEW_IDENTITY), self)
        self.new_identity.setObjectName("clone-new-identity")
        self.new_identity.setChecked(True)
        layout.addWidget(self.new_identity)
        why = QLabel(_tr(IDENTITY_WHY).replace("%1", source), self)
        why.setObjectName("clone-identity-why")
        why.setWordWrap(True)
        why.setIndent(24)
        layout.addWidget(why)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            QCoreApplication.translate("GuestMenu", "Clone"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("GuestMenu", "Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)


def ask_clone_options(parent: QWidget, source: str, target: str, *,
                      pause_first: bool = False) -> bool | None:
    """The clone dialog: True (a new identity), False (the same identity) or None
    (cancelled)."""
    dialog = CloneDialog(parent, source, target, pause_first=pause_first)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.new_identity.isChecked()
    finally:
        dialog.deleteLater()


def clone_guest(parent: QWidget, controller, source: str, target: str) -> None:
    """Clone into TARGET…: ask about the identity; a source that runs is paused first (the
    controller's wait: the window never freezes) and resumed once copied; then clone.  A
    refusal goes to the error dialog, and then nothing has changed."""
    refusal = controller.clone_refusal(source, target)
    if refusal is not None:
        _show_error(parent, _tr(NOT_CLONED), render(refusal, current_language()))
        return
    pause_first = controller.must_pause_to_clone(source)
    new_identity = ask_clone_options(parent, source, target, pause_first=pause_first)
    if new_identity is None:
        return
    if not pause_first:
        _clone(parent, controller, source, target, new_identity, resume_source=False)
        return

    def then(paused: bool) -> None:
        if paused:
            _clone(parent, controller, source, target, new_identity, resume_source=True)
        else:
            _not_paused(parent, source, _tr(NOT_CLONED))

    _pause_then(parent, controller, source, then, _tr(NOT_CLONED))


def _clone(parent: QWidget, controller, source: str, target: str, new_identity: bool, *,
           resume_source: bool) -> None:
    try:
        controller.clone_guest(source, target, new_identity=new_identity,
                               resume_source=resume_source)
    except (LifecycleError, InputError) as err:
        _failed(parent, _tr(NOT_CLONED), None, err)
        return
    _status(parent, clone_summary(controller, source, target))


def clone_summary(controller, source: str, target: str, *, from_file: bool = False) -> str:
    """What a clone did, in a sentence: each guest's machine id and generation now (from_file:
    `source` is a snapshot file's name, and only the clone's)."""
    session = controller.session
    no_identity = {"machine_id": 0, "generation": 0}
    ids = [session.identity(target) or no_identity,
           no_identity if from_file else session.identity(source) or no_identity]
    text = _tr(CLONE_FROM_DONE if from_file else CLONE_DONE)
    for key, value in (("%7", theme.fmt_int(ids[1]["generation"])),
                       ("%6", f"{ids[1]['machine_id']:#010x}"),
                       ("%5", theme.fmt_int(ids[0]["generation"])),
                       ("%4", f"{ids[0]['machine_id']:#010x}"),
                       ("%3", theme.fmt_int(session.cycle)),
                       ("%2", target), ("%1", source)):
        text = text.replace(key, value)
    return text


def clone_from_snapshot(parent: QWidget, controller, target: str) -> None:
    """Clone from a snapshot…: ask for a snapshot file and about the identity, then make the
    empty slot `target` a clone of the guest it saved.  A refusal (a file that is not a
    snapshot, another program or memory size) goes to the error dialog; nothing changes."""
    last = controller.last_snapshot(target)
    folder = last.parent if last is not None else controller.snapshot_folder()
    title = QCoreApplication.translate("GuestMenu", "Clone a snapshot into %1")
    path, _ = QFileDialog.getOpenFileName(parent, title.replace("%1", target), str(folder),
                                          _tr(FILTER))
    if not path:
        return
    path = Path(path)
    new_identity = ask_clone_options(parent, _tr(SAVED_IN).replace("%1", path.name), target)
    if new_identity is None:
        return
    try:
        controller.clone_from_snapshot(target, path, new_identity=new_identity)
    except (LifecycleError, InputError, OSError) as err:
        _failed(parent, _tr(NOT_CLONED), path, err)
        return
    _status(parent, clone_summary(controller, path.name, target, from_file=True))


# ---------------------------------------------------------------------- migration
def migrate_now(parent: QWidget, controller) -> None:
    """Migrate to the other host now: the pre-copy begins at this cycle (recorded).  A
    refusal goes to the error dialog, and then nothing has changed."""
    guest = controller.migrating_guest
    try:
        controller.start_migration()
    except LifecycleError as err:
        _failed(parent, _tr(NOT_MIGRATED), None, err)
        return
    _status(parent, _tr(MIGRATION_BEGUN).replace("%2", theme.fmt_int(controller.session.cycle))
            .replace("%1", guest or ""))


__all__ = ["add_guest_commands", "add_snapshot_commands", "add_clone_commands",
           "clone_guest", "clone_from_snapshot", "migrate_now", "CloneDialog",
           "ask_clone_options", "take_snapshot",
           "restore_snapshot", "snapshot_summary", "size_text", "manifest_name"]
