"""The scenario keys of clones (docs/scenarios.md): machine_id and clone_of in a [[guest]],
the [clone] table; each mistake refused by `vmlab scenario check` with file:line and exit 2,
in English and in Catalan; `vmlab run --scenario clone --json` shows both guests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vmlab.cli.main import main
from vmlab.machine.identity import machine_id_for
from vmlab.scenario import ScenarioError, load_scenario

GOOD = """\
# An original and a slot for its clone.
[scenario]
title = { en = "Clone", ca = "Clon" }
technique = "trap-and-emulate"
host_memory = 8192

[[guest]]
name = "first"
program = "idcard"
memory = 2048
machine_id = 0x1234abcd

[[guest]]
name = "second"
clone_of = "first"

[clone]
target = "second"
at = 5000
new_identity = true
"""


@pytest.fixture(autouse=True)
def english(monkeypatch):
    for name in ("VMLAB_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.toml").write_text(GOOD, encoding="utf-8")
    return tmp_path


def line_of(path: Path, start: str) -> int:
    return next(i + 1 for i, text in enumerate(path.read_text(encoding="utf-8").splitlines())
                if text.startswith(start))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_keys_are_read(folder):
    scenario = load_scenario("mine.toml")
    first, second = scenario.guests
    assert (first.machine_id, first.clone_of) == (0x1234ABCD, None)
    assert (second.machine_id, second.clone_of) == (machine_id_for("second"), "first")
    assert (second.program, second.memory) == (first.program, first.memory)
    clone = scenario.clone
    assert (clone.source, clone.target, clone.at, clone.new_identity) == ("first", "second",
                                                                          5000, True)


def test_scenario_check_passes_it(folder, capsys):
    assert main(["scenario", "check", "mine.toml"]) == 0
    assert capsys.readouterr().out == "mine.toml: ok — trap-and-emulate, guests first, second\n"


MISTAKES = [
    ("machine id out of range", "machine_id = 0x1234abcd", "machine_id = -1", "machine_id",
     "guest[0].machine_id: must be a whole number from 0 to 4,294,967,295, not -1"),
    ("unknown source", 'clone_of = "first"', 'clone_of = "frist"', "clone_of",
     "guest[1].clone_of: must name a guest above it that boots (not a clone's slot): one of "
     "first, not 'frist'"),
    ("a slot with a program", 'clone_of = "first"', 'clone_of = "first"\nprogram = "hog"',
     'program = "hog"', "guest[1].program: a clone's slot takes its program, memory, input "
                        "and disk from the guest it clones: remove program"),
    ("target not a slot", 'target = "second"', 'target = "first"', "target",
     "clone.target: must be one of second, not 'first'"),
    ("bad new_identity", "new_identity = true", 'new_identity = "yes"', "new_identity",
     "clone.new_identity: must be true or false, not 'yes'"),
    ("cycle 0", "at = 5000", "at = 0", "at =", "clone.at: must be a whole number from 1 to"),
    ("unknown clone key", "at = 5000", "when = 5000", "when",
     "clone.when: unknown key; allowed here: at, new_identity, source, target"),
]


@pytest.mark.parametrize("what, old, new, start, message", MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_a_mistake_is_refused_with_file_line_and_key(folder, capsys, what, old, new, start,
                                                     message):
    path = folder / "mine.toml"
    edit(path, old, new)
    line = line_of(path, start)
    assert main(["scenario", "check", "mine.toml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert f"mine.toml:{line}: {message}" in err, err


def test_a_clone_table_without_a_slot(folder):
    edit(folder / "mine.toml", 'clone_of = "first"', 'program = "idcard"\nmemory = 2048')
    with pytest.raises(ScenarioError) as caught:
        load_scenario("mine.toml")
    assert caught.value.key == "clone"
    assert "needs a [[guest]] with clone_of" in str(caught.value)
    assert caught.value.line == line_of(folder / "mine.toml", "[clone]")


def test_in_catalan(folder, capsys, monkeypatch):
    monkeypatch.setenv("VMLAB_LANG", "ca")
    edit(folder / "mine.toml", 'clone_of = "first"', 'clone_of = "first"\ndisk = "diskette"')
    assert main(["scenario", "check", "mine.toml"]) == 2
    line = line_of(folder / "mine.toml", "disk")
    assert (f"mine.toml:{line}: guest[1].disk: la plaça d’un clon pren el programa, la "
            "memòria, l’entrada i el disc del guest que clona: traieu disk") \
        in capsys.readouterr().err


def test_run_json_shows_both_guests(capsys):
    assert main(["run", "--scenario", "clone", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert set(summary["guests"]) == {"original", "clone"}
    clone = summary["clone"]
    assert clone["phase"] == "done" and not clone["same_identity"]
    assert clone["identity"]["clone"]["generation"] == 1
    new = clone["identity"]["clone"]["machine_id"]
    assert f"[id 0x{new:08x}]" in summary["guests"]["clone"]["console"]
