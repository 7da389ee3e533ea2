"""Interface language: Qt's translation system, switched live.

The Catalan interface lives in assets/i18n/vmlab_ca.ts (source, edited with
Qt Linguist or by hand) and vmlab_ca.qm (compiled by pyside6-lrelease; see
tools/update_translations.py).  Installing or removing a QTranslator makes Qt
send every widget a LanguageChange event; our widgets answer by calling
retranslate(), and the lesson panel re-renders its text in the new language.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..resources import asset

LANGUAGES = ("en", "ca")
_installed: list[QTranslator] = []
_current = "en"


_LOCALES = {"en": "en_US", "ca": "ca_ES"}


def system_language() -> str:
    """Catalan if the operating system speaks it, English otherwise.

    (QLocale.system(), not QLocale(): set_language() changes the default locale.)
    """
    name = QLocale.system().name()          # e.g. "ca_ES", "en_GB"
    return "ca" if name.split("_")[0] == "ca" else "en"


def current_language() -> str:
    return _current


def set_language(code: str) -> bool:
    """Switch the interface language; False if its translations cannot be loaded."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}: one of {', '.join(LANGUAGES)}")
    app = QCoreApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    ok = True
    if code != "en":
        ours = QTranslator(app)
        ok = ours.load(str(asset("i18n", f"vmlab_{code}.qm")))
        if ok:
            app.installTranslator(ours)
            _installed.append(ours)
        qt = QTranslator(app)   # Qt's own dialogs (file chooser, message boxes)
        if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _installed.append(qt)
    _current = code if ok else "en"
    # Qt's own widgets (spin boxes, dialogs) then write numbers the same way.
    QLocale.setDefault(QLocale(_LOCALES[_current]))
    return ok
