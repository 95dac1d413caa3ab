"""Every problem a model's states reveal, found in one pass so that ``standoff validate`` lists them all.

Reading a model checks its text, structure and names; these checks need the
feasible states: at least two of them, rankings that place each exactly
once, a feasible status quo (else: which infeasibility conditions exclude
it), named states that each denote one feasible state, and targets that
some feasible state satisfies.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from standoff.engine.space import feasible_codes, preference_error
from standoff.errors import ModelError
from standoff.model.conflict import Conflict
from standoff.model.expressions import Expression
from standoff.model.patterns import code_pattern
from standoff.model.preferences import RankingError

EXCLUDED_BY_LIMIT = 22
"""Up to this many options, an infeasible status quo's excluding conditions are found over all 2^m states."""


def model_problems(conflict: Conflict) -> list[ModelError]:
    """Every problem of the model's states, each naming its place in the model (empty when sound)."""
    m = len(conflict.options)
    codes = feasible_codes(conflict.feasibility_conditions, m)
    file = conflict.path
    if codes.size < 2:
        problem = (
            f"every state is infeasible: the infeasibility conditions exclude all 2^{m}"
            if codes.size == 0
            else "only one state is feasible: there is no conflict to analyse"
        )
        return [ModelError(problem, file=file, place="infeasible")]
    problems = [*_preference_problems(conflict, codes), *_named_state_problems(conflict, codes)]
    if conflict.status_quo is not None:
        problems += _status_quo_problems(conflict, codes, conflict.status_quo)
    problems += _target_problems(conflict, codes)
    return problems


def _target_problems(conflict: Conflict, codes: npt.NDArray[np.int64]) -> list[ModelError]:
    """A target that no feasible state satisfies."""
    from standoff.analyses.states import expression_for
    from standoff.errors import StateError

    problems = []
    for k, text in enumerate(conflict.targets):
        try:
            hits = int(expression_for(conflict, text).evaluate(codes).sum())
        except StateError as error:
            problems.append(ModelError(str(error), file=conflict.path, place=f"targets[{k}]"))
            continue
        if hits == 0:
            problems.append(
                ModelError(
                    f"the target {text!r} is not a feasible state", file=conflict.path, place=f"targets[{k}]"
                )
            )
    return problems


def status_quo_problems(conflict: Conflict) -> list[ModelError]:
    """The problem of the model's status quo alone: infeasible (and why), or not one state; [] if none."""
    if conflict.status_quo is None:
        return []
    codes = feasible_codes(conflict.feasibility_conditions, len(conflict.options))
    return _status_quo_problems(conflict, codes, conflict.status_quo)


def _preference_problems(conflict: Conflict, codes: npt.NDArray[np.int64]) -> list[ModelError]:
    """A ranking that misses or repeats a state, or preferences that cannot score the states."""
    problems = []
    for i, dm in enumerate(conflict.decision_makers):
        try:
            dm.preferences.scores(codes)
        except (RankingError, ModelError) as error:
            problems.append(preference_error(conflict, i, error))
    return problems


def _listed(patterns: list[str]) -> str:
    return ", ".join(patterns[:4]) + (", ..." if len(patterns) > 4 else "")


def _named_state_problems(conflict: Conflict, codes: npt.NDArray[np.int64]) -> list[ModelError]:
    """A named state that denotes no feasible state, or several."""
    m = len(conflict.options)
    problems = []
    for named in conflict.named_states:
        hits = codes[named.expression.evaluate(codes)]
        if hits.size == 1:
            continue
        if hits.size == 0:
            problem = f"the named state {named.name!r} is not a feasible state of this model"
            excluded = _excluded_by(conflict, named.expression)
            if excluded:
                problem += f": {excluded} excludes it"
        else:
            problem = (
                f"the named state {named.name!r} matches {hits.size} feasible states "
                f"({_listed([code_pattern(int(c), m) for c in hits])}); a name stands for one state: "
                "give every option's value"
            )
        place = f"states.{named.name}" if named.name.isidentifier() else f"states[{named.name!r}]"
        problems.append(ModelError(problem, file=conflict.path, place=place))
    return problems


def _status_quo_problems(
    conflict: Conflict, codes: npt.NDArray[np.int64], status_quo: Expression
) -> list[ModelError]:
    """A status quo that denotes no feasible state (and the conditions excluding it), or several."""
    m = len(conflict.options)
    hits = codes[status_quo.evaluate(codes)]
    meant = _denoted(conflict, status_quo)
    one = meant is not None and meant.size == 1
    shown = code_pattern(int(meant[0]), m) if one and meant is not None else conflict.describe(status_quo)
    if hits.size == 1:
        return []
    if hits.size == 0:
        problem = f"the status quo {shown!r} is not a feasible state of this model"
        excluded = _excluded_by(conflict, status_quo)
        if excluded:
            problem += f": {excluded} excludes it"
    else:
        problem = (
            f"the status quo {shown!r} matches {hits.size} feasible states "
            f"({_listed([code_pattern(int(c), m) for c in hits])}); give every option's value"
        )
    return [ModelError(problem, file=conflict.path, place="status_quo")]


def _excluded_by(conflict: Conflict, expression: Expression) -> str:
    """The infeasibility conditions that exclude the states ``expression`` denotes, as the model says them."""
    meant = _denoted(conflict, expression)
    if meant is None or meant.size == 0:
        return ""
    found = [
        f"infeasible[{k}] ({conflict.describe(condition)!r})"
        for k, condition in enumerate(conflict.infeasible)
        if condition.evaluate(meant).any()
    ] + [
        f"the fixed option {conflict.options[j].name}={'Y' if value else 'N'}"
        for (j, value), condition in zip(conflict.fixed, conflict.fixed_conditions, strict=True)
        if condition.evaluate(meant).all()
    ]
    return " and ".join(found)


def _denoted(conflict: Conflict, expression: Expression) -> npt.NDArray[np.int64] | None:
    """The codes of every state, feasible or not, where ``expression`` holds (None for too many options)."""
    m = len(conflict.options)
    if m > EXCLUDED_BY_LIMIT:
        return None
    every = np.arange(1 << m, dtype=np.int64)
    return every[expression.evaluate(every)]
