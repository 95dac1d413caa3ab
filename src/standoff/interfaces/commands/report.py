"""``standoff report``: one self-contained HTML page about a model and its analysis.

The command gathers the results (stability, the part of the state graph to
draw, explanations, status quo analysis, observed history) and hands them
to :func:`standoff.outputs.report.render_report`, which only formats them.
The page is written to a temporary file next to the target and renamed
over it, so an existing report is never left half-written.
"""

from __future__ import annotations

from collections import deque
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from standoff.errors import StandoffError
from standoff.interfaces.cli import (
    CONCEPT_LIST,
    Command,
    ModelArg,
    QuietOption,
    _load,
    app,
    concept_option,
    user_errors,
)

if TYPE_CHECKING:
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation
    from standoff.analyses.history import Timeline
    from standoff.analyses.stability import AnalysisResult, Concept
    from standoff.outputs.graph_svg import Move
    from standoff.outputs.report import Report

MAX_GRAPH_STATES = 100
"""Most states drawn; a larger model is drawn around its status quo."""
MAX_EXPLAINED = 12
"""Most equilibria explained one by one (the status quo is always explained)."""
DENSE_GRAPH = 3.0
"""Above this many drawn lines per state, moves that change several options at once are left out."""
MAX_DRAWN_PATHS = 8
"""Most evolution paths traced on the graph (the shortest first)."""


class ReportWriteError(StandoffError):
    """The report cannot be written where the user asked."""


def neighbourhood(result: AnalysisResult, centre: int, radius: int) -> list[int]:
    """States within ``radius`` unilateral moves (of any decision maker) of ``centre``, nearest first."""
    from standoff.engine.moves import unilateral_moves

    space = result.space
    distance = {centre: 0}
    queue = deque([centre])
    order = [centre]
    while queue:
        s = queue.popleft()
        if distance[s] >= radius:
            continue
        for dm in range(space.n_decision_makers):
            for t in unilateral_moves(space, dm, s):
                t = int(t)
                if t not in distance:
                    distance[t] = distance[s] + 1
                    order.append(t)
                    queue.append(t)
    return order


def _state_label(result: AnalysisResult, s: int) -> str:
    return f"state {s + 1} ({result.space.pattern(s)})"


def choose_states(
    result: AnalysisResult, concept: Concept, paths: list[tuple[int, ...]], max_states: int
) -> tuple[list[int], str]:
    """The states to draw and, when not all of them, a sentence saying which part is shown.

    Every state when there are at most ``max_states``. Otherwise the states
    within two moves of the status quo (or, without one, of the first
    equilibrium), or within one move if two is too many, then as many states
    of the traced paths as still fit.
    """
    import numpy as np

    n = result.space.n_states
    if n <= max_states:
        return list(range(n)), ""
    if result.status_quo is not None:
        centre, what = result.status_quo, f"the status quo, {_state_label(result, result.status_quo)}"
    else:
        eq = np.flatnonzero(result.equilibrium_mask(concept))
        centre = int(eq[0]) if eq.size else 0
        what = (
            f"the first equilibrium, {_state_label(result, centre)}"
            if eq.size
            else _state_label(result, centre)
        ) + " (the model has no status quo)"
    chosen: list[int] = []
    focus = ""
    for radius in (2, 1):
        ball = neighbourhood(result, centre, radius)
        if len(ball) <= max_states:
            chosen = ball
            focus = f"the states within {radius} move{'s' if radius > 1 else ''} of {what}"
            break
    if not chosen:
        ball = neighbourhood(result, centre, 1)
        chosen = ball[:max_states]
        focus = f"{what} and {len(chosen) - 1} of the {len(ball) - 1} states one move away"
    added = 0
    shown = set(chosen)
    for path in paths:
        extra = [s for s in dict.fromkeys(path) if s not in shown]
        if len(chosen) + len(extra) > max_states:
            continue
        chosen += extra
        shown |= set(extra)
        added += len(extra)
    if added:
        focus += ", and the other states on the paths traced"
    return chosen, focus


def graph_moves(result: AnalysisResult, states: list[int]) -> tuple[Move, ...]:
    """Every unilateral move between two drawn states, marked when it is an improvement for its mover."""
    from standoff.engine.moves import unilateral_moves
    from standoff.outputs.graph_svg import Move

    space = result.space
    shown = set(states)
    moves = []
    for s in states:
        for dm in range(space.n_decision_makers):
            for t in unilateral_moves(space, dm, s):
                t = int(t)
                if t in shown:
                    moves.append(Move(s, t, dm, bool(space.ranks[dm, t] > space.ranks[dm, s])))
    return tuple(moves)


def without_composite_moves(
    result: AnalysisResult, moves: tuple[Move, ...], keep: set[int], paths: list[tuple[int, ...]]
) -> tuple[Move, ...]:
    """Drop the moves that the same decision maker can make in steps through a drawn state.

    A move ``s → t`` of ``d`` is dropped when some drawn ``u`` lies between
    them (the options changed from ``s`` to ``u`` are some of those changed
    from ``s`` to ``t``) with ``s → u`` and ``u → t`` both moves of ``d``:
    it is ``d`` changing several options at once. Every state stays reachable
    from where it was (by induction on the number of options changed).
    Unilateral improvements out of a state in ``keep`` and the steps of
    ``paths`` are always kept.
    """
    codes = result.space.codes
    targets: dict[tuple[int, int], set[int]] = {}
    for move in moves:
        targets.setdefault((move.decision_maker, move.source), set()).add(move.target)
    steps = {(a, b) for path in paths for a, b in pairwise(path)}
    kept = []
    for move in moves:
        s, t, d = move.source, move.target, move.decision_maker
        flips = int(codes[s]) ^ int(codes[t])
        wanted = (s in keep and move.improvement) or (s, t) in steps
        composite = (
            flips.bit_count() > 1
            and not wanted
            and any(
                u != t and (int(codes[s]) ^ int(codes[u])) & ~flips == 0 and t in targets.get((d, u), ())
                for u in targets.get((d, s), ())
            )
        )
        if not composite:
            kept.append(move)
    return tuple(kept)


