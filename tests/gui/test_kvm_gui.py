"""kvm in the window (docs/hypervisor-types.md, 5): the host process is a column of its
own beside the virtual machines, one box (its program, in user mode), lit while it runs;
the host OS kernel's layer names kvm; the timeline gives the process one lane (no kernel
of its own) and the statistics count the host kernel's system calls apart from the VMM."""

from __future__ import annotations

import pytest

from vmlab.gui.panels.layer_diagram import LayerDiagramPanel
from vmlab.gui.panels.statistics import StatisticsPanel
from vmlab.gui.panels.timeline import TimelinePanel
from vmlab.vmm.host_os import HostSyscall


def advance(controller, predicate, max_cycles=200_000):
    reason = controller.session.run_until(predicate, max_cycles=max_cycles)
    assert reason == "predicate", reason
    controller.changed.emit()


def runs(name):
    return lambda s: s.activity().layer == "guest" and s.activity().guest == name


def test_the_host_process_is_one_box_lit_while_it_runs(show_panel):
    controller, panel = show_panel(LayerDiagramPanel, "kvm", (1400, 800))
    ids = panel.layer_ids()
    assert "hostos" in ids and "kernel:backup" in ids
    assert not any(i.startswith("process:backup:") for i in ids)
    assert "kvm" in panel.header_title() and "one host process" in panel.header_title()
    assert "2 virtual machines" in panel.header_title()
    assert "Linux with kvm" in panel.tooltip_for("hostos")
    assert "not a virtual machine" in panel.tooltip_for("kernel:backup")
    advance(controller, runs("backup"))
    assert panel.lit_layer() == "kernel:backup"
    panel.grab()
    assert any("user program" in text for text in panel.painted_texts("kernel:backup"))
    assert panel.cut_texts() == []
    advance(controller, runs("alpha"))
    assert panel.lit_layer() != "kernel:backup"


def test_the_timeline_gives_the_process_one_lane(show_panel):
    controller, panel = show_panel(TimelinePanel, "kvm", (1200, 300))
    assert panel.lanes == ["alpha.kernel", "alpha.user", "cruncher.kernel", "cruncher.user",
                           "backup.user", "vmm", "host", "idle"]
    controller.session.run(60_000)
    controller.changed.emit()
    totals = controller.session.cycles_by_bucket()
    assert totals["host"] > 0 and totals["backup.user"] > 0
    assert panel.lane_totals() == {b: totals[b] for b in panel.lanes}


def test_the_statistics_count_the_host_kernels_system_calls_apart(show_panel):
    controller, panel = show_panel(StatisticsPanel, "kvm", (900, 700))
    session = controller.session
    session.run(80_000)
    controller.changed.emit()
    panel.refresh()
    table = panel.shown_table()
    events, _ = session.events.read(None)
    calls = sum(1 for e in events if isinstance(e, HostSyscall))
    assert calls > 0 and table["host_syscalls"][-1] == f"{calls:,}"
    totals = session.cycles_by_bucket()
    assert table["host"][-1] == f"{totals['host']:,}"
    assert table["vmm"][-1] == f"{totals['vmm']:,}"      # the host kernel's work is not the VMM's


def test_a_host_process_offers_no_vm_commands(show_panel, qtbot, prefs):
    controller, panel = show_panel(LayerDiagramPanel, "kvm", (1400, 800))
    assert controller.can_restore("alpha") and not controller.can_restore("backup")
    box = panel.layer_rect("kernel:backup")
    menu = panel.context_menu_for(box.center().toPoint())
    texts = [a.text() for a in menu.actions() if not a.isSeparator() and a.text()]
    assert texts[-1] == "A host process: no VM commands"
    assert not any(a.isEnabled() for a in menu.actions() if a.text() != "backup")
    from vmlab.gui.main_window import MainWindow
    MainWindow.testing_dialogs = True
    window = MainWindow(controller, prefs)
    qtbot.addWidget(window)
    window.fill_guests_menu()
    items = {a.text(): a for a in window.menu_guests.actions()}
    assert "backup (host process: no VM commands)" in items
    assert not items["backup (host process: no VM commands)"].isEnabled()
    assert items["alpha"].menu() is not None


def test_the_host_kernels_step_for_a_process_is_said_once_and_alone(show_panel):
    """While the host kernel handles backup's trap: its layer lit, titled without saying
    "host OS" twice, no arrow (the last VM exit's is not what happens now), and the
    status bar's "on the CPU" names the host OS kernel, not the VMM."""
    from vmlab.gui.labels import on_cpu_label
    controller, panel = show_panel(LayerDiagramPanel, "kvm", (1400, 800))
    advance(controller, lambda s: s.activity().layer == "vmm"
            and s.activity().step == "host-kernel")
    assert panel.lit_layer() == "hostos"
    assert panel.arrow() is None
    panel.grab()
    assert "Host OS kernel: a process's trap" in panel.painted_texts("hostos")
    assert on_cpu_label(controller.session.activity()) == \
        "on the CPU: the host OS kernel, for backup"
    assert panel.cut_texts() == []


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_three_columns_fit_in_presenter_mode_at_classroom_sizes(qtbot, prefs, lang):
    """Two virtual machines and a host process in presenter mode at 1280x720 and
    1920x1080: every name whole, Alpha's three processes in one row, no text cut in the
    columns (a narrow column's badge becomes a dot in the state's colour)."""
    from vmlab.gui import i18n
    from vmlab.gui.controller import SessionController
    from vmlab.gui.main_window import MainWindow
    from vmlab.scenario import load_scenario
    from vmlab.session import Session
    i18n.set_language(lang)
    try:
        MainWindow.testing_dialogs = True
        window = MainWindow(SessionController(Session(load_scenario("kvm", lang=lang))), prefs)
        qtbot.addWidget(window)
        window.show()
        window.controller.session.run(until_cycle=30_000)
        window.controller.changed.emit()
        window.set_presenter(True)
        diagram = window.panels["layers"]
        for size in ((1280, 720), (1920, 1080)):
            window.resize(*size)
            qtbot.wait(50)
            window.grab()
            columns = [c for c in diagram.cut_texts()
                       if not c[0].startswith(diagram.technique_name())]   # the header's
            assert columns == [], (size, columns)
            texts = diagram.painted_texts()
            for name in ("alpha", "cruncher", "backup", "ping", "pong", "intruder"):
                assert name in texts, (size, name)
    finally:
        i18n.set_language("en")
