"""The speed a class watches: a new user's default, the presets' labels in both
languages, and a speed set by a lesson shown as it is."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from vmlab.gui import i18n
from vmlab.gui.controller import (CLASSROOM_SPEED, FRAME_MS, MAX_SPEED, SPEEDS, speed_choices,
                                  speed_label)
from vmlab.gui.main_window import MainWindow
from vmlab.gui.preferences import Preferences
from vmlab.scenario import load_scenario
from vmlab.session import Session


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_language("en")


def open_window(qtbot, make_controller, path, scenario="two-guests"):
    MainWindow.testing_dialogs = True
    window = MainWindow(make_controller(scenario),
                        Preferences(QSettings(str(path), QSettings.Format.IniFormat)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown_speed(window) -> tuple[str, list[str]]:
    """The picker's text, and the Speed menu's checked entries."""
    checked = [a.text() for a in window.speed_group.actions() if a.isChecked()]
    return window.speed_combo.currentText(), checked


# ---------------------------------------------------------------------- the default
def test_a_new_user_runs_at_the_classroom_speed(qtbot, make_controller, tmp_path):
    path = tmp_path / "new.ini"
    assert Preferences(QSettings(str(path), QSettings.Format.IniFormat)).speed == CLASSROOM_SPEED
    window = open_window(qtbot, make_controller, path)
    assert window.controller.speed == CLASSROOM_SPEED != MAX_SPEED
    assert shown_speed(window) == ("200 cycles/s", ["200 cycles/s"])


@pytest.mark.parametrize("saved", [MAX_SPEED, 4, 100_000, 7_500])
def test_a_saved_speed_is_respected(qtbot, make_controller, tmp_path, saved):
    path = tmp_path / "old.ini"
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    settings.setValue("run/speed", saved)
    settings.sync()
    window = open_window(qtbot, make_controller, path)
    assert window.controller.speed == saved
    assert shown_speed(window) == (speed_label(saved), [speed_label(saved)])


@pytest.mark.parametrize("value", ["-5", "fast", "100000000000"])
def test_a_speed_vmlab_cannot_run_at_gives_the_classroom_speed(tmp_path, value):
    path = tmp_path / "bad.ini"
    path.write_text(f"[run]\nspeed={value}\n", encoding="utf-8")
    assert Preferences(QSettings(str(path), QSettings.Format.IniFormat)).speed == CLASSROOM_SPEED


def test_at_the_classroom_speed_a_class_can_follow_each_vm_exit():
    """Measured on two-guests, as the window advances it (one slice per frame): the
    VMM is lit long enough to be seen at every exit, and the exits come slowly enough
    to be followed one by one, in the exit-heavy boot as later on."""
    frame_cycles = CLASSROOM_SPEED * FRAME_MS / 1000
    for start in (0, 60_000):
        s = Session(load_scenario("two-guests"))
        s.run(until_cycle=start)
        before, vmm_before = s.counters(), s.cycles_by_bucket()["vmm"]
        s.run(until_cycle=start + 12_000)                # a minute at the classroom speed
        exits = sum(s.counters().exits_by_cause.values()) - sum(before.exits_by_cause.values())
        vmm = s.cycles_by_bucket()["vmm"] - vmm_before
        seconds = 12_000 / CLASSROOM_SPEED
        assert exits / seconds <= 4, f"{exits / seconds:.1f} VM exits a second from {start}"
        assert exits / seconds >= 0.5, "so slow that nothing happens"
        frames_per_exit = vmm / exits / frame_cycles     # frames the VMM is lit, per exit
        assert frames_per_exit >= 5, f"the VMM lit {frames_per_exit:.1f} frames per exit"


# ---------------------------------------------------------------------- the labels
def test_speed_labels_group_digits_in_both_languages(qapp):
    i18n.set_language("en")
    assert speed_label(100_000) == "100,000 cycles/s"
    assert speed_label(1_000) == "1,000 cycles/s"
    assert speed_label(4) == "4 cycles/s (slow motion)"
    assert speed_label(MAX_SPEED) == "maximum"
    i18n.set_language("ca")
    assert speed_label(100_000).replace("\xa0", " ") == "100.000 cicles/s"
    assert speed_label(20_000).replace("\xa0", " ") == "20.000 cicles/s"
    assert speed_label(4).replace("\xa0", " ") == "4 cicles/s (càmera lenta)"
    assert speed_label(MAX_SPEED) == "màxima"


def test_the_picker_and_menu_read_in_the_language_chosen(qtbot, make_controller, tmp_path):
    window = open_window(qtbot, make_controller, tmp_path / "lang.ini")
    english = [window.speed_combo.itemText(i) for i in range(window.speed_combo.count())]
    assert english == [speed_label(s) for s in SPEEDS if s] + ["maximum"]
    assert "100,000 cycles/s" in english and "1,000 cycles/s" in english
    window.set_language("ca")
    QCoreApplication.processEvents()                   # the LanguageChange event
    catalan = [window.speed_combo.itemText(i).replace("\xa0", " ")
               for i in range(window.speed_combo.count())]
    assert "100.000 cicles/s" in catalan and "màxima" == catalan[-1]
    assert [a.text().replace("\xa0", " ") for a in window.speed_group.actions()] == catalan
    assert window.speed_combo.currentText().replace("\xa0", " ") == "200 cicles/s"


# ---------------------------------------------------------------------- any speed
def test_a_lesson_speed_outside_the_presets_is_shown_as_it_runs(qtbot, make_controller,
                                                                  tmp_path):
    window = open_window(qtbot, make_controller, tmp_path / "lesson.ini")
    window.panels["lesson"].uiRequest.emit("set-speed", 50_000)   # a lesson's set-speed
    assert window.controller.speed == 50_000
    assert shown_speed(window) == ("50,000 cycles/s", ["50,000 cycles/s"])
    labels = [window.speed_combo.itemText(i) for i in range(window.speed_combo.count())]
    assert labels.index("20,000 cycles/s") < labels.index("50,000 cycles/s") \
        < labels.index("100,000 cycles/s")             # in its place among the presets
    window.panels["lesson"].uiRequest.emit("set-speed", "max")
    assert shown_speed(window) == ("maximum", ["maximum"])
    assert "50,000 cycles/s" not in [window.speed_combo.itemText(i)
                                     for i in range(window.speed_combo.count())]
    # Chosen from the menu, a preset takes over and is remembered.
    next(a for a in window.speed_group.actions() if a.text() == "1,000 cycles/s").trigger()
    assert window.controller.speed == 1_000 and window.prefs.speed == 1_000
    assert shown_speed(window) == ("1,000 cycles/s", ["1,000 cycles/s"])


def test_speed_choices_put_an_unknown_speed_in_order(qapp):
    assert [s for s, _ in speed_choices(CLASSROOM_SPEED)] == list(SPEEDS)
    assert [s for s, _ in speed_choices(7)] == [4, 7, 20, 100, 200, 1_000, 5_000, 20_000,
                                                100_000, MAX_SPEED]
