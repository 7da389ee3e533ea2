"""The wheel carries lessons/, assets/ and the entry points, so `pip install .` works anywhere."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                             str(out), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    wheels = list(out.glob("vmlab-*.whl"))
    assert len(wheels) == 1
    return zipfile.ZipFile(wheels[0])


def test_wheel_carries_lessons_and_assets(wheel):
    names = set(wheel.namelist())
    for path in (ROOT / "assets").rglob("*"):
        if path.is_file():
            rel = path.relative_to(ROOT / "assets").as_posix()
            assert f"vmlab/data/assets/{rel}" in names, rel
    lessons = [p for p in (ROOT / "lessons").rglob("*") if p.is_file()]
    for path in lessons:
        rel = path.relative_to(ROOT / "lessons").as_posix()
        assert f"vmlab/data/lessons/{rel}" in names, rel
    # Help > User guide shows the guide from an installed copy too, in both languages.
    for guide in ("guide.md", "guide.ca.md", "screenshots/window.png"):
        assert f"vmlab/data/docs/{guide}" in names, guide


def test_wheel_declares_the_command_and_the_pygments_lexer(wheel):
    entry_points = next(n for n in wheel.namelist() if n.endswith("entry_points.txt"))
    text = wheel.read(entry_points).decode()
    assert "vmlab = vmlab.cli.main:main" in text
    assert "[pygments.lexers]" in text and "vl32 = vmlab.asm.lexer:VL32Lexer" in text
    metadata = wheel.read(next(n for n in wheel.namelist() if n.endswith("METADATA"))).decode()
    # The 6.12.0 exclusion must survive into the wheel (it aborts on Python 3.11).
    assert "requires-dist: pyside6-essentials!=6.12.0,>=6.8" in metadata.lower()


def test_installed_data_is_found_from_any_folder(tmp_path, wheel):
    """Unpack the wheel elsewhere: resources come from the package, not the checkout."""
    wheel.extractall(tmp_path / "site")
    code = ("import vmlab.resources as r, sys; "
            "p = r.data_dir('assets') / 'programs' / 'alpha.vl32'; "
            "print(p); sys.exit(0 if p.is_file() and 'site' in str(p) else 1)")
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path,
                            env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
