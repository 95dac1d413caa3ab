"""Two-party games in matrix form (payoff matrices, as Nashpy takes them) as graph models.

A player with ``k`` strategies controls ``k - 1`` options, one for each
strategy beyond its first (the *base* strategy, played when none of its
options is taken); at most one of a player's options is taken, so the
feasible states are exactly the ``k × l`` cells of the matrix. This is how
a normal-form game is written in option form (Fang, Hipel & Kilgour 1993,
ch. 2): the prisoner's dilemma becomes one option per suspect, *defect*,
as in ``examples/prisoners-dilemma.yaml``. Each player's preferences are
its payoffs (higher is better, equal payoffs are ties).

Moves are those of the graph model: a player may switch from any of its
strategies to any other, the other player's strategy unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from standoff.errors import ModelError
from standoff.model.conflict import Conflict


def from_payoffs(
    row_payoffs: Sequence[Sequence[float]] | Any,
    column_payoffs: Sequence[Sequence[float]] | Any,
    *,
    row_options: Sequence[str] | None = None,
    col_options: Sequence[str] | None = None,
    names: tuple[str, str] = ("Row", "Column"),
    name: str = "Matrix game",
    status_quo: tuple[str, str] | None = None,
) -> Conflict:
    """The conflict of the game ``(A, B)``: ``A[r][c]`` is the row player's payoff, ``B[r][c]`` the other's.

    ``row_options`` and ``col_options`` name the strategies (the first is
    the base strategy, which takes no option; default ``s1, s2, ...``); an
    option is named after its player and strategy (``row_defect``).
    ``status_quo`` is a pair of strategy names.

    >>> import standoff
    >>> A = [[3, 0], [5, 1]]  # prisoner's dilemma: rows cooperate, defect
    >>> B = [[3, 5], [0, 1]]
    >>> game = standoff.Conflict.from_payoffs(A, B, row_options=["cooperate", "defect"],
    ...                                       col_options=["cooperate", "defect"])
    >>> game.option_names
    ('row_defect', 'column_defect')
    >>> game.analyze("nash").equilibria["nash"]
    [<state 4 YY: Row: row_defect; Column: column_defect>]
    """
    a, b = _matrix(row_payoffs, "row_payoffs"), _matrix(column_payoffs, "column_payoffs")
    k, m = len(a), len(a[0])
    if (len(b), len(b[0])) != (k, m):
        raise ModelError(
            f"the payoff matrices differ in shape: row_payoffs is {k}×{m}, "
            f"column_payoffs {len(b)}×{len(b[0])}"
        )
    if k < 2 or m < 2:
        raise ModelError(f"each player needs at least two strategies; the matrices are {k}×{m}")
    if len(names) != 2 or names[0] == names[1]:
        raise ModelError(f"names must be two different player names, not {names!r}")
    rows = _strategies(row_options, k, "row_options")
    cols = _strategies(col_options, m, "col_options")
    row_option_names = [_option_name(names[0], s) for s in rows[1:]]
    col_option_names = [_option_name(names[1], s) for s in cols[1:]]
    if len({*row_option_names, *col_option_names}) != k + m - 2:
        raise ModelError("two strategies give the same option name; give distinct strategy names")

    def cell(r: int, c: int) -> str:
        """The pattern of the state where the row player plays ``r`` and the column player ``c``."""
        return "".join(
            ["Y" if r == j + 1 else "N" for j in range(k - 1)]
            + ["Y" if c == j + 1 else "N" for j in range(m - 1)]
        )

    def player(label: str, options: list[str], payoffs: list[list[float]]) -> dict[str, Any]:
        entries = [{"state": cell(r, c), "value": payoffs[r][c]} for r in range(k) for c in range(m)]
        return {"name": label, "options": options, "preferences": {"payoffs": entries}}

    infeasible = [
        {"mutually_exclusive": group} for group in (row_option_names, col_option_names) if len(group) > 1
    ]
    data: dict[str, Any] = {
        "name": name,
        "description": f"A {k}×{m} game in matrix form: {', '.join(rows)} against {', '.join(cols)}.",
        "decision_makers": [player(names[0], row_option_names, a), player(names[1], col_option_names, b)],
    }
    if infeasible:
        data["infeasible"] = infeasible
    if status_quo is not None:
        r, c = (
            _strategy_index(status_quo[0], rows, names[0]),
            _strategy_index(status_quo[1], cols, names[1]),
        )
        data["status_quo"] = cell(r, c)
    from standoff.io.native import from_data

    return from_data(data)


def _matrix(values: Any, what: str) -> list[list[float]]:
    """A payoff matrix (nested sequences or a 2-d array) as rows of finite floats."""
    try:
        rows = [[float(x) for x in row] for row in values]
    except (TypeError, ValueError):
        raise ModelError(f"{what} must be a matrix of numbers (a list of rows or a 2-d array)") from None
    if not rows or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        raise ModelError(f"{what} must be a non-empty matrix whose rows all have the same length")
    if not all(math.isfinite(x) for r in rows for x in r):
        raise ModelError(f"{what} holds a value that is not a finite number")
    return rows


def _strategies(given: Sequence[str] | None, count: int, what: str) -> list[str]:
    if given is None:
        return [f"s{j + 1}" for j in range(count)]
    labels = [str(g) for g in given]
    if len(labels) != count:
        raise ModelError(f"{what} names {len(labels)} strategies; the matrices have {count}")
    if len(set(labels)) != count:
        raise ModelError(f"{what} names a strategy twice")
    return labels


def _option_name(player: str, strategy: str) -> str:
    """``row_defect``: the player's and the strategy's names as one identifier of the model language."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", f"{player}_{strategy}".lower()).strip("_")


def _strategy_index(strategy: str, strategies: list[str], player: str) -> int:
    if strategy not in strategies:
        raise ModelError(f"{player} has no strategy {strategy!r}; its strategies are {', '.join(strategies)}")
    return strategies.index(strategy)
