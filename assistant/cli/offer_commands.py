"""`assistant offer FILE [FILE2] [--email]`: an offer letter read, each part against its guide band, the offer
year by year; two letters side by side; the counter e-mail. Every figure passes the verifier first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from assistant.cli import app
from assistant.cli.answer_commands import open_assistant, print_after_lead
from assistant.settings import Settings

console = Console()


@app.command("offer")
def offer_command(
    ctx: typer.Context,
    letters: Annotated[list[Path], typer.Argument(help="One offer letter (.txt, .md, .pdf), or two to compare.")],
    email: Annotated[bool, typer.Option("--email", help="Also print a counter e-mail to send back.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as one JSON document.")] = False,
) -> None:
    """Read an offer letter: each part against its guide band, year 1-4 totals, and (with --email) a reply."""
    from assistant.errors import OfferLetterError
    from assistant.offers.files import letter_text

    if len(letters) > 2:
        raise OfferLetterError("Give one offer letter, or two to compare side by side.")
    texts = [letter_text(path) for path in letters]  # a letter that can't be read fails before the index opens
    settings: Settings = ctx.obj
    assistant = open_assistant(settings)
    if len(texts) == 2:
        comparison = assistant.compare_offers(texts[0], texts[1])
        if as_json:
            typer.echo(comparison.model_dump_json())
            return
        for name, report, path in (("A", comparison.first, letters[0]), ("B", comparison.second, letters[1])):
            console.rule(f"{name}: {path.name}")
            _print_report(report)
        console.rule("side by side")
        console.print(comparison.text, markup=False, highlight=False, soft_wrap=True)
        console.print(f"[dim]verification: {comparison.verification.action}[/dim]", highlight=False)
        return
    report = assistant.offer(texts[0], email=email)
    if as_json:
        typer.echo(report.model_dump_json())
        return
    _print_report(report)
    if report.email is not None:
        console.rule("counter e-mail")
        console.print(report.email.text, markup=False, highlight=False, soft_wrap=True)
        console.print(f"[dim]{report.email.note}[/dim]", highlight=False, soft_wrap=True)


def _print_report(report: object) -> None:
    from assistant.offers.assess import OfferReport

    assert isinstance(report, OfferReport)
    response = report.response
    console.print(response.answer, markup=False, highlight=False, soft_wrap=True)
    for detail in response.details:
        console.print(f"[bold]{detail.title}[/bold]", highlight=False)
        console.print(detail.text, markup=False, highlight=False, soft_wrap=True)
    print_after_lead(response)
