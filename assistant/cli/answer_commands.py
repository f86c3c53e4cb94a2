"""`assistant ask` and `assistant chat`: questions from the terminal, answered as the text is verified.

What an answer prints by default is what was asked, on one 80×24 screen: the lead, its warnings and the
numbered sources, one line each. `ask --details` (or `/details` in chat) adds the rest: the details below the
lead (full table rows, the guide's advice, related passages) and each source's quote.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from assistant.cli import app
from assistant.errors import AssistantError, InvalidQuestionError
from assistant.response import AnswerResponse, Citation, Turn
from assistant.settings import Settings

if TYPE_CHECKING:
    from prompt_toolkit import PromptSession

    from assistant.service import Assistant

console = Console()
REFRESHES_PER_SECOND = 12  # smooth enough to read as it arrives, cheap enough not to slow the answer
PROMPT = "you> "
DETAILS_COMMAND = "/details"


@app.command("ask")
def ask_command(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the response model as one JSON document.")] = False,
    details: Annotated[
        bool, typer.Option("--details", help="Also print what follows the lead, and each source's quote.")
    ] = False,
) -> None:
    """Answer one question with exact, cited figures, shown as each sentence passes the verifier."""
    settings: Settings = ctx.obj
    assistant = open_assistant(settings)
    if as_json:
        typer.echo(assistant.ask(question).model_dump_json())
        return
    response = stream_answer(assistant, question, [])
    print_after_lead(response, details=details)
    if not details and response.details:
        console.print("[dim]More below the lead (table rows, the guide's advice, quotes): add --details.[/dim]")


@app.command("chat")
def chat_command(ctx: typer.Context) -> None:
    """A conversation in the terminal; follow-ups ("and in Hong Kong?") keep the context. Ctrl-D to leave.

    In a terminal the question line edits like a shell's: arrow keys, Home/End, and Up for earlier questions.
    """
    assistant = open_assistant(ctx.obj, model_loading="background")  # the model loads after the first answer
    history: list[Turn] = []
    session = _prompt_session()
    last: AnswerResponse | None = None
    console.print(f"Ask about a company and role ({DETAILS_COMMAND}: more of the last answer; Ctrl-D: leave).")
    while True:
        try:
            question = (session.prompt(PROMPT) if session else console.input(f"[bold]{PROMPT}[/bold]")).strip()
        except EOFError:
            console.print()
            return
        except KeyboardInterrupt:  # Ctrl-C clears the line, as in a shell; Ctrl-D leaves
            continue
        if not question:
            continue
        if question == DETAILS_COMMAND:
            if last is None:
                console.print("No answer yet: ask a question first.")
            else:
                print_details(last)
            continue
        try:
            response = stream_answer(assistant, question, history)
        except InvalidQuestionError as error:  # say why, and let the user type it again
            console.print(str(error), style="red", markup=False, highlight=False)
            continue
        print_after_lead(response)
        history.append(Turn(question=question, plan=response.plan))
        last = response


def _prompt_session() -> PromptSession[str] | None:
    """Line editing and history (prompt_toolkit) when both ends are a terminal; None when input is piped."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return None
    from prompt_toolkit import PromptSession
    from prompt_toolkit.history import InMemoryHistory

    # In memory only: questions can be personal (offers, figures), so none is written to disk.
    return PromptSession(history=InMemoryHistory())


def open_assistant(settings: Settings, model_loading: str = "on_demand") -> Assistant:
    """model_loading: "on_demand" for one answer (`ask`), "background" for a conversation (retrieve/meaning.py)."""
    # Imported on use: the service pulls in LangChain and numpy, which `assistant --help` must not wait for.
    from assistant.retrieve.meaning import ModelLoading
    from assistant.service import Assistant

    build_missing_index(settings)
    return Assistant(settings, model_loading=ModelLoading(model_loading))


