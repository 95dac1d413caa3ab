"""Writing a :class:`Conflict` as a GMCR+ / gmcr-py ``.gmcr`` save file.

Every infeasibility condition, misperception and statement becomes an OR of
ANDs of option literals; any ranking or payoffs become a manual ranking of
state numbers. The file is written whole or not at all.
"""

from __future__ import annotations

import json
import warnings
from importlib import metadata
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from standoff.engine.space import feasible_codes
from standoff.errors import ModelError
from standoff.io.atomic import write_text_atomically
from standoff.io.gmcr.conditions import DIRECTION_NAMES, Cube, as_cubes, cubes_key, dnf, plain
from standoff.io.gmcr.reader import MAX_RANKING_OPTIONS, model_shape
from standoff.model.conflict import Conflict, DecisionMaker, Direction
from standoff.model.expressions import (
    Expression,
    options_in,
)
from standoff.model.preferences import Entry, Prioritization, Ranking

MAX_CONDITION_OPTIONS = 16
"""An expression over more options is not converted to a .gmcr condition."""


class GmcrExportWarning(UserWarning):
    """A model was written to .gmcr, but GMCR+ / gmcr-py may read part of it differently."""


def write_gmcr(conflict: Conflict, path: str | Path) -> None:
    """Write ``conflict`` as a GMCR+ / gmcr-py save file, whole or not at all.

    The file is written to a temporary file in the same directory and then
    renamed over ``path``. What the format cannot hold (the status quo, named states, labels, targets,
    history, judgement calls, ...: :func:`~standoff.io.gmcr.losses.gmcr_losses`) is dropped, with a
    :class:`GmcrExportWarning` for each kind.
    """
    from standoff.io.gmcr.losses import gmcr_losses

    path = Path(path)
    document = conflict_to_gmcr(conflict, target=str(path))
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    write_text_atomically(path, text, what="model")
    for lost in gmcr_losses(conflict):
        warnings.warn(f"{path}: .gmcr cannot hold {lost}: dropped", GmcrExportWarning, stacklevel=2)


def conflict_to_gmcr(conflict: Conflict, *, target: str | None = None) -> dict[str, Any]:
    """The JSON object of a .gmcr file for ``conflict``.

    Options are written in model order; every infeasibility condition,
    misperception and prioritization statement becomes an OR of ANDs of
    option literals (compound when it needs more than one AND). When any
    decision maker's preferences are a ranking or payoffs, every decision
    maker gets a manual ranking of state numbers computed from its scores
    (equal scores form a group), and prioritization statements are kept
    beside it. ``target`` is only used in messages.
    """
    writer = _Writer(conflict, target)
    return writer.document()


