"""The user's own offer in chat, read from the question as a letter is (assistant/offers/reader.py):

year_totals    "what's my year-1 total if base is $200K, bonus 15% and $100K RSUs vesting evenly over 4 years?"
two_offers     "I have two offers: A: … B: …" — each read, added up, and the differences derived
counter_email  "write the email": the counter e-mail for the offer the question (or the one before) states

The user's figures are shown only on lines labelled "(your figures)", and the verifier accepts them there only
as the question states them (Handler.user_figures).
"""

from __future__ import annotations

import re

from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.offers.model import LetterAmount, Offer
from assistant.offers.reader import read_offer
from assistant.offers.years import YearByYear, rules_line, year_by_year
from assistant.plan.model import Intent, QuestionPlan
from assistant.retrieve.gather import GuideEvidence, add_strategy
from assistant.verify.letter import LetterFigures

MINE = "(your figures)"
_SECOND = re.compile(r"(?:^|[\s;:.,])(?:\(?(?:b|2)\)|offer (?:b|2|two)\b|the (?:second|other)(?: one| offer)?\b|"
                     r"second offer\b|\bB:)", re.I)  # fmt: skip
NO_FIGURES = ("Tell me the offer's figures in the question (base, bonus as an amount or a percentage, the equity "
              "grant and how it vests, any sign-on) and I'll add them up year by year.")  # fmt: skip


def _mine(line: str) -> str:
    return line.replace("(your letter)", MINE).replace("(your letters)", "(your figures)")


def offer_in(question: str) -> Offer:
    return read_offer(question)


def figures_of(offers: list[Offer]) -> LetterFigures:
    # Imported here, as compare_years and fill_email below: offers/assess.py builds on this registry.
    from assistant.offers.assess import letter_figures

    found = LetterFigures()
    for offer in offers:
        found = found | letter_figures(offer)
    return found


def two_offers_in(question: str) -> list[Offer]:
    """The question's two offers: the text before and after where the second begins ("B:", "the other one")."""
    match = _SECOND.search(question)
    if match is None:
        return []
    first, second = question[: match.start()], question[match.start() :]
    return [offer_in(first), offer_in(second)]


class _OwnFiguresOnly(Handler):
    """Questions answered from the user's own figures alone: no guide is looked up, so none is missing."""

    retrieves = False
    needs_targets = False
    refuses_missing_places = False
    asks_which_role = False

    def wants_figures(self, plan: QuestionPlan) -> bool:
        return False


class YearTotals(_OwnFiguresOnly):
    intent = Intent.year_totals

    def user_figures(self, plan: QuestionPlan, question: str) -> LetterFigures | None:
        return figures_of([offer_in(question)])

    def write(self, draft: Draft, writing: Writing) -> None:
        offer = offer_in(writing.question)
        if offer.base is None and offer.equity is None:
            draft.lead.append(NO_FIGURES)
            return
        years = year_by_year(offer)
        draft.derived += years.derived
        draft.lead += [_mine(line) for line in _year_lines(years)]
        draft.detail("How it was added up", [_mine(f"- {note}") for note in years.notes] + [rules_line(years)])


def _year_lines(years: YearByYear) -> list[str]:
    return [line for line in years.lines if line.startswith("- Year")] + [
        line for line in years.lines if not line.startswith("- Year")
    ]


class TwoOffers(_OwnFiguresOnly):
    intent = Intent.two_offers

    def user_figures(self, plan: QuestionPlan, question: str) -> LetterFigures | None:
        return figures_of(two_offers_in(question))

    def write(self, draft: Draft, writing: Writing) -> None:
        from assistant.offers.compare import compare_years

        offers = two_offers_in(writing.question)
        if len(offers) != 2 or any(o.base is None for o in offers):
            draft.lead.append("Give each offer's figures, the second after \"B:\" or \"the other\" (for example "
                              "\"A: base …, bonus …; B: base …\"), and I'll set them side by side.")  # fmt: skip
            return
        lines, derived = compare_years(offers[0], offers[1])
        draft.derived += derived
        draft.lead += [_mine(line) for line in lines]


class CounterEmailReply(Handler):
    intent = Intent.counter_email
    settles = False  # the e-mail is the answer: cut at one screen, its end would sit in the details

    def add_evidence(self, found: GuideEvidence) -> None:
        add_strategy(found)

    def user_figures(self, plan: QuestionPlan, question: str) -> LetterFigures | None:
        return LetterFigures(amounts=frozenset((a.currency, a.value) for a in plan.offered if a.currency))

    def refusal(self, writing: Writing) -> str | None:
        if not writing.plan.offered:  # nothing to reply to: say what to give, before any "not covered"
            return ("Tell me the offer first (\"I was offered … base at … in …\") or paste the letter, and I'll "
                    "draft the reply.")  # fmt: skip
        return None

    def write(self, draft: Draft, writing: Writing) -> None:
        from assistant.offers.email import DEFAULT_TEMPLATE, fill_email

        plan = writing.plan
        offer = Offer(role=None, base=_amount(plan))
        marked, counters = fill_email(plan, writing.gathered, writing.question, offer, DEFAULT_TEMPLATE)
        draft.derived += counters
        draft.lead += [_mine(line) for line in marked.splitlines()]


def _amount(plan: QuestionPlan) -> LetterAmount | None:
    base = next((a for a in plan.offered if a.currency), None)
    return LetterAmount(value=base.value, currency=base.currency, text=base.text) if base and base.currency else None
