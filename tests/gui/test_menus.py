"""The window's menus: the authors' lesson commands in File, the Help menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from vmlab.gui import i18n

from .test_lesson_panel import LESSON, STARTER, finish_actions


def menu_texts(menu) -> list[str]:
    return [a.text() for a in menu.actions() if not a.isSeparator()]


@pytest.fixture
def lesson_folder(tmp_path):
    folder = tmp_path / "authoring"
    folder.mkdir()
    (folder / "starter.vl32").write_text(STARTER, encoding="utf-8")
    return folder


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def switch(window, lang: str) -> None:
    window.set_language(lang)
    QCoreApplication.processEvents()


def test_the_lesson_panel_has_no_authors_buttons(main_window, english):
    panel = main_window.panels["lesson"]
    texts = [b.text() for b in panel.findChildren(QAbstractButton) if b.isVisible()]
    assert not any(t.startswith(("Open", "Reload")) for t in texts), texts


@pytest.mark.parametrize("lang, open_text, reload_text", [
    ("en", "Open &lesson…", "Re&load lesson"),
    ("ca", "Obre una &lliçó…", "Re&carrega la lliçó"),
])
def test_the_file_menu_opens_and_reloads_lessons(main_window, lang, open_text, reload_text,
                                                 english):
    switch(main_window, lang)
    texts = menu_texts(main_window.menu_file)
    assert open_text in texts and reload_text in texts
    assert main_window.actions_by_name["open_lesson"].shortcut().toString() == "Ctrl+L"
    assert main_window.actions_by_name["reload_lesson"].shortcut().toString() == "Ctrl+Shift+L"


def test_ctrl_l_opens_a_lesson_and_ctrl_shift_l_reloads_a_failed_one(main_window, lesson_folder,
                                                                     monkeypatch, qtbot):
    panel = main_window.panels["lesson"]
    path = lesson_folder / "mine.toml"
    path.write_text(LESSON.replace('do = "run-until"', 'do = "run-untill"'), encoding="utf-8")
    from vmlab.gui.panels import lesson as lesson_module
    monkeypatch.setattr(lesson_module.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kw: (str(path), "")))
    QTest.keyClick(main_window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert "run-untill" in main_window.last_error          # the error dialog said why
    assert panel.lesson_path != path
    path.write_text(LESSON, encoding="utf-8")               # fixed on disk
    QTest.keyClick(main_window, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    finish_actions(qtbot, panel)
    assert panel.lesson_path == path
    assert panel.title_label.text() == "Panel test"
    path.write_text(LESSON.replace("Panel test", "Panel test, edited"), encoding="utf-8")
    main_window.actions_by_name["reload_lesson"].trigger()   # the menu item
    finish_actions(qtbot, panel)
    assert panel.title_label.text() == "Panel test, edited"


@pytest.mark.parametrize("lang, guide, shortcuts", [
    ("en", "User &guide", "&Keyboard shortcuts"),
    ("ca", "&Guia d’ús", "&Dreceres de teclat"),
])
def test_the_help_menu_has_the_guide_and_the_shortcuts(main_window, lang, guide, shortcuts,
                                                       english):
    switch(main_window, lang)
    texts = menu_texts(main_window.menu_help)
    assert texts[:2] == [guide, shortcuts]
    assert main_window.actions_by_name["guide"].shortcut().toString() == "F1"


@pytest.mark.parametrize("lang", ["en", "ca"])
def test_the_shortcuts_dialog_lists_every_actions_key(main_window, lang, english, qtbot):
    switch(main_window, lang)
    main_window.actions_by_name["shortcuts"].trigger()
    dialog = main_window.shortcuts_dialog
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    with_keys = [a for a in main_window.actions_by_name.values() if not a.shortcut().isEmpty()]
    assert len(with_keys) >= 15
    for action in with_keys:
        key = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)   # as menus say it
        name = action.text().replace("&", "")
        assert key in text, key
        assert name in text, name
        lines = text.splitlines()                # a table row reads: its name, then its key
        assert any(lines[i] == name and lines[i + 1] == key
                   for i in range(len(lines) - 1)), (name, key)
    assert "Ctrl+L" in text and "F1" in text and "F5" in text
    assert "F9" in text                      # the code view's own key, in its section
    for name, key in main_window.panel_keys():
        assert name in text and key in text
    if lang == "ca":
        assert "Tecla" in text and "Obre una lliçó…" in text and "Ctrl+Maj+L" in text


def test_the_shortcuts_dialog_follows_the_language(main_window, english):
    main_window.show_shortcuts()
    assert "Key" in main_window.shortcuts_dialog.browser.toPlainText()
    switch(main_window, "ca")
    assert "Tecla" in main_window.shortcuts_dialog.browser.toPlainText()
    assert main_window.shortcuts_dialog.windowTitle() == "Dreceres de teclat"


@pytest.mark.parametrize("lang, heading", [
    ("en", "The vmlab window — a guide for students and instructors"),
    ("ca", None),
])
def test_f1_shows_the_guide_in_the_interface_language(main_window, lang, heading, english):
    from vmlab.resources import data_dir
    switch(main_window, lang)
    source = data_dir("docs") / ("guide.md" if lang == "en" else "guide.ca.md")
    first = source.read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    if heading is not None:
        assert first == heading
    QTest.keyClick(main_window, Qt.Key.Key_F1)
    dialog = main_window.guide_dialog
    assert dialog.isVisible()
    text = dialog.browser.toPlainText()
    assert text.startswith(first)
    assert "F5" in text                              # its table of controls


def test_without_the_docs_the_guide_dialog_gives_a_pointer_and_the_keys(main_window, english,
                                                                       monkeypatch):
    monkeypatch.setattr(type(main_window), "guide_path", staticmethod(lambda lang=None: None))
    main_window.show_guide()
    text = main_window.guide_dialog.browser.toPlainText()
    assert "docs/guide.md" in text
    for action in main_window.actions_by_name.values():
        if not action.shortcut().isEmpty():
            assert action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) in text


# ---------------------------------------------------------------- the interface's language
def test_shipped_scenarios_read_in_the_interface_language(main_window, english):
    """The menu gives each scenario's title in the interface's language beside its name;
    the toolbar picker keeps the short name and says the title in its tooltip."""
    from vmlab.scenario import scenario_title
    switch(main_window, "ca")
    action = main_window.scenario_actions["two-guests"]
    title = scenario_title("two-guests", "ca")
    assert title != scenario_title("two-guests", "en")         # it has a Catalan title
    assert action.text() == f"{title}  (two-guests)"
    combo = main_window.scenario_combo
    index = combo.findData("two-guests")
    assert combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == title
    switch(main_window, "en")
    assert main_window.scenario_actions["two-guests"].text().startswith(
        scenario_title("two-guests", "en"))


def test_a_broken_scenario_is_reported_in_the_interface_language(main_window, tmp_path,
                                                                english):
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\ntechnique = "trap-and-emulat"\n[[guest]]\nprogram = "alpha"\n',
                   encoding="utf-8")
    switch(main_window, "ca")
    before = main_window.controller.session.scenario.name
    main_window.testing_dialogs = True
    assert not main_window.open_scenario(str(bad))
    assert "bad.toml:2" in main_window.last_error
    assert "potser volíeu dir" in main_window.last_error           # the Catalan message
    assert main_window.controller.session.scenario.name == before  # nothing lost
    main_window.last_error_box.close()
