"""POST /api/admin/reindex: re-read the corpus into the index, behind the X-API-Key header."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, status
from starlette.concurrency import run_in_threadpool

from assistant.index.report import IngestReport
from assistant.serve.deps import AdminKeyDep, AssistantDep
from assistant.serve.models import ErrorDetail

router = APIRouter(
    prefix="/api/admin",
    tags=["admin"],
    dependencies=[AdminKeyDep],
    responses={code: {"model": ErrorDetail} for code in (401, 403, 409, 503)},
)


@router.post("/reindex", summary="Ingest new and changed guides from the server's corpus folder")
async def reindex(request: Request, assistant: AssistantDep) -> IngestReport:
    corpus_dir = assistant.settings.corpus_dir
    if not corpus_dir.is_dir():  # an empty scan would read as "every guide was deleted" and empty the index
        detail = f"The corpus folder {corpus_dir} does not exist on the server: set ASSISTANT_CORPUS_DIR."
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail)
    lock = request.app.state.reindex_lock
    if not lock.acquire(blocking=False):  # two ingests into one index would fight over it
        raise HTTPException(status.HTTP_409_CONFLICT, "A reindex is already running: wait for it to finish.")
    try:
        return await run_in_threadpool(assistant.reindex)
    finally:
        lock.release()
