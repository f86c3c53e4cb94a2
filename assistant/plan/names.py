"""Finding the names a question uses: companies, places, roles and levels, each word used once.

Companies are matched first, longest phrase first, so "Acme AI" is never also "Acme"; then places (with a
state or country written after the city, and remote scopes); then the role, from what is left; then levels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from assistant.places.labels import remote_scope, split_qualifier
from assistant.vocabulary.components import is_pay_word
from assistant.vocabulary.levels import level_tokens, split_numbered_roles
from assistant.vocabulary.lexicon import ROLE_HEADS, SENIORITY
from assistant.vocabulary.names import CAPITAL_PLACES, EXACT, Vocabulary, normal, role_words, singular

_BARRIER = re.compile(r"[,;:()?!]|\s[-–—]\s")


def _split_keeping(text: str) -> list[tuple[str, str]]:
    """(part, the barrier that ends it) for each part of the text between punctuation."""
    pieces, start = [], 0
    for match in _BARRIER.finditer(text):
        pieces.append((text[start : match.start()], match.group(0).strip()))
        start = match.end()
    return [*pieces, (text[start:], "")]


@dataclass
class Words:
    """The question's words, which of them a name has already used, and where punctuation parts them."""

    words: list[str]
    used: set[int] = field(default_factory=set)
    barriers: set[int] = field(default_factory=set)  # i: punctuation stands between word i - 1 and word i
    named: dict[str, str] = field(default_factory=dict)  # a company slug or place key -> the words that named it
    noted: set[int] = field(default_factory=set)  # words inside parentheses: notes beside a name, "(Principal SDE)"

    @classmethod
    def of(cls, question: str) -> Words:
        words: list[str] = []
        barriers: set[int] = set()
        noted: set[int] = set()
        depth = 0
        for part, mark in _split_keeping(split_numbered_roles(question.lower())):
            if words:
                barriers.add(len(words))
            new = normal(part).split()
            if depth > 0:
                noted.update(range(len(words), len(words) + len(new)))
            words += new
            depth = max(0, depth + (mark == "(") - (mark == ")"))
        return cls(words, barriers=barriers, noted=noted)

    def runs_outside_notes(self) -> list[list[str]]:
        """The unused words in runs, leaving out what parentheses hold."""
        kept = Words(self.words, self.used | self.noted, self.barriers)
        return kept.runs()

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


def role_spans(words: Words, vocab: Vocabulary) -> list[tuple[int, int]]:
    """(start, end) of every run of the question's words that some role's name is ("ml/ai engineer", "us charter
    platform engineer"), read after abbreviations are spelled out."""
    expanded = [(token, index) for index, word in enumerate(words.words) for token in role_words(word).split()]
    tokens = [token for token, _ in expanded]
    longest = max((len(form) for form in vocab.role_forms), default=0)
    spans = []
    for size in range(1, longest + 1):
        for first in range(len(tokens) - size + 1):
            if tuple(tokens[first : first + size]) in vocab.role_forms:
                spans.append((expanded[first][1], expanded[first + size - 1][1] + 1))
    return spans


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
        near = [name for name in process.extract(phrase, names, scorer=Levenshtein.distance, limit=3,
                                                 score_cutoff=limit)]  # fmt: skip
        if len(near) == 1 or (near and near[0][1] < near[1][1]):
            words.take(start, end)
            return [CompanyMatch(start, end, sorted(vocab.company_aliases[near[0][0]]), STRONG, corrected=True)]
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
        if near and (len(near) == 1 or near[0][1] < near[1][1]) and near[0][1] > 0:
            words.take(match.start, end)
            return CompanyMatch(match.start, end, sorted(vocab.company_aliases[near[0][0]]), STRONG, corrected=True)
    return match


_STOPWORDS = frozenset(
    [
        "what",
        "whats",
        "how",
        "much",
        "does",
        "the",
        "for",
        "and",
        "in",
        "at",
        "of",
        "a",
        "an",
        "is",
        "my",
        "i",
        "to",
        "with",
    ]
)


def find_places(words: Words, question: str, vocab: Vocabulary) -> list[str]:
    """Place keys in order of mention; 'Dallas TX' and 'London, UK' keep their qualifier ('dallas-tx'). A place word
    inside a longer role name ("US Charter Platform Engineer") is the role's."""
    found: list[tuple[int, str]] = []
    in_roles = {index for start, end in role_spans(words, vocab) if end - start > 1 for index in range(start, end)}
    for token in re.findall(r"\b[A-Z]{2,3}\b", question):  # "US", "LA": places only in capitals
        index = next((i for i, w in enumerate(words.words) if w == token.lower() and i not in words.used), None)
        if token in CAPITAL_PLACES and index is not None and index not in in_roles:
            end, key = _with_remote(words, index, index + 1, CAPITAL_PLACES[token])
            words.take(index, end)
            words.named.setdefault(key, words.phrase(index, end))
            found.append((index, key))
    for start, end in words.free_spans(4):
        if words.used & set(range(start, end)):
            continue
        place = vocab.places.get(words.phrase(start, end))
        if place is None or in_roles & set(range(start, end)):
            continue
        end, key = _with_qualifier(words, question, start, end, place)
        end, key = _with_remote(words, start, end, key)
        words.take(start, end)
        words.named.setdefault(key, words.phrase(start, end))
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


