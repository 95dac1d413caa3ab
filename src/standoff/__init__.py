"""standoff: strategic conflict analysis with the Graph Model for Conflict Resolution.

>>> import standoff
>>> conflict = standoff.load("examples/prisoners-dilemma.yaml")
>>> result = conflict.analyze()
>>> result.equilibria["nash"]
[<state 4 YY: Row: row_defects; Column: col_defects>]
>>> conflict.explain("both_cooperate", "Nash").stable
False
"""

from standoff.analyses.evolution import Evolution, evolve
from standoff.analyses.explain import Explanation, explain
from standoff.analyses.history import Timeline, timeline
from standoff.analyses.report import Report, report
from standoff.analyses.stability import AnalysisResult, analyze
from standoff.analyses.states import State
from standoff.concepts import CONCEPTS
from standoff.errors import ConceptError, ModelError, StandoffError, StateError
from standoff.io import from_dict, load, loads, save
from standoff.model.conflict import Conflict

__all__ = [
    "CONCEPTS",
    "AnalysisResult",
    "ConceptError",
    "Conflict",
    "Evolution",
    "Explanation",
    "ModelError",
    "Report",
    "StandoffError",
    "State",
    "StateError",
    "Timeline",
    "analyze",
    "evolve",
    "explain",
    "from_dict",
    "load",
    "loads",
    "report",
    "save",
    "timeline",
]
