"""Robustness: which verdicts survive the judgement calls of a model, preference and structural.

docs/explanation/definitions.md, "Uncertain preferences and robustness" (Sakakibara, Okada & Nakase,
IEEE SMC-C 32, 2002, analyse every consistent ranking; compare Li, Hipel,
Kilgour & Fang, "Preference uncertainty in the graph model", IEEE SMC-A
2004): a verdict is first said ordinally (an equilibrium in every reading:
necessary; in some: possible; in none), then as the share of the readings in
which it holds (never a probability), and under the analyst's weights.

1. Number the distinct readings (:class:`~standoff.analyses.variants.Variants`):
   statement orders that induce the same ranking count once; a structural
   call changes the moves or the feasible states.
2. Take every one when there are at most :data:`EXHAUSTIVE_LIMIT` (or at most
   the sample asked for), else a sample of ``samples`` numbers drawn uniformly,
   with replacement, by a random generator seeded with ``seed``: each distinct
   reading is equally likely to be drawn, and one drawn twice counts twice.
3. Analyse them in batches (:mod:`standoff.analyses.sweeping`): per state and
   concept, in how many variants the state is an equilibrium; per tracked
   state (the status quo, the named states, any asked for), the verdict in
   each variant.
4. For each tracked state and concept whose verdict varies, the smallest set
   of judgement calls that decides it (:mod:`standoff.analyses.decisive`).
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.decisive import Decision, Fact, decide, facts_of
from standoff.analyses.variants import Call, Variants, sweep_spec, widest_conflict
from standoff.concepts import (
    CONCEPT_NAMES,
    Concept,
    concept_key,
    concept_keys,
    is_unknown_preference,
    refuse_strong,
)
from standoff.engine.space import StateSpace
from standoff.errors import ConceptError
from standoff.model.conflict import Conflict
from standoff.model.uncertainty import StructuralCall

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "DEFAULT_SAMPLES",
    "EXHAUSTIVE_LIMIT",
    "IN_PROCESS_LIMIT",
    "Robustness",
    "Tracked",
    "batches_of",
    "robustness",
    "tracked_states",
    "variant_numbers",
]

EXHAUSTIVE_LIMIT = 10_000
"""Up to this many admissible variants, every one is analysed; beyond, a seeded sample."""

DEFAULT_SAMPLES = 1_000

IN_PROCESS_LIMIT = 200
"""Up to this many variants, unless told how many jobs, the sweep runs in this process: starting
processes would cost more than it saves."""

Progress = Callable[[int, int], None]
"""Hears of variants analysed so far and in all."""


@dataclass(frozen=True)
class Tracked:
    """A state whose verdict is followed variant by variant: its index and how the user knows it."""

    index: int
    label: str
    name: str | None


@dataclass(frozen=True, eq=False)
class Robustness:
    """How often each state is an equilibrium over the preference variants, and what decides it.

    ``counts[c, s]`` is the number of variants analysed in which the state at
    index ``s`` is an equilibrium under ``concepts[c]``; ``verdicts[v, t]``
    has bit ``c`` set when tracked state ``t`` is one in variant ``numbers[v]``.
    States are those of the widest model (:func:`~standoff.analyses.variants.widest_conflict`:
    the model's own when no call changes the feasible states); ``presence[s]`` counts the
    variants in which state ``s`` exists and ``present[v, t]`` says whether tracked state ``t``
    exists in variant ``numbers[v]``.
    """

    conflict: Conflict
    space: StateSpace
    concepts: tuple[Concept, ...]
    admissible: int
    exhaustive: bool
    seed: int
    numbers: tuple[int, ...]
    calls: tuple[Call, ...]
    counts: npt.NDArray[np.int64]
    tracked: tuple[Tracked, ...]
    verdicts: npt.NDArray[np.uint8]
    scheduler: str | None = None
    presence: npt.NDArray[np.int64] | None = None
    present: npt.NDArray[np.bool_] | None = None
    weighted_counts: npt.NDArray[np.float64] | None = None
    weighted_presence: npt.NDArray[np.float64] | None = None
    structural: tuple[StructuralCall, ...] = ()
    orders: int = 0
    """How many variants there would be counting statement orders rather than distinct rankings."""
    deduplicated: bool = True
    """Whether orders inducing the same ranking were counted once for every decision maker."""
    weighted: bool = False
    """Whether any call carries a weight."""

    @cached_property
    def _variants(self) -> Variants:
        return Variants(self.conflict)

    @property
    def variants(self) -> int:
        """How many variants were analysed."""
        return len(self.numbers)

    @property
    def margin(self) -> float:
        """For a sample, the half-width of a 95% confidence interval on any share, at its widest
        (``1.96 · sqrt(1/4 / variants)``, a share of one half); 0 when every variant was analysed."""
        if self.exhaustive:
            return 0.0
        return 1.96 * math.sqrt(0.25 / max(1, self.variants))

    @cached_property
    def exists(self) -> npt.NDArray[np.int64]:
        """``exists[s]``: in how many variants analysed state ``s`` exists."""
        if self.presence is not None:
            return self.presence
        return np.full(self.space.n_states, self.variants, dtype=np.int64)

    @cached_property
    def frequencies(self) -> npt.NDArray[np.float64]:
        """``frequencies[c, s]``: the share of the variants in which ``s`` exists where it is a
        ``concepts[c]``-equilibrium (0 for a state that exists in none)."""
        return self.counts / np.maximum(1, self.exists)

    @cached_property
    def presence_shares(self) -> npt.NDArray[np.float64]:
        """``presence_shares[s]``: the share of the variants analysed in which state ``s`` exists."""
        return self.exists / max(1, self.variants)

    @cached_property
    def weighted_frequencies(self) -> npt.NDArray[np.float64] | None:
        """As :attr:`frequencies`, each variant counted by its weight; None when no call has a weight."""
        if not self.weighted or self.weighted_counts is None or self.weighted_presence is None:
            return None
        return np.divide(
            self.weighted_counts,
            self.weighted_presence,
            out=np.zeros_like(self.weighted_counts),
            where=self.weighted_presence > 0,
        )

    @cached_property
    def necessary(self) -> npt.NDArray[np.bool_]:
        """``necessary[c, s]``: ``s`` is a ``concepts[c]``-equilibrium in every variant analysed in which it
        exists (and it exists in some)."""
        found: npt.NDArray[np.bool_] = (self.counts == self.exists) & (self.exists > 0)
        return found

    @cached_property
    def possible(self) -> npt.NDArray[np.bool_]:
        """``possible[c, s]``: ``s`` is a ``concepts[c]``-equilibrium in some variant analysed."""
        return self.counts > 0

    def reading(self, state: int, concept: Concept) -> str:
        """``every``, ``some`` or ``none``: in which of the readings analysed state index ``state`` is an
        equilibrium (``absent`` when it exists in none)."""
        c = self.concepts.index(concept)
        if self.exists[state] == 0:
            return "absent"
        if self.necessary[c, state]:
            return "every"
        return "some" if self.possible[c, state] else "none"

    def frequency(self, state: str | int, concept: str | None = None) -> float:
        """The share of the variants in which ``state`` (number, name, pattern) is an equilibrium under
        ``concept``: by default SEQ, or the sweep's one concept when it computed only one."""
        from standoff.analyses.states import state_index

        index = state_index(self.conflict, self.space, state)
        return float(self.frequencies[self._concept_row(concept), index])

    def _concept_row(self, concept: str | None) -> int:
        """The row of :attr:`frequencies` for ``concept``; a clear error when the sweep did not compute it."""
        swept = ", ".join(CONCEPT_NAMES[c] for c in self.concepts)
        if concept is None:
            if "seq" in self.concepts or len(self.concepts) != 1:
                concept = "seq"
            else:
                return 0
        key = concept_key(concept)
        if key not in self.concepts:
            raise ConceptError(
                f"this sweep did not compute {CONCEPT_NAMES[key]}: it computed {swept}; "
                "name one of them, or sweep again with that concept"
            )
        return self.concepts.index(key)

    def verdict(self, tracked: int, concept: Concept) -> npt.NDArray[np.bool_]:
        """Per variant, whether tracked state number ``tracked`` is an equilibrium under ``concept``."""
        bit = self.concepts.index(concept)
        return np.asarray((self.verdicts[:, tracked] >> bit) & 1, dtype=np.bool_)

    def exists_in(self, tracked: int) -> npt.NDArray[np.bool_]:
        """Per variant, whether tracked state number ``tracked`` exists."""
        if self.present is None:
            return np.ones(self.variants, dtype=np.bool_)
        return np.asarray(self.present[:, tracked], dtype=np.bool_)

    @cached_property
    def _facts(self) -> tuple[list[Fact], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        variants = self._variants
        orders = [variants.orders(n) for n in self.numbers]
        sizes = [len(texts) for texts in variants.texts]
        choices = [variants.choices(variants.locate(n)[0]) for n in self.numbers]
        return facts_of(self.calls, orders, sizes, [c.choices for c in self.structural], choices)

    @cached_property
    def decisions(self) -> dict[tuple[int, Concept], Decision]:
        """Per (tracked state, concept), the smallest set of calls that decides its verdict."""
        facts, table, codes = self._facts
        out = {}
        for t in range(len(self.tracked)):
            exists = self.exists_in(t)
            for c in self.concepts:
                out[t, c] = decide(self.verdict(t, c)[exists], facts, table[exists], codes[exists])
        return out

    def describe_call(self, call: int) -> str:
        """Call number ``call`` (preference calls first, then structural ones) in the model's words."""
        if call < len(self.calls):
            found = self.calls[call]
            return f"{self.conflict.decision_makers[found.decision_maker].name}: '{found.text}'"
        return structural_text(self.conflict, self.structural[call - len(self.calls)])

    def describe_fact(self, fact: Fact, value: bool = True) -> str:
        """A fact about a call in the model's words, e.g. ``DPRK: 'a' above 'b'`` (``below`` when false)."""
        if fact.call >= len(self.calls):
            structural = self.structural[fact.call - len(self.calls)]
            if value:
                return structural_alternative(self.conflict, structural, fact.wording or 1)
            if structural.kind == "direction":
                other = structural.alternatives[(fact.wording or 1) - 1]
                return f"{self.conflict.options[structural.index].name} is not {other}"
            return structural_text(self.conflict, structural)
        call = self.calls[fact.call]
        dm = self.conflict.decision_makers[call.decision_maker].name
        if fact.other is not None:
            other = self._variants.texts[call.decision_maker][fact.other]
            return f"{dm}: '{call.text}' {'above' if value else 'below'} '{other}'"
        worded = call.wordings[fact.wording or 0]
        return f"{dm}: '{call.text}' {'' if value else 'not '}worded as '{worded}'"

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract (see docs/reference/json-output.md)."""
        from standoff.outputs.robustness import robustness_to_dict

        return robustness_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame of frequencies: one row per state (number, pattern, name), one column per concept."""
        from standoff.outputs.robustness import robustness_to_frame

        return robustness_to_frame(self)

    def to_svg(self) -> str:
        """The shares as a chart (``standoff robustness --format svg``): per followed state and concept,
        a bar, the share in figures and words, and the calls that decide it."""
        from standoff.outputs.chart_svg import robustness_chart

        return robustness_chart(self)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        from standoff.outputs.robustness import robustness_html

        return robustness_html(self)

    def __str__(self) -> str:
        """What ``standoff robustness`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.robustness import robustness_table

        return plain_text(robustness_table(self), end="")

    def __repr__(self) -> str:
        how = "every variant" if self.exhaustive else f"a sample (seed {self.seed})"
        return (
            f"<Robustness {self.conflict.name!r}: {self.variants} variants ({how} of {self.admissible}), "
            f"{len(self.calls)} judgement call{'s' * (len(self.calls) != 1)}>"
        )


def structural_text(conflict: Conflict, call: StructuralCall) -> str:
    """A structural call in the model's words, e.g. ``dismantle_yongbyon is forward``."""
    if call.kind == "direction":
        option = conflict.options[call.index]
        return f"{option.name} is {option.direction.value}"
    if call.kind == "condition":
        return f"the condition '{conflict.describe(conflict.infeasible[call.index])}' holds"
    value = dict(conflict.fixed).get(call.index)
    return f"{conflict.options[call.index].name} fixed at {'Y' if value else 'N'}"


def structural_alternative(conflict: Conflict, call: StructuralCall, choice: int) -> str:
    """Alternative ``choice`` (1 = the first) of a structural call in words."""
    if call.kind == "direction":
        return f"{conflict.options[call.index].name} is {call.alternatives[choice - 1]}"
    if call.kind == "condition":
        return f"the condition '{conflict.describe(conflict.infeasible[call.index])}' does not hold"
    return f"{conflict.options[call.index].name} free"


def variant_numbers(admissible: int, samples: int, seed: int) -> tuple[tuple[int, ...], bool]:
    """The variant numbers to analyse and whether they are all of them (see the module's step 2)."""
    if admissible <= max(EXHAUSTIVE_LIMIT, samples):
        return tuple(range(admissible)), True
    generator = random.Random(seed)
    return tuple(generator.randrange(admissible) for _ in range(samples)), False


def tracked_states(
    conflict: Conflict, space: StateSpace, states: Iterable[str | int] = ()
) -> tuple[Tracked, ...]:
    """The status quo, every named state that is one feasible state, and ``states``: each once."""
    from standoff.analyses.stability import _status_quo
    from standoff.analyses.states import names_by_state, state_index

    names = {index: ", ".join(found) for index, found in names_by_state(conflict, space).items()}
    out: dict[int, Tracked] = {}
    status_quo = _status_quo(conflict, space)
    if status_quo is not None:
        out[status_quo] = Tracked(status_quo, names.get(status_quo, "status quo"), names.get(status_quo))
    for index in names:
        out.setdefault(index, Tracked(index, names[index], names[index]))
    for state in states:
        index = state_index(conflict, space, state)
        label = names.get(index) or space.pattern(index)
        out.setdefault(index, Tracked(index, label, names.get(index)))
    return tuple(out.values())


def batches_of(numbers: Sequence[int], workers: int, batch_size: int | None = None) -> list[list[int]]:
    """The variant numbers cut into batches: about four per worker, of at most 250 variants."""
    if batch_size is None:
        batch_size = max(1, min(250, math.ceil(len(numbers) / max(1, 4 * workers))))
    return [list(numbers[k : k + batch_size]) for k in range(0, len(numbers), batch_size)]


def robustness(
    conflict: Conflict,
    *,
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    concepts: str | Iterable[str] | None = None,
    states: Iterable[str | int] = (),
    jobs: int | None = 1,
    scheduler: str | None = None,
    batch_size: int | None = None,
    progress: Progress | None = None,
) -> Robustness:
    """How robust each verdict of ``conflict`` is to its uncertain preferences (see the module's steps).

    The batches run in this process (``jobs=1``, the default), on ``jobs``
    local processes (``None``: every core; the processes are started afresh,
    so a script that asks for them runs its work under
    ``if __name__ == "__main__":``), or on the Dask cluster whose scheduler is
    at ``scheduler`` (``tcp://host:port``). The result is the same whichever
    runs them.
    """
    from standoff.analyses.sweeping import available_cores, run_batches

    if samples < 1:
        raise ValueError("samples must be at least 1")
    wanted = concept_keys(concepts)
    refuse_strong(wanted, "robustness")
    unknown = [c for c in wanted if is_unknown_preference(c)]
    if unknown:
        raise ConceptError(
            f"{', '.join(unknown)}: the unknown-preference concepts already read every reading at once; "
            f"count the readings of an ordinary concept instead (--concepts {unknown[0].rsplit('_', 1)[0]}), "
            f"or see them with standoff analyze --concepts {unknown[0]}"
        )
    space = StateSpace.build(widest_conflict(conflict) if conflict.structural else conflict)
    variants = Variants(conflict)
    numbers, exhaustive = variant_numbers(variants.count, samples, seed)
    tracked = tracked_states(conflict, space, states)
    spec = sweep_spec(conflict, wanted, tuple(t.index for t in tracked), variants)
    workers = jobs or available_cores()
    if scheduler is None and jobs is None and len(numbers) <= IN_PROCESS_LIMIT:
        workers = 1  # a few hundred small analyses: starting processes would cost more
    batches = batches_of(numbers, workers, batch_size)
    results = run_batches(spec, batches, jobs=workers, scheduler=scheduler, progress=progress)
    counts = np.zeros((len(wanted), space.n_states), dtype=np.int64)
    presence = np.zeros(space.n_states, dtype=np.int64)
    weighted = np.zeros((len(wanted), space.n_states), dtype=np.float64)
    weighted_presence = np.zeros(space.n_states, dtype=np.float64)
    for result in results:
        counts += result.counts
        presence += result.presence if result.presence is not None else result.analysed
        if result.weighted is not None and result.weighted_presence is not None:
            weighted += result.weighted
            weighted_presence += result.weighted_presence
    verdicts = (
        np.concatenate([r.verdicts for r in results])
        if results
        else np.zeros((0, len(tracked)), dtype=np.uint8)
    )
    present = (
        np.concatenate(
            [
                r.present if r.present is not None else np.ones(r.verdicts.shape, dtype=np.bool_)
                for r in results
            ]
        )
        if results
        else np.zeros((0, len(tracked)), dtype=np.bool_)
    )
    found = Robustness(
        conflict,
        space,
        wanted,
        variants.count,
        exhaustive,
        seed,
        numbers,
        variants.calls,
        counts,
        tracked,
        verdicts,
        scheduler,
        presence,
        present,
        weighted,
        weighted_presence,
        conflict.structural,
        variants.orders_count,
        variants.deduplicated,
        variants.weighted,
    )
    found.__dict__["_variants"] = variants  # the readings found above, not scored again
    return found
