"""The test suite's own rules: plain ``pytest`` is the quick run, ``.ci/run`` the whole one."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def test_every_property_test_draws_its_examples_through_the_profile() -> None:
    """A number of examples written as a bare number would not follow the profile (tests/profiles.py)."""
    bare = [
        f"{path.name}:{number}"
        for path in sorted(TESTS.glob("*.py"))
        if path.name != "profiles.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"max_examples\s*=\s*(?!examples\()", line)
    ]
    assert bare == []


def test_the_quick_profile_draws_an_eighth_and_ci_every_example() -> None:
    code = "import profiles; print(profiles.examples(200), profiles.examples(30), profiles.examples(5))"
    drawn = {}
    for profile in ("quick", "ci"):
        env = dict(os.environ, STANDOFF_HYPOTHESIS_PROFILE=profile)
        run = subprocess.run(
            [sys.executable, "-c", code], cwd=TESTS, env=env, capture_output=True, text=True, check=True
        )
        drawn[profile] = run.stdout.split()
    assert drawn == {"quick": ["25", "8", "5"], "ci": ["200", "30", "5"]}


def test_plain_pytest_leaves_out_the_slow_marks_and_ci_runs_everything_in_full() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"]
    assert "-m 'not slow and not browser and not distributed'" in options["addopts"]
    ci = (ROOT / ".ci" / "run").read_text()
    assert "STANDOFF_HYPOTHESIS_PROFILE=ci" in ci and '-m ""' in ci
