"""The user's own figures: what their offer letter (or question) states, which an answer may repeat only on a line
labelled as theirs ("(your letter)"), and which rules may take as inputs.

A figure on such a line must be one the letter states, in its currency, or a derived figure computed only from
the letter's figures (a year's total); any other figure on the line is checked as usual, against its citation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LETTER_LABEL = "(your letter"  # "(your letter)", "(your letters)": the mark of the user's own figures
QUESTION_LABEL = "(your figures"  # the same in chat, where the user's figures come in the question


@dataclass(frozen=True)
class LetterFigures:
    amounts: frozenset[tuple[str, int]] = field(default_factory=frozenset)  # (currency, value)
    percents: frozenset[float] = field(default_factory=frozenset)

    def states(self, currencies: frozenset[str], values: tuple[float, ...]) -> bool:
        """Whether the letter states every value, in one of the currencies the written sign can mean."""
        if "%" in currencies:
            return all(value in self.percents for value in values)
        return all(any((currency, int(value)) in self.amounts for currency in currencies) for value in values)

    def __or__(self, other: LetterFigures) -> LetterFigures:
        return LetterFigures(self.amounts | other.amounts, self.percents | other.percents)


def labelled(line: str) -> bool:
    return LETTER_LABEL in line or QUESTION_LABEL in line
