"""The variants of a model (distinct readings of its judgement calls), and batches of them analysed.

A judgement call is an uncertain preference statement or ranking group
(:mod:`standoff.model.uncertainty`) or a structural call: an option's
direction, an infeasibility condition or a fixed value marked uncertain.
Following docs/explanation/definitions.md ("Uncertain preferences and robustness", "What a
conclusion rests on"), a **variant** is a distinct reading of the model:

1. a *structure*: one choice for every structural call (as written, or one
   of its alternatives), numbered in mixed radix over the calls (the first
   call the most significant digit);
2. per decision maker, one *ranking* of the structure's feasible states
   among those its admissible statement orders induce: orders that give the
   same ranking are one reading (found by scoring every order and keeping the
   first order of each distinct ranking), so a share does not depend on how
   a call was encoded. A decision maker with more orders than
   :data:`DEDUPLICATE_LIMIT` (or too many states to score them all) keeps
   every order as a reading, and :attr:`Variants.deduplicated` says so.

Variants are numbered ``0 .. count - 1``: the structures one after the
other, each a block of the product of its decision makers' readings (mixed
radix, the first decision maker the most significant digit). A number means
the same variant in every process: the readings travel with the model in
the sweep's spec (:func:`sweep_spec`), so a batch carries variant numbers
only.

The feasible states of the structures are numbered together as the states
of the *widest* model (every uncertain condition left out, every uncertain
fixed option free); a state absent from a structure is neither stable nor
unstable there, and :class:`BatchResult` counts where each state exists.

A variant's **weight** is the product over the calls of the analyst's
``weight`` for the choice it makes (``w`` as written, ``(1 - w) / a`` for
each of ``a`` alternatives; 1 for a call without a weight); a reading of a
decision maker weighs as the heaviest order that induces it.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import math
import pickle
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

from standoff.concepts import Concept, refuse_strong
from standoff.engine.space import StateSpace, _ranks
from standoff.model.conflict import Conflict, Direction
from standoff.model.preferences import Prioritization, Ranking
from standoff.model.uncertainty import Orderings, StructuralCall

__all__ = [
    "DEDUPLICATE_LIMIT",
    "BatchResult",
    "Call",
    "Sweep",
    "Variants",
    "run_batch",
    "structure_conflict",
    "sweep_spec",
    "widest_conflict",
]

Order = tuple[tuple[int, int], ...]
"""One decision maker's variant: ``(item, wording)`` pairs, most important first."""

DEDUPLICATE_LIMIT = 100_000
"""Orders of one decision maker scored to find its distinct rankings; beyond, every order is a reading."""

SCORED_CELLS = 200_000_000
"""Orders × states scored at most per decision maker and structure to find the distinct rankings."""


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
    note: str = ""
    weight: float | None = None

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


def widest_conflict(conflict: Conflict) -> Conflict:
    """The model with every uncertain condition left out and every uncertain fixed option free: its
    feasible states are those of every structure together."""
    return structure_conflict(conflict, tuple(0 if c.kind == "direction" else 1 for c in conflict.structural))


def structure_conflict(conflict: Conflict, choices: Sequence[int]) -> Conflict:
    """The model read with ``choices[k]`` for structural call ``k`` (0: as written), its calls settled."""
    options = list(conflict.options)
    dropped: set[int] = set()
    freed: set[int] = set()
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
            freed.add(call.index)
    return replace(
        conflict,
        options=tuple(options),
        infeasible=tuple(e for k, e in enumerate(conflict.infeasible) if k not in dropped),
        fixed=tuple((j, v) for j, v in conflict.fixed if j not in freed),
        structural=(),
    )


def _factor(weight: float | None, as_written: bool, alternatives: int) -> float:
    """One call's share of a variant's weight (see the module's last paragraph)."""
    if weight is None or alternatives == 0:
        return 1.0
    return weight if as_written else (1.0 - weight) / alternatives


