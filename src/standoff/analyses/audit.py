"""What a conclusion rests on: the judgement calls, the verdicts true by construction, what a roadmap needs.

docs/explanation/definitions.md, "What a conclusion rests on". For the status quo and every named
state, under one concept (default SEQ):

1. the verdict in the model as written, and its frequency and presence over
   every reading of the judgement calls, preference and structural
   (:func:`~standoff.analyses.robustness.robustness`);
2. the **decisive** calls: changing that call alone (the rest as written) to
   one of its alternatives flips the verdict, with the alternative that does;
3. what holds **by construction**: ``top_for_all`` (the state is in every
   decision maker's most preferred group, so it is stable under every
   concept whatever the moves), ``no_moves:<DM>`` (the decision maker has no
   move from it at all) and ``indifferent:<DM>`` (it has moves, and likes
   every state they reach exactly as much);
4. the verdict **under every concept** side by side (L2 too for two decision
   makers);
5. for every target, from the status quo: **what a roadmap needs**, the
   Pareto-minimal (step size, movers) pairs for which a roadmap exists under
   the default rule (:func:`~standoff.analyses.roadmap.roadmap`), and when
   there is none, whether the leap-of-faith rule finds one;
6. the **unused statements**: those whose removal (the rest as written)
   changes none of these verdicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from standoff.analyses.robustness import DEFAULT_SAMPLES, Robustness, robustness
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.concepts import CONCEPTS, Concept, concept_key, refuse_strong
from standoff.engine.space import StateSpace
from standoff.errors import StateError
from standoff.model.conflict import Conflict, Direction
from standoff.model.preferences import Prioritization, Ranking
from standoff.model.uncertainty import StructuralCall

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Audit",
    "AuditCall",
    "AuditVerdict",
    "RoadmapNeeds",
    "audit",
    "by_construction",
    "missing_roadmap_needs",
    "roadmap_needs",
]


@dataclass(frozen=True)
class AuditCall:
    """A judgement call: ``kind`` is ``preference``, ``direction``, ``condition`` or ``fixed``.

    ``alternatives`` are its other readings in words; ``models`` the model read with each (the rest as
    written), in the same order.
    """

    id: str
    kind: str
    dm: str | None
    text: str
    alternatives: tuple[str, ...]
    note: str
    models: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class AuditVerdict:
    """One named state's verdict and what it rests on."""

    state: str
    number: int
    pattern: str
    name: str | None
    stable: bool
    frequency: float | None
    present: float
    necessary: bool
    possible: bool
    decisive: tuple[tuple[str, str], ...]
    """(call id, the alternative that flips the verdict), each call once."""
    by_construction: tuple[str, ...]
    by_concept: dict[Concept, bool]
    weighted_frequency: float | None = None
    """The share under the calls' weights (None when no call has a weight)."""


@dataclass(frozen=True)
class RoadmapNeeds:
    """What a roadmap from ``start`` to ``target`` needs: the least (step size, movers) pairs."""

    start: str
    target: str
    found: bool
    """Whether a roadmap exists with the defaults (one option per step, up to two movers)."""
    needs: tuple[tuple[int, int, int], ...]
    """Pareto-minimal (step size, movers, steps of the shortest roadmap) under the default rule; under the
    leap-of-faith rule when ``needs_leap_of_faith``."""
    needs_leap_of_faith: bool
    largest_step: int
    most_movers: int
    problem: str | None = None
    """Why nothing was searched (the start or the target is not a feasible state, e.g. with options fixed);
    None when the search ran."""


