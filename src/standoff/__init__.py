"""standoff: strategic conflict analysis with the Graph Model for Conflict Resolution."""

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
