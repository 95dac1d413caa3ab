"""Finding states by what users write: a pattern, an expression or a state's name."""

from __future__ import annotations

import numpy as np

from standoff.engine.space import StateSpace
from standoff.errors import ExpressionError, StateError
from standoff.model.conflict import Conflict
from standoff.model.expressions import Expression, is_pattern, parse, pattern


def expression_for(conflict: Conflict, text: str) -> Expression:
    """The expression a user means by ``text``: a named state, a pattern or an expression."""
    for named in conflict.named_states:
        if named.name == text:
            return named.expression
    n = len(conflict.options)
    if is_pattern(text, n):
        return pattern(text, n)
    if text and set(text) <= set("YN-"):
        raise StateError(
            f"{text!r} looks like a pattern but has {len(text)} characters; "
            f"this model has {n} options, so a pattern needs {n} (Y, N or -, in model order)"
        )
    try:
        return parse(text, conflict.option_names)
    except ExpressionError as error:
        names = ", ".join(s.name for s in conflict.named_states)
        hint = f" Named states: {names}." if names else ""
        raise StateError(
            f"{text!r} is not a state name{_close_name(conflict, text)}, a pattern of {n} Y/N/- characters, "
            f"or an expression: {error.problem}.{hint}"
        ) from None


def _close_name(conflict: Conflict, text: str) -> str:
    """`` (did you mean 'jcpoa'?)`` when ``text`` is close to a named state's name (the expression's
    own error says which option a misspelt option name may be)."""
    import difflib

    known = [s.name for s in conflict.named_states]
    close = difflib.get_close_matches(text.strip(), known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def matching_states(space: StateSpace, expression: Expression) -> np.ndarray:
    """Indices of the feasible states where ``expression`` holds."""
    return np.flatnonzero(expression.evaluate(space.codes))


def resolve_state(
    conflict: Conflict, space: StateSpace, text: str | Expression, *, role: str = "state"
) -> int:
    """The index of the single feasible state ``text`` denotes; a clear error otherwise.

    Text of digits only is a state number as the tables print it (from 1),
    unless a named state has it as its name.
    """
    named = any(s.name == text for s in conflict.named_states)
    if isinstance(text, str) and text.strip().isdigit() and not named:
        number = int(text)
        if 1 <= number <= space.n_states:
            return number - 1
        raise StateError(
            f"there is no state number {number}: the {role} must be one of the {space.n_states} "
            f"feasible states, numbered 1 to {space.n_states} as the tables print them"
        )
    expression = expression_for(conflict, text) if isinstance(text, str) else text
    shown = text if isinstance(text, str) else conflict.describe(text)
    hits = matching_states(space, expression)
    if hits.size == 1:
        return int(hits[0])
    if hits.size == 0:
        raise StateError(
            f"the {role} {shown!r} is not a feasible state of this model{_fixed_away(conflict, expression)}"
        )
    examples = ", ".join(space.pattern(int(i)) for i in hits[:4])
    raise StateError(
        f"the {role} {shown!r} matches {hits.size} feasible states "
        f"({examples}{', ...' if hits.size > 4 else ''}); "
        "give every option's value"
    )


class State(str):
    """A state as its pattern (compares and serialises as the plain pattern string).

    It also knows its state number (the one every table prints, as GMCR+
    numbers states: feasible states in code order, from 1) and the options
    taken, so that in a notebook ``result.equilibria["seq"]`` reads in
    option words. Anywhere the API takes a state, a :class:`State` or its
    ``number`` will do.
    """

    number: int
    words: str

    def __new__(cls, pattern: str, number: int, words: str) -> State:
        state = super().__new__(cls, pattern)
        state.number = number
        state.words = words
        return state

    @property
    def pattern(self) -> str:
        """The state's pattern as a plain string: one Y or N per option, in model order."""
        return str.__str__(self)

    def __repr__(self) -> str:
        return f"<state {self.number} {self.pattern}: {self.words}>"


FIXED_CHECK_LIMIT = 22
"""Up to this many options, a state the fixed options exclude is told apart by trying every code."""


def _fixed_away(conflict: Conflict, expression: Expression) -> str:
    """``: the fixed option new_way=Y excludes it`` when every state ``expression`` denotes (feasible or
    not) has another value for a fixed option; "" otherwise (or for too many options to try)."""
    m = len(conflict.options)
    if not conflict.fixed or m > FIXED_CHECK_LIMIT:
        return ""
    every = np.arange(1 << m, dtype=np.int64)
    meant = every[expression.evaluate(every)]
    if meant.size == 0:
        return ""
    against = [
        f"{conflict.options[j].name}={'Y' if value else 'N'}"
        for j, value in conflict.fixed
        if bool(((meant >> j & 1) != int(value)).all())
    ]
    if not against:
        return ""
    several = len(against) > 1
    return f": the fixed option{'s' * several} {', '.join(against)} exclude{'' if several else 's'} it"


def state_index(conflict: Conflict, space: StateSpace, which: str | int, *, role: str = "state") -> int:
    """The index of the state a user means: a printed state number (from 1), a :class:`State`, or text.

    Text is a state's name, its pattern, an expression matching it alone
    (see :func:`resolve_state`) or, all digits, its number.
    """
    if isinstance(which, State):
        return resolve_state(conflict, space, which.pattern, role=role)
    if isinstance(which, str):
        return resolve_state(conflict, space, which, role=role)  # digits only: a printed number
    if isinstance(which, bool) or not isinstance(which, int | np.integer):
        raise StateError(f"the {role} {which!r} is neither a state number nor a state's name or pattern")
    if 1 <= which <= space.n_states:
        return int(which) - 1
    raise StateError(
        f"there is no state number {which}: the {role} must be one of the {space.n_states} "
        f"feasible states, numbered 1 to {space.n_states} as the tables print them"
    )


def state_names(conflict: Conflict, space: StateSpace) -> tuple[tuple[int, str], ...]:
    """The named states that denote exactly one feasible state, as (index, name) pairs in model order."""
    named = []
    for state in conflict.named_states:
        hits = matching_states(space, state.expression)
        if hits.size == 1:
            named.append((int(hits[0]), state.name))
    return tuple(named)


def named_first(
    conflict: Conflict, space: StateSpace, status_quo: int | None
) -> list[tuple[str, int | None]]:
    """Every named state as (name, index), the status quo's names first, then the model's order; the index
    is None for a name that denotes no feasible state or several (e.g. one excluded by a fixed option)."""
    found = []
    for state in conflict.named_states:
        hits = matching_states(space, state.expression)
        found.append((state.name, int(hits[0]) if hits.size == 1 else None))
    return sorted(found, key=lambda pair: status_quo is None or pair[1] != status_quo)


def names_by_state(conflict: Conflict, space: StateSpace) -> dict[int, list[str]]:
    """The same names grouped by state index: every name a state goes by."""
    found: dict[int, list[str]] = {}
    for index, name in state_names(conflict, space):
        found.setdefault(index, []).append(name)
    return found


def option_words(conflict: Conflict, code: int) -> str:
    """The options taken in a state, per decision maker: ``"US: lift_sanctions; DPRK: (none)"``."""
    parts = []
    for dm in conflict.decision_makers:
        taken = [conflict.options[j].name for j in dm.options if code >> j & 1]
        parts.append(f"{dm.name}: {', '.join(taken) if taken else '(none)'}")
    return "; ".join(parts)


def state_of(conflict: Conflict, space: StateSpace, index: int) -> State:
    """The :class:`State` at an index of the state space."""
    return State(space.pattern(index), index + 1, option_words(conflict, int(space.codes[index])))
