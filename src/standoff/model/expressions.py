"""Logical expressions over options: the language of conditions and statements.

Grammar (loosest binding first)::

    expr    := iff
    iff     := implies ("iff" implies)*
    implies := or ("if" or)*          # "q if p": q holds whenever p holds
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | atom
    atom    := OPTION | "true" | "false" | "(" expr ")"

An option name is a word of letters, digits, ``_``, ``-`` and ``.`` that does
not start with a digit; any other name can be written in single or double
quotes. Text is parsed by a real grammar (lark); nothing reaches ``eval``.
Expressions are evaluated on whole arrays of state codes at once, where bit
``j`` of a code is option ``j`` (``Y`` = 1). :func:`decide` evaluates them
on partial states too (some options not yet chosen), in three-valued logic,
so that the engine can discard a partial state as soon as an infeasibility
condition is certainly true whatever the remaining options turn out to be.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt
from lark import Lark, Token, Transformer, UnexpectedInput

from standoff.errors import ExpressionError

Codes = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Decided = tuple[Mask, Mask]
"""Where an expression is certainly true, and where certainly false (neither: still open)."""


@dataclass(frozen=True)
class Option:
    """The literal "option ``index`` is taken (Y)"."""

    index: int

    def evaluate(self, codes: Codes) -> Mask:
        return ((codes >> self.index) & 1).astype(np.bool_)


@dataclass(frozen=True)
class Constant:
    value: bool

    def evaluate(self, codes: Codes) -> Mask:
        return np.full(codes.shape, self.value, dtype=np.bool_)


@dataclass(frozen=True)
class Not:
    operand: Expression

    def evaluate(self, codes: Codes) -> Mask:
        return ~self.operand.evaluate(codes)


@dataclass(frozen=True)
class And:
    operands: tuple[Expression, ...]

    def evaluate(self, codes: Codes) -> Mask:
        result = np.ones(codes.shape, dtype=np.bool_)
        for operand in self.operands:
            result &= operand.evaluate(codes)
        return result


@dataclass(frozen=True)
class Or:
    operands: tuple[Expression, ...]

    def evaluate(self, codes: Codes) -> Mask:
        result = np.zeros(codes.shape, dtype=np.bool_)
        for operand in self.operands:
            result |= operand.evaluate(codes)
        return result


@dataclass(frozen=True)
class If:
    """``consequent if condition``: false only where the condition holds and the consequent does not."""

    consequent: Expression
    condition: Expression

    def evaluate(self, codes: Codes) -> Mask:
        return self.consequent.evaluate(codes) | ~self.condition.evaluate(codes)


@dataclass(frozen=True)
class Iff:
    left: Expression
    right: Expression

    def evaluate(self, codes: Codes) -> Mask:
        return np.equal(self.left.evaluate(codes), self.right.evaluate(codes))


Expression = Option | Constant | Not | And | Or | If | Iff

TRUE = Constant(True)
FALSE = Constant(False)

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


def parse(text: str, options: Mapping[str, int] | Sequence[str]) -> Expression:
    """Parse ``text`` into an expression over the named options.

    ``options`` maps option names to their bit index (or is the list of names
    in model order). Raises :class:`ExpressionError` naming the column of a
    syntax error or the unknown option.
    """
    index = options if isinstance(options, Mapping) else {n: i for i, n in enumerate(options)}
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError("empty expression")
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


def literal(index: int, value: bool) -> Expression:
    """Option ``index`` is Y (``value`` true) or N."""
    return Option(index) if value else Not(Option(index))


def conjunction(literals: Sequence[tuple[int, bool]]) -> Expression:
    """The AND of ``(option index, value)`` literals (true when empty)."""
    if not literals:
        return TRUE
    parts = tuple(literal(i, v) for i, v in literals)
    return parts[0] if len(parts) == 1 else And(parts)


def pattern(text: str, n_options: int) -> Expression:
    """A pattern of ``Y``/``N``/``-`` characters, one per option in model order."""
    if len(text) != n_options or any(c not in "YN-" for c in text):
        raise ExpressionError(f"pattern {text!r} must have exactly {n_options} characters, each Y, N or -")
    return conjunction([(i, c == "Y") for i, c in enumerate(text) if c != "-"])


def is_pattern(text: str, n_options: int) -> bool:
    """Whether ``text`` reads as a state pattern for a model with ``n_options`` options."""
    return len(text) == n_options and all(c in "YN-" for c in text)


def to_text(expression: Expression, names: Sequence[str]) -> str:
    """Render an expression back into the language ``parse`` reads."""

    def name(i: int) -> str:
        n = names[i]
        plain = n.replace("_", "a").replace("-", "a").replace(".", "a")
        keyword = n in {"not", "and", "or", "if", "iff", "true", "false"}
        if plain.isalnum() and not n[0].isdigit() and not keyword:
            return n
        return f"'{n}'" if '"' in n else f'"{n}"'

    def render(e: Expression, parent: int) -> str:
        # precedence: iff 0, if 1, or 2, and 3, not 4, atom 5
        match e:
            case Option(index):
                return name(index)
            case Constant(value):
                return "true" if value else "false"
            case Not(operand):
                text, own = "not " + render(operand, 4), 4
            case And(operands):
                text, own = " and ".join(render(o, 4) for o in operands), 3
            case Or(operands):
                text, own = " or ".join(render(o, 3) for o in operands), 2
            case If(consequent, condition):
                text, own = f"{render(consequent, 1)} if {render(condition, 2)}", 1
            case Iff(left, right):
                text, own = f"{render(left, 0)} iff {render(right, 1)}", 0
        return f"({text})" if own < parent else text

    return render(expression, 0)


def decide(expression: Expression, codes: Codes, assigned: int) -> Decided:
    """Three-valued (Kleene) evaluation on partial states: ``(certainly true, certainly false)``.

    Only the options whose bits are set in ``assigned`` are chosen in
    ``codes``; the others may still be Y or N. Where every option the
    expression mentions is chosen, the answer equals :meth:`evaluate`.
    """
    match expression:
        case Option(index):
            if assigned >> index & 1:
                value = expression.evaluate(codes)
                return value, ~value
            unknown = np.zeros(codes.shape, dtype=np.bool_)
            return unknown, unknown.copy()
        case Constant(value):
            result = expression.evaluate(codes)
            return result, ~result
        case Not(operand):
            true, false = decide(operand, codes, assigned)
            return false, true
        case And(operands):
            true = np.ones(codes.shape, dtype=np.bool_)
            false = np.zeros(codes.shape, dtype=np.bool_)
            for operand in operands:
                t, f = decide(operand, codes, assigned)
                true &= t
                false |= f
            return true, false
        case Or(operands):
            true = np.zeros(codes.shape, dtype=np.bool_)
            false = np.ones(codes.shape, dtype=np.bool_)
            for operand in operands:
                t, f = decide(operand, codes, assigned)
                true |= t
                false &= f
            return true, false
        case If(consequent, condition):
            consequent_true, consequent_false = decide(consequent, codes, assigned)
            condition_true, condition_false = decide(condition, codes, assigned)
            return consequent_true | condition_false, consequent_false & condition_true
        case Iff(left, right):
            left_true, left_false = decide(left, codes, assigned)
            right_true, right_false = decide(right, codes, assigned)
            return (left_true & right_true) | (left_false & right_false), (left_true & right_false) | (
                left_false & right_true
            )
    raise TypeError(expression)


def options_in(expression: Expression) -> frozenset[int]:
    """The indices of the options an expression mentions."""
    match expression:
        case Option(index):
            return frozenset({index})
        case Constant():
            return frozenset()
        case Not(operand):
            return options_in(operand)
        case And(operands) | Or(operands):
            return frozenset().union(*(options_in(o) for o in operands))
        case If(a, b) | Iff(a, b):
            return options_in(a) | options_in(b)
    raise TypeError(expression)
