"""Simultaneous sanctioning (SIM) and SEQ+SIM; Fang, Hipel & Kilgour (1993), ch. 3.

``s`` is SIM stable for ``i`` when every improvement ``s1`` of ``i`` can be
met by the opponents moving *at the same time* from ``s``: each opponent
stays or takes one of its own unilateral improvements from ``s``, not all
stay, and the state formed by i's options from ``s1``, each mover's options
from its improvement and the others' from ``s`` is feasible and ``<=_i s``.
SEQ+SIM is stability under both SEQ and SIM (as GMCR II defines it; some
tools compute something else, see the docs).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine import cones
from standoff.engine.space import StateSpace


def simultaneous(space: StateSpace) -> npt.NDArray[np.bool_]:
    """SIM stability, shape (decision makers, states).

    With two decision makers, a DM whose opponent has only reversible
    options is examined group by group (see :func:`cones.simultaneous_pair`);
    otherwise every improvement meets a search over the opponents' answers.
    """
    layouts = space.layouts
    n_dms = space.n_decision_makers
    todo = np.ones(n_dms, dtype=np.bool_)
    out = np.ones((n_dms, space.n_states), dtype=np.bool_)
    if n_dms == 2 and space.lookup.size:
        for i in range(2):
            j = 1 - i
            if layouts.forward[j] | layouts.backward[j]:
                continue
            cones.simultaneous_pair(
                i,
                j,
                space.codes,
                space.lookup,
                space.ranks,
                layouts.order,
                layouts.position,
                layouts.group_end,
                layouts.class_end,
                layouts.table,
                layouts.reversible,
                layouts.forward,
                layouts.backward,
                layouts.starts[j],
                space.owned[i],
                out,
            )
            todo[i] = False
    if todo.any():
        capacity = 1 << max(int(mask).bit_count() for mask in space.owned)
        generic = cones.simultaneous(
            space.codes,
            space.lookup,
            space.ranks,
            layouts.order,
            layouts.position,
            layouts.group_end,
            layouts.class_end,
            layouts.table,
            layouts.reversible,
            layouts.forward,
            layouts.backward,
            capacity,
            1024,
            todo,
        )
        out[todo] = generic[todo]
    return out
