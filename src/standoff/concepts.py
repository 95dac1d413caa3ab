"""The stability concepts standoff computes: their keys, their printed names, and reading what users type.

A neutral module that analyses, renderers and interfaces all import at module
level, so that no renderer reaches back into the analyses for a name: the one
list of concepts (:data:`STANDARD_CONCEPTS`) lives here.

Besides the six concepts of every conflict, two-decision-maker conflicts
have the limited-move concepts: ``l1``, ``l2``, ... (``l<h>`` for any
horizon ``h >= 1``) and ``nm`` (non-myopic, the limit of ``l<h>``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from standoff.errors import ConceptError

Concept = str
"""The key of a stability concept, as results, JSON and the command line spell it: one of
:data:`CONCEPTS`, ``l<h>`` (limited move of horizon ``h``) or ``nm`` (non-myopic)."""


@dataclass(frozen=True)
class ConceptInfo:
    """One stability concept as every part of standoff names it.

    Attributes:
        key: how results, JSON and the command line spell it (``"seqsim"``); never changes.
        name: how tables and messages print it (``"SEQ+SIM"``).
        summary: what a state stable under it withstands, in one line.
    """

    key: str
    name: str
    summary: str


STANDARD_CONCEPTS: tuple[ConceptInfo, ...] = (
    ConceptInfo("nash", "Nash", "no decision maker has a unilateral improvement"),
    ConceptInfo("gmr", "GMR", "every improvement can be sanctioned by the opponents' moves"),
    ConceptInfo("smr", "SMR", "every improvement can be sanctioned, with no escape from the sanction"),
    ConceptInfo("seq", "SEQ", "every improvement can be sanctioned by the opponents' own improvements"),
    ConceptInfo(
        "sim", "SIM", "every improvement can be sanctioned by the opponents' simultaneous improvements"
    ),
    ConceptInfo("seqsim", "SEQ+SIM", "stable under both SEQ and SIM"),
)
"""The concepts defined for any number of decision makers, in the order tables show them: the one
registry that the analyses, the command line, the web API and the renderers read. A new concept
is one more record here (and its computation in :mod:`standoff.stability`)."""

STRENGTH_CONCEPTS: tuple[ConceptInfo, ...] = (
    ConceptInfo("gmr_strong", "GMR strong", "every improvement can be sanctioned by a strongly worse state"),
    ConceptInfo(
        "smr_strong",
        "SMR strong",
        "every improvement can be sanctioned by a strongly worse state, every escape strongly worse too",
    ),
    ConceptInfo(
        "seq_strong",
        "SEQ strong",
        "every improvement can be sanctioned by the opponents' own improvements with a strongly worse state",
    ),
)
"""The concepts of strength of preference (Hamouda, Kilgour & Hipel 2004, 2006), computed only when asked
for and only for models that say which preferences are strong (:mod:`standoff.stability.strength`). A
state stable under the ordinary concept but not under its strong form is *weakly* stable."""

UNKNOWN_PREFERENCE_CONCEPTS: tuple[ConceptInfo, ...] = tuple(
    ConceptInfo(
        f"{base.key}_{extension}",
        f"{base.name}_{extension}",
        f"{base.summary}, with unknown preferences read as extension {extension}",
    )
    for base in STANDARD_CONCEPTS[:4]
    for extension in "abcd"
)
"""Li, Hipel, Kilgour & Fang's (2004) extensions a-d of Nash, GMR, SMR and SEQ to unknown preferences
(``gmr_b``; :mod:`standoff.stability.unknown`): computed only when asked for, after the others in tables."""

CONCEPT_INFO: dict[str, ConceptInfo] = {
    c.key: c for c in (*STANDARD_CONCEPTS, *STRENGTH_CONCEPTS, *UNKNOWN_PREFERENCE_CONCEPTS)
}
"""Each concept's record by key: the standard ones, strength of preference's and unknown preferences'."""

CONCEPTS: tuple[Concept, ...] = tuple(c.key for c in STANDARD_CONCEPTS)
"""The concepts of every conflict, in the order tables show them (computed by default)."""

STRONG_CONCEPTS: tuple[Concept, ...] = tuple(c.key for c in STRENGTH_CONCEPTS)
"""The strength-of-preference concepts' keys, in the order tables show them (after the six)."""

CONCEPT_LIST = ", ".join(CONCEPTS)
"""The standard concepts' keys as help texts list them: ``"nash, gmr, smr, seq, sim, seqsim"``."""

NON_MYOPIC = "nm"
"""The non-myopic concept: limited move with a horizon long enough that the outcome no longer changes."""

_LIMITED = re.compile(r"l([1-9][0-9]{0,5})")


class _ConceptNames(dict[str, str]):
    """The printed name of each concept; ``l<h>`` prints as ``L<h>`` and ``nm`` as ``NM``."""

    def __missing__(self, key: str) -> str:
        if key == NON_MYOPIC:
            return "NM"
        horizon = limited_move_horizon(key)
        if horizon is None:
            raise KeyError(key)
        return f"L{horizon}"


CONCEPT_NAMES: dict[str, str] = _ConceptNames({key: c.name for key, c in CONCEPT_INFO.items()})
"""The printed name of each concept (``CONCEPT_NAMES["l2"] == "L2"``)."""

STRONG_CONCEPT_LIST = ", ".join(STRONG_CONCEPTS)
"""The strength-of-preference concepts as help texts list them."""

CONCEPT_HELP = (
    f"{CONCEPT_LIST}; with strength of preference also {STRONG_CONCEPT_LIST}; "
    "two decision makers also l1, l2, ... (l<h>), nm; unknown preferences nash_a ... seq_d"
)
"""Every concept's name as error messages list them."""


