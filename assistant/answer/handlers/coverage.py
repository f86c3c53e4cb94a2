"""What the guides cover, from the catalog: "what companies do you cover?", "does Stripe have a guide for
designers?", "which places does the Jane Street guide cover?". Counts first, then the names asked about or the
closest ones; never a list of hundreds."""

from __future__ import annotations

import re
from collections import Counter

from assistant.answer.draft import Draft
from assistant.answer.handlers.base import Handler, Writing
from assistant.answer.refusals import listed, possessive
from assistant.plan.model import Intent, QuestionPlan
from assistant.vocabulary import Vocabulary, role_words
from assistant.vocabulary.lexicon import ROLE_HEADS
from assistant.vocabulary.names import singular

MAX_LISTED = 10  # a list this short is given whole; a longer one as counts and a few names
EXAMPLES = 3
_PLACES_ASKED = re.compile(r"\b(?:places?|cities|city|locations?|regions?|where|offices?|countries)\b", re.I)


class Coverage(Handler):
    intent = Intent.coverage
    retrieves = False
    needs_targets = False
    refuses_missing_places = False
    asks_which_role = False  # "does Acme have a guide for designers?" is answered with Acme's roles

    def wants_figures(self, plan: QuestionPlan) -> bool:
        return False

    def write(self, draft: Draft, writing: Writing) -> None:
        vocabulary, plan = writing.gathered.vocabulary, writing.plan
        if vocabulary is None:
            return
        if plan.companies and _PLACES_ASKED.search(writing.question):
            draft.lead += [_places(guide.company, guide.role, guide.regions) for guide in writing.gathered.targets]
        elif plan.companies:
            titles = [] if plan.roles else _titles_asked(writing.question)
            draft.lead += [_roles(vocabulary, company, plan.roles, titles) for company in plan.companies]
        elif plan.roles:
            draft.lead.append(_companies_for(vocabulary, plan.roles[0]))
        else:
            draft.lead.append(everything(vocabulary))


def everything(vocabulary: Vocabulary) -> str:
    """The catalog in one or two sentences: every company when they are few, else counts and the common roles."""
    companies = sorted(vocabulary.company_names.values())
    roles = Counter(role for slugs in vocabulary.company_roles.values() for role in slugs)
    role_names = [vocabulary.roles[slug].name for slug, _ in roles.most_common()]
    if len(companies) <= MAX_LISTED:
        return (f"The guides cover {len(companies)} {_companies(len(companies))}: {listed(companies)}, for "
                f"{listed(role_names[:MAX_LISTED], len(role_names))}.")  # fmt: skip
    common = [f"{vocabulary.roles[slug].name} ({count:,})" for slug, count in roles.most_common(EXAMPLES)]
    return (f"The guides cover {len(companies):,} companies and {len(roles):,} roles; the most common roles, with "
            f"how many companies have a guide for each, are {listed(common)}. Ask about a company by name to see "
            "its roles.")  # fmt: skip


def _companies(count: int) -> str:
    return "company" if count == 1 else "companies"


def _titles_asked(question: str) -> list[str]:
    """Job-title words the question asks about that no role matched ("designers")."""
    return list(dict.fromkeys(singular(w) for w in role_words(question).split() if singular(w) in ROLE_HEADS))


def _roles(vocabulary: Vocabulary, company: str, asked: list[str], titles: list[str]) -> str:
    """The company's roles; with roles asked, whether it has them; with a title no role has, that it has none."""
    name = vocabulary.company_names.get(company, company)
    roles = [vocabulary.roles[slug].name for slug in vocabulary.company_roles.get(company, [])]
    if titles:
        return (f"No: {possessive(name)} guides cover {listed(sorted(roles)[:MAX_LISTED], len(roles))}; none is for a "
                f"{' or '.join(titles)}.")  # fmt: skip
    if asked:
        wanted = [vocabulary.roles[slug].name for slug in asked]
        have = [role for role in wanted if role in roles]
        if have:
            return f"Yes: {possessive(name)} guides cover {listed(have)}."
        covered = listed(sorted(roles)[:MAX_LISTED], len(roles))
        return f"No: {possessive(name)} guides cover {covered}, not {listed(wanted)}."
    shown = sorted(roles)
    return f"{possessive(name)} guides cover {len(roles)} {'role' if len(roles) == 1 else 'roles'}: " + (
        f"{listed(shown[:MAX_LISTED], len(shown))}."
    )


def _companies_for(vocabulary: Vocabulary, role: str) -> str:
    companies = sorted(vocabulary.company_names[c] for c, roles in vocabulary.company_roles.items() if role in roles)
    name = vocabulary.roles[role].name
    if len(companies) <= MAX_LISTED:
        return f"The guides cover {name} at {len(companies)} {_companies(len(companies))}: {listed(companies)}."
    return (f"The guides cover {name} at {len(companies):,} companies, among them {listed(companies[:EXAMPLES])}. "
            "Name a company to see its figures.")  # fmt: skip


def _places(company: str, role: str, places: list[str]) -> str:
    if not places:
        return f"{possessive(company)} {role} guide gives no pay by place."
    return f"{possessive(company)} {role} guide covers {listed(places)}."
