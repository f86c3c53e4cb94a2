"""Comparing two runs over the same cases (two prompts, two settings, or the product and a baseline).

Case by case it says what got better and what got worse, and why, with totals; in the
terminal and as a self-contained HTML page.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from assistant.evals import html
from assistant.evals.html import esc, ratio
from assistant.evals.metrics import CaseResult
from assistant.evals.report import METRIC_TITLES
from assistant.evals.summary import RATIO_METRICS, RunReport

LATENCY_METRICS = ("latency_p50_ms", "latency_p95_ms")  # lower is better
LEAD_METRICS = ("longest_lead_chars",)  # lower is better


class Change(StrEnum):
    better = "better"
    worse = "worse"
    same = "same"
    added = "added"  # only the second run has the case
    removed = "removed"  # only the first run has the case


class CaseChange(BaseModel):
    case_id: str
    tags: list[str]
    change: Change
    before_passed: bool | None
    after_passed: bool | None
    fixed_reasons: list[str]  # failures of the first run the second no longer has
    new_reasons: list[str]  # failures the second run has and the first did not


class MetricChange(BaseModel):
    metric: str
    before: float | None
    after: float | None

    @property
    def better(self) -> bool | None:
        """True if the second run is better on this metric, False if worse, None if equal or unknown."""
        if self.before is None or self.after is None or self.before == self.after:
            return None
        lower_is_better = self.metric in LATENCY_METRICS or self.metric in LEAD_METRICS
        return (self.after < self.before) if lower_is_better else (self.after > self.before)


class Comparison(BaseModel):
    before_label: str
    after_label: str
    before_passed: bool
    after_passed: bool
    metrics: list[MetricChange]
    cases: list[CaseChange]

    def count(self, change: Change) -> int:
        return sum(case.change is change for case in self.cases)

    @property
    def totals(self) -> dict[str, int]:
        return {change.value: self.count(change) for change in Change}


def compare_runs(before: RunReport, after: RunReport) -> Comparison:
    first = {result.case_id: result for result in before.results}
    second = {result.case_id: result for result in after.results}
    order = list(dict.fromkeys([*first, *second]))
    names = [*RATIO_METRICS, *LEAD_METRICS, *LATENCY_METRICS]
    return Comparison(
        before_label=before.label,
        after_label=after.label,
        before_passed=before.passed,
        after_passed=after.passed,
        metrics=[
            MetricChange(metric=n, before=getattr(before.overall, n), after=getattr(after.overall, n)) for n in names
        ],
        cases=[_case_change(case_id, first.get(case_id), second.get(case_id)) for case_id in order],
    )


def _case_change(case_id: str, before: CaseResult | None, after: CaseResult | None) -> CaseChange:
    either = after or before
    assert either is not None  # every id comes from one of the runs
    old, new = (before.reasons if before else []), (after.reasons if after else [])
    return CaseChange(
        case_id=case_id,
        tags=[tag.value for tag in either.tags],
        change=_change(before, after, len(old), len(new)),
        before_passed=before.passed if before else None,
        after_passed=after.passed if after else None,
        fixed_reasons=[reason for reason in old if reason not in new],
        new_reasons=[reason for reason in new if reason not in old],
    )


def _change(before: CaseResult | None, after: CaseResult | None, old_failures: int, new_failures: int) -> Change:
    if before is None:
        return Change.added
    if after is None:
        return Change.removed
    if before.passed != after.passed:
        return Change.better if after.passed else Change.worse
    # Both pass, or both fail: fewer reasons to fail is progress.
    if new_failures == old_failures:
        return Change.same
    return Change.better if new_failures < old_failures else Change.worse


def print_comparison(comparison: Comparison, console: Console | None = None) -> None:
    console = console or Console()
    console.print(f"[bold]{escape(_title(comparison))}[/bold]")
    console.print(escape(_totals_line(comparison)))
    metrics = Table(title="Metrics")
    for header in ("metric", comparison.before_label, comparison.after_label, "change"):
        metrics.add_column(escape(header))
    for row, change in zip(_metric_rows(comparison), comparison.metrics, strict=True):
        colour = {True: "green", False: "red", None: "white"}[change.better]
        metrics.add_row(*row[:-1], f"[{colour}]{row[-1]}[/{colour}]")
    console.print(metrics)
    moved = [case for case in comparison.cases if case.change is not Change.same]
    if moved:
        cases = Table(title="Cases that changed", show_lines=True)
        for header in ("case", "change", "fixed", "new failures"):
            cases.add_column(header)
        for case in moved:
            colour = "green" if case.change is Change.better else "red" if case.change is Change.worse else "white"
            fixed, new = escape("\n".join(case.fixed_reasons)), escape("\n".join(case.new_reasons))
            cases.add_row(escape(case.case_id), f"[{colour}]{case.change.value}[/{colour}]", fixed, new)
        console.print(cases)


def render_comparison_html(comparison: Comparison) -> str:
    ratios = [change for change in comparison.metrics if change.metric in RATIO_METRICS]
    chart = html.bar_chart(
        [METRIC_TITLES[change.metric] for change in ratios],
        [(comparison.before_label, [c.before for c in ratios]), (comparison.after_label, [c.after for c in ratios])],
        [],
    )
    rows = [[c.case_id, c.change.value, _passed(c.before_passed), _passed(c.after_passed)] for c in comparison.cases]
    body = [
        html.verdict(comparison.after_passed, _totals_line(comparison)),
        chart,
        "<h2>Metrics</h2>",
        html.table(["metric", comparison.before_label, comparison.after_label, "change"], _metric_rows(comparison)),
        "<h2>What changed, case by case</h2>",
        _changed_cases_html(comparison),
        "<h2>All cases</h2>",
        html.table(
            ["case", "change", "passed before", "passed after"], rows, [_row_class(c) for c in comparison.cases]
        ),
    ]
    return html.page(_title(comparison), "\n".join(body))


def write_comparison_html(comparison: Comparison, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_comparison_html(comparison), encoding="utf-8")


def _title(comparison: Comparison) -> str:
    return f"Eval comparison: {comparison.before_label} → {comparison.after_label}"


def _totals_line(comparison: Comparison) -> str:
    totals = ", ".join(f"{count} {name}" for name, count in comparison.totals.items() if count)
    verdicts = f"{comparison.before_label}: {_verdict(comparison.before_passed)}; "
    return verdicts + f"{comparison.after_label}: {_verdict(comparison.after_passed)}. Cases: {totals}"


def _verdict(passed: bool) -> str:
    return "passed" if passed else "failed"


def _passed(passed: bool | None) -> str:
    return "—" if passed is None else ("yes" if passed else "no")


def _metric_rows(comparison: Comparison) -> list[list[str]]:
    rows = []
    for change in comparison.metrics:
        show = _formatter(change.metric)
        direction = {True: "better", False: "worse", None: "same"}[change.better]
        rows.append(
            [METRIC_TITLES.get(change.metric, change.metric), show(change.before), show(change.after), direction]
        )
    return rows


def _formatter(metric: str) -> Callable[[float | None], str]:
    if metric in RATIO_METRICS:
        return ratio
    return _characters if metric in LEAD_METRICS else _milliseconds


def _characters(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f}"


def _milliseconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} ms"


def _row_class(case: CaseChange) -> str:
    return {Change.better: "better", Change.worse: "worse"}.get(case.change, "")


def _changed_cases_html(comparison: Comparison) -> str:
    moved = [case for case in comparison.cases if case.change in (Change.better, Change.worse)]
    if not moved:
        return "<p>No case got better or worse.</p>"
    parts = []
    for case in moved:
        state = "pass" if case.change is Change.better else "fail"
        parts.append(f"<h3 class='{state}'>{esc(case.case_id)}: {esc(case.change.value)}</h3>")
        if case.fixed_reasons:
            parts.append("<p>No longer failing on:</p>" + html.listing(case.fixed_reasons))
        if case.new_reasons:
            parts.append("<p>Now failing on:</p>" + html.listing(case.new_reasons))
    return "\n".join(parts)
