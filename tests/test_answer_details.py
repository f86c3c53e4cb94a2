"""What an answer shows below its lead, and how a refusal says what the guides do cover."""

from __future__ import annotations

import pytest

from assistant.answer import refusals
from assistant.answer.substance import says_something
from assistant.service import Assistant

KEYWORD_LIST = ("**Negotiation DNA:** `63% Pay Hike` `Alpha Architect` `$600K+ Per-Head` `+15-25% AI/Quant Premium` "
                "`All-Cash Comp`")  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [KEYWORD_LIST, "#### Negotiation DNA\n\n" + KEYWORD_LIST, "> **Tags:** `Options` `Chicago Hub`", "#### Levers"],
)
def test_headings_labels_and_tags_alone_say_nothing(text: str) -> None:
    assert not says_something(text)


@pytest.mark.parametrize(
    "text",
    [
        "Anchor your ask at $350K base and $425K bonus.",
        "**Negotiate Up Strategy:** In London, negotiate dual-currency at £245K-£276K TC.",
        "#### Global Levers\n> Chicago is the epicenter of quantitative trading.",
    ],
)
def test_a_sentence_says_something(text: str) -> None:
    assert says_something(text)


def test_details_leave_out_keyword_lists(assistant: Assistant) -> None:
    response = assistant.ask("What does Jane Street pay an ML engineer?")
    assert response.details, "the range answer has related passages below its lead"
    for detail in response.details:
        assert "Negotiation DNA" not in detail.title and "`Alpha Architect`" not in detail.text, detail
    assert all("`Alpha Architect`" not in citation.quote for citation in response.citations)


def test_a_refusal_names_every_covered_company_when_they_are_few(assistant: Assistant) -> None:
    for question in ("What does Google pay an ML engineer?", "What does a barista earn?"):
        response = assistant.ask(question)
        assert response.refused, question
        assert "Jane Street, Millennium Management and Tastytrade" in response.answer, response.answer


def test_a_refusal_over_many_companies_gives_their_count_and_the_closest_names() -> None:
    many = [f"Company {n}" for n in range(341)]
    text = refusals.unknown_companies(["Citadell"], ["Citadel Securities"], 341, many)
    assert text.endswith("They cover 341 companies; the closest names are Citadel Securities."), text
    assert "Company 7" not in text
    nothing_close = refusals.unknown_companies(["Zyxw"], [], 341, many)
    assert nothing_close.endswith("They cover 341 companies; ask about one of them by name."), nothing_close
    assert "They cover" not in refusals.not_matched(many)