def _explanations(
    result: AnalysisResult, concept: Concept, drawn: list[int]
) -> tuple[tuple[Explanation, ...], str]:
    """Explanations of the status quo and the equilibria (drawn ones first); a note if some are left out."""
    import numpy as np

    from standoff.analyses.explain import explain

    equilibria = [int(s) for s in np.flatnonzero(result.equilibrium_mask(concept))]
    order = {s: k for k, s in enumerate(drawn)}
    equilibria.sort(key=lambda s: (s not in order, order.get(s, 0), s))
    states = [] if result.status_quo is None else [result.status_quo]
    states += [s for s in equilibria if s != result.status_quo][:MAX_EXPLAINED]
    left = len([s for s in equilibria if s != result.status_quo]) - (
        len(states) - (result.status_quo is not None)
    )
    note = (
        f"{left} more equilibria are not explained here; ask with `standoff explain MODEL STATE`."
        if left > 0
        else ""
    )
    return tuple(explain(result, s, concept) for s in states), note


def gather(result: AnalysisResult, concept: Concept = "seq", *, max_states: int = MAX_GRAPH_STATES) -> Report:
    """Everything the report shows for an analysed conflict."""
    from standoff.analyses.evolution import evolve
    from standoff.outputs.graph_svg import PathOverlay, StateGraph
    from standoff.outputs.report import Report

    notes: list[str] = []
    evolution: Evolution | None = None
    if result.status_quo is not None:
        evolution = evolve(result, concept=concept)
    history: Timeline | None = None
    if result.conflict.history:
        from standoff.analyses.history import timeline

        history = timeline(result)

    overlays: list[PathOverlay] = []
    if evolution is not None:
        for path in evolution.paths[:MAX_DRAWN_PATHS]:
            trace = (path[0].source, *(m.target for m in path))
            overlays.append(PathOverlay(f"from the status quo to state {trace[-1] + 1}", "evolution", trace))
        if len(evolution.paths) > MAX_DRAWN_PATHS:
            notes.append(
                f"The graph traces {MAX_DRAWN_PATHS} of the {len(evolution.paths)} paths from the status quo "
                "to an equilibrium (the shortest)."
            )
    if history is not None:
        observed = tuple(step.state for step in history.steps)
        overlays.append(PathOverlay("observed history", "history", observed))

    states, focus = choose_states(result, concept, [p.states for p in overlays], max_states)
    if focus:
        notes.append(f"The graph shows {focus}: {len(states)} of {result.space.n_states} states.")
    moves = graph_moves(result, states)
    curves = {(min(m.source, m.target), max(m.source, m.target), m.decision_maker) for m in moves}
    omitted = 0
    if len(curves) > DENSE_GRAPH * len(states):
        keep = set() if result.status_quo is None else {result.status_quo}
        reduced = without_composite_moves(result, moves, keep, [p.states for p in overlays])
        omitted = len(moves) - len(reduced)
        moves = reduced
    graph = StateGraph(
        tuple(states), moves, result.space.n_states, focus, tuple(overlays), omitted_moves=omitted
    )
    explanations, note = _explanations(result, concept, states)
    if note:
        notes.append(note)
    return Report(result, concept, graph, explanations, evolution, history, tuple(notes))


def write_atomically(path: Path, text: str) -> None:
    """Write the report whole or not at all (see :mod:`standoff.io.atomic`)."""
    from standoff.io.atomic import WriteError, write_text_atomically

    try:
        write_text_atomically(path, text, what="report")
    except WriteError as error:
        raise ReportWriteError(str(error)) from None


@app.command(cls=Command)
def report(
    model: ModelArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The HTML file to write (replaced whole if it exists).")
    ],
    concept: Annotated[
        str, concept_option(f"Concept whose equilibria are highlighted and explained: one of {CONCEPT_LIST}.")
    ] = "seq",
    max_states: Annotated[
        int,
        typer.Option(
            "--max-states",
            min=4,
            metavar="N",
            help="Draw every state up to this many; a larger model is drawn around its status quo.",
        ),
    ] = MAX_GRAPH_STATES,
    quiet: QuietOption = False,
) -> None:
    """Write a self-contained HTML report of a model and its analysis.

    The report has the model in words, the state graph, stability and
    explanations. The page needs no network to be read: open it in any browser.

    Examples:

      standoff report examples/elmira.yaml -o elmira.html

      standoff report model.yaml -o report.html --concepts gmr
    """
    from standoff.interfaces.cli import _stderr
    from standoff.interfaces.output import emit

    with user_errors():
        from standoff.analyses.explain import check_concept
        from standoff.analyses.stability import analyze as run
        from standoff.interfaces.progress import AnalysisProgress
        from standoff.outputs.report import render_report

        chosen = check_concept(concept)
        conflict = _load(model)
        with AnalysisProgress(_stderr(), enabled=not quiet) as step:
            result = run(conflict, progress=step)
            step("explaining and tracing paths")
            gathered = gather(result, chosen, max_states=max_states)
        write_atomically(output, render_report(gathered))
        drawn = len(gathered.graph.states)
        shown = (
            f"all {drawn} states"
            if not gathered.graph.is_partial
            else f"{drawn} of {result.space.n_states} states"
        )
        if not quiet:
            emit(f"wrote {output} (the graph shows {shown})\n", None, plain=True)
