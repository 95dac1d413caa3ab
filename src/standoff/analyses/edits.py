"""Edits of a decision maker's stated preferences, each costing 1, and the variants they lead to.

docs/explanation/definitions.md, "What would have to change": for option prioritization, moving one
statement one place up or down, or dropping one; for a direct ranking,
moving one entry (a state, or a pattern the user wrote, which moves as a
whole) by one group. Moving by one group is a half step: an entry tied with
others leaves its group to stand alone just above (or below) it; an entry
alone in its group joins the group above (or below). Two such steps move
an entry past a neighbouring group, and ``[A ~ B]`` becomes ``[A, B]`` in
one.

A :class:`Variants` enumerates the preferences one decision maker can be
given, by increasing number of edits (breadth first, so each variant is
first met at its least cost), with one shortest sequence of edits to each.
Payoffs are not edited.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from standoff.model.conflict import Conflict
from standoff.model.expressions import to_text
from standoff.model.preferences import Entry, Payoffs, Preferences, Prioritization, Ranking

EditKind = Literal["up", "down", "drop", "move"]

Key = tuple[Any, ...]
"""A variant: for prioritization the original statement numbers kept, in their new order; for a ranking
its groups, most preferred first, each a frozenset of entry numbers (see :func:`entry_groups`)."""


@dataclass(frozen=True)
class Edit:
    """One edit of cost 1 to the preferences of decision maker ``dm``.

    ``item`` is the statement's (or ranking entry's) place in the model as
    written (0-based); ``other`` the statement it moves past (``up``/``down``);
    ``before`` and ``after`` its place (statement, 1-based) or group
    (ranking, 1-based) before and after the edit; ``direction`` is ``up`` or
    ``down`` for a ranking entry's ``move``; ``joins`` whether the entry
    joins a group (else it now stands alone).
    """

    dm: int
    kind: EditKind
    item: int
    other: int | None = None
    before: int = 0
    after: int = 0
    direction: str = ""
    joins: bool = False
    result: Key = field(default=(), compare=False)
    """The variant after this edit (for saying where a ranking entry now stands)."""


def item_texts(conflict: Conflict, dm: int) -> list[str]:
    """The statements (or ranking entries) of a decision maker as the model states them."""
    preferences = conflict.decision_makers[dm].preferences
    names = conflict.option_names
    if isinstance(preferences, Prioritization):
        return [s.text or to_text(s.expression, names) for s in preferences.statements]
    if isinstance(preferences, Ranking):
        out = []
        for g, group in enumerate(preferences.groups):
            texts = preferences.texts[g] if g < len(preferences.texts) else ()
            for k, entry in enumerate(group):
                out.append(texts[k] if k < len(texts) and texts[k] else _entry_text(entry, len(names), names))
        return out
    return []


def _entry_text(entry: Entry, m: int, names: tuple[str, ...]) -> str:
    if isinstance(entry, int):
        return "".join("Y" if entry >> j & 1 else "N" for j in range(m))
    return to_text(entry, names)


def ranking_entries(ranking: Ranking) -> list[Entry]:
    """A ranking's entries, group after group."""
    return [entry for group in ranking.groups for entry in group]


def original_key(preferences: Preferences) -> Key:
    """The variant the model states (no edit)."""
    if isinstance(preferences, Prioritization):
        return tuple(range(len(preferences.statements)))
    if isinstance(preferences, Ranking):
        groups, start = [], 0
        for group in preferences.groups:
            groups.append(frozenset(range(start, start + len(group))))
            start += len(group)
        return tuple(groups)
    return ()


def entry_groups(key: Key) -> tuple[int, ...]:
    """A ranking variant as each entry's group (0 = most preferred), entries in model order."""
    size = sum(len(group) for group in key)
    out = [0] * size
    for g, group in enumerate(key):
        for e in group:
            out[e] = g
    return tuple(out)


def neighbours(
    preferences: Preferences, key: Key, dm: int, movable: frozenset[int] | None = None
) -> Iterator[tuple[Key, Edit]]:
    """Every variant one edit away from ``key``, with the edit, in a fixed order.

    With ``movable`` (prioritization only), two statements neither of which is
    in it are not swapped (see :meth:`Scorer.relevant`).
    """
    if isinstance(preferences, Prioritization):
        yield from _statement_neighbours(key, dm, movable)
    elif isinstance(preferences, Ranking):
        yield from _ranking_neighbours(key, dm)


