"""Adding case results up into a run: metrics per tag and overall, thresholds, and a verdict.

A run is saved as JSON so that a later run (another prompt, chunking or retrieval setting)
can be compared with it case by case.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from assistant.evals.metrics import CaseResult

# Ratio metrics, in the order reports show them; a higher value is better for each.
RATIO_METRICS: tuple[str, ...] = (
    "figure_recall",
    "figure_precision",
    "citation_accuracy",
    "refusal_accuracy",
    "forbidden_absent",
    "flag_accuracy",
    "retrieval_recall",
    "derived_correctness",
    "derived_recall",
    "lead_length",
    "lead_wording",
)


class Thresholds(BaseModel):
    """The least each metric must reach for a run to pass (a metric with nothing to measure passes).

    Set them per project in evals/thresholds.yaml and per run with `--threshold metric=value`.
    """

    model_config = ConfigDict(extra="forbid")

    figure_recall: float = Field(0.9, ge=0, le=1)
    figure_precision: float = Field(1.0, ge=0, le=1, description="1.0: one unsupported figure fails the run")
    citation_accuracy: float = Field(0.9, ge=0, le=1)
    refusal_accuracy: float = Field(1.0, ge=0, le=1)
    forbidden_absent: float = Field(1.0, ge=0, le=1)
    flag_accuracy: float = Field(0.9, ge=0, le=1)
    retrieval_recall: float = Field(0.9, ge=0, le=1)
    derived_correctness: float = Field(0.9, ge=0, le=1, description="Computed figures right (a wrong rule's result "
                                       "also fails figure precision)")  # fmt: skip
    derived_recall: float = Field(0.9, ge=0, le=1)
    lead_length: float = Field(0.95, ge=0, le=1, description="Leads within LEAD_LIMIT characters")
    lead_wording: float = Field(0.9, ge=0, le=1)
    max_latency_p95_ms: float | None = Field(None, gt=0, description="None: latency is reported, not judged")


class Metrics(BaseModel):
    """Metrics over a group of cases; None where the group has nothing to measure."""

    cases: int
    passed_cases: int
    figure_recall: float | None = None
    figure_precision: float | None = None
    citation_accuracy: float | None = None
    refusal_accuracy: float | None = None
    forbidden_absent: float | None = None
    flag_accuracy: float | None = None
    retrieval_recall: float | None = None
    derived_correctness: float | None = None
    derived_recall: float | None = None
    lead_length: float | None = None
    lead_wording: float | None = None
    longest_lead_chars: int | None = None
    latency_p50_ms: float | None = None
    latency_p95_ms: float | None = None

    @property
    def pass_rate(self) -> float:
        return self.passed_cases / self.cases if self.cases else 0.0


class Verdict(BaseModel):
    metric: str
    value: float | None
    threshold: float
    higher_is_better: bool = True
    passed: bool


class RunReport(BaseModel):
    label: str = Field("run", description="What was run, e.g. 'prompt v2' or 'baseline rag'")
    created_at: datetime
    config: dict[str, str] = Field(default_factory=dict, description="Settings that describe the run")
    thresholds: Thresholds
    overall: Metrics
    by_tag: dict[str, Metrics]
    verdicts: list[Verdict]
    passed: bool
    results: list[CaseResult]

    @property
    def failing(self) -> list[CaseResult]:
        return [result for result in self.results if not result.passed]


def summarize(
    results: list[CaseResult],
    thresholds: Thresholds | None = None,
    label: str = "run",
    config: dict[str, str] | None = None,
) -> RunReport:
    thresholds = thresholds or Thresholds()
    overall = measure(results)
    verdicts = judge(overall, thresholds)
    tags = sorted({tag.value for result in results for tag in result.tags})
    return RunReport(
        label=label,
        created_at=datetime.now(UTC),
        config=config or {},
        thresholds=thresholds,
        overall=overall,
        by_tag={tag: measure([r for r in results if tag in {t.value for t in r.tags}]) for tag in tags},
        verdicts=verdicts,
        passed=all(verdict.passed for verdict in verdicts),
        results=results,
    )


def measure(results: list[CaseResult]) -> Metrics:
    """Ratios are pooled over the group (found figures over expected figures, not a mean of cases)."""
    latencies = sorted(r.latency_ms for r in results if r.latency_ms is not None)
    return Metrics(
        cases=len(results),
        passed_cases=sum(r.passed for r in results),
        figure_recall=_pooled(results, lambda r: (r.figures_found, r.figures_expected)),
        figure_precision=_pooled(results, lambda r: (r.figures_supported, r.figures_shown)),
        citation_accuracy=_pooled(results, lambda r: (r.citations_correct, r.citations_expected)),
        refusal_accuracy=_pooled(results, lambda r: (int(bool(r.refusal_correct)), int(r.refusal_correct is not None))),
        forbidden_absent=_pooled(
            results, lambda r: (int(bool(r.forbidden_checked) and not r.forbidden_shown), int(r.forbidden_checked))
        ),
        flag_accuracy=_pooled(results, lambda r: (r.flags_raised, r.flags_expected)),
        retrieval_recall=_pooled(results, lambda r: (r.guides_retrieved, r.guides_expected)),
        derived_correctness=_pooled(results, lambda r: (r.derived_correct, r.derived_shown)),
        derived_recall=_pooled(results, lambda r: (r.derived_found, r.derived_expected)),
        lead_length=_pooled(results, lambda r: (int(bool(r.lead_fits)), int(r.lead_fits is not None))),
        lead_wording=_pooled(results, lambda r: (r.phrases_found, r.phrases_expected)),
        longest_lead_chars=max((r.lead_chars for r in results if r.lead_chars is not None), default=None),
        latency_p50_ms=_percentile(latencies, 50),
        latency_p95_ms=_percentile(latencies, 95),
    )


def judge(metrics: Metrics, thresholds: Thresholds) -> list[Verdict]:
    verdicts = []
    for name in RATIO_METRICS:
        value, least = getattr(metrics, name), getattr(thresholds, name)
        verdicts.append(Verdict(metric=name, value=value, threshold=least, passed=value is None or value >= least))
    if thresholds.max_latency_p95_ms is not None:
        value, most = metrics.latency_p95_ms, thresholds.max_latency_p95_ms
        passed = value is None or value <= most
        verdicts.append(
            Verdict(metric="latency_p95_ms", value=value, threshold=most, higher_is_better=False, passed=passed)
        )
    return verdicts


def save_run(report: RunReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.model_dump_json(indent=2), encoding="utf-8")


def load_run(path: Path) -> RunReport:
    return RunReport.model_validate_json(path.read_text(encoding="utf-8"))


def _pooled(results: Iterable[CaseResult], counts: Callable[[CaseResult], tuple[int, int]]) -> float | None:
    hits, total = 0, 0
    for result in results:
        got, out_of = counts(result)
        hits, total = hits + got, total + out_of
    return hits / total if total else None


def _percentile(sorted_values: list[float], percent: int) -> float | None:
    """Nearest-rank percentile: the smallest value with at least `percent`% of values at or below it."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(percent / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


class FailingCase(BaseModel):
    case_id: str
    reasons: list[str]


class RunSummary(BaseModel):
    """A run in brief, for machines (`assistant eval --json`): the verdicts and what failed, not every answer."""

    label: str
    passed: bool
    created_at: datetime
    config: dict[str, str]
    thresholds: Thresholds
    overall: Metrics
    by_tag: dict[str, Metrics]
    verdicts: list[Verdict]
    failing_cases: list[FailingCase]
    reports: list[str] = Field(default_factory=list, description="Files this run wrote: JSON, HTML, JUnit")


def summary_of(report: RunReport, reports: list[Path] | None = None) -> RunSummary:
    return RunSummary(
        label=report.label,
        passed=report.passed,
        created_at=report.created_at,
        config=report.config,
        thresholds=report.thresholds,
        overall=report.overall,
        by_tag=report.by_tag,
        verdicts=report.verdicts,
        failing_cases=[FailingCase(case_id=r.case_id, reasons=r.reasons) for r in report.failing],
        reports=[str(path) for path in reports or []],
    )
