"""GET /healthz (the process is up) and GET /readyz (the index can be opened, so questions can be answered).

/readyz answers 200 "degraded" rather than 503 when the vector store has lost vectors or can't be reached:
answers still come (keyword search and exact figures), and every worker sharing the store would be equally
degraded, so taking them out of a load balancer would only turn a degraded service into no service.

The probe never opens the vector store itself: importing Chroma costs a second of CPU, which would make the
first probe (and the first answer beside it) wait. The worker opens it after its first answer, or a few seconds
after it starts (serve/app.py); until then `vectors_checked` is false and the status speaks for the catalog.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from assistant.index.catalog import CatalogDamagedError, CatalogUnusableError
from assistant.serve.deps import AssistantDep
from assistant.serve.models import BrokenStatus, ErrorDetail, HealthStatus, ReadyStatus
from assistant.service import Assistant

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness: the server answers")
async def healthz() -> HealthStatus:
    return HealthStatus(status="ok")


@router.get(
    "/readyz",
    response_model=ReadyStatus,
    summary="Readiness: 503 until an index is built and openable ('broken' when its catalog is damaged or "
    "unreadable); 'degraded' while vectors are missing or away; names the generation answers come from",
    responses={503: {"model": ErrorDetail | BrokenStatus}},
)
async def readyz(assistant: AssistantDep) -> ReadyStatus | JSONResponse:
    try:
        return await run_in_threadpool(_index_status, assistant)
    except (CatalogDamagedError, CatalogUnusableError) as error:  # no answer can come until someone acts
        return JSONResponse(BrokenStatus(detail=str(error)).model_dump(), status_code=503)


def _index_status(assistant: Assistant) -> ReadyStatus:
    """Probe the index on disk with a throwaway reader: cheap (no model), and never starts a build.

    A missing or empty index raises IndexMissingError, which the error handlers turn into 503. When an
    ingest (from the CLI, or another worker) committed a new generation, the assistant lets go of the
    one it had open, so the generation reported here is the one the next question is answered from.
    """
    from assistant.retrieve.retriever import IndexReader  # numpy: only when probed

    probe = IndexReader(assistant.settings.index_dir, assistant.embeddings, assistant.vector_config)
    try:
        assistant.follow_index()
        guides = probe.catalog.guide_count()
        # One count against the vector store, cheap once the worker has opened it (Chroma imported); not before.
        drift = probe.vector_drift() if assistant.vectors_opened else None
        degraded = drift is not None and drift.degraded
        return ReadyStatus(status="degraded" if degraded else "ready", guides=guides,
                           drift=drift.sentence if drift else None, vectors_checked=drift is not None,
                           generation=probe.generation, warm=assistant.warm,
                           model_loaded=assistant.model_loaded)  # fmt: skip
    finally:
        probe.close()
