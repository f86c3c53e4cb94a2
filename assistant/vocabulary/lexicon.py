"""The words people type for roles and levels, and what they stand for.

Facts about usage only (abbreviations, variants). No company is named here: a company's other names come from its
guides and from rules (vocabulary/names.py, docs/names.md).
"""

from __future__ import annotations

# Abbreviations and variants -> the words they stand for in a role name. Applied to a question and to
# role names alike, so "Sr. SWE" and "Senior Software Engineer" meet in the middle. Two-letter words that
# are also English ("be", "de", "se") are left out.
ROLE_WORDS: dict[str, str] = {
    "swe": "software engineer",
    "sde": "software development engineer",
    "sdet": "software development engineer test",
    "mle": "machine learning engineer",
    "ml": "machine learning",
    "ai": "artificial intelligence",
    "pm": "product manager",
    "tpm": "technical program manager",
    "pgm": "program manager",
    "em": "engineering manager",
    "sre": "site reliability engineer",
    "ds": "data scientist",
    "qr": "quantitative researcher",
    "qt": "quantitative trader",
    "qd": "quantitative developer",
    "quant": "quantitative",
    "fe": "frontend engineer",
    "sa": "solutions architect",
    "eng": "engineer",
    "engr": "engineer",
    "engineering": "engineering",
    "dev": "developer",
    "devs": "developers",
    "mgr": "manager",
    "sr": "senior",
    "snr": "senior",
    "jr": "junior",
    "eng manager": "engineering manager",
    "eng mgr": "engineering manager",
    "data science": "data scientist",
    "appsec": "application security",
    "front end": "frontend",
    "front-end": "frontend",
    "back end": "backend",
    "back-end": "backend",
    "full stack": "fullstack",
    "full-stack": "fullstack",
    "machine-learning": "machine learning",
    "devops": "devops",
    "infra": "infrastructure",
    "ux": "ux",
    "ui": "ui",
    "ios": "ios",
    "qa": "quality assurance",
}
# Whole role names that mean the same job, after ROLE_WORDS: asking for one finds a guide named the other.
ROLE_SYNONYMS: list[frozenset[str]] = [
    frozenset({"ux designer", "product designer", "ui designer", "ui ux designer", "ux ui designer"}),
    frozenset({"software engineer", "software development engineer", "software developer"}),
    frozenset({"machine learning engineer", "artificial intelligence engineer"}),
    frozenset({"site reliability engineer", "reliability engineer"}),
    frozenset({"security engineer", "application security engineer"}),
    frozenset({"frontend engineer", "frontend developer"}),
    frozenset({"backend engineer", "backend developer"}),
]
# The last word of a job title: a phrase ending in one of these names a role.
ROLE_HEADS = frozenset(
    """engineer engineers developer developers scientist scientists manager managers designer designers analyst
    analysts researcher researchers trader traders architect architects recruiter director associate consultant
    accountant banker lead specialist administrator swe sde mle pm tpm em sre""".split()  # noqa: SIM905
)
# Words for seniority that are levels when no role is named by them.
SENIORITY = {
    "senior": "senior",
    "staff": "staff",
    "principal": "principal",
    "junior": "junior",
    "lead": "lead",
    "mid": "mid",
    "mid-level": "mid",
    "midlevel": "mid",
    "entry": "entry",
    "entry-level": "entry",
    "intern": "intern",
    "distinguished": "distinguished",
}

# Common words a company name may start with, which never stand for the company on their own.
GENERIC_FIRST_WORDS = frozenset(
    """the new first general global united american national international capital data digital bank
    group one blue red green north south east west central royal tech labs systems""".split()  # noqa: SIM905
)
