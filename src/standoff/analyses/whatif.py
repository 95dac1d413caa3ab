"""What would have to change: the least edits of the stated preferences that make a state an equilibrium.

Inverse GMCR (docs/explanation/definitions.md, "Inverse analysis"; Kinsara, Kilgour & Hipel,
"Inverse approach to the graph model for conflict resolution", IEEE Trans.
SMC: Systems 45, 2015; the GMCR+ system: Kinsara, Petersons, Hipel &
Kilgour, J. Decision Systems 2015) asked as an analyst asks it: given a
state ``t`` and a concept ``K``, the smallest total number of edits
(:mod:`standoff.analyses.edits`) to the preferences of the decision makers
allowed to change after which ``t`` is a ``K``-equilibrium. The edits are
reorderings and drops of statements (or moves of ranking entries): "no
change found" is a claim about these edits only. The literature's inverse
searches rankings of states; :mod:`standoff.analyses.ranking_inverse`
answers that, per decision maker, beside this one. A summed cost hides who
gives up what, so each decision maker's cost and the Pareto set over the
decision makers' costs are reported too.

The search:

1. The feasible states and every move stay as they are; only scores change.
   :class:`~standoff.stability.at_state.Neighbourhood` lays out once the
   states and moves ``t``'s stability depends on, so checking a variant
   costs microseconds.
2. Each decision maker's variants are enumerated breadth first
   (:class:`~standoff.analyses.edits.Variants`); a variant that orders the
   neighbourhood like a cheaper one is skipped (it cannot be part of a
   least-cost answer), and variants that order it alike are checked once.
3. Under Nash, GMR and SMR, ``t``'s stability for ``i`` depends on ``i``'s
   preferences alone: each decision maker's least cost is found apart and
   the total is their sum. Under SEQ and SIM, the opponents' preferences
   decide which sanctions are credible: the total cost ``c = 0, 1, 2, ...``
   is split among the decision makers in every way and every combination
   of variants checked, after dropping a decision maker's variants under
   which ``t`` is not even GMR-stable for it (SEQ ⊆ GMR).
4. The first cost at which some combination works is the least; while
   every combination up to it was checked, the answer is exact. When the
   number of combinations passes a budget, the search goes on over each
   decision maker's most promising variants only (those leaving it the
   fewest undeterred improvements) and says that it is bounded.
5. Every answer is applied to the model and the changed model analysed
   again from scratch with :func:`standoff.analyses.stability.analyze`;
   only a change set under which ``t`` is an equilibrium there is returned.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import product
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from standoff.analyses.edits import Edit, Key, Scorer, Variant, Variants, changed_conflict, editable
from standoff.analyses.ranking_inverse import RankingChange, least_ranking_change
from standoff.analyses.states import State, state_index, state_of
from standoff.concepts import CONCEPT_NAMES, Concept, concept_key, refuse_strong
from standoff.engine.space import StateSpace
from standoff.errors import StandoffError
from standoff.model.conflict import Conflict
from standoff.model.preferences import Prioritization, Ranking
from standoff.stability.at_state import Neighbourhood

if TYPE_CHECKING:
    import pandas as pd

    from standoff.analyses.stability import AnalysisResult

Int = npt.NDArray[np.int64]

CHECK_BUDGET = 400_000
"""Combinations of variants checked exactly before the search becomes bounded."""
EXACT_SECONDS = 20.0
"""Seconds the exact search may take before it becomes bounded (checked between combinations)."""
BOUNDED_SECONDS = 10.0
"""Seconds the bounded search may take after that."""
VARIANT_BUDGET = 60_000
"""Variants of one decision maker enumerated before its list stops growing."""
BOUNDED_WIDTH = 12
"""In the beam past :data:`VARIANT_BUDGET`, variants kept per decision maker and cost."""
BOUNDED_COMBINATIONS = 4_000
"""In the bounded search, about this many combinations per way of sharing a cost: each of ``k``
decision makers that may change keeps its ``BOUNDED_COMBINATIONS ** (1/k)`` most promising variants."""
BOUNDED_EXTRA_COST = 12
"""The bounded search looks this many edits beyond the exact range (or up to ``max_cost``)."""
MAX_LISTED = 50
"""Most least-cost change sets listed (and re-analysed) with ``all_sets``."""
MAX_SANCTIONS = 6
"""Most candidate sanctions listed per improvement in the conditions."""
PARETO_EXTRA = 2
"""The Pareto set over the decision makers' costs is looked for among totals up to the least plus this."""
PARETO_CHECKS = 50_000
"""Combinations the Pareto search may check (a count, not a time, so the answer is the same anywhere)."""


