"""The eval runner, the plain-RAG baseline and `assistant eval`, on the real seed index.

The offline engine answers here; an LLM only appears as LangChain's GenericFakeChatModel,
since no real one can run in the tests.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from typer.testing import CliRunner

from assistant.cli import _register, app
from assistant.errors import AssistantError
from assistant.evals.baseline import BASELINE_ENGINE, PlainRag, extractive_answer
from assistant.evals.cases import EvalCase, Tag, load_cases
from assistant.evals.runner import (
    CaseSelection,
    answer_case,
    failing_metrics,
    replaced_answers,
    run_suite,
    select_cases,
)
from assistant.evals.summary import RunReport, load_run
from assistant.response import Citation, WarningKind
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import REPO, TODAY

CASES_DIR = REPO / "evals" / "cases"
PROMPT = REPO / "prompts" / "answer.v1.md"
DEFAULT_SELECTION = CaseSelection(cases_dir=CASES_DIR, generated=40, seed=0)  # what `assistant eval` runs
# A swapped digit: Jane Street's London total comp is £410K - £610K, and no guide shows £612K.
INVENTED = "Jane Street pays ML/AI Engineers £612K in London [1]."


@pytest.fixture(scope="module")
def default_cases(assistant: Assistant) -> list[EvalCase]:
    return select_cases(DEFAULT_SELECTION, assistant.guides())


@pytest.fixture(scope="module")
def product_run(assistant: Assistant, default_cases: list[EvalCase]) -> tuple[RunReport, float]:
    assistant.reader.warm_up()
    started = time.perf_counter()
    report = run_suite(assistant, default_cases, "product")
    return report, time.perf_counter() - started


@pytest.fixture(scope="module")
def baseline_run(assistant: Assistant, default_cases: list[EvalCase]) -> RunReport:
    return run_suite(PlainRag.beside(assistant), default_cases, "plain-rag")


def _env(index_dir: Path) -> dict[str, str]:
    return {
        "ASSISTANT_INDEX_DIR": str(index_dir),
        "ASSISTANT_TODAY": TODAY.isoformat(),
        "ASSISTANT_AUTO_INGEST": "false",
        "ASSISTANT_LLM": "offline",
    }


def _fake_llm(text: str) -> GenericFakeChatModel:
    """A chat model that gives the same reply to every question."""
    return GenericFakeChatModel(messages=itertools.repeat(text))


# --- choosing cases -------------------------------------------------------------------------------


def test_selection_takes_every_hand_written_case_and_a_reproducible_sample(
    assistant: Assistant, default_cases: list[EvalCase]
) -> None:
    hand_written = [case.id for case in load_cases(CASES_DIR)]
    ids = [case.id for case in default_cases]
    assert ids[: len(hand_written)] == hand_written
    generated = ids[len(hand_written) :]
    assert len(generated) == 40 and all(case_id.startswith("gen:") for case_id in generated)
    assert [case.id for case in select_cases(DEFAULT_SELECTION, assistant.guides())] == ids


def test_selection_filters_by_tag_then_limits(assistant: Assistant) -> None:
    selection = CaseSelection(cases_dir=CASES_DIR, generated=0, tags=frozenset({Tag.refusal}), limit=3)
    cases = select_cases(selection, assistant.guides())
    assert len(cases) == 3 and all(Tag.refusal in case.tags for case in cases)
    with pytest.raises(AssistantError, match="No eval case matches"):
        select_cases(CaseSelection(cases_dir=None, generated=0), assistant.guides())


# --- the offline product and the baseline -----------------------------------------------------------


def test_offline_suite_passes_default_thresholds(
    product_run: tuple[RunReport, float], default_cases: list[EvalCase]
) -> None:
    """How long the suite takes is reported (latency p50/p95), not judged here: a shared CI box varies."""
    report, _seconds = product_run
    assert report.overall.cases == len(default_cases)
    failures = "\n".join(f"{r.case_id}: {'; '.join(r.reasons)} | answer: {r.answer[:160]!r}" for r in report.failing)
    assert report.passed, f"below thresholds: {failing_metrics(report)}\nfailing cases:\n{failures}"


def test_parallel_jobs_give_the_serial_results_in_case_order(
    assistant: Assistant, default_cases: list[EvalCase], product_run: tuple[RunReport, float]
) -> None:
    """Threads share one Assistant (index reader, embedding cache, Chroma, SQLite): answers must not change."""
    cases = default_cases[:40]
    ticks: list[int] = []
    parallel = run_suite(assistant, cases, "parallel", jobs=4, progress=lambda done, _total: ticks.append(done))
    serial = product_run[0].results[:40]
    assert [r.case_id for r in parallel.results] == [case.id for case in cases]
    assert [(r.answer, r.reasons) for r in parallel.results] == [(r.answer, r.reasons) for r in serial]
    assert sorted(ticks) == list(range(1, 41))


def test_baseline_answers_from_its_top_k_passages(seed_settings: Settings, assistant: Assistant) -> None:
    rag = PlainRag(assistant.reader, seed_settings.model_copy(update={"top_k": 3}))
    response = rag.ask("What is the base salary for an ML/AI Engineer at Jane Street in London?")
    assert response.engine == BASELINE_ENGINE and not response.refused and response.warnings == []
    assert [c.number for c in response.citations] == [1, 2, 3]
    assert response.retrieved_guides == list(dict.fromkeys(c.guide_id for c in response.citations))
    quoted = response.answer.splitlines()[1:]
    assert quoted, response.answer
    for line in quoted:  # "- <sentence> [n]": each sentence verbatim from the passage it cites
        sentence, _, marker = line.removeprefix("- ").rpartition(" [")
        assert sentence in response.citations[int(marker.rstrip("]")) - 1].quote


def test_extractive_answer_picks_the_row_its_header_and_region_match(assistant: Assistant) -> None:
    chunks = assistant.reader.catalog.chunks(["jane-street/ml-ai-engineer"])
    table = next(chunk for chunk in chunks if "| **London** |" in chunk.text)
    prose = next(chunk for chunk in chunks if not chunk.has_table and "Jane Street" in chunk.text)
    citations = [
        Citation(number=number, guide_id=chunk.guide_id, company=chunk.company, role=chunk.role, section=chunk.section,
                 start_line=chunk.start_line, end_line=chunk.end_line, quote=chunk.text)
        for number, chunk in enumerate([prose, table], start=1)
    ]  # fmt: skip
    answer = extractive_answer("What is the base salary for an ML/AI Engineer at Jane Street in London?", citations)
    best = answer.splitlines()[1]
    assert best.startswith("- | **London** | £195K - £275K") and best.endswith("[2]")


def test_baseline_scores_worse_than_the_product(product_run: tuple[RunReport, float], baseline_run: RunReport) -> None:
    product, baseline = product_run[0].overall, baseline_run.overall
    assert {r.engine for r in baseline_run.results} == {BASELINE_ENGINE}
    assert baseline.figure_precision is not None and product.figure_precision is not None
    assert baseline.citation_accuracy is not None and product.citation_accuracy is not None
    assert (
        baseline.figure_precision < product.figure_precision or baseline.citation_accuracy < product.citation_accuracy
    ), f"baseline {baseline} vs product {product}"
    assert baseline.passed_cases < product.passed_cases


# --- an LLM engine, faked -----------------------------------------------------------------------------


def test_verifier_fallback_keeps_precision_where_plain_rag_fails(seed_settings: Settings) -> None:
    settings = seed_settings.model_copy(update={"llm": "fake", "prompt_file": PROMPT})
    product = Assistant(settings, chat_model=_fake_llm(INVENTED))
    cases = select_cases(CaseSelection(cases_dir=CASES_DIR, generated=0, tags=frozenset({Tag.single_figure})), [])
    london = next(case for case in cases if case.id == "js-london-total")

    last = answer_case(product, london)[-1]
    assert last.verification.action == "fell_back" and "£612K" in " ".join(last.verification.unsupported)
    assert any(warning.kind is WarningKind.verification for warning in last.warnings)

    report = run_suite(product, cases, "llm fake")
    assert report.overall.figure_precision == 1.0
    assert not any("£612K" in result.answer for result in report.results)
    answered = [result for result in report.results if not result.refused]
    assert answered and replaced_answers(report, product.chain.engine) == len(answered)  # every draft replaced

    rag = PlainRag(product.reader, settings, chat_model=_fake_llm(INVENTED))
    baseline = run_suite(rag, cases, "plain-rag llm fake")
    assert baseline.overall.figure_precision is not None and baseline.overall.figure_precision < 1.0
    precision = next(v for v in baseline.verdicts if v.metric == "figure_precision")
    assert not precision.passed and not baseline.passed
    assert all(any("unsupported figure £612K" in reason for reason in r.reasons) for r in baseline.results)


def test_broken_prompt_file_fails_plain_rag_but_the_product_falls_back(seed_settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_text("Answer from {sources} for {asker}.", encoding="utf-8")  # {asker} is never given
    settings = seed_settings.model_copy(update={"llm": "fake", "prompt_file": broken})
    cases = select_cases(CaseSelection(cases_dir=CASES_DIR, generated=0, limit=5), [])
    product = Assistant(settings, chat_model=_fake_llm(INVENTED))
    report = run_suite(product, cases, "broken prompt")
    assert report.overall.figure_precision == 1.0 and all(result.error is None for result in report.results)
    baseline = run_suite(PlainRag(product.reader, settings, _fake_llm(INVENTED)), cases, "plain-rag broken prompt")
    assert all(result.error is not None and "asker" in result.error for result in baseline.results)
    assert not baseline.passed


# --- the command --------------------------------------------------------------------------------------


def test_cli_exits_1_when_retrieval_is_turned_off(
    seed_index: Path, tmp_path: Path, product_run: tuple[RunReport, float]
) -> None:
    page = tmp_path / "broken.html"
    command = [sys.executable, "-m", "assistant.cli", "eval", "--top-k", "0"]
    command += ["--reports-dir", str(tmp_path), "--report", str(page)]
    done = subprocess.run(
        command, cwd=REPO, env={**os.environ, **_env(seed_index)}, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 1, done.stdout + done.stderr
    below = next(line for line in done.stdout.splitlines() if line.startswith("Below thresholds:"))
    assert "retrieval recall@k 0.0%" in below
    broken = load_run(tmp_path / "latest.json")
    assert broken.config["top_k"] == "0"
    failed = {verdict.metric for verdict in broken.verdicts if not verdict.passed}
    assert "retrieval_recall" in failed
    # The same cases with the default settings pass that metric: the setting broke it.
    healthy = product_run[0]
    assert [r.case_id for r in healthy.results] == [r.case_id for r in broken.results]
    assert next(v for v in healthy.verdicts if v.metric == "retrieval_recall").passed
    assert "FAILED" in page.read_text(encoding="utf-8")


def _invoke(args: list[str], index_dir: Path) -> tuple[int, str]:
    _register()
    result = CliRunner().invoke(app, ["eval", *args], env=_env(index_dir), catch_exceptions=False)
    return result.exit_code, result.output


def test_cli_compares_with_plain_rag_and_writes_both_pages(seed_index: Path, tmp_path: Path) -> None:
    page = tmp_path / "latest.html"
    selection = ["--tags", "single-figure,advice", "--generated", "5", "--limit", "20"]
    args = [*selection, "--baseline", "plain-rag", "--reports-dir", str(tmp_path), "--report", str(page)]
    code, output = _invoke(args, seed_index)
    main_run, baseline = load_run(tmp_path / "latest.json"), load_run(tmp_path / "latest-baseline.json")
    assert code == (0 if main_run.passed else 1)
    assert "Eval comparison: plain-rag → product" in output
    assert main_run.overall.cases == baseline.overall.cases == 20
    assert baseline.config["engine"] == BASELINE_ENGINE and baseline.config["writer"] == "extractive"
    assert len(list(tmp_path.glob("run-*.json"))) == 2  # the timestamped copies
    assert "Eval comparison: plain-rag → product" in (tmp_path / "latest-comparison.html").read_text(encoding="utf-8")
    assert "<script" not in page.read_text(encoding="utf-8")

    args = [
        *selection,
        "--compare-with",
        str(tmp_path / "latest-baseline.json"),
        "--reports-dir",
        str(tmp_path / "again"),
    ]
    code, output = _invoke(args, seed_index)
    assert "Eval comparison: plain-rag → product" in output
    assert json.loads((tmp_path / "again" / "latest.json").read_text(encoding="utf-8"))["label"] == "product"


def test_cli_says_plainly_that_the_offline_engine_ignores_prompts(seed_index: Path, tmp_path: Path) -> None:
    args = ["--prompt", str(PROMPT), "--baseline", str(PROMPT), "--tags", "refusal", "--generated", "0"]
    _code, output = _invoke([*args, "--reports-dir", str(tmp_path)], seed_index)
    notes = [line for line in output.splitlines() if "offline engine does not use a prompt file" in line]
    assert len(notes) == 1
    assert "Eval comparison: prompt answer.v1.md → prompt answer.v1.md" in output
    assert "prompt" not in load_run(tmp_path / "latest.json").config  # an unused prompt is not recorded as used
    with pytest.raises(AssistantError, match="Unknown tag 'no-such-tag'"):
        _invoke(["--tags", "no-such-tag", "--reports-dir", str(tmp_path)], seed_index)
