"""One plan per question, one handler per kind of question: the plan's fields, and the exact lead for each
question measured on the seed guides, on the real seed index."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from assistant.answer.handlers import HANDLERS, Registry
from assistant.answer.handlers.lookup import Lookup
from assistant.guide import Component
from assistant.plan.model import Intent, Turn
from assistant.plan.planner import make_plan
from assistant.response import AnswerResponse
from assistant.service import Assistant
from assistant.settings import Settings


def rows(response: AnswerResponse) -> list[str]:
    return [line.rsplit(" [", 1)[0] for line in response.answer.splitlines() if line.startswith("- ")]


# --- the plan --------------------------------------------------------------------------------------------------


def test_a_plan_names_what_the_question_asks_with_the_words_that_named_it(assistant: Assistant) -> None:
    plan = make_plan("JS ML engineer London base?", assistant.reader.vocabulary)
    assert (plan.intent, plan.companies, plan.roles, plan.regions, plan.components) == (
        Intent.lookup, ["jane-street"], ["ml-ai-engineer"], ["london"], [Component.base],
    )  # fmt: skip
    assert plan.named_by == {"jane-street": "js", "london": "london", "ml-ai-engineer": "machine learning engineer",
                             "base": "base"}  # fmt: skip
    assert plan.inherited == {}


def test_an_offer_stated_as_a_question_is_an_offer_with_its_amounts(assistant: Assistant) -> None:
    plan = make_plan("Is £210K base fair at Jane Street London?", assistant.reader.vocabulary)
    assert plan.intent == Intent.offer
    assert [(a.text, a.value, a.currency, a.component, a.component_assumed) for a in plan.offered] == [
        ("£210K", 210_000, "GBP", Component.base, False)
    ]
    bare = make_plan("They offered £210K at Jane Street in London, good or lowball?", assistant.reader.vocabulary)
    assert bare.intent == Intent.offer and bare.offered[0].component_assumed


def test_a_follow_up_says_what_it_inherits_and_why(assistant: Assistant) -> None:
    vocabulary = assistant.reader.vocabulary
    first = Turn(question="Jane Street ML engineer London base?",
                 plan=make_plan("Jane Street ML engineer London base?", vocabulary))  # fmt: skip
    follow = make_plan("and in Hong Kong?", vocabulary, [first])
    assert (follow.companies, follow.regions, follow.components) == (["jane-street"], ["hong-kong"], [Component.base])
    assert follow.inherited == {"companies": "the question names no company", "roles": "the question names no role",
                                "components": "a short follow-up asks about the same"}  # fmt: skip
    coverage = make_plan("what companies do you cover?", vocabulary, [first])
    assert (coverage.intent, coverage.companies, coverage.inherited) == (Intent.coverage, [], {})


def test_a_full_question_about_its_own_company_inherits_nothing_of_the_last_one(assistant: Assistant) -> None:
    vocabulary = assistant.reader.vocabulary
    first = Turn(question="Jane Street ML engineer London base?",
                 plan=make_plan("Jane Street ML engineer London base?", vocabulary))  # fmt: skip
    own = make_plan("What total comp does Millennium pay ML/AI engineers overall?", vocabulary, [first])
    assert (own.companies, own.regions, own.components) == (["millennium-management"], [], [Component.total])
    assert own.inherited == {}


def test_the_plan_is_shown_by_ask_json(seed_settings: Settings) -> None:
    env_index = str(seed_settings.index_dir)
    result = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "--index-dir", env_index, "ask", "--json",
         "Is £210K base fair at Jane Street London?"],
        capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    plan = json.loads(result.stdout)["plan"]
    assert plan["intent"] == "offer" and plan["offered"][0]["text"] == "£210K"


# --- one handler per intent -------------------------------------------------------------------------------------


def test_every_intent_has_one_handler_and_a_registry_missing_one_refuses_to_start() -> None:
    assert {HANDLERS.for_intent(intent).intent for intent in Intent} == set(Intent)
    with pytest.raises(ValueError, match="no handler for"):
        Registry([Lookup()])


# --- the questions measured on the seeds ------------------------------------------------------------------------


def test_a_target_for_a_place_leads_with_the_guides_own_sentence_for_it(assistant: Assistant) -> None:
    response = assistant.ask("What should I target in a London negotiation with Tastytrade for an ML/AI role?")
    assert response.answer.startswith(
        "Tastytrade's own target (advice, for London): “In **London**, negotiate dual-currency at £245K-£276K / "
        "$306K-$345K TC"
    )
    assert "Chicago" not in response.answer


def test_a_component_the_table_lacks_is_said_so(assistant: Assistant) -> None:
    response = assistant.ask("How much stock does Jane Street give ML/AI engineers?")
    assert response.answer == (
        "Jane Street's table has no stock column: the package it lists is cash (base, bonus and total comp)."
    )


def test_a_component_the_table_has_is_answered_from_the_table(assistant: Assistant) -> None:
    response = assistant.ask("What PnL participation does Millennium pay ML/AI engineers in London?")
    assert rows(response) == ["- London (GBP/USD) — PnL participation: £68K - £110K / $86K - $139K"]


def test_when_to_accept_is_the_guides_acceptance_point_not_its_walk_away(assistant: Assistant) -> None:
    response = assistant.ask("At what point should I accept a Millennium ML/AI Engineer offer?")
    first = response.answer.splitlines()[0]
    assert first.startswith("Millennium Management's own point to accept at (advice, for New York (HQ), Miami): "
                            "“**Accept at $290K+ base and $190K+ guaranteed bonus**")  # fmt: skip
    assert "Walk away below" not in response.answer


def test_a_named_premium_is_answered_by_the_sentence_that_states_it(assistant: Assistant) -> None:
    response = assistant.ask("How large is Tastytrade's Derivatives-Native bonus?")
    first_quote = next(line for line in response.answer.splitlines() if line.startswith("> "))
    assert "a Derivatives-Native bonus of $20K-$54K above standard ML engineering compensation" in first_quote


def test_an_offer_asked_as_a_question_is_placed_in_its_band(assistant: Assistant) -> None:
    response = assistant.ask("Is £210K base fair at Jane Street London?")
    assert response.answer.startswith("Your base offer is in the bottom quarter of Jane Street's £195K - £275K "
                                      "($245K - $345K) London band [1]; counter at £255K base [1].")  # fmt: skip
    bare = assistant.ask("They offered me £210K at Jane Street in London, good or lowball?")
    assert bare.answer.startswith("The question names no pay component for the amount, so it is read as base pay.")
    assert "bottom quarter of Jane Street's £195K - £275K" in bare.answer


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("what companies do you cover?",
         "The guides cover 3 companies: Jane Street, Millennium Management and Tastytrade, for ML/AI Engineer."),
        ("which places does the Jane Street guide cover?",
         "Jane Street's ML/AI Engineer guide covers New York (HQ), London and Hong Kong."),
        ("does Jane Street have a guide for designers?",
         "No: Jane Street's guides cover ML/AI Engineer; none is for a designer."),
        ("Does Tastytrade have an ML engineer guide?", "Yes: Tastytrade's guides cover ML/AI Engineer."),
    ],
)  # fmt: skip
def test_coverage_is_answered_from_the_catalog(assistant: Assistant, question: str, answer: str) -> None:
    response = assistant.ask(question)
    assert (response.plan.intent, response.answer, response.refused) == (Intent.coverage, answer, False)


def test_a_refusal_names_the_companies_when_they_are_few(assistant: Assistant) -> None:
    response = assistant.ask("What does Citadell pay ML engineers?")
    assert response.answer == (
        "The guides don't cover Citadell, so I won't quote figures for it from another company's guide. They cover "
        "Jane Street, Millennium Management and Tastytrade; ask about one of them by name."
    )


def test_an_unrelated_question_carries_no_context(assistant: Assistant) -> None:
    first = assistant.ask("Jane Street ML engineer London base?")
    history = [Turn(question=first.question, plan=first.plan)]
    coverage = assistant.ask("what companies do you cover?", history=history)
    assert coverage.answer.startswith("The guides cover 3 companies")
    assert "£195K" not in coverage.full_text
