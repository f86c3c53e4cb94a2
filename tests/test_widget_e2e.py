"""The widget end to end: the real app under uvicorn, driven in Debian's headless Chromium with Playwright.

The corpus is the seeds plus the invented tests/guides/xss-labs guide, whose prose holds `<img onerror>` and
`<script>` markup. Screenshots go to test-output/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import (
    LONDON_QUESTION,
    Watched,
    ask,
    line_holding,
    needs_chromium,
    screenshot,
)

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]

XSS_GUIDE = Path(__file__).resolve().parent / "guides" / "xss-labs" / "software-engineer.md"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"
SCRIPT_PAYLOAD = '<script>alert("strategy")</script>'

pytestmark = [pytest.mark.browser, needs_chromium]


def shadow_counts(page: Page) -> dict[str, int]:
    """What injected markup would leave inside the widget's shadow root."""
    return page.evaluate(
        """() => {
            const root = document.querySelector("negotiation-assistant").shadowRoot;
            return {
                img: root.querySelectorAll("img").length,
                script: root.querySelectorAll("script").length,
                handlers: root.querySelectorAll("[onerror], [onload], [onclick]").length,
            };
        }"""
    )


# --- tests ---------------------------------------------------------------------------------------


def test_london_question_streams_a_cited_answer_that_opens_its_passage(
    widget_page: Callable[..., Watched], live_server: str
) -> None:
    watched = widget_page()
    page = watched.page

    with page.expect_response(lambda response: response.url.endswith("/api/chat/stream")) as streamed:
        answer = ask(page, LONDON_QUESTION)
    assert streamed.value.headers["content-type"].startswith("text/event-stream")
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")
    expect(page.get_by_test_id("assistant-messages")).to_have_attribute("aria-busy", "false")
    screenshot(page, "desktop-london-answer")

    chip = answer.get_by_test_id("citation-chip").first  # the first marker sits on the London base line
    chip.click()
    passage = answer.get_by_test_id("citation-passage")
    expect(passage).to_be_visible()
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(passage.get_by_test_id("citation-table")).to_contain_text("London")
    expect(passage.get_by_test_id("citation-table")).to_contain_text("£195K - £275K ($245K - $345K)")
    guide_link = passage.get_by_test_id("citation-guide-link")
    expect(guide_link).to_have_attribute("href", f"{live_server}/guides/jane-street/ml-ai-engineer#L58")
    screenshot(page, "desktop-london-passage")

    with page.context.expect_page() as new_tab:
        guide_link.click()
    source = new_tab.value
    expect(source.locator("#L58")).to_have_class(re.compile(r"\bhl\b"))
    expect(source.locator("#L58")).to_contain_text("London")
    expect(source.locator("#L58")).to_contain_text("£195K - £275K ($245K - $345K)")
    expect(source.get_by_test_id("guide-highlight-note")).to_contain_text("Line 58")
    screenshot(source, "desktop-london-guide-source")

    page.keyboard.press("Escape")  # the passage first, and focus goes back to its chip
    expect(passage).to_be_hidden()
    expect(chip).to_be_focused()
    page.keyboard.press("Escape")  # then the panel
    expect(page.get_by_test_id("assistant-panel")).to_be_hidden()
    expect(page.get_by_test_id("assistant-launcher")).to_be_focused()
    assert watched.errors == []


def test_markup_in_a_question_and_in_a_guide_shows_as_text(
    widget_page: Callable[..., Watched], live_server: str
) -> None:
    watched = widget_page()
    page = watched.page

    # Asked first: a follow-up would inherit NYC and quote only the strategy's New York sentence.
    advice = ask(page, "How should I negotiate a software engineer offer at XSS Labs?")
    expect(advice.get_by_test_id("assistant-answer")).to_contain_text(SCRIPT_PAYLOAD)
    # The chip beside the quoted sentence opens the passage it comes from, markup and all, as text.
    advice.locator("blockquote", has_text=SCRIPT_PAYLOAD).get_by_test_id("citation-chip").click()
    expect(advice.get_by_test_id("citation-quote")).to_contain_text(SCRIPT_PAYLOAD)
    pay = ask(page, f"What does XSS Labs pay a software engineer in NYC? {IMG_PAYLOAD}")
    expect(page.get_by_test_id("user-message").last).to_contain_text(IMG_PAYLOAD)
    # A whole question is answered on its own terms (not as advice, like the question before): the row leads.
    expect(pay.get_by_test_id("assistant-answer")).to_contain_text("NYC — Base: $190K - $250K")
    page.wait_for_load_state("networkidle")  # time for any injected image to fail and fire its handler
    screenshot(page, "desktop-xss-answer")

    assert shadow_counts(page) == {"img": 0, "script": 0, "handlers": 0}
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert watched.dialogs == []

    img_line = line_holding(XSS_GUIDE, IMG_PAYLOAD)
    script_line = line_holding(XSS_GUIDE, SCRIPT_PAYLOAD)
    page.goto(f"{live_server}/guides/xss-labs/software-engineer#L{img_line}")
    expect(page.locator(f"#L{img_line}")).to_contain_text(IMG_PAYLOAD)
    expect(page.locator(f"#L{script_line}")).to_contain_text(SCRIPT_PAYLOAD)
    page.wait_for_load_state("networkidle")
    screenshot(page, "desktop-xss-guide-source")

    scripts = page.evaluate("[...document.scripts].map((s) => s.getAttribute('src'))")
    assert scripts == ["/static/source.js"]  # only the viewer's own script: the guide's <script> is text
    assert page.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    assert watched.dialogs == [] and watched.errors == []


