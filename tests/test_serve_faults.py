"""`assistant serve` against hostile clients and a stopping server: real uvicorn processes on loopback ports.

- a request head over the limit gets 431 with one sentence, a head or a body trickled in too slowly 408,
  and the server keeps answering others meanwhile;
- SIGTERM drains: no new connections, a running stream ends with `done` when its answer finishes within the
  grace period, and with an `error` event when it does not.
"""

from __future__ import annotations

import json
import shutil
import signal
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.index.build import ingest
from tests.fake_ollama import FakeOllama
from tests.server_process import ServerProcess, assistant_env, running_server

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
PROMPT = REPO / "prompts" / "answer.v3.md"
QUESTION = "What does Jane Street pay an ML engineer in London?"


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(index, corpus) of the seeds, for servers that may write conversations into it."""
    root = tmp_path_factory.mktemp("serve-faults")
    shutil.copytree(SEEDS, root / "corpus")
    assert ingest(root / "corpus", root / "index").guides_in_index == 3
    return root / "index", root / "corpus"


@pytest.fixture(scope="module")
def server(seeds_copy: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    index, corpus = seeds_copy
    env = assistant_env(index, corpus, MAX_HEADER_BYTES="8192", REQUEST_TIMEOUT_S="1")
    with running_server(env, tmp_path_factory.mktemp("limits") / "serve.log") as running:
        yield running


def raw_exchange(port: int, pieces: list[bytes], pause_s: float = 0.0) -> bytes:
    """Send `pieces` over one socket (pausing between them), then read until the server closes it."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        for piece in pieces:
            try:
                connection.sendall(piece)
            except OSError:  # the server refused and closed while we were still sending
                break
            time.sleep(pause_s)
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
        return received


def status_and_detail(response: bytes) -> tuple[int, str]:
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)["detail"]


def head(port: int, extra: bytes = b"") -> bytes:
    return b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%sConnection: close\r\n\r\n" % (port, extra)


def test_a_head_over_the_limit_gets_431_in_one_sentence_and_others_are_served(server: ServerProcess) -> None:
    port = server.port
    just_under = raw_exchange(port, [head(port, b"X-Padding: " + b"a" * 7_000 + b"\r\n")])
    one_header = raw_exchange(port, [head(port, b"X-Padding: " + b"a" * 9_000 + b"\r\n")])
    many_headers = raw_exchange(port, [head(port, b"".join(b"X-%d: %s\r\n" % (n, b"b" * 100) for n in range(200)))])
    started = time.monotonic()
    huge = raw_exchange(port, [head(port, b"X-Huge: " + b"c" * 64 * 1024 * 1024 + b"\r\n")])
    huge_s = time.monotonic() - started
    after = httpx.get(f"{server.base_url}/healthz", timeout=5)

    assert just_under.startswith(b"HTTP/1.1 200 ")
    expected = (431, "The request's headers are over the limit of 8,192 bytes: send fewer or shorter headers "
                     "(cookies included).")  # fmt: skip
    assert status_and_detail(one_header) == expected
    assert status_and_detail(many_headers) == expected
    assert status_and_detail(huge) == expected
    assert huge_s < 5, f"refusing a 64 MB header took {huge_s:.1f} s"  # refused at 8 KB, not read to the end
    assert after.status_code == 200


def test_a_head_or_a_body_sent_too_slowly_gets_408(server: ServerProcess) -> None:
    port = server.port
    host = b"Host: 127.0.0.1:%d\r\n" % port
    started = time.monotonic()
    slow_head = raw_exchange(port, [b"GET /healthz HTTP/1.1\r\n", host, b"X-Slow: 1\r\n", b"X-Slower: 2\r\n"], 0.6)
    slow_head_s = time.monotonic() - started
    body_head = b"POST /api/chat HTTP/1.1\r\n" + host + b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n"
    started = time.monotonic()
    slow_body = raw_exchange(port, [body_head, b'{"question": '])  # and the rest never comes
    slow_body_s = time.monotonic() - started

    assert status_and_detail(slow_head) == (
        408,
        "The request's headers did not arrive within 1 s: send the whole request at once.",
    )
    assert status_and_detail(slow_body) == (
        408,
        "The request body did not arrive within 1 s: send the whole request at once.",
    )
    assert slow_head_s < 5 and slow_body_s < 5
    assert httpx.get(f"{server.base_url}/healthz", timeout=5).status_code == 200


