"""A run as JUnit XML, the format CI systems display: one test case per eval case.

A case that answered wrongly is a <failure> carrying its reasons; a case that could not be
answered at all (a backend error, a timeout) is an <error>. The run's settings and each
threshold's verdict are the suite's <properties>.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from assistant.evals.metrics import CaseResult
from assistant.evals.summary import RunReport

ANSWER_EXCERPT = 600  # characters of the answer shown under a failure: enough to see what went wrong


def junit_tree(report: RunReport) -> ET.ElementTree:
    failures = sum(1 for r in report.results if r.reasons and r.error is None)
    errors = sum(1 for r in report.results if r.error is not None)
    seconds = sum(r.latency_ms or 0 for r in report.results) / 1000
    counts = {"tests": str(len(report.results)), "failures": str(failures), "errors": str(errors), "skipped": "0"}
    root = ET.Element("testsuites", {"name": "assistant eval", **counts, "time": f"{seconds:.3f}"})
    suite = ET.SubElement(root, "testsuite", {
        "name": f"assistant eval: {report.label}", **counts, "time": f"{seconds:.3f}",
        "timestamp": report.created_at.replace(tzinfo=None).isoformat(timespec="seconds"),
    })  # fmt: skip
    properties = ET.SubElement(suite, "properties")
    for name, value in report.config.items():
        ET.SubElement(properties, "property", {"name": name, "value": value})
    for verdict in report.verdicts:
        shown = "n/a" if verdict.value is None else f"{verdict.value:.4g}"
        bound = "≥" if verdict.higher_is_better else "≤"
        outcome = "pass" if verdict.passed else "FAIL"
        text = f"{shown} (needs {bound} {verdict.threshold:g}): {outcome}"
        ET.SubElement(properties, "property", {"name": f"threshold.{verdict.metric}", "value": text})
    longest = report.overall.longest_lead_chars
    ET.SubElement(
        properties, "property", {"name": "longest_lead_chars", "value": "n/a" if longest is None else str(longest)}
    )
    for result in report.results:
        suite.append(_testcase(result))
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(report: RunReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    junit_tree(report).write(path, encoding="utf-8", xml_declaration=True)


def _testcase(result: CaseResult) -> ET.Element:
    group = result.tags[0].value if result.tags else "untagged"
    case = ET.Element("testcase", {
        "name": result.case_id, "classname": f"evals.{group}", "time": f"{(result.latency_ms or 0) / 1000:.3f}",
    })  # fmt: skip
    if result.error is not None:
        ET.SubElement(case, "error", {"message": result.error, "type": "NoAnswer"}).text = result.error
    elif result.reasons:
        failure = ET.SubElement(case, "failure", {"message": "; ".join(result.reasons), "type": "EvalFailure"})
        failure.text = "\n".join([*(f"- {reason}" for reason in result.reasons), "", f"question: {result.question}",
                                  f"answer: {_excerpt(result.answer)}"])  # fmt: skip
    return case


def _excerpt(text: str) -> str:
    return text if len(text) <= ANSWER_EXCERPT else text[:ANSWER_EXCERPT].rstrip() + " …"
