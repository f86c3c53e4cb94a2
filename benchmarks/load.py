"""Load benchmark: 50 concurrent clients for 60 s on loopback against `assistant serve` with 1, then 2 workers.

Prints requests/s, p50/p95/p99 latency and error counts for each, the CPU the server's processes and this
load generator used, the machine's load average, and the throughput ratio. Asserts nothing.
Goal: 0 errors, and 2 workers serve >= 1.4x the requests/s of 1 on a 2-core machine.

    python benchmarks/load.py                          # seeds index built in /tmp/assistant-bench-load
    python benchmarks/load.py --rounds 2                # 1, 2, 1, 2 workers: fairer on a shared machine
    python benchmarks/load.py --seconds 20 --workers 1 2 3 --embedding-threads 2

The generator is Debian's `wrk` (apt-get install wrk): one epoll thread in C, light enough to share the
two cores with the server (an asyncio + httpx generator took a quarter of a core at 60 requests/s).
Its Lua script cycles through questions; a quarter carry a number that makes them new to the embedding
model's query cache, so the model runs as it would for real, varied traffic.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent
ASSISTANT = Path(sys.executable).parent / "assistant"
COMPANIES = ["Jane Street", "Tastytrade", "Millennium"]
REGIONS = ["London", "New York", "Hong Kong", "Chicago", "Miami"]
TEMPLATES = [
    "What does {company} pay an ML engineer in {region}?",
    "What's a fair {region} ask for an ML engineer at {company}?",
    "{company} ML engineer total comp in {region}",
    "What bonus does {company} pay ML engineers in {region}?",
]


def wrk_script(path: Path) -> Path:
    """The Lua script wrk runs: POST /api/chat with each question in turn, then print the figures on one line."""
    asked = [t.format(company=c, region=r) for t in TEMPLATES for c in COMPANIES for r in REGIONS]
    assert not any('"' in q or "\\" in q for q in asked)  # they go into JSON bodies unescaped
    table = ", ".join(f"[[{q}]]" for q in asked)
    path.write_text(f"""
local questions = {{ {table} }}
local sent = 0
request = function()
  sent = sent + 1
  local question = questions[sent % #questions + 1]
  if sent % 4 == 0 then  -- new to the query cache: the embedding model runs
    question = question .. " I have " .. (sent % 997 + 1) .. " days to decide."
  end
  local body = '{{"question": "' .. question .. '"}}'
  return wrk.format("POST", "/api/chat", {{["Content-Type"] = "application/json"}}, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), e.status, e.connect, e.read, e.write,
    e.timeout))
