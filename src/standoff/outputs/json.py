"""The JSON output of ``standoff analyze``: a contract other tools read.

Keys and meanings are fixed (docs/reference/json-output.md); fields may be
added, never renamed or dropped.

A dict per state costs about a kilobyte in Python: :func:`analysis_to_dict`
lists the states only up to :data:`DICT_STATE_LIMIT` of them, and
:func:`write_analysis_json` writes the same object, byte for byte as orjson
encodes it, to a stream in blocks of :data:`STREAM_BLOCK` states, whatever
the model's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from standoff.errors import StandoffError

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult

COMPACT_JSON_STATES = 50_000
"""Above this many states (or reached states) the commands write JSON compactly: no indentation,
and reached states encoded as ranges (``standoff evolve``), as the web API does too."""


DICT_STATE_LIMIT = 1 << 20
"""States that :func:`analysis_to_dict` lists at most (about a gigabyte of dicts with two decision
makers); above, it refuses and names the lighter ways."""

STREAM_BLOCK = 65_536
"""States encoded at a time by :func:`write_analysis_json` and :func:`standoff.outputs.csv.write_analysis_csv`
(tens of megabytes at most, whatever the model's size)."""


class TooManyStates(StandoffError):
    """A result too large to list state by state in memory; the message names the lighter ways."""


def check_listable(result: AnalysisResult) -> None:
    """Refuse (:class:`TooManyStates`) a per-state list of more than :data:`DICT_STATE_LIMIT` states."""
    n = result.space.n_states
    if n > DICT_STATE_LIMIT:
        raise TooManyStates(
            f"{n:,} states are too many to list as dicts in memory (about {n * 1_000 / 1e9:.0f} GB; the "
            f"limit is {DICT_STATE_LIMIT:,} states): use to_dict(states=False) for the equilibria only, "
            "to_frame() for columns built from arrays, state_rows(result, indices) for a page of states, "
            "or write_analysis_json(result, file) (standoff analyze --format json) to write every state "
            "in blocks"
        )


def _head(result: AnalysisResult) -> dict[str, Any]:
    """The contract object's first keys, before ``states``."""
    conflict, space = result.conflict, result.space
    names = list(conflict.decision_maker_names)
    return {
        "name": conflict.name,
        "options": list(conflict.option_names),
        "decision_makers": names,
        "option_owners": [names[o.owner] for o in conflict.options],
        "concepts": list(result.concepts),
        "n_states": space.n_states,
    }


def analysis_to_dict(
    result: AnalysisResult, *, states: bool = True, listed: int | None = None
) -> dict[str, Any]:
    """The contract object; ``states=False`` leaves out the per-state list (``--equilibria-only``),
    ``listed`` lists at most that many equilibria per concept (the web app's summary).

    With the states, more than :data:`DICT_STATE_LIMIT` of them are refused (:class:`TooManyStates`).
    """
    space = result.space
    if states:
        check_listable(result)
    out = _head(result)
    if states:
        out["states"] = state_rows(result)
    # patterns straight from the masks: a million equilibria need no State objects; when the
    # concepts' equilibria together outnumber the states, every pattern is made once and picked
    chosen = {c: np.flatnonzero(result.equilibrium_mask(c))[:listed] for c in result.concepts}
    if states or sum(found.size for found in chosen.values()) > space.n_states:
        every = result.patterns
        out["equilibria"] = {c: [every[k] for k in found.tolist()] for c, found in chosen.items()}
    else:
        out["equilibria"] = {c: space.patterns(found) for c, found in chosen.items()}
    out.update(_tail(result, listed))
    return out


def _tail(result: AnalysisResult, listed: int | None = None) -> dict[str, Any]:
    """The contract object's last keys, after ``equilibria`` (``listed``: at most that many of the
    profile's equilibria)."""
    conflict, space = result.conflict, result.space
    out: dict[str, Any] = {}
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
    if result.profile is not None:
        found = np.flatnonzero(result.profile.equilibrium_mask)
        out["profile"] = {
            "concepts": result.profile.concepts,
            "equilibria": space.patterns(found[:listed]),
            "count": int(found.size),
        }
    readings = _readings(result)
    if readings:
        out["readings"] = readings
    return out


def _readings(result: AnalysisResult) -> dict[str, dict[str, list[str]]]:
    """Per unknown-preference concept computed (``gmr_b``), the patterns of the equilibria of its concept
    (``gmr``) in every joint reading and in some joint reading: the exact answer beside Li et al.'s."""
    from standoff.concepts import is_unknown_preference
    from standoff.outputs.table import readings_equilibria

    found = readings_equilibria(result)
    patterns = result.space.patterns
    return {
        c: {
            "every": patterns(np.flatnonzero(found[base][0])),
            "some": patterns(np.flatnonzero(found[base][1])),
        }
        for c in result.concepts
        if is_unknown_preference(c) and (base := c.rsplit("_", 1)[0]) in found
    }


def state_rows(result: AnalysisResult, indices: Sequence[int] | None = None) -> list[dict[str, Any]]:
    """The entries of ``states`` in the contract object: every state's, or those at ``indices`` (state
    indices, in the order given)."""
    from standoff.outputs.table import state_names

    chosen = range(result.space.n_states) if indices is None else list(indices)
    patterns = (
        result.patterns if indices is None else result.space.patterns(np.asarray(chosen, dtype=np.int64))
    )
    names = list(result.conflict.decision_maker_names)
    named = state_names(result.conflict, result.space)
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
            "pattern": patterns[s if indices is None else k],
            "name": named.get(s),
            "stable": {name: {c: stable[c][k][i] for c in result.concepts} for i, name in enumerate(names)},
        }
        for k, s in enumerate(chosen)
    ]


