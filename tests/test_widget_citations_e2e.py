"""Citations in the widget, in real Chromium: a popover beside its chip, table rows under their headers,
"line 58" rather than "lines 58–58", and money ranges that never wrap inside. At 1280 and 360 px wide."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tests.browser_helpers import (
    DESKTOP,
    LONDON_QUESTION,
    PHONE,
    Watched,
    ask,
    assert_beside,
    in_shadow,
    needs_chromium,
    open_details,
    screenshot,
)

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

SIZES = pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "360px"])
LONDON_ROW = [
    ("Region", "London"),
    ("Base Salary", "£195K - £275K ($245K - $345K)"),
    ("Bonus", "£215K - £335K ($270K - $420K)"),
    ("Total Comp", "£410K - £610K ($515K - $765K)"),
]


@SIZES
def test_a_citation_opens_beside_its_chip_with_the_rows_headers(
    widget_page: Callable[..., Watched], size: tuple[int, int]
) -> None:
    watched = widget_page(*size)
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    passage = answer.get_by_test_id("citation-passage")
    in_text = answer.get_by_test_id("assistant-answer").get_by_test_id("citation-chip").first  # the London base line
    open_details(answer)  # the figure list and the sources are below the lead, behind the details button
    chips = {
        "in-text": in_text,
        "figure": answer.get_by_test_id("figure").first.get_by_test_id("citation-chip"),
        "source": answer.get_by_test_id("source-chip").first,  # at the very bottom of the answer
    }
    for where, chip in chips.items():
        chip.click()
        expect(passage).to_be_visible()
        expect(chip).to_have_attribute("aria-expanded", "true")
        assert_beside(page, chip, passage)
        table = passage.get_by_test_id("citation-table")
        pairs = [(row.locator("th").inner_text(), row.locator("td").inner_text()) for row in table.locator("tr").all()]
        assert pairs == LONDON_ROW
        expect(passage.get_by_test_id("citation-lines")).to_have_text("line 58")
        screenshot(page, f"citation-{size[0]}-{where}-popover")
        page.keyboard.press("Escape")
        expect(passage).to_be_hidden()
        expect(chip).to_be_focused()
        expect(chip).to_have_attribute("aria-expanded", "false")
    assert watched.errors == []


def test_the_popover_is_reached_and_dismissed_with_the_keyboard_or_a_click_outside(
    widget_page: Callable[..., Watched],
) -> None:
    watched = widget_page()
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    passage = answer.get_by_test_id("citation-passage")
    chip = answer.get_by_test_id("citation-chip").first

    chip.focus()
    page.keyboard.press("Enter")
    expect(passage).to_be_visible()
    expect(chip).to_have_attribute("aria-controls", passage.get_attribute("id") or "missing")
    expect(passage).to_be_focused()  # so Tab goes into the passage, not past it
    page.keyboard.press("Tab")
    expect(passage.get_by_role("button", name="Close passage")).to_be_focused()
    page.keyboard.press("Tab")
    expect(passage.get_by_test_id("citation-guide-link")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # the close button
    expect(passage).to_be_hidden()
    expect(chip).to_be_focused()

    chip.click()
    expect(passage).to_be_visible()
    chip.click()  # the same chip again closes it
    expect(passage).to_be_hidden()
    chip.click()
    page.get_by_test_id("assistant-answer").last.click(position={"x": 4, "y": 4})  # anywhere outside
    expect(passage).to_be_hidden()
    expect(page.get_by_test_id("assistant-panel")).to_be_visible()  # only the passage closed
    assert watched.errors == []


def test_every_line_span_is_singular_for_one_line(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page()
    page = watched.page
    answer = ask(page, "How does Millennium's ML engineer pay in New York compare with Jane Street's?")
    open_details(answer)
    chips = answer.get_by_test_id("source-chip")
    assert chips.count() >= 2
    for chip in chips.all():
        chip.click()
        span = answer.get_by_test_id("citation-lines").inner_text()
        match = re.fullmatch(r"line \d+|lines (\d+)–(\d+)", span)
        assert match, span
        assert match.group(1) is None or int(match.group(1)) < int(match.group(2)), span
        page.keyboard.press("Escape")  # close the passage, as a reader would, before the next chip it may cover
    assert "lines 58–58" not in answer.inner_text()
    assert watched.errors == []


RANGE_WRAPS = """(root) => {
    // For each width an answer could be shown at, how many money ranges are split over two lines, and how many
    // chips are parted from the punctuation after them ("band [1]" then "." alone at the start of a line).
    const answer = [...root.querySelectorAll("[data-testid=assistant-message]")].pop();
    const ranges = [...answer.querySelectorAll(".range")];
    const cited = [...answer.querySelectorAll(".cited")].filter((span) => /[.,;:]$/.test(span.textContent));
    const broken = [];
    const parted = [];
    for (let width = 180; width <= 360; width += 3) {
        answer.style.width = `${width}px`;
        broken.push(ranges.filter((range) => range.getClientRects().length > 1).length);
        parted.push(cited.filter((span) => new Set([...span.getClientRects()].map((r) => r.top)).size > 1).length);
    }
    answer.style.width = "";
    return { ranges: ranges.map((range) => range.textContent), cited: cited.length, broken, parted };
}"""
# Set through the CSSOM, element by element: the widget runs under a CSP without 'unsafe-inline' styles.
ALLOW_WRAPS = """(root) => root.querySelectorAll(".range, .cited").forEach(
    (node) => node.style.setProperty("white-space", "normal", "important"))"""


@SIZES
def test_money_ranges_wrap_as_one_unit_and_keep_the_servers_text(
    widget_page: Callable[..., Watched], size: tuple[int, int]
) -> None:
    watched = widget_page(*size)
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    details = open_details(answer)  # their table rows are ranges too
    answer.get_by_test_id("citation-chip").first.click()

    wraps = in_shadow(page, RANGE_WRAPS)
    # The lead's derived ask, the bands it comes from, and the table rows in the details.
    assert {"£255K–£275K", "£195K - £275K", "$245K - $345K", "£410K - £610K"} <= set(wraps["ranges"])
    assert set(wraps["broken"]) == {0}
    assert wraps["cited"] >= 3 and set(wraps["parted"]) == {0}
    # The control: the same widths with ranges and chips allowed to wrap do split some, so the checks have teeth.
    in_shadow(page, ALLOW_WRAPS)
    allowed = in_shadow(page, RANGE_WRAPS)
    assert max(allowed["broken"]) > 0 and max(allowed["parted"]) > 0
    # Rendering only: the text is the server's, with ordinary spaces and hyphens.
    lead = answer.get_by_test_id("assistant-answer").text_content() or ""
    table = details.text_content() or ""
    assert "the top quarter of its £195K - £275K ($245K - $345K) band" in lead and "\u00a0" not in lead
    assert "London — Base: £195K - £275K ($245K - $345K)" in table and "\u00a0" not in table
    screenshot(page, f"ranges-{size[0]}-answer")
    assert watched.errors == []
