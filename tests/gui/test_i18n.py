"""The Catalan interface: every string translated and compiled, live switching.

The checks run pyside6-lupdate over the current GUI sources on a copy of the
committed .ts (never on the repository's file), so a new tr() string without
its Catalan translation makes them fail.  Fix: run
``python tools/update_translations.py``, translate what it marks unfinished
in assets/i18n/vmlab_ca.ts, and run it again (it compiles the .qm).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale

from vmlab.gui import i18n

ROOT = Path(__file__).resolve().parents[2]

PLACEHOLDER = re.compile(r"%L?(?:n|\d+)")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
ENTITY = re.compile(r"&(?:#\d+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
# Register names, cause names, mnemonics, VL32, VMM...: kept as they are.  "VM" and
# "OS" are the acronyms Catalan translates (MV, màquina virtual; SO, sistema operatiu).
TOKEN = re.compile(r"\b[A-Z][A-Z0-9_]+\b")
TRANSLATED_TOKENS = {"VM", "OS"}


def _load_tools():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOLS = _load_tools()


def accelerator(text: str) -> str | None:
    """The mnemonic letter of a menu text ("&&" is a literal ampersand)."""
    match = re.search(r"&([^&\s])", text.replace("&&", ""))
    return match.group(1).casefold() if match else None


def accelerators(text: str) -> int:
    return len(re.findall(r"&[^&\s]", text.replace("&&", "")))


def messages(ts: Path) -> list[dict]:
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            forms = ([form.text or "" for form in translation.iter("numerusform")]
                     if numerus else [translation.text or ""])
            out.append({"context": name, "source": message.findtext("source"),
                        "type": translation.get("type"), "numerus": numerus,
                        "forms": forms})
    return out


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> list[dict]:
    """The committed translations merged with today's sources (lupdate on a copy)."""
    ts = tmp_path_factory.mktemp("i18n") / "vmlab_ca.ts"
    shutil.copyfile(TOOLS.TS, ts)
    TOOLS.lupdate(ts)
    return messages(ts)


@pytest.fixture(autouse=True)
def _english_afterwards():
    """The language is global to the application: leave it English for other tests."""
    yield
    i18n.set_language("en")


def _where(m: dict) -> str:
    return f"{m['context']}: {m['source']!r}"


# ---------------------------------------------------------------------- the .ts and .qm
def test_every_interface_string_has_a_catalan_translation(merged):
    assert len(merged) > 400, "lupdate found too few strings: is the source list right?"
    missing = [_where(m) for m in merged
               if m["type"] in ("unfinished", "vanished", "obsolete")
               or not all(form.strip() for form in m["forms"])]
    assert not missing, (
        "strings without a Catalan translation (run tools/update_translations.py and "
        "translate them in assets/i18n/vmlab_ca.ts):\n" + "\n".join(missing))


def test_plural_messages_have_both_catalan_forms(merged):
    for m in (m for m in merged if m["numerus"]):
        assert len(m["forms"]) == 2, _where(m)   # Catalan: singular, plural


def test_numbers_in_messages_are_written_in_the_language(merged):
    """%n prints 100000 in both languages; %Ln (or theme.fmt_int for %1) gives 100,000 in
    English and 100.000 in Catalan."""
    bare = [_where(m) for m in merged if re.search(r"%n\b", m["source"])]
    assert not bare, "use %Ln (or theme.fmt_int) for numbers:\n" + "\n".join(bare)


def test_placeholders_tags_and_entities_are_kept(merged):
    problems = []
    for m in merged:
        source = m["source"]
        for form in m["forms"]:
            for what, pattern in (("placeholders", PLACEHOLDER), ("HTML tags", TAG),
                                  ("entities", ENTITY)):
                if Counter(pattern.findall(source)) != Counter(pattern.findall(form)):
                    problems.append(f"{what} differ: {_where(m)} -> {form!r}")
    assert not problems, "\n".join(problems)


def test_technical_tokens_stay_untranslated(merged):
    problems = []
    for m in merged:
        tokens = set(TOKEN.findall(m["source"])) - TRANSLATED_TOKENS
        for form in m["forms"]:
            lost = sorted(t for t in tokens if not re.search(rf"\b{t}\b", form))
            if lost:
                problems.append(f"{', '.join(lost)} missing: {_where(m)} -> {form!r}")
    assert not problems, "\n".join(problems)


def test_menu_texts_keep_one_accelerator(merged):
    problems = [f"{_where(m)} -> {form!r}" for m in merged for form in m["forms"]
                if accelerators(m["source"]) != accelerators(form)]
    assert not problems, "\n".join(problems)


def test_catalan_terms_follow_the_glossary(merged):
    """One form per concept (shared/design/GLOSSARY.md): the noun stays "guest"; "convidat"
    is the adjective (nucli convidat, mode convidat), never in the same message as the noun,
    where a reader would take them for two things (the gloss "guest (convidat)" aside).
    The technique keeps its English name
    with its Catalan gloss."""
    mixed, bare = [], []
    for m in merged:
        for form in m["forms"]:
            low = re.sub(r"guest \(convidat\)", "", form.lower())   # the glossary's gloss
            if re.search(r"\bguests?\b", low) and re.search(r"\bconvidat", low):
                mixed.append(f"{_where(m)} -> {form!r}")
            if "trap and emulate" in low and "capturar i emular" not in low:
                bare.append(f"{_where(m)} -> {form!r}")
    assert not mixed, "guest and convidat in one message:\n" + "\n".join(mixed)
    assert not bare, "trap and emulate without its gloss:\n" + "\n".join(bare)


