"""What to ask for, and whether an offer is fair: a number, with its arithmetic shown and verified.

The ask for a place is the guide's own anchor where its strategy gives one for that place; otherwise it is
derived from the place's band by one rule (see assistant/derive.py): the band's top quarter. An offer is
placed in its band (below it, in a quarter, above it), beside the guide's walk-away floor for the place,
with a counter figure derived the same way. Nothing is converted between currencies, and the user's own
numbers are never repeated back as if a guide held them.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer.draft import Draft, label
from assistant.answer.refusals import possessive
from assistant.answer.strategy import StrategyFigure, place_names
from assistant.derive import TOP_QUARTER_RULE, top_quarter
from assistant.evidence import Passage
from assistant.guide import Component, Figure, Guide
from assistant.money import find_amounts, find_ranges
from assistant.money.format import format_like
from assistant.plan.model import Offered
from assistant.response import DerivedFigure, DerivedInput

ASK_COMPONENTS = [Component.base, Component.bonus, Component.stock, Component.pnl, Component.total]
QUARTERS = ["bottom", "second", "third", "top"]


@dataclass(frozen=True)
class Band:
    figure: Figure
    passage: Passage  # the cited table row

    @property
    def usable(self) -> bool:
        f = self.figure
        return f.low is not None and f.high is not None and f.high > f.low and not f.mixed_currency and not f.monthly

    def end(self, value: int, currency: str | None = None) -> DerivedInput:
        f = self.figure
        return DerivedInput(citation=self.passage.number, currency=currency or f.currency or "", value=value,
                            component=f.component, region=f.region, place_keys=f.place_keys,
                            guide_id=f.guide_id)  # fmt: skip

    def top_quarter(self) -> DerivedFigure:
        f = self.figure
        assert f.low is not None and f.high is not None
        return top_quarter(self.end(f.low), self.end(f.high), f.source_text)

    def in_currency(self, currency: str | None) -> Scale | None:
        """The band in that currency: its own range, or the conversion the guide itself gives (a dual cell)."""
        f, second = self.figure, self.figure.secondary
        if currency is not None and currency == f.currency and f.low is not None and f.high is not None:
            return Scale(currency, f.low, f.high, f.source_text)
        if currency is not None and second is not None and currency == second.currency and second.high is not None:
            ends = [format_like(end, currency, f.source_text) for end in (second.low, second.high)]
            return Scale(currency, second.low, second.high, " - ".join(ends))
        return None


@dataclass(frozen=True)
class Scale:
    """A band in one currency, as the guide gives it."""

    currency: str
    low: int
    high: int
    text: str


def bands_by_place(rows: list[Passage]) -> dict[str, list[Band]]:
    """The cited table rows' figures, by place as the guide writes it, in the order of ASK_COMPONENTS."""
    places: dict[str, list[Band]] = {}
    for passage in rows:
        for figure in passage.figures:
            if figure.component in ASK_COMPONENTS and not figure.not_paid:
                places.setdefault(figure.region, []).append(Band(figure, passage))
    return {p: sorted(b, key=lambda band: ASK_COMPONENTS.index(band.figure.component)) for p, b in places.items()}


@dataclass(frozen=True)
class AskPart:
    amount: str  # "£255K–£275K", or the anchor as the guide writes it
    name: str  # "base"
    reason: str  # "the top quarter of its £195K - £275K ($245K - $345K) band"
    marker: str  # "[1]"
    short_reason: str  # "top quarter of £195K - £275K": for the components after the first, to stay on one screen


