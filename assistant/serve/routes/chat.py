"""POST /api/chat (one JSON answer) and POST /api/chat/stream (server-sent events), with conversations.

Stream events, in order: `meta` {conversation_id}, `token` {text} and `replace` {answer} while the
answer is written, then `done` (the full ChatResponse) or `error` {message}.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool

from assistant.errors import AssistantError
from assistant.response import AnswerResponse, StreamEvent, Turn
from assistant.serve.conversations import ConversationStore
from assistant.serve.deps import AssistantDep, ConversationsDep, SettingsDep, checked_text
from assistant.serve.models import ChatRequest, ChatResponse, ErrorDetail
from assistant.serve.rate_limit import LimitDecorator

logger = logging.getLogger(__name__)

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorDetail} for code in (403, 413, 422, 429, 503)}
STREAM_DOC: dict[int | str, dict[str, Any]] = {
    "200": {"content": {"text/event-stream": {}}, "description": "meta, token/replace…, then done or error"}
}


def build_router(rate_limited: LimitDecorator) -> APIRouter:
    """Built per app because the rate limit (settings and counters) belongs to the app."""
    router = APIRouter(prefix="/api/chat", tags=["chat"], responses=ERRORS)

    @router.post("", response_model=ChatResponse, summary="Answer a question with exact, cited figures")
    @rate_limited
    async def chat(
        request: Request,
        body: ChatRequest,
        assistant: AssistantDep,
        settings: SettingsDep,
        conversations: ConversationsDep,
    ) -> ChatResponse:
        question = checked_text(body.question, settings)
        conversation_id, history = conversations.resume(body.conversation_id)
        answer = await run_in_threadpool(assistant.ask, question, history)
        return _remembered(answer, conversation_id, conversations)

    @router.post(
        "/stream",
        response_class=EventSourceResponse,
        responses=STREAM_DOC,
        summary="Answer a question as server-sent events",
    )
    @rate_limited
    async def chat_stream(
        request: Request,
        body: ChatRequest,
        assistant: AssistantDep,
        settings: SettingsDep,
        conversations: ConversationsDep,
    ) -> EventSourceResponse:
        question = checked_text(body.question, settings)
        conversation_id, history = conversations.resume(body.conversation_id)
        # Opening the index here, before the stream starts, lets a missing index answer 503 JSON.
        events = await run_in_threadpool(assistant.stream, question, history)
        return EventSourceResponse(_sse(events, conversation_id, conversations))

    return router


def _remembered(answer: AnswerResponse, conversation_id: str, conversations: ConversationStore) -> ChatResponse:
    """Record the turn so a follow-up ("and in Hong Kong?") inherits what this question was about."""
    conversations.append(conversation_id, Turn(question=answer.question, understanding=answer.understanding))
    return ChatResponse.model_validate({**answer.model_dump(), "conversation_id": conversation_id})


async def _sse(
    events: Iterator[StreamEvent], conversation_id: str, conversations: ConversationStore
) -> AsyncIterator[ServerSentEvent]:
    yield _event("meta", {"conversation_id": conversation_id})
    try:
        # The answer chain is synchronous: each step runs on a worker thread, never on the event loop.
        async for event in iterate_in_threadpool(events):
            if event.kind == "token":
                yield _event("token", {"text": event.text or ""})
            elif event.kind == "replace":
                yield _event("replace", {"answer": event.text or ""})
            elif event.kind == "done" and event.response is not None:
                final = _remembered(event.response, conversation_id, conversations)
                yield _event("done", final.model_dump(mode="json"))
    except AssistantError as error:
        yield _event("error", {"message": str(error)})
    except Exception:
        logger.exception("the answer stream failed")
        yield _event("error", {"message": "The assistant failed while answering. Please retry."})


def _event(name: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(event=name, data=json.dumps(data, ensure_ascii=False))
