"""Fixtures for the browser tests: the real app under uvicorn, driven in Debian's headless Chromium.

Loaded with `pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]`; the helpers the tests call are in
tests/browser_helpers.py. The server and the browser start once per test session and are shared by every browser
test module; each test gets fresh browser contexts (fresh sessionStorage). The corpus is the seeds plus the invented
tests/guides/xss-labs guide, whose prose holds `<img onerror>` and `<script>` markup.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from assistant.serve import create_app
from assistant.settings import Settings
from tests.browser_helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Watched


@pytest.fixture(scope="session")
def live_server(xss_index: Path, xss_corpus: Path, make_settings: Callable[..., Settings]) -> Iterator[str]:
    """The real app on a free 127.0.0.1 port, served by uvicorn on a background thread."""
    app = create_app(make_settings(index_dir=xss_index, corpus_dir=xss_corpus))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))  # port 0: the OS picks a free port, and we keep the socket (no race)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, name="e2e-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Watched]]:
    """open_page(width, height) -> a watched page in a fresh context (fresh sessionStorage)."""
    contexts = []

    def open_(width: int = DESKTOP[0], height: int = DESKTOP[1]) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(20_000)
        contexts.append(context)
        return Watched(context.new_page())

    yield open_
    for context in contexts:
        context.close()
