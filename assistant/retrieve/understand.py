"""What a question is about: companies, roles, levels, places, pay components and intent.

Names are resolved against the guides actually in the index (see vocabulary.py and names.py), the way
people type them: "JPM swe base in NYC", "msft senior swe total comp seattle", "amazon sde2 base seattle".
A name the corpus does not hold is recognised as unknown rather than matched to a neighbour, and a
name several guides could answer to is left open for the answer to ask about.
"""

from __future__ import annotations

import re

from assistant.money import find_amounts
from assistant.response import Intent, Understanding
from assistant.retrieve.names import (
    Words,
    find_companies,
    find_levels,
    find_places,
    find_roles,
    near_miss_role,
    role_by_title_word,
    role_phrases,
)
from assistant.vocabulary.components import components_in
from assistant.vocabulary.levels import level_tokens
from assistant.vocabulary.names import Vocabulary, normal, role_words

# Words that make a question about pay or negotiation; without one, a long question is off topic.
_PAY_WORDS = re.compile(
    r"\b(pay|pays|paid|salar\w*|comp\w*|offer\w*|earn\w*|make|money|ask|negotiat\w*|bonus\w*|equity|stock|"
    r"rsus?|options|total|tc|base|range|band|package|raise|premium|levers?|anchor|walk|accept|counter|signing|"
    r"sign-on|pnl|p&l|level\w*|title|guide|data|stale|fresh|updated|worth|benchmark\w*|figures?|numbers?)\b",
    re.I,
)
_ELLIPTICAL = re.compile(r"^(and|what about|how about|how does|how do|same|compare|vs|versus|then)\b", re.I)
_INTENT_WORDS: list[tuple[re.Pattern[str], Intent]] = [
    (re.compile(r"\b(level mapping|levels? map|equivalents?|maps? to)\b", re.I), Intent.level_mapping),
    (
        re.compile(
            r"\b(compare|comparison|versus|vs\.?|against|which pays|difference between)\b|"
            r"\b(?:higher|lower|more|less|bigger|smaller)\b[^?]*\bor\b",  # "higher in Chicago or New York?"
            re.I,
        ),
        Intent.comparison,
    ),
    (re.compile(r"\b(walk[- ]?away|floor|minimum|lowest i should|accept)\b", re.I), Intent.walk_away),
    (re.compile(r"\b(levers?|leverage|arguments?|talking points)\b", re.I), Intent.levers),
    (
        re.compile(
            r"\b(which (?:competing )?offers?|present|what (?:should|do|can) i (?:say|mention|tell|use)|"
            r"how (?:should|do|can) i (?:negotiate|approach|respond|raise|bring))\b",
            re.I,
        ),
        Intent.advice,
    ),
    (re.compile(r"\b(level mapping|levels|equivalent|maps? to|title)\b", re.I), Intent.level_mapping),
    (re.compile(r"\b(stale|up to date|fresh|last updated|how old|how recent|current)\b", re.I), Intent.freshness),
    (re.compile(r"\b(ask|anchor|counter|negotiate|target|fair|should i)\b", re.I), Intent.ask),
]
_OFFER = re.compile(r"\b(?:offer(?:ed|ing)?|is (?:it|this|that) (?:fair|good|low|enough)|good for|fair for)\b", re.I)
# Runs of Title-case words ("Goldman Sachs"): candidates for a company name the corpus may not hold.
_TITLE_CASE_RUN = re.compile(r"\b[A-Z][a-z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*)*")
# Capitalised words that start questions or sentences and are never company names.
_NOT_NAMES = frozenset(
    """what whats what's how is are should tell give please and or compare which when where who why can could
    would does do did i my me the a an in at for with ignore say hi hello hey thanks thank also about versus vs
    repeat that that's this these those it it's is there there's if then so but yes no ok okay sure any all
    our your their his her its we you they he she let let's show list find get need want know explain""".split()  # noqa: SIM905
)


