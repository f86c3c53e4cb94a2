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
    "/readyz",
    summary="Readiness: 503 until an index is built and openable; names the generation answers come from",
    responses={503: {"model": ErrorDetail}},
)
async def readyz(assistant: AssistantDep) -> ReadyStatus:
    return await run_in_threadpool(_index_status, assistant)


def _index_status(assistant: Assistant) -> ReadyStatus:
    """Probe the index on disk with a throwaway reader: cheap (no model), and never starts a build.

    A missing or empty index raises IndexMissingError, which the error handlers turn into 503. When an
    ingest (from the CLI, or another worker) committed a new generation, the assistant lets go of the
    one it had open, so the generation reported here is the one the next question is answered from.
    """
    probe = IndexReader(assistant.settings.index_dir, assistant.embeddings)
    try:
        assistant.follow_index()
        guides = probe.catalog.guide_count()
        return ReadyStatus(status="ready", guides=guides, generation=probe.generation, warm=assistant.warm)
    finally:
        probe.catalog.close()
