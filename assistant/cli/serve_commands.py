"""`assistant serve`: the web API, the embeddable widget and its demo page, with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from assistant.cli import app
from assistant.settings import Settings


@app.command("serve")
def serve_command(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Interface to listen on (env ASSISTANT_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on (env ASSISTANT_PORT).", min=1, max=65535)] = None,
) -> None:
    """Serve the chat API, the widget (/widget.js) and its demo page (/); API docs at /docs."""
    # Imported here so other commands (and `--help`) don't pay for loading the web stack.
    import uvicorn

    from assistant.index.catalog import CATALOG_FILE
    from assistant.serve import create_app

    settings: Settings = ctx.obj
    overrides = {name: value for name, value in (("host", host), ("port", port)) if value is not None}
    settings = settings.model_copy(update=overrides)
    if not (settings.index_dir / CATALOG_FILE).exists():
        typer.secho(_no_index_note(settings), err=True, fg="yellow")
    typer.echo(f"Serving on http://{settings.host}:{settings.port}  (demo: /, widget: /widget.js, API docs: /docs)")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


def _no_index_note(settings: Settings) -> str:
    from assistant.index.build import find_guide_files

    if settings.auto_ingest and find_guide_files(settings.corpus_dir):
        return (f"No index in {settings.index_dir} yet: building it from {settings.corpus_dir} in the background; "
                "/readyz answers 503 until it is ready.")  # fmt: skip
    return f"No index in {settings.index_dir}: run `assistant ingest` first. Until then /readyz answers 503."
