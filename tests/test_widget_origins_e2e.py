"""The widget in real Chromium when the server says no: a site that is not allowed, and a conversation it forgot.

Servers are real uvicorns on loopback ports: the assistant, and a plain page server standing in for a
site that embeds the widget (another port is another origin).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from playwright.sync_api import Browser, Page, expect

from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.browser_helpers import ask, needs_chromium
from tests.web_helpers import uvicorn_in_thread

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]  # one browser for the whole session

SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-output"
LONDON_QUESTION = "What does Jane Street pay an ML engineer in London?"

pytestmark = [pytest.mark.browser, needs_chromium]


def embedding_site() -> FastAPI:
    """A partner's page that embeds the widget from the assistant named in its ?assistant= parameter."""
    site = FastAPI()

    @site.get("/")
    async def page(assistant: str) -> HTMLResponse:
        source = html.escape(f"{assistant}/widget.js", quote=True)
        return HTMLResponse(
            f'<!doctype html><title>Partner</title><h1>Partner</h1><script src="{source}" defer></script>'
        )

    return site


@pytest.fixture(scope="module")
def partner_sites() -> Iterator[tuple[str, str]]:
    """(allowed, refused): two origins serving the embedding page."""
    with (
        uvicorn_in_thread(lambda _port: embedding_site()) as allowed,
        uvicorn_in_thread(lambda _port: embedding_site()) as refused,
    ):
        yield allowed, refused


@pytest.fixture(scope="module")
def assistant_server(
    partner_sites: tuple[str, str], seeds_assistant: Assistant, make_settings: Callable[..., Settings],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:  # fmt: skip
    """The assistant, allowing the first partner site only, and keeping a single conversation at a time."""
    conversations = tmp_path_factory.mktemp("widget-conversations") / "conversations.sqlite3"

    def make_app(port: int) -> FastAPI:
        settings = make_settings(
            index_dir=seeds_assistant.settings.index_dir, corpus_dir=seeds_assistant.settings.corpus_dir,
            port=port, public_origin=None, allowed_origins=partner_sites[0], max_conversations=1,
            conversations_file=conversations,
        )  # fmt: skip
        return create_app(settings, seeds_assistant)

    with uvicorn_in_thread(make_app) as base_url:
        yield base_url


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    contexts = []

    def open_() -> Page:
        context = browser.new_context(viewport={"width": 1280, "height": 860})
        context.set_default_timeout(30_000)
        contexts.append(context)
        return context.new_page()

    yield open_
    for context in contexts:
        context.close()


def open_widget(page: Page, url: str) -> None:
    """The widget on a page of `url` (a partner page whose query names the assistant)."""
    page.goto(url)
    page.get_by_test_id("assistant-launcher").click()
    expect(page.get_by_test_id("assistant-input")).to_be_focused()


def test_a_site_that_is_not_allowed_tells_its_visitor_so_and_its_owner_in_the_console(
    new_page: Callable[[], Page], partner_sites: tuple[str, str], assistant_server: str
) -> None:
    allowed_site, refused_site = partner_sites
    refused = new_page()
    console: list[str] = []
    refused.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    open_widget(refused, f"{refused_site}/?assistant={assistant_server}")

    failed = ask(refused, LONDON_QUESTION, status="error")

    error = failed.get_by_test_id("assistant-error")  # type: ignore[attr-defined]
    expect(error.locator("p")).to_have_text("This assistant isn't available on this site.")  # for the visitor
    expect(error).not_to_contain_text("ASSISTANT_ALLOWED_ORIGINS")
    expect(error).not_to_contain_text("connection")
    # The owner's hint is in the console, where whoever embeds the widget looks.
    assert any(line.startswith("warning: ") and f"add {refused_site} to ASSISTANT_ALLOWED_ORIGINS" in line
               for line in console), console  # fmt: skip
    SCREENSHOTS.mkdir(exist_ok=True)
    refused.screenshot(path=str(SCREENSHOTS / "desktop-site-not-allowed.png"))

    allowed = new_page()
    open_widget(allowed, f"{allowed_site}/?assistant={assistant_server}")
    answered = ask(allowed, LONDON_QUESTION)
    expect(answered.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")  # type: ignore[attr-defined]


def test_a_follow_up_whose_conversation_the_server_forgot_says_so(
    new_page: Callable[[], Page], assistant_server: str
) -> None:
    page = new_page()
    open_widget(page, f"{assistant_server}/")
    first = ask(page, LONDON_QUESTION)
    expect(first.get_by_test_id("assistant-context-lost")).to_have_count(0)  # type: ignore[attr-defined]

    # Another visitor starts a conversation; the server keeps one at a time, so this page's is forgotten.
    other = new_page()
    open_widget(other, f"{assistant_server}/")
    ask(other, "What does Tastytrade pay an ML engineer in London?")
    follow_up = ask(page, "and in Hong Kong?")

    # (The stream's body is read by the widget, so Chromium keeps no copy for the test: the API tests check
    # the meta event's context_lost; this one checks what the visitor sees.)
    notice = follow_up.get_by_test_id("assistant-context-lost")  # type: ignore[attr-defined]
    expect(notice).to_have_text("I lost the earlier conversation, so this question was answered on its own.")
    expect(page.get_by_test_id("assistant-context-lost")).to_have_count(1)  # only on the follow-up
    page.screenshot(path=str(SCREENSHOTS / "desktop-context-lost.png"))
    page.reload()  # the notice is part of the conversation the tab keeps
    page.get_by_test_id("assistant-launcher").click()
    expect(page.get_by_test_id("assistant-context-lost")).to_have_count(1)
