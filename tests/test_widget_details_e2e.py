"""One screen, then details, in real Chromium: the widget shows an answer's lead with its warnings, and keeps the
details (table rows, the guide's advice, figures, sources) behind one button; a closed answer fits the visible
message area at 1280×800 and at 360×740; a reload or a follow-up keeps lead and closed details apart.

The measured heights are written to test-output/one-screen-heights.json (gitignored) beside the screenshots.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser_helpers import (
    LONDON_QUESTION,
    PHONE,
    SCREENSHOTS,
    Watched,
    ask,
    assert_beside,
    box,
    in_shadow,
    needs_chromium,
    open_details,
    screenshot,
)

pytest_plugins = ["tests.serve_fixtures", "tests.browser_fixtures"]
pytestmark = [pytest.mark.browser, needs_chromium]

LAPTOP = (1280, 800)
SIZES = pytest.mark.parametrize("size", [LAPTOP, PHONE], ids=["1280px", "360px"])
LEAD = "Ask for £255K–£275K base"
TABLE_ROW = "London — Base: £195K - £275K ($245K - $345K)"
STRATEGY = "Anchor your ask at $350K base"  # Jane Street's own New York anchor: advice, in the details only

HEIGHTS = """(root) => {
    const log = root.querySelector("[data-testid=assistant-messages]");
    const answer = [...root.querySelectorAll("[data-testid=assistant-message]")].pop();
    const question = answer.previousElementSibling;
    return { area: log.clientHeight, answer: answer.getBoundingClientRect().height,
             question: question.getBoundingClientRect().height };
}"""


def record_heights(name: str, heights: dict[str, float]) -> None:
    """Keeps the figures of one measurement in test-output/one-screen-heights.json, for people to read."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / "one-screen-heights.json"
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**known, name: heights}, indent=2, sort_keys=True), encoding="utf-8")


def assert_closed(answer: Locator) -> None:
    """Lead shown, details behind their button: closed, hidden, and their text not shown."""
    expect(answer.get_by_test_id("assistant-answer")).to_contain_text(LEAD)
    toggle, details = answer.get_by_test_id("assistant-details-toggle"), answer.get_by_test_id("assistant-details")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_have_attribute("aria-controls", details.get_attribute("id") or "no id")
    expect(details).to_be_hidden()
    shown = answer.inner_text()  # only what is rendered: hidden elements give no text
    assert TABLE_ROW not in shown and STRATEGY not in shown


def assert_fully_visible(page: Page, answer: Locator) -> None:
    """The whole answer is inside the visible part of the message log: no scrolling needed to read it."""
    log, shown = box(page.get_by_test_id("assistant-messages")), box(answer)
    assert log["y"] - 1 <= shown["y"] and shown["y"] + shown["height"] <= log["y"] + log["height"] + 1


@SIZES
def test_the_lead_comes_first_and_the_details_open_on_demand(
    widget_page: Callable[..., Watched], size: tuple[int, int]
) -> None:
    watched = widget_page(*size)
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    assert_closed(answer)

    # Warnings stay in sight, one per problem, each at most two lines until opened.
    warnings = answer.get_by_test_id("assistant-warning")
    expect(warnings).to_have_count(2)
    assert sorted(warning.get_attribute("data-kind") or "" for warning in warnings.all()) == ["defect", "stale"]
    for warning in warnings.all():
        expect(warning).to_be_visible()
        closed_height = box(warning)["height"]
        assert closed_height <= 2 * 13.5 * 1.45 + 8, f"a closed warning is {closed_height:.0f}px tall"
    defect = warnings.filter(has_text="Data defect")
    defect_closed = box(defect)["height"]
    defect.click()  # opened, it shows all of its sentence, which is longer than two lines at both widths
    expect(defect).to_have_attribute("open", "")
    assert box(defect)["height"] > defect_closed + 10
    expect(defect).to_contain_text("the figures shown are the table's")

    details = open_details(answer)
    titles = answer.get_by_test_id("assistant-detail-title").all_inner_texts()
    assert titles[-2:] == ["Figures quoted", "Sources"] and len(titles) >= 4, titles
    expect(details).to_contain_text(TABLE_ROW)
    expect(details).to_contain_text(STRATEGY)
    numbers = [chip.get_attribute("data-citation") for chip in details.get_by_test_id("source-chip").all()]
    # The table row, and the strategy paragraph's line (its four cited sentences are one source).
    assert numbers == [str(n) for n in range(1, len(numbers) + 1)] and len(numbers) >= 2, numbers
    screenshot(page, f"details-{size[0]}-open")

    # A citation inside the details opens its passage beside it, as one in the lead does.
    chip = details.locator("[data-testid=citation-chip][data-citation='2']").first  # the New York anchor's source
    chip.click()
    passage = answer.get_by_test_id("citation-passage")
    expect(passage).to_be_visible()
    expect(chip).to_have_attribute("aria-expanded", "true")
    expect(passage.get_by_test_id("citation-quote")).to_contain_text(STRATEGY)
    assert_beside(page, chip, passage)
    screenshot(page, f"details-{size[0]}-passage")

    # Closing the details from the keyboard hides them and the passage opened inside them.
    toggle = answer.get_by_test_id("assistant-details-toggle")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(passage).to_be_hidden()
    assert_closed(answer)
    page.keyboard.press("Space")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(details).to_contain_text(TABLE_ROW)
    assert watched.errors == []


