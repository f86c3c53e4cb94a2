"""The answer as every front end sees it: CLI, API, widget and evals share this model."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.guide import Component
from assistant.plan.model import Intent, Offered, QuestionPlan, Turn

__all__ = ["Intent", "Offered", "QuestionPlan", "Turn"]  # the plan travels with every answer


class FigureKind(StrEnum):
    benchmark = "benchmark"  # from a compensation table
    advice = "advice"  # the guide's own anchor / target / walk-away numbers


class Citation(BaseModel):
    number: int = Field(description="1-based; answers refer to it as [n]")
    guide_id: str
    company: str
    role: str
    section: str
    start_line: int
    end_line: int
    quote: str = Field(description="The cited passage, verbatim from the guide")
    table_header: list[str] | None = Field(
        None, description="When the quote is one table row: that table's header cells, as written"
    )


class QuotedFigure(BaseModel):
    """A figure the answer shows, with where it comes from."""

    text: str = Field(description="The figure as shown in the answer, e.g. £195K - £275K")
    currency: str | None
    low: int | None = None
    high: int | None = None
    kind: FigureKind
    component: Component | None = None
    region: str | None = None
    level: str | None = None
    not_paid: bool = Field(False, description="The guide says this component is not paid there")
    guide_id: str
    citation: int


class DerivedKind(StrEnum):
    top_quarter = "top_quarter"  # a band's top quarter: the fair ask it implies
    difference = "difference"  # how far one cited figure stands above another
    percent_of = "percent_of"  # an amount times a percentage: a bonus target given as a share of base
    vesting_share = "vesting_share"  # a grant times one year's vesting share: the equity that vests that year
    sum = "sum"  # amounts in one currency added up: a year's total of an offer


class InputSource(StrEnum):
    guide = "guide"  # a figure of the cited passage
    letter = "letter"  # a figure the user's own offer letter states
    derived = "derived"  # another derived figure of the same answer, computed before this one


class DerivedInput(BaseModel):
    """One figure a derived figure is computed from: a cited one, one of the user's letter, or one derived."""

    citation: int = Field(0, description="The cited passage; 0 for a figure of the letter or a derived one")
    currency: str = Field(description="ISO code; '%' for a percentage")
    value: int = Field(description="Whole units; 0 for a percentage, whose value is `percent`")
    percent: float | None = None
    source: InputSource = InputSource.guide
    label: str | None = Field(None, description="What the figure is, as the answer names it: 'base', 'bonus'")
    component: Component | None = None
    region: str | None = None
    place_keys: list[str] = Field(default_factory=list)
    guide_id: str | None = None


class DerivedFigure(BaseModel):
    """A figure the answer computes, typed: its inputs (cited figures), its rule, its result. The verifier
    recomputes it; an LLM engine may only repeat it."""

    kind: DerivedKind
    rule: str = Field(description="How it is computed, as the answer shows it beside the number")
    currency: str
    low: int
    high: int | None = None
    text: str = Field(description="As the answer writes it, e.g. £255K–£275K")
    inputs: list[DerivedInput]


class AnswerDetail(BaseModel):
    """A part of the answer below its lead: full table rows, the guide's advice, related passages."""

    title: str
    text: str = Field(description="Markdown with [n] citation markers")


class WarningKind(StrEnum):
    stale = "stale"
    defect = "defect"
    not_covered = "not_covered"
    verification = "verification"
    llm_error = "llm_error"
    index_drift = "index_drift"  # the vector store is unreachable or lost vectors: keyword search stood in


class AnswerWarning(BaseModel):
    kind: WarningKind
    message: str
    guide_id: str | None = None


class Verification(BaseModel):
    """What the verifier found, and what it did about it."""

    figures_checked: int = 0
    unsupported: list[str] = Field(default_factory=list, description="Figures in the draft no cited passage supports")
    action: str = Field("passed", description="passed | failed | repaired | fell_back")
    reasons: list[str] = Field(default_factory=list)


class AnswerResponse(BaseModel):
    question: str
    answer: str = Field(description="The lead: what was asked, on one screen (about 600 characters at most)")
    details: list[AnswerDetail] = Field(default_factory=list, description="What follows the lead, collapsed")
    derived: list[DerivedFigure] = Field(default_factory=list, description="Figures computed from cited ones")
    figures: list[QuotedFigure] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    warnings: list[AnswerWarning] = Field(default_factory=list)
    refused: bool = Field(False, description="True when the guides don't cover the question")
    engine: str
    plan: QuestionPlan = Field(default_factory=QuestionPlan)
    retrieved_guides: list[str] = Field(default_factory=list, description="Guide ids of retrieved passages, best first")
    verification: Verification = Field(default_factory=Verification)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    conversation_id: str | None = None

    @property
    def full_text(self) -> str:
        """Everything the answer shows: the lead, then each detail under its title."""
        parts = [self.answer] + [f"**{detail.title}**\n{detail.text}" for detail in self.details]
        return "\n\n".join(part for part in parts if part)


class StreamEvent(BaseModel):
    """What a streaming answer yields: verified text, a replacement, then the final response."""

    kind: str = Field(description="token | replace | done")
    text: str | None = None
    response: AnswerResponse | None = None
