"""From an engine's text to the response the user sees: cite, warn, verify, repair or fall back, renumber.

Whatever the engine writes, the verifier has the last word: the offline engine's draft is repaired
line by line if ever needed; an LLM's draft with an unsupported figure is replaced by the offline answer.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date

from assistant.answer.compose import compose_offline
from assistant.answer.numbering import cited_numbers, renumbered
from assistant.answer.warnings import collect_warnings
from assistant.evidence import Passage, StatedLines
from assistant.response import (
    AnswerDetail,
    AnswerResponse,
    AnswerWarning,
    QuestionPlan,
    Turn,
    Verification,
    WarningKind,
)
from assistant.retrieve.gather import Gathered
from assistant.verify import LetterFigures, repair, verify
from assistant.verify.recital import recites

OFFLINE_ENGINE = "offline"
RECITAL = "the draft repeats the prompt's own instructions"
UNSUPPORTED_WARNING = "The LLM's draft had a figure its sources don't support; this is the verified answer instead."
RECITED_WARNING = "The LLM's draft repeated its instructions instead of answering; this is the verified answer instead."
logger = logging.getLogger(__name__)


@dataclass
class Answering:
    """One question on its way through the chain: what each stage found, and how long each took."""

    question: str
    history: list[Turn]
    plan: QuestionPlan
    gathered: Gathered
    today: date
    started: float
    timings: dict[str, float] = field(default_factory=dict)
    offline: AnswerResponse | None = None  # the offline engine's answer: the answer, or an LLM draft's fallback
    stated: StatedLines = field(default_factory=dict)  # what each of the offline answer's figure lines states
    llm_error: str | None = None
    index_warnings: list[AnswerWarning] = field(default_factory=list)  # e.g. keyword search stood in for vectors
    instructions: frozenset[tuple[str, ...]] = frozenset()  # the LLM prompt's own text, which no answer may recite
    letter: LetterFigures | None = None  # the user's own figures (an offer letter's), which labelled lines may show

    def lap(self, stage: str, since: float) -> None:
        self.timings[stage] = elapsed_ms(since)

    @property
    def passages(self) -> dict[int, Passage]:
        return self.gathered.evidence.by_number()


def draft_response(answering: Answering, text: str, engine: str, refused: bool = False,
                   details: list[AnswerDetail] | None = None) -> AnswerResponse:  # fmt: skip
    """A draft as a response: it cites the passages its markers name, and carries the sources' warnings."""
    passages = answering.passages
    shown = "\n".join([text, *(detail.text for detail in details or [])])
    cited = [passages[number] for number in cited_numbers(shown) if number in passages]
    return AnswerResponse(
        question=answering.question,
        answer=text,
        details=details or [],
        citations=[passage.citation() for passage in cited],
        warnings=collect_warnings(answering.gathered, cited, refused, answering.plan, answering.today),
        refused=refused,
        engine=engine,
        plan=answering.plan,
        retrieved_guides=answering.gathered.retrieved_guides,
    )


def offline_response(answering: Answering, covered_companies: list[str]) -> AnswerResponse:
    """The offline engine's answer, written from the typed figures; it shows only figures it cites."""
    draft = compose_offline(answering.plan, answering.gathered, covered_companies, answering.question)
    answering.stated = draft.stated
    response = draft_response(answering, draft.text, OFFLINE_ENGINE, refused=draft.refused, details=draft.details)
    cited = {citation.number for citation in response.citations}
    response.figures = [figure for figure in draft.figures if figure.citation in cited]
    response.derived = draft.derived
    return response


def final_response(answering: Answering, draft: AnswerResponse) -> AnswerResponse:
    """The verified answer, its sources numbered without gaps, with the timings of every stage."""
    mark = time.perf_counter()
    response = _checked(draft, answering)
    if answering.llm_error:
        response.warnings.append(AnswerWarning(kind=WarningKind.llm_error,
                                               message=f"The LLM backend failed ({answering.llm_error[:200]}); "
                                                       "this is the offline answer."))  # fmt: skip
    response.warnings.extend(answering.index_warnings)
    response = renumbered(response)  # the one place numbering changes: after verification, before anyone sees it
    answering.lap("verify", mark)
    response.timings_ms = {**answering.timings, "total": elapsed_ms(answering.started)}
    return response


def elapsed_ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)


def _checked(draft: AnswerResponse, answering: Answering) -> AnswerResponse:
    offline = answering.offline
    assert offline is not None, "the offline answer is written before any draft is checked"
    if draft is not offline:
        # An LLM writes the lead from the evidence; the details below it stay the offline engine's quotes, and
        # the only computed figures it may repeat are the ones the offline engine derived.
        draft.details, draft.derived = offline.details, offline.derived
    stated = answering.stated if draft is offline else None  # an LLM's draft is read for the names it writes
    result = verify(draft.full_text, answering.passages, answering.gathered.vocabulary, draft.derived, stated,
                    answering.letter)  # fmt: skip
    if draft is not offline and recites(draft.answer, answering.instructions):
        result.action = "failed"
        result.reasons.append(RECITAL)
    if result.action == "passed":
        draft.verification = result
        return draft
    if draft is not offline:
        return _fallen_back(offline, answering, result)
    return _repaired(draft, answering)


def _fallen_back(offline: AnswerResponse, answering: Answering, result: Verification) -> AnswerResponse:
    """The offline answer in place of an LLM draft that failed. What the draft invented is kept in the verification
    record and the log, never repeated in the warning a reader sees."""
    fallback = _checked(offline, answering)
    fallback.verification = Verification(figures_checked=result.figures_checked, unsupported=result.unsupported,
                                         action="fell_back", reasons=result.reasons)  # fmt: skip
    logger.warning("LLM draft replaced by the offline answer: %s (unsupported: %s)", "; ".join(result.reasons)[:2000],
                   " | ".join(result.unsupported).replace("\n", "\\n")[:1000])  # fmt: skip
    message = RECITED_WARNING if result.reasons == [RECITAL] else UNSUPPORTED_WARNING
    fallback.warnings.append(AnswerWarning(kind=WarningKind.verification, message=message))
    return fallback


def _repaired(draft: AnswerResponse, answering: Answering) -> AnswerResponse:
    """Drop every line holding an unsupported figure, in the lead and the details; keep the rest."""
    sources = (answering.passages, answering.gathered.vocabulary, draft.derived, answering.stated, answering.letter)
    text, result = repair(draft.answer, *sources)
    draft.answer = text or "The guides don't cover that."
    details = []
    for detail in draft.details:
        kept, found = repair(detail.text, *sources)
        result.figures_checked += found.figures_checked
        result.unsupported += found.unsupported
        result.reasons += found.reasons
        if kept:
            details.append(detail.model_copy(update={"text": kept}))
    draft.details = details
    draft.verification = Verification(figures_checked=result.figures_checked, unsupported=result.unsupported,
                                      action="repaired", reasons=result.reasons)  # fmt: skip
    cited = set(cited_numbers(draft.full_text))
    draft.citations = [c for c in draft.citations if c.number in cited]
    draft.figures = [f for f in draft.figures if f.citation in cited and f.text in draft.full_text]
    return draft
