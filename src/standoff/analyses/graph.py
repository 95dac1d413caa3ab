"""The state graph as a networkx graph: feasible states and every decision maker's unilateral moves.

For users who want graph algorithms (paths, components, centrality) or
their own drawings. networkx is optional: ``pip install 'standoff[graph]'``.
The moves come from the engine (:mod:`standoff.engine.moves`), so the graph
is exactly the one the analyses use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from standoff.analyses.states import names_by_state, option_words
from standoff.engine.moves import unilateral_moves
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError

if TYPE_CHECKING:
    import networkx as nx

    from standoff.analyses.stability import AnalysisResult
    from standoff.model.conflict import Conflict

MAX_STATES = 100_000
"""Most states exported: networkx keeps a Python object per node and per edge."""


def to_networkx(subject: Conflict | AnalysisResult) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` with one node per feasible state and one edge per unilateral move.

    Nodes are the printed state numbers, with attributes ``number``, ``pattern``,
    ``name`` (the model's name for the state, or ``""``), ``options`` (the
    options taken, in words) and ``rank``: for each decision maker, its
    preference rank of the state (1 = most preferred, tie groups counted
    once). Each edge ``u → v`` is one decision maker's move, keyed by that
    decision maker's name, with attributes ``mover`` and ``improvement``
    (whether the mover strictly prefers ``v`` to ``u``). Given an analysis
    result, nodes also carry ``equilibrium``: the concepts under which the
    state is an equilibrium.

    >>> import standoff
    >>> graph = standoff.load("examples/prisoners-dilemma.yaml").to_networkx()
    >>> graph.nodes[4]["pattern"], graph.nodes[4]["name"], graph.nodes[4]["rank"]
    ('YY', 'both_defect', {'Row': 3, 'Column': 3})
    >>> sorted((u, v, d["mover"], d["improvement"]) for u, v, d in graph.edges(data=True))[:3]
    [(1, 2, 'Row', True), (1, 3, 'Column', True), (2, 1, 'Row', False)]
    """
    try:
        import networkx as nx
    except ImportError:
        raise ImportError(
            "to_networkx needs the optional networkx package: pip install 'standoff[graph]' (or networkx)"
        ) from None
    from standoff.analyses.stability import AnalysisResult

    if isinstance(subject, AnalysisResult):
        conflict, space, result = subject.conflict, subject.space, subject
    else:
        conflict, space, result = subject, StateSpace.build(subject), None
    if space.n_states > MAX_STATES:
        raise StandoffError(
            f"the model has {space.n_states} feasible states; to_networkx exports at most {MAX_STATES}"
        )
    dms = conflict.decision_maker_names
    names = names_by_state(conflict, space)
    top = space.ranks.max(axis=1)
    graph = nx.MultiDiGraph(
        name=conflict.name, decision_makers=list(dms), options=list(conflict.option_names)
    )
    for s in range(space.n_states):
        attributes = {
            "number": s + 1,
            "pattern": space.pattern(s),
            "name": ", ".join(names.get(s, [])),
            "options": option_words(conflict, int(space.codes[s])),
            "rank": {dm: int(top[i]) - int(space.ranks[i, s]) + 1 for i, dm in enumerate(dms)},
        }
        if result is not None:
            attributes["equilibrium"] = [c for c in result.concepts if result.stable[c][:, s].all()]
        graph.add_node(s + 1, **attributes)
    for s in range(space.n_states):
        for i, dm in enumerate(dms):
            here = int(space.ranks[i, s])
            for t in unilateral_moves(space, i, s):
                graph.add_edge(s + 1, int(t) + 1, key=dm, mover=dm, improvement=int(space.ranks[i, t]) > here)
    return graph
