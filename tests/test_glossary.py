"""The Catalan glossary, applied: wrong forms never reach a student (issue 8).

GLOSSARY.md (shared design folder) fixes one Catalan word per concept:
*trap* glossed "excepció o interrupció", never "trampa"; "la VMM", as the
course lecture says; "fallada" for a fault; "quàntum"; "part de CPU";
"temporitzador" (TIMER) and "comptador de cicles" (CYCLE), "rellotge" only in
"rellotge virtual"; "diari" for a log, "registre" only for a CPU register;
"sortida" only for a VM exit; "canvi de màquina" for a world switch.  Issue 8
also lists grammar slips a native reader found.  This test forbids every
listed wrong form in the Catalan text a student reads:

* lessons/*.toml: only the strings under a ``ca`` key (text.ca, title,
  prompts, hints, choices...); accepted answers are what a student may type,
  and the English side may say "quantum";
* assets/i18n/vmlab_ca.ts: only the <translation> elements;
* docs/*.ca.md;
* the assembler's message catalog (vmlab/asm/catalog.py, the Catalan side);
* the Catalan scenario titles (assets/scenarios/*.toml).

Code is not prose: fenced blocks, `inline code` and {placeholders} are blanked
out before matching (a scenario's ``quantum = 2000`` or a lesson's
``{quantum}`` is not a Catalan word).  Only text is parsed; this runs in well
under a second.
"""

from __future__ import annotations

import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Callable, Iterator, NamedTuple

import pytest

from vmlab.asm.catalog import CATALOG

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("*.toml"))
DOCS_CA = sorted((ROOT / "docs").glob("*.ca.md"))
SCENARIOS = sorted((ROOT / "assets" / "scenarios").glob("*.toml"))
TS = ROOT / "assets" / "i18n" / "vmlab_ca.ts"
CATALOG_PY = ROOT / "vmlab" / "asm" / "catalog.py"

IGNORE = re.IGNORECASE
APOS = "['’]"          # straight or typographic apostrophe
W = r"[\s*_]+"         # between two words: spaces, line breaks, Markdown emphasis


class Rule(NamedTuple):
    pattern: re.Pattern
    advice: str


def rule(regex: str, advice: str, flags: int = IGNORE) -> Rule:
    return Rule(re.compile(regex, flags), advice)


RULES: list[Rule] = [
    # -------------------------------------------------------------- terminology
    rule(r"\btramp(a|es)\b",
         "a trap is *trap* (excepció o interrupció), never «trampa»"),
    rule(rf"\b(el|del|al|pel|un|aquest|els|dels|als|pels){W}VMM\b",
         "the VMM is feminine, as in the lecture: «la VMM», «de la VMM», «a la VMM», "
         "«per la VMM», «una VMM»"),
    rule(rf"\bregistres?{W}compartits?\b",
         "a shared log is a «diari» (compartit); «registre» is only a CPU register"),
    rule(rf"\btres{W}sortides\b",
         "«sortida» is a VM exit only: the three solutions are «tres solucions» "
         "(or «tres maneres»)"),
    rule(rf"\bsortida{W}(de|per){W}(la{W})?consola\b",
         "«sortida» is a VM exit only: say what the guest writes on the console"),
    rule(r"\brellotges?\b(?![\s*_]+virtuals?\b)",
         "«rellotge» only in «rellotge virtual»: TIMER is the «temporitzador», CYCLE "
         "the «comptador de cicles», virtual time «temps virtual» / «rellotge virtual»"),
    # Case-sensitive: QUANTUM, the .equ constant of Alpha's source, is code.
    rule(r"\b[Qq]uantums?\b", "Catalan writes «quàntum» (with the accent)", 0),
    rule(r"\bllesca\b|\bllesques\b",
         "the time slice is the «quàntum» (one word per concept)"),
    rule(r"\bcompartici(ó|ons)\b",
         "a CPU share is a «part de CPU»; sharing time is «temps compartit»"),
    rule(rf"\bcanvis?{W}(de{W}context{W})?entre{W}màquines\b",
         "a world switch is a «canvi de màquina» (*world switch*): one form everywhere"),
    rule(rf"\bcanvis?{W}de{W}context[»”\"']?{W}\(\s*world switch",
         "a world switch is a «canvi de màquina», not a «canvi de context» (that is a "
         "process switch)"),
    rule(r"\bfaltes\b|\buna\s+falta\b|\bfalta\s+de\s+(pàgina|protecció|segmentació)\b",
         "a fault is a «fallada»"),
    # -------------------------------------------------------------- grammar (issue 8)
    rule(r"\bsi\s+digueu\b", "«si dieu» (indicative after «si»), not «si digueu»"),
    rule(rf"\bla{W}majoria{W}d{APOS}instruccions\b",
         "«la majoria de les instruccions»"),
    rule(rf"(?<!durant )\bquants{W}cicles{W}s{APOS}ha{W}executat\b",
         "«Durant quants cicles s’ha executat…»"),
    rule(rf"\bper{W}tres{W}propietats\b", "«a partir de tres propietats»"),
    rule(rf"\bintrús{W}mort\b", "«l’intrús eliminat»"),
    rule(rf"\ba{W}mitges\b", "«pel mig» (an interrupt must not arrive in the middle)"),
    rule(rf"\bquantes\b[^?]{{0,120}}\bha{W}aturat{W}un{W}trap\b",
         "«quantes … han quedat aturades per un trap»"),
    rule(r"\b(\d+|dos|quatre)\s+cors\b", "«2 nuclis (cores)»"),
    rule(rf"\bAlpha{W}nativa\b", "«Alpha natiu» (Alpha is a kernel)"),
]


