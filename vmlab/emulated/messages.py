"""Every message of vmlab.emulated a user can read, in English and Catalan.

A message is a key and its arguments; render(key, lang, **args) gives its
text.  The Catalan follows docs/emulator.ca.md and the project's glossary.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- reading the file
    "file.read": ("{reason}", "{reason}"),
    "file.utf8": ("is not UTF-8 text (byte {byte}); save it as UTF-8",
                  "no és text UTF-8 (byte {byte}); deseu-lo com a UTF-8"),
    "file.lines": ("has {count:,} lines; a Toy8 program may have at most {most:,}",
                   "té {count:,} línies; un programa Toy8 en pot tenir {most:,} com a màxim"),
    # --- the assembler
    "asm.mnemonic": ("unknown instruction {name}{hint}",
                     "instrucció desconeguda {name}{hint}"),
    "asm.hint": (" (did you mean {name}?)", " (potser volíeu dir {name}?)"),
    "asm.directive": ("unknown directive {name}; Toy8 has .org, .byte and .equ",
                      "directiva desconeguda {name}; Toy8 té .org, .byte i .equ"),
    "asm.mode": ("{name} does not take the {mode} mode; it takes: {modes}",
                 "{name} no admet el mode {mode}; admet: {modes}"),
    "asm.operand.none": ("{name} takes no operand", "{name} no porta cap operand"),
    "asm.operand.missing": ("{name} needs an operand ({modes})",
                            "{name} necessita un operand ({modes})"),
    "asm.label.twice": ("{name} is defined twice (first on line {line})",
                        "{name} està definit dues vegades (la primera a la línia {line})"),
    "asm.label.bad": ("{name} is not a valid name: a letter or _, then letters, digits or _",
                      "{name} no és un nom vàlid: una lletra o _, i després lletres, xifres o _"),
    "asm.label.reserved": ("{name} is an instruction's name and cannot name a label",
                           "{name} és el nom d’una instrucció i no pot ser una etiqueta"),
    "asm.undefined": ("{name} is not defined", "{name} no està definit"),
    "asm.expr": ("cannot read the expression {text}: write numbers (12, 0x1F, 0b101, 'a'), "
                 "names, + and -",
                 "no es pot llegir l’expressió {text}: escriviu nombres (12, 0x1F, 0b101, 'a'), "
                 "noms, + i -"),
    "asm.range": ("{what} {value} is out of range {low}..{high}",
                  "{what} {value} és fora de l’interval {low}..{high}"),
    "asm.what.address": ("the address", "l’adreça"),
    "asm.what.byte": ("the byte", "el byte"),
    "asm.what.org": ("the .org address", "l’adreça de .org"),
    "asm.string": ("a string must be Latin-1 text between double quotes, closed on its line",
                   "una cadena ha de ser text Latin-1 entre cometes dobles, tancada a la seva "
                   "línia"),
    "asm.overlap": ("address {address} is filled twice (first on line {line})",
                    "l’adreça {address} s’omple dues vegades (la primera a la línia {line})"),
    "asm.full": ("the program runs past address 0xFF: Toy8 has {size} bytes of memory",
                 "el programa passa de l’adreça 0xFF: Toy8 té {size} bytes de memòria"),
    "asm.equ": (".equ needs a name and a value: .equ NAME, VALUE",
                ".equ necessita un nom i un valor: .equ NOM, VALOR"),
    "asm.args": ("{name} needs {what}", "{name} necessita {what}"),
    "asm.args.one": ("one value", "un valor"),
    "asm.args.some": ("at least one value", "almenys un valor"),
    "asm.too_many": ("more than {most} errors; the rest are not shown",
                     "més de {most} errors; la resta no es mostren"),
    "asm.circular": ("{name} is defined through itself", "{name} es defineix a partir de si mateix"),
    "mode.implied": ("implied (no operand)", "implícit (sense operand)"),
    "mode.immediate": ("immediate (#n)", "immediat (#n)"),
    "mode.absolute": ("absolute (n)", "absolut (n)"),
    "mode.indexed": ("indexed (n,x)", "indexat (n,x)"),
    "shipped": ("shipped Toy8 programs: {known}", "programes Toy8 inclosos: {known}"),
    # --- attaching a foreign program to the emulator (scenarios)
    "foreign.missing": ("Toy8 program {name} not found{hint}; shipped Toy8 programs: {known}",
                        "no s’ha trobat el programa Toy8 {name}{hint}; programes Toy8 inclosos: "
                        "{known}"),
    "foreign.path": ("{name} must be a Toy8 program name or a path inside the scenario's "
                     "folder (no absolute paths, no '..')",
                     "{name} ha de ser el nom d’un programa Toy8 o un camí dins la carpeta de "
                     "l’escenari (sense camins absoluts ni '..')"),
    "foreign.outside": ("{name} is a link to a file outside the scenario's folder",
                        "{name} és un enllaç a un fitxer de fora de la carpeta de l’escenari"),
    "foreign.no_emulator": ("program {name} has no FOREIGN constant: only the emulator "
                            "(emulator.vl32) runs a Toy8 program",
                            "el programa {name} no té la constant FOREIGN: només l’emulador "
                            "(emulator.vl32) executa un programa Toy8"),
    "foreign.errors": ("{name} does not assemble:\n{errors}",
                       "{name} no s’assembla:\n{errors}"),
}


class Msg:
    """A message not yet rendered: a key and its arguments (which may be Msgs too)."""

    __slots__ = ("key", "args")

    def __init__(self, key: str, **args) -> None:
        if key not in MESSAGES:
            raise KeyError(key)
        self.key, self.args = key, args

    def render(self, lang: str = "en") -> str:
        return render(self.key, lang, **self.args)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.args!r})"


def render(key: str, lang: str = "en", **args) -> str:
    """The text of message key in lang ("en" or "ca"), its Msg arguments rendered too."""
    english, catalan = MESSAGES[key]
    shown = {name: _shown(value, lang) for name, value in args.items()}
    return (catalan if lang == "ca" else english).format(**shown)


def _shown(value, lang: str):
    if isinstance(value, Msg):
        return value.render(lang)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(_shown(v, lang)) for v in value)
    return value
