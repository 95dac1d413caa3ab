"""State references, option words and small helpers the report sections share."""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from html import escape
from typing import TYPE_CHECKING

from standoff.analyses.states import names_by_state
from standoff.model.patterns import code_pattern

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult
    from standoff.model.expressions import Expression
    from standoff.model.preferences import Entry


def state_refs(result: AnalysisResult, states: Sequence[int], limit: int) -> str:
    """The first ``limit`` states as references, and how many more there are."""
    more = f", … ({len(states) - limit} more)" if len(states) > limit else ""
    return ", ".join(state_ref(result, s) for s in states[:limit]) + more


def state_ref(result: AnalysisResult, s: int) -> str:
    """``5 YNNY`` (and the state's name, if the model names it), linking to its row of the table."""
    names = state_names(result).get(s)
    name = f' <span class="state-name">{escape(", ".join(names))}</span>' if names else ""
    text = f"{s + 1} <code>{result.space.pattern(s)}</code>{name}"
    return f'<a class="state-ref" href="#row-{s + 1}">{text}</a>'


def move_words(result: AnalysisResult, source: int, target: int) -> str:
    """What changes between two states, in words, per decision maker:
    ``United States: lift the sanctions in full; DPRK: take dismantle_yongbyon`` (the options' labels
    when the model gives them)."""
    from standoff.outputs.words import changed_indices, option_change_words

    conflict = result.conflict
    parts = []
    for dm in conflict.decision_makers:
        own = sum(1 << j for j in dm.options)
        taken, dropped = changed_indices(result.space, source, target, own)
        if taken or dropped:
            parts.append(f"{escape(dm.name)}: {escape(option_change_words(conflict, taken, dropped))}")
    return "; ".join(parts) or "no option changes"


def entry_text(result: AnalysisResult, entry: Entry, text: str = "") -> str:
    """A ranking or payoff entry as the model gave it (``text``), else as a pattern or expression."""
    if text:
        return text
    if isinstance(entry, int):
        return code_pattern(entry, result.space.n_options)
    return result.conflict.describe(entry)


def expression_html(result: AnalysisResult, expression: Expression) -> str:
    """An expression of the model in its text form, as code."""
    return f"<code>{escape(result.conflict.describe(expression))}</code>"


def paragraphs(text: str) -> str:
    """Free text from the model, paragraphs kept."""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(' '.join(b.split()))}</p>" for b in blocks)


def rank_number(result: AnalysisResult, dm: int, s: int) -> int:
    """1 for the decision maker's most preferred states, counting tie groups."""
    ranks = result.space.ranks[dm]
    return int(ranks.max()) - int(ranks[s]) + 1


def short_names(names: Sequence[str], limit: int = 6) -> list[str]:
    """Column headings for decision makers: the name if short, else initials or a prefix; all different."""
    out = []
    for name in names:
        words = name.split()
        if len(name) <= limit:
            out.append(name)
        elif len(words) > 1:
            out.append("".join(w[0] for w in words if w[0].isalnum()).upper()[:limit])
        else:
            out.append(name[: limit - 1] + ".")
    return out if len(set(out)) == len(out) else list(names)


_NAMES: weakref.WeakKeyDictionary[AnalysisResult, dict[int, list[str]]] = weakref.WeakKeyDictionary()


def state_names(result: AnalysisResult) -> dict[int, list[str]]:
    """Names of the named states that denote exactly one feasible state (looked up once per result)."""
    found = _NAMES.get(result)
    if found is None:
        found = _NAMES[result] = names_by_state(result.conflict, result.space)
    return found