@dataclass(frozen=True)
class ChangeSet:
    """One set of edits of total cost ``cost``, in the order they apply, and the changed model.

    ``keys`` holds the changed decision makers' variants (see :mod:`standoff.analyses.edits`).
    """

    cost: int
    edits: tuple[Edit, ...]
    keys: tuple[tuple[int, Key], ...]
    conflict: Conflict

    def cost_of(self, dm: int) -> int:
        """How many of the edits change ``dm``'s preferences."""
        return sum(e.dm == dm for e in self.edits)

    @property
    def dropped(self) -> int:
        """How many statements (or ranking entries) the change set drops."""
        return sum(e.kind == "drop" for e in self.edits)

    @property
    def reorderings(self) -> int:
        """How many edits move a statement or ranking entry one place (not drops)."""
        return len(self.edits) - self.dropped


@dataclass(frozen=True)
class Sanction:
    """A state that would deter an improvement: ``needs`` says what the preferences must say for it."""

    state_index: int
    movers: tuple[int, ...]
    rank_needed: bool
    improvement_needed: tuple[int, ...] = ()
    one_move: bool = True

    @property
    def state(self) -> int:
        """The state that would deter: its printed number (``state_index`` + 1)."""
        return self.state_index + 1


@dataclass(frozen=True)
class Requirement:
    """An improvement of ``dm`` from the target that nothing deters in the model as it stands.

    For the target to hold, ``dm`` must not prefer ``improvement`` to it, or one
    of ``sanctions`` (the first :data:`MAX_SANCTIONS`; ``more`` not listed) must be
    credible and no better than the target for ``dm``.
    """

    dm: int
    improvement_index: int
    sanctions: tuple[Sanction, ...]
    more: int = 0

    @property
    def improvement(self) -> int:
        """The state the undeterred improvement leads to: its printed number (``improvement_index`` + 1)."""
        return self.improvement_index + 1


