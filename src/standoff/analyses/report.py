"""What a report on a conflict shows: the part of the state graph to draw, the states to explain.

:func:`gather` runs the analyses a report needs (stability is given; the
explanations, the status quo analysis and the observed history are run
here) and chooses what to draw, so that a notebook builds the same
:class:`Report` as ``standoff report``. The HTML is made by
:func:`standoff.outputs.report.render_report`, which only formats.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.concepts import CONCEPT_NAMES, CONCEPTS, Concept, concept_keys, is_strong, is_unknown_preference
from standoff.engine.bits import changeable, popcount
from standoff.engine.moves import unilateral_moves
from standoff.errors import StandoffError

if TYPE_CHECKING:
    import os

    from standoff.analyses.audit import Audit
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.exchanges import Exchanges
    from standoff.analyses.explain import Explanation
    from standoff.analyses.history import Timeline
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.robustness import Robustness
    from standoff.analyses.stability import AnalysisResult
    from standoff.analyses.unknown_explain import UnknownExplanation
    from standoff.analyses.whatif import WhatIf
    from standoff.model.conflict import Conflict

MAX_GRAPH_STATES = 100
"""Most states drawn; a larger model is drawn around its status quo."""
MAX_EXPLAINED = 12
"""Most equilibria explained one by one besides the status quo and the named states (always explained)."""
DENSE_GRAPH = 3.0
"""Above this many drawn lines per state, moves that change several options at once are left out."""
MAX_DRAWN_PATHS = 8
"""Most evolution paths traced on the graph (the shortest first)."""
ROBUSTNESS_SAMPLES = 1000
"""Preference variants analysed for the report's robustness section when there are more than 10,000."""


@dataclass(frozen=True)
class GraphMove:
    """A unilateral move of ``decision_maker`` from ``source`` to ``target`` (state indices), as drawn."""

    source: int
    target: int
    decision_maker: int
    improvement: bool


@dataclass(frozen=True)
class PathOverlay:
    """States to trace on the graph: a path from the status quo, or the observed history."""

    label: str
    kind: str  # "evolution" or "history"
    states: tuple[int, ...]


@dataclass(frozen=True)
class StateGraph:
    """The part of the state graph to draw.

    ``states`` are indices into ``AnalysisResult.codes``; ``moves`` only join
    states in ``states``. ``focus`` says in words which part of a larger
    graph is shown ("" when every feasible state is drawn).
    """

    states: tuple[int, ...]
    moves: tuple[GraphMove, ...]
    n_states: int
    focus: str = ""
    paths: tuple[PathOverlay, ...] = ()
    omitted_moves: int = 0
    """Moves left out because the same decision maker can make them in steps through drawn states."""
    explained: tuple[tuple[int, int], ...] = ()
    """The moves that say why the centre (the status quo) holds or not: its improvements drawn and the
    sanctions' moves (see :func:`explanation_moves`)."""

    @property
    def is_partial(self) -> bool:
        """Whether some feasible states are left out of the drawing."""
        return len(self.states) < self.n_states


