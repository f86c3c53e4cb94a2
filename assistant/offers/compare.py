"""Two offers side by side: each part and each year's total, with the difference derived (and recomputed) where
both are in one currency; where they are not, the line says it cannot compare them, since nothing is converted."""

from __future__ import annotations

from assistant.derive import difference
from assistant.offers.assess import letter_figures
from assistant.offers.model import LetterAmount, Offer
from assistant.offers.report import OfferComparison, OfferReport
from assistant.offers.years import YEARS, derived_input, letter_input, year_by_year
from assistant.response import AnswerResponse, DerivedFigure, DerivedInput, DerivedKind
from assistant.verify import verify
from assistant.verify.derived import from_letter_alone

LABEL = "(your letters)"


def compare_offers(first: OfferReport, second: OfferReport, names: tuple[str, str] = ("A", "B")) -> OfferComparison:
    comparison = OfferComparison(first=first, second=second)
    one, two = names
    for label in ("base", "bonus", "sign-on", "relocation"):
        _part(comparison, label, _part_of(first, label), _part_of(second, label), names)
    for year in range(1, YEARS + 1):
        _year(comparison, year, first, second, names)
    own = [f for f in first.response.derived + second.response.derived if from_letter_alone(f)]
    derived = own + comparison.differences
    letters = letter_figures(first.offer) | letter_figures(second.offer)
    comparison.verification = verify(comparison.text, {}, None, derived, None, letters)
    if first.offer.company or second.offer.company:
        comparison.lines.insert(0, f"{one}: {_title(first)}; {two}: {_title(second)}.")
    return comparison


def _title(report: OfferReport) -> str:
    offer = report.offer
    return " · ".join(part for part in (offer.company, offer.role, offer.place) if part) or "offer"


Part = tuple[DerivedInput, str]  # the figure as a rule's input, and as written


def _part_of(report: OfferReport, label: str) -> Part | None:
    """The part as the letter states it; a bonus given as a percentage is the amount its rule computed."""
    offer = report.offer
    amounts: dict[str, LetterAmount | None] = {
        "base": offer.base, "bonus": offer.bonus.amount if offer.bonus else None,
        "sign-on": offer.sign_on.amount if offer.sign_on else None, "relocation": offer.relocation,
    }  # fmt: skip
    amount = amounts[label]
    if amount is not None:
        return letter_input(amount, label), amount.text
    computed = [f for f in report.response.derived if f.kind == DerivedKind.percent_of and label == "bonus"]
    return (derived_input(computed[0], label), computed[0].text) if computed else None


def _part(comparison: OfferComparison, label: str, a: Part | None, b: Part | None, names: tuple[str, str]) -> None:
    if a is None and b is None:
        return
    shown = f"{names[0]} {a[1] if a else 'none stated'}, {names[1]} {b[1] if b else 'none stated'}"
    ends = _ends(comparison, a[0] if a else None, b[0] if b else None, a[1] if a else "", names)
    comparison.lines.append(f"- {label[:1].upper()}{label[1:]}: {shown}{ends} {LABEL}")


def _year(comparison: OfferComparison, year: int, first: OfferReport, second: OfferReport,
          names: tuple[str, str]) -> None:  # fmt: skip
    a = [t.total for t in first.years if t.year == year]
    b = [t.total for t in second.years if t.year == year]
    if not a and not b:
        return
    written = [" and ".join(f.text for f in totals) or "none" for totals in (a, b)]
    shown = f"{names[0]} {written[0]}, {names[1]} {written[1]}"
    ends = ""
    if len(a) == 1 and len(b) == 1:
        ends = _ends(comparison, derived_input(a[0], "total"), derived_input(b[0], "total"), a[0].text, names)
    elif a and b:
        ends = ": not compared, each is in more than one currency and nothing is converted"
    comparison.lines.append(f"- Year {year} total: {shown}{ends} {LABEL}")


def _ends(comparison: OfferComparison, a: DerivedInput | None, b: DerivedInput | None, example: str,
          names: tuple[str, str]) -> str:  # fmt: skip
    """The difference, derived, when both are in one currency; why not, when they aren't."""
    if a is None or b is None:
        return ""
    if a.currency != b.currency:
        return f": not compared, {a.currency} against {b.currency}, and nothing is converted"
    if a.value == b.value:
        return ": the same"
    figure = difference(a, b, example)
    comparison.differences.append(figure)
    higher, lower = names if figure.low > 0 else names[::-1]
    return f": {higher} is {figure.text} more than {lower}"


def compare_years(first: Offer, second: Offer) -> tuple[list[str], list[DerivedFigure]]:
    """Two offers stated in a question, added up and side by side without any guide: (lines, derived figures in
    the order the verifier reads them)."""
    reports = [_added_up(offer) for offer in (first, second)]
    comparison = compare_offers(reports[0], reports[1])
    own = [f for report in reports for f in report.response.derived]
    return comparison.lines, own + comparison.differences


def _added_up(offer: Offer) -> OfferReport:
    years = year_by_year(offer)
    response = AnswerResponse(question="", answer="", engine="offline", derived=years.derived)
    return OfferReport(offer=offer, response=response, years=years.totals, yearly_notes=years.notes)
