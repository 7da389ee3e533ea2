"""Snapshots from the window: Take snapshot…, Take diff snapshot… and Restore snapshot… in
the layer diagram's context menu on a guest and in the Guests menu (docs/snapshots.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMenu, QMessageBox, QPushButton

from vmlab.gui import guest_menu, i18n
from vmlab.gui.labels import GuestState
from vmlab.gui.panels.layer_diagram import LayerDiagramPanel


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def guest_submenu(window, guest: str):
    window.fill_guests_menu()
    for action in window.menu_guests.actions():
        if action.menu() is not None and action.menu().title() == guest:
            return action.menu()
    raise AssertionError(f"no submenu for {guest}")


def snapshot_actions(menu) -> dict[str, object]:
    return {a.objectName().removeprefix("guest-"): a for a in menu.actions()
            if a.objectName() in ("guest-snapshot", "guest-diff-snapshot", "guest-restore")}


def save_as(monkeypatch, path: Path, seen: list | None = None) -> None:
    def dialog(parent, title, default, filters):
        if seen is not None:
            seen.append((title, default, filters))
        return str(path), filters
    monkeypatch.setattr(guest_menu.QFileDialog, "getSaveFileName", staticmethod(dialog))


def open_as(monkeypatch, path: Path) -> None:
    monkeypatch.setattr(guest_menu.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kw: (str(path), "")))


def paused_beta(window) -> None:
    """beta paused at a moment it waits (off the CPU): paused at once."""
    session = window.controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 20_000)
    session.pause_guest("beta")
    assert session.guest("beta").state == GuestState.PAUSED
    window.controller.changed.emit()


def test_take_a_snapshot_of_a_paused_guest_from_the_guests_menu(main_window, monkeypatch,
                                                                 tmp_path):
    window = main_window
    session = window.controller.session
    paused_beta(window)
    seen = []
    path = tmp_path / "beta-first.vmsnap.json"
    save_as(monkeypatch, path, seen)
    actions = snapshot_actions(guest_submenu(window, "beta"))
    assert actions["snapshot"].isEnabled() and actions["restore"].isEnabled()
    assert not actions["diff-snapshot"].isEnabled()          # no snapshot of beta yet
    actions["snapshot"].trigger()
    # The dialog proposed the user's snapshots folder and a name with the cycle.
    title, default, filters = seen[0]
    assert Path(default).parent == Path(str(tmp_path / "vmlab-data" / "snapshots"))
    assert Path(default).name == f"beta-c{session.cycle}.vmsnap.json"
    assert "*.vmsnap.json" in filters
    assert path.is_file() and path.with_name("beta-first.mem").is_file()
    manifest = json.loads(path.read_text(encoding="utf-8"))
    assert manifest["kind"] == "full" and manifest["guest"]["name"] == "beta"
    words = session.guest("beta").size
    blocks = -(-words // 64)
    message = window.last_info
    assert "beta-first.vmsnap.json" in message and "a full snapshot" in message
    assert f"{blocks:,} of its {blocks:,} blocks" in message
    assert guest_menu.size_text(words * 4) in message
    # The blocks beta changed since it booted, as the session counts them.
    touched = session.snapshot_guest("beta", tmp_path / "again.vmsnap.json")["touched"]
    assert f"Blocks beta has changed since it booted: {touched:,}." in message
    assert window.last_info_box.isVisible()
    assert window.statusBar().currentMessage() == (
        f"beta-first.vmsnap.json: beta, full, {blocks:,} of {blocks:,} blocks stored "
        f"({guest_menu.size_text(words * 4)}); changed since boot: {touched:,}")

    # Now a diff of it: only the blocks beta changed since, after running on.
    session.resume_guest("beta")
    session.run(max_cycles=30_000)
    session.pause_guest("beta")
    session.run_until(lambda s: s.guest("beta").state == GuestState.PAUSED, 1_000_000)
    window.controller.changed.emit()
    actions = snapshot_actions(guest_submenu(window, "beta"))
    assert actions["diff-snapshot"].isEnabled()
    assert "beta-first.vmsnap.json" in actions["diff-snapshot"].statusTip()
    diff = tmp_path / "beta-second"                        # the suffix is added
    save_as(monkeypatch, diff)
    actions["diff-snapshot"].trigger()
    diff = tmp_path / "beta-second.vmsnap.json"
    manifest = json.loads(diff.read_text(encoding="utf-8"))
    assert manifest["kind"] == "diff" and manifest["diff"]["base"] == "beta-first.vmsnap.json"
    stored = len(manifest["diff"]["blocks"])
    assert stored < blocks
    message = window.last_info
    assert "a diff of beta-first.vmsnap.json" in message
    assert f"{stored:,} of its {blocks:,} blocks" in message
    assert f"a full snapshot stores {guest_menu.size_text(words * 4)}" in message
    assert f"beta, diff, {stored:,} of {blocks:,} blocks stored" in \
        window.statusBar().currentMessage()


def test_restore_after_running_on_puts_the_guest_back(main_window, monkeypatch, tmp_path):
    window = main_window
    controller = window.controller
    session = controller.session
    paused_beta(window)
    path = tmp_path / "beta.vmsnap.json"
    save_as(monkeypatch, path)
    snapshot_actions(guest_submenu(window, "beta"))["snapshot"].trigger()
    saved = session.guest("beta")
    registers = window.panels["registers"]
    registers.refresh()
    shown_at_snapshot = [registers.cell_text(key, "beta") for key in ("pc", "r1", "r2", "r3")]
    session.resume_guest("beta")
    session.run(max_cycles=40_000)
    controller.changed.emit()
    assert session.guest("beta").vclock > saved.vclock
    # Restore while stopped, at a moment beta is off the CPU.
    session.run_until(lambda s: s.running_guest == "alpha")
    controller.changed.emit()
    registers = window.panels["registers"]
    registers.refresh()
    shown_before = [registers.cell_text(key, "beta") for key in ("pc", "r1", "r2", "r3")]
    restored_at = session.cycle
    open_as(monkeypatch, path)
    snapshot_actions(guest_submenu(window, "beta"))["restore"].trigger()
    view = session.guest("beta")
    assert view.vclock == saved.vclock and view.pc == saved.pc and view.regs == saved.regs
    assert view.console == saved.console
    assert view.state != GuestState.PAUSED                   # resumed
    assert session.cycle == restored_at
    assert "beta restored from beta.vmsnap.json" in window.statusBar().currentMessage()
    # The panels refreshed at once (nothing ran): the registers panel shows beta's
    # registers as saved, as it showed them when the snapshot was taken.
    assert [registers.cell_text(key, "beta") for key in ("pc", "r1", "r2", "r3")] \
        == shown_at_snapshot != shown_before
    # Stepping back goes to before the restore; forward again does it again.
    controller.step_back()
    assert session.cycle < restored_at
    before_restore = session.guest("beta")
    assert before_restore.vclock > saved.vclock
    controller.travel_to(restored_at)
    assert session.guest("beta").vclock == saved.vclock


def test_a_corrupted_snapshot_shows_the_error_and_changes_nothing(main_window, monkeypatch,
                                                                  tmp_path, english):
    window = main_window
    session = window.controller.session
    paused_beta(window)
    path = tmp_path / "beta.vmsnap.json"
    save_as(monkeypatch, path)
    snapshot_actions(guest_submenu(window, "beta"))["snapshot"].trigger()
    memory = path.with_name("beta.mem")
    data = bytearray(memory.read_bytes())
    data[100] ^= 0xFF
    memory.write_bytes(bytes(data))
    session.resume_guest("beta")
    session.run(max_cycles=10_000)
    session.run_until(lambda s: s.running_guest == "alpha")
    window.controller.changed.emit()
    before = session.state_hash()
    actions_before = len(session.actions)
    open_as(monkeypatch, path)
    snapshot_actions(guest_submenu(window, "beta"))["restore"].trigger()
    assert window.last_error_box.isVisible()
    assert window.last_error_box.text() == "The snapshot was not restored"
    assert "beta.mem" in window.last_error or "beta.vmsnap.json" in window.last_error
    assert session.state_hash() == before and len(session.actions) == actions_before
    # In Catalan, the same refusal in Catalan.
    window.last_error_box.close()
    i18n.set_language("ca")
    snapshot_actions(guest_submenu(window, "beta"))["restore"].trigger()
    assert window.last_error_box.text() == "No s’ha restaurat la instantània"
    assert session.state_hash() == before


def test_a_running_guest_is_paused_first_without_freezing_the_window(main_window, monkeypatch,
                                                                      tmp_path, qtbot):
    window = main_window
    controller = window.controller
    session = controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 20_000)
    controller.changed.emit()
    assert session.guest("alpha").state == GuestState.RUNNING
    asked = []
    monkeypatch.setattr(guest_menu.QMessageBox, "question", staticmethod(
        lambda parent, title, text, *a: asked.append(title) or QMessageBox.StandardButton.Yes))
    path = tmp_path / "alpha.vmsnap.json"
    save_as(monkeypatch, path)
    actions = snapshot_actions(guest_submenu(window, "alpha"))
    assert actions["snapshot"].isEnabled()
    start = session.cycle
    actions["snapshot"].trigger()
    assert asked == ["Pause alpha first?"]
    # The wait runs from the event loop: the trigger returned at once.
    assert controller.waiting_for_pause == "alpha" and not path.exists()
    qtbot.waitUntil(path.is_file, timeout=5_000)
    assert controller.waiting_for_pause is None
    assert session.guest("alpha").state == GuestState.PAUSED and session.cycle > start
    assert json.loads(path.read_text(encoding="utf-8"))["taken"]["host_cycle"] == session.cycle
    assert window.pause_dialog is None                       # the progress dialog is gone
    # A restore of alpha while it runs on the CPU also pauses it first (and resumes it).
    controller.command_guest("alpha", "resume")
    session.run_until(lambda s: s.running_guest == "alpha")
    controller.changed.emit()
    open_as(monkeypatch, path)
    snapshot_actions(guest_submenu(window, "alpha"))["restore"].trigger()
    assert asked[-1] == "Pause alpha first?"
    qtbot.waitUntil(lambda: "alpha restored" in window.statusBar().currentMessage(),
                    timeout=5_000)
    assert session.actions[-1].kind == "resume" and session.actions[-2].kind == "restore"


def test_a_cancelled_question_does_nothing(main_window, monkeypatch, tmp_path):
    session = main_window.controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 20_000)
    monkeypatch.setattr(guest_menu.QMessageBox, "question", staticmethod(
        lambda *a: QMessageBox.StandardButton.Cancel))
    save_as(monkeypatch, tmp_path / "never.vmsnap.json")
    before = session.state_hash()
    snapshot_actions(guest_submenu(main_window, "alpha"))["snapshot"].trigger()
    assert main_window.controller.waiting_for_pause is None
    assert session.state_hash() == before and not (tmp_path / "never.vmsnap.json").exists()


def test_the_items_follow_the_state(show_panel, make_controller):
    controller, panel = show_panel(LayerDiagramPanel, size=(1000, 700))
    session = controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 5_000)
    controller.changed.emit()
    point = panel.layer_rect("kernel:beta").center().toPoint()
    actions = snapshot_actions(panel.context_menu_for(point))
    assert list(actions) == ["snapshot", "diff-snapshot", "restore"]
    assert actions["snapshot"].isEnabled()                   # beta is paused first
    assert "paused first" in actions["snapshot"].statusTip()
    assert not actions["diff-snapshot"].isEnabled() and actions["restore"].isEnabled()
    session.pause_guest("beta")
    controller.changed.emit()
    actions = snapshot_actions(panel.context_menu_for(point))
    assert "Save beta to a file" in actions["snapshot"].statusTip()
    session.power_off_guest("beta")                          # stopped for good: savable
    actions = snapshot_actions(panel.context_menu_for(point))
    assert actions["snapshot"].isEnabled()
    # Natively there is no VMM: nothing to save or restore.
    native = make_controller("native-alpha")
    menu = QMenu(panel)
    name = native.session.guest_names[0]
    actions = guest_menu.add_snapshot_commands(menu, native, name, panel)
    assert not any(a.isEnabled() for a in actions.values())


def test_catalan_labels(main_window, english):
    i18n.set_language("ca")
    paused_beta(main_window)
    texts = [a.text() for a in snapshot_actions(guest_submenu(main_window, "beta")).values()]
    assert texts == ["Fes una instantània…", "Fes una instantània diferencial…",
                     "Restaura una instantània…"]
    assert guest_menu.size_text(1536) == "1,5\u00a0KiB"
    sizes = {"kind": "full", "cycle": 50_000, "blocks": 256, "total_blocks": 256,
             "memory": 65_536, "touched": 37, "base": None}
    text = guest_menu.snapshot_summary("alpha", Path("a.vmsnap.json"), sizes, 65_536)
    assert "50.000" in text and "instantània" in text and "64\u00a0KiB" in text
    assert QCoreApplication.translate("GuestMenu", "Take snapshot…") == "Fes una instantània…"


def test_the_wait_shows_progress_and_can_be_cancelled(main_window, qtbot):
    window = main_window
    controller = window.controller
    session = controller.session
    # The progress dialog follows the controller's wait, and goes when it ends.
    controller.pauseProgress.emit("alpha", 1_500, 1_000_000)
    dialog = window.pause_dialog
    assert dialog is not None and dialog.value() == 1_500 and "alpha" in dialog.labelText()
    assert "1,500" in window.statusBar().currentMessage()
    controller.pauseFinished.emit("alpha", True)
    assert window.pause_dialog is None
    # Cancel (or any other command) ends a wait: alpha stays asked to pause, the snapshot
    # is not taken, and the error dialog says why.
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 20_000)
    results = []
    controller.pause_guest_then("alpha", results.append)
    assert controller.waiting_for_pause == "alpha"
    controller.pauseProgress.emit("alpha", 10, 1_000_000)
    window.pause_dialog.findChild(QPushButton).click()        # Cancel
    assert results == [False] and controller.waiting_for_pause is None
    assert window.pause_dialog is None
    assert session.guest("alpha").pending == "pause"
    controller.pause_guest_then("alpha", results.append)      # pending: the wait resumes
    controller.step_cycle()                                     # a command ends it
    assert results == [False, False]
    qtbot.wait(50)
    assert controller.waiting_for_pause is None
