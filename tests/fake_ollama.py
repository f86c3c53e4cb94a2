"""A local HTTP server that speaks Ollama's chat API (POST /api/chat, streamed as NDJSON), scripted by a test.

LangChain's real ChatOllama talks to it over a real socket, so the whole backend path is exercised:
the client library, the streaming protocol, and what happens when the server misbehaves. It can
reply with any text (a faithful answer, or one that invents a figure), hold the stream after some
words until the test releases it, or drop the connection in the middle of the stream.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = Callable[[dict[str, Any]], str]  # from the request (model, messages) to the answer text


class FakeOllama:
    def __init__(self) -> None:
        self.reply: Reply = lambda request: "The guides don't cover that."
        self.drop_after_words: int | None = None  # close the connection after this many words
        self.hold_after_words: int | None = None  # wait for `release` after this many words
        self.release = threading.Event()
        self.requests: list[dict[str, Any]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))  # port 0: a free one
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def script(
        self, reply: str | Reply, drop_after_words: int | None = None, hold_after_words: int | None = None
    ) -> None:
        self.reply = reply if callable(reply) else (lambda request: reply)
        self.drop_after_words, self.hold_after_words = drop_after_words, hold_after_words
        self.release.clear()
        self.requests.clear()

    @contextmanager
    def running(self) -> Iterator[FakeOllama]:
        thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.release.set()  # never leave a held response waiting
            self._server.shutdown()
            self._server.server_close()


def words_of(text: str) -> list[str]:
    """How the fake streams: one word (with the whitespace after it) per message, as a model emits tokens."""
    return re.findall(r"\S+\s*|\s+", text)


def _handler_for(fake: FakeOllama) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # chunked transfer, as Ollama streams

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            if self.path != "/api/chat":
                self.send_error(404, "only /api/chat is served")
                return
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fake.requests.append(request)
            text = fake.reply(request)
            if request.get("stream") is False:
                self._send_whole(request, text)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for index, word in enumerate(words_of(text)):
                if index == fake.drop_after_words:
                    self.close_connection = True  # gone mid-stream: no final message, no closing chunk
                    return
                if index == fake.hold_after_words:
                    fake.release.wait(timeout=120)
                self._chunk(_message(request, word, done=False))
            self._chunk(_message(request, "", done=True))
            self.wfile.write(b"0\r\n\r\n")

        def _chunk(self, payload: dict[str, Any]) -> None:
            data = (json.dumps(payload) + "\n").encode()
            self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _send_whole(self, request: dict[str, Any], text: str) -> None:
            data = json.dumps(_message(request, text, done=True)).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _message(request: dict[str, Any], content: str, done: bool) -> dict[str, Any]:
    message: dict[str, Any] = {
        "model": request.get("model", ""),
        "created_at": "2026-11-21T10:00:00.000000Z",
        "message": {"role": "assistant", "content": content},
        "done": done,
    }
    if done:
        message.update(done_reason="stop", total_duration=1_000_000, load_duration=1_000, prompt_eval_count=120,
                       prompt_eval_duration=100_000, eval_count=42, eval_duration=800_000)  # fmt: skip
    return message
