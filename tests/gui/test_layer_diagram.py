"""The layer diagram shows what the session is doing: lit layer, arrows, badges, tooltips."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QFontMetricsF, QHelpEvent, QPalette
from PySide6.QtWidgets import QToolTip

from vmlab.asm import assemble
from vmlab.gui import theme
from vmlab.gui.controller import CLASSROOM_SPEED, MAX_SPEED, SessionController
from vmlab.gui.labels import RunState, run_state_label, step_label
from vmlab.gui.main_window import PRESENTER_SCALE
from vmlab.gui.panels.layer_diagram import (NATIVE_RETURN_WINDOW, LayerDiagramPanel,
                                            latest_event, process_at, program_processes)
from vmlab.gui.panels.vmm_share import share_window
from vmlab.scenario import GuestConfig, Scenario
from vmlab.session import Session


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests", size=(1000, 700)):
        return show_panel(LayerDiagramPanel, scenario, size)
    return make


def advance(controller, predicate, max_cycles=400_000):
    """Run the session until predicate holds (cycle by cycle), then tell the panels."""
    reason = controller.session.run_until(predicate, max_cycles=max_cycles)
    assert reason == "predicate", reason
    controller.changed.emit()


def process_id(session, guest):
    view = session.guest(guest)
    proc = process_at(program_processes(view.program), view.sr["BASE"])
    return f"process:{guest}:{proc.name}"


def guest_runs(name, mode):
    def check(s):
        a = s.activity()
        return a.layer == "guest" and a.guest == name and a.mode == mode
    return check


def vmm_step(step):
    return lambda s: s.activity().layer == "vmm" and s.activity().step == step


# ---------------------------------------------------------------------- processes
def test_processes_are_the_phase_blocks_named_by_their_first_label(make_controller):
    session = make_controller("two-guests").session
    alpha = program_processes(session.guest("alpha").program)
    beta = program_processes(session.guest("beta").program)
    assert [p.name for p in alpha] == ["ping", "pong", "intruder"]
    assert [p.name for p in beta] == ["primes", "squares"]
    assert alpha[0].start == 0x1000 and alpha[0].end > alpha[0].start
    assert process_at(alpha, 0x1800).name == "pong"
    assert process_at(alpha, 0) is None


def test_processes_of_any_program():
    assert program_processes(assemble("halt\n")) == []
    # Two blocks loaded back to back are two processes, even without a gap.
    program = assemble(".phase 0\nfirst: nop\n jmp first\n.dephase\n"
                       ".phase 0\nsecond: nop\n jmp second\n.dephase\n")
    procs = program_processes(program)
    assert [(p.name, p.start, p.end) for p in procs] == [("first", 0, 2), ("second", 2, 4)]
    # A block with no label still gets a name.
    unnamed = program_processes(assemble(".phase 0\n nop\n.dephase\n"))
    assert len(unnamed) == 1 and unnamed[0].name


# ---------------------------------------------------------------------- two guests
def test_lit_layer_and_arrows_follow_the_session(make_panel):
    controller, panel = make_panel()
    s = controller.session
    # Power-on: the VMM's first VM entry into alpha's kernel.
    assert s.activity().step == "entry"
    assert panel.lit_layer() == "vmm"
    assert panel.arrow() == ("up", "vmm", "kernel:alpha", "VM entry")
    # Once entered, alpha's kernel runs directly on the CPU.
    advance(controller, guest_runs("alpha", "kernel"))
    assert panel.lit_layer() == "kernel:alpha"
    assert panel.arrow() is None
    # Its first privileged instruction traps: a VM exit, the VMM lit, an arrow down.
    s.run_to_next_trap()
    controller.changed.emit()
    exit_event = s.trap_events()[-1]
    assert s.activity().step == "exit"
    assert panel.lit_layer() == "vmm"
    direction, source, target, label = panel.arrow()
    assert (direction, source, target) == ("down", "kernel:alpha", "vmm")
    assert exit_event.cause in label and exit_event.instruction in label
    # The arrow stays while the VMM emulates, then turns into the return during entry.
    advance(controller, vmm_step("emulate"))
    assert panel.arrow()[:3] == ("down", "kernel:alpha", "vmm")
    advance(controller, vmm_step("entry"))
    assert panel.arrow() == ("up", "vmm", "kernel:alpha", "VM entry")
    advance(controller, guest_runs("alpha", "kernel"))
    assert panel.arrow() is None


def test_user_mode_process_is_lit_and_its_traps_come_from_it(make_panel):
    controller, panel = make_panel()
    s = controller.session
    advance(controller, guest_runs("alpha", "user"))
    assert s.guest("alpha").sr["BASE"] == 0x1000
    assert panel.lit_layer() == "process:alpha:ping" == process_id(s, "alpha")
    # ping's next trap (a system call, or the VMM's timer) goes down from ping.
    s.run_to_next_trap()
    controller.changed.emit()
    exit_event = s.trap_events()[-1]
    assert exit_event.vmode == "user"
    assert panel.arrow()[:3] == ("down", "process:alpha:ping", "vmm")
    # The entry back to user mode points up at the process again.
    advance(controller, lambda s: vmm_step("entry")(s) and s.activity().mode == "user")
    assert panel.arrow()[:3] == ("up", "vmm", process_id(s, s.activity().guest))


def test_beta_column_and_world_switch(make_panel):
    controller, panel = make_panel()
    s = controller.session
    assert {"guest:beta", "kernel:beta", "process:beta:primes",
            "process:beta:squares"} <= set(panel.layer_ids())
    advance(controller, vmm_step("switch"))
    assert panel.lit_layer() == "vmm"
    assert s.activity().guest == "beta"
    advance(controller, guest_runs("beta", "user"))
    assert panel.lit_layer() == process_id(s, "beta")
    assert panel.lit_layer() in ("process:beta:primes", "process:beta:squares")
    assert panel.badge("beta") == "on the CPU" and panel.badge("alpha") == "ready"
    # The columns stand side by side, above the VMM, which stands on the host.
    alpha, beta = panel.layer_rect("guest:alpha"), panel.layer_rect("guest:beta")
    vmm, host = panel.layer_rect("vmm"), panel.layer_rect("host")
    assert alpha.right() < beta.left()
    assert max(alpha.bottom(), beta.bottom()) < vmm.top() < vmm.bottom() < host.top()
    assert panel.layer_rect("kernel:beta").top() > panel.layer_rect("process:beta:primes").bottom()


def test_idle_when_every_guest_waits(qtbot):
    program = assemble("li r1, 300\nmtsr TIMER, r1\nwfi\nhalt\n")
    scenario = Scenario("idle", None, {"en": "idle"}, "trap-and-emulate",
                        [GuestConfig("solo", Path("solo.vl32"), program, 1024)])
    controller = SessionController(Session(scenario))
    panel = LayerDiagramPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(800, 600)
    panel.show()
    advance(controller, lambda s: s.activity().layer == "idle", max_cycles=4000)
    assert panel.lit_layer() == "idle"
    assert panel.badge("solo") == "waiting"
    assert panel.arrow() is None
    assert "idle" in panel.tooltip_for("vmm")
    assert panel.layer_ids()[-1] == "kernel:solo"          # no processes, no boxes for them
    panel.grab()
    advance(controller, lambda s: s.activity().layer == "guest", max_cycles=4000)
    assert panel.lit_layer() == "kernel:solo"


def test_stopped(make_panel):
    controller, panel = make_panel("two-guests")
    s = controller.session
    s.run()
    controller.changed.emit()
    assert s.halted
    assert panel.lit_layer() == "stopped"
    assert panel.arrow() is None
    assert panel.badge("alpha") == "halted" and panel.badge("beta") == "halted"
    assert panel.status_text().startswith("powered off")   # the VMM switched the machine off
    panel.grab()
    vmm = panel.painted_texts("vmm")
    assert "powered off" in vmm
    assert "no guest left to run: every guest has halted" in vmm
    assert f"{s.counters().exits:,} VM exits · {s.counters().world_switches:,} world switches" \
        in vmm


# ---------------------------------------------------------------------- native
def test_native_has_no_vmm_and_arrows_join_process_and_kernel(make_panel):
    controller, panel = make_panel("native-alpha")
    s = controller.session
    ids = panel.layer_ids()
    assert "vmm" not in ids and "host" in ids and "kernel:alpha" in ids
    assert panel.layer_rect("kernel:alpha").bottom() < panel.layer_rect("host").top()
    assert panel.lit_layer() == "kernel:alpha"
    assert panel.arrow() is None           # booting: no trap yet
    # The kernel returns to a process: ERET, user mode, an arrow up.
    advance(controller, lambda s: s.activity().mode == "user")
    proc = process_id(s, "alpha")
    assert panel.lit_layer() == proc
    assert panel.arrow()[:3] == ("up", "kernel:alpha", proc)
    # The process traps: the kernel is lit, the arrow points down from the process.
    advance(controller, lambda s: s.activity().mode == "kernel")
    trap = s.trap_events()[-1]
    assert trap.mode == "user"
    assert panel.lit_layer() == "kernel:alpha"
    direction, source, target, label = panel.arrow()
    assert (direction, source, target) == ("down", proc, "kernel:alpha")
    assert trap.cause in label
    # The up arrow fades once the process has run a few cycles.
    advance(controller, lambda s: s.activity().mode == "user")
    assert panel.arrow()[0] == "up"
    returned = s.cycle
    advance(controller, lambda s: s.cycle >= returned + NATIVE_RETURN_WINDOW)
    assert s.activity().mode == "user"       # (deterministic: the process is computing)
    assert panel.lit_layer().startswith("process:alpha:")
    assert panel.arrow() is None


# ---------------------------------------------------------------------- badges
@pytest.mark.parametrize("scenario, guest, badge", [("garbage", "garbage", "crashed"),
                                                     ("halt-at-once", "halt-at-once", "halted")])
def test_finished_guests_show_it(make_panel, scenario, guest, badge):
    controller, panel = make_panel(scenario)
    assert panel.badge(guest) == "ready"
    controller.session.run(30_000)
    controller.changed.emit()
    assert controller.session.guest(guest).state == badge
    assert panel.badge(guest) == badge
    assert panel.badge("alpha") in ("on the CPU", "ready")
    assert panel.lit_layer() != f"kernel:{guest}"
    image = panel.grab().toImage()
    # A crashed guest's column is outlined in red.
    if badge == "crashed":
        rect = panel.layer_rect(f"guest:{guest}")
        edge = QColor(image.pixel(int(rect.center().x()), int(rect.top())))
        assert edge.red() > 150 and edge.green() < 120


# ---------------------------------------------------------------------- tooltips
def visible_point(panel, layer_id):
    """A point of a layer not covered by a layer painted above it (a column's title)."""
    rect = panel.layer_rect(layer_id)
    for fy in (0.5, 0.03, 0.97):
        for fx in (0.5, 0.1, 0.9):
            point = QPointF(rect.left() + rect.width() * fx, rect.top() + rect.height() * fy)
            if panel.layer_at(point) == layer_id:
                return point
    return None


def test_every_layer_has_a_tooltip(make_panel, qtbot):
    for scenario in ("two-guests", "native-beta", "hog"):
        controller, panel = make_panel(scenario)
        ids = panel.layer_ids()
        assert ids
        for layer_id in ids:
            point = visible_point(panel, layer_id)
            assert point is not None, layer_id
            assert panel.layer_at(point) == layer_id
            assert panel.tooltip_for(layer_id).strip(), layer_id
        assert panel.layer_at(QPoint(1, 1)) == ""
    # The hover event shows the tooltip of the layer under the mouse.
    controller, panel = make_panel("two-guests")
    center = panel.layer_rect("vmm").center().toPoint()
    event = QHelpEvent(QEvent.Type.ToolTip, center, panel.mapToGlobal(center))
    panel.event(event)
    assert QToolTip.text() == panel.tooltip_for("vmm")
    assert "VMM" in QToolTip.text()
    QToolTip.hideText()


def test_tooltips_tell_the_layer_apart(make_panel):
    controller, panel = make_panel("two-guests")
    texts = {i: panel.tooltip_for(i) for i in ("host", "vmm", "guest:alpha", "kernel:alpha",
                                               "process:alpha:ping")}
    assert len(set(texts.values())) == len(texts)
    assert "65,536" in texts["host"]
    assert "deprivileged" in texts["kernel:alpha"]
    assert "BASE/BOUND" in texts["process:alpha:ping"]
    assert panel.tooltip_for("process:alpha:nobody") == ""
    assert panel.tooltip_for("kernel:nobody") == ""


# ---------------------------------------------------------------------- looks
def _dark_palette() -> QPalette:
    palette = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#1e1f22"), (QPalette.ColorRole.Base, "#16171a"),
                        (QPalette.ColorRole.Text, "#e6e6e6"),
                        (QPalette.ColorRole.WindowText, "#e6e6e6")):
        palette.setColor(role, QColor(color))
    return palette


