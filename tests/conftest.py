"""Test-wide setup: the Hypothesis profile (``tests/profiles.py``) is chosen before any test module."""

import profiles  # noqa: F401  (registers and loads the profile)
