"""Uncertain preference orderings: the judgement calls of a model, and every order they admit.

A prioritization statement (or a ranking group) marked uncertain is a
judgement call: it may sit at any place of its decision maker's list (or only
within a plausible range of places), and a statement may be worded in one of
several ways. The certain statements keep their relative order. Following
docs/explanation/definitions.md ("Uncertain preferences and robustness"), the admissible variants of
one decision maker are every placement of its uncertain items consistent with
that, times every choice of wording; a model's variants are every combination
of its decision makers' variants.

:class:`Orderings` counts the variants of one decision maker and numbers them
``0 .. count - 1``: :meth:`Orderings.variant` turns a number into the order
of the items, so a sweep can be split into batches of numbers and every
batch gives the same variants wherever it runs.

1. Uncertain items with the whole list as their range are interchangeable
   for counting: the positions they take are a set, and their order on it is
   one of ``f!`` permutations (Lehmer code).
2. The positions of the items with a narrower range, and the set of the
   others, are counted by a table over (position, narrow items placed, free
   items placed), filled from the last position back.
3. A number is read in mixed radix: positions, then the permutation of the
   free items, then each alternative wording.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from standoff.errors import ModelError
from standoff.model.expressions import Expression

__all__ = ["MAX_NARROW", "Orderings", "StructuralCall", "Uncertainty"]

MAX_NARROW = 16
"""Uncertain items with a range narrower than the whole list, per decision maker (the count is a table
over subsets of them)."""


@dataclass(frozen=True)
class Uncertainty:
    """Why and how a statement (or a ranking group) is uncertain.

    Attributes:
        positions: the plausible places, first and last (1 = most important), both included;
            None for anywhere in the list.
        alternatives: other wordings of a statement (``or_instead``), each an expression.
        texts: the alternatives as the user wrote them.
    """

    positions: tuple[int, int] | None = None
    alternatives: tuple[Expression, ...] = ()
    texts: tuple[str, ...] = ()
    weight: float | None = None
    """The analyst's confidence (0 to 1) that the item is right as written; None: no weight given."""


STRUCTURAL_KINDS = ("direction", "condition", "fixed")


@dataclass(frozen=True)
class StructuralCall:
    """A judgement call on the model's structure rather than on a preference.

    ``kind`` is one of:

    - ``direction``: option ``index``'s irreversibility; ``alternatives`` are the other
      directions it may have instead (``or_instead``, e.g. ``("both",)``);
    - ``condition``: infeasibility condition ``index`` (of ``Conflict.infeasible``) may not
      hold; its alternative is the model without it;
    - ``fixed``: the fixed value of option ``index`` may not be fixed; its alternative is the
      option left free.

    ``note`` is the analyst's reason; ``weight`` the confidence (0 to 1) that the model is
    right as written (None: no weight given).
    """

    kind: str
    index: int
    alternatives: tuple[str, ...] = ()
    note: str = ""
    weight: float | None = None

    @property
    def choices(self) -> int:
        """How many readings the call has: as written, then each alternative."""
        return 1 + (len(self.alternatives) if self.kind == "direction" else 1)


