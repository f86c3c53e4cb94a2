"""POST /api/offer: an offer letter's text (pasted in the widget), read, checked against the guide's bands, added
up year by year and, with `email`, answered with a counter e-mail; with `second_letter`, two offers side by side.
Every figure passed the verifier (assistant/offers/)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from assistant.serve.deps import AssistantDep
from assistant.serve.models import ErrorDetail, OfferRequest, OfferResponse
from assistant.serve.rate_limit import LimitDecorator

ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorDetail} for code in (403, 413, 422, 429, 503)}


def build_router(rate_limited: LimitDecorator) -> APIRouter:
    """Built per app because the rate limit (settings and counters) belongs to the app."""
    router = APIRouter(prefix="/api/offer", tags=["offer"], responses=ERRORS)

    @router.post("", response_model=OfferResponse, summary="Check an offer letter, year by year, with a reply")
    @rate_limited
    async def offer(request: Request, body: OfferRequest, assistant: AssistantDep) -> OfferResponse:
        if body.second_letter is None:
            report = await run_in_threadpool(assistant.offer, body.letter, body.email)
            return OfferResponse(report=report)
        comparison = await run_in_threadpool(assistant.compare_offers, body.letter, body.second_letter)
        return OfferResponse(report=comparison.first, comparison=comparison)

    return router