def test_dark_palette_renders(make_panel):
    controller, panel = make_panel("two-guests")
    panel.setPalette(_dark_palette())
    advance(controller, vmm_step("emulate"))
    image = panel.grab().toImage()
    corner = QColor(image.pixel(2, 2))
    assert corner.lightness() < 60                      # the canvas follows the palette
    vmm = panel.layer_rect("vmm")
    lit = QColor(image.pixel(int(vmm.right() - 6), int(vmm.bottom() - 6)))
    assert lit.name() == QColor(theme.VMM_COLOR).name()  # the lit VMM in its colour
    host = panel.layer_rect("host")
    dim = QColor(image.pixel(int(host.left() + 6), int(host.bottom() - 6)))
    assert dim.lightness() < 128                         # dimmed layers stay dark


def test_presenter_mode_scales_the_text(make_panel):
    controller, panel = make_panel("two-guests", size=(1600, 1000))
    normal = panel.layer_rect("guest:alpha").top()     # below the header line
    theme.set_scale(PRESENTER_SCALE, theme.PRESENTER_MIN_PX)
    panel.apply_style()
    assert panel.layer_rect("guest:alpha").top() > normal * 1.2      # the header line grows
    panel.grab()
    theme.set_scale(1.0)
    panel.apply_style()
    assert panel.layer_rect("guest:alpha").top() == pytest.approx(normal)


