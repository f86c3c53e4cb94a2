"""What kind of question it is, from its words: one table of intents, tried in order, and the two readings
that cut across them (an offer stated as a question; which point of the guide's strategy is asked for).

Nothing else decides an intent: handlers, the evidence they gather and the answer's wording read it from the
plan (answer/handlers/).
"""

from __future__ import annotations

import re

from assistant.money import Amount, find_amounts
from assistant.plan.model import Intent

# Tried in order; the first that matches is the intent. More specific questions come first: "what companies do
# you cover" is coverage before anything else, "level mapping" before "levels".
INTENT_WORDS: list[tuple[Intent, re.Pattern[str]]] = [
    (
        Intent.coverage,
        re.compile(
            r"\b(?:what|which)\s+(?:companies|firms|employers|roles|jobs|places|cities|locations|regions|guides)\b"
            r"(?!\s+(?:pay|pays|paid|offer|offers|give|gives|ha(?:s|ve) the)\b)|"
            r"\bdo you (?:cover|have)\b|\b(?:is|are) there (?:a )?guides?\b|"
            r"\bha(?:s|ve) (?:a |an )?(?:[\w/-]+ ){0,3}guides?\b|\bwhat (?:do|does|can) (?:you|the guides?) cover\b|"
            r"\bcoverage\b|"
            r"\blist (?:the |all |your )?(?:companies|guides|roles)\b|\bwho do you cover\b",
            re.I,
        ),
    ),
    (Intent.level_mapping, re.compile(r"\b(level mapping|levels? map|equivalents?|maps? to)\b", re.I)),
    (
        Intent.compare,
        re.compile(
            r"\b(compare|comparison|versus|vs\.?|against|which pays|difference between)\b|"
            r"\b(?:higher|lower|more|less|bigger|smaller)\b[^?]*\bor\b",  # "higher in Chicago or New York?"
            re.I,
        ),
    ),
    (Intent.walk_away, re.compile(r"\b(walk[- ]?away|floor|minimum|lowest i should|accept(?:ing|ed)?)\b", re.I)),
    (Intent.levers, re.compile(r"\b(levers?|leverage|arguments?|talking points)\b", re.I)),
    (
        Intent.advice,
        re.compile(
            r"\b(which (?:competing )?offers?|present|what (?:should|do|can) i (?:say|mention|tell|use)|"
            r"how (?:should|do|can) i (?:negotiate|approach|respond|raise|bring))\b",
            re.I,
        ),
    ),
    (Intent.level_mapping, re.compile(r"\b(level mapping|levels|equivalent|maps? to|title)\b", re.I)),
    (Intent.freshness, re.compile(r"\b(stale|up to date|fresh|last updated|how old|how recent|current)\b", re.I)),
    (Intent.ask, re.compile(r"\b(ask|anchor|counter|negotiat\w*|target|fair|should i|aim)\b", re.I)),
]
# Questions about the user's own offer, read before "is this offer fair": "I have two offers: …", "what's my
# year-1 total if …", "write the email". An offer's figures in the question are read as a letter's are.
_EMAIL_WORDS = (
    r"\b(?:write|draft|compose)\b[^?.]*\b(?:e-?mail|reply|response|message|letter|counter(?:[- ]offer)?|"
    r"script)\b|\b(?:counter|reply) e-?mail\b"
)
_TWO_OFFERS_WORDS = r"\b(?:two|2|both|these|my) (?:job )?offers\b|\boffer (?:a|1|one)\b.*\boffer (?:b|2|two)\b"
# A year's total, asked as such: "year-1 total", "first-year total", "year by year", "what does each year come to".
# A bare "per year" or "over four years" is how offers are stated, not this question.
_YEAR = r"(?:year[- ]?(?:1|2|3|4|one|two|three|four)|first[- ]year|each year|every year)"
_YEAR_WORDS = (
    rf"\b{_YEAR}\b[^?]*\b(?:total|come to|add up|worth|in all)\b|\b(?:total|worth)\b[^?]*\b{_YEAR}\b|"
    r"\byear[- ]by[- ]year\b|\byearly totals?\b"
)
OFFER_TEXT_WORDS: list[tuple[Intent, re.Pattern[str]]] = [
    (Intent.counter_email, re.compile(_EMAIL_WORDS, re.I)),
    (Intent.two_offers, re.compile(_TWO_OFFERS_WORDS, re.I)),
    (Intent.year_totals, re.compile(_YEAR_WORDS, re.I)),
]
# An offer stated as a question: "I was offered £210K", "is £210K base fair?", "good or lowball?".
_OFFER_WORDS = re.compile(
    r"\b(?:offer(?:ed|ing|s)?|they(?:'re| are)? (?:paying|giving)|is (?:it|this|that) (?:fair|good|low|enough)|"
    r"(?:fair|good|low|enough|lowball|reasonable|competitive)\b|good for|fair for)",
    re.I,
)
# Which point of the guide's strategy a question asks for, by its verb (answer/strategy.py reads the same roles).
_POINTS: list[tuple[str, re.Pattern[str]]] = [
    ("floor", re.compile(r"\bwalk[- ]?away|\bfloor\b|\bminimum\b|\blowest\b", re.I)),
    ("accept", re.compile(r"\baccept", re.I)),
    ("anchor", re.compile(r"\banchor|\btarget|\baim\b|\bopen(?:ing)? (?:at|with)\b", re.I)),
]


def intent_of(question: str, unnamed: str | None = None) -> Intent:
    """`unnamed`: the question without the names it uses, whose words are no intent's ("at Target")."""
    own = next((intent for intent, words in OFFER_TEXT_WORDS if words.search(question)), None)
    if own is not None and (own == Intent.counter_email or offered_amounts(question)):
        return own  # "write the email" needs no figures of its own; the others are about the ones stated
    if states_offer(question):
        return Intent.offer
    text = question if unnamed is None else unnamed
    return next((intent for intent, words in INTENT_WORDS if words.search(text)), Intent.lookup)


def offered_amounts(question: str) -> list[Amount]:
    """The amounts in the question that are money (with a currency sign or code)."""
    return [amount for amount in find_amounts(question) if amount.has_currency]


def states_offer(question: str) -> bool:
    """A question that states an amount and asks whether it is fair, or says it was offered."""
    return bool(_OFFER_WORDS.search(question)) and bool(offered_amounts(question))


def strategy_point(question: str) -> str | None:
    """'anchor', 'accept' or 'floor': the point of the guide's strategy the question asks for, by its verb."""
    return next((point for point, words in _POINTS if words.search(question)), None)