@dataclass(frozen=True)
class Report:
    """Everything a report shows; the renderer only formats it.

    ``explanations`` are for the status quo and the equilibria under
    ``concept``; ``evolution`` is a status quo analysis
    (:class:`standoff.analyses.evolution.Evolution`) and ``history`` an
    observed history; either is ``None`` when not gathered. ``roadmaps``
    lead from the status quo to each of the model's ``targets``. ``notes`` are
    sentences for the reader about what was left out.

    Examples:
        >>> import standoff
        >>> report = standoff.report(standoff.load("examples/prisoners-dilemma.yaml").analyze())
        >>> report
        <Report on "Prisoner's dilemma" under SEQ: 4 of 4 states drawn, 2 states explained>
        >>> report.to_html().startswith("<!DOCTYPE html>")
        True
    """

    result: AnalysisResult
    concept: Concept
    graph: StateGraph
    explanations: tuple[Explanation, ...] = ()
    evolution: Evolution | None = None
    history: Timeline | None = None
    notes: tuple[str, ...] = ()
    generated: date | None = None
    roadmaps: tuple[Roadmap, ...] = ()
    robustness: Robustness | None = None
    """How the verdicts under ``concept`` fare over the model's judgement calls (None when it has none)."""
    whatifs: tuple[WhatIf, ...] = ()
    """What would have to change for the states asked about to hold (empty unless asked)."""
    exchanges: Exchanges | None = None
    """The first two decision makers' single steps at the status quo, alone and against each other: the
    first steps each refuses (None without a status quo)."""
    audit: Audit | None = None
    """What the verdicts on the status quo and the named states rest on (None without any)."""
    extended_concepts: tuple[Concept, ...] = ()
    """The strength-of-preference and unknown-preference concepts shown beside ``concept`` (``gmr_strong``,
    ``gmr_b``): in the stability table, the equilibria and the explanations. The other sections follow
    ``concept``, which they take (see :func:`report_concepts`)."""
    extended_explanations: tuple[Explanation | UnknownExplanation, ...] = ()
    """Under each of ``extended_concepts`` in turn, the explanations of the states ``explanations`` has
    (the status quo and the named states), or of that concept's equilibria."""

    def to_html(self) -> str:
        """The report as one self-contained HTML page (what ``standoff report`` writes)."""
        from standoff.outputs.report import render_report

        return render_report(self)

    def to_dict(self) -> dict[str, Any]:
        """What the page shows as JSON-ready data: the analysis, the graph drawn, the other results' JSON."""
        space = self.result.space
        dms = self.result.conflict.decision_maker_names
        return {
            "analysis": self.result.to_dict(states=False),
            "concept": self.concept,
            "graph": {
                "states": [s + 1 for s in self.graph.states],
                "patterns": [space.pattern(s) for s in self.graph.states],
                "moves": [
                    {
                        "dm": dms[m.decision_maker],
                        "from": m.source + 1,
                        "to": m.target + 1,
                        "improvement": m.improvement,
                    }
                    for m in self.graph.moves
                ],
                "omitted_moves": self.graph.omitted_moves,
                "focus": self.graph.focus,
            },
            "explanations": [e.to_dict() for e in self.explanations],
            "extended_concepts": list(self.extended_concepts),
            "extended_explanations": [e.to_dict() for e in self.extended_explanations],
            "evolution": None if self.evolution is None else self.evolution.to_dict(),
            "history": None if self.history is None else self.history.to_dict(),
            "roadmaps": [r.to_dict() for r in self.roadmaps],
            "robustness": None if self.robustness is None else self.robustness.to_dict(),
            "notes": list(self.notes),
            "whatif": [w.to_dict() for w in self.whatifs],
            "exchanges": None if self.exchanges is None else self.exchanges.to_dict(),
            "audit": None if self.audit is None else self.audit.to_dict(),
        }

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the HTML page to ``path``, replaced whole or not at all."""
        from standoff.io.atomic import write_text_atomically

        write_text_atomically(path, self.to_html(), what="report")

    def _repr_html_(self) -> str:
        # in a frame: the page's stylesheet and script must not reach the notebook around it
        from html import escape

        return (
            f'<iframe srcdoc="{escape(self.to_html(), quote=True)}" title="standoff report" '
            'style="width: 100%; height: 640px; border: 1px solid #ddd"></iframe>'
        )

    def __str__(self) -> str:
        """The report's parts that have a text form (equilibria, explanations, status quo analysis,
        roadmaps, history, robustness, what-ifs), as the commands print them."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.report_text import report_text

        return plain_text(report_text(self), end="")

    def __repr__(self) -> str:
        beside = "".join(f", {CONCEPT_NAMES[c]}" for c in self.extended_concepts)
        return (
            f"<Report on {self.result.conflict.name!r} under {CONCEPT_NAMES[self.concept]}{beside}: "
            f"{len(self.graph.states)} of {self.graph.n_states} states drawn, "
            f"{len(self.explanations)} state{'s' * (len(self.explanations) != 1)} explained>"
        )


