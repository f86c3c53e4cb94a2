"""`assistant ask` and `assistant chat`: questions from the terminal, answered as the text is verified."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from assistant.cli import app
from assistant.errors import AssistantError, InvalidQuestionError
from assistant.response import AnswerResponse, Turn
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.service import Assistant

console = Console()
REFRESHES_PER_SECOND = 12  # smooth enough to read as it arrives, cheap enough not to slow the answer


@app.command("ask")
def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the response model as one JSON document.")] = False,
) -> None:
    """Answer one question with exact, cited figures, shown as each sentence passes the verifier."""
    settings: Settings = ctx.obj
    assistant = open_assistant(settings)
    if as_json:
        typer.echo(assistant.ask(question).model_dump_json())
        return
    print_details(stream_answer(assistant, question, []))


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
        try:
            response = stream_answer(assistant, question, history)
        except InvalidQuestionError as error:  # say why, and let the user type it again
            console.print(str(error), style="red", markup=False, highlight=False)
            continue
        print_details(response)
        history.append(Turn(question=question, plan=response.plan))


def open_assistant(settings: Settings) -> Assistant:
    # Imported on use: the service pulls in LangChain and numpy, which `assistant --help` must not wait for.
    from assistant.service import Assistant

    return Assistant(settings)


def stream_answer(assistant: Assistant, question: str, history: list[Turn]) -> AnswerResponse:
    """Render the verified text as it arrives, and return the final response.

    In a terminal the answer grows in place (and is swapped whole if the verifier replaces it);
    piped to a file, only the final answer is written.
    """
    from rich.live import Live
    from rich.markdown import Markdown  # markdown-it takes a while to import: only answers need it

    text, final = "", None
    with Live(Markdown(""), console=console, refresh_per_second=REFRESHES_PER_SECOND) as live:
        for event in assistant.stream(question, history):
            if event.kind == "token":
                text += event.text or ""
            elif event.kind == "replace":
                text = event.text or ""
            elif event.kind == "done" and event.response is not None:
                final = event.response
                text = final.answer
            live.update(Markdown(text))
    if not console.is_terminal:
        console.line()  # Live ends its last render with a line break only in a terminal
    if final is None:
        raise AssistantError("The answer stream ended without an answer: please ask again.")
    return final


def print_details(response: AnswerResponse) -> None:
    """What follows the answer's lead: warnings, then below a rule the details (full table rows, the guide's
    advice, related passages), the numbered sources with their quotes, and how it was made."""
    from rich.markdown import Markdown

    for warning in response.warnings:
        console.print(f"[yellow]⚠ {warning.kind.value}:[/yellow] {warning.message}", highlight=False)
    if response.details:
        console.rule("details", style="dim")
    for detail in response.details:
        console.print(f"[bold]{escape(detail.title)}[/bold]")
        console.print(Markdown(detail.text))
    if response.citations:
        console.print("\n[bold]Sources[/bold]")
    for citation in response.citations:
        lines = f"line {citation.start_line}" if citation.start_line == citation.end_line else (
            f"lines {citation.start_line}-{citation.end_line}")  # fmt: skip
        console.print(f"[{citation.number}] {citation.guide_id} · {citation.section} · {lines}", markup=False)
        console.print(f"    “{_shorten(citation.quote)}”", markup=False, style="dim")
    console.print(f"[dim]engine: {response.engine} · verification: {response.verification.action} · "
                  f"{response.timings_ms.get('total', 0):.0f} ms[/dim]", highlight=False)  # fmt: skip


def _shorten(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
