"""The state graph as the web app's graph view draws it: nodes placed on a grid, moves, traced paths."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from standoff.analyses.stability import AnalysisResult
from standoff.concepts import Concept

WITHIN = (1, 2, 3)
"""The "all states within N moves" choices whose counts the graph answer carries."""


def graph_data(
    result: AnalysisResult,
    concept: Concept,
    max_states: int,
    *,
    around: Sequence[int] = (),
    radius: int | None = None,
) -> dict[str, Any]:
    """Every state when there are at most ``max_states``, else the focused view: the status quo, its
    improvements and the sanctions that answer them, grown by the neighbours of the states ``around``
    (numbers) or replaced by every state within ``radius`` moves (``focus`` says which); each state's
    place on the grid the report draws, its name and the concepts under which it is an equilibrium;
    every move between drawn states, in words (``why``: the move is one of the status quo's improvements
    or of the sanctions that answer them); the paths from the status quo and the observed history;
    and ``within``: how many states lie within 1, 2 and 3 moves of the status quo (counted up to
    ``max_states`` + 1), so that the page can say so before drawing them."""
    from standoff.analyses.evolution import evolve
    from standoff.analyses.report import neighbourhood, state_graph
    from standoff.analyses.states import names_by_state, option_words, state_index
    from standoff.errors import StandoffError
    from standoff.outputs.layout import grid_layout
    from standoff.outputs.words import change_words

    conflict, space = result.conflict, result.space
    sq = result.status_quo_index
    evolution = evolve(result, concept=concept) if sq is not None else None
    history = None
    if conflict.history:
        from standoff.analyses.history import timeline

        try:
            history = timeline(result)
        except StandoffError:  # a history the model cannot place is left out of the drawing
            history = None
    indices = [state_index(conflict, space, number, role="state to grow the graph from") for number in around]
    drawn, notes = state_graph(
        result, concept, evolution, history, max_states=max_states, radius=radius, around=indices
    )
    why = set(drawn.explained)
    codes = [int(space.codes[s]) for s in drawn.states]
    anchor = int(space.codes[sq]) if sq is not None else 0
    layout = grid_layout(codes, [int(o) for o in space.owned], anchor=anchor)
    names = names_by_state(conflict, space)
    concepts = result.concepts
    index = list(drawn.states)
    # each drawn state's verdicts as plain lists, read once: [concept][state] and [concept][dm][state]
    masks = [result.equilibrium_mask(c)[index].tolist() for c in concepts]
    stable = [result.stable[c][:, index].tolist() for c in concepts]
    patterns = space.patterns(np.asarray(index, dtype=np.int64))
    dms = conflict.decision_maker_names
    nodes = []
    for k, (s, code) in enumerate(zip(index, codes, strict=True)):
        x, y = layout.positions[code]
        nodes.append(
            {
                "id": s + 1,
                "pattern": patterns[k],
                "name": ", ".join(names.get(s, [])),
                "options": option_words(conflict, code),
                "x": x,
                "y": y,
                "status_quo": s == sq,
                "equilibrium": [c for j, c in enumerate(concepts) if masks[j][k]],
                "stable": {
                    dm: [c for j, c in enumerate(concepts) if stable[j][i][k]] for i, dm in enumerate(dms)
                },
            }
        )
    return {
        "concept": concept,
        "decision_makers": list(dms),
        "n_states": space.n_states,
        "partial": drawn.is_partial,
        "focus": drawn.focus,
        "notes": notes,
        "omitted_moves": drawn.omitted_moves,
        "nodes": nodes,
        "moves": [
            {
                "from": m.source + 1,
                "to": m.target + 1,
                "dm": dms[m.decision_maker],
                "improvement": m.improvement,
                "words": f"{dms[m.decision_maker]}: {change_words(conflict, space, m.source, m.target)}",
                "why": (m.source, m.target) in why,
            }
            for m in drawn.moves
        ],
        "within": {
            str(r): len(neighbourhood(result, sq, r, limit=max_states)) if sq is not None else None
            for r in WITHIN
        },
        "paths": [
            {"label": p.label, "kind": p.kind, "states": [s + 1 for s in p.states]} for p in drawn.paths
        ],
    }