end
""")
    return path


@dataclass
class Server:
    workers: int
    process: subprocess.Popen
    base_url: str


@dataclass
class RunResult:
    workers: int
    seconds: float
    requests: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    errors: dict[str, int] = field(default_factory=dict)
    server_cpu_s: float = 0.0
    generator_cpu_s: float = 0.0
    load: str = ""  # the machine's load average when the run started

    def requests_per_s(self) -> float:
        return (self.requests - sum(self.errors.values())) / self.seconds


def run_wrk(base_url: str, script: Path, clients: int, seconds: float, result: RunResult) -> None:
    command = ["wrk", "-t1", f"-c{clients}", f"-d{seconds:.0f}s", "--timeout", "60s", "-s", str(script), base_url]
    before = _children_cpu_s()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    result.generator_cpu_s = _children_cpu_s() - before
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    requests, duration_us, p50, p95, p99, *errors = (int(value) for value in line.split()[1:])
    result.requests, result.seconds = requests, duration_us / 1e6
    result.p50_ms, result.p95_ms, result.p99_ms = p50 / 1000, p95 / 1000, p99 / 1000
    kinds = ("non-2xx", "connect", "read", "write", "timeout")
    result.errors = {kind: count for kind, count in zip(kinds, errors, strict=True) if count}


def process_cpu_s(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def server_pids(supervisor: int) -> list[int]:
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    return [supervisor, *(int(pid) for pid in children)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(index_dir: Path, workers: int, embedding_threads: int | None, log: Path) -> Server:
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(index_dir), ASSISTANT_AUTO_INGEST="false", ASSISTANT_LLM="offline",
               ASSISTANT_RATE_LIMIT="100000000/minute",  # the benchmark is one client address: lift the limit
               ASSISTANT_CONVERSATIONS_FILE=str(log.with_suffix(".sqlite3")))  # fmt: skip
    if embedding_threads:
        env["ASSISTANT_EMBEDDING_THREADS"] = str(embedding_threads)
    command = [str(ASSISTANT), "serve", "--port", str(port), "--workers", str(workers)]
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base_url}/readyz", timeout=5).status_code == 200:
                return Server(workers, process, base_url)
        except httpx.TransportError:
            time.sleep(0.25)
    process.terminate()
    raise SystemExit(f"the server did not start; see {log}")


def measure(server: Server, args: argparse.Namespace, script: Path) -> RunResult:
    """A short unmeasured run (connections open, caches fill), then the measured one."""
    run_wrk(server.base_url, script, args.clients, args.warm_up, RunResult(server.workers, args.warm_up))
    result = RunResult(workers=server.workers, seconds=args.seconds, load=_load())
    pids = server_pids(server.process.pid)
    server_before = process_cpu_s(pids)
    run_wrk(server.base_url, script, args.clients, args.seconds, result)
    result.server_cpu_s = process_cpu_s(pids) - server_before
    return result


def wait_until_warm(base_url: str, workers: int, limit_s: float = 300) -> None:
    """Every worker loads the embedding model on start (seconds, more on a busy machine): wait until rounds of
    concurrent questions, enough to reach every worker, all come back fast."""
    from concurrent.futures import ThreadPoolExecutor

    def timed_question(n: int) -> float:
        started = time.perf_counter()
        httpx.post(f"{base_url}/api/chat", json={"question": f"{TEMPLATES[0]} ({n})"}, timeout=120)
        return time.perf_counter() - started

    deadline = time.monotonic() + limit_s
    with ThreadPoolExecutor(max_workers=4 * workers) as pool:
        while time.monotonic() < deadline:
            if max(pool.map(timed_question, range(4 * workers))) < 1.0:
                return


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # finished children: each wrk run, once it exits
    return usage.ru_utime + usage.ru_stime


def seeds_index(root: Path) -> Path:
    sys.path.insert(0, str(REPO))
    from assistant.index.build import ingest

    index_dir = root / "index"
    if not (index_dir / "catalog.sqlite3").exists():
        ingest(REPO / "seeds", index_dir)
    return index_dir


def report(results: list[RunResult]) -> None:
    print(f"{'workers':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} "
          f"{'server CPU':>10} {'generator CPU':>13}  load average at start")  # fmt: skip
    for r in results:
        print(f"{r.workers:>7} {r.requests:>8} {r.requests_per_s():>7.1f} {r.p50_ms:>7.0f} "
              f"{r.p95_ms:>7.0f} {r.p99_ms:>7.0f} {sum(r.errors.values()):>6} "
              f"{r.server_cpu_s / r.seconds:>8.2f} c {r.generator_cpu_s / r.seconds:>11.2f} c  {r.load}")  # fmt: skip
        for kind, count in sorted(r.errors.items()):
            print(f"{'':>7}   {count} x {kind}")
    throughput = {}
    for workers in dict.fromkeys(r.workers for r in results):
        runs = [r for r in results if r.workers == workers]
        throughput[workers] = sum(r.requests_per_s() * r.seconds for r in runs) / sum(r.seconds for r in runs)
    counts = list(throughput)
    if len(counts) > 1 and throughput[counts[0]]:
        ratio = throughput[counts[1]] / throughput[counts[0]]
        print(f"{counts[1]} workers / {counts[0]}: {ratio:.2f}x the throughput (goal >= 1.4x); "
              f"errors {sum(sum(r.errors.values()) for r in results)} (goal 0)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=1, help="alternate the servers this many times")
    parser.add_argument("--warm-up", type=float, default=5, help="seconds of unmeasured load before each run")
    parser.add_argument("--embedding-threads", type=int, default=None, help="per worker; default: the settings' (1)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("This benchmark drives the server with wrk: apt-get install wrk")

    root = Path(tempfile.gettempdir()) / "assistant-bench-load"
    root.mkdir(exist_ok=True)
    index_dir = seeds_index(root)
    script = wrk_script(root / "load.lua")
    print(f"cores: {os.cpu_count()}; load average before: {_load()}; {args.clients} clients, {args.seconds:.0f} s")
    # All servers start at once; one that is not being measured is idle. Alternating the runs spreads the
    # other processes' varying use of the cores over every server.
    servers = [start_server(index_dir, workers, args.embedding_threads, root / f"serve-{workers}.log")
               for workers in args.workers]  # fmt: skip
    try:
        for server in servers:
            wait_until_warm(server.base_url, server.workers)
        results = [measure(server, args, script) for _ in range(args.rounds) for server in servers]
    finally:
        for server in servers:
            server.process.terminate()
            server.process.wait(timeout=60)
    print(f"load average after: {_load()} (other processes share these cores)")
    report(results)


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
