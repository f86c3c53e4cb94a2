"""An offer letter against the guides: what was read (the user's own figures, labelled as theirs), each part in
its band as offer checks place it (answer/asks.py `offer_check`), and the offer year by year (years.py).

The letter's company, role, level and place are matched as a question's are: they are written as one question
and planned (plan/planner.py), so "JS", "NYC" or "Senior" in a letter mean what they mean in chat. The plan's
intent is the offer check, and the amounts it checks are the letter's: base; the bonus (its amount, or base ×
its percentage, a derived figure); the equity vesting in year 1 where the guide's stock band is per year and the
letter vests evenly; the sign-on. Then the common verifier checks every figure, the letter's own included.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from assistant.answer.compose import compose_offline
from assistant.answer.draft import Draft
from assistant.answer.handlers import HANDLERS
from assistant.answer.refusals import possessive
from assistant.answer.responses import Answering, draft_response, final_response
from assistant.guide import Component, Figure
from assistant.offers.email import counter_email
from assistant.offers.model import Offer, Schedule
from assistant.offers.report import OfferReport
from assistant.offers.years import LABEL, YearByYear, YearTotal, rules_line, year_by_year
from assistant.plan.model import Intent, Offered
from assistant.plan.planner import make_plan
from assistant.response import AnswerDetail, AnswerResponse
from assistant.retrieve.gather import Gathered, gather
from assistant.retrieve.retriever import IndexReader
from assistant.settings import Settings
from assistant.verify import LetterFigures

if TYPE_CHECKING:  # an LLM rewrites the e-mail only when one is configured
    from langchain_core.language_models import BaseChatModel


def letter_figures(offer: Offer) -> LetterFigures:
    """The amounts and percentages the letter states, and each year's vesting share it implies."""
    shares = offer.equity.year_shares() or [] if offer.equity else []
    return LetterFigures(amounts=frozenset((a.currency, a.value) for a in offer.amounts()),
                         percents=frozenset([*offer.percents(), *shares]))  # fmt: skip


def letter_question(offer: Offer) -> str:
    """The letter's names as one question, for the planner to match: "Senior ML/AI Engineer at Acme in London"."""
    # The role in lower case: a title-case role is no company name the guides lack ("Software Engineer").
    role = " ".join(part for part in (offer.level, offer.role) if part).lower()
    question = f"offer for {role}" if role else "offer"
    if offer.company:
        question += f" at {offer.company}"
    if offer.place:
        question += f" in {offer.place}"
    return question


def assess_offer(reader: IndexReader, settings: Settings, offer: Offer, email: bool = False,
                 chat_model: BaseChatModel | None = None) -> OfferReport:  # fmt: skip
    """The offer checked and added up; with `email`, the counter e-mail from settings.email_template too (its
    wording rewritten by the chat model when one is given and the rewrite passes the verifier)."""
    started = time.perf_counter()
    question = letter_question(offer)
    plan = make_plan(question, reader.vocabulary)
    plan.intent, plan.components, plan.offered = Intent.offer, [], []
    handler = HANDLERS.for_intent(Intent.offer)
    gathered = gather(reader, question, plan, handler, k=settings.top_k)
    years = year_by_year(offer)
    plan.offered = offered_parts(offer, years, gathered)
    draft = compose_offline(plan, gathered, reader.covered_companies, question)
    notes = [equity_note(offer, gathered, plan.offered), _relocation_note(offer, gathered)]
    if any(notes) and not draft.refused:
        draft.lead += [note for note in notes if note]
        draft.settle()
    _add_letter(draft, offer, years)
    answering = Answering(question=question, history=[], plan=plan, gathered=gathered,
                          today=settings.effective_today(), started=started, letter=letter_figures(offer),
                          index_warnings=reader.vector_warnings())  # fmt: skip
    answering.stated = draft.stated
    answering.offline = _response(answering, draft)
    reply = counter_email(answering, offer, settings.email_template, chat_model) if email else None
    response = final_response(answering, answering.offline)
    return OfferReport(offer=offer, response=response, years=_kept(years.totals, response),
                       yearly_notes=years.notes, email=reply)  # fmt: skip


def offered_parts(offer: Offer, years: YearByYear, gathered: Gathered) -> list[Offered]:
    """The letter's amounts the offer check places in bands."""
    parts: list[Offered] = []
    if offer.base:
        parts.append(_offered(offer.base.text, offer.base.value, offer.base.currency, Component.base))
    if offer.bonus and offer.bonus.amount:
        amount = offer.bonus.amount
        parts.append(_offered(amount.text, amount.value, amount.currency, Component.bonus))
    elif years.bonus is not None:
        parts.append(_offered(years.bonus.text, years.bonus.low, years.bonus.currency, Component.bonus))
    stock = _stock_offered(offer, years, gathered)
    if stock is not None:
        parts.append(stock)
    if offer.sign_on:
        amount = offer.sign_on.amount
        parts.append(_offered(amount.text, amount.value, amount.currency, Component.sign_on))
    return parts


def _offered(text: str, value: int, currency: str, component: Component) -> Offered:
    return Offered(text=text, value=value, currency=currency, component=component)


