"""Start-up benchmark: wall time of whole processes, from exec to exit, over several runs.

- `assistant --help` (goal: <= 0.5 s), and a process that builds the web app (what `assistant serve` does
  before it listens);
- with `--index` (a built index, e.g. of the corpus twin): `assistant ask` as a whole process for a range
  question, the headline ask question and an advice question (goals: <= 1.5 s, <= 1.5 s, <= 2.5 s), each with
  the heavy libraries that process imported (a look-up must not import torch);
- with `--index`: `assistant serve` from exec to `/readyz` answering 200 (goal: <= 2 s), and to its first answer.

Prints min / median / max wall time per command, and the median CPU time (user + system) of each `ask` and
`--help` process. Asserts nothing. Other processes on a shared machine stretch the wall times (the CPU times
much less): quote the medians, with the machine's load.

    python benchmarks/startup.py                                  # 10 runs each, after one warm-up run
    python benchmarks/startup.py --runs 5 --index /tmp/wt19-twin/index
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HEAVY = ["torch", "transformers", "onnxruntime", "chromadb", "langchain_core", "langchain_openai",
         "langchain_anthropic", "numpy", "bm25s", "fastapi"]  # fmt: skip
REPORT_MODULES = f"import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules) or '-', file=sys.stderr)"
APP_FACTORY = (
    "from assistant.serve import create_app; from assistant.settings import Settings; "
    "create_app(Settings(index_dir='/nonexistent-index', auto_ingest=False)); " + REPORT_MODULES
)
CLI = "import sys; sys.argv = ['assistant', *{args!r}]\ntry:\n    from assistant.cli import main; main()\n" \
      "except SystemExit:\n    pass\n" + REPORT_MODULES  # fmt: skip
QUESTIONS = {
    "range": "What is the London base salary range for an ML engineer at Jane Street?",
    "headline ask": "What's a fair London ask for an ML engineer at Jane Street?",
    "advice": "How should I negotiate with Jane Street as an ML engineer?",
}
GOALS = {"range": 1.5, "headline ask": 1.5, "advice": 2.5}


def time_process(command: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Seconds from start to exit, the CPU seconds the process used (user + system: what other processes on a
    shared machine change least), and the last line it wrote on stderr (its module report, if any)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""


def summary(label: str, timings: list[float], goal: float | None = None) -> str:
    aim = f"   goal <= {goal:.1f} s" if goal else ""
    return (f"{label:<34} min {min(timings):.3f} s  median {statistics.median(timings):.3f} s  "
            f"max {max(timings):.3f} s   ({len(timings)} runs){aim}")  # fmt: skip


def measure(label: str, command: list[str], runs: int, env: dict[str, str] | None = None,
            goal: float | None = None) -> None:  # fmt: skip
    time_process(command, env)  # warm-up: file caches, .pyc files
    timings, cpu, modules = [], [], ""
    for _ in range(runs):
        seconds, cpu_seconds, modules = time_process(command, env)
        timings.append(seconds)
        cpu.append(cpu_seconds)
    print(summary(label, timings, goal) + f"   CPU median {statistics.median(cpu):.3f} s")
    if modules:
        print(f"{'':<34} heavy modules imported: {modules}")


def index_env(index_dir: Path) -> dict[str, str]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(index_dir), ASSISTANT_AUTO_INGEST="false", ASSISTANT_LLM="offline",
               ASSISTANT_RATE_LIMIT="1000/minute", HF_HUB_OFFLINE="1")  # fmt: skip
    return env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get_json(url: str, body: dict[str, str] | None = None) -> dict[str, object] | None:
    """The JSON of a 200 answer; None while the server is not up or not ready."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return dict(json.load(response)) if response.status == 200 else None
    except (OSError, urllib.error.HTTPError, ValueError):
        return None


def serve_once(env: dict[str, str], question: str) -> tuple[float, float]:
    """Seconds from exec of `assistant serve` to /readyz's first 200, and to the first answer after it."""
    port = free_port()
    command = [str(Path(sys.executable).with_name("assistant")), "serve", "--port", str(port)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        while get_json(f"{base}/readyz") is None:
            if process.poll() is not None or time.perf_counter() - started > 120:
                raise RuntimeError("assistant serve did not become ready")
            time.sleep(0.02)
        ready = time.perf_counter() - started
        if get_json(f"{base}/api/chat", {"question": question}) is None:
            raise RuntimeError("the first question got no answer")
        return ready, time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=30)


def measure_serve(env: dict[str, str], runs: int) -> None:
    serve_once(env, QUESTIONS["range"])  # warm-up
    results = [serve_once(env, QUESTIONS["range"]) for _ in range(runs)]
    print(summary("serve: exec to /readyz 200", [ready for ready, _ in results], 2.0))
    print(summary("serve: exec to first answer", [answered for _, answered in results], 2.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--index", type=Path, help="a built index: also time `assistant ask` and `assistant serve`")
    parser.add_argument("--only-index", action="store_true", help="skip the --help and app-factory processes")
    args = parser.parse_args()
    runs = args.runs
    if not args.only_index:
        script = Path(sys.executable).parent / "assistant"
        measure("assistant --help (console script)", [str(script), "--help"], runs)
        measure("--help, with module report", [sys.executable, "-c", CLI.format(args=["--help"])], runs)
        measure("import + build the web app", [sys.executable, "-c", APP_FACTORY], runs)
        measure("python alone (the floor)", [sys.executable, "-c", "pass"], runs)
    if args.index is None:
        return
    env = index_env(args.index)
    for kind, question in QUESTIONS.items():
        measure(f"ask: {kind}", [sys.executable, "-c", CLI.format(args=["ask", question])], runs, env, GOALS[kind])
    measure_serve(env, runs)


if __name__ == "__main__":
    main()
