"""The eval suite: cases with exactly known figures, metrics that read answers independently of
the product's verifier, thresholds, and reports of one run or of two runs side by side.

A runner asks the assistant each case's turns, then:

    results = [score_case(case, responses) for case, responses in answered]
    report = summarize(results, Thresholds(), label="prompt v2")
    save_run(report, path); print_report(report); write_html(report, html_path)
"""

from assistant.evals.cases import (
    CaseFileError,
    EvalCase,
    ExpectedCitation,
    ExpectedFigure,
    Flag,
    ForbiddenFigure,
    Tag,
    load_case_file,
    load_cases,
)
from assistant.evals.compare import (
    Comparison,
    compare_runs,
    print_comparison,
    render_comparison_html,
    write_comparison_html,
)
from assistant.evals.generate import GeneratedCases
from assistant.evals.metrics import DEFAULT_K, CaseResult, failed_case, score_case
from assistant.evals.report import print_report, render_html, write_html
from assistant.evals.summary import RunReport, Thresholds, load_run, save_run, summarize

__all__ = [
    "DEFAULT_K",
    "CaseFileError",
    "CaseResult",
    "Comparison",
    "EvalCase",
    "ExpectedCitation",
    "ExpectedFigure",
    "Flag",
    "ForbiddenFigure",
    "GeneratedCases",
    "RunReport",
    "Tag",
    "Thresholds",
    "compare_runs",
    "failed_case",
    "load_case_file",
    "load_cases",
    "load_run",
    "print_comparison",
    "print_report",
    "render_comparison_html",
    "render_html",
    "save_run",
    "score_case",
    "summarize",
    "write_comparison_html",
    "write_html",
]