@dataclass(frozen=True)
class Orderings:
    """Every admissible order of one decision maker's items (statements or ranking groups).

    ``uncertain[k]`` is the :class:`Uncertainty` of item ``k`` (None when it
    is certain). A variant is a tuple of ``(item, wording)`` pairs, most
    important first; wording 0 is the item as written, ``w`` its ``w``-th
    alternative.
    """

    uncertain: tuple[Uncertainty | None, ...]

    @property
    def size(self) -> int:
        """How many items the list has."""
        return len(self.uncertain)

    @cached_property
    def _parts(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """The certain items, the uncertain ones anywhere (free), the uncertain ones in a range (narrow)."""
        certain, free, narrow = [], [], []
        for k, call in enumerate(self.uncertain):
            if call is None:
                certain.append(k)
            elif call.positions is None or call.positions == (1, self.size):
                free.append(k)
            else:
                narrow.append(k)
        if len(narrow) > MAX_NARROW:
            raise ModelError(
                f"{len(narrow)} uncertain statements with a range of positions; at most {MAX_NARROW} "
                "are supported per decision maker (leave the range out for anywhere in the list)"
            )
        return tuple(certain), tuple(free), tuple(narrow)

    @property
    def calls(self) -> tuple[int, ...]:
        """The uncertain items, in model order."""
        return tuple(k for k, call in enumerate(self.uncertain) if call is not None)

    def wordings(self, item: int) -> int:
        """How many wordings item ``item`` has (1 + its alternatives)."""
        call = self.uncertain[item]
        return 1 + (len(call.alternatives) if call is not None else 0)

    def _allowed(self, item: int, position: int) -> bool:
        call = self.uncertain[item]
        if call is None or call.positions is None:
            return True
        first, last = call.positions
        return first - 1 <= position <= last - 1

    @cached_property
    def _table(self) -> dict[tuple[int, int, int], int]:
        """``table[p, mask, f]``: ways to fill positions ``p..`` with narrow items ``mask`` and ``f`` free
        items already placed before ``p`` (free items as a set, certain items in their order)."""
        certain, free, narrow = self._parts
        q = self.size
        full = (1 << len(narrow)) - 1
        table: dict[tuple[int, int, int], int] = {}
        for p in range(q, -1, -1):
            for mask in range(full + 1):
                placed_narrow = mask.bit_count()
                for f in range(len(free) + 1):
                    placed_certain = p - placed_narrow - f
                    if placed_certain < 0 or placed_certain > len(certain):
                        continue
                    if p == q:
                        table[p, mask, f] = int(mask == full and f == len(free))
                        continue
                    ways = 0
                    if placed_certain < len(certain):
                        ways += table.get((p + 1, mask, f), 0)
                    if f < len(free):
                        ways += table.get((p + 1, mask, f + 1), 0)
                    for b, item in enumerate(narrow):
                        if not mask >> b & 1 and self._allowed(item, p):
                            ways += table.get((p + 1, mask | 1 << b, f), 0)
                    table[p, mask, f] = ways
        return table

    @cached_property
    def placements(self) -> int:
        """How many placements of the items the ranges admit (wordings aside)."""
        _, free, _ = self._parts
        return self._table.get((0, 0, 0), 0) * math.factorial(len(free))

    @cached_property
    def count(self) -> int:
        """How many variants: placements × every choice of wording."""
        return self.placements * math.prod(self.wordings(k) for k in self.calls)

    def variant(self, number: int) -> tuple[tuple[int, int], ...]:
        """Variant ``number`` (``0 <= number < count``): ``(item, wording)`` pairs, most important first."""
        if not 0 <= number < self.count:
            raise IndexError(f"variant {number} of {self.count}")
        certain, free, narrow = self._parts
        wording: dict[int, int] = {}
        for item in reversed(self.calls):
            number, wording[item] = divmod(number, self.wordings(item))
        number, permutation = divmod(number, math.factorial(len(free)))
        order = _unrank_permutation(permutation, free)
        slots: list[int] = []
        p, mask, f = 0, 0, 0
        table = self._table
        while p < self.size:
            choices: list[tuple[tuple[int, int, int], int]] = []
            placed_certain = p - mask.bit_count() - f
            if placed_certain < len(certain):
                choices.append(((p + 1, mask, f), certain[placed_certain]))
            if f < len(free):
                choices.append(((p + 1, mask, f + 1), order[f]))
            for b, item in enumerate(narrow):
                if not mask >> b & 1 and self._allowed(item, p):
                    choices.append(((p + 1, mask | 1 << b, f), item))
            for option in choices:
                ways = table.get(option[0], 0)
                if number < ways:
                    break
                number -= ways
            else:  # pragma: no cover - the table counts exactly these choices
                raise AssertionError("variant number outside the table")
            (p, mask, f), chosen = option
            slots.append(chosen)
        return tuple((item, wording.get(item, 0)) for item in slots)


def _unrank_permutation(number: int, items: Sequence[int]) -> list[int]:
    """The ``number``-th permutation of ``items`` in lexicographic order (Lehmer code)."""
    pool = list(items)
    out = []
    for k in range(len(pool), 0, -1):
        index, number = divmod(number, math.factorial(k - 1))
        out.append(pool.pop(index))
    return out
