"""Hostile arguments to every sub-command (issue 9): exit 0 or 2 with a message, never
exit 1, "internal error" or a traceback.

Each vector runs in-process through vmlab.cli.main.main(argv) (fast); the encoding
cases that need a real terminal encoding run as subprocesses in test_cli_outputs.py.
Vectors that would open the window are left out; the GUI options are tried only with
values that must be refused before it opens.
"""

import os

import pytest

from vmlab.cli.main import main

LONG = "a" * 5000
HOSTILE = {                        # label -> value ("{tmp}" is the test's folder)
    "empty": "",
    "blank": " ",
    "long": LONG,
    "long-part": "/tmp/" + "b" * 300 + "/x",
    "long-path": "/tmp/" + "/".join(["c" * 150] * 10),
    "zero": "/dev/zero",
    "null": "/dev/null",
    "full": "/dev/full",
    "folder": "{tmp}",
    "missing": "{tmp}/no/such/file",
    "under-a-file": "{tmp}/file.txt/x",
    "proc": "/proc/self/mem",
    "nul": "a\x00b",
    "dash": "-",
    "euro": "€",
    "surrogate": "\udcff",
    "escape": "\x1b[2J",
    "newline": "a\nb",
    "dotdot": "../../../../etc/passwd",
}
# Values an output option may receive: all but the ones that could name a real file
# outside the test's folder (with --force, vmlab rightly replaces what it is told to).
WRITABLE = [label for label in HOSTILE if label not in ("dotdot", "proc")]
WRITES = {"trace-out", "trace-out-force", "lesson-new-output", "bytecode-out", "disk-new",
          "disk-copy-target", "disk-save-out", "snapshot-out"}
NUMBERS = {
    "zero": "0", "negative": "-1", "huge": "9" * 30, "thousands-of-digits": "1" * 5000,
    "hex-prefix": "0x", "nan": "nan", "float": "1e9", "arabic-digit": "\u0663",
    "bad-binary": "0b102", "empty": "", "word": "ten",
}
PROGRAM = ".org 0\n li r1, 65\n out CONSOLE_OUT, r1\n halt\n"

