"""Rendering an audit: the JSON contract, the text ``standoff audit`` prints, a DataFrame, HTML."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.audit import Audit, AuditVerdict, RoadmapNeeds

CONSTRUCTION_WORDS = {
    "top_for_all": (
        "it is every decision maker's most preferred state: stable under every concept, whatever the moves"
    ),
    "no_moves": "{dm} has no move from it at all",
    "indifferent": "{dm} likes every state it can move to exactly as much",
}


def construction_words(fact: str) -> str:
    """A by-construction fact (``top_for_all``, ``no_moves:DPRK``, ``indifferent:US``) in words."""
    kind, _, dm = fact.partition(":")
    return CONSTRUCTION_WORDS.get(kind, kind).format(dm=dm)


def _short_note(note: str, width: int = 70) -> str:
    """A call's note cut to its first sentence, at most ``width`` characters (JSON keeps it whole)."""
    first = " ".join(note.split()).split(". ")[0].rstrip(".")
    if not first:
        return ""
    return f" ({first if len(first) <= width else first[: width - 1].rstrip() + '…'})"


def _percent(value: float) -> str:
    if value in (0.0, 1.0):
        return f"{value * 100:.0f}%"
    return f"{value * 100:.1f}%"


def _pair_words(step_size: int, movers: int, steps: int) -> str:
    options = "one option" if step_size == 1 else f"up to {step_size} options"
    who = (
        "one side at a time"
        if movers == 1
        else ("both sides moving together" if movers == 2 else f"up to {movers} moving together")
    )
    return f"with {options} per step and {who}: {steps} step{'s' * (steps != 1)}"


def needs_words(needs: RoadmapNeeds) -> str:
    """What a roadmap needs in one sentence, e.g. "none with one option per step; with two options per step
    and both sides moving together: 1 step"."""
    if needs.problem is not None:
        return f"not searched: {needs.problem}"
    if not needs.needs:
        options = "one option" if needs.largest_step == 1 else f"up to {needs.largest_step} options"
        return (
            f"no roadmap with {options} per step and up to {needs.most_movers} movers, "
            "each option changed at most once, even by the leap-of-faith rule"
        )
    said = "; ".join(_pair_words(k, m, steps) for k, m, steps in needs.needs)
    if needs.needs_leap_of_faith:
        return f"none by improvements at any step size; by the leap-of-faith rule, {said}"
    if needs.found:
        return f"found with the defaults; the least it needs: {said}"
    return f"none with one option per step (and up to two movers); {said}"


def needs_to_dict(needs: RoadmapNeeds) -> dict[str, Any]:
    """``needs`` and ``needs_leap_of_faith`` as ``standoff roadmap --format json`` adds them."""
    return {
        "needs": [{"step_size": k, "movers": m, "steps": steps} for k, m, steps in needs.needs],
        "needs_leap_of_faith": needs.needs_leap_of_faith,
    }


def verdict_line(verdict: AuditVerdict, concept: str) -> str:
    """A state's verdict and its shares in one line."""
    word = "stable" if verdict.stable else "not stable"
    if verdict.frequency is None:
        share = "exists in no reading"
    else:
        reading = "every" if verdict.necessary else "some" if verdict.possible else "no"
        share = f"an equilibrium in {reading} reading ({_percent(verdict.frequency)} of the readings"
        if verdict.present < 1.0:
            share += f" in which it exists; it exists in {_percent(verdict.present)}"
        share += ")"
        if verdict.weighted_frequency is not None:
            share += f" ({_percent(verdict.weighted_frequency)} under the weights)"
    where = f"{verdict.state} (state {verdict.number}, {verdict.pattern})"
    return f"{where}: {word} under {CONCEPT_NAMES[concept]} as written; {share}."


def audit_to_dict(result: Audit) -> dict[str, Any]:
    """The JSON output contract of ``standoff audit``."""
    return {
        "concept": result.concept,
        "variants": result.variants,
        "exhaustive": result.robustness.exhaustive,
        "seed": result.robustness.seed,
        "calls": [
            {
                "id": c.id,
                "kind": c.kind,
                "dm": c.dm,
                "text": c.text,
                "alternatives": list(c.alternatives),
                "note": c.note,
            }
            for c in result.calls
        ],
        "verdicts": [
            {
                "state": v.state,
                "number": v.number,
                "pattern": v.pattern,
                "name": v.name,
                "stable": v.stable,
                "frequency": v.frequency,
                "weighted_frequency": v.weighted_frequency,
                "present": v.present,
                "necessary": v.necessary,
                "possible": v.possible,
                "decisive": [call for call, _ in v.decisive],
                "flipped_by": [{"call": call, "alternative": words} for call, words in v.decisive],
                "by_construction": list(v.by_construction),
                "by_concept": dict(v.by_concept),
            }
            for v in result.verdicts
        ],
        "roadmaps": [
            {
                "from": r.start,
                "to": r.target,
                "found": r.found,
                "needs": [{"step_size": k, "movers": m, "steps": steps} for k, m, steps in r.needs],
                "needs_leap_of_faith": r.needs_leap_of_faith,
                "problem": r.problem,
            }
            for r in result.roadmaps
        ],
        "unused": [{"dm": dm, "statement": statement} for dm, statement in result.unused],
    }


