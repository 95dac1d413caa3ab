"""The stability table of a large model, a page at a time: what the page shows instead of every row.

A model of a million states has a stability table of hundreds of megabytes as JSON; the page asks for
the summary (:func:`summary`) and then for the rows it shows (:func:`table_page`), filtered and sorted
here as the page filters and sorts a small model's rows itself. The rows are the entries of
``standoff analyze --format json``'s ``states``.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from standoff.analyses.stability import AnalysisResult

Show = Literal["all", "stable", "named", "focus"]

LISTED_EQUILIBRIA = 100
"""Equilibria listed per concept in the summary (the page shows the first few; the count is whole)."""


def summary(result: AnalysisResult) -> dict[str, Any]:
    """``standoff analyze --format json`` without ``states``, with at most :data:`LISTED_EQUILIBRIA`
    patterns per concept in ``equilibria``, and with ``equilibrium_counts`` (per concept), ``states_listed``
    (false) and ``known_states``: the rows of the status quo, the named states and the equilibria listed."""
    from standoff.outputs.json import analysis_to_dict, state_rows
    from standoff.outputs.table import state_names

    data = analysis_to_dict(result, states=False, listed=LISTED_EQUILIBRIA)
    chosen = {c: np.flatnonzero(result.equilibrium_mask(c)) for c in result.concepts}
    data["equilibrium_counts"] = {c: int(found.size) for c, found in chosen.items()}
    listed = {c: found[:LISTED_EQUILIBRIA] for c, found in chosen.items()}
    data["states_listed"] = False
    known = [] if result.status_quo_index is None else [result.status_quo_index]
    known += list(state_names(result.conflict, result.space))
    known += [int(s) for found in listed.values() for s in found]
    if result.profile is not None:
        known += [int(s) for s in np.flatnonzero(result.profile.equilibrium_mask)[:LISTED_EQUILIBRIA]]
    data["known_states"] = state_rows(result, sorted(set(known)))
    return data


def table_page(
    result: AnalysisResult,
    *,
    offset: int = 0,
    limit: int = 100,
    dm: str | None = None,
    concept: str | None = None,
    show: Show = "all",
    find: str = "",
    sort: str = "number",
    descending: bool = False,
) -> dict[str, Any]:
    """Rows ``offset`` to ``offset + limit`` of the stability table as the page filters and sorts it.

    ``dm``: verdicts for this decision maker (else whether a state is an equilibrium); ``concept``: the
    one concept shown (else all); ``show``: every state, those stable (for ``dm``, or equilibria) under a
    shown concept, the named ones, or (``focus``) the status quo, the named states and those stable;
    ``find``: a state's number, or text in its pattern or name (either
    case); ``sort``: ``number``, ``name`` (named states first), ``pattern`` or a concept (stable states
    first), ties by number, ``descending`` reversing the whole order. The answer: ``n_states``,
    ``total`` (rows after filtering), ``offset``, ``limit``, ``concepts`` (shown) and ``rows``.
    """
    from standoff.analyses.explain import check_concept
    from standoff.errors import StandoffError
    from standoff.outputs.json import state_rows
    from standoff.outputs.table import state_names

    space = result.space
    dms = list(result.conflict.decision_maker_names)
    if dm is not None and dm not in dms:
        raise StandoffError(f"no decision maker {dm!r}; the model has {', '.join(dms)}")
    if concept is not None and check_concept(concept) not in result.concepts:
        raise StandoffError(f"concept {concept!r} was not analysed; choose from {', '.join(result.concepts)}")
    concepts = list(result.concepts) if concept is None else [check_concept(concept)]
    if sort not in ("number", "name", "pattern") and sort not in result.concepts:
        raise StandoffError(f"cannot sort by {sort!r}: choose number, name, pattern or a concept analysed")

    def verdicts(c: str) -> npt.NDArray[np.bool_]:
        held = result.stable[c]
        return np.asarray(held[dms.index(dm)] if dm is not None else held.all(axis=0))

    named = state_names(result.conflict, space)
    keep = np.ones(space.n_states, dtype=np.bool_)
    if show == "named":
        keep[:] = False
        keep[list(named)] = True
    elif show == "stable":
        keep = np.logical_or.reduce([verdicts(c) for c in concepts])
    elif show == "focus":  # the status quo, the named states and the states stable under a shown concept
        keep = np.logical_or.reduce([verdicts(c) for c in concepts])
        keep[list(named)] = True
        if result.status_quo_index is not None:
            keep[result.status_quo_index] = True
    text = find.strip().lower()
    if text:
        keep &= _found(result, named, text)
    rows = np.flatnonzero(keep)
    if sort == "name":  # the named states by name, then the others by number: no Python list of every row
        is_named = np.zeros(space.n_states, dtype=np.bool_)
        is_named[list(named)] = True
        picked = is_named[rows]
        first = sorted(rows[picked].tolist(), key=lambda s: (named[s], s))
        rows = np.concatenate([np.asarray(first, dtype=np.int64), rows[~picked]])
    elif sort == "pattern":
        rows = rows[np.argsort(_pattern_order(result)[rows], kind="stable")]
    elif sort != "number":
        rows = rows[np.argsort(~verdicts(sort)[rows], kind="stable")]
    if descending:
        rows = rows[::-1]
    page = rows[offset : offset + limit]
    return {
        "n_states": space.n_states,
        "total": int(rows.size),
        "offset": offset,
        "limit": limit,
        "concepts": concepts,
        "rows": state_rows(result, page.tolist()),
    }


def _pattern_order(result: AnalysisResult) -> npt.NDArray[np.uint64]:
    """A number per state that sorts as its pattern does: the pattern read as binary, Y as 1, the first
    option the highest bit (no two states share a pattern)."""
    codes = result.space.codes.astype(np.uint64)
    m = result.space.n_options
    key = np.zeros(codes.size, dtype=np.uint64)
    for j in range(m):
        key |= ((codes >> np.uint64(j)) & np.uint64(1)) << np.uint64(m - 1 - j)
    return key


def _found(result: AnalysisResult, named: dict[int, str], text: str) -> npt.NDArray[np.bool_]:
    """States whose number is ``text``, or whose pattern or name holds it (``text`` in lower case)."""
    found = np.zeros(result.space.n_states, dtype=np.bool_)
    if text.isdigit() and 1 <= int(text) <= result.space.n_states:
        found[int(text) - 1] = True
    upper = text.upper()
    if upper.strip("YN") == "":  # patterns hold only Y and N: compare the codes' bits, make no pattern
        codes, m = result.space.codes, result.space.n_options
        for offset in range(m - len(upper) + 1):
            here = np.ones(codes.size, dtype=np.bool_)
            for k, letter in enumerate(upper):
                here &= ((codes >> (offset + k)) & 1).astype(np.bool_) == (letter == "Y")
            found |= here
    for s, name in named.items():
        if text in name.lower():
            found[s] = True
    return found
