"""The command line, as a user runs it: exit codes, JSON, errors without tracebacks."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HELLO = ".org 0\n la r1, msg\nloop: lw r2, 0(r1)\n beqz r2, done\n out CONSOLE_OUT, r2\n" \
        " addi r1, r1, 1\n b loop\ndone: halt\nmsg: .string \"hi!\\n\"\n"
RUN_KEYS = {"cycles", "instructions", "halted", "pc", "mode", "regs", "sr", "console", "traps"}


def vmlab(*args, cwd=None, lang="en"):
    import os
    env = dict(os.environ, VMLAB_LANG=lang)
    return subprocess.run([sys.executable, "-m", "vmlab.cli.main", *args], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120, env=env)


@pytest.fixture
def hello(tmp_path):
    path = tmp_path / "hello.vl32"
    path.write_text(HELLO, encoding="utf-8")
    return path


def test_help_everywhere():
    for args in ([], ["asm"], ["run"], ["trace"], ["scenarios"]):
        result = vmlab(*args, "--help")
        assert result.returncode == 0
        assert "usage: vmlab" in result.stdout


def test_asm_prints_the_listing(hello):
    result = vmlab("asm", str(hello))
    assert result.returncode == 0
    assert "halt" in result.stdout and "loop" in result.stdout


def test_asm_errors_exit_2_with_every_error_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.vl32"
    bad.write_text("addd r1, r2, r3\nli r99, 4\nb nowhere\n", encoding="utf-8")
    result = vmlab("asm", str(bad))
    assert result.returncode == 2
    assert f"{bad}:1:1" in result.stderr and f"{bad}:2:" in result.stderr
    assert f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_file_is_one_line(tmp_path):
    for command in ("asm", "run"):
        result = vmlab(command, str(tmp_path / "nope.vl32"))
        assert result.returncode == 2
        assert "nope.vl32" in result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_run_json_has_exactly_the_documented_keys(hello):
    result = vmlab("run", str(hello), "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert set(data) == RUN_KEYS
    assert data["console"] == "hi!\n"
    assert data["halted"] == "halt"
    assert data["mode"] == "kernel"
    assert len(data["regs"]) == 16 and all(0 <= r < 2**32 for r in data["regs"])
    assert set(data["sr"]) == {"STATUS", "EPC", "CAUSE", "TVAL", "TVEC", "BASE", "BOUND",
                               "TIMER", "SCRATCH", "CYCLE", "IPEND"}
    assert data["traps"] == {}


def test_run_text_and_input(tmp_path):
    echo = tmp_path / "echo.vl32"
    echo.write_text(".org 0\nloop: in r1, CONSOLE_IN\n li r2, -1\n beq r1, r2, done\n"
                    " out CONSOLE_OUT, r1\n b loop\ndone: halt\n", encoding="utf-8")
    result = vmlab("run", str(echo), "--input", "olé")
    assert result.returncode == 0
    assert result.stdout.startswith("olé\n--- stopped: halt after ")
    result = vmlab("run", str(echo), "--input", "snow ☃")
    assert result.returncode == 2
    assert "cannot be typed on the VL32 console" in result.stderr


def test_a_runaway_program_stops_at_the_limit(tmp_path):
    spin = tmp_path / "spin.vl32"
    spin.write_text(".org 0\nx: b x\n", encoding="utf-8")
    result = vmlab("run", str(spin), "--max-cycles", "1000")
    assert result.returncode == 0
    assert "cycle-limit" in result.stdout and "--max-cycles" in result.stdout
    data = json.loads(vmlab("run", str(spin), "--max-cycles", "1000", "--json").stdout)
    assert data["halted"] == "cycle-limit" and data["cycles"] == 1000


def test_bad_options_exit_2():
    assert vmlab("run").returncode == 2
    assert vmlab("run", "--max-cycles", "-5", "x.vl32").returncode == 2
    assert vmlab("frobnicate").returncode == 2
    result = vmlab("run", "--scenario", "no-such")
    assert result.returncode == 2 and "shipped ones are" in result.stderr


def test_run_scenario_json():
    data = json.loads(vmlab("run", "--scenario", "two-guests", "--json").stdout)
    assert {"cycles", "guests", "vmm"} <= set(data)
    assert set(data["guests"]) == {"alpha", "beta"}
    for g in data["guests"].values():
        assert {"console", "state", "regs", "sr", "exits", "cycles"} <= set(g)
        assert set(g["cycles"]) == {"kernel", "user"}
    assert {"cycles", "exits", "world_switches"} <= set(data["vmm"])
    assert data["vmm"]["exits"] == sum(sum(g["exits"].values())
                                       for g in data["guests"].values())
    total = data["vmm"]["cycles"] + data["vmm"]["idle"] + sum(
        g["cycles"]["kernel"] + g["cycles"]["user"] for g in data["guests"].values())
    assert total == data["cycles"]
    assert data["guests"]["alpha"]["exits"]["PRIV"] > 0


def test_trace_jsonl_and_csv(tmp_path):
    out = tmp_path / "t.jsonl"
    result = vmlab("trace", "--scenario", "two-guests", "--out", str(out),
                   "--max-cycles", "30000")
    assert result.returncode == 0
    events = [json.loads(line) for line in out.read_text().splitlines()]
    kinds = {e["kind"] for e in events}
    assert {"vm-exit", "emulation", "world-switch", "console"} <= kinds
    assert [e["seq"] for e in events] == list(range(len(events)))
    out_csv = tmp_path / "t.csv"
    assert vmlab("trace", "--scenario", "native-alpha", "--out", str(out_csv)).returncode == 0
    rows = list(csv.DictReader(out_csv.open()))
    assert rows and {r["kind"] for r in rows} >= {"trap", "console"}
    result = vmlab("trace", "--scenario", "two-guests", "--out", str(tmp_path / "no/such/x"))
    assert result.returncode == 2 and "cannot write" in result.stderr


def test_assembler_errors_in_catalan_for_catalan_users(tmp_path):
    bad = tmp_path / "bad.vl32"
    bad.write_text("addd r1, r2, r3\n", encoding="utf-8")
    english = vmlab("asm", str(bad))
    catalan = vmlab("asm", str(bad), lang="ca_ES.UTF-8")
    assert english.returncode == catalan.returncode == 2
    assert f"{bad}:1:1: error:" in english.stderr
    assert f"{bad}:1:1:" in catalan.stderr and catalan.stderr != english.stderr
    assert "pista" in catalan.stderr and "hint" not in catalan.stderr