def fair_ask(
    draft: Draft, guide: Guide, place: str, bands: list[Band], strategy: dict[StrategyFigure, Passage]
) -> None:
    """The lead for one place: the ask per component, how it was reached, and where the guide's anchor is."""
    keys = set(bands[0].figure.keys)
    asked = {band.figure.component for band in bands}
    anchors: dict[Component | None, StrategyFigure] = {}
    for figure in strategy:  # the strategy's first anchor per component is its main one; later ones are variants
        if figure.role == "anchor" and keys & figure.places and figure.component in asked:
            anchors.setdefault(figure.component, figure)
    parts = [_ask_part(draft, guide, place, band, anchors, strategy) for band in bands if band.usable]
    if not parts:
        return
    first = parts[0]
    draft.lead.append(f"**Ask for {first.amount} {first.name}** in {place} at {guide.company}: {first.reason} "
                      f"{first.marker}.")  # fmt: skip
    if len(parts) > 1:
        later = [f"{part.amount} {part.name} ({part.short_reason}) {part.marker}" for part in parts[1:]]
        draft.lead.append("Then " + "; ".join(later) + ".")
    if any(part.reason.startswith("the top quarter") for part in parts):
        draft.lead.append(f"Rule: {TOP_QUARTER_RULE} (the 75th percentile the guides aim at).")
    elsewhere = [s for s in strategy if s.role == "anchor" and s.component in asked and s.places
                 and not keys & s.places]  # fmt: skip
    if elsewhere and not anchors:
        names = place_names(guide, frozenset().union(*(s.places for s in elsewhere)))
        draft.lead.append(f"{possessive(guide.company)} own anchor is for {', '.join(names)}, not {place}: not used "
                          "here (see its strategy below).")  # fmt: skip


def _ask_part(draft: Draft, guide: Guide, place: str, band: Band, anchors: dict[Component | None, StrategyFigure],
              strategy: dict[StrategyFigure, Passage]) -> AskPart:  # fmt: skip
    anchor = anchors.get(band.figure.component)
    if anchor is not None and anchor.currency == band.figure.currency:
        reason = f"{possessive(guide.company)} own anchor for {place}"
        return AskPart(anchor.text, label(band.figure), reason, f"[{strategy[anchor].number}]", "its own anchor")
    derived = band.top_quarter()
    draft.derived.append(derived)
    draft.show(band.figure, band.passage)
    reason = f"the top quarter of its {band.figure.source_text} band"
    short = f"top quarter of {primary_range(band.figure)}"
    return AskPart(derived.text, label(band.figure), reason, f"[{band.passage.number}]", short)


def primary_range(figure: Figure) -> str:
    """The cell's first range as written, without the conversion a dual cell adds: "HK$1.95M - HK$2.70M"."""
    ranges = find_ranges(figure.source_text)
    if not ranges or ranges[0].high is None:
        return figure.source_text
    return figure.source_text[ranges[0].low.start : ranges[0].high.end]


def offer_check(draft: Draft, guide: Guide, place: str, bands: list[Band], offered: list[Offered],
                strategy: dict[StrategyFigure, Passage]) -> None:  # fmt: skip
    """Each offered component placed in its band, a counter for it, and the guide's floor for the place."""
    keys = set(bands[0].figure.keys) if bands else set()
    by_component = {band.figure.component: band for band in bands if band.usable}
    countered = False
    for amount in offered:
        component = amount.component
        band = by_component.get(component)
        name = COMPONENT_NAMES.get(component, "pay")
        if band is None:
            draft.lead.append(f"{possessive(guide.company)} guide has no {name} band for {place} to compare your "
                              f"{name} offer with.")  # fmt: skip
            continue
        scale = band.in_currency(_currency_in(amount, band.figure.currency))
        if scale is None:
            draft.lead.append(f"Your {name} offer isn't in {band.figure.currency}, the currency of "
                              f"{possessive(guide.company)} {place} band, so I won't compare them: nothing is "
                              "converted.")  # fmt: skip
            continue
        countered |= _place_offer(draft, guide, place, band, scale, amount.value, name)
        floors = [s for s in strategy if s.role == "floor" and keys & s.places and s.component == component
                  and s.currency == scale.currency]  # fmt: skip
        if floors:
            draft.lead.append(f"The guide's walk-away floor for {place} is {floors[0].text} {name} "
                              f"[{strategy[floors[0]].number}].")  # fmt: skip
    if countered:
        draft.lead.append(f"Counter rule: {TOP_QUARTER_RULE}. Ask in writing, point to the {place} band, and name "
                          "a competing offer if you have one.")  # fmt: skip


