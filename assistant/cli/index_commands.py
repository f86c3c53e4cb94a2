"""`assistant ingest` and `assistant guides list|show|validate`.

The index modules are imported inside the commands: they pull in LangChain and numpy, and `assistant --help`
must not wait for them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from assistant.cli import app
from assistant.errors import AssistantError, IndexMissingError, UnknownGuideError
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.guide import Guide
    from assistant.index.catalog import Catalog
    from assistant.index.drift import VectorDrift
    from assistant.index.report import IngestReport

guides_app = typer.Typer(help="Inspect the guides in the index.", no_args_is_help=True)
app.add_typer(guides_app, name="guides")
console = Console()
JsonFlag = Annotated[bool, typer.Option("--json", help="Print one JSON document on stdout.")]


@app.command("ingest")
def ingest_command(
    ctx: typer.Context,
    corpus: Annotated[Path | None, typer.Argument(help="Folder of guides, read recursively (default: seeds/).")] = None,
    as_json: JsonFlag = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Check every page of the catalog, re-read every guide, re-embed all.")
    ] = False,
    rehash: Annotated[
        bool, typer.Option("--rehash", help="Read and hash every file, trusting no record of it; embed only changes.")
    ] = False,
) -> None:
    """Build or update the index from a folder of guides; only new or changed guides are re-embedded.

    Also repairs drift between the catalog and the vector store: missing vectors are re-embedded, extra ones dropped.
    A file whose size, times and inode are those the catalog recorded when it last read it is not opened again
    (--rehash opens every one). Ends with the time each stage took (read, parse, chunk, embed, write); --json
    prints the whole report.
    A damaged catalog is set aside and rebuilt from the guides.
    """
    from assistant.index.live import index_write_lock

    settings: Settings = ctx.obj
    corpus_dir = corpus or settings.corpus_dir
    if not corpus_dir.is_dir():
        raise AssistantError(f"{corpus_dir} is not a folder: give the folder that holds the guides.")
    with index_write_lock(settings.index_dir):  # one writer at a time, a server's admin reindex included
        report = ingest_with_progress(settings, corpus_dir, rebuild, rehash)
    if report.catalog_replaced:
        typer.secho(report.catalog_replaced, err=True, fg="yellow")
    for error in report.errors + report.skipped + report.duplicates:
        typer.secho(f"skipped {error}", err=True, fg="yellow")
    if as_json:
        typer.echo(report.model_dump_json())
        return
    console.print(
        f"Ingested {corpus_dir}: {report.scanned} files, {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.removed)} removed, {report.unchanged} unchanged, {len(report.errors)} unreadable, "
        f"{len(report.skipped)} not guides, {len(report.duplicates)} duplicates; "
        f"{report.chunks_embedded} chunks embedded; {report.guides_in_index} guides in {settings.index_dir} "
        f"({report.seconds:.1f}s).",
        soft_wrap=True,  # one line per sentence, so that logs and scripts can grep it at any width
    )
    if repaired := _repairs(report):
        console.print(f"Repaired the vector store: {repaired}.", soft_wrap=True)
    console.print(f"Time by stage: {report.split()}.", highlight=False, soft_wrap=True)


def ingest_with_progress(
    settings: Settings, corpus_dir: Path, rebuild: bool = False, rehash: bool = False
) -> IngestReport:
    """Ingest with a progress bar per stage on stderr (gone once done). The caller holds the index write lock."""
    from assistant.index.build import ingest
    from assistant.index.vectors import VectorConfig

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(
                    {"parse": "Parsing guides", "embed": "Embedding chunks"}[stage], total=total
                )
            bar.update(tasks[stage], completed=done)

        return ingest(corpus_dir, settings.index_dir, today=settings.today, progress=on_progress,
                      max_bytes=settings.max_guide_bytes, vectors=VectorConfig.from_settings(settings),
                      rebuild=rebuild, min_free_mb=settings.min_free_mb, rehash=rehash)  # fmt: skip


def _repairs(report: IngestReport) -> str:
    done = [(report.vectors_repaired, "missing vectors re-embedded"), (report.vectors_dropped, "stray vectors dropped")]
    return ", ".join(f"{count:,} {what}" for count, what in done if count)


def open_catalog(settings: Settings) -> Catalog:
    from assistant.index.catalog import CATALOG_FILE, Catalog

    if not (settings.index_dir / CATALOG_FILE).exists():
        raise IndexMissingError(settings.index_dir)
    return Catalog(settings.index_dir, read_only=True)


def _summary(guide: Guide, settings: Settings) -> dict[str, Any]:
    from assistant.ingest.validate import current_problems

    return {
        "id": guide.id,
        "company": guide.company,
        "role": guide.role,
        "regions": guide.regions,
        "currencies": guide.currencies,
        "last_updated": guide.last_updated.isoformat() if guide.last_updated else None,
        "warnings": [f"{p.kind.value}: {p.message}" for p in current_problems(guide, settings.effective_today())],
    }


@guides_app.command("list")
def list_command(ctx: typer.Context, as_json: JsonFlag = False) -> None:
    """Company, role, regions, currencies, last update and warnings of every indexed guide."""
    settings: Settings = ctx.obj
    catalog = open_catalog(settings)
    summaries = [_summary(guide, settings) for guide in catalog.guides()]
    if as_json:
        typer.echo(json.dumps({"guides": summaries}, ensure_ascii=False))
        return
    table = Table("id", "company", "role", "regions", "currencies", "last updated", "warnings")
    for s in summaries:
        table.add_row(
            s["id"],
            s["company"],
            s["role"],
            ", ".join(s["regions"]),
            ", ".join(s["currencies"]),
            s["last_updated"] or "—",
            str(len(s["warnings"])),
        )
    console.print(table)


@guides_app.command("show")
def show_command(ctx: typer.Context, guide_id: str, as_json: JsonFlag = False) -> None:
    """The parsed guide: metadata, sections and every compensation figure, typed."""
    from assistant.ingest.validate import current_problems

    settings: Settings = ctx.obj
    guide = open_catalog(settings).guide(guide_id)
    if guide is None:
        raise UnknownGuideError(guide_id)
    guide.problems = current_problems(guide, settings.effective_today())
    if as_json:
        typer.echo(guide.model_dump_json())
        return
    console.print(f"[bold]{guide.company} — {guide.role}[/bold]  ({guide.id}, {guide.line_count} lines)")
    if guide.front_matter:
        front = guide.front_matter
        console.print(
            f"last updated {front.last_updated}, data quality {front.data_quality}, "
            f"salary data {front.salary_data_quarter}, next review {front.next_review_due}"
        )
    figures = Table("line", "region", "level", "component", "currency", "low", "high", "second currency", "as written")
    for f in guide.figures:
        second = f"{f.secondary.currency} {f.secondary.low:,}–{f.secondary.high or 0:,}" if f.secondary else ""
        figures.add_row(
            str(f.line),
            f.region,
            f.level or "",
            f.component.value,
            f.currency or "%",
            _number(f.low, f.bonus_pct_low),
            _number(f.high, f.bonus_pct_high),
            second,
            f.source_text,
        )
    console.print(figures)
    for section in guide.sections:
        console.print(f"  L{section.start_line}-{section.end_line}  {section.path_label}")
    for problem in guide.problems:
        console.print(f"[yellow]{problem.kind.value}[/yellow]: {problem.message}")


def _number(amount: int | None, percent: float | None) -> str:
    if amount is not None:
        return f"{amount:,}"
    return f"{percent:g}%" if percent is not None else ""


@guides_app.command("validate")
def validate_command(
    ctx: typer.Context,
    corpus: Annotated[Path | None, typer.Argument(help="Folder of guides to check (default: seeds/).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A data-quality report on the guides on disk, and on the index's vector store when there is an index.

    Exits 1 when a guide is unusable or duplicates another's company and role, or when the vector store has lost
    vectors or can't be reached.
    """
    from assistant.index.drift import check_index
    from assistant.index.vectors import VectorConfig
    from assistant.ingest.report import validate_corpus

    settings: Settings = ctx.obj
    corpus_dir = corpus or settings.corpus_dir
    if not corpus_dir.is_dir():
        raise AssistantError(f"{corpus_dir} is not a folder: give the folder that holds the guides.")
    report = validate_corpus(corpus_dir, settings.effective_today(), settings.max_guide_bytes)
    drift = check_index(settings.index_dir, VectorConfig.from_settings(settings))
    if as_json:
        typer.echo(json.dumps({**report.model_dump(mode="json"), "index": _index_report(settings, drift)}))
    else:
        for p in report.problems:
            colour = "red" if p.unusable else "yellow"
            console.print(f"[{colour}]{p.kind.value}[/{colour}] {p.guide_id}: {escape(p.message)}")
        console.print(
            f"{report.guides_checked} files checked: {report.guides_read} guides read, {report.guides_with_figures} "
            f"with figures, {report.not_guides} not guides, {report.unusable} unusable, "
            f"{report.duplicates} duplicates."
        )
        console.print("Figures by table layout: " + _counts(report.figures_by_layout))
        console.print("Problems by kind: " + _counts(report.problems_by_kind))
        if drift is not None and drift.sentence:
            console.print(f"[{'red' if drift.degraded else 'yellow'}]index[/] {drift.sentence}", highlight=False)
    if report.unusable or report.duplicates or (drift is not None and drift.degraded):
        raise typer.Exit(1)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in counts.items()) or "none"


def _index_report(settings: Settings, drift: VectorDrift | None) -> dict[str, Any] | None:
    """The vector store against the catalog; None when no index has been built in index_dir."""
    if drift is None:
        return None
    return {"dir": str(settings.index_dir), "drift": drift.sentence, "degraded": drift.degraded,
            **drift.model_dump(include={"chunks", "stored", "missing", "extra", "unreachable"})}  # fmt: skip
