"""What differs between two versions of a model, and how their equilibria differ, state by state.

States are matched by the options' names, so two versions that list their
options in another order still compare state by state; when the two
versions do not have the same options, only their equilibria are listed
side by side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.concepts import CONCEPTS, Concept, concept_keys
from standoff.model.conflict import Conflict
from standoff.model.expressions import to_text
from standoff.model.preferences import Payoffs, Preferences, Prioritization, Ranking

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.stability import AnalysisResult


@dataclass(frozen=True)
class Difference:
    """One difference between the models: where (``place``), for which decision maker, and in words."""

    place: str
    change: str  # "added", "removed" or "changed"
    words: str
    dm: str | None = None


@dataclass(frozen=True)
class StateDifference:
    """A state whose verdict differs: its pattern (in the first model's option order), its numbers in
    each model (``None`` where it is not feasible) and, per concept that differs, the decision makers
    for whom it is not stable in each model (``None``: not a state of that model)."""

    pattern: str
    number_a: int | None
    number_b: int | None
    name: str | None
    unstable: tuple[tuple[Concept, tuple[str, ...] | None, tuple[str, ...] | None], ...]


@dataclass(frozen=True, eq=False)
class Comparison:
    """The differences between model ``a`` and model ``b`` and between their equilibria.

    Examples:
        >>> import standoff
        >>> from standoff.analyses.compare import compare
        >>> strike = standoff.load("examples/strike.yaml")
        >>> compare(strike, strike, "seq")
        <Comparison of 'Wage dispute' and 'Wage dispute': no difference in the models,
        no state changes its verdict>
    """

    a: AnalysisResult
    b: AnalysisResult
    differences: tuple[Difference, ...]
    states: tuple[StateDifference, ...]
    matched: bool
    """Whether the two models have the same options (so that states are compared one by one)."""

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """The concepts both models were analysed under."""
        return self.a.concepts

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of ``standoff compare --format json``."""
        from standoff.outputs.compare_text import comparison_to_dict

        return comparison_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per state whose verdict differs, per concept: pattern, numbers, equilibrium in a, in b."""
        from standoff.outputs.frame import require_pandas

        require_pandas()
        import pandas as pd

        rows = [
            (
                s.pattern,
                s.number_a,
                s.number_b,
                s.name,
                c,
                ua is not None and not ua,
                ub is not None and not ub,
            )
            for s in self.states
            for c, ua, ub in s.unstable
        ]
        columns = ["pattern", "number_a", "number_b", "name", "concept", "equilibrium_a", "equilibrium_b"]
        return pd.DataFrame(rows, columns=columns)

    def _repr_html_(self) -> str:
        from standoff.outputs.compare_text import comparison_html

        return comparison_html(self)

    def __str__(self) -> str:
        """What ``standoff compare`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.compare_text import comparison_report
        from standoff.outputs.plain import plain_text

        return plain_text(comparison_report(self, _label(self.a.conflict), _label(self.b.conflict)), end="")

    def __repr__(self) -> str:
        models = (
            "no difference in the models"
            if not self.differences
            else f"{len(self.differences)} difference(s)"
        )
        states = (
            "no state changes its verdict"
            if not self.states
            else f"{len(self.states)} state(s) change their verdict"
        )
        if not self.matched:
            states = "states not matched (the options differ)"
        return f"<Comparison of {self.a.conflict.name!r} and {self.b.conflict.name!r}: {models}, {states}>"


def _label(conflict: Conflict) -> str:
    """How a compared model is named in the text: its file, as the command line names it, else its name."""
    return conflict.path or conflict.name


def compare(a: Conflict, b: Conflict, concepts: str | Iterable[str] | None = None) -> Comparison:
    """The differences between two versions of a model and between their equilibria under ``concepts``."""
    from standoff.analyses.stability import analyze

    wanted = concept_keys(concepts) if concepts is not None else CONCEPTS
    first, second = analyze(a, wanted, profile={}), analyze(b, wanted, profile={})
    matched = sorted(a.option_names) == sorted(b.option_names)
    codes = (first.codes, _in_order_of(first.codes, a, b)) if matched else None
    differences = _model_differences(a, b, codes)
    sq_a, sq_b = first.status_quo, second.status_quo
    if (sq_a is None) != (sq_b is None) or (
        sq_a is not None and sq_b is not None and (not matched or sq_a.pattern != _pattern_in(sq_b, b, a))
    ):
        shown_a = sq_a.pattern if sq_a is not None else "(none)"
        shown_b = sq_b.pattern if sq_b is not None else "(none)"
        differences.append(Difference("status quo", "changed", f"status quo {shown_a} → {shown_b}"))
    states = tuple(_state_differences(first, second)) if matched else ()
    return Comparison(first, second, tuple(differences), states, matched)


# -- the models ------------------------------------------------------------------------


def _pattern_in(pattern: str, source: Conflict, target: Conflict) -> str:
    """A pattern of ``source`` written in ``target``'s option order (same option names)."""
    value = dict(zip(source.option_names, pattern, strict=True))
    return "".join(value[name] for name in target.option_names)


def _in_order_of(codes: npt.NDArray[np.int64], a: Conflict, b: Conflict) -> npt.NDArray[np.int64]:
    """State codes of model ``a`` written in model ``b``'s option order (same option names)."""
    out = np.zeros_like(codes)
    for j, name in enumerate(a.option_names):
        out |= ((codes >> j) & 1) << b.option_names.index(name)
    return out


Codes = tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]] | None
"""Model ``a``'s feasible states as codes of ``a`` and of ``b``, when the two have the same options."""


def _model_differences(a: Conflict, b: Conflict, codes: Codes) -> list[Difference]:
    out: list[Difference] = []
    if a.name != b.name:
        out.append(Difference("name", "changed", f"name {a.name!r} → {b.name!r}"))
    dms_a, dms_b = a.decision_maker_names, b.decision_maker_names
    for name in dms_a:
        if name not in dms_b:
            out.append(Difference("decision makers", "removed", f"decision maker {name} removed", name))
    for name in dms_b:
        if name not in dms_a:
            out.append(Difference("decision makers", "added", f"decision maker {name} added", name))
    options_a = {o.name: o for o in a.options}
    options_b = {o.name: o for o in b.options}
    for name, option in options_a.items():
        owner = dms_a[option.owner]
        if name not in options_b:
            out.append(Difference("options", "removed", f"option {name} ({owner}) removed", owner))
            continue
        other = options_b[name]
        if dms_b[other.owner] != owner:
            out.append(
                Difference(
                    "options", "changed", f"option {name} moves from {owner} to {dms_b[other.owner]}", owner
                )
            )
        if other.direction != option.direction:
            out.append(
                Difference(
                    "options",
                    "changed",
                    f"option {name}: direction {option.direction.value} → {other.direction.value}",
                    owner,
                )
            )
    for name, option in options_b.items():
        if name not in options_a:
            owner = dms_b[option.owner]
            out.append(Difference("options", "added", f"option {name} ({owner}) added", owner))
    texts_a = [a.describe(x) for x in a.infeasible]
    texts_b = [b.describe(x) for x in b.infeasible]
    for text in texts_a:
        if text not in texts_b:
            out.append(Difference("conditions", "removed", f"infeasibility condition removed: {text}"))
    for text in texts_b:
        if text not in texts_a:
            out.append(Difference("conditions", "added", f"infeasibility condition added: {text}"))
    for dm_a in a.decision_makers:
        if dm_a.name not in dms_b:
            continue
        dm_b = b.decision_makers[dms_b.index(dm_a.name)]
        out += _preference_differences(dm_a.name, a, dm_a.preferences, b, dm_b.preferences, codes)
        mis_a = [a.describe(x) for x in dm_a.misperceived]
        mis_b = [b.describe(x) for x in dm_b.misperceived]
        if mis_a != mis_b:
            out.append(
                Difference(
                    "misperceptions",
                    "changed",
                    f"{dm_a.name} misperceives {'; '.join(mis_a) or 'nothing'} → "
                    f"{'; '.join(mis_b) or 'nothing'}",
                    dm_a.name,
                )
            )
    return out


def _kind(preferences: Preferences) -> str:
    if isinstance(preferences, Prioritization):
        return "prioritization"
    return "ranking" if isinstance(preferences, Ranking) else "payoffs"


def _preference_differences(
    dm: str, a: Conflict, pa: Preferences, b: Conflict, pb: Preferences, codes: Codes
) -> list[Difference]:
    """What differs in one decision maker's preferences. Statements are matched by meaning when the
    models have the same options (the states of ``a`` where they hold), else by their text."""
    if _kind(pa) != _kind(pb):
        return [
            Difference("preferences", "changed", f"{dm}: preferences given as {_kind(pa)} → {_kind(pb)}", dm)
        ]
    if isinstance(pa, Prioritization) and isinstance(pb, Prioritization):
        texts_a = [to_text(s.expression, a.option_names) for s in pa.statements]
        texts_b = [to_text(s.expression, b.option_names) for s in pb.statements]
        if codes is not None:
            sa: list[object] = [s.expression.evaluate(codes[0]).tobytes() for s in pa.statements]
            sb: list[object] = [s.expression.evaluate(codes[1]).tobytes() for s in pb.statements]
        else:
            sa, sb = list(texts_a), list(texts_b)
        out = [
            Difference("preferences", "removed", f"{dm}: statement “{texts_a[k]}” removed (was {k + 1})", dm)
            for k, key in enumerate(sa)
            if key not in sb
        ]
        out += [
            Difference("preferences", "added", f"{dm}: statement “{texts_b[k]}” added (now {k + 1})", dm)
            for k, key in enumerate(sb)
            if key not in sa
        ]
        kept_a = [key for key in sa if key in sb]
        kept_b = [key for key in sb if key in sa]
        if kept_a != kept_b:
            for key in kept_b:
                if kept_a.index(key) != kept_b.index(key):
                    k = sa.index(key)
                    out.append(
                        Difference(
                            "preferences",
                            "changed",
                            f"{dm}: statement “{texts_a[k]}” moves from place {k + 1} to {sb.index(key) + 1}",
                            dm,
                        )
                    )
        return out
    if isinstance(pa, Ranking) and isinstance(pb, Ranking):
        ga = _entry_groups(pa, a, a.option_names)
        gb = _entry_groups(pb, b, a.option_names)
        out = []
        for text, group in ga.items():
            if text not in gb:
                out.append(Difference("preferences", "removed", f"{dm}: ranking entry {text} removed", dm))
            elif gb[text] != group:
                out.append(
                    Difference(
                        "preferences",
                        "changed",
                        f"{dm}: ranking entry {text} moves from group {group + 1} to {gb[text] + 1}",
                        dm,
                    )
                )
        out += [
            Difference("preferences", "added", f"{dm}: ranking entry {text} added", dm)
            for text in gb
            if text not in ga
        ]
        return out
    if isinstance(pa, Payoffs) and pa != pb:
        return [Difference("preferences", "changed", f"{dm}: payoffs changed", dm)]
    return []


def _entry_groups(ranking: Ranking, conflict: Conflict, order: tuple[str, ...]) -> dict[str, int]:
    """Each ranking entry's group, an exact state written as a pattern in the options' ``order`` (the
    first model's), so that two versions listing their options differently still match."""
    m = len(conflict.options)
    out = {}
    for g, group in enumerate(ranking.groups):
        for entry in group:
            if isinstance(entry, int):
                taken = {conflict.option_names[j]: bool(entry >> j & 1) for j in range(m)}
                if set(order) == set(taken):
                    text = "".join("Y" if taken[n] else "N" for n in order)
                else:
                    text = "{" + ", ".join(n for n in conflict.option_names if taken[n]) + "}"
            else:
                text = conflict.describe(entry)
            out[text] = g
    return out


# -- the states --------------------------------------------------------------------------


def _state_differences(a: AnalysisResult, b: AnalysisResult) -> list[StateDifference]:
    """Every state (matched by option names) whose verdict differs under some concept."""
    from standoff.outputs.table import state_names

    names_a, names_b = a.conflict.option_names, b.conflict.option_names
    position = [names_b.index(n) for n in names_a]  # option j of a is option position[j] of b

    def to_b(code: int) -> int:
        return sum(1 << position[j] for j in range(len(names_a)) if code >> j & 1)

    def to_a(code: int) -> int:
        inverse = {p: j for j, p in enumerate(position)}
        return sum(1 << inverse[k] for k in range(len(names_b)) if code >> k & 1)

    index_a = {int(c): s for s, c in enumerate(a.codes)}
    index_b = {int(c): s for s, c in enumerate(b.codes)}
    codes = sorted(set(index_a) | {to_a(c) for c in index_b})
    labels_a = state_names(a.conflict, a.space)
    labels_b = state_names(b.conflict, b.space)
    dms_a, dms_b = a.conflict.decision_maker_names, b.conflict.decision_maker_names
    out = []
    for code in codes:
        sa = index_a.get(code)
        sb = index_b.get(to_b(code))
        changed = []
        for concept in a.concepts:
            ua = None if sa is None else tuple(d for i, d in enumerate(dms_a) if not a.stable[concept][i, sa])
            ub = None if sb is None else tuple(d for i, d in enumerate(dms_b) if not b.stable[concept][i, sb])
            eq_a = ua is not None and not ua
            eq_b = ub is not None and not ub
            if eq_a != eq_b:
                changed.append((concept, ua, ub))
        if changed:
            pattern = "".join("Y" if code >> j & 1 else "N" for j in range(len(names_a)))
            name = (labels_a.get(sa) if sa is not None else None) or (
                labels_b.get(sb) if sb is not None else None
            )
            out.append(
                StateDifference(
                    pattern,
                    None if sa is None else sa + 1,
                    None if sb is None else sb + 1,
                    name,
                    tuple(changed),
                )
            )
    named = [s for s in out if s.name]
    return named + [s for s in out if not s.name]


def equilibrium_patterns(result: AnalysisResult, concept: Concept) -> list[str]:
    """The patterns of the equilibria of ``result`` under ``concept``."""
    return [result.space.pattern(int(s)) for s in np.flatnonzero(result.equilibrium_mask(concept))]
