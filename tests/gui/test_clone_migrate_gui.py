"""Clone and Migrate from the window (issue 15 item 6): Clone into TARGET…, Clone from a
snapshot… and Migrate to the other host now, in the layer diagram's context menu on a guest
and in the Guests menu (docs/snapshots.md, Clones; docs/migration.md)."""

from __future__ import annotations

import pytest

from vmlab.gui import guest_menu, i18n
from vmlab.gui.controller import SessionController
from vmlab.gui.labels import GuestState
from vmlab.gui.panels.layer_diagram import LayerDiagramPanel
from vmlab.scenario import load_scenario
from vmlab.session import Session


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def window_on(qtbot, prefs):
    """The whole window on a scenario (dialogs never block)."""
    from vmlab.gui.main_window import MainWindow

    def make(scenario: str):
        MainWindow.testing_dialogs = True
        window = MainWindow(SessionController(Session(load_scenario(scenario))), prefs)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        return window
    return make


def submenu_actions(window, guest: str) -> dict[str, object]:
    window.fill_guests_menu()
    for action in window.menu_guests.actions():
        if action.menu() is not None and action.menu().title() == guest:
            return {a.objectName().removeprefix("guest-"): a for a in action.menu().actions()
                    if a.objectName()}
    raise AssertionError(f"no submenu for {guest}")


def answer(monkeypatch, new_identity: bool | None, seen: list | None = None) -> None:
    def ask(parent, source, target, *, pause_first=False):
        if seen is not None:
            seen.append((source, target, pause_first))
        return new_identity
    monkeypatch.setattr(guest_menu, "ask_clone_options", ask)


@pytest.mark.parametrize("new_identity", [True, False])
def test_clone_into_the_empty_slot(window_on, monkeypatch, qtbot, english, new_identity):
    window = window_on("clone")
    controller, session = window.controller, window.controller.session
    # Before the scenario's own clone (12,000), with the original on the CPU: the window
    # pauses it first (at the VMM's next decision, running on from the event loop).
    session.run_until(lambda s: s.running_guest == "original" and s.cycle > 5_000)
    controller.changed.emit()
    assert session.guest("clone").state == GuestState.POWERED_OFF
    assert controller.must_pause_to_clone("original")
    actions = submenu_actions(window, "original")
    item = actions["clone-clone"]
    assert item.text() == "Clone into clone…" and item.isEnabled()
    assert not actions["clone-from-snapshot"].isEnabled()     # original is no empty slot
    assert submenu_actions(window, "clone")["clone-from-snapshot"].isEnabled()
    seen = []
    answer(monkeypatch, new_identity, seen)
    item.trigger()
    assert seen == [("original", "clone", True)]
    assert controller.waiting_for_pause == "original"      # the trigger returned at once
    qtbot.waitUntil(lambda: session.guest("clone").state != GuestState.POWERED_OFF,
                    timeout=5_000)
    kinds = [a.kind for a in session.actions]
    assert ("clone" if new_identity else "clone-same-identity") in kinds
    # Both go on: the clone at once, the original resumed if the window paused it.
    assert session.guest("original").state != GuestState.PAUSED
    original, clone = session.identity("original"), session.identity("clone")
    if new_identity:
        assert clone["machine_id"] != original["machine_id"]
        assert clone["generation"] == original["generation"] + 1
    else:
        assert clone == original
    assert "clone cloned from original" in window.statusBar().currentMessage()
    # The slot is taken now: the item is disabled, its tooltip says why.
    item = submenu_actions(window, "original")["clone-clone"]
    assert not item.isEnabled() and "powered-off" in item.toolTip()
    # Stepping back over the clone and forward again replays it.
    session.run(until_cycle=session.cycle + 3_000)
    now, state = session.cycle, session.state_hash()
    controller.travel_to(1_000)
    assert session.guest("clone").state == GuestState.POWERED_OFF
    controller.travel_to(now)
    assert session.state_hash() == state


def test_a_refused_clone_changes_nothing(window_on, english, tmp_path):
    window = window_on("clone")
    controller, session = window.controller, window.controller.session
    session.run(until_cycle=5_000)
    session.command_guest("clone", "power-on")      # the slot is taken
    session.run(until_cycle=5_100)
    before = session.state_hash()
    guest_menu.clone_guest(window, controller, "original", "clone")
    assert window.last_error_box.text() == "The clone was not made"
    assert "a clone goes into a powered-off guest" in window.last_error
    assert session.state_hash() == before
    # In Catalan, the reason too.
    i18n.set_language("ca")
    guest_menu.clone_guest(window, controller, "original", "clone")
    assert window.last_error_box.text() == "No s’ha fet el clon"
    assert "un clon va a un guest apagat" in window.last_error
    assert session.state_hash() == before