@dataclass(frozen=True, eq=False)
class Audit:
    """What the verdicts on a conflict's named states rest on (see the module's docstring)."""

    conflict: Conflict
    concept: Concept
    robustness: Robustness
    calls: tuple[AuditCall, ...]
    verdicts: tuple[AuditVerdict, ...]
    roadmaps: tuple[RoadmapNeeds, ...]
    unused: tuple[tuple[str, str], ...]

    @property
    def variants(self) -> int:
        """How many readings were analysed."""
        return self.robustness.variants

    def to_dict(self) -> dict[str, Any]:
        """The JSON output contract (docs/reference/json-output.md)."""
        from standoff.outputs.audit_text import audit_to_dict

        return audit_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per named state: verdict, frequency, presence, decisive calls, by-construction facts,
        and one column per concept."""
        from standoff.outputs.audit_text import audit_to_frame

        return audit_to_frame(self)

    def to_svg(self) -> str:
        """The verdicts' shares as a chart (``standoff audit --format svg``): the robustness chart of the
        audit's readings under its concept."""
        from standoff.outputs.chart_svg import robustness_chart

        return robustness_chart(self.robustness)

    def _repr_svg_(self) -> str:
        return self.to_svg()

    def _repr_html_(self) -> str:
        from standoff.outputs.audit_text import audit_html

        return audit_html(self)

    def __str__(self) -> str:
        from standoff.outputs.audit_text import audit_text

        return audit_text(self)

    def __repr__(self) -> str:
        return (
            f"<Audit {self.conflict.name!r} under {self.concept.upper()}: {len(self.verdicts)} verdicts, "
            f"{len(self.calls)} judgement calls, {self.variants} readings>"
        )


# -- the calls and their alternatives --------------------------------------------------------------------


def _moved(items: Sequence[Any], item: int, place: int) -> tuple[Any, ...]:
    """``items`` with ``items[item]`` moved to ``place`` (0 = first), the others in their order."""
    rest = [x for k, x in enumerate(items) if k != item]
    rest.insert(place, items[item])
    return tuple(rest)


def _with_preferences(conflict: Conflict, dm: int, preferences: Any) -> Conflict:
    dms = list(conflict.decision_makers)
    dms[dm] = replace(dms[dm], preferences=preferences)
    return replace(conflict, decision_makers=tuple(dms))


def _preference_calls(conflict: Conflict, written: Conflict) -> list[AuditCall]:
    """Every uncertain statement or ranking group, with the model read with each of its other places and
    wordings (the other items as written)."""
    from standoff.analyses.variants import Variants

    out: list[AuditCall] = []
    variants = Variants(conflict)
    for call in variants.calls:
        dm = conflict.decision_makers[call.decision_maker]
        preferences = written.decision_makers[call.decision_maker].preferences
        size = len(variants.texts[call.decision_maker])
        first, last = call.positions or (1, size)
        alternatives: list[str] = []
        models: list[Conflict] = []
        for wording in range(len(call.wordings)):
            for place in range(first - 1, last):
                if place == call.item and wording == 0:
                    continue
                if isinstance(preferences, Prioritization):
                    statements = list(preferences.statements)
                    original = conflict.decision_makers[call.decision_maker].preferences
                    assert isinstance(original, Prioritization)
                    uncertainty = original.statements[call.item].uncertainty
                    if wording:
                        assert uncertainty is not None
                        statements[call.item] = replace(
                            statements[call.item], expression=uncertainty.alternatives[wording - 1]
                        )
                    changed: Any = replace(preferences, statements=_moved(statements, call.item, place))
                else:
                    assert isinstance(preferences, Ranking)
                    groups = _moved(preferences.groups, call.item, place)
                    changed = Ranking(groups)
                words = []
                if place != call.item:
                    words.append(f"at place {place + 1}")
                if wording:
                    words.append(f"worded '{call.wordings[wording]}'")
                alternatives.append(" and ".join(words))
                models.append(_with_preferences(written, call.decision_maker, changed))
        out.append(
            AuditCall("", "preference", dm.name, call.text, tuple(alternatives), call.note, tuple(models))
        )
    return out


