"""Request and response models of the HTTP API, grouped by resource. They are the OpenAPI schema at /docs."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.answer.followups import FollowUp
from assistant.guide import Figure, Guide, Problem
from assistant.offers.report import OfferComparison, OfferReport
from assistant.response import AnswerResponse
from assistant.serve.guide_document import Block, guide_document
from assistant.service import SearchHit

# Conversation ids are minted by the server (uuid4 hex); anything else is refused before it reaches the store.
CONVERSATION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class ErrorDetail(BaseModel):
    """Every 4xx and 5xx answer: one line saying what went wrong and, where possible, what to do."""

    detail: str
    owner_hint: str | None = Field(
        None, description="On a 403 for a site that may not embed the widget: for its owner, the setting to change"
    )


# --- chat ----------------------------------------------------------------------------------------


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str = Field(description="The question; its length limit is the server's max_question_chars")
    conversation_id: str | None = Field(
        None, pattern=CONVERSATION_ID_PATTERN, description="From an earlier answer, so follow-ups keep the context"
    )


CONTEXT_LOST = (
    "True when the request named a conversation the server no longer has (expired, evicted or unknown): "
    "the question was answered on its own, and conversation_id is a new conversation"
)


class ChatResponse(AnswerResponse):
    """The answer, plus the id that carries the conversation to the next question."""

    conversation_id: str
    context_lost: bool = Field(False, description=CONTEXT_LOST)
    answer_id: str = Field(description="Names this answer in POST /api/feedback")
    follow_ups: list[FollowUp] = Field(default_factory=list, description="Questions to ask next, each answerable")


# --- offer ---------------------------------------------------------------------------------------


class OfferRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    letter: str = Field(description="The offer letter's text, as pasted; its limit is the server's max_letter_chars")
    email: bool = Field(False, description="Also draft a counter e-mail")
    second_letter: str | None = Field(None, description="A second offer letter, to compare side by side")


class OfferResponse(BaseModel):
    report: OfferReport = Field(description="The (first) letter read, checked, added up; with its e-mail if asked")
    comparison: OfferComparison | None = Field(None, description="With a second letter: both, side by side")


class StreamMeta(BaseModel):
    """Data of the first `meta` event of a stream."""

    conversation_id: str
    context_lost: bool = Field(False, description=CONTEXT_LOST)


# --- feedback ------------------------------------------------------------------------------------


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answer_id: str = Field(pattern=CONVERSATION_ID_PATTERN, description="From the answer's answer_id")
    rating: Literal["up", "down"]
    reason: str | None = Field(None, max_length=2_000, description="Optional, one line (kept to 300 characters)")


class FeedbackReceipt(BaseModel):
    answer_id: str
    rating: Literal["up", "down"]
    reason: str


# --- guides --------------------------------------------------------------------------------------


class GuideSummary(BaseModel):
    id: str
    company: str
    role: str
    regions: list[str]
    currencies: list[str]
    last_updated: date | None
    warnings: list[str] = Field(description="One line per data-quality problem, staleness as of today")


class GuideList(BaseModel):
    count: int
    guides: list[GuideSummary]


class GuideSection(BaseModel):
    heading: str
    heading_path: list[str]
    start_line: int
    end_line: int


class GuideDetail(BaseModel):
    """The parsed guide and its source, line by line, so a citation can open the exact passage."""

    id: str
    company: str
    role: str
    title: str
    last_updated: date | None
    line_count: int
    sections: list[GuideSection]
    figures: list[Figure]
    problems: list[Problem]
    source_lines: list[str] = Field(description="The guide's lines; source_lines[n - 1] is line n")
    document: list[Block] = Field(description="The guide as typed blocks (headings, tables, lists...) with their lines")

    @classmethod
    def of(cls, guide: Guide, problems: list[Problem], source: str) -> GuideDetail:
        sections = [GuideSection.model_validate(section, from_attributes=True) for section in guide.sections]
        return cls(
            id=guide.id,
            company=guide.company,
            role=guide.role,
            title=guide.title,
            last_updated=guide.last_updated,
            line_count=guide.line_count,
            sections=sections,
            figures=guide.figures,
            problems=problems,
            source_lines=source.splitlines(),
            document=guide_document(source),
        )


# --- search --------------------------------------------------------------------------------------


class SearchResponse(BaseModel):
    query: str
    hits: list[SearchHit]


# --- health and admin ----------------------------------------------------------------------------


class HealthStatus(BaseModel):
    status: str


class BrokenStatus(BaseModel):
    status: Literal["broken"] = "broken"
    detail: str = Field(description="One sentence: which file is damaged or unreadable, and what to do")


class ReadyStatus(BaseModel):
    status: str = Field(description="ready, or degraded: vectors missing or unreachable, answers from keyword search")
    guides: int
    drift: str | None = Field(None, description="One sentence when the vector store disagrees with the catalog")
    vectors_checked: bool = Field(
        False,
        description="The worker has opened the vector store and counted it (after its first answer, or a few "
        "seconds after it starts); until then status and drift speak for the catalog alone",
    )
    warm: bool = Field(
        description="The index is loaded (names, keyword index, vectors); until then the first question waits for it"
    )
    model_loaded: bool = Field(
        False,
        description="The embedding model is loaded (on a thread of its own, after the first answer); until then "
        "questions answered by meaning (advice) rank passages by keywords alone, and say so (timings_ms.bm25_only)",
    )
    generation: str = Field(description="The index generation this worker answers from: the latest committed one")