@dataclass(frozen=True)
class Readings:
    """One decision maker's distinct readings in one structure: the first order of each (by number),
    its weight, and whether orders were merged by the ranking they induce."""

    orders: tuple[int, ...] | None
    """The order number of each reading; None: every order is a reading (not deduplicated)."""
    weights: tuple[float, ...] | None
    """Each reading's weight; None when no call of the decision maker has a weight."""
    count: int


@dataclass(frozen=True, eq=False)
class Variants:
    """Every distinct reading of a conflict's judgement calls, numbered (see the module's docstring)."""

    conflict: Conflict

    @cached_property
    def orderings(self) -> tuple[Orderings | None, ...]:
        """Per decision maker, the admissible orders of its items (None when its ordering is certain)."""
        return tuple(dm.preferences.orderings() for dm in self.conflict.decision_makers)

    @property
    def structural(self) -> tuple[StructuralCall, ...]:
        """The structural calls, in model order."""
        return self.conflict.structural

    @cached_property
    def structures(self) -> int:
        """How many structures: the product of every structural call's choices."""
        return math.prod(c.choices for c in self.structural)

    @cached_property
    def orders_count(self) -> int:
        """How many variants there would be counting statement orders, not distinct rankings."""
        return self.structures * math.prod(o.count for o in self.orderings if o is not None)

    def choices(self, structure: int) -> tuple[int, ...]:
        """Structure ``structure``'s choice for every structural call (0: as written)."""
        out = []
        for call in reversed(self.structural):
            structure, digit = divmod(structure, call.choices)
            out.append(digit)
        return tuple(reversed(out))

    def _feasibility(self, choices: Sequence[int]) -> tuple[int, ...]:
        """The choices that change the feasible states (conditions and fixed options)."""
        return tuple(c for call, c in zip(self.structural, choices, strict=True) if call.kind != "direction")

    @cached_property
    def _readings(self) -> dict[tuple[int, ...], tuple[Readings | None, ...]]:
        """Per feasibility (the choices of the conditions and fixed options), each decision maker's
        readings."""
        out: dict[tuple[int, ...], tuple[Readings | None, ...]] = {}
        for structure in range(self.structures):
            choices = self.choices(structure)
            key = self._feasibility(choices)
            if key not in out:
                out[key] = self._distinct(choices)
        return out

    def _distinct(self, choices: Sequence[int]) -> tuple[Readings | None, ...]:
        """Each decision maker's distinct readings over the feasible states of the structure ``choices``."""
        needed = [o for o in self.orderings if o is not None]
        if not needed:
            return tuple(None for _ in self.orderings)
        codes = StateSpace.build(structure_conflict(self.conflict, choices)).codes
        out: list[Readings | None] = []
        for i, orderings in enumerate(self.orderings):
            if orderings is None:
                out.append(None)
                continue
            weighted = self._order_weights(i)
            if orderings.count > DEDUPLICATE_LIMIT or orderings.count * codes.size > SCORED_CELLS:
                out.append(Readings(None, None, orderings.count))  # weights computed per order when asked
                continue
            scorer = _Scorer(self.conflict, i, codes)
            first: dict[bytes, int] = {}
            kept: list[int] = []
            weights: list[float] = []
            for number in range(orderings.count):
                key = hashlib.blake2b(_ranks(scorer.score(orderings.variant(number))).tobytes()).digest()
                at = first.get(key)
                w = weighted(number) if weighted is not None else 1.0
                if at is None:
                    first[key] = len(kept)
                    kept.append(number)
                    weights.append(w)
                else:
                    weights[at] = max(weights[at], w)
            out.append(Readings(tuple(kept), tuple(weights) if weighted is not None else None, len(kept)))
        return tuple(out)

    def _order_weights(self, dm: int) -> _OrderWeight | None:
        """A function giving the weight of decision maker ``dm``'s order number; None when unweighted."""
        orderings = self.orderings[dm]
        if orderings is None:
            return None
        calls = [(k, orderings.uncertain[k]) for k in orderings.calls]
        if all(u is None or u.weight is None for _, u in calls):
            return None
        return _OrderWeight(orderings)

    def reading_counts(self, structure: int = 0) -> tuple[int, ...]:
        """Per decision maker, how many readings it has in structure ``structure`` (1 when certain); its
        ``k``-th reading is the variant whose digit for it is ``k`` (see the module's docstring)."""
        readings = self._readings[self._feasibility(self.choices(structure))]
        return tuple(1 if r is None else r.count for r in readings)

    @cached_property
    def blocks(self) -> tuple[int, ...]:
        """Per structure, how many variants it has (the product of its decision makers' readings)."""
        sizes = []
        for structure in range(self.structures):
            readings = self._readings[self._feasibility(self.choices(structure))]
            sizes.append(math.prod(r.count for r in readings if r is not None))
        return tuple(sizes)

    @cached_property
    def _offsets(self) -> tuple[int, ...]:
        return tuple(itertools.accumulate(self.blocks, initial=0))

    @cached_property
    def count(self) -> int:
        """How many distinct readings the model admits (1 when nothing is uncertain)."""
        return self._offsets[-1]

    @cached_property
    def deduplicated(self) -> bool:
        """Whether every decision maker's orders were merged by the ranking they induce."""
        return all(r is None or r.orders is not None for rs in self._readings.values() for r in rs)

    @cached_property
    def weighted(self) -> bool:
        """Whether any call carries a weight."""
        pref = any(self._order_weights(i) is not None for i in range(len(self.orderings)))
        return pref or any(c.weight is not None for c in self.structural)

    def _digits(self, number: int) -> tuple[int, tuple[Readings | None, ...], tuple[int | None, ...]]:
        """Variant ``number``'s structure, its readings, and per decision maker the reading's index."""
        if not 0 <= number < self.count:
            raise IndexError(f"variant {number} of {self.count}")
        structure = bisect.bisect_right(self._offsets, number) - 1
        rest = number - self._offsets[structure]
        readings = self._readings[self._feasibility(self.choices(structure))]
        digits: list[int | None] = []
        for r in reversed(readings):
            if r is None:
                digits.append(None)
                continue
            rest, digit = divmod(rest, r.count)
            digits.append(digit)
        return structure, readings, tuple(reversed(digits))

    def locate(self, number: int) -> tuple[int, tuple[int | None, ...]]:
        """Variant ``number``: its structure, and per decision maker its order number (None when certain)."""
        structure, readings, digits = self._digits(number)
        return structure, tuple(
            None if r is None or d is None else (d if r.orders is None else r.orders[d])
            for r, d in zip(readings, digits, strict=True)
        )

    def orders(self, number: int) -> tuple[Order | None, ...]:
        """Variant ``number``'s order of every decision maker's items (None when certain): the first order
        of its reading."""
        _, numbers = self.locate(number)
        return tuple(
            None if n is None or o is None else o.variant(n)
            for o, n in zip(self.orderings, numbers, strict=True)
        )

    def weight(self, number: int) -> float:
        """Variant ``number``'s weight (1 when no call carries one)."""
        if not self.weighted:
            return 1.0
        structure, readings, digits = self._digits(number)
        choices = self.choices(structure)
        w = math.prod(
            _factor(c.weight, choice == 0, c.choices - 1)
            for c, choice in zip(self.structural, choices, strict=True)
        )
        for i, (r, d) in enumerate(zip(readings, digits, strict=True)):
            if r is None or d is None:
                continue
            if r.weights is not None:
                w *= r.weights[d]
            elif r.orders is None:
                weigh = self._order_weights(i)
                w *= weigh(d) if weigh is not None else 1.0
        return w

    @cached_property
    def texts(self) -> tuple[tuple[str, ...], ...]:
        """Per decision maker, its items as written."""
        return tuple(tuple(_item_texts(self.conflict, i)) for i in range(len(self.conflict.decision_makers)))

    @cached_property
    def calls(self) -> tuple[Call, ...]:
        """Every preference call of the model, in model order."""
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
                note = ""
                if isinstance(preferences, Prioritization):
                    note = preferences.statements[item].note
                elif isinstance(preferences, Ranking) and item < len(preferences.notes):
                    note = preferences.notes[item][1]
                weight = None if call is None else call.weight
                out.append(Call(i, item, kind, text, (text, *alternatives), positions, note, weight))
        return tuple(out)

    def spec_part(self) -> tuple[tuple[int, ...], dict[tuple[int, ...], tuple[Readings | None, ...]]]:
        """What a worker needs to number the variants as this process does (sent once with the model)."""
        return self.blocks, self._readings

    @classmethod
    def prepared(
        cls,
        conflict: Conflict,
        part: tuple[tuple[int, ...], dict[tuple[int, ...], tuple[Readings | None, ...]]],
    ) -> Variants:
        """The variants of ``conflict`` with the readings found by another process (no scoring again)."""
        variants = cls(conflict)
        blocks, readings = part
        variants.__dict__["blocks"] = blocks
        variants.__dict__["_readings"] = readings
        return variants


