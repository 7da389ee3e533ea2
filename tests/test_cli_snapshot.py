"""`vmlab snapshot` and `vmlab run --scenario S --restore FILE` (issue 15, item 6): a guest
saved at a cycle, and the scenario run with it resumed from the file instead of booted, end
as the run never interrupted; bad files and options exit 2 with a message."""

from __future__ import annotations

import json

from vmlab.cli.main import main


def vmlab(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_snapshot_then_run_restore_ends_as_the_uninterrupted_run(tmp_path, capsys):
    code, out, err = vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "alpha",
                           "--at", 40_000, "--out", tmp_path / "a.vmsnap.json")
    assert code == 0, err
    assert "alpha paused at cycle" in out and "a.vmsnap.json" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mem", "a.vmsnap.json"]
    code, plain, _ = vmlab(capsys, "run", "--scenario", "two-guests", "--json")
    code2, restored, err = vmlab(capsys, "run", "--scenario", "two-guests", "--restore",
                                 tmp_path / "a.vmsnap.json", "--json")
    assert (code, code2) == (0, 0), err
    plain, restored = json.loads(plain), json.loads(restored)
    for key in ("console", "regs", "sr", "state"):
        assert restored["guests"]["alpha"][key] == plain["guests"]["alpha"][key]
    # Alpha began at its 40,000th cycle's state: the whole run is shorter.
    assert restored["cycles"] < plain["cycles"]


def test_a_diff_snapshot_from_the_command_line(tmp_path, capsys):
    assert vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "beta", "--at",
                 20_000, "--out", tmp_path / "b1.vmsnap.json")[0] == 0
    code, out, err = vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "beta",
                           "--at", 50_000, "--out", tmp_path / "b2.vmsnap.json", "--base",
                           tmp_path / "b1.vmsnap.json", "--json")
    assert code == 0, err
    figures = json.loads(out)
    assert 0 < figures["blocks"] < figures["total_blocks"]
    assert figures["memory"] == figures["blocks"] * 64 * 4


def test_bad_snapshots_and_options_exit_2(tmp_path, capsys):
    assert vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "alpha", "--at",
                 30_000, "--out", tmp_path / "a.vmsnap.json")[0] == 0
    (tmp_path / "a.mem").write_bytes(b"\0" * 16)
    code, _, err = vmlab(capsys, "run", "--scenario", "two-guests", "--restore",
                         tmp_path / "a.vmsnap.json")
    assert code == 2 and "a.mem" in err and "truncated" in err
    code, _, err = vmlab(capsys, "run", "--scenario", "native-alpha", "--restore",
                         tmp_path / "a.vmsnap.json")
    assert code == 2 and "a.mem" in err                      # checked before anything else
    code, _, err = vmlab(capsys, "run", "--restore", tmp_path / "a.vmsnap.json")
    assert code == 2 and "--scenario" in err
    code, _, err = vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "alpha",
                         "--at", 1000, "--out", tmp_path / "a.json")
    assert code == 2 and ".vmsnap.json" in err
    code, _, err = vmlab(capsys, "snapshot", "--scenario", "native-alpha", "--guest", "alpha",
                         "--at", 1000, "--out", tmp_path / "n.vmsnap.json")
    assert code == 2 and "no VMM" in err
    code, _, err = vmlab(capsys, "snapshot", "--scenario", "two-guests", "--guest", "alpha",
                         "--at", 10 ** 8, "--out", tmp_path / "late.vmsnap.json")
    assert code == 2 and "before that" in err
