"""Reading an offer letter's text into an `Offer`: names from labelled lines or the usual sentences, amounts with
the shared money reader (assistant/money/), each placed with the pay word nearest before it in its clause.

The rules, in the order they apply:
- The letter is cut into clauses (lines, sentences, semicolons). An amount or percentage belongs to the pay
  component whose word stands nearest before it in its clause ("base salary of $300,000"), else the first one
  after it ("$300,000 base"). Phrases are read whole: "signing bonus" is a sign-on, never a bonus.
- The first amount of a component is its figure; a conversion written after it ("£200,000 (about $250,000)") is
  not read as a second one. A total (CTC, total compensation) is not any component and is left alone.
- A bonus is an amount or a percentage of base. A sign-on's clawback is the months (or years) stated in its
  clause or the next one ("repayable if you leave within 12 months").
- Equity: a value ("RSUs worth $400,000"), or a count ("800 RSUs") that is never valued; years ("over four
  years"), cliff ("one-year cliff"), and schedule: each year's share when stated (5/15/40/40, or one
  percentage per year summing to 100), even when the letter says so ("25% each year", "in equal annual
  instalments", "vesting quarterly"); otherwise unstated.
- An amount that looks like money but does not read cleanly makes its component unreadable, never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.money import ISO_CODES, Amount, Percent, find_amounts, find_percents, read_tokens
from assistant.offers.model import Bonus, Equity, LetterAmount, Offer, Schedule, SignOn

# Tried as one pattern, longest phrases first, so "signing bonus" is one sign-on word and not a bonus.
_PARTS: list[tuple[str, str]] = [
    ("sign_on", r"sign[- ]?on(?: bonus)?|signing(?: bonus)?|joining bonus|welcome bonus|hiring bonus"),
    ("relocation", r"relocation(?: allowance| assistance| support| bonus| package)?|moving (?:allowance|costs)"),
    ("total", r"ctc|cost to company|total (?:annual )?(?:compensation|comp|package|remuneration)|\btc\b|ote"),
    (
        "equity",
        r"rsus?|restricted stock(?: units?)?|equity(?: grant)?|stock options?|options|esops?|shares?|"
        r"stock(?: award| grant)?|grant",
    ),
    ("bonus", r"bonus(?:es)?|incentive|variable(?: pay| compensation)?|performance pay"),
    ("base", r"base(?: salary| pay)?|salary|fixed (?:pay|compensation|component)|annual pay|gross pay"),
]
_PART_WORD = re.compile("|".join(f"(?P<{name}>\\b(?:{words}))" for name, words in _PARTS), re.I)
_ADJACENT = re.compile(r"\s*(?:(?:in|of|worth of|as|for)\s+)?(?:an?\s+)?(?:(?:annual|yearly|one[- ]off|one[- ]time|"
                       r"target|guaranteed)\s+)?")  # fmt: skip
_CLAUSE_END = re.compile(r"\n|;|(?<=[.!?])\s+(?=[A-Z(])")
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18, "twenty-four": 24, "thirty-six": 36}  # fmt: skip
_COUNT = r"(\d+|" + "|".join(_NUMBER_WORDS) + r")"
_YEARS = re.compile(rf"\b(?:over|across|during)\s+(?:a\s+period\s+of\s+)?{_COUNT}\s+years?|\b{_COUNT}[- ]years?\s+"
                    r"(?:vest|vesting|schedule|period)", re.I)  # fmt: skip
_CLIFF = re.compile(rf"\b{_COUNT}[- ](year|month)s?\s+cliff|\bcliff\s+(?:of|after|at)\s+{_COUNT}\s+(year|month)s?",
                    re.I)  # fmt: skip
_CLAWBACK = re.compile(rf"\b(?:within|in the first|before|during the first|for)\s+(?:the\s+first\s+)?{_COUNT}\s+"
                       r"(year|month)s?", re.I)  # fmt: skip
_REPAY = re.compile(r"\b(?:repa\w+|claw\s?back|clawback|return(?:ed)?|refund\w*|pay (?:it )?back|pro[- ]rata)\b",
                    re.I)  # fmt: skip
_SLASHED = re.compile(r"\b(\d{1,2}(?:\.\d+)?)(?:\s*%?\s*/\s*(\d{1,2}(?:\.\d+)?)){2,}\s*%?")
_EVEN = re.compile(
    r"\b(?:equal(?:ly)?|even(?:ly)?|ratabl[ey]|pro rata|in equal|quarterly|monthly|annually|"
    r"(?:\d+(?:\.\d+)?%|one[- ](?:quarter|third|fourth))\s+(?:per|each|every|a)\s+year)\b",
    re.I,
)
_VESTING = re.compile(r"\b(?:vest\w*|cliff|schedule)\b", re.I)
_SHARE_COUNT = re.compile(r"\b(\d{1,3}(?:,\d{3})+|\d+)\s+(?:restricted stock units?|rsus?|shares|units|"
                          r"(?:stock )?options|esops?)\b", re.I)  # fmt: skip
_LABELS: dict[str, re.Pattern[str]] = {
    "company": re.compile(r"^\s*(?:company|employer|organi[sz]ation|entity)\s*[:\-–]\s*(.+)$", re.I | re.M),
    "role": re.compile(r"^\s*(?:position|role|job title|title|designation)\s*[:\-–]\s*(.+)$", re.I | re.M),
    "level": re.compile(r"^\s*(?:level|grade|band|job level)\s*[:\-–]\s*(.+)$", re.I | re.M),
    "place": re.compile(r"^\s*(?:location|office|work location|place of work|based in|city)\s*[:\-–]\s*(.+)$",
                        re.I | re.M),
}  # fmt: skip
_TITLE = r"[A-Z][\w/&+-]*(?:\s+[A-Z(][\w/&+()-]*)*"  # a job title as letters write it: "ML/AI Engineer", "SDE II"
# "the position of X", "join Acme as X", "an offer for the X position", "employment … as a X"; a place may follow
# the title at once: "as a Quantitative Researcher in London", "the ML Engineer role in Dublin".
_ROLE_PROSE = re.compile(rf"\b(?:position|role|post) of\s+(?:an?\s+)?(?P<a>{_TITLE})|"
                         rf"\bjoin\s+[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*\s+as\s+(?:an?\s+)?(?P<b>{_TITLE})|"
                         rf"\b(?:for|as)\s+(?:the|a|an)\s+(?P<c>{_TITLE})\s+(?:position|role)\b|"
                         rf"\bas\s+(?:an?\s+)(?P<d>{_TITLE})")  # fmt: skip
_PLACE_AFTER_ROLE = re.compile(r"^(?:\s+(?:position|role))?\s+in\s+(?:our\s+)?([A-Z][\w.-]*(?:[ ,]+[A-Z][\w.-]*)*)")
_COMPANY_PROSE = re.compile(r"\b(?:at|join|with|from)\s+((?:[A-Z][\w&.'-]*)(?:\s+(?:&\s+)?[A-Z][\w&.'-]*)*)")
_PLACE_PROSE = re.compile(r"\b(?:in our|at our|based (?:in|at|out of)|located in|work from our)\s+"
                          r"([A-Z][\w.-]*(?:[ ,]+[A-Z][\w.-]*)*)(?:\s+office)?")  # fmt: skip
_LEVEL_PROSE = re.compile(r"\bat (?:the )?(?:level|grade|band)\s+([\w.-]+)|\(((?:L|IC|E|SDE|SWE|P|M)\s?\d+)\)|"
                          r"\blevel\s+((?:L|IC|E|P|M)?\d+)\b", re.I)  # fmt: skip
# A name with its legal form ("Cobalt Finch Technologies Pvt. Ltd."): the company, wherever the letter writes it.
_LEGAL_NAME = re.compile(r"\b((?:[A-Z][\w&'-]*\s+)+?)(?:Pvt\.?\s*Ltd\.?|Private Limited|Ltd\.?|Limited|Inc\.?|LLC|"
                         r"LLP|GmbH|plc|PLC|S\.A\.|B\.V\.|Corp\.?|Corporation)(?!\w)")  # fmt: skip
_NOT_NAME_WORDS = frozenset(["Dear", "We", "You", "Your", "The", "This", "Our", "Offer", "Letter", "Congratulations",
                             "Welcome", "Subject", "Re"])  # fmt: skip


@dataclass(frozen=True)
class Clause:
    text: str
    start: int


def read_offer(text: str) -> Offer:
    """The offer a letter states; parts it does not state are None."""
    clauses = _clauses(text)
    context = _stated_currency(text)
    placed = [found for clause in clauses for found in _placed_amounts(clause, context)]
    unreadable = list(dict.fromkeys(part for part, amount in placed if amount.malformed))
    first: dict[str, Amount] = {}
    for part, amount in placed:
        if not amount.malformed and part not in unreadable:
            first.setdefault(part, amount)
    offer = Offer(**_names(text), unreadable=[_PART_NAMES[p] for p in unreadable if p in _PART_NAMES])
    offer.base = _letter_amount(first.get("base"), context)
    offer.relocation = _letter_amount(first.get("relocation"), context)
    offer.bonus = _bonus(clauses, first.get("bonus"), context)
    offer.sign_on = _sign_on(clauses, first.get("sign_on"), context)
    offer.equity = _equity(clauses, first.get("equity"), context)
    return offer


_PART_NAMES = {"base": "base", "bonus": "bonus", "sign_on": "sign-on", "equity": "equity", "relocation": "relocation"}


def _clauses(text: str) -> list[Clause]:
    clauses, start = [], 0
    for end in [m.start() for m in _CLAUSE_END.finditer(text)] + [len(text)]:
        if text[start:end].strip():
            clauses.append(Clause(text[start:end], start))
        start = end + 1
    return clauses


def _stated_currency(text: str) -> str | None:
    """A currency code the letter names in words ("all amounts in SGD"): what a bare "$" means in it."""
    codes = [code for code in re.findall(r"\b[A-Z]{3}\b", text) if code in ISO_CODES]
    return codes[0] if len(set(codes)) == 1 else None


def _part_at(clause: str, position: int, after: int, money: bool = False) -> str | None:
    """The component whose word stands right after an amount ("$100K RSUs", "a $30K sign-on"), else the one whose
    word stands nearest before it in the clause, else the first after it. A percentage takes the word before it:
    "15% of base" is a bonus target, not base."""
    words = list(_PART_WORD.finditer(clause))
    following = next((m for m in words if m.start() >= after), None)
    if money and following is not None and _ADJACENT.fullmatch(clause[after : following.start()]):
        return following.lastgroup
    before = [m for m in words if m.end() <= position]
    if before:
        return before[-1].lastgroup
    return following.lastgroup if following else None


def _placed_amounts(clause: Clause, context: str | None) -> list[tuple[str, Amount]]:
    """(component, amount) for each money amount of the clause that a pay word names."""
    found = []
    numbers, _ = read_tokens(clause.text)
    malformed = [a for a in numbers if a.malformed]
    amounts = [a for a in find_amounts(clause.text) if a.has_currency or a.malformed] + [
        a for a in malformed if a not in find_amounts(clause.text)
    ]
    for amount in sorted(amounts, key=lambda a: a.start):
        if _is_share_count(clause.text, amount):
            continue
        part = _part_at(clause.text, amount.start, amount.end, money=True)
        if part is not None:
            found.append((part, amount))
    return found


def _is_share_count(text: str, amount: Amount) -> bool:
    return not amount.has_currency and any(m.start(1) == amount.start for m in _SHARE_COUNT.finditer(text))


def _letter_amount(amount: Amount | None, context: str | None) -> LetterAmount | None:
    if amount is None:
        return None
    currency = amount.currency(context)
    return LetterAmount(value=amount.value, currency=currency, text=amount.text) if currency else None


def _bonus(clauses: list[Clause], amount: Amount | None, context: str | None) -> Bonus | None:
    for clause in clauses:
        for percent in find_percents(clause.text):
            if percent.high is None and _part_at(clause.text, percent.start, percent.end) == "bonus":
                return Bonus(percent=percent.low)
    money = _letter_amount(amount, context)
    return Bonus(amount=money) if money else None


def _sign_on(clauses: list[Clause], amount: Amount | None, context: str | None) -> SignOn | None:
    money = _letter_amount(amount, context)
    if money is None:
        return None
    index = next(i for i, clause in enumerate(clauses) if money.text in clause.text and _PART_WORD.search(clause.text))
    for clause in clauses[index : index + 2]:
        if _REPAY.search(clause.text) and (match := _CLAWBACK.search(clause.text)):
            count = _count(match.group(1))
            return SignOn(amount=money, clawback_months=count * 12 if match.group(2).lower() == "year" else count)
    return SignOn(amount=money)


def _equity(clauses: list[Clause], amount: Amount | None, context: str | None) -> Equity | None:
    text = " ".join(c.text for c in clauses if _mentions_equity(c.text))
    if not text:
        return None
    count = _SHARE_COUNT.search(text)
    instrument = re.search(r"\b(restricted stock units?|rsus?|stock options|options|shares|units|esops?)\b", text,
                           re.I)  # fmt: skip
    equity = Equity(grant=_letter_amount(amount, context),
                    shares=int(count.group(1).replace(",", "")) if count else None,
                    instrument=instrument.group(1) if instrument else None)  # fmt: skip
    if equity.grant is None and equity.shares is None:
        return None
    if years := _YEARS.search(text):
        equity.years = _count(next(g for g in years.groups() if g))
    if cliff := _CLIFF.search(text):
        number, unit = (cliff.group(1), cliff.group(2)) if cliff.group(1) else (cliff.group(3), cliff.group(4))
        equity.cliff_months = _count(number) * (12 if unit.lower() == "year" else 1)
    _schedule(equity, text)
    return equity


def _mentions_equity(text: str) -> bool:
    return any(m.lastgroup == "equity" for m in _PART_WORD.finditer(text)) or bool(_VESTING.search(text))


def _schedule(equity: Equity, text: str) -> None:
    """Each year's share when the letter states them and they sum to 100; even when it says so."""
    shares: list[float] = []
    if slashed := _SLASHED.search(text):
        shares = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", slashed.group(0))]
    else:
        vesting = [value for p in find_percents(text) for value in _listed(p)]
        if len(vesting) >= 2:
            shares = vesting
    if len(shares) >= 2 and abs(sum(shares) - 100) <= 0.5:
        equity.schedule, equity.yearly_percent = Schedule.stated, shares
        equity.years = equity.years or len(shares)
    elif _EVEN.search(text) and equity.years:
        equity.schedule = Schedule.even


