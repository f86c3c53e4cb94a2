"""Finding the places a question names: "Dallas TX" and "London, UK" keep their qualifier, "remote us" is a
remote scope, and a place word inside a longer role name ("US Charter Platform Engineer") is the role's."""

from __future__ import annotations

import re

from assistant.places.labels import remote_scope, split_qualifier
from assistant.plan.roles import role_spans
from assistant.plan.words import Words, _as_written
from assistant.vocabulary.names import CAPITAL_PLACES, Vocabulary


def find_places(words: Words, question: str, vocab: Vocabulary) -> list[str]:
    """Place keys in order of mention; 'Dallas TX' and 'London, UK' keep their qualifier ('dallas-tx'). A place word
    inside a longer role name ("US Charter Platform Engineer") is the role's."""
    found: list[tuple[int, str]] = []
    in_roles = {index for start, end in role_spans(words, vocab) if end - start > 1 for index in range(start, end)}
    for token in re.findall(r"\b[A-Z]{2,3}\b", question):  # "US", "LA": places only in capitals
        index = next((i for i, w in enumerate(words.words) if w == token.lower() and i not in words.used), None)
        if token in CAPITAL_PLACES and index is not None and index not in in_roles:
            end, key = _with_remote(words, index, index + 1, CAPITAL_PLACES[token])
            words.take(index, end)
            words.named.setdefault(key, words.phrase(index, end))
            found.append((index, key))
    for start, end in words.free_spans(4):
        if words.used & set(range(start, end)):
            continue
        place = vocab.places.get(words.phrase(start, end))
        if place is None or in_roles & set(range(start, end)):
            continue
        end, key = _with_qualifier(words, question, start, end, place)
        end, key = _with_remote(words, start, end, key)
        words.take(start, end)
        words.named.setdefault(key, words.phrase(start, end))
        found.append((start, key))
    return list(dict.fromkeys(key for _, key in sorted(found)))


def _with_qualifier(words: Words, question: str, start: int, end: int, key: str) -> tuple[int, str]:
    """A US state or a country right after a city qualifies it: 'dallas tx' -> 'dallas-tx'."""
    for size in (1, 2):
        if end + size > len(words.words) or words.used & set(range(end, end + size)):
            break
        written = _as_written(question, words.phrase(start, end + size))
        city, qualifier = split_qualifier(written)
        if qualifier and not key.startswith("remote") and city.lower() == words.phrase(start, end):
            return end + size, f"{key}-{qualifier}"
    return end, key


def _with_remote(words: Words, start: int, end: int, key: str) -> tuple[int, str]:
    """'remote us', 'us remote', 'remote europe': a remote scope; 'remote' alone is any remote row."""
    if key == "remote" and end < len(words.words) and end not in words.used:
        scope = remote_scope(words.words[end])
        return (end + 1, f"remote-{scope}") if scope else (end, key)
    scope = remote_scope(words.phrase(start, end))
    if scope and start > 0 and words.words[start - 1] == "remote" and (start - 1) not in words.used:
        words.take(start - 1, start)
        return end, f"remote-{scope}"
    if scope and end < len(words.words) and words.words[end] == "remote" and end not in words.used:
        return end + 1, f"remote-{scope}"
    return end, key
