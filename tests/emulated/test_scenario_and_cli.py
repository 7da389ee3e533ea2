"""The emulator scenario and `vmlab emulate`: what a student runs."""

from __future__ import annotations

import json

import pytest

from vmlab.cli.main import main
from vmlab.emulated import Toy8, assemble_file
from vmlab.emulated.emulator import (STATE_FIELDS, emulator_program, foreign_dir,
                                     REGISTER_OF)
from vmlab.emulated.isa import HALTED, MEMORY_BYTES
from vmlab.scenario import ScenarioError, load_scenario
from vmlab.session import Session


def test_the_emulator_scenario_runs_fib_natively_as_the_reference_does():
    scenario = load_scenario("emulator")
    assert scenario.native and scenario.title["ca"] != scenario.title["en"]
    session = Session(scenario)
    assert session.run(scenario.max_cycles) == "halt"
    reference = Toy8(assemble_file(foreign_dir() / "fib.toy8").image)
    reference.run()
    ref = reference.state
    (guest,) = session.summary()["guests"].values()
    assert guest["console"] == ref.console()
    program = scenario.guests[0].program
    state = program.symbols["STATE"]
    words = {name: session.guest_word("emulator", state + i)
             for i, name in enumerate(STATE_FIELDS)}
    assert words["status"] == HALTED and words["steps"] == ref.steps
    assert {k: words[k] for k in ref.registers()} == ref.registers()
    foreign = program.symbols["FOREIGN"]
    assert [session.guest_word("emulator", foreign + a) for a in range(MEMORY_BYTES)] \
        == ref.memory
    assert REGISTER_OF["pc"] == 3        # documented: r3 holds the Toy8 PC while it runs


def test_the_attached_program_survives_a_change_of_language():
    english = load_scenario("emulator")
    catalan = english.in_language("ca")
    assert catalan.guests[0].program.image == english.guests[0].program.image
    assert english.guests[0].program.image != emulator_program().image


@pytest.mark.parametrize("guest, key, fragment", [
    ('program = "emulator"\nforeign = "nosuch"', "guest[0].foreign",
     "Toy8 program 'nosuch' not found; shipped Toy8 programs: count, fib, hello"),
    ('program = "emulator"\nforeign = "fibb"', "guest[0].foreign", "('fib'?)"),
    ('program = "emulator"\nforeign = "../x"', "guest[0].foreign", "no '..'"),
    ('program = "emulator"\nforeign = 3', "guest[0].foreign", "must be a string"),
    ('program = "emulator"\nforeign = "bad"', "guest[0].foreign", "bad.toy8:2: unknown"),
    ('program = "hello"\nforeign = "fib"', "guest[0].foreign", "has no FOREIGN constant"),
])
def test_bad_foreign_keys(tmp_path, guest, key, fragment):
    (tmp_path / "bad.toy8").write_text("hlt\nfrob\n", encoding="utf-8")
    path = tmp_path / "s.toml"
    path.write_text(f'[scenario]\n[[guest]]\nname = "e"\n{guest}\nmemory = 2048\n',
                    encoding="utf-8")
    err = pytest.raises(ScenarioError, load_scenario, str(path)).value
    assert err.key == key and fragment in str(err), str(err)
    assert err.line and str(err).startswith(f"{path}:")
    assert err.render("ca") != str(err)


def test_a_toy8_program_beside_the_scenario(tmp_path):
    (tmp_path / "mine.toy8").write_text("lda #'!'\nout\nhlt\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text('[scenario]\n[[guest]]\nname = "e"\nprogram = '
                                     '"emulator"\nforeign = "mine"\nmemory = 2048\n',
                                     encoding="utf-8")
    session = Session(load_scenario(str(tmp_path / "s.toml")))
    assert session.run(100_000) == "halt"
    assert session.summary()["guests"]["e"]["console"] == "!"


def test_emulate_run_reports_the_price_and_agreement(capsys):
    assert main(["emulate", "run", "fib", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["agree"] is True and report["differences"] == []
    assert report["reference"] == {k: v for k, v in report["emulator"].items()
                                   if k in report["reference"]}
    ratio = report["vl32_instructions_per_instruction"]
    assert ratio > 1
    assert ratio == round(report["emulator"]["vl32_instructions"]
                          / report["emulator"]["steps"], 3)
    assert main(["emulate", "run", "count", "--profile"]) == 0
    out = capsys.readouterr().out
    assert "price of emulation" in out and "agrees with the reference" in out
    assert "cmp #n" in out


def test_emulate_bad_input_exits_2_with_file_and_line(tmp_path, capsys, monkeypatch):
    bad = tmp_path / "bad.toy8"
    bad.write_text("hlt\nlda #300\n", encoding="utf-8")
    for action in ("asm", "run"):
        assert main(["emulate", action, str(bad)]) == 2
        assert f"{bad}:2: the byte 300" in capsys.readouterr().err
    monkeypatch.setenv("VMLAB_LANG", "ca")
    assert main(["emulate", "asm", str(bad)]) == 2
    assert f"{bad}:2: el byte 300" in capsys.readouterr().err


def test_emulate_asm_prints_the_listing(capsys):
    assert main(["emulate", "asm", "hello"]) == 0
    out = capsys.readouterr().out
    assert "00  09 00" in out and "symbols:" in out


def test_the_emulators_code_shows_each_toy8_line_beside_its_bytes():
    program = load_scenario("emulator").guests[0].program
    toy8 = assemble_file(foreign_dir() / "fib.toy8")
    foreign = program.symbols["FOREIGN"]
    vl32_lines, toy8_lines = program.source.splitlines(), toy8.source.splitlines()
    for address, line in toy8.starts.items():
        shown = vl32_lines[program.line_of(foreign + address) - 1]
        assert toy8_lines[line - 1].strip() in shown and f"; {address:02X} | " in shown
    assert all(program.image[foreign + a] == b for a, b in enumerate(toy8.image))


def test_any_toy8_source_text_attaches(tmp_path):
    from vmlab.emulated import assemble
    from vmlab.emulated.emulator import attach
    toy8 = assemble("; bell \x07 and tab\tand ; — é\n.org 0x80\nlda #1 ; x\n.org 0\nhlt\n")
    program = attach(emulator_program(), toy8, "odd.toy8")
    foreign = program.symbols["FOREIGN"]
    assert program.image[foreign + 0x80] == 0x05 and program.image[foreign + 0x81] == 1
    assert "\x07" not in program.source
