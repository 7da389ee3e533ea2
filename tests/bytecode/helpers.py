"""Shared by the bytecode tests: the suite's programs and their stated results."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PROGRAMS = sorted((HERE / "programs").glob("*.vlb"))
CORPUS = sorted((HERE / "corpus").glob("*.vlb"))
SHIPPED = sorted((ROOT / "assets" / "bytecode").glob("*.vlb"))


def expectation(path: Path) -> tuple[str, str, int | None]:
    """(output, status, offset or None) from a program's '; expect:' and '; status:' lines."""
    text = path.read_text(encoding="utf-8")
    output = ast.literal_eval(re.search(r"^; expect: (.*)$", text, re.MULTILINE).group(1))
    status = re.search(r"^; status: (\S+)(?: at (\d+))?$", text, re.MULTILINE)
    return output, status.group(1), int(status.group(2)) if status.group(2) else None


def refusal(path: Path) -> tuple[int, str]:
    """(line, reason) of a corpus file: the line marked '<-- refused' and its '; reason:'."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, start=1) if "<-- refused" in line]
    assert len(marked) == 1, path.name
    reason = next(line for line in lines if line.startswith("; reason: "))
    return marked[0], reason.removeprefix("; reason: ")
