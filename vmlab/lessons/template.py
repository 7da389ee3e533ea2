"""The commented template `vmlab lesson new ID` writes (it passes the check)."""

TEMPLATE = '''\
# A vmlab lesson.  Every text exists in English (en) and Catalan (ca).
# Check it with:  vmlab lesson check {filename}
# Play it as a student who gets every answer wrong (to read the feedback):
#                  vmlab lesson play {filename} --answers wrong
# The format is explained in docs/lessons.md (docs/lessons.ca.md in Catalan).

id = "{id}"
order = 100                    # position in the course (lower comes first)
level = "basic"                # basic, intermediate or advanced
minutes = 15                   # how long it takes a student

title   = {{ en = "A new lesson", ca = "Una lliçó nova" }}
summary = {{ en = "What the student will see and learn.", ca = "Què veurà i aprendrà l’estudiant." }}

# The scenario the lesson runs: a shipped one (see `vmlab scenarios`), a
# .toml file beside this lesson, or an inline [scenario] table.
scenario = "two-guests"

# Parameters give each student their own numbers, drawn from a seed the
# student sees (so an instructor can reproduce any student's exercise).
[[parameter]]
name = "quantum"
min = 1000
max = 3000
step = 500
set = "scenario.quantum"       # also: guest.<name>.memory, guest.<name>.share,
                               # costs.<cost>, program.<guest>.<EQU name>

[[step]]
id = "look"
panel = "layers"               # the panel to highlight
text.en = """
# Look at the machine

The **host** is at the bottom, the **VMM** above it, and the two guests on top.
"""
text.ca = """
# Mireu la màquina

El **host** (amfitrió) és a baix, la **VMM** al damunt i els dos *guests* (convidats) a dalt.
"""
actions = [ {{ do = "reset" }}, {{ do = "run-until", vm_exit = {{ cause = "PRIV", guest = "alpha" }} }} ]
capture = {{ first_exit = "cycles()" }}   # a value later steps can use by name

[[step]]
id = "count-exits"
panel = "statistics"
text.en = "Run the scenario to the end."
text.ca = "Executeu l’escenari fins al final."
actions = [ {{ do = "run-until", halt = true }} ]
hints = [ {{ en = "Look at the statistics panel.", ca = "Mireu el tauler d’estadístiques." }} ]

[step.question]
kind = "number"
prompt = {{ en = "How many VM exits did alpha cause?", ca = "Quantes sortides de la MV ha causat alpha?" }}
compute = "exits('alpha')"     # computed from the simulation, never typed by hand
tolerance = 0
correct = {{ en = "Right: every privileged instruction exits.", ca = "Correcte: cada instrucció privilegiada provoca una sortida." }}
wrong   = {{ en = "Count the exits of alpha only.", ca = "Compteu només les sortides d’alpha." }}
'''


def render(lesson_id: str, filename: str) -> str:
    return TEMPLATE.format(id=lesson_id, filename=filename)
