"""The typed plan of one question: what it asks (its intent), about which companies, roles, levels, places and pay
components, each with the words that named it, what amounts it states, and what a follow-up took from the
conversation and why. Made once (planner.py); every later stage reads it, none decides it again."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AliasChoices, BaseModel, Field

from assistant.guide import Component


class Intent(StrEnum):
    lookup = "lookup"  # a range from the table: "London base for an ML engineer at Jane Street?"
    ask = "ask"  # what to ask for: the guide's anchor or target, or the band's top quarter
    offer = "offer"  # is this offer fair? (the question states amounts)
    compare = "compare"  # two companies or places side by side
    advice = "advice"  # how to negotiate: the guide's own sentences answer it
    walk_away = "walk_away"  # where to walk away, or from what point to accept
    levers = "levers"
    level_mapping = "level_mapping"
    freshness = "freshness"
    coverage = "coverage"  # what the guides cover: companies, a company's roles, a guide's places
    year_totals = "year_totals"  # an offer's year 1-4 totals from the figures the question states
    two_offers = "two_offers"  # two offers the question states, side by side
    counter_email = "counter_email"  # the reply to send: the counter e-mail for the offer asked about


class Offered(BaseModel):
    """An amount the question states, with the component it is for."""

    text: str = Field(description="As the user wrote it, e.g. £210K")
    value: int
    currency: str | None
    component: Component
    component_assumed: bool = Field(False, description="The question named no component: read as base, and said so")


class QuestionPlan(BaseModel):
    """What the question (plus the conversation so far) asks."""

    intent: Intent = Intent.lookup
    companies: list[str] = Field(default_factory=list, description="Company slugs")
    corrected_companies: list[str] = Field(default_factory=list, description="Companies read from a near miss of "
                                           "what was typed ('goldman sachs' for 'goldman sachz')")  # fmt: skip
    corrected_roles: list[str] = Field(default_factory=list, description="Roles read from a near miss of what was "
                                       "typed ('software engineer' for 'sofware engineer')")  # fmt: skip
    company_choices: list[str] = Field(default_factory=list, description="Companies a shared name could mean")
    roles: list[str] = Field(default_factory=list, description="Role slugs")
    role_choices: list[str] = Field(default_factory=list, description="Roles the question matches equally well")
    levels: list[str] = Field(default_factory=list, description="Level words asked for: 'l5', 'senior', 'sde2'")
    regions: list[str] = Field(default_factory=list, description="Place keys as asked, e.g. 'london', 'dallas-tx'")
    components: list[Component] = Field(default_factory=list)
    strategy_point: str | None = Field(None, description="The point of the guide's strategy asked for, by its verb: "
                                       "'anchor' (target, aim), 'accept' or 'floor' (walk away)")  # fmt: skip
    named_by: dict[str, str] = Field(default_factory=dict, description="Each company, role, place and component "
                                     "the question named -> the words that named it ('new-york': 'nyc')")  # fmt: skip
    offered: list[Offered] = Field(default_factory=list, description="Amounts the question states")
    inherited: dict[str, str] = Field(default_factory=dict, description="What a follow-up took from the previous "
                                      "question -> why ('companies': 'the question names none')")  # fmt: skip
    unknown_companies: list[str] = Field(default_factory=list, description="Names asked about that no guide covers")
    unknown_regions: list[str] = Field(default_factory=list)
    unknown_roles: list[str] = Field(default_factory=list, description="Roles asked about that no guide matches")
    off_topic: bool = Field(False, description="Names a guide but asks nothing about pay or negotiation")


class Turn(BaseModel):
    """One earlier exchange of a conversation: what follow-ups inherit from."""

    question: str
    plan: QuestionPlan = Field(validation_alias=AliasChoices("plan", "understanding"))  # kept turns from before
