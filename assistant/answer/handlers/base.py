"""What every handler is, and the writing they share: a guide's table rows, its strategy, its advice sentences.

A handler answers one kind of question (an `Intent`): it says what evidence it needs beyond the common part
(retrieve/gather.py) and writes the draft. Verifying, numbering, warnings and streaming are common to all
(answer/responses.py, answer/streaming.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from assistant.answer.draft import Draft
from assistant.answer.refusals import possessive
from assistant.answer.strategy import StrategyFigure, strategy_figures
from assistant.answer.texts import advice_answer
from assistant.evidence import Passage
from assistant.guide import Guide
from assistant.plan.model import Intent, QuestionPlan
from assistant.retrieve.advice import Sentence
from assistant.retrieve.gather import Gathered, GuideEvidence
from assistant.verify.letter import LetterFigures


@dataclass(frozen=True)
class Writing:
    """What a handler writes from: the plan, the gathered evidence, and the catalog's company names."""

    plan: QuestionPlan
    gathered: Gathered
    question: str
    covered_companies: list[str]

    @property
    def rows(self) -> list[Passage]:
        return [p for p in self.gathered.evidence.passages if p.kind == "figures"]

    @property
    def texts(self) -> list[Passage]:
        return [p for p in self.gathered.evidence.passages if p.kind == "text"]

    def rows_of(self, guide: Guide) -> list[Passage]:
        return [p for p in self.rows if p.guide_id == guide.id]

    def strategy_of(self, guide: Guide) -> dict[StrategyFigure, Passage]:
        """The figures of the guide's strategy sentences, each with the passage quoting its sentence."""
        passages = self.gathered.strategy.get(guide.id, [])
        by_line = {(p.start_line, p.quote): p for p in passages}
        sentences = [Sentence(p.quote, p.start_line, p.section) for p in passages]
        return {figure: by_line[(figure.sentence.line, figure.sentence.text)] for figure in
                strategy_figures(guide, sentences)}  # fmt: skip

    def asked_keys(self, guide: Guide) -> set[str]:
        """The keys of the guide's places the question asks about."""
        regions = self.plan.regions
        return {key for f in guide.figures for key in f.keys if any(region in f.keys for region in regions)}


class Handler:
    """One kind of question. Subclasses set `intent`, add the evidence they need and write the draft."""

    intent: ClassVar[Intent]
    retrieves: ClassVar[bool] = True  # passages from the hybrid retriever, shown as "related"
    # Its answer is chosen by meaning (the embedding model). The others are exact look-ups, whose related passages
    # come from BM25 until the model is loaded, which they never wait for (retrieve/meaning.py).
    ranks_by_meaning: ClassVar[bool] = False
    needs_targets: ClassVar[bool] = True  # without a guide to answer from, the answer is a refusal
    refuses_missing_places: ClassVar[bool] = True  # places asked that no target covers: a refusal
    asks_which_role: ClassVar[bool] = True  # several roles fit, or none: the answer asks which
    settles: ClassVar[bool] = True  # a lead past one screen moves its end to the details (an e-mail stays whole)

    def wants_figures(self, plan: QuestionPlan) -> bool:
        return True

    def add_evidence(self, found: GuideEvidence) -> None:
        """Evidence beyond the common part for one target guide (its strategy, its advice)."""

    def write(self, draft: Draft, writing: Writing) -> None:
        raise NotImplementedError

    def user_figures(self, plan: QuestionPlan, question: str) -> LetterFigures | None:
        """The user's own figures the answer may repeat on lines labelled as theirs (verify/letter.py); None for
        kinds of question whose answers never repeat them."""
        return None

    def refusal(self, writing: Writing) -> str | None:
        """A refusal of this kind's own, before the common ones; None to go on."""
        return None


def write_advice(draft: Draft, guide: Guide, writing: Writing, in_lead: bool = True) -> None:
    """The guide's own sentences that answer the question; those whose figures are for another place than the
    one asked go to the details, labelled with their place (all of them, when not `in_lead`)."""
    passages = writing.gathered.advice.get(guide.id, [])
    figures = strategy_figures(guide, [Sentence(p.quote, p.start_line, p.section) for p in passages])
    asked = writing.asked_keys(guide)
    elsewhere = {f.sentence.line: f.places for f in figures if f.places and not f.places & asked}
    advice_answer(draft, guide, passages, asked, elsewhere, in_lead)


def company_table(guide: Guide) -> str:
    return f"{possessive(guide.company)} compensation table ({guide.role})"
