"""Streaming an LLM's answer without ever showing an unsupported figure.

The LLM's text is held back until a sentence is complete; the sentence is released only if it
passes the verifier on its own. After the first sentence that does not, nothing more is released:
the chain judges the whole draft at the end and, if the final answer differs from what was
released, the stream ends with a replacement. A sentence that recites the prompt's own text is
held too. Released text is renumbered exactly as the final
response will be, so a faithful answer needs no replacement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answer.numbering import Renumbering, place_of
from assistant.evidence import Passage
from assistant.money.words import TENS, UNITS
from assistant.response import AnswerResponse, StreamEvent
from assistant.verify import verify
from assistant.verify.recital import recites
from assistant.vocabulary.names import Vocabulary

# A sentence is complete at ".", "!", "?" or a line break, with its citation markers, once whitespace follows.
_SENTENCE_DONE = re.compile(r"[.!?\n](?:\s*\[\d+(?:,\s*\d+)*\])?\s")
_ENDS_IN_NUMBER = re.compile(
    rf"(?:\d|\b(?:{'|'.join([*UNITS, *TENS, 'hundred'])}))(?:\s*\[\d+(?:,\s*\d+)*\]|[\s*_,.])*$", re.IGNORECASE
)


class SentenceGate:
    def __init__(self, passages: dict[int, Passage], vocabulary: Vocabulary | None = None,
                 instructions: frozenset[tuple[str, ...]] = frozenset()) -> None:  # fmt: skip
        self.passages = passages
        self.vocabulary = vocabulary
        self.instructions = instructions  # the prompt's own text (verify/recital.py): a sentence reciting it is held
        self.numbering = Renumbering(passages, {number: place_of(p) for number, p in passages.items()})
        self.full = ""  # everything the LLM wrote: the draft the chain judges at the end
        self.released = ""  # what reached the user, renumbered
        self._pending = ""
        self._clean = True

    def feed(self, text: str) -> Iterator[str]:
        """Take the next piece of the LLM's text; yield each sentence it completes that passes."""
        self.full += text
        self._pending += text
        while self._clean and (end := _sentence_end(self._pending)) is not None:
            sentence, self._pending = self._pending[:end], self._pending[end:]
            yield from self._release(sentence)

    def finish(self) -> Iterator[str]:
        """The LLM is done: the last, unterminated sentence goes through the same check."""
        if self._pending:
            sentence, self._pending = self._pending, ""
            yield from self._release(sentence)

    def _release(self, sentence: str) -> Iterator[str]:
        self._clean = (self._clean and not recites(self.released + sentence, self.instructions)
                       and verify(sentence, self.passages, self.vocabulary).action == "passed")  # fmt: skip
        if self._clean:
            shown = self.numbering.rewrite(sentence)
            self.released += shown
            yield shown


def closing_events(released: str, response: AnswerResponse) -> Iterator[StreamEvent]:
    """A replacement when the final answer is not what was streamed, then the final response."""
    if response.answer != released:
        yield StreamEvent(kind="replace", text=response.answer)
    yield StreamEvent(kind="done", response=response)


def line_events(response: AnswerResponse) -> Iterator[StreamEvent]:
    """An answer that is already final (the offline engine's), streamed line by line."""
    for line in response.answer.splitlines(keepends=True):
        yield StreamEvent(kind="token", text=line)
    yield StreamEvent(kind="done", response=response)


def _sentence_end(buffer: str) -> int | None:
    """Where the first complete sentence ends; a sentence ending in a number waits for the next one, which may
    hold the rest of its amount ("nine hundred.\nthousand pounds"): they are judged, and shown, together."""
    for match in _SENTENCE_DONE.finditer(buffer):
        if not _ENDS_IN_NUMBER.search(buffer[: match.start()]):
            return match.end()
    return None
