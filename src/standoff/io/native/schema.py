"""The native format's schema: pydantic classes whose JSON Schema is the published one."""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Discriminator, Field, Strict, Tag, model_validator
from pydantic_core import PydanticCustomError

__all__ = [
    "PREFERENCE_KINDS",
    "SHORTHANDS",
    "ConditionEntry",
    "DecisionMakerEntry",
    "FixedEntry",
    "ModelFile",
    "NamedStateEntry",
    "OptionEntry",
    "OptionLabels",
    "PayoffEntry",
    "PreferencesEntry",
    "RankingGroupEntry",
    "StatementEntry",
    "json_schema",
    "schema_text",
]

PREFERENCE_KINDS = ("prioritization", "ranking", "payoffs")
SHORTHANDS = ("mutually_exclusive", "at_least_one", "exactly_one")


class _Strict(BaseModel):
    """Every mapping of the format: unknown keys are errors (a typo is reported, not ignored)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        if isinstance(data, dict):
            allowed = list(cls.model_fields)
            for key in data:
                if key not in cls.model_fields:
                    close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
                    hint = f" (did you mean {close[0]!r}?)" if close else ""
                    raise PydanticCustomError(
                        "unknown_key",
                        "unknown key {key}{hint}; allowed here: {allowed}",
                        {"key": repr(key), "hint": hint, "allowed": ", ".join(allowed), "name": key},
                    )
        return data


def _optional_list(schema: dict[str, Any]) -> None:
    """Schema of a list that may be left out but, when given, is not empty (and never null)."""
    schema.pop("default", None)
    schema["minItems"] = 1


def _omit_default(schema: dict[str, Any]) -> None:
    """Schema of a key whose default is left unsaid."""
    schema.pop("default", None)


def _not_null(schema: dict[str, Any]) -> None:
    """Schema of a key that may be left out but, when given, is never null."""
    schema.pop("default", None)
    branches = [b for b in schema.pop("anyOf", []) if b.get("type") != "null"]
    if len(branches) == 1:
        schema.update(branches[0])


def _text_or(form: type[object], tag: str, error: str, expected: str) -> Discriminator:
    """Tag a value "as text", or ``tag`` when it is a ``form``; one clear error when it is neither."""

    def choose(value: Any) -> str | None:
        if isinstance(value, str):
            return "as text"
        return tag if isinstance(value, form) else None

    return Discriminator(choose, custom_error_type=error, custom_error_message=expected)


def _text_or_mapping_error(expected: str) -> Discriminator:
    """Pick the text or the mapping form of a value; one clear error when it is neither."""
    return _text_or(dict, "as mapping", "text_or_mapping", expected)


def _optional_list_field(description: str) -> Any:
    """A list key that may be left out but, when given, is not empty."""
    return Field(default_factory=list, description=description, json_schema_extra=_optional_list)


Text = Annotated[str, Field(description="A pattern (one Y, N or - per option, in order) or an expression.")]


class OptionLabels(_Strict):
    """The option's two directions in plain words, each a verb phrase in the infinitive."""

    take: str = Field(
        default="",
        description="Taking the option up (N->Y), e.g. 'keep the large exercises suspended'; "
        "without it, 'take <name>'.",
        json_schema_extra=_omit_default,
    )
    drop: str = Field(
        default="",
        description="Dropping the option (Y->N), e.g. 'resume the large exercises'; "
        "without it, 'drop <name>'.",
        json_schema_extra=_omit_default,
    )


Weight = Annotated[
    float,
    Field(
        gt=0,
        le=1,
        description="The analyst's confidence (above 0, at most 1) that the item is right as written; its "
        "alternatives share the rest. standoff robustness and audit report the share of readings under "
        "these weights beside the plain share.",
    ),
]
Note = Annotated[str, Field(description="The modeller's judgement or comment (for a judgement call: why).")]
DirectionName = Literal["both", "forward", "backward"]


