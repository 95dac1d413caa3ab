"""Status quo analysis results as a terminal report and a JSON object."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES
from standoff.model.patterns import pattern_letters, pattern_list_json, pattern_mapping_json
from standoff.outputs.words import change_words, joint_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.explain import Move

MAX_LISTED = 50


def move_sentence(evolution: Evolution, move: Move, *, target: bool = True) -> str:
    """``DPRK: take new_way and drop test_freeze (state 859 NNNYNYYYNNY)``; the state only if ``target``."""
    conflict, space = evolution.result.conflict, evolution.result.space
    if move.partners:
        words = joint_words(conflict, space, move.movers, move.source_index, move.target_index)
    else:
        who = conflict.decision_makers[move.decision_maker].name
        words = f"{who}: {change_words(conflict, space, move.source_index, move.target_index)}"
    return f"{words} ({state_label(space, move.target_index, dict(evolution.names))})" if target else words


def first_movers(evolution: Evolution) -> list[str]:
    """The decision makers who have an improvement from the start (the movers of the first moves), in model
    order."""
    movers: set[int] = set()
    for s in evolution.reachable[1:]:  # in order of distance: the states one move away come first
        if evolution.distance[s] != 1:
            break
        movers.update(evolution.parents[s].movers)
    return [evolution.result.conflict.decision_makers[d].name for d in sorted(movers)]


def start_sentence(evolution: Evolution) -> str:
    """What an equilibrium start means for the table below it: nobody can improve, or those who can are
    deterred under the concept, while the table follows their improvements all the same."""
    concept = CONCEPT_NAMES[evolution.concept]
    movers = first_movers(evolution)
    if not movers:
        return f"The start is a {concept} equilibrium and nobody has an improvement from it: nobody moves."
    one = len(movers) == 1
    who = movers[0] if one else ", ".join(movers[:-1]) + " and " + movers[-1]
    first = movers[0] if one else ", ".join(movers[:-1]) + " or " + movers[-1]
    has, it, its = (
        ("has an improvement", "it is", "its") if one else ("have improvements", "they are", "their")
    )
    return (
        f"The start is a {concept} equilibrium: {who} {has} from it, but under {concept} {it} deterred "
        f"(a sanction answers each of {its} improvements). The table follows every improvement, deterred "
        f"or not: in it {first} moves first."
    )


def evolution_report(evolution: Evolution) -> Group:
    """Reachable states, equilibria reached, the paths to them and, with a target, what blocks it."""
    result = evolution.result
    conflict, space = result.conflict, result.space
    names = dict(evolution.names)
    concept = CONCEPT_NAMES[evolution.concept]
    equilibrium = result.equilibrium_mask(evolution.concept)
    parts: list[Any] = []
    start = state_label(space, evolution.start_index, names)
    horizon = f" within {evolution.max_steps} moves" if evolution.max_steps is not None else ""
    how = "unilateral improvements"
    if evolution.movers != 1 or evolution.step_size is not None:
        size = (
            ""
            if evolution.step_size is None
            else f", each changing at most {evolution.step_size} of its options"
        )
        how = f"improvements by up to {evolution.movers} decision makers together{size}"
    parts.append(
        Text(
            f"From {start} ({space.pattern(evolution.start_index)}), {how} reach "
            f"{len(evolution.reachable) - 1} other state(s){horizon}; "
            f"{len(evolution.equilibria_reached)} of the states reached (start included) "
            f"are {concept} equilibria.",
            style="bold",
        )
    )
    if conflict.fixed:
        parts.append(
            Text(
                f"Fixed: {conflict.fixed_text}. Only the {space.n_states} feasible states with these "
                "values are analysed; moves that would change them do not exist, and states are numbered "
                "among these."
            )
        )
    if equilibrium[evolution.start_index]:
        parts.append(Text(start_sentence(evolution)))
    table = Table(title="Reachable states (shortest number of moves)", title_justify="left")
    table.add_column("state", justify="right")
    table.add_column("pattern")
    table.add_column("name")
    table.add_column("moves", justify="right")
    table.add_column(f"{concept} equilibrium", justify="center")
    table.add_column("last move")
    for s in evolution.reachable[:MAX_LISTED]:
        last = evolution.parents.get(s)
        table.add_row(
            str(s + 1),
            space.pattern(s),
            names.get(s, ""),
            str(evolution.distance[s]),
            "✓" if equilibrium[s] else "",
            move_sentence(evolution, last, target=False) if last else "(start)",
            style="green" if equilibrium[s] else None,
        )
    parts.append(table)
    if len(evolution.reachable) > MAX_LISTED:
        parts.append(Text(f"… {len(evolution.reachable) - MAX_LISTED} more; --format json lists them all."))
    lines = []
    for path in evolution.paths:
        end = path[-1].target_index
        lines.append(f"To {state_label(space, end, names)}:")
        lines.extend(f"  {k}. {move_sentence(evolution, m)}" for k, m in enumerate(path, 1))
    if lines:
        parts.append(Text("Paths (one shortest sequence of improvements each)", style="bold"))
        parts.append(Text("\n".join(lines)))
    stops = ", ".join(state_label(space, s, names) for s in evolution.stops[:MAX_LISTED]) or "none"
    parts.append(Text(f"Paths stop (nobody has an improvement) at: {stops}"))
    if evolution.frontier:
        frontier = ", ".join(state_label(space, s, names) for s in evolution.frontier[:MAX_LISTED])
        parts.append(Text(f"Not followed beyond the step limit: {frontier}"))
    if evolution.target_index is not None:
        target = state_label(space, evolution.target_index, names)
        if evolution.target_reachable:
            parts.append(Text(f"The target {target} is reachable.", style="bold green"))
        else:
            parts.append(
                Text(
                    f"The target {target} ({space.pattern(evolution.target_index)}) is NOT reachable.",
                    style="bold red",
                )
            )
            refused = Table(
                title="Moves toward the target that their decision maker will not make (not improvements)"
                if evolution.movers == 1 and evolution.step_size is None
                else "Steps toward the target that not every mover will take (not improvements for all)",
                title_justify="left",
            )
            refused.add_column("decision maker" if evolution.movers == 1 else "movers")
            refused.add_column("from")
            refused.add_column("move")
            refused.add_column("for the mover" if evolution.movers == 1 else "for the movers")
            for r in evolution.refused:
                m = r.move
                change = (
                    joint_words(conflict, space, m.movers, m.source_index, m.target_index)
                    if m.partners
                    else change_words(conflict, space, m.source_index, m.target_index)
                )
                refused.add_row(
                    " and ".join(conflict.decision_makers[d].name for d in m.movers),
                    state_label(space, m.source_index, names),
                    f"{change} (state {m.target_index + 1} {space.pattern(m.target_index)})",
                    "worse" if r.worse else "no better",
                )
            parts.append(refused if evolution.refused else Text("No option can move toward the target."))
    return Group(*parts)


def evolution_to_dict(evolution: Evolution, *, encoded: bool = False) -> dict[str, Any]:
    """The JSON contract of ``standoff evolve``: patterns for states, moves as {dm, from, to}.

    ``encoded`` gives ``reachable_states``, ``steps`` and ``equilibria_reached`` as JSON text
    already (``orjson.Fragment``), made from the state codes at once: for the command line's
    compact output of a million reached states.
    """
    result = evolution.result
    conflict, space = result.conflict, result.space
    dms = conflict.decision_maker_names

    def move(m: Move) -> dict[str, Any]:
        out: dict[str, Any] = {
            "dm": dms[m.decision_maker],
            "from": space.pattern(m.source_index),
            "to": space.pattern(m.target_index),
        }
        if m.partners:
            out["movers"] = [dms[d] for d in m.movers]
        return out

    def patterns(states: tuple[int, ...]) -> list[str]:
        return space.patterns(np.array(states, dtype=np.int64))  # all at once: there may be millions

    reachable, distances = evolution.distance.reached, evolution.distance.in_order  # the search's arrays
    equilibria = np.array(evolution.equilibria_reached, dtype=np.int64)
    reached: Any
    steps: Any
    reached_equilibria: Any
    if encoded:  # JSON text made at once from the codes: no million Python strings
        import orjson

        codes, m = space.codes, space.n_options
        letters = pattern_letters(codes[reachable], m)
        reached = orjson.Fragment(pattern_list_json(codes[reachable], m, letters))
        steps = orjson.Fragment(pattern_mapping_json(codes[reachable], m, distances, letters))
        reached_equilibria = orjson.Fragment(pattern_list_json(codes[equilibria], m))
    else:
        reached = space.patterns(reachable)
        steps = dict(zip(reached, distances.tolist(), strict=True))
        # the equilibria reached are reached states: their patterns are already made
        place = np.empty(space.n_states, dtype=np.int64)
        place[reachable] = np.arange(reachable.size)
        reached_equilibria = [reached[k] for k in place[equilibria].tolist()]
    out: dict[str, Any] = {
        "from": space.pattern(evolution.start_index),
        "concept": evolution.concept,
        "max_steps": evolution.max_steps,
        "reachable_states": reached,
        "steps": steps,
        "equilibria_reached": reached_equilibria,
        "paths": [[move(m) for m in path] for path in evolution.paths],
        "stops": patterns(evolution.stops),
        "frontier": patterns(evolution.frontier),
        "names": {space.pattern(s): name for s, name in evolution.names},
        "start_equilibrium": bool(result.equilibrium_mask(evolution.concept)[evolution.start_index]),
        **(
            {"fixed": {conflict.options[j].name: "Y" if v else "N" for j, v in conflict.fixed}}
            if conflict.fixed
            else {}
        ),
        "first_movers": first_movers(evolution),
    }
    if evolution.movers != 1 or evolution.step_size is not None:
        out["movers"] = evolution.movers
        out["step_size"] = evolution.step_size
    if evolution.target_index is not None:
        out["target"] = space.pattern(evolution.target_index)
        out["reachable"] = bool(evolution.target_reachable)
        out["refused_moves"] = [{**move(r.move), "worse": r.worse} for r in evolution.refused]
    return out