def _statement_neighbours(key: Key, dm: int, movable: frozenset[int] | None) -> Iterator[tuple[Key, Edit]]:
    q = len(key)
    for k in range(q - 1):
        a, b = key[k], key[k + 1]
        if movable is not None and a not in movable and b not in movable:
            continue
        swapped = (*key[:k], b, a, *key[k + 2 :])
        # a statement the model had above its neighbour moves down past it; one it had below moves up
        if b < a:
            yield swapped, Edit(dm, "up", b, a, k + 2, k + 1)
        else:
            yield swapped, Edit(dm, "down", a, b, k + 1, k + 2)
    for k in range(q):
        yield (*key[:k], *key[k + 1 :]), Edit(dm, "drop", key[k], None, k + 1, 0)


def _ranking_neighbours(key: Key, dm: int) -> Iterator[tuple[Key, Edit]]:
    """Each entry moved by one group: tied with others, it stands alone just above (below) its group;
    alone, it joins the group above (below). Only the groups touched are rebuilt."""
    last = len(key) - 1
    for g, group in enumerate(key):
        shared = len(group) > 1
        for e in sorted(group):
            alone = frozenset((e,))
            rest = group - alone
            if shared:
                yield (*key[:g], alone, rest, *key[g + 1 :]), Edit(dm, "move", e, None, g + 1, g + 1, "up")
                yield (*key[:g], rest, alone, *key[g + 1 :]), Edit(dm, "move", e, None, g + 1, g + 2, "down")
                continue
            if g > 0:
                joined = (*key[: g - 1], key[g - 1] | alone, *key[g + 1 :])
                yield joined, Edit(dm, "move", e, None, g + 1, g, "up", True)
            if g < last:
                joined = (*key[:g], key[g + 1] | alone, *key[g + 2 :])
                yield joined, Edit(dm, "move", e, None, g + 1, g + 1, "down", True)


def apply(preferences: Preferences, key: Key) -> Preferences:
    """The preferences of a variant, keeping each statement's (entry's) text, source and note."""
    if isinstance(preferences, Prioritization):
        return Prioritization(tuple(preferences.statements[k] for k in key))
    if isinstance(preferences, Ranking):
        entries = ranking_entries(preferences)
        texts = [t for g, group in enumerate(preferences.groups) for t in _texts(preferences, g, len(group))]
        groups: list[tuple[Entry, ...]] = []
        group_texts: list[tuple[str, ...]] = []
        for group in key:
            members = sorted(group)
            groups.append(tuple(entries[e] for e in members))
            group_texts.append(tuple(texts[e] for e in members))
        return Ranking(tuple(groups), tuple(group_texts))
    return preferences


def _texts(ranking: Ranking, g: int, size: int) -> list[str]:
    texts = ranking.texts[g] if g < len(ranking.texts) else ()
    return [texts[k] if k < len(texts) else "" for k in range(size)]


def changed_conflict(conflict: Conflict, keys: dict[int, Key]) -> Conflict:
    """``conflict`` with the preferences of the decision makers in ``keys`` replaced by those variants."""
    dms = list(conflict.decision_makers)
    for d, key in keys.items():
        dms[d] = replace(dms[d], preferences=apply(dms[d].preferences, key))
    return replace(conflict, decision_makers=tuple(dms))


def editable(preferences: Preferences) -> bool:
    """Whether edits apply to these preferences (payoffs are left as they are)."""
    return not isinstance(preferences, Payoffs)