def test_a_dropped_connection_shows_retry_and_keeps_the_conversation(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page()
    page = watched.page
    first = ask(page, "What does Tastytrade pay an ML engineer in London?")
    expect(first.get_by_test_id("assistant-answer")).to_contain_text("£136K - £189K")

    page.route("**/api/chat/stream", lambda route: route.abort("connectionreset"))
    failed = ask(page, "and in New York?", status="error")
    expect(failed.get_by_test_id("assistant-error")).to_contain_text("connection")
    expect(failed.get_by_test_id("assistant-retry")).to_be_visible()
    expect(page.get_by_test_id("assistant-send")).to_be_enabled()
    screenshot(page, "desktop-connection-dropped")

    page.unroute("**/api/chat/stream")
    failed.get_by_test_id("assistant-retry").click()
    retried = page.get_by_test_id("assistant-message").last
    expect(retried).to_have_attribute("data-status", "done")
    # Only the conversation knows the follow-up means Tastytrade; without it New York would be Jane Street's.
    expect(retried.get_by_test_id("assistant-answer")).to_contain_text("$196K - $273K")
    expect(retried.get_by_test_id("assistant-answer")).not_to_contain_text("$250K - $350K")
    expect(page.get_by_test_id("assistant-message")).to_have_count(2)
    expect(page.get_by_test_id("user-message")).to_have_count(2)
    expect(page.get_by_test_id("assistant-message").first).to_contain_text("£136K - £189K")
    screenshot(page, "desktop-connection-retried")
    assert watched.errors == []


def test_the_panel_fills_a_360px_screen_without_sideways_scrolling(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page(width=360, height=740)
    page = watched.page
    box = page.get_by_test_id("assistant-panel").bounding_box()
    assert box is not None and box["x"] == 0 and box["width"] == 360
    screenshot(page, "mobile-360-empty")

    page.get_by_test_id("assistant-suggestion").first.click()
    answer = page.get_by_test_id("assistant-message").last
    expect(answer).to_have_attribute("data-status", "done")
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")
    answer.get_by_test_id("citation-chip").first.click()
    expect(answer.get_by_test_id("citation-passage")).to_be_visible()
    screenshot(page, "mobile-360-answer")

    overflow = page.evaluate(
        """() => {
            const log = document.querySelector("negotiation-assistant").shadowRoot
                .querySelector("[data-testid=assistant-messages]");
            return { log: log.scrollWidth - log.clientWidth, page: document.documentElement.scrollWidth - innerWidth };
        }"""
    )
    assert overflow == {"log": 0, "page": 0}
    assert watched.errors == []


def test_without_its_answer_renderer_the_chat_says_it_could_not_load(
    open_page: Callable[..., Watched], live_server: str
) -> None:
    watched = open_page()
    page = watched.page
    page.route("**/widget-answer.js", lambda route: route.abort("connectionrefused"))
    page.goto(f"{live_server}/")
    page.get_by_test_id("assistant-launcher").click()
    expect(page.get_by_test_id("assistant-panel")).to_be_visible()
    expect(page.get_by_test_id("assistant-error")).to_contain_text("The chat could not load. Reload the page")
    expect(page.get_by_test_id("assistant-input")).to_be_disabled()
    expect(page.get_by_test_id("assistant-suggestion")).to_have_count(0)  # nothing to click that could not answer
    assert watched.errors == []