class _Writer:
    def __init__(self, conflict: Conflict, target: str | None) -> None:
        self.conflict = conflict
        self.file = conflict.path or target
        self.target = target

    def fail(self, place: str, problem: str) -> NoReturn:
        where = f"cannot write {self.target} as .gmcr: " if self.target and self.target != self.file else ""
        raise ModelError(f"{where}{problem}", file=self.file, place=place)

    def document(self) -> dict[str, Any]:
        conflict = self.conflict
        stored = dict(conflict.extras).get("gmcr", {})
        if not isinstance(stored, dict):
            stored = {}
        same_model = stored.get("model") == model_shape(conflict.options, conflict.decision_makers)
        self.check_grouping()
        self.check_calls()
        manual = any(not isinstance(dm.preferences, Prioritization) for dm in conflict.decision_makers)
        codes = self.feasible() if manual else None
        kept = stored.get("prioritization") if same_model else None

        decision_makers = []
        for i, dm in enumerate(conflict.decision_makers):
            place = f"decision_makers[{i}] ({dm.name})"
            entry: dict[str, Any] = {"name": dm.name, "options": [int(j) for j in dm.options]}
            prioritization = dm.preferences if isinstance(dm.preferences, Prioritization) else None
            if prioritization is None and isinstance(kept, tuple) and i < len(kept):
                prioritization = kept[i] if isinstance(kept[i], Prioritization) else None
            entry["preferences"] = self.statements(prioritization, f"{place}.preferences.prioritization")
            entry["misperceptions"] = [
                plain(cube)
                for k, expression in enumerate(dm.misperceived)
                for cube in self.cubes(expression, f"{place}.misperceived[{k}]")
            ]
            if codes is not None:
                entry["preferenceRanking"] = self.ranking(dm, codes, f"{place}.preferences")
            decision_makers.append(entry)

        document: dict[str, Any] = {
            "options": [
                {"name": name, "permittedDirection": DIRECTION_NAMES[Direction(o.direction)]}
                for o, name in zip(conflict.options, gmcr_option_names(conflict), strict=True)
            ],
            "decisionMakers": decision_makers,
            "infeasibles": [
                plain(cube)
                for k, expression in enumerate(conflict.infeasible)
                for cube in self.cubes(expression, f"infeasible[{k}]")
            ],
            "useManualPreferenceRanking": manual,
        }
        if conflict.coalitions:
            # as gmcr-py writes it: a decision maker alone as its index, a group as a list of indices
            document["coalitions"] = [
                int(group[0]) if len(group) == 1 else [int(d) for d in group] for group in conflict.coalitions
            ]
        document["program"] = "standoff"
        document["version"] = _standoff_version()
        if "generator" in stored:
            document["generator"] = stored["generator"]
        return document

    def check_grouping(self) -> None:
        grouped = [j for dm in self.conflict.decision_makers for j in dm.options]
        if grouped != list(range(len(self.conflict.options))):
            warnings.warn(
                f"{self.target or self.conflict.name}: the options are not listed decision maker by decision "
                "maker in model order; .gmcr files list them that way, so GMCR+ / gmcr-py may reorder them "
                "and number the states differently",
                GmcrExportWarning,
                stacklevel=4,
            )

    def check_calls(self) -> None:
        """Warn that the structural judgement calls are not kept: .gmcr files have no place for them."""
        calls = self.conflict.structural
        if not calls:
            return
        words = {
            "direction": "direction of",
            "condition": "infeasibility condition",
            "fixed": "fixed value of",
        }
        named = [
            f"{words[c.kind]} {self.conflict.options[c.index].name}"
            if c.kind != "condition"
            else f"{words[c.kind]} {c.index + 1}"
            for c in calls
        ]
        warnings.warn(
            f"{self.target or self.conflict.name}: .gmcr files cannot mark judgement calls; the file keeps "
            "the "
            f"model as written and drops the uncertain marks of: {', '.join(named)}",
            GmcrExportWarning,
            stacklevel=4,
        )

    def feasible(self) -> npt.NDArray[np.int64]:
        m = len(self.conflict.options)
        if m > MAX_RANKING_OPTIONS:
            self.fail(
                "options",
                f"{m} options: a .gmcr manual ranking numbers all feasible states, "
                f"which standoff does for at most {MAX_RANKING_OPTIONS} options",
            )
        return feasible_codes(self.conflict.infeasible, m)

    def cubes(self, expression: Expression, place: str) -> list[Cube]:
        """``expression`` as an OR of ANDs of literals."""
        cubes = as_cubes(expression)
        if cubes is not None:
            return cubes
        mentioned = sorted(options_in(expression))
        if len(mentioned) > MAX_CONDITION_OPTIONS:
            self.fail(
                place,
                f"{self.conflict.describe(expression)!r} mentions {len(mentioned)} options; "
                f".gmcr conditions are ORs of ANDs, and standoff converts expressions over at most "
                f"{MAX_CONDITION_OPTIONS} options: split it into smaller ones",
            )
        return dnf(expression, mentioned)

    def statements(self, prioritization: Prioritization | None, place: str) -> list[Any]:
        """Statements as conditions; a repeat of an earlier one (which GMCR+ would drop) is left out.

        Leaving out a repeat changes no ranking: a later copy of a statement
        can only break ties the earlier copy already broke.
        """
        if prioritization is None:
            return []
        written: list[Any] = []
        seen: set[tuple[str, ...]] = set()
        for t, statement in enumerate(prioritization.statements):
            cubes = self.cubes(statement.expression, f"{place}[{t}]")
            condition = (
                plain(cubes[0])
                if len(cubes) == 1
                else {
                    "compound": True,
                    "members": [plain(cube) for cube in cubes],
                }
            )
            key = cubes_key(cubes, len(self.conflict.options))
            if key not in seen:
                seen.add(key)
                written.append(condition)
        return written

    def ranking(self, dm: DecisionMaker, codes: npt.NDArray[np.int64], place: str) -> list[Any]:
        """State numbers from most to least preferred; equal scores form a group.

        A ranking keeps its own order, within groups too, so a file read
        and written again lists its states as before.
        """
        try:
            scores = np.asarray(dm.preferences.scores(codes))  # also checks a ranking covers every state once
        except ModelError as error:
            raise error.located(file=self.file, place=place) from None
        if isinstance(dm.preferences, Ranking):
            groups = [_numbers(group, codes) for group in dm.preferences.groups]
        else:
            order = np.argsort(-scores, kind="stable")
            cuts = np.flatnonzero(np.diff(scores[order]) != 0) + 1
            groups = [[int(s) + 1 for s in part] for part in np.split(order, cuts) if part.size]
        return [group[0] if len(group) == 1 else group for group in groups if group]


def gmcr_option_names(conflict: Conflict) -> list[str]:
    """The options' names as a .gmcr file writes them: ``<decision maker>.<option>``, as
    :func:`~standoff.io.gmcr.read_gmcr` reads an option whose name several decision makers' options share,
    becomes ``<option>`` again when the options it is shared with are written so too."""
    dms = conflict.decision_makers
    stripped = []
    for o in conflict.options:
        prefix = f"{dms[o.owner].name}."
        stripped.append(
            o.name[len(prefix) :] if o.name.startswith(prefix) and len(o.name) > len(prefix) else None
        )
    owners_of: dict[str, set[int]] = {}
    for o, short in zip(conflict.options, stripped, strict=True):
        if short is not None:
            owners_of.setdefault(short, set()).add(o.owner)
    plain_names = {o.name for o in conflict.options}
    return [
        short if short is not None and len(owners_of[short]) > 1 and short not in plain_names else o.name
        for o, short in zip(conflict.options, stripped, strict=True)
    ]


def _numbers(group: tuple[Entry, ...], codes: npt.NDArray[np.int64]) -> list[int]:
    """The 1-based state numbers of the feasible states a ranking group's entries match, in entry order."""
    numbers: list[int] = []
    for entry in group:
        if isinstance(entry, int):
            position = int(np.searchsorted(codes, entry))
            if position < codes.size and int(codes[position]) == entry:
                numbers.append(position + 1)
        else:
            numbers.extend(int(s) + 1 for s in np.flatnonzero(entry.evaluate(codes)))
    return numbers


def _standoff_version() -> str:
    try:
        return metadata.version("standoff")
    except metadata.PackageNotFoundError:
        return "0"
