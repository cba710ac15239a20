"""Hypothesis profiles for the bundle fuzzer: a few hundred examples in `make test`, ten
thousand and more in `make fuzz` (HYPOTHESIS_PROFILE=fuzz)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Generated bundles are large and loading one reads image files: no deadline, and a slow
# draw is the point, not a problem.
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile("default", max_examples=150, deadline=None, suppress_health_check=_SLOW)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "5000")),
    deadline=None,
    suppress_health_check=_SLOW,
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
