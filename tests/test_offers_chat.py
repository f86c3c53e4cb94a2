"""The user's own offer in chat: "what's my year-1 total if …", "I have two offers: …", "write the email" reach
their own intents and handlers, and every figure passes the verifier (on the real seed index)."""

from __future__ import annotations

from assistant.answer.handlers import HANDLERS
from assistant.plan.model import Intent, Turn
from assistant.plan.planner import make_plan
from assistant.response import DerivedKind
from assistant.service import Assistant

YEAR_QUESTION = ("What's my year-1 total if base is $200K, bonus 15% of base and $100K RSUs vesting evenly over 4 "
                 "years with a $20K sign-on?")  # fmt: skip
TWO_OFFERS = "I have two offers: A: base $200K and a $30K sign-on; B: base $215K, bonus $20K. Which is better?"


def test_questions_about_the_users_own_offer_have_their_own_intents(assistant: Assistant) -> None:
    vocabulary = assistant.reader.vocabulary
    assert make_plan(YEAR_QUESTION, vocabulary).intent == Intent.year_totals
    assert make_plan(TWO_OFFERS, vocabulary).intent == Intent.two_offers
    assert make_plan("write the email", vocabulary).intent == Intent.counter_email
    assert make_plan("Can you draft a reply to my recruiter?", vocabulary).intent == Intent.counter_email
    assert make_plan("I was offered £210K base at Jane Street London, is it fair?", vocabulary).intent == Intent.offer
    assert make_plan("what is year 1 like at Jane Street?", vocabulary).intent != Intent.year_totals  # no figures
    # How offers are stated ("per year", "over four years") is still an offer check, not a question of totals.
    assert make_plan("Is $300K per year fair at Tastytrade in New York?", vocabulary).intent == Intent.offer
    assert make_plan("I was offered $100K RSUs over four years at Tastytrade, is it fair?", vocabulary).intent == (
        Intent.offer)  # fmt: skip
    assert {HANDLERS.for_intent(i).intent for i in (Intent.year_totals, Intent.two_offers, Intent.counter_email)} == {
        Intent.year_totals, Intent.two_offers, Intent.counter_email}  # fmt: skip


def test_a_year_total_question_is_added_up_from_its_own_figures(assistant: Assistant) -> None:
    response = assistant.ask(YEAR_QUESTION)
    assert response.verification.action == "passed"
    assert response.answer.splitlines()[:2] == [
        "- Year 1: $275K = $200K base + $30K bonus + $25K vested equity + $20K sign-on (your figures)",
        "- Year 2: $255K = $200K base + $30K bonus + $25K vested equity (your figures)",
    ]
    sums = [f.low for f in response.derived if f.kind == DerivedKind.sum]
    assert sums == [275_000, 255_000, 255_000, 255_000]


def test_two_offers_in_one_question_are_set_side_by_side(assistant: Assistant) -> None:
    response = assistant.ask(TWO_OFFERS)
    assert response.verification.action == "passed"
    assert response.answer.splitlines() == [
        "- Base: A $200K, B $215K: B is $15K more than A (your figures)",
        "- Bonus: A none stated, B $20K (your figures)",
        "- Sign-on: A $30K, B none stated (your figures)",
        "- Year 1 total: A $230K, B $235K: B is $5K more than A (your figures)",
        "- Year 2 total: A $200K, B $235K: B is $35K more than A (your figures)",
        "- Year 3 total: A $200K, B $235K: B is $35K more than A (your figures)",
        "- Year 4 total: A $200K, B $235K: B is $35K more than A (your figures)",
    ]


def test_write_the_email_answers_the_offer_asked_about_before(assistant: Assistant) -> None:
    first = assistant.ask("I was offered £210K base and £250K bonus at Jane Street in London, is it fair?")
    reply = assistant.ask("write the email", [Turn(question=first.question, plan=first.plan)])
    assert reply.plan.intent == Intent.counter_email and reply.verification.action == "passed"
    assert reply.plan.inherited["offered"] == "the reply is to the offer asked about before"
    lines = reply.answer.splitlines()
    assert "- Base: the offer is £210K (your figures); the range is £195K - £275K [1], and I'd ask for £255K [1]." \
        in lines  # fmt: skip
    assert "[your competing offer]" in reply.answer and reply.details == []
    alone = assistant.ask("write the email")
    assert alone.answer.startswith("Tell me the offer first")
