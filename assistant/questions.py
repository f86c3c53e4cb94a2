"""The one check every front end (API, CLI, evals) puts a question through before answering it."""

from __future__ import annotations

from assistant.errors import InvalidQuestionError


def checked_question(text: str, max_chars: int, what: str = "question") -> str:
    """The text stripped, or InvalidQuestionError with one sentence saying what to do.

    Refused: text that is not valid Unicode (a lone surrogate from JSON's "\\ud800", or undecodable
    bytes a shell passed through as surrogates), text with no visible character (only whitespace,
    control characters or NUL bytes), and text over max_chars.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidQuestionError(
            f"The {what} holds characters that are not valid text (a lone surrogate, or bytes that are not UTF-8): "
            f"type it again."
        ) from None
    stripped = text.strip()
    if not stripped:
        raise InvalidQuestionError(f"The {what} is empty: type a {what}.")
    if not any(char.isprintable() and not char.isspace() for char in stripped):
        raise InvalidQuestionError(f"The {what} holds only control characters, no words: type {_a(what)} {what}.")
    if len(stripped) > max_chars:
        raise InvalidQuestionError(
            f"The {what} is {len(stripped):,} characters long, over the limit of {max_chars:,}: shorten it."
        )
    return stripped


def checked_letter(text: str, max_chars: int) -> str:
    """An offer letter's text, checked as a question is (a letter is longer: its own limit)."""
    if not text.strip():
        raise InvalidQuestionError("The offer letter is empty: paste the letter's text.")
    return checked_question(text, max_chars, what="offer letter")


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"
