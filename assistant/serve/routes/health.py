"""GET /healthz (the process is up) and GET /readyz (the index can be opened, so questions can be answered).

/readyz answers 200 "degraded" rather than 503 when the vector store has lost vectors or can't be reached:
answers still come (keyword search and exact figures), and every worker sharing the store would be equally
degraded, so taking them out of a load balancer would only turn a degraded service into no service.
"""

from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from assistant.index.drift import VectorDrift, check_index
from assistant.index.vectors import VectorConfig
from assistant.retrieve.retriever import IndexReader
from assistant.serve.deps import AssistantDep
from assistant.serve.models import ErrorDetail, HealthStatus, ReadyStatus
from assistant.service import Assistant

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the server answers")
async def healthz() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    summary="Readiness: 503 until an index is built and openable; 'degraded' while vectors are missing or away",
    responses={503: {"model": ErrorDetail}},
)
async def readyz(assistant: AssistantDep) -> ReadyStatus:
    guides = await run_in_threadpool(_indexed_guides, assistant)
    drift = await run_in_threadpool(_vector_drift, assistant)
    degraded = drift is not None and drift.degraded
    return ReadyStatus(status="degraded" if degraded else "ready", guides=guides, drift=drift and drift.sentence)


def _vector_drift(assistant: Assistant) -> VectorDrift | None:
    """One count against the vector store: cheap enough for every probe."""
    settings = assistant.settings
    return check_index(settings.index_dir, VectorConfig.from_settings(settings), exact=False)


def _indexed_guides(assistant: Assistant) -> int:
    """Probe the index on disk with a throwaway reader: cheap (no model), and never starts a build.

    A missing or empty index raises IndexMissingError, which the error handlers turn into 503.
    """
    probe = IndexReader(assistant.settings.index_dir)
    try:
        return probe.catalog.guide_count()
    finally:
        probe.catalog.close()
