"""Pause, resume, power off and power on a guest from the window: the layer diagram's
context menu on a guest, the Guests menu; the badge, the statistics and the timeline show
the paused guest with no CPU and its virtual clock standing still."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from vmlab.gui import i18n
from vmlab.gui.labels import GuestCommand, GuestState, guest_command_label, guest_state_label
from vmlab.gui.panels.layer_diagram import LayerDiagramPanel
from vmlab.gui.panels.statistics import StatisticsPanel


def actions_by_command(menu) -> dict[str, object]:
    return {a.data()[1]: a for a in menu.actions() if a.data()}


def test_the_context_menu_pauses_a_guest_and_the_badge_says_so(show_panel):
    controller, panel = show_panel(LayerDiagramPanel, size=(1000, 700))
    session = controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 5_000)
    controller.changed.emit()
    rect = panel.layer_rect("kernel:beta")          # beta waits: paused at once
    assert panel.guest_at(rect.center().toPoint()) == "beta"
    menu = panel.context_menu_for(rect.center().toPoint())
    actions = actions_by_command(menu)
    assert [a.text() for a in menu.actions() if a.data()] == [
        guest_command_label(c) for c in GuestCommand]
    assert {c for c, a in actions.items() if a.isEnabled()} == {"pause", "power-off"}
    actions["pause"].trigger()
    assert session.guest("beta").state == GuestState.PAUSED
    assert session.actions[-1].kind == "pause"
    assert panel.badge("beta") == guest_state_label("paused") == "paused"
    panel.grab()
    assert "beta" in panel.painted_texts("guest:beta")
    assert "Resume" in panel.tooltip_for("guest:beta")
    # The menu follows the state: resume now, pause no longer.
    menu = panel.context_menu_for(rect.center().toPoint())
    actions = actions_by_command(menu)
    assert {c for c, a in actions.items() if a.isEnabled()} == {"resume", "power-off"}
    clock = session.guest("beta").vclock
    session.run(max_cycles=20_000)
    controller.changed.emit()
    assert session.guest("beta").vclock == clock
    actions["resume"].trigger()
    assert session.guest("beta").state != GuestState.PAUSED
    assert panel.context_menu_for(panel.layer_rect("vmm").center().toPoint()) is None


def test_the_guests_menu_and_the_statistics(main_window):
    window = main_window
    controller = window.controller
    session = controller.session
    window.fill_guests_menu()
    subs = [a.menu() for a in window.menu_guests.actions() if a.menu()]
    assert [m.title() for m in subs] == session.guest_names
    actions = actions_by_command(subs[1])                    # beta
    actions["power-off"].trigger()
    assert session.guest("beta").state == GuestState.POWERED_OFF
    window.fill_guests_menu()
    beta = [a.menu() for a in window.menu_guests.actions() if a.menu()][1]
    enabled = {c for c, a in actions_by_command(beta).items() if a.isEnabled()}
    assert enabled == {"power-on"}
    stats = window.panels["statistics"]
    stats.refresh()
    assert stats.data["state"]["beta"] == GuestState.POWERED_OFF
    actions_by_command(beta)["power-on"].trigger()
    assert session.guest("beta").state == GuestState.READY


def test_paused_in_catalan(show_panel):
    controller, panel = show_panel(StatisticsPanel, size=(900, 700))
    session = controller.session
    session.pause_guest("beta")
    before = session.cycles_by_bucket()
    session.run(max_cycles=30_000)
    controller.changed.emit()
    panel.refresh()
    after = session.cycles_by_bucket()
    assert after["beta.kernel"] == before["beta.kernel"]       # no CPU
    assert after["beta.user"] == before["beta.user"]
    assert panel.data["vclock"]["beta"] == session.guest("beta").vclock
    try:
        assert i18n.set_language("ca")
        QCoreApplication.processEvents()
        assert guest_state_label("paused") == "en pausa"
        assert guest_command_label("pause") == "Posa en pausa"
        assert guest_command_label("power-on") == "Engega"
    finally:
        i18n.set_language("en")


def test_the_timeline_shades_the_paused_span(show_panel):
    from vmlab.gui.panels.timeline import TimelinePanel
    controller, panel = show_panel(TimelinePanel, size=(900, 400))
    session = controller.session
    session.run(until_cycle=8_000)
    controller.command_guest("beta", "pause")       # on the CPU or not: when it lands
    session.run_until(lambda s: s.guest("beta").state == "paused")
    paused_at = session.cycle
    session.run(max_cycles=12_000)
    controller.command_guest("beta", "resume")
    resumed_at = session.cycle
    session.run(max_cycles=5_000)
    controller.changed.emit()
    panel.refresh()
    assert panel.lifecycle_spans("beta") == [(paused_at, resumed_at, "paused")]
    assert panel.lifecycle_spans("alpha") == []
    panel.grab()                                     # painted without error
    session.travel_to(paused_at - 1)                 # before the pause: no span yet
    controller.changed.emit()
    assert panel.lifecycle_spans("beta") == []


def test_a_pause_on_its_way_shows_on_the_badge(show_panel):
    controller, panel = show_panel(LayerDiagramPanel, size=(1000, 700))
    session = controller.session
    session.run_until(lambda s: s.running_guest == "alpha" and s.cycle > 3_000)
    controller.command_guest("alpha", "pause")       # on the CPU: at its next exit
    assert panel.badge("alpha") == "pausing…"
    menu = panel.context_menu_for(panel.layer_rect("kernel:alpha").center().toPoint())
    enabled = {c for c, a in actions_by_command(menu).items() if a.isEnabled()}
    assert enabled == {"resume", "power-off"}        # resume cancels it
    session.run_until(lambda s: s.guest("alpha").state == GuestState.PAUSED)
    controller.changed.emit()
    assert panel.badge("alpha") == "paused"