def _stock_offered(offer: Offer, years: YearByYear, gathered: Gathered) -> Offered | None:
    """Year 1's vesting, where the guide's stock band is a yearly one and the letter vests evenly (so year 1 is
    every year); with no stock band at all, the grant, for the check to say the guide has none."""
    equity, first = offer.equity, years.vesting[0] if years.vesting else None
    bands = _stock_bands(gathered)
    if equity is None or equity.grant is None:
        return None
    if not bands:
        return _offered(equity.grant.text, equity.grant.value, equity.grant.currency, Component.stock)
    if first is None or equity.schedule != Schedule.even or not all(f.period == "/yr" for f in bands):
        return None
    return _offered(first.text, first.low, first.currency, Component.stock)


def _stock_bands(gathered: Gathered) -> list[Figure]:
    return [f for p in gathered.evidence.passages if p.kind == "figures" for f in p.figures
            if f.component == Component.stock and not f.not_paid]  # fmt: skip


def equity_note(offer: Offer, gathered: Gathered, checked: list[Offered]) -> str | None:
    """Why the letter's equity is not placed in a band, when it isn't."""
    equity = offer.equity
    if equity is None or any(part.component == Component.stock for part in checked) or not gathered.targets:
        return None
    if equity.grant is None:
        return "Your equity is a share count with no price stated: it is not valued, so not compared."
    if not all(f.period == "/yr" for f in _stock_bands(gathered)):
        return "The guide's stock band is not given per year, so your grant is not compared with it."
    if equity.schedule != Schedule.even:
        return ("Your grant does not vest evenly, so no one year stands for every year: it is not compared with "
                "the guide's yearly stock band.")  # fmt: skip
    return None


def _relocation_note(offer: Offer, gathered: Gathered) -> str | None:
    """The guides' tables have no relocation column: said, as for any part without a band."""
    if offer.relocation is None or not gathered.targets:
        return None
    return f"{possessive(gathered.targets[0].company)} guide has no relocation band to compare your relocation with."


def _add_letter(draft: Draft, offer: Offer, years: YearByYear) -> None:
    """What was read, first in the details, and the years after the checks."""
    draft.details.insert(0, AnswerDetail(title="Read from your letter", text="\n".join(read_lines(offer))))
    lines = years.lines + [f"- {note}" for note in years.notes] + ([rules_line(years)] if years.derived else [])
    draft.details.insert(1, AnswerDetail(title="Year by year (your figures; nothing converted)", text="\n".join(lines)))
    draft.derived = years.derived + draft.derived  # a figure's inputs before it: the verifier reads them in order
    if draft.refused:
        draft.lead.append("The letter's own figures are below, read and added up; no guide band is compared.")


def read_lines(offer: Offer) -> list[str]:
    """The letter's fields, each labelled as the user's own; what it doesn't state, said to be unknown."""
    names = [f"{name}: {value}" for name, value in (("Company", offer.company), ("Role", offer.role),
             ("Level", offer.level), ("Place", offer.place)) if value]  # fmt: skip
    lines = [f"- {'; '.join(names)}"] if names else []
    if offer.base:
        lines.append(f"- Base: {offer.base.text} ({LABEL})")
    if offer.bonus:
        bonus = offer.bonus.amount.text if offer.bonus.amount else f"{offer.bonus.percent:g}% of base"
        lines.append(f"- Bonus: {bonus} ({LABEL})")
    if offer.sign_on:
        months = offer.sign_on.clawback_months
        clawback = f", repayable if you leave within {months} months" if months else ", no clawback stated"
        lines.append(f"- Sign-on: {offer.sign_on.amount.text}{clawback} ({LABEL})")
    if offer.equity:
        lines.append(f"- Equity: {_equity_words(offer)} ({LABEL})")
    if offer.relocation:
        lines.append(f"- Relocation: {offer.relocation.text} ({LABEL})")
    lines += [f"- The letter's {part} amount doesn't read cleanly as money, so it is not used." for part in
              offer.unreadable]  # fmt: skip
    unknown = [part for part in offer.unknown() if part not in offer.unreadable]
    if unknown:
        lines.append(f"- Not stated in the letter (unknown, not guessed): {', '.join(unknown)}.")
    return lines


def _equity_words(offer: Offer) -> str:
    equity = offer.equity
    assert equity is not None
    what = equity.instrument or "equity"
    words = [f"{equity.grant.text} of {what}" if equity.grant else f"{equity.shares} {what}, no price stated"]
    if equity.years:
        words.append(f"over {equity.years} years")
    if equity.cliff_months:
        words.append(f"{equity.cliff_months}-month cliff")
    if equity.schedule == Schedule.stated:
        words.append("vesting " + "/".join(f"{share:g}" for share in equity.yearly_percent) + " by year")
    elif equity.schedule == Schedule.even:
        words.append("vesting evenly")
    else:
        words.append("schedule not stated")
    return ", ".join(words)


def _response(answering: Answering, draft: Draft) -> AnswerResponse:
    response = draft_response(answering, draft.text, "offline", refused=draft.refused, details=draft.details)
    cited = {citation.number for citation in response.citations}
    response.figures = [figure for figure in draft.figures if figure.citation in cited]
    response.derived = draft.derived
    return response


def _kept(totals: list[YearTotal], response: AnswerResponse) -> list[YearTotal]:
    """The totals the verified answer still shows (a struck line takes its total with it)."""
    shown = response.full_text
    return [t for t in totals if t.total.text in shown]
