"""State changes and states in words: which options a move takes up or drops."""

from __future__ import annotations

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


def change_words(conflict: Conflict, space: StateSpace, source: int, target: int) -> str:
    """``take new_way and drop test_freeze``: a move in option words (verbs in the infinitive)."""
    taken, dropped = changed_options(conflict, space, source, target)
    parts = []
    if taken:
        parts.append("take " + _join(taken))
    if dropped:
        parts.append("drop " + _join(dropped))
    return " and ".join(parts) or "change nothing"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def joint_words(
    conflict: Conflict, space: StateSpace, movers: tuple[int, ...], source: int, target: int
) -> str:
    """``United States: take partial_relief + DPRK: take dismantle_yongbyon``: each mover's part of a step."""
    before, after = int(space.codes[source]), int(space.codes[target])
    parts = []
    for d in movers:
        own = 0
        for j in conflict.decision_makers[d].options:
            own |= 1 << j
        changed = (before ^ after) & own
        taken = [
            conflict.options[j].name
            for j in range(len(conflict.options))
            if changed >> j & 1 and after >> j & 1
        ]
        dropped = [
            conflict.options[j].name
            for j in range(len(conflict.options))
            if changed >> j & 1 and before >> j & 1
        ]
        words = " and ".join(
            p
            for p in (f"take {_join(taken)}" if taken else "", f"drop {_join(dropped)}" if dropped else "")
            if p
        )
        parts.append(f"{conflict.decision_makers[d].name}: {words}")
    return " + ".join(parts)
