"""The widget on a phone, in real Chromium at 360 px: a full-screen modal panel that keeps Tab inside it,
Escape that closes an open passage before the panel, and focus back on the launcher when it closes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import (
    DESKTOP,
    LONDON_QUESTION,
    PHONE,
    Watched,
    ask,
    box,
    in_shadow,
    needs_chromium,
    screenshot,
)

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

FOCUS = """(root) => {
    const active = root.activeElement;
    const panel = root.querySelector("[data-testid=assistant-panel]");
    return {
        inPanel: Boolean(active && panel.contains(active)),
        testid: active?.dataset.testid ?? null,
        label: active?.getAttribute("aria-label") ?? active?.textContent ?? null,
    };
}"""
TAB_STOPS = """(root) => [...root.querySelector("[data-testid=assistant-panel]").querySelectorAll(
    "button:not([disabled]), [href], textarea:not([disabled]), [tabindex]:not([tabindex='-1'])")]
    .filter((node) => node.getClientRects().length > 0).length"""


def focused(page: Page) -> dict[str, str | bool | None]:
    return in_shadow(page, FOCUS)


def test_the_phone_panel_is_modal_and_tab_cycles_inside_it(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page(*PHONE)
    page = watched.page
    panel = page.get_by_test_id("assistant-panel")
    expect(panel).to_have_attribute("aria-modal", "true")
    assert box(panel) == {"x": 0, "y": 0, "width": PHONE[0], "height": PHONE[1]}
    ask(page, LONDON_QUESTION)
    stops = in_shadow(page, TAB_STOPS)
    assert stops > 10  # header buttons, chips, the guide's links, the composer

    # Twice round the whole panel, forwards then backwards: focus never reaches the page behind it.
    for key in ["Tab"] * (2 * stops) + ["Shift+Tab"] * (2 * stops):
        page.keyboard.press(key)
        assert focused(page)["inPanel"], f"{key} left the panel"
    page.get_by_test_id("assistant-input").fill("x")  # the send button is a tab stop once there is text
    page.get_by_test_id("assistant-send").focus()
    page.keyboard.press("Tab")
    assert focused(page)["testid"] == "assistant-paste-offer"  # from the last stop round to the first
    page.keyboard.press("Shift+Tab")
    assert focused(page)["testid"] == "assistant-send"
    screenshot(page, "mobile-360-modal-panel")
    assert watched.errors == []


def test_escape_closes_the_passage_then_the_panel_and_focus_returns_to_the_launcher(
    widget_page: Callable[..., Watched],
) -> None:
    watched = widget_page(*PHONE)
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    chip = answer.get_by_test_id("citation-chip").first
    chip.click()
    passage = answer.get_by_test_id("citation-passage")
    expect(passage).to_be_visible()
    screenshot(page, "mobile-360-passage-open")

    page.keyboard.press("Escape")
    expect(passage).to_be_hidden()
    expect(page.get_by_test_id("assistant-panel")).to_be_visible()
    expect(chip).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("assistant-panel")).to_be_hidden()
    expect(page.get_by_test_id("assistant-launcher")).to_be_visible()
    expect(page.get_by_test_id("assistant-launcher")).to_be_focused()

    page.keyboard.press("Enter")  # the launcher opens it again, and the close button returns focus too
    expect(page.get_by_test_id("assistant-panel")).to_be_visible()
    page.get_by_test_id("assistant-close").click()
    expect(page.get_by_test_id("assistant-launcher")).to_be_focused()
    assert watched.errors == []


def test_on_a_desktop_the_panel_is_not_modal_until_the_window_narrows(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page(*DESKTOP)
    page = watched.page
    panel = page.get_by_test_id("assistant-panel")
    expect(panel).to_have_attribute("aria-modal", "false")
    page.get_by_test_id("assistant-input").fill("x")
    page.get_by_test_id("assistant-send").focus()
    page.keyboard.press("Tab")  # beside a page, the panel lets focus go on: to the launcher that closes it
    expect(page.get_by_test_id("assistant-launcher")).to_be_focused()
    screenshot(page, "desktop-1280-panel-not-modal")

    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    expect(panel).to_have_attribute("aria-modal", "true")
    assert watched.errors == []