def neighbourhood(result: AnalysisResult, centre: int, radius: int, limit: int | None = None) -> list[int]:
    """States within ``radius`` unilateral moves (of any decision maker) of ``centre``, nearest first;
    with ``limit``, the search stops once more than ``limit`` states are found (and returns them)."""
    space = result.space
    distance = {centre: 0}
    queue = deque([centre])
    order = [centre]
    while queue:
        s = queue.popleft()
        if distance[s] >= radius:
            continue
        for dm in range(space.n_decision_makers):
            for t in unilateral_moves(space, dm, s).tolist():
                if t not in distance:
                    distance[t] = distance[s] + 1
                    order.append(t)
                    queue.append(t)
            if limit is not None and len(order) > limit:
                return order
    return order


def _state_label(result: AnalysisResult, s: int) -> str:
    return f"state {s + 1} ({result.space.pattern(s)})"


def explanation_moves(result: AnalysisResult, concept: Concept, centre: int) -> list[tuple[int, int]]:
    """The moves that say why ``centre`` holds or not under ``concept``, as (from, to) states: each
    decision maker's unilateral improvements from it (those :meth:`DecisionMakerExplanation.shown` picks),
    and the moves of the sanctions that answer them."""
    from standoff.analyses.explain import explain

    moves: list[tuple[int, int]] = []
    why = explain(result, centre + 1, concept)  # explain takes state numbers
    for part in why.decision_makers:
        for item in part.shown():  # a decision maker with many options has hundreds: the few that matter
            moves.append((centre, item.improvement_index))
            for _, sanction in item.sanctions:
                if sanction is not None:
                    moves += [(move.source_index, move.target_index) for move in sanction.moves]
    return list(dict.fromkeys(moves))


def graph_centre(result: AnalysisResult, concept: Concept) -> tuple[int, str]:
    """The state a partial graph is drawn around, and its words: the status quo or, without one, the first
    equilibrium under ``concept``."""
    if result.status_quo_index is not None:
        return result.status_quo_index, f"the status quo, {_state_label(result, result.status_quo_index)}"
    eq = np.flatnonzero(result.equilibrium_mask(concept))
    centre = int(eq[0]) if eq.size else 0
    what = (
        f"the first equilibrium, {_state_label(result, centre)}" if eq.size else _state_label(result, centre)
    )
    return centre, what + " (the model has no status quo)"


def choose_states(
    result: AnalysisResult,
    concept: Concept,
    paths: list[tuple[int, ...]],
    max_states: int,
    *,
    radius: int | None = None,
    around: Sequence[int] = (),
    explained: Sequence[tuple[int, int]] = (),
) -> tuple[list[int], str]:
    """The states to draw and, when not all of them, a sentence saying which part is shown.

    Every state when there are at most ``max_states`` (and neither ``radius`` nor ``around`` is given).
    Otherwise the focused view: the centre (:func:`graph_centre`) and the states of the moves that say
    why it holds or not, ``explained`` (:func:`explanation_moves` from it); or, with
    ``radius``, every state within that many moves of it (refused past ``max_states``). Then the
    neighbours of each state in ``around`` (one move away), the states of the traced paths, and every
    named state (the model names few, and they are what the reader asks about).
    """
    from standoff.analyses.states import state_names

    n = result.space.n_states
    if n <= max_states and radius is None and not around:
        return list(range(n)), ""
    centre, what = graph_centre(result, concept)
    if radius is not None:
        chosen = neighbourhood(result, centre, radius, limit=max_states)
        if len(chosen) > max_states:
            raise StandoffError(
                f"more than {max_states:,} states lie within {radius} move{'s' * (radius != 1)} of {what}; "
                f"at most {max_states:,} are drawn: ask for fewer moves"
            )
        focus = f"the states within {radius} move{'s' * (radius != 1)} of {what}"
    else:
        chosen = list(dict.fromkeys([centre, *(state for move in explained for state in move)]))
        focus = f"{what}, its improvements and the sanctions that answer them"
    shown = set(chosen)
    grown = []
    for s in dict.fromkeys(around):
        extra = [t for t in neighbourhood(result, s, 1) if t not in shown]
        chosen += extra
        shown |= set(extra)
        grown.append(str(s + 1))
    if grown:
        focus += f", the neighbours of state{'s' * (len(grown) != 1)} {', '.join(grown)}"
    added = 0
    for path in paths:
        extra = [s for s in dict.fromkeys(path) if s not in shown]
        chosen += extra
        shown |= set(extra)
        added += len(extra)
    if added:
        focus += ", the other states on the paths traced"
    named = [s for s, _ in state_names(result.conflict, result.space) if s not in shown]
    for s in dict.fromkeys(named):
        chosen.append(s)
        shown.add(s)
    if named:
        focus += ", and every named state"
    return chosen, focus


