"""Timeline panel: lanes, painted coverage, trap markers, zoom, pan, click to travel."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent

from vmlab.gui import theme
from vmlab.gui.panels.timeline import TimelineData, TimelinePanel


@pytest.fixture
def make_panel(show_panel):
    def make(scenario: str = "two-guests", width: int = 1200, height: int = 300):
        return show_panel(TimelinePanel, scenario, (width, height))
    return make


def run(controller, cycles: int | None = None) -> None:
    controller.session.run(cycles) if cycles is not None else controller.session.run()
    controller.changed.emit()


def lane_y(panel: TimelinePanel, bucket: str) -> int:
    top, h = panel._lane_geometry()
    return int(top + panel.lanes.index(bucket) * h + h / 2)


def test_lanes_are_the_attribution_buckets(make_panel):
    controller, panel = make_panel("two-guests")
    buckets = controller.session.cycles_by_bucket()
    assert set(panel.lanes) == set(buckets)
    assert panel.lanes == ["alpha.kernel", "alpha.user", "beta.kernel", "beta.user", "vmm",
                           "idle"]
    assert [panel.lane_label(b) for b in panel.lanes[:2]] == ["alpha kernel", "alpha user"]
    assert panel.lane_label("vmm") == "VMM"


def test_native_lanes_have_no_vmm(make_panel):
    controller, panel = make_panel("native-alpha")
    buckets = controller.session.cycles_by_bucket()
    assert set(panel.lanes) == set(buckets) - {"vmm"}
    assert panel.lanes == ["alpha.kernel", "alpha.user", "idle"]
    assert buckets["vmm"] == 0


@pytest.mark.parametrize("scenario, cycles", [("two-guests", None), ("two-guests", 37_777),
                                              ("native-alpha", None), ("hog", 120_000)])
def test_painted_coverage_equals_attribution(make_panel, scenario, cycles):
    controller, panel = make_panel(scenario)
    run(controller, cycles)
    assert panel._mode == "fit"
    totals = controller.session.cycles_by_bucket()
    painted = panel.lane_totals()
    assert painted == {b: totals[b] for b in panel.lanes}
    assert sum(painted.values()) == controller.session.cycle


def test_coverage_built_incrementally_equals_a_fresh_build(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    for _ in range(12):
        run(controller, 7_919)          # many refreshes, each adding segments
    controller.step_cycle()
    controller.step_instruction()
    fresh = TimelinePanel(controller)
    qtbot.addWidget(fresh)
    fresh.resize(panel.size())
    fresh.show()
    fresh.refresh()
    assert panel.lane_totals() == fresh.lane_totals() == {
        b: v for b, v in controller.session.cycles_by_bucket().items() if b in panel.lanes}
    for bucket in panel.lanes:
        a, b = panel._data.lanes[bucket], fresh._data.lanes[bucket]
        assert (a.starts, a.ends, a.total) == (b.starts, b.ends, b.total)


@pytest.mark.parametrize("scenario", ["two-guests", "native-alpha", "garbage"])
def test_one_marker_per_trap_event(make_panel, scenario):
    controller, panel = make_panel(scenario)
    run(controller, 25_000)
    events = controller.session.trap_events()
    assert len(panel.trap_markers()) == len(events) > 0
    run(controller)
    events = controller.session.trap_events()
    markers = panel.trap_markers()
    assert len(markers) == len(events)
    assert [e.seq for e in markers] == [e.seq for e in events]
    # each marker sits on the lane of the guest that trapped, in the mode it was in
    for bucket in panel.lanes:
        for event in panel._markers.events[bucket]:
            mode = getattr(event, "vmode", None) or event.mode
            assert bucket == f"{event.guest}.{mode}"
    assert sum(panel._markers.causes.values()) == len(events)


def test_click_travels_to_the_cycle_under_the_mouse(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller)
    end = controller.session.cycle
    x = panel._gutter + panel._plot_width() // 3
    target = panel.cycle_at(x)
    assert 0 < target < end
    assert abs(panel.x_of(target) - x) <= 1
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton,
                     pos=QPoint(x, lane_y(panel, "vmm")))
    assert controller.session.cycle == target
    # what had run stays visible (faded) as the future; the view did not jump
    assert panel._ghost is not None and panel._ghost.end == end
    assert panel.visible_range()[1] == pytest.approx(end)
    assert panel.lane_totals() == {b: v for b, v in
                                   controller.session.cycles_by_bucket().items()
                                   if b in panel.lanes}
    # clicking in the faded future travels forward (replays)
    x2 = panel._gutter + panel._plot_width() * 2 // 3
    target2 = panel.cycle_at(x2)
    assert target2 > target
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(x2, lane_y(panel, "idle")))
    assert controller.session.cycle == target2
    assert panel.lane_totals()["vmm"] == controller.session.cycles_by_bucket()["vmm"]


def test_new_input_forgets_the_faded_future(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller, 60_000)
    controller.travel_to(20_000)
    assert panel._ghost is not None
    controller.feed_input("alpha", "x")
    assert panel._ghost is None


def test_zoom_changes_the_visible_range(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller)
    a0, b0 = panel.visible_range()
    assert (a0, b0) == (0, pytest.approx(controller.session.cycle))
    qtbot.mouseClick(panel.zoom_in_button, Qt.MouseButton.LeftButton)
    a1, b1 = panel.visible_range()
    assert b1 - a1 == pytest.approx((b0 - a0) / 1.5)
    assert a1 <= controller.session.cycle <= b1          # zoomed around the present
    assert panel._mode == "follow" and panel.follow_button.isChecked()
    assert not panel.fit_button.isChecked()
    # wheel: zoom in around the mouse, the cycle under it stays put
    x = panel._gutter + 200.0
    under = panel.cycle_at(x)
    wheel = QWheelEvent(QPointF(x, 60), QPointF(panel.canvas.mapToGlobal(QPoint(int(x), 60))),
                        QPoint(0, 0), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    panel.canvas.wheelEvent(wheel)
    a2, b2 = panel.visible_range()
    assert b2 - a2 == pytest.approx((b1 - a1) / 1.5 ** 2)
    assert abs(panel.cycle_at(x) - under) <= 1
    assert panel.scrollbar.isEnabled() and panel.scrollbar.maximum() > 0
    assert "Cycles" in panel.range_label.text()
    qtbot.mouseClick(panel.zoom_out_button, Qt.MouseButton.LeftButton)
    a3, b3 = panel.visible_range()
    assert b3 - a3 == pytest.approx((b2 - a2) * 1.5)
    qtbot.mouseClick(panel.fit_button, Qt.MouseButton.LeftButton)
    assert panel.visible_range() == (0, pytest.approx(controller.session.cycle))
    assert panel.fit_button.isChecked()


def test_drag_pans_without_travelling_and_follow_comes_back(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller)
    now = controller.session.cycle
    for _ in range(4):
        panel.zoom(1.5)
    a, b = panel.visible_range()
    y = lane_y(panel, "vmm")
    start = QPoint(panel._gutter + 100, y)
    qtbot.mousePress(panel.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(panel.canvas, QPoint(start.x() + 400, y))
    qtbot.mouseRelease(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(start.x() + 400, y))
    assert controller.session.cycle == now                 # a drag is not a click
    a2, b2 = panel.visible_range()
    assert a2 == pytest.approx(a - 400 * panel._cpp)
    assert panel._mode == "free" and not panel.follow_button.isChecked()
    # running on does not move a view the user panned away from
    controller.travel_to(now // 2)
    assert panel.visible_range()[0] == pytest.approx(a2)
    # the scroll bar pans too
    panel.scrollbar.setValue(panel.scrollbar.value() + 1000)
    assert panel.visible_range()[0] == pytest.approx(a2 + 1000, abs=1)
    panel.follow_button.click()
    assert panel._mode == "follow"
    a3, b3 = panel.visible_range()
    assert a3 <= controller.session.cycle <= b3


def test_follows_the_present_while_running(make_panel, qtbot):
    controller, panel = make_panel("two-guests")
    run(controller, 50_000)
    for _ in range(3):
        panel.zoom(2)
    assert panel._mode == "follow"
    for _ in range(5):
        run(controller, 20_000)
        a, b = panel.visible_range()
        assert a <= controller.session.cycle <= b
    controller.run()
    qtbot.waitUntil(lambda: not controller.running, timeout=20_000)
    a, b = panel.visible_range()
    assert a <= controller.session.cycle <= b


def test_tooltip_names_the_trap_and_the_lane(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller, 3_000)
    event = panel._markers.events["alpha.kernel"][0]
    text = panel.tooltip_at(panel.x_of(event.cycle), lane_y(panel, "alpha.kernel"))
    assert f"VM exit {event.cause}" in text
    assert "alpha" in text and "kernel mode" in text
    plain = panel.tooltip_at(panel._gutter + 5, lane_y(panel, "vmm"))
    assert "Cycle" in plain and "VMM" in plain


def test_many_segments_paint_fast(make_panel):
    """10^5 segments: building the caches and painting stay well under a second."""
    controller, panel = make_panel("two-guests", width=1400)
    session = controller.session
    names = ("alpha.kernel", "vmm", "beta.user", "vmm", "alpha.user", "idle", "beta.kernel")
    attribution = session.vmm.attribution            # a synthetic history, 7 cycles a piece
    for i in range(1, 100_000):
        attribution.switch(i * 7, names[i % len(names)])
    session.machine.cycles = 700_000
    started = time.perf_counter()
    panel.refresh()
    panel.canvas.grab()
    assert time.perf_counter() - started < 3.0
    totals = panel.lane_totals()
    assert sum(totals.values()) == 700_000
    assert totals == {b: v for b, v in session.cycles_by_bucket().items() if b in panel.lanes}
    assert len(panel._data.lanes["vmm"].starts) == 100_000 * 2 // 7 + 1
    started = time.perf_counter()
    panel.zoom(3)
    panel.canvas.grab()                                # a new view, painted again
    assert time.perf_counter() - started < 1.0
    # the public timeline gives the same picture
    fresh = TimelinePanel(controller)
    fresh.resize(panel.size())
    fresh._sync_segments = fresh._sync_segments_public
    fresh.refresh()
    fresh.fit_all()
    panel.fit_all()
    assert fresh.lane_totals() == panel.lane_totals()


def test_lane_index_coverage_of_any_interval():
    data = TimelineData(["a", "b"])
    data.extend([(0, 10, "a"), (10, 15, "b"), (15, 40, "a"), (40, 41, "b")])
    data.tail = (41, 50, "a")
    assert data.column_coverage("a", [0, 5, 12, 30, 50]) == [5, 5, 15, 19]
    assert data.column_coverage("b", [0, 12.5, 50]) == [2.5, 3.5]
    assert data.segment_at("a", 45) == (41, 50)
    assert data.segment_at("a", 20) == (15, 40)
    assert data.segment_at("b", 20) is None


def test_both_coverage_methods_agree():
    """Few segments: spread per segment; many: binary searches per column."""
    import random
    rng = random.Random(7)
    data = TimelineData(["x", "y"])
    t, segments = 0, []
    for _ in range(3_000):
        length = rng.choice((1, 2, 3, 50, 400, 5_000))
        segments.append((t, t + length, rng.choice("xy")))
        t += length
    data.extend(segments[:-1])
    data.tail = segments[-1]
    for a, b, n in ((0, t, 1000), (0, t, 37), (1234.5, 9876.25, 300), (t - 500, t + 500, 999)):
        bounds = [a + (b - a) * k / n for k in range(n)] + [b]
        for bucket in "xy":
            few = data.coverage_columns(bucket, a, b, n)
            exact = data.column_coverage(bucket, bounds)
            assert len(few) == len(exact) == n
            assert sum(few) == pytest.approx(sum(exact))
            assert max(abs(p - q) for p, q in zip(few, exact)) < 1e-6 * max(1, (b - a) / n)


@pytest.mark.parametrize("scenario", ["two-guests", "native-beta", "hog", "garbage",
                                      "wild-writer", "halt-at-once"])
def test_never_raises(make_panel, scenario):
    controller, panel = make_panel(scenario)
    panel.canvas.grab()                              # cycle 0, nothing yet
    controller.step_cycle()                          # mid-instruction
    controller.step_cycle()
    panel.canvas.grab()
    run(controller, 5_000)
    panel.zoom(50)
    panel.canvas.grab()
    controller.step_back()
    panel.tooltip_at(panel._gutter + 10, 40)
    run(controller)
    panel.fit_all()
    assert not panel.canvas.grab().isNull()


def test_dark_palette_and_presenter_scale(make_panel, qapp):
    controller, panel = make_panel("two-guests")
    run(controller, 30_000)
    palette = QPalette(qapp.palette())
    palette.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#17181a"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    panel.setPalette(palette)
    assert not panel.canvas.grab().isNull()
    lane_h = panel._lane_min_h
    theme.set_scale(1.6)
    panel.apply_style()
    assert panel._lane_min_h > lane_h
    assert not panel.canvas.grab().isNull()


def test_session_replaced_resets_lanes(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller, 10_000)
    controller.open_scenario("native-alpha")
    assert panel.lanes == ["alpha.kernel", "alpha.user", "idle"]
    run(controller)
    assert panel.lane_totals() == {b: v for b, v in controller.session.cycles_by_bucket().items()
                                   if b in panel.lanes}
    assert len(panel.trap_markers()) == len(controller.session.trap_events())


def test_unfollow_keeps_the_view_still(make_panel):
    controller, panel = make_panel("two-guests")
    run(controller, 40_000)
    assert panel.follow_button.isChecked()
    panel.follow_button.click()                      # stop following (from "fit all")
    assert panel._mode == "free" and not panel.follow_button.isChecked()
    before = panel.visible_range()
    run(controller, 40_000)
    assert panel.visible_range() == pytest.approx(before)
    assert controller.session.cycle > before[1]      # the present ran off to the right
    panel.retranslate()
    assert panel.fit_button.text() == "Fit all"


# ---------------------------------------------------------------------- the technique's work
def test_binary_translation_marks_translations_and_callouts_on_the_vmm_lane(make_panel):
    controller, panel = make_panel("two-guests-bt")
    run(controller, 20_000)
    session = controller.session
    assert panel.work_button.isVisible()
    work = panel.work_markers()
    logged = [e for e in session.log.events if e.kind in ("translation", "callout",
                                                           "invalidation")]
    assert [e.seq for e in work] == [e.seq for e in logged]
    assert {e.kind for e in work} >= {"translation", "callout"}
    assert all(e in panel._markers.events["vmm"] for e in work)
    assert [e.seq for e in panel.trap_markers()] == [e.seq for e in session.trap_events()]
    legend = panel.legend_label.text()
    assert "translation" in legend and "callout" in legend
    # A callout's tooltip says what it did.
    callout = next(e for e in work if e.kind == "callout")
    panel._start, panel._cpp = callout.cycle - 10, 1.0
    top, lane_h = panel._lane_geometry()
    y = top + panel.lanes.index("vmm") * lane_h + lane_h / 2
    tip = panel.tooltip_at(panel.x_of(callout.cycle), y)
    assert "without a trap" in tip and callout.instruction in tip
    # The filter hides them, and brings them back.
    panel.work_button.click()
    assert panel.work_markers() == [] and "callout" not in panel.legend_label.text()
    assert [e.seq for e in panel.trap_markers()] == [e.seq for e in session.trap_events()]
    panel.work_button.click()
    assert [e.seq for e in panel.work_markers()] == [e.seq for e in logged]


def test_hardware_exits_are_named_so(make_panel):
    controller, panel = make_panel("two-guests-hw1")
    run(controller, 5_000)
    assert panel.legend_label.text().startswith("Hardware VM exits:")
    assert not panel.work_button.isVisible() and not panel.work_markers()
    assert panel.action_text("compose-window") == "compose the window"


# ---------------------------------------------------------------------- the header
def _header_is_readable(panel) -> None:
    """The range and the legend each show their whole text, apart from each other."""
    from PySide6.QtGui import QFontMetricsF
    from PySide6.QtWidgets import QApplication
    QApplication.processEvents()
    rng, legend = panel.range_label, panel.legend_label
    text = rng.text()
    assert "…" not in text
    assert QFontMetricsF(rng.font()).horizontalAdvance(text) <= rng.width() + 1, (text, rng.width())
    left_of = rng.mapTo(panel, rng.rect().topRight()).x()
    if legend.isVisible():
        assert panel._legend_width() - 4 <= legend.width() + 1 or panel.legend_on_own_row
        box = legend.geometry().translated(legend.parentWidget().mapTo(panel, legend.pos())
                                           - legend.pos())
        assert not box.intersects(rng.geometry().translated(
            rng.parentWidget().mapTo(panel, rng.pos()) - rng.pos()))
        if not panel.legend_on_own_row:          # the same row: a clear gap between them
            assert legend.mapTo(panel, legend.rect().topLeft()).x() - left_of >= 8
    right = panel.width() - panel.layout().contentsMargins().right()
    assert left_of <= right


@pytest.mark.parametrize("language", ["en", "ca"])
@pytest.mark.parametrize("width", [1270, 900, 640, 420])
def test_the_header_never_runs_range_and_legend_together(make_panel, language, width):
    """A Catalan header at 1280 pixels read "83,9 ciclesSortides de la MV:"."""
    from vmlab.gui import i18n
    controller, panel = make_panel("two-guests", width=width, height=260)
    try:
        i18n.set_language(language)
        run(controller, 60_018)
        assert panel.legend_label.text()           # several causes, so a long legend
        _header_is_readable(panel)
        sep = "." if language == "ca" else ","
        assert f"60{sep}018" in panel.range_label.text()
        theme.set_scale(1.6)                         # presenter mode's bigger text
        panel.apply_style()
        panel.retranslate()
        _header_is_readable(panel)
    finally:
        i18n.set_language("en")
    if width >= 1270:
        assert not panel.legend_on_own_row or language == "ca"
    if width <= 640:
        assert panel.legend_on_own_row               # the legend got its own row


def test_numbers_in_the_timeline_follow_the_language(make_panel):
    from vmlab.gui import i18n
    controller, panel = make_panel("two-guests")
    run(controller, 100_000)
    now = controller.session.cycle
    assert now >= 10_000
    try:
        i18n.set_language("ca")
        panel.retranslate()
        end = f"{round(panel.visible_range()[1]):,}"
        assert int(end.replace(",", "")) >= 10_000
        assert end.replace(",", ".") in panel.range_label.text()
        top, lane_h = panel._lane_geometry()
        cycle = panel.cycle_at(panel.x_of(now * 0.8))
        tip = panel.tooltip_at(panel.x_of(now * 0.8), top + lane_h / 2)
        assert "Cicle " + f"{cycle:,}".replace(",", ".") in tip
    finally:
        i18n.set_language("en")
    panel.retranslate()
    assert f"{round(panel.visible_range()[1]):,}" in panel.range_label.text()


@pytest.mark.parametrize("cycles", [60_018, 183_770, 9_999])
@pytest.mark.parametrize("width", [737, 1270])
def test_axis_labels_never_overlap(make_panel, cycles, width):
    """The last tick's label is pushed in from the edge: it used to cover the one before
    ("50.00060.000" in presenter mode at 1280 pixels)."""
    from vmlab.gui import i18n
    controller, panel = make_panel("two-guests", width=width, height=260)
    try:
        i18n.set_language("ca")
        theme.set_scale(1.6)
        panel.apply_style()
        panel.retranslate()
        run(controller, cycles)
        panel.canvas.grab()
        labels = panel._axis_labels
        assert len(labels) >= 3
        for (l1, r1, t1), (l2, r2, t2) in zip(labels, labels[1:]):
            assert r1 < l2, (t1, t2)
        assert all("." in t or len(t) <= 3 for _, _, t in labels)   # 10.000, not 10000
    finally:
        i18n.set_language("en")