class _OrderWeight:
    """The weight of a decision maker's order: the product over its weighted calls (see :func:`_factor`)."""

    def __init__(self, orderings: Orderings) -> None:
        self.orderings = orderings
        self.alternatives = {}
        for k in orderings.calls:
            u = orderings.uncertain[k]
            assert u is not None
            first, last = u.positions or (1, orderings.size)
            self.alternatives[k] = (last - first + 1) * orderings.wordings(k) - 1

    def __call__(self, number: int) -> float:
        w = 1.0
        for place, (item, wording) in enumerate(self.orderings.variant(number)):
            u = self.orderings.uncertain[item]
            if u is not None and u.weight is not None:
                w *= _factor(u.weight, place == item and wording == 0, self.alternatives[item])
        return w


class _Scorer:
    """Scores of one decision maker's orders over the codes of one structure (statement truths once)."""

    def __init__(self, conflict: Conflict, dm: int, codes: npt.NDArray[np.int64]) -> None:
        preferences = conflict.decision_makers[dm].preferences
        self.n = codes.size
        self.truths: list[list[npt.NDArray[np.int64]]] | None = None
        self.groups: npt.NDArray[np.int64] | None = None
        if isinstance(preferences, Prioritization):
            self.truths = []
            for statement in preferences.statements:
                wordings = [statement.expression]
                if statement.uncertainty is not None:
                    wordings += list(statement.uncertainty.alternatives)
                self.truths.append([w.evaluate(codes).astype(np.int64) for w in wordings])
        elif isinstance(preferences, Ranking):
            self.groups = len(preferences.groups) - preferences.scores(codes)

    def score(self, order: Order) -> npt.NDArray[np.int64]:
        """The scores of the states under ``order`` (higher is more preferred)."""
        if self.truths is not None:
            q = len(order)
            score = np.zeros(self.n, dtype=np.int64)
            for t, (item, wording) in enumerate(order):
                score += self.truths[item][wording] << (q - 1 - t)
            return score
        assert self.groups is not None
        place = np.empty(len(order), dtype=np.int64)
        place[[item for item, _ in order]] = np.arange(len(order), dtype=np.int64)
        return len(order) - place[self.groups]


