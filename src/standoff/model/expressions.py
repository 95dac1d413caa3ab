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
quotes. Text is parsed by a real grammar (lark, in :mod:`standoff.model.expression_parser`);
nothing reaches ``eval``.
Expressions are evaluated on whole arrays of state codes at once, where bit
``j`` of a code is option ``j`` (``Y`` = 1). :func:`decide` evaluates them
on partial states too (some options not yet chosen), in three-valued logic,
so that the engine can discard a partial state as soon as an infeasibility
condition is certainly true whatever the remaining options turn out to be.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

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


def parse(text: str, options: Mapping[str, int] | Sequence[str]) -> Expression:
    """Parse ``text`` into an expression over the named options.

    ``options`` maps option names to their bit index (or is the list of names
    in model order). Raises :class:`ExpressionError` naming the column of a
    syntax error or the unknown option.
    """
    from standoff.model.expression_parser import parse_text  # lark: only when there is text to parse

    index = options if isinstance(options, Mapping) else {n: i for i, n in enumerate(options)}
    if not isinstance(text, str):
        raise ExpressionError(f"expected an expression as text, got {type(text).__name__}")
    if not text.strip():
        raise ExpressionError("empty expression")
    return parse_text(text, index)


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
