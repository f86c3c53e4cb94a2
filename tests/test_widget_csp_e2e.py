"""The widget and the server's pages under a Content-Security-Policy with no 'unsafe-inline', in real Chromium.

Two policies: a partner site's own strict policy that names only the assistant's origin (what the README tells
embedders to allow), and the policy the assistant's server puts on its own pages (the demo and the guide viewer).
Every `securitypolicyviolation` the page sees is recorded: a widget that needed an inline style or script would
show up here even if it still looked right.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from playwright.sync_api import Page, expect

from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.browser_helpers import Watched, ask, needs_chromium
from tests.web_helpers import uvicorn_in_thread

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]  # one browser for the whole session
pytestmark = [pytest.mark.browser, needs_chromium]

QUESTION = "What does Jane Street pay an ML engineer in London?"
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (event) => window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`), true);
"""


def strict_site() -> FastAPI:
    """A partner's page with its own strict policy: scripts, styles and requests only from the assistant."""
    site = FastAPI()

    @site.get("/")
    async def page(assistant: str) -> HTMLResponse:
        source = html.escape(f"{assistant}/widget.js", quote=True)
        policy = (f"default-src 'none'; script-src {assistant}; style-src {assistant}; connect-src {assistant}; "
                  "img-src 'self'; base-uri 'none'; form-action 'none'")  # fmt: skip
        return HTMLResponse(
            f'<!doctype html><title>Partner</title><h1>Partner</h1><script src="{source}" defer></script>',
            headers={"Content-Security-Policy": policy},
        )

    return site


@pytest.fixture(scope="module")
def partner_site() -> Iterator[str]:
    with uvicorn_in_thread(lambda _port: strict_site()) as url:
        yield url


@pytest.fixture(scope="module")
def assistant_server(
    partner_site: str, seeds_assistant: Assistant, make_settings: Callable[..., Settings]
) -> Iterator[str]:
    def make_app(port: int) -> FastAPI:
        settings = make_settings(index_dir=seeds_assistant.settings.index_dir,
                                 corpus_dir=seeds_assistant.settings.corpus_dir, port=port, public_origin=None,
                                 allowed_origins=partner_site)  # fmt: skip
        return create_app(settings, seeds_assistant)

    with uvicorn_in_thread(make_app) as url:
        yield url


def watched(open_page: Callable[..., Watched]) -> Page:
    page = open_page().page
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page: Page) -> list[str]:
    return list(page.evaluate("window.__violations"))


def test_the_widget_answers_on_a_site_whose_policy_allows_only_the_assistant(
    open_page: Callable[..., Watched], partner_site: str, assistant_server: str
) -> None:
    page = watched(open_page)
    page.goto(f"{partner_site}/?assistant={assistant_server}")
    page.get_by_test_id("assistant-launcher").click()
    answer = ask(page, QUESTION)

    expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")
    # Styled, not merely present: the stylesheet in the shadow root was allowed, and the host element's styles too.
    assert page.evaluate("getComputedStyle(document.querySelector('negotiation-assistant')).position") == "fixed"
    assert violations(page) == []


def test_the_servers_own_pages_work_under_the_policy_they_are_sent_with(
    open_page: Callable[..., Watched], assistant_server: str
) -> None:
    demo = watched(open_page)
    response = demo.goto(f"{assistant_server}/")
    assert response is not None and "'unsafe-inline'" not in response.headers["content-security-policy"]
    expect(demo.locator("#snippet")).to_contain_text(f'src="{assistant_server}/widget.js"')  # demo.js ran
    assert demo.evaluate("getComputedStyle(document.body).fontFamily").startswith("Georgia")  # demo.css applied
    demo.get_by_test_id("assistant-launcher").click()
    answer = ask(demo, QUESTION)
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text("£195K - £275K")

    viewer = watched(open_page)
    viewer.goto(f"{assistant_server}/guides/jane-street/ml-ai-engineer#L10")
    expect(viewer.get_by_test_id("guide-source")).to_contain_text("London")
    viewer.locator("#section-list li").first.wait_for(state="attached")  # in a <details>, closed
    # Sections are indented by depth through the CSSOM: a style attribute would be refused and leave them unset.
    indents = viewer.eval_on_selector_all("#section-list li", "items => items.map((item) => item.style.marginLeft)")
    assert indents and all(indent.endswith("em") for indent in indents), indents

    assert violations(demo) == [] and violations(viewer) == []