@dataclass(frozen=True)
class BatchResult:
    """What one batch of variants found (states numbered as the widest model's).

    Attributes:
        batch: the batch's number in its sweep.
        analysed: how many variants it analysed.
        counts: ``counts[c, s]``: in how many of them state ``s`` is an equilibrium under concept ``c``.
        verdicts: ``verdicts[v, t]``: bit ``c`` set when tracked state ``t`` is a ``c``-equilibrium in
            the batch's ``v``-th variant.
        presence: ``presence[s]``: in how many of them state ``s`` exists (is feasible).
        present: ``present[v, t]``: whether tracked state ``t`` exists in the ``v``-th variant.
        weighted: ``counts`` with each variant counted by its weight.
        weighted_presence: ``presence`` with each variant counted by its weight.
    """

    batch: int
    analysed: int
    counts: npt.NDArray[np.int64]
    verdicts: npt.NDArray[np.uint8]
    presence: npt.NDArray[np.int64] | None = None
    present: npt.NDArray[np.bool_] | None = None
    weighted: npt.NDArray[np.float64] | None = None
    weighted_presence: npt.NDArray[np.float64] | None = None


class _Structure:
    """One structure prepared for its variants: states, moves, statement truths, and where its states are
    among the widest model's."""

    def __init__(self, conflict: Conflict, variants: Variants, union: npt.NDArray[np.int64]) -> None:
        from standoff.analyses.stability import is_small

        self.conflict = conflict
        self.space = StateSpace.build(conflict)
        self.to_union = np.searchsorted(union, self.space.codes)
        self.listed = is_small(self.space)
        self.moves = None
        if self.listed:
            from standoff.engine.move_lists import unilateral_move_lists

            self.moves = [unilateral_move_lists(self.space, d) for d in range(self.space.n_decision_makers)]
        self.scorers = {
            i: _Scorer(conflict, i, self.space.codes)
            for i, o in enumerate(variants.orderings)
            if o is not None
        }


