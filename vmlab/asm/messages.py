"""Bilingual diagnostics: a Message is a catalog key plus its parameters.

The assembler never builds a sentence itself.  It names what went wrong
(msg("operand.unknown_register", name="r99")) and the text is looked up in
vmlab/asm/catalog.py when it is shown, in English or Catalan: the same
mistake can then be shown in the student's language long after it was
found (the lesson panel switches language live).

A parameter may itself be a Message ("immediate" / "l’immediat"), rendered
in the same language, so a sentence and the words slotted into it always
agree.  English rendering is what str() gives, and it is byte-identical to
the messages the assembler printed before the catalog existed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from .catalog import CATALOG

LANGUAGES = ("en", "ca")

Param = Union[str, int, "Message"]


@dataclass(frozen=True)
class Message:
    """What to say, in no language yet: a catalog key and its named parameters."""

    key: str
    # A tuple, not a dict, so a Message is hashable and can sit in frozen
    # dataclasses (Form keeps its hints as Messages).
    args: tuple[tuple[str, Param], ...] = ()

    @property
    def params(self) -> dict[str, Param]:
        return dict(self.args)

    def render(self, lang: str = "en") -> str:
        """The text in lang ("en" or "ca"), nested Messages included."""
        entry = CATALOG[self.key]
        template = entry.ca if check_language(lang) == "ca" else entry.en
        values = {name: value.render(lang) if isinstance(value, Message) else value
                  for name, value in self.args}
        # format_map only substitutes: a student's text in a parameter
        # ("{", "}") is never read as a placeholder.
        return template.format_map(values)

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, **params: Param) -> Message:
    """The Message for a catalog key; an unknown key is a bug, caught here at once."""
    if key not in CATALOG:
        raise KeyError(f"no assembler message {key!r} in vmlab/asm/catalog.py")
    return Message(key, tuple(params.items()))


def check_language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGUAGES)}")
    return lang


def render(message: Message | str | None, lang: str) -> str:
    """A Message in lang; plain text (a diagnostic built by hand) as it is."""
    if message is None:
        return ""
    if isinstance(message, Message):
        return message.render(lang)
    return message
