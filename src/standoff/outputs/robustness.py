"""Rendering a robustness result: the JSON contract, a table for people, a DataFrame, HTML, an SVG chart."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

import numpy as np

from standoff.concepts import CONCEPT_NAMES

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import Group

    from standoff.analyses.robustness import Robustness

MAX_OTHER_ROWS = 15
"""States beyond the tracked ones that the table shows (the most often an equilibrium first)."""


def listed_states(result: Robustness) -> list[int]:
    """The states the JSON lists: the tracked ones, and every state that is an equilibrium in some variant."""
    tracked = {t.index for t in result.tracked}
    some = set(np.flatnonzero(result.counts.any(axis=0)).tolist())
    return sorted(tracked | some)


def _names(result: Robustness) -> dict[int, str]:
    from standoff.analyses.states import names_by_state

    return {index: ", ".join(found) for index, found in names_by_state(result.conflict, result.space).items()}


def _call_dict(result: Robustness, c: int) -> dict[str, Any]:
    """Call ``c``: a preference call, or past them a structural one (``kind`` says which)."""
    if c >= len(result.calls):
        return structural_call_dict(result.conflict, result.structural[c - len(result.calls)])
    call = result.calls[c]
    return {
        "kind": "preference",
        "decision_maker": result.conflict.decision_makers[call.decision_maker].name,
        "place": call.place,
        "text": call.text,
        "or_instead": list(call.wordings[1:]),
        "positions": list(call.positions) if call.positions is not None else None,
        "note": call.note,
        "weight": call.weight,
    }


def structural_call_dict(conflict: Any, call: Any) -> dict[str, Any]:
    """A structural call as JSON: its kind, the option's owner (None for a condition), place and text."""
    if call.kind == "condition":
        owner, place, text = (
            None,
            f"infeasible[{call.index}]",
            conflict.describe(conflict.infeasible[call.index]),
        )
        alternatives = ["does not hold"]
    else:
        option = conflict.options[call.index]
        owner = conflict.decision_makers[option.owner].name
        text = option.name
        if call.kind == "direction":
            place = f"options.{option.name}.direction"
            alternatives = list(call.alternatives)
        else:
            place = f"fixed.{option.name}"
            alternatives = ["free"]
    return {
        "kind": call.kind,
        "decision_maker": owner,
        "place": place,
        "text": text,
        "or_instead": alternatives,
        "positions": None,
        "note": call.note,
        "weight": call.weight,
    }


def _places(positions: tuple[int, int] | None) -> str:
    if positions is None:
        return "anywhere"
    first, last = positions
    return f"at place {first}" if first == last else f"at places {first}–{last}"


def _verdict_word(frequency: float) -> str:
    if frequency == 1.0:
        return "always"
    return "never" if frequency == 0.0 else "depends"


def _structural_words(call: dict[str, Any]) -> str:
    """A structural call in a sentence: "the direction of 'a'", "the condition 'a and b'"."""
    if call["kind"] == "condition":
        return f"the condition '{call['text']}'"
    return f"the {'direction' if call['kind'] == 'direction' else 'fixed value'} of '{call['text']}'"


def _weighted(result: Robustness, k: int, s: int) -> float | None:
    shares = result.weighted_frequencies
    return None if shares is None else float(shares[k, s])


