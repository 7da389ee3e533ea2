"""A newcomer on a bare Linux finds the system libraries Qt needs in the README."""

from pathlib import Path

import pytest

from vmlab.gui.launch import _XCB_LIBRARIES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("readme", ["README.md", "docs/README.ca.md"])
def test_the_readme_names_every_library_the_launcher_checks(readme):
    text = (ROOT / readme).read_text(encoding="utf-8")
    head = text[:text.index("\n## ")]          # before the first section: next to the commands
    for package in _XCB_LIBRARIES.values():
        assert package in head, f"{readme} does not name {package}"
