"""Scoring the figures an answer computes (a fair ask from a band, a difference between two bands).

An answer lists what it computed in `AnswerResponse.derived`. The evals believe none of it: each input
must be written in the passage it cites (read with the evals' own reading), a band's top quarter must be
computed from the two ends of one band in that passage, and the result must be what the rule gives
(recomputed in assistant/evals/arithmetic.py, not with the product's code). Only a derived figure that
passes all of this may support a number the answer writes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.evals import arithmetic
from assistant.evals.cases import ExpectedDerived
from assistant.evals.reading import ShownFigure, bands_in, figures_in, schedule_percents
from assistant.response import AnswerResponse, Citation, DerivedFigure, DerivedInput, DerivedKind, InputSource


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
    own = _OwnFigures(response.question)
    for figure in response.derived:
        problem = derived_problem(figure, citations, own)
        if problem is None:
            own.computed.append(figure)
        if problem is None:
            score.supported += _results(figure)
        if problem is None and expected is not None and not any(_is(figure, wanted) for wanted in expected):
            problem = "not a figure the case expects"
        if problem is None:
            score.correct += 1
        else:
            score.wrong.append(f"{describe(figure)}: {problem}")
    for wanted in expected or []:
        if any(_is(figure, wanted) and figure in own.computed for figure in response.derived):
            score.found += 1
        else:
            score.missing.append(wanted.label)
    return score


@dataclass
class _OwnFigures:
    """What a user's own figures may be: written in their question, or computed by a rule before (in order)."""

    question: str
    computed: list[DerivedFigure] = field(default_factory=list)

    def states(self, given: DerivedInput) -> bool:
        if given.currency == "%":
            percent = given.percent
            written = percent is not None and any(shown.means(percent, "%") for shown in figures_in(self.question))
            return percent is not None and (written or _even_share(self.question, percent) or
                                            _in_schedule(self.question, percent))  # fmt: skip
        return any(shown.means(given.value, given.currency) for shown in figures_in(self.question))

    def derived(self, given: DerivedInput) -> bool:
        return any(f.currency == given.currency and f.low == given.value and f.high is None for f in self.computed)


def _even_share(question: str, percent: float) -> bool:
    """An even vest's yearly share, 100 ÷ the years the question names ("over 4 years", "over four years")."""
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    for count in re.findall(r"\b(\d+|two|three|four|five|six)[- ]years?\b", question, re.I):
        years = int(count) if count.isdigit() else words[count.lower()]
        if years and abs(100 / years - percent) < 1e-9:
            return True
    return False


def _in_schedule(question: str, percent: float) -> bool:
    """One year's share of a schedule written with slashes ("5/15/40/40")."""
    return any(shown.means(percent, "%") for shown in schedule_percents(question))


def derived_problem(figure: DerivedFigure, citations: dict[int, Citation], own: _OwnFigures | None = None
                    ) -> str | None:  # fmt: skip
    """Why the figure does not follow from the passages it cites (or the user's own figures, or figures computed
    before it), or None when it does."""
    if figure.kind in _ONE_VALUE:
        return _own_rule_problem(figure, own or _OwnFigures(""))
    if any(given.source != InputSource.guide for given in figure.inputs):
        return _own_difference_problem(figure, own or _OwnFigures(""))
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


_ONE_VALUE = frozenset({DerivedKind.sum, DerivedKind.percent_of, DerivedKind.vesting_share})


def _own_input_problem(given: DerivedInput, currency: str, own: _OwnFigures) -> str | None:
    written = f"{given.percent:g}%" if given.currency == "%" else _money(given.value, given.currency)
    if given.currency not in (currency, "%"):
        return f"its input {written} is not in {currency}"
    if given.source == InputSource.letter and not own.states(given):
        return f"its input {written} is not what the user wrote"
    if given.source == InputSource.derived and not own.derived(given):
        return f"its input {written} was not computed before it"
    if given.source == InputSource.guide:
        return f"its input {written} is a guide's figure, which this rule never takes"
    return None


def _own_rule_problem(figure: DerivedFigure, own: _OwnFigures) -> str | None:
    """A percent_of, vesting_share or sum on the user's own figures, recomputed with the evals' arithmetic."""
    for given in figure.inputs:
        problem = _own_input_problem(given, figure.currency, own)
        if problem:
            return problem
    amounts = [given.value for given in figure.inputs if given.currency != "%"]
    if figure.kind is DerivedKind.sum:
        result = arithmetic.total(amounts)
    else:
        percents = [given.percent for given in figure.inputs if given.currency == "%"]
        if len(amounts) != 1 or len(percents) != 1 or percents[0] is None:
            return "its rule takes one amount and one percentage"
        result = arithmetic.share(amounts[0], percents[0])
    if (figure.low, figure.high) != (result, None):
        return f"the rule gives {_money(result, figure.currency)}"
    return None


def _own_difference_problem(figure: DerivedFigure, own: _OwnFigures) -> str | None:
    if figure.kind is not DerivedKind.difference or len(figure.inputs) != 2:
        return "only a difference may compare the user's own figures"
    for given in figure.inputs:
        problem = _own_input_problem(given, figure.currency, own)
        if problem:
            return problem
    first, second = (given.value for given in figure.inputs)
    if figure.low != arithmetic.difference(first, second):
        return f"the rule gives {_money(arithmetic.difference(first, second), figure.currency)}"
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
    values = [given.value for given in figure.inputs if given.currency != "%"]
    if wanted.kind in _ONE_VALUE:
        percents = [given.percent for given in figure.inputs if given.currency == "%"]
        return figure.low == wanted.value and values == wanted.inputs and (wanted.percent is None or
                                                                           percents == [wanted.percent])  # fmt: skip
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