def graph_moves(result: AnalysisResult, states: list[int]) -> tuple[GraphMove, ...]:
    """Every unilateral move between two drawn states, marked when it is an improvement for its mover."""
    return _as_moves(_move_arrays(result, states))


MoveArrays = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.bool_]]
"""Moves as parallel arrays: sources, targets, movers, improvements (in :func:`graph_moves` order)."""


def _move_arrays(result: AnalysisResult, states: list[int]) -> MoveArrays:
    """The moves between drawn states as arrays, ordered by source (in ``states`` order), mover, target."""
    from standoff.engine.move_lists import BLOCK, flips_of, indices_of

    space = result.space
    shown = np.zeros(space.n_states, dtype=np.bool_)
    shown[states] = True
    drawn = np.asarray(states, dtype=np.int64)
    codes = space.codes[drawn].astype(np.int64)
    places, targets, movers = [], [], []
    for dm in range(space.n_decision_makers):
        owned, forward, backward = int(space.owned[dm]), int(space.forward[dm]), int(space.backward[dm])
        if drawn.size << int(owned).bit_count() > BLOCK:  # too many candidates at once: state by state
            for k, s in enumerate(states):
                found = unilateral_moves(space, dm, s)
                found = found[shown[found]]
                places.append(np.full(found.size, k, dtype=np.int64))
                targets.append(found.astype(np.int64))
                movers.append(np.full(found.size, dm, dtype=np.int64))
            continue
        # every drawn state against every change of the decision maker's options, at once
        flips = flips_of(owned)
        allowed = changeable(codes, owned, forward, backward)
        fits = (flips[None, :] & ~allowed[:, None]) == 0
        fits &= space.perceived[dm, drawn][:, None]
        place, flip = np.nonzero(fits)
        found = indices_of(space, codes[place] ^ flips[flip])
        ok = found >= 0
        place, found = place[ok], found[ok]
        ok = space.perceived[dm, found] & shown[found]
        places.append(place[ok].astype(np.int64))
        targets.append(found[ok])
        movers.append(np.full(int(ok.sum()), dm, dtype=np.int64))
    place, target, mover = np.concatenate(places), np.concatenate(targets), np.concatenate(movers)
    order = np.lexsort((target, mover, place))
    place, target, mover = place[order], target[order], mover[order]
    source = drawn[place]
    improvement = space.ranks[mover, target] > space.ranks[mover, source]
    return source, target, mover, np.asarray(improvement, dtype=np.bool_)


def _as_moves(moves: MoveArrays) -> tuple[GraphMove, ...]:
    return tuple(GraphMove(s, t, d, i) for s, t, d, i in zip(*(a.tolist() for a in moves), strict=True))


def without_composite_moves(
    result: AnalysisResult, moves: tuple[GraphMove, ...], keep: set[int], paths: list[tuple[int, ...]]
) -> tuple[GraphMove, ...]:
    """Drop the moves that the same decision maker can make in steps through a drawn state.

    A move ``s → t`` of ``d`` is dropped when some drawn ``u`` lies between
    them (the options changed from ``s`` to ``u`` are some of those changed
    from ``s`` to ``t``) with ``s → u`` and ``u → t`` both moves of ``d``:
    it is ``d`` changing several options at once. Every state stays reachable
    from where it was (by induction on the number of options changed).
    Unilateral improvements out of a state in ``keep`` and the steps of
    ``paths`` are always kept.
    """
    arrays = (
        np.array([m.source for m in moves], dtype=np.int64),
        np.array([m.target for m in moves], dtype=np.int64),
        np.array([m.decision_maker for m in moves], dtype=np.int64),
        np.array([m.improvement for m in moves], dtype=np.bool_),
    )
    composite = _composite(result, arrays, keep, paths)
    return tuple(m for m, dropped in zip(moves, composite.tolist(), strict=True) if not dropped)


