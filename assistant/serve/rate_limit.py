"""Per-client rate limit on the routes that answer (chat, stream, search), with slowapi.

Each app builds its own Limiter (settings and counters belong to the app, not to the module);
the answering routes share one budget per client, so a client cannot triple it by switching routes.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse
from slowapi import Limiter
from slowapi.errors import RateLimitExceeded
from slowapi.util import get_remote_address

from assistant.settings import Settings

LimitDecorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def add_rate_limit(app: FastAPI, settings: Settings) -> LimitDecorator:
    """Installs the app's limiter and its 429 handler; returns the decorator for the answering routes."""
    limiter = Limiter(key_func=get_remote_address, storage_uri="memory://")
    app.state.limiter = limiter  # slowapi looks for it there
    app.add_exception_handler(RateLimitExceeded, _too_many_requests)  # type: ignore[arg-type]
    return limiter.shared_limit(settings.rate_limit, scope="answering")


def _too_many_requests(request: Request, error: RateLimitExceeded) -> JSONResponse:
    return JSONResponse(
        {"detail": f"Too many requests: the limit is {error.detail} per client."},
        status_code=status.HTTP_429_TOO_MANY_REQUESTS,
        headers={"Retry-After": str(_seconds_until_reset(request))},
    )


def _seconds_until_reset(request: Request) -> int:
    """Whole seconds until the client's window frees a request (slowapi records which limit was hit)."""
    limiter: Limiter = request.app.state.limiter
    limit, keys = request.state.view_rate_limit
    reset_at, _remaining = limiter.limiter.get_window_stats(limit, *keys)
    return max(1, math.ceil(reset_at - time.time()))
