"""The bench's techniques section: structure only, never timing (figures live in
`vmlab bench` and docs/performance.md)."""

from vmlab import bench
from vmlab.vmm import techniques


def test_techniques_section_lists_every_registered_technique_with_ratios():
    figures = bench.technique_ratios(rounds=2, seconds=0.0)
    expected = [t.name for t in techniques.all_techniques() if not t.native]
    assert set(figures) == {"cruncher", "two-guests"}
    assert figures["cruncher"]["target"] == 0.6
    for figure in figures.values():
        assert list(figure["techniques"]) == expected
        native = figure["baseline"]["rate"]
        assert native[1] <= native[0] <= native[2] and native[0] > 0
        for name, entry in figure["techniques"].items():
            info = techniques.get(name)
            if info.paravirtual:
                assert not entry["applicable"] and entry["why"]
                continue
            assert entry["applicable"]
            assert len(entry["ratios"]) == 2 and all(r > 0 for r in entry["ratios"])
            low, high = min(entry["ratios"]), max(entry["ratios"])
            assert low <= entry["ratio"][0] <= high
            assert entry["ratio"][1:] == (low, high)
