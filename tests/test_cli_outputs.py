"""What the command line writes (issue 9): traces lose nothing and overwrite nothing by
surprise, full disks and odd outputs fail cleanly, and guest bytes never drive the terminal."""

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.session.test_event_stream import NO_CHECKPOINTS, spam_scenario
from vmlab.cli import trace_cmd
from vmlab.cli.main import main
from vmlab.cli.terminal import terminal_text
from vmlab.scenario import load_scenario
from vmlab.session import Session

ROOT = Path(__file__).resolve().parents[1]


def vmlab(capsys, *argv):
    """Run the command line in-process: (exit code, stdout, stderr)."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def no_traceback(err):
    return "Traceback" not in err and "internal error" not in err


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# ---------------------------------------------------------------- trace: every event
def test_trace_of_an_out_storm_has_every_event(tmp_path, capsys):
    """Costs 0 and OUT in a loop: more events in one stretch than the log holds (50,000)."""
    scenario = spam_scenario(tmp_path)
    out = tmp_path / "storm.jsonl"
    code, _, err = vmlab(capsys, "trace", "--scenario", str(scenario), "--out", str(out),
                         "--max-cycles", "100000")
    assert code == 0, err
    produced = Session(load_scenario(str(scenario)), checkpoint_interval=NO_CHECKPOINTS,
                       log_size=10**6)
    produced.run(until_cycle=100_000)
    assert produced.log.seq > 50_000          # the old exporter lost the oldest of these
    seqs = [event["seq"] for event in read_jsonl(out)]
    assert seqs == list(range(produced.log.seq))


# ---------------------------------------------------------------- trace: --out
def test_trace_refuses_to_replace_a_file_without_force(tmp_path, capsys):
    out = tmp_path / "t.jsonl"
    out.write_text("keep me\n")
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", str(out),
                         "--max-cycles", "2000")
    assert code == 2 and "already exists" in err and "--force" in err
    assert out.read_text() == "keep me\n"
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", str(out),
                         "--max-cycles", "2000", "--force")
    assert code == 0, err
    assert read_jsonl(out)[0]["seq"] == 0


def test_trace_never_replaces_its_own_scenario_or_programs(tmp_path, capsys):
    scenario = spam_scenario(tmp_path)
    for victim in (scenario, tmp_path / "spam.vl32"):
        before = victim.read_bytes()
        for extra in ([], ["--force"]):
            code, _, err = vmlab(capsys, "trace", "--scenario", str(scenario), "--out",
                                 str(victim), "--max-cycles", "1000", *extra)
            assert code == 2 and "own file" in err, err
            assert victim.read_bytes() == before
    link = tmp_path / "link.jsonl"                  # the same file under another name
    link.symlink_to(scenario)
    before = scenario.read_bytes()
    code, _, err = vmlab(capsys, "trace", "--scenario", str(scenario), "--out", str(link),
                         "--force", "--max-cycles", "1000")
    assert code == 2 and "own file" in err and scenario.read_bytes() == before


@pytest.mark.parametrize("out, words", [
    ("{tmp}", "is a folder"),
    ("{tmp}/no/such/t.jsonl", "cannot write"),
    ("", "no file name"),
    ("{tmp}/" + "x" * 300, "characters long"),
])
def test_trace_out_that_cannot_be_a_file(tmp_path, capsys, out, words):
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out",
                         out.format(tmp=tmp_path), "--max-cycles", "1000")
    assert code == 2 and words in err and no_traceback(err)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_trace_to_a_full_device_fails_cleanly(capsys):
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", "/dev/full")
    assert code == 2 and "disk is full" in err and no_traceback(err)


def test_a_full_disk_leaves_no_half_file_and_the_old_one_intact(tmp_path, capsys, monkeypatch):
    writes = []

    def full(self, data):
        writes.append(len(data))
        if len(writes) > 50:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.file.write(data)

    monkeypatch.setattr(trace_cmd._Output, "write", full)
    out = tmp_path / "t.jsonl"
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", str(out))
    assert code == 2 and "disk is full" in err and "was not created" in err
    assert list(tmp_path.iterdir()) == []           # no temporary file left behind
    out.write_text("older trace\n")
    writes.clear()
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", str(out),
                         "--force")
    assert code == 2 and "left as it was" in err
    assert out.read_text() == "older trace\n" and list(tmp_path.iterdir()) == [out]


# ---------------------------------------------------------------- trace: --max-bytes
def test_max_bytes_cuts_between_events_and_says_where(tmp_path, capsys):
    scenario = spam_scenario(tmp_path)
    out = tmp_path / "cut.jsonl"
    code, stdout, err = vmlab(capsys, "trace", "--scenario", str(scenario), "--out", str(out),
                              "--max-bytes", "64K")
    assert code == trace_cmd.EXIT_CUT == 3
    assert "cut at --max-bytes 65,536" in err and "up to cycle" in err
    size = out.stat().st_size
    assert 60_000 < size <= 65_536
    events = read_jsonl(out)                         # whole lines only
    assert [e["seq"] for e in events] == list(range(len(events)))
    assert f"{len(events):,} events" in err and f"cycle {events[-1]['cycle']:,}" in err
    csv_out = tmp_path / "cut.csv"
    code, _, err = vmlab(capsys, "trace", "--scenario", str(scenario), "--out", str(csv_out),
                         "--max-bytes", "5000")
    assert code == 3 and csv_out.stat().st_size <= 5000
    assert csv_out.read_text().startswith("seq,cycle,kind")


@pytest.mark.parametrize("value", ["0", "100", "-1", "5Q", "", "1e9", "9" * 40])
def test_max_bytes_must_be_a_size(tmp_path, capsys, value):
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out",
                         str(tmp_path / "t.jsonl"), "--max-bytes", value)
    assert code == 2 and "--max-bytes" in err and no_traceback(err)


def test_the_default_keeps_a_whole_shipped_trace(tmp_path, capsys):
    code, out, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out",
                           str(tmp_path / "t.jsonl"))
    assert code == 0 and "stopped: halt" in out, err


# ---------------------------------------------------------------- screenshot
@pytest.mark.parametrize("out, words", [("/dev/null", "not a folder"), ("", "no folder"),
                                        ("{tmp}/file/sub", "cannot create")])
def test_screenshot_out_that_cannot_be_a_folder(tmp_path, capsys, out, words):
    (tmp_path / "file").write_text("x")
    code, _, err = vmlab(capsys, "screenshot", "--out", out.format(tmp=tmp_path))
    assert code == 2 and words in err and no_traceback(err)


# ---------------------------------------------------------------- run: options, terminal
def test_memory_with_a_scenario_is_refused(capsys):
    code, _, err = vmlab(capsys, "run", "--scenario", "two-guests", "--memory", "4096")
    assert code == 2 and "--memory" in err and "[[guest]]" in err


def test_terminal_text_escapes_controls_but_newline_and_tab():
    raw = "ok\n\tA\x1b[2J\x07\r\x7f\x81\x9b é"
    assert terminal_text(raw) == "ok\n\tA\\x1b[2J\\x07\\x0d\\x7f\\x81\\x9b é"


PRINTS = ".org 0\n la r1, msg\nloop: lw r2, 0(r1)\n beqz r2, done\n out CONSOLE_OUT, r2\n" \
         " addi r1, r1, 1\n b loop\ndone: halt\nmsg: .word 0x1b, 0x5b, 0x32, 0x4a, 0x81, 0xe9, " \
         "0x0d, 0x41, 0\n"


def test_guest_escape_sequences_never_reach_the_terminal(tmp_path, capsys):
    program = tmp_path / "esc.vl32"
    program.write_text(PRINTS, encoding="utf-8")
    code, out, _ = vmlab(capsys, "run", str(program))
    assert code == 0
    assert "\\x1b[2J\\x81é\\x0dA" in out
    assert not any(ch in out for ch in "\x1b\x81\r")
    code, out, _ = vmlab(capsys, "run", str(program), "--json")   # JSON escapes by itself
    assert json.loads(out)["console"] == "\x1b[2J\x81\xe9\rA"


@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "cp1252"},
                                 {"PYTHONIOENCODING": "ascii", "LANG": "C", "LC_ALL": "C"}])
def test_any_guest_byte_under_any_terminal_encoding(tmp_path, env):
    program = tmp_path / "esc.vl32"
    program.write_text(PRINTS, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "vmlab.cli.main", "run", str(program)],
                            capture_output=True, cwd=ROOT, timeout=120,
                            env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    assert b"\\x1b[2J\\x81" in result.stdout and b"\x1b" not in result.stdout
    missing = subprocess.run([sys.executable, "-m", "vmlab.cli.main", "asm",
                              str(tmp_path / "café€.vl32")], capture_output=True, cwd=ROOT,
                             timeout=120, env={**os.environ, **env})
    assert missing.returncode == 2 and b"Traceback" not in missing.stderr
    assert b"caf" in missing.stderr and b".vl32" in missing.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_standard_output_is_a_message_not_an_internal_error():
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "vmlab.cli.main", "scenarios"],
                                stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                timeout=120)
    assert result.returncode == 2 and "cannot write the output" in result.stderr
    assert "internal error" not in result.stderr and "Exception ignored" not in result.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="closes a file descriptor before exec")
def test_a_closed_standard_output_is_not_an_internal_error():
    result = subprocess.run([sys.executable, "-m", "vmlab.cli.main", "run", "--scenario",
                             "two-guests"], stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            timeout=120, preexec_fn=lambda: os.close(1))
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_ctrl_c_keeps_the_events_written_so_far(tmp_path, capsys, monkeypatch):
    real = trace_cmd._Encoder.line
    calls = []

    def interrupted(self, event):
        calls.append(event)
        if len(calls) > 100:
            raise KeyboardInterrupt
        return real(self, event)

    monkeypatch.setattr(trace_cmd._Encoder, "line", interrupted)
    out = tmp_path / "t.jsonl"
    code, _, err = vmlab(capsys, "trace", "--scenario", "two-guests", "--out", str(out))
    assert code == 130 and "interrupted" in err and "100 events" in err
    assert [e["seq"] for e in read_jsonl(out)] == list(range(100))
    assert list(tmp_path.iterdir()) == [out]
