"""Stability analysis: every state, every decision maker, every concept.

``analyze(conflict)`` builds the state space once and runs the concepts of
:mod:`standoff.stability`; the :class:`AnalysisResult` it returns is what
every renderer and interface reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt

from standoff.analyses.profile import ProfileEquilibria, profile_equilibria
from standoff.analyses.states import State, state_index, state_of
from standoff.concepts import (
    CONCEPT_NAMES,
    CONCEPTS,
    Concept,
    concept_key,
    concept_keys,
    is_limited_move,
    is_strong,
    is_unknown_preference,
)
from standoff.engine.space import StateSpace
from standoff.errors import ModelError, StateError
from standoff.model.conflict import Conflict
from standoff.model.profile import read_profile
from standoff.renamed import renamed
from standoff.stability.limited_move import check_two_decision_makers

if TYPE_CHECKING:
    import networkx as nx
    import pandas as pd

    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation
    from standoff.analyses.unknown_explain import UnknownExplanation

__all__ = ["CONCEPTS", "CONCEPT_NAMES", "AnalysisResult", "Concept", "analyze"]

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

    ``stable[concept][i, s]`` tells whether the state at index ``s`` of the
    state space (index into ``codes``; its printed number is ``s + 1``) is
    stable for decision maker ``i`` under ``concept``. Everything a user
    reads (``status_quo``, ``equilibria``, :meth:`state`, the tables and
    :meth:`to_frame`) uses the printed state numbers.

    Examples:
        >>> import standoff
        >>> result = standoff.load("examples/prisoners-dilemma.yaml").analyze()
        >>> result
        <AnalysisResult "Prisoner's dilemma": 4 states;
         equilibria: Nash 1, GMR 2, SMR 2, SEQ 2, SIM 2, SEQ+SIM 2>
        >>> result.status_quo
        <state 1 NN: Row: (none); Column: (none)>
        >>> result.equilibria["nash"]
        [<state 4 YY: Row: row_defects; Column: col_defects>]
    """

    conflict: Conflict
    space: StateSpace
    stable: dict[Concept, npt.NDArray[np.bool_]]
    status_quo_index: int | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    profile: ProfileEquilibria | None = None
    """The equilibria under a concept per decision maker (``profile=`` or the model's ``profile:``),
    if one was given."""

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """The concepts this result holds, in table order."""
        return tuple(self.stable)

    @property
    def codes(self) -> npt.NDArray[np.int64]:
        """The feasible states' codes (bit ``j`` is option ``j``), in state-number order."""
        return self.space.codes

    @cached_property
    def patterns(self) -> list[str]:
        """Every feasible state's pattern, in state-number order."""
        return self.space.patterns()

    @property
    def status_quo(self) -> State | None:
        """The status quo as a :class:`State` (its ``number`` is the one tables print), if any."""
        if self.status_quo_index is None:
            return None
        return state_of(self.conflict, self.space, self.status_quo_index)

    def state(self, which: str | int) -> State:
        """One state, by its printed number, its name, its pattern or an expression matching it alone."""
        return state_of(self.conflict, self.space, state_index(self.conflict, self.space, which))

    def by_construction(self, index: int) -> tuple[str, ...]:
        """What makes the state at ``index`` stable whatever the concept finds (``top_for_all``,
        ``no_moves:<DM>``, ``indifferent:<DM>``; see :func:`standoff.analyses.audit.by_construction`)."""
        from standoff.analyses.audit import by_construction

        return by_construction(self.conflict, self.space, index)

    def undetermined(self, concept: Concept) -> npt.NDArray[np.bool_] | None:
        """NM only: the (decision maker, state) pairs whose verdict never settles (``None``: none).

        Their entry in :attr:`stable` is false; the JSON and the tables show them as undetermined.
        """
        cycle = self.extras.get("non_myopic")
        if concept != "nm" or cycle is None or not cycle.undetermined.any():
            return None
        mask: npt.NDArray[np.bool_] = cycle.undetermined
        return mask

    def equilibrium_mask(self, concept: Concept) -> npt.NDArray[np.bool_]:
        """States stable for every decision maker under ``concept``."""
        return np.asarray(self.stable[concept_key(concept)].all(axis=0))

    @cached_property
    def equilibria(self) -> dict[Concept, list[State]]:
        """Equilibria per concept: states that compare equal to their patterns and show option words."""
        return {
            c: [state_of(self.conflict, self.space, int(s)) for s in np.flatnonzero(self.equilibrium_mask(c))]
            for c in self.concepts
        }

    def equilibrium_count(self, concept: Concept) -> int:
        """How many equilibria ``concept`` has (without building them)."""
        return int(self.equilibrium_mask(concept).sum())

    def explain(
        self,
        state: str | int,
        concept: str = "seq",
        dm: str | int | None = None,
        *,
        profile: Mapping[str, str] | None = None,
    ) -> Explanation | UnknownExplanation:
        """Why ``state`` is stable or not (see :func:`standoff.explain`); ``profile`` judges each decision
        maker by its own concept (this result's profile is not assumed: pass it). An unknown-preference
        concept (``gmr_b``) is explained by :func:`standoff.analyses.unknown_explain.explain_unknown`."""
        if profile is None and is_unknown_preference(concept_key(concept)):
            from standoff.analyses.unknown_explain import explain_unknown

            return explain_unknown(self.conflict, state, concept_key(concept), dm)
        from standoff.analyses.explain import explain

        return explain(self, state, concept, dm, profile=profile)

    @renamed(target="to")
    def evolve(
        self,
        start: str | int | None = None,
        to: str | int | None = None,
        *,
        max_steps: int | None = None,
        concept: str = "seq",
        movers: int = 1,
        step_size: int | None = None,
    ) -> Evolution:
        """Where unilateral improvements lead from ``start``, and whether they reach ``to``, with the names
        of ``standoff evolve`` (see :func:`standoff.evolve`)."""
        from standoff.analyses.evolution import evolve

        return evolve(
            self, start, to, max_steps=max_steps, concept=concept, movers=movers, step_size=step_size
        )

    def to_networkx(self) -> nx.MultiDiGraph:
        """The state graph with each state's equilibria marked (see :meth:`Conflict.to_networkx`)."""
        from standoff.analyses.graph import to_networkx

        return to_networkx(self)

    def to_dict(self, *, states: bool = True) -> dict[str, Any]:
        """The JSON output contract (see docs/reference/json-output.md).

        With ``states`` (a dict per state, about a kilobyte each), more than
        :data:`standoff.outputs.json.DICT_STATE_LIMIT` states are refused with a message naming the
        lighter ways: ``states=False`` (the equilibria only), :meth:`to_frame`, a page of states
        (:func:`standoff.outputs.json.state_rows`) or the JSON written in blocks
        (:func:`standoff.outputs.json.write_analysis_json`).
        """
        from standoff.outputs.json import analysis_to_dict

        return analysis_to_dict(self, states=states)

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame: one row per state, columns (decision maker or 'equilibrium', concept).

        Built from the result's arrays (no dict per state), so it suits millions of states. Needs pandas
        (``pip install 'standoff[frame]'``).
        """
        from standoff.outputs.frame import analysis_to_frame

        return analysis_to_frame(self)

    def _repr_html_(self) -> str:
        from standoff.outputs.html import stability_table

        return stability_table(self)

    def __str__(self) -> str:
        """What ``standoff analyze`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.table import stability_table

        return plain_text(stability_table(self), end="")

    def __repr__(self) -> str:
        counts = ", ".join(f"{CONCEPT_NAMES[c]} {self.equilibrium_count(c)}" for c in self.concepts)
        if self.profile is not None:
            counts += f"; profile ({self.profile.text}) {int(self.profile.equilibrium_mask.sum())}"
        return f"<AnalysisResult {self.conflict.name!r}: {self.space.n_states} states; equilibria: {counts}>"


def analyze(
    conflict: Conflict,
    concepts: str | Iterable[str] | None = None,
    *,
    space: StateSpace | None = None,
    progress: Progress | None = None,
    engine: Engine = "auto",
    profile: Mapping[str, str] | Iterable[tuple[str, str]] | None = None,
) -> AnalysisResult:
    """Stability of every feasible state of ``conflict`` under each concept (all six by default).

    ``concepts`` is one concept's name or several, in any case (``"nash"``,
    ``("GMR", "SEQ+SIM")``); an unknown name raises :class:`ConceptError`.
    With two decision makers, ``"l1"``, ``"l2"``, ... (limited move of that
    horizon) and ``"nm"`` (non-myopic) are concepts too (see
    :mod:`standoff.stability.limited_move`); with more, they raise
    :class:`ConceptError`. ``"gmr_strong"``, ``"smr_strong"`` and ``"seq_strong"`` (strength of
    preference, :mod:`standoff.stability.strength`) are computed only when asked for, and only for a
    model that says which preferences are strong (else :class:`ConceptError`).

    ``engine`` chooses how: ``"listed"`` (plain numpy over every move listed,
    for small state spaces), ``"numba"`` (compiled kernels over grouped moves,
    for any size) or ``"auto"``: listed up to :data:`LISTED_STATE_LIMIT`
    states and :data:`LISTED_PAIR_LIMIT` candidate moves. Both give the same
    answers (the tests check each against the plain reference).

    ``profile`` gives each decision maker its own concept (decision maker name -> concept name; every
    decision maker once), as GMCR II did; without it, the model's ``profile:`` if it has one (an empty
    mapping: no profile, whatever the model says). The
    result's :attr:`AnalysisResult.profile` holds the equilibria under it, and its concepts are computed
    whether or not ``concepts`` names them. A wrong profile raises :class:`ProfileError`.
    """
    chosen = _check_concepts(concepts)
    # None: the model's profile, if any; an empty mapping: none (the analyses that follow one concept)
    keys = read_profile(conflict.decision_maker_names, profile) if profile is not None else conflict.profile
    if keys:
        chosen = concept_keys((*chosen, *keys))
    strong = tuple(c for c in chosen if is_strong(c))
    if strong:
        from standoff.engine.strength import check_strength

        check_strength(conflict, strong)
    wanted = tuple(c for c in chosen if not is_limited_move(c) and not is_unknown_preference(c))
    limited = tuple(c for c in chosen if is_limited_move(c))
    unknown = tuple(c for c in chosen if is_unknown_preference(c))
    if engine not in ("auto", "listed", "numba"):
        raise ValueError(f"unknown engine {engine!r}; choose from auto, listed, numba")
    if limited:
        check_two_decision_makers(limited, conflict.decision_maker_names)
    if space is None:
        if progress is not None:
            progress("building the state space", 0, None)
        space = StateSpace.build(conflict)
    status_quo = _status_quo(conflict, space)
    n = space.n_decision_makers
    sim = int("sim" in wanted or "seqsim" in wanted)
    listed = engine == "listed" or (engine == "auto" and is_small(space))
    found: dict[str, npt.NDArray[np.bool_]] = {}
    extras: dict[str, Any] = {}
    bounds = None
    if strong:
        from standoff.engine.strength import strength_bounds

        bounds = strength_bounds(conflict, space)
    if wanted and listed:
        from standoff.stability.listed import analyze_listed

        found = analyze_listed(space, wanted, _Steps(progress, 1 + n + sim), bounds=bounds)
    elif wanted:
        bases = {_ordinary(c) for c in wanted}
        per_dm = 1 + int(bool({"gmr", "smr"} & bases)) + int(bool({"seq", "seqsim"} & bases))
        grouping = int(n > 1 and space.n_states > 1)
        steps = _Steps(progress, grouping + n * per_dm + sim)
        found = _analyze_grouped(conflict, space, wanted, steps, bounds)
    if limited:
        from standoff.stability.limited_move import limited_move

        if progress is not None:
            progress(f"limited move ({', '.join(CONCEPT_NAMES[c] for c in limited)})", 0, None)
        moved, non_myopic = limited_move(space, limited, listed=listed)
        found.update(moved)
        if non_myopic is not None:
            extras["non_myopic"] = non_myopic
    if unknown:
        from standoff.analyses.unknown import unknown_preferences

        if progress is not None:
            progress("unknown preferences", 0, None)
        answer = unknown_preferences(conflict, unknown, space.codes)
        found.update(answer.stable)
        extras["unknown_preferences"] = answer
    stable: dict[Concept, npt.NDArray[np.bool_]] = {c: found[c] for c in chosen}
    judged = profile_equilibria(conflict, space, stable, keys) if keys else None
    return AnalysisResult(conflict, space, stable, status_quo, extras, judged)


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


def _ordinary(concept: Concept) -> Concept:
    """The ordinary concept whose sanctions a strong concept grades (the concept itself otherwise)."""
    from standoff.stability.strength import STRONG_OF

    return STRONG_OF.get(concept, concept)


def _analyze_grouped(
    conflict: Conflict,
    space: StateSpace,
    wanted: tuple[Concept, ...],
    step: Callable[[str], None],
    bounds: npt.NDArray[np.int64] | None = None,
) -> dict[str, npt.NDArray[np.bool_]]:
    """The numba engine: every concept through each decision maker's grouped moves (the strong ones
    from the same sanction values, against ``bounds`` of :func:`standoff.engine.strength.strength_bounds`)."""
    from standoff.stability import gmr, seq, smr
    from standoff.stability.deterrence import deterred, unconditional_sanctions
    from standoff.stability.sim import simultaneous
    from standoff.stability.strength import STRONG_OF, strongly_deterred

    candidates: dict[Concept, Callable[[StateSpace, int], npt.NDArray[np.int64]]] = {
        "gmr": gmr.sanction_candidates,
        "smr": smr.sanction_candidates,
    }
    bases = {_ordinary(c) for c in wanted}
    needed: list[Concept] = [
        c for c in ("gmr", "smr", "seq") if c in bases or (c == "seq" and "seqsim" in wanted)
    ]
    strong = [c for c in STRONG_OF if c in wanted]
    n, size = space.n_decision_makers, space.n_states
    by_dm: dict[str, npt.NDArray[np.bool_]] = {
        c: np.empty((n, size), dtype=np.bool_) for c in ("nash", *needed, *strong)
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
        for k, kind in enumerate(needed):  # kept for the roadmap's stages (standoff.analyses.stages)
            space.remember(("sanction_values", kind, dm), values[k].copy())
        step(f"Nash and deterrence for {name}")
        result = deterred(space, dm, values)
        if strong and bounds is not None:
            rows = values[[needed.index(STRONG_OF[c]) for c in strong]]
            for concept, verdict in zip(strong, strongly_deterred(space, dm, rows, bounds[dm]), strict=True):
                by_dm[concept][dm] = verdict
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


def _check_concepts(concepts: str | Iterable[str] | None) -> tuple[Concept, ...]:
    return concept_keys(concepts)


def _status_quo(conflict: Conflict, space: StateSpace) -> int | None:
    from standoff.analyses.states import resolve_state

    if conflict.status_quo is None:
        return None
    try:
        return resolve_state(conflict, space, conflict.status_quo, role="status quo")
    except StateError as error:
        raise ModelError(str(error), file=conflict.path, place="status_quo") from None
