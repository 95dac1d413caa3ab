"""Two versions of a model compared, in words, as a table, as JSON data and as HTML (rendering only)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    from rich.console import Group

    from standoff.analyses.compare import Comparison, StateDifference


def _verdict(unstable: tuple[str, ...] | None) -> str:
    if unstable is None:
        return "not a feasible state"
    return "equilibrium" if not unstable else "not stable for " + ", ".join(unstable)


def state_sentences(comparison: Comparison, state: StateDifference) -> list[str]:
    """One sentence per verdict that differs, the concepts with the same verdicts together."""
    label = f"state {state.pattern}" + (f" = {state.name}" if state.name else "")
    if state.number_a == state.number_b:
        numbers = f" (number {state.number_a})"
    else:
        numbers = f" (number {state.number_a or '–'} in A, {state.number_b or '–'} in B)"
    grouped: dict[tuple[tuple[str, ...] | None, tuple[str, ...] | None], list[str]] = {}
    for concept, ua, ub in state.unstable:
        grouped.setdefault((ua, ub), []).append(CONCEPT_NAMES[concept])
    return [
        f"{label}{numbers} under {', '.join(names)}: A {_verdict(ua)}; B {_verdict(ub)}"
        for (ua, ub), names in grouped.items()
    ]


MAX_STATE_LINES = 30
"""Most states whose verdict differs listed in the table output (JSON lists them all)."""


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The JSON object of ``standoff compare --format json``."""
    from standoff.analyses.compare import equilibrium_patterns

    a, b = comparison.a, comparison.b
    equilibria = {}
    for concept in comparison.concepts:
        in_a, in_b = equilibrium_patterns(a, concept), equilibrium_patterns(b, concept)
        equilibria[concept] = {"a": in_a, "b": in_b}
    return {
        "a": {"name": a.conflict.name, "file": a.conflict.path, "n_states": a.space.n_states},
        "b": {"name": b.conflict.name, "file": b.conflict.path, "n_states": b.space.n_states},
        "concepts": list(comparison.concepts),
        "same_options": comparison.matched,
        "differences": [
            {"place": d.place, "change": d.change, "dm": d.dm, "words": d.words}
            for d in comparison.differences
        ],
        "equilibria": equilibria,
        "states": [
            {
                "pattern": s.pattern,
                "number_a": s.number_a,
                "number_b": s.number_b,
                "name": s.name,
                "concepts": {
                    c: {
                        "equilibrium_a": ua is not None and not ua,
                        "equilibrium_b": ub is not None and not ub,
                        "unstable_for_a": None if ua is None else list(ua),
                        "unstable_for_b": None if ub is None else list(ub),
                    }
                    for c, ua, ub in s.unstable
                },
                "words": state_sentences(comparison, s),
            }
            for s in comparison.states
        ],
    }


def comparison_report(comparison: Comparison, label_a: str, label_b: str) -> Group:
    """The differences in the models, the equilibria side by side, and the states that change verdict."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from standoff.analyses.compare import equilibrium_patterns

    parts: list[Any] = [Text(f"A = {label_a}\nB = {label_b}", style="bold")]
    if comparison.differences:
        lines = ["What differs in the models:"] + [f"• {d.words}" for d in comparison.differences]
    else:
        lines = ["The models do not differ (options, conditions, preferences, status quo)."]
    parts.append(Text("\n".join(lines)))
    table = Table(title="Equilibria", title_justify="left")
    table.add_column("concept")
    table.add_column("A", justify="right")
    table.add_column("B", justify="right")
    table.add_column("only in A")
    table.add_column("only in B")
    for concept in comparison.concepts:
        in_a, in_b = equilibrium_patterns(comparison.a, concept), equilibrium_patterns(comparison.b, concept)
        if comparison.matched:
            only_a = [
                s.pattern for s in comparison.states for c, ua, ub in s.unstable if c == concept and not ua
            ]
            only_b = [
                s.pattern for s in comparison.states for c, ua, ub in s.unstable if c == concept and not ub
            ]
            table.add_row(CONCEPT_NAMES[concept], str(len(in_a)), str(len(in_b)), _few(only_a), _few(only_b))
        else:
            table.add_row(CONCEPT_NAMES[concept], str(len(in_a)), str(len(in_b)), "", "")
    parts.append(table)
    if not comparison.matched:
        parts.append(Text("The models do not have the same options: states are not compared one by one."))
    elif comparison.states:
        count = len(comparison.states)
        lines = [f"States whose verdict differs ({count}):"]
        for state in comparison.states[:MAX_STATE_LINES]:
            lines += [f"• {s}" for s in state_sentences(comparison, state)]
        if count > MAX_STATE_LINES:
            lines.append(f"… and {count - MAX_STATE_LINES} more states (--format json lists every one)")
        parts.append(Text("\n".join(lines)))
    else:
        parts.append(Text("Every state has the same verdict in both models."))
    return Group(*parts)


def _few(patterns: list[str], limit: int = 6) -> str:
    shown = ", ".join(patterns[:limit])
    return (
        shown + (f" and {len(patterns) - limit} more" if len(patterns) > limit else "") if patterns else "–"
    )


def comparison_html(comparison: Comparison) -> str:
    """The comparison as HTML, for notebooks."""
    differences = "".join(f"<li>{escape(d.words)}</li>" for d in comparison.differences) or "<li>none</li>"
    states = "".join(
        f"<li>{escape(s)}</li>" for state in comparison.states for s in state_sentences(comparison, state)
    )
    return (
        f"<div class='standoff-compare'><p><b>What differs in the models</b></p><ul>{differences}</ul>"
        f"<p><b>States whose verdict differs</b></p><ul>{states or '<li>none</li>'}</ul></div>"
    )
