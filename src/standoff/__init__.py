"""standoff: strategic conflict analysis with the Graph Model for Conflict Resolution.

>>> import standoff
>>> conflict = standoff.load("examples/prisoners-dilemma.yaml")
>>> result = conflict.analyze()
>>> result.equilibria["nash"]
[<state 4 YY: Row: row_defects; Column: col_defects>]
>>> conflict.explain("both_cooperate", "Nash").stable
False
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from standoff.analyses.coalitions import CoalitionAnalysis, coalition_analysis
    from standoff.analyses.compare import Comparison, compare
    from standoff.analyses.evolution import Evolution, evolve
    from standoff.analyses.exchanges import Exchanges, exchanges
    from standoff.analyses.explain import Explanation, explain
    from standoff.analyses.history import Timeline, timeline
    from standoff.analyses.report import Report, report
    from standoff.analyses.roadmap import Roadmap, roadmap
    from standoff.analyses.robustness import Robustness, robustness
    from standoff.analyses.stability import AnalysisResult, analyze
    from standoff.analyses.states import State
    from standoff.analyses.whatif import WhatIf, whatif
    from standoff.concepts import CONCEPTS
    from standoff.errors import ConceptError, ModelError, StandoffError, StateError
    from standoff.io import from_dict, load, loads, save
    from standoff.model.conflict import Conflict

__all__ = [
    "CONCEPTS",
    "AnalysisResult",
    "CoalitionAnalysis",
    "Comparison",
    "ConceptError",
    "Conflict",
    "Evolution",
    "Exchanges",
    "Explanation",
    "ModelError",
    "Report",
    "Roadmap",
    "Robustness",
    "StandoffError",
    "State",
    "StateError",
    "Timeline",
    "WhatIf",
    "analyze",
    "coalition_analysis",
    "compare",
    "evolve",
    "exchanges",
    "explain",
    "from_dict",
    "load",
    "loads",
    "report",
    "roadmap",
    "robustness",
    "save",
    "timeline",
    "whatif",
]

# Each public name and the module it lives in, imported on first use: the command line
# (``standoff --help``) starts without loading numpy, numba and the analyses.
_HOME = {
    "CONCEPTS": "standoff.concepts",
    "AnalysisResult": "standoff.analyses.stability",
    "Robustness": "standoff.analyses.robustness",
    "robustness": "standoff.analyses.robustness",
    "analyze": "standoff.analyses.stability",
    "CoalitionAnalysis": "standoff.analyses.coalitions",
    "coalition_analysis": "standoff.analyses.coalitions",
    "Comparison": "standoff.analyses.compare",
    "compare": "standoff.analyses.compare",
    "Evolution": "standoff.analyses.evolution",
    "evolve": "standoff.analyses.evolution",
    "Exchanges": "standoff.analyses.exchanges",
    "exchanges": "standoff.analyses.exchanges",
    "Explanation": "standoff.analyses.explain",
    "explain": "standoff.analyses.explain",
    "Timeline": "standoff.analyses.history",
    "timeline": "standoff.analyses.history",
    "Report": "standoff.analyses.report",
    "report": "standoff.analyses.report",
    "Roadmap": "standoff.analyses.roadmap",
    "roadmap": "standoff.analyses.roadmap",
    "State": "standoff.analyses.states",
    "WhatIf": "standoff.analyses.whatif",
    "whatif": "standoff.analyses.whatif",
    "ConceptError": "standoff.errors",
    "ModelError": "standoff.errors",
    "StandoffError": "standoff.errors",
    "StateError": "standoff.errors",
    "from_dict": "standoff.io",
    "load": "standoff.io",
    "loads": "standoff.io",
    "save": "standoff.io",
    "Conflict": "standoff.model.conflict",
}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is asked for; ``__version__`` read
    from the installed package's metadata (the one place the version is written is pyproject.toml)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("standoff")
        except PackageNotFoundError:  # a source tree on the path, not installed
            found = "0+unknown"
        globals()[name] = found
        return found
    if name not in _HOME:
        raise AttributeError(f"module 'standoff' has no attribute {name!r}")
    value = getattr(import_module(_HOME[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
