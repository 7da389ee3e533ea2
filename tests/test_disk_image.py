"""Disk-image files (docs/disk-images.md): the format round-trips, every broken or hostile
file is refused with its name and what is wrong (exit 2 on the command line), a scenario's
disk stays inside its folder, saves are atomic."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vmlab.cli.main import main
from vmlab.disk_image import (DiskImageError, MAX_DISK_IMAGE_BYTES, copy_disk_image,
                              format_disk_image, list_files, make_filesystem, parse_disk_image,
                              read_disk_image, read_text_file, save_disk_image)
from vmlab.isa.spec import DISK_BLOCK_WORDS, DISK_MAX_BLOCKS
from vmlab.machine.disk import words_crc32
from vmlab.scenario import ScenarioError, disks_dir, load_scenario

WORDS = [(i * 2654435761) & 0xFFFF_FFFF for i in range(3 * DISK_BLOCK_WORDS)]
GOOD = format_disk_image(WORDS)


def header(text: str) -> str:
    return text.split("\n", 1)[0]


# ---------------------------------------------------------------- the format
def test_a_disk_round_trips_through_its_text():
    assert parse_disk_image(GOOD) == WORDS
    assert header(GOOD) == (f"VL32-DISK 1 blocks=3 block_words={DISK_BLOCK_WORDS} "
                            f"crc32={words_crc32(WORDS):08x}")
    assert len(GOOD.splitlines()) == 1 + len(WORDS) // 8


def test_windows_line_ends_and_upper_case_hex_are_read_too():
    assert parse_disk_image(GOOD.replace("\n", "\r\n")) == WORDS
    assert parse_disk_image(GOOD.upper().replace("VL32-DISK", "VL32-DISK")
                            .replace("BLOCKS=", "blocks=").replace("BLOCK_WORDS=",
                                                                   "block_words=")
                            .replace("CRC32=", "crc32=")) == WORDS


def test_the_shipped_images_are_valid_and_hold_the_files_diskette_reads():
    for path in sorted(disks_dir().glob("*.disk")):
        words = read_disk_image(path)
        names = [name for name, _, _ in list_files(words)]
        assert names == ["motd", "log"], path.name
        assert read_text_file(words, "motd")
        assert format_disk_image(words) == path.read_text(encoding="ascii")


def test_the_file_system_helpers():
    words = make_filesystem({"motd": "hi\n", "log": ""}, 8, reserve={"log": 4})
    assert list_files(words) == [("motd", 1, 3), ("log", 2, 0)]
    assert read_text_file(words, "motd") == "hi\n" and read_text_file(words, "nope") is None
    with pytest.raises(ValueError):
        make_filesystem({"toolongname": ""}, 4)
    with pytest.raises(ValueError):
        make_filesystem({"big": "x" * 1000}, 4)


# ---------------------------------------------------------------- the corpus
def _lines(text: str) -> list[str]:
    return text.split("\n")


def corrupt_word(text: str) -> str:
    lines = _lines(text)
    lines[5] = "deadbeef" + lines[5][8:]
    return "\n".join(lines)


CORPUS = {
    "empty": ("", "is not a VL32 disk image"),
    "not-a-disk": ("hello world\n", "is not a VL32 disk image"),
    "a-scenario": ("[scenario]\ntechnique = 'native'\n", "is not a VL32 disk image"),
    "bad-header": ("VL32-DISK 1 blocks=3\n", "the header must be"),
    "long-header": ("VL32-DISK " + "9" * 5000 + "\n", "the header must be"),
    "wrong-version": (GOOD.replace("VL32-DISK 1 ", "VL32-DISK 2 ", 1), "version '2'"),
    "version-zero": (GOOD.replace("VL32-DISK 1 ", "VL32-DISK 0 ", 1), "version '0'"),
    "zero-blocks": (GOOD.replace("blocks=3", "blocks=0", 1), "blocks must be"),
    "negative-blocks": (GOOD.replace("blocks=3", "blocks=-3", 1), "blocks must be"),
    "hostile-blocks": (GOOD.replace("blocks=3", f"blocks={DISK_MAX_BLOCKS + 1}", 1),
                       "blocks must be"),
    "huge-blocks": (GOOD.replace("blocks=3", "blocks=" + "9" * 40, 1), "blocks must be"),
    "block-words": (GOOD.replace("block_words=64", "block_words=128", 1), "block_words must"),
    "bad-crc": (GOOD.replace("crc32=", "crc32=xyz", 1), "crc32 must be"),
    "corrupted-checksum": (header(GOOD)[:-8] + "00000000\n" + GOOD.split("\n", 1)[1],
                           "is corrupted"),
    "corrupted-word": (corrupt_word(GOOD), "is corrupted"),
    "truncated": ("\n".join(_lines(GOOD)[:10]) + "\n", "is truncated"),
    "truncated-header-only": (header(GOOD) + "\n", "is truncated"),
    "more-blocks-promised": (GOOD.replace("blocks=3", "blocks=4", 1), "is truncated"),
    "extra-text": (GOOD + "00000000 " * 7 + "00000000\n", "after the last block"),
    "short-line": (GOOD.replace(_lines(GOOD)[3], _lines(GOOD)[3][:-9], 1), "must be 8 words"),
    "long-line": (GOOD.replace(_lines(GOOD)[3], _lines(GOOD)[3] + " 00000000", 1),
                  "must be 8 words"),
    "short-word": (GOOD.replace(_lines(GOOD)[3], "0" + _lines(GOOD)[3][2:], 1),
                   "must be 8 words"),
    "non-hex": (GOOD.replace(_lines(GOOD)[3], "zzzzzzzz" + _lines(GOOD)[3][8:], 1),
                "must be 8 words"),
    "two-spaces": (GOOD.replace(_lines(GOOD)[3], _lines(GOOD)[3].replace(" ", "  ", 1), 1),
                   "must be 8 words"),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_broken_file_is_refused_with_its_name_and_what_is_wrong(tmp_path, name):
    text, expected = CORPUS[name]
    path = tmp_path / f"{name}.disk"
    path.write_text(text, encoding="ascii")
    with pytest.raises(DiskImageError) as caught:
        read_disk_image(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message, message
    assert len(message) < 600                             # a hostile value is shortened
    catalan = caught.value.render("ca")
    assert catalan.startswith(f"{path}: ") and catalan != message


def test_non_ascii_bytes_and_binary_files_are_refused(tmp_path):
    for data in (GOOD.encode("ascii").replace(b"0000", b"\xff\xfe00", 1), bytes(range(256))):
        path = tmp_path / "bin.disk"
        path.write_bytes(data)
        with pytest.raises(DiskImageError, match="not ASCII text"):
            read_disk_image(path)


def test_a_file_larger_than_any_disk_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.disk"
    with open(path, "wb") as out:
        out.truncate(MAX_DISK_IMAGE_BYTES + 1)
    with pytest.raises(DiskImageError, match="larger than"):
        read_disk_image(path)
    assert MAX_DISK_IMAGE_BYTES < 8 << 20


def test_missing_files_and_folders_are_refused(tmp_path):
    with pytest.raises(DiskImageError, match="not found"):
        read_disk_image(tmp_path / "nope.disk")
    with pytest.raises(DiskImageError, match="folder"):
        read_disk_image(tmp_path)


def test_the_largest_disk_is_read(tmp_path):
    words = [0] * (DISK_MAX_BLOCKS * DISK_BLOCK_WORDS)
    save_disk_image(words, tmp_path / "big.disk")
    assert os.path.getsize(tmp_path / "big.disk") <= MAX_DISK_IMAGE_BYTES
    assert read_disk_image(tmp_path / "big.disk") == words


# ---------------------------------------------------------------- saving
def test_saves_are_atomic_and_leave_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "d.disk"
    save_disk_image(WORDS, target)
    before = target.read_bytes()

    def broken(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(DiskImageError, match="No space left on device"):
        save_disk_image([1] * DISK_BLOCK_WORDS, target)
    with pytest.raises(DiskImageError, match="not a file"):       # never over a device
        save_disk_image(WORDS, "/dev/null")
    assert target.read_bytes() == before                   # the old image, whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.disk"]


def test_a_copy_is_byte_for_byte_and_refuses_a_broken_source(tmp_path):
    source = tmp_path / "a.disk"
    save_disk_image(WORDS, source)
    copy_disk_image(source, tmp_path / "b.disk")
    assert (tmp_path / "b.disk").read_bytes() == source.read_bytes()
    (tmp_path / "bad.disk").write_text(CORPUS["corrupted-word"][0], encoding="ascii")
    with pytest.raises(DiskImageError):
        copy_disk_image(tmp_path / "bad.disk", tmp_path / "c.disk")
    assert not (tmp_path / "c.disk").exists()


def test_format_refuses_what_no_disk_can_hold():
    for words in ([], [0] * 63, [0] * (DISK_BLOCK_WORDS * (DISK_MAX_BLOCKS + 1))):
        with pytest.raises(ValueError):
            format_disk_image(words)


# ---------------------------------------------------------------- scenarios
SCENARIO = ('[scenario]\ntechnique = "native"\n[[guest]]\nname = "d"\nprogram = "diskette"\n'
            'memory = 8192\ndisk = {disk}\n')


def scenario_with(tmp_path: Path, disk: str) -> Path:
    path = tmp_path / "s.toml"
    path.write_text(SCENARIO.format(disk=disk), encoding="utf-8")
    return path


def test_a_scenario_finds_a_disk_beside_it_then_a_shipped_one(tmp_path):
    save_disk_image(WORDS, tmp_path / "mine.disk")
    assert load_scenario(str(scenario_with(tmp_path, '"mine"'))).guests[0].disk == WORDS
    shipped = load_scenario(str(scenario_with(tmp_path, '"diskette"'))).guests[0]
    assert shipped.disk_path == disks_dir() / "diskette.disk"


@pytest.mark.parametrize("disk, expected", [
    ('"../outside"', "no absolute paths, no '..'"),
    ('"/etc/passwd"', "no absolute paths, no '..'"),
    ('"sub\\\\..\\\\x"', "no absolute paths, no '..'"),
    ('"no-such-disk"', "not found; shipped disk images: diskette"),
    ('""', "no absolute paths"),
    ("12", "must be a string"),
    ('"broken"', "is corrupted"),
    ('"link"', "a link to a file outside"),
])
def test_a_scenarios_bad_disk_is_refused_with_file_line_and_key(tmp_path, disk, expected):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    save_disk_image(WORDS, outside / "target.disk")
    folder = tmp_path / "scn"
    folder.mkdir()
    (folder / "link.disk").symlink_to(outside / "target.disk")
    (folder / "broken.disk").write_text(CORPUS["corrupted-word"][0], encoding="ascii")
    path = scenario_with(folder, disk)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}:7: guest[0].disk: ") and expected in message, message
    assert caught.value.render("ca") != message


def test_the_command_line_says_what_is_wrong_and_exits_2(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.disk").write_text(CORPUS["truncated"][0], encoding="ascii")
    assert main(["disk", "show", "bad.disk"]) == 2
    assert "bad.disk: is truncated" in capsys.readouterr().err
    monkeypatch.setenv("VMLAB_LANG", "ca")
    assert main(["disk", "show", "bad.disk"]) == 2
    assert "bad.disk: està truncada" in capsys.readouterr().err
    scenario_with(tmp_path, '"bad"')
    assert main(["run", "--scenario", "s.toml"]) == 2
    assert "guest[0].disk" in capsys.readouterr().err


def test_new_show_copy_and_save_on_the_command_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["disk", "new", "n.disk", "--motd", "Hola!\n"]) == 0
    assert read_text_file(read_disk_image("n.disk"), "motd") == "Hola!\n"
    assert main(["disk", "new", "n.disk"]) == 2                  # exists: --force
    assert main(["disk", "copy", "n.disk", "c.disk"]) == 0
    assert Path("c.disk").read_bytes() == Path("n.disk").read_bytes()
    capsys.readouterr()
    assert main(["disk", "show", "diskette"]) == 0
    assert "motd" in capsys.readouterr().out
    assert main(["disk", "save", "--scenario", "disk-native", "--out", "after.disk"]) == 0
    assert read_text_file(read_disk_image("after.disk"), "log") == "#01\n"
    assert main(["disk", "save", "--scenario", "native-alpha", "--out", "x.disk"]) == 2
