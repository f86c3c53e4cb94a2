"""Run results saved as JSON, the terminal and HTML reports, and the comparison of two runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rich.console import Console

from assistant.evals.cases import EvalCase
from assistant.evals.compare import Change, MetricChange, compare_runs, print_comparison, render_comparison_html
from assistant.evals.metrics import CaseResult, score_case
from assistant.evals.report import print_report, render_html, write_html
from assistant.evals.summary import RATIO_METRICS, RunReport, Thresholds, load_run, save_run, summarize
from assistant.response import AnswerResponse, Citation

SEED = Path(__file__).resolve().parents[1] / "seeds" / "jane-street" / "ml-ai-engineer.md"
GUIDE = "jane-street/ml-ai-engineer"
LONDON_ROW = next(line for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("| **London**"))
SCRIPT = "<script>alert('owned')</script>"

LONDON = EvalCase.model_validate(
    {
        "id": "london-base",
        "question": "Jane Street London base? <b>bold</b>",
        "tags": ["single-figure"],
        "expect": [{"low": 195_000, "high": 275_000, "currency": "GBP", "guide": GUIDE, "section": "Compensation"}],
    }
)
TOKYO = EvalCase.model_validate(
    {"id": "tokyo", "question": "Jane Street Tokyo?", "tags": ["refusal"], "must_refuse": True}
)


def answer(text: str, cited: bool = True, refused: bool = False, total_ms: float = 100.0) -> AnswerResponse:
    citations = [
        Citation(
            number=1, guide_id=GUIDE, company="Jane Street", role="ML/AI Engineer",
            section="Compensation Benchmarks by Region", start_line=52, end_line=52, quote=LONDON_ROW,
        )
    ] if cited else []  # fmt: skip
    return AnswerResponse(
        question="q",
        answer=text,
        citations=citations,
        refused=refused,
        engine="test",
        retrieved_guides=[GUIDE],
        timings_ms={"total": total_ms},
    )


def right_london(total_ms: float = 100.0) -> CaseResult:
    return score_case(LONDON, [answer("London base: £195K - £275K [1].", total_ms=total_ms)])


def wrong_london() -> CaseResult:
    return score_case(LONDON, [answer(f"London base: £195K - £257K [1]. {SCRIPT}")])


def right_tokyo() -> CaseResult:
    return score_case(TOKYO, [answer("The guides don't cover Tokyo.", cited=False, refused=True)])


def wrong_tokyo() -> CaseResult:
    return score_case(TOKYO, [answer("Tokyo pays about the same as London.", cited=False, total_ms=900.0)])


def test_a_clean_run_passes_its_thresholds() -> None:
    report = summarize([right_london(), right_tokyo()])
    assert report.passed and report.overall.passed_cases == 2
    assert (report.overall.figure_precision, report.overall.refusal_accuracy) == (1.0, 1.0)


def test_one_unsupported_figure_fails_the_whole_run() -> None:
    sloppy = score_case(LONDON, [answer("London base £195K - £275K, total £410K - £601K [1].")])
    report = summarize([right_london()] * 20 + [sloppy])
    assert report.overall.figure_recall == 1.0 and not report.passed
    assert [verdict.metric for verdict in report.verdicts if not verdict.passed] == ["figure_precision"]


def test_recall_below_its_threshold_fails_and_a_lower_threshold_passes() -> None:
    partial = score_case(LONDON, [answer("The London base starts at £195K [1].")])
    results = [right_london()] * 5 + [partial]  # recall 5/6 = 0.83
    assert not summarize(results).passed
    assert summarize(results, Thresholds(figure_recall=0.8)).passed


def test_a_wrong_refusal_fails_the_run_and_shows_in_its_tag() -> None:
    report = summarize([right_london(), wrong_tokyo()])
    assert report.by_tag["refusal"].refusal_accuracy == 0.0
    assert report.by_tag["single-figure"].refusal_accuracy == 1.0
    assert not report.passed


def test_latency_is_judged_only_when_a_limit_is_set() -> None:
    slow = [right_london(total_ms=9_000.0), right_london(total_ms=100.0)]
    assert summarize(slow).passed and summarize(slow).overall.latency_p95_ms == 9_000.0
    assert not summarize(slow, Thresholds(max_latency_p95_ms=2_000)).passed


@pytest.fixture
def failing_run() -> RunReport:
    return summarize([wrong_london(), right_tokyo()], label="prompt v1", config={"top_k": "8"})


def test_a_run_survives_a_round_trip_through_json(tmp_path: Path, failing_run: RunReport) -> None:
    path = tmp_path / "runs" / "v1.json"
    save_run(failing_run, path)
    loaded = load_run(path)
    assert loaded == failing_run
    assert not loaded.passed and [r.case_id for r in loaded.failing] == ["london-base"]
    assert '"passed": false' in path.read_text(encoding="utf-8")


def test_the_terminal_report_shows_metrics_tags_and_failing_cases(failing_run: RunReport) -> None:
    console = Console(record=True, width=250)
    print_report(failing_run, console)
    text = console.export_text()
    assert "FAILED" in text and "1/2 cases passed" in text
    assert "figure precision" in text and "refusal" in text and "single-figure" in text
    assert "london-base" in text and "unsupported figure £257K (GBP)" in text


def test_the_html_report_is_self_contained(tmp_path: Path, failing_run: RunReport) -> None:
    path = tmp_path / "report.html"
    write_html(failing_run, path)
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page and "<svg" in page
    for external in ("<script", "<link", "src=", "href=", "@import", "url("):
        assert external not in page.lower(), external


def test_the_html_report_escapes_answers_and_questions(failing_run: RunReport) -> None:
    page = render_html(failing_run)
    assert SCRIPT not in page and "&lt;script&gt;alert(&#x27;owned&#x27;)&lt;/script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "unsupported figure £257K (GBP)" in page


def test_the_html_chart_draws_one_bar_per_metric(failing_run: RunReport) -> None:
    chart = re.search(r"<svg.*?</svg>", render_html(failing_run), re.S)
    assert chart is not None
    assert chart.group(0).count("<rect") == len(RATIO_METRICS) + 1  # a bar per ratio metric, one legend swatch


def test_a_comparison_shows_what_got_better_and_worse(tmp_path: Path) -> None:
    save_run(summarize([wrong_london(), right_tokyo()], label="prompt v1"), tmp_path / "v1.json")
    save_run(summarize([right_london(), wrong_tokyo()], label="prompt v2"), tmp_path / "v2.json")
    comparison = compare_runs(load_run(tmp_path / "v1.json"), load_run(tmp_path / "v2.json"))
    changes = {case.case_id: case for case in comparison.cases}
    assert changes["london-base"].change is Change.better
    assert changes["london-base"].fixed_reasons == [
        "missing figure GBP 195,000 - GBP 275,000",
        "unsupported figure £257K (GBP): no cited passage shows it",
    ]
    assert changes["tokyo"].change is Change.worse
    assert changes["tokyo"].new_reasons == ["answered but should have refused"]
    assert comparison.totals == {"better": 1, "worse": 1, "same": 0, "added": 0, "removed": 0}


def test_a_comparison_reports_cases_only_one_run_has() -> None:
    comparison = compare_runs(summarize([right_london()]), summarize([right_london(), right_tokyo()]))
    assert [(c.case_id, c.change) for c in comparison.cases] == [("london-base", Change.same), ("tokyo", Change.added)]
    assert compare_runs(summarize([right_tokyo()]), summarize([])).cases[0].change is Change.removed


def test_both_failing_with_fewer_reasons_is_better() -> None:
    half_wrong = score_case(LONDON, [answer("London base: £195K - £275K, total £410K - £601K [1].")])
    comparison = compare_runs(summarize([wrong_london()]), summarize([half_wrong]))
    assert comparison.cases[0].change is Change.better and not comparison.cases[0].after_passed


def test_metric_changes_know_which_way_is_better() -> None:
    assert MetricChange(metric="figure_recall", before=0.8, after=0.9).better is True
    assert MetricChange(metric="latency_p95_ms", before=100, after=900).better is False
    assert MetricChange(metric="figure_precision", before=1.0, after=1.0).better is None


def test_the_comparison_reads_in_the_terminal_and_in_html() -> None:
    comparison = compare_runs(
        summarize([wrong_london(), right_tokyo()], label="baseline"),
        summarize([right_london(), wrong_tokyo()], label="product"),
    )
    console = Console(record=True, width=250)
    print_comparison(comparison, console)
    text = console.export_text()
    assert "baseline → product" in text and "1 better, 1 worse" in text
    assert "london-base" in text and "answered but should have refused" in text
    page = render_comparison_html(comparison)
    assert "Now failing on:" in page and "No longer failing on:" in page
    assert "<script" not in page and "<svg" in page
    assert page.count("<tr class='better'>") == 1 and page.count("<tr class='worse'>") == 1
