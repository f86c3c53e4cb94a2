"""Numbers written in words: "nine hundred thousand", "two hundred and fifty thousand", "half a million".

Only the reader uses this: an amount in words is money like any other, so an answer cannot slip a
figure past the verifier by spelling it out.
"""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"thousand": 1_000, "lakh": 100_000, "lakhs": 100_000, "million": 1_000_000, "crore": 10_000_000,
          "crores": 10_000_000, "billion": 1_000_000_000}  # fmt: skip
_WORD = "|".join(
    sorted([*UNITS, *TENS, "hundred", *SCALES, "a", "an", "and", "half", "quarter"], key=len, reverse=True)
)
# A run of number words joined by spaces or hyphens; the reader trims "a"/"and" at its ends and keeps runs
# that hold a number word.
NUMBER_WORDS_RE = re.compile(rf"\b(?:{_WORD})(?:[\s-]+(?:{_WORD}))*\b", re.IGNORECASE)
_FILLERS = ("a", "an", "and")


def trimmed_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of a run without leading or trailing "a"/"an"/"and" ("and" before "a quarter million" stays
    out; "a" before "million" stays in), or None when no number word is left."""
    words = list(re.finditer(r"[A-Za-z]+", text[start:end]))
    while words and words[-1].group().lower() in _FILLERS:
        words.pop()
    while len(words) > 1 and words[0].group().lower() == "and":
        words.pop(0)
    if words and words[0].group().lower() in ("a", "an") and len(words) > 1:
        second = words[1].group().lower()
        if second not in SCALES and second not in ("hundred", "quarter", "half"):
            words.pop(0)
    if not any(w.group().lower() not in _FILLERS for w in words):
        return None
    return start + words[0].start(), start + words[-1].end()


def words_value(text: str) -> int | None:
    """The value of a run of number words, or None when the run is not a well-formed number.

    "two hundred and fifty thousand" -> 250000, "half a million" -> 500000, "a quarter million" -> 250000.
    """
    words = [w for w in re.split(r"[\s-]+", text.lower()) if w and w != "and"]
    if words[:1] in (["a"], ["an"]):
        words = ["one", *words[1:]]
    fraction = _leading_fraction(words)
    if fraction is not None:
        scale = SCALES.get(words[-1])
        return round(fraction * scale) if scale and len(words) <= 3 else None
    if not any(word in UNITS or word in TENS for word in words):
        return None  # "the nearest thousand", "hundreds": a scale with no number is not an amount
    total, group = 0, 0
    seen_word = False
    for word in words:
        if word in UNITS:
            group += UNITS[word]
        elif word in TENS:
            group += TENS[word]
        elif word == "hundred":
            group = max(group, 1) * 100
        elif word in SCALES:
            total += max(group, 1) * SCALES[word]
            group = 0
        else:
            return None
        seen_word = True
    return total + group if seen_word else None


def _leading_fraction(words: list[str]) -> float | None:
    """'half a million' and 'a quarter million' (after 'a' became 'one'): the fraction, else None."""
    if words[:1] == ["half"]:
        return 0.5
    if words[:2] == ["one", "quarter"]:
        return 0.25
    if words[:2] == ["one", "half"]:
        return 0.5
    return None
