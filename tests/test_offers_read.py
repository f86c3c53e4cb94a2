"""Reading offer letters: every field of each invented letter (tests/offers/), text and PDF, and what a letter
does not state left unknown, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import OfferLetterError
from assistant.offers.files import letter_text, unwrapped
from assistant.offers.model import Bonus, Equity, LetterAmount, Offer, Schedule, SignOn
from assistant.offers.reader import read_offer
from tests.offer_pdf import write_pdf

LETTERS = Path(__file__).parent / "offers"


def read(name: str) -> Offer:
    return read_offer(letter_text(LETTERS / name))


def test_a_us_letter_with_labelled_lines_is_read_whole() -> None:
    offer = read("us-labelled.txt")
    assert (offer.company, offer.role, offer.level, offer.place) == ("Tastytrade", "ML/AI Engineer", "Senior",
                                                                     "New York")  # fmt: skip
    assert offer.base == LetterAmount(value=240_000, currency="USD", text="$240,000")
    assert offer.bonus == Bonus(percent=15.0)
    assert offer.sign_on == SignOn(amount=LetterAmount(value=30_000, currency="USD", text="$30,000"),
                                   clawback_months=12)  # fmt: skip
    assert offer.equity == Equity(grant=LetterAmount(value=200_000, currency="USD", text="$200,000"),
                                  instrument="restricted stock units", years=4, cliff_months=12,
                                  schedule=Schedule.even)  # fmt: skip
    assert offer.equity.year_shares() == [25.0, 25.0, 25.0, 25.0]
    assert offer.relocation == LetterAmount(value=10_000, currency="USD", text="$10,000")
    assert offer.unknown() == [] and offer.unreadable == []


def test_a_uk_letter_in_prose_has_no_equity_and_a_bonus_amount() -> None:
    offer = read("uk-prose.md")
    assert (offer.company, offer.role, offer.level, offer.place) == ("Jane Street", "ML/AI Engineer", None, "London")
    assert offer.base == LetterAmount(value=230_000, currency="GBP", text="£230,000")
    assert offer.bonus == Bonus(amount=LetterAmount(value=250_000, currency="GBP", text="£250,000"))
    assert offer.sign_on is not None and offer.sign_on.clawback_months == 24
    assert offer.sign_on.amount.value == 40_000
    assert offer.unknown() == ["level", "equity", "relocation"]


def test_an_indian_letter_in_lakh_reads_fixed_pay_a_variable_percentage_and_an_unpriced_grant() -> None:
    offer = read("india-ctc.txt")
    assert (offer.company, offer.role, offer.level, offer.place) == (
        "Cobalt Finch Technologies", "Senior Software Engineer", "L5", "Bengaluru")  # fmt: skip
    assert offer.base == LetterAmount(value=4_800_000, currency="INR", text="₹48,00,000")  # CTC is no component
    assert offer.bonus == Bonus(percent=12.0)
    assert offer.sign_on == SignOn(amount=LetterAmount(value=400_000, currency="INR", text="₹4,00,000"),
                                   clawback_months=12)  # fmt: skip
    assert offer.equity is not None and offer.equity.grant is None  # a count with no price is never valued
    assert (offer.equity.shares, offer.equity.years, offer.equity.cliff_months, offer.equity.schedule) == (
        2400, 4, 12, Schedule.even)  # fmt: skip


def test_a_dual_currency_letter_keeps_each_amount_in_its_own_currency_with_a_front_loaded_vest() -> None:
    offer = read("london-dual.txt")
    assert offer.base is not None and (offer.base.value, offer.base.currency) == (200_000, "GBP")
    assert offer.bonus == Bonus(amount=LetterAmount(value=220_000, currency="GBP", text="£220,000"))
    assert offer.equity is not None and offer.equity.grant is not None
    assert (offer.equity.grant.value, offer.equity.grant.currency) == (160_000, "USD")
    assert (offer.equity.schedule, offer.equity.yearly_percent, offer.equity.years) == (
        Schedule.stated, [5.0, 15.0, 40.0, 40.0], 4)  # fmt: skip
    assert offer.sign_on is None and offer.relocation is None


def test_a_letter_with_no_bonus_and_an_uneven_vest_listed_in_words() -> None:
    offer = read("us-frontloaded-no-bonus.md")
    assert (offer.company, offer.place) == ("Tastytrade", "Chicago")
    assert offer.bonus is None and offer.sign_on is None  # "does not include a sign-on bonus": none, not a guess
    assert offer.equity is not None and offer.equity.year_shares() == [33.0, 33.0, 22.0, 12.0]
    assert offer.equity.cliff_months is None
    assert offer.unknown() == ["level", "bonus", "sign-on", "relocation"]


def test_a_vest_over_years_with_no_schedule_is_left_unstated() -> None:
    offer = read_offer("Base salary: $150,000. You will receive RSUs worth $80,000 vesting over four years.")
    assert offer.equity is not None and (offer.equity.years, offer.equity.schedule) == (4, None)
    assert offer.equity.year_shares() is None


def test_a_schedule_that_does_not_add_up_is_not_read() -> None:
    offer = read_offer("Equity: RSUs worth $80,000 vesting 10/20/30/30 over four years.")
    assert offer.equity is not None and offer.equity.schedule is None and offer.equity.yearly_percent == []


def test_an_amount_that_does_not_read_cleanly_makes_its_part_unreadable() -> None:
    offer = read_offer("Base salary: $1,2,3K per year.\nAnnual bonus: 10% of base salary.")
    assert offer.base is None and offer.unreadable == ["base"]
    assert offer.bonus == Bonus(percent=10.0)


def test_a_bare_dollar_is_the_currency_the_letter_names() -> None:
    offer = read_offer("All amounts are in SGD.\nBase salary: $180,000 per year.")
    assert offer.base is not None and offer.base.currency == "SGD"


def test_pdf_letters_are_read_like_text(tmp_path: Path) -> None:
    us = write_pdf(tmp_path / "us.pdf", (LETTERS / "us-labelled.txt").read_text().splitlines())
    assert read_offer(letter_text(us)) == read("us-labelled.txt")
    wrapped = write_pdf(tmp_path / "uk.pdf", [
        "Dear Sam,", "We are delighted to offer you the position of ML/AI Engineer at Jane Street in our",
        "London office. Your starting salary will be", "£230,000 per annum. You will also be eligible for an",
        "annual bonus with a target of £250,000.",
    ])  # fmt: skip
    offer = read_offer(letter_text(wrapped))
    assert (offer.company, offer.place) == ("Jane Street", "London")
    assert offer.base is not None and (offer.base.value, offer.base.currency) == (230_000, "GBP")
    assert offer.bonus is not None and offer.bonus.amount is not None and offer.bonus.amount.value == 250_000


def test_wrapped_lines_are_joined_but_labelled_lines_are_not() -> None:
    assert unwrapped("Your salary will be\n$200,000 a year.\nLevel: L5\nLocation: Austin") == (
        "Your salary will be $200,000 a year.\nLevel: L5\nLocation: Austin")  # fmt: skip


@pytest.mark.parametrize(("name", "content", "message"), [
    ("letter.docx", b"PK", "is not a .txt, .md or .pdf file"),
    ("broken.pdf", b"%PDF-1.4 garbage", "does not read as a PDF"),
    ("empty.txt", b"   \n", "holds no text"),
    ("latin.txt", "Salaire: 50 000 £".encode("latin-1"), "is not UTF-8 text"),
])  # fmt: skip
def test_a_letter_that_cannot_be_read_says_what_to_do(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(OfferLetterError, match=message):
        letter_text(path)
    with pytest.raises(OfferLetterError, match="No file at"):
        letter_text(tmp_path / "missing.txt")


def test_other_prose_layouts_name_the_role_place_and_parts() -> None:
    bulleted = read_offer(
        "Congratulations! We're thrilled to extend an offer for the Senior Data Scientist position at Lumenfold. "
        "You'll be based in our New York City office.\n- Annual Base Salary: USD 185,000\n"
        "- Target Bonus: 10% of annual base salary\n"
        "- Sign-On Bonus: USD 25,000 (subject to repayment if you leave within one year)\n"
        "- Equity: 1,200 RSUs vesting 25% annually over 4 years\n- Total first-year compensation: USD 228,500"
    )
    assert (bulleted.company, bulleted.role, bulleted.place) == ("Lumenfold", "Senior Data Scientist", "New York City")
    assert bulleted.base == LetterAmount(value=185_000, currency="USD", text="USD 185,000")  # the total is no part
    assert bulleted.bonus == Bonus(percent=10.0)
    assert bulleted.sign_on is not None and bulleted.sign_on.clawback_months == 12
    assert bulleted.equity is not None and (bulleted.equity.shares, bulleted.equity.grant) == (1200, None)
    british = read_offer(
        "We are pleased to offer you employment with Ferrous Capital LLC as a Quantitative Researcher in London.\n"
        "Your salary will be £150,000 per annum. Your target bonus is 50% of salary.\nA sign-on payment of £30,000 "
        "will be made in your first month; if you resign within 12 months it must be repaid on a pro rata basis."
    )
    assert (british.company, british.role, british.place) == ("Ferrous Capital", "Quantitative Researcher", "London")
    assert british.bonus == Bonus(percent=50.0)
    assert british.sign_on is not None and (british.sign_on.amount.value, british.sign_on.clawback_months) == (
        30_000, 12)  # fmt: skip
