"""Where to walk away, or from what point to accept: the guide's own sentence for the point asked (by its verb:
"walk away", "accept"), for the place asked first, quoted; the bands beside it."""

from __future__ import annotations

from assistant.answer.asks import walk_away
from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.handlers.tables import benchmarks, table_details
from assistant.answer.texts import strategy_details
from assistant.plan.model import Intent
from assistant.retrieve.gather import GuideEvidence, add_strategy


class WalkAway(Handler):
    intent = Intent.walk_away

    def add_evidence(self, found: GuideEvidence) -> None:
        add_strategy(found)

    def write(self, draft: Draft, writing: Writing) -> None:
        point = "accept" if writing.plan.strategy_point == "accept" else "floor"
        for guide in writing.gathered.targets:
            rows = writing.rows_of(guide)
            strategy = writing.strategy_of(guide)
            walk_away(draft, guide, strategy, writing.asked_keys(guide), point)
            benchmarks(draft, guide, rows)
            if strategy:
                strategy_details(draft, guide, strategy)
            table_details(draft, guide, rows)
