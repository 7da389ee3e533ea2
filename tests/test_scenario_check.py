"""`vmlab scenario check` (issue 14 item 4): scenario files checked before class as lessons
are, each mistake refused with file:line and exit 2, in English or Catalan; and every
message of the scenario and lesson readers has its Catalan."""

from __future__ import annotations

import ast
import re
import shutil
import string
from pathlib import Path

import pytest

import vmlab
from vmlab.cli.main import main
from vmlab.lessons.loader import load_lesson
from vmlab.messages import M, render
from vmlab.messages_ca import CATALAN
from vmlab.scenario import ScenarioError, available_scenarios, load_scenario, scenarios_dir

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = Path(vmlab.__file__).parent

GOOD = """\
# Alpha beside a guest that spins.
[scenario]
title = { en = "Alpha and a hog", ca = "Alpha i un acaparador" }
technique = "trap-and-emulate"
quantum = 1000
max_cycles = 400_000

[[guest]]
name = "alpha"
program = "alpha"
memory = 16384

[[guest]]
name = "hog"
program = "hog"
share = 2

[costs]
world_switch = 80
"""

LESSON = """\
# A lesson, not a scenario.
id = "mine"
title = { en = "T", ca = "T" }
summary = { en = "S", ca = "S" }
scenario = "class"
[[step]]
text = { en = "x", ca = "x" }
actions = [ { do = "run", cycles = 1000 } ]
"""


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The tests choose the language: nothing from the machine's locale."""
    for name in ("VMLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "class.toml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def line_of(path: Path, start: str) -> int:
    return next(i + 1 for i, text in enumerate(path.read_text(encoding="utf-8").splitlines())
                if text.startswith(start))


def check(capsys, *paths) -> tuple[int, str, str]:
    code = main(["scenario", "check", *map(str, paths)])
    out, err = capsys.readouterr()
    return code, out, err


# ---------------------------------------------------------------- good scenarios pass
def test_a_good_file_passes(folder, capsys):
    code, out, err = check(capsys, "class.toml")
    assert (code, err) == (0, "")
    assert out == "class.toml: ok — trap-and-emulate, guests alpha, hog\n"


def test_a_folder_of_scenarios_passes(folder, capsys):
    shutil.copy(scenarios_dir() / "native-alpha.toml", folder / "native.toml")
    code, out, err = check(capsys, folder)
    assert (code, err) == (0, "")
    assert out.count(": ok — ") == 2 and "native.toml: ok — native, guests alpha" in out


def test_every_shipped_scenario_passes_by_name_and_as_a_folder(capsys):
    code, out, _ = check(capsys, "two-guests")
    assert code == 0 and out.endswith("two-guests.toml: ok — trap-and-emulate, guests alpha, "
                                      "beta\n")
    code, out, _ = check(capsys, scenarios_dir())
    assert code == 0 and out.count(": ok — ") == len(available_scenarios())


def test_the_list_of_scenarios_still_works(capsys):
    assert main(["scenarios"]) == 0
    listed = capsys.readouterr().out
    assert all(name in listed for name in available_scenarios())


# ---------------------------------------------------------------- mistakes: file:line, exit 2
def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MISTAKES = [
    # (what, old, new, the line starting with, key and message)
    ("unknown technique", 'technique = "trap-and-emulate"', 'technique = "trap-and-emulat"',
     "technique", "scenario.technique: did you mean 'trap-and-emulate'? It must be one of "
                  "native, trap-and-emulate,"),
    ("unknown key", "quantum = 1000", "quantm = 1000", "quantm",
     "scenario.quantm: unknown key (did you mean 'quantum'?); allowed here: description, family, "
     "host_memory, hosting, max_cycles, quantum, technique, title"),
    ("unknown guest key", "share = 2", "shares = 2", "shares",
     "guest[1].shares: unknown key (did you mean 'share'?); allowed here:"),
    ("unknown program", 'program = "hog"', 'program = "hgo"', 'program = "hgo"',
     "guest[1].program: program 'hgo' not found (did you mean 'hog'?); shipped programs: "),
    ("bad type", "quantum = 1000", 'quantum = "fast"', "quantum",
     "scenario.quantum: must be a whole number from 1 to 10,000,000, not 'fast'"),
    ("out of range", "memory = 16384", "memory = 100", "memory",
     "guest[0].memory: must be a whole number from 256 to 1,048,576, not 100"),
    ("missing key", 'program = "alpha"\n', "", "[[guest]]",   # the table that lacks it
     "guest[0].program: is required"),
    ("unknown cost", "world_switch = 80", "world_swich = 80", "world_swich",
     "costs: unknown cost 'world_swich' (did you mean 'world_switch'?); allowed: "),
    ("a name twice", 'name = "hog"', 'name = "alpha"', 'name = "alpha"\nprogram = "hog"',
     "guest[1].name: 'alpha' is used by two guests"),
    ("host memory", "max_cycles = 400_000", "max_cycles = 400_000\nhost_memory = 20000",
     "host_memory", "scenario.host_memory: 20000 words cannot hold the VMM and the guests' "
                    "memory"),
]


@pytest.mark.parametrize("what, old, new, start, message", MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_refused_with_file_line_and_key(folder, capsys, what, old, new, start,
                                                     message):
    path = folder / "class.toml"
    edit(path, old, new)
    text = path.read_text(encoding="utf-8")
    if "\n" in start:        # two lines: the first one's number
        line = text[:text.index(start)].count("\n") + 1
    else:
        line = line_of(path, start)
    code, out, err = check(capsys, "class.toml")
    assert code == 2 and out == ""
    assert f"class.toml:{line}: {message}" in err, err
    assert err.endswith("1 of 1 scenario file(s) have errors\n")


def test_a_program_that_does_not_assemble_names_both_files(folder, capsys):
    (folder / "broken.vl32").write_text("start:\n    ADDI r1, r1, 1\n    FROB r2\n    HALT\n",
                                        encoding="utf-8")
    edit(folder / "class.toml", 'program = "hog"', 'program = "broken"')
    code, _, err = check(capsys, "class.toml")
    line = line_of(folder / "class.toml", 'program = "broken"')
    assert code == 2
    assert f"class.toml:{line}: guest[1].program: 'broken' does not assemble:" in err
    assert "broken.vl32:3:" in err and "FROB" in err        # the assembler's own file:line


def test_a_program_too_big_for_its_memory(folder, capsys):
    edit(folder / "class.toml", "memory = 16384", "memory = 256")
    code, _, err = check(capsys, "class.toml")
    line = line_of(folder / "class.toml", "memory = 256")
    assert code == 2
    assert f"class.toml:{line}: guest[0].memory: program 'alpha' places words up to address" \
        in err and "raise this guest's memory" in err


def test_a_lesson_given_to_scenario_check_is_said_to_be_one(folder, capsys):
    (folder / "mine.toml").write_text(LESSON, encoding="utf-8")
    code, out, err = check(capsys, "mine.toml")
    assert code == 2 and out == ""
    assert ("mine.toml:2: id: a lesson, not a scenario: check it with vmlab lesson check "
            "mine.toml") in err
    # and the lesson is fine where it belongs
    assert main(["lesson", "check", "mine.toml", "--no-play"]) == 0


def test_a_shipped_lesson_by_id_is_said_to_be_one_too(capsys):
    code, _, err = check(capsys, "processes")
    assert code == 2 and "01-processes.toml:" in err
    assert ": id: a lesson, not a scenario: check it with vmlab lesson check" in err


def test_a_folder_mixing_lessons_and_scenarios(folder, capsys):
    (folder / "mine.toml").write_text(LESSON, encoding="utf-8")
    code, out, err = check(capsys, folder)
    assert code == 2
    assert "class.toml: ok — trap-and-emulate, guests alpha, hog" in out
    assert "mine.toml:2: id: a lesson, not a scenario" in err
    assert err.endswith("1 of 2 scenario file(s) have errors\n")
    # lesson check takes the same folder: each file as what it is
    assert main(["lesson", "check", str(folder), "--no-play"]) == 0
    out = capsys.readouterr().out
    assert "class.toml: a scenario, not a lesson: ok" in out and "mine.toml: ok — mine:" in out


def test_an_unknown_name_suggests_the_nearest_and_says_where_it_looked(folder, capsys):
    code, out, err = check(capsys, "two-guest")
    assert code == 2 and out == ""
    assert "two-guest: no such scenario; did you mean 'two-guests'?" in err
    assert f"a file 'two-guest' here ({folder})" in err
    assert str(scenarios_dir() / "two-guest.toml") in err
    assert ", ".join(available_scenarios()) in err
    code, _, err = check(capsys, "clas")                     # a file beside: named too
    assert code == 2 and "did you mean 'class'?" in err


def test_an_empty_folder_and_a_missing_file(tmp_path, capsys):
    code, _, err = check(capsys, tmp_path)
    assert code == 2 and "the folder holds no .toml file" in err
    code, _, err = check(capsys, tmp_path / "nothing.toml")
    assert code == 2 and "nothing.toml" in err


def test_lesson_check_and_scenario_check_say_the_same_of_a_scenario(folder, capsys):
    edit(folder / "class.toml", "quantum = 1000", "quantum = 0")
    assert main(["scenario", "check", "class.toml"]) == 2
    alone = capsys.readouterr().err.splitlines()[0]
    assert main(["lesson", "check", "class.toml"]) == 2
    beside = capsys.readouterr().err.splitlines()[0]
    assert beside == f"{alone} (a scenario file)"


def test_scenario_check_starts_the_scenario(folder, capsys, monkeypatch):
    """What a student's window builds is built: a scenario that reads but cannot start fails."""
    import vmlab.session

    def refuse(scenario):
        raise ValueError("the VMM cannot place its guests")
    monkeypatch.setattr(vmlab.session, "Session", refuse)
    code, _, err = check(capsys, "class.toml")
    assert code == 2
    assert "class.toml: the scenario cannot start: the VMM cannot place its guests" in err


# ---------------------------------------------------------------- Catalan
def test_catalan_with_vmlab_lang(folder, capsys, monkeypatch):
    monkeypatch.setenv("VMLAB_LANG", "ca")
    edit(folder / "class.toml", "quantum = 1000", "quantm = 1000")
    code, _, err = check(capsys, "class.toml")
    line = line_of(folder / "class.toml", "quantm")
    assert code == 2
    assert (f"class.toml:{line}: scenario.quantm: clau desconeguda (potser volíeu dir "
            "'quantum'?); aquí s’admeten: description, family, host_memory") in err
    assert err.endswith("1 d’1 fitxers d’escenari tenen errors\n")


def test_catalan_with_the_locale(folder, capsys, monkeypatch):
    monkeypatch.setenv("LANG", "ca_ES.UTF-8")
    edit(folder / "class.toml", "memory = 16384", "memory = 100")
    code, _, err = check(capsys, "class.toml")
    assert code == 2
    assert "guest[0].memory: ha de ser un nombre enter de 256 a 1.048.576, no 100" in err
    (folder / "mine.toml").write_text(LESSON, encoding="utf-8")
    code, _, err = check(capsys, "mine.toml", "two-guest")
    assert "mine.toml:2: id: una lliçó, no un escenari: comproveu-la amb vmlab lesson check" \
        in err
    assert "two-guest: no existeix aquest escenari; potser volíeu dir 'two-guests'? S’ha " \
           "buscat un fitxer 'two-guest' aquí" in err


def test_catalan_ok_lines(folder, capsys, monkeypatch):
    monkeypatch.setenv("VMLAB_LANG", "ca")
    code, out, _ = check(capsys, "class.toml")
    assert code == 0 and out == "class.toml: correcte — trap-and-emulate, guests alpha, hog\n"


def test_catalan_lesson_check(folder, capsys, monkeypatch):
    monkeypatch.setenv("VMLAB_LANG", "ca")
    (folder / "mine.toml").write_text(LESSON.replace('text = { en = "x"', 'text = { en = "{nme}"')
                                      .replace('cycles = 1000', 'cycles = "many"'),
                                      encoding="utf-8")
    assert main(["lesson", "check", "mine.toml"]) == 2
    err = capsys.readouterr().err
    assert "mine.toml:7: step[0].text.en: marcador desconegut {nme}: l’estudiant veuria" in err
    assert "mine.toml:8: step[0].actions[0].cycles: ha de ser un nombre enter d’1 a " in err
    assert err.endswith("1 d’1 fitxers de lliçó tenen errors\n")


def test_english_is_what_str_gives_whatever_the_language(folder, monkeypatch):
    monkeypatch.setenv("VMLAB_LANG", "ca")
    edit(folder / "class.toml", "quantum = 1000", "quantum = 0")
    with pytest.raises(ScenarioError) as caught:
        load_scenario("class.toml")
    assert "must be a whole number from 1 to 10,000,000, not 0" in str(caught.value)
    assert "ha de ser un nombre enter d" in caught.value.render("ca")


def test_a_lesson_error_renders_in_catalan(folder):
    (folder / "mine.toml").write_text(LESSON.replace('"class"', '"clas"'), encoding="utf-8")
    with pytest.raises(Exception) as caught:
        load_lesson(folder / "mine.toml")
    assert "unknown scenario 'clas'; did you mean 'class'?" in str(caught.value)
    assert "escenari desconegut 'clas'; potser volíeu dir 'class'?" in \
        caught.value.render("ca")


# ---------------------------------------------------------------- every message in Catalan
# The readers of scenarios, lessons and answers files, their expressions, and the checks.
MESSAGE_MODULES = [PACKAGE / "scenario.py", PACKAGE / "cli" / "scenario_cmd.py",
                   PACKAGE / "cli" / "lesson_cmd.py",
                   *(PACKAGE / "lessons" / f"{name}.py"
                     for name in ("loader", "expr", "metrics", "rehearse")),
                   PACKAGE / "vmm" / "snapshot_file.py", PACKAGE / "vmm" / "snapshot.py",
                   PACKAGE / "session" / "session.py", PACKAGE / "vmm" / "lifecycle.py",
                   PACKAGE / "disk_image.py"]
# Calls that take a message, and the place of the message among their arguments.
MESSAGE_TAKERS = {"error": 1, "fail": 1, "ScenarioError": 2, "LessonIssue": 3, "ExprError": 0}


def users() -> list[Path]:
    """Every module of vmlab that builds messages with M() (other readers use it too)."""
    return [path for path in sorted(PACKAGE.rglob("*.py"))
            if re.search(r"^from (vmlab|\.+)messages import .*\bM\b", path.read_text(
                encoding="utf-8"), re.MULTILINE)]


def templates() -> dict[str, list[str]]:
    """Every M("...") template in vmlab -> where it is used."""
    found: dict[str, list[str]] = {}
    assert set(MESSAGE_MODULES) <= set(users())
    for path in users():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "M":
                first = node.args[0]
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), \
                    f"{path.name}:{node.lineno}: M() takes a literal template"
                found.setdefault(first.value, []).append(f"{path.name}:{node.lineno}")
    return found


def fields(template: str) -> dict[str, str]:
    """Each {placeholder} of a template and its format (',' groups a number's digits)."""
    return {field: spec for _, field, spec, _ in string.Formatter().parse(template)
            if field is not None}


def test_every_message_has_its_catalan():
    missing = {t: where for t, where in templates().items() if t not in CATALAN}
    assert missing == {}, "messages without a Catalan text in vmlab/messages_ca.py"


def test_every_catalan_text_is_used_and_has_the_same_placeholders():
    used = templates()
    assert sorted(set(CATALAN) - set(used)) == []
    for english, catalan in CATALAN.items():
        assert fields(english) == fields(catalan), english
        assert catalan.strip() and catalan[:1].isspace() == english[:1].isspace(), english


def test_no_message_is_given_as_bare_english():
    """Every message those modules report goes through M(), so it has its Catalan."""
    bare = []
    for path in MESSAGE_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            place = MESSAGE_TAKERS.get(name)
            if place is None or len(node.args) <= place:
                continue
            arg = node.args[place]
            if isinstance(arg, ast.JoinedStr) or (isinstance(arg, ast.Constant)
                                                  and isinstance(arg.value, str) and arg.value):
                bare.append(f"{path.name}:{node.lineno}")
    assert bare == []


@pytest.mark.parametrize("english", sorted(CATALAN))
def test_the_catalan_follows_the_house_typography(english):
    catalan = CATALAN[english]
    # Elision takes the typographic apostrophe (l’escenari), never a straight one; a
    # straight ' only quotes a name or a value ('en', '..').
    assert not re.search(r"[^\W\d_]'[^\W\d_]", catalan.replace("{", " ").replace("}", " ")), \
        catalan
    assert "l.l" not in catalan and "l-l" not in catalan


def test_a_message_renders_nested_values_and_numbers_per_language():
    inner = M("must be a whole number from {low:,} to {high:,}, not {value}", low=256,
              high=1_048_576, value="100")
    outer = M("{problem} (a scenario file)", problem=inner)
    assert outer == ("must be a whole number from 256 to 1,048,576, not 100 (a scenario file)")
    assert render(outer, "ca") == ("ha de ser un nombre enter de 256 a 1.048.576, no 100 (un "
                                   "fitxer d’escenari)")
    assert render(outer, "en") == str(outer)
    assert render("plain text", "ca") == "plain text"


def test_run_and_trace_report_a_scenario_in_the_message_language(folder, capsys, monkeypatch):
    edit(folder / "class.toml", "quantum = 1000", "quantum = 0")
    line = line_of(folder / "class.toml", "quantum")
    assert main(["run", "--scenario", "class.toml"]) == 2
    assert f"class.toml:{line}: scenario.quantum: must be a whole number" in \
        capsys.readouterr().err
    monkeypatch.setenv("VMLAB_LANG", "ca")
    for argv in (["run", "--scenario", "class.toml"],
                 ["trace", "--scenario", "class.toml", "--out", str(folder / "t.jsonl")]):
        assert main(argv) == 2
        assert f"class.toml:{line}: scenario.quantum: ha de ser un nombre enter d’1 a " \
               "10.000.000, no 0" in capsys.readouterr().err


def test_the_window_refuses_a_broken_scenario_in_its_language(folder, capsys):
    """`vmlab --lang ca --scenario FILE` says what is wrong before any window opens."""
    edit(folder / "class.toml", "quantum = 1000", "quantum = 0")
    assert main(["--lang", "ca", "--scenario", "class.toml"]) == 2
    assert "scenario.quantum: ha de ser un nombre enter d’1 a 10.000.000, no 0" in \
        capsys.readouterr().err


@pytest.mark.parametrize("count, said", [(1, "d’1"), (11, "d’11"), (11_000, "d’11000"),
                                         (1_000_000, "d’1000000"), (1_000, "de 1000"),
                                         (2, "de 2"), (100, "de 100"), (12, "de 12")])
def test_catalan_elides_de_before_a_number_said_with_a_vowel(count, said):
    message = M("{failed} of {count} lesson file(s) have errors", failed=1, count=count)
    assert render(message, "ca") == f"1 {said} fitxers de lliçó tenen errors"


@pytest.mark.parametrize("low, said", [(1, "d’1"), (1_000, "de 1.000"),
                                       (1_000_000, "d’1.000.000"), (11_000, "d’11.000"),
                                       (256, "de 256")])
def test_catalan_elides_before_grouped_numbers_too(low, said):
    message = M("must be a whole number from {low:,} to {high:,}, not {value}", low=low,
                high=20_000_000, value="0")
    assert render(message, "ca") == f"ha de ser un nombre enter {said} a 20.000.000, no 0"


def test_lesson_play_in_catalan_reports_the_lesson_s_faults_in_catalan(folder, capsys):
    (folder / "mine.toml").write_text(LESSON + """[step.question]
kind = "number"
prompt = { en = "How many?", ca = "Quants?" }
compute = "1 / (cycles() - cycles())"
""", encoding="utf-8")
    assert main(["lesson", "play", "mine.toml", "--lang", "ca"]) == 2
    err = capsys.readouterr().err
    assert "mine.toml:12: step[0].question.compute: no es pot calcular la resposta amb la " \
           "llavor 1: " in err


def test_lesson_check_takes_a_shipped_scenario_s_name_and_says_what_it_is(capsys):
    assert main(["lesson", "check", "two-guests"]) == 0
    assert "two-guests.toml: a scenario, not a lesson: ok — trap-and-emulate, guests alpha, " \
           "beta" in capsys.readouterr().out
