"""Real processes for the tests: `assistant serve` and `assistant ingest` as a user runs them, and redis-server.

Each runs on a free loopback port chosen at run time; a test's environment is built from scratch so the
ASSISTANT_* variables of whoever runs the tests never leak in.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ASSISTANT = Path(sys.executable).parent / "assistant"
REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    """A port free right now (the OS picks it). The server binds it a moment later; a clash fails loudly."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def assistant_env(index_dir: Path, corpus_dir: Path, **settings: str) -> dict[str, str]:
    """The environment of a CLI subprocess: no inherited ASSISTANT_* variables, then the given settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    fixed = {"INDEX_DIR": str(index_dir), "CORPUS_DIR": str(corpus_dir), "LLM": "offline", "AUTO_INGEST": "false",
             "RATE_LIMIT": "1000000/minute"}  # fmt: skip
    env.update({f"ASSISTANT_{name.upper()}": value for name, value in {**fixed, **settings}.items()})
    return env


def run_ingest(env: dict[str, str], corpus_dir: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(ASSISTANT), "ingest", str(corpus_dir)], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


class ServerProcess:
    """`assistant serve` in a subprocess; its output goes to a log file the failure message quotes."""

    def __init__(self, env: dict[str, str], log_path: Path, workers: int = 1) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        command = [str(ASSISTANT), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if workers > 1:
            command += ["--workers", str(workers)]
        with log_path.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout_s: float = 120) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"assistant serve exited with {self.process.returncode}:\n{self.log()}")
            try:
                if httpx.get(f"{self.base_url}/readyz", timeout=5).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"assistant serve was not ready after {timeout_s:.0f} s:\n{self.log()}")

    def readiness_with_vectors(self, timeout_s: float = 60) -> httpx.Response:
        """/readyz once the worker has opened its vector store (after its first answer, or a few seconds after it
        started): before that, /readyz speaks for the catalog alone."""
        deadline = time.monotonic() + timeout_s
        while True:
            ready = httpx.get(f"{self.base_url}/readyz", timeout=30)
            if ready.status_code != 200 or ready.json().get("vectors_checked") or time.monotonic() > deadline:
                return ready
            time.sleep(0.25)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # uvicorn shuts down gracefully on SIGTERM, workers included
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def worker_pids(self) -> list[int]:
        """The worker processes under the supervisor (uvicorn also starts a resource tracker: skip it)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children if _is_worker(int(pid))]

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except FileNotFoundError:
        return ""


def _is_worker(pid: int) -> bool:
    return "multiprocessing.spawn" in _cmdline(pid) and "resource_tracker" not in _cmdline(pid)


@contextmanager
def running_server(env: dict[str, str], log_path: Path, workers: int = 1) -> Iterator[ServerProcess]:
    server = ServerProcess(env, log_path, workers)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@contextmanager
def running_redis(work_dir: Path) -> Iterator[str]:
    """A throwaway redis-server on a free loopback port, persisting nothing; yields its URL."""
    assert REDIS_SERVER is not None, "redis-server is not installed (apt-get install redis-server)"
    port = free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(work_dir)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
