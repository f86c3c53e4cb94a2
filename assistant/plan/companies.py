"""Finding the companies a question names: longest phrase first, so "Acme AI" is never also "Acme"; words a
place, role, pay or level phrase owns are left to it; an ordinary-word name ("Compass", "Target") counts only
where the question uses it as a name; a near miss of one name is read as a typo. The rules: docs/names.md."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.plan.roles import role_spans
from assistant.plan.words import Words, _as_written
from assistant.vocabulary.components import is_pay_word
from assistant.vocabulary.levels import level_tokens
from assistant.vocabulary.names import EXACT, Vocabulary, role_words


@dataclass(frozen=True)
class CompanyMatch:
    start: int
    end: int
    slugs: list[str]
    strength: int  # how surely the words are used as a name: STRONG, MEDIUM or WEAK
    corrected: bool = False  # matched as a near miss of the name ("goldman sacks")


STRONG, MEDIUM, WEAK = 3, 2, 1
# Words before a name that make it one: "at Compass", "vs Box", "offer from Target", "join Ramp".
_NAMING_BEFORE = frozenset({"at", "@", "for", "with", "from", "join", "joining", "joined", "vs", "versus", "than",
                            "compare", "comparing", "between", "about"})  # fmt: skip
_NAMING_AFTER = frozenset({"vs", "versus"})
# Words before an ordinary word that make it the word, not a name: "I target", "they match", "to box".
_WORD_BEFORE = frozenset(
    """i im i'm we you they he she it to should could would can will must might not no my our your
    their""".split()  # noqa: SIM905
)
# Words that make it the word unless a role or level stands beside it: "a compass" but "a compass pm".
_ARTICLES = frozenset(["a", "an", "the", "this", "that", "these", "those", "good", "fair", "great"])
# Words after an opening ordinary word that make it a verb or a noun: "match my offer", "ramp up", "target the top".
_WORD_AFTER = frozenset(
    "my me the a an this that it them their your our up down out in on of to is are".split()  # noqa: SIM905
)
_ASKING = frozenset({"does", "do", "did", "would", "will"})
_PAY_VERBS = frozenset(
    """pay pays paid paying offer offers offered offering give gives gave match matches matched""".split()  # noqa: SIM905
)
_LISTS = frozenset({"and", "or", "vs", "versus", "&"})


def owned_words(words: Words, vocab: Vocabulary) -> dict[int, int]:
    """Word index -> length of the longest place, role, pay or level phrase holding it: words a lesser company
    name may not take ("palo" in "palo alto", "ai" in "ml/ai engineer", "comp" in "total comp")."""
    owned: dict[int, int] = {}

    def own(start: int, end: int) -> None:
        for index in range(start, end):
            owned[index] = max(owned.get(index, 0), end - start)

    for start, end in words.free_spans(4):
        phrase = words.phrase(start, end)
        if phrase in vocab.places or is_pay_word(phrase) or (end - start == 1 and level_tokens(phrase)):
            own(start, end)
    for start, end in role_spans(words, vocab):
        own(start, end)
    return owned


def find_companies(
    words: Words, question: str, vocab: Vocabulary, fuzzy: bool = True
) -> tuple[list[str], list[list[str]], list[str]]:
    """(company slugs in order of mention, groups of slugs a shared short name could mean, the names matched as
    near misses of what was typed). `fuzzy` also reads a near miss as a typo ("goldman sacks")."""
    owned = owned_words(words, vocab)
    found = _capital_names(words, question, vocab, owned)
    for start, end in words.free_spans(4):
        if words.used & set(range(start, end)):
            continue
        slugs = vocab.company_aliases.get(words.phrase(start, end))
        if not slugs or not _free_for(slugs, start, end, owned):
            continue
        strength = (
            _name_use(words, question, start, end, vocab) if vocab.is_ordinary(words.phrase(start, end)) else STRONG
        )
        if strength:
            words.take(start, end)
            found.append(CompanyMatch(start, end, sorted(slugs), strength))
    found = _as_used(found, words)
    if fuzzy:
        found = [_longer_near_miss(words, vocab, match, owned) for match in found]
    if not found and fuzzy:
        found = _near_misses(words, vocab, owned)
    found.sort(key=lambda match: match.start)
    for match in found:
        for slug in match.slugs:
            words.named.setdefault(slug, words.phrase(match.start, match.end))
    companies = [match.slugs[0] for match in found if len(match.slugs) == 1]
    ambiguous = [match.slugs for match in found if len(match.slugs) > 1]
    corrected = [vocab.company_names.get(match.slugs[0], "") for match in found if match.corrected]
    return list(dict.fromkeys(companies)), ambiguous, corrected


def _capital_names(words: Words, question: str, vocab: Vocabulary, owned: dict[int, int]) -> list[CompanyMatch]:
    """Tickers and initials, which count only as written in capitals ("JS", "MSFT")."""
    found = []
    for token in re.findall(r"\b[A-Z][A-Z0-9&]{1,5}\b", question):
        if token not in vocab.capitals:
            continue
        index = next((i for i, w in enumerate(words.words) if w == token.lower() and i not in words.used), None)
        if index is not None and index not in owned:
            words.take(index, index + 1)
            found.append(CompanyMatch(index, index + 1, [vocab.capitals[token]], STRONG))
    return found


def _free_for(slugs: dict[str, int], start: int, end: int, owned: dict[int, int]) -> bool:
    """A full name may take words a shorter place, role or pay phrase holds ("Palo Alto Networks" over "palo alto");
    a lesser name takes none ("palo" never beside "alto")."""
    if max(slugs.values()) < EXACT:
        return not any(index in owned for index in range(start, end))
    return all(owned.get(index, 0) < end - start for index in range(start, end))


def _name_use(words: Words, question: str, start: int, end: int, vocab: Vocabulary) -> int:
    """How surely an ordinary-word name is used as a name: STRONG (capitalised inside the question, possessive,
    after "at"/"vs"/"does … pay"), MEDIUM (beside a role or level: "compass pm"), WEAK (opening a question of pay
    words: "target tc nyc"), or 0 (the word's own use: "what should I target", "my target comp")."""
    before = words.words[start - 1] if start > 0 else ""
    after = words.words[end] if end < len(words.words) else ""
    written = _as_written(question, words.phrase(start, end))
    if (start > 0 and written[:1].isupper()) or re.search(rf"{re.escape(written)}['’]s\b", question):
        return STRONG
    if before in _NAMING_BEFORE or after in _NAMING_AFTER or (before in _ASKING and after in _PAY_VERBS):
        return STRONG
    if before in _WORD_BEFORE:
        return 0
    beside = [w for w in (before, after) if w]
    if after in _PAY_VERBS or any(_is_role_or_level(word, vocab) for word in beside):
        return MEDIUM  # "Millennium offered me", "compass pm", "swe box"
    if start == 0 or (before in _ARTICLES and start == 1):
        return 0 if after in _WORD_AFTER else WEAK  # "box sofware engineer", but never "match my offer"
    return 0


def _is_role_or_level(word: str, vocab: Vocabulary) -> bool:
    return bool(level_tokens(word)) or any(token in vocab.role_vocabulary for token in role_words(word).split())


def _as_used(found: list[CompanyMatch], words: Words) -> list[CompanyMatch]:
    """A weakly used ordinary word is a name only when nothing surer names a company; one listed beside a
    company ("Jane Street and Compass") is a name too."""
    sure = [match for match in found if match.strength >= MEDIUM]
    kept = sure if sure else found
    for match in found:
        if match in kept:
            continue
        neighbours = {match.start - 2, match.end + 1}
        listed = words.words[match.start - 1 : match.start] + words.words[match.end : match.end + 1]
        if any(word in _LISTS for word in listed) and any(m.start in neighbours or m.end - 1 in neighbours
                                                          for m in sure):  # fmt: skip
            kept.append(match)
    for match in found:
        if match not in kept:
            words.used -= set(range(match.start, match.end))
    return kept


def _near_misses(words: Words, vocab: Vocabulary, owned: dict[int, int]) -> list[CompanyMatch]:
    """A typo ("goldman sacks", "robinhod"): the one full name within a small edit distance of a phrase the question
    uses no other way. Two names as near, or none, and nothing is guessed."""
    names = vocab.typo_targets
    for start, end in words.free_spans(3):
        phrase = words.phrase(start, end)
        if len(phrase) < 5 or phrase in vocab.company_aliases or any(index in owned for index in range(start, end)):
            continue  # a name the question uses as a word ("what should I target") is no typo of that name
        if words.words[start] in _STOPWORDS or words.words[end - 1] in _STOPWORDS:
            continue
        limit = 1 if len(phrase) < 9 else 2
        near = [(name, distance) for name, distance, _ in process.extract(
            phrase, names, scorer=Levenshtein.distance, limit=3, score_cutoff=limit)]  # fmt: skip
        if (nearest := _one_company(near, vocab)) is not None:
            words.take(start, end)
            return [CompanyMatch(start, end, nearest, STRONG, corrected=True)]
    return []


def _longer_near_miss(words: Words, vocab: Vocabulary, match: CompanyMatch, owned: dict[int, int]) -> CompanyMatch:
    """A name and a misspelt word after it ("hashicorp terraorm", "elastic secuity"): the one longer name within a
    small edit distance of both, else the name as matched."""
    for extra in (1, 2):
        end = match.end + extra
        if end > len(words.words) or words.used & set(range(match.end, end)) or any(i in owned for i in
                                                                                    range(match.end, end)):  # fmt: skip
            break
        added = words.words[match.end : end]
        if any(len(word) < 4 or word in _STOPWORDS or word in vocab.company_aliases for word in added):
            break  # "snowflake in" is Snowflake and a word, never a misspelt "Snowflake AI"
        phrase = words.phrase(match.start, end)
        limit = 1  # one slip in the added word: "hashicorp terraorm", "elastic secuity"
        near = [(name, distance) for name, distance, _ in process.extract(
            phrase, vocab.typo_targets, scorer=Levenshtein.distance, limit=2, score_cutoff=limit)]  # fmt: skip
        if near and near[0][1] > 0 and (nearest := _one_company(near, vocab)) is not None:
            words.take(match.start, end)
            return CompanyMatch(match.start, end, nearest, STRONG, corrected=True)
    return match


def _one_company(near: list[tuple[str, int]], vocab: Vocabulary) -> list[str] | None:
    """The company of the nearest names, when they all name the same one ("gordale networks" and its written-together
    "gordalenetworks" are one company); None when none is near, or two companies are as near."""
    if not near:
        return None
    nearest = {frozenset(vocab.company_aliases[name]) for name, distance in near if distance == near[0][1]}
    return sorted(next(iter(nearest))) if len(nearest) == 1 else None


_STOPWORDS = frozenset("what whats how much does the for and in at of a an is my i to with".split())  # noqa: SIM905
