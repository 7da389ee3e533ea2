"""Where the data folders (lessons/, assets/) are, installed or in a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` ("lessons" or "assets").

    A wheel carries them as vmlab/data/<name>; a source checkout (or an
    editable install) has them at the top of the repository.
    """
    installed = _PACKAGE / "data" / name
    if installed.is_dir():
        return installed
    return _PACKAGE.parent / name


def asset(*parts: str) -> Path:
    return data_dir("assets").joinpath(*parts)
