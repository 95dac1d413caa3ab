"""Robustness: which verdicts survive the judgement calls of a model's preferences.

docs/explanation/definitions.md, "Uncertain preferences and robustness" (compare Li, Hipel, Kilgour
& Fang, "Preference uncertainty in the graph model", IEEE SMC-A 2004): the
robustness of a verdict is the share of the admissible preference variants in
which it holds.

1. Number the admissible variants (:class:`~standoff.analyses.variants.Variants`).
2. Take every one when there are at most :data:`EXHAUSTIVE_LIMIT` (or at most
   the sample asked for), else a sample of ``samples`` numbers drawn uniformly,
   with replacement, by a random generator seeded with ``seed``.
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
from standoff.analyses.variants import Call, Variants, sweep_spec
from standoff.concepts import Concept, concept_key, concept_keys
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict

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
    def frequencies(self) -> npt.NDArray[np.float64]:
        """``frequencies[c, s]``: the share of variants in which ``s`` is a ``concepts[c]``-equilibrium."""
        return self.counts / max(1, self.variants)

    def frequency(self, state: str | int, concept: str = "seq") -> float:
        """The share of the variants in which ``state`` (number, name, pattern) is an equilibrium."""
        from standoff.analyses.states import state_index

        index = state_index(self.conflict, self.space, state)
        return float(self.frequencies[self.concepts.index(concept_key(concept)), index])

    def verdict(self, tracked: int, concept: Concept) -> npt.NDArray[np.bool_]:
        """Per variant, whether tracked state number ``tracked`` is an equilibrium under ``concept``."""
        bit = self.concepts.index(concept)
        return np.asarray((self.verdicts[:, tracked] >> bit) & 1, dtype=np.bool_)

    @cached_property
    def _facts(self) -> tuple[list[Fact], npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
        variants = Variants(self.conflict)
        orders = [variants.orders(n) for n in self.numbers]
        sizes = [len(texts) for texts in variants.texts]
        return facts_of(self.calls, orders, sizes)

    @cached_property
    def decisions(self) -> dict[tuple[int, Concept], Decision]:
        """Per (tracked state, concept), the smallest set of calls that decides its verdict."""
        facts, table, codes = self._facts
        return {
            (t, c): decide(self.verdict(t, c), facts, table, codes)
            for t in range(len(self.tracked))
            for c in self.concepts
        }

    def describe_fact(self, fact: Fact, value: bool = True) -> str:
        """A fact about a call in the model's words, e.g. ``DPRK: 'a' above 'b'`` (``below`` when false)."""
        call = self.calls[fact.call]
        dm = self.conflict.decision_makers[call.decision_maker].name
        if fact.other is not None:
            other = Variants(self.conflict).texts[call.decision_maker][fact.other]
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

    def _repr_html_(self) -> str:
        from standoff.outputs.robustness import robustness_html

        return robustness_html(self)

    def __repr__(self) -> str:
        how = "every variant" if self.exhaustive else f"a sample (seed {self.seed})"
        return (
            f"<Robustness {self.conflict.name!r}: {self.variants} variants ({how} of {self.admissible}), "
            f"{len(self.calls)} judgement calls>"
        )


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
    space = StateSpace.build(conflict)
    variants = Variants(conflict)
    numbers, exhaustive = variant_numbers(variants.count, samples, seed)
    tracked = tracked_states(conflict, space, states)
    spec = sweep_spec(conflict, wanted, tuple(t.index for t in tracked))
    workers = jobs or available_cores()
    if scheduler is None and jobs is None and len(numbers) <= IN_PROCESS_LIMIT:
        workers = 1  # a few hundred small analyses: starting processes would cost more
    batches = batches_of(numbers, workers, batch_size)
    results = run_batches(spec, batches, jobs=workers, scheduler=scheduler, progress=progress)
    counts = np.zeros((len(wanted), space.n_states), dtype=np.int64)
    for result in results:
        counts += result.counts
    verdicts = (
        np.concatenate([r.verdicts for r in results])
        if results
        else np.zeros((0, len(tracked)), dtype=np.uint8)
    )
    return Robustness(
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
    )
