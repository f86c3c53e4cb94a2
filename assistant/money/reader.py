"""Reading amounts of money in any notation a guide or an answer uses (percentages: percents.py, on these tokens).

One reader serves the whole product: the parser reads table cells with it, the verifier reads answers
and cited passages with it, and the evals score with it, so `$350K`, `$350,000`, `350 thousand dollars`,
`₹3.5L`, `3.5 LPA` and `₹3,50,000` are read the same way everywhere. A token that looks like money but
does not read cleanly (`£1,2,3K`, `$12.3.4K`, `$1O5K`) comes back `malformed`, never as a guess.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from assistant.money.currencies import CURRENCY_WORDS, ISO_CODES, SYMBOL_CURRENCY, currency_of
from assistant.money.words import NUMBER_WORDS_RE, SCALES, trimmed_run, words_value

# Characters a reader reads as a digit, letter or money sign of their own ("⁹", "①", "𝟗", "９", "＄", "ᴷ") are
# read as that ASCII character: their NFKC form when it is one such character. One character for one, so offsets
# into the text hold; whitespace keeps its own (a no-break space groups digits only beside a currency).
_NFKC_BLOCKS = (0x00, 0x01, 0x02, 0x1D, 0x20, 0x21, 0x24, 0x2C, 0xA7, 0xFB, 0xFE, 0xFF, 0x107, 0x1D4, 0x1D5, 0x1D6,
                0x1D7, 0x1F1, 0x1FB)  # fmt: skip  # the 256-code-point blocks that hold such characters
_MONEY_MARKS = frozenset("$£€¥%.,+-")


def _one_for_one() -> dict[int, str]:
    table = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}  # full-width punctuation too
    for code in (code for block in _NFKC_BLOCKS for code in range(block << 8, (block + 1) << 8)):
        char = chr(code)
        form = unicodedata.normalize("NFKC", char)
        if (
            code > 0x7F
            and len(form) == 1
            and form != char
            and not char.isspace()
            and ((form.isascii() and form.isalnum()) or form in _MONEY_MARKS)
        ):
            table[code] = form
    return table


_ONE_FOR_ONE = _one_for_one()
# Signs that hold a non-letter ("$", "HK$", "£", "Rs."), longest first so that "HK$" wins over "$"; a letter
# may not come right before one ("XHK$"). Signs made only of letters ("kr", "RM", ISO codes) need word
# boundaries, so they have their own pattern.
_SYMBOLS = (
    "(?<![A-Za-z])(?:"
    + "|".join(re.escape(s) for s in sorted(SYMBOL_CURRENCY, key=len, reverse=True) if not s.isalpha())
    + ")"
)
_WORD_SIGNS = "|".join(sorted(["kr", "Rs", "RM", "zł", *ISO_CODES], key=len, reverse=True))
_CURRENCY_WORDS = "|".join(re.escape(w) for w in sorted(CURRENCY_WORDS, key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:[\u00a0\u202f ]\d{3})+(?!\d)|\d[\d,.]*\d|\d"
_MULTIPLIER = (
    r"\s?(?:K|k|MM|M|m|mn|bn|B|L|Cr|cr)(?![A-Za-z])|\s(?:thousand|million|billion|lakhs?|lacs?|crores?|grand)\b"
    r"|\s?LPA\b"
)
# After an amount in words ("nine hundred k", "ninety grand"): the multipliers a reader reads as a scale.
_WORDS_MULTIPLIER = re.compile(r"\s?(?P<mult>K|k|MM|M|mn|bn)(?![A-Za-z])|\s(?P<word>grand)\b")
TOKEN_RE = re.compile(
    rf"(?P<neg1>[-−])?(?:(?P<prefix>{_SYMBOLS})\s?|\b(?P<wprefix>{_WORD_SIGNS})\s?)?(?P<neg2>[-−])?"
    rf"(?P<num>{_NUMBER})(?P<mult>{_MULTIPLIER})?"
    rf"(?P<suffix>\s?(?:{_SYMBOLS})|\s?\b(?:{_WORD_SIGNS})\b|\s(?:{_CURRENCY_WORDS})\b)?"
    rf"(?P<pct>\s?%|\s(?:percent|per cent)\b)?(?P<plus>\+)?"
)
_FACTORS = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "mn": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000,
            "l": 100_000, "lpa": 100_000, "cr": 10_000_000, **SCALES, "lac": 100_000, "lacs": 100_000,
            "grand": 1_000}  # fmt: skip
_INDIAN_UNITS = frozenset({"l", "lpa", "cr", "lakh", "lakhs", "lac", "lacs", "crore", "crores"})
_CLEAN_NUMBER = re.compile(
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}|\d+(?:\.\d+)?|\d{1,3}(?:[\u00a0\u202f ]\d{3})+"
)
RANGE_SEPARATOR = re.compile(r"^\s*(?:-|–|—|−|to|and)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """One amount as written, in whole units (negative when written with a minus sign)."""

    value: int
    symbol: str | None  # the currency as written: "$", "HK$", "GBP", "pounds"; None for a bare number
    text: str
    start: int
    end: int
    multiplier: str | None = None  # "K", "M", "L", "Cr", "thousand", ...
    grouped: bool = False  # written with thousands separators
    malformed: bool = False  # looks like money but does not read cleanly: never a figure
    open_ended: bool = False  # "+" after it
    implied_currency: str | None = None  # INR for lakh and crore amounts without a sign

    @property
    def has_currency(self) -> bool:
        return self.symbol is not None or self.implied_currency is not None

    @property
    def is_money(self) -> bool:
        """Money rather than a count or a year: a currency, a K/M/lakh multiplier, or thousands separators."""
        return self.has_currency or self.multiplier is not None or self.grouped or self.malformed

    def currency(self, context: str | None = None) -> str | None:
        return currency_of(self.symbol, context) if self.symbol else (self.implied_currency or context)


@dataclass(frozen=True)
class MoneyRange:
    low: Amount
    high: Amount | None

    @property
    def ends(self) -> list[Amount]:
        return [self.low] if self.high is None else [self.low, self.high]


def normalise(text: str) -> str:
    return text if text.isascii() else text.translate(_ONE_FOR_ONE)


def read_tokens(text: str) -> tuple[list[Amount], list[Amount]]:
    """(numbers, percentages) in order of appearance; numbers include bare ones, for range reading."""
    text = normalise(text)
    numbers: list[Amount] = []
    percents: list[Amount] = []
    last_end = -1
    for match in TOKEN_RE.finditer(text):
        amount = _token(match, text, last_end)
        if amount is None:
            continue
        (percents if match["pct"] else numbers).append(amount)
        last_end = amount.end
    numbers += _word_numbers(text, numbers)
    numbers.sort(key=lambda amount: amount.start)
    return numbers, percents


def _token(match: re.Match[str], text: str, last_end: int) -> Amount | None:
    prefix = match["prefix"] or match["wprefix"]
    number_start = match.start("num")
    before = text[number_start - 1] if number_start > 0 else ""
    if not prefix and not match["neg2"] and before and (before.isalnum() or before in ".,"):
        return None  # a level or code such as "L5" or "IC4", or the middle of a longer token
    start = match.start()
    if match["neg1"] and ((last_end >= 0 and not text[last_end:start].strip()) or _follows_word(text, start)):
        start += 1  # "£5K -£10K" or "10-15": a range dash, not a minus sign
    negative = bool(match["neg2"] or (match["neg1"] and start == match.start()))
    suffix = (match["suffix"] or "").strip()
    multiplier = (match["mult"] or "").strip() or None
    number = match["num"]
    symbol = prefix or suffix or None
    if " " in number and symbol is None:
        return None  # "10 100": two counts, not one space-grouped amount (that needs its currency)
    clean = bool(_CLEAN_NUMBER.fullmatch(number)) and not _ambiguous_decimal(number, multiplier)
    if not clean and symbol is None and multiplier is None:
        return None  # "3.11.7", "1,2,3" in prose: not money at all
    after = text[match.end() : match.end() + 1]
    glued = bool(after) and (after.isalnum() or after == "_")
    value = _value(number, multiplier) if clean else 0
    implied = "INR" if multiplier and multiplier.lower() in _INDIAN_UNITS and symbol is None else None
    amount = Amount(
        value=-value if negative else value, symbol=symbol, text=text[start : match.end()].strip(),
        start=start, end=match.end(), multiplier=multiplier, grouped=bool(re.search(r"[,\u00a0\u202f ]", number)),
        open_ended=bool(match["plus"]), implied_currency=implied,
    )  # fmt: skip
    if not clean or (glued and (amount.has_currency or multiplier)):
        return replace(amount, malformed=True, value=0)
    if glued:
        return None  # "4yr", "5th": not an amount
    return amount


def _follows_word(text: str, dash: int) -> bool:
    """A dash right after a letter or digit ("L3-4", "Q3-2026") joins, it does not negate."""
    return dash > 0 and (text[dash - 1].isalnum() or text[dash - 1] in "%)")


def _ambiguous_decimal(number: str, multiplier: str | None) -> bool:
    """'€90.000' could be ninety or ninety thousand: without a multiplier, three decimals are not read."""
    return multiplier is None and bool(re.fullmatch(r"\d{1,3}\.\d{3}", number))


def _value(number: str, multiplier: str | None) -> int:
    plain = re.sub(r"[,\u00a0\u202f ]", "", number)
    factor = _FACTORS.get((multiplier or "").lower(), 1)
    return round(float(plain) * factor)


def _word_numbers(text: str, digits: list[Amount]) -> list[Amount]:
    """Amounts in words ("nine hundred thousand pounds"); a currency word or sign may follow or lead."""
    found = []
    for match in NUMBER_WORDS_RE.finditer(text):
        span = trimmed_run(text, match.start(), match.end())
        if span is None or any(d.start < span[1] and span[0] < d.end for d in digits):
            continue
        value = words_value(text[span[0] : span[1]])
        if value is None:
            continue
        scale = _WORDS_MULTIPLIER.match(text, span[1])
        if scale:  # "nine hundred k quid": the multiplier scales the words, the currency may follow it
            value *= _FACTORS[(scale["mult"] or scale["word"]).lower()]
            span = (span[0], scale.end())
        tail = re.match(rf"\s(?:(?P<word>{_CURRENCY_WORDS})\b|(?P<iso>{_WORD_SIGNS})\b)", text[span[1] :], re.I)
        head = re.search(rf"(?:(?P<sym>{_SYMBOLS})|\b(?P<iso>{_WORD_SIGNS}))\s?$", text[: span[0]])
        symbol = (tail and (tail["word"] or tail["iso"])) or (head and (head["sym"] or head["iso"])) or None
        end = span[1] + (tail.end() if tail else 0)
        start = span[0] - (len(head.group()) if head else 0)
        multiplier = "words" if value >= 1000 or scale else None
        amount = Amount(value, symbol, text[start:end], start, end, multiplier=multiplier)
        if amount.is_money:
            found.append(amount)
    return found


def find_ranges(text: str) -> list[MoneyRange]:
    """Money as ranges: two amounts joined by a dash ("to", "between … and") are one range, each end lending
    the other its currency and multiplier ("$250-350K" is $250K-$350K, "18-34 LPA" is ₹18L-₹34L)."""
    numbers, _ = read_tokens(text)
    text = normalise(text)
    ranges: list[MoneyRange] = []
    index = 0
    while index < len(numbers):
        low = numbers[index]
        high = numbers[index + 1] if index + 1 < len(numbers) else None
        if high is not None and RANGE_SEPARATOR.match(text[low.end : high.start]) and _joinable(low, high, text):
            low, high = _lend(low, high)
            if low.is_money or high.is_money:
                ranges.append(MoneyRange(low, high))
            index += 2
            continue
        if low.is_money:
            ranges.append(MoneyRange(low, None))
        index += 1
    return ranges


def _joinable(low: Amount, high: Amount, text: str) -> bool:
    """Dashes and "to" join two amounts into a range; "and" only after "between"."""
    if text[low.end : high.start].strip().lower() == "and":
        return bool(re.search(r"\bbetween\s+\S*$", text[: low.start]))
    return True


def _lend(low: Amount, high: Amount) -> tuple[Amount, Amount]:
    if low.symbol is None and high.symbol is not None:
        low = replace(low, symbol=high.symbol)
    elif high.symbol is None and low.symbol is not None:
        high = replace(high, symbol=low.symbol)
    if low.multiplier is None and high.multiplier and not low.grouped and not low.malformed:
        factor = _FACTORS.get(high.multiplier.lower(), 1)
        if low.value * factor <= high.value:
            low = replace(low, value=low.value * factor, multiplier=high.multiplier)
    if low.implied_currency or high.implied_currency:
        implied = low.implied_currency or high.implied_currency
        low, high = replace(low, implied_currency=implied), replace(high, implied_currency=implied)
    return low, high


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in the text, each end of a range on its own, in order."""
    return [amount for money in find_ranges(text) for amount in money.ends]
