"""The state graph as the web app's graph view draws it: nodes placed on a grid, moves, traced paths."""

from __future__ import annotations

from typing import Any

import numpy as np

from standoff.analyses.stability import AnalysisResult
from standoff.concepts import Concept


def graph_data(result: AnalysisResult, concept: Concept, max_states: int) -> dict[str, Any]:
    """Every state when there are at most ``max_states``, else the part around the status quo
    (``focus`` says which); each state's place on the grid the report draws, its name and the concepts
    under which it is an equilibrium; every move between drawn states; the paths from the status quo
    and the observed history."""
    from standoff.analyses.evolution import evolve
    from standoff.analyses.report import state_graph
    from standoff.analyses.states import names_by_state, option_words
    from standoff.errors import StandoffError
    from standoff.outputs.layout import grid_layout

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
    drawn, notes = state_graph(result, concept, evolution, history, max_states=max_states)
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
            }
            for m in drawn.moves
        ],
        "paths": [
            {"label": p.label, "kind": p.kind, "states": [s + 1 for s in p.states]} for p in drawn.paths
        ],
    }
