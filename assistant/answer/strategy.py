"""The figures of a guide's own strategy: where it anchors and where it walks away, for which place.

"Anchor at $350K base and accept no less than $300K" gives an anchor ($350K base) and a floor ($300K base).
A strategy figure applies to the places the sentence names, else to the guide's places paid in its currency
(a dollar anchor in a guide whose only dollar row is New York is New York's), never to another place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.guide import Component, Guide
from assistant.money import Amount, find_amounts
from assistant.places import read_label
from assistant.retrieve.advice import Sentence
from assistant.retrieve.lexicon import COMPONENT_PATTERNS

_ROLES = [
    ("floor", re.compile(r"walk[- ]?away|\bfloor\b|no less than|\bminimum\b|below this|bottom line|\baccept", re.I)),
    (
        "anchor",
        re.compile(
            r"\banchor|\bask(?:ing)? (?:for|at)\b|\bopen(?:ing)? at\b|\bpush for\b|\btarget|\baim "
            r"(?:for|at)\b|\bcounter (?:at|with)\b|\brequest",
            re.I,
        ),
    ),
]
_COMPONENTS = COMPONENT_PATTERNS
_NEAR = 24  # characters around an amount in which its component word stands


@dataclass(frozen=True)
class StrategyFigure:
    amount: Amount
    currency: str
    component: Component | None
    role: str  # "anchor" or "floor"
    sentence: Sentence
    places: frozenset[str]  # keys of the guide's places it is about; empty when the guide does not say


def strategy_figures(guide: Guide, sentences: list[Sentence]) -> list[StrategyFigure]:
    found = []
    for sentence in sentences:
        places = _places_named(guide, sentence.text)
        for amount in find_amounts(sentence.text):
            currency = amount.currency()
            role = _role_before(sentence.text, amount.start)
            if currency is None or role is None or amount.malformed:
                continue
            where = places or _places_paid_in(guide, currency)
            found.append(StrategyFigure(amount, currency, component_near(sentence.text, amount), role, sentence,
                                        frozenset(where)))  # fmt: skip
    return found


def _role_before(text: str, position: int) -> str | None:
    """The role of the last cue before the amount in its sentence: 'anchor at … and accept no less than …'."""
    best: tuple[int, str] | None = None
    for role, cue in _ROLES:
        for match in cue.finditer(text, 0, position):
            if best is None or match.start() > best[0]:
                best = (match.start(), role)
    return best[1] if best else None


def component_near(text: str, amount: Amount) -> Component | None:
    """The pay component a word next to the amount names: '$350K base', 'bonus of £40K'."""
    after = text[amount.end : amount.end + _NEAR]
    before = text[max(0, amount.start - _NEAR) : amount.start]
    for window in (after, before):
        hit = min(((m.start(), c) for pattern, c in _COMPONENTS if (m := pattern.search(window))), default=None,
                  key=lambda found: found[0])  # fmt: skip
        if hit:
            return hit[1]
    return None


def _places_named(guide: Guide, text: str) -> set[str]:
    named = set()
    for figure in guide.figures:
        name = re.sub(r"\s*\(.*", "", read_label(figure.region).written)
        if name and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.I):
            named.update(figure.place_keys or [figure.region_key])
    return named


def _places_paid_in(guide: Guide, currency: str) -> set[str]:
    return {key for f in guide.figures if f.currency == currency for key in (f.place_keys or [f.region_key])}


def place_names(guide: Guide, keys: frozenset[str]) -> list[str]:
    """The guide's own labels for the places: 'New York (HQ)'."""
    return list(dict.fromkeys(f.region for f in guide.figures if set(f.place_keys or [f.region_key]) & keys))
