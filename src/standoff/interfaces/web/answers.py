"""The API's answers: each reads the posted model, calls the analysis the command of the same name calls
and renders its result with the same renderer, so the JSON equals the command's ``--format json``.

Each answer also carries ``text``: the command's table, as the terminal would show it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from standoff.interfaces.web.jobs import Job
from standoff.interfaces.web.models import read_model, write_model
from standoff.interfaces.web.requests import (
    AnalyzeRequest,
    AuditRequest,
    CoalitionsRequest,
    ConvertRequest,
    EvolveRequest,
    ExplainRequest,
    GraphRequest,
    LiveRequest,
    ModelText,
    ReportRequest,
    RoadmapRequest,
    RobustnessRequest,
    TableRequest,
    WhatifRequest,
)
from standoff.model.conflict import Conflict

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult
    from standoff.engine.space import StateSpace


def _conflict(request: ModelText) -> Conflict:
    return read_model(request.model, request.format, request.name)


KEPT_ANALYSES = 2
"""Analyses kept for the next question about the same model text (the table's pages, the graph)."""

_analyses: OrderedDict[tuple[Any, ...], AnalysisResult] = OrderedDict()
_analyses_lock = threading.Lock()


def _analysis(
    request: ModelText,
    concepts: Any = None,
    progress: Job | None = None,
    profile: dict[str, str] | None = None,
) -> AnalysisResult:
    """The stability analysis of the posted model under ``concepts`` (default: the six) and ``profile``
    (default: the model's): the last :data:`KEPT_ANALYSES` are kept, so the pages of a large model's table
    are not analysed again."""
    from standoff.analyses.stability import analyze as run
    from standoff.concepts import concept_keys

    chosen = concept_keys(concepts)
    key = (request.model, request.format, request.name, chosen, tuple(sorted((profile or {}).items())))
    with _analyses_lock:
        found = _analyses.get(key)
        if found is not None:
            _analyses.move_to_end(key)
            return found
    result = run(_conflict(request), chosen, progress=progress, profile=profile)
    with _analyses_lock:
        _analyses[key] = result
        while len(_analyses) > KEPT_ANALYSES:
            _analyses.popitem(last=False)
    return result


def _text(renderable: Any) -> str:
    from standoff.interfaces.output import rendered

    return rendered(renderable)


def analyze(request: AnalyzeRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff analyze --format json``."""
    from standoff.outputs.json import DICT_STATE_LIMIT, TooManyStates
    from standoff.outputs.table import stability_table

    result = _analysis(request, request.concepts, progress, request.profile)
    if not request.equilibria_only and result.space.n_states > DICT_STATE_LIMIT:
        raise TooManyStates(
            f"{result.space.n_states:,} states are too many to answer one by one (the limit is "
            f"{DICT_STATE_LIMIT:,}): ask with equilibria_only, page the stability table with /api/table, "
            "or run standoff analyze --format json, which writes every state to a file in blocks"
        )
    data = result.to_dict(states=not request.equilibria_only)
    if request.text:
        data["text"] = _text(stability_table(result, equilibria_only=request.equilibria_only))
    return data


def validate(request: ModelText, progress: Job | None = None) -> dict[str, Any]:
    """``standoff validate --format json`` for a sound model; a model with problems raises them all."""
    return _validated(_conflict(request), request)


def _validated(conflict: Conflict, request: ModelText, space: StateSpace | None = None) -> dict[str, Any]:
    from standoff.analyses.soundness import model_problems
    from standoff.errors import ModelErrors
    from standoff.io.native import with_positions
    from standoff.outputs.validation import validation_summary

    problems = with_positions(model_problems(conflict), text=request.model)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise ModelErrors(problems)
    return validation_summary(conflict, request.name, space)


def explain(request: ExplainRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff explain --format json``."""
    from standoff.analyses.explain import check_concept
    from standoff.analyses.explain import explain as run
    from standoff.concepts import is_limited_move, is_unknown_preference

    chosen = check_concept(request.concept)
    conflict = _conflict(request)
    if request.profile is None and is_unknown_preference(chosen):
        from standoff.analyses.unknown_explain import explain_unknown

        found = explain_unknown(conflict, request.state, chosen, request.dm)
        data = found.to_dict()
        data["text"] = str(found)
        if request.picture:
            data["svg"] = found.to_svg()
        return data
    if request.profile is None and is_limited_move(chosen):
        from standoff.analyses.anticipation import explain_limited_move
        from standoff.outputs.anticipation_text import line_of_play_table

        lines = explain_limited_move(conflict, request.state, chosen, request.dm, progress=progress)
        data = lines.to_dict()
        data["text"] = _text(line_of_play_table(lines))
        return data
    from standoff.outputs.explain_text import explanation_table, explanation_to_dict

    explanation = run(conflict, request.state, chosen, request.dm, progress=progress, profile=request.profile)
    data = explanation_to_dict(explanation)
    data["text"] = _text(explanation_table(explanation))
    if request.picture:
        data["svg"] = explanation.to_svg()
    return data


def evolve(request: EvolveRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff evolve --format json``."""
    from standoff.analyses.evolution import evolve as run
    from standoff.analyses.explain import check_concept
    from standoff.analyses.stability import analyze
    from standoff.outputs.evolution_text import evolution_report, evolution_to_dict
    from standoff.outputs.json import COMPACT_JSON_STATES

    chosen = check_concept(request.concept)
    result = analyze(_conflict(request), (chosen,), progress=progress, profile={})
    evolution = run(
        result,
        request.start,
        request.target,
        max_steps=request.max_steps,
        concept=chosen,
        progress=progress,
        movers=request.movers,
        step_size=request.step_size,
    )
    data = evolution_to_dict(evolution, encoded=result.space.n_states > COMPACT_JSON_STATES)
    data["text"] = _text(evolution_report(evolution))
    if request.picture:
        data["svg"] = evolution.to_svg()
    return data


def timeline(request: ModelText, progress: Job | None = None) -> dict[str, Any]:
    """``standoff timeline --format json``."""
    from standoff.analyses.history import timeline as run
    from standoff.outputs.timeline_text import timeline_table, timeline_to_dict

    observed = run(_conflict(request))
    data = timeline_to_dict(observed)
    data["text"] = _text(timeline_table(observed))
    return data


def roadmap(request: RoadmapRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff roadmap --format json``."""
    from standoff.analyses.explain import check_concept
    from standoff.analyses.roadmap import roadmap as run
    from standoff.analyses.stability import analyze
    from standoff.outputs.roadmap_text import roadmap_report, roadmap_to_dict

    chosen = check_concept(request.concept)
    result = analyze(_conflict(request), (chosen,), progress=progress, profile={})
    found = run(
        result,
        request.target,
        request.start,
        concept=chosen,
        step_size=request.step_size,
        movers=request.movers,
        rule=request.rule,
        max_roadmaps=request.max_roadmaps,
        max_steps=request.max_steps,
        progress=progress,
        detours=request.detours,
    )
    from standoff.analyses.audit import missing_roadmap_needs
    from standoff.outputs.audit_text import needs_to_dict

    needs = missing_roadmap_needs(found, result, request.target, request.start, chosen)
    data = roadmap_to_dict(found)
    if needs is not None:
        data.update(needs_to_dict(needs))
    data["text"] = _text(roadmap_report(found, needs))
    if request.picture:
        data["svg"] = found.to_svg()
    return data


def whatif(request: WhatifRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff whatif --format json`` (the changed model as text instead of a file written)."""
    from standoff.analyses.stability import analyze
    from standoff.analyses.whatif import whatif as run
    from standoff.concepts import concept_key
    from standoff.outputs.whatif_text import whatif_report

    chosen = concept_key(request.concept)
    result = analyze(_conflict(request), (chosen,), progress=progress, profile={})
    if progress is not None:
        progress("searching the least change", 0, None)
    answer = run(
        result, request.make, chosen, dms=request.dms, max_cost=request.max_cost, all_sets=request.all_sets
    )
    data = answer.to_dict()
    data["written"] = None
    data["changed_model"] = None if answer.changed is None else write_model(answer.changed, "yaml")
    data["text"] = _text(whatif_report(answer, None))
    return data


def robustness(request: RobustnessRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff robustness --format json`` (one process: the server shares the machine)."""
    from standoff.analyses.robustness import robustness as run
    from standoff.outputs.robustness import decisive_lines, headline, robustness_table

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress("analysing the variants", done, total)

    result = run(
        _conflict(request),
        samples=request.samples,
        seed=request.seed,
        concepts=tuple(request.concepts),
        states=tuple(request.states),
        jobs=1,
        progress=step,
    )
    data = result.to_dict()
    data["headline"] = headline(result)
    data["verdicts"] = decisive_lines(result)
    data["text"] = _text(robustness_table(result))
    if request.picture:
        data["svg"] = result.to_svg()
    return data


def audit(request: AuditRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff audit --format json``, with the command's text (one process: the server shares the
    machine)."""
    from standoff.analyses.audit import audit as run
    from standoff.outputs.audit_text import audit_lines

    def step(done: int, total: int) -> None:
        if progress is not None:
            progress("analysing the readings", done, total)

    result = run(
        _conflict(request),
        request.concept,
        targets=tuple(request.targets),
        samples=request.samples,
        seed=request.seed,
        jobs=1,
        progress=step,
    )
    data = result.to_dict()
    data["lines"] = audit_lines(result)
    data["text"] = str(result)
    if request.picture:
        data["svg"] = result.to_svg()
    return data


def coalitions(request: CoalitionsRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff coalitions --format json``."""
    from standoff.analyses.coalitions import coalition_analysis
    from standoff.outputs.coalitions_text import coalitions_table

    result = coalition_analysis(
        _conflict(request), request.concepts, request.coalitions or None, progress=progress
    )
    data = result.to_dict(states=not request.equilibria_only)
    data["text"] = _text(coalitions_table(result, equilibria_only=request.equilibria_only))
    return data


def graph(request: GraphRequest, progress: Job | None = None) -> dict[str, Any]:
    """The state graph to draw (see :func:`standoff.interfaces.web.graph.graph_data`)."""
    from standoff.analyses.explain import check_sanction_concept
    from standoff.interfaces.web.graph import graph_data

    concept = check_sanction_concept(request.concept)
    return graph_data(
        _analysis(request, (*request.concepts, concept), progress=progress),
        concept,
        request.max_states,
        around=request.around,
        radius=request.radius,
    )


def live(request: LiveRequest, progress: Job | None = None) -> dict[str, Any]:
    """What the editor shows after each edit, from one reading of the model: ``validation`` (as
    ``validate`` answers, or ``{"ok": false, "error": ..., "problems": [...]}``), ``analysis`` (as
    ``analyze`` under ``concepts`` and the graph's ``concept``), ``data`` (as ``model``), ``families``
    (the concept families the model supports: ``standard``, and ``strength`` and ``unknown`` when its
    preferences give them) and, unless asked not to, ``graph`` (as ``graph``); with ``rewrite``, also
    ``rewritten``: the model's text in that format."""
    from standoff.analyses.explain import check_sanction_concept
    from standoff.errors import StandoffError
    from standoff.interfaces.web.concept_menus import model_families
    from standoff.interfaces.web.errors import error_body
    from standoff.interfaces.web.graph import graph_data
    from standoff.interfaces.web.table import summary
    from standoff.io.native import to_data

    concept = check_sanction_concept(request.concept)
    conflict = _conflict(request)
    result = _analysis(request, (*request.concepts, concept), progress=progress)
    try:
        validation = _validated(conflict, request, result.space)
    except StandoffError as error:
        text = request.model if request.format != "gmcr" else None
        validation = {"file": request.name, "ok": False, **(error_body(error, text) or {})}
    from standoff.outputs.json import DICT_STATE_LIMIT

    limit = DICT_STATE_LIMIT if request.max_listed_states is None else request.max_listed_states
    big = result.space.n_states > min(limit, DICT_STATE_LIMIT)
    answer: dict[str, Any] = {
        "validation": validation,
        "analysis": summary(result) if big else result.to_dict(),
        "data": to_data(conflict),
        "families": model_families(conflict),
    }
    if request.graph:
        answer["graph"] = graph_data(
            result, concept, request.max_states, around=request.around, radius=request.radius
        )
    if request.rewrite is not None:
        answer["rewritten"] = write_model(conflict, request.rewrite)
    return answer


def table(request: TableRequest, progress: Job | None = None) -> dict[str, Any]:
    """A page of the stability table (see :func:`standoff.interfaces.web.table.table_page`)."""
    from standoff.interfaces.web.table import table_page

    return table_page(
        _analysis(request, request.concepts, progress),
        offset=request.offset,
        limit=request.limit,
        dm=request.dm,
        concept=request.concept,
        show=request.show,
        find=request.find,
        sort=request.sort,
        descending=request.descending,
    )


def convert(request: ConvertRequest, progress: Job | None = None) -> dict[str, Any]:
    """``standoff convert``: the model's text in another format."""
    conflict = _conflict(request)
    stem = request.name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "model"
    suffix = {"yaml": ".yaml", "json": ".json", "gmcr": ".gmcr"}[request.to]
    return {"format": request.to, "name": stem + suffix, "model": write_model(conflict, request.to)}


def model_data(request: ModelText, progress: Job | None = None) -> dict[str, Any]:
    """The model as native-format data (what the editor's forms show and change)."""
    from standoff.io.native import to_data

    return {"data": to_data(_conflict(request))}


def report(request: ReportRequest, progress: Job | None = None) -> str:
    """``standoff report``: the HTML page."""
    from standoff.analyses.report import report as gather
    from standoff.outputs.report import render_report

    return render_report(gather(_conflict(request), request.concept))


ANSWERS: dict[str, tuple[type[ModelText], Callable[..., Any]]] = {
    "analyze": (AnalyzeRequest, analyze),
    "validate": (ModelText, validate),
    "explain": (ExplainRequest, explain),
    "evolve": (EvolveRequest, evolve),
    "timeline": (ModelText, timeline),
    "roadmap": (RoadmapRequest, roadmap),
    "whatif": (WhatifRequest, whatif),
    "robustness": (RobustnessRequest, robustness),
    "audit": (AuditRequest, audit),
    "coalitions": (CoalitionsRequest, coalitions),
    "graph": (GraphRequest, graph),
    "live": (LiveRequest, live),
    "table": (TableRequest, table),
}
"""The analyses the API offers, each with what it accepts and how it answers (also as background jobs)."""
