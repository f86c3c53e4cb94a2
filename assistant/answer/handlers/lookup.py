"""A range from the table: "What's the London base for an ML engineer at Jane Street?".

The rows asked for lead. A component the table has no column for is said so in words, and the guide's prose
answers it; so does a word of the question the table cannot answer ("the Derivatives-Native bonus").
"""

from __future__ import annotations

from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing, write_advice
from assistant.answer.handlers.tables import benchmarks, missing_columns, related_passages, table_details
from assistant.answer.texts import strategy_details
from assistant.plan.model import Intent
from assistant.retrieve.gather import GuideEvidence, add_advice, missing_components, words_beyond
from assistant.vocabulary.components import patterns_for

ADVICE_SENTENCES = 2


class Lookup(Handler):
    intent = Intent.lookup

    def add_evidence(self, found: GuideEvidence) -> None:
        words = words_beyond(found.question, found.guide, found.gathered.vocabulary)
        missing = missing_components(found.guide, found.plan)
        if words:  # "the Derivatives-Native bonus": sentences saying the words and the component asked
            add_advice(found, ADVICE_SENTENCES, only=words, also=patterns_for(set(found.plan.components)))
        elif missing:  # no stock column: what the guide's prose says of stock, below the answer
            add_advice(found, ADVICE_SENTENCES, only=patterns_for(missing))

    def write(self, draft: Draft, writing: Writing) -> None:
        plan = writing.plan
        for guide in writing.gathered.targets:
            rows = writing.rows_of(guide)
            missing = missing_columns(draft, guide, plan.components)
            advice = writing.gathered.advice.get(guide.id)
            asks_beyond = bool(words_beyond(writing.question, guide, writing.gathered.vocabulary))
            if advice:
                write_advice(draft, guide, writing, in_lead=asks_beyond or not missing)
            if not advice or plan.components or plan.regions:
                benchmarks(draft, guide, rows)
            strategy = writing.strategy_of(guide)
            if strategy:
                strategy_details(draft, guide, strategy)
            table_details(draft, guide, rows)
        related_passages(draft, writing)
