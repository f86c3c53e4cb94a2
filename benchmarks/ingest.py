"""Ingest benchmark: guides/s, chunks/s, peak memory and index size at N invented guides, plus the no-op and
one-changed-guide re-ingest times. Prints figures; asserts nothing.

    python benchmarks/ingest.py                   # 500 and 5,000 guides (about 10 minutes on 2 cores)
    python benchmarks/ingest.py --sizes 500
    python benchmarks/ingest.py --sizes 50000     # the one-off run at ten times the real corpus (hours)
    python benchmarks/ingest.py --reingest /tmp/assistant-bench-50000/corpus /tmp/assistant-bench-50000/index
                                                  # only the two re-ingests, on the index query.py built

"s/1k chunks" is the figure to compare across sizes: ingest time should grow no faster than the chunks.
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
    args = parser.parse_args()
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
