"""The window's menus: the authors' lesson commands in File, the Help menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
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
