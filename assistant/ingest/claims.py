"""One guide per company and role: when two guides claim the same pair, one is kept by a stated rule.

A guide claims a company and role by where it sits (`<company-slug>/<role-slug>.md`), by the company name
it gives (its title, or `company_display`) and by its front matter's `company:`. Two guides that share a
claim would answer for the same company side by side ("Several companies go by that name: Jane Street and
Jane Street") or, worse, one would answer for the other with its own figures. The rule:

1. the guide in the claimed company's own folder wins (`jane-street/ml-ai-engineer.md` for Jane Street);
2. otherwise the one nearer the corpus root, then the first in path order.

The other guide is not indexed, and the ingest and `guides validate` name it, and say which guide won.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pydantic import BaseModel

from assistant.guide import Guide
from assistant.places import slugify

RULE = "the guide in the company's own folder wins, else the one nearer the corpus root, then the first by path"


class Claimant(BaseModel):
    """What a guide claims to be: enough to find duplicates without loading whole guides."""

    guide_id: str
    company: str
    company_slug: str
    role: str
    role_slug: str
    declared_company: str | None = None  # front matter's `company:`

    def claims(self) -> set[tuple[str, str]]:
        companies = {self.company_slug, slugify(self.company), slugify(self.declared_company or "")}
        return {(company, self.role_slug) for company in companies if company}

    @property
    def folder(self) -> str | None:
        parts = self.guide_id.split("/")
        return parts[-2] if len(parts) > 1 else None


class Duplicate(BaseModel):
    kept: Claimant
    dropped: Claimant
    company_slug: str  # the claim they share

    def message(self) -> str:
        """One sentence for the dropped guide, naming the guide that won and why."""
        why = "it sits in the company's own folder" if self.kept.folder == self.company_slug else RULE
        return (f"claims {self.kept.company}'s {self.kept.role} guide, which {self.kept.guide_id} also claims; "
                f"{self.kept.guide_id} is kept ({why}) and this one was skipped")  # fmt: skip


def claimant_of(guide: Guide) -> Claimant:
    declared = guide.front_matter.company if guide.front_matter else None
    return Claimant(guide_id=guide.id, company=guide.company, company_slug=guide.company_slug, role=guide.role,
                    role_slug=guide.role_slug, declared_company=declared)  # fmt: skip


def resolve(claimants: Iterable[Claimant]) -> list[Duplicate]:
    """Every guide that loses a shared claim, with the guide that keeps it; the rest are kept."""
    by_key: dict[tuple[str, str], list[Claimant]] = defaultdict(list)
    for claimant in claimants:
        for key in claimant.claims():
            by_key[key].append(claimant)
    dropped: dict[str, Duplicate] = {}
    for key in sorted(by_key):
        standing = [c for c in by_key[key] if c.guide_id not in dropped]
        if len(standing) < 2:
            continue
        winner = min(standing, key=lambda c: _precedence(c, key[0]))
        for loser in standing:
            if loser is not winner:
                dropped[loser.guide_id] = Duplicate(kept=winner, dropped=loser, company_slug=key[0])
    return sorted(dropped.values(), key=lambda duplicate: duplicate.dropped.guide_id)


def _precedence(claimant: Claimant, company_slug: str) -> tuple[bool, int, str]:
    return claimant.folder != company_slug, claimant.guide_id.count("/"), claimant.guide_id