def test_paused_and_running_indicator(make_panel, qtbot):
    # hog never halts (two-guests may end before the pause and read "stopped").
    controller, panel = make_panel("hog")
    assert panel.status_text().startswith("paused")
    assert "cycle 0" in panel.status_text()
    controller.run()
    assert panel.status_text().startswith("running")
    qtbot.waitUntil(lambda: controller.session.cycle > 0, timeout=5000)
    controller.pause()
    cycle = controller.session.cycle
    assert panel.status_text() == f"paused · cycle {cycle:,}"


def test_never_raises_while_stepping_every_scenario(make_panel):
    """Mid-instruction, mid VMM step, idle, crashed, halted: always paints."""
    for scenario in ("two-guests", "native-beta", "garbage", "wild-writer", "hog",
                     "halt-at-once"):
        controller, panel = make_panel(scenario, size=(700, 420))
        s = controller.session
        for _ in range(6):
            for _ in range(7):
                controller.step_cycle()
            panel.repaint()
            s.run(3_331)
            controller.changed.emit()
            panel.repaint()
            assert panel.lit_layer()
        s.run()
        controller.changed.emit()
        panel.repaint()
        assert (panel.lit_layer() == "stopped") == bool(s.halted)


def test_refresh_is_cheap_with_a_long_log(make_panel):
    import time
    controller, panel = make_panel("two-guests")
    controller.session.run(150_000)
    start = time.perf_counter()
    for _ in range(20):
        panel.refresh()
    assert (time.perf_counter() - start) / 20 < 0.02