class OptionEntry(_Strict):
    """A yes/no option controlled by the decision maker it is listed under."""

    name: str = Field(description="Unique among all options of the model.")
    description: str = ""
    direction: Literal["both", "forward", "backward"] = Field(
        default="both",
        description="both (default), forward (N->Y only, irreversible) or backward (Y->N only).",
    )
    labels: OptionLabels = Field(
        default_factory=OptionLabels,
        description="The option's two directions in plain words (take: N->Y, drop: Y->N), used wherever "
        "standoff describes a move.",
        json_schema_extra=_omit_default,
    )
    uncertain: Annotated[
        bool,
        Strict(),
        Field(
            description="The option's direction is a judgement call: standoff robustness and audit also "
            "analyse it with each direction in or_instead.",
            json_schema_extra=_omit_default,
        ),
    ] = False
    or_instead: list[DirectionName] = _optional_list_field(
        "The other directions an uncertain direction may have (default: both, or for an option whose "
        "direction is both, forward and backward)."
    )
    note: Note = Field(default="", json_schema_extra=_omit_default)
    weight: Weight | None = Field(default=None, json_schema_extra=_not_null)


Positions = Annotated[
    list[Annotated[int, Strict(), Field(ge=1)]],
    Field(
        min_length=2,
        max_length=2,
        description="The plausible places of an uncertain item, first and last (1 = most important), "
        "both included, e.g. [2, 4].",
    ),
]
Uncertain = Annotated[
    bool,
    Strict(),
    Field(
        description="A judgement call: the item may take any place in the list (or one in positions); "
        "standoff robustness analyses every admissible order.",
    ),
]


SourceKind = Annotated[
    Literal["statement", "reporting", "analysis"],
    Field(
        description="What the source is: statement (a party's own words: its leaders, officials or "
        "the documents it signed), reporting (a journalist's or official's account of what a party "
        "said or did) or analysis (an analyst's claim or inference, the modeller's own included).",
    ),
]


class StatementEntry(_Strict):
    """One option prioritization statement with where it comes from."""

    statement: Text
    source: str = Field(default="", description="A quote from the source that justifies the statement.")
    source_kind: SourceKind | None = Field(default=None, json_schema_extra=_not_null)
    note: str = Field(default="", description="The modeller's judgement or comment.")
    uncertain: Uncertain = Field(default=False, json_schema_extra=_omit_default)
    or_instead: list[Text] = _optional_list_field(
        "Other plausible wordings of an uncertain statement (each an expression), in its place."
    )
    positions: Positions = Field(default_factory=list, json_schema_extra=_omit_default)
    weight: Weight | None = Field(default=None, json_schema_extra=_not_null)
    strong: Annotated[
        bool,
        Strict(),
        Field(
            description="Strength of preference: a state meeting the statement is strongly preferred to "
            "one that does not when it is the most important statement on which they differ. Strong "
            "statements come first, before any mild one.",
            json_schema_extra=_omit_default,
        ),
    ] = False


class PayoffEntry(_Strict):
    """A payoff: every state matching state receives value (the values of several entries add up)."""

    state: Text
    value: Annotated[float, Strict()]


StatementItem = Annotated[
    Annotated[Text, Tag("as text")] | Annotated[StatementEntry, Tag("as mapping")],
    _text_or_mapping_error("expected a statement: an expression, or a mapping with statement:"),
]


class RankingGroupEntry(_Strict):
    """A ranking entry with its notes, or marked uncertain: its place in the ranking is a judgement call."""

    group: Annotated[str, Tag("as text")] | Annotated[list[str], Tag("as group"), Field(min_length=1)] = (
        Field(description="A pattern or expression, or a list of them (a tie).")
    )
    source: str = Field(default="", description="A quote from the source that justifies the place.")
    note: str = Field(default="", description="The modeller's judgement or comment.")
    uncertain: Uncertain = Field(default=False, json_schema_extra=_omit_default)
    positions: Positions = Field(default_factory=list, json_schema_extra=_omit_default)
    weight: Weight | None = Field(default=None, json_schema_extra=_not_null)


class UnknownGroupEntry(_Strict):
    """Ranking entries whose states the decision maker cannot rank against each other, in this place."""

    unknown: list[str] = Field(
        min_length=2,
        description="Patterns or expressions, mutually unknown: the states of one are tied, those of "
        "different ones unknown against each other (read as a tie by the ordinary concepts).",
    )
    source: str = Field(default="", description="A quote from the source that justifies the place.")
    note: str = Field(default="", description="The modeller's judgement or comment.")


def _ranking_kind(value: Any) -> str | None:
    """Which form of ranking entry ``value`` is: text, a group, a mapping with group: or with unknown:."""
    if isinstance(value, str):
        return "as text"
    if isinstance(value, list):
        return "as group"
    if isinstance(value, dict):
        return "as unknown" if "unknown" in value and "group" not in value else "as mapping"
    return None


