"""Statistics panel: every number shown equals the session's."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from vmlab.gui import theme
from vmlab.gui.panels.statistics import StatisticsPanel


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests", width: int = 460, height: int = 900):
        return show_panel(StatisticsPanel, scenario, (width, height))
    return make


def run(controller, cycles: int | None = None) -> None:
    controller.session.run(cycles) if cycles is not None else controller.session.run()
    controller.changed.emit()


def n(value: int) -> str:
    return f"{value:,}"


def pct(part: int, total: int) -> str:
    return f"{100 * part / total:.1f} %"


@pytest.mark.parametrize("cycles", [None, 23_456])
def test_two_guests_numbers(make_panel, cycles):
    controller, panel = make_panel("two-guests")
    run(controller, cycles)
    s = controller.session
    vmm = s.vmm
    totals = s.cycles_by_bucket()
    total = s.cycle
    assert sum(totals.values()) == total
    alpha, beta = vmm.guests
    table = panel.shown_table()
    header = [panel.table.headerItem().text(c) for c in range(panel.table.columnCount())]
    assert header == ["", "alpha", "beta", "Total"]

    assert table["kernel"] == ["kernel mode", n(totals["alpha.kernel"]), n(totals["beta.kernel"]),
                               n(totals["alpha.kernel"] + totals["beta.kernel"])]
    assert table["user"] == ["user mode", n(totals["alpha.user"]), n(totals["beta.user"]),
                             n(totals["alpha.user"] + totals["beta.user"])]
    # the VMM's cycles on each guest's behalf, charged to its share: they add up
    guests = s.summary()["guests"]
    vmm_a, vmm_b = guests["alpha"]["vmm_cycles"], guests["beta"]["vmm_cycles"]
    assert vmm_a + vmm_b == totals["vmm"] and vmm_a > 0 and vmm_b > 0
    assert table["vmm"] == ["VMM", n(vmm_a), n(vmm_b), n(totals["vmm"])]
    assert "on that guest’s behalf" in panel._rows["vmm"].toolTip(1)
    assert table["idle"] == ["idle", "", "", n(totals["idle"])]
    assert table["all"] == ["all", n(totals["alpha.kernel"] + totals["alpha.user"]),
                            n(totals["beta.kernel"] + totals["beta.user"]), n(total)]
    overhead = pct(totals["vmm"], total)
    assert table["overhead"] == ["VMM overhead", pct(vmm_a, total), pct(vmm_b, total),
                                 overhead]

    assert set(k for k in table if k.startswith("exit:")) == \
        {f"exit:{c}" for c in vmm.exits_by_cause} | {"exit:all"}
    for cause, count in vmm.exits_by_cause.items():
        assert table[f"exit:{cause}"] == [cause, n(alpha.exits.get(cause, 0)),
                                          n(beta.exits.get(cause, 0)), n(count)]
    assert table["exit:all"] == ["all causes", n(sum(alpha.exits.values())),
                                 n(sum(beta.exits.values())),
                                 n(sum(vmm.exits_by_cause.values()))]
    for key in ("emulations", "reflections", "injections"):
        a, b = getattr(alpha, key), getattr(beta, key)
        assert table[key][1:] == [n(a), n(b), n(a + b)]
    assert table["world_switches"] == ["world switches", "", "", n(vmm.world_switches)]
    guest_traps = {g.name: s.summary()["guests"][g.name]["traps"] for g in vmm.guests}
    for cause in set(guest_traps["alpha"]) | set(guest_traps["beta"]):
        a, b = guest_traps["alpha"].get(cause, 0), guest_traps["beta"].get(cause, 0)
        assert table[f"trap:{cause}"] == [cause, n(a), n(b), n(a + b)]

    cards = panel.shown_cards()
    assert cards["cycles"] == (n(total), "cycles in total")
    assert cards["second"] == (overhead, "VMM overhead")
    assert cards["third"] == (n(sum(vmm.exits_by_cause.values())), "VM exits")
    assert cards["fourth"] == (n(vmm.world_switches), "world switches")

    model = panel.chart.model
    assert model["total"] == total
    assert [(b, v) for b, v, _, _ in model["cycles"]] == [
        (b, totals[b]) for b in ("alpha.kernel", "alpha.user", "beta.kernel", "beta.user",
                                 "vmm", "idle")]
    assert {c: per for c, per in model["causes"]} == {
        c: {"alpha": alpha.exits.get(c, 0), "beta": beta.exits.get(c, 0)}
        for c in vmm.exits_by_cause}
    colors = {b: c.name() for b, _, c, _ in model["cycles"]}
    assert colors["vmm"] == QColor(theme.VMM_COLOR).name()
    assert colors["alpha.user"] == theme.bucket_color("alpha.user", s.guest_names).name()


def test_full_run_figures(make_panel):
    """The known end of two-guests, as the command line reports it."""
    controller, panel = make_panel("two-guests")
    run(controller)
    summary = controller.session.summary()
    cards = panel.shown_cards()
    assert cards["cycles"][0] == n(summary["cycles"])
    assert cards["third"][0] == n(summary["vmm"]["exits"])
    assert cards["fourth"][0] == n(summary["vmm"]["world_switches"])
    assert cards["second"][0] == pct(summary["vmm"]["cycles"], summary["cycles"])


def test_native_numbers(make_panel):
    controller, panel = make_panel("native-alpha")
    run(controller)
    s = controller.session
    totals = s.cycles_by_bucket()
    total = s.cycle
    traps = s.summary()["guests"]["alpha"]["traps"]
    assert traps and sum(traps.values()) == sum(s.machine.trap_counts.values())
    header = [panel.table.headerItem().text(c) for c in range(panel.table.columnCount())]
    assert header == ["", "alpha"]
    table = panel.shown_table()
    assert "vmm" not in table and "overhead" not in table
    assert not any(k.startswith("exit:") for k in table)
    assert table["kernel"] == ["kernel mode", n(totals["alpha.kernel"])]
    assert table["user"] == ["user mode", n(totals["alpha.user"])]
    assert table["idle"] == ["idle", n(totals["idle"])]
    assert table["all"] == ["all", n(total)]
    for cause, count in traps.items():
        assert table[f"trap:{cause}"] == [cause, n(count)]
    assert table["trap:all"] == ["all causes", n(sum(traps.values()))]
    cards = panel.shown_cards()
    assert cards["cycles"] == (n(total), "cycles in total")
    assert cards["second"] == (pct(totals["alpha.kernel"], total), "of the time in kernel mode")
    assert cards["third"] == (n(sum(traps.values())), "traps")
    assert cards["fourth"] == (pct(totals["idle"], total), "of the time idle")
    assert [b for b, *_ in panel.chart.model["cycles"]] == ["alpha.kernel", "alpha.user", "idle"]
    assert {c: per for c, per in panel.chart.model["causes"]} == {
        c: {"alpha": v} for c, v in traps.items()}


def test_numbers_follow_time_travel(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller)
    controller.travel_to(40_000)
    s = controller.session
    table = panel.shown_table()
    assert table["all"][-1] == n(40_000)
    assert table["vmm"][-1] == n(s.cycles_by_bucket()["vmm"])
    assert table["exit:all"][-1] == n(sum(s.vmm.exits_by_cause.values()))


def test_at_power_on_nothing_divides_by_zero(make_panel):
    controller, panel = make_panel("two-guests")
    panel.refresh()
    cards = panel.shown_cards()
    assert cards["cycles"][0] == "0"
    assert cards["second"][0] == "–"
    assert panel.shown_table()["overhead"][-1] == "–"
    assert panel.chart.model["causes"] == []
    assert not panel.grab().isNull()


def test_where_the_storms_time_went(make_panel):
    """Beside a trap storm, the VMM row shows the work done on the storm's behalf."""
    controller, panel = make_panel("trap-storm")
    run(controller, 100_000)
    s = controller.session
    totals, guests = s.cycles_by_bucket(), s.summary()["guests"]
    storm = guests["trap-storm"]["vmm_cycles"]
    table = panel.shown_table()
    assert table["vmm"][2] == n(storm)
    assert storm > 20 * (totals["trap-storm.kernel"] + totals["trap-storm.user"])
    # a guest's own cycles plus the VMM's on its behalf: its part, about half each
    alpha = int(table["all"][1].replace(",", "")) + int(table["vmm"][1].replace(",", ""))
    assert abs(alpha / s.cycle - 0.5) < 0.02


@pytest.mark.parametrize("scenario", ["hog", "garbage", "halt-at-once", "wild-writer",
                                      "trap-storm", "native-beta"])
def test_never_raises(make_panel, scenario):
    controller, panel = make_panel(scenario)
    controller.step_cycle()
    run(controller, 3_000)
    assert not panel.grab().isNull()
    run(controller)
    totals = controller.session.cycles_by_bucket()
    assert panel.shown_table()["all"][-1] == n(sum(totals.values()))
    assert not panel.grab().isNull()


def test_dark_presenter_and_narrow(make_panel, qapp):
    controller, panel = make_panel("two-guests", width=300)
    run(controller, 50_000)
    assert panel._card_columns == 2
    palette = QPalette(qapp.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    panel.setPalette(palette)
    height = panel.chart.height()
    theme.set_scale(1.6)
    panel.apply_style()
    panel.chart._relayout()
    assert panel.chart.height() > height
    panel.resize(1000, 800)
    assert panel._card_columns == 4
    assert not panel.grab().isNull()
