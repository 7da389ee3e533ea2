"""Type 2 in the window (docs/hypervisor-types.md): a host OS layer between the VMM and
the hardware in the layer diagram, lit while an exit passes through the host kernel; a
"host OS" lane in the timeline; its cycles and transitions in the statistics."""

from __future__ import annotations

from vmlab.gui.labels import step_label
from vmlab.gui.panels.layer_diagram import LayerDiagramPanel
from vmlab.gui.panels.statistics import StatisticsPanel
from vmlab.gui.panels.timeline import TimelinePanel
from vmlab.observe.vocabulary import VmmStep


def advance(controller, predicate, max_cycles=200_000):
    reason = controller.session.run_until(predicate, max_cycles=max_cycles)
    assert reason == "predicate", reason
    controller.changed.emit()


def in_step(step):
    return lambda s: s.activity().layer == "vmm" and s.activity().step == step


def test_the_layer_diagram_has_a_host_os_layer_under_type2_only(show_panel):
    _, type1 = show_panel(LayerDiagramPanel, "two-guests", (1000, 700))
    assert "hostos" not in type1.layer_ids()
    controller, panel = show_panel(LayerDiagramPanel, "two-guests-type2", (1000, 700))
    assert "hostos" in panel.layer_ids()
    host_os, vmm, host = (panel.layer_rect(k) for k in ("hostos", "vmm", "host"))
    # Between the VMM and the hardware, as in the lecture's picture of a type 2 VMM.
    assert vmm.bottom() <= host_os.top() and host_os.bottom() <= host.top()
    assert "type 2" in panel.header_title()
    assert "VMware Workstation" in panel.tooltip_for("hostos")
    for step in (VmmStep.HOST_UP, VmmStep.HOST_DOWN):
        advance(controller, in_step(step))
        assert panel.lit_layer() == "hostos"
        panel.grab()
        assert any("Host OS kernel" in text for text in panel.painted_texts("hostos")), \
            panel.painted_texts()
    advance(controller, in_step(VmmStep.EXIT))
    assert panel.lit_layer() == "vmm"


def test_the_timeline_has_a_host_os_lane_holding_its_cycles(show_panel):
    controller, panel = show_panel(TimelinePanel, "two-guests-type2", (1200, 300))
    assert panel.lanes == ["alpha.kernel", "alpha.user", "beta.kernel", "beta.user", "vmm",
                           "host", "idle"]
    assert panel.lane_label("host") == "host OS"
    controller.session.run(40_000)
    controller.changed.emit()
    totals = controller.session.cycles_by_bucket()
    assert totals["host"] > 0
    assert panel.lane_totals() == {b: totals[b] for b in panel.lanes}


def test_the_statistics_show_the_host_kernel_and_its_transitions(show_panel):
    controller, panel = show_panel(StatisticsPanel, "two-guests-type2", (900, 700))
    controller.session.run(40_000)
    controller.changed.emit()
    panel.refresh()
    table = panel.shown_table()
    counted = controller.session.counters()
    assert counted.host_transitions > 0
    assert table["host_transitions"][-1] == f"{counted.host_transitions:,}"
    host = controller.session.cycles_by_bucket()["host"]
    assert table["host"][-1] == f"{host:,}"


def test_the_trap_inspector_names_the_host_steps():
    assert step_label(VmmStep.HOST_UP) == "host OS: up to the VMM"
    assert step_label(VmmStep.HOST_DOWN) == "host OS: down to the guest"
