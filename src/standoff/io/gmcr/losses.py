"""What a ``.gmcr`` file cannot hold: the parts of a model that writing it as ``.gmcr`` drops.

A ``.gmcr`` file holds options (name, permitted direction), decision makers (name, options,
prioritization statements as conditions, misperceptions, a manual ranking of state numbers),
infeasible conditions and coalitions. Everything else a native model may say is dropped on the way:
:func:`gmcr_losses` lists it, one sentence each, so that ``standoff convert`` and
:func:`standoff.save` can say so instead of losing it silently.
"""

from __future__ import annotations

from pathlib import Path

from standoff.model.conflict import Conflict
from standoff.model.preferences import Payoffs, Prioritization, Ranking


def _few(names: list[str], limit: int = 5) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


def _shown(conflict: Conflict) -> str:
    """The status quo as its pattern when it is one state (the model's words for it otherwise)."""
    import numpy as np

    from standoff.model.patterns import code_pattern

    assert conflict.status_quo is not None
    m = len(conflict.options)
    if m <= 20:
        codes = np.arange(1 << m, dtype=np.int64)
        hits = codes[conflict.status_quo.evaluate(codes)]
        if hits.size == 1:
            return code_pattern(int(hits[0]), m)
    return conflict.describe(conflict.status_quo)


def gmcr_losses(conflict: Conflict) -> list[str]:
    """One sentence per kind of thing in ``conflict`` that a ``.gmcr`` file cannot hold (empty: nothing
    is lost), in the order a model file lists them.

    >>> import standoff
    >>> from standoff.io.gmcr.losses import gmcr_losses
    >>> for line in gmcr_losses(standoff.load("examples/prisoners-dilemma.yaml")):
    ...     print(line)
    the model's name ("Prisoner's dilemma"; read back, the model is named after the file)
    the description
    the source
    the notes
    the status quo (NN)
    the named states (both_cooperate, both_defect)
    the decision makers' descriptions (Row, Column)
    the options' descriptions (row_defects, col_defects)
    """
    lines: list[str] = []
    if conflict.name and not (conflict.path and Path(conflict.path).stem == conflict.name):
        lines.append(f'the model\'s name ("{conflict.name}"; read back, the model is named after the file)')
    extras = dict(conflict.extras)
    for label, present in (
        ("the description", conflict.description),
        ("the source", conflict.source),
        ("the notes", extras.get("notes")),
    ):
        if present:
            lines.append(label)
    if conflict.status_quo is not None:
        lines.append(f"the status quo ({_shown(conflict)})")
    if conflict.named_states:
        lines.append(f"the named states ({_few([s.name for s in conflict.named_states])})")
    if conflict.targets:
        lines.append(f"the targets ({_few(list(conflict.targets))})")
    if conflict.history:
        n = len(conflict.history)
        lines.append(f"the history ({n} observed state{'s' * (n != 1)})")
    if conflict.fixed:
        lines.append(f"the fixed options ({conflict.fixed_text})")
    if conflict.profile:
        shown = ", ".join(f"{name}={key}" for name, key in conflict.profile_concepts.items())
        lines.append(f"the profile of concepts ({shown})")
    described = [dm.name for dm in conflict.decision_makers if dm.description]
    if described:
        lines.append(f"the decision makers' descriptions ({_few(described)})")
    described = [o.name for o in conflict.options if o.description]
    if described:
        lines.append(f"the options' descriptions ({_few(described)})")
    labelled = [o.name for o in conflict.options if o.take_label or o.drop_label]
    if labelled:
        lines.append(f"the options' labels, their moves in words ({_few(labelled)})")
    lines += _preference_losses(conflict)
    return lines


def _preference_losses(conflict: Conflict) -> list[str]:
    """Judgement calls, the sources and notes of statements and ranking groups, payoffs as numbers."""
    judged, cited, paid, strong, unknown = [], [], [], [], []
    for dm in conflict.decision_makers:
        preferences = dm.preferences
        if preferences.has_strength:
            strong.append(dm.name)
        if isinstance(preferences, Prioritization):
            if preferences.uncertain or any(s.uncertainty is not None for s in preferences.statements):
                judged.append(dm.name)
            if any(s.source or s.note for s in preferences.statements):
                cited.append(dm.name)
        elif isinstance(preferences, Ranking):
            if preferences.uncertain or any(u is not None for u in preferences.uncertainties):
                judged.append(dm.name)
            if any(source or note for source, note in preferences.notes):
                cited.append(dm.name)
            if any(preferences.unknown):
                unknown.append(dm.name)
        elif isinstance(preferences, Payoffs):
            paid.append(dm.name)
    lines = []
    if judged:
        lines.append(f"the judgement calls (uncertain statements or groups) of {_few(judged)}")
    if cited:
        lines.append(f"the sources and notes of the preferences of {_few(cited)}")
    if unknown:
        lines.append(f"the unknown entries of the rankings of {_few(unknown)} (written as ties)")
    if paid:
        lines.append(f"the payoffs of {_few(paid)} (written as the manual ranking they give)")
    if strong:
        lines.append(
            f"the strength of preference of {_few(strong)} (strong statements, '>>' or strong_threshold)"
        )
    return lines