def _listed(percent: Percent) -> list[float]:
    """A percentage's values as a list names them: "22% and 12%" is two shares, "10-15%" a range (none)."""
    if percent.high is None:
        return [percent.low]
    return [percent.low, percent.high] if re.search(r"%\s*and\b", percent.text) else []


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word.lower()]


def _names(text: str) -> dict[str, str | None]:
    """Company, role, level and place as the letter writes them: from labelled lines first, then prose."""
    found: dict[str, str | None] = {}
    for name, pattern in _LABELS.items():
        match = pattern.search(text)
        found[name] = _clean(match.group(1)) if match else None
    if found["role"] is None and (role := _ROLE_PROSE.search(text)):
        found["role"] = _clean(next(group for group in role.groups() if group))
        after = _PLACE_AFTER_ROLE.match(text[role.end() :])
        if found["place"] is None and after:
            found["place"] = _clean(after.group(1))
    if found["company"] is None and (legal := _LEGAL_NAME.search(text)):
        found["company"] = _clean(legal.group(1))
    if found["company"] is None:
        found["company"] = next((_clean(re.split(r"[.!?]\s", m.group(1))[0]) for m in _COMPANY_PROSE.finditer(text)
                                 if m.group(1).split()[0] not in _NOT_NAME_WORDS and not _is_place(m, text)),
                                None)  # fmt: skip
    if found["place"] is None and (place := _PLACE_PROSE.search(text)):
        found["place"] = _clean(place.group(1))
    if found["level"] is None and (level := _LEVEL_PROSE.search(text)):
        found["level"] = _clean(next(g for g in level.groups() if g))
    return found


def _is_place(match: re.Match[str], text: str) -> bool:
    """ "at our London office" names a place, not a company."""
    return bool(re.match(r"\s*office\b", text[match.end() :]))


def _clean(value: str) -> str | None:
    value = re.sub(r"\s+", " ", value).strip(" .,;:*_#")
    value = re.sub(r"\s+(?:office|offices)$", "", value, flags=re.I)
    return value or None
