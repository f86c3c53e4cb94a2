"""Errors meant for the user: each carries one sentence that says what to do.

A sentence may name what the user gave (an id, a header) so they can see which one was wrong, but never more than
ECHO_LIMIT characters of it: a 10 KB id must not come back as a 10 KB error, nor a line break split the line.
"""

import re

ECHO_LIMIT = 80
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def echo(text: object, limit: int = ECHO_LIMIT) -> str:
    """Input as an error may quote it: on one line, and cut to `limit` characters with the full length said."""
    shown = _UNPRINTABLE.sub(" ", str(text))
    if len(shown) <= limit:
        return shown
    return f"{shown[: limit - 1]}… ({len(shown):,} characters)"


class AssistantError(Exception):
    """Raised for conditions a user can fix; the CLI and API print only its message."""


class IndexMissingError(AssistantError):
    def __init__(self, index_dir: object) -> None:
        super().__init__(f"No index found in {index_dir}: run `assistant ingest` first to build it.")


class UnknownGuideError(AssistantError):
    def __init__(self, guide_id: str) -> None:
        super().__init__(f"No guide with id '{echo(guide_id)}': run `assistant guides list` to see the ids.")


class InvalidQuestionError(AssistantError):
    """A question that cannot be answered as typed: empty, too long, or not valid text."""


class OfferLetterError(AssistantError):
    """An offer letter that cannot be read: missing, of a kind not read, or with no text in it."""