def decisive_entries(result: Robustness) -> list[dict[str, Any]]:
    """Per tracked state and concept: its frequency and, when it varies, the calls and rule deciding it."""
    out = []
    for t, tracked in enumerate(result.tracked):
        for c, concept in enumerate(result.concepts):
            frequency = float(result.frequencies[c, tracked.index])
            decision = result.decisions[t, concept]
            cases = [
                {
                    "when": [
                        result.describe_fact(f, v)
                        for f, v in zip(decision.facts, case.values, strict=True)
                        if v is not None
                    ],
                    "equilibrium": case.equilibrium,
                    "variants": case.variants,
                }
                for case in decision.cases
            ]
            out.append(
                {
                    "state": tracked.label,
                    "number": tracked.index + 1,
                    "pattern": result.space.pattern(tracked.index),
                    "name": tracked.name,
                    "concept": concept,
                    "frequency": frequency,
                    "equilibrium": _verdict_word(frequency),
                    "calls": [_call_dict(result, k) for k in decision.calls],
                    "cases": cases,
                    "necessary": bool(result.necessary[c, tracked.index]),
                    "possible": bool(result.possible[c, tracked.index]),
                    "present": float(result.presence_shares[tracked.index]),
                    "weighted_frequency": _weighted(result, c, tracked.index),
                }
            )
    return out


def robustness_to_dict(result: Robustness) -> dict[str, Any]:
    """The JSON contract: variants, exhaustive, seed, states with their frequencies, decisive calls."""
    names = _names(result)
    states = []
    for s in listed_states(result):
        states.append(
            {
                "number": s + 1,
                "pattern": result.space.pattern(s),
                "name": names.get(s),
                "frequency": {c: float(result.frequencies[k, s]) for k, c in enumerate(result.concepts)},
                "count": {c: int(result.counts[k, s]) for k, c in enumerate(result.concepts)},
                "necessary": {c: bool(result.necessary[k, s]) for k, c in enumerate(result.concepts)},
                "possible": {c: bool(result.possible[k, s]) for k, c in enumerate(result.concepts)},
                "present": float(result.presence_shares[s]),
                "exists": int(result.exists[s]),
                "weighted_frequency": (
                    {c: _weighted(result, k, s) for k, c in enumerate(result.concepts)}
                    if result.weighted
                    else None
                ),
            }
        )
    return {
        "name": result.conflict.name,
        "variants": result.variants,
        "exhaustive": result.exhaustive,
        "seed": result.seed,
        "admissible": result.admissible,
        "margin": result.margin,
        "concepts": list(result.concepts),
        "n_states": result.space.n_states,
        "calls": [_call_dict(result, c) for c in range(len(result.calls) + len(result.structural))],
        "states": states,
        "decisive": decisive_entries(result),
        "orders": result.orders or result.admissible,
        "deduplicated": result.deduplicated,
        "weighted": result.weighted,
        "necessary": {
            c: [s + 1 for s in np.flatnonzero(result.necessary[k]).tolist()]
            for k, c in enumerate(result.concepts)
        },
        "possible": {
            c: [s + 1 for s in np.flatnonzero(result.possible[k]).tolist()]
            for k, c in enumerate(result.concepts)
        },
    }


def robustness_to_frame(result: Robustness) -> pd.DataFrame:
    """Frequencies as a DataFrame: one row per state (number, pattern, name), one column per concept."""
    from standoff.outputs.frame import require_pandas

    require_pandas()
    import pandas as pd

    names = _names(result)
    n = result.space.n_states
    index = pd.MultiIndex.from_arrays(
        [np.arange(1, n + 1), result.space.patterns(), [names.get(s, "") for s in range(n)]],
        names=["state", "pattern", "name"],
    )
    return pd.DataFrame(
        {CONCEPT_NAMES[c]: result.frequencies[k] for k, c in enumerate(result.concepts)}, index=index
    )


def _percent(value: float) -> str:
    if value in (0.0, 1.0):
        return f"{value * 100:.0f}%"
    return f"{value * 100:.1f}%"


