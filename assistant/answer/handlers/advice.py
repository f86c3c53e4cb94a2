"""How to negotiate: the guide's own sentences that answer the question, chosen one by one by meaning."""

from __future__ import annotations

from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing, write_advice
from assistant.answer.handlers.tables import table_details
from assistant.plan.model import Intent
from assistant.retrieve.gather import GuideEvidence, add_advice

ADVICE_SENTENCES = 3


class Advice(Handler):
    intent = Intent.advice
    ranks_by_meaning = True  # its lead is the guide's sentences closest in meaning to the question

    def add_evidence(self, found: GuideEvidence) -> None:
        add_advice(found, ADVICE_SENTENCES)

    def write(self, draft: Draft, writing: Writing) -> None:
        for guide in writing.gathered.targets:
            write_advice(draft, guide, writing)
            table_details(draft, guide, writing.rows_of(guide))
