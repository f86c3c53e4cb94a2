"""Showing one run: a terminal report (rich tables) and a self-contained HTML page."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.evals import html
from assistant.evals.html import esc, ratio
from assistant.evals.lead import LEAD_LIMIT
from assistant.evals.metrics import CaseResult
from assistant.evals.summary import RATIO_METRICS, Metrics, RunReport, Verdict

METRIC_TITLES: dict[str, str] = {
    "figure_recall": "figure recall",
    "figure_precision": "figure precision",
    "citation_accuracy": "citation accuracy",
    "refusal_accuracy": "refusal accuracy",
    "forbidden_absent": "forbidden absent",
    "flag_accuracy": "flag accuracy",
    "retrieval_recall": "retrieval recall@k",
    "derived_correctness": "derived correctness",
    "derived_recall": "derived recall",
    "lead_length": "lead ≤ 600 chars",
    "lead_wording": "lead wording",
    "longest_lead_chars": "longest lead (chars)",
    "latency_p50_ms": "latency p50 (ms)",
    "latency_p95_ms": "latency p95 (ms)",
}
GROUP_HEADERS = [
    "group", "cases", "passed", *(METRIC_TITLES[m] for m in RATIO_METRICS), "longest lead", "p50 ms", "p95 ms",
]  # fmt: skip


def print_report(report: RunReport, console: Console | None = None) -> None:
    console = console or Console()
    state = "[green]PASSED[/green]" if report.passed else "[red]FAILED[/red]"
    console.print(f"[bold]Eval run {report.label!s}[/bold] — {state}, {_case_count(report)}")
    console.print(_verdict_table(report))
    console.print(escape(longest_lead_line(report)))
    console.print(_group_table(report))
    if report.failing:
        console.print(_failing_table(report.failing))


def render_html(report: RunReport) -> str:
    state = "PASSED" if report.passed else "FAILED"
    labels = [METRIC_TITLES[m] for m in RATIO_METRICS]
    values = [getattr(report.overall, m) for m in RATIO_METRICS]
    marks: list[float | None] = [getattr(report.thresholds, m) for m in RATIO_METRICS]
    body = [
        html.verdict(report.passed, f"{state}: {_case_count(report)}"),
        f"<p class='muted'>{esc(_describe(report))}</p>",
        html.bar_chart(labels, [(report.label, values)], marks),
        "<h2>Thresholds</h2>",
        html.table(["metric", "value", "threshold", "verdict"], [_verdict_row(v) for v in report.verdicts]),
        f"<p>{esc(longest_lead_line(report))}</p>",
        "<h2>Metrics by tag</h2>",
        html.table(GROUP_HEADERS, [_group_row(name, m) for name, m in _groups(report)]),
        f"<h2>Failing cases ({len(report.failing)})</h2>",
        _failing_html(report.failing) if report.failing else "<p>None.</p>",
        "<h2>All cases</h2>",
        html.table(
            ["case", "tags", "passed", "question"],
            [[r.case_id, _tags(r), "yes" if r.passed else "no", r.question] for r in report.results],
            ["" if r.passed else "fail" for r in report.results],
        ),
    ]
    return html.page(f"Eval run: {report.label}", "\n".join(body))


def write_html(report: RunReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(report), encoding="utf-8")


def longest_lead_line(report: RunReport) -> str:
    """The longest lead of the run and which case wrote it: the figure to watch when the lead length slips."""
    measured = [r for r in report.results if r.lead_chars is not None]
    if not measured:
        return "Longest lead: n/a (no answers)."
    longest = max(measured, key=lambda r: r.lead_chars or 0)
    return f"Longest lead: {longest.lead_chars} characters ({longest.case_id}); the limit is {LEAD_LIMIT}."


def _case_count(report: RunReport) -> str:
    return f"{report.overall.passed_cases}/{report.overall.cases} cases passed"


def _describe(report: RunReport) -> str:
    settings = ", ".join(f"{key}={value}" for key, value in sorted(report.config.items()))
    return f"Run at {report.created_at:%Y-%m-%d %H:%M} UTC" + (f"; {settings}" if settings else "")


def _groups(report: RunReport) -> list[tuple[str, Metrics]]:
    return [("overall", report.overall), *sorted(report.by_tag.items())]


def _verdict_row(verdict: Verdict) -> list[str]:
    metric, value, threshold = verdict.metric, verdict.value, verdict.threshold
    is_ratio = metric in RATIO_METRICS
    shown = ratio(value) if is_ratio else ("n/a" if value is None else f"{value:.0f}")
    limit = f"≥ {threshold:.0%}" if is_ratio else f"≤ {threshold:.0f}"
    return [METRIC_TITLES.get(metric, metric), shown, limit, "pass" if verdict.passed else "FAIL"]


def _group_row(name: str, metrics: Metrics) -> list[str]:
    ratios = [ratio(getattr(metrics, m)) for m in RATIO_METRICS]
    return [
        name,
        str(metrics.cases),
        str(metrics.passed_cases),
        *ratios,
        "n/a" if metrics.longest_lead_chars is None else str(metrics.longest_lead_chars),
        _ms(metrics.latency_p50_ms),
        _ms(metrics.latency_p95_ms),
    ]


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _tags(result: CaseResult) -> str:
    return ", ".join(tag.value for tag in result.tags)


def _verdict_table(report: RunReport) -> Table:
    table = Table(title="Thresholds")
    for header in ("metric", "value", "threshold", "verdict"):
        table.add_column(header)
    for verdict in report.verdicts:
        row = _verdict_row(verdict)
        row[-1] = "[green]pass[/green]" if verdict.passed else "[red]FAIL[/red]"
        table.add_row(*row)
    return table


def _group_table(report: RunReport) -> Table:
    table = Table(title="Metrics by tag")
    for header in GROUP_HEADERS:
        table.add_column(header, justify="left" if header == "group" else "right")
    for name, metrics in _groups(report):
        table.add_row(*_group_row(name, metrics))
    return table


def _failing_table(failing: list[CaseResult]) -> Table:
    table = Table(title=f"Failing cases ({len(failing)})", show_lines=True)
    table.add_column("case")
    table.add_column("tags")
    table.add_column("reasons")
    for result in failing:
        # Text from answers is printed as is: rich markup in it must not be interpreted.
        table.add_row(escape(result.case_id), _tags(result), escape("\n".join(result.reasons)))
    return table


def _failing_html(failing: list[CaseResult]) -> str:
    rows = []
    for result in failing:
        rows.append(
            f"<h3>{esc(result.case_id)} <span class='muted'>({esc(_tags(result))})</span></h3>"
            f"<p><strong>Question:</strong> {esc(result.question)}</p>"
            f"{html.listing(result.reasons)}"
            f"<p><strong>Answer (lead):</strong></p>{html.preformatted(result.answer or '(none)')}"
            + (f"<p><strong>Details:</strong></p>{html.preformatted(result.details)}" if result.details else "")
        )
    return "\n".join(rows)
