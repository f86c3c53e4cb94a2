"""`assistant eval`: run the eval suite, report it, compare it, and judge it by the thresholds.

assistant eval                                          # hand-written + 40 generated cases
assistant eval --report evals/reports/latest.html       # also the self-contained HTML page
assistant eval --prompt prompts/answer.v2.md --baseline prompts/answer.v1.md
assistant eval --baseline plain-rag                     # the product against a plain RAG
assistant eval --compare-with evals/reports/run-20260101-120000.json
assistant eval --jobs 4 --junit test-output/evals.xml --json     # in CI: parallel, JUnit XML, a JSON summary

Exit codes: 0 every threshold met, 1 a threshold not met, 2 the suite could not run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app
from assistant.errors import AssistantError


@app.command("eval")
def eval_command(
    ctx: typer.Context,
    generated: Annotated[int, typer.Option(min=0, help="How many generated cases to add (0: none).")] = 40,
    seed: Annotated[int, typer.Option(help="Which generated cases: the same seed picks the same ones.")] = 0,
    tags: Annotated[list[str] | None, typer.Option(help="Only cases with one of these tags (comma-separated).")] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Ask at most this many cases.")] = None,
    top_k: Annotated[
        int | None, typer.Option(min=0, help="Passages the retriever returns (0 turns retrieval off).")
    ] = None,
    prompt: Annotated[Path | None, typer.Option(help="Prompt file for the LLM engine (default: settings).")] = None,
    baseline: Annotated[str | None, typer.Option(help="Compare with another prompt file, or with 'plain-rag'.")] = None,
    compare_with: Annotated[Path | None, typer.Option(help="Compare with a saved run (a JSON report).")] = None,
    report: Annotated[Path | None, typer.Option(help="Also write this self-contained HTML page.")] = None,
    junit: Annotated[Path | None, typer.Option(help="Also write JUnit XML: one test case per eval case.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run's summary as one JSON document.")] = False,
    thresholds_file: Annotated[
        Path | None, typer.Option("--thresholds", help="Thresholds file (default: evals/thresholds.yaml).")
    ] = None,
    threshold: Annotated[
        list[str] | None, typer.Option(help="Override one threshold: metric=value, e.g. figure_recall=0.95.")
    ] = None,
    jobs: Annotated[int, typer.Option(min=1, help="Cases asked at once, on threads.")] = 1,
    cases_dir: Annotated[Path | None, typer.Option(help="Hand-written cases (default: evals/cases).")] = None,
    reports_dir: Annotated[Path | None, typer.Option(help="Where JSON reports go (default: evals/reports).")] = None,
) -> None:
    """Ask every eval case, score the answers exactly, and judge the run against the thresholds.

    Exit codes: 0 all thresholds met; 1 a threshold not met; 2 the suite could not run (bad file or option, no index).
    """
    # Imported here: the evals pull in LangChain and numpy, which `assistant --help` must not wait for.
    from assistant.cli.eval_flow import EvalOptions, run_evals

    options = EvalOptions(
        generated=generated, seed=seed, tags=tags or [], limit=limit, top_k=top_k, prompt=prompt, baseline=baseline,
        compare_with=compare_with, report=report, junit=junit, as_json=as_json, thresholds_file=thresholds_file,
        threshold=threshold or [], jobs=jobs, cases_dir=cases_dir, reports_dir=reports_dir,
    )  # fmt: skip
    try:
        passed = run_evals(ctx.obj, options)
    except (AssistantError, typer.Exit):
        raise
    except Exception as error:  # anything unexpected means the suite did not run: exit 2, never 1
        if os.environ.get("ASSISTANT_DEBUG"):
            raise
        raise AssistantError(f"The eval suite could not run ({type(error).__name__}: {error}); "
                             "set ASSISTANT_DEBUG=1 to see the traceback.") from error  # fmt: skip
    if not passed:
        raise typer.Exit(1)
