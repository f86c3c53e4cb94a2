"""How a table cell writes money, in every notation of docs/guide-formats.md, with the figure it states.

Each writer returns a `Cell`: the text to put in the table and the truth a parser must read back
from it (currency, low, high, open top, the second currency of a dual cell), or the fact that the
cell states no figure (`not_paid`) or must not be read at all (`clean=False`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from benchmarks.corpus.vocab import USD_PER_UNIT, Place


@dataclass(frozen=True)
class Cell:
    text: str
    notation: str  # how it is written: "k", "full", "indian_lakh", "interleaved_dual", ...
    currency: str | None = None
    low: int | None = None
    high: int | None = None
    open_ended: bool = False
    percent: tuple[float, float | None] | None = None
    secondary: tuple[str, int, int] | None = None  # the USD conversion a dual cell gives
    not_paid: bool = False  # "None", "N/A", "—": the component is not paid there
    clean: bool = True  # False: garbage a parser must not turn into a figure
    defect: str | None = None  # "mixed_currency" or "low_above_high": kept as written, and flagged

    @property
    def states_money(self) -> bool:
        return self.clean and self.low is not None and self.high is not None


DASHES = [" - ", "–", "-", " – "]
NOT_PAID = ["None", "N/A", "—", "None", "-"]
GARBAGE = ["£1,2,3K", "$12.3.4K - €5K", "£-5K", "$1O5K–$140K", "€4,50K - €7,00K"]


def _round(value: float, unit: int) -> int:
    return max(unit, round(value / unit) * unit)


def amount(value: int, place: Place, style: str) -> str:
    """One amount written the way a place's guides write it ("full", "k" or "m")."""
    if style == "full":
        number = f"{value:,}"
    elif style == "m" and value >= 1_000_000:
        number = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    else:
        number = f"{value // 1000}K"
    if place.symbol == "kr":
        return f"{number} kr"
    if place.symbol.isalpha():  # an ISO code before the number: "AED 310,000", "CHF 128K"
        return f"{place.symbol} {number}"
    return f"{place.symbol}{number}"


def money_range(rng: random.Random, place: Place, low_value: float, high_value: float) -> Cell:
    """A plain range in the place's own notation; Indian places vary theirs most."""
    if place.style == "indian":
        return _indian_range(rng, place, low_value, high_value)
    unit = 10_000 if place.style == "m" else 1_000
    low, high = _round(low_value, unit), _round(high_value, unit)
    high = max(high, low + unit)
    text = f"{amount(low, place, place.style)}{rng.choice(DASHES)}{amount(high, place, place.style)}"
    return Cell(text, "iso_prefix" if place.symbol.isalpha() else place.style, place.currency, low, high)


def _indian_range(rng: random.Random, place: Place, low_value: float, high_value: float) -> Cell:
    form = rng.choice(["grouping", "lakh", "lakh_iso", "lpa", "crore"])
    if form == "crore" and high_value < 10_000_000:
        form = "lakh"
    unit = 10_000 if form == "grouping" else 100_000
    low, high = _round(low_value, unit), _round(high_value, unit)
    high = max(high, low + unit)
    if form == "crore":
        high = _round(high, 1_000_000)
    dash = rng.choice(DASHES)
    if form == "grouping":
        text = f"₹{indian_grouping(low)}{dash}₹{indian_grouping(high)}"
    elif form == "lakh":
        text = f"₹{low // 100_000}L{dash}₹{high // 100_000}L"
    elif form == "lakh_iso":
        space = rng.choice(["", " "])
        text = f"INR {low // 100_000}{space}L{dash}INR {high // 100_000}{space}L"
    elif form == "lpa":
        both = rng.random() < 0.5
        text = f"{low // 100_000}{' LPA' if both else ''}{dash}{high // 100_000} LPA"
    else:
        crore = rng.choice(["Cr", " crore"])
        low_text = f"₹{low / 10_000_000:g}{crore}" if low >= 10_000_000 else f"₹{low // 100_000}L"
        text = f"{low_text}{dash}₹{high / 10_000_000:g}{crore}"
    return Cell(text, f"indian_{form}", "INR", low, high)


def indian_grouping(value: int) -> str:
    """2400000 -> '24,00,000': the last three digits, then groups of two."""
    digits = str(value)
    head, groups = digits[:-3], [digits[-3:]]
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups] if head else groups)


def with_conversion(rng: random.Random, cell: Cell, place: Place, form: str | None) -> Cell:
    """A dual-currency cell: the range again in dollars, '(…)', ' / …', or interleaved '£71K / $89K - £96K / $120K'."""
    rate = USD_PER_UNIT.get(place.currency)
    if form is None or rate is None or not cell.states_money or cell.notation.startswith("indian"):
        return cell
    if form == "interleaved" and cell.open_ended:
        return cell  # an open top has no place in an interleaved pair
    assert cell.low is not None and cell.high is not None
    usd_low, usd_high = _round(cell.low * rate, 1_000), _round(cell.high * rate, 1_000)
    style = cell.notation if cell.notation in ("full", "m") else "k"
    usd_place = replace(place, symbol="$")
    usd = (
        amount(usd_low, usd_place, "full" if style == "full" else "k"),
        amount(usd_high, usd_place, "full" if style == "full" else "k"),
    )
    secondary = ("USD", usd_low, usd_high)
    if form == "interleaved":
        own = (amount(cell.low, place, style), amount(cell.high, place, style))
        text = f"{own[0]} / {usd[0]} - {own[1]} / {usd[1]}"
        return replace(cell, text=text, notation="interleaved_dual", secondary=secondary)
    dash = rng.choice(DASHES)
    if form == "paren":
        return replace(cell, text=f"{cell.text} ({usd[0]}{dash}{usd[1]})", notation="dual_paren", secondary=secondary)
    return replace(cell, text=f"{cell.text} / {usd[0]}{dash}{usd[1]}", notation="dual_slash", secondary=secondary)


def not_paid(rng: random.Random) -> Cell:
    return Cell(rng.choice(NOT_PAID), "not_paid", not_paid=True)


def garbage(rng: random.Random) -> Cell:
    return Cell(rng.choice(GARBAGE), "garbage", clean=False)


def open_top(cell: Cell) -> Cell:
    return replace(cell, text=cell.text + "+", open_ended=True, notation=cell.notation) if cell.states_money else cell


def per_year(cell: Cell) -> Cell:
    return replace(cell, text=cell.text + "/yr") if cell.notation in ("k", "full") else cell


def bonus_cell(rng: random.Random, place: Place, low: float, high: float) -> Cell:
    """Bonus cells vary most: a share, money with a share, a note, or not paid at all."""
    roll = rng.random()
    if roll < 0.08:
        share = rng.choice([(10, 15), (10, 20), (15, 25)])
        return Cell(f"{share[0]}{rng.choice(['–', '-'])}{share[1]}%", "percent", percent=share)
    if roll < 0.11:
        share_one = rng.choice([10, 15, 20])
        return Cell(f"{share_one}% target", "percent_target", percent=(share_one, None))
    cell = money_range(rng, place, low, high)
    if roll < 0.19:
        return replace(cell, text=cell.text + " (15-25%)", notation="money_and_percent", percent=(15, 25))
    if roll < 0.23 and cell.notation in ("k", "full"):
        zero = "0 kr" if place.symbol == "kr" else f"{place.symbol}0"
        top = _round(high, 1_000)
        return Cell(f"{zero}-{amount(top, place, 'k')} (senior only)", "note", place.currency, 0, top)
    if roll < 0.29:
        return not_paid(rng)
    return cell
