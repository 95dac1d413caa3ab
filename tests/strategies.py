"""Hypothesis strategies that build whole conflicts for property tests.

``conflicts()`` draws decision makers and their options, permitted
directions, infeasibility conditions, misperceptions and preferences of all
three kinds (prioritization, ranking with ties, payoffs), and builds a
:class:`~standoff.model.conflict.Conflict` directly. Everything comes from
hypothesis's draws, so every example can be replayed and shrunk.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import strategies as st

from standoff.model.conflict import Conflict, DecisionMaker, Direction, OptionSpec
from standoff.model.expressions import And, Expression, If, Iff, Not, Option, Or, conjunction, to_text
from standoff.model.preferences import Entry, Payoffs, Preferences, Prioritization, Ranking, Statement

Draw = st.DrawFn


def _conjunction(draw: Draw, n_options: int, max_literals: int = 3) -> Expression:
    """An AND of 1..max_literals literals on distinct options."""
    literals = draw(
        st.lists(
            st.tuples(st.integers(0, n_options - 1), st.booleans()),
            min_size=1,
            max_size=max_literals,
            unique_by=lambda literal: literal[0],
        )
    )
    return conjunction(literals)


def _statement(draw: Draw, n_options: int, depth: int = 2) -> Expression:
    """A random formula: a literal, or not/and/or/if/iff of smaller formulas."""
    kind = draw(st.integers(0, 5)) if depth > 0 else 0
    if kind == 0:
        index = draw(st.integers(0, n_options - 1))
        return Option(index) if draw(st.booleans()) else Not(Option(index))
    if kind == 1:
        return Not(_statement(draw, n_options, depth - 1))
    if kind in (2, 3):
        parts = tuple(_statement(draw, n_options, depth - 1) for _ in range(draw(st.integers(2, 3))))
        return And(parts) if kind == 2 else Or(parts)
    left = _statement(draw, n_options, depth - 1)
    right = _statement(draw, n_options, depth - 1)
    return If(left, right) if kind == 4 else Iff(left, right)


def _matches(expression: Expression, codes: list[int]) -> list[bool]:
    return [bool(x) for x in expression.evaluate(np.array(codes, dtype=np.int64))]


def _prioritization(draw: Draw, names: tuple[str, ...]) -> Prioritization:
    count = draw(st.integers(1, 4))
    statements = []
    for _ in range(count):
        expression = _statement(draw, len(names))
        statements.append(Statement(expression, text=to_text(expression, names)))
    return Prioritization(tuple(statements))


def _ranking(draw: Draw, n_options: int, feasible: list[int]) -> Ranking:
    """Every feasible state exactly once, in tie groups; sometimes one group entry is a pattern."""
    order = draw(st.permutations(feasible))
    pattern: Expression | None = None
    if draw(st.integers(0, 2)) == 0:
        pattern = _conjunction(draw, n_options)
        covered = {c for c, hit in zip(feasible, _matches(pattern, feasible), strict=True) if hit}
        order = [c for c in order if c not in covered]
    groups: list[list[Entry]] = [[]]
    for position, code in enumerate(order):
        if position > 0 and draw(st.booleans()):
            groups.append([])
        groups[-1].append(code)
    if pattern is not None:
        groups[draw(st.integers(0, len(groups) - 1))].append(pattern)
    return Ranking(tuple(tuple(g) for g in groups if g))


def _payoffs(draw: Draw, n_options: int, feasible: list[int]) -> Payoffs:
    entries: list[tuple[Entry, float]] = []
    for _ in range(draw(st.integers(1, 4))):
        entry: Entry = (
            draw(st.sampled_from(feasible)) if draw(st.integers(0, 3)) == 0 else _conjunction(draw, n_options)
        )
        entries.append((entry, float(draw(st.integers(-2, 3)))))
    return Payoffs(tuple(entries))


@st.composite
def conflicts(draw: Draw, min_dms: int = 2, max_dms: int = 4, max_options: int = 6) -> Conflict:
    """A conflict of ``min_dms..max_dms`` decision makers with 1..3 options each (at most ``max_options``).

    Infeasibility conditions are conjunctions of literals, kept only while at
    least two states stay feasible. Options are usually grouped by decision
    maker; sometimes their model order is shuffled.
    """
    max_dms = min(max_dms, max_options)
    n_dms = draw(st.integers(min_dms, max_dms))
    sizes: list[int] = []
    budget = max_options
    for i in range(n_dms):
        still_to_come = n_dms - i - 1
        size = draw(st.integers(1, min(3, budget - still_to_come)))
        sizes.append(size)
        budget -= size
    owners = [i for i, size in enumerate(sizes) for _ in range(size)]
    if draw(st.integers(0, 3)) == 0:
        owners = list(draw(st.permutations(owners)))
    m = len(owners)
    names = tuple(f"o{j}" for j in range(m))
    directions = [
        (Direction.BOTH, Direction.BOTH, Direction.BOTH, Direction.FORWARD, Direction.BACKWARD)[
            draw(st.integers(0, 4))
        ]
        for _ in range(m)
    ]
    options = tuple(OptionSpec(names[j], owners[j], directions[j]) for j in range(m))

    feasible = list(range(1 << m))
    infeasible: list[Expression] = []
    for _ in range(draw(st.integers(0, 3))):
        condition = _conjunction(draw, m)
        remaining = [c for c, hit in zip(feasible, _matches(condition, feasible), strict=True) if not hit]
        if len(remaining) >= 2:
            infeasible.append(condition)
            feasible = remaining

    decision_makers = []
    for i in range(n_dms):
        kind = draw(st.integers(0, 2))
        preferences: Preferences
        if kind == 0:
            preferences = _prioritization(draw, names)
        elif kind == 1:
            preferences = _ranking(draw, m, feasible)
        else:
            preferences = _payoffs(draw, m, feasible)
        misperceived = (_conjunction(draw, m),) if draw(st.integers(0, 5)) == 0 else ()
        decision_makers.append(
            DecisionMaker(
                f"DM{i}",
                tuple(j for j in range(m) if owners[j] == i),
                preferences,
                misperceived=misperceived,
            )
        )
    return Conflict("generated", options, tuple(decision_makers), tuple(infeasible))


STRENGTH_MODES = ("drawn", "all", "none")
"""How :func:`strong_conflicts` gives strength: drawn at random, every preference strong, or none."""


def _with_strength(draw: Draw, preferences: Preferences, mode: str) -> Preferences:
    """``preferences`` with strength of preference: a leading block of strong statements, ``">>"``
    between ranking groups, or a payoff threshold; ``mode`` "all" makes every strict preference strong,
    "none" gives no strength."""
    if mode == "none":
        return preferences
    if isinstance(preferences, Prioritization):
        q = len(preferences.statements)
        k = q if mode == "all" else draw(st.integers(0, q))
        statements = tuple(replace(t, strong=i < k) for i, t in enumerate(preferences.statements))
        return Prioritization(statements, preferences.uncertain)
    if isinstance(preferences, Ranking):
        places = range(1, len(preferences.groups))
        if mode == "all":
            breaks = tuple(places)
        else:
            breaks = tuple(sorted(draw(st.sets(st.sampled_from(places)) if places else st.just(set()))))
        return replace(preferences, tier_breaks=breaks)
    # payoffs are whole numbers here, so a threshold of 1 or less makes every strict preference strong
    threshold = draw(st.sampled_from((0.5, 1.0))) if mode == "all" else draw(st.sampled_from((1.0, 2.0, 3.5)))
    return replace(preferences, strong_threshold=threshold)


@st.composite
def strong_conflicts(draw: Draw, mode: str = "drawn", max_options: int = 5) -> Conflict:
    """A conflict of :func:`conflicts` (irreversible options, infeasible states and misperceptions
    included) whose decision makers give strength of preference as ``mode`` says (see
    :data:`STRENGTH_MODES`); in "drawn" mode, some decision makers may give none."""
    conflict = draw(conflicts(max_dms=3, max_options=max_options))
    decision_makers = []
    for dm in conflict.decision_makers:
        chosen = mode if mode != "drawn" or draw(st.integers(0, 3)) else "none"
        decision_makers.append(replace(dm, preferences=_with_strength(draw, dm.preferences, chosen)))
    return replace(conflict, decision_makers=tuple(decision_makers))


def small_2dm_conflicts() -> st.SearchStrategy[Conflict]:
    """Two decision makers and at most four options: sixteen states or fewer."""
    return conflicts(min_dms=2, max_dms=2, max_options=4)


def summary(conflict: Conflict) -> str:
    """A compact, readable account of a conflict: options, infeasibility, each DM's ranking of the states."""
    names = conflict.option_names
    m = len(names)
    codes = [c for c in range(1 << m) if not any(_matches(x, [c])[0] for x in conflict.infeasible)]

    def pattern(code: int) -> str:
        return "".join("Y" if code >> j & 1 else "N" for j in range(m))

    lines = [
        "options: "
        + ", ".join(
            f"{o.name}(DM{o.owner}{'' if o.direction is Direction.BOTH else ', ' + o.direction.value})"
            for o in conflict.options
        ),
        "infeasible: " + ("; ".join(to_text(x, names) for x in conflict.infeasible) or "none"),
        "feasible: " + " ".join(pattern(c) for c in codes),
    ]
    for i, dm in enumerate(conflict.decision_makers):
        scores = dm.preferences.scores(np.array(codes, dtype=np.int64))
        ranked = sorted(zip(scores, codes, strict=True), key=lambda sc: (-sc[0], sc[1]))
        groups: list[list[str]] = []
        last = None
        for score, code in ranked:
            if score != last:
                groups.append([])
                last = score
            groups[-1].append(pattern(code))
        misperceived = "; ".join(to_text(x, names) for x in dm.misperceived)
        lines.append(
            f"DM{i} {dm.name} ranks (best first): "
            + " > ".join("~".join(g) for g in groups)
            + (f"; misperceives {misperceived}" if misperceived else "")
        )
    return "\n".join(lines)