# Each template has one "{}" slot; "{prog}" is a good program, "{tmp}" the test's folder.
TEXT_SLOTS = {
    "asm": ["asm", "{}"],
    "run-file": ["run", "{}", "--max-cycles", "1000"],
    "run-scenario": ["run", "--scenario", "{}", "--max-cycles", "1000"],
    "run-scenario-json": ["run", "--scenario", "{}", "--json", "--max-cycles", "1000"],
    "run-input": ["run", "{prog}", "--input", "{}"],
    "trace-scenario": ["trace", "--scenario", "{}", "--out", "{tmp}/t.jsonl", "--force",
                       "--max-cycles", "1000"],
    "trace-out": ["trace", "--scenario", "two-guests", "--out", "{}", "--max-cycles", "1000"],
    "trace-out-force": ["trace", "--scenario", "two-guests", "--out", "{}", "--force",
                        "--max-cycles", "1000"],
    "trace-format": ["trace", "--scenario", "two-guests", "--out", "{tmp}/t.jsonl", "--force",
                     "--format", "{}", "--max-cycles", "1000"],
    "run-technique": ["run", "--scenario", "native-alpha", "--technique", "{}",
                      "--max-cycles", "1000"],
    "trace-technique": ["trace", "--scenario", "native-alpha", "--technique", "{}",
                        "--out", "{tmp}/t.jsonl", "--force", "--max-cycles", "1000"],
    "compare-guest": ["compare", "--guest", "{}", "--max-cycles", "1000"],
    "compare-techniques": ["compare", "--guest", "hello", "--techniques", "{}",
                           "--max-cycles", "1000"],
    "lesson-check": ["lesson", "check", "{}"],
    "scenario-check": ["scenario", "check", "{}"],
    "lesson-new-id": ["lesson", "new", "{}", "--output", "{tmp}/new.toml", "--force"],
    "lesson-new-output": ["lesson", "new", "my-lesson", "--output", "{}"],
    "lesson-play": ["lesson", "play", "{}"],
    "lesson-play-lang": ["lesson", "play", "processes", "--lang", "{}"],
    "screenshot-lang": ["screenshot", "--out", "{tmp}/shots", "--lang", "{}"],
    "gui-lang": ["--lang", "{}"],
    "emulate-asm": ["emulate", "asm", "{}"],
    "emulate-run": ["emulate", "run", "{}", "--limit", "1000"],
    "bytecode-asm": ["bytecode", "asm", "{}"],
    "bytecode-check": ["bytecode", "check", "{}"],
    "bytecode-run": ["bytecode", "run", "{}", "--max-steps", "1000"],
    "bytecode-out": ["bytecode", "asm", "primes", "--out", "{}"],
    "disk-show": ["disk", "show", "{}"],
    "disk-copy-source": ["disk", "copy", "{}", "{tmp}/c.disk", "--force"],
    "disk-copy-target": ["disk", "copy", "diskette", "{}"],
    "disk-new": ["disk", "new", "{}", "--force"],
    "disk-save-scenario": ["disk", "save", "--scenario", "{}", "--out", "{tmp}/s.disk",
                           "--force", "--max-cycles", "1000"],
    "disk-save-guest": ["disk", "save", "--scenario", "disk-native", "--guest", "{}",
                        "--out", "{tmp}/s.disk", "--force", "--max-cycles", "1000"],
    "disk-save-out": ["disk", "save", "--scenario", "disk-native", "--out", "{}",
                      "--max-cycles", "1000"],
    "snapshot-scenario": ["snapshot", "--scenario", "{}", "--guest", "alpha", "--at", "1000",
                          "--out", "{tmp}/s.vmsnap.json"],
    "snapshot-guest": ["snapshot", "--scenario", "two-guests", "--guest", "{}", "--at", "1000",
                       "--out", "{tmp}/s.vmsnap.json"],
    "snapshot-out": ["snapshot", "--scenario", "two-guests", "--guest", "alpha", "--at", "1000",
                     "--out", "{}"],
    "snapshot-base": ["snapshot", "--scenario", "two-guests", "--guest", "alpha", "--at",
                      "1000", "--out", "{tmp}/s.vmsnap.json", "--base", "{}"],
    "run-restore": ["run", "--scenario", "two-guests", "--restore", "{}", "--max-cycles",
                    "1000"],
}
NUMBER_SLOTS = {
    "run-memory": ["run", "{prog}", "--memory", "{}"],
    "run-max-cycles": ["run", "{prog}", "--max-cycles", "{}"],
    "run-scenario-max-cycles": ["run", "--scenario", "two-guests", "--max-cycles", "{}"],
    "trace-max-cycles": ["trace", "--scenario", "two-guests", "--out", "{tmp}/t.jsonl",
                         "--force", "--max-cycles", "{}"],
    "trace-max-bytes": ["trace", "--scenario", "two-guests", "--out", "{tmp}/t.jsonl",
                        "--force", "--max-bytes", "{}", "--max-cycles", "1000"],
    "compare-max-cycles": ["compare", "--guest", "no-such-guest", "--max-cycles", "{}"],
    "lesson-play-seed": ["lesson", "play", "no-such-lesson", "--seed", "{}"],
    "emulate-limit": ["emulate", "run", "count", "--limit", "{}"],
    "emulate-max-cycles": ["emulate", "run", "count", "--max-cycles", "{}"],
    "bytecode-max-steps": ["bytecode", "run", "primes", "--on", "python", "--max-steps", "{}"],
    "disk-new-blocks": ["disk", "new", "{tmp}/n.disk", "--force", "--blocks", "{}"],
    "disk-save-max-cycles": ["disk", "save", "--scenario", "disk-native", "--out",
                             "{tmp}/s.disk", "--force", "--max-cycles", "{}"],
    "snapshot-at": ["snapshot", "--scenario", "two-guests", "--guest", "alpha", "--at", "{}",
                    "--out", "{tmp}/s.vmsnap.json"],
}
# Values that must be refused before anything heavy starts (a window, the screenshots).
REFUSED_EARLY = {
    "screenshot-out": (["screenshot", "--out", "{}"],
                       ["empty", "blank", "long", "long-part", "long-path", "null", "zero",
                        "full", "under-a-file", "nul"]),
    "gui-scenario": (["--scenario", "{}"], [k for k in HOSTILE if k not in ("folder",)]),
    "gui-lesson": (["--lesson", "{}"], [k for k in HOSTILE if k not in ("folder",)]),
}
OTHERS = {                          # whole vectors
    "memory-with-scenario": ["run", "--scenario", "two-guests", "--memory", "4096"],
    "file-and-scenario": ["run", "{prog}", "--scenario", "two-guests"],
    "neither": ["run"],
    "input-with-scenario": ["run", "--scenario", "two-guests", "--input", "x"],
    "unknown-command": ["frobnicate"],
    "unknown-option": ["run", "{prog}", "--frobnicate"],
    "lesson-no-action": ["lesson"],
    "trace-no-out": ["trace", "--scenario", "two-guests"],
    "trace-own-scenario": ["trace", "--scenario", "{tmp}/s.toml", "--out", "{tmp}/s.toml",
                           "--force"],
    "trace-existing": ["trace", "--scenario", "two-guests", "--out", "{tmp}/file.txt"],
    "huge-memory": ["run", "{prog}", "--memory", "67108865"],
    "scenario-input-euro": ["run", "--scenario", "{tmp}/euro.toml"],
    "trace-input-euro": ["trace", "--scenario", "{tmp}/euro.toml", "--out", "{tmp}/e.jsonl"],
    "scenario-huge-max-cycles": ["trace", "--scenario", "{tmp}/huge.toml", "--out",
                                 "{tmp}/h.jsonl"],
    "scenario-deep-array": ["run", "--scenario", "{tmp}/deep.toml"],
    "program-does-not-fit": ["run", "{prog}", "--memory", "2"],
    "lesson-deep-array": ["lesson", "check", "{tmp}/deep.toml"],
    "scenarios": ["scenarios"],
    "scenarios-extra": ["scenarios", "extra"],
}


