"""What a reader must know about the sources behind an answer: stale data, defects, gaps."""

from __future__ import annotations

from datetime import date

from assistant.answer.refusals import possessive
from assistant.guide import ProblemKind
from assistant.ingest.validate import stale_problems
from assistant.response import AnswerWarning, Understanding, WarningKind
from assistant.retrieve.evidence import Passage
from assistant.retrieve.gather import Gathered

_DEFECTS = {ProblemKind.mixed_currency, ProblemKind.low_above_high, ProblemKind.frontmatter_mismatch}


def collect_warnings(
    gathered: Gathered, cited: list[Passage], refused: bool, understanding: Understanding, today: date
) -> list[AnswerWarning]:
    warnings: list[AnswerWarning] = []
    if refused:
        warnings.append(AnswerWarning(kind=WarningKind.not_covered, message="The guides don't cover this question."))
    for guide_id, regions in gathered.missing_regions.items():
        names = ", ".join(r.replace("-", " ").title() for r in regions)
        warnings.append(
            AnswerWarning(
                kind=WarningKind.not_covered, guide_id=guide_id, message=f"{guide_id} has no figures for {names}."
            )
        )
    cited_guides = dict.fromkeys(p.guide_id for p in cited)
    cited_lines = {(p.guide_id, line) for p in cited for line in range(p.start_line, p.end_line + 1)}
    shown_regions = {f.region_key for p in cited for f in p.figures}
    for guide_id in cited_guides:
        guide = gathered.evidence.guides[guide_id]
        for problem in stale_problems(guide, today):
            warnings.append(
                AnswerWarning(
                    kind=WarningKind.stale,
                    guide_id=guide_id,
                    message=f"{possessive(guide.company)} guide may be out of date: {problem.message}.",
                )
            )
        for problem in guide.problems:
            if problem.kind not in _DEFECTS:
                continue
            on_cited_line = problem.line is not None and (guide_id, problem.line) in cited_lines
            about_shown_region = problem.kind == ProblemKind.frontmatter_mismatch and any(
                region.replace("-", " ") in problem.message.lower() for region in shown_regions
            )
            if on_cited_line or about_shown_region:
                warnings.append(
                    AnswerWarning(
                        kind=WarningKind.defect,
                        guide_id=guide_id,
                        message=f"Data defect in {possessive(guide.company)} guide: {problem.message}.",
                    )
                )
    return warnings
