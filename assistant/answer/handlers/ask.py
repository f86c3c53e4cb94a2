"""What to ask for: the guide's own anchor or target for the place, else each band's top quarter (derived by
the rule answers show), per component: "What's a fair London ask?", "What should I target in London?"."""

from __future__ import annotations

from assistant.answer.asks import bands_by_place, fair_ask, strategy_point
from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing, write_advice
from assistant.answer.handlers.tables import table_details
from assistant.answer.texts import strategy_details
from assistant.plan.model import Intent
from assistant.retrieve.gather import GuideEvidence, add_advice, add_strategy, beyond_the_table
from assistant.vocabulary.components import patterns_for

MAX_PLACES = 3


class Ask(Handler):
    intent = Intent.ask

    def add_evidence(self, found: GuideEvidence) -> None:
        add_strategy(found)
        beyond = beyond_the_table(found.question, found.guide, found.plan, found.gathered.vocabulary)
        if beyond:  # "what PnL percentage should I demand?": sentences on the words or the component asked
            add_advice(found, 2, only=beyond + patterns_for(set(found.plan.components)))

    def write(self, draft: Draft, writing: Writing) -> None:
        for guide in writing.gathered.targets:
            rows = writing.rows_of(guide)
            strategy = writing.strategy_of(guide)
            if writing.plan.strategy_point == "anchor" and writing.plan.regions:  # "what should I target in London?"
                strategy_point(draft, guide, strategy, writing.asked_keys(guide), "anchor", only_here=True)
            if writing.gathered.advice.get(guide.id):  # the question asks what the table can't answer
                write_advice(draft, guide, writing)
            elif rows:
                for place, bands in list(bands_by_place(rows).items())[:MAX_PLACES]:
                    fair_ask(draft, guide, place, bands, strategy)
            if strategy:
                strategy_details(draft, guide, strategy)
            table_details(draft, guide, rows)
