"""What a reader must know about the sources behind an answer: stale data, defects, gaps.

One warning per problem per guide, written for a person: the company's name, the place and the pay
component in words, dates as dates; never a guide id or a field name.
"""

from __future__ import annotations

import re
from datetime import date

from assistant.answer.draft import label
from assistant.answer.refusals import listed, place_name, possessive
from assistant.evidence import Passage
from assistant.guide import Guide, Problem, ProblemKind
from assistant.ingest.validate import STALE_AFTER
from assistant.response import AnswerWarning, QuestionPlan, WarningKind
from assistant.retrieve.gather import Gathered

_DEFECTS = {ProblemKind.mixed_currency, ProblemKind.low_above_high, ProblemKind.frontmatter_mismatch}
_FIELDS = {"base": "base", "stock": "stock", "bonus": "bonus", "total_comp": "total comp"}


def collect_warnings(
    gathered: Gathered, cited: list[Passage], refused: bool, plan: QuestionPlan, today: date
) -> list[AnswerWarning]:
    warnings: list[AnswerWarning] = []
    if refused:
        warnings.append(AnswerWarning(kind=WarningKind.not_covered, message="The guides don't cover this question."))
    for guide_id, regions in gathered.missing_regions.items():
        guide = gathered.evidence.guides[guide_id]
        places = listed([place_name(region) for region in regions])
        message = f"{possessive(guide.company)} {guide.role} guide has no figures for {places}."
        warnings.append(AnswerWarning(kind=WarningKind.not_covered, guide_id=guide_id, message=message))
    for guide in gathered.targets:
        if not guide.figures:
            message = f"{possessive(guide.company)} {guide.role} guide has no compensation figures."
            warnings.append(AnswerWarning(kind=WarningKind.not_covered, guide_id=guide.id, message=message))
    cited_lines = {(p.guide_id, line) for p in cited for line in range(p.start_line, p.end_line + 1)}
    shown_regions = {f.region_key for p in cited for f in p.figures}
    for guide_id in dict.fromkeys(p.guide_id for p in cited):
        guide = gathered.evidence.guides[guide_id]
        stale = staleness(guide, today)
        if stale:
            warnings.append(AnswerWarning(kind=WarningKind.stale, guide_id=guide_id, message=stale))
        for problem in guide.problems:
            if problem.kind not in _DEFECTS:
                continue
            on_cited_line = problem.line is not None and (guide_id, problem.line) in cited_lines
            if on_cited_line or (problem.kind == ProblemKind.frontmatter_mismatch and _about(problem, shown_regions)):
                warnings.append(AnswerWarning(kind=WarningKind.defect, guide_id=guide_id,
                                              message=defect_message(guide, problem)))  # fmt: skip
    return list({warning.message: warning for warning in warnings}.values())


def staleness(guide: Guide, today: date) -> str | None:
    """One sentence on how out of date the guide is, or None when it is not."""
    front = guide.front_matter
    if front is None:
        return None
    reasons = []
    if front.next_review_due and front.next_review_due < today:
        reasons.append(f"its review was due on {_day(front.next_review_due)}")
    if front.last_updated and today - front.last_updated > STALE_AFTER:
        reasons.append(
            f"it was last updated on {_day(front.last_updated)}, {(today - front.last_updated).days} days ago"
        )
    if not reasons:
        return None
    return f"{possessive(guide.company)} guide may be out of date: {' and '.join(reasons)}."


def defect_message(guide: Guide, problem: Problem) -> str:
    company = possessive(guide.company)
    figure = next((f for f in guide.figures if f.line == problem.line and (f.mixed_currency or
                   (f.low or 0) > (f.high or 0))), None)  # fmt: skip
    if problem.kind == ProblemKind.mixed_currency and figure:
        return (f"{company} {figure.region} {label(figure)} range mixes {figure.currency} and {figure.high_currency} "
                f"(“{figure.source_text}”), a data error in the guide: it is shown exactly as written.")  # fmt: skip
    if problem.kind == ProblemKind.low_above_high and figure:
        return (f"{company} {figure.region} {label(figure)} range is written high to low (“{figure.source_text}”), "
                "a data error in the guide: it is shown exactly as written.")  # fmt: skip
    match = re.search(r"disagree for (?P<region>.+?) on (?P<fields>.+)$", problem.message)
    if match:
        fields = listed([_FIELDS.get(f.strip(), f.strip()) for f in match["fields"].split(",")])
        return (f"{company} guide disagrees with itself about {match['region']}: the summary at its top and its table "
                f"differ on {fields}; the figures shown are the table's.")  # fmt: skip
    return f"{company} guide has a data error: {problem.message}."


def _about(problem: Problem, regions: set[str]) -> bool:
    return any(region.replace("-", " ") in problem.message.lower() for region in regions)


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
