"""python -m benchmarks.corpus OUT_DIR N: write an invented corpus of N guides."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from benchmarks.corpus import write_corpus


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: python -m benchmarks.corpus OUT_DIR N", file=sys.stderr)
        return 2
    started = time.perf_counter()
    corpus = write_corpus(Path(argv[0]), int(argv[1]))
    megabytes = sum(guide.size for guide in corpus.guides) / 1_000_000
    print(f"wrote {len(corpus.guides):,} guides and {len(corpus.non_guides)} other documents ({megabytes:.1f} MB) "
          f"to {argv[0]} in {time.perf_counter() - started:.1f}s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
