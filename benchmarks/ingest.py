"""Ingest benchmark: guides/s, chunks/s, peak memory and index size at N invented guides, plus the no-op and
one-changed-guide re-ingest times. Prints figures; asserts nothing.

    python benchmarks/ingest.py                   # 500 and 5,000 guides (about 10 minutes on 2 cores)
    python benchmarks/ingest.py --sizes 500
    python benchmarks/ingest.py --sizes 50000     # the one-off run at ten times the real corpus (hours)
    python benchmarks/ingest.py --reingest /tmp/assistant-bench-50000/corpus /tmp/assistant-bench-50000/index
                                                  # only the two re-ingests, on the index query.py built
    python benchmarks/ingest.py --noop ../shared/corpus-twin/guides /tmp/wt19-twin/index
                                                  # only the no-op re-ingest, `assistant ingest` as a whole process
                                                  # (--runs times, after one run not counted); changes no guide
    python benchmarks/ingest.py --corpus ../shared/corpus-twin/guides --index /tmp/wt19-twin/index
                                                  # a real corpus: the ingest's time by stage, its pure-embedding
                                                  # time beside it, and a no-op re-ingest as a whole process
    python benchmarks/ingest.py --sweep /tmp/wt19-twin/index
                                                  # embedding speed by batch size and threads

"s/1k chunks" is the figure to compare across sizes: ingest time should grow no faster than the chunks.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def index_megabytes(index_dir: Path) -> float:
    return sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file()) / 1e6


def peak_rss_mb() -> float:
    """This process's own peak resident memory. Not getrusage's ru_maxrss: Linux carries that across exec, so a
    child started by a process holding 6 GB would report 6 GB whatever it used itself."""
    return _status_kb("VmHWM") / 1024


def resident_mb() -> float:
    """This process's resident memory now."""
    return _status_kb("VmRSS") / 1024


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)  # not Linux: the nearest figure there is


def timed_ingest(corpus: Path, index_dir: Path) -> dict[str, float]:
    """One ingest in this process: its time, the index it left and this process's peak memory."""
    from assistant.index.build import ingest
    from assistant.index.catalog import Catalog

    report = ingest(corpus, index_dir)
    catalog = Catalog(index_dir)
    chunks = catalog.chunk_count()
    catalog.close()
    return {
        "guides": report.guides_in_index,
        "errors": len(report.errors),
        "chunks": chunks,
        "seconds": report.seconds,
        "peak_rss_mb": peak_rss_mb(),
        "index_mb": index_megabytes(index_dir),
    }


