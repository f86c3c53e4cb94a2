"""GET /api/search?q=: retrieval only, the passages an answer would be built from."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from assistant.serve.deps import AssistantDep, SettingsDep, checked_text
from assistant.serve.models import ErrorDetail, SearchResponse
from assistant.serve.rate_limit import LimitDecorator

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorDetail} for code in (422, 429, 503)}


def build_router(rate_limited: LimitDecorator) -> APIRouter:
    """Built per app because the rate limit (settings and counters) belongs to the app."""
    router = APIRouter(prefix="/api/search", tags=["search"], responses=ERRORS)

    @router.get("", summary="Find the guide passages that match a query")
    @rate_limited
    async def search(
        request: Request,
        assistant: AssistantDep,
        settings: SettingsDep,
        q: Annotated[str, Query(description="What to look for")],
        k: Annotated[int, Query(ge=1, le=50, description="How many passages")] = 8,
    ) -> SearchResponse:
        query = checked_text(q, settings, what="query")
        hits = await run_in_threadpool(assistant.search, query, k)
        return SearchResponse(query=query, hits=hits)

    return router
