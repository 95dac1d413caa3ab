"""How many examples each property test draws: a quick default, and CI's full run.

Every property test names the number of examples its claim deserves, as ``max_examples=examples(N)``
(``tests/test_suite.py`` checks that none bypasses this). With ``STANDOFF_HYPOTHESIS_PROFILE=ci``
(``.ci/run`` sets it) each draws its ``N``; by default (profile ``quick``) an eighth of it, at least
:data:`QUICK_AT_LEAST`, so that plain ``pytest`` stays within a few minutes on two cores while every
code path is still exercised. Tests that name no number take the profile's own ``max_examples``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE = os.environ.get("STANDOFF_HYPOTHESIS_PROFILE", "quick")
if PROFILE not in ("quick", "ci"):
    raise SystemExit(f"STANDOFF_HYPOTHESIS_PROFILE={PROFILE!r}: use 'quick' (the default) or 'ci'")
QUICK_SHARE = 8
"""The quick profile draws ``N // QUICK_SHARE`` examples of a test's ``N``."""
QUICK_AT_LEAST = 8

settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.register_profile(
    "quick", max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile(PROFILE)


def examples(full: int) -> int:
    """The number of examples a test that deserves ``full`` draws under the active profile."""
    if PROFILE == "ci":
        return full
    return min(full, max(QUICK_AT_LEAST, full // QUICK_SHARE))
