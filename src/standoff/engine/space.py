"""The feasible states of a conflict and everything the kernels need about them.

States are integer codes (bit ``j`` = option ``j`` taken). Only per-state
arrays are stored: memory grows with states × decision makers, never with
states²; moves are generated from the option structure when a kernel needs
them.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from standoff.engine.feasibility import feasible_codes
from standoff.errors import CapacityError, ModelError
from standoff.model.conflict import Conflict, Direction
from standoff.model.patterns import code_pattern, code_patterns
from standoff.model.preferences import RankingError, dense_ranks

if TYPE_CHECKING:
    from standoff.engine.cones import MoveLayouts

__all__ = ["DENSE_LIMITS", "MAX_OPTIONS", "DenseLimits", "StateSpace", "check_options", "feasible_codes"]

CHUNK = 1 << 20
DENSE_SPARSITY = 16
"""A table indexed by code is kept only if it has at most this many entries per feasible state (or 2^20)."""

MAX_OPTIONS = 62
"""States are int64 codes, bit ``j`` = option ``j``; the engine also uses ``2^m`` itself (the number of
codes) as an int64, so ``m`` can be at most 62. (Prioritization scores fit too: at most 62 statements.)"""


def check_options(conflict: Conflict) -> None:
    """Refuse a model with more options than a state code can hold, naming its file."""
    m = len(conflict.options)
    if m > MAX_OPTIONS:
        where = conflict.path or conflict.name
        raise CapacityError(
            f"{where}: {m} options: standoff represents a state as a 64-bit code, one bit per option, "
            f"and handles at most {MAX_OPTIONS} options"
        )


@dataclass(frozen=True)
class DenseLimits:
    """The largest code spaces (``2^m``) for which the engine keeps tables indexed by code.

    Beyond a limit the engine finds codes by binary search instead; the
    verdicts are the same either way, and a test sets both limits to 0 to
    check the searching paths on small conflicts.

    Attributes:
        lookup: code → state index (one int32 per code; 2^28 is 1 GiB).
        group_table: per decision maker with irreversible options, code → its move group.
    """

    lookup: int = 1 << 28
    group_table: int = 1 << 27

    def dense_lookup(self, n_options: int, n_states: int) -> bool:
        """Whether states are looked up by a table over all ``2^m`` codes (else by binary search).

        The table is only worth its memory when the feasible states are not too
        sparse among the codes.
        """
        return _worth_a_table(n_options, n_states, self.lookup)

    def dense_group_table(self, n_options: int, n_states: int) -> bool:
        """Whether move groups are found by a table over all ``2^m`` codes (else by binary search)."""
        return _worth_a_table(n_options, n_states, self.group_table)


def _worth_a_table(n_options: int, n_states: int, limit: int) -> bool:
    total = 1 << n_options
    return total <= limit and total <= max(1 << 20, DENSE_SPARSITY * n_states)


DENSE_LIMITS = DenseLimits()


@dataclass(frozen=True, eq=False)
class StateSpace:
    """Feasible states, option ownership and preference ranks as arrays.

    Attributes:
        n_options: number of options ``m``.
        codes: feasible state codes, ascending (GMCR state number = index + 1).
        lookup: ``lookup[code]`` is the state index or -1 if infeasible; empty
            when ``2^m`` is too large or the states too sparse (:func:`uses_dense_lookup`), in which
            case kernels binary-search ``codes``.
        owned: per decision maker, the bit mask of its options.
        forward / backward: per decision maker, the bits it may only change N→Y / Y→N.
        ranks: ``ranks[i, s]`` is DM ``i``'s rank of state ``s`` (higher is preferred).
        perceived: ``perceived[i, s]`` is False where DM ``i`` misperceives ``s``.
        limits: the dense-table limits the space and its move layouts were built with.
    """

    n_options: int
    codes: npt.NDArray[np.int64]
    lookup: npt.NDArray[np.int32]
    owned: npt.NDArray[np.int64]
    forward: npt.NDArray[np.int64]
    backward: npt.NDArray[np.int64]
    ranks: npt.NDArray[np.int32]
    perceived: npt.NDArray[np.bool_]
    limits: DenseLimits = DENSE_LIMITS
    _cache: dict[str, MoveLayouts] = field(default_factory=dict, init=False, repr=False, compare=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)
    _kept: dict[tuple[object, ...], npt.NDArray[np.int64]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def remember(self, key: tuple[object, ...], values: npt.NDArray[np.int64]) -> None:
        """Keep an array an analysis computed over the states, for a later analysis of the same space."""
        with self._lock:
            self._kept[key] = values

    def recall(self, key: tuple[object, ...]) -> npt.NDArray[np.int64] | None:
        """An array kept by :meth:`remember` (``None`` if none)."""
        with self._lock:
            return self._kept.get(key)

    @property
    def layouts(self) -> MoveLayouts:
        """Every decision maker's moves grouped for the kernels (built once, then kept)."""
        with self._lock:
            if "layouts" not in self._cache:
                from standoff.engine.cones import build_layouts

                self._cache["layouts"] = build_layouts(
                    self.codes,
                    self.ranks,
                    self.perceived,
                    self.owned,
                    self.forward,
                    self.backward,
                    self.n_options,
                    dense_table=self.limits.dense_group_table(self.n_options, self.n_states),
                )
            return self._cache["layouts"]

    @property
    def n_states(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_decision_makers(self) -> int:
        return int(self.owned.shape[0])

    def index(self, code: int) -> int:
        """The index of a state code, or -1 if the code is not a feasible state."""
        if self.lookup.size:
            return int(self.lookup[code]) if 0 <= code < self.lookup.size else -1
        i = int(np.searchsorted(self.codes, code))
        return i if i < self.codes.size and int(self.codes[i]) == code else -1

    def pattern(self, index: int) -> str:
        """The Y/N pattern of a state, one character per option in model order."""
        return code_pattern(int(self.codes[index]), self.n_options)

    def patterns(self, indices: npt.NDArray[np.integer] | None = None) -> list[str]:
        """The patterns of every feasible state (or of the states at ``indices``), vectorised."""
        codes = self.codes if indices is None else self.codes[np.asarray(indices, dtype=np.int64)]
        return code_patterns(codes, self.n_options)

    @classmethod
    def build(cls, conflict: Conflict, *, limits: DenseLimits = DENSE_LIMITS) -> StateSpace:
        """Enumerate the feasible states and rank them for every decision maker."""
        m = len(conflict.options)
        check_options(conflict)
        codes = feasible_codes(conflict.feasibility_conditions, m)
        if codes.size == 0:
            raise ModelError(
                f"every state is infeasible: the infeasibility conditions exclude all 2^{m}",
                file=conflict.path,
                place="infeasible",
            )
        if codes.size < 2:
            raise ModelError(
                "only one state is feasible: there is no conflict to analyse",
                file=conflict.path,
                place="infeasible",
            )
        lookup = np.empty(0, dtype=np.int32)
        if limits.dense_lookup(m, codes.size):
            lookup = np.full(1 << m, -1, dtype=np.int32)
            lookup[codes] = np.arange(codes.size, dtype=np.int32)
        n = len(conflict.decision_makers)
        owned = np.zeros(n, dtype=np.int64)
        forward = np.zeros(n, dtype=np.int64)
        backward = np.zeros(n, dtype=np.int64)
        for j, option in enumerate(conflict.options):
            owned[option.owner] |= 1 << j
            if option.direction is Direction.FORWARD:
                forward[option.owner] |= 1 << j
            elif option.direction is Direction.BACKWARD:
                backward[option.owner] |= 1 << j
        ranks = np.empty((n, codes.size), dtype=np.int32)
        perceived = np.ones((n, codes.size), dtype=np.bool_)
        for i, dm in enumerate(conflict.decision_makers):
            try:
                ranks[i] = _ranks(dm.preferences.scores(codes))
            except (RankingError, ModelError) as error:
                raise preference_error(conflict, i, error) from None
            for condition in dm.misperceived:
                perceived[i] &= ~condition.evaluate(codes)
        return cls(m, codes, lookup, owned, forward, backward, ranks, perceived, limits)


def preference_error(conflict: Conflict, i: int, error: RankingError | ModelError) -> ModelError:
    """Decision maker ``i``'s preferences cannot rank the states: the error as ``standoff validate`` and
    every other command word it (the place in the file, the decision maker, the problem)."""
    if isinstance(error, RankingError):
        shown = code_pattern(error.code, len(conflict.options))
        problem = error.problem.replace(f"code {error.code}", f"pattern {shown}")
        name = conflict.decision_makers[i].name
        return ModelError(
            f"{name}: {problem}", file=conflict.path, place=f"decision_makers[{i}].preferences.ranking"
        )
    return error.located(file=conflict.path, place=f"decision_makers[{i}].preferences")


def _ranks(scores: npt.NDArray[np.generic]) -> npt.NDArray[np.int32]:
    """Dense ranks of scores: in linear time for integer scores over a modest range (a table of the
    values present, or a bitmap of them counted a word at a time), else by sorting."""
    if scores.dtype.kind in "iu" and scores.size:
        low, high = int(scores.min()), int(scores.max())
        shifted = scores - low
        if high - low <= max(4 * scores.size, 1 << 20):
            present = np.zeros(high - low + 1, dtype=np.bool_)
            present[shifted] = True
            table = np.cumsum(present, dtype=np.int32) - 1
            ranks: npt.NDArray[np.int32] = table[shifted]
            return ranks
        if high - low <= max(64 * scores.size, 1 << 24) and hasattr(np, "bitwise_count"):
            return _ranks_by_bitmap(shifted.astype(np.int64), high - low + 1)
    return dense_ranks(scores)


def _ranks_by_bitmap(values: npt.NDArray[np.int64], span: int) -> npt.NDArray[np.int32]:
    """Dense ranks of ``values`` in ``0 .. span - 1``: the rank of ``v`` is how many values present
    are below it, counted from a bitmap (a prioritization's scores spread over 2^q)."""
    present = np.zeros(span + (-span) % 64, dtype=np.bool_)
    present[values] = True
    words = np.packbits(present, bitorder="little").view("<u8")
    del present
    counts = np.bitwise_count(words)
    before = np.cumsum(counts, dtype=np.int64) - counts  # values present in the earlier words
    word = values >> 6
    below = (np.uint64(1) << (values & 63).astype(np.uint64)) - np.uint64(1)
    ranks: npt.NDArray[np.int32] = (before[word] + np.bitwise_count(words[word] & below)).astype(np.int32)
    return ranks