def test_latest_event_matches_trap_events(make_controller):
    session = make_controller("two-guests").session
    assert latest_event(session, "vm-exit") is None
    session.run(20_000)
    assert latest_event(session, "vm-exit") is session.trap_events()[-1]


def test_session_replaced_rebuilds_the_columns(make_panel):
    controller, panel = make_panel("two-guests")
    controller.open_scenario("native-beta")
    assert "guest:alpha" not in panel.layer_ids()
    assert "process:beta:primes" in panel.layer_ids()
    assert "vmm" not in panel.layer_ids()
    controller.set_technique("trap-and-emulate")
    assert "vmm" in panel.layer_ids()
    assert panel.lit_layer() == "vmm"


# ---------------------------------------------------------------------- each technique
@pytest.mark.parametrize("scenario, technique", [
    ("two-guests", "Trap and emulate"), ("two-guests-bt", "Binary translation"),
    ("two-guests-hw1", "Hardware assist, generation 1"),
    ("two-guests-hw2", "Hardware assist, generation 2"),
    ("two-guests-pv", "Paravirtualization")])
def test_the_title_and_the_kernel_follow_the_technique(make_panel, scenario, technique):
    controller, panel = make_panel(scenario)
    assert panel.header_title().startswith(technique + ":")
    kernel = panel.tooltip_for("kernel:" + controller.session.guest_names[0])
    vmm = panel.tooltip_for("vmm")
    if scenario.endswith(("hw1", "hw2")):
        assert "deprivileged" not in kernel and "guest mode" in kernel
        assert "guest mode" in panel.kernel_captions()[0]
        assert "control block" in vmm
    elif scenario.endswith("pv"):
        assert "hypercall" in kernel and "hypercall" in panel.kernel_captions()[0]
    elif scenario.endswith("bt"):
        assert "callout" in kernel and "translat" in panel.kernel_captions()[0]
    else:
        assert "deprivileged" in kernel and "traps to the VMM" in kernel
    panel.grab()                                  # paints without raising


