"""The preference variants of a model, and batches of them analysed with the states and moves built once.

A variant is one admissible order of every decision maker's uncertain
statements or ranking groups (:mod:`standoff.model.uncertainty`). The
variants of a model are numbered ``0 .. count - 1`` in mixed radix over the
decision makers (the first decision maker's choice is the most significant
digit), so a number means the same variant in every process.

Preferences change only the ranks: the feasible states, the moves and the
truth of every statement are built once per process (:class:`Sweep`), and a
variant costs one scoring and one stability pass. :func:`run_batch` is the
unit of work a sweep sends to a process or a Dask worker: a pure function of
the model and the variant numbers, so running a batch twice (a retry after a
worker was lost) gives the same result.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import pickle
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from standoff.concepts import Concept
from standoff.engine.space import StateSpace, _ranks
from standoff.model.conflict import Conflict
from standoff.model.preferences import Prioritization, Ranking
from standoff.model.uncertainty import Orderings

__all__ = ["BatchResult", "Call", "Sweep", "Variants", "run_batch", "sweep_spec"]

Order = tuple[tuple[int, int], ...]
"""One decision maker's variant: ``(item, wording)`` pairs, most important first."""


@dataclass(frozen=True)
class Call:
    """One judgement call: an uncertain statement (or ranking group) of one decision maker."""

    decision_maker: int
    item: int
    kind: str
    """``prioritization`` or ``ranking``."""
    text: str
    wordings: tuple[str, ...]
    """The item as written, then its alternatives (``or_instead``)."""
    positions: tuple[int, int] | None

    @property
    def place(self) -> str:
        """Where the item is in the model file, e.g. ``decision_makers[1].preferences.prioritization[1]``."""
        return f"decision_makers[{self.decision_maker}].preferences.{self.kind}[{self.item}]"


def _item_texts(conflict: Conflict, dm: int) -> list[str]:
    """Each statement (or ranking group) of a decision maker as the model writes it."""
    preferences = conflict.decision_makers[dm].preferences
    if isinstance(preferences, Prioritization):
        return [s.text or conflict.describe(s.expression) for s in preferences.statements]
    if isinstance(preferences, Ranking):
        texts = []
        for g, group in enumerate(preferences.groups):
            written = preferences.texts[g] if g < len(preferences.texts) else ()
            shown = list(written) or [str(e) for e in group]
            texts.append(shown[0] if len(shown) == 1 else "[" + ", ".join(shown) + "]")
        return texts
    return []


@dataclass(frozen=True, eq=False)
class Variants:
    """Every admissible preference variant of a conflict, numbered."""

    conflict: Conflict

    @cached_property
    def orderings(self) -> tuple[Orderings | None, ...]:
        """Per decision maker, the admissible orders of its items (None when its ordering is certain)."""
        return tuple(dm.preferences.orderings() for dm in self.conflict.decision_makers)

    @cached_property
    def count(self) -> int:
        """How many variants the model admits (1 when nothing is uncertain)."""
        return math.prod(o.count for o in self.orderings if o is not None)

    @cached_property
    def texts(self) -> tuple[tuple[str, ...], ...]:
        """Per decision maker, its items as written."""
        return tuple(tuple(_item_texts(self.conflict, i)) for i in range(len(self.conflict.decision_makers)))

    @cached_property
    def calls(self) -> tuple[Call, ...]:
        """Every judgement call of the model, in model order."""
        out = []
        for i, orderings in enumerate(self.orderings):
            if orderings is None:
                continue
            preferences = self.conflict.decision_makers[i].preferences
            kind = "prioritization" if isinstance(preferences, Prioritization) else "ranking"
            for item in orderings.calls:
                call = orderings.uncertain[item]
                alternatives = () if call is None else call.texts
                positions = None if call is None else call.positions
                text = self.texts[i][item]
                out.append(Call(i, item, kind, text, (text, *alternatives), positions))
        return tuple(out)

    def orders(self, number: int) -> tuple[Order | None, ...]:
        """The ``number``-th variant: per decision maker its order (None when certain)."""
        if not 0 <= number < self.count:
            raise IndexError(f"variant {number} of {self.count}")
        digits: list[Order | None] = []
        for orderings in reversed(self.orderings):
            if orderings is None:
                digits.append(None)
                continue
            number, digit = divmod(number, orderings.count)
            digits.append(orderings.variant(digit))
        return tuple(reversed(digits))


@dataclass(frozen=True)
class BatchResult:
    """What one batch of variants found.

    Attributes:
        batch: the batch's number in its sweep.
        analysed: how many variants it analysed.
        counts: ``counts[c, s]``: in how many of them state ``s`` is an equilibrium under concept ``c``.
        verdicts: ``verdicts[v, t]``: bit ``c`` set when tracked state ``t`` is a ``c``-equilibrium in
            the batch's ``v``-th variant.
    """

    batch: int
    analysed: int
    counts: npt.NDArray[np.int64]
    verdicts: npt.NDArray[np.uint8]


