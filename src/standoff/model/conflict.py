"""The conflict model: decision makers, options, feasibility, preferences.

A :class:`Conflict` is parsed once from a file and never changes; the
engine and the analyses read it and return their own result objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from standoff.model.expressions import Expression, to_text
from standoff.model.preferences import Preferences

if TYPE_CHECKING:
    from standoff.analyses.stability import AnalysisResult, Concept


class Direction(StrEnum):
    """Which way an option may be changed by a unilateral move."""

    BOTH = "both"
    FORWARD = "forward"  # N -> Y only (e.g. dismantling a reactor)
    BACKWARD = "backward"  # Y -> N only


@dataclass(frozen=True)
class OptionSpec:
    """A yes/no option controlled by one decision maker."""

    name: str
    owner: int
    direction: Direction = Direction.BOTH
    description: str = ""


@dataclass(frozen=True)
class DecisionMaker:
    """A party to the conflict, the options it controls and how it ranks states.

    ``misperceived`` lists conditions for states this decision maker does not
    perceive: it can move neither into nor out of them (GMCR+ misperceptions).
    """

    name: str
    options: tuple[int, ...]
    preferences: Preferences
    description: str = ""
    misperceived: tuple[Expression, ...] = ()


@dataclass(frozen=True)
class NamedState:
    """A state (or set of states) the analyst refers to by name."""

    name: str
    expression: Expression
    description: str = ""


@dataclass(frozen=True)
class Conflict:
    """An immutable graph model in option form."""

    name: str
    options: tuple[OptionSpec, ...]
    decision_makers: tuple[DecisionMaker, ...]
    infeasible: tuple[Expression, ...] = ()
    status_quo: Expression | None = None
    named_states: tuple[NamedState, ...] = ()
    description: str = ""
    source: str = ""
    history: tuple[Any, ...] = ()
    path: str | None = field(default=None, compare=False)
    extras: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def option_names(self) -> tuple[str, ...]:
        return tuple(o.name for o in self.options)

    @property
    def decision_maker_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.decision_makers)

    def describe(self, expression: Expression) -> str:
        """An expression of this model in the text form of the model language."""
        return to_text(expression, self.option_names)

    def analyze(self, concepts: tuple[Concept, ...] | None = None) -> AnalysisResult:
        """Stability of every state for every decision maker under each concept."""
        from standoff.analyses.stability import analyze

        return analyze(self, concepts)
