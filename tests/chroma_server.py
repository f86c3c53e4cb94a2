"""A real Chroma server for tests: the `chroma run` command chromadb installs, on a free loopback port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

CHROMA = Path(sys.executable).parent / "chroma"  # installed beside the virtualenv's python
START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ChromaServer:
    """`chroma run --path DIR` on 127.0.0.1; start() waits for its heartbeat, stop() ends only this process."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log = data_dir.with_suffix(".log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, same_port: bool = False) -> ChromaServer:
        """Start on a free port (or on the previous one again, to bring a stopped server back)."""
        for _attempt in range(3):  # another test run may take the port between our probe and the server's bind
            self.port = self.port if same_port and self.port else free_port()
            self._process = subprocess.Popen(
                [str(CHROMA), "run", "--path", str(self.data_dir), "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=self._log.open("ab"),
                stderr=subprocess.STDOUT,
            )
            if self._wait_for_heartbeat():
                return self
            self.stop()
        raise RuntimeError(f"chroma run did not start; see {self._log}")

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def is_up(self) -> bool:
        try:
            return httpx.get(f"{self.url}/api/v2/heartbeat", timeout=1.0).status_code == 200
        except httpx.HTTPError:
            return False

    def _wait_for_heartbeat(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                return False  # exited: most likely the port was taken
            if self.is_up():
                return True
            time.sleep(0.2)
        return False
