"""standoff: strategic conflict analysis with the Graph Model for Conflict Resolution."""

from standoff.analyses.stability import CONCEPTS, AnalysisResult, analyze
from standoff.errors import ModelError, StandoffError, StateError
from standoff.io import load, save  # noqa: E402
from standoff.model.conflict import Conflict

__all__ = [
    "CONCEPTS",
    "AnalysisResult",
    "Conflict",
    "ModelError",
    "StandoffError",
    "StateError",
    "analyze",
    "load",
    "save",
]
