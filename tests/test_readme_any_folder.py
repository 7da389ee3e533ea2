"""The README's example commands work from any folder (issue 14): shipped programs by name."""

import json
import subprocess
import sys

import pytest


def vmlab(*args, cwd):
    return subprocess.run([sys.executable, "-m", "vmlab.cli.main", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("args", [("asm", "assets/programs/count.vl32"),
                                  ("run", "assets/programs/hello.vl32", "--json"),
                                  ("run", "hello"), ("asm", "count.vl32")])
def test_a_shipped_program_is_found_from_another_folder(tmp_path, args):
    result = vmlab(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    if "--json" in args:
        assert json.loads(result.stdout)["halted"]


def test_a_file_that_exists_is_the_one_used(tmp_path):
    (tmp_path / "hello.vl32").write_text("addi r1, r0, 7\nhalt\n", encoding="utf-8")
    result = vmlab("run", "hello.vl32", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["regs"][1] == 7


def test_an_unknown_program_is_still_reported_by_its_name(tmp_path):
    result = vmlab("asm", "no-such-program.vl32", cwd=tmp_path)
    assert result.returncode == 2
    assert "no-such-program.vl32" in result.stderr