def _composite(
    result: AnalysisResult, moves: MoveArrays, keep: set[int], paths: list[tuple[int, ...]]
) -> npt.NDArray[np.bool_]:
    """Which of ``moves`` :func:`without_composite_moves` drops.

    A move is composite when another move of the same decision maker out of the same state changes some
    of its options (a strict subset) and leads to a state from which it moves on to the target.
    Intermediate states one option away are tried first, for all moves at once (they settle almost every
    move of a dense drawing), then the other moves out of the same state, for the moves still open.
    Memory: one drawn-by-drawn table of moves per decision maker (never the whole state space).
    """
    source, target, mover, improvement = moves
    composite = np.zeros(source.size, dtype=np.bool_)
    if source.size == 0:
        return composite
    codes = result.space.codes.astype(np.uint64)
    drawn = np.unique(np.concatenate([source, target]))
    local_source, local_target = np.searchsorted(drawn, source), np.searchsorted(drawn, target)
    n_dms = int(mover.max()) + 1
    joins = np.zeros((n_dms, drawn.size, drawn.size), dtype=np.bool_)
    joins[mover, local_source, local_target] = True
    flips = codes[source] ^ codes[target]
    changed = popcount(flips)
    several = changed > 1
    steps = {(a, b) for path in paths for a, b in pairwise(path)}
    wanted = improvement & np.isin(source, np.fromiter(keep, dtype=np.int64, count=len(keep)))
    if steps:
        wanted |= np.array([(s, t) in steps for s, t in zip(source.tolist(), target.tolist(), strict=True)])
    candidates = several & ~wanted
    # first the intermediate states one option away from the source, for every move at once
    drawn_codes = codes[drawn]  # ascending: state indices follow the codes
    for j in range(result.space.n_options):
        bit = np.uint64(1 << j)
        asked = np.flatnonzero(candidates & ~composite & ((flips & bit) != 0))
        if asked.size == 0:
            continue
        middle = np.searchsorted(drawn_codes, codes[source[asked]] ^ bit)
        present = middle < drawn.size
        asked, middle = asked[present], middle[present]
        present = drawn_codes[middle] == (codes[source[asked]] ^ bit)
        asked, middle = asked[present], middle[present]
        d = mover[asked]
        through = joins[d, local_source[asked], middle] & joins[d, middle, local_target[asked]]
        composite[asked[through]] = True
    # then every other move out of the same state by the same decision maker, for the moves still open
    still = np.flatnonzero(candidates & ~composite)
    if still.size == 0:
        return composite
    open_groups = set((source[still] * n_dms + mover[still]).tolist())
    order = np.lexsort((mover, source))
    group_key = source[order] * n_dms + mover[order]
    bounds = np.flatnonzero(np.diff(group_key)) + 1
    for block in np.split(order, bounds):
        if int(source[block[0]]) * n_dms + int(mover[block[0]]) not in open_groups:
            continue
        open_ = block[candidates[block] & ~composite[block]]
        d = int(mover[block[0]])
        inside = (flips[block][:, None] & ~flips[open_][None, :]) == 0
        inside &= block[:, None] != open_[None, :]
        onward = joins[d][np.ix_(local_target[block], local_target[open_])]
        composite[open_[(inside & onward).any(axis=0)]] = True
    return composite


def _explanations(
    result: AnalysisResult, concept: Concept, drawn: list[int]
) -> tuple[tuple[Explanation, ...], str]:
    """Explanations of the status quo and every named state; when the model names no other state, of the
    equilibria instead (drawn ones first, up to :data:`MAX_EXPLAINED`). A note says how many equilibria
    are left out: with named states, the others are the states the reader did not ask about."""
    from standoff.analyses.explain import explain

    states, left = explained_states(result, concept, drawn)
    note = (
        f"{left} more equilibria are not explained here; ask with `standoff explain MODEL STATE`."
        if left > 0
        else ""
    )
    return tuple(explain(result, s + 1, concept) for s in states), note  # explain takes state numbers


