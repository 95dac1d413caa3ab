"""Benchmark shape: many options, few feasible states (infeasibility conditions do most of the work).

Two models, written as native YAML files:

- ``bound``: 28 options, 8 feasible states. Three "driver" options are
  free; every other option is tied by an ``iff`` condition to a
  combination of the drivers, so only the 2^3 choices of the drivers are
  feasible.
- ``groups``: 40 options, 86,436 feasible states. The options fall in six
  groups (sizes 7, 7, 6 for each of two decision makers); in each group
  exactly one option is taken: 7^4 × 6^2 states.

Scanning all 2^m codes costs 2^28 and 2^40 here; enumeration by
propagation costs about (feasible states) × m. Usage::

    python bench/shape_heavy_infeasibility.py     # writes both, times standoff analyze on each
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

BOUND_OPTIONS = 28
GROUP_SIZES = ((7, 7, 6), (7, 7, 6))


def bound_model() -> dict[str, Any]:
    """28 options, 8 feasible states: 25 options each equal to a formula of three drivers."""
    names = [f"o{j}" for j in range(BOUND_OPTIONS)]
    drivers = names[:3]
    formulas = [
        f"{drivers[0]}",
        f"{drivers[1]}",
        f"{drivers[2]}",
        f"{drivers[0]} and {drivers[1]}",
        f"{drivers[1]} or {drivers[2]}",
        f"not {drivers[0]}",
        f"{drivers[0]} iff {drivers[2]}",
    ]
    infeasible = [f"not ({name} iff ({formulas[k % len(formulas)]}))" for k, name in enumerate(names[3:])]
    half = BOUND_OPTIONS // 2
    decision_makers = [
        _decision_maker("A", names[:half], [f"not {names[1]}", names[half - 1], names[0]]),
        _decision_maker("B", names[half:], [names[2], f"not {names[half]}", names[half + 1]]),
    ]
    return {"name": "bound drivers", "decision_makers": decision_makers, "infeasible": infeasible}


def groups_model() -> dict[str, Any]:
    """40 options in six groups, exactly one option taken in each: 86,436 feasible states."""
    decision_makers = []
    infeasible: list[Any] = []
    j = 0
    for label, sizes in zip("AB", GROUP_SIZES, strict=True):
        mine: list[str] = []
        for size in sizes:
            group = [f"o{j + k}" for k in range(size)]
            infeasible.append({"exactly_one": group})
            mine += group
            j += size
        statements = [mine[0], f"not {mine[8]}", f"{mine[15]} or {mine[3]}", mine[10]]
        decision_makers.append(_decision_maker(label, mine, statements))
    return {"name": "exclusive groups", "decision_makers": decision_makers, "infeasible": infeasible}


def _decision_maker(name: str, options: list[str], statements: list[str]) -> dict[str, Any]:
    return {"name": name, "options": options, "preferences": {"prioritization": statements}}


def write_model(path: str | Path, which: str = "groups") -> Path:
    """Write the ``bound`` (28 options, 8 states) or ``groups`` (40 options, 86,436 states) model."""
    model = {"bound": bound_model, "groups": groups_model}[which]()
    target = Path(path)
    target.write_text(yaml.safe_dump(model, sort_keys=False))
    return target


def main() -> None:
    from measure import analyze_twice

    with tempfile.TemporaryDirectory() as folder:
        for which in ("bound", "groups"):
            model = write_model(Path(folder) / f"{which}.yaml", which)
            _, seconds, _, peak, _ = analyze_twice(model, Path(folder))  # the first run compiles
            print(f"{which}: {seconds:.2f} s, peak {peak / 1e9:.2f} GB")


if __name__ == "__main__":
    main()