def without_names(question: str, phrases: list[str]) -> str:
    """The question with these names taken out as written ("What does Target pay?" -> "What does  pay?")."""
    for phrase in phrases:
        written = _as_written(question, phrase)
        question = question.replace(written, " ", 1) if written in question else question
    return question


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
    outside = [role_words(" ".join(run)).split() for run in words.runs_outside_notes()]
    found = _best_roles(outside, vocab, candidates, companies) if words.noted else ([], [], [])
    if not found[0]:  # "Staff Software Engineer (Principal SDE / L7)": the note in parentheses competes only after
        found = _best_roles(runs, vocab, candidates, companies)
    if not found[0] and not found[1] and companies:  # "sde3 platform engineer": the platform role, at SDE3
        found = _by_distinctive_words(runs, vocab, candidates, companies)
    numbered = [word[:3] for run in runs for word in run if re.fullmatch(r"(?:sde|swe)\d", word)]
    if not found[0] and not found[1] and numbered:
        found = _best_roles([*runs, role_words(numbered[0]).split()], vocab, candidates, companies)
    return found


def role_by_title_word(words: Words, vocab: Vocabulary, companies: list[str]) -> RoleMatch:
    """A bare 'designer' at a company whose one designer role is Product Designer: the title's last word names the
    role when one of the company's roles alone has it (several: a tie to ask about)."""
    if not companies:
        return [], [], []
    candidates = list(dict.fromkeys(s for c in companies for s in vocab.company_roles.get(c, [])))
    heads = {singular(word) for run in words.runs() for word in role_words(" ".join(run)).split() if word in ROLE_HEADS}
    holders = [slug for slug in candidates if heads and heads <= vocab.role(slug, companies).words]
    if len(holders) == 1:
        return holders, [], sorted(heads)
    return ([], holders, sorted(heads)) if holders else ([], [], [])


def near_miss_role(words: Words, vocab: Vocabulary, companies: list[str]) -> tuple[str, list[str]] | None:
    """A misspelt role ("sofware engineer"): the one role of the named companies (of any, when none is named) whose
    name is within a small edit distance of words the question runs together; (its slug, the words it took)."""
    candidates = [s for c in companies for s in vocab.company_roles.get(c, [])] if companies else list(vocab.roles)
    best: dict[int, set[str]] = {}
    taken: dict[str, list[str]] = {}
    for run in (role_words(" ".join(run)).split() for run in words.runs()):
        for slug in dict.fromkeys(candidates):
            for form in vocab.role(slug, companies).forms:
                written = " ".join(form)
                limit = 1 if len(written) < 10 else 2
                for start in range(len(run) - len(form) + 1):
                    window = run[start : start + len(form)]
                    distance = Levenshtein.distance(" ".join(window), written, score_cutoff=limit)
                    if 0 < distance <= limit:
                        best.setdefault(distance, set()).add(slug)
                        taken.setdefault(slug, window)
    if not best:
        return None
    nearest = best[min(best)]
    return (next(iter(nearest)), taken[next(iter(nearest))]) if len(nearest) == 1 else None


def _best_roles(
    runs: list[list[str]], vocab: Vocabulary, candidates: list[str], companies: list[str]
) -> tuple[list[str], list[str], list[str]]:
    scored: dict[str, tuple[int, int]] = {}
    used: dict[str, set[str]] = {}
    for slug in candidates:
        role = vocab.role(slug, companies)
        forms = [form for form in role.forms if any(_in_run(form, run) for run in runs)]
        if forms:
            scored[slug] = (max(len(form) for form in forms), -min(len(f) for f in role.forms))
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
    runs: list[list[str]], vocab: Vocabulary, candidates: list[str], companies: list[str]
) -> tuple[list[str], list[str], list[str]]:
    """'ux' at a company whose only role with that word is UX Designer; 'data' at one with two data roles is a tie."""
    shared = {word for slug in candidates for word in vocab.role(slug, companies).words}
    heads = {singular(word) for run in runs for word in run if word in ROLE_HEADS}
    if heads - shared:
        return [], [], []  # a job title none of the roles has ("software architect"): not a near match
    asked = {word for run in runs for word in run if word in shared} - ROLE_HEADS - set(SENIORITY)
    if not asked:
        return [], [], []
    holders = [slug for slug in candidates if asked <= vocab.role(slug, companies).words]
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
