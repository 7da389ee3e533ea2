"""BytecodeError: the one error of the bytecode loader, assembler and verifier.

Every refusal names the file and, for a .vlb source, the line of the
instruction at fault ("primes.vlb:12: ..."); for a binary image, the code
offset ("primes.vlbc: code offset 12: ...").  The text exists in English and
Catalan: the error keeps a message id and its values, and render(lang) picks
the language (the command line's is VMLAB_LANG, else the locale).
"""

from __future__ import annotations

from ..inputs import InputError

# id -> (English, Catalan); both use the same {placeholders}.
MESSAGES: dict[str, tuple[str, str]] = {
    # files
    "read": ("{reason}", "{reason}"),
    "utf8": ("is not UTF-8 text (byte {byte}); save it as UTF-8",
             "no és text UTF-8 (byte {byte}); deseu-lo en UTF-8"),
    "not_found": ("bytecode program {name} not found (looked in {places})",
                  "no s’ha trobat el programa de bytecode {name} (s’ha buscat a {places})"),
    "outside": ("{name} must be a .vlb file inside the scenario's folder or a shipped "
                "bytecode program's name (no absolute paths, no '..')",
                "{name} ha de ser un fitxer .vlb de la carpeta de l’escenari o el nom d’un "
                "programa de bytecode de vmlab (sense camins absoluts ni '..')"),
    "not_interpreter": ("program {name} is not a bytecode interpreter (it defines no IMAGE "
                        "address): the bytecode key goes with program = \"{interpreter}\"",
                        "el programa {name} no és un intèrpret de bytecode (no defineix cap "
                        "adreça IMAGE): la clau bytecode va amb program = \"{interpreter}\""),
    "embed_failed": ("the bytecode image cannot be placed in program {name}:\n{errors}",
                     "la imatge del bytecode no es pot posar al programa {name}:\n{errors}"),
    # assembler
    "unknown_mnemonic": ("unknown instruction {name}; the instructions are: {known}",
                         "instrucció desconeguda {name}; les instruccions són: {known}"),
    "unknown_directive": ("unknown directive {name}; the directives are .stack, .locals and "
                          ".word",
                          "directiva desconeguda {name}; les directives són .stack, .locals i "
                          ".word"),
    "operand_count": ("{name} takes {expected}, not {found}",
                      "{name} pren {expected}, no {found}"),
    "bad_number": ("{text} is not a number (write 42, -7 or 0x2A)",
                   "{text} no és un nombre (escriviu 42, -7 o 0x2A)"),
    "const_range": ("the constant {value} does not fit in 32 bits (-2147483648 to 4294967295)",
                    "la constant {value} no cap en 32 bits (de -2147483648 a 4294967295)"),
    "operand_range": ("the operand {value} must be from 0 to {most}",
                      "l’operand {value} ha de ser de 0 a {most}"),
    "bad_label": ("{name} is not a label name (a letter or _, then letters, digits or _)",
                  "{name} no és un nom d’etiqueta (una lletra o _, i després lletres, xifres "
                  "o _)"),
    "label_twice": ("label {name} is defined twice (first on line {first})",
                    "l’etiqueta {name} està definida dues vegades (primer a la línia {first})"),
    "undefined_label": ("label {name} is not defined",
                        "l’etiqueta {name} no està definida"),
    "directive_twice": ("{name} is given twice (first on line {first})",
                        "{name} s’ha donat dues vegades (primer a la línia {first})"),
    "directive_missing": ("the program must declare {name} (its {what}), as a Java class "
                          "file declares max_stack and max_locals",
                          "el programa ha de declarar {name} ({what}), com un fitxer .class "
                          "de Java declara max_stack i max_locals"),
    "directive_range": ("{name} must be from {least} to {most}, not {value}",
                        "{name} ha de ser de {least} a {most}, no {value}"),
    "too_long": ("the code is longer than {most:,} words",
                 "el codi passa de {most:,} paraules"),
    # binary images
    "image_size": ("a bytecode image is a whole number of 32-bit words, at least {least} "
                   "(the header); this file has {size:,} bytes",
                   "una imatge de bytecode és un nombre enter de paraules de 32 bits, com a "
                   "mínim {least} (la capçalera); aquest fitxer té {size:,} bytes"),
    "magic": ("is not a VLB bytecode image (its first word is {found:#010x}, not "
              "{expected:#010x})",
              "no és una imatge de bytecode VLB (la primera paraula és {found:#010x}, no "
              "{expected:#010x})"),
    "version": ("VLB version {found} is not known; this vmlab reads version {expected}",
                "la versió {found} de VLB no és coneguda; aquest vmlab llegeix la versió "
                "{expected}"),
    "code_length": ("the header says {declared:,} code words, but the file holds {found:,}",
                    "la capçalera diu {declared:,} paraules de codi, però el fitxer en té "
                    "{found:,}"),
    # verifier
    "empty": ("the program has no code", "el programa no té codi"),
    "unknown_opcode": ("unknown opcode {opcode:#04x} (word {word:#010x})",
                       "codi d’operació desconegut {opcode:#04x} (paraula {word:#010x})"),
    "reserved_bits": ("{name} takes no operand, but the word {word:#010x} has operand bits set",
                      "{name} no pren operand, però la paraula {word:#010x} té bits d’operand "
                      "a 1"),
    "cut_push": ("push at the end of the code has no constant word after it",
                 "el push del final del codi no té la paraula de la constant al darrere"),
    "target_outside": ("{name} jumps to offset {target}, outside the code (0 to {last})",
                       "{name} salta a la posició {target}, fora del codi (de 0 a {last})"),
    "target_inside": ("{name} jumps to offset {target}, which is not the start of an "
                      "instruction (it is the constant of the push at offset {start})",
                      "{name} salta a la posició {target}, que no és l’inici de cap "
                      "instrucció (és la constant del push de la posició {start})"),
    "local_range": ("{name} {index}: the program declares {count} locals (0 to {last})",
                    "{name} {index}: el programa declara {count} variables locals (de 0 a "
                    "{last})"),
    "no_locals": ("{name} {index}: the program declares no locals",
                  "{name} {index}: el programa no declara cap variable local"),
    "underflow": ("{name} takes {needed} values from the stack, but the stack depth here is "
                  "{depth}",
                  "{name} pren {needed} valors de la pila, però aquí la profunditat de la pila "
                  "és {depth}"),
    "overflow": ("{name} makes the stack depth {depth}, above the declared .stack {most}",
                 "{name} porta la profunditat de la pila a {depth}, més que el .stack {most} "
                 "declarat"),
    "depth_mismatch": ("the stack depth here is {depth} when reached from {source}, but "
                       "{other} when reached from {other_source}",
                       "aquí la profunditat de la pila és {depth} quan s’hi arriba des de "
                       "{source}, però {other} quan s’hi arriba des de {other_source}"),
    "falls_off": ("{name} is the last instruction and the program would run off the end of "
                  "its code: end it with halt or jmp",
                  "{name} és la darrera instrucció i el programa continuaria més enllà del "
                  "final del codi: acabeu-lo amb halt o jmp"),
    # places in messages
    "place_line": ("line {line}", "la línia {line}"),
    "place_offset": ("offset {offset}", "la posició {offset}"),
    "place_start": ("the start", "l’inici"),
}


