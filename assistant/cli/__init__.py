"""The `assistant` command. Each group of subcommands lives in its own module."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.errors import AssistantError
from assistant.settings import Settings

app = typer.Typer(
    name="assistant",
    help="Salary-negotiation assistant: every figure exact and cited to its guide.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def configure(
    ctx: typer.Context,
    index_dir: Annotated[Path | None, typer.Option(help="Index folder (env ASSISTANT_INDEX_DIR).")] = None,
) -> None:
    """Settings come from ASSISTANT_* environment variables; flags override them."""
    ctx.obj = Settings(index_dir=index_dir) if index_dir else Settings()


def _register() -> None:
    # Imported here so each module can import `app` from this package.
    from assistant.cli import (  # noqa: F401
        answer_commands,
        eval_commands,
        feedback_commands,
        index_commands,
        offer_commands,
        serve_commands,
    )


def main() -> None:
    _register()
    try:
        app()
    except AssistantError as error:
        typer.secho(f"Error: {error}", err=True, fg="red")
        sys.exit(2)
    except KeyboardInterrupt:
        typer.secho("Interrupted.", err=True)
        sys.exit(130)
    except Exception as error:  # the user gets one line; a developer can ask for the traceback
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        typer.secho(
            f"Error: {type(error).__name__}: {error}. Set ASSISTANT_DEBUG=1 to see the traceback.", err=True, fg="red"
        )
        sys.exit(1)
