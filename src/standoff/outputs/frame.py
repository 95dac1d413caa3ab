"""pandas DataFrame views of results, for notebooks: states by their printed numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from standoff.outputs.words import change_words

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Explanation, Sanction
    from standoff.analyses.history import Timeline
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.stability import AnalysisResult


def require_pandas() -> None:
    """Check pandas, which only the ``to_frame`` methods need, imports: else an ImportError says how to
    install it."""
    try:
        import pandas  # noqa: F401
    except ImportError:
        raise ImportError(
            "to_frame() needs pandas, an optional dependency: pip install 'standoff[frame]'"
        ) from None


def analysis_to_frame(result: AnalysisResult) -> pd.DataFrame:
    """One row per state (index: number, pattern); columns (decision maker | 'equilibrium', concept).

    With a profile, the columns ``(decision maker, "profile")`` (each under its own concept) and
    ``("equilibrium", "profile")`` follow.

    Built column by column from the result's arrays, without a Python object per state but its pattern
    (2^24 states with two decision makers and six concepts: see bench/big_results.py for the memory).
    """
    require_pandas()
    import pandas as pd

    columns: dict[tuple[str, str], np.ndarray] = {}
    for concept in result.concepts:
        for i, name in enumerate(result.conflict.decision_maker_names):
            columns[(name, concept)] = result.stable[concept][i]
        columns[("equilibrium", concept)] = result.equilibrium_mask(concept)
    if result.profile is not None:  # each decision maker under its own concept, and the equilibria
        for i, name in enumerate(result.conflict.decision_maker_names):
            columns[(name, "profile")] = result.profile.stable[i]
        columns[("equilibrium", "profile")] = result.profile.equilibrium_mask
    n = result.space.n_states
    # each state's number and pattern are unique: levels with codes 0..n-1, no hashing to find them
    positions = np.arange(n)
    index = pd.MultiIndex(
        levels=[pd.RangeIndex(1, n + 1), pd.Index(result.space.patterns(), dtype=object)],  # type: ignore[list-item]
        codes=[positions, positions],  # type: ignore[list-item]  # pandas-stubs ask for lists; arrays are what pandas keeps
        names=["state", "pattern"],
        verify_integrity=False,
    )
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["decision_maker", "concept"])
    return frame


def explanation_to_frame(explanation: Explanation) -> pd.DataFrame:
    """One row per unilateral improvement and concept checked (a decision maker without any: one row).

    States are printed numbers. ``improvement_state`` (``_pattern``, ``_change``) is where the improvement
    leads and how; ``sanction_moves`` the opponents' answer, move by move, as the command line words it
    ("Column: take col_defects"), and ``sanction_state`` (``_pattern``) where it ends: empty when nothing
    deters the improvement.
    """
    require_pandas()
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
                        "improvement_state": item.improvement_index + 1,
                        "improvement_pattern": space.pattern(item.improvement_index),
                        "improvement_change": change_words(
                            conflict, space, explanation.index, item.improvement_index
                        ),
                        "concept": concept,
                        "deterred": sanction is not None,
                        "sanction_moves": None
                        if sanction is None
                        else _sanction_moves(explanation, sanction),
                        "sanction_state": None if sanction is None else sanction.state_index + 1,
                        "sanction_pattern": None if sanction is None else space.pattern(sanction.state_index),
                    }
                )
    columns = [
        "decision_maker",
        "stable",
        "perceived",
        "improvement_state",
        "improvement_pattern",
        "improvement_change",
        "concept",
        "deterred",
        "sanction_moves",
        "sanction_state",
        "sanction_pattern",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.astype({"improvement_state": "Int64", "sanction_state": "Int64"})


def _sanction_moves(explanation: Explanation, sanction: Sanction) -> str:
    """The sanction's moves in words, as the command line's table gives them: ``Column: take col_defects``
    (moves one after another joined by →; taken at the same time, by +)."""
    conflict, space = explanation.conflict, explanation.space
    dms = conflict.decision_maker_names
    joiner = " + " if sanction.simultaneous else " → "
    return joiner.join(
        f"{dms[m.decision_maker]}: {change_words(conflict, space, m.source_index, m.target_index)}"
        for m in sanction.moves
    )


def evolution_to_frame(evolution: Evolution) -> pd.DataFrame:
    """One row per reachable state (index: number, pattern): steps away, equilibrium, last move in."""
    require_pandas()
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
            "from_state": pd.array([None if m is None else m.source_index + 1 for m in last], dtype="Int64"),
            "mover": pd.array([None if m is None else dms[m.decision_maker] for m in last], dtype="string"),
        },
        index=pd.MultiIndex.from_arrays([reached + 1, space.patterns(reached)], names=["state", "pattern"]),
    )
    return frame


def timeline_to_frame(timeline: Timeline) -> pd.DataFrame:
    """One row per observed state: date, number, pattern, name, movers, and equilibrium per concept."""
    require_pandas()
    import pandas as pd

    space = timeline.result.space
    dms = timeline.result.conflict.decision_maker_names
    names = dict(timeline.names)
    rows = []
    for step in timeline.steps:
        row = {
            "date": step.entry.date,
            "state": step.state_index + 1,
            "pattern": space.pattern(step.state_index),
            "name": names.get(step.state_index, ""),
            "movers": ", ".join(dms[d] for d in step.movers),
            "improvement": step.improvement,
        }
        row.update({f"equilibrium_{c}": flag for c, flag in step.equilibrium.items()})
        row["disagreements"] = len(step.disagreements)
        rows.append(row)
    return pd.DataFrame(rows)


def roadmap_to_frame(roadmap: Roadmap) -> pd.DataFrame:
    """One row per step of each listed roadmap (``from_state`` → ``to_state``, printed numbers); without
    one, a row per failing step toward the target."""
    require_pandas()
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
                "move": joint_words(conflict, space, step.movers, step.source_index, step.target_index),
                "from_state": step.source_index + 1,
                "to_state": step.target_index + 1,
                "to_pattern": space.pattern(step.target_index),
                "to_name": names.get(step.target_index, ""),
                "joint": step.joint,
                "flagged": step.flagged,
                "undoes": ", ".join(conflict.options[j].name for j in step.undoes),
            }
            for number, steps in enumerate(roadmap.roadmaps, 1)
            for k, step in enumerate(steps, 1)
        ]
        columns = [
            "roadmap",
            "step",
            "movers",
            "move",
            "from_state",
            "to_state",
            "to_pattern",
            "to_name",
            "joint",
        ]
        columns += ["flagged", "undoes"]
        return pd.DataFrame(rows, columns=columns)
    rows = [
        {
            "from_state": item.step.source_index + 1,
            "movers": ", ".join(dms[d] for d in item.step.movers),
            "move": joint_words(
                conflict, space, item.step.movers, item.step.source_index, item.step.target_index
            ),
            "to_state": item.step.target_index + 1,
            "to_pattern": space.pattern(item.step.target_index),
            "holds": item.holds,
            "why": "; ".join(failure_reasons(roadmap, item)),
        }
        for item in roadmap.breaks.failed
    ]
    return pd.DataFrame(
        rows, columns=["from_state", "movers", "move", "to_state", "to_pattern", "holds", "why"]
    )
