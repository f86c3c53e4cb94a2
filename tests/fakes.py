"""Fake chat models for the LLM path: the real LangChain interface, misbehaving on demand."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field

from assistant.answer.handlers import HANDLERS
from assistant.evidence import Passage
from assistant.plan.planner import make_plan
from assistant.retrieve.gather import gather

if TYPE_CHECKING:
    from assistant.service import Assistant


def scripted(*answers: str) -> GenericFakeChatModel:
    """A chat model that replies with these texts in turn (and streams them word by word)."""
    return GenericFakeChatModel(messages=iter([AIMessage(content=answer) for answer in answers]))


class FailingChatModel(GenericFakeChatModel):
    """A backend that is down: every call raises, as a refused connection would."""

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        raise ConnectionError("connection refused by http://127.0.0.1:11434")

    def _stream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        raise ConnectionError("connection refused by http://127.0.0.1:11434")


class PromptRecordingChatModel(GenericFakeChatModel):
    """Remembers the prompt it was given, so a test can check what the LLM saw."""

    seen: list[list[BaseMessage]] = Field(default_factory=list)

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.seen.append(messages)
        return super()._generate(messages, *args, **kwargs)


def gathered_passages(assistant: Assistant, question: str) -> list[Passage]:
    """The numbered passages an LLM is shown for a question, in gathering order: what its markers refer to."""
    plan = make_plan(question, assistant.reader.vocabulary)
    handler = HANDLERS.for_intent(plan.intent)
    return gather(assistant.reader, question, plan, handler, k=assistant.settings.top_k).evidence.passages


def shown_numbering(text: str, *cited_in_order: int) -> str:
    """The text as the user sees it: the passages it cites (in order of first mention) renumbered 1, 2, 3…"""
    new = {old: str(position) for position, old in enumerate(cited_in_order, start=1)}
    return re.sub(r"\[(\d+)\]", lambda marker: f"[{new.get(int(marker.group(1)), marker.group(1))}]", text)


class SlowChatModel(GenericFakeChatModel):
    """A backend that takes its time: each streamed word arrives `delay_s` after the one before (a stop test needs
    an answer still streaming when the button is pressed)."""

    delay_s: float = 0.1

    def _stream(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Iterator[ChatGenerationChunk]:
        for chunk in super()._stream(messages, *args, **kwargs):
            time.sleep(self.delay_s)
            yield chunk