class Scorer:
    """Scores of a decision maker's variants over a fixed list of state codes."""

    def __init__(self, preferences: Preferences, codes: npt.NDArray[np.int64]) -> None:
        self.preferences = preferences
        if isinstance(preferences, Prioritization):
            self.truth = np.array(
                [s.expression.evaluate(codes) for s in preferences.statements], dtype=np.int64
            ).reshape(len(preferences.statements), codes.size)
        elif isinstance(preferences, Ranking):
            entries = ranking_entries(preferences)
            entry_of = np.full(codes.size, -1, dtype=np.int64)
            for e, entry in enumerate(entries):
                hit = np.equal(codes, entry) if isinstance(entry, int) else entry.evaluate(codes)
                entry_of[hit & (entry_of < 0)] = e
            self._entry_of = entry_of
        else:
            self._fixed = np.asarray(preferences.scores(codes))

    def relevant(self) -> frozenset[int] | None:
        """The statements whose truth differs among the states scored (``None``: every one counts).

        A statement true at all of them or at none adds the same to every
        score, so swapping two such statements never changes how the states
        are ordered, and neither does it change what the other edits can reach
        (a statement moving past them crosses both either way): those swaps
        are left out. Moving such a statement past another, or dropping it,
        still counts (it may be in the way). Ranking entries are all kept: an
        entry no state scored matches can still merge or split the groups
        between those that do.
        """
        if isinstance(self.preferences, Prioritization):
            truth = self.truth
            if not truth.shape[1]:
                return frozenset()
            varies = truth.max(axis=1) != truth.min(axis=1)
            return frozenset(int(k) for k in np.flatnonzero(varies))
        return None

    def scores(self, key: Key) -> npt.NDArray[np.int64]:
        """The scores of the variant ``key`` (higher is preferred; only their order matters)."""
        if isinstance(self.preferences, Prioritization):
            q = len(key)
            weights = np.array([1 << (q - 1 - t) for t in range(q)], dtype=np.int64)
            if not q:
                return np.zeros(self.truth.shape[1], dtype=np.int64)
            return np.asarray(weights @ self.truth[list(key)], dtype=np.int64)
        if isinstance(self.preferences, Ranking):
            levels = np.array(entry_groups(key), dtype=np.int64)
            return -levels[self._entry_of]
        _, ranks = np.unique(self._fixed, return_inverse=True)
        return ranks.astype(np.int64).reshape(-1)


@dataclass
class Variant:
    """A decision maker's variant: its key, its least cost, and the edits of one cheapest way to it."""

    key: Key
    cost: int
    edits: tuple[Edit, ...]


class Variants:
    """The variants of one decision maker's preferences, level by level of cost (breadth first).

    ``movable`` restricts the edits (see :meth:`Scorer.relevant`). A level
    whose enumeration passes a budget of variants is kept as far as it got
    and marked :attr:`partial`; the levels after it come from :meth:`beam`.
    """

    def __init__(self, preferences: Preferences, dm: int, movable: frozenset[int] | None = None) -> None:
        self.preferences = preferences
        self.dm = dm
        self.movable = movable
        start = Variant(original_key(preferences), 0, ())
        self.seen: dict[Hashable, Variant] = {start.key: start}
        self.levels: list[list[Variant]] = [[start]]
        self.exhausted = not editable(preferences)
        self.partial: int | None = None
        """The first level not enumerated whole (None: every level built so far is whole)."""

    def _following(self, parents: list[Variant], budget: int | None = None) -> list[Variant]:
        following: list[Variant] = []
        for variant in parents:
            for key, edit in neighbours(self.preferences, variant.key, self.dm, self.movable):
                if key not in self.seen:
                    edit = replace(edit, result=key)
                    made = Variant(key, variant.cost + 1, (*variant.edits, edit))
                    self.seen[key] = made
                    following.append(made)
            if budget is not None and len(self.seen) > budget:
                self.partial = len(self.levels)
                break
        return following

    def level(self, cost: int, budget: int | None = None) -> list[Variant]:
        """The variants whose least cost is ``cost``, built on first use while fewer than ``budget``
        variants are known (the level being built when the budget runs out is kept partial)."""
        while len(self.levels) <= cost and not self.exhausted and self.partial is None:
            following = self._following(self.levels[-1], budget)
            if not following:
                self.exhausted = True
                break
            self.levels.append(following)
        return self.levels[cost] if cost < len(self.levels) else []

    def beam(self, cost: int, rank: Callable[[Variant], int], width: int) -> list[Variant]:
        """Variants of ``cost`` edits reached from the ``width`` best (lowest ``rank``) of each level
        before: the levels after a partial one. Their least cost may be lower than ``cost``."""
        while len(self.levels) <= cost and not self.exhausted:
            best = sorted(self.levels[-1], key=rank)[:width]
            following = self._following(best)
            if not following:
                self.exhausted = True
                break
            self.levels.append(following)
        return self.levels[cost] if cost < len(self.levels) else []
