"""Seeded benchmark conflicts: the families the benchmark times, at any number of options.

Every conflict uses only what a .gmcr file can hold (conjunctions of
literals for infeasibility, prioritization statements that are
conjunctions or disjunctions of conjunctions), so the same conflict can be
timed in process and through ``standoff analyze`` on a written file.

Families:

- ``unrestricted``: decision makers with equal shares of the options, no
  infeasible state, every option reversible, strict rankings (a few random
  statements on top of one literal per option, so no two states tie).
- ``exclusive``: four decision makers with uneven shares, mutually
  exclusive option pairs and a "needs" condition, about a fifth of the
  options irreversible, prioritization statements with ties.
- ``many``: six decision makers with uneven shares, a few infeasibility
  conditions, some irreversible options, prioritization statements.
"""

from __future__ import annotations

import numpy as np

from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import And, Expression, Or, conjunction
from standoff.model.preferences import Prioritization, Statement

FAMILIES = ("unrestricted", "exclusive", "many")

_SHARES = {
    "unrestricted": (1.0, 1.0),
    "exclusive": (0.35, 0.25, 0.22, 0.18),
    "many": (0.29, 0.21, 0.17, 0.13, 0.12, 0.08),
}


def _split(n_options: int, shares: tuple[float, ...]) -> list[int]:
    """Option counts per decision maker: proportional to ``shares``, each at least one."""
    raw = np.array(shares) / sum(shares) * n_options
    sizes = np.maximum(1, np.floor(raw).astype(int))
    while sizes.sum() < n_options:
        sizes[int(np.argmax(raw - sizes))] += 1
    while sizes.sum() > n_options:
        sizes[int(np.argmax(sizes))] -= 1
    return [int(s) for s in sizes]


def _literals(rng: np.random.Generator, m: int, count: int) -> list[tuple[int, bool]]:
    picked = rng.choice(m, size=count, replace=False)
    return [(int(j), bool(rng.integers(2))) for j in picked]


def _statement(rng: np.random.Generator, m: int) -> Expression:
    """A conjunction of 1–3 literals, or (one time in three) an OR of two such conjunctions."""
    first = conjunction(_literals(rng, m, int(rng.integers(1, 4))))
    if rng.integers(3) == 0:
        second = conjunction(_literals(rng, m, int(rng.integers(1, 3))))
        parts = tuple(p if isinstance(p, And) else And((p,)) for p in (first, second))
        return Or(parts)
    return first


def conflict(family: str, n_options: int, seed: int = 0) -> Conflict:
    """One benchmark conflict of ``family`` with ``n_options`` options, drawn from ``seed``."""
    if family not in FAMILIES:
        raise ValueError(f"unknown family {family!r}; choose from {', '.join(FAMILIES)}")
    rng = np.random.default_rng([seed, FAMILIES.index(family), n_options])
    m = n_options
    sizes = _split(m, _SHARES[family])
    owners = [i for i, size in enumerate(sizes) for _ in range(size)]
    directions = [Direction.BOTH] * m
    infeasible: list[Expression] = []
    if family == "exclusive":
        for j in rng.choice(m, size=max(1, m // 5), replace=False):
            directions[int(j)] = Direction.FORWARD if rng.integers(2) else Direction.BACKWARD
        # two options of the largest decision maker exclude each other; one option needs another
        infeasible.append(conjunction([(0, True), (1, True)]))
        a, b, c, d = (int(x) for x in rng.choice(np.arange(2, m), size=4, replace=False))
        infeasible.append(conjunction([(a, True), (b, False), (c, True), (d, True)]))
    elif family == "many":
        for j in rng.choice(m, size=max(1, m // 7), replace=False):
            directions[int(j)] = Direction.FORWARD if rng.integers(2) else Direction.BACKWARD
        for _ in range(2):
            infeasible.append(conjunction(_literals(rng, m, 3)))
    options = tuple(OptionSpec(f"{chr(ord('A') + owners[j])}{j}", owners[j], directions[j]) for j in range(m))
    decision_makers = []
    for i in range(len(sizes)):
        count = 3 if family == "unrestricted" else int(rng.integers(4, 9))
        statements = [_statement(rng, m) for _ in range(count)]
        if family == "unrestricted":
            # one literal per option, in random order: every state gets its own score
            statements += [conjunction([lit]) for lit in _literals(rng, m, m)]
        decision_makers.append(
            DecisionMaker(
                f"DM{i + 1}",
                tuple(j for j in range(m) if owners[j] == i),
                Prioritization(tuple(Statement(s) for s in statements)),
            )
        )
    return Conflict(f"{family}-{m}-seed{seed}", options, tuple(decision_makers), tuple(infeasible))
