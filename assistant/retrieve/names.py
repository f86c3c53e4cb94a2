"""Finding the names a question uses: companies, places, roles and levels, each word used once.

Companies are matched first, longest phrase first, so "Acme AI" is never also "Acme"; then places (with a
state or country written after the city, and remote scopes); then the role, from what is left; then levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistant.places.labels import remote_scope, split_qualifier
from assistant.retrieve.levels import level_tokens, split_numbered_roles
from assistant.retrieve.lexicon import ROLE_HEADS, SENIORITY
from assistant.retrieve.vocabulary import CAPITAL_PLACES, NAMED, Vocabulary, normal, role_words

FUZZY_THRESHOLD = 88


_BARRIER = re.compile(r"[,;:()?!]|\s[-–—]\s")


@dataclass
class Words:
    """The question's words, which of them a name has already used, and where punctuation parts them."""

    words: list[str]
    used: set[int] = field(default_factory=set)
    barriers: set[int] = field(default_factory=set)  # i: punctuation stands between word i - 1 and word i

    @classmethod
    def of(cls, question: str) -> Words:
        words: list[str] = []
        barriers: set[int] = set()
        for part in _BARRIER.split(split_numbered_roles(question.lower())):
            if words:
                barriers.add(len(words))
            words += normal(part).split()
        return cls(words, barriers=barriers)

    def runs(self) -> list[list[str]]:
        """The unused words in runs that neither a used word nor punctuation breaks."""
        runs: list[list[str]] = [[]]
        for index, word in enumerate(self.words):
            if index in self.used or index in self.barriers:
                runs.append([])
            if index not in self.used:
                runs[-1].append(word)
        return [run for run in runs if run]

    def free_spans(self, longest: int) -> list[tuple[int, int]]:
        """(start, end) of every span of unused words, longest first, then left to right."""
        spans = []
        for size in range(min(longest, len(self.words)), 0, -1):
            for start in range(len(self.words) - size + 1):
                if not self.used & set(range(start, start + size)):
                    spans.append((start, start + size))
        return spans

    def phrase(self, start: int, end: int) -> str:
        return " ".join(self.words[start:end])

    def take(self, start: int, end: int) -> None:
        self.used |= set(range(start, end))

    def rest(self) -> list[str]:
        return [word for index, word in enumerate(self.words) if index not in self.used]


def find_companies(
    words: Words, question: str, vocab: Vocabulary, fuzzy: bool = True
) -> tuple[list[str], list[list[str]]]:
    """(company slugs in order of mention, groups of slugs a shared short name could mean). `fuzzy` also reads
    near-misses as typos ("Jane Streeet"): right for a question, wrong for checking what an answer says."""
    found: list[tuple[int, list[str]]] = []
    for token in re.findall(r"\b[A-Z][A-Z0-9&]{1,5}\b", question):  # "JS", "MSFT": written in capitals
        if token in vocab.capitals:
            index = next((i for i, w in enumerate(words.words) if w == token.lower() and i not in words.used), None)
            if index is not None:
                words.take(index, index + 1)
                found.append((index, [vocab.capitals[token]]))
    for start, end in words.free_spans(4):
        if words.used & set(range(start, end)):
            continue
        slugs = vocab.company_aliases.get(words.phrase(start, end))
        if slugs:
            words.take(start, end)
            found.append((start, sorted(slugs)))
    if not found and fuzzy:
        found = _fuzzy_companies(words, vocab)
    found.sort()
    companies = [slugs[0] for _, slugs in found if len(slugs) == 1]
    ambiguous = [slugs for _, slugs in found if len(slugs) > 1]
    return list(dict.fromkeys(companies)), ambiguous


