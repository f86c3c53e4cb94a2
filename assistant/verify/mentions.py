"""Every figure an answer states: each amount and percentage, the citation markers that cover it (same
sentence, else same line, else the blockquote it ends), and the line it stands in, for attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money import Amount, find_amounts, find_percents, meanings

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z*(\"'])")
PERCENT = "%"
UNREADABLE = "unreadable"  # the "currency" of an amount that does not read cleanly: nothing supports it


@dataclass(frozen=True)
class Mention:
    text: str
    currencies: frozenset[str]  # what the written sign can mean; {"%"} for a percentage
    values: tuple[float, ...]
    citations: tuple[int, ...]
    line: str = ""  # the line (or blockquote) it stands in, markers removed
    quoted: bool = False  # inside a blockquote or “quotation marks”: words quoted from a guide
    lines: tuple[int, int] = (0, 0)  # first and last line of the answer it stands in (0-based)


def find_mentions(text: str) -> list[Mention]:
    mentions = []
    for first, block in _units(text):
        block_markers = markers_in(block)
        in_blockquote = block.lstrip().startswith(">")
        context = MARKER.sub(" ", block)
        span = (first, first + block.count("\n"))
        for line in block.splitlines():
            line_markers = markers_in(line) or block_markers
            for sentence in _SENTENCE_END.split(line):
                for m in _sentence_mentions(sentence, markers_in(sentence) or line_markers):
                    quoted = in_blockquote or _in_quotation_marks(sentence, m.text)
                    mentions.append(Mention(m.text, m.currencies, m.values, m.citations, context, quoted, span))
    return mentions


def _in_quotation_marks(sentence: str, text: str) -> bool:
    return any(text in quoted for quoted in re.findall(r"“([^”]*)”", sentence))


def _units(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each line, except that a multi-line blockquote is one unit: its marker follows
    its last line."""
    units: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines()):
        if line.lstrip().startswith(">") and units and units[-1][1].lstrip().startswith(">"):
            units[-1] = (units[-1][0], units[-1][1] + "\n" + line)
        else:
            units.append((number, line))
    return units


def _sentence_mentions(sentence: str, markers: tuple[int, ...]) -> list[Mention]:
    clean = MARKER.sub(" ", sentence)
    found = [Mention(a.text, possible_currencies(a), (a.value,), markers) for a in find_amounts(clean)]
    for percent in find_percents(clean):
        values = (percent.low,) if percent.high is None else (percent.low, percent.high)
        found.append(Mention(percent.text, frozenset({PERCENT}), values, markers))
    return found


def numbers(group: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", group)]


def markers_in(text: str) -> tuple[int, ...]:
    return tuple(n for match in MARKER.finditer(text) for n in numbers(match.group(1)))


def possible_currencies(amount: Amount) -> frozenset[str]:
    """What the written sign can mean ("$" any dollar, "£" GBP, "18 LPA" INR); nothing for a bare number."""
    if amount.malformed:
        return frozenset({UNREADABLE})
    if amount.symbol is None:
        return frozenset({amount.implied_currency}) if amount.implied_currency else frozenset()
    return meanings(amount.symbol)
