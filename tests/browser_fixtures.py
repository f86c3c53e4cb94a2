"""Fixtures for the browser tests: the real app under uvicorn, driven in Debian's headless Chromium.

Loaded with `pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]`; the helpers the tests call are in
tests/browser_helpers.py. The server and the browser start once per test session and are shared by every browser
test module; each test gets fresh browser contexts (fresh sessionStorage). The corpus is the seeds plus the invented
tests/guides/xss-labs guide, whose prose holds `<img onerror>` and `<script>` markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, sync_playwright

from assistant.serve import create_app
from assistant.settings import Settings
from tests.browser_helpers import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Watched, open_widget
from tests.web_helpers import uvicorn_in_thread


@pytest.fixture(scope="session")
def live_server(xss_index: Path, xss_corpus: Path, make_settings: Callable[..., Settings]) -> Iterator[str]:
    """The real app on a free 127.0.0.1 port, served by uvicorn on a background thread."""

    def make_app(port: int) -> FastAPI:
        # Its own origin is http://127.0.0.1:{port}, as `assistant serve --port` would derive it.
        return create_app(make_settings(index_dir=xss_index, corpus_dir=xss_corpus, port=port, public_origin=None))

    with uvicorn_in_thread(make_app) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Watched]]:
    """open_page(width, height, color_scheme="dark") -> a watched page in a fresh context (fresh sessionStorage)."""
    contexts = []

    def open_(width: int = DESKTOP[0], height: int = DESKTOP[1], color_scheme: str = "light") -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height},
                                      color_scheme=color_scheme)  # type: ignore[arg-type]  # fmt: skip
        context.set_default_timeout(20_000)
        contexts.append(context)
        return Watched(context.new_page())

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture
def widget_page(open_page: Callable[..., Watched], live_server: str) -> Callable[..., Watched]:
    """widget_page(width, height) -> a watched page of the live server with the widget open, ready for ask()."""

    def open_(width: int = DESKTOP[0], height: int = DESKTOP[1]) -> Watched:
        watched = open_page(width, height)
        open_widget(watched.page, live_server)
        return watched

    return open_