@pytest.mark.parametrize("scenario, step, words", [
    ("two-guests-bt", "translate", "translating a block"),
    ("two-guests-bt", "callout", "without a trap"),
    ("two-guests-hw1", "hw-exit", "control block"),
    ("two-guests-hw1", "hw-entry", "control block"),
    ("two-guests-hw1", "compose-window", "memory window"),
    ("two-guests-pv", "hypercall", "hypercall")])
def test_each_step_of_the_technique_is_described_when_current(make_panel, scenario, step,
                                                                words):
    controller, panel = make_panel(scenario)
    advance(controller, vmm_step(step))
    assert panel.lit_layer() == "vmm"
    assert panel._compute_state().step == step
    assert words in panel.step_description(step, "alpha")
    assert panel.step_description(step, "alpha") != ""
    assert panel.step_text(step)
    panel.grab()


def test_an_unported_kernel_under_the_paravirtual_vmm_is_trap_and_emulate(make_panel):
    controller, panel = make_panel("two-guests-pv")
    assert panel.ported("alpha-pv") and not panel.ported("beta")
    assert "hypercall" in panel.tooltip_for("kernel:alpha-pv")
    beta = panel.tooltip_for("kernel:beta")
    assert "hypercall" not in beta and "traps to the VMM" in beta
    assert panel.kernel_captions("beta") == ("virtual kernel mode · deprivileged",
                                             "deprivileged")
    assert "hypercalls" in panel.kernel_captions("alpha-pv")[0]


# ---------------------------------------------------------------------- the VMM's share
def vmm_cycles_between(session, start, end):
    """The VMM's cycles in [start, end), summed from the session's whole timeline."""
    return sum(min(e, end) - max(s, start) for s, e, bucket in session.timeline()
               if bucket == "vmm" and e > start and s < end)


def test_the_share_is_the_attribution_of_the_whole_run_while_it_is_short(make_panel):
    controller, panel = make_panel()
    controller.set_speed(CLASSROOM_SPEED)
    s = controller.session
    s.run(until_cycle=1_500)                        # less than the window: all of it
    controller.changed.emit()
    share = panel.vmm_share()
    assert share.window == share_window(CLASSROOM_SPEED) > 1_500
    assert (share.start, share.end) == (0, 1_500)
    assert share.vmm_cycles == s.cycles_by_bucket()["vmm"]
    percent = round(100 * s.cycles_by_bucket()["vmm"] / 1_500)
    panel.grab()
    assert f"VMM: {percent}% of the last 1,500 cycles" in panel.painted_texts("vmm")


@pytest.mark.parametrize("speed, cycle", [(CLASSROOM_SPEED, 30_000), (MAX_SPEED, 150_000),
                                          (20, 61_234)])
