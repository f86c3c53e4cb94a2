"""Level words: the seniority a question asks for and the one a level row names, read the same way
('Senior', 'Sr.', 'L5', 'SDE III', 'IC4'), so the two can be compared as sets of tokens."""

from __future__ import annotations

import re

from assistant.vocabulary.lexicon import SENIORITY
from assistant.vocabulary.names import role_words

_LEVEL_TOKEN = re.compile(r"^(?:[lemtp]\d{1,2}|ic\d{1,2}|sde\d|swe\d|level\d{1,2}|band\d{1,2}|grade\d{1,2})$")
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}
_NUMBERED_ROLE = re.compile(r"\b(sde|swe)[\s-]?(iii|ii|iv|i|[1-4])\b")


def split_numbered_roles(text: str) -> str:
    """'sde2', 'sde ii', 'SDE-2' -> 'sde2': one level word (which also names its role when nothing else does)."""
    return _NUMBERED_ROLE.sub(lambda m: f"{m[1]}{_ROMAN.get(m[2], m[2])}", text)


def level_tokens(text: str) -> set[str]:
    """The level words of a question or a level row label: 'Mid (L3-L4)' -> {'mid', 'l3', 'l4'},
    'SDE III / Senior' -> {'sde3', 'senior'}, 'Sr.' -> {'senior'}."""
    words = re.split(r"[\s/()\-–,]+", split_numbered_roles(text.lower().replace(".", " ")))
    tokens = set()
    for word in words:
        if _LEVEL_TOKEN.match(word):
            tokens.add(word)
        elif word in SENIORITY or role_words(word) == "senior":
            tokens.add(SENIORITY.get(word, "senior"))
    return tokens
