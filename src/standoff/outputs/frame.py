"""pandas DataFrame views of results, for notebooks: states by their printed numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from standoff.outputs.words import change_words

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation
    from standoff.analyses.history import Timeline
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.stability import AnalysisResult


def analysis_to_frame(result: AnalysisResult) -> pd.DataFrame:
    """One row per state (index: number, pattern); columns (decision maker | 'equilibrium', concept)."""
    import pandas as pd

    columns: dict[tuple[str, str], np.ndarray] = {}
    for concept in result.concepts:
        for i, name in enumerate(result.conflict.decision_maker_names):
            columns[(name, concept)] = result.stable[concept][i]
        columns[("equilibrium", concept)] = result.equilibrium_mask(concept)
    index = pd.MultiIndex.from_arrays(
        [np.arange(1, result.space.n_states + 1), result.patterns], names=["state", "pattern"]
    )
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["decision_maker", "concept"])
    return frame


def explanation_to_frame(explanation: Explanation) -> pd.DataFrame:
    """One row per unilateral improvement and concept checked (a decision maker without any: one row).

    States are printed numbers; ``sanction_state`` is empty when nothing deters the improvement.
    """
    import pandas as pd

    conflict, space = explanation.conflict, explanation.space
    dms = conflict.decision_maker_names
    rows = []
    for d in explanation.decision_makers:
        name = dms[d.decision_maker]
        if not d.improvements:
            rows.append({"decision_maker": name, "stable": d.stable, "perceived": d.perceived})
        for item in d.improvements:
            for concept, sanction in item.sanctions:
                rows.append(
                    {
                        "decision_maker": name,
                        "stable": d.stable,
                        "perceived": d.perceived,
                        "improvement": item.improvement + 1,
                        "pattern": space.pattern(item.improvement),
                        "change": change_words(conflict, space, explanation.index, item.improvement),
                        "concept": concept,
                        "deterred": sanction is not None,
                        "sanction_state": None if sanction is None else sanction.state + 1,
                        "sanction_moves": None
                        if sanction is None
                        else " → ".join(f"{dms[m.decision_maker]}: {m.target + 1}" for m in sanction.moves),
                    }
                )
    columns = [
        "decision_maker",
        "stable",
        "perceived",
        "improvement",
        "pattern",
        "change",
        "concept",
        "deterred",
        "sanction_state",
        "sanction_moves",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"improvement": "Int64", "sanction_state": "Int64"})


def evolution_to_frame(evolution: Evolution) -> pd.DataFrame:
    """One row per reachable state (index: number, pattern): steps away, equilibrium, last move in."""
    import pandas as pd

    result = evolution.result
    space = result.space
    dms = result.conflict.decision_maker_names
    equilibrium = result.equilibrium_mask(evolution.concept)
    names = dict(evolution.names)
    reached = np.array(evolution.reachable, dtype=np.int64)
    stops = np.zeros(space.n_states, dtype=bool)
    stops[list(evolution.stops)] = True
    last = [evolution.parents.get(s) for s in reached.tolist()]
    frame = pd.DataFrame(
        {
            "name": [names.get(s, "") for s in reached.tolist()],
            "steps": evolution.distance.at(reached),
            "equilibrium": equilibrium[reached].astype(bool),
            "stop": stops[reached],
            "from_state": pd.array([None if m is None else m.source + 1 for m in last], dtype="Int64"),
            "mover": pd.array([None if m is None else dms[m.decision_maker] for m in last], dtype="string"),
        },
        index=pd.MultiIndex.from_arrays([reached + 1, space.patterns(reached)], names=["state", "pattern"]),
    )
    return frame


def timeline_to_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per observed state: date, number, pattern, name, movers, and equilibrium per concept."""
    import pandas as pd

    space = timeline.result.space
    dms = timeline.result.conflict.decision_maker_names
    names = dict(timeline.names)
    rows = []
    for step in timeline.steps:
        row = {
            "date": step.entry.date,
            "state": step.state + 1,
            "pattern": space.pattern(step.state),
            "name": names.get(step.state, ""),
            "movers": ", ".join(dms[d] for d in step.movers),
            "improvement": step.improvement,
        }
        row.update({f"equilibrium_{c}": flag for c, flag in step.equilibrium.items()})
        row["disagreements"] = len(step.disagreements)
        rows.append(row)
    return pd.DataFrame(rows)


def roadmap_to_frame(roadmap: Roadmap) -> pd.DataFrame:
    """One row per step of each listed roadmap; without one, a row per failing step toward the target."""
    import pandas as pd

    from standoff.outputs.roadmap_text import failure_reasons
    from standoff.outputs.words import joint_words

    conflict, space = roadmap.result.conflict, roadmap.result.space
    dms = conflict.decision_maker_names
    names = dict(roadmap.names)
    if roadmap.found or roadmap.breaks is None:
        rows = [
            {
                "roadmap": number,
                "step": k,
                "movers": ", ".join(dms[d] for d in step.movers),
                "move": joint_words(conflict, space, step.movers, step.source, step.target),
                "state": step.target + 1,
                "pattern": space.pattern(step.target),
                "name": names.get(step.target, ""),
                "joint": step.joint,
                "flagged": step.flagged,
                "undoes": ", ".join(conflict.options[j].name for j in step.undoes),
            }
            for number, steps in enumerate(roadmap.roadmaps, 1)
            for k, step in enumerate(steps, 1)
        ]
        columns = ["roadmap", "step", "movers", "move", "state", "pattern", "name", "joint"]
        columns += ["flagged", "undoes"]
        return pd.DataFrame(rows, columns=columns)
    rows = [
        {
            "from_state": item.step.source + 1,
            "movers": ", ".join(dms[d] for d in item.step.movers),
            "move": joint_words(conflict, space, item.step.movers, item.step.source, item.step.target),
            "state": item.step.target + 1,
            "pattern": space.pattern(item.step.target),
            "holds": item.holds,
            "why": "; ".join(failure_reasons(roadmap, item)),
        }
        for item in roadmap.breaks.failed
    ]
    return pd.DataFrame(rows, columns=["from_state", "movers", "move", "state", "pattern", "holds", "why"])
