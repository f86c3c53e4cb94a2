"""An offer year by year, from the letter's own figures, by rules the verifier recomputes (assistant/derive.py):

    year n = base + bonus + the equity vesting in year n (+ the sign-on, in year 1)

- A bonus given as a percentage is base × percentage ÷ 100 (percent_of); given as an amount, it is that amount.
- The equity vesting in year n is the grant × year n's share ÷ 100 (vesting_share), the shares being what the
  letter states (5/15/40/40) or an even split when it says so. A year before a cliff of more than a year
  vests nothing the letter lets us place, so no total is given for it.
- A share count with no price is not valued; a grant whose schedule the letter doesn't state is not placed.
- Amounts in different currencies are never added: each currency gets its own total, said to be apart.
Relocation is a one-off cost the employer covers, not pay, so it is never in a total (and the lines say so).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import BaseModel

from assistant.derive import PERCENT_OF_RULE, SUM_RULE, VESTING_RULE, share, total
from assistant.offers.model import LetterAmount, Offer, Schedule
from assistant.response import DerivedFigure, DerivedInput, DerivedKind, InputSource

YEARS = 4
LABEL = "your letter"  # the mark the verifier reads for the user's own figures (verify/letter.py)


class YearTotal(BaseModel):
    """One year's total in one currency, and the figure that computes it."""

    year: int
    currency: str
    total: DerivedFigure
    parts: list[str]  # "base", "bonus", "vested equity", "sign-on"


@dataclass
class YearByYear:
    derived: list[DerivedFigure] = field(default_factory=list)  # in order: a figure's inputs come before it
    totals: list[YearTotal] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what is left out, and why
    bonus: DerivedFigure | None = None  # a bonus computed from a percentage of base
    vesting: list[DerivedFigure | None] = field(default_factory=list)  # the equity vesting in each year


def letter_input(amount: LetterAmount, label: str) -> DerivedInput:
    return DerivedInput(currency=amount.currency, value=amount.value, source=InputSource.letter, label=label)


def percent_input(percent: float, label: str) -> DerivedInput:
    return DerivedInput(currency="%", value=0, percent=percent, source=InputSource.letter, label=label)


def derived_input(figure: DerivedFigure, label: str) -> DerivedInput:
    return DerivedInput(currency=figure.currency, value=figure.low, source=InputSource.derived, label=label)


def year_by_year(offer: Offer) -> YearByYear:
    years = YearByYear()
    bonus = _bonus(offer, years)
    _vesting(offer, years)
    for year in range(1, YEARS + 1):
        _year_total(offer, years, year, bonus)
    if offer.relocation is not None:
        years.notes.append(f"Relocation, {offer.relocation.text} ({LABEL}), is not pay: it is in no total.")
    return years


def _bonus(offer: Offer, years: YearByYear) -> DerivedInput | None:
    """The bonus as an input of each year's total: the letter's amount, or base × its percentage."""
    if offer.bonus is None:
        years.notes.append("The letter states no bonus: none is in the totals.")
        return None
    if offer.bonus.amount is not None:
        return letter_input(offer.bonus.amount, "bonus")
    if offer.base is None or offer.bonus.percent is None:
        years.notes.append("The letter gives the bonus as a percentage but states no base: it is in no total.")
        return None
    figure = share(DerivedKind.percent_of, letter_input(offer.base, "base"),
                   percent_input(offer.bonus.percent, "bonus target"), offer.base.text)  # fmt: skip
    years.derived.append(figure)
    years.bonus = figure
    years.lines.append(f"- Bonus: {figure.text} = {_pct(offer.bonus.percent)} of {offer.base.text} base ({LABEL})")
    return derived_input(figure, "bonus")


def _vesting(offer: Offer, years: YearByYear) -> None:
    equity = offer.equity
    years.vesting = [None] * YEARS
    if equity is None:
        return
    if equity.grant is None:
        what = equity.instrument or "shares"
        years.notes.append(f"The equity grant is {equity.shares} {what} with no price stated: it is not valued, so "
                           "it is in no total.")  # fmt: skip
        return
    shares = equity.year_shares()
    if shares is None:
        years.notes.append(f"The letter doesn't say how the {equity.grant.text} grant vests: it is in no total.")
        return
    if equity.cliff_months and equity.cliff_months > 12:
        years.notes.append(f"The grant's cliff is {equity.cliff_months} months, past year 1: its vesting is not "
                           "placed by year, so it is in no total.")  # fmt: skip
        return
    for index, percent in enumerate(shares[:YEARS]):
        figure = share(DerivedKind.vesting_share, letter_input(equity.grant, "equity grant"),
                       percent_input(percent, f"year {index + 1} vesting share"), equity.grant.text)  # fmt: skip
        years.derived.append(figure)
        years.vesting[index] = figure
        how = (f"{equity.grant.text} ÷ {len(shares)} (an even vest)" if equity.schedule == Schedule.even
               else f"{_pct(percent)} of {equity.grant.text}")  # fmt: skip
        years.lines.append(f"- Equity vesting in year {index + 1}: {figure.text} = {how} ({LABEL})")


def _year_total(offer: Offer, years: YearByYear, year: int, bonus: DerivedInput | None) -> None:
    """The year's total in each currency its parts are in; parts in different currencies are never added."""
    parts: list[tuple[str, DerivedInput, str]] = []  # (name, input, as written)
    if offer.base is not None:
        parts.append(("base", letter_input(offer.base, "base"), offer.base.text))
    if bonus is not None:
        written = years.bonus.text if years.bonus is not None else (offer.bonus.amount.text if offer.bonus and
                                                                     offer.bonus.amount else "")  # fmt: skip
        parts.append(("bonus", bonus, written))
    vested = years.vesting[year - 1] if years.vesting else None
    if vested is not None:
        parts.append(("vested equity", derived_input(vested, f"year {year} vested equity"), vested.text))
    if year == 1 and offer.sign_on is not None:
        parts.append(("sign-on", letter_input(offer.sign_on.amount, "sign-on"), offer.sign_on.amount.text))
    by_currency: dict[str, list[tuple[str, DerivedInput, str]]] = {}
    for part in parts:
        by_currency.setdefault(part[1].currency, []).append(part)
    sums = []
    for currency, group in by_currency.items():
        figure = total([p[1] for p in group], group[0][2])
        years.derived.append(figure)
        years.totals.append(YearTotal(year=year, currency=currency, total=figure, parts=[p[0] for p in group]))
        named = " + ".join(f"{p[2]} {p[0]}" for p in group)
        sums.append(named if len(group) == 1 else f"{figure.text} = {named}")
    if sums:
        apart = " (not added: different currencies, nothing is converted)" if len(sums) > 1 else ""
        years.lines.append(f"- Year {year}: " + "; and ".join(sums) + f"{apart} ({LABEL})")


def rules_line(years: YearByYear) -> str:
    """The rules the lines above used, once: each figure of theirs is recomputed by the verifier."""
    kinds = {figure.kind for figure in years.derived}
    rules = [rule for kind, rule in ((DerivedKind.percent_of, PERCENT_OF_RULE), (DerivedKind.vesting_share,
             VESTING_RULE), (DerivedKind.sum, SUM_RULE)) if kind in kinds]  # fmt: skip
    return "Rules: " + "; ".join(rules) + "." if rules else ""


def _pct(percent: float) -> str:
    return f"{percent:g}%"
