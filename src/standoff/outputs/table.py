"""The stability table for the terminal (rich)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES, Concept

if TYPE_CHECKING:
    from collections.abc import Sequence

    from standoff.analyses.stability import AnalysisResult
    from standoff.engine.space import StateSpace
    from standoff.model.conflict import Conflict

MAX_ROWS = 200


def state_names(conflict: Conflict, space: StateSpace) -> dict[int, str]:
    """The name(s) of each named state, by state index: the names the model gives exactly one state."""
    from standoff.analyses.states import names_by_state

    return {index: ", ".join(names) for index, names in names_by_state(conflict, space).items()}


def _mark(result: AnalysisResult, concept: Concept, dm: int, state: int) -> str:
    """✓ stable, · not stable, ? undetermined (NM whose verdict never settles)."""
    unknown = result.undetermined(concept)
    if unknown is not None and unknown[dm, state]:
        return "?"
    return "✓" if result.stable[concept][dm, state] else "·"


def legend(result: AnalysisResult) -> Table:
    """Which option each pattern position stands for, and who controls it."""
    conflict = result.conflict
    table = Table(title="Options (pattern positions)", title_justify="left", show_edge=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("option")
    table.add_column("decision maker")
    table.add_column("direction")
    for j, option in enumerate(conflict.options):
        table.add_row(
            str(j + 1), option.name, conflict.decision_makers[option.owner].name, option.direction.value
        )
    return table


def named_states_table(result: AnalysisResult) -> Table | None:
    """The named states first (the status quo leading), with their names and verdicts; None without any."""
    from standoff.analyses.states import named_first

    conflict, space = result.conflict, result.space
    named = named_first(conflict, space, result.status_quo_index)
    if not named:
        return None
    dms = conflict.decision_maker_names
    table = Table(title="Named states", title_justify="left")
    table.add_column("name")
    table.add_column("state", justify="right")
    table.add_column("pattern", style="bold")
    for c in result.concepts:
        table.add_column(CONCEPT_NAMES[c], justify="center")
    table.add_column("equilibrium under")
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    for name, s in named:
        if s is None:
            why = "fixed options exclude it" if conflict.fixed else "not one feasible state"
            table.add_row(name, "—", "", *["" for _ in result.concepts], f"({why})")
            continue
        marks = ["".join(_mark(result, c, i, s) for i in range(len(dms))) for c in result.concepts]
        eq = [CONCEPT_NAMES[c] for c in result.concepts if masks[c][s]]
        if result.profile is not None and result.profile.equilibrium_mask[s]:
            eq.append("profile")
        label = f"{s + 1}*" if result.status_quo_index == s else str(s + 1)
        table.add_row(
            name, label, space.pattern(s), *marks, ", ".join(eq) or "none", style="green" if eq else None
        )
    return table


def construction_lines(result: AnalysisResult) -> list[str]:
    """For each named state, the verdicts that hold by construction (not findings), one line each."""
    from standoff.analyses.states import named_first
    from standoff.outputs.audit_text import construction_words

    lines = []
    for name, s in named_first(result.conflict, result.space, result.status_quo_index):
        if s is None:
            continue
        facts = result.by_construction(s)
        if facts:
            lines.append(
                f"By construction, not a finding: {name} — "
                + "; ".join(construction_words(f) for f in facts)
                + "."
            )
    return lines


def fixed_note(result: AnalysisResult) -> Text | None:
    """The options held fixed, and how many states are left (None when nothing is fixed)."""
    conflict = result.conflict
    if not conflict.fixed:
        return None
    return Text(
        f"Fixed: {conflict.fixed_text}. Only the {result.space.n_states} feasible states with these values "
        "are analysed; moves that would change them do not exist, and states are numbered among these.",
        style="bold",
    )


def stability_table(
    result: AnalysisResult, *, max_rows: int = MAX_ROWS, equilibria_only: bool = False
) -> Group:
    """States as rows; per concept, a ✓ or · for each decision maker (in the order given)."""
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names
    parts: list[Table | Text] = [legend(result)]
    note = fixed_note(result)
    if note is not None:
        parts.append(note)
    first = named_states_table(result)
    if first is not None:
        parts.append(first)
        said = construction_lines(result)
        if said:
            parts.append(Text("\n".join(said)))
    rows: Sequence[int] = range(space.n_states)  # a range, not 2^24 ints: the table shows the first few
    if equilibria_only:
        import numpy as np

        any_eq = np.zeros(space.n_states, dtype=bool)
        for c in result.concepts:
            any_eq |= result.equilibrium_mask(c)
        if result.profile is not None:
            any_eq |= result.profile.equilibrium_mask
        rows = [int(s) for s in np.flatnonzero(any_eq)]
    shown = rows[:max_rows]
    # title and caption as lines of their own: a table's title is wrapped to the table's width
    title = f"Stability of {conflict.name} — marks per decision maker: {', '.join(dms)}"
    parts.append(Text(title, style="table.title"))
    table = Table()
    names = state_names(result.conflict, result.space)
    table.add_column("state", justify="right")
    table.add_column("pattern", style="bold")
    if names:
        table.add_column("name")
    for c in result.concepts:
        table.add_column(CONCEPT_NAMES[c], justify="center")
    table.add_column("equilibrium under")
    masks = {c: result.equilibrium_mask(c) for c in result.concepts}
    profiled = result.profile.equilibrium_mask if result.profile is not None else None
    for s in shown:
        marks = ["".join(_mark(result, c, i, s) for i in range(len(dms))) for c in result.concepts]
        eq = [CONCEPT_NAMES[c] for c in result.concepts if masks[c][s]]
        if profiled is not None and profiled[s]:
            eq.append("profile")
        label = f"{s + 1}*" if result.status_quo_index == s else str(s + 1)
        style = "green" if eq else None
        named = [names.get(s, "")] if names else []
        table.add_row(label, space.pattern(s), *named, *marks, ", ".join(eq), style=style)
    parts.append(table)
    undetermined = any(result.undetermined(c) is not None for c in result.concepts)
    caption = "✓ stable for that decision maker, · not stable; * status quo"
    if undetermined:
        caption += "; ? NM undetermined (the anticipated play cycles as the horizon grows)"
    parts.append(Text(caption, style="table.caption"))
    hidden = len(rows) - len(shown)
    if hidden > 0:
        parts.append(
            Text(f"… {hidden} more states not shown; use --format csv or --format json for all of them.")
        )
    parts.append(equilibria_summary(result))
    return Group(*parts)


def equilibria_summary(result: AnalysisResult) -> Table:
    """The equilibria per concept, as state numbers and patterns; under a profile, its equilibria; with
    the unknown-preference concepts, the exact answer beside them (an equilibrium in every reading, in
    some reading) when the readings were few enough to analyse."""
    table = Table(title="Equilibria (stable for every decision maker)", title_justify="left")
    table.add_column("concept")
    table.add_column("count", justify="right")
    table.add_column("states")
    names = state_names(result.conflict, result.space)

    def row(label: str, mask: npt.NDArray[np.bool_]) -> None:
        states = [
            f"{s + 1} {result.space.pattern(s)}" + (f" = {names[s]}" if s in names else "")
            for s in map(int, mask.nonzero()[0][:12])
        ]
        more = int(mask.sum()) - len(states)
        text = ", ".join(states) + (f", … ({more} more)" if more > 0 else "")
        table.add_row(label, str(int(mask.sum())), text or "none")

    for c in result.concepts:
        row(CONCEPT_NAMES[c], result.equilibrium_mask(c))
    if result.profile is not None:
        row(f"profile ({result.profile.text})", result.profile.equilibrium_mask)
    for base, (every, some) in readings_equilibria(result).items():
        row(f"{CONCEPT_NAMES[base]} in every reading", every)
        row(f"{CONCEPT_NAMES[base]} in some reading", some)
    return table


def readings_equilibria(
    result: AnalysisResult,
) -> dict[str, tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]]:
    """Per ordinary concept extended by an unknown-preference concept of the result: its equilibria in
    every joint reading and in some (:meth:`UnknownPreferences.equilibria_over_readings`)."""
    answer = result.extras.get("unknown_preferences")
    return {} if answer is None else answer.equilibria_over_readings(result.concepts)
