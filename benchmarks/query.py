"""Query benchmark: retrieval and full offline-answer latency (p50/p95, warm process) over an index of the
seeds and over one of the seeds plus 5,000 invented guides, and whether the right guide comes first.
Prints figures; asserts nothing.

    python benchmarks/query.py                     # builds /tmp/assistant-bench-5000 once (minutes)
    python benchmarks/query.py --sizes 0           # seeds only
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

SEED_QUESTIONS = [
    "What's a fair London ask for an ML engineer at Jane Street?",
    "Compare New York total comp for ML/AI engineers at Tastytrade, Jane Street and Millennium",
    "Millennium ML engineer total comp in Miami",
    "What bonus does Tastytrade pay ML engineers in London?",
    "JS ML engineer Hong Kong base?",
    "When should I walk away from a Millennium offer?",
    "What does Goldman Sachs pay ML engineers in London?",
]


def build(size: int, root: Path) -> tuple[Path, list[tuple[str, str, object]]]:
    """An index of the seeds plus `size` invented guides, and (question, expected guide id, known figure) pairs."""
    from assistant.index.build import ingest
    from benchmarks.corpus import write_corpus

    corpus, index_dir = root / "corpus", root / "index"
    questions: list[tuple[str, str, object]] = [(q, "", None) for q in SEED_QUESTIONS]
    generated = write_corpus(corpus, size, seed=11) if size else []
    shutil.copytree(REPO / "seeds", corpus, dirs_exist_ok=True)
    if not (index_dir / "catalog.sqlite3").exists() or ingest(corpus, index_dir).changed:
        ingest(corpus, index_dir)
    for guide in generated[:: max(1, len(generated) // 100)]:
        if guide.known is not None:
            k = guide.known
            question = f"What is the {k.component} for a {guide.role} at {guide.company} in {k.region}?"
            questions.append((question, guide.id, k))
    return index_dir, questions


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]


def run(size: int) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings

    root = Path(f"/tmp/assistant-bench-{size}")
    started = time.perf_counter()
    index_dir, questions = build(size, root)
    built = time.perf_counter() - started
    assistant = Assistant(Settings(index_dir=index_dir, auto_ingest=False))
    assistant.ask("warm up: load the model, Chroma and BM25")
    retrieval, total, right, known = [], [], 0, 0
    for question, expected_id, figure in questions:  # once each: a repeat would hit the embedding cache
        response = assistant.ask(question)
        retrieval.append(response.timings_ms["understand"] + response.timings_ms["retrieve"])
        total.append(response.timings_ms["total"])
        if expected_id:
            known += 1
            shown = [(f.guide_id, f.low, f.high) for f in response.figures]
            right += bool(shown) and shown[0][0] == expected_id and (expected_id, figure.low, figure.high) in shown  # type: ignore[attr-defined]
    print(f"index of seeds + {size} invented guides (ready in {built:.0f}s), {len(total)} questions:")
    print(f"  retrieval p50 {percentile(retrieval, 0.5):.1f} ms  p95 {percentile(retrieval, 0.95):.1f} ms")
    print(f"  full offline answer p50 {percentile(total, 0.5):.1f} ms  p95 {percentile(total, 0.95):.1f} ms")
    if known:
        print(f"  right guide first with the exact figure: {right}/{known}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 5000])
    for size in parser.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