def text(key: str, lang: str = "en", **params) -> str:
    english, catalan = MESSAGES[key]
    template = catalan if lang == "ca" else english
    rendered = {k: v.render(lang) if isinstance(v, Place) else v for k, v in params.items()}
    out = template.format(**rendered)
    if lang == "ca":            # numbers grouped as Catalan writes them (1.234)
        for k, v in params.items():
            if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 1000 \
                    and "{" + k + ":,}" in template:
                out = out.replace(f"{v:,}", f"{v:,}".replace(",", "."))
    return out


class Place:
    """Where an instruction is, for a message: a source line, or a code offset."""

    def __init__(self, line: int | None, offset: int | None) -> None:
        self.line, self.offset = line, offset

    def render(self, lang: str) -> str:
        if self.line:
            return text("place_line", lang, line=self.line)
        if self.offset is None:
            return text("place_start", lang)
        return text("place_offset", lang, offset=self.offset)


class BytecodeError(InputError):
    """A bytecode program that cannot be used: file, line (or code offset) and why."""

    def __init__(self, path: str, key: str, *, line: int | None = None,
                 offset: int | None = None, **params) -> None:
        self.path, self.key, self.line, self.offset, self.params = path, key, line, offset, params
        super().__init__(self.render("en"))

    @property
    def message(self) -> str:
        return text(self.key, "en", **self.params)

    def render(self, lang: str = "en") -> str:
        """file:line: message (or file: code offset N: message), in lang ("en" or "ca")."""
        body = text(self.key, lang, **self.params)
        if self.line:
            return f"{self.path}:{self.line}: {body}"
        if self.offset is not None:
            where = "posició del codi" if lang == "ca" else "code offset"
            return f"{self.path}: {where} {self.offset}: {body}"
        return f"{self.path}: {body}"
