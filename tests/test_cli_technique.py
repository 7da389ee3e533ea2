"""`vmlab run|trace --scenario NAME --technique T`: the registry's techniques, from the command line."""

import json
import re

from vmlab.vmm.techniques import technique_names

from .test_cli import vmlab


def test_help_lists_the_registered_techniques():
    for command in ("run", "trace"):
        result = vmlab(command, "--help")
        assert result.returncode == 0
        text = re.sub(r"-\s+", "-", " ".join(result.stdout.split()))   # wrapped at hyphens
        for name in technique_names():
            assert name in text


def test_a_kernel_runs_under_another_technique_with_the_same_console():
    native = json.loads(vmlab("run", "--scenario", "native-alpha", "--json").stdout)
    result = vmlab("run", "--scenario", "native-alpha", "--technique", "trap-and-emulate",
                   "--json")
    assert result.returncode == 0, result.stderr
    virtual = json.loads(result.stdout)
    assert virtual["guests"]["alpha"]["console"] == native["guests"]["alpha"]["console"]
    assert virtual["vmm"]["exits"] > 0 and native["vmm"]["exits"] == 0
    text = vmlab("run", "--scenario", "native-alpha", "--technique", "trap-and-emulate").stdout
    assert "VMM:" in text and "exits" in text


def test_a_technique_that_cannot_run_the_guests_is_exit_2_with_the_reason(tmp_path):
    result = vmlab("run", "--scenario", "two-guests", "--technique", "native")
    assert result.returncode == 2 and "at most 1 guest" in result.stderr
    result = vmlab("run", "--scenario", "two-guests", "--technique", "magic")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    result = vmlab("run", str(tmp_path / "x.vl32"), "--technique", "native")
    assert result.returncode == 2 and "for scenarios" in result.stderr
    out = tmp_path / "t.jsonl"
    result = vmlab("trace", "--scenario", "two-guests", "--technique", "native", "--out", str(out))
    assert result.returncode == 2 and not out.exists()


def test_trace_under_another_technique():
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "t.jsonl"
        result = vmlab("trace", "--scenario", "native-alpha", "--technique", "trap-and-emulate",
                       "--out", str(out), "--max-cycles", "20000")
        assert result.returncode == 0, result.stderr
        kinds = {json.loads(line)["kind"] for line in out.read_text().splitlines()}
        assert "vm-exit" in kinds and "trap" not in kinds
