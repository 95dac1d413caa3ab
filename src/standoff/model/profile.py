"""A concept per decision maker: reading a profile (K_1, ..., K_n) of stability concepts.

GMCR II let the analyst judge each decision maker by its own stability concept
(Fang, Hipel, Kilgour & Peng, "A decision support system for interactive decision
making, Part I: model formulation", IEEE Trans. SMC-C 33(1), 2003). A profile names
one concept for every decision maker; a state is an equilibrium under it when it is
``K_i``-stable for every decision maker ``i`` (see :mod:`standoff.analyses.profile`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from standoff.concepts import CONCEPT_HELP, Concept, concept_key, did_you_mean
from standoff.errors import ConceptError, StandoffError


class ProfileError(StandoffError, ValueError):
    """A profile names an unknown decision maker or concept, or misses or repeats a decision maker.

    ``entry`` is the decision maker's name as given (``None`` when one is missing), so that a model file
    can point at the place.
    """

    def __init__(self, problem: str, entry: str | None = None) -> None:
        self.problem = problem
        self.entry = entry
        super().__init__(problem)


def read_profile(
    names: Sequence[str], given: Mapping[str, str] | Iterable[tuple[str, str]]
) -> tuple[Concept, ...]:
    """Each decision maker's concept key, in model order, from (decision maker, concept) pairs.

    Decision makers are matched by name in any case; concepts as ``--concepts`` reads them
    (``"SEQ"``, ``"seq+sim"``). Every decision maker needs exactly one; no pairs at all is no profile
    (an empty tuple).

    Examples:
        >>> read_profile(("Row", "Column"), {"row": "Nash", "Column": "GMR"})
        ('nash', 'gmr')
    """
    pairs = list(given.items()) if isinstance(given, Mapping) else list(given)
    if not pairs:
        return ()
    chosen: dict[int, Concept] = {}
    for name, concept in pairs:
        i = _decision_maker(names, name)
        if i in chosen:
            raise ProfileError(f"{names[i]} is given a concept twice; give each decision maker one", name)
        try:
            chosen[i] = concept_key(concept)
        except ConceptError:
            raise ProfileError(
                f"unknown concept {concept!r} for {names[i]}{did_you_mean(concept)}; "
                f"choose from {CONCEPT_HELP}",
                name,
            ) from None
    missing = [names[i] for i in range(len(names)) if i not in chosen]
    if missing:
        raise ProfileError(
            f"no concept for {', '.join(missing)}; a profile gives every decision maker one "
            f"(e.g. {missing[0]}=seq)"
        )
    return tuple(chosen[i] for i in range(len(names)))


def parse_profile_entry(text: str) -> tuple[str, str]:
    """``"United States=seq"`` as ``("United States", "seq")``; the last ``=`` splits."""
    name, equals, concept = text.rpartition("=")
    if not equals or not name.strip() or not concept.strip():
        raise ProfileError(f"expected DECISION_MAKER=CONCEPT, got {text!r}")
    return name.strip(), concept.strip()


def _decision_maker(names: Sequence[str], name: str) -> int:
    for i, known in enumerate(names):
        if known == name or known.lower() == name.strip().lower():
            return i
    close = difflib.get_close_matches(name.strip(), list(names), n=1, cutoff=0.6)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise ProfileError(
        f"unknown decision maker {name!r}{hint}; the decision makers are {', '.join(names)}", name
    )
