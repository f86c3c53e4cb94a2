"""`assistant serve`: the web API, the embeddable widget and its demo page, with uvicorn."""

from __future__ import annotations

import json
import math
import os
from typing import Annotated, Any

import typer
from pydantic import SecretStr

from assistant.cli import app
from assistant.ingest.files import find_guide_files
from assistant.settings import Settings

APP_FACTORY = "assistant.serve.app:app_from_environment"
HTTP_PROTOCOL = "assistant.serve.protocol:LimitedHttpToolsProtocol"


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (env ASSISTANT_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (env ASSISTANT_PORT).", min=1, max=65535)] = None,
    workers: Annotated[
        int | None, typer.Option(help="Worker processes sharing the index (env ASSISTANT_WORKERS).", min=1)
    ] = None,
) -> None:
    """Serve the chat API, the widget (/widget.js) and its demo page (/); API docs at /docs if ASSISTANT_API_DOCS."""
    # Imported here so other commands (and `--help`) don't pay for loading the web stack.
    import uvicorn

    from assistant.answer.llms import LLMChoice
    from assistant.serve.rate_limit import check_storage

    settings: Settings = ctx.obj
    overrides = {name: value for name, value in (("host", host), ("port", port), ("workers", workers)) if value}
    settings = settings.model_copy(update=overrides)
    if not LLMChoice.of(settings.llm).offline:
        from assistant.answer.prompting import read_prompt

        read_prompt(settings.prompt_file)  # a configured LLM without its prompt fails here, not at every question
    _open_conversations(settings)  # a file no worker could open stops here, in one sentence naming it
    for note in _startup_notes(settings, storage_answers=check_storage(settings.rate_limit_storage)):
        typer.secho(note, err=True, fg="yellow")
    # Every worker builds its app from the environment (uvicorn starts them as fresh processes), so the
    # settings this command was given, flags included, travel there.
    os.environ.update(settings_environment(settings))
    docs = "/docs" if settings.api_docs else "off (ASSISTANT_API_DOCS=true turns them on)"
    typer.echo(
        f"Serving on http://{settings.host}:{settings.port} with {settings.workers} worker(s)  "
        f"(demo: /, widget: /widget.js, API docs: {docs})"
    )
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        proxy_headers=False,  # X-Forwarded-For is trusted only from ASSISTANT_TRUSTED_PROXIES, in the app
        http=HTTP_PROTOCOL,  # httptools with a cap on the head's size and time (serve/protocol.py)
        # SIGTERM: stop accepting, let streams run for the grace period and end them with an `error` event,
        # then give the events a moment to go out before uvicorn cancels what is left.
        timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_s) + 2,
        log_level="info",
    )


def settings_environment(settings: Settings) -> dict[str, str]:
    """ASSISTANT_* variables that rebuild `settings` in another process: every field set explicitly."""
    env = {}
    for name in sorted(settings.model_fields_set):
        value = getattr(settings, name)
        if value is not None:
            env[f"ASSISTANT_{name.upper()}"] = _env_value(value)
    return env


def _env_value(value: Any) -> str:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, list):
        return ",".join(str(item) for item in value)  # the comma-separated lists Settings splits
    if isinstance(value, dict):
        return json.dumps(value)
    return str(value)


def _open_conversations(settings: Settings) -> None:
    """Open (and create) the conversations file as every worker will; ConversationsFileError if it can't be."""
    from assistant.serve.conversations import ConversationStore
    from assistant.serve.feedback import FeedbackStore

    ConversationStore.from_settings(settings).close()
    FeedbackStore.from_settings(settings).close()


def _startup_notes(settings: Settings, storage_answers: bool) -> list[str]:
    # Imported here: the catalog pulls in LangChain's text splitters, which `assistant --help` must not wait for.
    from assistant.errors import AssistantError
    from assistant.index.catalog import CATALOG_FILE, Catalog

    notes = []
    if not (settings.index_dir / CATALOG_FILE).exists():
        notes.append(_no_index_note(settings))
    else:
        try:
            Catalog(settings.index_dir, read_only=True).close()
        except AssistantError as error:  # served anyway: /readyz says "broken" and questions get this sentence
            notes.append(str(error))
    if settings.host in ("0.0.0.0", "::", "") and settings.public_origin is None:
        notes.append(
            "Listening on all interfaces without ASSISTANT_PUBLIC_ORIGIN: set it to the address browsers use "
            "(e.g. https://assistant.example.com), or the demo page's questions are refused as another site's."
        )
    if settings.workers > 1 and settings.rate_limit_storage.startswith("memory://"):
        notes.append(
            f"Rate limits count per worker with memory:// storage: a client may make {settings.workers} times "
            f"{settings.rate_limit}. Set ASSISTANT_RATE_LIMIT_STORAGE=redis://host:6379 to count across workers."
        )
    if not storage_answers:
        notes.append(
            f"The rate-limit storage {settings.rate_limit_storage} does not answer: each worker counts in its "
            "own memory until it does."
        )
    return notes


def _no_index_note(settings: Settings) -> str:
    if settings.auto_ingest and find_guide_files(settings.corpus_dir):
        return (f"No index in {settings.index_dir} yet: building it from {settings.corpus_dir} in the background; "
                "/readyz answers 503 until it is ready.")  # fmt: skip
    return f"No index in {settings.index_dir}: run `assistant ingest` first. Until then /readyz answers 503."
