"""A question's words, which of them a name has already taken, and where punctuation parts them: what the
name finders (companies.py, places.py, roles.py) share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.vocabulary.levels import split_numbered_roles
from assistant.vocabulary.names import normal

_BARRIER = re.compile(r"[,;:()?!]|\s[-–—]\s")


def _split_keeping(text: str) -> list[tuple[str, str]]:
    """(part, the barrier that ends it) for each part of the text between punctuation."""
    pieces, start = [], 0
    for match in _BARRIER.finditer(text):
        pieces.append((text[start : match.start()], match.group(0).strip()))
        start = match.end()
    return [*pieces, (text[start:], "")]


@dataclass
class Words:
    """The question's words, which of them a name has already used, and where punctuation parts them."""

    words: list[str]
    used: set[int] = field(default_factory=set)
    barriers: set[int] = field(default_factory=set)  # i: punctuation stands between word i - 1 and word i
    named: dict[str, str] = field(default_factory=dict)  # a company slug or place key -> the words that named it
    noted: set[int] = field(default_factory=set)  # words inside parentheses: notes beside a name, "(Principal SDE)"

    @classmethod
    def of(cls, question: str) -> Words:
        words: list[str] = []
        barriers: set[int] = set()
        noted: set[int] = set()
        depth = 0
        for part, mark in _split_keeping(split_numbered_roles(question.lower())):
            if words:
                barriers.add(len(words))
            new = normal(part).split()
            if depth > 0:
                noted.update(range(len(words), len(words) + len(new)))
            words += new
            depth = max(0, depth + (mark == "(") - (mark == ")"))
        return cls(words, barriers=barriers, noted=noted)

    def runs_outside_notes(self) -> list[list[str]]:
        """The unused words in runs, leaving out what parentheses hold."""
        kept = Words(self.words, self.used | self.noted, self.barriers)
        return kept.runs()

    def runs(self) -> list[list[str]]:
        """The unused words in runs that neither a used word nor punctuation breaks."""
        runs: list[list[str]] = [[]]
        for index, word in enumerate(self.words):
            if index in self.used or index in self.barriers:
                runs.append([])
            if index not in self.used:
                runs[-1].append(word)
        return [run for run in runs if run]

    def free_spans(self, longest: int) -> list[tuple[int, int]]:
        """(start, end) of every span of unused words, longest first, then left to right."""
        spans = []
        for size in range(min(longest, len(self.words)), 0, -1):
            for start in range(len(self.words) - size + 1):
                if not self.used & set(range(start, start + size)):
                    spans.append((start, start + size))
        return spans

    def phrase(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])

    def take(self, start: int, end: int) -> None:
        self.used |= set(range(start, end))

    def rest(self) -> list[str]:
        return [word for index, word in enumerate(self.words) if index not in self.used]


def without_names(question: str, phrases: list[str]) -> str:
    """The question with these names taken out as written ("What does Target pay?" -> "What does  pay?")."""
    for phrase in phrases:
        written = _as_written(question, phrase)
        question = question.replace(written, " ", 1) if written in question else question
    return question


def _as_written(question: str, phrase: str) -> str:
    """The phrase with the question's own capitals ('dallas tx' -> 'Dallas TX'), so 'TX' reads as a state."""
    pattern = r"[\s,]+".join(re.escape(word) for word in phrase.split())
    match = re.search(pattern, question, re.IGNORECASE)
    return match.group(0) if match else phrase
