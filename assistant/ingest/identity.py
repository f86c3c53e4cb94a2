"""Whose guide this is: the company and role, from the title, checked against the file's place in the corpus.

A guide at `<company-slug>/<role-slug>.md` is named by its folder and file as much as by its title. The
title is split where its company part matches the folder (roles may hold `|` or `—` themselves:
`### Edge | Cloud Platform Engineer | Acme Global Negotiation Guide`); where title and path disagree,
the path wins and the guide carries a problem saying so.

How the names relate, by where the guide sits:
- `Acme (Parent Co)` in `acme/` is Acme, with Parent Co as another name;
- `Acme (Security)` in `acme-security/` is one company named by both words, a product line beside
  `acme/`: shown as the title writes it, with "Acme" as a lesser name (Acme's own guides keep it);
- a title saying `Acme` in `acme-ai/` is Acme AI's guide: the folder adds to the title's name, spelt as
  the guide's own text spells the added word ("AI"), and "Acme" stays a lesser name;
- a ticker the guide gives for the company (`NYSE: ACME`) is one more name.
Which words of these names are ordinary English is recorded too (vocabulary/english.py), so that questions
read "Compass" or "Box" as the company only where they use the word as a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.places import slugify, strip_emphasis
from assistant.vocabulary.english import ordinary_words
from assistant.vocabulary.lexicon import ROLE_HEADS, ROLE_WORDS
from assistant.vocabulary.names import normal

TITLE_SUFFIX = re.compile(r"\s*[|—–-]?\s*(?:global\s+|salary\s+|compensation\s+)?negotiation\s+guide\s*$", re.I)
_SEPARATORS = re.compile(r"\s+(?:\||—|–|-)\s+|\s*\|\s*")
_PARENT = re.compile(r"^(?P<name>.+?)\s*\((?P<parent>[^()]+)\)\s*$")
_TICKER = re.compile(
    r"\b(?:NYSE|NASDAQ|Nasdaq|LSE|TSX|HKEX|NSE|BSE|TSE|ASX|XETRA|Euronext|Public)\s*:\s*(?P<ticker>[A-Z][A-Z.]{0,5})\b"
)


@dataclass
class Identity:
    company: str
    company_slug: str
    role: str
    role_slug: str
    aliases: list[str] = field(default_factory=list)  # other names for the company: a parent, a ticker
    mismatches: list[str] = field(default_factory=list)  # one sentence per disagreement between title and path
    ordinary_words: list[str] = field(default_factory=list)  # words of its names that are ordinary English


def is_guide_title(title: str) -> bool:
    return bool(TITLE_SUFFIX.search(strip_emphasis(title)))


def identify(title: str, guide_id: str, text: str, display: tuple[str | None, str | None] = (None, None)) -> Identity:
    """display: the (company, role) names front matter gives, which win over the title's for showing."""
    parts = guide_id.split("/")
    folder = parts[-2] if len(parts) > 1 else None
    file_role = parts[-1]
    title_role, title_company = _split_title(title, folder)
    mismatches = []
    if folder and title_company and not _same_company(title_company, folder) and not _extends(folder, title_company):
        mismatches.append(f"the title names the company '{title_company}' but the guide sits in '{folder}/'")
        title_company = _from_slug(folder)  # the folder says whose guide it is; the title is the odd one out
    if title_role and len(parts) > 1 and slugify(title_role) != file_role:
        mismatches.append(f"the title names the role '{title_role}' but the file is '{file_role}.md'")
    company = display[0] or title_company or _from_slug(folder or file_role)
    role = display[1] or title_role or _from_slug(file_role)
    if folder and _extends(folder, company):  # "Acme" in acme-ai/: Acme AI's guide, a product line of Acme
        name, aliases = _extended(company, folder, text), [_without_parent(company)[0]]
    else:
        name, aliases = _names(company, folder)
    aliases += _tickers(text, name)
    company_slug = folder or slugify(name)
    words = normal(" ".join([name, *aliases])).split()  # the words as questions are read: "at&t" is one
    return Identity(name, company_slug, role, file_role if len(parts) > 1 else slugify(role), aliases, mismatches,
                    ordinary_words(words))  # fmt: skip