def explained_states(result: AnalysisResult, concept: Concept, drawn: list[int]) -> tuple[list[int], int]:
    """The states a report explains under ``concept`` (see :func:`_explanations`), and how many of its
    equilibria are left out."""
    from standoff.analyses.states import state_names

    equilibria = [int(s) for s in np.flatnonzero(result.equilibrium_mask(concept))]
    order = {s: k for k, s in enumerate(drawn)}
    equilibria.sort(key=lambda s: (s not in order, order.get(s, 0), s))
    states = [] if result.status_quo_index is None else [result.status_quo_index]
    states += [
        s for s in dict.fromkeys(s for s, _ in state_names(result.conflict, result.space)) if s not in states
    ]
    named = len(states) > (result.status_quo_index is not None)
    others = [s for s in equilibria if s not in states]
    shown = 0 if named else min(len(others), MAX_EXPLAINED)
    return states + others[:shown], len(others) - shown


def _extended_explanations(
    result: AnalysisResult, concepts: tuple[Concept, ...], drawn: list[int]
) -> tuple[tuple[Explanation | UnknownExplanation, ...], list[str]]:
    """Under each strength-of-preference or unknown-preference concept, the explanations of the states
    :func:`explained_states` picks for it, and a note per concept with equilibria left out."""
    from standoff.analyses.explain import explain

    found: list[Explanation | UnknownExplanation] = []
    notes = []
    readings = None
    for concept in concepts:
        states, left = explained_states(result, concept, drawn)
        if is_unknown_preference(concept):
            from standoff.analyses.unknown import reading_ranks
            from standoff.analyses.unknown_explain import explain_unknown

            readings = readings or reading_ranks(result.conflict)
            found += [explain_unknown(result.conflict, s + 1, concept, readings=readings) for s in states]
        else:
            found += [explain(result, s + 1, concept) for s in states]
        if left > 0:
            notes.append(
                f"{left} more {CONCEPT_NAMES[concept]} equilibria are not explained here; ask with "
                f"`standoff explain MODEL STATE -c {concept}`."
            )
    return tuple(found), notes


def report_concepts(concepts: str | Iterable[str]) -> tuple[Concept, tuple[Concept, ...], str]:
    """The concept a report follows, the strength-of-preference and unknown-preference concepts it shows
    beside it, and a sentence saying which sections follow which ('' when there are none beside).

    The report follows one ordinary concept (nash, gmr, smr, seq, sim or seqsim): its graph, status quo
    analysis, deadlock, roadmaps, judgement calls, audit and what-ifs take no other. With only extended
    concepts asked for (``gmr_b``), it follows the ordinary concept the first of them extends (``gmr``).

    Examples:
        >>> report_concepts("gmr")
        ('gmr', (), '')
        >>> report_concepts(["gmr_strong", "GMR"])[:2]
        ('gmr', ('gmr_strong',))
        >>> report_concepts("smr_b")[:2]
        ('smr', ('smr_b',))
    """
    from standoff.analyses.explain import check_sanction_concept

    keys = concept_keys(concepts)
    for key in keys:
        if not is_unknown_preference(key):
            check_sanction_concept(key)  # refuses the limited-move concepts, which have no sanctions
    ordinary = [k for k in keys if k in CONCEPTS]
    extended = tuple(k for k in keys if is_strong(k) or is_unknown_preference(k))
    if len(ordinary) > 1:
        raise StandoffError(
            f"the report follows one of {', '.join(CONCEPTS)}, got {', '.join(ordinary)}; give one, with any "
            "strength-of-preference or unknown-preference concepts beside it"
        )
    if not extended:
        return ordinary[0], (), ""
    names = ", ".join(CONCEPT_NAMES[k] for k in extended)
    if ordinary:
        primary = ordinary[0]
        why = "asked for alongside"
    else:
        primary = _ordinary_of(extended[0])
        extends = CONCEPT_NAMES[extended[0]]
        why = f"the ordinary concept {extends} extends, as no ordinary concept was asked for"
    note = (
        f"{names} {'is' if len(extended) == 1 else 'are'} shown in the stability table, the equilibria and "
        "the explanations. The state graph, the status quo analysis, the deadlock table, the roadmaps, the "
        f"judgement calls, what this rests on and the what-ifs follow {CONCEPT_NAMES[primary]} ({why}): "
        "they take the ordinary concepts only."
    )
    return primary, extended, note