RankingItem = Annotated[
    Annotated[str, Tag("as text")]
    | Annotated[list[str], Tag("as group"), Field(min_length=1)]
    | Annotated[RankingGroupEntry, Tag("as mapping")]
    | Annotated[UnknownGroupEntry, Tag("as unknown")],
    Discriminator(
        _ranking_kind,
        custom_error_type="ranking_entry",
        custom_error_message=(
            "expected a ranking entry: a pattern or expression, a list of them, or a mapping with group: "
            "or unknown:"
        ),
    ),
]


class PreferencesEntry(_Strict):
    """A decision maker's preferences: exactly one of prioritization, ranking or payoffs."""

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": [kind]} for kind in PREFERENCE_KINDS]},
    )

    prioritization: list[StatementItem] = _optional_list_field(
        "Statements, most important first: a state scores 2^(q-t) per statement t it satisfies."
    )
    ranking: list[RankingItem] = _optional_list_field(
        "Most preferred first; each entry a pattern or expression, a list of them (a tie), a mapping "
        "with group: (and source:, note:, uncertain:, positions:), or with unknown: (states whose order "
        "the decision maker does not know). An entry '>>' between two entries splits the ranking into "
        "tiers: states above it are strongly preferred to those below."
    )
    payoffs: list[PayoffEntry] = _optional_list_field(
        "A state's payoff is the sum of the values of the entries it matches."
    )
    uncertain: Annotated[
        bool,
        Strict(),
        Field(
            description="The whole ordering is a judgement call: every statement (or ranking group) may "
            "take any place.",
            json_schema_extra=_omit_default,
        ),
    ] = False
    strong_threshold: (
        Annotated[
            float,
            Strict(),
            Field(
                gt=0,
                description="Payoffs only: a state is strongly preferred to another when its payoff "
                "is higher by at least this much.",
            ),
        ]
        | None
    ) = Field(default=None, json_schema_extra=_not_null)


OptionItem = Annotated[
    Annotated[str, Tag("as text")] | Annotated[OptionEntry, Tag("as mapping")],
    _text_or_mapping_error("expected an option: a name, or a mapping with name:"),
]


class DecisionMakerEntry(_Strict):
    """A decision maker, the options it controls (in model order) and its preferences."""

    name: str = Field(description="Unique among decision makers.")
    description: str = ""
    options: list[OptionItem] = Field(json_schema_extra={"minItems": 1})
    preferences: PreferencesEntry
    misperceived: list[Text] = Field(
        default_factory=list,
        description="States this decision maker does not perceive: it can move neither into nor out of them.",
    )


class MutuallyExclusive(_Strict):
    """At most one of the listed options is Y: a state with two or more of them is infeasible."""

    mutually_exclusive: list[Text] = Field(min_length=2)


class AtLeastOne(_Strict):
    """At least one of the listed options is Y: a state with none of them is infeasible."""

    at_least_one: list[Text] = Field(min_length=1)


class ExactlyOne(_Strict):
    """Exactly one of the listed options is Y."""

    exactly_one: list[Text] = Field(min_length=1)


class ConditionEntry(_Strict):
    """An infeasibility condition with its reason, or marked uncertain: it may not hold."""

    condition: Text
    note: Note = Field(default="", json_schema_extra=_omit_default)
    uncertain: Annotated[
        bool,
        Strict(),
        Field(
            description="Whether the condition holds is a judgement call: standoff robustness and audit "
            "also analyse the model without it.",
            json_schema_extra=_omit_default,
        ),
    ] = False
    weight: Weight | None = Field(default=None, json_schema_extra=_not_null)


def _infeasible_kind(value: Any) -> str | None:
    """Which form of infeasibility entry ``value`` is: text, a condition mapping or one shorthand."""
    if isinstance(value, str):
        return "as text"
    if isinstance(value, dict):
        keys = [k for k in (*SHORTHANDS, "condition") if k in value]
        if len(keys) != 1:
            return None
        return "as condition" if keys[0] == "condition" else keys[0]
    return None


InfeasibleItem = Annotated[
    Annotated[Text, Tag("as text")]
    | Annotated[MutuallyExclusive, Tag("mutually_exclusive")]
    | Annotated[AtLeastOne, Tag("at_least_one")]
    | Annotated[ExactlyOne, Tag("exactly_one")]
    | Annotated[ConditionEntry, Tag("as condition")],
    Discriminator(
        _infeasible_kind,
        custom_error_type="infeasible_entry",
        custom_error_message=(
            "expected an infeasibility condition: an expression or pattern, a mapping with condition: (and "
            "note:, uncertain:), or a mapping with exactly one of mutually_exclusive, at_least_one, "
            "exactly_one"
        ),
    ),
]


