"""Benchmark shape: SIM with many decision makers, two of whom have many options.

Six decision makers share 24 options: two own eight options each, four own
two. Each ranks the states by option prioritization (five to eight
statements drawn from a seed); four infeasibility conditions on options of
different decision makers leave about 12.3 million of the 2^24 states; six
options are irreversible. SIM looks, for every improvement of a decision
maker, for a simultaneous answer among the other five: with two opponents
of 255 moves each, the products of the opponents' improvement counts run to
tens of thousands per improvement, which is what this shape measures.

Usage::

    python bench/shape_many_dms.py many-dms.gmcr
    standoff analyze many-dms.gmcr --format json -o /dev/null
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from standoff.io.gmcr import write_gmcr
from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import And, Expression, Or, conjunction
from standoff.model.preferences import Prioritization, Statement

SIZES = (8, 8, 2, 2, 2, 2)
IRREVERSIBLE = {
    0: Direction.FORWARD,
    5: Direction.BACKWARD,
    8: Direction.FORWARD,
    13: Direction.BACKWARD,
    16: Direction.FORWARD,
    20: Direction.BACKWARD,
}
"""Option index → permitted direction: two options of each large decision maker, one of two small ones."""

INFEASIBLE = (
    ((1, True), (9, True), (17, True)),
    ((2, True), (10, False), (19, True)),
    ((3, True), (11, True), (21, False), (23, True), (6, False)),
    ((4, False), (12, True), (14, True), (18, True), (22, True), (7, True), (15, False)),
)
"""Conjunctions of literals on disjoint options: 2^24 · 7/8 · 7/8 · 31/32 · 127/128 ≈ 12.3 M feasible."""


def _statement(rng: np.random.Generator, m: int) -> Expression:
    """A conjunction of one to three literals, or (one time in three) an OR of two such conjunctions."""

    def literals(count: int) -> Expression:
        picked = rng.choice(m, size=count, replace=False)
        return conjunction([(int(j), bool(rng.integers(2))) for j in picked])

    first = literals(int(rng.integers(1, 4)))
    if rng.integers(3) == 0:
        second = literals(int(rng.integers(1, 3)))
        return Or(tuple(p if isinstance(p, And) else And((p,)) for p in (first, second)))
    return first


def conflict(seed: int = 0) -> Conflict:
    """The shape's conflict, drawn from ``seed``."""
    rng = np.random.default_rng([seed, 2406])
    m = sum(SIZES)
    owners = [i for i, size in enumerate(SIZES) for _ in range(size)]
    options = tuple(
        OptionSpec(f"{chr(ord('A') + owners[j])}{j}", owners[j], IRREVERSIBLE.get(j, Direction.BOTH))
        for j in range(m)
    )
    decision_makers = tuple(
        DecisionMaker(
            f"DM{i + 1}",
            tuple(j for j in range(m) if owners[j] == i),
            Prioritization(tuple(Statement(_statement(rng, m)) for _ in range(int(rng.integers(5, 9))))),
        )
        for i in range(len(SIZES))
    )
    infeasible = tuple(conjunction(list(literals)) for literals in INFEASIBLE)
    return Conflict(f"many-dms-seed{seed}", options, decision_makers, infeasible)


def write(path: Path, seed: int = 0) -> Path:
    """Write the shape's conflict as a .gmcr file at ``path``."""
    write_gmcr(conflict(seed), path)
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    arguments = parser.parse_args()
    print(write(arguments.path, arguments.seed))
