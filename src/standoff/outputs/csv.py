"""CSV output: one row per state, the same content as the table and the JSON."""

from __future__ import annotations

import csv
import io
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.outputs.json import STREAM_BLOCK

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult


def analysis_to_csv(result: AnalysisResult) -> str:
    """Columns: state, pattern, name (empty when none), ``<dm>:<concept>`` (1/0; empty where NM never
    settles), ``equilibrium:<concept>`` (the same), status_quo; with a profile, then ``<dm>:profile``
    and ``equilibrium:profile``. The whole text in memory: for large models, :func:`write_analysis_csv`
    to a file."""
    buffer = io.StringIO()
    write_analysis_csv(result, buffer)
    return buffer.getvalue()


def write_analysis_csv(result: AnalysisResult, stream: IO[str], *, block: int = STREAM_BLOCK) -> None:
    """Write :func:`analysis_to_csv`'s rows to ``stream``, ``block`` states at a time (the memory taken
    beyond the result's is bounded by the block, not by the model)."""
    from standoff.outputs.table import state_names

    named = state_names(result.conflict, result.space)
    names = result.conflict.decision_maker_names
    writer = csv.writer(stream, lineterminator="\n")
    header = ["state", "pattern", "name"]
    for c in result.concepts:
        header += [f"{name}:{c}" for name in names] + [f"equilibrium:{c}"]
    header.append("status_quo")
    profile = result.profile
    if profile is not None:  # after status_quo: each decision maker under its own concept, and the equilibria
        header += [f"{name}:profile" for name in names] + ["equilibrium:profile"]
    writer.writerow(header)
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    quoted = {s: _field(name) for s, name in named.items()}  # a name with a comma is quoted, as csv does
    n = result.space.n_states
    for start in range(0, n, block):
        stop = min(n, start + block)
        columns: list[npt.NDArray[np.bool_]] = []
        for c in result.concepts:
            columns += [result.stable[c][i, start:stop] for i in range(len(names))] + [masks[c][start:stop]]
        columns.append(np.arange(start, stop) == result.status_quo_index)
        if profile is not None:
            columns += [profile.stable[i, start:stop] for i in range(len(names))]
            columns.append(profile.equilibrium_mask[start:stop])
        flags = np.stack(columns, axis=1)
        # each row's flags as the text "1,0,...,1\n", made for the whole block at once
        text = np.full((stop - start, 2 * flags.shape[1]), ord(","), dtype=np.uint8)
        text[:, 0::2] = flags + ord("0")
        text[:, -1] = ord("\n")
        tails = text.view(f"S{text.shape[1]}").ravel().tolist()
        for k, tail in _undetermined_tails(result, start, stop, flags).items():
            tails[k] = tail
        patterns = result.space.patterns(np.arange(start, stop, dtype=np.int64))
        stream.write(
            "".join(
                f"{s + 1},{pattern},{quoted.get(s, '')},{tail.decode()}"
                for s, pattern, tail in zip(range(start, stop), patterns, tails, strict=True)
            )
        )


def _undetermined_tails(
    result: AnalysisResult, start: int, stop: int, flags: npt.NDArray[np.bool_]
) -> dict[int, bytes]:
    """The rows (positions in the block) with an NM verdict that never settles, written again with an
    empty field for it (and for the equilibrium, unless a decision maker surely moves away)."""
    n_dms = len(result.conflict.decision_maker_names)
    cells: dict[int, list[str]] = {}
    for j, concept in enumerate(result.concepts):
        unknown = result.undetermined(concept)
        if unknown is None:
            continue
        first = j * (n_dms + 1)
        for k in np.flatnonzero(unknown[:, start:stop].any(axis=0)).tolist():
            row = cells.setdefault(k, ["1" if f else "0" for f in flags[k]])
            stable, unsettled = result.stable[concept][:, start + k], unknown[:, start + k]
            for i in np.flatnonzero(unsettled).tolist():
                row[first + i] = ""
            if not (~stable & ~unsettled).any():  # nobody surely moves away: the equilibrium is open too
                row[first + n_dms] = ""
    return {k: (",".join(row) + "\n").encode() for k, row in cells.items()}


def _field(text: str) -> str:
    """``text`` as one CSV field, quoted as :mod:`csv` quotes it."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def timeline_to_csv(timeline: dict[str, Any]) -> str:
    """The observed history (the JSON object of ``standoff timeline``) as one row per dated state.

    Columns: date, state (number), pattern, name, movers, take, drop, improvement (1/0, empty for
    the first state), ``equilibrium:<concept>``, ``<dm>:<concept>`` (1/0) and disagreements
    (joined by `` | ``).
    """
    steps = timeline["steps"]
    concepts = list(steps[0]["equilibrium"]) if steps else []
    dms = timeline["decision_makers"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    header = ["date", "state", "pattern", "name", "movers", "take", "drop", "improvement"]
    header += [f"equilibrium:{c}" for c in concepts]
    header += [f"{dm}:{c}" for c in concepts for dm in dms]
    writer.writerow([*header, "disagreements"])
    for step in steps:
        improvement = "" if step["improvement"] is None else int(step["improvement"])
        row: list[object] = [
            step["date"],
            step["number"],
            step["state"],
            step["name"] or "",
            "; ".join(step["movers"]),
            "; ".join(step["change"]["take"]),
            "; ".join(step["change"]["drop"]),
            improvement,
        ]
        row += [int(step["equilibrium"][c]) for c in concepts]
        row += [int(step["stable"][dm][c]) for c in concepts for dm in dms]
        writer.writerow([*row, " | ".join(step["disagreements"])])
    return buffer.getvalue()
