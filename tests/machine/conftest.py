"""The machine's long fuzzing runs (@pytest.mark.slow) are deselected unless asked for.

`pytest` and `pytest -m "not slow"` run the default counts (about a minute on 2 cores);
`pytest -m slow tests/machine` runs the 10x variants.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if "slow" in (config.option.markexpr or ""):
        return
    keep, drop = [], []
    for item in items:
        mine = HERE in Path(str(item.fspath)).resolve().parents
        (drop if mine and item.get_closest_marker("slow") else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
