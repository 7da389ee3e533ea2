"""The hostile corpus (tests/corpus): every program and scenario there is refused cleanly.

Clean means: the loader's own error (an InputError: AssemblyError for a
program, ScenarioError for a scenario) whose message names the file, and the
line where the file has one; through the command line, exit code 2 and no
"internal error".  Each file says in its first comments what the message
must contain ("expect:") and which line it must name ("expect-line:"); see
tests/corpus/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vmlab.asm import AssemblyError, assemble_file
from vmlab.cli.main import main
from vmlab.inputs import InputError
from vmlab.scenario import ScenarioError, load_scenario

CORPUS = Path(__file__).resolve().parent / "corpus"
PROGRAMS = sorted((CORPUS / "programs").glob("*.vl32"))
SCENARIOS = sorted((CORPUS / "scenarios").glob("*.toml"))


def expectations(path: Path) -> tuple[str, int | None]:
    """(text the message must contain, line it must name or None) from the file's comments."""
    head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    fragment = re.search(r"^\W*[;#] expect: (.*?)\s*$", head, re.MULTILINE)
    line = re.search(r"^[;#] expect-line: (\d+)\s*$", head, re.MULTILINE)
    assert fragment, f"{path.name}: no '; expect:' or '# expect:' comment at the top"
    return fragment.group(1), int(line.group(1)) if line else None


def test_the_corpus_is_there_and_small():
    assert len(PROGRAMS) >= 30 and len(SCENARIOS) >= 60
    for path in [*PROGRAMS, *SCENARIOS]:
        assert path.stat().st_size <= 16 * 1024, f"{path.name}: keep corpus files small"


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_every_hostile_program_is_refused_cleanly(path):
    fragment, line = expectations(path)
    with pytest.raises(AssemblyError) as info:
        assemble_file(path)
    err = info.value
    assert isinstance(err, InputError)
    text = str(err)
    assert str(path) in text
    assert fragment in text
    for diagnostic in err.errors:
        assert diagnostic.file == str(path)
        if diagnostic.line > 0:
            assert f"{path}:{diagnostic.line}:{diagnostic.col}: error: " in text
    if line is not None:
        assert line in {d.line for d in err.errors}, text
    # In Catalan too: the same report, every message found in the catalog.
    assert str(path) in err.format("ca")


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_every_hostile_scenario_is_refused_cleanly(path):
    fragment, line = expectations(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(str(path))
    err = info.value
    assert isinstance(err, InputError)
    text = str(err)
    assert text.startswith(str(path))
    assert fragment in text
    if err.line:
        assert text.startswith(f"{path}:{err.line}: ")
    if line is not None:
        assert err.line == line, text


@pytest.mark.parametrize("path", PROGRAMS, ids=[p.name for p in PROGRAMS])
def test_the_command_line_refuses_every_hostile_program(path, capsys):
    assert main(["asm", str(path)]) == 2
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    assert str(path) in err


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.name for p in SCENARIOS])
def test_the_command_line_refuses_every_hostile_scenario(path, capsys):
    assert main(["run", "--scenario", str(path)]) == 2
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err
    assert str(path) in err
