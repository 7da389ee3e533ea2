"""A student's exercise that does not assemble: the errors in the interface language."""

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QTextDocument

from vmlab.asm import AssemblyError
from vmlab.gui import i18n
from vmlab.gui.panels.lesson import LessonPanel
from vmlab.lessons.progress import ProgressStore

LESSON = """
id = "exercise-errors"
order = 1
minutes = 5
title = { en = "Errors", ca = "Errors" }
summary = { en = "An exercise for the tests.", ca = "Un exercici per a les proves." }
scenario = "two-guests"

[[step]]
id = "write"
text = { en = "Make it print ok.", ca = "Feu que escrigui ok." }
[step.exercise]
program = "starter.vl32"
[[step.exercise.check]]
expect = "console('program') == 'ok'"
explain = { en = "It must print ok.", ca = "Ha d’escriure ok." }
"""

BROKEN = "addd r1, r2, r3\naddi r1, r0, 300000\nhalt\n"

@pytest.fixture
def catalan(qapp):
    assert i18n.set_language("ca")
    QCoreApplication.processEvents()
    yield
    i18n.set_language("en")
    QCoreApplication.processEvents()


@pytest.fixture
def panel(qtbot, make_controller, tmp_path):
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "starter.vl32").write_text("halt\n", encoding="utf-8")
    (folder / "exercise-errors.toml").write_text(LESSON, encoding="utf-8")
    widget = LessonPanel(make_controller("native-alpha"),
                         store=ProgressStore(tmp_path / "progress"))
    qtbot.addWidget(widget)
    widget.resize(700, 800)
    widget.show()
    assert widget.open_lesson(folder / "exercise-errors.toml")
    qtbot.waitUntil(lambda: not widget.playing, timeout=20_000)
    assert widget.exercise_box.isVisible()
    return widget


def test_the_engine_keeps_the_errors_next_to_their_english_text(panel):
    result = panel.engine.submit_exercise(BROKEN)
    assert not result.ok
    assert isinstance(result.assembly_error, AssemblyError)
    assert result.assembly_errors == str(result.assembly_error)
    assert result.assembly_errors.startswith("starter.vl32:1:1: error: unknown mnemonic 'addd'")


def _plain(html: str) -> str:
    document = QTextDocument()
    document.setHtml(html)
    return document.toPlainText()


def test_a_program_that_does_not_assemble_is_explained_in_catalan(panel, catalan):
    panel.editor.setPlainText(BROKEN)
    panel.run_exercise()
    html = panel.exercise_result.text()
    text = _plain(html)
    assert text.startswith("No s’ha pogut assemblar el programa:")
    assert "mnemònic desconegut «addd»" in text and "pista: volíeu dir «add»?" in text
    assert ("l’immediat 300000 és fora de rang per a ADDI: s’admet de -131072 a 131071 "
            "(18 bits amb signe)") in text
    # Each error names its line, as a link the student can follow to it.
    assert "línia 1" in text and "línia 2" in text
    assert "href='line:1'" in html and "href='line:2'" in html
    assert "unknown" not in text and "error:" in text


def test_the_same_errors_in_english(panel):
    assert i18n.current_language() == "en"
    panel.editor.setPlainText(BROKEN)
    panel.run_exercise()
    html = panel.exercise_result.text()
    text = _plain(html)
    assert text.startswith("The program does not assemble:")
    assert "unknown mnemonic 'addd'" in text and "line 1" in text and "line 2" in text
    assert "pista" not in text and "«" not in text
    assert "href='line:1'" in html