def test_the_share_of_the_last_cycles_matches_the_attribution(make_panel, speed, cycle):
    controller, panel = make_panel()
    controller.set_speed(speed)
    s = controller.session
    s.run(until_cycle=cycle)
    controller.changed.emit()
    share = panel.vmm_share()
    window = share_window(speed)
    assert (share.start, share.end) == (cycle - window, cycle)
    assert share.vmm_cycles == vmm_cycles_between(s, cycle - window, cycle) > 0
    # Bin by bin: the VMM's part of each (bins aligned to multiples of their size).
    size = window // len(share.bins)
    first = (cycle - 1) // size - len(share.bins) + 1
    for k, (fraction, main) in enumerate(share.bins):
        lo, hi = (first + k) * size, min(cycle, (first + k + 1) * size)
        assert fraction == pytest.approx(vmm_cycles_between(s, lo, hi) / (hi - lo))
        assert main in s.buckets()
    panel.grab()
    percent = round(100 * share.vmm_cycles / window)
    assert f"VMM: {percent}% of the last {window:,} cycles" in panel.painted_texts("vmm")


def test_the_share_is_read_once_per_refresh_while_running(make_panel, qtbot, monkeypatch):
    import vmlab.gui.panels.layer_diagram as module
    reads = []
    real = module.vmm_share
    monkeypatch.setattr(module, "vmm_share", lambda *a, **k: reads.append(1) or real(*a, **k))
    controller, panel = make_panel("hog")
    controller.set_speed(100_000)
    before = len(reads)
    controller.run()
    qtbot.waitUntil(lambda: controller.frames >= 10, timeout=5000)
    controller.pause()
    during = len(reads) - before
    # Thousands of instructions ran, and the share was read once a frame (and once each
    # for run and pause), never per instruction.
    assert controller.session.cycle > 1_000
    assert during <= controller.frames + 3


def test_the_share_strip_shows_the_vmm_and_the_guests(make_panel):
    controller, panel = make_panel(size=(1000, 700))
    controller.set_speed(CLASSROOM_SPEED)
    s = controller.session
    s.run(until_cycle=60_000)
    controller.changed.emit()
    image = panel.grab().toImage()
    strip = panel.share_rect()
    assert strip is not None and strip.width() > 100
    assert panel.layer_rect("vmm").contains(strip)
    share = panel.vmm_share()
    step = strip.width() / len(share.bins)
    vmm_color, seen = QColor(theme.VMM_COLOR), set()
    for k, (fraction, main) in enumerate(share.bins):
        if fraction is None or fraction not in (0.0, 1.0):
            continue
        x = int(strip.left() + (k + 0.5) * step)
        pixel = image.pixelColor(x, int(strip.center().y()))
        is_vmm = abs(pixel.red() - vmm_color.red()) + abs(pixel.green() - vmm_color.green()) \
            + abs(pixel.blue() - vmm_color.blue()) < 40
        assert is_vmm == (fraction == 1.0), (k, fraction, pixel.name())
        seen.add(fraction)
    assert seen == {0.0, 1.0}                       # bars all VMM and all guest, both shown


def test_a_native_session_has_no_share(make_panel):
    controller, panel = make_panel("native-alpha")
    controller.session.run(until_cycle=5_000)
    controller.changed.emit()
    assert panel.vmm_share() is None
    panel.grab()
    assert not any(text.startswith("VMM:") for text in panel.painted_texts())