def _structural_calls(conflict: Conflict, written: Conflict) -> list[AuditCall]:
    """Every structural call, with the model read with each alternative (the rest as written)."""
    from standoff.analyses.variants import structure_conflict

    out: list[AuditCall] = []
    for k, call in enumerate(conflict.structural):
        choices = [0] * len(conflict.structural)
        models = []
        for alternative in range(1, call.choices):
            choices[k] = alternative
            models.append(_settled_preferences(structure_conflict(conflict, choices), written))
        out.append(
            AuditCall(
                "",
                call.kind,
                _owner(conflict, call),
                _call_text(conflict, call),
                _alternative_words(conflict, call),
                call.note,
                tuple(models),
            )
        )
    return out


def _settled_preferences(structure: Conflict, written: Conflict) -> Conflict:
    """``structure`` with the preferences as written (their uncertain marks settled)."""
    return replace(structure, decision_makers=written.decision_makers)


def _owner(conflict: Conflict, call: StructuralCall) -> str | None:
    if call.kind == "condition":
        return None
    return conflict.decision_makers[conflict.options[call.index].owner].name


def _call_text(conflict: Conflict, call: StructuralCall) -> str:
    """The option or condition as written in the model."""
    if call.kind == "condition":
        return conflict.describe(conflict.infeasible[call.index])
    return conflict.options[call.index].name


def _alternative_words(conflict: Conflict, call: StructuralCall) -> tuple[str, ...]:
    if call.kind == "direction":
        return tuple(f"direction {d}" for d in call.alternatives)
    if call.kind == "condition":
        return ("the condition does not hold",)
    return ("free",)


def settled(conflict: Conflict) -> Conflict:
    """The model as written with every mark settled: preferences certain, no structural call."""
    dms = []
    for dm in conflict.decision_makers:
        p = dm.preferences
        if isinstance(p, Prioritization):
            p = replace(
                p, statements=tuple(replace(s, uncertainty=None) for s in p.statements), uncertain=False
            )
        elif isinstance(p, Ranking):
            p = replace(p, uncertainties=(), uncertain=False)
        dms.append(replace(dm, preferences=p))
    return replace(conflict, decision_makers=tuple(dms), structural=())


# -- by construction -------------------------------------------------------------------------------------


def unilateral_moves(conflict: Conflict, space: StateSpace, dm: int, code: int) -> list[int]:
    """The feasible states DM ``dm`` reaches from ``code`` by changing some of its options
    (docs/explanation/definitions.md, "The model"): every change in its permitted direction, neither
    end misperceived. Codes, for a handful of states."""
    owned = conflict.decision_makers[dm].options
    perceived = space.perceived[dm] if getattr(space, "perceived", None) is not None else None
    here = space.index(code)
    if perceived is not None and here >= 0 and not perceived[here]:
        return []
    out = []
    for mask in range(1, 1 << len(owned)):
        new = code
        allowed = True
        for b, j in enumerate(owned):
            if not mask >> b & 1:
                continue
            taken = bool(code >> j & 1)
            direction = conflict.options[j].direction
            if (taken and direction is Direction.FORWARD) or (not taken and direction is Direction.BACKWARD):
                allowed = False
                break
            new ^= 1 << j
        if not allowed:
            continue
        at = space.index(new)
        if at < 0 or (perceived is not None and not perceived[at]):
            continue
        out.append(new)
    return out


def by_construction(conflict: Conflict, space: StateSpace, index: int) -> tuple[str, ...]:
    """What makes state ``index`` stable whatever the analysis finds: ``top_for_all``, ``no_moves:<DM>``,
    ``indifferent:<DM>`` (see the module's step 3)."""
    out: list[str] = []
    ranks = space.ranks
    if all(int(ranks[i, index]) == int(ranks[i].max()) for i in range(ranks.shape[0])):
        out.append("top_for_all")
    code = int(space.codes[index])
    for i, dm in enumerate(conflict.decision_makers):
        moves = unilateral_moves(conflict, space, i, code)
        if not moves:
            out.append(f"no_moves:{dm.name}")
        elif all(int(ranks[i, space.index(m)]) == int(ranks[i, index]) for m in moves):
            out.append(f"indifferent:{dm.name}")
    return tuple(out)