def understand(question: str, vocab: Vocabulary, previous: Understanding | None = None) -> Understanding:
    words = Words.of(question)
    companies, ambiguous_companies, corrected = find_companies(words, question, vocab)
    regions = find_places(words, question, vocab)
    roles, tied_roles, role_used = find_roles(words, vocab, companies)
    corrected_roles = []
    if not roles and not tied_roles and (near := near_miss_role(words, vocab, companies)):
        roles, role_used, corrected_roles = [near[0]], near[1], [vocab.roles[near[0]].name]
    if not roles and not tied_roles:
        roles, tied_roles, role_used = role_by_title_word(words, vocab, companies)
    offer = bool(_OFFER.search(question)) and any(a.has_currency for a in find_amounts(question))
    result = Understanding(
        companies=companies,
        corrected_companies=corrected,
        corrected_roles=corrected_roles,
        company_choices=[slug for group in ambiguous_companies for slug in group],
        roles=roles,
        role_choices=tied_roles,
        levels=find_levels(words, role_used),
        regions=regions,
        components=components_in(question),
        intent=Intent.offer
        if offer
        else next((i for pattern, i in _INTENT_WORDS if pattern.search(question)), Intent.range),
    )
    if not companies and not ambiguous_companies:
        result.unknown_companies = _unknown_companies(question, vocab)
    if not roles and not tied_roles:
        result.unknown_roles = _unknown_roles(question, role_used)
    result.off_topic = (
        len(question.split()) >= 7
        and result.intent == Intent.range
        and not (result.components or result.roles or result.levels)
        and not _PAY_WORDS.search(question)
    )
    if len(result.companies) > 1 and result.intent in (Intent.range, Intent.ask):
        result.intent = Intent.comparison
    return _inherit(result, previous, question) if previous else result


def _unknown_companies(question: str, vocab: Vocabulary) -> list[str]:
    """Title-case names that are neither a known company, a place, a role nor an ordinary word; and the
    lower-case word after 'at' that names nothing the index knows ("pm at foobar")."""
    unknown = []
    for run in _TITLE_CASE_RUN.findall(question):
        words = [w for w in run.split() if w.lower().strip("'.,?!") not in _NOT_NAMES and not level_tokens(w)]
        name = " ".join(words).strip("'.,?!")
        if not name or _is_known_word(normal(name), vocab):
            continue
        unknown.append(name)
    for match in re.finditer(r"\bat\s+([a-z][\w&'-]{2,})", question):
        word = match.group(1)
        if not _is_known_word(word, vocab) and word not in _NOT_NAMES and word not in unknown:
            unknown.append(word)
    return unknown


def _is_known_word(phrase: str, vocab: Vocabulary) -> bool:
    """A place, a role word, a pay word, or a level: not a company name."""
    parts = phrase.split()
    return (
        phrase in vocab.places
        or any(word in vocab.places for word in parts)
        or all(word in _role_vocabulary(vocab) or _PAY_WORDS.fullmatch(word) for word in role_words(phrase).split())
    )


def _role_vocabulary(vocab: Vocabulary) -> set[str]:
    return {word for role in vocab.roles.values() for word in role.words} | {"senior", "staff"}


def _unknown_roles(question: str, role_used: list[str]) -> list[str]:
    """Job titles in the question that no role of the named company matches. A bare head word ("engineer") is
    too vague to refuse on, and is left for the answer to ask about."""
    unknown = []
    for phrase in role_phrases(question):
        words = [w for w in phrase.split() if w not in _NOT_NAMES and w not in role_used]
        if len(words) >= 2:
            unknown.append(" ".join(words))
    return unknown


def _inherit(current: Understanding, previous: Understanding, question: str) -> Understanding:
    """A follow-up keeps whatever the conversation already fixed; a short or elliptical one ("and in Hong
    Kong?", "How does Jane Street compare?") also keeps the places, levels and pay components."""
    merged = current.model_copy()
    elliptical = bool(_ELLIPTICAL.match(question.strip())) or len(question.split()) <= 6
    if not current.companies and not current.unknown_companies and not current.company_choices:
        merged.companies = previous.companies
    if not current.roles and not current.unknown_roles and not current.role_choices:
        merged.roles = previous.roles
    if not current.regions and (elliptical or not current.companies):
        merged.regions = previous.regions
    if not current.levels and (elliptical or not current.companies):
        merged.levels = previous.levels
    if not current.components and (elliptical or not current.companies):
        merged.components = previous.components
    if current.intent == Intent.range and elliptical and previous.intent != Intent.comparison:
        merged.intent = previous.intent  # "and in Hong Kong?" asks what was asked before; a full question doesn't
    if current.intent == Intent.comparison and len(current.companies) == 1 and previous.companies != current.companies:
        merged.companies = list(dict.fromkeys(previous.companies + current.companies))
    if len(merged.companies) > 1 and merged.intent in (Intent.range, Intent.ask):
        merged.intent = Intent.comparison
    return merged
