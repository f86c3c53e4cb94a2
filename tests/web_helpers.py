"""Helpers for the web tests: reading a server-sent-event stream, and a real uvicorn on a background thread."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

ClientFactory = Callable[..., TestClient]  # the make_api_client fixture
LONDON_QUESTION = "What's a fair London ask for an ML engineer at Jane Street?"


def sse_events(body: str) -> list[tuple[str, dict[str, Any]]]:
    """(event name, parsed data) for each event of a text/event-stream body."""
    events = []
    for block in body.replace("\r\n", "\n").split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n") if line and not line.startswith(":"))
        if "data" in fields:
            events.append((fields.get("event", "message"), json.loads(fields["data"])))
    return events


def stream(client: TestClient, question: str, conversation_id: str | None = None) -> list[tuple[str, dict[str, Any]]]:
    response = client.post("/api/chat/stream", json={"question": question, "conversation_id": conversation_id})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    return sse_events(response.text)


@contextmanager
def uvicorn_in_thread(make_app: Callable[[int], FastAPI]) -> Iterator[str]:
    """Serve make_app(port) with a real uvicorn on a free 127.0.0.1 port, on a background thread; yields its URL.

    proxy_headers=False as in `assistant serve`: X-Forwarded-For is the app's business (trusted proxies only).
    """
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))  # port 0: the OS picks a free port, and we keep the socket (no race)
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(make_app(port), log_level="warning", proxy_headers=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="test-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        listener.close()
