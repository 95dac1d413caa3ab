"""The conflict model: decision makers, options, feasibility, preferences.

A :class:`Conflict` is parsed once from a file and never changes; the
engine and the analyses read it and return their own result objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from standoff.model.expressions import Expression, to_text
from standoff.model.preferences import Preferences
from standoff.model.uncertainty import StructuralCall
from standoff.renamed import renamed

if TYPE_CHECKING:
    import networkx as nx

    from standoff.analyses.anticipation import LimitedMoveExplanation
    from standoff.analyses.audit import Audit
    from standoff.analyses.coalitions import CoalitionAnalysis
    from standoff.analyses.evolution import Evolution
    from standoff.analyses.exchanges import Exchanges
    from standoff.analyses.explain import Explanation
    from standoff.analyses.history import Timeline
    from standoff.analyses.report import Report
    from standoff.analyses.roadmap import Roadmap
    from standoff.analyses.robustness import Robustness
    from standoff.analyses.stability import AnalysisResult
    from standoff.analyses.unknown_explain import UnknownExplanation
    from standoff.analyses.whatif import WhatIf


class Direction(StrEnum):
    """Which way an option may be changed by a unilateral move."""

    BOTH = "both"
    FORWARD = "forward"  # N -> Y only (e.g. dismantling a reactor)
    BACKWARD = "backward"  # Y -> N only


@dataclass(frozen=True)
class OptionSpec:
    """A yes/no option controlled by one decision maker.

    ``take_label`` and ``drop_label`` are the option's two directions in plain words, verbs in the
    infinitive ("keep the large exercises suspended", "resume the large exercises"); empty when
    the model gives none, and the words fall back to ``take <name>`` and ``drop <name>``.
    """

    name: str
    owner: int
    direction: Direction = Direction.BOTH
    description: str = ""
    take_label: str = ""
    drop_label: str = ""

    @property
    def take_words(self) -> str:
        """Taking the option up (N→Y) in words: its label, else ``take <name>``."""
        return self.take_label or f"take {self.name}"

    @property
    def drop_words(self) -> str:
        """Dropping the option (Y→N) in words: its label, else ``drop <name>``."""
        return self.drop_label or f"drop {self.name}"


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


@dataclass(frozen=True, repr=False)
class Conflict:
    """An immutable graph model in option form.

    Read one with :func:`standoff.load` (a file), :func:`standoff.loads`
    (text) or :func:`standoff.from_dict` (data), or build a two-party game
    from payoff matrices with :meth:`from_payoffs`. Its methods run the
    analyses: :meth:`analyze`, :meth:`explain`, :meth:`evolve`.

    Examples:
        >>> import standoff
        >>> standoff.load("examples/prisoners-dilemma.yaml")
        <Conflict "Prisoner's dilemma": 2 decision makers (Row, Column), 2 options,
         4 states before feasibility>
    """

    name: str
    options: tuple[OptionSpec, ...]
    decision_makers: tuple[DecisionMaker, ...]
    infeasible: tuple[Expression, ...] = ()
    status_quo: Expression | None = None
    named_states: tuple[NamedState, ...] = ()
    description: str = ""
    source: str = ""
    history: tuple[Any, ...] = ()
    targets: tuple[str, ...] = ()
    coalitions: tuple[tuple[int, ...], ...] = ()
    fixed: tuple[tuple[int, bool], ...] = ()
    structural: tuple[StructuralCall, ...] = ()
    """The structural judgement calls (uncertain directions, conditions and fixed options), in model order."""
    profile: tuple[str, ...] = ()
    """A concept key per decision maker, in model order (empty: none), the model file's ``profile``: each
    decision maker judged by its own concept (see :mod:`standoff.model.profile`)."""
    path: str | None = field(default=None, compare=False)
    extras: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def option_names(self) -> tuple[str, ...]:
        """The options' names in model order (the order of a pattern's characters)."""
        return tuple(o.name for o in self.options)

    @property
    def decision_maker_names(self) -> tuple[str, ...]:
        """The decision makers' names in model order."""
        return tuple(d.name for d in self.decision_makers)

    @property
    def fixed_conditions(self) -> tuple[Expression, ...]:
        """The fixed options as infeasibility conditions: ``not o`` for an option fixed at Y (a state with
        ``o`` = N is left out), ``o`` for one fixed at N."""
        from standoff.model.expressions import literal

        return tuple(literal(j, not value) for j, value in self.fixed)

    @property
    def feasibility_conditions(self) -> tuple[Expression, ...]:
        """Every condition that makes a state infeasible: the model's ``infeasible`` ones, then the fixed
        options' (see :meth:`fix`)."""
        return self.infeasible + self.fixed_conditions

    def fix(self, values: Mapping[str, bool | str]) -> Conflict:
        """This conflict with some options fixed at Y or N, so the analysis concentrates on the others.

        Fixing option ``o`` at Y is the infeasibility condition ``not o`` (at N, ``o``): the feasible
        states are those with the fixed values, and every move that would change a fixed option
        disappears with the states it would lead to. States are numbered among the remaining feasible
        states, so numbers differ from the unfixed model's; names and patterns stay. Options fixed
        before keep their value unless ``values`` names them again.

        Examples:
            >>> import standoff
            >>> hanoi = standoff.load("examples/hanoi-2019.yaml")
            >>> hanoi.fix({"close_punggye_ri": "Y", "return_remains": "Y"}).fixed_text
            'close_punggye_ri=Y, return_remains=Y'
        """
        from standoff.errors import StateError

        position = {name: j for j, name in enumerate(self.option_names)}
        chosen = dict(self.fixed)
        for name, value in values.items():
            if name not in position:
                import difflib

                close = difflib.get_close_matches(name, list(position), n=1, cutoff=0.6)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise StateError(
                    f"cannot fix {name!r}: no such option{hint}; the options are {', '.join(position)}"
                )
            if isinstance(value, str):
                if value.upper() not in ("Y", "N"):
                    raise StateError(f"cannot fix {name} at {value!r}: give Y or N")
                value = value.upper() == "Y"
            chosen[position[name]] = bool(value)
        return replace(self, fixed=tuple(sorted(chosen.items())))

    @property
    def fixed_text(self) -> str:
        """``close_punggye_ri=Y, return_remains=Y``: the fixed options, in model order ('' for none)."""
        return ", ".join(f"{self.options[j].name}={'Y' if value else 'N'}" for j, value in self.fixed)

    def describe(self, expression: Expression) -> str:
        """An expression of this model in the text form of the model language."""
        return to_text(expression, self.option_names)

    def analyze(
        self,
        concepts: str | Iterable[str] | None = None,
        *,
        profile: Mapping[str, str] | None = None,
    ) -> AnalysisResult:
        """Stability of every state for every decision maker (see :func:`standoff.analyze`).

        ``profile`` judges each decision maker by its own concept (``{"Row": "nash", "Column": "gmr"}``;
        the model's ``profile:`` when not given): the result's ``profile`` holds its equilibria.
        """
        from standoff.analyses.stability import analyze

        return analyze(self, concepts, profile=profile)

    @property
    def profile_concepts(self) -> dict[str, str]:
        """The model's profile as decision maker name -> concept key (empty: none)."""
        return dict(zip(self.decision_maker_names, self.profile, strict=True)) if self.profile else {}

    def with_profile(self, profile: Mapping[str, str] | None) -> Conflict:
        """This conflict with each decision maker judged by its own concept (``None``: no profile)."""
        from standoff.model.profile import read_profile

        return replace(self, profile=read_profile(self.decision_maker_names, profile) if profile else ())

    @renamed(coalitions="coalition")
    def analyze_coalitions(
        self, concepts: str | Iterable[str] | None = None, coalition: Iterable[str] | None = None
    ) -> CoalitionAnalysis:
        """Stability of every state for every coalition, or for those of ``coalition`` (``--coalition``
        of ``standoff coalitions``; see :func:`standoff.coalition_analysis`)."""
        from standoff.analyses.coalitions import coalition_analysis

        return coalition_analysis(self, concepts, coalition)

    def explain(
        self,
        state: str | int,
        concept: str = "seq",
        dm: str | int | None = None,
        *,
        profile: Mapping[str, str] | None = None,
    ) -> Explanation | LimitedMoveExplanation | UnknownExplanation:
        """Why ``state`` is stable or not, improvement by improvement (see :func:`standoff.explain`).

        For a limited-move concept (``l<h>``, ``nm``), each decision maker's anticipated line of play
        instead (see :func:`standoff.analyses.anticipation.explain_limited_move`); for an
        unknown-preference concept (``gmr_b``), the moves and sanctions that count under its extension
        (see :func:`standoff.analyses.unknown_explain.explain_unknown`). With ``profile``
        (``{"Row": "nash", "Column": "gmr"}``), each decision maker under its own concept.
        """
        from standoff.concepts import concept_key, is_limited_move, is_unknown_preference

        if profile is None and is_limited_move(concept_key(concept)):
            from standoff.analyses.anticipation import explain_limited_move

            return explain_limited_move(self, state, concept_key(concept), dm)
        if profile is None and is_unknown_preference(concept_key(concept)):
            from standoff.analyses.unknown_explain import explain_unknown

            return explain_unknown(self, state, concept_key(concept), dm)
        from standoff.analyses.explain import explain

        return explain(self, state, concept, dm, profile=profile)

    @renamed(target="to")
    def evolve(
        self,
        start: str | int | None = None,
        to: str | int | None = None,
        *,
        max_steps: int | None = None,
        concept: str = "seq",
        movers: int = 1,
        step_size: int | None = None,
    ) -> Evolution:
        """Where unilateral improvements lead from ``start`` (``--from``; the status quo by default), and
        whether they reach ``to`` (see :func:`standoff.evolve`). The names are ``standoff evolve``'s."""
        from standoff.analyses.evolution import evolve

        return evolve(
            self, start, to, max_steps=max_steps, concept=concept, movers=movers, step_size=step_size
        )

    @renamed(target="to")
    def roadmap(
        self,
        to: str | int,
        start: str | int | None = None,
        *,
        concept: str = "seq",
        step_size: int | None = 1,
        movers: int = 2,
        rule: str = "improve",
        max_roadmaps: int = 10,
        max_steps: int | None = None,
        detours: bool = False,
    ) -> Roadmap:
        """The shortest roadmaps from ``start`` (``--from``; the status quo by default) to the deal ``to``
        (see :func:`standoff.roadmap`). The names are ``standoff roadmap``'s."""
        from standoff.analyses.roadmap import roadmap

        return roadmap(
            self,
            to,
            start,
            concept=concept,
            step_size=step_size,
            movers=movers,
            rule=rule,
            max_roadmaps=max_roadmaps,
            max_steps=max_steps,
            detours=detours,
        )

    def exchanges(
        self,
        state: str | int | None = None,
        *,
        sides: tuple[str | int, str | int] | None = None,
        concept: str = "seq",
        step_size: int | None = 1,
    ) -> Exchanges:
        """Two sides' single steps against each other at a state (see :func:`standoff.exchanges`)."""
        from standoff.analyses.exchanges import exchanges

        return exchanges(self, state, sides=sides, concept=concept, step_size=step_size)

    @renamed(states="state")
    def robustness(
        self,
        *,
        samples: int = 1000,
        seed: int = 0,
        concepts: str | Iterable[str] | None = None,
        state: Iterable[str | int] = (),
        jobs: int | None = 1,
        scheduler: str | None = None,
    ) -> Robustness:
        """How robust each verdict is to the uncertain preferences; ``state`` lists the states whose
        verdicts to trace (``--state``; see :func:`standoff.robustness`)."""
        from standoff.analyses.robustness import robustness

        return robustness(
            self, samples=samples, seed=seed, concepts=concepts, states=state, jobs=jobs, scheduler=scheduler
        )

    @renamed(targets="to")
    def audit(
        self,
        concept: str = "seq",
        *,
        to: Iterable[str] = (),
        samples: int = 1000,
        seed: int = 0,
        jobs: int | None = 1,
        scheduler: str | None = None,
    ) -> Audit:
        """What the verdicts on the status quo and the named states rest on (see
        :func:`standoff.analyses.audit.audit`)."""
        from standoff.analyses.audit import audit

        return audit(self, concept, targets=to, samples=samples, seed=seed, jobs=jobs, scheduler=scheduler)

    @renamed(state="make", dms="dm")
    def whatif(
        self,
        make: str | int,
        concept: str = "seq",
        *,
        dm: str | int | Iterable[str | int] | None = None,
        max_cost: int | None = None,
        all_sets: bool = False,
    ) -> WhatIf:
        """The least change of the preferences that makes the state ``make`` an equilibrium, changing only
        the preferences of ``dm`` (a decision maker or several; every one by default). The names are
        ``standoff whatif``'s (see :func:`standoff.whatif`)."""
        from standoff.analyses.whatif import whatif

        dms = [dm] if isinstance(dm, str | int) else dm
        return whatif(self, make, concept, dms=dms, max_cost=max_cost, all_sets=all_sets)

    def report(
        self,
        concept: str | Iterable[str] = "seq",
        *,
        max_states: int | None = None,
        whatif: Iterable[str | int] = (),
        step_size: int = 1,
        movers: int = 2,
    ) -> Report:
        """What ``standoff report`` shows, as a :class:`standoff.Report` (``.save(path)`` writes the page;
        see :func:`standoff.report`); ``concept`` may name strength-of-preference and unknown-preference
        concepts (``("gmr", "gmr_strong")``) beside one ordinary concept."""
        from standoff.analyses.report import MAX_GRAPH_STATES, report

        chosen = MAX_GRAPH_STATES if max_states is None else max_states
        return report(self, concept, max_states=chosen, whatif=whatif, step_size=step_size, movers=movers)

    def timeline(self) -> Timeline:
        """The observed history checked against the model, as ``standoff timeline`` prints it (see
        :func:`standoff.timeline`)."""
        from standoff.analyses.history import timeline

        return timeline(self)

    def to_dict(self) -> dict[str, Any]:
        """The model as native-format data, as a YAML model file holds it (read back by :func:`from_dict`)."""
        from standoff.io.native import to_data

        return to_data(self)

    def to_networkx(self) -> nx.MultiDiGraph:
        """The state graph as a networkx ``MultiDiGraph``: feasible states and every unilateral move.

        Needs the optional networkx package (``pip install 'standoff[graph]'``);
        see :func:`standoff.analyses.graph.to_networkx` for the attributes.
        """
        from standoff.analyses.graph import to_networkx

        return to_networkx(self)

    @classmethod
    def from_payoffs(
        cls,
        row_payoffs: Sequence[Sequence[float]] | Any,
        column_payoffs: Sequence[Sequence[float]] | Any,
        *,
        row_options: Sequence[str] | None = None,
        col_options: Sequence[str] | None = None,
        names: tuple[str, str] = ("Row", "Column"),
        name: str = "Matrix game",
        status_quo: tuple[str, str] | None = None,
    ) -> Conflict:
        """A two-party conflict from a game in matrix form, as Nashpy's ``Game(A, B)`` takes it.

        See :func:`standoff.model.matrix_game.from_payoffs` for how strategies become options.
        """
        from standoff.model.matrix_game import from_payoffs

        return from_payoffs(
            row_payoffs,
            column_payoffs,
            row_options=row_options,
            col_options=col_options,
            names=names,
            name=name,
            status_quo=status_quo,
        )

    def __repr__(self) -> str:
        dms = ", ".join(self.decision_maker_names)
        m = len(self.options)
        return (
            f"<Conflict {self.name!r}: {len(self.decision_makers)} decision makers ({dms}), "
            f"{m} option{'s' * (m != 1)}, {2**m} states before feasibility>"
        )
