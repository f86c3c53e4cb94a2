"""An invented benchmark corpus: thousands of guides in the shapes real guides take.

`write_corpus(out_dir, count, seed)` writes `<company-slug>/<role-slug>.md` guides (6-10 KB each), a
company's roles together, spread over the title, table-layout, cell-notation, place-label and section
shapes of docs/guide-formats.md in roughly its measured shares, plus a few documents that are not
guides at the top of the tree. It returns a `Corpus` that records the truth of every table cell, for
benchmarks that ask about them. Companies, figures and prose are invented; the same seed writes the
same bytes, and a smaller corpus is the start of a larger one.

Run: python -m benchmarks.corpus OUT_DIR N
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from benchmarks.corpus.guide import PlacedCell, build_guide, dossier
from benchmarks.corpus.vocab import EXTRA_ROLES, ROLES, Company, Role, companies, slug

GUIDES_PER_DOSSIER = 1_000


@dataclass(frozen=True)
class GeneratedGuide:
    id: str
    company: Company
    role: Role
    cells: tuple[PlacedCell, ...]  # every compensation-table cell, with what it states
    regions: tuple[str, ...]  # place labels as the table writes them
    shapes: frozenset[str]  # e.g. "layout:component_rows", "dual:interleaved", "title:dash"
    size: int


@dataclass(frozen=True)
class Corpus:
    guides: list[GeneratedGuide]
    non_guides: list[str]  # paths (relative to the corpus root) of documents that are not guides


def company_roles(index: int, company: Company, seed: int) -> list[Role]:
    """A company's roles: the 14 usual ones, some swapped for less common ones, in a seeded order."""
    rng = random.Random(f"roles/{seed}/{company.slug}")
    roles = list(ROLES)
    for extra in rng.sample(EXTRA_ROLES, rng.randint(0, 2)):
        roles[rng.randrange(3, len(roles))] = extra
    rng.shuffle(roles)
    return roles


def plan(count: int, seed: int = 0) -> list[tuple[Company, Role]]:
    """The first `count` (company, role) pairs: companies in a fixed order, each with all its roles."""
    pairs: list[tuple[Company, Role]] = []
    pool = companies(count // 10 + 60)
    for index, company in enumerate(pool):
        pairs += [(company, role) for role in company_roles(index, company, seed)]
        if len(pairs) >= count:
            return pairs[:count]
    raise ValueError(f"at most {len(pairs):,} distinct guides can be generated, asked for {count:,}")


def write_corpus(out_dir: Path, count: int, seed: int = 0) -> Corpus:
    """Write `count` distinct guides (and a few non-guides) under out_dir; the same seed writes the same files."""
    pairs = plan(count, seed)
    names = [company.name.split(" (")[0] for company in companies(60)]  # rivals named in level mappings
    guides = []
    for company, role in pairs:
        guide_id = f"{company.slug}/{slug(role.name)}"
        rng = random.Random(f"{seed}/{guide_id}")
        rivals = rng.sample([name for name in names if name not in company.name], 2)
        text, written = build_guide(rng, company, role, rivals)
        path = out_dir / f"{guide_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        size = path.write_bytes(text.encode("utf-8"))
        shapes = frozenset(written.shapes)
        guides.append(GeneratedGuide(guide_id, company, role, tuple(written.cells), tuple(written.regions), shapes,
                                     size))  # fmt: skip
    non_guides = []
    for number in range(max(1, count // GUIDES_PER_DOSSIER)):
        company = pairs[(number * GUIDES_PER_DOSSIER) % len(pairs)][0]
        name = f"{company.slug}-research-dossier.md"
        (out_dir / name).write_text(dossier(random.Random(f"{seed}/{name}"), company), encoding="utf-8")
        non_guides.append(name)
    return Corpus(guides, non_guides)