# ---------------------------------------------------------------------- in the window
@pytest.fixture
def window_at(qtbot, make_controller, tmp_path):
    from PySide6.QtCore import QCoreApplication, QSettings

    from vmlab.gui import i18n
    from vmlab.gui.main_window import MainWindow
    from vmlab.gui.preferences import Preferences
    made = []

    def make(size, language, presenter, scenario="two-guests"):
        i18n.set_language(language)
        MainWindow.testing_dialogs = True
        prefs = Preferences(QSettings(str(tmp_path / f"{len(made)}.ini"),
                                      QSettings.Format.IniFormat))
        window = MainWindow(make_controller(scenario), prefs)
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if presenter:
            window.set_presenter(True)
        for _ in range(3):
            QCoreApplication.processEvents()
        made.append(window)
        return window
    yield make
    for window in made:
        window.set_presenter(False)
    i18n.set_language("en")


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280", "1920"])
@pytest.mark.parametrize("language", ["en", "ca"])
@pytest.mark.parametrize("presenter", [False, True], ids=["normal", "presenter"])
def test_no_text_of_the_diagram_is_cut(window_at, qtbot, size, language, presenter):
    """Stopped at a VM exit and after power-off, in both languages, presenter mode on
    and off: every text the diagram paints is whole and inside its box."""
    window = window_at(size, language, presenter)
    controller, panel = window.controller, window.panels["layers"]
    s = controller.session
    s.run(until_cycle=30_000)
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    panel.grab()
    assert panel.lit_layer() == "vmm"
    assert panel.cut_texts() == []
    assert any(text.startswith("VMM:") for text in panel.painted_texts("vmm"))
    s.run()
    controller.changed.emit()
    panel.grab()
    assert s.halted
    assert panel.cut_texts() == []
    texts = panel.painted_texts("vmm")
    assert run_state_label(RunState.POWERED_OFF) in texts   # the word every panel uses
    assert any(text.startswith({"en": "no guest left", "ca": "no queda cap guest"}[language])
               for text in texts)


@pytest.mark.parametrize("scenario", ["two-guests", "two-guests-hw2", "two-guests-bt"])
def test_a_stop_at_a_vm_exit_lights_the_vmm(window_at, qtbot, scenario):
    window = window_at((1280, 720), "en", False, scenario)
    controller, panel = window.controller, window.panels["layers"]
    assert controller.speed == CLASSROOM_SPEED      # a new user's, as in a classroom
    controller.session.run(until_cycle=20_000)
    controller.changed.emit()
    controller.run_to_next_trap()
    qtbot.waitUntil(lambda: not controller.running, timeout=10_000)
    s = controller.session
    event = s.trap_events()[-1]
    assert controller.last_reason == "trap" and event.cycle == s.cycle
    panel.grab()
    assert panel.lit_layer() == "vmm"
    direction, source, target, label = panel.arrow()
    assert (direction, target) == ("down", "vmm")
    assert source.split(":")[1] == event.guest      # from the guest that exited
    assert event.cause in label
    assert panel.status_text().startswith("paused at a VM exit")
    texts = panel.painted_texts("vmm")
    assert step_label(s.activity().step) in texts          # what the VMM does now
    # The VMM's box is lit: filled with the VMM's colour, not the dimmed tint.
    box = panel.layer_rect("vmm")
    image = panel.grab().toImage()
    pixel = image.pixelColor(int(box.left() + box.width() * 0.004 + 6), int(box.top() + 8))
    assert abs(pixel.red() - 0x7b) + abs(pixel.green() - 0x3f) + abs(pixel.blue() - 0xc4) < 40, \
        pixel.name()


@pytest.mark.parametrize("size, scale", [
    ((438, 382), (1.0, 0.0)), ((912, 688), (1.2, 13.2)), ((1078, 734), (1.0, 0.0)),
    ((737, 357), (PRESENTER_SCALE, theme.PRESENTER_MIN_PX)),
    ((686, 360), (PRESENTER_SCALE, theme.PRESENTER_MIN_PX)),
    ((686, 430), (PRESENTER_SCALE, theme.PRESENTER_MIN_PX)),
    ((1108, 556), (PRESENTER_SCALE * 1.2, theme.PRESENTER_MIN_PX * 1.2)),
    ((1108, 556), (1.92, 21.6))],
    ids=["1280", "1920", "1920-unscaled", "1280-presenter", "1280-presenter-code",
         "1280-presenter-consoles", "1920-presenter", "1920-presenter-large"])
