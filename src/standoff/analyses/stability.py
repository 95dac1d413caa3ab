"""Stability analysis: every state, every decision maker, every concept.

``analyze(conflict)`` builds the state space once and runs the concepts of
:mod:`standoff.stability`; the :class:`AnalysisResult` it returns is what
every renderer and interface reads.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import numpy.typing as npt

from standoff.analyses.states import State, state_of
from standoff.engine.space import StateSpace
from standoff.errors import ModelError, StateError
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    import pandas as pd

Concept = Literal["nash", "gmr", "smr", "seq", "sim", "seqsim"]
CONCEPTS: tuple[Concept, ...] = get_args(Concept)
CONCEPT_NAMES: dict[Concept, str] = {
    "nash": "Nash",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sim": "SIM",
    "seqsim": "SEQ+SIM",
}

Engine = Literal["auto", "listed", "numba"]

Progress = Callable[[str, int, "int | None"], None]
"""Hears of each step of a long analysis: what it is, how many steps are done before it, and how many
there are in all (None while not known yet)."""

LISTED_STATE_LIMIT = 16_384
"""Up to this many feasible states, plain numpy over listed moves (no numba to load and compile)."""

LISTED_PAIR_LIMIT = 1 << 23
"""... and at most this many (state, option change) candidates to list (memory: states × moves)."""


@dataclass(frozen=True, eq=False)
class AnalysisResult:
    """Stability of every feasible state for every decision maker.

    ``stable[concept][i, s]`` tells whether state ``s`` (index into
    ``codes``) is stable for decision maker ``i`` under ``concept``.
    """

    conflict: Conflict
    space: StateSpace
    stable: dict[Concept, npt.NDArray[np.bool_]]
    status_quo: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def concepts(self) -> tuple[Concept, ...]:
        return tuple(self.stable)

    @property
    def codes(self) -> npt.NDArray[np.int64]:
        return self.space.codes

    @cached_property
    def patterns(self) -> list[str]:
        return self.space.patterns()

    def equilibrium_mask(self, concept: Concept) -> npt.NDArray[np.bool_]:
        """States stable for every decision maker under ``concept``."""
        return np.asarray(self.stable[concept].all(axis=0))

    @cached_property
    def equilibria(self) -> dict[Concept, list[State]]:
        """Equilibria per concept: states that compare equal to their patterns and show option words."""
        return {
            c: [state_of(self.conflict, self.space, int(s)) for s in np.flatnonzero(self.equilibrium_mask(c))]
            for c in self.concepts
        }

    def to_dict(self, *, states: bool = True) -> dict[str, Any]:
        """The JSON output contract (see docs/reference/json-output.md)."""
        from standoff.outputs.json import analysis_to_dict

        return analysis_to_dict(self, states=states)

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame: one row per state, columns (decision maker or 'equilibrium', concept)."""
        from standoff.outputs.frame import analysis_to_frame

        return analysis_to_frame(self)

    def _repr_html_(self) -> str:
        from standoff.outputs.html import stability_table

        return stability_table(self)

    def equilibrium_count(self, concept: Concept) -> int:
        """How many equilibria ``concept`` has (without building them)."""
        return int(self.equilibrium_mask(concept).sum())

    def __repr__(self) -> str:
        counts = ", ".join(f"{CONCEPT_NAMES[c]} {self.equilibrium_count(c)}" for c in self.concepts)
        return f"<AnalysisResult {self.conflict.name!r}: {self.space.n_states} states; equilibria: {counts}>"


def analyze(
    conflict: Conflict,
    concepts: tuple[Concept, ...] | None = None,
    *,
    space: StateSpace | None = None,
    progress: Progress | None = None,
    engine: Engine = "auto",
) -> AnalysisResult:
    """Stability of every feasible state of ``conflict`` under each concept (all six by default).

    ``engine`` chooses how: ``"listed"`` (plain numpy over every move listed,
    for small state spaces), ``"numba"`` (compiled kernels over grouped moves,
    for any size) or ``"auto"``: listed up to :data:`LISTED_STATE_LIMIT`
    states and :data:`LISTED_PAIR_LIMIT` candidate moves. Both give the same
    answers (the tests check each against the plain reference).
    """
    wanted = _check_concepts(concepts)
    if engine not in ("auto", "listed", "numba"):
        raise ValueError(f"unknown engine {engine!r}; choose from auto, listed, numba")
    if space is None:
        if progress is not None:
            progress("building the state space", 0, None)
        space = StateSpace.build(conflict)
    status_quo = _status_quo(conflict, space)
    n = space.n_decision_makers
    sim = int("sim" in wanted or "seqsim" in wanted)
    if engine == "listed" or (engine == "auto" and is_small(space)):
        from standoff.stability.listed import analyze_listed

        found = analyze_listed(space, wanted, _Steps(progress, 1 + n + sim))
    else:
        per_dm = 1 + int(bool({"gmr", "smr"} & set(wanted))) + int(bool({"seq", "seqsim"} & set(wanted)))
        grouping = int(n > 1 and space.n_states > 1)
        found = _analyze_grouped(conflict, space, wanted, _Steps(progress, grouping + n * per_dm + sim))
    stable: dict[Concept, npt.NDArray[np.bool_]] = {c: found[c] for c in CONCEPTS if c in wanted}
    return AnalysisResult(conflict, space, stable, status_quo)


