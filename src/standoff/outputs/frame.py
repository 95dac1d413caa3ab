"""A pandas DataFrame view of an analysis, for notebooks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.stability import AnalysisResult


def analysis_to_frame(result: AnalysisResult) -> pd.DataFrame:
    """One row per state (index: number, pattern); columns (decision maker | 'equilibrium', concept)."""
    import pandas as pd

    columns: dict[tuple[str, str], np.ndarray] = {}
    for concept in result.concepts:
        for i, name in enumerate(result.conflict.decision_maker_names):
            columns[(name, concept)] = result.stable[concept][i]
        columns[("equilibrium", concept)] = result.equilibrium_mask(concept)
    index = pd.MultiIndex.from_arrays(
        [np.arange(1, result.space.n_states + 1), result.patterns], names=["state", "pattern"]
    )
    frame = pd.DataFrame(columns, index=index)
    frame.columns = pd.MultiIndex.from_tuples(list(columns), names=["decision_maker", "concept"])
    return frame
