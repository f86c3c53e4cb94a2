"""Pay components and the words that name them: one table for table headers, questions, the guide's prose and
the verifier, so that "TC", "RSUs" or "sign-on" mean the same thing at every stage.

The order matters where one label names two components: "Sign-On / Bonus" is a sign-on, "Stock/Bonus" stock,
"Total Comp" a total, "Base Compensation" base ("comp" alone is a total only when nothing narrower is named).
"""

from __future__ import annotations

import re

from assistant.guide import Component
from assistant.money import Amount, MoneyRange, find_ranges

GENERIC_TOTAL = r"comp|compensation|package"  # a total, unless it follows a narrower word ("base compensation")
_WORDS: list[tuple[Component, str]] = [
    (Component.total, r"total(?:\s+comp\w*)?|tc|all[- ]in|ote"),
    (Component.sign_on, r"sign[- ]?on|signing|joining"),
    (Component.pnl, r"p\s?&\s?l|pnl|profit[- ]share|pod|participation"),
    (Component.stock, r"stock|equity|rsus?|options?|shares|esops?|grants?|refresh\w*"),
    (Component.bonus, r"bonus(?:es)?|incentive|variable"),
    (Component.base, r"base|salary|salaries|fixed pay|ctc"),
    (Component.total, GENERIC_TOTAL),
    (Component.other, r"profit[- ]shar\w*|phantom|carry|commission|allowance|retention|relocation|pension"),
]
PATTERNS: list[tuple[Component, re.Pattern[str]]] = [
    (component, re.compile(rf"\b(?:{words})\b", re.I)) for component, words in _WORDS
]
_GENERIC = re.compile(rf"\b(?:{GENERIC_TOTAL})\b", re.I)
_ANY = re.compile(r"(?:" + "|".join(words for _, words in _WORDS) + r")", re.I)


def component_of(label: str) -> Component | None:
    """The one component a label names (a column header, a row label), or None."""
    return next((component for component, pattern in PATTERNS if pattern.search(label)), None)


def components_in(text: str) -> list[Component]:
    """Every component a text names, each once, in the table's order; a total named only by "comp" or
    "package" beside a narrower component ("base compensation") is that component alone."""
    found: list[Component] = []
    for component, pattern in PATTERNS:
        if component in found or not pattern.search(text):
            continue
        if not (pattern.pattern == _GENERIC.pattern and _narrowed(text, found)):
            found.append(component)
    return found


def _narrowed(text: str, found: list[Component]) -> bool:
    """Every generic word ("comp") stands right after a narrower one ("base comp", "equity compensation")."""
    narrower = [p for c, p in PATTERNS if c in found and c is not Component.total]
    return bool(narrower) and all(
        any(p.search(text[max(0, m.start() - 16) : m.start()]) for p in narrower) for m in _GENERIC.finditer(text)
    )


def words_for(text: str, components: list[Component]) -> dict[str, str]:
    """Each component -> the words of the text that named it ("total": "tc")."""
    found: dict[str, str] = {}
    for component, pattern in PATTERNS:
        if component in components and component.value not in found and (match := pattern.search(text)):
            found[component.value] = match.group(0)
    return found


def first_component(text: str) -> Component | None:
    """The component named first in a stretch of text ("… $350K base", "bonus of £40K")."""
    hits = [(match.start(), component) for component, pattern in PATTERNS if (match := pattern.search(text))]
    return min(hits, key=lambda hit: hit[0])[1] if hits else None


def patterns_for(components: set[Component]) -> list[re.Pattern[str]]:
    """The word patterns of these components, to find the sentences that speak of them."""
    return [pattern for component, pattern in PATTERNS if component in components]


def is_pay_word(word: str) -> bool:
    """Whether a word (or two, "total comp") is itself a name for pay: never a company's name."""
    return bool(_ANY.fullmatch(word))


_NEAR = 32  # characters around an amount in which its component word stands (never past another amount)
_DUAL = re.compile(r"\s*/\s*$")  # "£245K-£276K / $306K-$345K": the second range is the first one converted


def is_dual(text: str, previous: MoneyRange, money: MoneyRange) -> bool:
    last = previous.high or previous.low
    return bool(_DUAL.match(text[last.end : money.low.start])) and money.low.currency() != previous.low.currency()


def component_beside(text: str, ranges: list[MoneyRange], index: int) -> Component | None:
    """The component named next to the index-th range of a text, looking past a converted second range written
    after it ("£245K-£276K / $306K-$345K TC" is total comp)."""
    money = ranges[index]
    end = (money.high or money.low).end
    following = ranges[index + 1] if index + 1 < len(ranges) else None
    if following is not None and is_dual(text, money, following):
        end = (following.high or following.low).end
    stop = following.low.start if following is not None and end < following.low.start else len(text)
    start = (ranges[index - 1].high or ranges[index - 1].low).end if index else 0
    after = text[end : min(stop, end + _NEAR)]
    before = text[max(start, money.low.start - _NEAR) : money.low.start]
    return first_component(after) or first_component(before)


def component_near(text: str, amount: Amount) -> Component | None:
    """The pay component a word next to the amount (or the range it ends) names: '$350K base', 'bonus of £40K',
    never a neighbour's."""
    ranges = find_ranges(text)
    index = next((i for i, money in enumerate(ranges) if any(end.start == amount.start for end in money.ends)), None)
    return None if index is None else component_beside(text, ranges, index)