def audit_lines(result: Audit) -> list[str]:
    """The audit for people, line by line (what ``standoff audit`` prints)."""
    robust = result.robustness
    calls = {c.id: c for c in result.calls}
    how = (
        f"every one of the {robust.admissible:,} distinct readings"
        if robust.exhaustive
        else f"a sample of {robust.variants:,} of the {robust.admissible:,} distinct readings "
        f"(seed {robust.seed})"
    )
    lines = [f"What the verdicts on {result.conflict.name} rest on, under {CONCEPT_NAMES[result.concept]}."]
    if result.calls:
        lines.append(f"{len(result.calls)} judgement call{'s' * (len(result.calls) != 1)}; analysed {how}:")
        for c in result.calls:
            who = f"{c.dm}: " if c.dm else ""
            lines.append(f"  {c.id} {c.kind}: {who}{c.text}{_short_note(c.note)}")
    else:
        lines.append("The model marks no judgement call: one reading, as written.")
    for v in result.verdicts:
        lines.append("")
        lines.append(verdict_line(v, result.concept))
        for fact in v.by_construction:
            lines.append(f"  By construction: {construction_words(fact)}.")
        for call, words in v.decisive:
            c = calls[call]
            what = f"{c.dm}: '{c.text}'" if c.kind == "preference" else f"{c.kind} '{c.text}'"
            lines.append(f"  Decisive: {call} ({what}): {words} flips it.")
        holds = [CONCEPT_NAMES[k] for k, ok in v.by_concept.items() if ok]
        fails = [CONCEPT_NAMES[k] for k, ok in v.by_concept.items() if not ok]
        if not fails:
            said = "stable under every one"
        elif not holds:
            said = "stable under none"
        else:
            said = f"stable under {', '.join(holds)}; not under {', '.join(fails)}"
        lines.append(f"  Under every concept: {said}.")
    for r in result.roadmaps:
        lines.append("")
        lines.append(f"Roadmap from the {r.start} to {r.target}: {needs_words(r)}.")
    lines.append("")
    if result.unused:
        lines.append("Unused statements (dropping one alone changes none of these verdicts):")
        lines += [f"  {dm}: {statement}" for dm, statement in result.unused]
    else:
        lines.append("Every statement matters to some verdict above.")
    return lines


def audit_text(result: Audit) -> str:
    """The audit as plain text."""
    return "\n".join(audit_lines(result))


def audit_to_frame(result: Audit) -> pd.DataFrame:
    """One row per named state (number, pattern, name): verdict, shares, calls, facts, concepts."""
    from standoff.outputs.frame import require_pandas

    require_pandas()
    import pandas as pd

    rows = []
    for v in result.verdicts:
        row: dict[str, Any] = {
            "state": v.number,
            "pattern": v.pattern,
            "name": v.name or "",
            "stable": v.stable,
            "frequency": v.frequency,
            "present": v.present,
            "decisive": ", ".join(call for call, _ in v.decisive),
            "by_construction": ", ".join(v.by_construction),
        }
        row.update({CONCEPT_NAMES[k]: ok for k, ok in v.by_concept.items()})
        rows.append(row)
    return pd.DataFrame(rows).set_index(["state", "pattern", "name"]) if rows else pd.DataFrame()


def audit_html(result: Audit) -> str:
    """HTML for a notebook, a report or the web app: the lines of the audit as a list per state."""
    parts = [f"<div class='standoff-result standoff-audit'><p><b>{escape(result.conflict.name)}</b></p>"]
    block: list[str] = []
    for line in audit_lines(result):
        if not line:
            if block:
                parts.append("<p>" + "<br>".join(block) + "</p>")
            block = []
            continue
        block.append(escape(line.strip()))
    if block:
        parts.append("<p>" + "<br>".join(block) + "</p>")
    parts.append("</div>")
    return "".join(parts)
