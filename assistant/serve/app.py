"""The app factory: `create_app(settings)` wires state, guards, CORS, rate limit, routers and pages."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from assistant.errors import AssistantError
from assistant.retrieve.meaning import ModelLoading
from assistant.serve.conversations import ConversationStore
from assistant.serve.errors import add_error_handlers
from assistant.serve.feedback import FeedbackStore
from assistant.serve.guards import BodyCheck
from assistant.serve.headers import SecurityHeaders
from assistant.serve.origins import HostCheck, OriginCheck, allowed_hosts
from assistant.serve.rate_limit import add_rate_limit, add_trusted_proxies
from assistant.serve.routes import admin, chat, feedback, guides, health, offer, pages, search
from assistant.service import Assistant
from assistant.settings import Settings

logger = logging.getLogger(__name__)
# The vector store is opened (and /readyz can speak for it) after the first answer, or this long after start-up.
VECTOR_CHECK_WAIT_S = 5.0


def create_app(settings: Settings, assistant: Assistant | None = None) -> FastAPI:
    """`settings` governs serving; `assistant` (default: one built on the same settings) answers."""
    app = FastAPI(
        title="Negotiation assistant",
        summary="Salary-negotiation answers that quote every figure exactly, with its source.",
        version="0.1.0",
        lifespan=_lifespan,
        # Swagger UI comes from a CDN, which an offline product must not depend on: /docs is opt-in.
        docs_url="/docs" if settings.api_docs else None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.assistant = assistant or Assistant(settings, model_loading=ModelLoading.background)
    app.state.conversations = ConversationStore.from_settings(settings)
    app.state.feedback = FeedbackStore.from_settings(settings)  # rated answers, in the conversations database
    app.state.reindex_lock = threading.Lock()

    add_error_handlers(app)
    rate_limited = add_rate_limit(app, settings)
    app.include_router(chat.build_router(rate_limited))
    app.include_router(search.build_router(rate_limited))
    app.include_router(offer.build_router(rate_limited))
    app.include_router(feedback.router)
    app.include_router(guides.router)
    app.include_router(health.router)
    app.include_router(admin.router)
    app.include_router(pages.router)
    app.mount("/static", pages.static_files(), name="static")

    # The last middleware added runs first: security headers, proxy headers, Host, Origin, CORS, then the body check.
    app.add_middleware(BodyCheck, max_bytes=settings.max_body_bytes, timeout_s=settings.request_timeout_s)
    app.add_middleware(
        CORSMiddleware,
        # Own origins too: the demo page opened as http://localhost:8000 may call http://127.0.0.1:8000.
        allow_origins=[*settings.allowed_origins, *settings.own_origins()],
        allow_methods=["GET", "POST"],
        allow_headers=["Content-Type"],
        expose_headers=["Retry-After"],  # so the widget can say how long to wait after a 429
        max_age=600,
    )
    app.add_middleware(OriginCheck, allowed_origins=settings.allowed_origins, own_origins=settings.own_origins())
    app.add_middleware(HostCheck, allowed_hosts=allowed_hosts(settings), own_origin=settings.own_origins()[0])
    add_trusted_proxies(app, settings)
    app.add_middleware(SecurityHeaders)  # outermost: refusals by the checks above carry the headers too
    return app


def app_from_environment() -> FastAPI:
    """The app of one web worker, for `uvicorn --factory`: the settings come from ASSISTANT_* variables,
    which `assistant serve` sets from its flags before starting the workers."""
    return create_app(Settings())


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Start answering at once; the index (names, keyword index, vectors) opens beside the first requests. The
    # embedding model loads after the first answer (service.py): most questions never need it, and loading torch
    # beside the first answer would slow it by seconds on a small machine.
    threading.Thread(target=_warm_up, args=(app.state.assistant,), name="assistant-warm-up", daemon=True).start()
    yield
    app.state.conversations.close()
    app.state.feedback.close()


def _warm_up(assistant: Assistant) -> None:
    try:
        # When the model loads, it loads on settings.embedding_threads (1 by default): questions are embedded on
        # the request threads, many of them, and a session with more threads than one makes them fight for the
        # cores. Measured through this app on 2 cores with torch, one question at a time: ~100 ms per answer with
        # every core, ~11 ms with one thread; under load, 2 workers with 2 threads each served ~25% less than
        # with 1 (benchmarks/load.py).
        assistant.reader.warm_up(model=assistant.model_loading is ModelLoading.on_demand)
        logger.info("index loaded")
        assistant.check_vectors_after_first_answer(VECTOR_CHECK_WAIT_S)
    except AssistantError as error:  # no index yet: /readyz says so until `assistant ingest` has run
        logger.warning("%s", error)
    except Exception:
        logger.exception("warming up the index failed; the first question will try again")
