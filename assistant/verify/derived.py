"""Derived figures, recomputed: each must be what its rule gives from its inputs, and each input a typed table
figure of the passage it cites. Only then may an answer show the result, next to a citation of its inputs."""

from __future__ import annotations

from assistant.derive import recomputes
from assistant.evidence import Passage
from assistant.guide import Figure
from assistant.response import DerivedFigure


def derived_problems(derived: list[DerivedFigure], passages: dict[int, Passage]) -> list[str]:
    return [problem for figure in derived if (problem := _problem(figure, passages))]


def _problem(figure: DerivedFigure, passages: dict[int, Passage]) -> str | None:
    if not recomputes(figure):
        return f"{figure.text} is not what its rule gives from its inputs"
    for value in figure.inputs:
        passage = passages.get(value.citation)
        cells = {cell for f in (passage.figures if passage else []) for cell in _cells(f)}
        if (value.currency, value.value) not in cells:
            return f"{figure.text} is computed from a figure [{value.citation}] does not hold"
    return None


def matches(figure: DerivedFigure, currencies: frozenset[str], values: tuple[float, ...], cites: tuple[int, ...]
            ) -> bool:  # fmt: skip
    """Whether a mention is this derived figure: same currency and values, cited with its inputs."""
    ends = {float(figure.low)} | ({float(figure.high)} if figure.high is not None else set())
    differences = {abs(float(figure.low))} if figure.high is None else set()
    return (
        figure.currency in currencies
        and all(value in ends | differences for value in values)
        and bool({value.citation for value in figure.inputs} & set(cites))
    )


def _cells(figure: Figure) -> set[tuple[str | None, int | None]]:
    """The (currency, amount) ends a table cell states, its dual-currency conversion included."""
    second = figure.secondary
    ends = {(figure.currency, figure.low), (figure.high_currency or figure.currency, figure.high)}
    return ends | ({(second.currency, second.low), (second.currency, second.high)} if second else set())
