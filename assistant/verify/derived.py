"""Derived figures, recomputed: each must be what its rule gives from its inputs, and each input a typed table
figure of the passage it cites, a figure the user's letter states, or a derived figure listed before it that
passes these checks itself. Only then may an answer show the result, next to a citation of its inputs (or, for
a figure computed from the letter alone, on a line labelled as the user's own)."""

from __future__ import annotations

from assistant.derive import recomputes
from assistant.evidence import Passage
from assistant.guide import Figure
from assistant.response import DerivedFigure, DerivedInput, InputSource
from assistant.verify.letter import LetterFigures


def derived_problems(derived: list[DerivedFigure], passages: dict[int, Passage],
                     letter: LetterFigures | None = None) -> list[str]:  # fmt: skip
    return checked_derived(derived, passages, letter)[0]


def checked_derived(derived: list[DerivedFigure], passages: dict[int, Passage], letter: LetterFigures | None = None
                    ) -> tuple[list[str], list[DerivedFigure]]:  # fmt: skip
    """(why each derived figure that fails does, the figures that pass); one built on a failing one fails too."""
    problems: list[str] = []
    passed: list[DerivedFigure] = []
    for figure in derived:
        problem = _problem(figure, passages, letter, passed)
        if problem:
            problems.append(problem)
        else:
            passed.append(figure)
    return problems, passed


def _problem(figure: DerivedFigure, passages: dict[int, Passage], letter: LetterFigures | None,
             before: list[DerivedFigure]) -> str | None:  # fmt: skip
    if not recomputes(figure):
        return f"{figure.text} is not what its rule gives from its inputs"
    for value in figure.inputs:
        problem = _input_problem(value, passages, letter, before)
        if problem:
            return f"{figure.text} is computed from {problem}"
    return None


def _input_problem(value: DerivedInput, passages: dict[int, Passage], letter: LetterFigures | None,
                   before: list[DerivedFigure]) -> str | None:  # fmt: skip
    if value.source == InputSource.letter:
        stated = value.percent if value.currency == "%" else value.value
        if letter is None or stated is None or not letter.states(frozenset({value.currency}), (float(stated),)):
            return "a figure the letter does not state"
        return None
    if value.source == InputSource.derived:
        if not any(f.currency == value.currency and f.low == value.value and f.high is None for f in before):
            return "a figure no rule before it computed"
        return None
    passage = passages.get(value.citation)
    cells = {cell for f in (passage.figures if passage else []) for cell in _cells(f)}
    if (value.currency, value.value) not in cells:
        return f"a figure [{value.citation}] does not hold"
    return None


def from_letter_alone(figure: DerivedFigure) -> bool:
    """Computed from the letter's figures (and rules on them) only: shown on a line labelled as the user's."""
    return all(value.source != InputSource.guide for value in figure.inputs)


def letter_matches(figure: DerivedFigure, currencies: frozenset[str], values: tuple[float, ...]) -> bool:
    """Whether a mention on a line labelled as the user's is this derived figure (or, for a difference, its size)."""
    ends = {float(figure.low), abs(float(figure.low))} | ({float(figure.high)} if figure.high is not None else set())
    return from_letter_alone(figure) and figure.currency in currencies and all(value in ends for value in values)


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
