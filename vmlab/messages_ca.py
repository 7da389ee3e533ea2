"""The Catalan of every message of vmlab/messages.py, by its English template.

Written as the docs and the assembler's catalog write (docs/scenarios.ca.md,
docs/lessons.ca.md, vmlab/asm/catalog.py, the glossary): the author is
addressed as «vosaltres» (deseu, corregiu), the keys, names and values of a
file are kept as written ('alpha', scenario.quantum, [[guest]]), *guest* and
*host* stay in English as in the lecture, and the typography is Catalan
(l·l, the apostrophe ’).  Both texts use the same {placeholders}.
"""

from __future__ import annotations

CATALAN: dict[str, str] = {
    # ---------------------------------------------------------------- common words
    "{before}did you mean {name}?{after}": "{before}potser volíeu dir {name}?{after}",
    "{name}: {problems}": "{name}: {problems}",

    # ---------------------------------------------------------------- scenarios (vmlab/scenario.py)
    "no such scenario; the shipped ones are: {known} (looked for a file {name} and for "
    "{shipped}){hint}":
        "no existeix aquest escenari; els de vmlab són: {known} (s’ha buscat un fitxer {name} "
        "i {shipped}){hint}",
    "is not UTF-8 text (byte {byte}); save it as UTF-8":
        "no és text UTF-8 (byte {byte}); deseu-lo en UTF-8",
    "must be a table with [scenario] and [[guest]] tables":
        "ha de ser una taula amb les taules [scenario] i [[guest]]",
    "at least one [[guest]] table is required":
        "cal com a mínim una taula [[guest]]",
    "at most {most} guests, not {count}":
        "com a màxim {most} guests, no {count}",
    "must be a table ([[guest]])":
        "ha de ser una taula ([[guest]])",
    "{name} must be a short name: a letter, then letters, digits, - or _ (at most 24 "
    "characters)":
        "{name} ha de ser un nom curt: una lletra i després lletres, xifres, - o _ (24 "
        "caràcters com a màxim)",
    "{name} is used by two guests":
        "{name} és el nom de dos guests",
    "{name} does not assemble:\n{errors}":
        "{name} no s’assembla:\n{errors}",
    "does not assemble:\n{errors}":
        "no s’assembla:\n{errors}",
    "program {name} {problem}; raise this guest's memory":
        "el programa {name} {problem}; augmenteu la memòria d’aquest guest",
    "the program {problem}":
        "el programa {problem}",
    "places words up to address {address}, so it needs {needed:,} words of memory, more than "
    "the {memory:,} words it has":
        "ocupa paraules fins a l’adreça {address}, de manera que necessita {needed:,} paraules "
        "de memòria, més que les {memory:,} que té",
    "memory must be from 1 to {most:,} words, not {memory}":
        "la memòria ha de ser d’1 a {most:,} paraules, no {memory}",
    "a native scenario runs exactly one kernel on the bare machine, not {count}":
        "un escenari natiu executa exactament un nucli sobre la màquina nua, no {count}",
    "technique {technique} runs at most {most} guests, not {count}":
        "la tècnica {technique} executa com a màxim {most} guests, no {count}",
    "{memory} words cannot hold the VMM and the guests' memory ({needed} words needed)":
        "en {memory} paraules no hi caben la VMM i la memòria dels guests (en calen {needed})",
    "{technique} runs at most {most} guest, and this scenario has {count}":
        "{technique} executa com a màxim {most} guest, i aquest escenari en té {count}",
    "{technique} runs paravirtual kernels, and this scenario's are not":
        "{technique} executa nuclis paravirtuals, i els d’aquest escenari no ho són",
    "this scenario's kernels are paravirtual: they need a paravirtual technique, not "
    "{technique}":
        "els nuclis d’aquest escenari són paravirtuals: necessiten una tècnica paravirtual, "
        "no {technique}",
    "{name} must be a program name or a path inside the scenario's folder (no absolute paths, "
    "no '..')":
        "{name} ha de ser el nom d’un programa o un camí dins de la carpeta de l’escenari (sense "
        "camins absoluts ni '..')",
    "{name} is a link to a file outside the scenario's folder; a scenario may only use files "
    "inside its folder":
        "{name} és un enllaç a un fitxer de fora de la carpeta de l’escenari; un escenari només "
        "pot fer servir fitxers de la seva carpeta",
    "program {name} not found{hint}; shipped programs: {known}":
        "no es troba el programa {name}{hint}; programes de vmlab: {known}",
    "unknown key{hint}; allowed here: {allowed}":
        "clau desconeguda{hint}; aquí s’admeten: {allowed}",
    "a [{key}] table is required":
        "cal una taula [{key}]",
    "must be a table":
        "ha de ser una taula",
    "must be a whole number from {low:,} to {high:,}, not {value}":
        "ha de ser un nombre enter de {low:,} a {high:,}, no {value}",
    "is required":
        "és obligatòria",
    "must be a string, not {value}":
        "ha de ser una cadena de text, no {value}",
    "must be one of {options}, not {value}":
        "ha de ser un d’aquests valors: {options}; no {value}",
    "did you mean {name}? It must be one of {options}, not {value}":
        "potser volíeu dir {name}? Ha de ser un d’aquests valors: {options}; no {value}",
    "must be a string or a table with exactly 'en' and 'ca' strings":
        "ha de ser una cadena de text o una taula amb exactament les cadenes 'en' i 'ca'",
    "unknown cost {name}{hint}; allowed: {known}":
        "cost desconegut {name}{hint}; s’admeten: {known}",
    "cost {name} must be a whole number of cycles 0..1000000, not {value}":
        "el cost {name} ha de ser un nombre enter de cicles de 0 a 1000000, no {value}",
}
