"""The first question after a cold start, in real Chromium against a freshly started `assistant serve` process.

The server answers at once, but its embedding model takes seconds to import and load; until then the first
question waits. The widget must show that it is loading the guides for the first time, with a live seconds
count, not a static line; on a warm server the loading stage never shows.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import DESKTOP, LONDON_QUESTION, PHONE, Watched, free_port, needs_chromium, screenshot

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

# Every progress stage and seconds count the widget shows, in order, recorded by a MutationObserver in the page.
RECORD_STAGES = """() => {
    window.stagesSeen = [];
    window.secondsSeen = [];
    const root = document.querySelector("negotiation-assistant").shadowRoot;
    const note = () => {
        for (const line of root.querySelectorAll("[data-testid=assistant-progress]")) {
            if (window.stagesSeen.at(-1) !== line.dataset.stage) window.stagesSeen.push(line.dataset.stage);
            const seconds = parseInt(line.querySelector(".elapsed")?.textContent ?? "", 10);
            if (seconds && window.secondsSeen.at(-1) !== seconds) window.secondsSeen.push(seconds);
        }
    };
    new MutationObserver(note).observe(root, { subtree: true, childList: true, attributes: true });
}"""


def readiness(base_url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base_url}/readyz", timeout=10) as response:
        return dict(json.load(response))


@pytest.fixture
def cold_server(xss_index: Path, xss_corpus: Path, tmp_path: Path) -> Iterator[str]:
    """A real `assistant serve` process, just started: answering HTTP, its model not loaded yet."""
    port = free_port()
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(xss_index), ASSISTANT_CORPUS_DIR=str(xss_corpus), ASSISTANT_LLM="offline",
               ASSISTANT_AUTO_INGEST="false", ASSISTANT_RATE_LIMIT="1000/minute")  # fmt: skip
    command = [str(Path(sys.executable).with_name("assistant")), "serve", "--port", str(port)]
    with (tmp_path / "server.log").open("wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base_url}/healthz", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((tmp_path / "server.log").read_text(errors="replace")) from None
                time.sleep(0.1)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=20)


def send(page: Page, base_url: str, question: str) -> None:
    page.goto(f"{base_url}/")
    page.get_by_test_id("assistant-launcher").click()
    page.evaluate(RECORD_STAGES)
    page.get_by_test_id("assistant-input").fill(question)
    page.get_by_test_id("assistant-input").press("Enter")


def test_the_first_question_after_a_start_says_it_is_loading_and_counts_seconds(
    open_page: Callable[..., Watched], cold_server: str
) -> None:
    assert readiness(cold_server)["warm"] is False  # the precondition: the model is still on its way
    pages = {width: open_page(width, height) for width, height in (DESKTOP, PHONE)}
    for watched in pages.values():  # both ask before either is answered
        send(watched.page, cold_server, LONDON_QUESTION)

    for width, watched in pages.items():
        progress = watched.page.get_by_test_id("assistant-progress")
        expect(progress).to_have_attribute("data-stage", "loading", timeout=15_000)
        expect(progress).to_contain_text("Loading the guides for the first time")
        expect(progress.locator(".elapsed")).to_have_text(re.compile(r"^ ([2-9]|\d\d) s$"), timeout=15_000)
        screenshot(watched.page, f"cold-start-{width}-loading")

    for watched in pages.values():
        answer = watched.page.get_by_test_id("assistant-message").last
        expect(answer).to_have_attribute("data-status", "done", timeout=60_000)
        expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")
        expect(answer.get_by_test_id("assistant-progress")).to_have_count(0)
        assert watched.page.evaluate("window.stagesSeen")[:2] == ["searching", "loading"]
        seconds = watched.page.evaluate("window.secondsSeen")
        assert seconds[:3] == [1, 2, 3] and seconds == sorted(seconds)  # a live count, not a static line
        assert watched.errors == []
    assert readiness(cold_server)["warm"] is True

    warm = open_page(*DESKTOP)  # the same server, now warm: the loading stage never appears
    send(warm.page, cold_server, "What does Tastytrade pay an ML engineer in London?")
    expect(warm.page.get_by_test_id("assistant-message").last).to_have_attribute("data-status", "done")
    assert "loading" not in warm.page.evaluate("window.stagesSeen")
