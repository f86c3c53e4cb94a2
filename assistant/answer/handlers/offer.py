"""Is this offer fair? Each amount the question states, placed in its band (below it, in a quarter, above it),
with a counter by the shown rule and the guide's walk-away floor: "I was offered £210K", "is £210K base fair?".
An amount that names no component is read as base, and the answer says so."""

from __future__ import annotations

from assistant.answer.asks import bands_by_place, offer_check
from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.handlers.tables import table_details
from assistant.answer.texts import strategy_details
from assistant.plan.model import Intent
from assistant.retrieve.gather import GuideEvidence, add_strategy

MAX_PLACES = 3


class Offer(Handler):
    intent = Intent.offer

    def add_evidence(self, found: GuideEvidence) -> None:
        add_strategy(found)

    def write(self, draft: Draft, writing: Writing) -> None:
        offered = writing.plan.offered
        if any(amount.component_assumed for amount in offered) and writing.gathered.targets:
            # The user's amount is not repeated: no cited passage states it.
            draft.lead.append("The question names no pay component for the amount, so it is read as base pay.")
        for guide in writing.gathered.targets:
            rows = writing.rows_of(guide)
            strategy = writing.strategy_of(guide)
            for place, bands in list(bands_by_place(rows).items())[:MAX_PLACES]:
                offer_check(draft, guide, place, bands, offered, strategy)
            if strategy:
                strategy_details(draft, guide, strategy)
            table_details(draft, guide, rows)
