"""`assistant feedback list|export|draft-eval`: what people said about answers, for the guides' maintainers.

Ratings come from the widget's thumbs (POST /api/feedback) and are kept in the conversations database, so
every web worker's ratings are here. A thumbs-down becomes a draft eval case with `draft-eval`.
"""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from assistant.cli import app
from assistant.errors import AssistantError
from assistant.settings import Settings

# The store lives with the web app (assistant.serve), which brings FastAPI: imported in the commands, so
# `assistant --help` does not wait for it.
if TYPE_CHECKING:
    from assistant.serve.feedback import FeedbackItem, FeedbackStore

feedback_app = typer.Typer(help="Ratings of answers from the widget: list, export, turn into eval cases.",
                           no_args_is_help=True)  # fmt: skip
app.add_typer(feedback_app, name="feedback")
console = Console()
CSV_COLUMNS = ["answer_id", "given_at", "rating", "reason", "question", "earlier_questions", "answer", "figures",
               "refused", "engine", "generation", "plan", "asked_at"]  # fmt: skip


class Format(StrEnum):
    csv = "csv"
    json = "json"


class RatingFilter(StrEnum):
    up = "up"
    down = "down"


RatingOption = Annotated[RatingFilter | None, typer.Option("--rating", help="Only thumbs up, or only thumbs down.")]


def _store(settings: Settings) -> FeedbackStore | None:
    from assistant.serve.feedback import FeedbackStore

    path = settings.effective_conversations_file()
    return FeedbackStore.from_settings(settings) if path.exists() else None


def _items(settings: Settings, rating: RatingFilter | None) -> list[FeedbackItem]:
    store = _store(settings)
    if store is None:
        return []
    try:
        return store.items(rating.value if rating else None)  # type: ignore[arg-type]
    finally:
        store.close()


@feedback_app.command("list")
def list_command(ctx: typer.Context, rating: RatingOption = None) -> None:
    """Every rating, oldest first: when, thumbs, the question, the reason, the engine and index generation."""
    items = _items(ctx.obj, rating)
    if not items:
        console.print(f"No feedback yet in {ctx.obj.effective_conversations_file()}.")
        return
    for item in items:  # a block per rating: a table would fold the question and reason into slivers at 80 columns
        thumbs = "👍 up" if item.rating == "up" else "👎 down"
        console.print(f"[bold]{item.answer_id[:12]}[/bold]  {item.given_at:%Y-%m-%d %H:%M} UTC  {thumbs}  "
                      f"[dim]{item.engine} · generation {item.generation or '?'}[/dim]", highlight=False)  # fmt: skip
        for earlier in item.earlier_questions:
            console.print(f"  earlier: {earlier}", markup=False, highlight=False, style="dim")
        console.print(f"  asked:   {item.question}", markup=False, highlight=False)
        console.print(f"  said:    {item.reason or '—'}", markup=False, highlight=False)
    downs = sum(item.rating == "down" for item in items)
    console.print(f"{_count(len(items), 'rating')}, {downs} thumbs down. "
                  "`assistant feedback draft-eval ID` turns one into a draft eval case.", highlight=False)  # fmt: skip


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@feedback_app.command("export")
def export_command(
    ctx: typer.Context,
    format: Annotated[Format, typer.Option("--format", help="csv (one row per rating) or json (a list).")] = Format.csv,
    output: Annotated[Path | None, typer.Option(help="Write to this file instead of standard output.")] = None,
    rating: RatingOption = None,
) -> None:
    """Every rating with its question, answer, figures and plan, as CSV or JSON."""
    items = _items(ctx.obj, rating)
    text = _json(items) if format == Format.json else _csv(items)
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote {_count(len(items), 'rating')} to {output}.")


@feedback_app.command("draft-eval")
def draft_eval_command(
    ctx: typer.Context,
    answer_id: Annotated[str, typer.Argument(help="The rating's id, or its first characters (from `list`).")],
    output: Annotated[Path | None, typer.Option(help="Write the case file here instead of standard output.")] = None,
) -> None:
    """A thumbs-down as a draft eval case (YAML), to finish and move into evals/cases/."""
    from assistant.evals.drafts import draft_yaml  # the evals bring pydantic models only, but not for `list`

    store = _store(ctx.obj)
    found = [item for item in (store.items() if store else []) if item.answer_id.startswith(answer_id)]
    if store:
        store.close()
    if len(found) != 1:
        problem = "No rating has" if not found else f"{len(found)} ratings have"
        raise AssistantError(f"{problem} an id starting with {answer_id!r}: see `assistant feedback list`.")
    text = draft_yaml(found[0])
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        console.print(f"Wrote a draft eval case to {output}; finish it, then move it into evals/cases/.")


def _json(items: list[FeedbackItem]) -> str:
    return json.dumps([item.model_dump(mode="json") for item in items], ensure_ascii=False, indent=2) + "\n"


def _csv(items: list[FeedbackItem]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for item in items:
        row = item.model_dump(mode="json")
        row["earlier_questions"] = " | ".join(item.earlier_questions)
        row["figures"] = "; ".join(f"{figure.text} ({figure.kind})" for figure in item.figures)
        row["plan"] = json.dumps(item.plan, ensure_ascii=False)
        writer.writerow({column: row[column] for column in CSV_COLUMNS})
    return buffer.getvalue()
