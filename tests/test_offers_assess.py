"""An offer letter against the seed guides: each part in its band, the year-by-year totals by the rules the
verifier recomputes, two letters side by side, the counter e-mail; and the verifier striking what is not so.

Worked out by hand: Tastytrade New York base $196K - $273K has quarters of $19.25K (196/215.25/234.5/253.75);
its top quarter starts at 196K + ¾ × 77K = 253.75K → $254K. Bonus $35K - $57K: top quarter 51.5K → $52K (halves
up). Stock $42K - $68K/yr: 61.5K → $62K. Jane Street London base £195K - £275K → £255K, bonus £215K - £335K →
£305K."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from assistant.derive import recomputes
from assistant.offers.assess import letter_figures
from assistant.offers.compare import compare_offers
from assistant.offers.reader import read_offer
from assistant.offers.years import year_by_year
from assistant.response import DerivedFigure, DerivedKind, InputSource
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.verify import LetterFigures, verify

LETTERS = Path(__file__).parent / "offers"


def letter(name: str) -> str:
    return (LETTERS / name).read_text()


def derived_of(figures: list[DerivedFigure], kind: DerivedKind) -> list[tuple[int, list[float]]]:
    return [(f.low, [i.percent if i.currency == "%" else i.value for i in f.inputs]) for f in figures if f.kind == kind]


def test_a_us_letter_is_checked_part_by_part_and_added_up_year_by_year(assistant: Assistant) -> None:
    report = assistant.offer(letter("us-labelled.txt"))
    response = report.response
    assert response.verification.action == "passed" and response.verification.unsupported == []
    assert response.answer.splitlines()[1:5] == [
        "Your base offer is in the third quarter of Tastytrade's $196K - $273K New York band [1]; counter at $254K "
        "base [1].",
        "Your bonus offer is in the bottom quarter of Tastytrade's $35K - $57K New York band [1]; counter at $52K "
        "bonus [1].",
        "Your stock offer is in the second quarter of Tastytrade's $42K - $68K/yr New York band [1]; counter at $62K "
        "stock [1].",
        "Tastytrade's guide has no sign-on band for New York to compare your sign-on offer with.",
    ]  # fmt: skip
    assert "Tastytrade's guide has no relocation band to compare your relocation with." in response.full_text
    derived = response.derived
    assert derived_of(derived, DerivedKind.percent_of) == [(36_000, [240_000, 15.0])]
    assert derived_of(derived, DerivedKind.vesting_share) == [(50_000, [200_000, 25.0])] * 4
    assert derived_of(derived, DerivedKind.sum) == [(356_000, [240_000, 36_000, 50_000, 30_000])] + [
        (326_000, [240_000, 36_000, 50_000])] * 3  # fmt: skip
    assert derived_of(derived, DerivedKind.top_quarter) == [(254_000, [196_000, 273_000]), (52_000, [35_000, 57_000]),
                                                            (62_000, [42_000, 68_000])]  # fmt: skip
    assert all(recomputes(figure) for figure in derived)
    assert [(t.year, t.currency, t.total.low) for t in report.years] == [
        (1, "USD", 356_000), (2, "USD", 326_000), (3, "USD", 326_000), (4, "USD", 326_000)]  # fmt: skip
    details = {detail.title: detail.text for detail in response.details}
    assert details["Read from your letter"].splitlines() == [
        "- Company: Tastytrade; Role: ML/AI Engineer; Level: Senior; Place: New York",
        "- Base: $240,000 (your letter)",
        "- Bonus: 15% of base (your letter)",
        "- Sign-on: $30,000, repayable if you leave within 12 months (your letter)",
        "- Equity: $200,000 of restricted stock units, over 4 years, 12-month cliff, vesting evenly (your letter)",
        "- Relocation: $10,000 (your letter)",
    ]
    years = details["Year by year (your figures; nothing converted)"]
    assert "- Year 1: $356,000 = $240,000 base + $36,000 bonus + $50,000 vested equity + $30,000 sign-on (your " \
           "letter)" in years.splitlines()  # fmt: skip
    assert "- Relocation, $10,000 (your letter), is not pay: it is in no total." in years


def test_amounts_in_two_currencies_are_never_added_and_an_uneven_grant_is_not_placed_in_a_yearly_band(
    assistant: Assistant,
) -> None:
    report = assistant.offer(letter("london-dual.txt"))
    assert report.response.verification.action == "passed"
    assert (
        "Jane Street's guide has no stock band for London to compare your stock offer with." in report.response.answer
    )
    assert [(t.year, t.currency, t.total.low) for t in report.years] == [
        (1, "GBP", 420_000), (1, "USD", 8_000), (2, "GBP", 420_000), (2, "USD", 24_000),
        (3, "GBP", 420_000), (3, "USD", 64_000), (4, "GBP", 420_000), (4, "USD", 64_000)]  # fmt: skip
    years = report.response.details[1].text
    assert ("- Year 1: £420,000 = £200,000 base + £220,000 bonus; and $8,000 vested equity (not added: different "
            "currencies, nothing is converted) (your letter)") in years  # fmt: skip
    uneven = assistant.offer(letter("us-frontloaded-no-bonus.md"))
    assert "does not vest evenly" in uneven.response.answer
    assert [t.total.low for t in uneven.years] == [249_600, 249_600, 236_400, 224_400]
    assert "- The letter states no bonus: none is in the totals." in uneven.response.details[1].text


def test_another_currency_is_compared_only_where_the_guide_gives_it(assistant: Assistant) -> None:
    dollars = assistant.offer("Company: Jane Street\nRole: ML/AI Engineer\nLocation: London\nBase salary: $300,000")
    assert dollars.response.answer.splitlines()[0] == (
        "Your base offer is in the third quarter of Jane Street's $245K - $345K London band [1]; counter at $320K "
        "base [1]."
    )  # fmt: skip — the guide's own dollar conversion of its London cell; 245 + ¾ × 100 = 320
    euros = assistant.offer("Company: Jane Street\nRole: ML/AI Engineer\nLocation: London\nBase salary: €250,000")
    assert euros.response.answer.splitlines()[0] == (
        "Your base offer isn't in GBP, the currency of Jane Street's London band, so I won't compare them: nothing "
        "is converted.")  # fmt: skip
    assert not [f for f in euros.response.derived if f.kind == DerivedKind.top_quarter]


def test_a_company_the_guides_do_not_cover_still_gets_its_own_figures_added_up(assistant: Assistant) -> None:
    report = assistant.offer(letter("india-ctc.txt"))
    response = report.response
    assert response.refused and response.citations == []
    assert "The letter's own figures are below, read and added up; no guide band is compared." in response.answer
    assert [t.total.low for t in report.years] == [5_776_000, 5_376_000, 5_376_000, 5_376_000]
    assert response.verification.action == "passed"
    assert "2400 ESOPs with no price stated: it is not valued" in response.details[1].text


def test_the_verifier_strikes_a_wrong_total_and_a_user_figure_not_labelled_as_theirs() -> None:
    offer = read_offer(letter("us-labelled.txt"))
    years = year_by_year(offer)
    figures = letter_figures(offer)
    text = "\n".join(years.lines)
    assert verify(text, {}, None, years.derived, None, figures).action == "passed"
    wrong = [f.model_copy(update={"low": f.low + 1000}) if f.kind == DerivedKind.sum else f for f in years.derived]
    struck = verify(text, {}, None, wrong, None, figures)
    assert struck.action == "failed" and "$356,000" in struck.unsupported
    assert any("is not what its rule gives" in reason for reason in struck.reasons)
    unlabelled = verify("Your base is $240,000.", {}, None, [], None, figures)
    assert unlabelled.unsupported == ["$240,000"]  # the user's figure, but not said to be theirs
    not_theirs = verify("- Base: $250,000 (your letter)", {}, None, [], None, figures)
    assert not_theirs.unsupported == ["$250,000"]  # labelled, but not what the letter states
    invented = years.derived[0].model_copy(update={"inputs": [years.derived[0].inputs[0].model_copy(
        update={"value": 260_000}), years.derived[0].inputs[1]], "low": 39_000})  # fmt: skip
    assert invented.inputs[0].source == InputSource.letter and recomputes(invented)
    assert verify("- Bonus: $39,000 (your letter)", {}, None, [invented], None, figures).unsupported == ["$39,000"]
    assert LetterFigures().states(frozenset({"USD"}), (240_000.0,)) is False


def test_two_offers_side_by_side_with_their_differences_derived(assistant: Assistant) -> None:
    first = assistant.offer(letter("us-labelled.txt"))
    second = assistant.offer(letter("us-frontloaded-no-bonus.md"))
    comparison = compare_offers(first, second)
    assert comparison.verification.action == "passed", comparison.verification.reasons
    assert comparison.lines == [
        "A: Tastytrade · ML/AI Engineer · New York; B: Tastytrade · ML/AI Engineer · Chicago.",
        "- Base: A $240,000, B $210,000: A is $30,000 more than B (your letters)",
        "- Bonus: A $36,000, B none stated (your letters)",
        "- Sign-on: A $30,000, B none stated (your letters)",
        "- Relocation: A $10,000, B none stated (your letters)",
        "- Year 1 total: A $356,000, B $249,600: A is $106,400 more than B (your letters)",
        "- Year 2 total: A $326,000, B $249,600: A is $76,400 more than B (your letters)",
        "- Year 3 total: A $326,000, B $236,400: A is $89,600 more than B (your letters)",
        "- Year 4 total: A $326,000, B $224,400: A is $101,600 more than B (your letters)",
    ]
    assert [f.low for f in comparison.differences] == [30_000, 106_400, 76_400, 89_600, 101_600]
    uk = compare_offers(assistant.offer(letter("uk-prose.md")), first)
    assert "- Base: A £230,000, B $240,000: not compared, GBP against USD, and nothing is converted (your letters)" \
        in uk.lines  # fmt: skip


def test_the_counter_email_holds_only_checked_figures_and_placeholders(assistant: Assistant) -> None:
    report = assistant.offer(letter("uk-prose.md"), email=True)
    email = report.email
    assert email is not None and email.verification.action == "passed"
    assert email.template == "prompts/offer-email.v1.md"
    asks = [line for line in email.text.splitlines() if line.startswith("- ")]
    assert asks == [
        "- Base: the offer is £230,000; the range is £195K - £275K, and I'd ask for £255K.",
        "- Bonus: the offer is £250,000; the range is £215K - £335K, and I'd ask for £305K.",
    ]
    assert "[your competing offer]" in email.text and "[your name]" in email.text
    assert not re.search(r"\[\d+\]|your letter", email.text)  # the e-mail to send carries no markers or labels
    assert "(your letter) [1]" not in email.marked and "£230,000 (your letter)" in email.marked
    assert [c.section for c in email.sources] == ["Compensation Benchmarks by Region"]


def test_assistant_offer_prints_the_checks_the_years_and_the_email(seed_settings: Settings, tmp_path: Path) -> None:
    from tests.offer_pdf import write_pdf

    pdf = write_pdf(tmp_path / "offer.pdf", letter("uk-prose.md").splitlines())
    run = [sys.executable, "-m", "assistant.cli", "--index-dir", str(seed_settings.index_dir), "offer"]
    shown = subprocess.run([*run, str(pdf), "--email"], capture_output=True, text=True, timeout=300, check=True)
    assert "Your base offer is in the second quarter of Jane Street's £195K - £275K ($245K - $345K) London band" \
        in shown.stdout  # fmt: skip
    assert "- Year 1: £520,000 = £230,000 base + £250,000 bonus + £40,000 sign-on (your letter)" in shown.stdout
    assert "- Base: the offer is £230,000; the range is £195K - £275K, and I'd ask for £255K." in shown.stdout
    missing = subprocess.run([*run, str(tmp_path / "nope.txt")], capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "No file at" in missing.stderr


def test_the_evals_recompute_the_offer_rules_with_their_own_arithmetic_and_refuse_a_slip() -> None:
    import pytest
    from pydantic import ValidationError

    from assistant.derive import share_of
    from assistant.evals import arithmetic
    from assistant.evals.cases import ExpectedDerived

    evals = [arithmetic.share(1, 50), arithmetic.share(200_000, 12.5), arithmetic.share(120_000, 33)]
    assert evals == [1, 25_000, 39_600]
    assert [share_of(1, 50), share_of(200_000, 12.5), share_of(120_000, 33)] == [1, 25_000, 39_600]
    assert arithmetic.total([240_000, 36_000, 50_000, 30_000]) == 356_000
    ExpectedDerived(kind=DerivedKind.percent_of, currency="USD", inputs=[240_000], percent=15, value=36_000)
    with pytest.raises(ValidationError, match="is 356000, not 355000"):
        ExpectedDerived(kind=DerivedKind.sum, currency="USD", inputs=[240_000, 36_000, 50_000, 30_000], value=355_000)


def test_an_llm_may_reword_the_email_but_a_changed_figure_or_a_lost_placeholder_keeps_the_template(
    assistant: Assistant,
) -> None:
    from langchain_core.language_models import BaseChatModel

    from assistant.offers.assess import assess_offer
    from assistant.offers.report import CounterEmail
    from tests.fakes import FailingChatModel, scripted

    offer = read_offer(letter("uk-prose.md"))
    template = assess_offer(assistant.reader, assistant.settings, offer, email=True).email
    assert template is not None and not template.rewritten
    reworded = template.marked.replace("Thank you for the offer", "Many thanks for the offer")
    inflated = reworded.replace("£255K", "£265K")
    careless = reworded.replace("[your competing offer]", "another offer")

    def email_with(model: BaseChatModel) -> CounterEmail:
        email = assess_offer(assistant.reader, assistant.settings, offer, email=True, chat_model=model).email
        assert email is not None
        return email

    kept = email_with(scripted(reworded))
    assert kept.rewritten and kept.text.startswith("Subject: ML/AI Engineer offer")
    assert "Many thanks for the offer" in kept.text and "[1]" not in kept.text
    for model, why in ((scripted(inflated), "£265K"), (scripted(careless), "dropped [your competing offer]"),
                       (FailingChatModel(messages=iter([])), "backend failed")):  # fmt: skip
        fallen = email_with(model)
        assert not fallen.rewritten and fallen.text == template.text
        assert why in (fallen.rewrite_note or "")
