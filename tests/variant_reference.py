"""A plain enumeration of a model's readings, written apart from standoff's variant numbering.

Every combination of the judgement calls' alternatives is built as an
ordinary, certain model: a structural call by rewriting the option's
direction, leaving out the condition, or freeing the fixed option (fixed
options then become the plain conditions ``not o`` / ``o``, which
``tests/reference.py`` understands); a decision maker's uncertain
statements by every permutation that keeps the certain ones in order and
the ranges respected, times every wording. Orders of one decision maker
that rank the feasible states alike are one reading (GMCR.md, "Uncertain
preferences and robustness").
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np

import reference
from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import Not, Option
from standoff.model.preferences import Preferences, Prioritization, Ranking
from standoff.model.uncertainty import Uncertainty


def brute_orders(calls: tuple[Uncertainty | None, ...]) -> set[tuple[tuple[int, int], ...]]:
    """Every admissible (item, wording) order, straight from the definition.

    An admissible order keeps the certain items in their written order, so it is fixed by the places
    the uncertain items take: every placement of them (``q!/(q-u)!`` with ``u`` uncertain of ``q``,
    where filtering all ``q!`` permutations would take hours on a ranking of 16 groups), the certain
    items filling the other places in order, then filtered by each item's allowed range of places.
    """
    q = len(calls)
    uncertain = [k for k in range(q) if calls[k] is not None]
    certain = [k for k in range(q) if calls[k] is None]
    found = set()
    for places in itertools.permutations(range(q), len(uncertain)):
        placed = dict(zip(places, uncertain, strict=True))
        rest = iter(certain)
        order = [placed[p] if p in placed else next(rest) for p in range(q)]
        if any(
            (c := calls[k]) is not None
            and c.positions is not None
            and not c.positions[0] <= p + 1 <= c.positions[1]
            for p, k in enumerate(order)
        ):
            continue
        wordings = [range(1 + (len(calls[k].alternatives) if calls[k] is not None else 0)) for k in order]
        for chosen in itertools.product(*wordings):
            found.add(tuple(zip(order, chosen, strict=True)))
    return found


def preference_orders(preferences: Preferences) -> list[Preferences]:
    """Every admissible order of a decision maker's items, each as certain preferences (sorted orders)."""
    p = preferences
    if isinstance(p, Prioritization):
        calls = tuple(
            s.uncertainty if s.uncertainty is not None else (Uncertainty() if p.uncertain else None)
            for s in p.statements
        )
        if all(c is None for c in calls):
            return [p]
        out: list[Preferences] = []
        for order in sorted(brute_orders(calls)):
            statements = []
            for item, wording in order:
                s = p.statements[item]
                expression = s.expression if wording == 0 else s.uncertainty.alternatives[wording - 1]  # type: ignore[union-attr]
                statements.append(replace(s, expression=expression, uncertainty=None))
            out.append(Prioritization(tuple(statements)))
        return out
    if isinstance(p, Ranking) and (p.uncertainties or p.uncertain):
        marks = p.uncertainties or (None,) * len(p.groups)
        calls = tuple(u if u is not None else (Uncertainty() if p.uncertain else None) for u in marks)
        return [Ranking(tuple(p.groups[item] for item, _ in order)) for order in sorted(brute_orders(calls))]
    return [p]


def settle(conflict: Conflict, choices: tuple[int, ...]) -> Conflict:
    """The model with structural call ``k`` read as alternative ``choices[k]`` (0: as written), and its
    fixed options written as plain infeasibility conditions."""
    options = list(conflict.options)
    infeasible = list(conflict.infeasible)
    dropped: set[int] = set()
    fixed = dict(conflict.fixed)
    for call, choice in zip(conflict.structural, choices, strict=True):
        if choice == 0:
            continue
        if call.kind == "direction":
            options[call.index] = replace(
                options[call.index], direction=Direction(call.alternatives[choice - 1])
            )
        elif call.kind == "condition":
            dropped.add(call.index)
        else:
            del fixed[call.index]
    kept = [e for k, e in enumerate(infeasible) if k not in dropped]
    kept += [Not(Option(j)) if value else Option(j) for j, value in sorted(fixed.items())]
    return replace(conflict, options=tuple(options), infeasible=tuple(kept), fixed=(), structural=())


def structural_choices(conflict: Conflict) -> list[tuple[int, ...]]:
    """Every combination of the structural calls' readings (0: as written), the first call varying slowest."""
    sizes = [1 + (len(c.alternatives) if c.kind == "direction" else 1) for c in conflict.structural]
    return list(itertools.product(*(range(n) for n in sizes)))


def ranking_key(preferences: Preferences, feasible: list[int]) -> tuple[int, ...]:
    """The ranking ``preferences`` induce on the feasible states: each state's place among the scores."""
    scores = preferences.scores(np.array(feasible, dtype=np.int64))
    distinct = sorted(set(float(v) for v in scores))
    return tuple(distinct.index(float(v)) for v in scores)


def readings(conflict: Conflict, distinct: bool = True) -> list[tuple[tuple[int, ...], Conflict]]:
    """Every reading of the model as a certain model, with its structural choices. With ``distinct``,
    orders of a decision maker that rank the structure's feasible states alike count once."""
    out = []
    for choices in structural_choices(conflict):
        settled = settle(conflict, choices)
        feasible = reference.feasible_codes(settled)
        per_dm: list[list[Preferences]] = []
        for dm in settled.decision_makers:
            options = preference_orders(dm.preferences)
            if distinct:
                seen: dict[tuple[int, ...], Preferences] = {}
                for p in options:
                    seen.setdefault(ranking_key(p, feasible), p)
                options = list(seen.values())
            per_dm.append(options)
        for chosen in itertools.product(*per_dm):
            dms = tuple(
                replace(dm, preferences=c) for dm, c in zip(settled.decision_makers, chosen, strict=True)
            )
            out.append((choices, replace(settled, decision_makers=dms)))
    return out


def equilibria(model: Conflict, concept: str) -> set[int]:
    """The feasible state codes that are ``concept``-stable for every decision maker (plain reference)."""
    plain = reference.ReferenceModel(model)
    return {
        code for code in plain.feasible if all(plain.stable(concept, i, code) for i in range(plain.n_dms))
    }
