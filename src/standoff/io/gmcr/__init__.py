"""Reading and writing GMCR+ / gmcr-py ``.gmcr`` save files.

A ``.gmcr`` file is one JSON object: ``options`` (name and permitted
direction), ``decisionMakers`` (name, option indices, prioritization
statements, misperceptions and, in manual mode, a ranking of state numbers),
``infeasibles`` and producer information. Conditions are ANDs of
``[option index, "Y" | "N"]`` literals, or ``{"compound": true, "members":
[...]}`` for an OR of them. State numbers are 1-based positions of the
feasible states in ascending order of their code (bit ``j`` = option ``j``).

Reading keeps the file's option order as the model order, so patterns read
the same as in GMCR+ / gmcr-py. Writing turns any standoff expression into
such conditions (an irredundant OR of ANDs) and any ranking or payoffs into
a manual ranking of state numbers.
"""

from standoff.io.gmcr.losses import gmcr_losses
from standoff.io.gmcr.reader import MAX_RANKING_OPTIONS, GmcrImportWarning, conflict_from_gmcr, read_gmcr
from standoff.io.gmcr.writer import MAX_CONDITION_OPTIONS, GmcrExportWarning, conflict_to_gmcr, write_gmcr

__all__ = [
    "MAX_CONDITION_OPTIONS",
    "MAX_RANKING_OPTIONS",
    "GmcrExportWarning",
    "GmcrImportWarning",
    "conflict_from_gmcr",
    "conflict_to_gmcr",
    "gmcr_losses",
    "read_gmcr",
    "write_gmcr",
]