# --- SIGTERM --------------------------------------------------------------------------------------


@pytest.fixture
def held_llm() -> Iterator[FakeOllama]:
    """An LLM that writes three words, then holds its answer until the test releases it."""
    with FakeOllama().running() as fake:
        fake.script("Jane Street pays an ML engineer in London £195K - £275K base [1].", hold_after_words=3)
        yield fake


def slow_server(seeds_copy: tuple[Path, Path], llm: FakeOllama, log: Path) -> ServerProcess:
    index, corpus = seeds_copy
    env = assistant_env(index, corpus, LLM="ollama:fake-model", LLM_BASE_URL=llm.url, PROMPT_FILE=str(PROMPT),
                        SHUTDOWN_GRACE_S="3")  # fmt: skip
    server = ServerProcess(env, log)
    server.wait_ready()
    # The embedding model loads beside the first requests: wait for it, so the stream starts answering at once.
    wait_for(lambda: httpx.get(f"{server.base_url}/readyz", timeout=5).json()["warm"], timeout_s=180)
    return server


class StreamReader:
    """Reads one answer stream on a thread, recording each event's name and data as it arrives."""

    def __init__(self, base_url: str) -> None:
        self.events: list[tuple[str, dict]] = []
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._read, args=(base_url,), daemon=True)
        self._thread.start()

    def _read(self, base_url: str) -> None:
        try:
            with httpx.stream("POST", f"{base_url}/api/chat/stream", json={"question": QUESTION}, timeout=60) as reply:
                name = ""
                for line in reply.iter_lines():
                    if line.startswith("event: "):
                        name = line.removeprefix("event: ")
                    elif line.startswith("data: "):
                        self.events.append((name, json.loads(line.removeprefix("data: "))))
        except Exception as error:  # a cut connection: what this test is about
            self.error = error

    def join(self, timeout_s: float) -> None:
        self._thread.join(timeout_s)

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.events]


def wait_for(condition: object, timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigterm_lets_a_running_stream_finish_and_refuses_new_connections(
    seeds_copy: tuple[Path, Path], held_llm: FakeOllama, tmp_path: Path
) -> None:
    server = slow_server(seeds_copy, held_llm, tmp_path / "serve.log")
    try:
        stream = StreamReader(server.base_url)
        wait_for(lambda: held_llm.requests and stream.names == ["meta"])  # the LLM is answering, and holding
        server.process.send_signal(signal.SIGTERM)
        time.sleep(1)
        with pytest.raises(httpx.ConnectError):  # draining: no new connections
            httpx.get(f"{server.base_url}/healthz", timeout=2)
        held_llm.release.set()
        stream.join(30)
        server.process.wait(timeout=30)
    finally:
        server.stop()

    assert stream.error is None, server.log()
    assert stream.names[0] == "meta" and stream.names[-1] == "done", stream.names
    assert "£195K - £275K" in stream.events[-1][1]["answer"]


def test_sigterm_ends_a_stream_that_outlives_the_grace_period_with_an_error_event(
    seeds_copy: tuple[Path, Path], held_llm: FakeOllama, tmp_path: Path
) -> None:
    server = slow_server(seeds_copy, held_llm, tmp_path / "serve.log")
    try:
        stream = StreamReader(server.base_url)
        wait_for(lambda: held_llm.requests and stream.names == ["meta"])
        signalled = time.monotonic()
        server.process.send_signal(signal.SIGTERM)  # and the LLM never finishes
        stream.join(30)
        ended_s = time.monotonic() - signalled
        server.process.wait(timeout=30)
        exited_s = time.monotonic() - signalled
    finally:
        server.stop()

    assert stream.error is None, server.log()
    assert stream.names == ["meta", "error"], stream.names
    assert stream.events[-1][1]["message"] == (
        "The server is restarting and this answer could not finish in time: please ask again."
    )
    assert 3 <= ended_s < 6, ended_s  # the grace period (3 s), plus sse-starlette's half-second look
    assert exited_s < 10, exited_s
