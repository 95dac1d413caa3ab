"""The three ways a decision maker's preferences can be given.

Each kind turns an array of state codes into scores (higher is more
preferred, equal scores are ties); the engine turns scores into ranks.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from standoff.errors import ModelError
from standoff.model.expressions import Codes, Expression
from standoff.model.uncertainty import Orderings, Uncertainty

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
    uncertainty: Uncertainty | None = None
    """Set when the statement is a judgement call (``uncertain: true``); see :mod:`~.model.uncertainty`."""
    source_kind: str = ""
    """What the source is: ``statement`` (a party's own words), ``reporting`` (an account of what a
    party said or did) or ``analysis`` (an analyst's claim); empty when the model does not say."""
    strong: bool = False
    """A state meeting the statement is *strongly* preferred to one that does not, when this is the
    most important statement on which they differ (``strong: true``; see :mod:`standoff.engine.strength`)."""


@dataclass(frozen=True)
class Prioritization:
    """Option prioritization: statements most important first.

    Score ``Ψ(s) = Σ_{t: Ω_t true at s} 2^(q - t)`` (Fang, Hipel, Kilgour &
    Peng 2003, Part I), so a more important statement outweighs all the less
    important ones together.
    """

    statements: tuple[Statement, ...]
    uncertain: bool = False
    """The whole ordering is a judgement call: every statement may take any place (a range or
    alternatives given on a statement still apply)."""

    def orderings(self) -> Orderings | None:
        """The admissible orders of the statements, or None when every statement is certain."""
        calls = tuple(_call(s.uncertainty, self.uncertain) for s in self.statements)
        return Orderings(calls) if any(c is not None for c in calls) else None

    @property
    def strong_block(self) -> int:
        """How many statements, from the first, are strong (strong statements form a leading block)."""
        k = 0
        while k < len(self.statements) and self.statements[k].strong:
            k += 1
        return k

    @property
    def has_strength(self) -> bool:
        """Whether the first statement is strong (only a leading block of strong statements counts)."""
        return self.strong_block > 0

    def strength(self, codes: Codes) -> Strength | None:
        """The score over the strong statements, threshold 1: ``s >> q`` when the most important statement
        on which they differ is strong and true at ``s`` (None when no statement is strong)."""
        k = self.strong_block
        if k == 0:
            return None
        measure = np.zeros(codes.shape, dtype=np.int64)
        for t, statement in enumerate(self.statements[:k], start=1):
            measure += statement.expression.evaluate(codes).astype(np.int64) << (k - t)
        return Strength(measure, 1)

    def scores(self, codes: Codes) -> npt.NDArray[np.int64]:
        q = len(self.statements)
        if q > MAX_STATEMENTS:
            raise ModelError(f"{q} prioritization statements; at most {MAX_STATEMENTS} are supported")
        score = np.zeros(codes.shape, dtype=np.int64)
        for t, statement in enumerate(self.statements, start=1):
            score += statement.expression.evaluate(codes).astype(np.int64) << (q - t)
        return score


def _call(uncertainty: Uncertainty | None, whole: bool) -> Uncertainty | None:
    """An item's uncertainty, or anywhere in the list when the whole ordering is uncertain."""
    if uncertainty is None and whole:
        return Uncertainty()
    return uncertainty


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
    uncertainties: tuple[Uncertainty | None, ...] = ()
    """Per group, set when its place is a judgement call (``uncertain: true``); empty when none is."""
    uncertain: bool = False
    """The whole ordering is a judgement call: every group may take any place."""
    notes: tuple[tuple[str, str], ...] = ()
    """Per group, its (source, note) as written; empty when no group has either."""
    tier_breaks: tuple[int, ...] = ()
    """The groups a ``">>"`` entry comes just before, ascending: states in groups above a break are
    strongly preferred to states below it; within a tier, preference is mild. Empty: no strength."""

    unknown: tuple[bool, ...] = ()
    """Per group, whether its entries are mutually unknown (``{unknown: [...]}``): scored as a tie, as
    robustness and the ordinary concepts read it; the unknown-preference concepts read each entry's states
    as unknown against the other entries' (:mod:`standoff.analyses.unknown`). Empty when no group is."""

    def __post_init__(self) -> None:
        breaks = list(self.tier_breaks)
        if breaks and (breaks != sorted(set(breaks)) or breaks[0] < 1 or breaks[-1] >= len(self.groups)):
            raise ModelError(
                f"tier breaks {tuple(breaks)} must rise strictly and stand between groups 1 and "
                f"{len(self.groups)}"
            )

    @property
    def has_strength(self) -> bool:
        """Whether a ``">>"`` splits the ranking into tiers."""
        return bool(self.tier_breaks)

    def strength(self, codes: Codes) -> Strength | None:
        """Minus the tier of each state, threshold 1: ``s >> q`` when ``s`` is in a higher tier
        (None without ``">>"``)."""
        if not self.tier_breaks:
            return None
        group = len(self.groups) - self.scores(codes)
        tier = np.searchsorted(np.asarray(self.tier_breaks, dtype=np.int64), group, side="right")
        return Strength(-tier.astype(np.int64), 1)

    def orderings(self) -> Orderings | None:
        """The admissible orders of the groups, or None when every group is certain."""
        given = self.uncertainties or (None,) * len(self.groups)
        calls = tuple(_call(u, self.uncertain) for u in given)
        return Orderings(calls) if any(c is not None for c in calls) else None

    def scores(self, codes: Codes) -> npt.NDArray[np.int64]:
        """``len(groups) - g`` for a state in group ``g``; refuses a state matched twice or never.

        Exact codes are looked up all at once (a table over the codes, or
        binary search) and each pattern is evaluated once, so the cost is
        about states + entries, not states × entries. A repeat is reported
        as reading the entries one by one would find it first: the earliest
        entry that matches a state an earlier entry matched (the first such
        state in ``codes`` order), with that earlier entry.
        """
        entries = list(itertools.chain.from_iterable(self.groups))
        sizes = np.fromiter(map(len, self.groups), dtype=np.int64, count=len(self.groups))
        group = np.repeat(np.arange(len(self.groups), dtype=np.int64), sizes)
        n = codes.size
        try:  # the common case (e.g. a .gmcr manual ranking): every entry is an exact code
            wanted = np.array(entries, dtype=np.int64).reshape(-1)
            is_code = np.ones(len(entries), dtype=np.bool_)
        except (TypeError, ValueError, OverflowError):
            is_code = np.fromiter((isinstance(e, int) for e in entries), dtype=np.bool_, count=len(entries))
            wanted = np.array([e for e in entries if isinstance(e, int)], dtype=np.int64).reshape(-1)
        exact = np.flatnonzero(is_code)
        found, at = _locate(codes, wanted)
        states = [at[found]]
        positions = [exact[found]]
        for pattern_at in np.flatnonzero(~is_code):
            entry = entries[pattern_at]
            if isinstance(entry, int):
                continue
            hit = np.flatnonzero(entry.evaluate(codes))
            states.append(hit)
            positions.append(np.full(hit.size, pattern_at, dtype=np.int64))
        state = np.concatenate(states)
        position = np.concatenate(positions)
        count = np.bincount(state, minlength=n)
        if n and count.max() >= 2:
            self._repeat(codes, state, position, count, entries)
        missing = count == 0
        if missing.any():
            first = int(np.flatnonzero(missing)[0])
            raise RankingError("misses", int(codes[first]), (), count=int(missing.sum()))
        group_of = np.empty(n, dtype=np.int64)
        group_of[state] = group[position]
        return len(self.groups) - group_of

    def _repeat(
        self,
        codes: Codes,
        state: npt.NDArray[np.int64],
        position: npt.NDArray[np.int64],
        count: npt.NDArray[np.int64],
        entries: list[Entry],
    ) -> NoReturn:
        """Raise the error for the first repeat an entry-by-entry reading would meet."""
        by_state = np.lexsort((position, state))
        position = position[by_state]
        start = np.cumsum(count) - count
        repeated = np.flatnonzero(count >= 2)
        second = position[start[repeated] + 1]
        clash = int(second.min())
        where = int(repeated[np.flatnonzero(second == clash)[0]])
        earlier = int(position[start[where]])
        raise RankingError(
            "repeats", int(codes[where]), (self._text(entries, earlier), self._text(entries, clash))
        )

    def _text(self, entries: list[Entry], position: int) -> str:
        """The entry at ``position`` (counting through all groups) as the user wrote it."""
        start = 0
        for g, group in enumerate(self.groups):
            if position < start + len(group):
                k = position - start
                if self.texts and g < len(self.texts) and k < len(self.texts[g]):
                    return self.texts[g][k]
                return str(entries[position])
            start += len(group)
        return str(entries[position])


class NumberedRanking(Ranking):
    """A direct ranking of exact states given by number, as .gmcr files write manual rankings.

    The same ranking as :class:`Ranking`, held as arrays: ``codes`` lists the
    states' codes, most preferred first, and ``sizes`` the size of each group
    (all ones: a strict ranking); the entries' texts are ``state <number>``
    with ``numbers`` the 1-based state numbers. A million ranked states cost
    a few arrays, not millions of tuples; :attr:`groups` and :attr:`texts`
    are made the first time something asks for them.
    """

    _codes: Codes
    _sizes: npt.NDArray[np.int64]
    _numbers: npt.NDArray[np.int64]

    def __init__(self, codes: Codes, sizes: npt.NDArray[np.int64], numbers: npt.NDArray[np.int64]) -> None:
        object.__setattr__(self, "_codes", np.asarray(codes, dtype=np.int64))
        object.__setattr__(self, "_sizes", np.asarray(sizes, dtype=np.int64))
        object.__setattr__(self, "_numbers", np.asarray(numbers, dtype=np.int64))

    @cached_property
    def groups(self) -> tuple[tuple[Entry, ...], ...]:
        return self._split(self._codes.tolist())

    @cached_property
    def texts(self) -> tuple[tuple[str, ...], ...]:
        return self._split([f"state {number}" for number in self._numbers.tolist()])

    def _split(self, items: list[Any]) -> tuple[tuple[Any, ...], ...]:
        if self._sizes.size == len(items):
            return tuple(zip(items))
        ends = np.cumsum(self._sizes).tolist()
        return tuple(tuple(items[start:end]) for start, end in zip([0, *ends[:-1]], ends, strict=True))

    def scores(self, codes: Codes) -> npt.NDArray[np.int64]:
        """As :meth:`Ranking.scores`, from the arrays; a state missed or repeated is reported by it."""
        n_groups = int(self._sizes.size)
        found, at = _locate(codes, self._codes)
        count = np.bincount(at[found], minlength=codes.size)
        if not found.all() or (codes.size and (count.max() != 1 or count.min() != 1)):
            return super().scores(codes)
        group_of = np.empty(codes.size, dtype=np.int64)
        group_of[at] = np.repeat(np.arange(n_groups, dtype=np.int64), self._sizes)
        return n_groups - group_of


def _locate(codes: Codes, wanted: Codes) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """For each wanted code: whether it is in ``codes``, and its index there.

    A table over the codes when they span a modest range (linear time),
    else binary search.
    """
    if codes.size == 0 or wanted.size == 0:
        return np.zeros(wanted.size, dtype=np.bool_), np.zeros(wanted.size, dtype=np.int64)
    low, high = int(codes.min()), int(codes.max())
    if high - low <= max(4 * codes.size, 1 << 20):
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[codes - low] = np.arange(codes.size, dtype=np.int64)
        inside = (wanted >= low) & (wanted <= high)
        at = np.where(inside, table[np.clip(wanted - low, 0, high - low)], -1)
        return at >= 0, np.maximum(at, 0)
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    where = np.minimum(np.searchsorted(sorted_codes, wanted), codes.size - 1)
    return sorted_codes[where] == wanted, order[where]


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
    strong_threshold: float | None = None
    """``s >> q`` when ``payoff(s) - payoff(q) >= strong_threshold``; None: no strength given."""

    def __post_init__(self) -> None:
        if self.strong_threshold is not None and not self.strong_threshold > 0:
            # at 0 or below a state would be strongly preferred to itself, and strong stability
            # would no longer imply stability
            raise ModelError(f"strong_threshold must be above 0, not {self.strong_threshold}")

    @property
    def has_strength(self) -> bool:
        """Whether a ``strong_threshold`` is given."""
        return self.strong_threshold is not None

    def strength(self, codes: Codes) -> Strength | None:
        """The payoffs and the threshold (None without ``strong_threshold``)."""
        if self.strong_threshold is None:
            return None
        return Strength(self.scores(codes), float(self.strong_threshold))

    def orderings(self) -> None:
        """Payoffs have no order to be uncertain about."""
        return None

    def scores(self, codes: Codes) -> npt.NDArray[np.float64]:
        score = np.zeros(codes.shape, dtype=np.float64)
        for entry, value in self.entries:
            score += np.where(_matches(entry, codes), value, 0.0)
        return score


Preferences = Prioritization | Ranking | Payoffs


@dataclass(frozen=True)
class Strength:
    """Strength of preference (Hamouda, Kilgour & Hipel 2004, 2006) as one measure per state:
    ``s >>_i q`` exactly when ``measure(s) - measure(q) >= threshold``.

    Each way of giving preferences yields one: tiers of a ranking, the score over the strong
    statements of a prioritization, payoffs with ``strong_threshold``. The measure never disagrees
    with the preference (a higher measure is never a less preferred state), so strength is
    monotone: a state worse than one strongly worse than ``s`` is strongly worse than ``s`` too.
    """

    measure: npt.NDArray[np.int64] | npt.NDArray[np.float64]
    threshold: int | float


def dense_ranks(scores: Sequence[float] | npt.NDArray[np.generic]) -> npt.NDArray[np.int32]:
    """Ranks 0..k-1 with equal scores equal and higher scores higher."""
    _, inverse = np.unique(np.asarray(scores), return_inverse=True)
    return inverse.astype(np.int32).reshape(-1)