def build_missing_index(settings: Settings) -> None:
    """On a fresh checkout there is no index yet: build it from the bundled guides, saying so, with a progress bar,
    instead of seconds of silence. (Assistant would build it too, quietly; another process may be building it.)"""
    from assistant.index.catalog import CATALOG_FILE
    from assistant.index.live import index_write_lock
    from assistant.ingest.files import find_guide_files

    if not settings.auto_ingest or (settings.index_dir / CATALOG_FILE).exists():
        return
    if not find_guide_files(settings.corpus_dir):
        return  # Assistant says there is no index, and how to build one
    from assistant.cli.index_commands import ingest_with_progress

    err = Console(stderr=True)
    # soft_wrap: the terminal wraps a long folder name, so the sentence stays one line to copy and to search
    err.print(f"No index in {settings.index_dir} yet: building it from {settings.corpus_dir} (first run only)…",
              soft_wrap=True)  # fmt: skip
    with index_write_lock(settings.index_dir, wait=True):
        if (settings.index_dir / CATALOG_FILE).exists():
            return  # another process built it while this one waited
        report = ingest_with_progress(settings, settings.corpus_dir)
    err.print(
        f"Built the index: {report.guides_in_index} guides, {report.chunks_embedded} chunks ({report.seconds:.1f}s)."
    )


def stream_answer(assistant: Assistant, question: str, history: list[Turn]) -> AnswerResponse:
    """Render the verified text as it arrives, and return the final response.

    Until the first text, a spinner says what is happening (the first question loads the guides and the
    embedding model: seconds). In a terminal the answer grows in place (and is swapped whole if the verifier
    replaces it); piped to a file, only the final answer is written.
    """
    from rich.live import Live
    from rich.markdown import Markdown  # markdown-it takes a while to import: only answers need it
    from rich.spinner import Spinner
    from rich.text import Text

    waiting = (
        "Looking through the guides…"
        if assistant.warm
        else "Loading the guides (the first answer takes a few seconds)…"
    )
    text, final = "", None
    # The spinner only where it can spin: piped, Live prints its last frame, and the output is the answer alone.
    start = Spinner("dots", text=waiting) if console.is_terminal else Text("")
    with Live(start, console=console, refresh_per_second=REFRESHES_PER_SECOND) as live:
        try:
            for event in assistant.stream(question, history):
                if event.kind == "token":
                    text += event.text or ""
                elif event.kind == "replace":
                    text = event.text or ""
                elif event.kind == "done" and event.response is not None:
                    final = event.response
                    text = final.answer
                live.update(Markdown(text))
        except BaseException:
            live.update(Text(text))  # no spinner left behind an error, a Ctrl-C or a bad question
            raise
    if not console.is_terminal:
        console.line()  # Live ends its last render with a line break only in a terminal
    if final is None:
        raise AssistantError("The answer stream ended without an answer: please ask again.")
    return final


def print_after_lead(response: AnswerResponse, details: bool = False) -> None:
    """After the lead: its warnings, then (with details) what follows it, then the numbered sources, one line
    each (with details, each with its quote), and how the answer was made."""
    for warning in response.warnings:
        console.print(f"[yellow]⚠ {warning.kind.value}:[/yellow] {escape(warning.message)}", highlight=False)
    if details:
        print_details(response, sources=False)
    if response.citations:
        console.print("[bold]Sources[/bold]")
    for citation in response.citations:
        console.print(_source_line(citation), markup=False, highlight=False, no_wrap=True, overflow="ellipsis")
        if details:
            console.print(f"    “{_shorten(citation.quote)}”", markup=False, style="dim")
    console.print(f"[dim]engine: {response.engine} · verification: {response.verification.action} · "
                  f"{response.timings_ms.get('total', 0):.0f} ms[/dim]", highlight=False)  # fmt: skip


def print_details(response: AnswerResponse, sources: bool = True) -> None:
    """What follows the answer's lead, below a rule: full table rows, the guide's advice, related passages; then,
    unless the caller prints them, the sources with their quotes."""
    from rich.markdown import Markdown

    if not response.details:
        console.print("[dim]This answer has nothing below its lead.[/dim]")
    else:
        console.rule("details", style="dim")
    for detail in response.details:
        console.print(f"[bold]{escape(detail.title)}[/bold]")
        console.print(Markdown(detail.text))
    if sources:
        for citation in response.citations:
            console.print(_source_line(citation), markup=False, highlight=False)
            console.print(f"    “{_shorten(citation.quote)}”", markup=False, style="dim")


def _source_line(citation: Citation) -> str:
    lines = f"line {citation.start_line}" if citation.start_line == citation.end_line else (
        f"lines {citation.start_line}-{citation.end_line}")  # fmt: skip
    return f"[{citation.number}] {citation.company} · {citation.role} · {citation.section} · {lines}"


def _shorten(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit].rsplit(" ", 1)[0] + " …"
