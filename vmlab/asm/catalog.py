"""Every text of the assembler's diagnostics, in English and Catalan.

Keys are stable ids (tests and tools may rely on them); {name} marks a
parameter and both languages use the same ones.  The English texts are the
historical messages, byte for byte: tests, the CLI and the lesson checks
compare them.  The Catalan follows docs/isa.ca.md and the glossary:
«» around names and code the student wrote, code itself (mnemonics,
registers, `.equ NAME, value`) kept as written, and the students addressed
as «vosaltres», like the lessons.

Some entries are only words slotted into a sentence (range.what.*,
reserved.*, ...); their Catalan carries the article the sentence needs.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    en: str
    ca: str


CATALOG: dict[str, Entry] = {
    # ------------------------------------------------------------ layout
    "layout.error": Entry("error", "error"),
    "layout.hint": Entry("hint", "pista"),
    "layout.count_one": Entry("{count} error", "{count} error"),
    "layout.count_many": Entry("{count} errors", "{count} errors"),
    "internal": Entry(
        "internal assembler error ({error})",
        "error intern de l’assemblador ({error})"),
    "hint.report_bug": Entry(
        "this is a bug in vmlab; please report it with the source file",
        "és un error de vmlab; comuniqueu-lo i adjunteu-hi el fitxer font"),

    # ------------------------------------------------------------ reading the file
    "file.cannot_read": Entry("cannot read '{name}': {reason}",
                              "no es pot llegir «{name}»: {reason}"),
    "file.not_found": Entry("no such file", "el fitxer no existeix"),
    "file.is_directory": Entry("is a directory, not a source file",
                               "és un directori, no un fitxer font"),
    "file.permission": Entry("permission denied", "permís denegat"),
    "file.not_regular": Entry("is a pipe or a socket, not a source file",
                              "és una canonada o un sòcol, no un fitxer font"),
    "file.os_error": Entry("cannot read the file ({reason})",
                           "no es pot llegir el fitxer ({reason})"),
    "file.not_utf8": Entry("the file is not valid UTF-8 (byte {byte})",
                           "el fitxer no és UTF-8 vàlid (byte {byte})"),
    "hint.save_utf8": Entry("save the file as UTF-8", "deseu el fitxer en UTF-8"),
    # the limits of vmlab/inputs.py
    "file.name_too_long": Entry("the file name is too long ({length} characters)",
                                "el nom del fitxer és massa llarg ({length} caràcters)"),
    "file.name_nul": Entry("the file name contains a NUL character",
                           "el nom del fitxer conté un caràcter NUL"),
    "file.too_large": Entry("the file is larger than {limit} bytes, the most a program may be",
                            "el fitxer ocupa més de {limit} bytes, el màxim per a un programa"),
    "source.too_large": Entry("the program is too long: {size} characters, at most {limit}",
                              "el programa és massa llarg: {size} caràcters, com a màxim {limit}"),
    "errors.too_many": Entry("too many errors: stopped after {count}, at line {line}",
                             "massa errors: s’ha aturat després de {count}, a la línia {line}"),
    "hint.fix_first": Entry("fix these errors and assemble again",
                            "corregiu aquests errors i torneu a assemblar"),

    # ------------------------------------------------------------ common hints
    "hint.did_you_mean": Entry("did you mean '{name}'?", "volíeu dir «{name}»?"),
    "hint.write": Entry("write: {code}", "escriviu: {code}"),
    "hint.remove": Entry("remove '{text}'", "traieu «{text}»"),
    "hint.usage": Entry("{mnemonic} expects {signature}", "{mnemonic} espera {signature}"),

    # ------------------------------------------------------------ characters, numbers
    "lex.unexpected_char": Entry("unexpected character {char}",
                                 "caràcter inesperat {char}"),
    "hint.operators_and_comments": Entry(
        "expressions use + - * / and parentheses; comments start with ';' or '#'",
        "les expressions fan servir + - * / i parèntesis; els comentaris comencen "
        "amb «;» o «#»"),
    "hint.non_ascii": Entry(
        "only strings, character literals and comments may contain non-ASCII text",
        "només les cadenes, els literals de caràcter i els comentaris poden contenir "
        "text no ASCII"),
    "lex.number_too_long": Entry("number literal '{text}...' is too long",
                                 "el literal numèric «{text}...» és massa llarg"),
    "lex.number_too_large": Entry("number literal '{text}' is too large",
                                  "el literal numèric «{text}» és massa gran"),
    "hint.number_bits": Entry(
        "values must fit in 64 bits; instructions take at most 32",
        "els valors han de cabre en 64 bits; les instruccions n’admeten com a molt 32"),
    "lex.bad_number": Entry(
        "bad number literal '{text}' (not a valid {kind} number)",
        "literal numèric incorrecte «{text}» (no és un nombre {kind} vàlid)"),
    "number.hexadecimal": Entry("hexadecimal", "hexadecimal"),
    "number.binary": Entry("binary", "binari"),
    "number.decimal": Entry("decimal", "decimal"),
    "hint.number_forms": Entry(
        "numbers look like 42, 0x2A or 0b101010 ('_' may separate digits)",
        "els nombres s’escriuen com 42, 0x2A o 0b101010 («_» pot separar xifres)"),
    "lex.backslash_at_end": Entry("backslash at the end of the line",
                                  "barra inversa al final de la línia"),
    "lex.unknown_escape": Entry("unknown escape '\\{code}'",
                                "seqüència d’escapament desconeguda «\\{code}»"),
    "hint.escapes": Entry("escapes are \\n \\t \\r \\0 \\\\ \\' \\\"",
                          "les seqüències d’escapament són \\n \\t \\r \\0 \\\\ \\' \\\""),
    "lex.unterminated_char": Entry("unterminated character literal",
                                   "literal de caràcter sense tancar"),
    "hint.char_form": Entry("a character literal looks like 'A' or '\\n'",
                            "un literal de caràcter s’escriu com 'A' o '\\n'"),
    "hint.close_char": Entry("close it with a quote: 'A'",
                             "tanqueu-lo amb una cometa simple: 'A'"),
    "lex.empty_char": Entry("empty character literal", "literal de caràcter buit"),
    "hint.one_char": Entry("a character literal holds exactly one character, like 'A'",
                           "un literal de caràcter conté exactament un caràcter, com 'A'"),
    "lex.char_too_long": Entry("character literal with more than one character",
                               "literal de caràcter amb més d’un caràcter"),
    "hint.use_string": Entry('use a string for text: .string "..."',
                             'per a un text, feu servir una cadena: .string "..."'),
    "lex.unterminated_string": Entry("unterminated string", "cadena sense tancar"),
    "hint.close_string": Entry('close it with a double quote: "text"',
                               'tanqueu-la amb una cometa doble: "text"'),

    # ------------------------------------------------------------ expressions
    "expr.missing_value": Entry("missing value", "falta un valor"),
    "hint.write_value": Entry("write a number, a label or an expression",
                              "escriviu un nombre, una etiqueta o una expressió"),
    "expr.unbalanced": Entry("unbalanced ')'", "«)» sense el «(» corresponent"),
    "expr.unexpected": Entry("unexpected '{text}' in expression",
                             "no s’esperava «{text}» en l’expressió"),
    "hint.operators": Entry("operators are + - * / and parentheses",
                            "els operadors són + - * / i els parèntesis"),
    "hint.strings_only_in_string": Entry("strings are only allowed in .string",
                                         "les cadenes només es permeten a .string"),
    "expr.too_deep": Entry("expression nested too deeply",
                           "expressió massa niada"),
    "hint.nesting_limit": Entry("at most {limit} levels of signs and parentheses",
                                "com a molt {limit} nivells de signes i parèntesis"),
    "expr.ends_after": Entry("expression ends after '{text}'",
                             "l’expressió s’acaba després de «{text}»"),
    "hint.value_missing_here": Entry("a value is missing here", "aquí hi falta un valor"),
    "expr.register": Entry("register '{name}' cannot be used in an expression",
                           "el registre «{name}» no es pot fer servir en una expressió"),
    "hint.value_kinds": Entry(
        "values are numbers, characters, labels, .equ names and SR/port names",
        "els valors són nombres, caràcters, etiquetes, noms .equ i noms d’SR o de port"),
    "expr.missing_close": Entry("missing ')'", "falta «)»"),
    "hint.never_closed": Entry("this '(' is never closed", "aquest «(» no es tanca mai"),
    "expr.division_by_zero": Entry("division by zero", "divisió per zero"),
    "expr.too_large": Entry(
        "value too large: intermediate results must stay within -2^64..2^64",
        "valor massa gran: els resultats intermedis han de quedar dins de -2^64..2^64"),

    # ------------------------------------------------------------ statements
    "statement.expected_op": Entry(
        "expected an instruction or a directive, found '{text}'",
        "s’esperava una instrucció o una directiva, però hi ha «{text}»"),
    "hint.line_form": Entry("a line is: [label:] mnemonic operands ; comment",
                            "una línia té la forma: [etiqueta:] mnemònic operands ; comentari"),
    "statement.missing_before_comma": Entry("missing operand before ','",
                                            "falta un operand abans de «,»"),
    "hint.single_commas": Entry("operands are separated by single commas",
                                "els operands se separen amb una sola coma"),
    "statement.missing_after_comma": Entry("missing operand after ','",
                                           "falta un operand després de «,»"),
    "hint.trailing_comma": Entry("remove the trailing comma or add the operand",
                                 "traieu la coma final o afegiu l’operand"),
    "op.unknown_mnemonic": Entry("unknown mnemonic '{name}'", "mnemònic desconegut «{name}»"),
    "hint.write_equ": Entry("write '.equ {name}, value'", "escriviu «.equ {name}, value»"),
    "hint.define_label": Entry("to define a label write '{name}:'",
                               "per definir una etiqueta, escriviu «{name}:»"),
    "op.unknown_directive": Entry("unknown directive '{name}'",
                                  "directiva desconeguda «{name}»"),
    "hint.directives": Entry("directives are {names}", "les directives són {names}"),

    # ------------------------------------------------------------ operands
    "operand.none": Entry("{mnemonic} takes no operands", "{mnemonic} no admet operands"),
    "operand.expects_one": Entry("{mnemonic} expects {signature} ({count} operand)",
                                 "{mnemonic} espera {signature} ({count} operand)"),
    "operand.expects_many": Entry("{mnemonic} expects {signature} ({count} operands)",
                                  "{mnemonic} espera {signature} ({count} operands)"),
    "operand.count": Entry("{expected}, found {found}", "{expected}, però n’hi ha {found}"),
    "operand.swapped": Entry(
        "{mnemonic} expects {signature}: the operands are the other way round",
        "{mnemonic} espera {signature}: els operands són a l’inrevés"),
    "operand.unknown_register": Entry("unknown register '{name}'",
                                      "registre desconegut «{name}»"),
    "hint.registers": Entry("registers are r0..r15, sp, ra",
                            "els registres són r0..r15, sp, ra"),
    "hint.usage_registers": Entry(
        "{mnemonic} expects {signature}; registers are r0..r15, sp, ra",
        "{mnemonic} espera {signature}; els registres són r0..r15, sp, ra"),
    "operand.register_got_name": Entry(
        "expected a register for {slot} of {mnemonic}, found the {what} name '{name}'",
        "{mnemonic} espera un registre com a {slot}, però hi ha el nom de {what} «{name}»"),
    "name.system_register": Entry("system register", "registre de sistema"),
    "name.port": Entry("port", "port"),
    "operand.expected_register": Entry(
        "expected a register for {slot} of {mnemonic}, found '{text}'",
        "{mnemonic} espera un registre com a {slot}, però hi ha «{text}»"),
    "operand.expected_value": Entry(
        "expected a value for {slot} of {mnemonic}, found the register '{name}'",
        "{mnemonic} espera un valor com a {slot}, però hi ha el registre «{name}»"),
    "operand.base_not_register": Entry(
        "expected a register as the base of {mnemonic}'s memory operand, found '{text}'",
        "{mnemonic} espera un registre com a base de l’operand de memòria, però hi ha "
        "«{text}»"),
    "hint.base_register": Entry(
        "the base in imm(rs) must be a register; for an absolute address write {text}(r0)",
        "la base d’imm(rs) ha de ser un registre; per a una adreça absoluta, escriviu "
        "{text}(r0)"),
    "operand.expected_memory": Entry(
        "expected a memory operand like 4(r2) for {slot} of {mnemonic}, found '{text}'",
        "{mnemonic} espera com a {slot} un operand de memòria (com ara 4(r2)), però hi ha "
        "«{text}»"),
    "hint.address_in_register": Entry(
        "for the address held in {reg} write 0({reg}) or ({reg})",
        "per a l’adreça que conté {reg}, escriviu 0({reg}) o ({reg})"),
    "hint.absolute_address": Entry("for an absolute address write ({text})(r0)",
                                   "per a una adreça absoluta, escriviu ({text})(r0)"),
    "hint.subtract_constant": Entry(
        "to subtract a constant use addi with a negative immediate",
        "per restar una constant, feu servir addi amb un immediat negatiu"),

    # ------------------------------------------------------------ ranges
    "range.out_of_range": Entry(
        "{what} {value} out of range for {mnemonic}: allowed {low}..{high} ({description})",
        "{what} {value} és fora de rang per a {mnemonic}: s’admet de {low} a {high} "
        "({description})"),
    "range.what.immediate": Entry("immediate", "l’immediat"),
    "range.what.offset": Entry("offset", "el desplaçament"),
    "range.what.code": Entry("code", "el codi"),
    "range.what.jump_target": Entry("jump target", "la destinació del salt"),
    "range.what.system_register": Entry("system register", "el registre de sistema"),
    "range.what.port": Entry("port", "el port"),
    "range.what.value": Entry("value", "el valor"),
    "range.what.address": Entry("address", "l’adreça"),
    "range.signed": Entry("signed {bits} bits", "{bits} bits amb signe"),
    "range.unsigned": Entry("unsigned {bits} bits", "{bits} bits sense signe"),
    "range.bits": Entry("{bits} bits", "{bits} bits"),
    "range.branch": Entry(
        "branch target {target} out of range for {mnemonic}: offset {offset} not in "
        "{low}..{high} ({description})",
        "la destinació del salt {target} és fora de rang per a {mnemonic}: el desplaçament "
        "{offset} no és entre {low} i {high} ({description})"),
    "range.space": Entry("count {count} out of range for .space: allowed 0..{limit}",
                         "la quantitat {count} és fora de rang per a .space: s’admet de 0 a "
                         "{limit}"),
    "hint.li_then_register": Entry(
        "load a 32-bit constant with li, then use the register form",
        "carregueu la constant de 32 bits amb li i després feu servir la forma amb "
        "registres"),
    "hint.lui_bits": Entry("LUI takes bits 31..14 of a value, i.e. value >> 14",
                           "LUI pren els bits 31..14 d’un valor, és a dir, valor >> 14"),
    "hint.branch_reach": Entry(
        "branches reach 131071 words either way; jump further with jmp, or branch around "
        "a jmp",
        "els salts condicionals arriben a 131071 paraules en cada sentit; per anar més "
        "lluny, feu servir jmp o un salt condicional que passi per sobre d’un jmp"),
    "hint.jump_reach": Entry(
        "JMP/JAL reach 0..0x3FFFFFF; beyond that load the address and use jr",
        "JMP/JAL arriben a 0..0x3FFFFFF; més enllà, carregueu l’adreça en un registre i "
        "feu servir jr"),
    "hint.system_registers": Entry("system registers are {names}",
                                   "els registres de sistema són {names}"),

    # ------------------------------------------------------------ addresses, layout
    "address.outside": Entry("address {address} is outside 0..0xFFFFFFFF",
                             "l’adreça {address} és fora de l’interval 0..0xFFFFFFFF"),
    "hint.past_end": Entry("the program runs past the end of the address space",
                           "el programa sobrepassa el final de l’espai d’adreces"),
    "hint.address_32bit": Entry("addresses are 32-bit unsigned numbers",
                                "les adreces són nombres de 32 bits sense signe"),
    "address.overlap": Entry("address {address} already holds a word from line {line}",
                             "l’adreça {address} ja conté una paraula de la línia {line}"),
    "hint.overlap": Entry("two parts of the program overlap; check .org",
                          "dues parts del programa se solapen; reviseu els .org"),
    "program.too_large": Entry("program too large: more than {limit} words",
                               "programa massa gran: més de {limit} paraules"),
    "hint.memory_size": Entry("VL32 memory is 65536 words by default",
                              "per defecte, la memòria de VL32 té 65536 paraules"),
    "label.outside": Entry(
        "label '{name}' at address {address} is outside 0..0xFFFFFFFF",
        "l’etiqueta «{name}» queda a l’adreça {address}, fora de l’interval "
        "0..0xFFFFFFFF"),
    "entry.outside": Entry("entry point {value} is outside 0..0xFFFFFFFF",
                           "el punt d’entrada {value} és fora de l’interval 0..0xFFFFFFFF"),
    "deferred.needs_value": Entry(
        "{directive} needs a value known at this point, but {reason}",
        "{directive} necessita un valor conegut en aquest punt, però {reason}"),
    "deferred.defined_later": Entry("'{name}' is defined later (line {line})",
                                    "«{name}» es defineix més avall (línia {line})"),
    "deferred.depends_on_later": Entry(
        "the value of '{name}' depends on symbols defined later",
        "el valor de «{name}» depèn de símbols definits més avall"),
    "hint.move_definition_up": Entry("move the definition above this line",
                                     "moveu la definició més amunt d’aquesta línia"),

    # ------------------------------------------------------------ directives
    "directive.expected_value": Entry(
        "expected a value for {directive}, found the register '{name}'",
        "{directive} espera un valor, però hi ha el registre «{name}»"),
    "hint.directive_values": Entry(
        "directives take numbers, characters, labels and .equ names",
        "les directives admeten nombres, caràcters, etiquetes i noms .equ"),
    "directive.equ_name": Entry("expected a symbol name for .equ, found '{text}'",
                                ".equ espera un nom de símbol, però hi ha «{text}»"),
    "directive.org_in_phase": Entry(
        ".org inside a .phase block (started on line {line})",
        ".org dins d’un bloc .phase (començat a la línia {line})"),
    "hint.dephase_block": Entry("end the block with .dephase first",
                                "primer tanqueu el bloc amb .dephase"),
    "directive.word_empty": Entry(".word expects at least one value",
                                  ".word espera almenys un valor"),
    "directive.string": Entry(".string expects one string in double quotes",
                              ".string espera una cadena entre cometes dobles"),
    "directive.string_found": Entry(
        ".string expects one string in double quotes, found '{found}'",
        ".string espera una cadena entre cometes dobles, però hi ha «{found}»"),
    "directive.not_latin1": Entry(
        "character '{char}' (U+{code}) in .string is not Latin-1",
        "el caràcter «{char}» (U+{code}) de .string no és Latin-1"),
    "directive.not_latin1_more": Entry(
        "character '{char}' (U+{code}) in .string is not Latin-1 (and {more} more)",
        "el caràcter «{char}» (U+{code}) de .string no és Latin-1 (i {more} més)"),
    "hint.latin1": Entry(
        "the console is Latin-1: code points 0..255 only (à, ç, ·, ñ are fine; write l·l "
        "rather than the single letter ŀ)",
        "la consola és Latin-1: només codis 0..255 (à, ç, · i ñ són vàlids; escriviu l·l "
        "amb el punt volat, no amb la lletra única ŀ)"),
    "directive.entry_twice": Entry(".entry given twice: first on line {line}",
                                   ".entry apareix dues vegades: la primera, a la línia {line}"),
    "hint.one_entry": Entry("a program has one entry point",
                            "un programa té un sol punt d’entrada"),
    "directive.phase_nested": Entry(
        "already inside a .phase block (started on line {line})",
        "ja hi ha un bloc .phase obert (començat a la línia {line})"),
    "hint.dephase_first": Entry("end it with .dephase first",
                                "primer tanqueu-lo amb .dephase"),
    "directive.dephase_alone": Entry(".dephase without a matching .phase",
                                     ".dephase sense el .phase corresponent"),
    "hint.start_phase": Entry("start the block with .phase ADDRESS",
                              "obriu el bloc amb .phase ADDRESS"),
    "directive.lang_name": Entry(
        ".lang expects a language name, found '{text}'",
        ".lang espera el nom d’una llengua, però hi ha «{text}»"),
    "directive.lang_empty": Entry(".lang expects at least one language name",
                                  ".lang espera almenys el nom d’una llengua"),
    "hint.lang_names": Entry("the languages are {names}", "les llengües són {names}"),
    "directive.endlang_operands": Entry(".endlang takes no operands",
                                        ".endlang no admet cap operand"),
    "directive.endlang_alone": Entry(".endlang without a matching .lang",
                                     ".endlang sense el .lang corresponent"),
    "hint.start_lang": Entry("start the blocks with .lang en (or ca)",
                             "obriu els blocs amb .lang en (o ca)"),
    "directive.lang_open": Entry("this .lang block is not closed with .endlang",
                                 "aquest bloc .lang no es tanca amb .endlang"),
    "hint.end_lang": Entry("end the last block with .endlang",
                           "tanqueu l’últim bloc amb .endlang"),
    "lang.missing_name": Entry(
        "'{name}' is defined for {has} (line {line}) but not for {lacks}",
        "«{name}» es defineix per a {has} (línia {line}), però no per a {lacks}"),
    "hint.lang_same_names": Entry(
        "the .lang blocks of a group must define the same labels and .equ names",
        "els blocs .lang d’un grup han de definir les mateixes etiquetes i els mateixos "
        "noms .equ"),

    # ------------------------------------------------------------ symbols
    "symbol.reserved": Entry("'{name}' is {reserved} and cannot be used as a {what}",
                             "«{name}» és {reserved} i no es pot fer servir com a {what}"),
    "reserved.register": Entry("a register name", "un nom de registre"),
    "reserved.system_register": Entry("a system register name",
                                      "un nom de registre de sistema"),
    "reserved.port": Entry("a port name", "un nom de port"),
    "reserved.current_address": Entry("the current address", "l’adreça actual"),
    "symbol.label": Entry("label", "etiqueta"),
    "symbol.equ": Entry(".equ name", "nom .equ"),
    "hint.choose_another": Entry("choose another name", "trieu un altre nom"),
    "symbol.duplicate": Entry(
        "duplicate {what} '{name}': already defined as a {kind} on line {line}",
        "«{name}» ja s’ha definit com a {kind} a la línia {line}; no es pot tornar a "
        "definir com a {what}"),
    "hint.unique_names": Entry(
        "every label and .equ name must be unique (case-sensitive)",
        "cada etiqueta i cada nom .equ ha de ser únic (es distingeixen majúscules i "
        "minúscules)"),
    "symbol.undefined": Entry("undefined symbol '{name}'", "símbol no definit «{name}»"),
    "hint.did_you_mean_case": Entry(
        "did you mean '{name}'? (labels are case-sensitive)",
        "volíeu dir «{name}»? (les etiquetes distingeixen majúscules i minúscules)"),
    "hint.define_symbol": Entry(
        "define it as a label ('{name}:') or with '.equ {name}, value'",
        "definiu-lo com a etiqueta («{name}:») o amb «.equ {name}, value»"),
    "symbol.circular": Entry("circular definition: {path}", "definició circular: {path}"),
    "hint.no_self_dependency": Entry("an .equ cannot depend on itself",
                                     "una constant .equ no pot dependre d’ella mateixa"),
}
