"""Shared test setup: headless Qt, hypothesis profiles."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# "ci" keeps the whole suite well under the 10-minute budget on 2 cores;
# "slow" is for long fuzzing runs: HYPOTHESIS_PROFILE=slow pytest -m slow
# (50 examples where a test does not choose its own count: the suite grew past 4,000 tests)
settings.register_profile("ci", deadline=None, max_examples=50,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(config, items):
    """The window's tests (tests/gui) run in one worker of pytest-xdist (group "gui", with
    --dist loadgroup), one after the other in the order of a serial run; the rest is spread
    over every core.  (A worker once crashed in Qt, a segmentation fault in the trap
    inspector's table of the VCPU, in either order: that table was a QTableWidget whose
    items were deleted in C++ and made again at every exit shown; it is a model now,
    vmlab/gui/panels/vcpu_state.py.)"""
    for item in items:
        if item.nodeid.startswith("tests/gui/"):
            item.add_marker(pytest.mark.xdist_group("gui"))
