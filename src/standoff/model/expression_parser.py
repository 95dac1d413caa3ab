"""The parser of the expression language: text to :mod:`standoff.model.expressions` objects.

A real grammar (lark, LALR), whose tables are cached per user; imported only
when a model has expressions written as text, so reading a .gmcr file or
printing help does not load lark. Nothing reaches ``eval``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from lark import Lark, Token, Transformer, UnexpectedInput

from standoff.errors import ExpressionError
from standoff.model.expressions import FALSE, TRUE, And, Expression, If, Iff, Not, Option, Or

_GRAMMAR = r"""
    ?start: iff
    ?iff: implies ("iff" implies)*
    ?implies: or_ ("if" or_)*
    ?or_: and_ ("or" and_)*
    ?and_: not_ ("and" not_)*
    ?not_: "not" not_ -> negation
         | atom
    ?atom: "true" -> true
         | "false" -> false
         | NAME -> name
         | QUOTED -> quoted
         | "(" iff ")"
    NAME.0: /(?!(not|and|or|if|iff|true|false)\b)[A-Za-z_][A-Za-z0-9_.\-]*/
    QUOTED: /"[^"]*"/ | /'[^']*'/
    %import common.WS
    %ignore WS
"""


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The expression parser, its LALR tables kept in the user's cache folder so later runs skip
    building them (a tenth of a small model's start-up); without a usable folder, built each time."""
    cache = _parser_cache_file()
    if cache is not None:
        try:
            return Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False, cache=str(cache))
        except Exception:  # a damaged or unreadable cache file: build the tables instead
            pass
    return Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False)


def _parser_cache_file() -> Path | None:
    """``$XDG_CACHE_HOME/standoff`` (or ``~/.cache/standoff``), a folder only this user writes to
    (never the shared temporary folder: the cache file is loaded as a pickle); None if unusable."""
    import hashlib

    import lark

    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = Path(base) / "standoff"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    key = hashlib.sha256(f"{_GRAMMAR}{lark.__version__}".encode()).hexdigest()[:16]
    return folder / f"expressions-{key}.lark"


class _Build(Transformer[Token, Expression]):
    def __init__(self, options: Mapping[str, int]) -> None:
        super().__init__()
        self._options = options

    def _lookup(self, name: str) -> Expression:
        if name not in self._options:
            known = ", ".join(sorted(self._options)) or "(none)"
            raise ExpressionError(f"unknown option {name!r} (known options: {known})")
        return Option(self._options[name])

    def name(self, items: list[Token]) -> Expression:
        return self._lookup(str(items[0]))

    def quoted(self, items: list[Token]) -> Expression:
        return self._lookup(str(items[0])[1:-1])

    def true(self, _: list[Token]) -> Expression:
        return TRUE

    def false(self, _: list[Token]) -> Expression:
        return FALSE

    def negation(self, items: list[Expression]) -> Expression:
        return Not(items[0])

    def and_(self, items: list[Expression]) -> Expression:
        return And(tuple(items))

    def or_(self, items: list[Expression]) -> Expression:
        return Or(tuple(items))

    def implies(self, items: list[Expression]) -> Expression:
        # "a if b if c" reads as "(a if b) if c".
        result = items[0]
        for condition in items[1:]:
            result = If(result, condition)
        return result

    def iff(self, items: list[Expression]) -> Expression:
        result = items[0]
        for other in items[1:]:
            result = Iff(result, other)
        return result


def parse_text(text: str, index: Mapping[str, int]) -> Expression:
    """Parse non-empty ``text`` over the options in ``index`` (name to bit); see :func:`expressions.parse`."""
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        column = getattr(error, "column", "?")
        raise ExpressionError(
            f"cannot parse expression {text!r} at column {column}: "
            "use option names with not, and, or, if, iff and parentheses"
        ) from None
    try:
        return _Build(index).transform(tree)
    except Exception as error:  # lark wraps errors raised in callbacks
        cause = getattr(error, "orig_exc", error)
        if isinstance(cause, ExpressionError):
            raise ExpressionError(f"in {text!r}: {cause.problem}") from None
        raise
