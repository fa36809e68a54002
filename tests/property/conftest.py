"""Hypothesis profiles for the property and fuzz suites.

CI (the default): a fixed number of examples, derandomized (a fixed seed per test), no example
database, so runs are repeatable and never write into the repository. For a long local run:

    DOCKERGEN_HYPOTHESIS=long python -m pytest tests/property -n auto

which multiplies every test's example count by 25 and draws new random examples each run.
"""

from __future__ import annotations

import os
import tempfile

from hypothesis import HealthCheck, Phase, settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps caches under .hypothesis/ in the current folder; tests never write in the repo.
set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), "dockergen-hypothesis"))

PROFILE = os.environ.get("DOCKERGEN_HYPOTHESIS", "ci")
SCALE = {"ci": 1, "long": 25}[PROFILE]

# No "explain" phase: it writes patch files under .hypothesis/ in the current folder.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink)
settings.register_profile("ci", derandomize=True, database=None, deadline=None, print_blob=True, phases=PHASES,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("long", derandomize=False, database=None, deadline=None, print_blob=True, phases=PHASES,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(PROFILE)


def examples(n: int) -> settings:
    """``@examples(300)``: 300 examples in CI, scaled up by the long profile."""
    return settings(max_examples=n * SCALE)
