"""The offer answers as every front end sees them (CLI, API, widget): models only, so the web app can name them
without loading the answer chain (assistant/offers/assess.py fills them)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.offers.model import Offer
from assistant.offers.years import YearTotal
from assistant.response import AnswerResponse, Citation, DerivedFigure, Verification


class CounterEmail(BaseModel):
    text: str = Field(description="The e-mail to send: no source markers or labels; [brackets] to fill in")
    marked: str = Field(description="The same e-mail with its markers and labels, as the verifier checked it")
    sources: list[Citation] = Field(default_factory=list, description="Where each guide figure comes from")
    derived: list[DerivedFigure] = Field(default_factory=list)
    verification: Verification = Field(default_factory=Verification)
    template: str = Field(description="The template file it was filled from")
    rewritten: bool = Field(False, description="An LLM rewrote the wording, and the rewrite passed the verifier")
    rewrite_note: str | None = Field(None, description="Why an LLM's rewrite was not used, when it wasn't")

    @property
    def note(self) -> str:
        cited = "; ".join(f"[{c.number}] {c.company} · {c.role} · {c.section} · line {c.start_line}"
                          for c in self.sources)  # fmt: skip
        return f"Figures checked: {self.verification.figures_checked}, {self.verification.action}. Sources: " + (
            cited or "none") + "."  # fmt: skip


class OfferReport(BaseModel):
    """One offer, assessed: the letter as read, the verified answer, and each year's totals."""

    offer: Offer
    response: AnswerResponse
    years: list[YearTotal] = Field(default_factory=list)
    yearly_notes: list[str] = Field(default_factory=list, description="What the totals leave out, and why")
    email: CounterEmail | None = None


class OfferComparison(BaseModel):
    first: OfferReport
    second: OfferReport
    lines: list[str] = Field(default_factory=list)
    differences: list[DerivedFigure] = Field(default_factory=list)
    verification: Verification = Field(default_factory=Verification)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)
