"""The first question after a cold start, in real Chromium against a freshly started `assistant serve` process.

The server answers at once: a look-up needs no embedding model, and the server loads the model only after its
first answer, on a thread of its own (retrieve/meaning.py). So the first question is answered without the
"loading the guides" stage, /readyz then reports the model loading behind it, and once it is in, an advice
question is ranked by meaning. (The loading stage remains for a server still opening a large index: the widget
shows it when an answer is slow and /readyz says the index is not warm yet.)
"""

from __future__ import annotations

import json
import os
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


def wait_for_model(base_url: str, seconds: float = 180) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if readiness(base_url)["model_loaded"] is True:
            return True
        time.sleep(0.5)
    return False


def test_the_first_question_after_a_start_is_answered_without_waiting_for_the_model(
    open_page: Callable[..., Watched], cold_server: str
) -> None:
    assert readiness(cold_server)["model_loaded"] is False  # the precondition: nothing has loaded it yet
    pages = {width: open_page(width, height) for width, height in (DESKTOP, PHONE)}
    for watched in pages.values():  # both ask before either is answered
        send(watched.page, cold_server, LONDON_QUESTION)

    for width, watched in pages.items():
        answer = watched.page.get_by_test_id("assistant-message").last
        expect(answer).to_have_attribute("data-status", "done", timeout=60_000)
        expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")
        expect(answer.get_by_test_id("assistant-progress")).to_have_count(0)
        assert "loading" not in watched.page.evaluate("window.stagesSeen")  # no wait for a model it doesn't need
        assert watched.errors == []
        screenshot(watched.page, f"cold-start-{width}-answered")

    assert wait_for_model(cold_server)  # loaded after the first answer, behind it
    advice = open_page(*DESKTOP)
    send(advice.page, cold_server, "How should I negotiate with Tastytrade as an ML engineer?")
    expect(advice.page.get_by_test_id("assistant-message").last).to_have_attribute("data-status", "done")
    assert "loading" not in advice.page.evaluate("window.stagesSeen")