def test_compiled_translations_match_their_source(tmp_path):
    """The committed .qm is what lrelease makes of the committed .ts (not older)."""
    qm = tmp_path / "vmlab_ca.qm"
    TOOLS.lrelease(TOOLS.TS, qm)
    assert qm.read_bytes() == TOOLS.QM.read_bytes(), (
        "assets/i18n/vmlab_ca.qm is out of date: run tools/update_translations.py")


# ---------------------------------------------------------------------- the live window
def _menus(window):
    """(title, menu) for the menu bar and every menu below it."""
    found = [("menu bar", window.menuBar())]
    for _title, menu in found:
        for action in menu.actions():
            if action.menu() is not None:
                found.append((action.menu().title(), action.menu()))
    return found


def test_catalan_menu_accelerators_do_not_clash(main_window):
    assert i18n.set_language("ca")
    QCoreApplication.processEvents()
    pause = accelerator(QCoreApplication.translate("MainWindow", "&Pause"))
    run = main_window.actions_by_name["run"]
    for title, menu in _menus(main_window):
        letters = [accelerator(a.menu().title() if a.menu() else a.text())
                   for a in menu.actions() if not a.isSeparator()]
        letters = [letter for letter in letters if letter]
        clashes = {letter for letter, n in Counter(letters).items() if n > 1}
        assert not clashes, f"{title}: {clashes} used twice in {letters}"
        if run in menu.actions():   # the run action says Pause while running
            others = [accelerator(a.text()) for a in menu.actions() if a is not run]
            assert pause not in others, f"{title}: the Pause accelerator clashes"


def test_switching_language_retranslates_the_window_live(main_window, qtbot):
    from vmlab.lessons.loader import shipped_lessons
    window = main_window
    lesson_panel = window.panels["lesson"]
    lessons = shipped_lessons()
    if lessons:
        assert window.open_lesson(lessons[0].path)
        qtbot.waitUntil(lambda: not lesson_panel.playing, timeout=10000)

    window.set_language("ca")
    QCoreApplication.processEvents()
    assert i18n.current_language() == "ca"
    assert window.prefs.language == "ca"
    assert window.windowTitle() == "vmlab — laboratori de virtualització"
    assert [window.menu_file.title(), window.menu_sim.title(), window.menu_view.title(),
            window.menu_help.title()] == ["&Fitxer", "&Simulació", "&Visualitza", "A&juda"]
    actions = window.actions_by_name
    assert actions["step_cycle"].text() == "Avança un &cicle"
    assert actions["run"].text() == "E&xecuta"
    assert actions["reset"].toolTip().startswith("Torna a començar l’escenari")
    button = window.toolbar.widgetForAction(actions["step_instruction"])
    assert button.text().replace("&", "") == "Avança una instrucció"
    assert window.speed_label.text() == "Velocitat:"
    assert window.docks["traps"].windowTitle() == "Inspector de traps"
    assert window.docks["timeline"].windowTitle() == "Línia de temps"
    assert window.docks["registers"].windowTitle() == "Registres"
    assert window.docks["lesson"].windowTitle() == "Lliçó"
    assert window.status_cycle.text().startswith("Cicle ")
    assert window.status_mode.text() in ("CPU: mode nucli", "CPU: mode usuari")
    if lessons:
        lesson = lesson_panel.engine.lesson
        assert lesson_panel.title_label.text() == lesson.title.get("ca")
        heading = lesson_panel.engine.step.text.get("ca").strip().splitlines()[0].lstrip("# ")
        assert heading in lesson_panel.text.toPlainText()
        assert lesson_panel.next_button.text() in ("Següent ▶", "Acaba ✓")

    window.set_language("en")
    QCoreApplication.processEvents()
    assert i18n.current_language() == "en"
    assert window.prefs.language == "en"
    assert window.menu_file.title() == "&File"
    assert actions["step_cycle"].text() == "Step &cycle"
    assert window.docks["traps"].windowTitle() == "Trap inspector"
    assert window.status_cycle.text().startswith("Cycle ")
    if lessons:
        assert lesson_panel.title_label.text() == lesson.title.get("en")
        heading = lesson_panel.engine.step.text.get("en").strip().splitlines()[0].lstrip("# ")
        assert heading in lesson_panel.text.toPlainText()


def test_the_language_menu_switches_and_is_checked(main_window):
    ca = next(a for a in main_window.language_group.actions() if a.data() == "ca")
    ca.trigger()
    QCoreApplication.processEvents()
    assert ca.isChecked()
    assert main_window.menu_view.title() == "&Visualitza"
    assert main_window.prefs.language == "ca"


# ---------------------------------------------------------------------- the system locale
@pytest.mark.parametrize("name, expected", [("ca_ES", "ca"), ("ca_AD", "ca"),
                                            ("en_GB", "en"), ("es_ES", "en")])
def test_system_language_follows_the_os_locale(monkeypatch, name, expected):
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(name)))
    assert i18n.system_language() == expected

