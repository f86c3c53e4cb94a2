"""A thumbs-down turned into a draft eval case, for a guide maintainer to finish before changing a prompt.

The draft asks the rated question (the whole conversation, when it was a follow-up), tagged by what it asked,
and expects the benchmark figures the answer showed: a maintainer keeps the right ones, adds what was
missing and moves what was wrong into `forbid`. What the person said and what the answer showed travel in
the case's note and in comments above it. The draft always loads (it is an EvalCase before it is YAML).
"""

from __future__ import annotations

import yaml

from assistant.evals.cases import EvalCase, ExpectedFigure, Tag
from assistant.serve.feedback import FeedbackItem, ShownFigure

_TAG_OF_INTENT = {"ask": Tag.ask, "offer": Tag.offer, "comparison": Tag.comparison, "advice": Tag.advice,
                  "walk_away": Tag.advice, "levers": Tag.advice}  # fmt: skip


def draft_case(item: FeedbackItem) -> EvalCase:
    turns = [*item.earlier_questions, item.question]
    intent = str(item.plan.get("intent", ""))
    tags = [Tag.refusal if item.refused else _TAG_OF_INTENT.get(intent, Tag.single_figure)]
    if item.earlier_questions:
        tags.append(Tag.follow_up)
    said = f": “{item.reason}”" if item.reason else " (no reason given)"
    return EvalCase(
        id=f"feedback-{item.answer_id[:12]}",
        question=None if item.earlier_questions else item.question,
        turns=turns if item.earlier_questions else None,
        tags=tags,
        expect=[expected for figure in item.figures if (expected := _expected(figure))],
        must_refuse=None if item.refused else False,  # a refusal rated down may have been right or wrong
        note=f"Draft from a thumbs-{item.rating} on {item.given_at:%Y-%m-%d}{said}. Check expect against the guide, "
        "add the figures a right answer shows, and forbid the wrong ones.",
    )


def draft_yaml(item: FeedbackItem) -> str:
    """The draft as a case file: comments saying what the answer showed, then `cases:` with the one case."""
    comments = [
        f"Draft eval case from feedback {item.answer_id} (thumbs {item.rating}, {item.given_at:%Y-%m-%d %H:%M} UTC).",
        f"Engine {item.engine}, index generation {item.generation or 'unknown'}.",
        "The answer's lead, as shown:",
        *[f"  {line}" for line in item.answer.splitlines()],
        "Figures it showed: " + ("; ".join(f"{f.text} ({f.kind})" for f in item.figures) or "none"),
        "Finish it, then move it into evals/cases/ (a file of its own, or the topic's file).",
    ]
    case = draft_case(item).model_dump(mode="json", exclude_defaults=True)
    header = "\n".join(f"# {line}".rstrip() for line in comments)
    return header + "\n" + yaml.safe_dump({"cases": [case]}, sort_keys=False, allow_unicode=True, width=110)


def _expected(figure: ShownFigure) -> ExpectedFigure | None:
    """A benchmark figure the answer showed, as an expectation; advice and derived figures are checked otherwise."""
    if figure.kind != "benchmark" or figure.currency is None or figure.low is None:
        return None
    if figure.high is not None and figure.high < figure.low:  # a range mixing currencies: the maintainer decides
        return None
    if figure.high is None or figure.high == figure.low:
        return ExpectedFigure(value=figure.low, currency=figure.currency, guide=figure.guide_id, section=figure.section)
    return ExpectedFigure(low=figure.low, high=figure.high, currency=figure.currency, guide=figure.guide_id,
                          section=figure.section)  # fmt: skip
