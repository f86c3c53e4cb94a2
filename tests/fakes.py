"""Fake chat models for the LLM path: the real LangChain interface, misbehaving on demand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult
from pydantic import Field


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