def test_names_tags_and_badges_never_cover_each_other(make_panel, size, scale):
    """The sizes and text scales the diagram gets in the window at 1280x720 and
    1920x1080, normal and presenter: at moments when each process is the current one
    (the BASE tag on it), every text is whole, inside its box and clear of the badges
    ("pon[BASE]g")."""
    controller, panel = make_panel(size=size)
    theme.set_scale(*scale)
    panel.apply_style()
    s = controller.session
    currents = set()
    for cycle in (2_000, 9_000, 30_000, 61_000, 120_000, 170_000):
        s.run(until_cycle=cycle)
        controller.changed.emit()
        panel.grab()
        currents |= {g.process for g in panel._compute_state().guests if g.process}
        assert panel.cut_texts() == [], (cycle, panel.cut_texts())
    assert {"ping", "pong", "intruder", "primes", "squares"} <= currents


def test_at_the_classroom_speed_the_diagram_alternates_guest_and_vmm(window_at, qtbot):
    """Run as a new user would, on the scenario that never ends: frame after frame the
    lit layer goes from a guest to the VMM and back, slowly enough to be seen."""
    window = window_at((1280, 720), "en", False, "two-guests-forever")
    controller, panel = window.controller, window.panels["layers"]
    assert controller.speed == CLASSROOM_SPEED
    seen = []
    controller.changed.connect(lambda: seen.append(panel.lit_layer()))
    controller.run()
    qtbot.waitUntil(lambda: controller.frames >= 90, timeout=20_000)    # about 3 seconds
    controller.pause()
    runs = []                                       # (layer kind, frames it stayed lit)
    for layer in seen:
        kind = "vmm" if layer == "vmm" else "guest"
        if runs and runs[-1][0] == kind:
            runs[-1][1] += 1
        else:
            runs.append([kind, 1])
    kinds = [kind for kind, _ in runs]
    assert "vmm" in kinds and "guest" in kinds
    assert any(kinds[i:i + 3] == ["guest", "vmm", "guest"] for i in range(len(kinds) - 2))
    # Each time the VMM is lit it stays lit for frames, not a flicker.
    vmm_runs = [frames for kind, frames in runs[1:-1] if kind == "vmm"]
    assert vmm_runs and sum(vmm_runs) / len(vmm_runs) >= 3, runs


PRESENTER_1280 = [(686, 360), (686, 430), (737, 357)]   # code tab, consoles, lesson closed


@pytest.mark.parametrize("size", PRESENTER_1280, ids=["code", "consoles", "no-lesson"])
def test_process_boxes_hold_a_line_of_text_in_presenter_mode(make_panel, size):
    """At 1280x720 in presenter mode the diagram is about 686x360: alpha's three
    processes still get boxes at least one text line high, their names whole."""
    controller, panel = make_panel(size=size)
    theme.set_scale(PRESENTER_SCALE, theme.PRESENTER_MIN_PX)
    panel.apply_style()
    controller.session.run(until_cycle=30_000)
    controller.changed.emit()
    panel.grab()
    line = QFontMetricsF(theme.ui_font(10)).height()      # never smaller than 18 px text
    assert line >= theme.PRESENTER_MIN_PX
    for guest in ("alpha", "beta"):
        for proc in panel.processes(guest):
            rect = panel.layer_rect(f"process:{guest}:{proc.name}")
            assert rect.height() >= line, (proc.name, rect)
            assert rect.bottom() <= panel.layer_rect(f"kernel:{guest}").top()
            assert proc.name in panel.painted_texts(f"process:{guest}:{proc.name}")
    assert panel.cut_texts() == []


def test_cut_texts_reports_a_name_clipped_top_and_bottom(make_panel, monkeypatch):
    """Boxes squeezed lower than a line (as the old layout made them): the names are
    drawn clipped, and cut_texts says so."""
    controller, panel = make_panel(size=(686, 360))
    theme.set_scale(PRESENTER_SCALE, theme.PRESENTER_MIN_PX)

    def squeezed(zone, procs, u, *args):
        h = zone.height() / max(1, len(procs))
        return [QRectF(zone.left(), zone.top() + i * h, zone.width(), h * 0.5)
                for i in range(len(procs))]
    monkeypatch.setattr(LayerDiagramPanel, "_process_rects", staticmethod(squeezed))
    panel.apply_style()
    panel.grab()
    cut = {meant: why for meant, _shown, why in panel.cut_texts()}
    assert {"ping", "pong", "intruder"} <= set(cut)
    assert all("clipped" in cut[name] for name in ("ping", "pong", "intruder"))
