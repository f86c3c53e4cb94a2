"""GET /healthz (the process is up) and GET /readyz (the index can be opened, so questions can be answered)."""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.retrieve.retriever import IndexReader
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
    guides = await run_in_threadpool(_indexed_guides, assistant)
    return ReadyStatus(status="ready", guides=guides, warm=assistant.warm)


def _indexed_guides(assistant: Assistant) -> int:
    """Probe the index on disk with a throwaway reader: cheap (no model), and never starts a build.

    A missing or empty index raises IndexMissingError, which the error handlers turn into 503.
    """
    probe = IndexReader(assistant.settings.index_dir)
    try:
        return probe.catalog.guide_count()
    finally:
        probe.catalog.close()
