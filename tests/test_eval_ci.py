"""`assistant eval` in CI: exit codes from the real command, JUnit XML, the JSON summary, thresholds, --jobs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.evals.cases import Tag
from assistant.evals.junit import junit_tree
from assistant.evals.metrics import CaseResult
from assistant.evals.summary import Thresholds, load_run, summarize
from assistant.evals.thresholds import load_thresholds
from tests.conftest import REPO, TODAY

SMALL = ["--tags", "single-figure,refusal", "--generated", "0", "--limit", "12"]  # a quick, varied selection


def _eval(args: list[str], index_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    variables = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_TODAY": TODAY.isoformat(),
                 "ASSISTANT_AUTO_INGEST": "false", "ASSISTANT_LLM": "offline", **env}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "assistant.cli", "eval", *args], cwd=REPO, env=variables,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


# --- exit codes ---------------------------------------------------------------------------------------


def test_exit_0_when_thresholds_are_met_with_thresholds_from_file_and_flag(seed_index: Path, tmp_path: Path) -> None:
    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text("figure_recall: 0.95\ncitation_accuracy: 0.5\n", encoding="utf-8")
    done = _eval([*SMALL, "--thresholds", str(thresholds), "--threshold", "citation_accuracy=80%",
                  "--reports-dir", str(tmp_path)], seed_index)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    judged = load_run(tmp_path / "latest.json").thresholds
    assert (judged.figure_recall, judged.citation_accuracy, judged.retrieval_recall) == (0.95, 0.8, 0.9)


def test_exit_1_below_thresholds_with_junit_and_json(seed_index: Path, tmp_path: Path) -> None:
    junit = tmp_path / "junit" / "evals.xml"
    done = _eval([*SMALL, "--top-k", "0", "--jobs", "3", "--junit", str(junit), "--json",
                  "--reports-dir", str(tmp_path)], seed_index)  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    summary = json.loads(done.stdout)  # stdout is the JSON document and nothing else
    assert summary["passed"] is False and summary["config"]["top_k"] == "0"
    failed = {verdict["metric"] for verdict in summary["verdicts"] if not verdict["passed"]}
    assert "retrieval_recall" in failed and "Below thresholds:" in done.stderr
    run = load_run(tmp_path / "latest.json")
    assert summary["failing_cases"] == [{"case_id": r.case_id, "reasons": r.reasons} for r in run.failing]
    assert str(junit) in summary["reports"]

    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [r.case_id for r in run.results]  # case order, despite --jobs
    failures = {case.get("name"): case.find("failure") for case in cases if case.find("failure") is not None}
    assert suite.get("tests") == "12" and suite.get("failures") == str(len(failures)) == str(len(run.failing)) != "0"
    first = run.failing[0]
    failure = failures[first.case_id]
    assert failure is not None and failure.get("message") == "; ".join(first.reasons)
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["threshold.retrieval_recall"].endswith("FAIL") and properties["top_k"] == "0"


@pytest.mark.parametrize(
    ("case", "says"),
    [
        ("bad case file", "bad.yaml: case 'broken'"),
        ("no index", "No index found"),
        ("unknown metric", "unknown metric 'figure_recal'"),
        ("threshold out of range", "figure_recall input should be less than or equal to 1"),
        ("bad thresholds file", "is not valid YAML"),
        ("bad option", "Invalid value for '--jobs'"),
    ],
)
def test_exit_2_when_the_suite_cannot_run(case: str, says: str, seed_index: Path, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("cases:\n  - id: broken\n    questoin: hi\n    tags: [refusal]\n")
    (tmp_path / "thresholds.yaml").write_text("figure_recall: [0.9\n")
    args, index_dir = {
        "bad case file": (["--cases-dir", str(tmp_path), "--generated", "0"], seed_index),
        "no index": ([], tmp_path / "no-index"),
        "unknown metric": (["--threshold", "figure_recal=0.9"], seed_index),
        "threshold out of range": (["--threshold", "figure_recall=1.5"], seed_index),
        "bad thresholds file": (["--thresholds", str(tmp_path / "thresholds.yaml")], seed_index),
        "bad option": (["--jobs", "0"], seed_index),
    }[case]
    done = _eval([*args, "--reports-dir", str(tmp_path / "reports")], index_dir)
    assert done.returncode == 2, done.stdout + done.stderr
    assert says in done.stderr and "Traceback" not in done.stderr
    if case != "bad option":  # our own errors are one line; click draws its usage errors in a box
        assert len(done.stderr.strip().splitlines()) == 1 and done.stderr.startswith("Error: ")
    assert not (tmp_path / "reports").exists()  # nothing was run, so nothing was saved


# --- thresholds and JUnit, in process ------------------------------------------------------------------


def test_thresholds_come_from_defaults_then_file_then_flags(tmp_path: Path) -> None:
    file = tmp_path / "thresholds.yaml"
    file.write_text("# project thresholds\nfigure_recall: 0.95\nmax_latency_p95_ms: 500\n", encoding="utf-8")
    assert load_thresholds(None, []) == Thresholds()
    from_file = load_thresholds(file, [])
    assert (from_file.figure_recall, from_file.max_latency_p95_ms, from_file.flag_accuracy) == (0.95, 500, 0.9)
    flagged = load_thresholds(file, ["figure_recall=0.8", "max_latency_p95_ms=off", "flag_accuracy=75%"])
    assert (flagged.figure_recall, flagged.max_latency_p95_ms, flagged.flag_accuracy) == (0.8, None, 0.75)
    with pytest.raises(AssistantError, match="is not metric=value"):
        load_thresholds(None, ["figure_recall"])
    with pytest.raises(AssistantError, match="'high' is not a number"):
        load_thresholds(None, ["figure_recall=high"])
    file.write_text("- figure_recall\n", encoding="utf-8")
    with pytest.raises(AssistantError, match="must be a mapping of metric to threshold"):
        load_thresholds(file, [])


def test_the_shipped_thresholds_file_holds_the_documented_defaults() -> None:
    assert load_thresholds(REPO / "evals" / "thresholds.yaml", []) == Thresholds()


def test_junit_marks_failures_with_reasons_and_unanswered_cases_as_errors() -> None:
    results = [
        CaseResult(case_id="good", tags=[Tag.single_figure], question="q1", answer="£1K [1]", latency_ms=12.5),
        CaseResult(case_id="wrong", tags=[Tag.comparison], question="q2", answer="£9K [1]",
                   reasons=["missing figure £1K GBP", "unsupported figure £9K"]),
        CaseResult(case_id="down", tags=[], question="q3", error="ConnectionError: refused", reasons=["no answer"]),
    ]  # fmt: skip
    suite = junit_tree(summarize(results, label="unit")).getroot().find("testsuite")
    assert suite is not None and (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    good, wrong, down = suite.findall("testcase")
    assert (good.get("classname"), good.get("time"), list(good)) == ("evals.single-figure", "0.013", [])
    failure = wrong.find("failure")
    assert failure is not None and failure.get("message") == "missing figure £1K GBP; unsupported figure £9K"
    assert failure.text is not None and "answer: £9K [1]" in failure.text and "question: q2" in failure.text
    error = down.find("error")
    assert error is not None and error.get("message") == "ConnectionError: refused" and down.find("failure") is None