class _Steps:
    """Numbers the steps of one analysis for a :data:`Progress` callback."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self._done = 0

    def __call__(self, message: str) -> None:
        if self._progress is not None:
            self._progress(message, self._done, self._total)
        self._done += 1


def is_small(space: StateSpace) -> bool:
    """Whether the listed-moves engine suits ``space`` (see :data:`LISTED_STATE_LIMIT`)."""
    from standoff.engine.move_lists import move_pairs

    return space.n_states <= LISTED_STATE_LIMIT and move_pairs(space) <= LISTED_PAIR_LIMIT


def _analyze_grouped(
    conflict: Conflict, space: StateSpace, wanted: tuple[Concept, ...], step: Callable[[str], None]
) -> dict[str, npt.NDArray[np.bool_]]:
    """The numba engine: every concept through each decision maker's grouped moves."""
    from standoff.stability import gmr, seq, smr
    from standoff.stability.deterrence import deterred, unconditional_sanctions
    from standoff.stability.sim import simultaneous

    candidates: dict[Concept, Callable[[StateSpace, int], npt.NDArray[np.int64]]] = {
        "gmr": gmr.sanction_candidates,
        "smr": smr.sanction_candidates,
    }
    needed: list[Concept] = [
        c for c in ("gmr", "smr", "seq") if c in wanted or (c == "seq" and "seqsim" in wanted)
    ]
    n, size = space.n_decision_makers, space.n_states
    by_dm: dict[str, npt.NDArray[np.bool_]] = {
        c: np.empty((n, size), dtype=np.bool_) for c in ("nash", *needed)
    }
    if n > 1 and size > 1:
        step("grouping the moves")
        space.layouts  # noqa: B018 - built once here so that the steps below time only themselves
    for dm in range(n):
        name = conflict.decision_makers[dm].name
        values = np.empty((len(needed), size), dtype=np.int64)
        # GMR and SMR ask about the same moves (any legal sequence): one propagation carries both rows
        unconditional = [c for c in needed if c in ("gmr", "smr")]
        if unconditional:
            step(f"{' and '.join(CONCEPT_NAMES[c] for c in unconditional)} for {name}")
            rows = np.stack([candidates[c](space, dm) for c in unconditional])
            reached = unconditional_sanctions(space, dm, rows)
            for row, kind in zip(reached, unconditional, strict=True):
                values[needed.index(kind)] = row
            del rows, reached
        if "seq" in needed:
            step(f"SEQ for {name}")
            values[needed.index("seq")] = seq.sanction_values(space, dm)
        step(f"Nash and deterrence for {name}")
        result = deterred(space, dm, values)
        del values
        by_dm["nash"][dm] = result[0]
        for k, concept in enumerate(needed):
            by_dm[concept][dm] = result[k + 1]
    if "sim" in wanted or "seqsim" in wanted:
        step("SIM for every decision maker")
        sim = simultaneous(space)
        if "sim" in wanted:
            by_dm["sim"] = sim
        if "seqsim" in wanted:
            by_dm["seqsim"] = by_dm["seq"] & sim
    return by_dm


def _check_concepts(concepts: tuple[Concept, ...] | None) -> tuple[Concept, ...]:
    if concepts is None:
        return CONCEPTS
    unknown = [c for c in concepts if c not in CONCEPTS]
    if unknown:
        raise ValueError(
            f"unknown concept(s) {', '.join(map(str, unknown))}; choose from {', '.join(CONCEPTS)}"
        )
    return tuple(c for c in CONCEPTS if c in concepts)


def _status_quo(conflict: Conflict, space: StateSpace) -> int | None:
    from standoff.analyses.states import resolve_state

    if conflict.status_quo is None:
        return None
    try:
        return resolve_state(conflict, space, conflict.status_quo, role="status quo")
    except StateError as error:
        raise ModelError(str(error), file=conflict.path, place="status_quo") from None
