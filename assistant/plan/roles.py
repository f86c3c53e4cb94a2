"""Finding the role and levels a question names, among the named companies' roles: a role's words standing
together, else a word only one role has, a near miss of one role's name, or the title's last word alone."""

from __future__ import annotations

import re

from rapidfuzz.distance import Levenshtein

from assistant.plan.words import Words
from assistant.vocabulary.levels import level_tokens
from assistant.vocabulary.lexicon import ROLE_HEADS, SENIORITY
from assistant.vocabulary.names import Vocabulary, role_words, singular


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
    return _tie_broken_by_level(found, words, vocab, companies)


def _tie_broken_by_level(found: RoleMatch, words: Words, vocab: Vocabulary, companies: list[str]) -> RoleMatch:
    """Several roles fit the words, but the question's level is written in exactly one of their titles: "l4 sde"
    at a company with "Software Engineer (SDE I-II / L4-L5)" and "Senior Software Engineer (SDE III / L6)"."""
    matched, tied, used = found
    asked = level_tokens(" ".join(words.words))
    if matched or len(tied) < 2 or not asked:
        return found
    titled = [slug for slug in tied if asked & level_tokens(vocab.role(slug, companies).name)]
    return ([titled[0]], [], used) if len(titled) == 1 else found


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
