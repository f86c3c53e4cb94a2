"""POST /api/chat (one JSON answer) and POST /api/chat/stream (server-sent events), with conversations.

Stream events, in order: `meta` {conversation_id, context_lost}, `token` {text} and `replace` {answer} while the
answer is written, then `done` (the full ChatResponse) or `error` {message}.

On SIGTERM (see sse-starlette's shutdown_event) a running stream goes on for up to settings.shutdown_grace_s;
one still unfinished then ends with an `error` event that says to ask again, never with a cut connection.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any, NamedTuple

import anyio
from fastapi import APIRouter, Request
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.concurrency import run_in_threadpool

from assistant.answer.followups import follow_ups
from assistant.errors import AssistantError
from assistant.response import AnswerResponse, StreamEvent, Turn
from assistant.serve.conversations import ConversationStore, Resumed
from assistant.serve.deps import AssistantDep, ConversationsDep, FeedbackDep, SettingsDep, checked_text
from assistant.serve.feedback import FeedbackStore
from assistant.serve.models import ChatRequest, ChatResponse, ErrorDetail, StreamMeta
from assistant.serve.rate_limit import LimitDecorator
from assistant.service import Assistant

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
        feedback: FeedbackDep,
    ) -> ChatResponse:
        question = checked_text(body.question, settings)
        resumed = await run_in_threadpool(conversations.resume, body.conversation_id)
        answer = await run_in_threadpool(assistant.ask, question, resumed.history)
        return await run_in_threadpool(_remembered, answer, resumed, _Keepers(assistant, conversations, feedback))

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
        feedback: FeedbackDep,
    ) -> EventSourceResponse:
        question = checked_text(body.question, settings)
        resumed = await run_in_threadpool(conversations.resume, body.conversation_id)
        # Opening the index here, before the stream starts, lets a missing index answer 503 JSON.
        events = await run_in_threadpool(assistant.stream, question, resumed.history)
        stopping = _Stopping(anyio.Event(), settings.shutdown_grace_s)
        return EventSourceResponse(
            _sse(events, resumed, _Keepers(assistant, conversations, feedback), stopping),
            shutdown_event=stopping.signal,
            # The library cancels the stream only after our own deadline has passed and the error event is out.
            shutdown_grace_period=settings.shutdown_grace_s + 1,
        )

    return router


class _Keepers(NamedTuple):
    """What a finished answer is handed to: the conversation it continues, and the answers that may be rated."""

    assistant: Assistant
    conversations: ConversationStore
    feedback: FeedbackStore


def _remembered(answer: AnswerResponse, resumed: Resumed, keepers: _Keepers) -> ChatResponse:
    """Record the turn so a follow-up ("and in Hong Kong?") inherits what this question was about, keep the
    answer so it can be rated, and suggest what to ask next."""
    turn = Turn(question=answer.question, plan=answer.plan)
    keepers.conversations.append(resumed.conversation_id, turn)
    answer_id = keepers.feedback.remember(answer, resumed.history, keepers.assistant.opened_generation())
    suggestions = follow_ups(answer, keepers.assistant.reader)
    return ChatResponse.model_validate({**answer.model_dump(), "conversation_id": resumed.conversation_id,
                                        "context_lost": resumed.context_lost, "answer_id": answer_id,
                                        "follow_ups": suggestions})  # fmt: skip


class _Stopping(NamedTuple):
    """The server's shutdown, as a stream sees it: set when SIGTERM arrives, and how long it may still run."""

    signal: anyio.Event
    grace_s: float


class ServerStopping(Exception):
    """The server is shutting down and the answer did not finish within the grace period."""


STOPPING_MESSAGE = "The server is restarting and this answer could not finish in time: please ask again."


async def _sse(
    events: Iterator[StreamEvent], resumed: Resumed, keepers: _Keepers, stopping: _Stopping
) -> AsyncIterator[ServerSentEvent]:
    meta = StreamMeta(conversation_id=resumed.conversation_id, context_lost=resumed.context_lost)
    yield _event("meta", meta.model_dump())
    try:
        async for event in _until_stopped(events, stopping):
            if event.kind == "token":
                yield _event("token", {"text": event.text or ""})
            elif event.kind == "replace":
                yield _event("replace", {"answer": event.text or ""})
            elif event.kind == "done" and event.response is not None:
                final = await run_in_threadpool(_remembered, event.response, resumed, keepers)
                yield _event("done", final.model_dump(mode="json"))
    except AssistantError as error:
        yield _event("error", {"message": str(error)})
    except ServerStopping:
        logger.warning("a stream was still answering %.0f s after SIGTERM: ended it with an error", stopping.grace_s)
        yield _event("error", {"message": STOPPING_MESSAGE})
    except Exception:
        logger.exception("the answer stream failed")
        yield _event("error", {"message": "The assistant failed while answering. Please retry."})


async def _until_stopped(events: Iterator[StreamEvent], stopping: _Stopping) -> AsyncIterator[StreamEvent]:
    """The chain's events as they come; once the server is stopping, those that come within the grace period,
    then ServerStopping.

    The answer chain is synchronous: each step runs on a worker thread, never on the event loop. A step still
    running at the deadline is abandoned (its thread ends on its own), so the error event goes out on time.
    """
    grace_over = asyncio.ensure_future(_grace_over(stopping))
    following: asyncio.Future[StreamEvent | None] | None = None
    try:
        while True:
            following = asyncio.ensure_future(anyio.to_thread.run_sync(next, events, None, abandon_on_cancel=True))
            await asyncio.wait({following, grace_over}, return_when=asyncio.FIRST_COMPLETED)
            if not following.done():
                raise ServerStopping
            event = following.result()
            if event is None:
                return
            yield event
    finally:  # also when the client leaves: nothing of this stream is left waiting
        grace_over.cancel()
        if following is not None:
            following.cancel()


async def _grace_over(stopping: _Stopping) -> None:
    await stopping.signal.wait()
    await anyio.sleep(stopping.grace_s)


def _event(name: str, data: dict[str, Any]) -> ServerSentEvent:
    return ServerSentEvent(event=name, data=json.dumps(data, ensure_ascii=False))
