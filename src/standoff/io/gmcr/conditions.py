"""Conditions of .gmcr files: ANDs of option literals, ORs of them, and their conversion.

A plain condition is ``[[option index, "Y" | "N"], ...]`` (an AND of
literals); a compound one is ``{"compound": true, "members": [...]}`` (an OR
of plain ones). Reading turns them into standoff expressions; writing turns
any expression into an irredundant OR of ANDs.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from standoff.model.conflict import Direction
from standoff.model.expressions import (
    FALSE,
    And,
    Constant,
    Expression,
    Not,
    Option,
    Or,
)

DIRECTIONS = {"both": Direction.BOTH, "fwd": Direction.FORWARD, "back": Direction.BACKWARD}
DIRECTION_NAMES = {direction: name for name, direction in DIRECTIONS.items()}

Literal = tuple[int, bool]
Cube = tuple[Literal, ...]
"""A conjunction of literals ``(option index, value)``: one plain .gmcr condition."""


def statement_key(expression: Expression, n_options: int) -> tuple[str, ...]:
    """What GMCR+ compares to find a repeated statement: the Y/N/- patterns of its conjunctions, sorted."""
    cubes = as_cubes(expression)
    assert cubes is not None  # conditions read from a file are ANDs or ORs of ANDs
    return cubes_key(cubes, n_options)


def cubes_key(cubes: list[Cube], n_options: int) -> tuple[str, ...]:
    patterns = []
    for cube in cubes:
        row = ["-"] * n_options
        for index, value in cube:
            mark = "Y" if value else "N"
            row[index] = mark if row[index] in ("-", mark) else "!"
        patterns.append("".join(row))
    return tuple(sorted(patterns))


def plain(cube: Cube) -> list[list[Any]]:
    return [[index, "Y" if value else "N"] for index, value in cube]


def as_literal(expression: Expression) -> Literal | None:
    match expression:
        case Option(index):
            return (index, True)
        case Not(Option(index)):
            return (index, False)
    return None


def as_cube(expression: Expression) -> Cube | None:
    """A literal, an AND of literals or ``true`` as a conjunction; None for anything else."""
    if isinstance(expression, Constant) and expression.value:
        return ()
    found = as_literal(expression)
    if found is not None:
        return (found,)
    if isinstance(expression, And):
        literals = [as_literal(operand) for operand in expression.operands]
        if all(lit is not None for lit in literals):
            return tuple(lit for lit in literals if lit is not None)
    return None


def as_cubes(expression: Expression) -> list[Cube] | None:
    """An expression already written as an OR of ANDs of literals, as those ANDs; else None."""
    if expression == FALSE:
        return []
    cube = as_cube(expression)
    if cube is not None:
        return [cube]
    if isinstance(expression, Or):
        cubes = [as_cube(operand) for operand in expression.operands]
        if all(c is not None for c in cubes):
            return [c for c in cubes if c is not None]
    return None


def dnf(expression: Expression, mentioned: list[int]) -> list[Cube]:
    """An irredundant OR of ANDs equal to ``expression`` (Minato–Morreale ISOP over its truth table)."""
    k = len(mentioned)
    assignments = np.arange(1 << k, dtype=np.int64)
    codes = np.zeros(assignments.shape, dtype=np.int64)
    for b, option in enumerate(mentioned):
        codes |= ((assignments >> b) & 1) << option
    truth = expression.evaluate(codes)
    table = int.from_bytes(np.packbits(truth, bitorder="little").tobytes(), "little")
    _, cubes = isop(table, table, k)
    return [tuple(sorted((mentioned[b], value) for b, value in cube)) for cube in cubes]


def isop(lower: int, upper: int, n: int) -> tuple[int, list[list[Literal]]]:
    """Cubes over variables ``0..n-1`` whose OR lies between ``lower`` and ``upper``.

    Truth tables are integers of ``2^n`` bits (bit ``a`` is the value at the
    assignment whose bit ``b`` is variable ``b``). Minato (1992), after
    Morreale (1970): split on the last variable; cubes that need it false,
    cubes that need it true, then cubes that need neither for what is left.
    Returns the OR of the cubes and the cubes.
    """
    if lower == 0:
        return 0, []
    full = (1 << (1 << n)) - 1
    if upper == full:
        return full, [[]]
    half = 1 << (n - 1)
    mask = (1 << half) - 1
    lower0, lower1 = lower & mask, lower >> half
    upper0, upper1 = upper & mask, upper >> half
    cover0, cubes0 = isop(lower0 & ~upper1, upper0, n - 1)
    cover1, cubes1 = isop(lower1 & ~upper0, upper1, n - 1)
    rest = (lower0 & ~cover0) | (lower1 & ~cover1)
    cover_both, cubes_both = isop(rest, upper0 & upper1, n - 1)
    cover = (cover0 | cover_both) | ((cover1 | cover_both) << half)
    var = n - 1
    cubes = [[*c, (var, False)] for c in cubes0] + [[*c, (var, True)] for c in cubes1] + cubes_both
    return cover, cubes
