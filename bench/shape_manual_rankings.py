"""Benchmark shape: a gmcr-py file whose decision makers rank every state by hand.

gmcr-py saves manual preferences as ``preferenceRanking``: the 1-based
numbers of the feasible states (ascending code order), most preferred
first, a nested list for a group of ties; the file has
``"useManualPreferenceRanking": true`` and empty ``preferences``. Here two
decision makers with ten options each rank all 2^20 = 1,048,576 states in
a strict random order (seeded), written as gmcr-py writes it (JSON,
indented by one space). Usage::

    python bench/shape_manual_rankings.py     # writes the file, times standoff analyze on it twice
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

SEED = 2024


def manual_rankings_model(options_per_dm: int = 10, n_dms: int = 2, seed: int = SEED) -> dict[str, Any]:
    """The gmcr-py document: no infeasible state, a strict random ranking per decision maker."""
    rng = np.random.default_rng(seed)
    n_states = 1 << (options_per_dm * n_dms)
    options = [
        {"name": f"DM{i + 1}-opt{k + 1}", "permittedDirection": "both"}
        for i in range(n_dms)
        for k in range(options_per_dm)
    ]
    decision_makers = [
        {
            "name": f"DM{i + 1}",
            "options": list(range(i * options_per_dm, (i + 1) * options_per_dm)),
            "preferences": [],
            "misperceptions": [],
            "preferenceRanking": (rng.permutation(n_states) + 1).tolist(),
        }
        for i in range(n_dms)
    ]
    return {
        "options": options,
        "decisionMakers": decision_makers,
        "infeasibles": [],
        "useManualPreferenceRanking": True,
        "program": "gmcr-py",
        "version": "0.4.1",
    }


def write_model(path: str | Path, options_per_dm: int = 10, n_dms: int = 2, seed: int = SEED) -> Path:
    """Write the manual-ranking .gmcr file (2 DMs × 10 options: 1,048,576 ranked states)."""
    target = Path(path)
    with target.open("w") as handle:
        json.dump(manual_rankings_model(options_per_dm, n_dms, seed), handle, indent=1)
    return target


def main() -> None:
    from measure import analyze_twice

    with tempfile.TemporaryDirectory() as folder:
        model = write_model(Path(folder) / "manual.gmcr")
        _, seconds, _, peak, _ = analyze_twice(model, Path(folder))  # the first run compiles
        print(f"manual rankings, 2 DMs × 10 options: {seconds:.2f} s, peak {peak / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
