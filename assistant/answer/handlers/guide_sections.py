"""Questions a section of the guide answers as a whole, quoted: its levers, its level mapping, its dates."""

from __future__ import annotations

import re

from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.handlers.tables import benchmarks
from assistant.answer.texts import quoted_sections
from assistant.plan.model import Intent, QuestionPlan
from assistant.retrieve.gather import GuideEvidence, add_front_matter_dates, add_level_tables, add_sections

_LEVERS = re.compile(r"lever", re.I)


class _Sections(Handler):
    refuses_missing_places = False

    def wants_figures(self, plan: QuestionPlan) -> bool:
        return bool(plan.components)  # "is the London base range current?" wants the row beside the date

    def write(self, draft: Draft, writing: Writing) -> None:
        quoted_sections(draft, writing.texts, self.intent)


class Levers(_Sections):
    intent = Intent.levers

    def add_evidence(self, found: GuideEvidence) -> None:
        add_sections(found, _LEVERS)


class LevelMapping(_Sections):
    intent = Intent.level_mapping

    def add_evidence(self, found: GuideEvidence) -> None:
        add_level_tables(found)


class Freshness(_Sections):
    intent = Intent.freshness

    def add_evidence(self, found: GuideEvidence) -> None:
        add_front_matter_dates(found)

    def write(self, draft: Draft, writing: Writing) -> None:
        super().write(draft, writing)
        if writing.plan.regions or writing.plan.components:  # "is the London base range still current?"
            for guide in writing.gathered.targets:
                benchmarks(draft, guide, writing.rows_of(guide))
