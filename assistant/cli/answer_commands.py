"""`assistant ask` and `assistant chat`: questions from the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from assistant.cli import app
from assistant.response import AnswerResponse, Turn
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.service import Assistant

console = Console()


@app.command("ask")
def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the response model as one JSON document.")] = False,
) -> None:
    """Answer one question with exact, cited figures."""
    settings: Settings = ctx.obj
    response = open_assistant(settings).ask(question)
    if as_json:
        typer.echo(response.model_dump_json())
    else:
        print_response(response)


@app.command("chat")
def chat_command(ctx: typer.Context) -> None:
    """A conversation in the terminal; follow-ups ("and in Hong Kong?") keep the context. Ctrl-D to leave."""
    assistant = open_assistant(ctx.obj)
    history: list[Turn] = []
    console.print("Ask about a company and role (Ctrl-D to leave).")
    while True:
        try:
            question = console.input("[bold]you>[/bold] ").strip()
        except EOFError:
            console.print()
            return
        if not question:
            continue
        response = assistant.ask(question, history)
        print_response(response)
        history.append(Turn(question=question, understanding=response.understanding))


def open_assistant(settings: Settings) -> Assistant:
    # Imported on use: the service pulls in LangChain and numpy, which `assistant --help` must not wait for.
    from assistant.service import Assistant

    return Assistant(settings)


def print_response(response: AnswerResponse) -> None:
    from rich.markdown import Markdown  # markdown-it takes a while to import; only answers need it

    console.print(Markdown(response.answer))
    for warning in response.warnings:
        console.print(f"[yellow]⚠ {warning.kind.value}:[/yellow] {warning.message}")
    if response.citations:
        console.print("\n[bold]Sources[/bold]")
    for citation in response.citations:
        console.print(f"[{citation.number}] {citation.guide_id} · {citation.section} · "
                      f"lines {citation.start_line}-{citation.end_line}", markup=False)  # fmt: skip
        console.print(f"    “{_shorten(citation.quote)}”", markup=False, style="dim")
    console.print(f"[dim]engine: {response.engine} · verification: {response.verification.action} · "
                  f"{response.timings_ms.get('total', 0):.0f} ms[/dim]")  # fmt: skip


def _shorten(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