class NamedStateEntry(_Strict):
    """A state (or set of states) the analyst refers to by name."""

    state: Text
    description: str = ""


NamedStateItem = Annotated[
    Annotated[Text, Tag("as text")] | Annotated[NamedStateEntry, Tag("as mapping")],
    _text_or_mapping_error("expected a named state: a pattern or expression, or a mapping with state:"),
]


class FixedEntry(_Strict):
    """A fixed option with its reason, or marked uncertain: the option may be free."""

    value: Literal["Y", "N"]
    note: Note = Field(default="", json_schema_extra=_omit_default)
    uncertain: Annotated[
        bool,
        Strict(),
        Field(
            description="Whether the option is fixed is a judgement call: standoff robustness and audit "
            "also analyse the model with the option free.",
            json_schema_extra=_omit_default,
        ),
    ] = False
    weight: Weight | None = Field(default=None, json_schema_extra=_not_null)


def _fixed_kind(value: Any) -> str | None:
    """Which form of fixed value ``value`` is: Y or N, or a mapping with value:."""
    if isinstance(value, str):
        return "as text"
    return "as mapping" if isinstance(value, dict) else None


FixedItem = Annotated[
    Annotated[Literal["Y", "N"], Tag("as text")] | Annotated[FixedEntry, Tag("as mapping")],
    Discriminator(
        _fixed_kind,
        custom_error_type="fixed_entry",
        custom_error_message="expected Y or N, or a mapping with value: (and note:, uncertain:)",
    ),
]


class ModelFile(_Strict):
    """A standoff conflict model in the graph model for conflict resolution (option form)."""

    model_config = ConfigDict(title="standoff model")

    name: str
    description: str = ""
    source: str = Field(default="", description="The citation for a published case.")
    notes: str = Field(default="", description="Free text for the analyst; standoff keeps it and ignores it.")
    decision_makers: list[DecisionMakerEntry] = Field(json_schema_extra={"minItems": 2})
    option_order: list[str] = _optional_list_field(
        "The model order of the options (every option once), when it is not the order they are listed "
        "in. Patterns and state numbers follow the model order."
    )
    infeasible: list[InfeasibleItem] = Field(
        default_factory=list, description="A state matching any entry is infeasible."
    )
    status_quo: Text = Field(
        default="",
        description="A pattern, an expression or the name of a named state.",
        json_schema_extra=_omit_default,
    )
    states: dict[str, NamedStateItem] = Field(
        default_factory=dict, description="Named states: name -> pattern or expression."
    )
    history: list[dict[str, Any]] = Field(
        default_factory=list, description="The recorded history of the conflict (free-form entries)."
    )
    targets: list[Text] = Field(
        default_factory=list,
        description="Deals to reach from the status quo: named states, patterns or conditions over options "
        "(every state satisfying one is a target). The report shows a roadmap to each.",
    )
    fixed: dict[str, FixedItem] = Field(
        default_factory=dict,
        description="Options fixed at Y or N (option name -> Y or N), so the analysis concentrates on the "
        "others: only the states with these values are feasible, and moves that would change them do not "
        "exist (the same as the infeasibility conditions 'not o' for o fixed at Y, 'o' for o fixed at N). "
        "A mapping {value: Y, uncertain: true, note: ...} marks a fixed value as a judgement call.",
        json_schema_extra=_omit_default,
    )
    coalitions: list[list[str]] = _optional_list_field(
        "A grouping of the decision makers (each a list of names; each decision maker in at most one), "
        "as GMCR+ and gmcr-py keep it in .gmcr files. standoff coalitions analyses every coalition "
        "whatever this says; pass --coalition to analyse only some."
    )
    profile: dict[str, str] = Field(
        default_factory=dict,
        description="A stability concept per decision maker (decision maker name -> concept: nash, gmr, smr, "
        "seq, sim or seqsim; with two decision makers also l1, l2, ... or nm), every decision maker once, "
        "as GMCR II allowed: a state is an equilibrium under the profile when it is stable for each "
        "decision maker under its own concept. standoff analyze shows these equilibria beside the others.",
        json_schema_extra=_omit_default,
    )


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the native format: docs/reference/model.schema.json."""
    schema = ModelFile.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def schema_text() -> str:
    """The JSON Schema as the text of docs/reference/model.schema.json."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
