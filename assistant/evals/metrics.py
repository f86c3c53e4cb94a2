"""Scoring one case: what the answer to its last turn got right and wrong.

Every check reads the AnswerResponse as a user would see it (the lead and the details below it,
citations, warnings, refusal) and never consults the product's own verifier, so a bug there cannot
hide a wrong figure here. Figures computed from cited ones are recomputed independently
(assistant/evals/derived.py); the lead's length and wording are scored in assistant/evals/lead.py.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, computed_field

from assistant.evals.cases import EvalCase, ExpectedCitation, ExpectedFigure, Flag, ForbiddenFigure, Tag
from assistant.evals.derived import DerivedScore, score_derived, supports
from assistant.evals.lead import LEAD_LIMIT, LeadScore, score_lead
from assistant.evals.reading import ShownFigure, figures_in, money_in, schedule_percents
from assistant.plan.model import Intent
from assistant.response import AnswerResponse, AnswerWarning, Citation

DEFAULT_K = 5

# How an answer says "the guides don't cover that" in words, when the refused flag is not set.
REFUSAL_RE = re.compile(
    r"\b(?:don't|do not|doesn't|does not|can't|cannot)\s+(?:have|cover|include|answer)\b|\bnot covered\b"
    r"|\bno (?:guide|data|information|figures?)\b|\bnot in (?:the|my|our) (?:guides|sources)\b",
    re.IGNORECASE,
)
# How an answer tells the reader about a data problem in words, when no warning carries it.
FLAG_RES: dict[Flag, re.Pattern[str]] = {
    Flag.stale: re.compile(
        r"\bstale\b|out of date|outdated|overdue|past (?:its|the) review|review (?:was )?due", re.IGNORECASE
    ),
    Flag.defect: re.compile(
        r"\bdefect|\bmix(?:es|ed|ing)? (?:two )?currenc|\binconsisten|\bdata (?:quality|error|issue)|\btypo\b",
        re.IGNORECASE,
    ),
}


class CaseResult(BaseModel):
    """The score of one case; counts rather than ratios, so a run can add them up."""

    case_id: str
    tags: list[Tag]
    question: str = Field(description="The scored (last) turn")
    answer: str = Field("", description="The lead")
    details: str = Field("", description="What the answer shows below its lead")
    engine: str | None = None
    figures_expected: int = 0
    figures_found: int = 0
    missing_figures: list[str] = Field(default_factory=list)
    figures_shown: int = 0
    figures_supported: int = 0
    unsupported_figures: list[str] = Field(default_factory=list)
    derived_shown: int = 0
    derived_correct: int = 0
    wrong_derived: list[str] = Field(default_factory=list)
    derived_expected: int = 0
    derived_found: int = 0
    missing_derived: list[str] = Field(default_factory=list)
    lead_chars: int | None = Field(None, description="Characters in the lead; None when there was no answer")
    phrases_expected: int = 0
    phrases_found: int = 0
    missing_phrases: list[str] = Field(default_factory=list)
    citations_expected: int = 0
    citations_correct: int = 0
    missing_citations: list[str] = Field(default_factory=list)
    must_refuse: bool | None = None
    refused: bool = False
    forbidden_checked: bool = False
    forbidden_shown: list[str] = Field(default_factory=list)
    flags_expected: int = 0
    flags_raised: int = 0
    missing_flags: list[str] = Field(default_factory=list)
    retrieval_k: int = DEFAULT_K
    guides_expected: int = 0
    guides_retrieved: int = 0
    missing_guides: list[str] = Field(default_factory=list)
    latency_ms: float | None = None
    intent: str | None = Field(None, description="The kind of question the plan read it as")
    intent_expected: str | None = None
    error: str | None = Field(None, description="Set when no answer could be obtained")
    reasons: list[str] = Field(default_factory=list, description="Why the case fails; empty when it passes")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def passed(self) -> bool:
        return not self.reasons

    @computed_field  # type: ignore[prop-decorator]
    @property
    def refusal_correct(self) -> bool | None:
        return None if self.must_refuse is None else self.refused == self.must_refuse

    @property
    def lead_fits(self) -> bool | None:
        return None if self.lead_chars is None else self.lead_chars <= LEAD_LIMIT


def score_case(case: EvalCase, responses: list[AnswerResponse], k: int = DEFAULT_K) -> CaseResult:
    """Score the answer to the case's last turn; `responses` holds one answer per turn, in order."""
    if len(responses) != len(case.questions):
        raise ValueError(f"case {case.id!r} has {len(case.questions)} turn(s) but {len(responses)} response(s)")
    response = responses[-1]
    full_text = response.full_text
    shown = figures_in(full_text)
    quoted = [figure for citation in response.citations for figure in figures_in(citation.quote)]
    derived = score_derived(response, case.expect_derived)
    result = CaseResult(
        case_id=case.id,
        tags=case.tags,
        question=case.questions[-1],
        answer=response.answer,
        details=full_text[len(response.answer) :].lstrip("\n"),
        engine=response.engine,
        must_refuse=case.must_refuse,
        refused=is_refusal(response),
        forbidden_checked=bool(case.forbid),
        retrieval_k=k,
        latency_ms=latency_of(response),
        intent=str(response.plan.intent),
        intent_expected=str(case.intent) if case.intent else None,
    )
    _score_figures(result, case.expect, shown, figures_in(response.answer))
    own = response.plan.intent in OWN_OFFER_INTENTS
    theirs = figures_in(response.question) + schedule_percents(response.question) if own else []
    _score_support(result, shown, quoted + theirs, derived)
    _keep_derived(result, derived)
    _keep_lead(result, score_lead(response.answer, case.lead_says))
    _score_citations(result, case.expected_citations, response.citations)
    result.forbidden_shown = [f.label for f in case.forbid if _is_shown(f, shown)]
    _score_flags(result, case.must_flag, response.warnings, full_text)
    top_k = response.retrieved_guides[:k]
    result.missing_guides = [guide for guide in case.expected_guides if guide not in top_k]
    result.guides_expected = len(case.expected_guides)
    result.guides_retrieved = result.guides_expected - len(result.missing_guides)
    result.reasons = _reasons(result, case)
    return result