def headline(result: Robustness) -> str:
    """One sentence: how many judgement calls, and which variants were analysed."""
    calls = len(result.calls) + len(result.structural)
    if not calls:
        return "The model marks no judgement call (nothing is uncertain): one reading, as written."
    how = (
        f"every one of the {result.admissible:,} distinct readings"
        if result.exhaustive
        else f"a random sample of {result.variants:,} of the {result.admissible:,} distinct readings "
        f"(seed {result.seed}; each reading equally likely, drawn with replacement)"
    )
    merged = ""
    if result.orders and result.orders != result.admissible:
        merged = f" ({result.orders:,} orders of the statements; orders giving the same ranking count once)"
    if not result.deduplicated:
        merged = " (a decision maker has too many orders to compare their rankings: each order counts once)"
    margin = ""
    if not result.exhaustive:
        margin = (
            f" Each share is within {result.margin * 100:.1f} points of the share over every "
            "reading, 19 times in 20."
        )
    return f"{calls} judgement call{'s' * (calls != 1)}; analysed {how}{merged}.{margin}"


def _table_rows(result: Robustness) -> tuple[list[int], list[int]]:
    """The states the table shows (the followed ones; without any, the most often an equilibrium) and the
    other states that are an equilibrium in some variant."""
    tracked = [t.index for t in result.tracked]
    others = [s for s in listed_states(result) if s not in set(tracked)]
    others.sort(key=lambda s: (-float(result.frequencies[:, s].max()), s))
    if not tracked:
        return others[:MAX_OTHER_ROWS], others[MAX_OTHER_ROWS:]
    return tracked, others


