"""`vmlab bench`'s snapshot figures: a 16,384-word guest saved to a file and restored."""

from __future__ import annotations

from vmlab import bench
from vmlab.cli import bench_cmd


def test_snapshot_and_restore_are_measured(capsys):
    figure = bench.snapshot_seconds(rounds=2)
    assert figure["words"] == 16_384
    for key in ("snapshot", "restore"):
        median, low, high = figure[key]
        assert 0 <= low <= median <= high
    bench_cmd.print_snapshots(figure)
    out = capsys.readouterr().out
    assert "snapshot of a 16,384-word guest:" in out
    assert "restore of a 16,384-word guest:" in out
    assert out.count("target < 0.2 s") == 2
