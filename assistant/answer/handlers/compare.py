"""Two companies (or one company's places) side by side: each band quoted from its own table, and the
difference between same-currency bands derived and shown with both cited."""

from __future__ import annotations

from assistant.answer.compare import compare, compare_places
from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.handlers.tables import benchmarks, related_passages
from assistant.answer.texts import strategy_details
from assistant.plan.model import Intent


class Compare(Handler):
    intent = Intent.compare

    def write(self, draft: Draft, writing: Writing) -> None:
        targets = writing.gathered.targets
        if len(targets) > 1:
            compare(draft, targets, writing.rows)
        for guide in targets:
            if len(targets) == 1:
                benchmarks(draft, guide, writing.rows_of(guide))
                compare_places(draft, guide, writing.rows_of(guide), writing.plan.regions)
            strategy = writing.strategy_of(guide)
            if strategy:
                strategy_details(draft, guide, strategy)
        related_passages(draft, writing)
