"""Shared test setup: headless Qt, hypothesis profiles."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from hypothesis import HealthCheck, settings  # noqa: E402

# "ci" keeps the whole suite well under the 10-minute budget on 2 cores;
# "slow" is for long fuzzing runs: HYPOTHESIS_PROFILE=slow pytest -m slow
# (50 examples where a test does not choose its own count: the suite grew past 4,000 tests)
settings.register_profile("ci", deadline=None, max_examples=50,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("slow", deadline=None, max_examples=2000,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