def write_analysis_json(
    result: AnalysisResult, stream: IO[bytes], *, states: bool = True, block: int = STREAM_BLOCK
) -> None:
    """Write ``analysis_to_dict(result, states=states)`` to ``stream`` as compact JSON and a newline.

    The bytes are those of ``orjson.dumps`` of the whole object; the states and
    each concept's equilibria are encoded ``block`` states at a time, so the memory
    this takes beyond the result's is bounded by the block, not by the model.
    """
    for part in _json_parts(result, states=states, block=block):
        stream.write(part)


def _json_parts(result: AnalysisResult, *, states: bool, block: int) -> Iterator[bytes]:
    import orjson

    space = result.space
    yield orjson.dumps(_head(result))[:-1]
    if states:
        yield b',"states":['
        rows = _RowEncoder(result)
        for start in range(0, space.n_states, block):
            yield (b"," if start else b"") + rows.encode(start, min(space.n_states, start + block))
        yield b"]"
    yield b',"equilibria":{'
    for k, concept in enumerate(result.concepts):
        found = np.flatnonzero(result.equilibrium_mask(concept))
        yield (b"," if k else b"") + orjson.dumps(concept) + b":["
        for start in range(0, found.size, block):
            yield (b"," if start else b"") + orjson.dumps(space.patterns(found[start : start + block]))[1:-1]
        yield b"]"
    yield b"}"
    tail = orjson.dumps(_tail(result))
    yield (b"," + tail[1:] if len(tail) > 2 else b"}") + b"\n"


class _RowEncoder:
    """Entries of ``states`` encoded as orjson encodes :func:`state_rows`, without a dict per state: each
    decision maker's ``{"concept": flag, ...}`` is one of a few fragments, chosen by its flags' bits."""

    def __init__(self, result: AnalysisResult) -> None:
        import orjson

        from standoff.outputs.table import state_names

        self.result = result
        self.names = {
            s: orjson.dumps(name).decode() for s, name in state_names(result.conflict, result.space).items()
        }
        concepts = result.concepts
        keys = [orjson.dumps(c).decode() for c in concepts]
        self.tabled = len(concepts) <= 12  # 2^12 fragments per decision maker at most
        self.fragments: list[list[str]] = []
        for name in result.conflict.decision_maker_names:
            key = orjson.dumps(name).decode()
            if self.tabled:
                made = []
                for bits in range(1 << len(concepts)):
                    flags = ",".join(
                        f"{k}:{'true' if bits >> j & 1 else 'false'}" for j, k in enumerate(keys)
                    )
                    made.append(f"{key}:{{{flags}}}")
                self.fragments.append(made)
            else:
                self.fragments.append([key, *keys])

    def _codes(self, start: int, stop: int) -> list[list[int]] | None:
        """Per decision maker, each state's flags as bits (concept ``j`` is bit ``j``)."""
        if not self.tabled:
            return None
        stable = self.result.stable
        codes = np.zeros((len(self.fragments), stop - start), dtype=np.int64)
        for j, concept in enumerate(self.result.concepts):
            codes |= stable[concept][:, start:stop].astype(np.int64) << j
        return codes.tolist()

    def _stable(self, i: int, s: int) -> str:
        key, *keys = self.fragments[i]
        stable = self.result.stable
        flags = ",".join(
            f"{k}:{'true' if stable[c][i, s] else 'false'}"
            for k, c in zip(keys, self.result.concepts, strict=True)
        )
        return f"{key}:{{{flags}}}"

    def encode(self, start: int, stop: int) -> bytes:
        """The entries of states ``start`` to ``stop`` (indices), joined by commas."""
        patterns = self.result.space.patterns(np.arange(start, stop, dtype=np.int64))
        codes = self._codes(start, stop)
        names = self.names
        dms = range(len(self.fragments))
        if codes is not None:
            by_dm = [[self.fragments[i][c] for c in codes[i]] for i in dms]
            stables = [",".join(parts) for parts in zip(*by_dm, strict=True)]
        else:
            stables = [",".join(self._stable(i, s) for i in dms) for s in range(start, stop)]
        rows = [
            f'{{"number":{s + 1},"pattern":"{pattern}","name":{names.get(s, "null")},"stable":{{{stable}}}}}'
            for s, pattern, stable in zip(range(start, stop), patterns, stables, strict=True)
        ]
        for s in self._undetermined(start, stop):  # NM never settles there: null, as state_rows writes it
            import orjson

            rows[s - start] = orjson.dumps(state_rows(self.result, [s])[0]).decode()
        return ",".join(rows).encode()

    def _undetermined(self, start: int, stop: int) -> list[int]:
        """The states from ``start`` to ``stop`` with a verdict no flag can say (NM undetermined)."""
        found: set[int] = set()
        for concept in self.result.concepts:
            unknown = self.result.undetermined(concept)
            if unknown is not None:
                found |= set((np.flatnonzero(unknown[:, start:stop].any(axis=0)) + start).tolist())
        return sorted(found)
