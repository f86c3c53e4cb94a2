"""Reading percentages ("15%", "10-15%", "0.05%-0.15%", "10% to 15%") with the money reader's tokens, so a
percentage and an amount written side by side are never read as one range."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money.reader import RANGE_SEPARATOR, Amount, normalise, read_tokens


@dataclass(frozen=True)
class Percent:
    low: float
    high: float | None
    text: str
    start: int
    end: int


def find_percents(text: str) -> list[Percent]:
    """Percentages; "10-15%" and "0.05%-0.15%" are one range, and so is "10% to 15%"."""
    numbers, percents = read_tokens(text)
    text = normalise(text)
    tokens = sorted([*numbers, *percents], key=lambda token: token.start)
    is_percent = {id(token) for token in percents}
    found: list[Percent] = []
    for index, token in enumerate(tokens):
        if id(token) not in is_percent:
            continue
        previous = tokens[index - 1] if index else None
        joined = previous is not None and RANGE_SEPARATOR.match(text[previous.end : token.start]) is not None
        if joined and previous is not None and id(previous) in is_percent and found and found[-1].high is None:
            last = found.pop()
            found.append(Percent(last.low, _pct(token), text[last.start : token.end], last.start, token.end))
        elif joined and previous is not None and not previous.is_money:
            found.append(Percent(_pct(previous), _pct(token), text[previous.start : token.end], previous.start,
                                 token.end))  # fmt: skip
        else:
            found.append(Percent(_pct(token), None, token.text, token.start, token.end))
    return found


def _pct(amount: Amount) -> float:
    number = re.search(r"\d[\d,.]*", amount.text)
    return float(number.group().replace(",", "")) if number else float(amount.value)
