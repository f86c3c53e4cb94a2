"""Every figure an answer states: each amount and percentage, the citation markers that cover it (same
sentence, else same line, else the blockquote it ends), and the line it stands in, for attribution."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money import Amount, find_amounts, find_percents, meanings
from assistant.money.currencies import CURRENCY_WORDS
from assistant.money.words import NUMBER_WORDS_RE, SCALES

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
    """Every amount and percentage, and every piece of money the reader can't place (an amount broken across a
    sentence or line, a scale or currency word with no number), which nothing can support."""
    mentions = _broken_amounts(text)
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


# A scale or currency word that is no part of an amount read: "thousand pounds" on a line after "nine hundred.".
_UNIT_WORDS = sorted([*SCALES, "grand", *CURRENCY_WORDS], key=len, reverse=True)
_UNIT = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in _UNIT_WORDS) + r")\b", re.IGNORECASE)
# What may stand between the two halves of a broken amount: spaces, line breaks, punctuation, markers, markdown.
_GAP = re.compile(r"(?:[\s.!?;:,…*_>\-]|\[\d+(?:\s*,\s*\d+)*\])+$")
_NUMBER_BEFORE = re.compile(rf"(?:(?<![\w\[])\d[\d,.]*|{NUMBER_WORDS_RE.pattern})$", re.IGNORECASE)
# "900 000" with no currency: one amount or two counts? A reader may take it for money, so it is never let through.
_SPACED_DIGITS = re.compile(r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\w.,]\d)")
_CURRENCY_AFTER = re.compile(r"\s+(?:" + "|".join(re.escape(w) for w in CURRENCY_WORDS) + r")\b", re.IGNORECASE)


def _broken_amounts(text: str) -> list[Mention]:
    """Money the reader can only place by guessing: a number, then the scale or currency that would make it money,
    that the reader did not read as one amount, whether a break stands between them ("nine hundred.\nthousand
    pounds", "nine hundred [1]. Thousand pounds") or not ("9 hundred grand"); a scale word and a currency word with
    no number at all ("thousand pounds"); digits grouped by spaces with no currency ("900 000"). Each is a
    mention no source supports."""
    read = [(amount.start, amount.end) for amount in find_amounts(text)]
    found = [_unplaced(text, group.start(), group.end()) for group in _SPACED_DIGITS.finditer(text)
             if not any(s < group.end() and group.start() < e for s, e in read)]  # fmt: skip
    for unit in _UNIT.finditer(text):
        if any(start <= unit.start() < end for start, end in read):
            continue
        before = text[: unit.start()]
        gap = _GAP.search(before)
        head = _NUMBER_BEFORE.search(before[: gap.start()] if gap else before)
        numbered = head and head.group().strip().lower() not in ("a", "an", "and")  # "a grand plan" names no amount
        if numbered and head and not any(s < head.end() and head.start() < e for s, e in read):
            start = head.start()
        elif unit.group().lower() in SCALES and _CURRENCY_AFTER.match(text, unit.end()) and not head:
            start = unit.start()
        else:
            continue
        found.append(_unplaced(text, start, unit.end()))
    return found


def _unplaced(text: str, start: int, end: int) -> Mention:
    first, piece = text.count("\n", 0, start), text[start:end]
    markers = markers_in(text[end:].split("\n")[0])
    return Mention(piece, frozenset({UNREADABLE}), (0.0,), markers, piece, lines=(first, first + piece.count("\n")))


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
