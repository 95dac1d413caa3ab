"""standoff: strategic conflict analysis with the Graph Model for Conflict Resolution."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.analyses.evolution import evolve
    from standoff.analyses.explain import explain
    from standoff.analyses.history import timeline
    from standoff.analyses.stability import CONCEPTS, AnalysisResult, analyze
    from standoff.errors import ModelError, StandoffError, StateError
    from standoff.io import load, save
    from standoff.model.conflict import Conflict

__all__ = [
    "CONCEPTS",
    "AnalysisResult",
    "Conflict",
    "ModelError",
    "StandoffError",
    "StateError",
    "analyze",
    "evolve",
    "explain",
    "load",
    "save",
    "timeline",
]

# Each public name and the module it lives in, imported on first use: the command line
# (``standoff --help``) starts without loading numpy, numba and the analyses.
_HOME = {
    "CONCEPTS": "standoff.analyses.stability",
    "AnalysisResult": "standoff.analyses.stability",
    "analyze": "standoff.analyses.stability",
    "evolve": "standoff.analyses.evolution",
    "explain": "standoff.analyses.explain",
    "timeline": "standoff.analyses.history",
    "ModelError": "standoff.errors",
    "StandoffError": "standoff.errors",
    "StateError": "standoff.errors",
    "load": "standoff.io",
    "save": "standoff.io",
    "Conflict": "standoff.model.conflict",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for."""
    if name not in _HOME:
        raise AttributeError(f"module 'standoff' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