def _ordinary_of(concept: Concept) -> Concept:
    """``gmr`` for ``gmr_strong`` and ``gmr_b``."""
    return concept.rsplit("_", 1)[0]


def state_graph(
    result: AnalysisResult,
    concept: Concept,
    evolution: Evolution | None,
    history: Timeline | None,
    *,
    max_states: int = MAX_GRAPH_STATES,
    radius: int | None = None,
    around: Sequence[int] = (),
) -> tuple[StateGraph, list[str]]:
    """The part of the state graph to draw, with the paths of ``evolution`` and ``history`` traced on it,
    and sentences for the reader about what was left out.

    Every state up to ``max_states``, else the focused view (see :func:`choose_states`, which also
    reads ``radius`` and ``around``);
    in a dense drawing, the moves a decision maker can make in steps through drawn states are left out
    (see :func:`without_composite_moves`).
    """
    notes: list[str] = []
    overlays: list[PathOverlay] = []
    if evolution is not None:
        for path in evolution.paths[:MAX_DRAWN_PATHS]:
            trace = (path[0].source_index, *(m.target_index for m in path))
            overlays.append(PathOverlay(f"from the status quo to state {trace[-1] + 1}", "evolution", trace))
        if len(evolution.paths) > MAX_DRAWN_PATHS:
            notes.append(
                f"The graph traces {MAX_DRAWN_PATHS} of the {len(evolution.paths)} paths from the status quo "
                "to an equilibrium (the shortest)."
            )
    if history is not None:
        observed = tuple(step.state_index for step in history.steps)
        overlays.append(PathOverlay("observed history", "history", observed))

    centre, _ = graph_centre(result, concept)
    explained = tuple(explanation_moves(result, concept, centre))
    states, focus = choose_states(
        result,
        concept,
        [p.states for p in overlays],
        max_states,
        radius=radius,
        around=around,
        explained=explained,
    )
    if focus:
        notes.append(f"The graph shows {focus}: {len(states)} of {result.space.n_states} states.")
    arrays = _move_arrays(result, states)
    source, target, mover, _ = arrays
    # one curve per pair of states joined (the moves between two states are one decision maker's)
    drawn = np.asarray(sorted(states), dtype=np.int64)
    low = np.searchsorted(drawn, np.minimum(source, target))
    high = np.searchsorted(drawn, np.maximum(source, target))
    curves = np.unique(low * drawn.size + high).size
    omitted = 0
    if curves > DENSE_GRAPH * len(states):
        keep = set() if result.status_quo_index is None else {result.status_quo_index}
        composite = _composite(result, arrays, keep, [p.states for p in overlays])
        omitted = int(composite.sum())
        arrays = (source[~composite], target[~composite], mover[~composite], arrays[3][~composite])
    moves = _as_moves(arrays)
    graph = StateGraph(
        tuple(states),
        moves,
        result.space.n_states,
        focus,
        tuple(overlays),
        omitted_moves=omitted,
        explained=explained,
    )
    return graph, notes


