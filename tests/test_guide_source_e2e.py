"""The guide source view in real Chromium: the guide rendered as a document (tables, headings, lists, quotes),
the cited lines highlighted and clear of the sticky note, every line still addressable. At 1280 and 360 px."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.browser_helpers import DESKTOP, PHONE, Watched, box, needs_chromium, screenshot

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

JANE = "/guides/jane-street/ml-ai-engineer"
HIGHLIGHTED = re.compile(r"\bhl\b")


def assert_clear_of_the_note(page: Page, line: int) -> None:
    """The cited line is on screen, below the sticky note rather than under it."""
    note = box(page.get_by_test_id("guide-highlight-note"))
    cited = box(page.locator(f"#L{line}"))
    assert cited["y"] >= note["y"] + note["height"], f"line {line} is under the note"
    assert cited["y"] < page.viewport_size["height"]  # type: ignore[index]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["1280px", "360px"])
def test_the_guide_reads_as_a_document_with_the_cited_row_in_view(
    open_page: Callable[..., Watched], live_server: str, size: tuple[int, int]
) -> None:
    watched = open_page(*size)
    page = watched.page
    page.goto(f"{live_server}{JANE}#L58")

    row = page.locator("#L58")
    expect(row).to_have_class(HIGHLIGHTED)
    assert row.evaluate("(node) => node.tagName + ' in ' + node.closest('table').tagName") == "TR in TABLE"
    assert row.locator("th, td").all_inner_texts()[1:] == [
        "£195K - £275K ($245K - $345K)",
        "£215K - £335K ($270K - $420K)",
        "£410K - £610K ($515K - $765K)",
    ]
    headers = page.locator("#L55 th").all_inner_texts()
    assert [re.sub(r"^\d+\s*", "", headers[0]), *headers[1:]] == ["Region", "Base Salary", "Bonus", "Total Comp"]
    expect(page.get_by_test_id("guide-highlight-note")).to_have_text("Line 58, in “Compensation Benchmarks by Region”")
    assert_clear_of_the_note(page, 58)
    screenshot(page, f"source-{size[0]}-L58-table-row")

    # The rest of the guide is a document too: headings, a quote, lists with safe links, hidden front matter.
    expect(page.locator("h5#L53")).to_contain_text("Compensation Benchmarks by Region")
    expect(page.locator("blockquote #L100")).to_contain_text("Negotiate Up Strategy: Anchor your ask at $350K base")
    expect(page.locator("blockquote #L100 strong")).to_have_text("Negotiate Up Strategy:")
    assert page.locator("li a[href^='https://']").count() >= 3
    expect(page.locator("details.front-matter")).not_to_have_attribute("open", "")

    page.goto(f"{live_server}{JANE}#L100")  # a long quote: on a phone taller than the screen below the note
    expect(page.locator("#L100")).to_have_class(HIGHLIGHTED)
    assert_clear_of_the_note(page, 100)
    screenshot(page, f"source-{size[0]}-L100-quote")
    assert watched.errors == []


def test_every_line_stays_addressable(open_page: Callable[..., Watched], live_server: str) -> None:
    watched = open_page(*PHONE)
    page = watched.page
    page.goto(f"{live_server}{JANE}#L57-L59")
    expect(page.locator("tr.hl")).to_have_count(3)
    expect(page.get_by_test_id("guide-highlight-note")).to_contain_text("Lines 57–59")

    page.locator("a.ln[href='#L61']").click()  # a line number is a link to its own line
    expect(page).to_have_url(re.compile(r"#L61$"))
    expect(page.locator("#L61")).to_have_class(HIGHLIGHTED)
    expect(page.locator(".hl")).to_have_count(1)
    expect(page.get_by_test_id("guide-highlight-note")).to_contain_text("Line 61")
    assert_clear_of_the_note(page, 61)

    page.goto(f"{live_server}{JANE}#L12")  # inside the front matter: it opens to show the line
    expect(page.locator("details.front-matter")).to_have_attribute("open", "")
    expect(page.locator("#L12")).to_have_class(HIGHLIGHTED)
    expect(page.locator("#L12")).to_contain_text("region: New York (HQ)")

    page.goto(f"{live_server}{JANE}#L56")  # the table's |---| row shows nothing: the next row stands in
    expect(page.locator("#L57")).to_have_class(HIGHLIGHTED)
    assert watched.errors == []


def test_the_markdown_source_is_one_click_away_with_the_same_lines(
    open_page: Callable[..., Watched], live_server: str
) -> None:
    watched = open_page()
    page = watched.page
    page.goto(f"{live_server}{JANE}#L58")
    page.get_by_test_id("guide-view-toggle").click()

    expect(page).to_have_url(re.compile(r"\?view=source#L58$"))
    expect(page.locator("#L58 .text")).to_have_text(re.compile(r"^\| \*\*London\*\* \| £195K - £275K"))
    expect(page.locator("#L58")).to_have_class(HIGHLIGHTED)
    assert_clear_of_the_note(page, 58)
    screenshot(page, "source-1280-markdown-view")
    page.get_by_test_id("guide-view-toggle").click()
    expect(page.locator("tr#L58")).to_have_class(HIGHLIGHTED)
    assert watched.errors == []
