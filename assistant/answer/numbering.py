"""Sources numbered without gaps: the cited passages become [1]..[n] in order of first appearance.

Passages are numbered while evidence is gathered, and only the cited ones are shown, so an answer
could cite [1], [3], [4]. The final response renumbers them. Numbering by first appearance is
stable under extension (a longer text keeps the numbers its beginning got), so a stream can
renumber sentence by sentence and end with exactly the final response's text.

Passages from the same lines of the same guide (four sentences of one paragraph line, say) are one source
to a reader: they share one number, and the response lists them as one citation quoting each of them.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from typing import Protocol

from assistant.response import AnswerResponse, Citation, DerivedInput

MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")  # [3] or [1, 3]
# The response's text fields that may cite sources, in the order a reader meets them; a new one
# (say, details below the answer's lead) is added here and is numbered after the ones before it.
MARKED_TEXTS: tuple[str, ...] = ("answer",)
_NUMBER = re.compile(r"\d+")


def cited_numbers(text: str) -> list[int]:
    """Every number the text's markers cite, once each, in order of first appearance."""
    numbers = (int(n) for match in MARKER.finditer(text) for n in _NUMBER.findall(match.group(1)))
    return list(dict.fromkeys(numbers))


class Renumbering:
    """Gives the known passage numbers new ones, 1, 2, 3…, in the order the text first cites them.

    `places` maps a known number to where its passage is (guide and lines): numbers of one place get one new
    number. A marker for a number that is not known (not a source) is left as written; it can never clash
    with a new number, since passages are numbered from 1 and new numbers never exceed their count.
    """

    def __init__(self, known: Iterable[int], places: Mapping[int, Hashable] | None = None) -> None:
        self._known = set(known)
        self._places = places or {}
        self._number_of_place: dict[Hashable, int] = {}
        self.new_number: dict[int, int] = {}

    def number(self, old: int) -> int:
        if old not in self._known:
            return old
        if old not in self.new_number:
            place = self._places.get(old, ("number", old))
            self.new_number[old] = self._number_of_place.setdefault(place, len(self._number_of_place) + 1)
        return self.new_number[old]

    def rewrite(self, text: str) -> str:
        """The text with each marker's numbers replaced, its spacing and punctuation kept (a marker naming one
        source twice, "[2, 3]" for two sentences of one line, names it once: "[2]")."""
        return MARKER.sub(self._rewrite_marker, text)

    def _rewrite_marker(self, marker: re.Match[str]) -> str:
        numbers = [self.number(int(n)) for n in _NUMBER.findall(marker.group(1))]
        if len(set(numbers)) < len(numbers):
            return "[" + ", ".join(str(n) for n in dict.fromkeys(numbers)) + "]"
        return _NUMBER.sub(lambda n: str(self.number(int(n.group()))), marker.group())


class _Sourced(Protocol):
    guide_id: str
    start_line: int
    end_line: int


def place_of(source: _Sourced) -> tuple[str, int, int]:
    """Where a source (a Citation, or the passage it comes from) is, for merging: its guide and lines."""
    return source.guide_id, source.start_line, source.end_line


def renumbered(response: AnswerResponse) -> AnswerResponse:
    """The response with its citations numbered 1..n, consistently in the text, citations and figures."""
    numbering = Renumbering((c.number for c in response.citations), {c.number: place_of(c) for c in response.citations})
    texts = {name: numbering.rewrite(getattr(response, name)) for name in MARKED_TEXTS}  # in reading order
    details = [detail.model_copy(update={"text": numbering.rewrite(detail.text)}) for detail in response.details]
    for citation in response.citations:  # a citation the text never mentions still gets a number, after the rest
        numbering.number(citation.number)
    new = numbering.new_number
    citations = _merged([c.model_copy(update={"number": new[c.number]}) for c in response.citations])
    figures = [figure.model_copy(update={"citation": new.get(figure.citation, figure.citation)})
               for figure in response.figures]  # fmt: skip
    derived = [
        figure.model_copy(update={"inputs": [_renumbered(value, new) for value in figure.inputs]})
        for figure in response.derived
    ]
    return response.model_copy(update={**texts, "details": details, "citations": citations, "figures": figures,
                                       "derived": derived})  # fmt: skip


def _merged(citations: list[Citation]) -> list[Citation]:
    """One citation per new number, in number order, quoting each distinct passage it stands for."""
    by_number: dict[int, list[Citation]] = {}
    for citation in citations:
        by_number.setdefault(citation.number, []).append(citation)
    merged = []
    for number in sorted(by_number):
        first, *rest = by_number[number]
        quotes = list(dict.fromkeys(c.quote for c in [first, *rest]))
        merged.append(first.model_copy(update={"quote": "\n".join(quotes)}) if rest else first)  # each verbatim
    return merged


def _renumbered(value: DerivedInput, new: dict[int, int]) -> DerivedInput:
    return value.model_copy(update={"citation": new.get(value.citation, value.citation)})
