"""`assistant eval`: run the eval suite, report it, compare it, and fail below the thresholds.

assistant eval                                          # hand-written + 40 generated cases
assistant eval --report evals/reports/latest.html       # also the self-contained HTML page
assistant eval --prompt prompts/answer.v2.md --baseline prompts/answer.v1.md
assistant eval --baseline plain-rag                     # the product against a plain RAG
assistant eval --compare-with evals/reports/run-20260101-120000.json
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from assistant.cli import app
from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    # The evals and the service pull in LangChain and numpy: imported where used, so `assistant --help` stays fast.
    from assistant.evals.cases import EvalCase, Tag
    from assistant.evals.compare import Comparison
    from assistant.evals.runner import Answerer, CaseSelection
    from assistant.evals.summary import RunReport
    from assistant.service import Assistant

PLAIN_RAG = "plain-rag"
REPORT_WIDTH = 160  # when output goes to a file or a pipe, rich would otherwise squeeze tables into 80 columns


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    generated: Annotated[int, typer.Option(min=0, help="How many generated cases to add (0: none).")] = 40,
    seed: Annotated[int, typer.Option(help="Which generated cases: the same seed picks the same ones.")] = 0,
    tags: Annotated[list[str] | None, typer.Option(help="Only cases with one of these tags (comma-separated).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Ask at most this many cases.")] = None,
    top_k: Annotated[
        int | None, typer.Option(min=0, help="Passages the retriever returns (0 turns retrieval off).")
    ] = None,
    prompt: Annotated[Path | None, typer.Option(help="Prompt file for the LLM engine (default: settings).")] = None,
    baseline: Annotated[str | None, typer.Option(help="Compare with another prompt file, or with 'plain-rag'.")] = None,
    compare_with: Annotated[Path | None, typer.Option(help="Compare with a saved run (a JSON report).")] = None,
    report: Annotated[Path | None, typer.Option(help="Also write this self-contained HTML page.")] = None,
    cases_dir: Annotated[Path | None, typer.Option(help="Hand-written cases (default: evals/cases).")] = None,
    reports_dir: Annotated[Path | None, typer.Option(help="Where JSON reports go (default: evals/reports).")] = None,
) -> None:
    """Ask every eval case, score the answers exactly, and exit 1 when a metric is below its threshold."""
    from assistant.evals.compare import compare_runs, print_comparison
    from assistant.evals.report import print_report
    from assistant.evals.runner import (
        CaseSelection,
        failing_metrics,
        replaced_answers,
        run_config,
        save_reports,
        select_cases,
    )
    from assistant.service import Assistant

    if baseline is not None and compare_with is not None:
        raise AssistantError("Give either --baseline or --compare-with, not both.")
    settings = _settings(ctx.obj, top_k, prompt)
    console = _console()
    product = Assistant(settings)
    selection = CaseSelection(
        cases_dir=cases_dir or settings.evals_dir / "cases",
        generated=generated,
        seed=seed,
        tags=_tags(tags or []),
        limit=limit,
    )
    cases = select_cases(selection, product.guides())
    product.reader.warm_up()  # load the model and stores now, so the first case's latency is not the loading time
    engine, uses_llm = product.chain.engine, product.chain.chat_model is not None
    comparing_prompts = prompt is not None or _is_prompt(baseline)
    if comparing_prompts and not uses_llm:
        console.print(
            "Note: the offline engine does not use a prompt file, so prompt files change nothing in this run; "
            "set ASSISTANT_LLM to compare prompts."
        )
    label = f"prompt {settings.prompt_file.name}" if comparing_prompts else "product"
    main_run = _run(product, cases, label, run_config(settings, engine, selection, uses_llm), console)
    reports = reports_dir or settings.evals_dir / "reports"
    saved = save_reports(main_run, reports)
    print_report(main_run, console)
    if uses_llm:
        replaced = replaced_answers(main_run, engine)
        console.print(f"{replaced} of {len(cases)} answers are the offline answer in place of the LLM's draft.")

    before = _before_run(baseline, compare_with, product, settings, cases, selection, console)
    comparison = compare_runs(before, main_run) if before is not None else None
    if comparison is not None:
        print_comparison(comparison, console)
    if before is not None and baseline is not None:
        saved += save_reports(before, reports, suffix="-baseline")
    saved += _write_pages(main_run, comparison, report)
    console.print("Saved " + ", ".join(str(path) for path in saved), markup=False)
    if not main_run.passed:
        console.print("[red]Below thresholds:[/red] " + escape("; ".join(failing_metrics(main_run))))
        raise typer.Exit(1)


def _settings(settings: Settings, top_k: int | None, prompt: Path | None) -> Settings:
    updates: dict[str, object] = {}
    if top_k is not None:
        updates["top_k"] = top_k
    if prompt is not None:
        updates["prompt_file"] = _existing_prompt(prompt)
    return settings.model_copy(update=updates)


def _existing_prompt(path: Path) -> Path:
    if not path.is_file():
        raise AssistantError(f"Prompt file {path} not found: give the path of a prompt such as prompts/answer.v1.md.")
    return path


def _is_prompt(baseline: str | None) -> bool:
    return baseline is not None and baseline != PLAIN_RAG


def _tags(values: list[str]) -> frozenset[Tag]:
    from assistant.evals.cases import Tag

    names = [name.strip() for value in values for name in value.split(",") if name.strip()]
    known = {tag.value for tag in Tag}
    for name in names:
        if name not in known:
            raise AssistantError(f"Unknown tag '{name}': use one of {', '.join(sorted(known))}.")
    return frozenset(Tag(name) for name in names)


def _before_run(
    baseline: str | None,
    compare_with: Path | None,
    product: Assistant,
    settings: Settings,
    cases: list[EvalCase],
    selection: CaseSelection,
    console: Console,
) -> RunReport | None:
    """The run to compare with: the plain-RAG baseline, the product with another prompt, or a saved run."""
    from assistant.evals.baseline import BASELINE_ENGINE, PlainRag
    from assistant.evals.runner import run_config
    from assistant.evals.summary import load_run
    from assistant.service import Assistant

    if compare_with is not None:
        if not compare_with.is_file():
            raise AssistantError(f"No saved run at {compare_with}: give a JSON report from evals/reports/.")
        return load_run(compare_with)
    if baseline is None:
        return None
    if baseline == PLAIN_RAG:
        rag = PlainRag.beside(product)
        config = run_config(settings, BASELINE_ENGINE, selection, uses_prompt=rag.chat_model is not None)
        return _run(rag, cases, PLAIN_RAG, {**config, "writer": rag.writer}, console)
    other = settings.model_copy(update={"prompt_file": _existing_prompt(Path(baseline))})
    # The same chat model answers both prompts, so only the prompt differs between the two runs.
    other_product = Assistant(other, chat_model=product.chain.chat_model)
    config = run_config(
        other, other_product.chain.engine, selection, uses_prompt=other_product.chain.chat_model is not None
    )
    return _run(other_product, cases, f"prompt {other.prompt_file.name}", config, console)


def _run(answerer: Answerer, cases: list[EvalCase], label: str, config: dict[str, str], console: Console) -> RunReport:
    from assistant.evals.runner import run_suite

    columns = (TextColumn(f"Asking ({escape(label)})"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=len(cases))
        return run_suite(answerer, cases, label, config, progress=lambda done, _total: bar.update(task, completed=done))


def _write_pages(main_run: RunReport, comparison: Comparison | None, report: Path | None) -> list[Path]:
    """The run's page at the given path; a comparison's page beside it, named <stem>-comparison.html."""
    from assistant.evals.compare import write_comparison_html
    from assistant.evals.report import write_html

    if report is None:
        return []
    write_html(main_run, report)
    if comparison is None:
        return [report]
    comparison_page = report.with_name(f"{report.stem}-comparison{report.suffix or '.html'}")
    write_comparison_html(comparison, comparison_page)
    return [report, comparison_page]


def _console() -> Console:
    console = Console()
    return console if console.is_terminal else Console(width=REPORT_WIDTH)