# ------------------------------------------------------------------ what a student reads
CODE_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
INLINE_CODE = re.compile(r"`[^`\n]*`")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_.]*\}")


def prose(text: str) -> str:
    """The text with code and placeholders blanked out, same length and lines."""
    def blank(match: re.Match) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))
    for pattern in (CODE_FENCE, INLINE_CODE, PLACEHOLDER):
        text = pattern.sub(blank, text)
    return text


class Text(NamedTuple):
    where: str      # file and place: "lessons/02-…toml step[3].text.ca"
    text: str


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def catalan_strings(node, where: str) -> Iterator[Text]:
    """Every string stored under a ``ca`` key of a parsed TOML document."""
    if isinstance(node, dict):
        for key, value in node.items():
            here = f"{where}.{key}" if where else key
            if key == "ca" and isinstance(value, str):
                yield Text(here, value)
            else:
                yield from catalan_strings(value, here)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            # A step is named by its id (step[virtual-time]), anything else by its index.
            name = value.get("id") if isinstance(value, dict) else None
            yield from catalan_strings(value, f"{where}[{name if isinstance(name, str) else i}]")


def toml_texts(path: Path) -> list[Text]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return [Text(f"{rel(path)} {t.where}", t.text) for t in catalan_strings(data, "")]


def ts_texts() -> list[Text]:
    out = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = list(translation.iter("numerusform")) or [translation]
            for form in forms:
                out.append(Text(f"{rel(TS)} {name} «{message.findtext('source')}»",
                                form.text or ""))
    return out


def catalog_texts() -> list[Text]:
    return [Text(f"{rel(CATALOG_PY)} {key}", entry.ca) for key, entry in CATALOG.items()]


def doc_texts(path: Path) -> list[Text]:
    return [Text(rel(path), path.read_text(encoding="utf-8"))]


SOURCES: dict[str, Callable[[], list[Text]]] = {
    **{rel(p): (lambda p=p: toml_texts(p)) for p in LESSONS},
    rel(TS): ts_texts,
    **{rel(p): (lambda p=p: doc_texts(p)) for p in DOCS_CA},
    rel(CATALOG_PY): catalog_texts,
    **{rel(p): (lambda p=p: toml_texts(p)) for p in SCENARIOS},
}


def violations(item: Text) -> list[str]:
    text = prose(item.text)
    found = []
    for r in RULES:
        for match in r.pattern.finditer(text):
            line = item.text.count("\n", 0, match.start()) + 1
            start, end = max(0, match.start() - 30), min(len(text), match.end() + 30)
            excerpt = " ".join(item.text[start:end].split())
            if item.where.endswith(".md"):          # a whole file: its line
                where = f"{item.where}:{line}"
            elif "\n" in item.text:                 # a string of a file: its own line
                where = f"{item.where} (line {line} of the text)"
            else:
                where = item.where
            found.append(f"{where}: «{' '.join(match.group(0).replace('*', ' ').split())}» in "
                         f"“…{excerpt}…” — {r.advice}")
    return found