def _names(company: str, folder: str | None) -> tuple[str, list[str]]:
    """(the company's name, its other names). The parentheses in 'Acme (Security)' are part of the name when the
    folder says both words (acme-security/); otherwise they hold another name for it, a parent's."""
    name, inner = _without_parent(company)
    if inner is None:
        return company, []
    if folder and folder == slugify(f"{name} {inner}"):
        return company, [name]
    return name, [inner]


def _extends(folder: str, company: str) -> bool:
    """The folder is the title's company plus more words: 'Acme' in acme-ai/ (a product line's guides)."""
    base = slugify(_without_parent(company)[0])
    return bool(base) and folder.startswith(base + "-") and not _same_company(company, folder)


def _extended(company: str, folder: str, text: str) -> str:
    """'Acme' in acme-ai/ -> 'Acme AI': the added words spelt as the guide's own text spells them most often."""
    name = _without_parent(company)[0]
    added = folder.removeprefix(slugify(name) + "-").split("-")
    return " ".join([name, *(_spelling(word, text) for word in added)])


def _spelling(word: str, text: str) -> str:
    found = re.findall(rf"(?<![\w]){re.escape(word)}(?![\w])", text, flags=re.I)
    return max(set(found), key=found.count) if found else word.title()


def _split_title(title: str, folder: str | None) -> tuple[str | None, str | None]:
    """(role, company) from a guide title, splitting where the company part matches the folder; else at the
    last separator. (None, None) for a title that is not a guide title."""
    plain = strip_emphasis(title)
    if not TITLE_SUFFIX.search(plain):
        return None, None
    body = TITLE_SUFFIX.sub("", plain).strip(" |—–-")
    cuts = list(_SEPARATORS.finditer(body))
    if not cuts:
        return None, body or None
    candidates = [(body[: cut.start()].strip(), body[cut.end() :].strip()) for cut in reversed(cuts)]
    for role, company in candidates:
        if folder and folder in (slugify(company), slugify(_without_parent(company)[0])):
            return role, company
    return candidates[0]


_WEB_SUFFIX = re.compile(r"\.(?:com|io|ai|co|net|org|app)$", re.I)  # "Booking.com" sits in booking/
_LEGAL_SUFFIX = re.compile(r"-(?:lp|llc|llp|inc|ltd|plc|corp|co|ag|gmbh|sa|nv|bv)$")


def _same_company(company: str, folder: str) -> bool:
    """Title and folder agree, allowing a parent in parentheses and a legal suffix ('Ferrous Capital LP')."""
    name = _without_parent(company)[0]
    slugs = {slugify(company), slugify(name), _LEGAL_SUFFIX.sub("", slugify(name)), slugify(_WEB_SUFFIX.sub("", name))}
    # "AT&T" sits in att/, "Hugging Face Enterprise" in huggingface-enterprise/: the letters agree.
    if folder in slugs or _letters(folder) in {_letters(text) for text in (*slugs, name)}:
        return True
    # "Fidelity Investments" in fidelity/: the folder is the name's first words, and the rest names no role.
    rest = slugify(name).removeprefix(folder + "-").split("-") if slugify(name).startswith(folder + "-") else []
    return bool(rest) and not any(word in ROLE_WORDS or word in ROLE_HEADS for word in rest)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().replace("&", ""))


def _without_parent(company: str) -> tuple[str, str | None]:
    """'Acme (Parent Co)' -> ('Acme', 'Parent Co')."""
    match = _PARENT.match(company)
    return (match["name"].strip(), match["parent"].strip()) if match else (company, None)


def _from_slug(slug: str) -> str:
    return slug.replace("-", " ").title()


def _tickers(text: str, company: str) -> list[str]:
    """Tickers the guide gives for its own company: on a line naming the company, or as '<TICKER> RSUs'."""
    found = []
    first_word = company.split()[0].lower() if company else ""
    for line in text.splitlines():
        for match in _TICKER.finditer(line):
            ticker = match["ticker"].rstrip(".")
            if (first_word and first_word in line.lower()) or f"{ticker} RSU" in line:
                found.append(ticker)
    return list(dict.fromkeys(found))
