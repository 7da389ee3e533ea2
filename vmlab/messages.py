"""Bilingual messages of the scenario, lesson and snapshot readers and of their checks.

A message is built with M("English template {name}", name=value): it *is* the
English text (a str, so every caller that prints, compares or concatenates it
keeps working), and it remembers its template and values, so it can be shown
in Catalan later: render(message, "ca").  The Catalan of each template is in
vmlab/messages_ca.py, looked up by the English template itself; a test fails
if a template has no Catalan (tests/test_scenario_check.py).

As in the assembler's catalog (vmlab/asm/catalog.py): a value may itself be a
message (or anything with render(lang)), rendered in the same language; a
number with a ',' format ({count:,}) is grouped as the language writes it
(12,345 in English, 12.345 in Catalan).  The language of the command line is
the assembler's: VMLAB_LANG, else the locale (vmlab.cli.errors.message_language).
"""

from __future__ import annotations

import re
import string

LANGUAGES = ("en", "ca")


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def format_field(self, value, spec: str) -> str:
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            value = render(value, self.lang)
        text = format(value, spec)
        if self.lang == "ca" and "," in spec and isinstance(value, (int, float)):
            text = text.translate(str.maketrans(",.", ".,"))
        return text


_FORMATTERS = {lang: _Formatter(lang) for lang in LANGUAGES}


_BEFORE_DE = re.compile(r"(?:^|(?<=[\s(]))de $")
_NUMBER = re.compile(r"[1-9]\d{0,2}(?:\.\d{3})*|[1-9]\d*")


def _elides(number: str) -> bool:
    """Whether Catalan says "d’" before this number: d’1, d’11, d’11.000, d’1.000.000 (un
    milió), d’11.000.000, but de 1.000 (mil), de 2, de 100, de 12."""
    if not _NUMBER.fullmatch(number):
        return False
    digits = number.replace(".", "")
    if len(digits) in (1, 7):                       # un, un milió …
        return digits[0] == "1"
    return len(digits) in (2, 5, 8) and digits[:2] == "11"   # onze, onze mil, onze milions


def _catalan(template: str, params: dict) -> str:
    """A Catalan template filled in; "de" before a number said with a vowel becomes "d’"."""
    formatter = _FORMATTERS["ca"]
    out: list[str] = []
    for literal, field, spec, conversion in formatter.parse(template):
        out.append(literal)
        if field is None:
            continue
        value, _ = formatter.get_field(field, (), params)
        text = formatter.format_field(formatter.convert_field(value, conversion), spec or "")
        if _BEFORE_DE.search(out[-1]) and _elides(text):
            out[-1] = out[-1][:-3] + "d’"
        out.append(text)
    return "".join(out)


class Msg(str):
    """The English text of a message, which can also be rendered in Catalan."""

    template: str
    params: dict

    def __new__(cls, template: str, params: dict) -> "Msg":
        self = super().__new__(cls, _FORMATTERS["en"].vformat(template, (), params))
        self.template, self.params = template, params
        return self

    def render(self, lang: str = "en") -> str:
        if lang != "ca":
            return str.__str__(self)
        from .messages_ca import CATALAN
        template = CATALAN.get(self.template)
        if template is None:          # a test keeps this from happening
            return str.__str__(self)
        return _catalan(template, self.params)

    def __reduce__(self):
        return (Msg, (self.template, self.params))


def M(template: str, /, **params) -> Msg:
    """The message for an English template (a literal: the tests look for it) and its values."""
    return Msg(template, params)


class Localized(str):
    """Text given by a function of the language (an error's render, an AssemblyError's
    format): the English text, as a str, that renders in Catalan too."""

    def __new__(cls, by_language) -> "Localized":
        self = super().__new__(cls, by_language("en"))
        self.by_language = by_language
        return self

    def render(self, lang: str = "en") -> str:
        return self.by_language(lang)


def assembly_errors(err) -> Localized:
    """An AssemblyError's report, in the language it is shown in."""
    return Localized(err.format)


def render(value, lang: str = "en") -> str:
    """Any message, error or value as text in lang ("en" or "ca")."""
    renderer = getattr(value, "render", None)
    if callable(renderer):
        return renderer(lang)
    return str(value)


def listing(items) -> str:
    """Names joined for a message: a, b, c."""
    return ", ".join(str(item) for item in items)