class Sweep:
    """A conflict prepared for analysing many variants: states, moves and statement truths built once."""

    def __init__(self, conflict: Conflict, concepts: tuple[Concept, ...], tracked: tuple[int, ...]) -> None:
        from standoff.analyses.stability import is_small

        self.conflict = conflict
        self.concepts = concepts
        self.tracked = np.asarray(tracked, dtype=np.int64)
        self.variants = Variants(conflict)
        self.space = StateSpace.build(conflict)
        self.listed = is_small(self.space)
        self._moves = None
        if self.listed:
            from standoff.engine.move_lists import unilateral_move_lists

            self._moves = [unilateral_move_lists(self.space, d) for d in range(self.space.n_decision_makers)]
        codes = self.space.codes
        self._truths: dict[int, list[list[npt.NDArray[np.int64]]]] = {}
        self._groups: dict[int, npt.NDArray[np.int64]] = {}
        for i, orderings in enumerate(self.variants.orderings):
            if orderings is None:
                continue
            preferences = conflict.decision_makers[i].preferences
            if isinstance(preferences, Prioritization):
                truths = []
                for statement in preferences.statements:
                    wordings = [statement.expression]
                    if statement.uncertainty is not None:
                        wordings += list(statement.uncertainty.alternatives)
                    truths.append([w.evaluate(codes).astype(np.int64) for w in wordings])
                self._truths[i] = truths
            elif isinstance(preferences, Ranking):
                self._groups[i] = len(preferences.groups) - preferences.scores(codes)

    def ranks(self, number: int) -> npt.NDArray[np.int32]:
        """Every decision maker's ranks of the states in variant ``number``."""
        ranks = self.space.ranks.copy()
        for i, order in enumerate(self.variants.orders(number)):
            if order is None:
                continue
            if i in self._truths:
                truths = self._truths[i]
                q = len(order)
                score = np.zeros(self.space.n_states, dtype=np.int64)
                for t, (item, wording) in enumerate(order):
                    score += truths[item][wording] << (q - 1 - t)
            else:
                place = np.empty(len(order), dtype=np.int64)
                place[[item for item, _ in order]] = np.arange(len(order), dtype=np.int64)
                score = len(order) - place[self._groups[i]]
            ranks[i] = _ranks(score)
        return ranks

    def equilibria(self, number: int) -> npt.NDArray[np.bool_]:
        """``out[c, s]``: whether state ``s`` is an equilibrium under concept ``c`` in variant ``number``."""
        space = dataclasses.replace(self.space, ranks=self.ranks(number))
        if self.listed:
            from standoff.stability.listed import analyze_listed

            listed = analyze_listed(space, self.concepts, lambda _: None, self._moves)
            return np.stack([listed[c].all(axis=0) for c in self.concepts])
        from standoff.analyses.stability import analyze

        grouped = analyze(self.conflict, self.concepts, space=space, engine="numba").stable
        return np.stack([grouped[c].all(axis=0) for c in self.concepts])

    def run(self, batch: int, numbers: Sequence[int]) -> BatchResult:
        """Analyse the variants ``numbers``: equilibrium counts and the tracked states' verdicts."""
        counts = np.zeros((len(self.concepts), self.space.n_states), dtype=np.int64)
        verdicts = np.zeros((len(numbers), self.tracked.size), dtype=np.uint8)
        weights = (1 << np.arange(len(self.concepts), dtype=np.uint8))[:, None]
        for v, number in enumerate(numbers):
            found = self.equilibria(number)
            counts += found
            verdicts[v] = (found[:, self.tracked] * weights).sum(axis=0, dtype=np.uint8)
        return BatchResult(batch, len(numbers), counts, verdicts)


def sweep_spec(conflict: Conflict, concepts: tuple[Concept, ...], tracked: tuple[int, ...]) -> bytes:
    """What a worker needs to prepare a :class:`Sweep`: the model, the concepts and the tracked states."""
    return pickle.dumps((conflict, concepts, tracked), protocol=pickle.HIGHEST_PROTOCOL)


_PREPARED: dict[str, Sweep] = {}
_PREPARED_LIMIT = 4
_LOCK = threading.Lock()


def _prepared(spec: bytes) -> Sweep:
    """The sweep of ``spec``, prepared once per process and kept for the batches that follow."""
    key = hashlib.sha256(spec).hexdigest()
    with _LOCK:
        found = _PREPARED.get(key)
        if found is None:
            conflict, concepts, tracked = pickle.loads(spec)
            found = Sweep(conflict, concepts, tracked)
            while len(_PREPARED) >= _PREPARED_LIMIT:
                _PREPARED.pop(next(iter(_PREPARED)))
            _PREPARED[key] = found
        return found


def run_batch(spec: bytes, batch: int, numbers: Sequence[int]) -> BatchResult:
    """Analyse the variants ``numbers`` of the sweep ``spec`` (the unit of work of a process or worker)."""
    return _prepared(spec).run(batch, numbers)
