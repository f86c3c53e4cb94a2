"""The sentences an answer uses when the guides can't answer as asked: not covered, or which one?

Each says what the guides do hold, naming at most the two or three closest choices, with names as the
guides write them.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.guide import Guide
from assistant.places.gazetteer import COUNTRIES, US_STATES
from assistant.places.match import strip_qualifier
from assistant.retrieve.choices import Clarification

SHORT_LIST = 5  # covered companies listed by name up to this many; beyond it, their count and the closest names


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def listed(names: list[str], total: int | None = None) -> str:
    """'A', 'A and B', 'A, B and C', plus 'and 11 more' when there are more than shown."""
    shown = list(names)
    if not shown:
        return "nothing"
    more = (total or len(shown)) - len(shown)
    if more > 0:
        return f"{', '.join(shown)} and {more} more"
    return shown[0] if len(shown) == 1 else f"{', '.join(shown[:-1])} and {shown[-1]}"


def unknown_companies(names: list[str], closest: list[str], covered: int, covered_names: Sequence[str] = ()) -> str:
    """Not covered: then every company the guides hold when they are few, else their count and the closest names."""
    asked = listed(names)
    text = f"The guides don't cover {asked}, so I won't quote figures for it from another company's guide."
    return f"{text} {what_is_covered(covered, covered_names, closest)}"


def what_is_covered(covered: int, covered_names: Sequence[str] = (), closest: Sequence[str] = ()) -> str:
    """'They cover A, B and C.' when the list is short; else the count, and the closest names if any."""
    if covered_names and len(covered_names) <= SHORT_LIST:
        return f"They cover {listed(list(covered_names))}; ask about one of them by name."
    count = f"They cover {covered:,} compan{'y' if covered == 1 else 'ies'}"
    if closest:
        return f"{count}; the closest names are {listed(list(closest))}."
    return f"{count}; ask about one of them by name."


def not_matched(covered_names: Sequence[str]) -> str:
    """No guide matched at all: how to ask, and what is covered when that fits in a sentence."""
    text = ("The guides don't cover that: I couldn't match the question to a guide. Name the company and role, "
            "e.g. “What's a fair London ask for an ML engineer at Jane Street?”")  # fmt: skip
    if covered_names and len(covered_names) <= SHORT_LIST:
        return f"{text} They cover {listed(list(covered_names))}."
    return text


def clarify(asked: Clarification) -> str:
    if asked.kind == "company":
        return f"Several companies go by that name: {listed(asked.options, asked.total)}. Which one did you mean?"
    if asked.kind == "company_for_role":
        return (f"The guides cover {asked.asked} at {asked.total:,} companies. Which company? "
                f"For example {listed(asked.options)}.")  # fmt: skip
    company = possessive(asked.company or "The company")
    if asked.kind == "role_missing":
        text = f"The guides don't cover {asked.asked} at {asked.company}, so I won't quote another role's figures."
        if asked.total == 1 and asked.options:
            return f"{text} {company} guide covers {asked.options[0]} only."
        if asked.options:
            return f"{text} The closest roles {company} guides cover are {listed(asked.options)}."
        return f"{text} Its guides cover {asked.total} other roles; name one of them."
    return f"{company} guides cover {listed(asked.options, asked.total)} — which one?"


def place_name(key: str) -> str:
    """A place key as a person writes it: 'london-uk' -> 'London, UK', 'dallas-tx' -> 'Dallas, TX'."""
    city = strip_qualifier(key)
    qualifier = key[len(city) + 1 :] if city != key else ""
    name = city.replace("-", " ").title()
    if qualifier in US_STATES or qualifier in ("uk", "us", "uae"):
        return f"{name}, {qualifier.upper()}"
    if qualifier in COUNTRIES:
        return f"{name}, {qualifier.replace('-', ' ').title()}"
    return name.replace("Remote Us", "Remote US")


def places_not_covered(guide: Guide, missing: list[str]) -> str:
    asked = listed([place_name(key) for key in missing])
    if not guide.regions:
        return f"The guides don't cover {asked} for {guide.company} ({guide.role}): its guide gives no pay by place."
    return (
        f"The guides don't cover {asked} for {guide.company} ({guide.role}); its guide covers {listed(guide.regions)}."
    )


def levels_not_found(guide: Guide, asked: list[str], levels: list[str]) -> str:
    wanted = listed([level.upper() if any(ch.isdigit() for ch in level) else level for level in asked])
    if not levels:
        return (f"{possessive(guide.company)} {guide.role} guide doesn't split pay by level, so the figures below "
                f"are for the role as a whole, not for {wanted} alone.")  # fmt: skip
    return (f"{possessive(guide.company)} {guide.role} guide has no {wanted} row; its levels are "
            f"{listed(levels)}, all shown below.")  # fmt: skip
