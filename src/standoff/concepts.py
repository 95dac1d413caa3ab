"""The stability concepts standoff computes: their keys, their printed names, and reading what users type.

A neutral module that analyses and renderers both import at module level,
so that no renderer reaches back into the analyses for a name.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, get_args

from standoff.errors import ConceptError

Concept = Literal["nash", "gmr", "smr", "seq", "sim", "seqsim"]
"""The key of a stability concept, as results, JSON and the command line spell it."""

CONCEPTS: tuple[Concept, ...] = get_args(Concept)
"""Every concept, in the order tables show them."""

CONCEPT_NAMES: dict[Concept, str] = {
    "nash": "Nash",
    "gmr": "GMR",
    "smr": "SMR",
    "seq": "SEQ",
    "sim": "SIM",
    "seqsim": "SEQ+SIM",
}
"""The printed name of each concept."""


def concept_key(text: str) -> Concept:
    """The concept ``text`` names, in any case and with or without ``+`` (``"SEQ+SIM"`` → ``"seqsim"``).

    >>> concept_key("Nash"), concept_key("SEQ+SIM")
    ('nash', 'seqsim')
    """
    wanted = str(text).strip().lower().replace("+", "").replace(" ", "")
    for known in CONCEPTS:
        if wanted == known:
            return known
    raise ConceptError(f"unknown concept {text!r}; choose from {', '.join(CONCEPTS)}")


def concept_keys(concepts: str | Iterable[str] | None) -> tuple[Concept, ...]:
    """The concepts asked for, in table order: one name, several names, or ``None`` for all six.

    >>> concept_keys("SEQ"), concept_keys(["gmr", "Nash"])
    (('seq',), ('nash', 'gmr'))
    """
    if concepts is None:
        return CONCEPTS
    names = [concepts] if isinstance(concepts, str) else list(concepts)
    unknown = [str(c) for c in names if _try_key(c) is None]
    if unknown:
        raise ConceptError(f"unknown concept(s) {', '.join(unknown)}; choose from {', '.join(CONCEPTS)}")
    chosen = {concept_key(c) for c in names}
    if not chosen:
        raise ConceptError(f"no concept given; choose from {', '.join(CONCEPTS)}")
    return tuple(c for c in CONCEPTS if c in chosen)


def _try_key(text: str) -> Concept | None:
    try:
        return concept_key(text)
    except ConceptError:
        return None