class Sweep:
    """A conflict prepared for analysing many variants: each structure's states, moves and statement truths
    built once per process (the last few structures kept)."""

    KEPT = 8
    """Structures kept prepared at once."""

    def __init__(
        self,
        conflict: Conflict,
        concepts: tuple[Concept, ...],
        tracked: tuple[int, ...],
        variants: Variants | None = None,
    ) -> None:
        refuse_strong(concepts, "the analysis of variants (robustness, audit)")
        self.conflict = conflict
        self.concepts = concepts
        self.variants = variants if variants is not None else Variants(conflict)
        self.union = StateSpace.build(widest_conflict(conflict)) if conflict.structural else None
        self.space = self.union if self.union is not None else StateSpace.build(conflict)
        self.tracked = np.asarray(tracked, dtype=np.int64)
        self._structures: OrderedDict[int, _Structure] = OrderedDict()

    @property
    def listed(self) -> bool:
        """Whether the structure as written is analysed by the move-list engine (a small model)."""
        return self.structure(0).listed

    def structure(self, number: int) -> _Structure:
        """Structure ``number``, prepared (kept for the variants that follow)."""
        found = self._structures.get(number)
        if found is None:
            choices = self.variants.choices(number)
            found = _Structure(structure_conflict(self.conflict, choices), self.variants, self.space.codes)
            while len(self._structures) >= self.KEPT:
                self._structures.popitem(last=False)
            self._structures[number] = found
        else:
            self._structures.move_to_end(number)
        return found

    def ranks(self, number: int) -> npt.NDArray[np.int32]:
        """Every decision maker's ranks of the states of variant ``number``'s structure."""
        structure, numbers = self.variants.locate(number)
        prepared = self.structure(structure)
        return self._ranks(prepared, numbers)

    def ranks_of(self, number: int, dm: int) -> npt.NDArray[np.int32]:
        """Decision maker ``dm``'s ranks of the states of variant ``number``'s structure (the others'
        are not scored)."""
        structure, numbers = self.variants.locate(number)
        return self._dm_ranks(self.structure(structure), numbers[dm], dm)

    def _dm_ranks(self, prepared: _Structure, n: int | None, dm: int) -> npt.NDArray[np.int32]:
        orderings = self.variants.orderings[dm]
        if n is None or orderings is None:
            written: npt.NDArray[np.int32] = prepared.space.ranks[dm]
            return written
        return _ranks(prepared.scorers[dm].score(orderings.variant(n)))

    def _ranks(self, prepared: _Structure, numbers: Sequence[int | None]) -> npt.NDArray[np.int32]:
        ranks = prepared.space.ranks.copy()
        for i, n in enumerate(numbers):
            ranks[i] = self._dm_ranks(prepared, n, i)
        return ranks

    def equilibria(self, number: int) -> tuple[npt.NDArray[np.bool_], _Structure]:
        """``out[c, s]``: whether state ``s`` of variant ``number``'s structure is a ``c``-equilibrium."""
        structure, numbers = self.variants.locate(number)
        prepared = self.structure(structure)
        space = dataclasses.replace(prepared.space, ranks=self._ranks(prepared, numbers))
        if prepared.listed:
            from standoff.stability.listed import analyze_listed

            listed = analyze_listed(space, self.concepts, lambda _: None, prepared.moves)
            return np.stack([listed[c].all(axis=0) for c in self.concepts]), prepared
        from standoff.analyses.stability import analyze

        grouped = analyze(prepared.conflict, self.concepts, space=space, engine="numba", profile={}).stable
        return np.stack([grouped[c].all(axis=0) for c in self.concepts]), prepared

    def run(self, batch: int, numbers: Sequence[int]) -> BatchResult:
        """Analyse the variants ``numbers``: equilibrium counts and the tracked states' verdicts (taken
        structure by structure, so each structure is prepared once per batch)."""
        n_states = self.space.n_states
        counts = np.zeros((len(self.concepts), n_states), dtype=np.int64)
        presence = np.zeros(n_states, dtype=np.int64)
        weighted = np.zeros((len(self.concepts), n_states), dtype=np.float64)
        weighted_presence = np.zeros(n_states, dtype=np.float64)
        verdicts = np.zeros((len(numbers), self.tracked.size), dtype=np.uint8)
        present = np.zeros((len(numbers), self.tracked.size), dtype=np.bool_)
        bits = (1 << np.arange(len(self.concepts), dtype=np.uint8))[:, None]
        by_structure = sorted(range(len(numbers)), key=lambda v: (self.variants.locate(numbers[v])[0], v))
        for v in by_structure:
            found, prepared = self.equilibria(numbers[v])
            w = self.variants.weight(numbers[v])
            at = prepared.to_union
            counts[:, at] += found
            presence[at] += 1
            weighted[:, at] += w * found
            weighted_presence[at] += w
            local = np.full(n_states, -1, dtype=np.int64)
            local[at] = np.arange(at.size)
            where = local[self.tracked]
            exists = where >= 0
            present[v] = exists
            verdicts[v, exists] = (found[:, where[exists]] * bits).sum(axis=0, dtype=np.uint8)
        return BatchResult(
            batch, len(numbers), counts, verdicts, presence, present, weighted, weighted_presence
        )


