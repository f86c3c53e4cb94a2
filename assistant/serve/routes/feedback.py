"""POST /api/feedback: thumbs up or down on an answer, with an optional one-line reason.

The rating names the answer by the answer_id its response carried; the server keeps what that answer
showed (assistant/serve/feedback.py), so a client can rate an answer but never rewrite what it said.
Not rate limited: each answer holds one rating (a second replaces the first), so ratings grow only as fast
as the answers, which are.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from starlette.concurrency import run_in_threadpool

from assistant.serve.deps import FeedbackDep
from assistant.serve.feedback import one_line
from assistant.serve.models import ErrorDetail, FeedbackReceipt, FeedbackRequest

NOT_KEPT = "That answer is no longer kept, so it can't be rated: ask again and rate the new answer."
ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorDetail} for code in (403, 404, 413, 422)}
router = APIRouter(prefix="/api/feedback", tags=["feedback"], responses=ERRORS)


@router.post("", summary="Rate an answer: thumbs up or down, with an optional one-line reason")
async def rate_answer(body: FeedbackRequest, feedback: FeedbackDep) -> FeedbackReceipt:
    reason = one_line(body.reason)
    item = await run_in_threadpool(feedback.rate, body.answer_id, body.rating, reason)
    if item is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, NOT_KEPT)
    return FeedbackReceipt(answer_id=item.answer_id, rating=item.rating, reason=item.reason)
