"""The taxonomy view: every shipped scenario once, in the cell its data says; a click opens it."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from vmlab.gui import i18n
from vmlab.gui.controller import SessionController
from vmlab.gui.main_window import MainWindow
from vmlab.gui.panels.taxonomy import (BARE, HARDWARE, HOST_OS, IN_HARDWARE, KERNEL, LANGUAGE,
                                       NONE, OS, OS_KERNEL, PROGRAM, TaxonomyPanel,
                                       placement)
from vmlab.gui.preferences import Preferences
from vmlab.scenario import ScenarioError, available_scenarios, load_scenario
from vmlab.session import Session
from vmlab.vmm import techniques

from .layout_check import check


@pytest.fixture
def window(qtbot, tmp_path):
    def make(scenario: str = "two-guests", size=(1280, 720)) -> MainWindow:
        MainWindow.testing_dialogs = True
        prefs = Preferences(QSettings(str(tmp_path / "vmlab.ini"), QSettings.Format.IniFormat))
        w = MainWindow(SessionController(Session(load_scenario(scenario))), prefs)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        w.docks["taxonomy"].raise_()
        QCoreApplication.processEvents()
        return w
    return make


def test_every_scenario_appears_once_in_the_cell_its_data_says(show_panel):
    _controller, panel = show_panel(TaxonomyPanel, size=(1000, 700))
    names = available_scenarios()
    chips = [chip.text() for cell in panel.cells.values()
             for chip in cell.findChildren(QPushButton)]
    assert sorted(chips) == names                       # each exactly once
    for name in names:
        s = load_scenario(name)
        info = techniques.get(s.technique)
        column, row = panel.cell_of(name)
        assert column == s.family
        if s.family == HARDWARE:
            expected = (IN_HARDWARE if info.partitioned else NONE if info.native
                        else HOST_OS if s.hosting == "type-2"
                        else OS_KERNEL if s.hosting == "kvm" else BARE)
            assert row == expected, name
        else:
            assert row == (KERNEL if s.family == OS else PROGRAM), name
    # the lecture's examples, where the picture puts them
    assert panel.cell_of("two-guests-type2") == (HARDWARE, HOST_OS)
    assert panel.cell_of("type0-busy-idle") == (HARDWARE, IN_HARDWARE)
    assert panel.cell_of("two-guests") == (HARDWARE, BARE)
    assert panel.cell_of("kvm") == (HARDWARE, OS_KERNEL)
    assert panel.cell_of("native-alpha") == (HARDWARE, NONE)
    assert panel.cell_of("containers")[0] == OS
    assert panel.cell_of("bytecode-vm")[0] == LANGUAGE
    assert panel.cell_of("emulator") == (LANGUAGE, PROGRAM)
    # the same scenario's guests under another technique move across the rows
    two = load_scenario("two-guests")
    assert placement(two.with_technique("type-0")) == (HARDWARE, IN_HARDWARE)
    assert placement(load_scenario("containers").with_technique("trap-and-emulate")) \
        == (HARDWARE, BARE)


def test_a_chip_shows_its_title_and_the_current_scenario(show_panel):
    controller, panel = show_panel(TaxonomyPanel, "two-guests-type2", size=(1000, 700))
    chip = panel.chips["two-guests-type2"]
    assert chip.toolTip() == load_scenario("two-guests-type2").title["en"]
    assert chip.isChecked()
    assert not panel.chips["two-guests"].isChecked()


def test_clicking_a_chip_opens_its_scenario_in_the_window(window, qtbot):
    w = window("two-guests")
    panel = w.panels["taxonomy"]
    assert panel.isVisible()
    for name in ("bytecode-vm", "two-guests-type2", "containers"):
        chip = panel.chips[name]
        panel.scroll.ensureWidgetVisible(chip)
        QTest.mouseClick(chip, Qt.MouseButton.LeftButton)
        assert w.controller.session.scenario.name == name
        assert chip.isChecked()
        assert sum(c.isChecked() for c in panel.chips.values()) == 1


def test_catalan_labels_and_titles(show_panel):
    i18n.set_language("ca")
    try:
        QCoreApplication.processEvents()
        _controller, panel = show_panel(TaxonomyPanel, size=(1000, 700))
        assert "El maquinari" in panel.column_heads[HARDWARE].text()
        assert "Un sistema operatiu" in panel.column_heads[OS].text()
        assert "Sobre un SO amfitrió" in panel.row_heads[HOST_OS].text()
        assert panel.title() == "Taxonomia"
        assert panel.chips["containers"].toolTip() == load_scenario("containers").title["ca"]
    finally:
        i18n.set_language("en")
    QCoreApplication.processEvents()
    assert "The hardware" in panel.column_heads[HARDWARE].text()
    assert panel.chips["containers"].toolTip() == load_scenario("containers").title["en"]


@pytest.mark.parametrize("value, line, problem", [
    ('"firmware"', 6, "must be one of"),
    ('"hardwar"', 6, "did you mean 'hardware'"),
])
def test_a_wrong_family_is_refused_with_file_and_line(tmp_path, value, line, problem):
    path = tmp_path / "bad.toml"
    path.write_text('[scenario]\ntitle = "bad"\ntechnique = "native"\n\n# what\n'
                    f'family = {value}\n\n[[guest]]\nname = "alpha"\nprogram = "alpha"\n',
                    encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    assert f"{path}:{line}: scenario.family: " in str(err.value)
    assert problem in str(err.value)


def test_family_os_or_language_needs_native(tmp_path):
    path = tmp_path / "vm.toml"
    path.write_text('[scenario]\ntechnique = "trap-and-emulate"\nfamily = "os"\n\n'
                    '[[guest]]\nname = "alpha"\nprogram = "alpha"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(str(path))
    assert f"{path}:3: scenario.family: " in str(err.value)
    assert "needs technique 'native'" in err.value.render("en")
    assert "necessita la tècnica 'native'" in err.value.render("ca")


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_nothing_is_cut_at_two_window_sizes(window, lang):
    i18n.set_language(lang)
    try:
        w = window("two-guests")
        for size in ((1280, 720), (1920, 1080)):
            w.resize(*size)
            QCoreApplication.processEvents()
            assert w.panels["taxonomy"].isVisible()
            problems = [p.describe() for p in check(w) if p.panel == "taxonomy"]
            assert not problems, "\n".join(problems)
            shots = os.environ.get("VMLAB_TAXONOMY_SHOTS")   # to look at: a folder in /tmp
            if shots:
                w.grab().save(os.path.join(shots, f"taxonomy-{lang}-{size[0]}.png"))
    finally:
        i18n.set_language("en")
