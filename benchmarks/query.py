"""Query benchmark: retrieval and full offline-answer latency (p50/p95, warm process) over an index of the
seeds and over one of the seeds plus 5,000 invented guides, and whether the right guide comes first.
Prints figures; asserts nothing.

    python benchmarks/query.py                     # builds /tmp/assistant-bench-5000 once (minutes)
    python benchmarks/query.py --sizes 0           # seeds only
    python benchmarks/query.py --sizes 50000       # the one-off run at 50,000 guides (hours: run it with nohup)

When it builds an index it also prints the ingest's time, the index size and the ingest's peak memory.
The goal at 50,000 guides: full offline answer p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import random
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
    """An index of the seeds plus `size` invented guides, and (question, expected guide id, its cell) triples."""
    from benchmarks.corpus import write_corpus
    from benchmarks.ingest import index_megabytes, ingest_in_child
    from benchmarks.questions import formal_questions, sample_cells

    corpus, index_dir = root / "corpus", root / "index"
    questions: list[tuple[str, str, object]] = [(q, "", None) for q in SEED_QUESTIONS]
    started = time.perf_counter()
    generated = write_corpus(corpus, size, seed=11).guides if size else []
    shutil.copytree(REPO / "seeds", corpus, dirs_exist_ok=True)
    print(f"corpus of {len(generated) + 3:,} guides written in {time.perf_counter() - started:.0f}s", flush=True)
    # Always in a child, so this process's memory is the answering's alone; on an index built before, the child's
    # ingest only re-reads what changed (and says so: a re-ingest's time is not a build's).
    what = "re-ingest of the index already there" if (index_dir / "catalog.sqlite3").exists() else "ingest"
    built = ingest_in_child(corpus, index_dir)
    print(f"  {what}: {built['guides']:,.0f} guides, {built['chunks']:,.0f} chunks in {built['seconds']:.0f}s "
          f"({built['chunks'] / built['seconds']:.1f} chunks/s, {built['seconds'] / built['chunks'] * 1000:.2f} "
          f"s per 1k chunks), peak memory {built['peak_rss_mb']:,.0f} MB", flush=True)  # fmt: skip
    print(f"  index size {index_megabytes(index_dir):,.1f} MB", flush=True)
    rng = random.Random(11)
    for guide, placed in sample_cells(generated, 100, rng) if generated else []:
        question = formal_questions(guide, placed, rng)[0]  # the place as a person names it
        questions.append((question.text, guide.id, placed.truth.cell))
    return index_dir, questions


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]


def run(size: int) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings
    from benchmarks.ingest import peak_rss_mb, resident_mb

    root = Path(f"/tmp/assistant-bench-{size}")
    started = time.perf_counter()
    index_dir, questions = build(size, root)
    built = time.perf_counter() - started
    assistant = Assistant(Settings(index_dir=index_dir, auto_ingest=False, chroma_url=None))
    loading = time.perf_counter()
    assistant.ask("warm up: load the model, Chroma and BM25")
    loaded = time.perf_counter() - loading
    retrieval, total, right, known = [], [], 0, 0
    for question, expected_id, figure in questions:  # once each: a repeat would hit the embedding cache
        response = assistant.ask(question)
        retrieval.append(response.timings_ms["plan"] + response.timings_ms["retrieve"])
        total.append(response.timings_ms["total"])
        if expected_id:  # the cell's exact range, from its guide, shown first
            known += 1
            shown = [(f.guide_id, f.low, f.high) for f in response.figures]
            right += bool(shown) and shown[0][0] == expected_id and (expected_id, figure.low, figure.high) in shown  # type: ignore[attr-defined]
    print(f"index of seeds + {size} invented guides (ready in {built:.0f}s, first answer after {loaded:.1f}s), "
          f"{len(total)} questions:")  # fmt: skip
    print(f"  retrieval p50 {percentile(retrieval, 0.5):.1f} ms  p95 {percentile(retrieval, 0.95):.1f} ms")
    print(f"  full offline answer p50 {percentile(total, 0.5):.1f} ms  p95 {percentile(total, 0.95):.1f} ms")
    if known:
        print(f"  right guide first with the exact figure: {right}/{known}")
    print(f"  answering process memory: resident {resident_mb():,.0f} MB, peak {peak_rss_mb():,.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 5000])
    for size in parser.parse_args().sizes:
        run(size)


if __name__ == "__main__":
    main()
