"""Sources numbered without gaps: the cited passages become [1]..[n] in order of first appearance.

Passages are numbered while evidence is gathered, and only the cited ones are shown, so an answer
could cite [1], [3], [4]. The final response renumbers them. Numbering by first appearance is
stable under extension (a longer text keeps the numbers its beginning got), so a stream can
renumber sentence by sentence and end with exactly the final response's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.response import AnswerResponse, DerivedInput

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

    A marker for a number that is not known (not a source) is left as written; it can never clash
    with a new number, since passages are numbered from 1 and new numbers never exceed their count.
    """

    def __init__(self, known: Iterable[int]) -> None:
        self._known = set(known)
        self.new_number: dict[int, int] = {}

    def number(self, old: int) -> int:
        if old not in self._known:
            return old
        if old not in self.new_number:
            self.new_number[old] = len(self.new_number) + 1
        return self.new_number[old]

    def rewrite(self, text: str) -> str:
        """The text with each marker's numbers replaced, its spacing and punctuation kept."""
        return MARKER.sub(lambda marker: _NUMBER.sub(lambda n: str(self.number(int(n.group()))), marker.group()), text)


def renumbered(response: AnswerResponse) -> AnswerResponse:
    """The response with its citations numbered 1..n, consistently in the text, citations and figures."""
    numbering = Renumbering(citation.number for citation in response.citations)
    texts = {name: numbering.rewrite(getattr(response, name)) for name in MARKED_TEXTS}  # in reading order
    details = [detail.model_copy(update={"text": numbering.rewrite(detail.text)}) for detail in response.details]
    for citation in response.citations:  # a citation the text never mentions still gets a number, after the rest
        numbering.number(citation.number)
    new = numbering.new_number
    citations = sorted(
        (citation.model_copy(update={"number": new[citation.number]}) for citation in response.citations),
        key=lambda citation: citation.number,
    )
    figures = [figure.model_copy(update={"citation": new.get(figure.citation, figure.citation)})
               for figure in response.figures]  # fmt: skip
    derived = [
        figure.model_copy(update={"inputs": [_renumbered(value, new) for value in figure.inputs]})
        for figure in response.derived
    ]
    return response.model_copy(update={**texts, "details": details, "citations": citations, "figures": figures,
                                       "derived": derived})  # fmt: skip


def _renumbered(value: DerivedInput, new: dict[int, int]) -> DerivedInput:
    return value.model_copy(update={"citation": new.get(value.citation, value.citation)})
