"""The offline engine: the part of writing an answer that every kind of question shares.

Refusals (a company or role the guides don't cover, a name several guides share, a place no target has), the
notes that open a lead (a name read from a typo, a place or level the guide lacks, an unreadable cell), then the
plan's handler writes (answer/handlers/), and the lead is kept to one screen (answer/draft.py's LEAD_LIMIT).
Every figure a handler shows is the guide's own text for that cell, or derived by a rule it shows.
"""

from __future__ import annotations

from assistant.answer import refusals
from assistant.answer.draft import Draft
from assistant.answer.handlers import HANDLERS, Handler, Writing
from assistant.answer.handlers.base import write_advice
from assistant.answer.refusals import possessive
from assistant.plan.model import QuestionPlan
from assistant.retrieve.gather import Gathered

OFF_TOPIC = "The guides don't cover that: they hold pay benchmarks and negotiation advice only."


def compose_offline(plan: QuestionPlan, gathered: Gathered, covered_companies: list[str], question: str = "") -> Draft:
    handler = HANDLERS.for_intent(plan.intent)
    writing = Writing(plan, gathered, question, covered_companies)
    draft = Draft()
    refusal = handler.refusal(writing) or _refusal(writing, handler)
    if refusal:
        return draft.refuse(refusal)
    _opening_notes(draft, writing)
    figureless = [guide for guide in gathered.targets if not guide.figures] if handler.wants_figures(plan) else []
    for guide in figureless:
        draft.lead.append(f"{possessive(guide.company)} {guide.role} guide has no compensation figures, so no pay "
                          "figure is shown for it; here is its advice.")  # fmt: skip
        write_advice(draft, guide, writing)
    if figureless and len(figureless) == len(gathered.targets):
        draft.settle()
        return draft
    missing_places = plan.regions and not writing.rows and gathered.missing_regions
    if missing_places and handler.refuses_missing_places:
        draft.refused = True
        return draft
    handler.write(draft, writing)
    if not draft.lead and not draft.details:
        return draft.refuse("The guides don't cover that.")
    if handler.settles:
        draft.settle()
    return draft


def _refusal(writing: Writing, handler: Handler) -> str | None:
    plan, gathered = writing.plan, writing.gathered
    if plan.unknown_companies:
        covered = gathered.companies_covered or len(writing.covered_companies)
        return refusals.unknown_companies(plan.unknown_companies, gathered.closest_companies, covered,
                                          writing.covered_companies)  # fmt: skip
    if gathered.clarify and (handler.asks_which_role or gathered.clarify.kind == "company"):
        return refusals.clarify(gathered.clarify)
    if not handler.needs_targets:
        return None
    if not gathered.targets:
        return refusals.not_matched(writing.covered_companies)
    if plan.off_topic:
        return OFF_TOPIC
    if gathered.role_missing:
        asked = refusals.listed(plan.unknown_roles) if plan.unknown_roles else "that role"
        have = "; ".join(f"{possessive(g.company)} guide covers {g.role}" for g in gathered.targets[:3])
        return f"The guides don't cover {asked} at these companies, so I won't quote another role's figures: {have}."
    return None


def _opening_notes(draft: Draft, writing: Writing) -> None:
    plan, gathered = writing.plan, writing.gathered
    for name in plan.corrected_companies:
        draft.lead.append(f"Showing {name}, the closest name to what you typed.")
    for name in plan.corrected_roles:
        draft.lead.append(f"Showing {name}, the closest role to what you typed.")
    for guide in gathered.targets:
        missing = gathered.missing_regions.get(guide.id)
        if missing:
            draft.lead.append(refusals.places_not_covered(guide, missing))
        for cell in gathered.unreadable_cells.get(guide.id, []):
            # The cell's text is not repeated: an amount that does not read cleanly is never shown.
            draft.lead.append(f"{possessive(guide.company)} guide's {cell} cell doesn't read cleanly as money, "
                              "so no figure is shown for it.")  # fmt: skip
        if guide.id in gathered.unmatched_levels:
            levels = gathered.unmatched_levels[guide.id]
            draft.lead.append(refusals.levels_not_found(guide, plan.levels, levels))
