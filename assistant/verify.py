"""Stage 6: no figure reaches the user unless a passage it cites supports it, in that currency.

Works on any engine's draft: it reads every amount and percentage in the text
(in any notation: $350K, $350,000, £1.95M, 15-25%), finds the citation markers
that cover it (same sentence, else same line), and checks the value against
the typed figures and the text of those cited passages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money import Amount, find_amounts, find_percents, meanings
from assistant.response import Verification
from assistant.retrieve.evidence import Passage

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z*(\"'])")
PERCENT = "%"
UNREADABLE = "unreadable"  # the "currency" of an amount that does not read cleanly: nothing supports it


@dataclass(frozen=True)
class Mention:
    text: str
    currencies: frozenset[str]  # what the written symbol can mean; {"%"} for a percentage
    values: tuple[float, ...]
    citations: tuple[int, ...]


def verify(text: str, passages: dict[int, Passage]) -> Verification:
    """Check every figure in the text against the passages its markers cite."""
    result = Verification()
    for marker in {n for m in _MARKER.finditer(text) for n in _numbers(m.group(1))}:
        if marker not in passages:
            result.reasons.append(f"cites [{marker}], which is not one of the sources")
    for mention in find_mentions(text):
        result.figures_checked += 1
        problem = _check(mention, passages)
        if problem:
            result.unsupported.append(mention.text)
            result.reasons.append(problem)
    if result.unsupported or result.reasons:
        result.action = "failed"
    return result


def find_mentions(text: str) -> list[Mention]:
    mentions = []
    for block in _units(text):
        block_markers = _markers_in(block)
        for line in block.splitlines():
            line_markers = _markers_in(line) or block_markers
            for sentence in _SENTENCE_END.split(line):
                mentions.extend(_sentence_mentions(sentence, _markers_in(sentence) or line_markers))
    return mentions


def _units(text: str) -> list[str]:
    """Lines, except that a multi-line blockquote is one unit: its marker follows its last line."""
    units: list[str] = []
    for line in text.splitlines():
        if line.lstrip().startswith(">") and units and units[-1].lstrip().startswith(">"):
            units[-1] += "\n" + line
        else:
            units.append(line)
    return units


def _sentence_mentions(sentence: str, markers: tuple[int, ...]) -> list[Mention]:
    clean = _MARKER.sub(" ", sentence)
    found = [Mention(a.text, _possible_currencies(a), (a.value,), markers) for a in find_amounts(clean)]
    for percent in find_percents(clean):
        values = (percent.low,) if percent.high is None else (percent.low, percent.high)
        found.append(Mention(percent.text, frozenset({PERCENT}), values, markers))
    return found


def _numbers(group: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", group)]


def _markers_in(text: str) -> tuple[int, ...]:
    return tuple(n for match in _MARKER.finditer(text) for n in _numbers(match.group(1)))


def _possible_currencies(amount: Amount) -> frozenset[str]:
    """What the written sign can mean ("$" any dollar, "£" GBP, "18 LPA" INR); nothing for a bare number."""
    if amount.malformed:
        return frozenset({UNREADABLE})
    if amount.symbol is None:
        return frozenset({amount.implied_currency}) if amount.implied_currency else frozenset()
    return meanings(amount.symbol)


def _check(mention: Mention, passages: dict[int, Passage]) -> str | None:
    if not mention.citations:
        return f"{mention.text} has no citation"
    if not mention.currencies:
        return f"{mention.text} gives no currency"
    if UNREADABLE in mention.currencies:
        return f"{mention.text} does not read as an amount"
    cited = [passages[n] for n in mention.citations if n in passages]
    for passage in cited:
        supported = supported_values(passage)
        if all(any((currency, value) in supported for currency in mention.currencies) for value in mention.values):
            return None
    where = ", ".join(f"[{n}]" for n in mention.citations)
    return f"{mention.text} is not in the cited source {where} in that currency"


def supported_values(passage: Passage) -> set[tuple[str, float]]:
    """(currency, value) pairs a passage supports: its typed figures, else the amounts its text writes."""
    supported: set[tuple[str, float]] = set()
    for figure in passage.figures:
        for currency, value in (
            (figure.currency, figure.low),
            (figure.high_currency or figure.currency, figure.high),
            (
                figure.secondary.currency if figure.secondary else None,
                figure.secondary.low if figure.secondary else None,
            ),
            (
                figure.secondary.currency if figure.secondary else None,
                figure.secondary.high if figure.secondary else None,
            ),
            (PERCENT, figure.bonus_pct_low),
            (PERCENT, figure.bonus_pct_high),
        ):
            if currency and value is not None:
                supported.add((currency, float(value)))
    text = passage.text_without_figure_rows()
    for amount in find_amounts(text):
        code = amount.currency()
        if code and not amount.malformed:
            supported.add((code, float(amount.value)))
    for percent in find_percents(text):
        supported.add((PERCENT, percent.low))
        if percent.high is not None:
            supported.add((PERCENT, percent.high))
    return supported