@dataclass(frozen=True, eq=False)
class WhatIf:
    """What would have to change for ``target`` to be an equilibrium under ``concept``.

    ``cost`` is the least total number of edits (``None`` when no change set
    within ``max_cost`` was found); ``exact`` says whether every cheaper
    change set was ruled out; ``exact_up_to`` is the largest cost up to which
    every change set was checked (-1 when none). ``changes`` are least-cost
    change sets (one, or with ``all_sets`` up to :data:`MAX_LISTED`), each
    verified by analysing the changed model again; ``requirements`` are the
    conditions the preferences must meet, from the model as it stands.

    Examples:
        >>> import standoff
        >>> answer = standoff.load("examples/prisoners-dilemma.yaml").whatif("both_cooperate", "nash")
        >>> answer
        <WhatIf state 1 NN under Nash: least cost 2 (exact), 1 change set>
        >>> answer.to_dict()["changes"][0]["words"]
        'Row would have to move YN down one group (now tied with NN)'
    """

    conflict: Conflict
    space: StateSpace
    target: int
    concept: Concept
    allowed: tuple[int, ...]
    cost: int | None
    exact: bool
    exact_up_to: int
    changes: tuple[ChangeSet, ...]
    requirements: tuple[Requirement, ...]
    stable_now: tuple[bool, ...]
    checked: int = 0
    more_sets: bool = False
    max_cost: int | None = None
    impossible: bool = False
    notes: tuple[str, ...] = field(default=())
    rankings: tuple[RankingChange, ...] = field(default=())
    pareto: tuple[tuple[int, ...], ...] = field(default=())
    pareto_up_to: int | None = None
    pareto_exact: bool = False

    @property
    def state(self) -> State:
        """The target state (its ``number`` is the one tables print)."""
        return state_of(self.conflict, self.space, self.target)

    @property
    def changed(self) -> Conflict | None:
        """The model with the first least-cost change set applied (``None`` when there is none)."""
        return self.changes[0].conflict if self.changes else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``standoff whatif --format json`` (see docs/reference/json-output.md)."""
        from standoff.outputs.whatif_text import whatif_to_dict

        return whatif_to_dict(self)

    def to_frame(self) -> pd.DataFrame:
        """One row per edit of every change set listed: set, decision maker, edit, statement, words."""
        from standoff.outputs.frame import require_pandas

        require_pandas()
        import pandas as pd

        from standoff.outputs.whatif_text import edit_rows

        return pd.DataFrame(edit_rows(self), columns=["set", "cost", "dm", "edit", "statement", "words"])

    def _repr_html_(self) -> str:
        from standoff.outputs.whatif_text import whatif_html

        return whatif_html(self)

    def __str__(self) -> str:
        """What ``standoff whatif`` prints, as plain text (``print(result)`` in a notebook)."""
        from standoff.outputs.plain import plain_text
        from standoff.outputs.whatif_text import whatif_report

        return plain_text(whatif_report(self), end="")

    def __repr__(self) -> str:
        name = CONCEPT_NAMES[self.concept]
        state = self.state
        if self.cost is None:
            found = "no change found" + (f" within cost {self.max_cost}" if self.max_cost is not None else "")
        else:
            found = f"least cost {self.cost}" if self.exact else f"cost {self.cost}"
        how = "exact" if self.exact else f"bounded, exact up to cost {self.exact_up_to}"
        sets = len(self.changes)
        return (
            f"<WhatIf state {state.number} {state.pattern} under {name}: {found} ({how}), "
            f"{sets} change set{'s' * (sets != 1)}{' (more exist)' * self.more_sets}>"
        )


class _Candidate:
    """Variants of one decision maker that order the neighbourhood alike: checked once."""

    __slots__ = ("scores", "undeterred", "variants")

    def __init__(self, scores: Int, undeterred: int) -> None:
        self.scores = scores
        self.undeterred = undeterred
        self.variants: list[Variant] = []


class _Search:
    """The state of one inverse search (see the module's docstring for the steps)."""

    def __init__(
        self, conflict: Conflict, space: StateSpace, target: int, concept: Concept, allowed: tuple[int, ...]
    ) -> None:
        self.conflict = conflict
        self.space = space
        self.concept = concept
        self.allowed = allowed
        self.hood = Neighbourhood.build(space, target, concept)
        codes = space.codes[self.hood.states]
        n = space.n_decision_makers
        dms = conflict.decision_makers
        self.scorers = [Scorer(dm.preferences, codes) for dm in dms]
        self.variants = [Variants(dm.preferences, d, self.scorers[d].relevant()) for d, dm in enumerate(dms)]
        for d in range(n):
            if d not in allowed:
                self.variants[d].exhausted = True
        self.original = [self.scorers[d].scores(self.variants[d].levels[0][0].key) for d in range(n)]
        self.signatures: list[set[bytes]] = [set() for _ in range(n)]
        self.cache: list[dict[int, list[_Candidate]]] = [{} for _ in range(n)]
        self.truncated = [False] * n
        self.started = time.perf_counter()
        self.rank: list[dict[Key, int]] = [{} for _ in range(n)]
        self.checked = 0
        self.filter: Concept | None = "gmr" if concept in ("seq", "seqsim") else None
        self.alone = concept in ("nash", "gmr", "smr")
        self.pareto_budget = 0

    # -- one decision maker's candidates per cost -------------------------------------

    def candidates(self, d: int, cost: int) -> list[_Candidate]:
        """The new orderings of ``d``'s variants of least cost ``cost`` that can still work for ``d``.

        Past :data:`VARIANT_BUDGET` variants, ``d`` is marked truncated and the
        levels after come from a beam over its most promising variants.
        """
        if cost in self.cache[d]:
            return self.cache[d][cost]
        for lower in range(cost):
            self.candidates(d, lower)
        variants = self.variants[d]
        if self.late(EXACT_SECONDS + BOUNDED_SECONDS):
            self.truncated[d] = True  # out of time: nothing more of d's is looked at
            self.cache[d][cost] = []
            return []
        level = variants.level(cost, VARIANT_BUDGET)
        if variants.partial is not None and cost >= variants.partial:
            self.truncated[d] = True
            if cost > variants.partial:
                rank = self.rank[d]
                level = variants.beam(cost, lambda v: rank.get(v.key, 1 << 30), BOUNDED_WIDTH)
        groups: dict[bytes, _Candidate] = {}
        scores_of = list(self.original)
        own = self.filter or self.concept
        for variant in level:
            scores = self.scorers[d].scores(variant.key)
            _, order = np.unique(scores, return_inverse=True)
            signature = order.astype(np.int32).tobytes()
            if signature in self.signatures[d]:
                continue  # a cheaper variant orders the neighbourhood the same way
            found = groups.get(signature)
            if found is None:
                scores_of[d] = scores
                found = groups[signature] = _Candidate(scores, self.hood.undeterred_for(d, scores_of, own))
            self.rank[d][variant.key] = found.undeterred
            found.variants.append(variant)
        for signature in groups:
            self.signatures[d].add(signature)
        kept = [c for c in groups.values() if not (self.alone or self.filter) or c.undeterred == 0]
        self.cache[d][cost] = kept
        return kept

    def exhausted(self, d: int, cost: int) -> bool:
        """Whether ``d`` has no variant of least cost ``cost`` or more."""
        variants = self.variants[d]
        return variants.exhausted and cost >= len(variants.levels)

    # -- the search ------------------------------------------------------------------

    def splits(self, cost: int) -> Iterator[tuple[int, ...]]:
        """Every way to share ``cost`` among the decision makers allowed to change, in a fixed order."""
        n = self.space.n_decision_makers
        movable = [d for d in range(n) if d in self.allowed]

        def share(k: int, left: int) -> Iterator[tuple[int, ...]]:
            if k == len(movable) - 1:
                yield (left,)
                return
            for mine in range(left + 1):
                for rest in share(k + 1, left - mine):
                    yield (mine, *rest)

        if not movable:
            if cost == 0:
                yield (0,) * n
            return
        for shares in share(0, cost):
            out = [0] * n
            for d, c in zip(movable, shares, strict=True):
                out[d] = c
            yield tuple(out)

    def combinations(self, cost: int, width: int | None = None) -> Iterator[tuple[_Candidate, ...]]:
        """Every combination of one candidate per decision maker with total cost ``cost`` (at most
        ``width`` candidates per decision maker and cost, the most promising, when given)."""
        for split in self.splits(cost):
            lists = []
            for d, c in enumerate(split):
                found = self.candidates(d, c)
                if width is not None and len(found) > width:
                    found = sorted(found, key=lambda x: x.undeterred)[:width]
                lists.append(found)
            if any(not options for options in lists):
                continue
            yield from product(*lists)

    def late(self, seconds: float) -> bool:
        """Whether the search has run for more than ``seconds``."""
        return time.perf_counter() - self.started > seconds

    def works(self, combo: Sequence[_Candidate]) -> bool:
        scores = [c.scores for c in combo]
        return self.hood.stable(scores)

    def can_prefer(self, j: int, better: int, worse: int) -> bool:
        """Whether some variant of ``j``'s preferences ranks the state ``better`` strictly above ``worse``
        (local indices): with prioritization, some statement must hold at ``better`` and not at ``worse``
        (then moved first); a ranking can always be edited so; fixed preferences as they are."""
        scorer = self.scorers[j]
        if j in self.allowed and isinstance(scorer.preferences, Prioritization):
            truth = scorer.truth
            return bool(((truth[:, better] == 1) & (truth[:, worse] == 0)).any())
        if j in self.allowed and isinstance(scorer.preferences, Ranking):
            return True
        return bool(self.original[j][better] > self.original[j][worse])

    def undeterrable(self) -> bool:
        """With two decision makers, whether one that may not change has an improvement from the target
        that no change of the other's preferences can make a sanction deter (SEQ, SIM): then no change
        set exists."""
        hood = self.hood
        if hood.n_decision_makers != 2 or self.concept not in ("seq", "sim", "seqsim"):
            return False
        for i in range(2):
            if i in self.allowed:
                continue
            j = 1 - i
            mine = self.original[i]
            level = mine[hood.target]
            for k, s1 in enumerate(hood.moves[i].tolist()):
                if mine[s1] <= level:
                    continue
                if self.concept in ("seq", "seqsim"):
                    pairs = hood.seq_pairs[i]
                    answers = pairs.answer[pairs.owner == k].tolist()
                    if not any(mine[s2] <= level and self.can_prefer(j, s2, s1) for s2 in answers):
                        return True
                if self.concept in ("sim", "seqsim"):
                    pairs, picks = hood.sim_pairs[i]
                    chosen = pairs.owner == k
                    possible = any(
                        c >= 0 and mine[c] <= level and self.can_prefer(j, int(picks[0, a]), hood.target)
                        for a, c in zip(
                            pairs.answer[chosen].tolist(), pairs.extra[chosen].tolist(), strict=True
                        )
                    )
                    if not possible:
                        return True
        return False

    def pareto(self, least: int, extra: int = PARETO_EXTRA) -> tuple[list[tuple[int, ...]], bool]:
        """The per-decision-maker costs of the change sets of total cost ``least`` to ``least + extra``
        that work, reduced to those no other beats for every decision maker (the Pareto set), and whether
        every split of those totals was checked."""
        works: list[tuple[int, ...]] = []
        whole = True
        self.pareto_budget = self.checked + PARETO_CHECKS
        for cost in range(least, least + extra + 1):
            for split in self.splits(cost):
                if self.checked > self.pareto_budget:
                    whole = False
                    break
                if any(tuple(min(a, b) for a, b in zip(w, split, strict=True)) == w for w in works):
                    continue  # some cheaper split for everyone works already
                if self._split_works(split):
                    works.append(split)
        front = [
            w
            for w in works
            if not any(v != w and all(a <= b for a, b in zip(v, w, strict=True)) for v in works)
        ]
        return sorted(front), whole and not any(self.truncated)

    def _split_works(self, split: tuple[int, ...]) -> bool:
        """Whether some combination with exactly ``split`` edits per decision maker makes the target hold."""
        lists = [self.candidates(d, c) for d, c in enumerate(split)]
        if any(not options for options in lists):
            return False
        if self.alone:
            return True  # each candidate already works for its decision maker, whatever the others do
        for combo in product(*lists):
            self.checked += 1
            if self.checked > self.pareto_budget:
                return False
            if self.works(combo):
                return True
        return False

    def run_coupled(self, max_cost: int | None, want_all: bool) -> _Outcome:
        """Cost levels one after another, every combination of candidates at each."""
        if self.undeterrable():
            return _Outcome(None, True, -1, [], impossible=True)
        cost = 0
        while max_cost is None or cost <= max_cost:
            found: list[list[Variant]] = []
            for combo in self.combinations(cost):
                self.checked += 1
                if self.checked > CHECK_BUDGET or (self.checked % 64 == 0 and self.late(EXACT_SECONDS)):
                    return self.bounded(cost, max_cost, want_all)
                if self.works(combo):
                    found.extend(_expand(combo))
                    if not want_all:
                        return _Outcome(cost, True, cost, found)
            if found:  # every cheaper total was checked whole
                return _Outcome(cost, True, cost, found)
            if any(self.truncated):
                return self.bounded(cost, max_cost, want_all)
            n = self.space.n_decision_makers
            if all(self.exhausted(d, cost + 1) for d in range(n)) or any(
                self.exhausted(d, cost + 1) and not any(self.cache[d].get(c) for c in range(cost + 1))
                for d in range(n)
            ):
                # every variant was tried, or one decision maker has none under which the state can hold
                return _Outcome(None, True, cost, [], impossible=True)
            cost += 1
        return _Outcome(None, True, cost - 1, [])

    def bounded(self, cost: int, max_cost: int | None, want_all: bool) -> _Outcome:
        """Beyond the exact range: each decision maker's most promising variants only (and, for one
        whose variants outgrew the budget, its beam)."""
        exact_up_to = cost - 1
        limit = max_cost if max_cost is not None else cost + BOUNDED_EXTRA_COST
        movable = max(1, len(self.allowed))
        width = max(2, int(BOUNDED_COMBINATIONS ** (1 / movable)))
        while cost <= limit and not self.late(EXACT_SECONDS + BOUNDED_SECONDS):
            found: list[list[Variant]] = []
            for combo in self.combinations(cost, width):
                self.checked += 1
                if self.checked % 64 == 0 and self.late(EXACT_SECONDS + BOUNDED_SECONDS):
                    return _Outcome(cost if found else None, False, exact_up_to, found)
                if self.works(combo):
                    found.extend(_expand(combo))
                    if not want_all:
                        return _Outcome(cost, False, exact_up_to, found)
            if found:
                return _Outcome(cost, False, exact_up_to, found)
            cost += 1
        return _Outcome(None, False, exact_up_to, [])

    def ruled_out(self, lower: list[int], d: int, cost: int) -> int:
        """The largest total cost up to which every change set is ruled out, once the decision makers before
        ``d`` have least costs of at least ``lower`` and ``d``'s levels below ``cost`` were checked.

        Only ``d``'s levels enumerated whole count: from its first partial level
        on, a beam looked at some of its variants only, so a cheaper one may
        have been missed there (the decision makers after ``d`` may need
        nothing).
        """
        partial = self.variants[d].partial
        whole = cost if partial is None else min(cost, partial)
        return sum(lower) + whole - 1

    def run_alone(self, max_cost: int | None, want_all: bool) -> _Outcome:
        """Nash, GMR, SMR: each decision maker's least cost apart; the total is their sum.

        A decision maker whose variants outgrow the budget goes on over its
        beam; its part is then exact only if found in the last level checked
        whole, and every total below the sum of the parts' lower bounds is
        ruled out.
        """
        least: list[int] = []
        lower: list[int] = []
        chosen: list[list[Variant]] = []
        for d in range(self.space.n_decision_makers):
            cost = 0
            while True:
                if max_cost is not None and sum(least) + cost > max_cost:
                    exact = not any(self.truncated)
                    return _Outcome(None, exact, max_cost if exact else self.ruled_out(lower, d, cost), [])
                self.checked += 1
                found = self.candidates(d, cost)
                partial = self.variants[d].partial
                if found:
                    least.append(cost)
                    lower.append(cost if partial is None else min(cost, partial))
                    chosen.append([v for c in found for v in c.variants])
                    break
                if self.exhausted(d, cost + 1):
                    if partial is None and not self.truncated[d]:
                        return _Outcome(
                            None, True, sum(least) + cost, [], impossible=True
                        )  # none of d's works
                    return _Outcome(None, False, self.ruled_out(lower, d, cost), [])
                if partial is not None and cost >= partial + BOUNDED_EXTRA_COST:
                    return _Outcome(None, False, self.ruled_out(lower, d, cost), [])
                if self.late(EXACT_SECONDS + BOUNDED_SECONDS):
                    return _Outcome(None, False, self.ruled_out(lower, d, cost), [])
                cost += 1
        total = sum(least)
        exact = sum(lower) == total
        sets = [list(combo) for combo in product(*chosen)] if want_all else [[c[0] for c in chosen]]
        return _Outcome(total, exact, total if exact else sum(lower) - 1, sets)


@dataclass
class _Outcome:
    """What a search found: the cost (None: nothing), whether exact, up to which cost, the variants."""

    cost: int | None
    exact: bool
    exact_up_to: int
    found: list[list[Variant]]
    impossible: bool = False


def _expand(combo: Sequence[_Candidate]) -> list[list[Variant]]:
    """Every choice of one variant per decision maker among those ordering alike."""
    return [list(choice) for choice in product(*(c.variants for c in combo))]


def whatif(
    subject: Conflict | AnalysisResult,
    state: str | int,
    concept: str = "seq",
    *,
    dms: Iterable[str | int] | None = None,
    max_cost: int | None = None,
    all_sets: bool = False,
) -> WhatIf:
    """The least change of the stated preferences that makes ``state`` an equilibrium under ``concept``.

    ``dms`` are the decision makers whose preferences may change (names or
    0-based indices; all by default); ``max_cost`` bounds the total number of
    edits; ``all_sets`` lists every least-cost change set (up to
    :data:`MAX_LISTED`) instead of one.
    """
    from standoff.analyses.explain import decision_maker_index
    from standoff.analyses.stability import AnalysisResult, analyze

    if isinstance(subject, AnalysisResult):
        conflict, space = subject.conflict, subject.space
    else:
        conflict, space = subject, StateSpace.build(subject)
    chosen = concept_key(concept)
    refuse_strong((chosen,), "what-if")
    target = state_index(conflict, space, state)
    n = space.n_decision_makers
    if dms is None:
        allowed = tuple(range(n))
    else:
        allowed = tuple(sorted({decision_maker_index(conflict, d) for d in dms}))
    if max_cost is not None and max_cost < 0:
        raise StandoffError(f"the largest cost must be 0 or more, got {max_cost}")
    notes: list[str] = []
    fixed = [
        conflict.decision_makers[d].name
        for d in allowed
        if not editable(conflict.decision_makers[d].preferences)
    ]
    if fixed:
        notes.append(f"{', '.join(fixed)}: preferences given as payoffs are not edited")
    search = _Search(conflict, space, target, chosen, allowed)
    original = search.original
    stable_now = tuple(search.hood.undeterred_for(i, original) == 0 for i in range(n))
    runner = search.run_alone if search.alone else search.run_coupled
    outcome = runner(max_cost, all_sets)
    cost, exact, exact_up_to, found = outcome.cost, outcome.exact, outcome.exact_up_to, outcome.found
    if not all_sets:
        found = found[:1]
    more_sets = len(found) > MAX_LISTED
    changes: list[ChangeSet] = []
    dropped = 0
    for choice in found[:MAX_LISTED]:
        keys = {v.edits[0].dm: v.key for v in choice if v.edits}
        edits = tuple(e for v in choice for e in v.edits)
        changed = changed_conflict(conflict, keys) if keys else conflict
        again = analyze(changed, (chosen,), profile={})
        if not bool(again.equilibrium_mask(chosen)[target]):
            dropped += 1  # never expected: the search and the engine follow the same definitions
            continue
        changes.append(ChangeSet(len(edits), edits, tuple(sorted(keys.items())), changed))
    if dropped:
        notes.append(f"{dropped} change set(s) found by the search failed the re-analysis and were left out")
    if cost is not None and not changes:
        cost = None
    pareto: list[tuple[int, ...]] = []
    pareto_exact = False
    if cost is not None and exact:
        pareto, pareto_exact = search.pareto(cost)
    rankings = tuple(least_ranking_change(search.hood, d, original) for d in allowed)
    return WhatIf(
        conflict,
        space,
        target,
        chosen,
        allowed,
        cost,
        exact,
        exact_up_to,
        tuple(changes),
        _requirements(search, original),
        stable_now,
        search.checked,
        more_sets,
        max_cost,
        outcome.impossible,
        tuple(notes),
        rankings,
        tuple(pareto),
        None if cost is None or not exact else cost + PARETO_EXTRA,
        pareto_exact,
    )


def _requirements(search: _Search, scores: list[Int]) -> tuple[Requirement, ...]:
    """Each decision maker's improvements from the target that nothing deters now, with the sanctions
    that would deter them and what those need."""
    hood = search.hood
    out: list[Requirement] = []
    t = hood.target
    for i in range(hood.n_decision_makers):
        if hood.undeterred_for(i, scores) == 0:
            continue
        mine = scores[i]
        level = mine[t]
        for k, s1 in enumerate(hood.moves[i].tolist()):
            if mine[s1] <= level or _deterred_one(search, i, k, scores):
                continue
            sanctions = list(_sanctions(search, i, k, scores))
            out.append(
                Requirement(
                    i,
                    int(hood.states[s1]),
                    tuple(sanctions[:MAX_SANCTIONS]),
                    max(0, len(sanctions) - MAX_SANCTIONS),
                )
            )
    return tuple(out)


def _deterred_one(search: _Search, i: int, k: int, scores: list[Int]) -> bool:
    """Whether ``i``'s ``k``-th move from the target is deterred (the other moves made non-improvements)."""
    hood = search.hood
    mine = scores[i].copy()
    level = mine[hood.target]
    others = np.delete(hood.moves[i], k)
    mine[others] = np.minimum(mine[others], level)
    changed = list(scores)
    changed[i] = mine
    return hood.undeterred_for(i, changed) == 0


def _sanctions(search: _Search, i: int, k: int, scores: list[Int]) -> Iterator[Sanction]:
    """States that would deter ``i``'s ``k``-th move from the target, with what they would need."""
    hood = search.hood
    space = search.space
    concept = search.concept
    t = hood.target
    mine = scores[i]
    level = mine[t]
    s1 = int(hood.moves[i][k])
    n = hood.n_decision_makers
    others = [j for j in range(n) if j != i]
    if concept == "nash":
        return
    if concept == "sim":
        pairs, picks = hood.sim_pairs[i]
        mask = pairs.owner == k
        for answer, combined in zip(pairs.answer[mask].tolist(), pairs.extra[mask].tolist(), strict=True):
            if combined < 0:
                continue
            movers = tuple(others[r] for r in range(len(others)) if picks[r, answer] >= 0)
            needed = tuple(
                others[r]
                for r in range(len(others))
                if picks[r, answer] >= 0 and scores[others[r]][picks[r, answer]] <= scores[others[r]][t]
            )
            yield Sanction(int(hood.states[combined]), movers, bool(mine[combined] > level), needed, True)
        return
    pairs = hood.gmr_pairs[i]
    direct: dict[int, int] = {}
    for j in others:
        for x in _moves_from(space, j, int(hood.states[s1])):
            direct.setdefault(x, j)
    for s2 in pairs.answer[pairs.owner == k].tolist():
        if s2 == s1:
            continue  # back where the improvement went: it never deters
        index = int(hood.states[s2])
        mover = direct.get(index)
        rank_needed = bool(mine[s2] > level)
        if concept == "smr":
            yield Sanction(index, () if mover is None else (mover,), rank_needed, (), mover is not None)
            continue
        if concept in ("gmr",):
            yield Sanction(index, () if mover is None else (mover,), rank_needed, (), mover is not None)
            continue
        if mover is not None:
            theirs = scores[mover]
            improvement = theirs[s2] > theirs[s1]
            yield Sanction(index, (mover,), rank_needed, () if improvement else (mover,), True)
        else:
            yield Sanction(index, tuple(others), rank_needed, tuple(others), False)


def _moves_from(space: StateSpace, dm: int, index: int) -> list[int]:
    from standoff.engine.moves import unilateral_moves

    return [int(x) for x in unilateral_moves(space, dm, index)]