def robustness_table(result: Robustness) -> Group:
    """For people: the calls, the frequency table, and for each tracked state what its verdict hangs on."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[Any] = [Text(headline(result))]
    if result.calls:
        calls = Table(title="Judgement calls", title_justify="left", show_edge=False, pad_edge=False)
        for column in ("#", "decision maker", "place", "statement", "may be"):
            calls.add_column(column)
        for c, call in enumerate(result.calls):
            dm = result.conflict.decision_makers[call.decision_maker].name
            may = _places(call.positions)
            if len(call.wordings) > 1:
                may += "; or " + "; or ".join(f"'{w}'" for w in call.wordings[1:])
            place = f"{call.kind}[{call.item}]"
            calls.add_row(str(c + 1), dm, place, call.text, may)
        for k, structural in enumerate(result.structural):
            found = structural_call_dict(result.conflict, structural)
            calls.add_row(
                str(len(result.calls) + k + 1),
                found["decision_maker"] or "",
                found["place"],
                found["text"],
                "or " + ", or ".join(found["or_instead"]),
            )
        parts.append(calls)
    elif result.structural:
        calls = Table(title="Judgement calls", title_justify="left", show_edge=False, pad_edge=False)
        for column in ("#", "decision maker", "place", "statement", "may be"):
            calls.add_column(column)
        for k, structural in enumerate(result.structural):
            found = structural_call_dict(result.conflict, structural)
            calls.add_row(
                str(k + 1),
                found["decision_maker"] or "",
                found["place"],
                found["text"],
                "or " + ", or ".join(found["or_instead"]),
            )
        parts.append(calls)
    names = _names(result)
    parts.append(Text("What the verdicts on the named states hang on", style="bold"))
    parts += [Text(line) for line in decisive_lines(result)]
    parts.append(Text("Share of readings in which the state is an equilibrium", style="table.title"))
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("state", justify="right")
    table.add_column("pattern")
    table.add_column("name")
    for concept in result.concepts:
        table.add_column(CONCEPT_NAMES[concept], justify="right")
    rows, others = _table_rows(result)
    changing = result.presence is not None and bool((result.exists != result.variants).any())
    if changing:
        table.add_column("exists in", justify="right")
    for s in rows:
        cells = [_percent(float(result.frequencies[k, s])) for k in range(len(result.concepts))]
        if result.weighted_frequencies is not None:
            cells = [
                f"{cell} ({_percent(float(result.weighted_frequencies[k, s]))} weighted)"
                for k, cell in enumerate(cells)
            ]
        if changing:
            cells.append(_percent(float(result.presence_shares[s])))
        table.add_row(str(s + 1), result.space.pattern(s), names.get(s, ""), *cells)
    parts.append(table)
    if changing:
        parts.append(
            Text(
                "A structural call changes the feasible states: a state's share is over the readings in "
                "which it exists ('exists in'). States are numbered among the states of every reading "
                "together, so a number may differ from standoff analyze's; patterns and names do not."
            )
        )
    if others:
        always = sum(1 for s in others if float(result.frequencies[:, s].max()) == 1.0)
        parts.append(
            Text(
                f"{len(others)} other state(s) are an equilibrium in some reading under some concept, "
                f"{always} of them in every reading under some concept (--format json lists them)."
            )
        )
    return Group(*parts)


def decisive_lines(result: Robustness) -> list[str]:
    """One line per tracked state on its robust verdicts, then the calls and rule for each that varies."""
    if not result.tracked:
        return ["The model has no status quo and no named state to follow: name one with --state."]
    lines = []
    entries = decisive_entries(result)
    for tracked in result.tracked:
        mine = [e for e in entries if e["number"] == tracked.index + 1]
        always = [CONCEPT_NAMES[e["concept"]] for e in mine if e["necessary"]]
        some = [CONCEPT_NAMES[e["concept"]] for e in mine if e["possible"] and not e["necessary"]]
        never = [CONCEPT_NAMES[e["concept"]] for e in mine if not e["possible"]]
        head = f"• {tracked.label} (state {tracked.index + 1}):"
        if result.exists[tracked.index] == 0:
            lines.append(f"{head} exists in none of the readings analysed.")
            continue
        robust = []
        if always:
            robust.append(f"an equilibrium in every reading under {', '.join(always)}")
        if some:
            robust.append(f"in some under {', '.join(some)}")
        if never:
            robust.append(f"in none under {', '.join(never)}")
        exists = float(result.presence_shares[tracked.index])
        where = "" if exists == 1.0 else f" (it exists in {_percent(exists)} of the readings)"
        lines.append(f"{head} {'; '.join(robust)}{where}.")
        for e in mine:
            if not e["possible"] or e["necessary"]:
                continue
            calls = "; ".join(
                f"{c['decision_maker']}: '{c['text']}'" if c["kind"] == "preference" else _structural_words(c)
                for c in e["calls"]
            )
            weighted = ""
            if e["weighted_frequency"] is not None:
                weighted = f" ({_percent(e['weighted_frequency'])} under the weights)"
            lines.append(
                f"    {CONCEPT_NAMES[e['concept']]}: decided by the "
                f"call{'s' * (len(e['calls']) != 1)} {calls}; "
                f"an equilibrium in {_percent(e['frequency'])} of the readings{weighted}."
            )
            for case in e["cases"]:
                verdict = "an equilibrium" if case["equilibrium"] else "not an equilibrium"
                lines.append(
                    f"      when {' and '.join(case['when'])}: {verdict} ({case['variants']} readings)"
                )
    return lines


def robustness_html(result: Robustness) -> str:
    """HTML for a notebook or a report: the headline, the chart, and what each verdict hangs on."""
    from standoff.outputs.chart_svg import robustness_chart

    items = "".join(f"<li>{escape(line.strip().lstrip('• '))}</li>" for line in decisive_lines(result))
    calls = "".join(
        f"<li>{escape(result.conflict.decision_makers[c.decision_maker].name)}: "
        f"<code>{escape(c.text)}</code> "
        f"({escape(c.place)})</li>"
        for c in result.calls
    ) + "".join(
        f"<li>{escape(found['kind'])}: <code>{escape(found['text'])}</code> ({escape(found['place'])})</li>"
        for found in (structural_call_dict(result.conflict, c) for c in result.structural)
    )
    return (
        f"<div class='standoff-result'><p><b>{escape(result.conflict.name)}</b>: "
        f"{escape(headline(result))}</p>"
        f"<p>Judgement calls:</p><ol>{calls}</ol>{robustness_chart(result)}<ul>{items}</ul></div>"
    )
