"""A plain reference for unknown preferences (Li, Hipel, Kilgour & Fang 2004), apart from standoff's engine.

Each decision maker's readings are its distinct rankings over every admissible order of its statements
(``tests/variant_reference.py``); ``s >_i q`` when every reading ranks ``s`` above ``q``, ``s ~_i q``
when every reading ties them, unknown otherwise. Every set below is written straight from GMCR.md,
"Unknown preferences", over explicit sets of state codes; moves come from ``tests/reference.py``, and
moves by a group are legal sequences (no mover twice in a row), recorded as (state, last mover) pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import product

import reference
import variant_reference
from standoff.model.conflict import Conflict
from standoff.model.preferences import Ranking

Step = Callable[[int, int], frozenset[int]]


class UnknownReference:
    """One conflict's readings, relations and the a-d concepts by enumeration."""

    def __init__(self, conflict: Conflict) -> None:
        assert not conflict.structural, "the reference reads preference uncertainty only"
        self.model = reference.ReferenceModel(conflict)
        self.feasible = self.model.feasible
        self.n = self.model.n_dms
        self.readings: list[list[dict[int, int]]] = []
        for dm in conflict.decision_makers:
            seen: dict[tuple[int, ...], dict[int, int]] = {}
            for p in variant_reference.preference_orders(dm.preferences):
                key = variant_reference.ranking_key(p, self.feasible)
                seen.setdefault(key, dict(zip(self.feasible, key, strict=True)))
            readings = list(seen.values())
            p = dm.preferences
            if isinstance(p, Ranking) and any(p.unknown):
                readings = _unknown_entries(readings, p, self.feasible)
            self.readings.append(readings)

    # -- relations -------------------------------------------------------------------------------------

    def above(self, i: int, s: int, q: int) -> bool:
        """``s >_i q``."""
        return all(r[s] > r[q] for r in self.readings[i])

    def tied(self, i: int, s: int, q: int) -> bool:
        """``s ~_i q``."""
        return all(r[s] == r[q] for r in self.readings[i])

    def unknown(self, i: int, s: int, q: int) -> bool:
        """``s U_i q``: neither above, below nor tied."""
        return not (self.above(i, s, q) or self.above(i, q, s) or self.tied(i, s, q))

    # -- sets -------------------------------------------------------------------------------------------

    def moves(self, i: int, s: int) -> frozenset[int]:
        """``R_i(s)``."""
        return self.model.unilateral_moves(i, s)

    def improvements(self, i: int, s: int) -> frozenset[int]:
        """``R_i^+(s)``: moves to states certainly better."""
        return frozenset(q for q in self.moves(i, s) if self.above(i, q, s))

    def uiums(self, i: int, s: int) -> frozenset[int]:
        """``R_i^{+,U}(s)``: moves to states better or unknown."""
        return frozenset(q for q in self.moves(i, s) if self.above(i, q, s) or self.unknown(i, q, s))

    def phi(self, i: int, s: int) -> frozenset[int]:
        """``Φ_i(s)``: states certainly not better than ``s``."""
        return frozenset(q for q in self.feasible if self.above(i, s, q) or self.tied(i, s, q))

    def phi_u(self, i: int, s: int) -> frozenset[int]:
        """``Φ_i^U(s)``: ``Φ_i(s)`` and the states unknown against ``s``."""
        return self.phi(i, s) | frozenset(q for q in self.feasible if self.unknown(i, q, s))

    def group_reach(self, group: list[int], s: int, step: Step) -> frozenset[int]:
        """``R_H(s)`` by legal sequences of ``step`` moves by the members of ``group``."""
        pairs: set[tuple[int, int]] = {(q, j) for j in group for q in step(j, s)}
        pending = list(pairs)
        while pending:
            q, last = pending.pop()
            for j in group:
                if j == last:
                    continue
                for t in step(j, q):
                    if (t, j) not in pairs:
                        pairs.add((t, j))
                        pending.append((t, j))
        return frozenset(q for q, _ in pairs)

    # -- concepts ---------------------------------------------------------------------------------------

    def stable(self, key: str, i: int, s: int) -> bool:
        """Whether ``s`` is ``key``-stable (``gmr_b``) for ``i``, by the definitions."""
        base, extension = key.split("_")
        moving = self.uiums(i, s) if extension in "ab" else self.improvements(i, s)
        counting = self.phi(i, s) if extension in "ac" else self.phi_u(i, s)
        if base == "nash":
            return not moving
        group = [j for j in range(self.n) if j != i]
        for s1 in moving:
            if base == "seq":
                reach = self.group_reach(group, s1, self.uiums)
            else:
                reach = self.group_reach(group, s1, self.moves)
            if base == "smr":
                found = any(s2 in counting and self.moves(i, s2) <= counting for s2 in reach)
            else:
                found = bool(reach & counting)
            if not found:
                return False
        return True

    def readings_answer(
        self, conflict: Conflict, base: str
    ) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
        """``(dm, code)`` stable under ``base`` in every joint reading, and in some, by the reference of
        ``tests/reference.py`` on each reading as a certain model."""
        every: set[tuple[int, int]] | None = None
        some: set[tuple[int, int]] = set()
        for _, model in variant_reference.readings(conflict):
            plain = reference.ReferenceModel(model)
            found = {(i, s) for i, s in product(range(self.n), self.feasible) if plain.stable(base, i, s)}
            every = found if every is None else every & found
            some |= found
        return every or set(), some

    def equilibria_in_some(self, conflict: Conflict, base: str) -> set[int]:
        """Codes of the states stable for every decision maker at once in some joint reading."""
        found: set[int] = set()
        for _, model in variant_reference.readings(conflict):
            plain = reference.ReferenceModel(model)
            found |= {s for s in self.feasible if all(plain.stable(base, i, s) for i in range(self.n))}
        return found


def _unknown_entries(
    readings: list[dict[int, int]], ranking: Ranking, feasible: list[int]
) -> list[dict[int, int]]:
    """Every reading twice, the states of each ``{unknown: [...]}`` entry ordered as written and reversed:
    then every two states of different entries of an unknown group are ordered both ways."""
    place = {s: 0 for s in feasible}
    for g, group in enumerate(ranking.groups):
        if g < len(ranking.unknown) and ranking.unknown[g]:
            for k, entry in enumerate(group):
                for s in feasible:
                    if reference._entry_matches(entry, s):
                        place[s] = len(group) - 1 - k
    spread = max(place.values()) + 1
    out: dict[tuple[int, ...], dict[int, int]] = {}
    for r in readings:
        for flip in (False, True):
            refined = {s: r[s] * spread + (spread - 1 - place[s] if flip else place[s]) for s in feasible}
            out.setdefault(tuple(refined[s] for s in feasible), refined)
    return list(out.values())
