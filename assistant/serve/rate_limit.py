"""Per-client rate limit on the routes that answer (chat, stream, search), with slowapi.

Each app builds its own Limiter (settings and counters belong to the app, not to the module);
the answering routes share one budget per client, so a client cannot triple it by switching routes.

Where the counts live is ASSISTANT_RATE_LIMIT_STORAGE, a `limits` storage URI: `memory://` counts in
each worker process (N workers let a client make N times the limit), a Redis URL counts across all
workers and machines. If Redis goes away, counting falls back to each worker's memory until it is back.
The client is the socket's peer address; behind a proxy listed in ASSISTANT_TRUSTED_PROXIES, it is
the address that proxy puts in X-Forwarded-For (see add_trusted_proxies).
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

from assistant.errors import AssistantError
from assistant.settings import Settings

LimitDecorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def add_rate_limit(app: FastAPI, settings: Settings) -> LimitDecorator:
    """Installs the app's limiter and its 429 handler; returns the decorator for the answering routes."""
    check_storage(settings.rate_limit_storage)
    limiter = Limiter(
        key_func=get_remote_address,  # the peer address, rewritten from X-Forwarded-For only for trusted proxies
        storage_uri=settings.rate_limit_storage,
        in_memory_fallback_enabled=True,
    )
    app.state.limiter = limiter  # slowapi looks for it there
    app.add_exception_handler(RateLimitExceeded, _too_many_requests)  # type: ignore[arg-type]
    return limiter.shared_limit(settings.rate_limit, scope="answering")


def add_trusted_proxies(app: FastAPI, settings: Settings) -> None:
    """Take the client address from X-Forwarded-For, but only on connections from the listed proxies.

    Without a list, the header is ignored: anyone can write it, so trusting it would let a client pick a
    new address (and a fresh rate-limit budget) on every request. uvicorn's own proxy-header handling is
    turned off in `assistant serve`, so this is the one place that decides.
    """
    from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

    if settings.trusted_proxies:
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxies)


def check_storage(uri: str) -> bool:
    """Whether the rate-limit storage answers now; AssistantError if the URI cannot be used at all."""
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string

    try:
        storage = storage_from_string(uri)
    except ConfigurationError as error:
        raise AssistantError(
            f"ASSISTANT_RATE_LIMIT_STORAGE={uri} cannot be used ({error}): use memory:// or redis://host:6379 "
            "(Redis needs the extra: pip install 'negotiation-assistant[redis]')."
        ) from None
    try:
        return bool(storage.check())
    except Exception:
        return False


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
