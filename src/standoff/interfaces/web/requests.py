"""What the API's routes accept: a model file's text and the options of the command of the same name."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from standoff.concepts import CONCEPT_LIST, CONCEPTS
from standoff.interfaces.web.models import SUFFIXES, Format, detected_format

MAX_MODEL_CHARS = 4_000_000
"""The longest model text accepted (a .gmcr file of a few thousand states is well under this)."""

ALL_CONCEPTS = list(CONCEPTS)
MAX_CONCEPTS = 32
"""Concepts one request may name: the six, the three strong ones, the sixteen unknown-preference ones and
a few limited-move horizons."""
Name = Field(
    default="",
    max_length=200,
    description="The file's name, which errors name (an uploaded file's own); when not given, "
    "model.yaml, model.json or model.gmcr after the format.",
)
State = Field(max_length=2000, description="A state: number, name from the model, pattern or expression.")
Concept = Field(default="seq", max_length=20, description=f"One stability concept: {CONCEPT_LIST}.")


def _suffix(name: str) -> str:
    stem = name.rsplit("/", 1)[-1]
    return "." + stem.rsplit(".", 1)[-1].lower() if "." in stem else ""


class ModelText(BaseModel):
    """A model file's text: native YAML or JSON, or a GMCR+ / gmcr-py ``.gmcr`` file."""

    model_config = ConfigDict(extra="forbid")

    model: str = Field(max_length=MAX_MODEL_CHARS, description="The text of the model file.")
    format: Format = Field(
        default="yaml",
        description="The text's format; when not given, the name's extension tells, else the text "
        "(a JSON object with decision_makers is native JSON, any other JSON object a .gmcr file, "
        "anything else YAML).",
    )
    name: str = Name

    @model_validator(mode="after")
    def _name_and_format(self) -> ModelText:
        if "format" not in self.model_fields_set:
            self.format = SUFFIXES.get(_suffix(self.name)) or detected_format(self.model)
        if not self.name:
            self.name = f"model.{self.format}"
        return self


class AnalyzeRequest(ModelText):
    """``standoff analyze``: stability of every state for every decision maker."""

    concepts: list[str] = Field(default_factory=lambda: list(ALL_CONCEPTS), max_length=MAX_CONCEPTS)
    profile: dict[str, str] | None = Field(
        default=None,
        max_length=64,
        description="A concept per decision maker (name -> concept), as `standoff analyze --profile`: the "
        "answer's `profile` lists the states stable for each under its own. Without it, the model's "
        "`profile:`, if it has one.",
    )
    equilibria_only: bool = False
    text: bool = Field(default=False, description="Add the command's table as text (slow for big models).")


class ExplainRequest(ModelText):
    """``standoff explain``: why a state is stable (or not), sanction by sanction."""

    state: str = State
    dm: str | None = Field(default=None, max_length=200)
    concept: str = Concept
    profile: dict[str, str] | None = Field(
        default=None,
        max_length=64,
        description="Each decision maker judged by its own concept (name -> concept), as "
        "`standoff explain --profile`; `concept` is then not used.",
    )
    picture: bool = Field(
        default=True, description="Also draw the explanation (svg), as `standoff explain --format svg` does."
    )


class EvolveRequest(ModelText):
    """``standoff evolve``: where unilateral improvements lead from the status quo (or ``start``)."""

    start: str | None = Field(default=None, max_length=2000)
    target: str | None = Field(default=None, max_length=2000)
    max_steps: int | None = Field(default=None, ge=0, le=1000)
    concept: str = Concept
    movers: int = Field(default=1, ge=1, le=8)
    step_size: int | None = Field(default=None, ge=1, le=64)
    picture: bool = Field(
        default=True, description="Also draw the answer (svg), as the command's `--format svg` does."
    )


class RoadmapRequest(ModelText):
    """``standoff roadmap``: an order of steps from the status quo to a deal, each stage holding."""

    target: str = Field(max_length=2000)
    start: str | None = Field(default=None, max_length=2000)
    concept: str = Concept
    step_size: int = Field(default=1, ge=1, le=64)
    movers: int = Field(default=2, ge=1, le=8)
    rule: Literal["improve", "target"] = "improve"
    max_roadmaps: int = Field(default=10, ge=1, le=100)
    max_steps: int | None = Field(default=None, ge=0, le=1000)
    detours: bool = False
    picture: bool = Field(
        default=True, description="Also draw the answer (svg), as the command's `--format svg` does."
    )


