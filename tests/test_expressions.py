"""The expression language: parsing, precedence, evaluation and round trips."""

from __future__ import annotations

import itertools
import pathlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from standoff.errors import ExpressionError
from standoff.model.expressions import (
    And,
    Constant,
    Expression,
    If,
    Iff,
    Not,
    Option,
    Or,
    parse,
    pattern,
    to_text,
)

NAMES = ["a", "b", "c", "DM1-opt1"]
ALL = np.arange(16, dtype=np.int64)


def truth(expression: Expression) -> list[bool]:
    return expression.evaluate(ALL).tolist()


def by_hand(rule) -> list[bool]:  # type: ignore[no-untyped-def]
    return [bool(rule(*[(c >> j) & 1 == 1 for j in range(4)])) for c in range(16)]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a", lambda a, b, c, d: a),
        ("not a", lambda a, b, c, d: not a),
        ("a and b or c", lambda a, b, c, d: (a and b) or c),
        ("a or b and c", lambda a, b, c, d: a or (b and c)),
        ("not a and b", lambda a, b, c, d: (not a) and b),
        ("a if b", lambda a, b, c, d: a or not b),
        ("a if b or c", lambda a, b, c, d: a or not (b or c)),
        ("a iff b", lambda a, b, c, d: a == b),
        ("a iff b if c", lambda a, b, c, d: a == (b or not c)),
        ('(a or b) and not (c and "DM1-opt1")', lambda a, b, c, d: (a or b) and not (c and d)),
        ("DM1-opt1 and true", lambda a, b, c, d: d),
        ("a or false", lambda a, b, c, d: a),
    ],
)
def test_parse_follows_precedence_and_meaning(text: str, rule) -> None:  # type: ignore[no-untyped-def]
    assert truth(parse(text, NAMES)) == by_hand(rule)


def test_if_matches_gmcr_compound_form() -> None:
    """gmcr-format.md: "q if p" is stored as (p∧q) ∨ (¬p∧q) ∨ (¬p∧¬q)."""
    q_if_p = parse("a if b", NAMES)
    compound = by_hand(lambda a, b, c, d: (b and a) or (not b and a) or (not b and not a))
    assert truth(q_if_p) == compound


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a and zz", "unknown option 'zz'"),
        ("a and (b", "cannot parse"),
        ("", "empty expression"),
        ("a b", "cannot parse"),
        ("and a", "cannot parse"),
    ],
)
def test_bad_expressions_are_reported(text: str, problem: str) -> None:
    with pytest.raises(ExpressionError, match=problem):
        parse(text, NAMES)


def test_no_eval_of_python() -> None:
    with pytest.raises(ExpressionError):
        parse("__import__('os').system('true')", NAMES)


def test_pattern() -> None:
    assert truth(pattern("Y-N-", 4)) == by_hand(lambda a, b, c, d: a and not c)
    with pytest.raises(ExpressionError, match="exactly 4 characters"):
        pattern("YN", 4)


def expressions(depth: int = 3) -> st.SearchStrategy[Expression]:
    leaves = st.one_of(st.integers(0, 3).map(Option), st.booleans().map(Constant))
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            inner.map(Not),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: And(tuple(xs))),
            st.lists(inner, min_size=2, max_size=3).map(lambda xs: Or(tuple(xs))),
            st.tuples(inner, inner).map(lambda t: If(*t)),
            st.tuples(inner, inner).map(lambda t: Iff(*t)),
        ),
        max_leaves=8,
    )


@given(expressions())
def test_to_text_round_trips(expression: Expression) -> None:
    """Rendering then parsing gives an expression with the same truth table."""
    assert truth(parse(to_text(expression, NAMES), NAMES)) == truth(expression)


def test_truth_table_is_exhaustive() -> None:
    """Sanity: the 16 codes cover every assignment of 4 options exactly once."""
    rows = {tuple((c >> j) & 1 for j in range(4)) for c in ALL.tolist()}
    assert rows == set(itertools.product((0, 1), repeat=4))


def test_the_parser_cache_is_per_user_and_survives_damage(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parser's tables are cached under $XDG_CACHE_HOME/standoff; a damaged file is rebuilt."""
    from standoff.model import expression_parser, expressions

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expression_parser._parser.cache_clear()
    try:
        expected = expressions.parse("a and not b", ["a", "b"])
        cached = list((tmp_path / "standoff").glob("expressions-*.lark"))
        assert len(cached) == 1
        cached[0].write_bytes(b"not a pickle")
        expression_parser._parser.cache_clear()
        assert expressions.parse("a and not b", ["a", "b"]) == expected
    finally:
        expression_parser._parser.cache_clear()
