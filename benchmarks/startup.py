"""Start-up benchmark: wall time of whole processes, from exec to exit, over several runs.

- `assistant --help` (goal: <= 0.5 s), and
- a process that imports the web app factory and builds the app (what `assistant serve` does before it listens).

Prints min / median / max per command, and which heavy libraries each process had imported. Asserts nothing.

    python benchmarks/startup.py             # 10 runs each, after one warm-up run
    python benchmarks/startup.py --runs 30
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ["torch", "sentence_transformers", "transformers", "chromadb", "langchain_core", "langchain_openai",
         "langchain_anthropic", "numpy", "bm25s", "fastapi"]  # fmt: skip
REPORT_MODULES = f"import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules) or '-', file=sys.stderr)"
APP_FACTORY = (
    "from assistant.serve import create_app; from assistant.settings import Settings; "
    "create_app(Settings(index_dir='/nonexistent-index', auto_ingest=False)); " + REPORT_MODULES
)
CLI_HELP = "import sys; sys.argv = ['assistant', '--help']\ntry:\n    from assistant.cli import main; main()\n" \
           "except SystemExit:\n    pass\n" + REPORT_MODULES  # fmt: skip


def time_process(command: list[str]) -> tuple[float, str]:
    """Seconds from start to exit, and the last line the process wrote on stderr (its module report, if any)."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True)
    return time.perf_counter() - started, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def measure(label: str, command: list[str], runs: int) -> None:
    time_process(command)  # warm-up: file caches, .pyc files
    timings, modules = [], ""
    for _ in range(runs):
        seconds, modules = time_process(command)
        timings.append(seconds)
    print(f"{label:<34} min {min(timings):.3f} s  median {statistics.median(timings):.3f} s  "
          f"max {max(timings):.3f} s   ({runs} runs)")  # fmt: skip
    if modules:
        print(f"{'':<34} heavy modules imported: {modules}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    runs = parser.parse_args().runs
    script = Path(sys.executable).parent / "assistant"
    measure("assistant --help (console script)", [str(script), "--help"], runs)
    measure("--help, with module report", [sys.executable, "-c", CLI_HELP], runs)
    measure("import + build the web app", [sys.executable, "-c", APP_FACTORY], runs)
    measure("python alone (the floor)", [sys.executable, "-c", "pass"], runs)


if __name__ == "__main__":
    main()
