"""The figures of a guide's own strategy: where it anchors, when to accept, where it walks away, for which place.

"Anchor at $350K base; accept at $300K+; walk away below $275K" gives an anchor ($350K base), an acceptance
point ($300K base) and a floor ($275K base). A target may be a range ("target $330K-$362K TC").
A strategy figure applies to the places the sentence names. Where it names none, it applies to the guide's
places paid in its currency whose band for that component holds it (a $330K base anchor is New York's when
New York's base band is $255K-$340K and Miami's $240K-$320K), and never to a place in another currency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guide import Component, Guide
from assistant.money import Amount, MoneyRange, find_ranges
from assistant.places import read_label
from assistant.retrieve.advice import Sentence
from assistant.vocabulary.components import component_beside, is_dual

# The last cue before an amount gives its role. "Accept at" is when to say yes, not where to walk away.
_ROLES = [
    ("floor", re.compile(r"walk[- ]?away|\bfloor\b|no less than|\bminimum\b|below this|bottom line", re.I)),
    ("accept", re.compile(r"\baccept", re.I)),
    (
        "anchor",
        re.compile(
            r"\banchor|\bask(?:ing)? (?:for|at)\b|\bopen(?:ing)? at\b|\bpush for\b|\btarget|\baim "
            r"(?:for|at)\b|\bcounter (?:at|with)\b|\brequest|\bnegotiate\b[^.$£€¥₹]{0,40}?\bat\b",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class StrategyFigure:
    amount: Amount  # the figure, or the low end of a target range
    currency: str
    component: Component | None
    role: str  # "anchor", "accept" or "floor"
    sentence: Sentence
    places: frozenset[str]  # keys of the guide's places it is about; empty when the guide does not say
    high: Amount | None = None  # the high end of a target range

    @property
    def text(self) -> str:
        """The figure as the sentence writes it: "$350K" or "$330K-$362K"."""
        end = self.high.end if self.high is not None else self.amount.end
        return self.sentence.text[self.amount.start : end]


def strategy_figures(guide: Guide, sentences: list[Sentence]) -> list[StrategyFigure]:
    found = []
    for sentence in sentences:
        places = _places_named(guide, sentence.text)
        ranges = find_ranges(sentence.text)
        for index, money in enumerate(ranges):
            currency = money.low.currency()
            role = _role_before(sentence.text, money.low.start)
            if currency is None or role is None or any(end.malformed for end in money.ends):
                continue
            if index and is_dual(sentence.text, ranges[index - 1], money):
                continue
            component = component_beside(sentence.text, ranges, index)
            where = places or _places_holding(guide, currency, component, money)
            found.append(StrategyFigure(money.low, currency, component, role, sentence, frozenset(where), money.high))
    return found


def _role_before(text: str, position: int) -> str | None:
    """The role of the last cue before the amount in its sentence: 'anchor at … and accept no less than …'."""
    best: tuple[int, str] | None = None
    for role, cue in _ROLES:
        for match in cue.finditer(text, 0, position):
            if best is None or match.start() > best[0]:
                best = (match.start(), role)
    return best[1] if best else None


def _places_named(guide: Guide, text: str) -> set[str]:
    named = set()
    for figure in guide.figures:
        name = re.sub(r"\s*\(.*", "", read_label(figure.region).written)
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            named.update(figure.keys)
    return named


def _places_holding(guide: Guide, currency: str, component: Component | None, money: MoneyRange) -> set[str]:
    """The places in that currency whose band for the component holds the figure; all of them when none does."""
    paid_in = [f for f in guide.figures if f.currency == currency]
    low, high = money.low.value, (money.high or money.low).value
    holding = [f for f in paid_in if f.component == component and f.low is not None and f.high is not None
               and f.low <= low and high <= f.high]  # fmt: skip
    return {key for f in (holding or paid_in) for key in f.keys}


def place_names(guide: Guide, keys: frozenset[str]) -> list[str]:
    """The guide's own labels for the places: 'New York (HQ)'."""
    return list(dict.fromkeys(f.region for f in guide.figures if set(f.keys) & keys))