# -- roadmap needs ---------------------------------------------------------------------------------------


def roadmap_needs(
    subject: Conflict | AnalysisResult,
    target: str | int,
    start: str | int | None = None,
    *,
    concept: str = "seq",
) -> RoadmapNeeds:
    """The Pareto-minimal (step size ``k``, movers ``m``) for which a roadmap from ``start`` (default: the
    status quo) to ``target`` exists, ``k`` up to the largest decision maker's number of options and ``m``
    up to the number of decision makers; when there is none, the same under the leap-of-faith rule.

    A roadmap with steps of at most ``k`` options by at most ``m`` movers is one with larger bounds too,
    so for each ``m`` the least ``k`` is found by trying ``k`` upwards, no further than the least ``k``
    found for ``m - 1``.
    """
    from standoff.analyses.roadmap import roadmap

    result = subject if isinstance(subject, AnalysisResult) else analyze(subject, concept, profile={})
    conflict = result.conflict
    largest = max(len(dm.options) for dm in conflict.decision_makers)
    most = len(conflict.decision_makers)

    def search(rule: str) -> list[tuple[int, int, int]]:
        pairs: list[tuple[int, int, int]] = []
        bound = largest
        for m in range(1, most + 1):
            for k in range(1, bound + 1):
                found = roadmap(
                    result, target, start, concept=concept, step_size=k, movers=m, rule=rule, max_roadmaps=1
                )
                if found.found:
                    if not pairs or k < pairs[-1][0]:
                        pairs.append((k, m, int(found.length or 0)))
                    bound = k - 1
                    break
            if bound < 1:
                break
        return pairs

    start_label = "status quo" if start is None else str(start)
    try:
        default = roadmap(result, target, start, concept=concept, rule="improve", max_roadmaps=1)
    except StateError as error:  # e.g. a target that the fixed options exclude
        return RoadmapNeeds(start_label, str(target), False, (), False, largest, most, problem=str(error))
    needs = search("improve")
    leap = False
    if not needs:
        needs = search("target")
        leap = bool(needs)
    return RoadmapNeeds(start_label, str(target), default.found, tuple(needs), leap, largest, most)


def missing_roadmap_needs(
    found: Any, result: AnalysisResult, target: str | int, start: str | int | None, concept: str
) -> RoadmapNeeds | None:
    """What a roadmap needs when the search ``found`` (a :class:`~standoff.analyses.roadmap.Roadmap`)
    found none after searching every length; None when it found one or stopped early."""
    if found.found or (found.breaks is not None and not found.breaks.searched_all):
        return None
    return roadmap_needs(result, target, start, concept=concept)


# -- the audit -------------------------------------------------------------------------------------------

Progress = Callable[[int, int], None]


