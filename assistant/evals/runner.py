"""Running the eval suite: pick the cases, ask each case's turns in order, score, add up, save.

Anything with `ask(question, history) -> AnswerResponse` can be run: the product's Assistant
and the plain-RAG baseline alike, so both are scored by the same metrics on the same cases.
With jobs > 1, cases are asked on that many threads sharing one answerer (its index reader,
embedding model, Chroma client and chat model are all safe to share); a case's turns stay in order.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from assistant.errors import AssistantError
from assistant.evals.cases import CaseFileError, EvalCase, Tag, load_cases
from assistant.evals.generate import GeneratedCases
from assistant.evals.metrics import DEFAULT_K, CaseResult, failed_case, score_case
from assistant.evals.report import METRIC_TITLES
from assistant.evals.summary import RunReport, Thresholds, save_run, summarize
from assistant.guide import Guide
from assistant.response import AnswerResponse, Turn
from assistant.settings import Settings

LATEST = "latest"  # evals/reports/latest.json is always the last run
Progress = Callable[[int, int], None]  # called with (cases done, cases in all)


class Answerer(Protocol):
    def ask(self, question: str, history: list[Turn] | None = None) -> AnswerResponse: ...


@dataclass(frozen=True)
class CaseSelection:
    """Which cases a run asks: the hand-written ones plus a reproducible sample of generated ones."""

    cases_dir: Path | None = Path("evals/cases")
    generated: int = 40
    seed: int = 0
    tags: frozenset[Tag] = frozenset()  # empty: every tag
    limit: int | None = None

    def describe(self) -> dict[str, str]:
        described = {"cases_dir": str(self.cases_dir), "generated": str(self.generated), "seed": str(self.seed)}
        if self.tags:
            described["tags"] = ",".join(sorted(tag.value for tag in self.tags))
        if self.limit is not None:
            described["limit"] = str(self.limit)
        return described


def select_cases(selection: CaseSelection, guides: Iterable[Guide]) -> list[EvalCase]:
    """The hand-written cases, then the generated sample; filtered by tag, then cut to the limit."""
    cases: list[EvalCase] = []
    if selection.cases_dir is not None:
        try:
            cases += load_cases(selection.cases_dir)
        except CaseFileError as error:
            raise AssistantError(str(error)) from error
    if selection.generated > 0:
        cases += GeneratedCases(guides).sample(selection.generated, selection.seed)
    if selection.tags:
        cases = [case for case in cases if selection.tags.intersection(case.tags)]
    if selection.limit is not None:
        cases = cases[: selection.limit]
    if not cases:
        raise AssistantError("No eval case matches this selection: check --tags, --limit and --generated.")
    return cases


def answer_case(answerer: Answerer, case: EvalCase) -> list[AnswerResponse]:
    """One response per turn, each turn asked with the conversation so far, as a user would."""
    history: list[Turn] = []
    responses: list[AnswerResponse] = []
    for question in case.questions:
        response = answerer.ask(question, history)
        responses.append(response)
        history.append(Turn(question=question, plan=response.plan))
    return responses


def run_cases(
    answerer: Answerer, cases: list[EvalCase], k: int = DEFAULT_K, progress: Progress | None = None, jobs: int = 1
) -> list[CaseResult]:
    """Score every case, `jobs` at a time on threads sharing the answerer; results come in case order."""
    counter = _Counter(len(cases), progress)

    def score(case: EvalCase) -> CaseResult:
        result = _scored(answerer, case, k)
        counter.tick()
        return result

    if jobs <= 1:
        return [score(case) for case in cases]
    with ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="eval") as pool:
        futures = [pool.submit(score, case) for case in cases]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:  # a set-up problem stops the run: ask no more cases
                future.cancel()
            raise


def _scored(answerer: Answerer, case: EvalCase, k: int) -> CaseResult:
    try:
        return score_case(case, answer_case(answerer, case), k)
    except AssistantError:
        raise  # a set-up problem (no index, unknown LLM) stops the run with its one-sentence message
    except Exception as error:  # one case's failure (a timeout, a backend error) must not lose the run
        return failed_case(case, f"{type(error).__name__}: {error}", k)


class _Counter:
    """Cases done so far, told to the progress callback; safe to tick from several threads."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.done, self._progress, self._lock = total, 0, progress, threading.Lock()

    def tick(self) -> None:
        with self._lock:
            self.done += 1
            if self._progress is not None:
                self._progress(self.done, self.total)


def run_suite(
    answerer: Answerer,
    cases: list[EvalCase],
    label: str,
    config: dict[str, str] | None = None,
    thresholds: Thresholds | None = None,
    k: int = DEFAULT_K,
    progress: Progress | None = None,
    jobs: int = 1,
) -> RunReport:
    return summarize(run_cases(answerer, cases, k, progress, jobs), thresholds, label=label, config=config)


def run_config(settings: Settings, engine: str, selection: CaseSelection, uses_prompt: bool) -> dict[str, str]:
    """The settings that explain a run's numbers, saved with it so a later comparison can say what changed."""
    config = {"engine": engine, "top_k": str(settings.top_k), "index_dir": str(settings.index_dir)}
    if uses_prompt:  # offline engines write without a prompt: naming one would mislead
        config["prompt"] = str(settings.prompt_file)
    return {**config, **selection.describe()}


def save_reports(report: RunReport, reports_dir: Path, suffix: str = "") -> list[Path]:
    """`latest{suffix}.json`, replaced on every run, and a timestamped copy that stays for later comparisons."""
    stamp = report.created_at.strftime("%Y%m%d-%H%M%S")
    paths = [reports_dir / f"{LATEST}{suffix}.json", reports_dir / f"run-{stamp}{suffix}.json"]
    for path in paths:
        save_run(report, path)
    return paths


def replaced_answers(report: RunReport, engine: str) -> int:
    """Answers another engine wrote than the run's: LLM drafts the verifier (or a backend failure) replaced.

    A refusal is left out: the product refuses offline without asking the LLM at all.
    """
    return sum(1 for r in report.results if r.engine is not None and r.engine != engine and not r.refused)


def failing_metrics(report: RunReport) -> list[str]:
    """Each metric below its threshold, e.g. "figure recall 45.0% (needs ≥ 90%)"."""
    lines = []
    for verdict in report.verdicts:
        if verdict.passed:
            continue
        name = METRIC_TITLES.get(verdict.metric, verdict.metric)
        if verdict.higher_is_better:
            lines.append(f"{name} {_percent(verdict.value)} (needs ≥ {verdict.threshold:.0%})")
        else:
            lines.append(f"{name} {verdict.value or 0:.0f} (needs ≤ {verdict.threshold:.0f})")
    return lines


def _percent(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"
