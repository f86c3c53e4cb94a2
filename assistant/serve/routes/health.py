"""GET /healthz (the process is up) and GET /readyz (the index can be opened, so questions can be answered)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.serve.deps import AssistantDep
from assistant.serve.models import ErrorDetail, HealthStatus, ReadyStatus
from assistant.service import Assistant

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the server answers")
async def healthz() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz", summary="Readiness: 503 until an index is built and openable", responses={503: {"model": ErrorDetail}}
)
async def readyz(assistant: AssistantDep) -> ReadyStatus:
    # A missing or empty index raises IndexMissingError, which the error handlers turn into 503.
    guides = await run_in_threadpool(_guide_count, assistant)
    return ReadyStatus(status="ready", guides=guides)


def _guide_count(assistant: Assistant) -> int:
    return assistant.reader.catalog.guide_count()
