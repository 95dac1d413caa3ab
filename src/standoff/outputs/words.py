"""State changes and states in words: which options a move takes up or drops."""

from __future__ import annotations

from typing import Any

from standoff.engine.space import StateSpace
from standoff.model.conflict import Conflict


def state_label(space: StateSpace, state: int, names: dict[int, str]) -> str:
    """``state 187 = status_quo`` or ``state 859 NNNYNYYYNNY``: a state's number and its name or pattern."""
    name = names.get(state)
    return f"state {state + 1} = {name}" if name else f"state {state + 1} {space.pattern(state)}"


def changed_options(
    conflict: Conflict, space: StateSpace, source: int, target: int
) -> tuple[list[str], list[str]]:
    """The options taken up (N→Y) and dropped (Y→N) between two states."""
    before, after = int(space.codes[source]), int(space.codes[target])
    taken = [o.name for j, o in enumerate(conflict.options) if not before >> j & 1 and after >> j & 1]
    dropped = [o.name for j, o in enumerate(conflict.options) if before >> j & 1 and not after >> j & 1]
    return taken, dropped


def option_change_words(conflict: Conflict, taken: list[int], dropped: list[int]) -> str:
    """Options taken up and dropped, in words: each option's label, or ``take a and b`` for the
    options without one (``take new_way and drop test_freeze``); verbs in the infinitive."""
    options = conflict.options
    parts: list[str] = []
    for indices, label, verb in ((taken, "take_label", "take"), (dropped, "drop_label", "drop")):
        parts.extend(getattr(options[j], label) for j in indices if getattr(options[j], label))
        bare = [options[j].name for j in indices if not getattr(options[j], label)]
        if bare:
            parts.append(f"{verb} {_join(bare)}")
    return _join(parts) if parts else "change nothing"


def changed_indices(
    space: StateSpace, source: int, target: int, own: int = -1
) -> tuple[list[int], list[int]]:
    """The positions of the options taken up (N→Y) and dropped (Y→N) between two states, among ``own``
    (a bit mask; every option by default)."""
    before, after = int(space.codes[source]), int(space.codes[target])
    changed = (before ^ after) & own
    m = space.n_options
    taken = [j for j in range(m) if changed >> j & 1 and after >> j & 1]
    dropped = [j for j in range(m) if changed >> j & 1 and before >> j & 1]
    return taken, dropped


def change_words(conflict: Conflict, space: StateSpace, source: int, target: int) -> str:
    """``take new_way and drop test_freeze``: a move in words (each option's label when the model gives
    one, verbs in the infinitive)."""
    return option_change_words(conflict, *changed_indices(space, source, target))


def change_record(conflict: Conflict, space: StateSpace, source: int, target: int) -> dict[str, Any]:
    """The move from ``source`` to ``target`` as the JSON outputs give it: the options taken and dropped,
    and the words (``{"take": [...], "drop": [...], "words": "..."}``)."""
    taken, dropped = changed_options(conflict, space, source, target)
    return {"take": taken, "drop": dropped, "words": change_words(conflict, space, source, target)}


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def joint_words(
    conflict: Conflict, space: StateSpace, movers: tuple[int, ...], source: int, target: int
) -> str:
    """``United States: take partial_relief + DPRK: take dismantle_yongbyon``: each mover's part of a step."""
    parts = []
    for d in movers:
        own = 0
        for j in conflict.decision_makers[d].options:
            own |= 1 << j
        words = option_change_words(conflict, *changed_indices(space, source, target, own))
        parts.append(f"{conflict.decision_makers[d].name}: {words}")
    return " + ".join(parts)