def _fuzzy_companies(words: Words, vocab: Vocabulary) -> list[tuple[int, list[str]]]:
    """Typos ("Jane Streeet"): long phrases close to a full company name."""
    names = [
        phrase for phrase, slugs in vocab.company_aliases.items() if len(phrase) >= 5 and max(slugs.values()) >= NAMED
    ]
    for start, end in words.free_spans(3):
        phrase = words.phrase(start, end)
        if len(phrase) < 5 or phrase in vocab.places:
            continue
        best = process.extractOne(phrase, names, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best:
            words.take(start, end)
            return [(start, sorted(vocab.company_aliases[best[0]]))]
    return []


def find_places(words: Words, question: str, vocab: Vocabulary) -> list[str]:
    """Place keys in order of mention; 'Dallas TX' and 'London, UK' keep their qualifier ('dallas-tx')."""
    found: list[tuple[int, str]] = []
    for token in re.findall(r"\b[A-Z]{2,3}\b", question):  # "US", "LA": places only in capitals
        index = next((i for i, w in enumerate(words.words) if w == token.lower() and i not in words.used), None)
        if token in CAPITAL_PLACES and index is not None:
            end, key = _with_remote(words, index, index + 1, CAPITAL_PLACES[token])
            words.take(index, end)
            found.append((index, key))
    for start, end in words.free_spans(4):
        if words.used & set(range(start, end)):
            continue
        place = vocab.places.get(words.phrase(start, end))
        if place is None:
            continue
        end, key = _with_qualifier(words, question, start, end, place)
        end, key = _with_remote(words, start, end, key)
        words.take(start, end)
        found.append((start, key))
    return list(dict.fromkeys(key for _, key in sorted(found)))


def _with_qualifier(words: Words, question: str, start: int, end: int, key: str) -> tuple[int, str]:
    """A US state or a country right after a city qualifies it: 'dallas tx' -> 'dallas-tx'."""
    for size in (1, 2):
        if end + size > len(words.words) or words.used & set(range(end, end + size)):
            break
        written = _as_written(question, words.phrase(start, end + size))
        city, qualifier = split_qualifier(written)
        if qualifier and not key.startswith("remote") and city.lower() == words.phrase(start, end):
            return end + size, f"{key}-{qualifier}"
    return end, key


def _with_remote(words: Words, start: int, end: int, key: str) -> tuple[int, str]:
    """'remote us', 'us remote', 'remote europe': a remote scope; 'remote' alone is any remote row."""
    if key == "remote" and end < len(words.words) and end not in words.used:
        scope = remote_scope(words.words[end])
        return (end + 1, f"remote-{scope}") if scope else (end, key)
    scope = remote_scope(words.phrase(start, end))
    if scope and start > 0 and words.words[start - 1] == "remote" and (start - 1) not in words.used:
        words.take(start - 1, start)
        return end, f"remote-{scope}"
    if scope and end < len(words.words) and words.words[end] == "remote" and end not in words.used:
        return end + 1, f"remote-{scope}"
    return end, key


def _as_written(question: str, phrase: str) -> str:
    """The phrase with the question's own capitals ('dallas tx' -> 'Dallas TX'), so 'TX' reads as a state."""
    pattern = r"[\s,]+".join(re.escape(word) for word in phrase.split())
    match = re.search(pattern, question, re.IGNORECASE)
    return match.group(0) if match else phrase


RoleMatch = tuple[list[str], list[str], list[str]]  # (roles matched, roles tied, role words used)


def find_roles(words: Words, vocab: Vocabulary, companies: list[str]) -> RoleMatch:
    """(roles matched, roles tied for the match, the role words used).

    A role's words must stand together, in order, with no punctuation between ("Staff (L6) total comp for a
    Software Engineer" names the Software Engineer, at a Staff level). Failing that, a word only one role has
    ("ux", "platform") names it. Only the named companies' roles compete when a company is named. A numbered
    level ("sde2") also names its role when nothing else does."""
    runs = [role_words(" ".join(run)).split() for run in words.runs()]
    candidates = [s for c in companies for s in vocab.company_roles.get(c, [])] if companies else list(vocab.roles)
    candidates = list(dict.fromkeys(candidates))
    found = _best_roles(runs, vocab, candidates)
    if not found[0] and not found[1] and companies:  # "sde3 platform engineer": the platform role, at SDE3
        found = _by_distinctive_words(runs, vocab, candidates)
    numbered = [word[:3] for run in runs for word in run if re.fullmatch(r"(?:sde|swe)\d", word)]
    if not found[0] and not found[1] and numbered:
        found = _best_roles([*runs, role_words(numbered[0]).split()], vocab, candidates)
    return found


def _best_roles(
    runs: list[list[str]], vocab: Vocabulary, candidates: list[str]
) -> tuple[list[str], list[str], list[str]]:
    scored: dict[str, tuple[int, int]] = {}
    used: dict[str, set[str]] = {}
    for slug in candidates:
        forms = [form for form in vocab.roles[slug].forms if any(_in_run(form, run) for run in runs)]
        if forms:
            scored[slug] = (max(len(form) for form in forms), -min(len(f) for f in vocab.roles[slug].forms))
            used[slug] = {word for form in forms for word in form}
    if not scored:
        return [], [], []
    best = max(scored.values())
    winners = [slug for slug, score in scored.items() if score == best]
    words_used = sorted({word for slug in winners for word in used[slug]})
    return (winners, [], words_used) if len(winners) == 1 else ([], winners, words_used)


def _in_run(form: tuple[str, ...], run: list[str]) -> bool:
    size = len(form)
    return any(tuple(run[i : i + size]) == form for i in range(len(run) - size + 1))


def _by_distinctive_words(
    runs: list[list[str]], vocab: Vocabulary, candidates: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """'ux' at a company whose only role with that word is UX Designer; 'data' at one with two data roles is a tie."""
    shared = {word for slug in candidates for word in vocab.roles[slug].words}
    heads = {word for run in runs for word in run if word in ROLE_HEADS}
    if heads - shared:
        return [], [], []  # a job title none of the roles has ("software architect"): not a near match
    asked = {word for run in runs for word in run if word in shared} - ROLE_HEADS - set(SENIORITY)
    if not asked:
        return [], [], []
    holders = [slug for slug in candidates if asked <= vocab.roles[slug].words]
    if len(holders) == 1:
        return holders, [], sorted(asked)
    return [], holders, sorted(asked)


def find_levels(words: Words, role_used: list[str]) -> list[str]:
    """Level words the question uses that no role name used ('senior' in 'senior swe' names a role when the
    company has a Senior Software Engineer guide, else the Senior row of a level table)."""
    return sorted(token for token in level_tokens(" ".join(words.rest())) if token not in role_used)


def role_phrases(question: str) -> list[str]:
    """Job titles a question names (up to two words before a head such as 'engineer'), known or not."""
    words = role_words(question).split()
    found = []
    for index, word in enumerate(words):
        if word in ROLE_HEADS or word.rstrip("s") in ROLE_HEADS:
            found.append(" ".join(words[max(0, index - 2) : index + 1]))
    return found
