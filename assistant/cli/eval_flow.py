"""The steps of `assistant eval`: choose the cases, run the product (and what it is compared with),
report, write the files asked for, and say whether every threshold was met."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from assistant.errors import AssistantError
from assistant.evals.baseline import BASELINE_ENGINE, PlainRag
from assistant.evals.cases import EvalCase, Tag
from assistant.evals.compare import Comparison, compare_runs, print_comparison, write_comparison_html
from assistant.evals.junit import write_junit
from assistant.evals.report import print_report, write_html
from assistant.evals.runner import (
    Answerer,
    CaseSelection,
    failing_metrics,
    replaced_answers,
    run_config,
    run_suite,
    save_reports,
    select_cases,
)
from assistant.evals.summary import RunReport, Thresholds, load_run, summary_of
from assistant.evals.thresholds import THRESHOLDS_FILE, load_thresholds
from assistant.service import Assistant
from assistant.settings import PROMPTS_DIR, Settings, prompt_path

PLAIN_RAG = "plain-rag"
REPORT_WIDTH = 160  # when output goes to a file or a pipe, rich would otherwise squeeze tables into 80 columns


class EvalOptions(BaseModel):
    """The command's options, as one typed value."""

    generated: int = 40
    seed: int = 0
    tags: list[str] = []
    limit: int | None = None
    top_k: int | None = None
    prompt: Path | None = None
    baseline: str | None = None
    compare_with: Path | None = None
    report: Path | None = None
    junit: Path | None = None
    as_json: bool = False
    thresholds_file: Path | None = None
    threshold: list[str] = []
    jobs: int = 1
    cases_dir: Path | None = None
    reports_dir: Path | None = None


def run_evals(settings: Settings, run: EvalOptions) -> bool:
    """Run the suite as the options say; True when every threshold is met."""
    if run.baseline is not None and run.compare_with is not None:
        raise AssistantError("Give either --baseline or --compare-with, not both.")
    settings = _settings(settings, run.top_k, run.prompt)
    default_file = settings.evals_dir / THRESHOLDS_FILE
    thresholds = load_thresholds(run.thresholds_file or (default_file if default_file.is_file() else None),
                                 run.threshold)  # fmt: skip
    console = _console(stderr=run.as_json)  # with --json, stdout carries the JSON document alone
    product = Assistant(settings)
    selection = CaseSelection(cases_dir=run.cases_dir or settings.evals_dir / "cases", generated=run.generated,
                              seed=run.seed, tags=_tags(run.tags), limit=run.limit)  # fmt: skip
    cases = select_cases(selection, product.guides())
    product.reader.warm_up()  # load the model and stores now, so the first case's latency is not the loading time
    engine, uses_llm = product.answerer.engine, product.chat_model is not None
    comparing_prompts = run.prompt is not None or _is_prompt(run.baseline)
    if comparing_prompts and not uses_llm:
        console.print(
            "Note: the offline engine does not use a prompt file, so prompt files change nothing in this run; "
            "set ASSISTANT_LLM to compare prompts."
        )
    label = f"prompt {settings.prompt_file.name}" if comparing_prompts else "product"
    suite = Suite(cases, thresholds, run.jobs, console)
    main_run = suite.run(product, label, run_config(settings, engine, selection, uses_llm))
    reports = run.reports_dir or settings.evals_dir / "reports"
    saved = save_reports(main_run, reports)
    print_report(main_run, console)
    if uses_llm:
        replaced = replaced_answers(main_run, engine)
        console.print(f"{replaced} of {len(cases)} answers are the offline answer in place of the LLM's draft.")

    before = _before_run(run.baseline, run.compare_with, product, settings, selection, suite)
    comparison = compare_runs(before, main_run) if before is not None else None
    if comparison is not None:
        print_comparison(comparison, console)
    if before is not None and run.baseline is not None:
        saved += save_reports(before, reports, suffix="-baseline")
    saved += _write_pages(main_run, comparison, run.report)
    if run.junit is not None:
        write_junit(main_run, run.junit)
        saved.append(run.junit)
    console.print("Saved " + ", ".join(str(path) for path in saved), markup=False)
    if not main_run.passed:
        console.print("[red]Below thresholds:[/red] " + escape("; ".join(failing_metrics(main_run))))
    if run.as_json:
        typer.echo(summary_of(main_run, saved).model_dump_json(indent=2))
    return main_run.passed


@dataclass(frozen=True)
class Suite:
    """The cases and how to run and judge them: the same for the product and whatever it is compared with."""

    cases: list[EvalCase]
    thresholds: Thresholds
    jobs: int
    console: Console

    def run(self, answerer: Answerer, label: str, config: dict[str, str]) -> RunReport:
        columns = (TextColumn(f"Asking ({escape(label)})"), BarColumn(), MofNCompleteColumn())
        with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
            task = bar.add_task(label, total=len(self.cases))
            return run_suite(answerer, self.cases, label, config, self.thresholds, jobs=self.jobs,
                             progress=lambda done, _total: bar.update(task, completed=done))  # fmt: skip


def _settings(settings: Settings, top_k: int | None, prompt: Path | None) -> Settings:
    updates: dict[str, object] = {}
    if top_k is not None:
        updates["top_k"] = top_k
    if prompt is not None:
        updates["prompt_file"] = _existing_prompt(prompt)
    return settings.model_copy(update=updates)


def _existing_prompt(given: Path) -> Path:
    path = prompt_path(given)
    if not path.is_file():
        example = PROMPTS_DIR / "answer.v1.md"
        raise AssistantError(f"Prompt file {path} not found: give the path of a prompt such as {example}.")
    return path


def _is_prompt(baseline: str | None) -> bool:
    return baseline is not None and baseline != PLAIN_RAG


def _tags(values: list[str]) -> frozenset[Tag]:
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
    selection: CaseSelection,
    suite: Suite,
) -> RunReport | None:
    """The run to compare with: the plain-RAG baseline, the product with another prompt, or a saved run."""
    if compare_with is not None:
        if not compare_with.is_file():
            raise AssistantError(f"No saved run at {compare_with}: give a JSON report from evals/reports/.")
        return load_run(compare_with)
    if baseline is None:
        return None
    if baseline == PLAIN_RAG:
        rag = PlainRag.beside(product)
        config = run_config(settings, BASELINE_ENGINE, selection, uses_prompt=rag.chat_model is not None)
        return suite.run(rag, PLAIN_RAG, {**config, "writer": rag.writer})
    other = settings.model_copy(update={"prompt_file": _existing_prompt(Path(baseline))})
    # The same chat model answers both prompts, so only the prompt differs between the two runs.
    other_product = Assistant(other, chat_model=product.chat_model)
    config = run_config(
        other, other_product.answerer.engine, selection, uses_prompt=other_product.chat_model is not None
    )
    return suite.run(other_product, f"prompt {other.prompt_file.name}", config)


def _write_pages(main_run: RunReport, comparison: Comparison | None, report: Path | None) -> list[Path]:
    """The run's page at the given path; a comparison's page beside it, named <stem>-comparison.html."""
    if report is None:
        return []
    write_html(main_run, report)
    if comparison is None:
        return [report]
    comparison_page = report.with_name(f"{report.stem}-comparison{report.suffix or '.html'}")
    write_comparison_html(comparison, comparison_page)
    return [report, comparison_page]


def _console(stderr: bool = False) -> Console:
    console = Console(stderr=stderr)
    return console if console.is_terminal else Console(stderr=stderr, width=REPORT_WIDTH)
