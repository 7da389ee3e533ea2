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
    "a guest migrates from one VMM to another: this scenario has no VMM (technique {technique})":
        "un guest migra d’una VMM a una altra: aquest escenari no té VMM (tècnica {technique})",
    "hosting {hosting} needs a VMM, and technique {technique} has none":
        "l’allotjament {hosting} necessita una VMM, i la tècnica {technique} no en té",
    "family {family} is one kernel on the bare machine (containers, an interpreter): it "
    "needs technique 'native', not {technique}":
        "la família {family} és un sol nucli sobre la màquina nua (contenidors, un "
        "intèrpret): necessita la tècnica 'native', no {technique}",
    "hosting {hosting} and a [migration] cannot go together (a migration's hosts run a type 1 "
    "VMM on the bare machine)":
        "l’allotjament {hosting} i una [migration] no poden anar junts (els amfitrions d’una "
        "migració executen una VMM de tipus 1 sobre la màquina nua)",
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
        "és obligatori",
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
    # ------------------------------------------------------- lessons (vmlab/lessons/loader.py)
    "; did you mean {name}?": "; potser volíeu dir {name}?",
    " (did you mean {name}?)": " (potser volíeu dir {name}?)",
    "unknown scenario {name}{hint} Looked for {places}; the shipped scenarios are: "
    "{shipped}{own}":
        "escenari desconegut {name}{hint} S’ha buscat {places}; els escenaris de vmlab són: "
        "{shipped}{own}",
    "{beside} (beside the lesson) and {shipped} (shipped)":
        "{beside} (al costat de la lliçó) i {shipped} (de vmlab)",
    "{shipped} (shipped)": "{shipped} (de vmlab)",
    "; scenario files beside the lesson: {names}":
        "; fitxers d’escenari al costat de la lliçó: {names}",
    "must be a name or a table": "ha de ser un nom o una taula",
    "no guest {name} in {where} (guests: {guests})":
        "no hi ha cap guest {name} a {where} (guests: {guests})",
    "the lesson's scenario": "l’escenari de la lliçó",
    "scenario {name} (loaded at {key})": "l’escenari {name} (carregat a {key})",
    "program {name} (loaded at {key})": "el programa {name} (carregat a {key})",
    "is required: lower-case letters, digits and '-' (e.g. \"trap-and-emulate\")":
        "és obligatori: lletres minúscules, xifres i '-' (p. ex. \"trap-and-emulate\")",
    "must be one of {names}, not {level}": "ha de ser un d’aquests valors: {names}; no {level}",
    "must be one of {names}, not {kind}": "ha de ser un d’aquests valors: {names}; no {kind}",
    "at least one [[step]] is required": "cal com a mínim un [[step]]",
    "at most {most} steps": "com a màxim {most} passos",
    "must be an array of tables ([[parameter]])":
        "ha de ser una llista de taules ([[parameter]])",
    "at most {most} parameters": "com a màxim {most} paràmetres",
    "is required: a scenario name (e.g. \"two-guests\") or an inline [scenario] table":
        "és obligatori: el nom d’un escenari (p. ex. \"two-guests\") o una taula [scenario] "
        "dins de la lliçó",
    "the parameters can take {draws:,} combinations of values; at most {most} are allowed, so "
    "that each one a student may draw is tried: use a larger step, a smaller range or fewer "
    "parameters":
        "els paràmetres poden prendre {draws:,} combinacions de valors; se n’admeten {most} com "
        "a màxim, perquè es pugui provar cadascuna de les que pot tocar a un estudiant: feu "
        "servir un pas (step) més gran, un interval més petit o menys paràmetres",
    " ({failed} other draw(s) of {draws} fail too)":
        " (també fallen {failed} altres combinacions de {draws})",
    "with {shown} the scenario cannot run{others}: {err}":
        "amb {shown} l’escenari no es pot executar{others}: {err}",
    "{name} is not a scenario name: a lesson names a shipped scenario or one in its own folder, "
    "by name (letters, digits, '-' and '_'; no paths)":
        "{name} no és el nom d’un escenari: una lliçó anomena un escenari de vmlab o un de la "
        "seva carpeta, pel nom (lletres, xifres, '-' i '_'; sense camins)",
    "parameter target {target}: {value} is outside {low}..{high}":
        "destinació del paràmetre {target}: {value} és fora de {low}..{high}",
    "parameter target {target}: no guest {name} in the scenario":
        "destinació del paràmetre {target}: l’escenari no té cap guest {name}",
    "parameter target {target}: {guest}'s program has no .equ {name}":
        "destinació del paràmetre {target}: el programa de {guest} no té cap .equ {name}",
    "parameter target {target} = {value}: the program does not assemble any more:\n{errors}":
        "destinació del paràmetre {target} = {value}: el programa ja no s’assembla:\n{errors}",
    "must be a table ([[step]])": "ha de ser una taula ([[step]])",
    "must be lower-case letters, digits and '-'": "han de ser lletres minúscules, xifres i '-'",
    "unknown panel {panel}; one of {names}":
        "tauler desconegut {panel}; ha de ser un d’aquests: {names}",
    "unknown panel {value}; one of {names}":
        "tauler desconegut {value}; ha de ser un d’aquests: {names}",
    "must be a list of tables like {{ do = \"reset\" }}":
        "ha de ser una llista de taules com {{ do = \"reset\" }}",
    "must be a list of {{ en, ca }} texts": "ha de ser una llista de textos {{ en, ca }}",
    "must be a table of names and expressions, e.g. capture = {{ start = \"cycles()\" }}":
        "ha de ser una taula de noms i expressions, p. ex. capture = {{ start = \"cycles()\" }}",
    "must be a table with a 'do' key, e.g. {{ do = \"run-until\", halt = true }}":
        "ha de ser una taula amb una clau 'do', p. ex. {{ do = \"run-until\", halt = true }}",
    "must be the name of an action in quotes, not {kind} (actions: {names})":
        "ha de ser el nom d’una acció entre cometes, no {kind} (accions: {names})",
    "unknown action {kind}{hint} (actions: {names})":
        "acció desconeguda {kind}{hint} (accions: {names})",
    "action {kind} needs {name}": "l’acció {kind} necessita {name}",
    "action {kind} needs a VMM: {where} runs one kernel on the bare machine":
        "l’acció {kind} necessita una VMM: {where} executa un sol nucli sobre la màquina nua",
    "must be a snapshot's name: lower-case letters, digits and '-' (at most 32; not a path), "
    'e.g. "first"':
        "ha de ser el nom d’una instantània: minúscules, xifres i '-' (com a màxim 32; no un "
        'camí), p. ex. "first"',
    "{guest} already has a snapshot {name} (at {where}): give each snapshot its own name":
        "{guest} ja té una instantània {name} (a {where}): doneu a cada instantània un nom propi",
    "a diff snapshot's base is an earlier snapshot of the same guest in the same scenario; "
    "{guest} has no snapshot {name} here (its snapshots: {names})":
        "la base d’una instantània diferencial és una instantània anterior del mateix guest en el "
        "mateix escenari; aquí {guest} no té cap instantània {name} (les seves instantànies: "
        "{names})",
    "{guest} has no snapshot {name} taken earlier in this scenario to restore (its snapshots: "
    "{names})":
        "{guest} no té cap instantània {name} presa abans en aquest escenari per restaurar-la "
        "(les seves instantànies: {names})",
    "no snapshot {snap} of {name} was taken before here (taken: {names})":
        "abans d’aquí no s’ha pres cap instantània {snap} de {name} (preses: {names})",
    "{name}(): no snapshot {snap} of {guest} is taken before here: a step's snapshot action "
    "takes it (taken: {names})":
        "{name}(): abans d’aquí no es pren cap instantània {snap} de {guest}: la pren l’acció "
        "snapshot d’un pas (preses: {names})",
    "this scenario migrates no guest: the migration figures need a scenario with a [migration] "
    "table (migrate-converges, migrate-never-converges)":
        "aquest escenari no migra cap guest: les xifres de la migració necessiten un escenari "
        "amb una taula [migration] (migrate-converges, migrate-never-converges)",
    "the migration has not got that far (it is in phase {phase}): run the scenario further":
        "la migració encara no ha arribat fins aquí (és a la fase {phase}): executeu l’escenari "
        "més enllà",
    "round {number} has not been done: the migration has done {rounds} round(s) so far, "
    "numbered from 1":
        "la ronda {number} no s’ha fet: la migració n’ha fet {rounds} fins ara, numerades des "
        "de l’1",
    "{name}(): the scenario at this step migrates no guest (it has no [migration] table: load "
    "migrate-converges or migrate-never-converges first)":
        "{name}(): l’escenari d’aquest pas no migra cap guest (no té taula [migration]: carregueu "
        "abans migrate-converges o migrate-never-converges)",
    "{name} has no identity device": "{name} no té dispositiu d’identitat",
    "must be a string": "ha de ser una cadena de text",
    "must be a label name (a string)": "ha de ser el nom d’una etiqueta (una cadena de text)",
    "{guest}'s program has no label {label}{hint}":
        "el programa de {guest} no té cap etiqueta {label}{hint}",
    "run-until needs exactly one of {names}":
        "run-until necessita exactament una d’aquestes claus: {names}",
    "must be a table ([step.question])": "ha de ser una taula ([step.question])",
    "needs exactly one of 'answer' (a fixed answer) or 'compute' (an expression computed from "
    "the simulation)":
        "necessita exactament una de les claus 'answer' (una resposta fixa) o 'compute' (una "
        "expressió calculada a partir de la simulació)",
    "must be a list of accepted texts": "ha de ser una llista dels textos acceptats",
    "must be a table ([step.exercise])": "ha de ser una taula ([step.exercise])",
    "must be a short name like \"program\"": "ha de ser un nom curt com \"program\"",
    "an exercise needs at least one [[step.exercise.check]]":
        "un exercici necessita com a mínim una [[step.exercise.check]]",
    "the exercise's program is called {guest}, not {value}":
        "el programa de l’exercici es diu {guest}, no {value}",
    "must be a table with 'en' and 'ca' texts, e.g. {{ en = \"...\", ca = \"...\" }}":
        "ha de ser una taula amb els textos 'en' i 'ca', p. ex. {{ en = \"...\", ca = \"...\" }}",
    "unknown language(s) {names}; allowed: {names2}":
        "llengües desconegudes: {names}; s’admeten: {names2}",
    "none, as this lesson declares no [[parameter]]":
        "cap, perquè aquesta lliçó no declara cap [[parameter]]",
    "unknown placeholder {{{name}}}{hint}: the student would see the braces. A placeholder "
    "shows this student's value of a parameter: {declared}":
        "marcador desconegut {{{name}}}{hint}: l’estudiant veuria les claus {{ }}. Un marcador "
        "mostra el valor d’un paràmetre per a aquest estudiant: {declared}",
    "is required: a whole number from {low} to {high}":
        "és obligatori: un nombre enter de {low} a {high}",
    "must be a whole number from {low} to {high}, not {value}":
        "ha de ser un nombre enter de {low} a {high}, no {value}",
    "must be a file name (a string)": "ha de ser el nom d’un fitxer (una cadena de text)",
    "{value}: {problem}": "{value}: {problem}",
    "{name} must be a path inside the lesson's folder (no absolute paths, no '..')":
        "{name} ha de ser un camí dins de la carpeta de la lliçó (sense camins absoluts ni '..')",
    "the lesson has no folder to find files in":
        "la lliçó no té cap carpeta on buscar fitxers",
    "file {name} not found next to the lesson":
        "no es troba el fitxer {name} al costat de la lliçó",
    "{name} is a link to a file outside the lesson's folder; a lesson may only use files "
    "inside its folder":
        "{name} és un enllaç a un fitxer de fora de la carpeta de la lliçó; una lliçó només "
        "pot fer servir fitxers de la seva carpeta",
    "is required: a lower-case name like \"quantum\"":
        "és obligatori: un nom en minúscules com \"quantum\"",
    "must be at least min ({low})": "ha de ser com a mínim min ({low})",
    "is required: where the value goes — scenario.quantum, guest.<name>.memory, "
    "guest.<name>.share, costs.<cost> or program.<guest>.<EQU name>":
        "és obligatori: on va el valor — scenario.quantum, guest.<nom>.memory, "
        "guest.<nom>.share, costs.<cost> o program.<guest>.<nom de l’EQU>",
    "{name} is declared twice": "{name} es declara dues vegades",
    "must be an expression in quotes, e.g. \"exits('alpha', 'PRIV')\"":
        "ha de ser una expressió entre cometes, p. ex. \"exits('alpha', 'PRIV')\"",
    "{what} needs {names}, but {value} gives {value2}":
        "{what} necessita {names}, però {value} dona {value2}",
    "{value} cannot name a value: lower-case letters, digits and '_', starting with a letter "
    "(not and, or, not, contains, true, false)":
        "{value} no pot ser el nom d’un valor: lletres minúscules, xifres i '_', començant amb "
        "una lletra (no and, or, not, contains, true, false)",
    "{name} is the name of a metric ({name2}()); choose another name":
        "{name} és el nom d’una mètrica ({name2}()); trieu-ne un altre",
    "{name} is already captured at {value}; each name is captured once":
        "{name} ja es captura a {value}; cada nom es captura una sola vegada",
    "must be \"max\" or cycles per second from 1 to 10000000":
        "ha de ser \"max\" o cicles per segon d’1 a 10000000",
    "must be true (the whole machine stops) or a guest's name (that guest halts, stalls or "
    "crashes)":
        "ha de ser true (s’atura tota la màquina) o el nom d’un guest (aquest guest s’atura, "
        "es bloqueja o falla)",
    "must be true or a table {{ cause = \"PRIV\", guest = \"alpha\" }}":
        "ha de ser true o una taula {{ cause = \"PRIV\", guest = \"alpha\" }}",
    "unknown cause {cause}; one of {names}":
        "causa desconeguda {cause}; ha de ser una d’aquestes: {names}",
    "must be a table {{ guest = \"alpha\", label = \"schedule\" }}":
        "ha de ser una taula {{ guest = \"alpha\", label = \"schedule\" }}",
    "must be a table {{ guest = \"beta\", text = \"WARNING\" }}":
        "ha de ser una taula {{ guest = \"beta\", text = \"WARNING\" }}",
    "a choice question needs at least two choices":
        "una pregunta d’opcions necessita com a mínim dues opcions",
    "must be the index of the right choice, 0 to {value}":
        "ha de ser l’índex de l’opció correcta, de 0 a {value}",
    "must be a number >= 0, not {value}": "ha de ser un nombre >= 0, no {value}",
    "must be a table with 'expect' and 'explain'":
        "ha de ser una taula amb 'expect' i 'explain'",
    "{value} is not UTF-8 text": "{value} no és text UTF-8",
    "no such lesson{hint} Looked for a file {value}{here} and for a shipped lesson of that id "
    "or file name in {value2}; shipped: {names}":
        "no existeix aquesta lliçó{hint} S’ha buscat un fitxer {value}{here} i una lliçó de "
        "vmlab amb aquest identificador o nom de fitxer a {value2}; les de vmlab: {names}",
    " here ({folder})": " aquí ({folder})",
    "is required: a table with 'en' and 'ca' texts":
        "és obligatori: una taula amb els textos 'en' i 'ca'",
    "missing translation: the '{lang}' text is required":
        "falta la traducció: el text '{lang}' és obligatori",
    "unknown key{hint}; allowed here: {names}": "clau desconeguda{hint}; aquí s’admeten: {names}",
    "{id} is used by two steps": "{id} és l’identificador de dos passos",
    "{err}: in {value}": "{err}: a l’expressió {value}",
    "{value} is captured only at {later}, later than here: a value can be used from the step "
    "that captures it on":
        "{value} només es captura a {later}, més endavant: un valor es pot fer servir a partir "
        "del pas que el captura",
    "scenario {name} cannot start: {err}": "l’escenari {name} no es pot iniciar: {err}",
    "{args} cannot start: {err}": "{args} no es pot iniciar: {err}",
    "must be a number, not {answer}": "ha de ser un nombre, no {answer}",
    "must be text, not {answer}": "ha de ser text, no {answer}",
    "… and {more:,} more problem(s): fix these first, then check again":
        "… i {more:,} problemes més: corregiu primer aquests i torneu a comprovar el fitxer",
    "must be a non-empty string": "ha de ser una cadena de text no buida",
    "is not UTF-8 text (byte {start}); save the file as UTF-8":
        "no és text UTF-8 (byte {start}); deseu el fitxer en UTF-8",

    # ------------------------------------------------------- the check commands (vmlab/cli)
    "{count} step": "{count} pas",
    "{count} steps": "{count} passos",
    "{count} question": "{count} pregunta",
    "{count} questions": "{count} preguntes",
    "{failed} of {count} files (lessons and scenarios) have errors":
        "{failed} de {count} fitxers (lliçons i escenaris) tenen errors",
    "{failed} of {count} lesson file(s) have errors":
        "{failed} de {count} fitxers de lliçó tenen errors",
    "{failed} of {count} scenario file(s) have errors":
        "{failed} de {count} fitxers d’escenari tenen errors",
    ", played with seed {seeds}": ", reproduïda amb la llavor {seeds}",
    ", played with seeds {seeds}": ", reproduïda amb les llavors {seeds}",
    "{path}: ok — {lesson}: {steps}, {questions}{played}":
        "{path}: correcta — {lesson}: {steps}, {questions}{played}",
    "{name}: the folder holds no .toml file (no lesson, no scenario)":
        "{name}: la carpeta no conté cap fitxer .toml (ni lliçons ni escenaris)",
    "{where}: warning: {key}: {message}": "{where}: avís: {key}: {message}",
    "{name}: no such scenario{hint} Looked for {places} and for a shipped scenario {shipped}; "
    "the shipped scenarios are: {known}":
        "{name}: no existeix aquest escenari{hint} S’ha buscat {places} i un escenari de vmlab "
        "{shipped}; els escenaris de vmlab són: {known}",
    "a file {name} here ({folder})": "un fitxer {name} aquí ({folder})",
    "a file {name}": "un fitxer {name}",
    "{path}: the scenario cannot start: {error}":
        "{path}: l’escenari no es pot iniciar: {error}",
    "{problem} (a scenario file)": "{problem} (un fitxer d’escenari)",
    "{path}: a scenario, not a lesson: ok — {technique}, guests {guests}; a lesson beside it "
    "runs it with scenario = \"{name}\"":
        "{path}: un escenari, no una lliçó: correcte — {technique}, guests {guests}; una lliçó "
        "al costat l’executa amb scenario = \"{name}\"",
    "{path}: ok — {technique}, guests {guests}": "{path}: correcte — {technique}, guests {guests}",
    "{guests}; host processes {processes}": "{guests}; processos de l’amfitrió {processes}",
    "{where}: {key}: a lesson, not a scenario: check it with vmlab lesson check {path}":
        "{where}: {key}: una lliçó, no un escenari: comproveu-la amb vmlab lesson check {path}",
    "gives {value}, not the index of a choice (a whole number from 0 to {last}, or true/false "
    "for 1/0)":
        "dona {value}, que no és l’índex d’una opció (un nombre enter de 0 a {last}, o "
        "true/false per a 1/0)",
    "gives {value:,}, but the question has {choices} choices: the index of the right one is 0 "
    "to {last} (the first choice is 0)":
        "dona {value:,}, però la pregunta té {choices} opcions: l’índex de la correcta és de 0 "
        "a {last} (la primera opció és la 0)",

    # ------------------------------------------------------- playing the lesson (rehearse.py)
    "seed {seed}": "llavor {seed}",
    "seed {seed} ({values})": "llavor {seed} ({values})",
    "{play}, the kernels in Catalan": "{play}, amb els nuclis en català",
    "a number question's answer must be a number, not {kind} {value}":
        "la resposta d’una pregunta numèrica ha de ser un nombre, no {kind} {value}",
    "a text question's answer must be text, not a truth value (the student would have to type "
    "{value})":
        "la resposta d’una pregunta de text ha de ser text, no un valor de veritat (l’estudiant "
        "hauria d’escriure {value})",
    "the truth value": "el valor de veritat",
    "the text": "el text",
    "the value": "el valor",
    "cannot be captured with {drawn}: {problem}": "no es pot capturar amb {drawn}: {problem}",
    "with {drawn}: {problem}": "amb {drawn}: {problem}",
    "no answer": "no hi ha resposta",
    "cannot give the answer with {drawn} (at cycle {cycle:,}): {problem}":
        "no pot donar la resposta amb {drawn} (al cicle {cycle:,}): {problem}",
    "the computed answer {value} is not accepted as the answer with {drawn}":
        "la resposta calculada {value} no s’accepta com a resposta amb {drawn}",
    "{message} (also with seed {seed})": "{message} (també amb la llavor {seed})",
    "{message} (also with seeds {seeds} and {last})":
        "{message} (també amb les llavors {seeds} i {last})",
    "the starter code already passes every check: the student has nothing to do":
        "el codi inicial ja supera totes les comprovacions: l’estudiant no ha de fer res",
    "cannot be computed on the starter code's run ({err}): a student whose program does the "
    "same is told only that the check fails":
        "no es pot calcular amb l’execució del codi inicial ({err}): a un estudiant el programa "
        "del qual faci el mateix només se li diu que la comprovació falla",
    # ------------------------------------------------------- expressions (expr.py, metrics.py)
    "a number": "un nombre",
    "text": "text",
    "a truth value (true or false)": "un valor de veritat (true o false)",
    "a value": "un valor",
    "its argument": "el seu argument",
    "its first argument": "el primer argument",
    "its second argument": "el segon argument",
    "its third argument": "el tercer argument",
    "its fourth argument": "el quart argument",
    "its fifth argument": "el cinquè argument",
    "left": "a l’esquerra",
    "right": "a la dreta",
    "not a number": "no un nombre",
    "infinite": "infinit",
    "the end": "el final",
    "no arguments": "cap argument",
    "none": "cap",
    "{low} to {high}": "de {low} a {high}",
    "{message} (at column {col})": "{message} (a la columna {col})",
    "the values captured at earlier steps are {names}":
        "els valors capturats en passos anteriors són {names}",
    "no value is captured at an earlier step": "no es captura cap valor en un pas anterior",
    "unknown name {value}: write text in quotes ('{value2}'), call a metric with parentheses, "
    "or name a captured value ({known})":
        "nom desconegut {value}: escriviu el text entre cometes ('{value2}'), crideu una mètrica "
        "amb parèntesis o anomeneu un valor capturat ({known})",
    "+ joins two texts or adds two numbers, not {value} and {value2}":
        "+ uneix dos textos o suma dos nombres, no {value} i {value2}",
    "expected a number, a string, a function call or '(', found {value}":
        "s’esperava un nombre, una cadena de text, una crida a una funció o '(', i s’ha trobat "
        "{value}",
    "the number {value} is too large": "el nombre {value} és massa gran",
    "the expression is empty": "l’expressió és buida",
    "{name} is a metric: call it, {call}(…)": "{name} és una mètrica: crideu-la, {call}(…)",
    "unknown name {value}; did you mean {close}? (captured at earlier steps: {names})":
        "nom desconegut {value}; potser volíeu dir {close}? (capturats en passos anteriors: "
        "{names})",
    "unknown name {value}; did you mean the metric {close}()?":
        "nom desconegut {value}; potser volíeu dir la mètrica {close}()?",
    "division by zero": "divisió per zero",
    "no answer can be computed: the result is {what} (a value too large, or an impossible "
    "operation)":
        "no es pot calcular cap resposta: el resultat és {what} (un valor massa gran, o una "
        "operació impossible)",
    "{op} needs numbers, not {value}": "{op} necessita nombres, no {value}",
    "unexpected character {text}": "caràcter inesperat {text}",
    "expression longer than {most} characters": "expressió de més de {most} caràcters",
    "expected {op}, found {value}": "s’esperava {op}, i s’ha trobat {value}",
    "unexpected {text}": "{text} inesperat",
    "expression nested too deeply (at most {most} levels of parentheses, calls and signs)":
        "expressió massa imbricada (com a màxim {most} nivells de parèntesis, crides i signes)",
    "expression too long: at most {most} operators and calls; split the computation":
        "expressió massa llarga: com a màxim {most} operadors i crides; dividiu el càlcul",
    "{text} is not a number: write digits after the prefix, e.g. 0x1F or 0b101":
        "{text} no és un nombre: escriviu xifres després del prefix, p. ex. 0x1F o 0b101",
    "{value} is a value captured at an earlier step, not a metric: write it without "
    "parentheses":
        "{value} és un valor capturat en un pas anterior, no una mètrica: escriviu-lo sense "
        "parèntesis",
    "; did you mean {name}()?": "; potser volíeu dir {name}()?",
    "unknown metric {value}{hint}": "mètrica desconeguda {value}{hint}",
    "{value}() takes {expected} arguments, not {count}: {help}":
        "{value}() pren {expected} arguments, no {count}: {help}",
    "- needs a number, not {value}": "- necessita un nombre, no {value}",
    "{op} compares {value} with {value2}: it is always {always}":
        "{op} compara {value} amb {value2}: sempre és {always}",
    "cannot compare {value} with {value2} using {op}":
        "no es pot comparar {value} amb {value2} amb {op}",
    "no answer can be computed: the expression is too deeply nested":
        "no es pot calcular cap resposta: l’expressió és massa imbricada",
    "no answer can be computed: no value was captured for {value} (the step that captures it "
    "has not been played, or its capture failed)":
        "no es pot calcular cap resposta: no s’ha capturat cap valor per a {value} (el pas que "
        "el captura no s’ha reproduït, o la captura ha fallat)",
    "'contains' needs text on both sides": "'contains' necessita text als dos costats",
    "cannot compare text with a number using {op}":
        "no es pot comparar text amb un nombre amb {op}",
    "no answer can be computed: {value} {op} {value2} is too large for a number with decimals":
        "no es pot calcular cap resposta: {value} {op} {value2} és massa gran per a un nombre "
        "amb decimals",
    "{value}() needs {value2} as {place}, not {value3}: {help}":
        "{value}() necessita {value2} com a {place}, no {value3}: {help}",
    "'contains' needs text on both sides, not {value} on the {side}":
        "'contains' necessita text als dos costats, no {value} {side}",
    "no answer can be computed: {value}() cannot use {value2} ({err})":
        "no es pot calcular cap resposta: {value}() no pot fer servir {value2} ({err})",
    "unknown register {name}: use r0..r15, sp, ra or pc":
        "registre desconegut {name}: feu servir r0..r15, sp, ra o pc",
    "unknown cause {name}: one of {names}": "causa desconeguda {name}: una d’aquestes: {names}",
    "unknown cause {name}: one of {names}, or a hardware-assist exit reason: {names2}":
        "causa desconeguda {name}: una d’aquestes: {names}, o un motiu de sortida de la "
        "virtualització assistida per maquinari: {names2}",
    "compare_cycles(): no shipped guest kernel {kernel} (kernels: {names})":
        "compare_cycles(): vmlab no té cap nucli convidat {kernel} (nuclis: {names})",
    "compare_cycles(): no technique {technique} (techniques: {names})":
        "compare_cycles(): no hi ha cap tècnica {technique} (tècniques: {names})",
    "compare_cycles(): no shipped guest kernel {args} (kernels: {names})":
        "compare_cycles(): vmlab no té cap nucli convidat {args} (nuclis: {names})",
    "compare_cycles(): no technique {args} (techniques: {names})":
        "compare_cycles(): no hi ha cap tècnica {args} (tècniques: {names})",
    "round(a[, digits]) needs a number and 0 to 10 decimals":
        "round(a[, digits]) necessita un nombre i de 0 a 10 decimals",
    "compare_cycles(): {technique} does not run {kernel} (no paravirtual port of it)":
        "compare_cycles(): {technique} no executa {kernel} (no en té cap versió paravirtual)",
    "compare_cycles(): {kernel} under {technique} did not halt within {most:,} cycles":
        "compare_cycles(): {kernel} amb {technique} no s’ha aturat en {most:,} cicles",
    "no guest {name} in this scenario (guests: {names})":
        "aquest escenari no té cap guest {name} (guests: {names})",
    "mode must be 'kernel' or 'user', not {mode}": "mode ha de ser 'kernel' o 'user', no {mode}",
    "mode must be 'kernel' or 'user'": "mode ha de ser 'kernel' o 'user'",
    "unknown system register {register}: one of {names}":
        "registre de sistema desconegut {register}: un d’aquests: {names}",
    "unknown system register {second}": "registre de sistema desconegut {second}",
    "address {address} is outside {name}'s {size} words":
        "l’adreça {address} és fora de les {size} paraules de {name}",
    "{name}'s program has no label {text}": "el programa de {name} no té cap etiqueta {text}",
    "no parameter {name} (declared: {value})":
        "no hi ha cap paràmetre {name} (declarats: {value})",
    "count(text, part) needs two pieces of text": "count(text, part) necessita dos textos",
    "lines(text) needs text": "lines(text) necessita text",
    "length(text) needs text": "length(text) necessita text",
    "{name}() needs numbers, not {names}": "{name}() necessita nombres, no {names}",
    "param(): no parameter {args} declared": "param(): no s’ha declarat cap paràmetre {args}",
    "label(): {args}'s program has no label {second}":
        "label(): el programa de {args} no té cap etiqueta {second}",
    "{name}(): no guest {args} in the lesson's scenario (guests: {names})":
        "{name}(): l’escenari de la lliçó no té cap guest {args} (guests: {names})",
    "{first} or {second}": "{first} o {second}",
    "a number question": "una pregunta numèrica",
    "a text question": "una pregunta de text",
    "a choice question (the index of the right choice, from 0; true is 1, false 0)":
        "una pregunta d’opcions (l’índex de l’opció correcta, des de 0; true és 1 i false, 0)",
    "a check (a condition the program must make true, e.g. state('program') == 'halted')":
        "una comprovació (una condició que el programa ha de fer certa, p. ex. "
        "state('program') == 'halted')",
    # ------------------------------------------------------- answers files (lesson play --answers)
    "the lesson has no step {step_id}{hint} (steps: {names})":
        "la lliçó no té cap pas {step_id}{hint} (passos: {names})",
    "must be a table: [step-id] with answer = … or program = …":
        "ha de ser una taula: [id-del-pas] amb answer = … o program = …",
    "this step has neither a question nor an exercise":
        "aquest pas no té ni pregunta ni exercici",
    "must be \"correct\" or \"wrong\", not {expect}":
        "ha de ser \"correct\" o \"wrong\", no {expect}",
    "must be \"pass\" or \"fail\", not {expect}": "ha de ser \"pass\" o \"fail\", no {expect}",
    "{reason} (--answers takes right, wrong or an answers file)":
        "{reason} (--answers admet right, wrong o un fitxer de respostes)",
    "is not UTF-8 text": "no és text UTF-8",
    "must be what the student types (text or a number) or, for a choice, the choice's index "
    "from 0":
        "ha de ser el que escriu l’estudiant (text o un nombre) o, en una pregunta d’opcions, "
        "l’índex de l’opció des de 0",
    "must be the name of a .vl32 file": "ha de ser el nom d’un fitxer .vl32",
    "{name}: {reason}": "{name}: {reason}",
    "{name} is not UTF-8 text": "{name} no és text UTF-8",
    "unknown key; allowed here: {names}": "clau desconeguda; aquí s’admeten: {names}",

    # ---------------------------------------------------------------- snapshots (vmlab/vmm/snapshot_file.py)
    "a snapshot's manifest is named NAME{suffix}":
        "el manifest d’una instantània s’anomena NOM{suffix}",
    "a diff snapshot and its base must be in the same folder":
        "una instantània diferencial i la seva base han de ser a la mateixa carpeta",
    "its diff chain comes back to itself":
        "la seva cadena d’instantànies diferencials torna a ella mateixa",
    "is not UTF-8 text (byte {byte}); a snapshot manifest is JSON":
        "no és text UTF-8 (byte {byte}); el manifest d’una instantània és JSON",
    "is not valid JSON ({reason}, column {column}); is it a vmlab snapshot?":
        "no és JSON vàlid ({reason}, columna {column}); és una instantània de vmlab?",
    "nests too deeply to be a snapshot manifest":
        "té massa nivells per ser el manifest d’una instantània",
    "must be a JSON object (a vmlab snapshot manifest)":
        "ha de ser un objecte JSON (el manifest d’una instantània de vmlab)",
    "is not a vmlab snapshot (its \"format\" is not \"{format}\")":
        "no és una instantània de vmlab (el seu \"format\" no és \"{format}\")",
    "is a snapshot of format version {version}; this vmlab reads version {expected}":
        "és una instantània de la versió {version} del format; aquest vmlab llegeix la versió "
        "{expected}",
    "memory.encoding must be \"u32le\" (32-bit little-endian words)":
        "memory.encoding ha de ser \"u32le\" (paraules de 32 bits, little-endian)",
    "a full snapshot has \"diff\": null":
        "una instantània completa té \"diff\": null",
    "memory.words is {stored:,} but the guest has {words:,} words":
        "memory.words és {stored:,}, però el guest té {words:,} paraules",
    "a diff snapshot needs a \"diff\" object (base, blocks)":
        "una instantània diferencial necessita un objecte \"diff\" (base, blocks)",
    "diff.block_words must be {words}":
        "diff.block_words ha de ser {words}",
    "diff.blocks must list distinct block numbers from 0 to {last}, in order":
        "diff.blocks ha de llistar números de bloc diferents, del 0 al {last}, en ordre",
    "memory.words ({stored:,}) does not match the {count} blocks listed":
        "memory.words ({stored:,}) no correspon als {count} blocs de la llista",
    "holds {size:,} bytes; the manifest {manifest} says {words:,} words ({expected:,} bytes): "
    "the file is truncated or belongs to another snapshot":
        "té {size:,} bytes; el manifest {manifest} diu {words:,} paraules ({expected:,} bytes): "
        "el fitxer és truncat o és d’una altra instantània",
    "its content does not match the digest in {manifest}: the file is corrupted or was changed":
        "el contingut no coincideix amb el resum de {manifest}: el fitxer és malmès o s’ha "
        "modificat",
    "more than {most} diff snapshots on top of one another":
        "més de {most} instantànies diferencials l’una sobre l’altra",
    "its base snapshot {base} cannot be read: {reason}":
        "no es pot llegir la seva instantània base {base}: {reason}",
    "its base snapshot {base} has changed since this diff was taken":
        "la seva instantània base {base} ha canviat des que es va fer aquesta diferencial",
    "its base snapshot {base} is of another guest or scenario":
        "la seva instantània base {base} és d’un altre guest o d’un altre escenari",
    "the memory it restores does not match memory.full_digest":
        "la memòria que restaura no coincideix amb memory.full_digest",
    "{key} must be a JSON object":
        "{key} ha de ser un objecte JSON",
    "{key} is missing":
        "hi falta {key}",
    "{key} must be a text of 1 to {most} characters":
        "{key} ha de ser un text d’1 a {most} caràcters",
    "{key} must be one of {allowed}, not {value}":
        "{key} ha de ser un d’aquests valors: {allowed}; no {value}",
    "{key} must be \"sha256:\" and 64 hexadecimal digits":
        "{key} ha de ser \"sha256:\" i 64 xifres hexadecimals",
    "{key} must name a file in the snapshot's own folder (letters, digits, . - _), not {value}":
        "{key} ha de ser el nom d’un fitxer de la carpeta de la instantània (lletres, xifres, "
        ". - _), no {value}",
    "vcpu must be a JSON object":
        "vcpu ha de ser un objecte JSON",
    "vcpu.status has reserved bits set ({value:#x})":
        "vcpu.status té bits reservats a 1 ({value:#x})",
    "vcpu.regs must be 16 words (r0 … r15, r0 = 0)":
        "vcpu.regs han de ser 16 paraules (r0 … r15, r0 = 0)",
    "vcpu.halted must be null, \"{halt}\" or \"{stalled}\"":
        "vcpu.halted ha de ser null, \"{halt}\" o \"{stalled}\"",
    "vcpu.trap_counts must map cause numbers to counts":
        "vcpu.trap_counts ha d’associar números de causa a recomptes",
    "vcpu.console must be a JSON object (input, output)":
        "vcpu.console ha de ser un objecte JSON (input, output)",
    "vcpu.console.input must be at most {most:,} bytes (0 … 255)":
        "vcpu.console.input ha de tenir com a màxim {most:,} bytes (0 … 255)",
    "vcpu.console.output must be hexadecimal bytes, at most {most:,}":
        "vcpu.console.output han de ser bytes en hexadecimal, {most:,} com a màxim",
    "devices must be a JSON object with at most a \"disk\" and an \"identity\"":
        "devices ha de ser un objecte JSON amb, com a màxim, un \"disk\" i un \"identity\"",
    "devices.identity must be a JSON object (machine_id, generation)":
        "devices.identity ha de ser un objecte JSON (machine_id, generation)",
    "run must be a JSON object (state, resumes_as, fresh_handler, wfi)":
        "run ha de ser un objecte JSON (state, resumes_as, fresh_handler, wfi)",
    "run.resumes_as must be one of {allowed} for a paused guest":
        "run.resumes_as ha de ser un d’aquests valors per a un guest en pausa: {allowed}",
    "run.resumes_as must be null unless the guest is paused":
        "run.resumes_as ha de ser null si el guest no és en pausa",
    "run.fresh_handler must be true or false":
        "run.fresh_handler ha de ser true o false",
    "run.wfi must be a JSON object (vclock, waited, wake_in) for a guest waiting in WFI":
        "run.wfi ha de ser un objecte JSON (vclock, waited, wake_in) per a un guest que espera "
        "en un WFI",
    "run.wfi must be null unless the guest waits in WFI":
        "run.wfi ha de ser null si el guest no espera en un WFI",
    "devices.disk must be a JSON object (image, digest, controller)":
        "devices.disk ha de ser un objecte JSON (image, digest, controller)",
    "{key} must be a whole number from {low:,} to {high:,}, not {value}":
        "{key} ha de ser un nombre enter de {low:,} a {high:,}, no {value}",

    # ------------------------------------------------------- lesson play (vmlab/cli/lesson_cmd.py)
    "with seed {seed}: {problem}": "amb la llavor {seed}: {problem}",
    "cannot compute the answer with seed {seed}: {reason}":
        "no es pot calcular la resposta amb la llavor {seed}: {reason}",

    # ---------------------------------------------------------------- disk images (vmlab/disk_image.py)
    "line {line}: byte {byte} is not ASCII text; a disk image is plain text":
        "línia {line}: el byte {byte} no és text ASCII; una imatge de disc és text pla",
    "is not a VL32 disk image: its first line must begin with {magic}, and it begins {start}":
        "no és una imatge de disc VL32: la primera línia ha de començar amb {magic}, i comença "
        "amb {start}",
    "line 1: the header must be {form}, not {line}":
        "línia 1: la capçalera ha de ser {form}, no {line}",
    "version {version} is not one this vmlab reads (it reads version {known}); write the image "
    "again with vmlab disk":
        "aquest vmlab no llegeix la versió {version} (llegeix la versió {known}); torneu a "
        "escriure la imatge amb vmlab disk",
    "line 1: blocks must be a whole number from 1 to {most:,}, not {value}":
        "línia 1: blocks ha de ser un nombre enter d’1 a {most:,}, no {value}",
    "line 1: block_words must be {words}, the words in a block of the VL32 disk, not {value}":
        "línia 1: block_words ha de ser {words}, les paraules d’un bloc del disc VL32, no {value}",
    "line 1: crc32 must be 8 hexadecimal digits, not {value}":
        "línia 1: crc32 han de ser 8 xifres hexadecimals, no {value}",
    "is truncated: its header promises {blocks:,} blocks ({expected:,} lines of words) and it "
    "has {found:,} lines of words":
        "està truncada: la capçalera promet {blocks:,} blocs ({expected:,} línies de paraules) i "
        "en té {found:,}",
    "line {line}: text after the last block (the header promises {blocks:,} blocks)":
        "línia {line}: hi ha text després de l’últim bloc (la capçalera promet {blocks:,} blocs)",
    "line {line}: must be {count} words of 8 hexadecimal digits separated by one space, not "
    "{text}":
        "línia {line}: han de ser {count} paraules de 8 xifres hexadecimals separades per un "
        "espai, no {text}",
    "is corrupted: its header says crc32={expected} and its words give {actual}":
        "està malmesa: la capçalera diu crc32={expected} i les paraules donen {actual}",
    "{name} must be a disk image's name or a path inside the scenario's folder (no absolute "
    "paths, no '..')":
        "{name} ha de ser el nom d’una imatge de disc o un camí dins la carpeta de l’escenari "
        "(sense camins absoluts ni '..')",
    "disk image {name} not found; shipped disk images: {known}":
        "no s’ha trobat la imatge de disc {name}; les imatges de vmlab són: {known}",
    # ---------------------------------------------------------------- restoring (vmlab/vmm/snapshot.py, session)
    "there is no guest {name} in this scenario; the guests are {names}":
        "en aquest escenari no hi ha cap guest {name}; els guests són {names}",
    "it was taken in scenario {taken}, not in this {here}: its guests or their programs differ":
        "es va fer a l’escenari {taken}, no en aquest, {here}: els guests o els seus programes "
        "són diferents",
    "it is a snapshot of guest {taken}, not of {name}":
        "és una instantània del guest {taken}, no de {name}",
    "it was taken with another program or memory size for {name}":
        "es va fer amb un altre programa o una altra mida de memòria per a {name}",
    "{name} has a disk in the snapshot or in this scenario, not in both":
        "{name} té disc a la instantània o en aquest escenari, però no a tots dos",
    "{name}'s disk has another size in this scenario":
        "el disc de {name} té una altra mida en aquest escenari",
    "the VMM has powered off (no guest was left to run): nothing can be restored":
        "la VMM s’ha apagat (no quedava cap guest per executar): no es pot restaurar res",
    "{name} is on the CPU now: pause it first (a guest is restored paused, off the CPU)":
        "{name} és ara a la CPU: poseu-lo primer en pausa (un guest es restaura en pausa, fora "
        "de la CPU)",
    "is not a snapshot of {guest} in this scenario: a diff snapshot needs one of the same guest "
    "as its base":
        "no és una instantània de {guest} en aquest escenari: una instantània diferencial en "
        "necessita una del mateix guest com a base",
    # ---------------------------------------------------------------- clones (vmlab/vmm/snapshot.py, scenario.py, session)
    "a clone needs the same program and memory size as its slot: {taken} has another program "
    "or memory size than {name}":
        "un clon necessita el mateix programa i la mateixa mida de memòria que la seva plaça: "
        "{taken} té un altre programa o una altra mida de memòria que {name}",
    "{name} is {state}: a clone goes into a powered-off guest (power it off first)":
        "{name} és {state}: un clon va a un guest apagat (apagueu-lo primer)",
    "a clone's slot takes its program, memory, input and disk from the guest it clones: "
    "remove {key}":
        "la plaça d’un clon pren el programa, la memòria, l’entrada i el disc del guest que "
        "clona: traieu {key}",
    "must name a guest above it that boots (not a clone's slot): one of {options}, not {value}":
        "ha de ser el nom d’un guest de més amunt que arrenqui (no la plaça d’un clon): un de "
        "{options}, no {value}",
    "needs a [[guest]] with clone_of to receive the clone":
        "necessita un [[guest]] amb clone_of que rebi el clon",
    "must be true or false, not {value}":
        "ha de ser true o false, no {value}",
    "a scenario clones a guest or migrates one, not both":
        "un escenari clona un guest o en migra un, no totes dues coses",
    "this run cannot clone: a clone runs beside its original under one VMM, on one host "
    "(technique {technique})":
        "aquesta execució no pot clonar: un clon s’executa al costat del seu original amb una "
        "sola VMM, en un sol host (tècnica {technique})",
    "it was taken in another version of scenario {name}: its guests' programs or memory sizes "
    "differ (the kernels built in another language, or the scenario edited since)":
        "es va fer en una altra versió de l’escenari {name}: els programes dels guests o les "
        "mides de memòria són diferents (els nuclis construïts en una altra llengua, o "
        "l’escenari editat després)",
    "{name} is {state}: pause it first (a snapshot is taken paused, with its memory and disk "
    "consistent)":
        "{name} és en l’estat {state}: poseu-lo primer en pausa (una instantània es fa en "
        "pausa, amb la memòria i el disc coherents)",
    # ---------------------------------------------------------------- migration started now (vmlab/session)
    "the migration of {name} has already begun (it is in phase {phase})":
        "{name}: la migració ja ha començat (és a la fase {phase})",
    "the run has ended: {name} can no longer be migrated":
        "l’execució s’ha acabat: ja no es pot migrar {name}",
    "{name} is {state}: only a guest that runs is migrated live (resume it first)":
        "{name} és en l’estat {state}: només es migra en calent un guest que s’executa "
        "(repreneu-lo primer)",
    "{name} is about to be paused: only a guest that runs is migrated live":
        "{name} està a punt de posar-se en pausa: només es migra en calent un guest que "
        "s’executa",
    "this scenario migrates no guest: live migration needs a [migration] table and a second "
    "host":
        "aquest escenari no migra cap guest: la migració en calent necessita una taula "
        "[migration] i un segon host",
    # ---------------------------------------------------------------- the guest lifecycle (vmlab/vmm/lifecycle.py)
    "unknown command {command} for a guest; the commands are {commands}":
        "ordre desconeguda per a un guest: {command}; les ordres són {commands}",
    "the VMM has powered off (no guest was left to run): {name} cannot {command}":
        "la VMM s’ha apagat (no quedava cap guest per executar): {name} no pot fer {command}",
    "{name} is already being paused (at the VMM's next decision)":
        "{name} ja s’està posant en pausa (a la propera decisió de la VMM)",
    "{name} is already being powered off (at the VMM's next decision)":
        "{name} ja s’està apagant (a la propera decisió de la VMM)",
    "{name} is already paused":
        "{name} ja és en pausa",
    "{name} is {state}: only a guest that can run can be paused":
        "{name} és en l’estat {state}: només es pot posar en pausa un guest que es pot executar",
    "{name} is not paused (it is {state}): only a paused guest can be resumed":
        "{name} no és en pausa (és en l’estat {state}): només es pot reprendre un guest en pausa",
    "{name} is not powered off (it is {state}): power it off first":
        "{name} no és apagat (és en l’estat {state}): primer apagueu-lo",
    "{name} is already powered off":
        "{name} ja és apagat",

    # ---------------------------------------------------------------- type 0 (hardware partitions)
    "the partitions need {needed:,} words and the machine has {memory:,} "
    "(scenario.host_memory): hardware partitions cannot overcommit memory":
        "les particions necessiten {needed:,} paraules i la màquina en té {memory:,} "
        "(scenario.host_memory): les particions de maquinari no poden sobrecomprometre la "
        "memòria",
    "{guest} runs in a hardware partition (type 0), with no VMM: no software can pause, "
    "save, restore or clone it (choose a scenario with a VMM)":
        "{guest} s’executa en una partició de maquinari (tipus 0), sense VMM: cap programari "
        "no el pot posar en pausa, desar, restaurar ni clonar (trieu un escenari amb VMM)",

    # ---------------------------------------------------------------- kvm (host processes)
    "hosting 'kvm' is a general-purpose OS running its own processes beside the virtual "
    "machines: add at least one [[process]] table":
        "l’allotjament 'kvm' és un sistema operatiu de propòsit general que executa els seus "
        "processos al costat de les màquines virtuals: afegiu-hi almenys una taula [[process]]",
    "[[process]] tables are host processes, which need a general-purpose host OS: set "
    "scenario.hosting = 'kvm'":
        "les taules [[process]] són processos de l’amfitrió, que necessiten un sistema operatiu "
        "amfitrió de propòsit general: poseu scenario.hosting = 'kvm'",
    "hosting 'kvm' runs its virtual machines with the CPU's guest mode, as kvm needs VT-x or "
    "AMD-V: technique 'hardware-assist-1' or 'hardware-assist-2', not {technique}":
        "l’allotjament 'kvm' executa les màquines virtuals amb el mode guest de la CPU, tal com "
        "kvm necessita VT-x o AMD-V: tècnica 'hardware-assist-1' o 'hardware-assist-2', no "
        "{technique}",
    "must be one or more [[process]] tables":
        "hi ha d’haver una o més taules [[process]]",
    "at most {most} guests and processes together, not {count}":
        "com a màxim {most} guests i processos en total, no {count}",
    "must be a table ([[process]])":
        "ha de ser una taula ([[process]])",
    "program {name} {problem}; raise this process's memory":
        "el programa {name} {problem}; augmenteu la memòria d’aquest procés",
    "{name} is a host process, not a virtual machine: pause, resume, power off and power on "
    "are for the guests":
        "{name} és un procés de l’amfitrió, no una màquina virtual: posar en pausa, reprendre, "
        "apagar i engegar són ordres per als guests",
    "{name} is a host process, not a virtual machine: only a virtual machine's state can be "
    "saved":
        "{name} és un procés de l’amfitrió, no una màquina virtual: només es pot desar l’estat "
        "d’una màquina virtual",
    "{name} is a host process, not a virtual machine: a snapshot restores a virtual machine":
        "{name} és un procés de l’amfitrió, no una màquina virtual: una instantània restaura "
        "una màquina virtual",
}
