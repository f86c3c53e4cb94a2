"""Reading money as guides and answers write it, in one place the parser, the verifier and the evals share.

`find_amounts` / `find_ranges` / `find_percents` read text; `currency_of` says which currency a written
sign means; `format_whole` writes an amount back.
"""

from assistant.money.currencies import (
    AMBIGUOUS_SYMBOLS,
    CURRENCY_SYMBOL,
    ISO_CODES,
    SYMBOL_CURRENCY,
    currency_of,
    format_whole,
    meanings,
)
from assistant.money.percents import Percent, find_percents
from assistant.money.reader import Amount, MoneyRange, find_amounts, find_ranges, read_tokens

__all__ = [
    "AMBIGUOUS_SYMBOLS",
    "CURRENCY_SYMBOL",
    "ISO_CODES",
    "SYMBOL_CURRENCY",
    "Amount",
    "MoneyRange",
    "Percent",
    "currency_of",
    "find_amounts",
    "find_percents",
    "find_ranges",
    "format_whole",
    "meanings",
    "read_tokens",
]
