"""Roadmaps as a terminal report and a JSON object, in option words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from rich.console import Group
from rich.table import Table
from rich.text import Text

from standoff.concepts import CONCEPT_NAMES
from standoff.outputs.words import change_record, change_words, joint_words, state_label

if TYPE_CHECKING:
    from standoff.analyses.audit import RoadmapNeeds
    from standoff.analyses.explain import Sanction
    from standoff.analyses.roadmap import Defection, Deterrent, FailedStep, Roadmap, Step

MAX_LISTED = 50


def _names(roadmap: Roadmap) -> dict[int, str]:
    return dict(roadmap.names)


def defection_sentence(roadmap: Roadmap, defection: Defection) -> str:
    """``DPRK would take new_way and drop test_freeze (state 859 NNNYNYYYNNY), and nothing deters it``."""
    conflict, space = roadmap.result.conflict, roadmap.result.space
    who = conflict.decision_makers[defection.decision_maker].name
    words = change_words(conflict, space, defection.state_index, defection.to_index)
    there = state_label(space, defection.to_index, _names(roadmap))
    return f"{who} would {words} ({there}), and nothing deters it"


def sanction_words(roadmap: Roadmap, sanction: Sanction) -> str:
    """``United States would resume the large exercises (state 181 …)``: the moves of a sanction."""
    conflict, space = roadmap.result.conflict, roadmap.result.space
    dms = conflict.decision_maker_names
    return ", then ".join(
        f"{dms[m.decision_maker]} would {change_words(conflict, space, m.source_index, m.target_index)} "
        f"({state_label(space, m.target_index, _names(roadmap))})"
        for m in sanction.moves
    )


def deterrent_sentence(roadmap: Roadmap, step: Step, deterrent: Deterrent) -> str:
    """Why a mover would not take (its part of) a step on its own, and what it must trust."""
    dms = roadmap.result.conflict.decision_maker_names
    who = dms[deterrent.decision_maker]
    what = "this step" if not step.joint else "its part of this step"
    answer = sanction_words(roadmap, deterrent.sanctions[0])
    return (
        f"{who} would not take {what} on its own under {CONCEPT_NAMES[roadmap.concept]}; "
        f"it must trust that this answer will not come: {answer}"
    )


def undo_words(roadmap: Roadmap, options: tuple[int, ...]) -> str:
    """``changes back lift_sanctions``."""
    return "changes back " + ", ".join(roadmap.result.conflict.options[j].name for j in options)


def failure_reasons(roadmap: Roadmap, failed: FailedStep) -> list[str]:
    """Why a step toward the target fails, one reason a line."""
    conflict, space = roadmap.result.conflict, roadmap.result.space
    dms = conflict.decision_maker_names
    concept = CONCEPT_NAMES[roadmap.concept]
    reasons = []
    if failed.undoes:
        reasons.append(
            f"{undo_words(roadmap, failed.undoes)}, which an earlier step changed (--detours allows it)"
        )
    if failed.not_the_next is not None:
        source = state_label(space, failed.step.source_index, _names(roadmap))
        if failed.not_the_next >= 0:
            needed = f"the step to {state_label(space, failed.not_the_next, _names(roadmap))}"
        else:
            needed = "another step"
        reasons.append(f"{source} holds only if its next step is {needed}")
    for d in failed.not_improving:
        if roadmap.rule == "improve":
            reasons.append(f"not an improvement for {dms[d]}")
        else:
            reasons.append(f"{dms[d]} does not prefer the target to the state it leaves")
    if not failed.holds:
        if failed.defections:
            reasons += [
                f"the stage after it does not hold under {concept}: {defection_sentence(roadmap, x)}"
                for x in failed.defections
            ]
        else:
            reasons.append(f"the stage after it does not hold under {concept}")
    return reasons


def _step_line(roadmap: Roadmap, step: Step) -> str:
    conflict, space = roadmap.result.conflict, roadmap.result.space
    dms = conflict.decision_maker_names
    line = (
        f"{joint_words(conflict, space, step.movers, step.source_index, step.target_index)} ⇒ "
        f"{state_label(space, step.target_index, _names(roadmap))}"
    )
    marks = [f"{dms[d]} worse off for a while" for d in step.worse_off]
    marks += [f"{dms[d]} no better off for a while" for d in step.no_better]
    line += f" [leap of faith: {'; '.join(marks)}]" if marks else ""
    if step.undoes:
        line += f" [detour: {undo_words(roadmap, step.undoes)}]"
    for deterrent in step.deterred:
        line += f"\n     ⚑ {deterrent_sentence(roadmap, step, deterrent)}"
    return line


def _setting(roadmap: Roadmap) -> str:
    size = (
        "any number of options"
        if roadmap.step_size is None
        else (f"at most {roadmap.step_size} option{'s' * (roadmap.step_size != 1)}")
    )
    together = (
        "one decision maker at a time"
        if roadmap.max_movers == 1
        else (f"up to {roadmap.max_movers} decision makers together")
    )
    rule = (
        "every mover better off after each step"
        if roadmap.rule == "improve"
        else "every mover preferring the target to where it stands (leap of faith)"
    )
    horizon = f"; at most {roadmap.max_steps} steps" if roadmap.max_steps is not None else ""
    once = "options may be changed back (detours)" if roadmap.detours else "each option changed at most once"
    return (
        f"Steps: {together}, each changing {size} of its own; {rule}; {once}; every stage "
        f"{CONCEPT_NAMES[roadmap.concept]}-stable for every decision maker (before the last, "
        f"the roadmap's own next step left out){horizon}."
    )


def _targets_text(roadmap: Roadmap) -> str:
    space = roadmap.result.space
    names = _names(roadmap)
    shown = [state_label(space, t, names) for t in roadmap.target_indices[:5]]
    more = f", … ({len(roadmap.target_indices)} states)" if len(roadmap.target_indices) > 5 else ""
    return ", ".join(shown) + more


def roadmap_report(roadmap: Roadmap, needs: RoadmapNeeds | None = None) -> Group:
    """The shortest roadmaps, or where the way to the target breaks (and, given ``needs``, what a roadmap
    would need: step size, movers, the leap-of-faith rule)."""
    result = roadmap.result
    conflict, space = result.conflict, result.space
    names = _names(roadmap)
    concept = CONCEPT_NAMES[roadmap.concept]
    start = f"{state_label(space, roadmap.start_index, names)} ({space.pattern(roadmap.start_index)})"
    parts: list[Any] = [
        Text(f"Roadmap from {start} to {roadmap.target_text}: {_targets_text(roadmap)}", style="bold"),
        Text(_setting(roadmap)),
    ]
    if roadmap.found:
        if roadmap.length == 0:
            parts.append(Text("The start is already a target state: nothing to do.", style="bold green"))
            return Group(*parts)
        k = len(roadmap.roadmaps)
        listed = f"the first {k} in order" if roadmap.more else f"{k}"
        parts.append(
            Text(
                f"Found: the shortest roadmaps take {roadmap.length} step{'s' * (roadmap.length != 1)}; "
                f"listed: {listed} (fewest joint steps first, then by state numbers)"
                + ("; more exist (--max N lists more)." if roadmap.more else "."),
                style="bold green",
            )
        )
        lines = []
        for number, steps in enumerate(roadmap.roadmaps, 1):
            joint = sum(s.joint for s in steps)
            lines.append(f"Roadmap {number} ({joint} joint step{'s' * (joint != 1)}):")
            lines += [f"  {k}. {_step_line(roadmap, s)}" for k, s in enumerate(steps, 1)]
        parts.append(Text("\n".join(lines)))
        if any(step.flagged for steps in roadmap.roadmaps for step in steps):
            parts.append(
                Text(
                    "⚑ flagged: the mover would not take the step on its own under "
                    f"{CONCEPT_NAMES[roadmap.concept]}; it needs a commitment, or foresight beyond "
                    "the concept."
                )
            )
        return Group(*parts)

    breaks = roadmap.breaks
    assert breaks is not None
    parts.append(
        Text(
            "No roadmap: no order of acceptable steps reaches a target with every stage holding.",
            style="bold red",
        )
    )
    if needs is not None:
        from standoff.outputs.audit_text import needs_words

        parts.append(Text(f"What a roadmap needs: {needs_words(needs)}.", style="bold"))
    if not breaks.searched_all:
        parts.append(Text(f"(searched up to {roadmap.max_steps} steps only)"))
    n_targets = len(roadmap.target_indices)
    if breaks.holding_targets:
        parts.append(
            Text(
                f"{len(breaks.holding_targets)} of {n_targets} target state(s) hold under {concept}: "
                + ", ".join(state_label(space, t, names) for t in breaks.holding_targets[:5])
            )
        )
    else:
        parts.append(
            Text(
                f"No target state holds under {concept}: even once reached, the deal would not last.",
                style="bold",
            )
        )
        lines = [
            f"  at {state_label(space, x.state_index, names)}: {defection_sentence(roadmap, x)}"
            for x in breaks.defections
        ]
        if lines:
            parts.append(Text("Who defects from the deal:\n" + "\n".join(lines)))
    parts.append(
        Text(
            "Stages reachable from the start (each holding, or holding but for its next step), "
            "with the fewest steps to each:"
        )
    )
    table = Table()
    table.add_column("state", justify="right")
    table.add_column("pattern")
    table.add_column("name")
    table.add_column("steps", justify="right")
    for s, d in breaks.reached[:MAX_LISTED]:
        table.add_row(str(s + 1), space.pattern(s), names.get(s, ""), str(d) if d else "0 (start)")
    parts.append(table)
    if len(breaks.reached) > MAX_LISTED:
        parts.append(Text(f"… {len(breaks.reached) - MAX_LISTED} more; --format json lists them all."))
    gap = breaks.nearest[0][1]
    nearest = ", ".join(state_label(space, s, names) for s, _ in breaks.nearest)
    parts.append(Text(f"Nearest to the target ({gap} option{'s' * (gap != 1)} apart): {nearest}"))
    for s, options in breaks.irreversible:
        words = ", ".join(conflict.options[j].name for j in options)
        parts.append(
            Text(f"At {state_label(space, s, names)}, {words} cannot be changed back toward the target.")
        )
    if breaks.failed:
        failed = Table(title="Steps toward the target that fail, and why", title_justify="left")
        failed.add_column("from")
        failed.add_column("step")
        failed.add_column("stage after")
        failed.add_column(f"holds ({concept})", justify="center")
        failed.add_column("why it fails")
        for item in breaks.failed:
            step = item.step
            failed.add_row(
                state_label(space, step.source_index, names),
                joint_words(conflict, space, step.movers, step.source_index, step.target_index),
                f"{state_label(space, step.target_index, names)}",
                "✓" if item.holds else "✗",
                "; ".join(failure_reasons(roadmap, item)),
            )
        parts.append(failed)
        if breaks.n_failed > len(breaks.failed):
            parts.append(Text(f"… {breaks.n_failed - len(breaks.failed)} more failing steps."))
    else:
        parts.append(Text("No step moves toward the target from there."))
    return Group(*parts)


def _state(roadmap: Roadmap, index: int) -> dict[str, Any]:
    space = roadmap.result.space
    return {"state": space.pattern(index), "number": index + 1, "name": _names(roadmap).get(index)}


def _change(roadmap: Roadmap, source: int, target: int) -> dict[str, Any]:
    return change_record(roadmap.result.conflict, roadmap.result.space, source, target)


def _defection(roadmap: Roadmap, x: Defection) -> dict[str, Any]:
    dms = roadmap.result.conflict.decision_maker_names
    return {
        "at": roadmap.result.space.pattern(x.state_index),
        "decision_maker": dms[x.decision_maker],
        **_state(roadmap, x.to_index),
        **_change(roadmap, x.state_index, x.to_index),
    }


def roadmap_to_dict(roadmap: Roadmap) -> dict[str, Any]:
    """The JSON contract of ``standoff roadmap`` (see docs/reference/json-output.md)."""
    space = roadmap.result.space
    dms = roadmap.result.conflict.decision_maker_names

    def step(s: Step) -> dict[str, Any]:
        out = {
            "movers": [dms[d] for d in s.movers],
            **_state(roadmap, s.target_index),
            **_change(roadmap, s.source_index, s.target_index),
        }
        if roadmap.rule == "target":
            out["worse_off"] = [dms[d] for d in s.worse_off]
            out["no_better"] = [dms[d] for d in s.no_better]
        out["flagged"] = s.flagged
        out["deterred_by"] = [
            {
                "decision_maker": dms[x.decision_maker],
                "part": space.pattern(x.part),
                "sanction": [
                    {
                        "dm": dms[m.decision_maker],
                        "from": space.pattern(m.source_index),
                        "to": space.pattern(m.target_index),
                    }
                    for m in x.sanctions[0].moves
                ],
                "sanction_state": space.pattern(x.sanctions[0].state_index),
                "why": deterrent_sentence(roadmap, s, x),
            }
            for x in s.deterred
        ]
        out["undoes"] = [roadmap.result.conflict.options[j].name for j in s.undoes]
        return out

    out: dict[str, Any] = {
        "from": space.pattern(roadmap.start_index),
        "targets": space.patterns(np.array(roadmap.target_indices, dtype=np.int64)),
        "target": roadmap.target_text,
        "concept": roadmap.concept,
        "rule": roadmap.rule,
        "step_size": roadmap.step_size,
        "movers": roadmap.max_movers,
        "max_steps": roadmap.max_steps,
        "detours": roadmap.detours,
        "found": roadmap.found,
        "length": roadmap.length,
        "more": roadmap.more,
        "roadmaps": [
            {"joint_steps": sum(s.joint for s in steps), "steps": [step(s) for s in steps]}
            for steps in roadmap.roadmaps
        ],
        "breaks": None,
    }
    breaks = roadmap.breaks
    if breaks is None:
        return out
    reached = np.array([s for s, _ in breaks.reached], dtype=np.int64)
    names = _names(roadmap)
    out["breaks"] = {
        "targets_hold": bool(breaks.holding_targets),
        "holding_targets": space.patterns(np.array(breaks.holding_targets, dtype=np.int64)),
        "defections": [_defection(roadmap, x) for x in breaks.defections],
        "reachable_stages": [
            {"state": p, "number": int(s) + 1, "name": names.get(int(s)), "steps": d}
            for p, s, (_, d) in zip(space.patterns(reached), reached.tolist(), breaks.reached, strict=True)
        ],
        "nearest": [{**_state(roadmap, s), "options_apart": gap} for s, gap in breaks.nearest],
        "cannot_be_undone": [
            {**_state(roadmap, s), "options": [roadmap.result.conflict.options[j].name for j in options]}
            for s, options in breaks.irreversible
        ],
        "failed_steps": [
            {
                "from": space.pattern(item.step.source_index),
                "movers": [dms[d] for d in item.step.movers],
                **_state(roadmap, item.step.target_index),
                **_change(roadmap, item.step.source_index, item.step.target_index),
                "not_improving": [dms[d] for d in item.not_improving],
                "holds": item.holds,
                "defections": [_defection(roadmap, x) for x in item.defections],
                "undoes": [roadmap.result.conflict.options[j].name for j in item.undoes],
                "why": failure_reasons(roadmap, item),
            }
            for item in breaks.failed
        ],
        "n_failed_steps": breaks.n_failed,
        "searched_all": breaks.searched_all,
    }
    return out
