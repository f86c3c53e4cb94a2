"""What a question is about: companies, roles, regions, components and intent.

Names are resolved against the guides actually in the index, so "JS", "Jane St"
and "ML engineer" land on real guide slugs, and a company the corpus does not
hold is recognised as unknown rather than matched to a neighbour.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistant.guide import Component
from assistant.places import REGION_ALIASES, REGION_CURRENCY, region_key
from assistant.response import Intent, Understanding

FUZZY_THRESHOLD = 88
ROLE_SYNONYMS = {
    "machine learning": "ml",
    "artificial intelligence": "ai",
    "mle": "ml engineer",
    "swe": "software engineer",
    "sde": "software engineer",
    "quant": "quantitative",
    "dev": "developer",
}
# Places people ask about that the corpus may not cover; knowing them lets us say "not covered".
WORLD_PLACES = set(REGION_CURRENCY) | {
    "tokyo", "paris", "dubai", "seoul", "mumbai", "sydney", "toronto", "berlin", "zurich", "geneva", "boston",
    "seattle", "austin", "chicago", "miami", "london", "new-york", "hong-kong", "singapore", "san-francisco",
    "los-angeles", "amsterdam", "dublin", "frankfurt", "shanghai", "beijing", "bangalore", "tel-aviv", "remote-us",
    "stockholm", "warsaw", "madrid", "milan", "denver", "atlanta", "houston", "dallas", "washington-dc",
}  # fmt: skip
_COMPONENT_WORDS: list[tuple[re.Pattern[str], Component]] = [
    (re.compile(r"\b(base|salary|salaries)\b", re.I), Component.base),
    (re.compile(r"\b(stock|equity|rsus?|options|shares)\b", re.I), Component.stock),
    (re.compile(r"\b(sign[- ]?on|signing)\b", re.I), Component.sign_on),
    (re.compile(r"\bbonus(es)?\b", re.I), Component.bonus),
    (re.compile(r"\b(p&l|pnl|profit share|pod)\b", re.I), Component.pnl),
    (re.compile(r"\b(total comp|total compensation|tc|total|package|all[- ]in)\b", re.I), Component.total),
]
# Job titles people ask about; one that matches no guide's role is a role the corpus does not cover.
_ROLE_PHRASE = re.compile(
    r"\b((?:[a-z/&-]+\s){0,2}(?:trader|researcher|scientist|manager|analyst|designer|developer|engineer|"
    r"recruiter|architect|director|associate|consultant|accountant|banker|pm|swe))s?\b",
    re.I,
)
# Words that make a question about pay or negotiation; without one, a long question is off topic.
_PAY_WORDS = re.compile(
    r"\b(pay|pays|paid|salar\w*|comp\w*|offer\w*|earn\w*|make|money|ask|negotiat\w*|bonus\w*|equity|stock|"
    r"rsus?|options|total|tc|base|range|band|package|raise|premium|levers?|anchor|walk|accept|counter|signing|"
    r"sign-on|pnl|p&l|level\w*|title|guide|data|stale|fresh|updated|worth|benchmark\w*|figures?|numbers?)\b",
    re.I,
)
_FILLER = frozenset(
    [
        "pay",
        "pays",
        "paid",
        "salary",
        "salaries",
        "for",
        "to",
        "as",
        "of",
        "our",
        "their",
        "his",
        "her",
        "its",
        "new",
        "senior",
        "junior",
    ]
)
_ELLIPTICAL = re.compile(r"^(and|what about|how about|how does|how do|same|compare|vs|versus|then)\b", re.I)
_INTENT_WORDS: list[tuple[re.Pattern[str], Intent]] = [
    (re.compile(r"\b(level mapping|levels? map|equivalents?|maps? to)\b", re.I), Intent.level_mapping),
    (re.compile(r"\b(compare|comparison|versus|vs\.?|against|which pays)\b", re.I), Intent.comparison),
    (re.compile(r"\b(walk[- ]?away|floor|minimum|lowest i should|accept)\b", re.I), Intent.walk_away),
    (re.compile(r"\b(levers?|leverage|arguments?|talking points)\b", re.I), Intent.levers),
    (re.compile(r"\b(level mapping|levels?|equivalent|maps? to|title)\b", re.I), Intent.level_mapping),
    (re.compile(r"\b(stale|up to date|fresh|last updated|how old|how recent|current)\b", re.I), Intent.freshness),
    (re.compile(r"\b(ask|anchor|counter|negotiate|target|fair|should i)\b", re.I), Intent.ask),
]
# Runs of Title-case words ("Goldman Sachs"): candidates for a company name the corpus may not hold.
_TITLE_CASE_RUN = re.compile(r"\b[A-Z][a-z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*)*")
_NOT_NAMES = frozenset(
    [
        "what",
        "whats",
        "what's",
        "how",
        "is",
        "are",
        "should",
        "tell",
        "give",
        "please",
        "and",
        "or",
        "compare",
        "which",
        "when",
        "where",
        "who",
        "why",
        "can",
        "could",
        "would",
        "does",
        "do",
        "i",
        "my",
        "me",
        "the",
        "a",
        "an",
        "in",
        "at",
        "for",
        "with",
        "ignore",
        "say",
        "hi",
        "hello",
        "thanks",
        "thank",
        "also",
        "what",
        "about",
        "versus",
        "vs",
    ]
)


@dataclass
class Vocabulary:
    """Every name the index can answer for, with the spellings people use."""

    company_aliases: dict[str, str] = field(default_factory=dict)  # alias -> company slug
    company_initials: dict[str, str] = field(default_factory=dict)  # "JS" -> jane-street, matched in capitals only
    role_aliases: dict[str, str] = field(default_factory=dict)  # alias -> role slug
    region_names: dict[str, str] = field(default_factory=dict)  # lowercase name -> region key

    @classmethod
    def build(cls, guide_names: list[tuple[str, str, str, str, str]], regions: list[str]) -> Vocabulary:
        vocab = cls()
        for _id, company, company_slug, role, role_slug in guide_names:
            for alias in _company_aliases(company, company_slug):
                vocab.company_aliases.setdefault(alias, company_slug)
            words = company.split()
            if len(words) > 1:
                vocab.company_initials.setdefault("".join(w[0] for w in words).upper(), company_slug)
            for alias in _role_aliases(role, role_slug):
                vocab.role_aliases.setdefault(alias, role_slug)
        for written in regions:
            vocab.region_names[_normal(re.sub(r"\([^)]*\)", "", written))] = region_key(written)
        for alias, key in REGION_ALIASES.items():
            vocab.region_names.setdefault(alias, key)
        for key in WORLD_PLACES:
            vocab.region_names.setdefault(key.replace("-", " "), key)
        return vocab


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9&]+", " ", text.lower()).strip()


def _company_aliases(company: str, slug: str) -> set[str]:
    name = _normal(company)
    words = name.split()
    aliases = {name, slug.replace("-", " "), name.replace(" street", " st")}
    if len(words) > 1 and len(words[0]) > 3:
        aliases.add(words[0])  # "millennium"
    return {a for a in aliases if len(a) >= 2}


def _role_aliases(role: str, slug: str) -> set[str]:
    name = _normal(role.replace("/", " / "))
    aliases = {name, slug.replace("-", " ")}
    # "ML/AI Engineer" is also asked for as "ML engineer" and "AI engineer".
    match = re.match(r"(.+?)\s*/\s*(\S+)\s+(.+)", role.lower())
    if match:
        aliases |= {_normal(f"{match[1]} {match[3]}"), _normal(f"{match[2]} {match[3]}")}
    return aliases


def understand(question: str, vocab: Vocabulary, previous: Understanding | None = None) -> Understanding:
    text = _normal(question)
    for phrase, replacement in ROLE_SYNONYMS.items():
        text = re.sub(rf"\b{phrase}\b", replacement, text)
    result = Understanding(
        companies=_match_all(text, vocab.company_aliases) or _initials(question, vocab),
        roles=_match_all(text, vocab.role_aliases),
        components=[c for pattern, c in _COMPONENT_WORDS if pattern.search(question)],
        intent=next((intent for pattern, intent in _INTENT_WORDS if pattern.search(question)), Intent.range),
    )
    regions = _match_all(text, vocab.region_names, fuzzy=False)
    result.regions = [r for r in regions if r in set(vocab.region_names.values())]
    result.unknown_companies = _unknown_companies(question, vocab, result)
    if not result.roles:
        result.unknown_roles = _unknown_roles(question, vocab)
    result.off_topic = (
        len(question.split()) >= 7
        and result.intent == Intent.range
        and not result.components
        and not _PAY_WORDS.search(question)
    )
    if len(result.companies) > 1 and result.intent in (Intent.range, Intent.ask):
        result.intent = Intent.comparison
    return _inherit(result, previous, question) if previous else result


def _match_all(text: str, aliases: dict[str, str], fuzzy: bool = True) -> list[str]:
    """Slugs whose alias occurs in the text as whole words, in order of appearance; fuzzy for typos."""
    words = text.split()
    longest = max((alias.count(" ") + 1 for alias in aliases), default=1)
    found: dict[str, int] = {}
    for size in range(min(longest, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            slug = aliases.get(" ".join(words[start : start + size]))
            if slug is not None:
                found.setdefault(slug, start)
    if fuzzy and not found:
        grams = {" ".join(words[i : i + n]): i for n in (1, 2, 3) for i in range(len(words) - n + 1)}
        grams = {gram: start for gram, start in grams.items() if len(gram) >= 5}
        long_aliases = [a for a in aliases if len(a) >= 5]
        for gram, start in grams.items():
            best = process.extractOne(gram, long_aliases, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
            if best:
                found.setdefault(aliases[best[0]], start)
    return [slug for slug, _ in sorted(found.items(), key=lambda item: item[1])]


def _initials(question: str, vocab: Vocabulary) -> list[str]:
    """'JS' for Jane Street, only when written in capitals: in lower case, 'is' and 'in' are just words."""
    written = re.findall(r"\b[A-Z]{2,4}\b", question)
    return list(dict.fromkeys(vocab.company_initials[t] for t in written if t in vocab.company_initials))


def _unknown_companies(question: str, vocab: Vocabulary, result: Understanding) -> list[str]:
    """Title-case names that are neither a known company, a role, a place nor an ordinary word."""
    if result.companies:
        return []
    unknown = []
    for run in _TITLE_CASE_RUN.findall(question):
        words = [w for w in run.split() if w.lower().strip("'") not in _NOT_NAMES]
        name = " ".join(words)
        normal = _normal(name)
        if not normal or normal in vocab.region_names or _match_all(normal, vocab.role_aliases):
            continue
        if any(word in vocab.region_names for word in normal.split()):
            continue  # "London ML" and the like: a place plus role words
        unknown.append(name)
    return unknown


def _unknown_roles(question: str, vocab: Vocabulary) -> list[str]:
    """Job titles in the question that no guide's role matches ("quantitative trader", "product manager").
    A bare head word that known roles share ("engineer") is not counted: it is too vague to refuse on."""
    known_words = {word for alias in vocab.role_aliases for word in alias.split()}
    unknown = []
    for phrase in _ROLE_PHRASE.findall(question):
        words = [w for w in _normal(phrase).split() if w not in _NOT_NAMES and w not in _FILLER]
        if not words or (len(words) == 1 and words[0].rstrip("s") in known_words):
            continue
        unknown.append(" ".join(words))
    return unknown


def _inherit(current: Understanding, previous: Understanding, question: str) -> Understanding:
    """A follow-up keeps whatever the conversation already fixed; a short or elliptical one ("and in Hong
    Kong?", "How does Jane Street compare?") also keeps the regions and pay components."""
    merged = current.model_copy()
    elliptical = bool(_ELLIPTICAL.match(question.strip())) or len(question.split()) <= 6
    if not current.companies and not current.unknown_companies:
        merged.companies = previous.companies
    if not current.roles and not current.unknown_roles:
        merged.roles = previous.roles
    if not current.regions and (elliptical or not current.companies):
        merged.regions = previous.regions
    if not current.components and (elliptical or not current.companies):
        merged.components = previous.components
    if current.intent == Intent.range and previous.intent != Intent.comparison:
        merged.intent = previous.intent
    if current.intent == Intent.comparison and len(current.companies) == 1 and previous.companies != current.companies:
        merged.companies = list(dict.fromkeys(previous.companies + current.companies))
    if len(merged.companies) > 1 and merged.intent in (Intent.range, Intent.ask):
        merged.intent = Intent.comparison
    return merged
