"""Which stability concepts the web app offers where: each concept's family, the analyses that take it,
and the families a model supports (what ``GET /api/concepts`` and the live answer's ``families`` say).

The page keeps no list of its own: it fills each menu with the concepts whose entry says the analysis
behind the menu takes them. Offering a concept in one more place is one change here (:data:`TAKEN_BY`),
made when that analysis answers it.
"""

from __future__ import annotations

from typing import Any

from standoff.concepts import (
    STANDARD_CONCEPTS,
    STRENGTH_CONCEPTS,
    UNKNOWN_PREFERENCE_CONCEPTS,
    ConceptInfo,
)
from standoff.model.conflict import Conflict

FAMILIES: tuple[tuple[str, tuple[ConceptInfo, ...]], ...] = (
    ("standard", STANDARD_CONCEPTS),
    ("strength", STRENGTH_CONCEPTS),
    ("unknown", UNKNOWN_PREFERENCE_CONCEPTS),
)
"""The concept families in table order: the six of every conflict, strength of preference's (for models
that state strong preferences), unknown preferences' (Li et al.'s extensions a-d)."""

ANALYSES = ("analyze", "explain", "graph", "evolve", "roadmap", "whatif", "robustness", "audit", "report")
"""The analyses a concept's entry says it is taken by (true or false), plus ``profile``: a decision
maker may be judged by it in a profile (the model forms' concept per decision maker)."""

TAKEN_BY: dict[str, frozenset[str]] = {
    "standard": frozenset((*ANALYSES, "profile")),
    # explain and the graph draw strong sanctions; a profile may judge a decision maker by a strong concept;
    # the report shows them beside the ordinary concept they extend. Roadmap, what-if, robustness and the
    # audit refuse them; evolve answers them, but no test checks an evolution under strength yet: not offered
    "strength": frozenset(("analyze", "explain", "graph", "report", "profile")),
    # explained (uncertain moves, sanctions that count only as unknown) and shown in the report beside the
    # concept they extend; the graph, robustness and the audit refuse them; evolve and what-if are not
    # checked under them: not offered
    "unknown": frozenset(("analyze", "explain", "report")),
}
"""Per family, the analyses (and ``profile``) of :data:`ANALYSES` that take its concepts in the web app."""


def concept_entries() -> list[dict[str, Any]]:
    """``GET /api/concepts``: every concept in table order, the standard six first: ``key``, ``name``,
    ``summary`` (as :class:`~standoff.concepts.ConceptInfo`), ``family`` and, per analysis of
    :data:`ANALYSES` and ``profile``, whether it takes the concept."""
    return [
        {
            "key": c.key,
            "name": c.name,
            "summary": c.summary,
            "family": family,
            **{what: what in TAKEN_BY[family] for what in (*ANALYSES, "profile")},
        }
        for family, concepts in FAMILIES
        for c in concepts
    ]


def model_families(conflict: Conflict) -> list[str]:
    """The concept families that apply to ``conflict``: ``standard`` always; ``strength`` when it states
    strong preferences; ``unknown`` when it has uncertain statements or ranking groups, or unknown ranking
    entries. Reads the model only (no state space): the page asks after every edit."""
    from standoff.analyses.unknown import has_unknown_preferences
    from standoff.engine.strength import has_strength

    found = ["standard"]
    if has_strength(conflict):
        found.append("strength")
    if has_unknown_preferences(conflict):
        found.append("unknown")
    return found
