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

from standoff.errors import CapacityError, ModelError
from standoff.model.conflict import Conflict, Direction
from standoff.model.expressions import Expression
from standoff.model.preferences import RankingError, dense_ranks

if TYPE_CHECKING:
    from standoff.engine.cones import MoveLayouts

CHUNK = 1 << 20
MAX_OPTIONS = 40


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


DENSE_LIMITS = DenseLimits()


@dataclass(frozen=True, eq=False)
class StateSpace:
    """Feasible states, option ownership and preference ranks as arrays.

    Attributes:
        n_options: number of options ``m``.
        codes: feasible state codes, ascending (GMCR state number = index + 1).
        lookup: ``lookup[code]`` is the state index or -1 if infeasible; empty
            when ``2^m`` is too large, in which case kernels binary-search ``codes``.
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
                    group_table_limit=self.limits.group_table,
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
        code = int(self.codes[index])
        return "".join("Y" if code >> j & 1 else "N" for j in range(self.n_options))

    def patterns(self, indices: npt.NDArray[np.integer] | None = None) -> list[str]:
        """The patterns of every feasible state (or of the states at ``indices``), vectorised."""
        codes = self.codes if indices is None else self.codes[np.asarray(indices, dtype=np.int64)]
        m = self.n_options
        out: list[str] = []
        shifts = np.arange(m, dtype=np.int64)
        for start in range(0, codes.size, CHUNK):
            bits = (codes[start : start + CHUNK, None] >> shifts) & 1
            text = np.where(bits == 1, ord("Y"), ord("N")).astype(np.uint8).tobytes().decode("ascii")
            out += [text[k : k + m] for k in range(0, len(text), m)] if m else [""] * len(bits)
        return out

    @classmethod
    def build(cls, conflict: Conflict, *, limits: DenseLimits = DENSE_LIMITS) -> StateSpace:
        """Enumerate the feasible states and rank them for every decision maker."""
        m = len(conflict.options)
        where = conflict.path or conflict.name
        if m > MAX_OPTIONS:
            raise CapacityError(
                f"{where}: {m} options means 2^{m} states; standoff handles at most {MAX_OPTIONS}"
            )
        codes = feasible_codes(conflict.infeasible, m)
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
        if (1 << m) <= limits.lookup:
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
            except RankingError as error:
                pattern = "".join("Y" if error.code >> j & 1 else "N" for j in range(m))
                problem = error.problem.replace(f"code {error.code}", f"pattern {pattern}")
                raise ModelError(
                    problem, file=conflict.path, place=f"decision_makers[{i}] ({dm.name}).preferences.ranking"
                ) from None
            except ModelError as error:
                raise error.located(
                    file=conflict.path, place=f"decision_makers[{i}] ({dm.name}).preferences"
                ) from None
            for condition in dm.misperceived:
                perceived[i] &= ~condition.evaluate(codes)
        return cls(m, codes, lookup, owned, forward, backward, ranks, perceived, limits)


def feasible_codes(infeasible: tuple[Expression, ...], n_options: int) -> npt.NDArray[np.int64]:
    """The codes in ``0 .. 2^m - 1`` that match no infeasibility condition, in chunks."""
    total = 1 << n_options
    parts = []
    for start in range(0, total, CHUNK):
        block = np.arange(start, min(total, start + CHUNK), dtype=np.int64)
        keep = np.ones(block.shape, dtype=np.bool_)
        for condition in infeasible:
            keep &= ~condition.evaluate(block)
        parts.append(block[keep])
    return np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)


def _ranks(scores: npt.NDArray[np.generic]) -> npt.NDArray[np.int32]:
    """Dense ranks of scores: through a table of the values present when integer scores span
    a modest range (linear time), else by sorting."""
    if scores.dtype.kind in "iu" and scores.size:
        low, high = int(scores.min()), int(scores.max())
        if high - low <= max(4 * scores.size, 1 << 20):
            shifted = scores - low
            present = np.zeros(high - low + 1, dtype=np.bool_)
            present[shifted] = True
            table = np.cumsum(present, dtype=np.int32) - 1
            ranks: npt.NDArray[np.int32] = table[shifted]
            return ranks
    return dense_ranks(scores)