def test_clone_from_a_snapshot_file(window_on, monkeypatch, english, tmp_path):
    window = window_on("clone")
    controller, session = window.controller, window.controller.session
    session.run(until_cycle=5_000)
    session.pause_guest("original")
    session.run_until(lambda s: s.guest("original").state == GuestState.PAUSED,
                      max_cycles=100_000)
    path = tmp_path / "original.vmsnap.json"
    controller.snapshot_guest("original", path)
    answer(monkeypatch, True)
    bad = tmp_path / "bad.vmsnap.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(guest_menu.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(bad), "")))
    before = session.state_hash()
    submenu_actions(window, "clone")["clone-from-snapshot"].trigger()
    assert window.last_error_box.text() == "The clone was not made"
    assert "bad.vmsnap.json" in window.last_error and session.state_hash() == before
    monkeypatch.setattr(guest_menu.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(path), "")))
    submenu_actions(window, "clone")["clone-from-snapshot"].trigger()
    assert session.actions[-2].kind == "clone" and session.actions[-2].text == str(path)
    assert session.guest("clone").state != GuestState.POWERED_OFF
    assert session.identity("clone")["machine_id"] != session.identity("original")["machine_id"]


def test_the_layer_diagram_menu_has_the_clone_items(show_panel, make_controller, english):
    controller = make_controller("clone")
    controller, panel = show_panel(LayerDiagramPanel, size=(1000, 700), controller=controller)
    controller.session.run(until_cycle=3_000)
    controller.changed.emit()
    point = panel.layer_rect("kernel:original").center().toPoint()
    names = [a.objectName() for a in panel.context_menu_for(point).actions() if a.objectName()]
    assert "guest-clone-clone" in names and "guest-clone-from-snapshot" in names
    assert "guest-migrate" not in names
    # two-guests: alpha and beta run different kernels, no slot: one disabled Clone….
    controller, panel = show_panel(LayerDiagramPanel, size=(1000, 700))
    point = panel.layer_rect("kernel:alpha").center().toPoint()
    items = {a.objectName(): a for a in panel.context_menu_for(point).actions()}
    assert not items["guest-clone"].isEnabled() and "clone_of" in items["guest-clone"].toolTip()


def test_migrate_now(window_on, english, qtbot):
    window = window_on("migrate-converges")
    controller, session = window.controller, window.controller.session
    start = session.scenario.migration.start
    session.run(until_cycle=6_000)
    controller.changed.emit()
    item = submenu_actions(window, "alpha")["migrate"]
    assert item.text() == "Migrate to the other host now" and item.isEnabled()
    assert f"instead of at cycle {start:,}" in item.toolTip()
    item.trigger()
    report = session.migration()
    assert report["phase"] == "pre-copy" and report["start_cycle"] == 6_000
    assert "begun at cycle 6,000" in window.statusBar().currentMessage()
    item = submenu_actions(window, "alpha")["migrate"]
    assert not item.isEnabled() and "already begun" in item.toolTip()
    session.run(until_cycle=start)                  # before the scenario's own start: moved
    report = session.migration()
    assert report["phase"] == "done" and report["rounds"] >= 1 and report["words_sent"]
    now, state = session.cycle, session.state_hash()
    controller.travel_to(5_000)                     # back over it…
    assert session.migration()["phase"] == "waiting"
    controller.travel_to(now)                       # …and forward: replayed
    assert session.state_hash() == state and session.migration() == report


def test_a_refused_migration_shows_why(window_on, english):
    window = window_on("migrate-converges")
    controller, session = window.controller, window.controller.session
    session.run(until_cycle=6_000)
    controller.start_migration()
    before = session.state_hash()
    i18n.set_language("ca")
    guest_menu.migrate_now(window, controller)
    assert window.last_error_box.text() == "No s’ha començat la migració"
    assert "ja ha començat" in window.last_error
    assert session.state_hash() == before
    items = submenu_actions(window, "alpha")
    assert items["migrate"].text() == "Migra ara a l’altre host"