def large_model_yaml(n_options: int = 16, seed: int = 0) -> str:
    """A model file (YAML) of two decision makers with ``n_options`` options between them and three
    quarters of the 2^n_options states feasible (one pair excludes each other), prioritization statements
    drawn from ``seed``, a status quo and three more named states: a model too large to send whole."""
    import random

    rng = random.Random(seed)
    half = n_options // 2
    owned = {"Alpha": [f"a{j}" for j in range(half)], "Beta": [f"b{j}" for j in range(n_options - half)]}
    every = owned["Alpha"] + owned["Beta"]

    def literal() -> str:
        return rng.choice(["", "not "]) + rng.choice(every)

    lines = [f"name: Large {n_options}-option conflict", "decision_makers:"]
    for dm, options in owned.items():
        lines += [f"  - name: {dm}", f"    options: [{', '.join(options)}]", "    preferences:"]
        lines.append("      prioritization:")
        for _ in range(n_options + 4):
            parts = [literal() for _ in range(rng.randint(1, 3))]
            lines.append(f"        - {' and '.join(dict.fromkeys(parts))}")
    pattern = {
        "calm": "N" * n_options,
        "deal": "N" + "Y" * (half - 1) + "N" + "Y" * (n_options - half - 1),
        "alpha_all_in": "Y" * half + "N" * (n_options - half),
        "beta_all_in": "N" * half + "Y" * (n_options - half),
    }
    lines += [
        "infeasible:",
        "  - mutually_exclusive: [a0, b0]",
        "status_quo: calm",
        "states:",
        *(f"  {name}: {{state: {p}}}" for name, p in pattern.items()),
    ]
    return "\n".join(lines) + "\n"
