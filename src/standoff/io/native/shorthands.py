"""The infeasibility shorthands (mutually_exclusive, at_least_one, exactly_one): to conditions and back."""

from __future__ import annotations

from collections.abc import Sequence

from standoff.model.expressions import And, Expression, Not, Or

__all__ = ["shorthand_condition", "shorthand_parts"]


def _any_two(parts: Sequence[Expression]) -> Expression:
    """Two or more of ``parts`` hold: the disjunction of every pair."""
    pairs = [And((a, b)) for i, a in enumerate(parts) for b in parts[i + 1 :]]
    return pairs[0] if len(pairs) == 1 else Or(tuple(pairs))


def _none_of(parts: Sequence[Expression]) -> Expression:
    """None of ``parts`` holds."""
    return Not(parts[0] if len(parts) == 1 else Or(tuple(parts)))


def shorthand_condition(kind: str, parts: Sequence[Expression]) -> Expression:
    """The infeasibility condition of a ``kind`` shorthand listing ``parts``."""
    if kind == "mutually_exclusive":
        return _any_two(parts)
    if kind == "at_least_one":
        return _none_of(parts)
    return _none_of(parts) if len(parts) == 1 else Or((_none_of(parts), _any_two(parts)))


def shorthand_parts(kind: str, condition: Expression) -> tuple[Expression, ...] | None:
    """The listed expressions if ``condition`` is exactly what the ``kind`` shorthand builds, else None.

    Short forms a user would rather write out ("a and b", "not a") are left as expressions.
    """
    if kind == "mutually_exclusive" and isinstance(condition, Or) and len(condition.operands) >= 3:
        first = condition.operands[0]
        if isinstance(first, And) and len(first.operands) == 2:
            k = 2
            while k * (k - 1) // 2 < len(condition.operands):
                k += 1
            parts = _mutually_exclusive_parts(condition, k)
            if parts is not None:
                return parts
    if kind == "at_least_one" and isinstance(condition, Not) and isinstance(condition.operand, Or):
        return condition.operand.operands
    if kind == "exactly_one" and isinstance(condition, Or) and len(condition.operands) == 2:
        none, two = condition.operands
        parts = shorthand_parts("at_least_one", none)
        if parts is not None and _any_two(parts) == two:
            return parts
    return None


def _mutually_exclusive_parts(condition: Or, k: int) -> tuple[Expression, ...] | None:
    """The ``k`` parts whose pairs ``condition`` lists, when it is exactly their any-two condition."""
    pairs = condition.operands
    if k * (k - 1) // 2 != len(pairs) or not all(isinstance(p, And) and len(p.operands) == 2 for p in pairs):
        return None
    first = [p.operands[0] for p in pairs[: k - 1] if isinstance(p, And)]
    parts = (*first[:1], *(p.operands[1] for p in pairs[: k - 1] if isinstance(p, And)))
    return parts if len(parts) == k and _any_two(parts) == condition else None