def gather(
    result: AnalysisResult,
    concept: str | Iterable[str] = "seq",
    *,
    max_states: int = MAX_GRAPH_STATES,
    whatif: Iterable[str | int] = (),
    step_size: int = 1,
    movers: int = 2,
) -> Report:
    """Everything the report shows for an analysed conflict: what :func:`standoff.report` returns.

    The graph shows every state up to ``max_states``, else the part around
    the status quo (see :func:`choose_states`); the status quo and up to
    :data:`MAX_EXPLAINED` equilibria under ``concept`` are explained. ``concept`` may name, beside one
    ordinary concept, strength-of-preference and unknown-preference concepts (``("gmr", "gmr_strong")``),
    shown in the stability table and explained too (see :func:`report_concepts`). For
    each state in ``whatif``, the least change of the preferences that makes
    it an equilibrium under ``concept`` (see :func:`standoff.whatif`). The
    roadmaps to the model's targets take steps of up to ``step_size`` options
    per decision maker and up to ``movers`` decision makers at once (as
    ``standoff roadmap --step-size --movers``).
    """
    from standoff.analyses.evolution import evolve

    concept, extended, beside = report_concepts(concept)
    for key in (concept, *extended):
        if key not in result.concepts:
            raise StandoffError(f"the analysis has no {key!r} verdicts; analyze with that concept first")

    notes: list[str] = [beside] if beside else []
    if result.conflict.fixed:
        notes.append(
            f"Fixed: {result.conflict.fixed_text}. Only the {result.space.n_states} feasible states with "
            "these values are analysed; moves that would change them do not exist, and states are numbered "
            "among these."
        )
    evolution: Evolution | None = None
    if result.status_quo_index is not None:
        evolution = evolve(result, concept=concept)
    history: Timeline | None = None
    if result.conflict.history:
        from standoff.analyses.history import timeline

        try:
            history = timeline(result)
        except StandoffError:
            if not result.conflict.fixed:
                raise
            notes.append(
                "The observed history is left out: some of its states do not have the fixed options' values."
            )

    graph, graph_notes = state_graph(result, concept, evolution, history, max_states=max_states)
    notes += graph_notes
    states = list(graph.states)
    explanations, note = _explanations(result, concept, states)
    if note:
        notes.append(note)
    more, more_notes = _extended_explanations(result, extended, states)
    notes += more_notes
    from standoff.analyses.whatif import whatif as least_change

    answers = tuple(least_change(result, state, concept) for state in whatif)
    roadmaps: tuple[Roadmap, ...] = ()
    if result.status_quo_index is not None and result.conflict.targets:
        from standoff.analyses.roadmap import roadmap

        found = []
        for target in result.conflict.targets:
            try:
                found.append(roadmap(result, target, concept=concept, step_size=step_size, movers=movers))
            except StandoffError:
                if not result.conflict.fixed:
                    raise
                notes.append(
                    f"The roadmap to {target} is left out: no state with the fixed values is that target."
                )
        roadmaps = tuple(found)
    robust = _robustness(result, concept)
    deadlock: Exchanges | None = None
    if result.status_quo_index is not None:
        from standoff.analyses.exchanges import exchanges

        deadlock = exchanges(result, concept=concept)
    resting = None
    if result.status_quo_index is not None or result.conflict.named_states:
        from standoff.analyses.audit import audit

        resting = audit(result.conflict, concept, samples=ROBUSTNESS_SAMPLES, robust=robust)
    return Report(
        result,
        concept,
        graph,
        explanations,
        evolution,
        history,
        tuple(notes),
        roadmaps=roadmaps,
        robustness=robust,
        whatifs=answers,
        exchanges=deadlock,
        audit=resting,
        extended_concepts=extended,
        extended_explanations=more,
    )


def _robustness(result: AnalysisResult, concept: Concept) -> Robustness | None:
    """The robustness of the verdicts under ``concept``, when the model marks judgement calls."""
    from standoff.analyses.robustness import robustness
    from standoff.analyses.variants import Variants

    if Variants(result.conflict).count <= 1:
        return None
    return robustness(result.conflict, samples=ROBUSTNESS_SAMPLES, concepts=(concept,))


def report(
    subject: Conflict | AnalysisResult,
    concept: str | Iterable[str] = "seq",
    *,
    max_states: int = MAX_GRAPH_STATES,
    whatif: Iterable[str | int] = (),
    step_size: int = 1,
    movers: int = 2,
) -> Report:
    """The contents of a report on a conflict (analysed first if need be); ``.to_html()`` renders it.

    The same page as ``standoff report``; :meth:`Report.save` writes it. ``whatif`` adds a section
    on what would have to change for those states to hold; ``step_size`` and ``movers`` are the
    roadmaps' (as ``standoff report --step-size --movers``). ``concept`` may name strength-of-preference
    and unknown-preference concepts beside one ordinary concept (see :func:`gather`).
    """
    from standoff.analyses.stability import AnalysisResult, analyze

    if isinstance(subject, AnalysisResult):
        result = subject
    else:
        _, extended, _ = report_concepts(concept)
        result = analyze(subject, (*CONCEPTS, *extended))
    return gather(result, concept, max_states=max_states, whatif=whatif, step_size=step_size, movers=movers)