def _cases():
    for slot, template in TEXT_SLOTS.items():
        for label, value in HOSTILE.items():
            if slot in WRITES and label not in WRITABLE:
                continue
            yield slot, label, template, value
    for slot, template in NUMBER_SLOTS.items():
        for label, value in NUMBERS.items():
            yield slot, label, template, value
    for slot, (template, labels) in REFUSED_EARLY.items():
        for label in labels:
            yield slot, label, template, HOSTILE[label]
    for label, vector in OTHERS.items():
        yield "whole", label, vector, None


def _params():
    for slot, label, template, value in _cases():
        yield pytest.param(template, value, id=f"{slot}-{label}")


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)             # whatever a vector creates lands here
    monkeypatch.setenv("VMLAB_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("VMLAB_DEBUG", raising=False)
    (tmp_path / "prog.vl32").write_text(PROGRAM, encoding="utf-8")
    (tmp_path / "file.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "s.toml").write_text('[scenario]\ntechnique = "native"\n[[guest]]\n'
                                     'program = "prog.vl32"\nmemory = 1024\n', encoding="utf-8")
    native = '[scenario]\ntechnique = "native"\n{}[[guest]]\nprogram = "prog.vl32"\n' \
             'memory = 1024\n{}'
    (tmp_path / "euro.toml").write_text(native.format("", "input = '€'\n"), encoding="utf-8")
    (tmp_path / "huge.toml").write_text(native.format("max_cycles = 10_000_000_000\n", ""),
                                        encoding="utf-8")
    (tmp_path / "deep.toml").write_text("x = " + "[" * 500 + "]" * 500 + "\n",
                                        encoding="utf-8")
    return tmp_path


def _argv(template, value, folder):
    argv = []
    for part in template:
        part = part.replace("{prog}", str(folder / "prog.vl32"))
        if value is not None and part == "{}":
            part = value
        argv.append(part.replace("{tmp}", str(folder)))
    return argv


@pytest.mark.parametrize("template, value", list(_params()))
def test_hostile_arguments_end_in_0_or_2_with_a_message(folder, capsys, template, value):
    argv = _argv(template, value, folder)
    try:
        code = main(argv)
    except SystemExit as exit_:           # argparse: usage errors are exit 2
        code = exit_.code
    out, err = capsys.readouterr()
    assert code in (0, 2), f"{argv!r:.200} -> exit {code}: {err[-500:]}"
    assert "internal error" not in err and "Traceback" not in err, err[-500:]
    if code == 2:
        assert err.strip(), f"{argv!r:.200}: exit 2 without a message"
    assert LONG not in err, "a message shortens a very long value"
    assert "\x1b" not in out and "\x1b" not in err        # nothing reaches the terminal raw


def test_the_table_covers_every_sub_command():
    from vmlab.cli.main import build_parser
    parser = build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)   # noqa: SLF001 - the table's list
    covered = {template[0] for _, _, template, _ in _cases()}
    assert commands - {"bench"} <= covered              # bench takes no value to spoil
    assert os.path.basename(__file__) == "test_cli_hostile.py"
