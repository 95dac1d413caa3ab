"""Which judgement calls decide a verdict: the smallest set of uncertain statements it depends on.

Over the variants analysed, a verdict (state ``s`` is a ``K``-equilibrium)
is *decided* by a set ``D`` of calls when every two variants that place the
calls of ``D`` alike (each one relative to every other statement of its
decision maker, with the same wording) give the same verdict. The set of
every call always decides it (a variant is fixed by its calls); the smallest
deciding set is found by trying the sets of one call, then two, and so on.

The rule is then said in the words of the model: the fewest facts of the
form "statement A above statement B" or "A worded as ..." over the calls of
``D`` that decide the verdict, with the verdict and number of variants for
each combination of them that occurs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from standoff.analyses.variants import Call, Order

__all__ = ["Case", "Decision", "Fact", "decide", "facts_of"]

MAX_SUBSETS = 20_000
"""Sets of calls tried before falling back to every call."""

MAX_FACTS = 3
"""The most facts a rule is made of."""


@dataclass(frozen=True)
class Fact:
    """A yes/no fact about one call in a variant: ``call`` above item ``other``, or worded as ``wording``."""

    call: int
    other: int | None = None
    wording: int | None = None


@dataclass(frozen=True)
class Case:
    """One combination of the rule's facts, the verdict it gives and in how many variants it occurs."""

    values: tuple[bool | None, ...]
    """Per fact of the rule, whether it holds (None: either way)."""
    equilibrium: bool
    variants: int


@dataclass(frozen=True)
class Decision:
    """The smallest set of calls deciding a verdict, and the rule saying how (empty when it never varies)."""

    calls: tuple[int, ...]
    facts: tuple[Fact, ...]
    cases: tuple[Case, ...]


def facts_of(
    calls: Sequence[Call],
    orders: Sequence[Sequence[Order | None]],
    sizes: Sequence[int],
    structural: Sequence[int] = (),
    choices: Sequence[Sequence[int]] = (),
) -> tuple[list[Fact], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """Every fact about every call, as a (variants × facts) table, and each call's placement as a code.

    ``orders[v][i]`` is decision maker ``i``'s order in variant ``v``; ``sizes[i]`` its number of items.
    The code of a call in a variant stands for the set of items above it and its wording. Structural
    calls follow the preference calls (call ``len(calls) + k``): ``structural[k]`` is how many choices
    call ``k`` has and ``choices[v][k]`` the one variant ``v`` makes; their facts are "read as
    alternative ``a``" (``wording=a``).
    """
    facts: list[Fact] = []
    for c, call in enumerate(calls):
        facts += [Fact(c, other=x) for x in range(sizes[call.decision_maker]) if x != call.item]
        facts += [Fact(c, wording=w) for w in range(1, len(call.wordings))]
    for k, n in enumerate(structural):
        facts += [Fact(len(calls) + k, wording=a) for a in range(1, n)]
    table = np.zeros((len(orders), len(facts)), dtype=np.bool_)
    codes = np.zeros((len(orders), len(calls) + len(structural)), dtype=np.int64)
    seen: list[dict[tuple[int, int], int]] = [{} for _ in calls]
    for v, variant in enumerate(orders):
        placement: dict[int, tuple[int, int]] = {}  # call -> (mask of items above, wording)
        for c, call in enumerate(calls):
            order = variant[call.decision_maker]
            assert order is not None
            above = 0
            for item, wording in order:
                if item == call.item:
                    placement[c] = (above, wording)
                    break
                above |= 1 << item
        for k in range(len(structural)):
            placement[len(calls) + k] = (0, choices[v][k])
        for f, fact in enumerate(facts):
            above, wording = placement[fact.call]
            if fact.other is not None:
                table[v, f] = not above >> fact.other & 1
            else:
                table[v, f] = wording == fact.wording
        for c in range(len(calls)):
            above, wording = placement[c]
            codes[v, c] = seen[c].setdefault((above, wording), len(seen[c]))
        for k in range(len(structural)):
            codes[v, len(calls) + k] = choices[v][k]
    return facts, table, codes


def _groups(keys: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """A group number per row of ``keys`` (small non-negative integers), equal for equal rows."""
    key = np.zeros(keys.shape[0], dtype=np.int64)
    span = 1
    for column in keys.T:
        width = int(column.max()) + 1 if column.size else 1
        if span * width >= 1 << 62:  # too wide for one integer: compare rows whole
            _, group = np.unique(keys, axis=0, return_inverse=True)
            return np.asarray(group, dtype=np.int64).reshape(-1)
        key = key * width + column
        span *= width
    _, group = np.unique(key, return_inverse=True)
    return np.asarray(group, dtype=np.int64).reshape(-1)


def _decided_by(keys: npt.NDArray[np.int64], verdict: npt.NDArray[np.bool_]) -> bool:
    """Whether ``verdict`` is the same within every group of equal rows of ``keys``."""
    group = _groups(keys)
    size = np.bincount(group)
    held = np.bincount(group, weights=verdict.astype(np.int64))
    return bool(np.all((held == 0) | (held == size)))


def _merged(cases: list[Case]) -> list[Case]:
    """The cases with two of the same verdict that differ in one fact only merged (that fact: None)."""
    merged = True
    while merged:
        merged = False
        for a, b in itertools.combinations(range(len(cases)), 2):
            x, y = cases[a], cases[b]
            differ = [k for k, (u, v) in enumerate(zip(x.values, y.values, strict=True)) if u != v]
            if (
                x.equilibrium == y.equilibrium
                and len(differ) == 1
                and None
                not in (
                    x.values[differ[0]],
                    y.values[differ[0]],
                )
            ):
                values = tuple(None if k == differ[0] else u for k, u in enumerate(x.values))
                cases = [c for k, c in enumerate(cases) if k not in (a, b)]
                cases.append(Case(values, x.equilibrium, x.variants + y.variants))
                merged = True
                break
    return sorted(cases, key=lambda c: (not c.equilibrium, [(v is None, v is False) for v in c.values]))


def decide(
    verdict: npt.NDArray[np.bool_],
    facts: list[Fact],
    table: npt.NDArray[np.bool_],
    codes: npt.NDArray[np.int64],
) -> Decision:
    """The smallest set of calls that decides ``verdict`` (one value per variant), and its rule."""
    if verdict.all() or not verdict.any():
        return Decision((), (), ())
    n_calls = codes.shape[1]
    chosen: tuple[int, ...] = tuple(range(n_calls))
    tried = 0
    for size in range(1, n_calls):
        for subset in itertools.combinations(range(n_calls), size):
            tried += 1
            if _decided_by(codes[:, subset], verdict):
                chosen = subset
                break
            if tried >= MAX_SUBSETS:
                break
        if chosen != tuple(range(n_calls)) or tried >= MAX_SUBSETS:
            break
    candidates = [f for f, fact in enumerate(facts) if fact.call in chosen]
    rule: tuple[int, ...] = ()
    for size in range(1, MAX_FACTS + 1):
        for subset in itertools.combinations(candidates, size):
            if _decided_by(table[:, subset].astype(np.int64), verdict):
                rule = subset
                break
        if rule:
            break
    cases: list[Case] = []
    if rule:
        rows, group = np.unique(table[:, rule], axis=0, return_inverse=True)
        group = group.reshape(-1)
        for g, row in enumerate(rows):
            members = group == g
            cases.append(Case(tuple(bool(x) for x in row), bool(verdict[members][0]), int(members.sum())))
    return Decision(chosen, tuple(facts[f] for f in rule), tuple(_merged(cases)))
