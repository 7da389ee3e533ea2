"""The bytecode-vm scenario and `vmlab bytecode`: the same bytecode, the same output.

The scenario runs the VL32 interpreter as the one program of a bare
machine, its bytecode verified and placed when the scenario is read; its
console must equal the reference interpreter's output.  A bytecode the
verifier refuses makes the scenario an error naming the scenario's line
and the .vlb's line.  The command line compares both interpreters and
reports the price of interpretation; bad input gives file:line, exit 2.
"""

from __future__ import annotations

import json
import shutil

import pytest

from vmlab.bytecode import assemble_file, run
from vmlab.cli.main import main
from vmlab.scenario import ScenarioError, load_scenario, scenarios_dir

from .helpers import CORPUS, SHIPPED, refusal

PRIMES = SHIPPED[0].parent / "primes.vlb"


def reference_output(path=PRIMES) -> str:
    return run(assemble_file(path)).output


def test_the_scenario_prints_what_the_reference_prints(capsys):
    assert main(["run", "--scenario", "bytecode-vm", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    guest = report["guests"]["vlb"]
    assert report["stopped"] == "halt"
    assert guest["console"] == reference_output()
    assert guest["traps"] == {} and report["vmm"]["exits"] == 0     # no OS, no VMM
    assert guest["regs"][1] == 0                                    # the bytecode's own halt


def test_the_image_survives_assembling_in_another_language():
    scenario = load_scenario("bytecode-vm")
    catalan = scenario.in_language("ca")
    assert catalan.guests[0].program.image == scenario.guests[0].program.image
    assert scenario.guests[0].program.symbols["vlb_image"] == 0x2000


@pytest.fixture
def folder(tmp_path):
    shutil.copy(scenarios_dir() / "bytecode-vm.toml", tmp_path / "vm.toml")
    return tmp_path


def test_a_scenario_runs_a_bytecode_file_beside_it(folder, capsys):
    shutil.copy(SHIPPED[0].parent / "primes.vlb", folder / "mine.vlb")
    text = (folder / "vm.toml").read_text(encoding="utf-8")
    (folder / "vm.toml").write_text(text.replace('bytecode = "primes"', 'bytecode = "mine"'),
                                    encoding="utf-8")
    assert main(["run", "--scenario", str(folder / "vm.toml"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["guests"]["vlb"]["console"] == reference_output()


@pytest.mark.parametrize("bad", [c for c in CORPUS if c.stem in
                                 ("depth_mismatch", "target_inside", "unknown_opcode")],
                         ids=lambda p: p.stem)
def test_a_refused_bytecode_makes_the_scenario_an_error(folder, bad, capsys):
    shutil.copy(bad, folder / "bad.vlb")
    path = folder / "vm.toml"
    text = path.read_text(encoding="utf-8").replace('bytecode = "primes"', 'bytecode = "bad"')
    path.write_text(text, encoding="utf-8")
    key_line = next(n for n, line in enumerate(text.splitlines(), 1) if "bytecode =" in line)
    line, reason = refusal(bad)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:{key_line}: guest[0].bytecode: ")
    assert f"bad.vlb:{line}: " in message and reason in message
    assert main(["scenario", "check", str(path)]) == 2
    assert f"bad.vlb:{line}: " in capsys.readouterr().err


@pytest.mark.parametrize("name, reason", [("nothing-here", "not found"),
                                          ("../primes", "no absolute paths"),
                                          ("/etc/passwd", "no absolute paths")])
def test_a_bytecode_name_that_leads_nowhere_is_an_error(folder, name, reason):
    path = folder / "vm.toml"
    text = path.read_text(encoding="utf-8").replace('"primes"', f'"{name}"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="guest\\[0\\].bytecode: .*" + reason):
        load_scenario(str(path))


# ---------------------------------------------------------------- the command line
def test_run_compares_both_interpreters_and_reports_the_price(capsys):
    assert main(["bytecode", "run", "primes", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["same"] is True
    assert report["reference"]["output"] == report["vl32"]["output"] == reference_output()
    vl32 = report["vl32"]
    assert vl32["instructions_per_bytecode"] == round(vl32["instructions"] / vl32["steps"], 2)
    assert vl32["instructions_per_bytecode"] > 1
    assert main(["bytecode", "run", str(PRIMES)]) == 0
    text = capsys.readouterr().out
    assert text.startswith(reference_output())
    assert "VL32 instructions per bytecode instruction" in text
    assert "both interpreters: the same output" in text


def test_asm_writes_an_image_that_checks_and_runs_the_same(tmp_path, capsys):
    image = tmp_path / "primes.vlbc"
    assert main(["bytecode", "asm", "primes", "--out", str(image)]) == 0
    listing = capsys.readouterr().out
    assert "jz 38" in listing and "jz done" in listing      # the offset and the source line
    assert main(["bytecode", "check", str(image)]) == 0
    assert "verified" in capsys.readouterr().out
    assert main(["bytecode", "run", str(image), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["vl32"]["output"] == reference_output()


def test_a_refused_program_gives_file_line_and_exit_2(capsys, monkeypatch):
    bad = next(c for c in CORPUS if c.stem == "overflow")
    line, reason = refusal(bad)
    for action in ("run", "asm", "check"):
        assert main(["bytecode", action, str(bad)]) == 2
        err = capsys.readouterr().err
        assert f"{bad}:{line}: {reason}" in err
    monkeypatch.setenv("VMLAB_LANG", "ca")
    assert main(["bytecode", "check", str(bad), "primes"]) == 2
    captured = capsys.readouterr()
    assert f"{bad}:{line}: push porta la profunditat de la pila a 3" in captured.err
    assert "verified" in captured.out                         # the good one still checked


def test_a_missing_file_is_exit_2(tmp_path, capsys):
    assert main(["bytecode", "run", str(tmp_path / "none.vlb")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_the_bytecode_key_needs_the_interpreter(folder):
    path = folder / "vm.toml"
    text = path.read_text(encoding="utf-8").replace('program = "bytecode-vm"',
                                                    'program = "hello"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="guest\\[0\\].bytecode: .*'hello.vl32' is not a "
                                            "bytecode interpreter"):
        load_scenario(str(path))


def test_an_interpreter_whose_code_reaches_the_image_is_an_error(folder):
    from vmlab.bytecode.vl32 import interpreter_path
    source = interpreter_path().read_text(encoding="utf-8")
    (folder / "big-vm.vl32").write_text(source + "\n.org 0x2001\n.word 7\n", encoding="utf-8")
    path = folder / "vm.toml"
    text = path.read_text(encoding="utf-8").replace('"bytecode-vm"', '"big-vm"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="cannot be placed in program 'big-vm.vl32'"):
        load_scenario(str(path))


def test_the_guest_memory_must_hold_the_locals_and_the_stack(folder, capsys):
    """The image reserves them (.space), so a guest too small for them is refused."""
    from vmlab.bytecode.vl32 import embed, load_interpreter
    program = assemble_file(PRIMES)
    whole = embed(load_interpreter(), program)
    end = whole.extent()[1]
    assert end == 0x2000 + 5 + len(program.code) + program.locals + program.max_stack
    path = folder / "vm.toml"
    text = path.read_text(encoding="utf-8").replace("memory = 16384", f"memory = {end - 1}")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError, match="raise this guest's memory"):
        load_scenario(str(path))
    path.write_text(text.replace(f"memory = {end - 1}", f"memory = {end}"), encoding="utf-8")
    assert load_scenario(str(path)).guests[0].memory == end
    assert main(["run", "--scenario", str(path), "--json"]) == 0     # and it runs there
    assert json.loads(capsys.readouterr().out)["guests"]["vlb"]["console"] == reference_output()