def failed_case(case: EvalCase, error: str, k: int = DEFAULT_K) -> CaseResult:
    """The result of a case whose answer could not be obtained: everything it expected counts as missed."""
    result = CaseResult(
        case_id=case.id,
        tags=case.tags,
        question=case.questions[-1],
        must_refuse=case.must_refuse,
        refused=not case.must_refuse,  # whatever it had to do, it did not do
        forbidden_checked=bool(case.forbid),
        figures_expected=len(case.expect),
        missing_figures=[f.label for f in case.expect],
        derived_expected=len(case.expect_derived or []),
        missing_derived=[d.label for d in case.expect_derived or []],
        phrases_expected=len(case.lead_says),
        missing_phrases=list(case.lead_says),
        citations_expected=len(case.expected_citations),
        flags_expected=len(case.must_flag),
        retrieval_k=k,
        guides_expected=len(case.expected_guides),
        missing_guides=list(case.expected_guides),
        error=error,
    )
    result.reasons = [f"no answer: {error}"]
    return result


def is_refusal(response: AnswerResponse) -> bool:
    """Refused by flag, or in words by a lead that shows no money at all (details may show related passages)."""
    return response.refused or (not money_in(response.answer) and bool(REFUSAL_RE.search(response.answer)))


def latency_of(response: AnswerResponse) -> float | None:
    """The response's total time: its 'total' timing if it reports one, else the sum of its stages."""
    timings = response.timings_ms
    if not timings:
        return None
    return timings.get("total", sum(timings.values()))


def section_matches(expected: str, citation: Citation) -> bool:
    """The expected heading (last part of a heading path) names the cited section or labels the quote."""
    wanted = _words(expected.split(">")[-1])
    return wanted.strip() != "" and (wanted in _words(citation.section) or wanted in _words(citation.quote))


def _words(text: str) -> str:
    """Lower-case words between spaces, so that matching ignores markup and never splits a word."""
    return " " + " ".join(re.findall(r"[a-z0-9]+", text.lower())) + " "


