"""When a question fits several guides, or a role no guide covers: the two or three closest to offer back.

"Acme's guides cover Product Manager and Senior Product Manager — which one?" is a better answer than a
guess, and better than a list of fourteen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from assistant.response import QuestionPlan
from assistant.vocabulary.names import Vocabulary, role_words

MAX_CHOICES = 3
MAX_COMPANIES_WITHOUT_ASKING = 5  # a role at five companies or fewer is answered for all of them
MIN_SIMILARITY = 55  # below this a suggested name would be a guess, not a neighbour


@dataclass(frozen=True)
class Clarification:
    kind: str  # "company": a name several companies share; "role": several roles fit; "role_missing": none does
    options: list[str]  # display names, closest first, at most MAX_CHOICES
    total: int  # how many there were to choose from
    company: str | None = None  # the company whose roles are offered
    asked: str | None = None  # the role asked for, when no guide covers it
    more: list[str] = field(default_factory=list)


def clarification(vocab: Vocabulary, plan: QuestionPlan) -> Clarification | None:
    if plan.company_choices:
        names = distinct_names(vocab, plan.company_choices)
        return Clarification("company", names[:MAX_CHOICES], len(names))
    if not plan.companies and plan.roles:
        return _company_for_role(vocab, plan.roles[0])
    if len(plan.companies) != 1 or plan.roles:
        return None
    company = plan.companies[0]
    roles = vocab.company_roles.get(company, [])
    name = vocab.company_names.get(company, company)
    if plan.role_choices:
        tied = [vocab.role(slug, [company]).name for slug in plan.role_choices if slug in roles]
        return Clarification("role", tied[:MAX_CHOICES], len(tied), name) if len(tied) > 1 else None
    if plan.unknown_roles:
        asked = plan.unknown_roles[0]
        names = [vocab.role(slug, [company]).name for slug in roles]
        options = closest(names, asked) or (names if len(names) <= MAX_CHOICES else [])
        return Clarification("role_missing", options, len(roles), name, asked)
    if len(roles) > 1:
        titles = sorted(vocab.role(slug, [company]).name for slug in roles)
        return Clarification("role", titles[:MAX_CHOICES], len(roles), name)
    return None


def distinct_names(vocab: Vocabulary, slugs: list[str]) -> list[str]:
    """Display names a person can choose between: two companies that show one name are told apart by folder,
    never offered as "Elastic and Elastic"."""
    names = [vocab.company_names.get(slug, slug) for slug in slugs]
    return [f"{name} ({slug}/)" if names.count(name) > 1 else name for name, slug in zip(names, slugs, strict=True)]


def _company_for_role(vocab: Vocabulary, role: str) -> Clarification | None:
    """A role but no company: answer across the companies when they are few, else ask which company."""
    companies = sorted(vocab.company_names[c] for c, roles in vocab.company_roles.items() if role in roles)
    if len(companies) <= MAX_COMPANIES_WITHOUT_ASKING:
        return None
    return Clarification("company_for_role", companies[:MAX_CHOICES], len(companies), asked=vocab.roles[role].name)


def closest(names: list[str], asked: str) -> list[str]:
    """The names most like what was asked, best first; none that is merely the least unlike."""
    scored = process.extract(
        role_words(asked), {name: role_words(name) for name in names}, scorer=fuzz.token_set_ratio, limit=None
    )
    ranked = sorted(((-score, key) for _choice, score, key in scored if score >= MIN_SIMILARITY))
    return [key for _score, key in ranked[:MAX_CHOICES]]


def closest_companies(vocab: Vocabulary, asked: str) -> list[str]:
    names = list(dict.fromkeys(vocab.company_names.values()))
    scored = process.extract(asked.lower(), {n: n.lower() for n in names}, scorer=fuzz.WRatio, limit=MAX_CHOICES)
    return [key for _choice, score, key in scored if score >= 75]