def _currency_in(offered: Offered, context: str | None) -> str | None:
    """The offered amount's currency read beside the band's: "$" in a Singapore guide is the guide's dollar."""
    amounts = find_amounts(offered.text)
    return amounts[0].currency(context) if amounts else offered.currency


COMPONENT_NAMES = {Component.base: "base", Component.bonus: "bonus", Component.stock: "stock",
                   Component.total: "total comp", Component.pnl: "PnL", Component.sign_on: "sign-on"}  # fmt: skip


def _place_offer(draft: Draft, guide: Guide, place: str, band: Band, scale: Scale, value: int, name: str) -> bool:
    """Say where the offer sits and what to counter with; True when the counter is a derived figure."""
    marker = f"[{band.passage.number}]"
    draft.show(band.figure, band.passage)
    if value < scale.low:
        where = "below"
    elif value > scale.high:
        where = "above"
    else:
        where = f"in the {QUARTERS[min(3, int(4 * (value - scale.low) / (scale.high - scale.low)))]} quarter of"
    company = possessive(guide.company)
    derived = top_quarter(band.end(scale.low, scale.currency), band.end(scale.high, scale.currency), scale.text)
    if value < derived.low:
        draft.derived.append(derived)
        counter = format_like(derived.low, scale.currency, scale.text)
        draft.lead.append(f"Your {name} offer is {where} {company} {scale.text} {place} band {marker}; counter at "
                          f"{counter} {name} {marker}.")  # fmt: skip
        return True
    if value < scale.high:
        top = format_like(scale.high, scale.currency, scale.text)
        draft.lead.append(f"Your {name} offer is {where} {company} {scale.text} {place} band {marker}; counter at "
                          f"{top} {name}, its top {marker}.")  # fmt: skip
    else:
        draft.lead.append(f"Your {name} offer is {where} {company} {scale.text} {place} band {marker}: hold it, "
                          "and negotiate level, sign-on or equity instead.")  # fmt: skip
    return False


POINT_NAMES = {"floor": "walk-away point", "accept": "point to accept at", "anchor": "target"}


def strategy_point(draft: Draft, guide: Guide, strategy: dict[StrategyFigure, Passage], asked: set[str],
                   point: str = "floor", only_here: bool = False) -> bool:  # fmt: skip
    """The guide's own sentences for one point of its strategy (its walk-away point, where to accept, its target),
    quoted, each with the place it is for; the asked place's first. `only_here`: none for another place than the
    one asked. True when one was quoted."""
    points = [s for s in strategy if s.role == point]
    here = [s for s in points if not asked or asked & s.places]
    shown: set[int] = set()
    for figure in here or ([] if only_here else points):
        passage = strategy[figure]
        if passage.number in shown:
            continue
        shown.add(passage.number)
        names = ", ".join(place_names(guide, figure.places)) or "no place named"
        company = possessive(guide.company)
        line = f"{company} own {POINT_NAMES[point]} (advice, for {names}): “{passage.quote}” [{passage.number}]"
        if draft.fits(line):
            draft.lead.append(line)
    return bool(shown)


def walk_away(draft: Draft, guide: Guide, strategy: dict[StrategyFigure, Passage], asked: set[str],
              point: str = "floor") -> None:  # fmt: skip
    """The guide's own walk-away points (or, for point="accept", where it says to accept), quoted."""
    if not strategy_point(draft, guide, strategy, asked, point):
        draft.lead.append(
            f"{possessive(guide.company)} guide gives no {POINT_NAMES[point]}; its bands show where offers sit."
        )
