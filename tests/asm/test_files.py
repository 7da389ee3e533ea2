"""assemble_file: reading sources, and turning every file problem into an AssemblyError."""

import pytest

from vmlab.asm import AssemblyError, assemble_file


def file_error(path) -> str:
    with pytest.raises(AssemblyError) as info:
        assemble_file(path)
    (error,) = info.value.errors
    return error


def test_reads_utf8_and_uses_the_path_as_file_name(tmp_path):
    path = tmp_path / "hola.vl32"
    path.write_text('msg: .string "Adéu"\n', encoding="utf-8")
    program = assemble_file(path)
    assert program.image == {0: 65, 1: 100, 2: 0xE9, 3: 117, 4: 0}
    assert program.filename == str(path)
    assert assemble_file(str(path)).image == program.image


def test_byte_order_mark_is_ignored(tmp_path):
    path = tmp_path / "bom.vl32"
    path.write_bytes(b"\xef\xbb\xbfstart: halt\n")
    assert assemble_file(path).labels == {"start": 0}


def test_errors_name_the_file(tmp_path):
    path = tmp_path / "bad.vl32"
    path.write_text("nop\nhlt\n", encoding="utf-8")
    error = file_error(path)
    assert (error.file, error.line, error.col, error.message) == (
        str(path), 2, 1, "unknown mnemonic 'hlt'")


def test_missing_file(tmp_path):
    path = tmp_path / "nope.vl32"
    error = file_error(path)
    assert (error.file, error.line, error.col) == (str(path), 0, 0)
    assert error.message == f"cannot read '{path}': no such file"
    assert str(error) == f"{path}: error: cannot read '{path}': no such file"


def test_directory(tmp_path):
    error = file_error(tmp_path)
    assert error.message == f"cannot read '{tmp_path}': is a directory, not a source file"


@pytest.mark.parametrize("exception,reason", [
    (PermissionError(13, "Permission denied"), "permission denied"),
    (OSError(5, "Input/output error"), "cannot read the file (Input/output error)"),
])
def test_unreadable_file(tmp_path, monkeypatch, exception, reason):
    path = tmp_path / "secret.vl32"
    path.write_text("nop", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise exception
    # Simulated: the tests may run as root, who can read a chmod 0 file.
    monkeypatch.setattr("builtins.open", refuse)
    assert file_error(path).message == f"cannot read '{path}': {reason}"


def test_not_utf8_points_at_the_bad_byte(tmp_path):
    path = tmp_path / "latin1.vl32"
    path.write_bytes(b"nop\n.string \"Adt\xe9u\"\n")
    error = file_error(path)
    assert (error.line, error.col) == (2, 13)
    assert error.message == "the file is not valid UTF-8 (byte 0xE9)"
    assert error.text == '.string "Adt\ufffdu"'
    assert error.hint == "save the file as UTF-8"