_SPELLINGS: dict[str, str] = {
    **{key: key for key in CONCEPTS},
    **{key: key for key in STRONG_CONCEPTS},
    "nashstability": "nash",
    "generalmetarationality": "gmr",
    "metarational": "gmr",
    "symmetricmetarationality": "smr",
    "sequential": "seq",
    "sequentialstability": "seq",
    "simultaneous": "sim",
    "simultaneoussanctioning": "sim",
    "sequentialsimultaneous": "seqsim",
    "nonmyopic": NON_MYOPIC,
    "limitedmove": "l2",
}
"""What users write for a concept, by the concept's key: its key, and its name in words (without spaces,
hyphens or ``+``), for the "did you mean" of an unknown name."""


def did_you_mean(text: str) -> str:
    """`` (did you mean 'seq'?)`` when ``text`` is close to a concept's key or its name in words, else ''.

    >>> did_you_mean("sequential"), did_you_mean("gmrr"), did_you_mean("zzz")
    (" (did you mean 'seq'?)", " (did you mean 'gmr'?)", '')
    """
    import difflib

    wanted = str(text).strip().lower().replace("+", "").replace(" ", "").replace("-", "").replace("_", "")
    close = difflib.get_close_matches(wanted, list(_SPELLINGS), n=1, cutoff=0.6)
    return f" (did you mean {_SPELLINGS[close[0]]!r}?)" if close else ""


def limited_move_horizon(key: str) -> int | None:
    """The horizon ``h`` of the limited-move concept ``l<h>``, or ``None`` for any other key.

    Examples:
        >>> limited_move_horizon("l3"), limited_move_horizon("nash")
        (3, None)
    """
    found = _LIMITED.fullmatch(key)
    return int(found.group(1)) if found else None


def is_strong(key: str) -> bool:
    """Whether ``key`` is a strength-of-preference concept: ``gmr_strong``, ``smr_strong``, ``seq_strong``."""
    return key in STRONG_CONCEPTS


def refuse_strong(keys: Iterable[str], what: str) -> None:
    """Refuse the strength-of-preference concepts in an analysis that does not take them (``what``)."""
    strong = [key for key in keys if is_strong(key)]
    if strong:
        raise ConceptError(
            f"{what} does not take the strength-of-preference concepts ({', '.join(strong)}); "
            "analyze or explain with them instead"
        )


def is_unknown_preference(key: str) -> bool:
    """Whether ``key`` is one of the unknown-preference extensions ``nash_a`` ... ``seq_d``."""
    return key in _UNKNOWN_KEYS


_UNKNOWN_KEYS = tuple(c.key for c in UNKNOWN_PREFERENCE_CONCEPTS)


def is_limited_move(key: str) -> bool:
    """Whether ``key`` is ``l<h>`` or ``nm``: a concept defined for two decision makers only."""
    return key == NON_MYOPIC or limited_move_horizon(key) is not None


def concept_key(text: str) -> Concept:
    """The concept ``text`` names, in any case and with or without ``+`` (``"SEQ+SIM"`` → ``"seqsim"``).

    Examples:
        >>> concept_key("Nash"), concept_key("SEQ+SIM"), concept_key("L2"), concept_key("NM")
        ('nash', 'seqsim', 'l2', 'nm')
    """
    wanted = str(text).strip().lower().replace("+", "").replace(" ", "")
    for known in (*CONCEPTS, *STRONG_CONCEPTS):
        if wanted in (known, known.replace("_", "")):
            return known
    if is_limited_move(wanted) or is_unknown_preference(wanted):
        return wanted
    raise ConceptError(f"unknown concept {text!r}{did_you_mean(text)}; choose from {CONCEPT_HELP}")


def concept_keys(concepts: str | Iterable[str] | None) -> tuple[Concept, ...]:
    """The concepts asked for, in table order: one name, several names (a list, or one string with
    commas as ``--concepts`` takes them), or ``None`` for all six.

    The limited-move concepts follow the six, by horizon, ``nm`` last.

    Examples:
        >>> concept_keys("SEQ"), concept_keys(["gmr", "Nash"]), concept_keys(["nm", "l10", "l2", "nash"])
        (('seq',), ('nash', 'gmr'), ('nash', 'l2', 'l10', 'nm'))
        >>> concept_keys("seq, GMR")
        ('gmr', 'seq')
    """
    if concepts is None:
        return CONCEPTS
    names = [c for c in concepts.split(",") if c.strip()] if isinstance(concepts, str) else list(concepts)
    unknown = [str(c) for c in names if _try_key(c) is None]
    if unknown:
        hints = "".join(did_you_mean(c) for c in unknown[:1])
        raise ConceptError(f"unknown concept(s) {', '.join(unknown)}{hints}; choose from {CONCEPT_HELP}")
    chosen = {concept_key(c) for c in names}
    if not chosen:
        raise ConceptError(f"no concept given; choose from {CONCEPT_HELP}")
    return tuple(sorted(chosen, key=concept_order))


def concept_order(key: Concept) -> tuple[int, int]:
    """Where ``key`` goes in tables: the six first, the strong concepts, then ``l<h>`` by horizon, then
    ``nm``, then the unknown-preference extensions."""
    if key in CONCEPTS:
        return (0, CONCEPTS.index(key))
    if key in STRONG_CONCEPTS:
        return (0, len(CONCEPTS) + STRONG_CONCEPTS.index(key))
    if is_unknown_preference(key):
        return (3, _UNKNOWN_KEYS.index(key))
    horizon = limited_move_horizon(key)
    return (1, horizon) if horizon is not None else (2, 0)


def _try_key(text: str) -> Concept | None:
    try:
        return concept_key(text)
    except ConceptError:
        return None
