"""The grouped-move kernels agree with plain move enumeration and with strongly connected components.

The engine propagates minima over a group's moves member after member
until nothing changes; strongly connected components of the group's listed moves
(:class:`standoff.engine.group_graph.GroupGraph`, Tarjan's algorithm) are the
fallback for groups that need many rounds. Both must give
the same answer, and the grouped move counts must equal the moves that
:func:`standoff.engine.moves.unilateral_moves` lists one by one.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings

from profiles import examples
from standoff.engine.cones import move_counts
from standoff.engine.moves import unilateral_improvements, unilateral_moves
from standoff.engine.reach import _min_over_reach_by_components, min_over_group_reach, opponents
from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict
from strategies import conflicts


@settings(max_examples=examples(80), deadline=None)
@given(conflicts(min_dms=3, max_dms=5, max_options=7))
def test_rounds_match_strongly_connected_components(conflict: Conflict) -> None:
    space = StateSpace.build(conflict)
    for dm in range(space.n_decision_makers):
        group = opponents(space, dm)
        values = np.stack([space.ranks[dm], space.ranks[(dm + 1) % space.n_decision_makers]]).astype(np.int64)
        for improving in (False, True):
            by_rounds = min_over_group_reach(space, group, values, improving=improving)
            by_components = _min_over_reach_by_components(space, group, values, improving=improving)
            assert np.array_equal(by_rounds, by_components)


@settings(max_examples=examples(80), deadline=None)
@given(conflicts(max_dms=4, max_options=7))
def test_grouped_move_counts_match_enumerated_moves(conflict: Conflict) -> None:
    space = StateSpace.build(conflict)
    for dm in range(space.n_decision_makers):
        moves, improvements = move_counts(space.layouts, dm, space.codes, space.ranks[dm])
        assert moves == sum(len(unilateral_moves(space, dm, s)) for s in range(space.n_states))
        assert improvements == sum(len(unilateral_improvements(space, dm, s)) for s in range(space.n_states))