def sweep_spec(
    conflict: Conflict,
    concepts: tuple[Concept, ...],
    tracked: tuple[int, ...],
    variants: Variants | None = None,
) -> bytes:
    """What a worker needs to prepare a :class:`Sweep`: the model, the concepts, the tracked states (as the
    widest model numbers them) and the readings of the variants (so workers number them alike)."""
    part = (variants if variants is not None else Variants(conflict)).spec_part()
    return pickle.dumps((conflict, concepts, tracked, part), protocol=pickle.HIGHEST_PROTOCOL)


_PREPARED: dict[str, Sweep] = {}
_PREPARED_LIMIT = 4
_LOCK = threading.Lock()


def _prepared(spec: bytes) -> Sweep:
    """The sweep of ``spec``, prepared once per process and kept for the batches that follow."""
    key = hashlib.sha256(spec).hexdigest()
    with _LOCK:
        found = _PREPARED.get(key)
        if found is None:
            conflict, concepts, tracked, part = pickle.loads(spec)
            found = Sweep(conflict, concepts, tracked, Variants.prepared(conflict, part))
            while len(_PREPARED) >= _PREPARED_LIMIT:
                _PREPARED.pop(next(iter(_PREPARED)))
            _PREPARED[key] = found
        return found


def run_batch(spec: bytes, batch: int, numbers: Sequence[int]) -> BatchResult:
    """Analyse the variants ``numbers`` of the sweep ``spec`` (the unit of work of a process or worker)."""
    return _prepared(spec).run(batch, numbers)
