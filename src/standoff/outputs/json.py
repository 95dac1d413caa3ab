"""The JSON output of ``standoff analyze``: a contract other tools read.

Keys and meanings are fixed (docs/reference/json-output.md); fields may be
added, never renamed or dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult


def analysis_to_dict(result: AnalysisResult, *, states: bool = True) -> dict[str, Any]:
    """The contract object; ``states=False`` leaves out the per-state list (``--equilibria-only``)."""
    conflict, space = result.conflict, result.space
    names = list(conflict.decision_maker_names)
    out: dict[str, Any] = {
        "name": conflict.name,
        "options": list(conflict.option_names),
        "decision_makers": names,
        "option_owners": [names[o.owner] for o in conflict.options],
        "concepts": list(result.concepts),
        "n_states": space.n_states,
    }
    if states:
        out["states"] = state_rows(result)
    # patterns straight from the masks: a million equilibria need no State objects; when the
    # concepts' equilibria together outnumber the states, every pattern is made once and picked
    chosen = {c: np.flatnonzero(result.equilibrium_mask(c)) for c in result.concepts}
    if states or sum(found.size for found in chosen.values()) > space.n_states:
        every = result.patterns
        out["equilibria"] = {c: [every[k] for k in found.tolist()] for c, found in chosen.items()}
    else:
        out["equilibria"] = {c: space.patterns(found) for c, found in chosen.items()}
    if result.status_quo_index is not None:
        out["status_quo"] = space.pattern(result.status_quo_index)
    from standoff.analyses.states import named_first

    out["named_states"] = [
        {
            "name": name,
            "number": None if s is None else s + 1,
            "pattern": None if s is None else space.pattern(s),
            "equilibrium": {
                c: s is not None and bool(result.equilibrium_mask(c)[s]) for c in result.concepts
            },
        }
        for name, s in named_first(conflict, space, result.status_quo_index)
    ]
    if conflict.fixed:
        out["fixed"] = {conflict.options[j].name: "Y" if value else "N" for j, value in conflict.fixed}
    return out


def state_rows(result: AnalysisResult, indices: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """The entries of ``states`` in the contract object: every state's, or those at ``indices`` (state
    indices, in the order given)."""
    from standoff.outputs.table import state_names

    patterns = result.patterns
    names = list(result.conflict.decision_maker_names)
    named = state_names(result.conflict, result.space)
    chosen = range(result.space.n_states) if indices is None else list(indices)
    if indices is None:
        stable = {c: result.stable[c].T.tolist() for c in result.concepts}
    else:
        stable = {c: result.stable[c][:, chosen].T.tolist() for c in result.concepts}
    for c in result.concepts:
        unknown = result.undetermined(c)
        if unknown is None:
            continue
        # NM whose verdict never settles as the horizon grows: null, neither stable nor unstable
        for k, s in enumerate(chosen):
            for i in np.flatnonzero(unknown[:, s]).tolist():
                stable[c][k][i] = None
    return [
        {
            "number": s + 1,
            "pattern": patterns[s],
            "name": named.get(s),
            "stable": {name: {c: stable[c][k][i] for c in result.concepts} for i, name in enumerate(names)},
        }
        for k, s in enumerate(chosen)
    ]
