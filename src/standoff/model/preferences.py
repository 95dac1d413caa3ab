"""The three ways a decision maker's preferences can be given.

Each kind turns an array of state codes into scores (higher is more
preferred, equal scores are ties); the engine turns scores into ranks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from standoff.errors import ModelError
from standoff.model.expressions import Codes, Expression

Entry = Expression | int
"""A ranking or payoff entry: an expression (pattern) or one exact state code."""

MAX_STATEMENTS = 62


@dataclass(frozen=True)
class Statement:
    """One prioritization statement, with where it comes from."""

    expression: Expression
    text: str = ""
    source: str = ""
    note: str = ""


@dataclass(frozen=True)
class Prioritization:
    """Option prioritization: statements most important first.

    Score ``Ψ(s) = Σ_{t: Ω_t true at s} 2^(q - t)`` (Fang, Hipel, Kilgour &
    Peng 2003, Part I), so a more important statement outweighs all the less
    important ones together.
    """

    statements: tuple[Statement, ...]

    def scores(self, codes: Codes) -> npt.NDArray[np.int64]:
        q = len(self.statements)
        if q > MAX_STATEMENTS:
            raise ModelError(f"{q} prioritization statements; at most {MAX_STATEMENTS} are supported")
        score = np.zeros(codes.shape, dtype=np.int64)
        for t, statement in enumerate(self.statements, start=1):
            score += statement.expression.evaluate(codes).astype(np.int64) << (q - t)
        return score


def _matches(entry: Entry, codes: Codes) -> npt.NDArray[np.bool_]:
    if isinstance(entry, int):
        return np.equal(codes, entry)
    return entry.evaluate(codes)


@dataclass(frozen=True)
class Ranking:
    """A direct ranking: groups of equally preferred states, most preferred first.

    Every feasible state must match exactly one entry; ``texts`` holds the
    entries as the user wrote them, for error messages.
    """

    groups: tuple[tuple[Entry, ...], ...]
    texts: tuple[tuple[str, ...], ...] = ()

    def scores(self, codes: Codes) -> npt.NDArray[np.int64]:
        group_of = np.full(codes.shape, -1, dtype=np.int64)
        matched_by = np.full(codes.shape, -1, dtype=np.int64)
        flat = [(g, e) for g, group in enumerate(self.groups) for e in group]
        for position, (g, entry) in enumerate(flat):
            hit = _matches(entry, codes)
            clash = hit & (matched_by >= 0)
            if clash.any():
                first = int(np.flatnonzero(clash)[0])
                raise RankingError(
                    "repeats",
                    int(codes[first]),
                    (self._text(flat[matched_by[first]]), self._text(flat[position])),
                )
            matched_by[hit] = position
            group_of[hit] = g
        missing = group_of < 0
        if missing.any():
            first = int(np.flatnonzero(missing)[0])
            raise RankingError("misses", int(codes[first]), (), count=int(missing.sum()))
        return len(self.groups) - group_of

    def _text(self, item: tuple[int, Entry]) -> str:
        g, entry = item
        position = self.groups[g].index(entry)
        if self.texts and g < len(self.texts) and position < len(self.texts[g]):
            return self.texts[g][position]
        return str(entry)


class RankingError(ModelError):
    """A ranking misses or repeats a state; ``code`` is the first such state."""

    def __init__(self, kind: str, code: int, entries: tuple[str, ...], count: int = 1) -> None:
        self.kind = kind
        self.code = code
        self.entries = entries
        self.count = count
        if kind == "misses":
            problem = f"the ranking misses {count} feasible state(s), the first with code {code}"
        else:
            problem = (
                f"the ranking repeats the state with code {code}: "
                f"matched by {entries[0]!r} and {entries[1]!r}"
            )
        super().__init__(problem)


@dataclass(frozen=True)
class Payoffs:
    """Numeric payoffs: a state's score is the sum of the values of the entries it matches."""

    entries: tuple[tuple[Entry, float], ...]

    def scores(self, codes: Codes) -> npt.NDArray[np.float64]:
        score = np.zeros(codes.shape, dtype=np.float64)
        for entry, value in self.entries:
            score += np.where(_matches(entry, codes), value, 0.0)
        return score


Preferences = Prioritization | Ranking | Payoffs


def dense_ranks(scores: Sequence[float] | npt.NDArray[np.generic]) -> npt.NDArray[np.int32]:
    """Ranks 0..k-1 with equal scores equal and higher scores higher."""
    _, inverse = np.unique(np.asarray(scores), return_inverse=True)
    return inverse.astype(np.int32).reshape(-1)
