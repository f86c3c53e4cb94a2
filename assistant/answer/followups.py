"""Suggested follow-ups under an answer: questions the guides can answer, made from the answer's plan and guide.

- the same guide at its other places ("What's Jane Street's ML/AI Engineer pay in Hong Kong?");
- what to counter with, where the answer was not already the ask;
- the comparison with the closest company: the same role, paid in the same place, with the nearest band;
- the offer check, which needs the reader's own numbers: a draft put in the question box, never sent as is.

Each question names a company, a role and a place the index holds figures for, so it is answered with figures.
What the suggestions read of an answer goes through `_plan`, so another plan (a typed one) only changes that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from assistant.answer.refusals import possessive
from assistant.guide import Component, Figure, Guide
from assistant.response import AnswerResponse, FigureKind, Intent

if TYPE_CHECKING:
    from assistant.retrieve.retriever import IndexReader

MAX_FOLLOW_UPS = 4
MAX_OTHER_PLACES = 2
_QUALIFIER = re.compile(r"\s*\([^)]*\)")  # "New York (HQ)" is asked about as "New York"
_NO_FIGURES = (Intent.advice, Intent.levers, Intent.level_mapping, Intent.freshness)


class FollowUp(BaseModel):
    """One suggestion: `ask` sends the question as it is; `draft` puts it in the question box to finish."""

    kind: Literal["ask", "draft"]
    label: str = Field(description="What the button says")
    question: str = Field(description="What is asked (ask), or the start of a question for the reader (draft)")


@dataclass(frozen=True)
class _Plan:
    intent: Intent
    guide_ids: list[str]  # the guides the answer quotes figures from, first shown first
    regions: list[str]  # place keys the question asked about
    shown: list[tuple[str, Component]]  # (place label, component) of the benchmarks shown


def _plan(response: AnswerResponse) -> _Plan:
    """What the suggestions need of an answer: its plan, and the figures it shows."""
    benchmarks = [f for f in response.figures if f.kind == FigureKind.benchmark and f.region and f.component]
    guide_ids = list(dict.fromkeys(f.guide_id for f in response.figures))
    guide_ids += [c.guide_id for c in response.citations if c.guide_id not in guide_ids]
    shown = [(f.region, f.component) for f in benchmarks if f.region and f.component]
    return _Plan(response.plan.intent, guide_ids, response.plan.regions, shown)


def follow_ups(response: AnswerResponse, reader: IndexReader) -> list[FollowUp]:
    """Up to four suggestions for an answer; none for a refusal (it names what the guides cover instead)."""
    if response.refused:
        return []
    plan = _plan(response)
    guide = reader.catalog.guide(plan.guide_ids[0]) if plan.guide_ids else None
    if guide is None or not guide.figures:
        return []
    place = _main_place(guide, plan)
    suggestions = [_other_place(guide, other, plan.intent) for other in _other_places(guide, plan, place)]
    if plan.intent not in (Intent.ask, Intent.offer):
        suggestions.append(_counter(guide, place))
    if plan.intent != Intent.compare and (peer := _closest_peer(guide, place, plan, reader)):
        suggestions.append(_comparison(guide, place, peer))
    if plan.intent != Intent.offer:
        suggestions.append(_offer_draft(guide, place))
    asked = response.question.casefold()
    unique = {s.question: s for s in suggestions if s.question.casefold() != asked}
    return list(unique.values())[:MAX_FOLLOW_UPS]


# --- places ---------------------------------------------------------------------------------------


def spoken(place: str) -> str:
    """A place label as a question names it: 'New York (HQ)' -> 'New York'."""
    return _QUALIFIER.sub("", place).strip() or place


def _places(guide: Guide) -> list[Figure]:
    """One benchmark figure per place the guide pays in (its first), in the guide's order."""
    first: dict[str, Figure] = {}
    for figure in guide.figures:
        if not figure.not_paid and figure.low is not None:
            first.setdefault(figure.region, figure)
    return list(first.values())


def _main_place(guide: Guide, plan: _Plan) -> Figure:
    """The place the answer is about: the first it showed, else the one asked, else the guide's first."""
    places = _places(guide) or guide.figures
    shown = {label for label, _component in plan.shown}
    asked = set(plan.regions)
    return next((f for f in places if f.region in shown), None) or next(
        (f for f in places if asked & set(f.keys)), places[0]
    )


def _other_places(guide: Guide, plan: _Plan, place: Figure) -> list[Figure]:
    shown = {label for label, _component in plan.shown} | {place.region}
    return [f for f in _places(guide) if f.region not in shown][:MAX_OTHER_PLACES]


# --- the suggestions ------------------------------------------------------------------------------


def _other_place(guide: Guide, place: Figure, intent: Intent) -> FollowUp:
    where = spoken(place.region)
    if intent in (Intent.ask, Intent.offer):
        return FollowUp(kind="ask", label=f"Fair ask in {where}",
                        question=f"What's a fair {where} ask for {guide.role} at {guide.company}?")  # fmt: skip
    return FollowUp(kind="ask", label=f"Pay in {where}",
                    question=f"What's {possessive(guide.company)} {guide.role} pay in {where}?")  # fmt: skip


def _counter(guide: Guide, place: Figure) -> FollowUp:
    where = spoken(place.region)
    return FollowUp(kind="ask", label="What to counter with",
                    question=f"What should I counter with for {guide.role} at {guide.company} in {where}?")  # fmt: skip


def _comparison(guide: Guide, place: Figure, other: str) -> FollowUp:
    where = spoken(place.region)
    return FollowUp(kind="ask", label=f"Compare with {other}",
                    question=f"How does {possessive(guide.company)} {guide.role} pay in {where} compare with "
                             f"{possessive(other)}?")  # fmt: skip


def _offer_draft(guide: Guide, place: Figure) -> FollowUp:
    where = spoken(place.region)
    return FollowUp(kind="draft", label="Have an offer? Paste it",
                    question=f"I have a {guide.company} {guide.role} offer in {where}: base ")  # fmt: skip


# --- the closest company --------------------------------------------------------------------------


def _closest_peer(guide: Guide, place: Figure, plan: _Plan, reader: IndexReader) -> str | None:
    """The company whose guide for the same role pays the same component in the same place and currency with
    the band nearest this guide's; None when no other company's guide for the role pays there."""
    component = plan.shown[0][1] if plan.shown else place.component
    mine = next((f for f in guide.figures if f.region == place.region and f.component == component), place)
    if mine.low is None or mine.currency is None:
        return None
    names = {
        gid: (company, company_slug, role_slug) for gid, company, company_slug, _r, role_slug in reader.guide_names
    }
    _name, own_company, own_role = names.get(guide.id, ("", "", ""))
    peers = [gid for gid, (_n, company, role) in names.items() if role == own_role and company != own_company]
    if not peers:
        return None
    candidates = [
        f for f in reader.catalog.figures(peers, region_keys=[mine.region_key], components=[mine.component])
        if f.currency == mine.currency and f.low is not None and not f.not_paid and not f.mixed_currency
    ]  # fmt: skip
    middle = _middle(mine)
    nearest = min(candidates, key=lambda f: (abs(_middle(f) - middle), f.guide_id), default=None)
    return names[nearest.guide_id][0] if nearest else None


def _middle(figure: Figure) -> float:
    low = figure.low or 0
    return (low + (figure.high or low)) / 2
