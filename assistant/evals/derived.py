"""Scoring the figures an answer computes (a fair ask from a band, a difference between two bands).

An answer lists what it computed in `AnswerResponse.derived`. The evals believe none of it: each input
must be written in the passage it cites (read with the evals' own reading), a band's top quarter must be
computed from the two ends of one band in that passage, and the result must be what the rule gives
(recomputed in assistant/evals/arithmetic.py, not with the product's code). Only a derived figure that
passes all of this may support a number the answer writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.evals import arithmetic
from assistant.evals.cases import ExpectedDerived
from assistant.evals.reading import ShownFigure, bands_in, figures_in
from assistant.response import AnswerResponse, Citation, DerivedFigure, DerivedKind


@dataclass
class DerivedScore:
    """Counts for one answer: derived figures shown and right, expected and found."""

    shown: int = 0
    correct: int = 0
    wrong: list[str] = field(default_factory=list)  # "<figure>: <why>"
    expected: int = 0
    found: int = 0
    missing: list[str] = field(default_factory=list)
    supported: list[tuple[int, str]] = field(default_factory=list)  # (value, currency) the answer may write


def score_derived(response: AnswerResponse, expected: list[ExpectedDerived] | None) -> DerivedScore:
    """Check every derived figure the answer shows; with an expected list, it must be exactly those."""
    citations = {citation.number: citation for citation in response.citations}
    score = DerivedScore(shown=len(response.derived), expected=len(expected or []))
    for figure in response.derived:
        problem = derived_problem(figure, citations)
        if problem is None:
            score.supported += _results(figure)
        if problem is None and expected is not None and not any(_is(figure, wanted) for wanted in expected):
            problem = "not a figure the case expects"
        if problem is None:
            score.correct += 1
        else:
            score.wrong.append(f"{describe(figure)}: {problem}")
    for wanted in expected or []:
        if any(_is(figure, wanted) and derived_problem(figure, citations) is None for figure in response.derived):
            score.found += 1
        else:
            score.missing.append(wanted.label)
    return score


def derived_problem(figure: DerivedFigure, citations: dict[int, Citation]) -> str | None:
    """Why the figure does not follow from the passages it cites, or None when it does."""
    if len(figure.inputs) != 2:
        return f"its rule takes two cited figures, not {len(figure.inputs)}"
    for given in figure.inputs:
        written = _money(given.value, given.currency)
        if given.currency != figure.currency:
            return f"its input {written} is not in {figure.currency}"
        citation = citations.get(given.citation)
        if citation is None:
            return f"its input {written} cites [{given.citation}], which the answer does not list"
        if not any(shown.means(given.value, given.currency) for shown in figures_in(citation.quote)):
            return f"[{given.citation}] does not show its input {written}"
    first, second = (given.value for given in figure.inputs)
    if figure.kind is DerivedKind.top_quarter:
        if not _one_band(figure, citations):
            return "its inputs are not the two ends of one band in the cited passage"
        result: tuple[int, int | None] = arithmetic.top_quarter(first, second)
    else:
        result = (arithmetic.difference(first, second), None)
    if (figure.low, figure.high) != result:
        return f"the rule gives {_result_text(result, figure.currency)}"
    return None


def describe(figure: DerivedFigure) -> str:
    inputs = " and ".join(f"{_money(given.value, given.currency)} [{given.citation}]" for given in figure.inputs)
    shown = _result_text((figure.low, figure.high), figure.currency)
    return f"{figure.kind.value.replace('_', ' ')} {shown} from {inputs}"


def supports(supported: list[tuple[int, str]], shown: ShownFigure) -> bool:
    return any(shown.means(value, currency) for value, currency in supported)


def _one_band(figure: DerivedFigure, citations: dict[int, Citation]) -> bool:
    low, high = figure.inputs
    if low.citation != high.citation:
        return False
    bands = bands_in(citations[low.citation].quote)
    return any(start.means(low.value, low.currency) and end.means(high.value, high.currency) for start, end in bands)


def _is(figure: DerivedFigure, wanted: ExpectedDerived) -> bool:
    if figure.kind is not wanted.kind or figure.currency != wanted.currency:
        return False
    values = [given.value for given in figure.inputs]
    if wanted.kind is DerivedKind.top_quarter:
        return (figure.low, figure.high) == (wanted.low, wanted.high) and values == wanted.inputs
    # A difference may be taken either way round ("£17K above" or "£17K below"): its size is what is shown.
    return abs(figure.low) == wanted.value and sorted(values) == sorted(wanted.inputs)


def _results(figure: DerivedFigure) -> list[tuple[int, str]]:
    """The numbers a verified derived figure lets the answer write: a top quarter's ends, a difference's size."""
    if figure.kind is DerivedKind.difference:
        return [(abs(figure.low), figure.currency)]
    return [(figure.low, figure.currency)] + ([(figure.high, figure.currency)] if figure.high is not None else [])


def _result_text(result: tuple[int, int | None], currency: str) -> str:
    low, high = result
    return _money(low, currency) if high is None else f"{_money(low, currency)} - {_money(high, currency)}"


def _money(value: int, currency: str) -> str:
    return f"{currency} {value:,}"
