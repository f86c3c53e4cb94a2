"""Ordinary English words, so that a company named by one ("Compass", "Target", "Box", "Glean") is read as the
company only where a question uses the word as a name.

Decided from wordfreq's English word frequencies, never from a list of names, so a corpus with new
ordinary-word names is read the same way. The frequencies load at ingest, not while answering: each guide
records which words of its company's names are ordinary (`Guide.ordinary_name_words`).
"""

from __future__ import annotations

from collections.abc import Iterable

# Zipf frequency (log10 of uses per billion words) from which a word counts as ordinary: 2.5 is about one use in
# three million words, which keeps "glean" (2.7) and "ramp" (3.8) and leaves coined names ("brex", 1.4) out.
ORDINARY_ZIPF = 2.5


def is_ordinary(word: str) -> bool:
    """Whether a lower-case word is one people write for its own sake ("compass", "box"), not only as a name."""
    from wordfreq import zipf_frequency  # 0.6 s to load its tables: ingest pays it once, answers never

    return len(word) > 1 and word.isalpha() and zipf_frequency(word, "en") >= ORDINARY_ZIPF


def ordinary_words(words: Iterable[str]) -> list[str]:
    return sorted({word for word in words if is_ordinary(word)})