@SIZES
def test_a_closed_answer_fits_the_visible_message_area(
    widget_page: Callable[..., Watched], size: tuple[int, int]
) -> None:
    watched = widget_page(*size)
    page = watched.page
    answer = ask(page, LONDON_QUESTION)
    assert_closed(answer)
    closed = in_shadow(page, HEIGHTS)
    assert closed["answer"] <= closed["area"], f"{closed['answer']:.0f}px of answer in a {closed['area']}px log"
    assert_fully_visible(page, answer)
    screenshot(page, f"one-screen-{size[0]}-closed")

    # The control: opened, the same answer is far taller than the log, so the measurement above has teeth.
    open_details(answer)
    opened = in_shadow(page, HEIGHTS)
    assert opened["answer"] > 2 * opened["area"]
    heights = {"log_area_px": closed["area"], "question_px": closed["question"], "answer_closed_px": closed["answer"]}
    record_heights(f"{size[0]}x{size[1]}", {**heights, "answer_open_px": opened["answer"]})
    assert watched.errors == []


def stored_answers(page: Page) -> list[dict[str, object]]:
    """The final responses the widget keeps in sessionStorage, as it would read them after a reload."""
    return page.evaluate(
        """() => Object.keys(sessionStorage).filter((key) => key.startsWith("negotiation-assistant:"))
            .flatMap((key) => JSON.parse(sessionStorage.getItem(key)).messages)
            .filter((message) => message.role === "assistant").map((message) => message.response)"""
    )


def test_a_reload_and_a_follow_up_keep_the_lead_and_the_closed_details(widget_page: Callable[..., Watched]) -> None:
    watched = widget_page(*LAPTOP)
    page = watched.page
    ask(page, LONDON_QUESTION)
    first = page.get_by_test_id("assistant-message").first  # ask() gives .last, which moves on with a follow-up
    lead_before = first.get_by_test_id("assistant-answer").inner_text()
    follow_up = ask(page, "and in New York?")
    expect(follow_up.get_by_test_id("assistant-answer")).to_contain_text("New York")
    expect(follow_up.get_by_test_id("assistant-details-toggle")).to_have_attribute("aria-expanded", "false")
    assert_closed(first)  # a later answer leaves the earlier one as it was

    # What is kept is the response's own fields, the details still apart from the lead.
    kept = stored_answers(page)
    assert len(kept) == 2
    assert all(isinstance(response["details"], list) and response["details"] for response in kept)
    assert TABLE_ROW not in str(kept[0]["answer"])

    page.reload()
    page.get_by_test_id("assistant-launcher").click()
    answers = page.get_by_test_id("assistant-message")
    expect(answers).to_have_count(2)
    first, follow_up = answers.first, answers.last
    assert_closed(first)
    assert first.get_by_test_id("assistant-answer").inner_text() == lead_before
    expect(follow_up.get_by_test_id("assistant-details-toggle")).to_have_attribute("aria-expanded", "false")
    expect(follow_up.get_by_test_id("assistant-details")).to_be_hidden()
    screenshot(page, "reload-1280-closed")

    # Opened details stay open over a reload, and their chips still open passages.
    open_details(first)
    page.reload()
    page.get_by_test_id("assistant-launcher").click()
    first = page.get_by_test_id("assistant-message").first
    expect(first.get_by_test_id("assistant-details-toggle")).to_have_attribute("aria-expanded", "true")
    expect(first.get_by_test_id("assistant-details")).to_contain_text(TABLE_ROW)
    expect(page.get_by_test_id("assistant-message").last.get_by_test_id("assistant-details")).to_be_hidden()
    chip = first.get_by_test_id("assistant-details").get_by_test_id("citation-chip").first
    chip.click()
    expect(first.get_by_test_id("citation-passage")).to_be_visible()
    assert watched.errors == []
