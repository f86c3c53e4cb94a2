"""One question (and the conversation before it) becomes one typed `QuestionPlan`.

Names are resolved against the guides actually in the index (companies.py, places.py and roles.py, over
vocabulary/), the way people type them: "JPM swe base in NYC", "msft senior swe total comp seattle", "amazon
sde2 base seattle". A name the corpus does not hold is recognised as unknown rather than matched to a
neighbour, and a name several guides could answer to is left open for the answer to ask about. The intent
comes from intents.py, what a follow-up inherits from follow_up.py: this module only puts them together,
once per question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.guide import Component
from assistant.plan.companies import find_companies
from assistant.plan.follow_up import follow_up
from assistant.plan.intents import intent_of, offered_amounts, strategy_point
from assistant.plan.model import Intent, Offered, QuestionPlan, Turn
from assistant.plan.places import find_places
from assistant.plan.roles import find_levels, find_roles, near_miss_role, role_by_title_word, role_phrases
from assistant.plan.words import Words, without_names
from assistant.vocabulary.components import component_near, components_in, words_for
from assistant.vocabulary.levels import level_tokens
from assistant.vocabulary.names import Vocabulary, normal, role_words

# Words that make a question about pay or negotiation; without one, a long question is off topic.
_PAY_WORDS = re.compile(
    r"\b(pay|pays|paid|salar\w*|comp\w*|offer\w*|earn\w*|make|money|ask|negotiat\w*|bonus\w*|equity|stock|"
    r"rsus?|options|total|tc|base|range|band|package|raise|premium|levers?|anchor|walk|accept|counter|signing|"
    r"sign-on|pnl|p&l|level\w*|title|guide|data|stale|fresh|updated|worth|benchmark\w*|figures?|numbers?|cover\w*|"
    r"companies|roles|places)\b",
    re.I,
)
# Runs of Title-case words ("Goldman Sachs"): candidates for a company name the corpus may not hold.
_TITLE_CASE_RUN = re.compile(r"\b[A-Z][a-z][\w&'.-]*(?:\s+(?:&\s+)?[A-Z][\w&'.-]*)*")
# Capitalised words that start questions or sentences and are never company names.
_NOT_NAMES = frozenset(
    """what whats what's how is are should tell give please and or compare which when where who why can could
    would does do did i my me the a an in at for with ignore say hi hello hey thanks thank also about versus vs
    repeat that that's this these those it it's is there there's if then so but yes no ok okay sure any all
    our your their his her its we you they he she let let's show list find get need want know explain guide guides
    role roles job jobs""".split()  # noqa: SIM905
)


def make_plan(question: str, vocab: Vocabulary, history: Sequence[Turn] = ()) -> QuestionPlan:
    """The plan of a question; with a conversation, what it inherits from the last turn (and why)."""
    plan = _plan_of(question, vocab)
    return follow_up(plan, history[-1].plan, question) if history else plan


def _plan_of(question: str, vocab: Vocabulary) -> QuestionPlan:
    words = Words.of(question)
    companies, ambiguous_companies, corrected = find_companies(words, question, vocab)
    regions = find_places(words, question, vocab)
    roles, tied_roles, role_used = find_roles(words, vocab, companies)
    corrected_roles = []
    if not roles and not tied_roles and (near := near_miss_role(words, vocab, companies)):
        roles, role_used, corrected_roles = [near[0]], near[1], [vocab.role(near[0], companies).name]
    if not roles and not tied_roles:
        roles, tied_roles, role_used = role_by_title_word(words, vocab, companies)
    components = components_in(
        question if not companies else without_names(question, [words.named.get(c, "") for c in companies])
    )
    # A name's words are no intent's: "at Target" asks nothing about a target.
    unnamed = without_names(question, [words.named[slug] for slug in [*companies, *plan_choices(ambiguous_companies)]
                                       if slug in words.named])  # fmt: skip
    plan = QuestionPlan(
        intent=intent_of(question, unnamed),
        companies=companies,
        corrected_companies=corrected,
        corrected_roles=corrected_roles,
        company_choices=plan_choices(ambiguous_companies),
        roles=roles,
        role_choices=tied_roles,
        levels=find_levels(words, role_used),
        regions=regions,
        components=components,
        strategy_point=strategy_point(unnamed),
        named_by={
            **words.named,
            **dict.fromkeys(roles, _in_order(role_used, question)),
            **words_for(question, components),
        },
    )
    if plan.intent in (Intent.offer, Intent.counter_email):
        plan.offered = offered(question, components)
    if not companies and not ambiguous_companies:
        plan.unknown_companies = _unknown_companies(question, vocab)
    if not roles and not tied_roles:
        plan.unknown_roles = _unknown_roles(question, role_used)
    plan.off_topic = (
        len(question.split()) >= 7
        and plan.intent == Intent.lookup
        and not (plan.components or plan.roles or plan.levels)
        and not _PAY_WORDS.search(question)
    )
    if len(plan.companies) > 1 and plan.intent in (Intent.lookup, Intent.ask):
        plan.intent = Intent.compare
    return plan


def _in_order(role_words_used: list[str], question: str) -> str:
    """The role words as the question has them, in its order ("software engineer", not the sorted set)."""
    asked = role_words(question).split()
    return " ".join(sorted(role_words_used, key=lambda word: asked.index(word) if word in asked else len(asked)))


def plan_choices(groups: list[list[str]]) -> list[str]:
    return [slug for group in groups for slug in group]


def offered(question: str, components: list[Component]) -> list[Offered]:
    """The amounts an offer question states, each with the component a word beside it names; an amount no
    component word stands beside is the one component the question names, else base (and the answer says so)."""
    default = components[0] if len(components) == 1 else Component.base
    found = []
    for amount in offered_amounts(question):
        component = component_near(question, amount)
        found.append(Offered(text=amount.text, value=amount.value, currency=amount.currency(),
                             component=component or default,
                             component_assumed=component is None and len(components) != 1))  # fmt: skip
    return found


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