def audit(
    conflict: Conflict,
    concept: str = "seq",
    *,
    targets: Iterable[str] = (),
    samples: int = DEFAULT_SAMPLES,
    seed: int = 0,
    jobs: int | None = 1,
    scheduler: str | None = None,
    progress: Progress | None = None,
    robust: Robustness | None = None,
) -> Audit:
    """What the verdicts on ``conflict``'s status quo and named states rest on (see the module's steps).

    ``targets`` adds to the model's ``targets:``; ``samples``, ``seed``, ``jobs`` and ``scheduler`` are
    those of :func:`~standoff.analyses.robustness.robustness`; ``robust``, a robustness result of the same
    model under ``concept`` alone, is used instead of sweeping again.
    """
    from standoff.analyses.robustness import tracked_states
    from standoff.analyses.states import names_by_state

    key = concept_key(concept)
    refuse_strong((key,), "the audit")
    written = settled(conflict)
    concepts: tuple[Concept, ...] = CONCEPTS + (("l2",) if len(conflict.decision_makers) == 2 else ())
    if key not in concepts:
        concepts = (*concepts, key)
    given = analyze(written, concepts, profile={})
    space = given.space
    names = {index: ", ".join(found) for index, found in names_by_state(written, space).items()}
    tracked = tracked_states(written, space)
    if robust is not None and robust.conflict is conflict and robust.concepts == (key,):
        swept = robust
    else:
        swept = robustness(
            conflict,
            samples=samples,
            seed=seed,
            concepts=(key,),
            jobs=jobs,
            scheduler=scheduler,
            progress=progress,
        )

    calls = _preference_calls(conflict, written) + _structural_calls(conflict, written)
    calls = [replace(c, id=f"c{k + 1}") for k, c in enumerate(calls)]

    def verdicts_of(model: Conflict) -> dict[int, bool | None]:
        """The concept's verdict on each tracked state (by code) in ``model``; None where it is infeasible."""
        found = analyze(model, key, profile={})
        mask = found.equilibrium_mask(key)
        out: dict[int, bool | None] = {}
        for t in tracked:
            code = int(space.codes[t.index])
            at = found.space.index(code)
            out[code] = None if at < 0 else bool(mask[at])
        return out

    flips: dict[int, list[tuple[str, str]]] = {int(space.codes[t.index]): [] for t in tracked}
    for call in calls:
        for words, model in zip(call.alternatives, call.models, strict=True):
            changed = verdicts_of(model)
            for t in tracked:
                code = int(space.codes[t.index])
                stable = bool(given.equilibrium_mask(key)[t.index])
                flipped = changed[code] is not None and changed[code] != stable
                if flipped and all(c != call.id for c, _ in flips[code]):
                    flips[code].append((call.id, words))

    union = swept.space
    verdicts = []
    for t in tracked:
        code = int(space.codes[t.index])
        u = union.index(code)
        exists = int(swept.exists[u])
        verdicts.append(
            AuditVerdict(
                state=t.label,
                number=t.index + 1,
                pattern=space.pattern(t.index),
                name=names.get(t.index),
                stable=bool(given.equilibrium_mask(key)[t.index]),
                frequency=float(swept.frequencies[0, u]) if exists else None,
                present=float(swept.presence_shares[u]),
                necessary=bool(swept.necessary[0, u]),
                possible=bool(swept.possible[0, u]),
                decisive=tuple(flips[code]),
                by_construction=by_construction(written, space, t.index),
                by_concept={c: bool(given.equilibrium_mask(c)[t.index]) for c in concepts},
                weighted_frequency=(
                    float(swept.weighted_frequencies[0, u])
                    if swept.weighted_frequencies is not None and exists
                    else None
                ),
            )
        )

    wanted = list(dict.fromkeys([*conflict.targets, *targets]))
    roadmaps = []
    if given.status_quo_index is not None:
        result = given if key in given.stable else analyze(written, key, profile={})
        roadmaps = [roadmap_needs(result, target, concept=key) for target in wanted]

    unused = _unused(written, tracked, space, verdicts_of)
    return Audit(
        conflict,
        key,
        swept,
        tuple(replace(c, models=()) for c in calls),
        tuple(verdicts),
        tuple(roadmaps),
        unused,
    )


def _unused(
    written: Conflict,
    tracked: Sequence[Any],
    space: StateSpace,
    verdicts_of: Callable[[Conflict], dict[int, bool | None]],
) -> tuple[tuple[str, str], ...]:
    """The statements whose removal (the rest as written) changes no tracked verdict."""
    if not tracked:
        return ()
    base = verdicts_of(written)
    out = []
    for i, dm in enumerate(written.decision_makers):
        p = dm.preferences
        if not isinstance(p, Prioritization) or len(p.statements) < 2:
            continue
        for k, statement in enumerate(p.statements):
            fewer = replace(p, statements=tuple(s for j, s in enumerate(p.statements) if j != k))
            if verdicts_of(_with_preferences(written, i, fewer)) == base:
                out.append((dm.name, statement.text or written.describe(statement.expression)))
    return tuple(out)
