"""Ingest benchmark: guides/s, chunks/s, peak memory and index size at N = 500 and 5,000 invented guides,
plus the no-op and one-changed-guide re-ingest times. Prints figures; asserts nothing.

    python benchmarks/ingest.py            # both sizes (about 10 minutes on 2 cores)
    python benchmarks/ingest.py --sizes 500
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def measure(size: int, workdir: Path) -> dict[str, float]:
    from assistant.index.build import ingest
    from assistant.index.catalog import Catalog
    from benchmarks.corpus import write_corpus

    corpus, index_dir = workdir / "corpus", workdir / "index"
    write_corpus(corpus, size, seed=7)
    first = ingest(corpus, index_dir)
    chunks = len(Catalog(index_dir).chunk_ids())
    noop = ingest(corpus, index_dir)
    changed_file = sorted(corpus.rglob("*.md"))[size // 2]
    changed_file.write_text(changed_file.read_text() + "\nA late note added by the benchmark.\n")
    changed = ingest(corpus, index_dir)
    size_bytes = sum(p.stat().st_size for p in index_dir.rglob("*") if p.is_file())
    return {
        "guides": size,
        "errors": len(first.errors),
        "chunks": chunks,
        "seconds": first.seconds,
        "guides_per_s": size / first.seconds,
        "chunks_per_s": chunks / first.seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "index_mb": size_bytes / 1e6,
        "noop_s": noop.seconds,
        "one_changed_s": changed.seconds,
        "one_changed_embedded": changed.chunks_embedded,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 5000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child mode: one size, JSON out
    args = parser.parse_args()
    if args.one:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(measure(args.one, Path(tmp))))
        return
    print(
        f"{'guides':>7} {'chunks':>7} {'time s':>8} {'guides/s':>9} {'chunks/s':>9} {'peak MB':>8} "
        f"{'index MB':>9} {'no-op s':>8} {'1 changed s':>12}"
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
            f"{r['chunks_per_s']:>9.1f} {r['peak_rss_mb']:>8.0f} {r['index_mb']:>9.1f} {r['noop_s']:>8.2f} "
            f"{r['one_changed_s']:>12.2f}   (errors {r['errors']}, wall {time.perf_counter() - started:.0f}s)"
        )


if __name__ == "__main__":
    main()