class WhatifRequest(ModelText):
    """``standoff whatif``: the least change of preferences after which a state holds."""

    make: str = State
    concept: str = Concept
    dms: list[str] | None = Field(default=None, max_length=64)
    max_cost: int | None = Field(default=None, ge=0, le=20)
    all_sets: bool = False


class RobustnessRequest(ModelText):
    """``standoff robustness``: how each verdict fares over the model's judgement calls."""

    samples: int = Field(default=1000, ge=1, le=10_000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    concepts: list[str] = Field(default_factory=lambda: list(ALL_CONCEPTS), max_length=12)
    states: list[str] = Field(default_factory=list, max_length=64)
    picture: bool = Field(
        default=True, description="Also draw the answer (svg), as the command's `--format svg` does."
    )


class AuditRequest(ModelText):
    """``standoff audit``: what each verdict on the named states rests on."""

    concept: str = Concept
    samples: int = Field(default=1000, ge=1, le=10_000)
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    targets: list[str] = Field(default_factory=list, max_length=16)
    picture: bool = Field(
        default=True, description="Also draw the answer (svg), as the command's `--format svg` does."
    )


class CoalitionsRequest(ModelText):
    """``standoff coalitions``: which states each coalition of decision makers can upset."""

    concepts: list[str] = Field(default_factory=lambda: ["cnash", "cgmr", "csmr", "cseq"], max_length=8)
    coalitions: list[str] | None = Field(default=None, max_length=64, description="Members joined by +.")
    equilibria_only: bool = False


class GraphRequest(ModelText):
    """The state graph to draw: up to ``max_states`` states, else the part around the status quo."""

    concept: str = Concept
    concepts: list[str] = Field(
        default_factory=lambda: list(ALL_CONCEPTS),
        max_length=MAX_CONCEPTS,
        description="The concepts analysed, as `standoff analyze --concepts` (`concept` is analysed too): "
        "each state's equilibria name them. Strength of preference (gmr_strong, ...) only for a model that "
        "states strong preferences; the unknown-preference concepts (nash_a ... seq_d) under extensions a "
        "and c, and SMR under every one, up to 16,384 states.",
    )
    max_states: int = Field(default=1000, ge=1, le=1000)
    around: list[int] = Field(
        default=[],
        max_length=100,
        description="State numbers whose neighbours (one move away) join the drawing of a large model.",
    )
    radius: int | None = Field(
        default=None,
        ge=1,
        le=10,
        description="Draw every state within this many moves of the status quo instead of the focused "
        "view (refused when more than max_states).",
    )


class LiveRequest(GraphRequest):
    """What the editor shows after an edit: validation, analysis, the model's data and the graph."""

    max_listed_states: int | None = Field(
        default=None,
        ge=0,
        description="Above this many states, ``analysis`` is the summary that ``/api/table`` pages go with "
        "(no per-state list); None: the whole analysis up to 1,048,576 states (the summary above).",
    )

    rewrite: Format | None = Field(
        default=None, description="Also write the model in this format (after the editor's forms changed it)."
    )

    graph: bool = Field(
        default=True,
        description="Also the state graph (``graph``); the page asks for it only while the graph is shown.",
    )


class TableRequest(ModelText):
    """A page of the stability table, filtered and sorted as the page does, for a model too large to
    send whole: the rows are entries of ``standoff analyze --format json``'s ``states``."""

    concepts: list[str] = Field(default_factory=lambda: list(ALL_CONCEPTS), max_length=MAX_CONCEPTS)
    offset: int = Field(default=0, ge=0, description="Rows to skip (after filtering and sorting).")
    limit: int = Field(default=100, ge=1, le=1000, description="Most rows answered.")
    dm: str | None = Field(default=None, max_length=200, description="Verdicts for this decision maker.")
    concept: str | None = Field(default=None, max_length=20, description="The one concept shown.")
    show: Literal["all", "stable", "named", "focus"] = "all"
    find: str = Field(
        default="", max_length=200, description="A state's number, or text in its pattern or name."
    )
    sort: str = Field(default="number", max_length=20, description="number, name, pattern or a concept.")
    descending: bool = False


class ConvertRequest(ModelText):
    """``standoff convert``: the model written in another format."""

    to: Format = "yaml"


class ReportRequest(ModelText):
    """``standoff report``: the HTML report, one self-contained page."""

    concept: str = Concept
