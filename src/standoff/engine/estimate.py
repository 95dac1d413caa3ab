"""How big an analysis will be, estimated from the model before any state is enumerated.

``2^m`` bounds the states. The feasible states are counted exactly by the
propagation that enumerates them (:mod:`standoff.engine.feasibility`)
when that keeps at most :data:`COUNT_BOUND` partial states; otherwise the
smaller of the bound the propagation gives and what a seeded sample of codes
checked against the infeasibility conditions tells. Each decision
maker ``i`` with ``k_i`` options has at most ``2^{k_i} - 1`` moves from a
state, which bounds the moves. Memory follows from the arrays the engine
keeps per state and per decision maker (see :mod:`standoff.engine.space`
and :mod:`standoff.engine.cones`), plus the dense code tables (see
:class:`~standoff.engine.space.DenseLimits`).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import numpy as np

from standoff.engine.feasibility import count_feasible
from standoff.engine.space import CHUNK, DENSE_LIMITS, check_options
from standoff.errors import CapacityError
from standoff.model.conflict import Conflict, Direction

SAMPLE = 1 << 16
"""Codes sampled to estimate the feasible fraction when the states cannot be counted cheaply."""

COUNT_BOUND = 1 << 20
"""Partial states the exact count may keep at once (8 MB of codes) before sampling instead."""

BYTES_PER_STATE = 8 + 200
"""The state code and the analysis' working rows (sanction values, deterrence, bounds)."""

BYTES_PER_STATE_AND_DM = 4 + 1 + 20 + 6 + 4
"""Rank, perception, move grouping (five int32), one verdict per concept and SIM's order of the
states by the DM's options (one int32), per decision maker."""

SIM_RANK_TABLE_LIMIT = 1 << 28
"""As :data:`standoff.stability.sim.RANK_TABLE_LIMIT` (kept here so that estimating loads no numba)."""

BASELINE = 250 * 2**20
"""Python, numpy, numba and the compiled kernels."""


@dataclass(frozen=True)
class Estimate:
    """What analysing a conflict will take, estimated before enumerating its states."""

    n_options: int
    n_decision_makers: int
    code_space: int
    feasible_fraction: float
    states: int
    moves_upper_bound: int
    memory_bytes: int
    exact: bool

    def describe(self) -> str:
        """One line for people: states, moves and memory."""
        states = f"{self.states:,} feasible states"
        if not self.exact:
            states = "about " + states
        return (
            f"{self.n_options} options (2^{self.n_options} = {self.code_space:,} codes), {states}, "
            f"at most {self.moves_upper_bound:,} moves, about {format_bytes(self.memory_bytes)} of memory"
        )


def estimate(conflict: Conflict, *, seed: int = 0) -> Estimate:
    """Estimate states, moves and memory of analysing ``conflict`` (all six concepts).

    Raises :class:`CapacityError` for a model with more options than a state code holds.
    """
    check_options(conflict)
    m = len(conflict.options)
    n_dms = len(conflict.decision_makers)
    total = 1 << m
    states, exact = count_feasible(conflict.feasibility_conditions, m, bound=COUNT_BOUND)
    fraction = states / total
    if not exact:  # ``states`` is an upper bound; a sample may tell a smaller number
        sample = np.random.default_rng(seed).integers(0, total, size=SAMPLE, dtype=np.int64)
        keep = np.ones(sample.shape, dtype=np.bool_)
        for condition in conflict.feasibility_conditions:
            keep &= ~condition.evaluate(sample)
        fraction = float(keep.mean())
        # one standard error more, so that a sample that happens to run low does not let a model through
        error = np.sqrt(max(fraction * (1 - fraction), 1.0 / SAMPLE) / SAMPLE)
        states = min(states, round((fraction + error) * total))
        fraction = states / total
    sizes = [len(dm.options) for dm in conflict.decision_makers]
    moves = sum(states * ((1 << k) - 1) for k in sizes)
    memory = BASELINE + states * (BYTES_PER_STATE + n_dms * BYTES_PER_STATE_AND_DM)
    if DENSE_LIMITS.dense_lookup(m, states):
        memory += 4 * total  # the look-up table, and as much again for SIM's ranks by code (two DMs)
        memory += 4 * total + (4 * n_dms * total if n_dms * total <= SIM_RANK_TABLE_LIMIT else 0)
    irreversible = any(o.direction is not Direction.BOTH for o in conflict.options)
    if irreversible and DENSE_LIMITS.dense_group_table(m, states):
        memory += 4 * n_dms * total
    # enumerating: the partial states (doubled, then kept) and the masks of one chunk
    memory += 24 * states + 16 * min(total, CHUNK)
    return Estimate(m, n_dms, total, fraction, states, moves, memory, exact)


def physical_memory() -> int:
    """Bytes of physical memory, or 0 if unknown."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE")) * int(os.sysconf("SC_PHYS_PAGES"))
    except (ValueError, OSError, AttributeError):
        return 0


def default_memory_limit() -> int:
    """Three quarters of physical memory: room for the rest of the machine (8 GB if unknown)."""
    physical = physical_memory()
    return physical * 3 // 4 if physical else 8 * 2**30


_UNITS = {
    "": 1,
    "b": 1,
    "k": 2**10,
    "kb": 2**10,
    "kib": 2**10,
    "m": 2**20,
    "mb": 2**20,
    "mib": 2**20,
    "g": 2**30,
    "gb": 2**30,
    "gib": 2**30,
    "t": 2**40,
    "tb": 2**40,
    "tib": 2**40,
}


def parse_size(text: str) -> int:
    """``"8GB"``, ``"512 MB"``, ``"1.5g"`` or a number of bytes, as bytes (units are powers of 1024)."""
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*([a-zA-Z]*)\s*", text)
    if not match or match.group(2).lower() not in _UNITS:
        raise ValueError(f"cannot read {text!r} as a memory size; write e.g. 8GB, 512MB or 1.5G")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def format_bytes(n: int) -> str:
    for unit, size in (("TB", 2**40), ("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


def check_capacity(conflict: Conflict, limit: int | None = None) -> Estimate:
    """The estimate for ``conflict``; raises :class:`CapacityError` if it would exceed ``limit`` bytes."""
    found = estimate(conflict)
    limit = default_memory_limit() if limit is None else limit
    if found.memory_bytes > limit:
        where = conflict.path or conflict.name
        raise CapacityError(
            f"{where}: the analysis would need more memory than the limit of {format_bytes(limit)}: "
            f"{found.describe()}. Remove options, add infeasibility conditions, "
            "or raise the limit (standoff analyze --memory-limit)"
        )
    return found