def ingest_in_child(corpus: Path, index_dir: Path) -> dict[str, float]:
    """timed_ingest in a fresh process, so its peak memory is the ingest's own (query.py builds with this)."""
    done = subprocess.run([sys.executable, __file__, "--ingest", str(corpus), str(index_dir)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def middle_guide(corpus: Path) -> Path:
    """A guide file from the middle of the corpus, in a stable order."""
    files = sorted(corpus.rglob("*.md"))
    return files[len(files) // 2]


def measure(size: int, workdir: Path) -> dict[str, float]:
    from benchmarks.corpus import write_corpus

    corpus, index_dir = workdir / "corpus", workdir / "index"
    generated = write_corpus(corpus, size, seed=7)
    first = timed_ingest(corpus, index_dir)
    return {
        **first,
        "guides_per_s": size / first["seconds"],
        "chunks_per_s": first["chunks"] / first["seconds"],
        "s_per_1k_chunks": first["seconds"] / first["chunks"] * 1000,
        **reingests(corpus, index_dir, corpus / f"{generated.guides[size // 2].id}.md"),
        "peak_rss_mb": peak_rss_mb(),
    }


def reingests(corpus: Path, index_dir: Path, changed_file: Path) -> dict[str, float]:
    """Two re-ingests of a built index: with nothing changed, then with one guide changed (its file is edited).
    Each loads what it needs as `assistant ingest` would in a fresh process: the second includes the model's load."""
    from assistant.index.build import ingest

    noop = ingest(corpus, index_dir)
    changed_file.write_text(changed_file.read_text() + "\nA late note added by the benchmark.\n")
    changed = ingest(corpus, index_dir)
    return {
        "noop_s": noop.seconds,
        "one_changed_s": changed.seconds,
        "one_changed_embedded": changed.chunks_embedded,
        "index_mb_after_changes": index_megabytes(index_dir),
    }


def stage_report(corpus: Path, index_dir: Path) -> dict[str, object]:
    """One ingest of a real corpus in this process (a fresh one: ingest_in_child), with its time by stage."""
    from assistant.index.build import ingest

    report = ingest(corpus, index_dir)
    return {"report": json.loads(report.model_dump_json()), "split": report.split(), "peak_rss_mb": peak_rss_mb()}


def chunk_texts(index_dir: Path, every: int = 1) -> list[str]:
    """What the ingest embedded: every chunk's embedding text (every n-th, for a sample), in catalog order."""
    from assistant.index.catalog import Catalog

    catalog = Catalog(index_dir)
    try:
        return [chunk.embedding_text() for n, chunk in enumerate(catalog.chunks()) if n % every == 0]
    finally:
        catalog.close()


def pure_embedding(texts: list[str], batch_size: int | None = None, threads: int | None = None) -> dict[str, float]:
    """The model alone on these texts, in the ingest's batches, after loading it: no files, no store, no catalog.
    Batch size and threads are the ingest's unless given (a sweep's)."""
    from assistant.index.embedder import INGEST_BATCH, INGEST_THREADS
    from assistant.index.embeddings import MiniLMEmbeddings
    from assistant.index.vector_sync import EMBED_BATCH

    embeddings = MiniLMEmbeddings(batch_size=batch_size or INGEST_BATCH, threads=threads or INGEST_THREADS)
    embeddings.load()
    started = time.perf_counter()
    for start in range(0, len(texts), EMBED_BATCH):
        embeddings.embed_documents(texts[start : start + EMBED_BATCH])
    seconds = time.perf_counter() - started
    return {"chunks": len(texts), "seconds": seconds, "chunks_per_s": len(texts) / seconds}


def whole_process_ingest(corpus: Path, index_dir: Path) -> float:
    """Seconds of `assistant ingest CORPUS` from exec to exit (with nothing changed: the no-op re-ingest)."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(index_dir), HF_HUB_OFFLINE="1")
    command = [str(Path(sys.executable).with_name("assistant")), "ingest", str(corpus), "--json"]
    started = time.perf_counter()
    subprocess.run(command, env=env, capture_output=True, check=True)
    return time.perf_counter() - started


def in_child(*args: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure_corpus(corpus: Path, index_dir: Path, runs: int, every: int = 1) -> None:
    """The real corpus: the first ingest's split, the pure-embedding time beside it, the no-op re-ingest.
    An index already built by an earlier run is reused: its first ingest's report is kept beside it."""
    saved = index_dir.parent / f"{index_dir.name}-first-ingest.json"
    if saved.exists():
        first = json.loads(saved.read_text())
        print(f"the first ingest of {corpus} into {index_dir}, as an earlier run recorded it:")
    else:
        print(f"ingesting {corpus} into {index_dir} (a fresh process) ...", flush=True)
        first = in_child("--stages", str(corpus), str(index_dir))
        saved.write_text(json.dumps(first))
    report = first["report"]
    assert isinstance(report, dict)
    stages = report["stage_seconds"]
    print(f"ingest: {report['guides_in_index']:,} guides, {report['chunks_embedded']:,} chunks embedded in "
          f"{report['seconds']:.1f} s; peak memory {first['peak_rss_mb']:,.0f} MB; "
          f"index {index_megabytes(index_dir):,.1f} MB")  # fmt: skip
    print(f"  by stage: {first['split']}", flush=True)
    pure = in_child("--pure", str(index_dir), "--every", str(every))
    seconds = float(pure["seconds"]) * every  # a sample of every n-th chunk stands for all of them
    embed = float(stages["embed"])
    sampled = f"every {every}th chunk ({pure['chunks']:,}), scaled up" if every > 1 else f"{pure['chunks']:,} chunks"
    print(
        f"pure embedding of the same chunks ({sampled}; model loaded first, fresh process): "
        f"{seconds:.1f} s ({pure['chunks_per_s']:.0f} chunks/s); the ingest's own embed stage {embed:.1f} s"
    )
    rest = report["seconds"] - embed - stages.get("load_model", 0)
    print(f"  ingest / pure embedding: {report['seconds'] / seconds:.2f}x (goal <= 1.3x); everything but embedding "
          f"and loading the model: {rest / embed:.0%} of the embed stage (goal <= 30%)", flush=True)  # fmt: skip
    print_noops(corpus, index_dir, runs)


def print_noops(corpus: Path, index_dir: Path, runs: int) -> None:
    """The no-op re-ingest as a whole process, `runs` times after one run not counted: that one may still re-read
    files or compare the vector store (an index another process built, copied, or just written)."""
    whole_process_ingest(corpus, index_dir)
    noops = [whole_process_ingest(corpus, index_dir) for _ in range(runs)]
    print(
        f"no-op re-ingest, `assistant ingest` whole process: median {statistics.median(noops):.2f} s "
        f"(min {min(noops):.2f}, max {max(noops):.2f}, {runs} runs; goal <= 1 s)"
    )


def sweep(index_dir: Path, sample: int) -> None:
    """Embedding speed for each batch size and thread count, on a sample of the index's chunks, each in a fresh
    process, so that one setting's memory and caches don't favour the next."""
    print(f"{'threads':>7} {'batch':>6} {'chunks/s':>9}")
    for threads in (1, 2):
        for batch in (16, 32, 64, 128):
            result = in_child("--pure", str(index_dir), "--batch", str(batch), "--threads", str(threads),
                              "--sample", str(sample))  # fmt: skip
            print(f"{threads:>7} {batch:>6} {result['chunks_per_s']:>9.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    parser.add_argument("--ingest", nargs=2, type=Path, help=argparse.SUPPRESS)  # child mode: CORPUS INDEX
    parser.add_argument(
        "--reingest", nargs=2, type=Path, metavar=("CORPUS", "INDEX"),
        help="only the no-op and one-changed-guide re-ingests, on an index already built from CORPUS "
        "(e.g. the one query.py --sizes 50000 leaves in /tmp/assistant-bench-50000); edits one guide of CORPUS",
    )  # fmt: skip
    parser.add_argument(
        "--noop", nargs=2, type=Path, metavar=("CORPUS", "INDEX"),
        help="only the no-op re-ingest as a whole process, on an index already built from CORPUS (changes nothing)",
    )  # fmt: skip
    parser.add_argument("--corpus", type=Path, help="a real corpus (e.g. ../shared/corpus-twin/guides): time by stage")
    parser.add_argument("--index", type=Path, help="with --corpus: where to build the index (must not exist yet)")
    parser.add_argument("--runs", type=int, default=5, help="with --corpus or --noop: no-op re-ingests to time")
    parser.add_argument("--every", type=int, default=1, help="with --corpus: pure embedding of every n-th chunk")
    parser.add_argument("--sweep", type=Path, metavar="INDEX", help="embedding speed by batch size and threads")
    parser.add_argument("--sample", type=int, default=3000, help="with --sweep: chunks embedded per setting")
    parser.add_argument("--stages", nargs=2, type=Path, help=argparse.SUPPRESS)  # child mode: CORPUS INDEX
    parser.add_argument("--pure", type=Path, help=argparse.SUPPRESS)  # child mode: INDEX
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.stages:
        print(json.dumps(stage_report(*args.stages)))
        return
    if args.pure:
        texts = chunk_texts(args.pure, args.every)
        if args.batch:  # a sweep's sample: spread over the corpus
            texts = texts[:: max(1, len(texts) // args.sample)][: args.sample]
        print(json.dumps(pure_embedding(texts, args.batch, args.threads)))
        return
    if args.noop:
        print_noops(*args.noop, args.runs)
        return
    if args.corpus:
        index_dir = args.index or Path(tempfile.mkdtemp(prefix="assistant-bench-corpus-")) / "index"
        measure_corpus(args.corpus, index_dir, args.runs, args.every)
        return
    if args.sweep:
        sweep(args.sweep, args.sample)
        return
    if args.ingest:
        print(json.dumps(timed_ingest(*args.ingest)))
        return
    if args.reingest:
        corpus, index_dir = args.reingest
        r = reingests(corpus, index_dir, middle_guide(corpus))
        print(f"no-op re-ingest {r['noop_s']:.1f}s; one guide changed {r['one_changed_s']:.1f}s "
              f"({r['one_changed_embedded']:.0f} chunks embedded); index {r['index_mb_after_changes']:,.1f} MB, "
              f"peak memory {peak_rss_mb():,.0f} MB")  # fmt: skip
        return
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure(args.one, Path(tmp))))
        return
    print(
        f"{'guides':>7} {'chunks':>7} {'time s':>8} {'guides/s':>9} {'chunks/s':>9} {'s/1k chunks':>12} "
        f"{'peak MB':>8} {'index MB':>9} {'no-op s':>8} {'1 changed s':>12}"
    )
    for size in args.sizes:
        # Each size in its own process, so peak memory is that size's own.
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size)], capture_output=True, text=True, check=True
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{r['guides']:>7} {r['chunks']:>7} {r['seconds']:>8.1f} {r['guides_per_s']:>9.1f} "
            f"{r['chunks_per_s']:>9.1f} {r['s_per_1k_chunks']:>12.2f} {r['peak_rss_mb']:>8.0f} {r['index_mb']:>9.1f} "
            f"{r['noop_s']:>8.2f} {r['one_changed_s']:>12.2f}   (errors {r['errors']}, index after the two re-ingests "
            f"{r['index_mb_after_changes']:.1f} MB, wall {time.perf_counter() - started:.0f}s)"
        )


if __name__ == "__main__":
    main()