def _score_figures(
    result: CaseResult, expected: list[ExpectedFigure], shown: list[ShownFigure], in_lead: list[ShownFigure]
) -> None:
    result.figures_expected = len(expected)
    for figure in expected:
        where = in_lead if figure.lead else shown
        if all(any(s.means(value, currency) for s in where) for value, currency in figure.ends):
            result.figures_found += 1
        else:
            result.missing_figures.append(figure.label)


# Questions about the user's own offer, whose answers repeat the figures the question states (labelled as theirs):
# those figures count as supported by the question itself. Every other answer must never repeat them.
OWN_OFFER_INTENTS = frozenset({Intent.year_totals, Intent.two_offers, Intent.counter_email})


def _score_support(
    result: CaseResult, shown: list[ShownFigure], quoted: list[ShownFigure], derived: DerivedScore
) -> None:
    """A figure is supported when a cited passage shows it, or it is the result of a derived figure that the
    evals recomputed from figures the cited passages show."""
    result.figures_shown = len(shown)
    for figure in shown:
        if any(figure.same_as(source) for source in quoted) or supports(derived.supported, figure):
            result.figures_supported += 1
        else:
            result.unsupported_figures.append(f"{figure.text} ({figure.currency or 'no currency'})")


def _score_citations(result: CaseResult, expected: list[ExpectedCitation], citations: list[Citation]) -> None:
    result.citations_expected = len(expected)
    for wanted in expected:
        if any(_cites(wanted, citation) for citation in citations):
            result.citations_correct += 1
        else:
            result.missing_citations.append(f"{wanted.guide} § {wanted.section}" if wanted.section else wanted.guide)


def _cites(wanted: ExpectedCitation, citation: Citation) -> bool:
    return citation.guide_id == wanted.guide and (wanted.section is None or section_matches(wanted.section, citation))


def _is_shown(forbidden: ForbiddenFigure, shown: list[ShownFigure]) -> bool:
    if forbidden.currency is None:
        return any(s.has_value(forbidden.value) for s in shown)
    return any(s.means(forbidden.value, forbidden.currency) for s in shown)


def _keep_derived(result: CaseResult, derived: DerivedScore) -> None:
    result.derived_shown, result.derived_correct, result.wrong_derived = derived.shown, derived.correct, derived.wrong
    result.derived_expected, result.derived_found = derived.expected, derived.found
    result.missing_derived = derived.missing


def _keep_lead(result: CaseResult, lead: LeadScore) -> None:
    result.lead_chars = lead.chars
    result.phrases_expected, result.phrases_found, result.missing_phrases = lead.expected, lead.found, lead.missing


def _score_flags(result: CaseResult, flags: list[Flag], warnings: list[AnswerWarning], text: str) -> None:
    result.flags_expected = len(flags)
    warned = {warning.kind.value for warning in warnings}
    for flag in flags:
        if flag.value in warned or FLAG_RES[flag].search(text):
            result.flags_raised += 1
        else:
            result.missing_flags.append(flag.value)


def _reasons(result: CaseResult, case: EvalCase) -> list[str]:
    reasons = [f"missing figure {label}" for label in result.missing_figures]
    reasons += [f"unsupported figure {label}: no cited passage shows it" for label in result.unsupported_figures]
    reasons += [f"wrong derived figure {label}" for label in result.wrong_derived]
    reasons += [f"missing derived figure {label}" for label in result.missing_derived]
    if result.lead_fits is False:
        reasons.append(f"lead is {result.lead_chars} characters, over {LEAD_LIMIT}")
    reasons += [f"lead does not say /{pattern}/" for pattern in result.missing_phrases]
    reasons += [f"missing citation {label}" for label in result.missing_citations]
    if result.refusal_correct is False:
        reasons.append("answered but should have refused" if case.must_refuse else "refused but should have answered")
    reasons += [f"forbidden figure shown: {label}" for label in result.forbidden_shown]
    reasons += [f"did not flag {flag} data" for flag in result.missing_flags]
    reasons += [f"guide {guide} not in the top {result.retrieval_k} retrieved" for guide in result.missing_guides]
    if result.intent_expected and result.intent != result.intent_expected:
        reasons.append(f"read as a {result.intent} question, not {result.intent_expected}")
    return reasons
