"""Data-quality checks on a parsed guide. Problems are reported, never fixed."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.guide import Component, Figure, Guide, Problem, ProblemKind
from assistant.places import matching, read_label

STALE_AFTER = timedelta(days=180)
# Front-matter field prefixes and the table component they mirror.
_FRONT_MATTER_COMPONENTS = {"base": Component.base, "stock": Component.stock, "bonus": Component.bonus,
                            "total_comp": Component.total}  # fmt: skip


def find_problems(
    guide: Guide, today: date, has_title: bool = True, mismatches: list[str] | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    if not has_title:
        problems.append(
            _problem(guide, ProblemKind.no_title, "no '… Negotiation Guide' title; names come from the path")
        )
    for mismatch in mismatches or []:
        kind = ProblemKind.company_mismatch if "company" in mismatch else ProblemKind.role_mismatch
        problems.append(_problem(guide, kind, mismatch))
    if not any(table.is_compensation for table in guide.tables):
        problems.append(_problem(guide, ProblemKind.no_compensation_table, "the guide has no compensation table"))
    for figure in guide.figures:
        problems.extend(_figure_problems(guide, figure))
    problems.extend(_front_matter_mismatches(guide))
    problems.extend(stale_problems(guide, today))
    return problems


def _problem(guide: Guide, kind: ProblemKind, message: str, line: int | None = None) -> Problem:
    return Problem(guide_id=guide.id, kind=kind, message=message, line=line)


def _figure_problems(guide: Guide, figure: Figure) -> list[Problem]:
    where = f"{figure.region} {figure.header} '{figure.source_text}' (line {figure.line})"
    problems = []
    if figure.mixed_currency:
        problems.append(_problem(guide, ProblemKind.mixed_currency,
                                 f"{where} mixes {figure.currency} and {figure.high_currency} in one range",
                                 figure.line))  # fmt: skip
    if figure.low is not None and figure.high is not None and figure.low > figure.high and not figure.mixed_currency:
        problems.append(_problem(guide, ProblemKind.low_above_high, f"{where} has its low above its high", figure.line))
    return problems


def _front_matter_mismatches(guide: Guide) -> list[Problem]:
    """Front matter and table should agree place by place on the fields the front matter gives; the table wins."""
    if guide.front_matter is None:
        return []
    problems = []
    plain = [f for f in guide.figures if f.level is None]
    for entry in guide.front_matter.compensation:
        region = str(entry.get("region", ""))
        keys = [f.keys for f in plain]
        found = {plain[i].component: plain[i] for i in matching(read_label(region).key, keys)}
        differences = [
            prefix
            for prefix, component in _FRONT_MATTER_COMPONENTS.items()
            if (f"{prefix}_low" in entry or f"{prefix}_high" in entry)
            and _disagrees(entry.get(f"{prefix}_low"), entry.get(f"{prefix}_high"), found.get(component))
        ]
        if differences:
            problems.append(_problem(
                guide, ProblemKind.frontmatter_mismatch,
                f"front matter and table disagree for {region} on {', '.join(differences)}",
            ))  # fmt: skip
    return problems


def _disagrees(low: object, high: object, figure: Figure | None) -> bool:
    if figure is None or figure.low is None:
        return low is not None or high is not None
    return (low, high) != (figure.low, figure.high)


def stale_problems(guide: Guide, today: date) -> list[Problem]:
    front = guide.front_matter
    if front is None:
        return []
    problems = []
    if front.next_review_due and front.next_review_due < today:
        problems.append(_problem(guide, ProblemKind.stale, f"next review was due {front.next_review_due.isoformat()}"))
    if front.last_updated and today - front.last_updated > STALE_AFTER:
        age = (today - front.last_updated).days
        problems.append(_problem(guide, ProblemKind.stale,
                                 f"last updated {front.last_updated.isoformat()}, {age} days ago"))  # fmt: skip
    return problems


def current_problems(guide: Guide, today: date) -> list[Problem]:
    """A stored guide's problems with staleness re-measured: it depends on today, not on the ingest date."""
    kept = [problem for problem in guide.problems if problem.kind is not ProblemKind.stale]
    return kept + stale_problems(guide, today)
