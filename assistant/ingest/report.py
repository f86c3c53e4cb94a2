"""A data-quality report on a folder of guides: every problem with its guide and kind, and a corpus summary.

`guides validate` prints it; the same parse as ingest, without touching the index.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.guide import Problem, ProblemKind
from assistant.ingest.claims import claimant_of, resolve
from assistant.ingest.files import MAX_GUIDE_BYTES, GuideError, NotAGuideError, guide_id_for, scan_corpus
from assistant.ingest.parse import parse_guide_file


class CorpusReport(BaseModel):
    guides_checked: int = Field(0, description="Files found that could be guides")
    guides_read: int = Field(0, description="Files that parsed as guides")
    guides_with_figures: int = 0
    not_guides: int = Field(0, description="Documents skipped because they are not guides (e.g. a research dossier)")
    unusable: int = Field(0, description="Files that could not be read at all")
    duplicates: int = Field(0, description="Guides another guide's claim to the same company and role wins over")
    figures_by_layout: dict[str, int] = Field(default_factory=dict, description="region_rows, level_rows, ...")
    problems_by_kind: dict[str, int] = Field(default_factory=dict)
    problems: list[Problem] = Field(default_factory=list)


def validate_corpus(corpus_dir: Path, today: date, max_bytes: int = MAX_GUIDE_BYTES) -> CorpusReport:
    scan = scan_corpus(corpus_dir)
    report = CorpusReport(guides_checked=len(scan.files))
    figures: Counter[str] = Counter()
    for line in scan.problems:
        report.unusable += 1
        where, _, message = line.partition(": ")
        report.problems.append(Problem(guide_id=where, kind=ProblemKind.unreadable, message=message))
    claimants = []
    for path in scan.files:
        guide_id = guide_id_for(path, corpus_dir)
        try:
            guide = parse_guide_file(path, corpus_dir, today=today, max_bytes=max_bytes)
        except NotAGuideError as error:
            report.not_guides += 1
            report.problems.append(Problem(guide_id=guide_id, kind=ProblemKind.not_a_guide, message=error.message))
            continue
        except GuideError as error:
            report.unusable += 1
            report.problems.append(Problem(guide_id=guide_id, kind=ProblemKind.unreadable, message=error.message))
            continue
        report.guides_read += 1
        claimants.append(claimant_of(guide))
        report.guides_with_figures += bool(guide.figures)
        figures.update(figure.layout for figure in guide.figures)
        report.problems.extend(guide.problems)
    for duplicate in resolve(claimants):
        report.duplicates += 1
        report.problems.append(Problem(guide_id=duplicate.dropped.guide_id, kind=ProblemKind.duplicate,
                                       message=duplicate.message()))  # fmt: skip
    report.figures_by_layout = dict(figures.most_common())
    report.problems_by_kind = dict(Counter(problem.kind.value for problem in report.problems).most_common())
    return report