# ------------------------------------------------------------------ the tests
def test_every_kind_of_text_is_checked():
    assert LESSONS and DOCS_CA and SCENARIOS and TS.is_file()
    assert len(ts_texts()) > 300 and len(catalog_texts()) == len(CATALOG)
    lesson = toml_texts(LESSONS[0])
    assert any(t.where.endswith("title.ca") for t in lesson)
    assert any(".text.ca" in t.where for t in lesson)
    # Only Catalan: no English sentence of a lesson is among the texts checked.
    english = tomllib.loads(LESSONS[0].read_text(encoding="utf-8"))["title"]["en"]
    assert all(t.text != english for t in lesson)


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_no_wrong_form_in_catalan(source):
    found = [v for item in SOURCES[source]() for v in violations(item)]
    assert not found, (f"{len(found)} wrong Catalan form(s) in {source} (see GLOSSARY.md "
                       "and issue 8):\n" + "\n".join(found))


def test_the_interface_glosses_trap():
    """Where the window first speaks of a trap, it says what one is."""
    glossed = [t for t in ts_texts() if "trap (excepció o interrupció)" in t.text]
    assert len(glossed) >= 2, "the .ts should gloss trap as «excepció o interrupció»"


# ------------------------------------------------------------------ the rules themselves
WRONG = [
    "Una trampa", "les trampes del maquinari", "El VMM emula", "la feina del VMM",
    "entra al **VMM**", "pel VMM", "un VMM de tipus 1", "un registre compartit",
    "un registre\ncompartit", "les tres sortides", "Tres sortides:", "la sortida de la consola",
    "el rellotge d’Alpha", "la interrupció del rellotge", "un cicle de rellotge",
    "el quantum", "Quantum de 1500", "una llesca de temps", "les llesques",
    "la compartició de la CPU", "un canvi de context entre màquines",
    "canvis de\ncontext entre màquines", "canvis entre màquines",
    "«canvis de context» (world switches)", "provoca una falta", "les faltes",
    "si digueu la llavor", "la majoria d'instruccions", "la majoria d’instruccions",
    "Quants cicles s’ha executat Alpha?", "per tres propietats", "l’intrús mort",
    "no hi ha d’arribar a mitges", "Quantes escriptures ha aturat un trap BOUNDS?",
    "2 cors", "Alpha nativa",
]
RIGHT = [
    "un *trap* (excepció o interrupció)", "la VMM", "de la VMM", "a la VMM", "una VMM",
    "sense VMM", "VMM: vector de traps", "les VMM", "un diari compartit", "el registre CAUSE",
    "una sortida de la MV", "les sortides de la MV", "el rellotge virtual d’Alpha",
    "els rellotges virtuals", "el quàntum", "els quàntums", ".equ QUANTUM, 1500",
    "`quantum = 2000`", "cada {quantum} cicles", "la part de CPU", "temps compartit",
    "un canvi de màquina (*world switch*)", "un canvi de context entre processos",
    "falta un valor", "falta «)»", "una fallada", "si dieu la llavor", "digueu-ho",
    "la majoria de les instruccions", "Durant quants cicles s’ha executat Alpha?",
    "a partir de tres propietats", "l’intrús eliminat", "pel mig", "2 nuclis (cores)",
    "Alpha natiu", "dos nuclis convidats",
]


@pytest.mark.parametrize("text", WRONG)
def test_a_wrong_form_is_caught(text):
    assert violations(Text("example", text)), text


@pytest.mark.parametrize("text", RIGHT)
def test_a_right_form_passes(text):
    assert violations(Text("example", text)) == [], text


def test_code_and_placeholders_are_not_prose():
    text = "Abans:\n```toml\nquantum = 1500\n```\ni `rellotge` i {quantum}.\nel rellotge"
    found = violations(Text("doc.ca.md", text))
    assert len(found) == 1 and found[0].startswith("doc.ca.md:6:"), found
    found = violations(Text("x.toml step[s].text.ca", "Primer\nel rellotge"))
    assert found[0].startswith("x.toml step[s].text.ca (line 2 of the text): «rellotge»")
