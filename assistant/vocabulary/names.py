"""Every name the index can answer for, with the spellings people use for it.

Built once per index from its guides. Company names carry a priority, so that exact names beat
derived short names: "Acme" is the company named Acme, never "Acme AI" (whose short name would also be
"acme"); a name two companies share at the same priority is ambiguous and the answer asks which.

A name counts only where nothing else owns its words (the rules of docs/names.md):
- a short name, ticker or initials that is also a pay word ("comp", "TC"), a role word ("AI") or a place
  ("Palo", beside "Palo Alto") is dropped; one that is an ordinary English word ("BOX") counts only in capitals;
- a name made of ordinary English words ("Compass", "Target") is marked `ordinary`: a question must use it as
  a name (retrieve/names.py decides where);
- a place label is never read as a place where it is some company's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from assistant.guide import Guide, GuideNames
from assistant.places import place_key, read_label
from assistant.places.gazetteer import ALIASES, AREAS, CITIES, COUNTRIES
from assistant.places.labels import qualifier_of, split_qualifier
from assistant.vocabulary.components import is_pay_word
from assistant.vocabulary.lexicon import GENERIC_FIRST_WORDS, ROLE_HEADS, ROLE_SYNONYMS, ROLE_WORDS

EXACT, NAMED, SHORT = 3, 2, 1  # priorities: a full name, a name the guide or usage gives, a derived short name
_LEGAL = re.compile(r"\b(?:lp|llc|llp|inc|ltd|plc|corp|co|group|holdings)\b\.?$")
# Lower-case words that are country codes or places but also ordinary English; some count in capitals.
_NOT_PLACES = frozenset({"us", "in", "it", "no", "my", "me", "or", "de", "hi", "ok", "id", "co", "pa", "ma", "la"})
CAPITAL_PLACES = {"US": "us", "USA": "us", "LA": "los-angeles"}


def _is_ticker(alias: str) -> bool:
    return alias.isupper() and len(alias) <= 5


def _alternatives(names: list[str], flags: int) -> re.Pattern[str]:
    """One pattern for many names, longest first, each standing as a whole word ("AT&T", "C3.ai")."""
    if not names:
        return re.compile("")
    body = "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
    return re.compile(rf"(?<![\w&])(?:{body})(?![\w&])", flags)


def _is_place_code(letters: str) -> bool:
    """'MT', 'UK', 'US': a state or country code written after a city."""
    return letters in CAPITAL_PLACES or qualifier_of(letters) is not None


def normal(text: str) -> str:
    """Lower case, punctuation to spaces, '&' kept: 'Sr. SWE @ Brex, NYC' -> 'sr swe brex nyc'."""
    text = re.sub(r"(?<=\w)'s\b", "", text.lower().replace("’", "'"))  # "Millennium's" is Millennium
    text = re.sub(r"[^\w&'+\-]+", " ", text)
    text = re.sub(r"(?<!\w)[-']|[-'](?!\w)", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def role_words(text: str) -> str:
    """A role name or question in canonical words: abbreviations spelled out ('sr swe' -> 'senior software
    engineer'), '/' and '&' as spaces."""
    words = normal(text.replace("/", " ").replace("|", " ")).split()
    expanded = []
    index = 0
    while index < len(words):
        pair = " ".join(words[index : index + 2])
        if pair in ROLE_WORDS:
            expanded.append(ROLE_WORDS[pair])
            index += 2
            continue
        expanded.append(ROLE_WORDS.get(words[index], words[index]))
        index += 1
    words = [singular(word) for word in " ".join(expanded).split() if word not in ("and", "&", "of")]
    return " ".join(words)


def singular(word: str) -> str:
    """'engineers' -> 'engineer': people ask about roles in the plural."""
    return word[:-1] if word.endswith("s") and word[:-1] in ROLE_HEADS else word


@dataclass(frozen=True)
class RoleName:
    slug: str
    name: str
    forms: tuple[tuple[str, ...], ...]  # word runs that each name the role: ("machine", "learning", "engineer"), ...

    @property
    def words(self) -> set[str]:
        return {word for form in self.forms for word in form}


@dataclass
class Vocabulary:
    company_aliases: dict[str, dict[str, int]] = field(default_factory=dict)  # phrase -> {company slug: priority}
    capitals: dict[str, str] = field(default_factory=dict)  # "JS", "MSFT": matched only as written in capitals
    company_names: dict[str, str] = field(default_factory=dict)  # slug -> display name
    roles: dict[str, RoleName] = field(default_factory=dict)  # role slug -> its names
    company_roles: dict[str, list[str]] = field(default_factory=dict)  # company slug -> its role slugs
    places: dict[str, str] = field(default_factory=dict)  # phrase -> place key
    corpus_places: set[str] = field(default_factory=set)  # keys some guide's figures name
    initials: dict[str, set[str]] = field(default_factory=dict)  # "JS" -> companies whose initials these are
    ordinary: set[str] = field(default_factory=set)  # words of company names that are ordinary English
    role_forms: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # a role's word run -> its slugs
    role_vocabulary: set[str] = field(default_factory=set)  # every word some role's name uses
    written: dict[str, set[str]] = field(default_factory=dict)  # slug -> its names as guides write them
    titled: dict[tuple[str, str], RoleName] = field(default_factory=dict)  # (company, role) -> its own title
    _title_forms: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict, repr=False)
    written_short: dict[str, set[str]] = field(default_factory=dict)  # slug -> its short names, as written

    @classmethod
    def build(cls, guides: Iterable[Guide | GuideNames]) -> Vocabulary:
        vocab = cls()
        labels: dict[tuple[str, tuple[str, ...]], None] = {}  # a label many guides share is read once
        for guide in guides:
            names = guide if isinstance(guide, GuideNames) else GuideNames.of(guide)
            vocab.company_names.setdefault(names.company_slug, names.company)
            vocab.ordinary.update(names.ordinary_name_words)
            vocab._add_company(names.company, names.company_slug, names.company_aliases)
            vocab._add_role(names.role, names.role_slug, names.company_slug)
            vocab.company_roles.setdefault(names.company_slug, [])
            if names.role_slug not in vocab.company_roles[names.company_slug]:
                vocab.company_roles[names.company_slug].append(names.role_slug)
            labels.update(dict.fromkeys((label, tuple(keys)) for label, keys in names.labels))
        for label, keys in labels:
            vocab._add_label(label, list(keys))
        vocab._drop_company_places()
        vocab._add_world_places()
        vocab._drop_clashing_short_names()
        vocab._add_initials()
        return vocab

    # --- companies ---------------------------------------------------------------------------------

    def _alias(self, phrase: str, slug: str, priority: int) -> None:
        if len(phrase) >= 2:
            current = self.company_aliases.setdefault(phrase, {})
            current[slug] = max(priority, current.get(slug, 0))

    def _add_company(self, company: str, slug: str, aliases: list[str]) -> None:
        self.written.setdefault(slug, set()).update([company, *(a for a in aliases if not _is_ticker(a))])
        name = normal(company)
        self._alias(name, slug, EXACT)
        self._alias(slug.replace("-", " "), slug, EXACT)
        self._alias(_LEGAL.sub("", name).strip(), slug, NAMED)
        self._alias(name.replace(" street", " st"), slug, NAMED)
        for alias in aliases:
            if _is_ticker(alias):
                self._add_ticker(alias, slug)
            else:
                self._alias(normal(alias), slug, NAMED)
        words = name.split()
        if len(words) > 1 and len("".join(words)) >= 6:
            self._alias("".join(words), slug, NAMED)  # "jpmorgan" for JP Morgan, "deshaw" for D. E. Shaw
        if len(words) > 1 and len(words[0]) > 3 and words[0] not in GENERIC_FIRST_WORDS:
            self._alias(words[0], slug, SHORT)  # "millennium", "citadel"
            self.written_short.setdefault(slug, set()).add(company.split()[0])
        if len(words) > 1:
            self.initials.setdefault("".join(word[0] for word in words).upper(), set()).add(slug)  # "JS"

    def _add_ticker(self, ticker: str, slug: str) -> None:
        """A ticker names the company in capitals; in lower case too when it is no ordinary word. One that is a pay
        word ("COMP"), a role word ("AI") or a place's code never names it: people type those for their meaning."""
        word = ticker.lower()
        if is_pay_word(word) or word in ROLE_WORDS or _is_place_code(ticker):
            return
        self.capitals.setdefault(ticker, slug)
        self.written.setdefault(slug, set()).add(ticker)
        if len(ticker) >= 4 and word not in self.ordinary:
            self._alias(word, slug, NAMED)

    # --- reading names back out of an answer (the verifier's strict reading) ---------------------------

    def companies_written(self, text: str) -> set[str]:
        """The companies a text names by a full name or an exact alias token: "Compass" (an ordinary word) only
        as written, with its capital; "COMP" only as a ticker it keeps; never "comp", a near miss or a short name."""
        by_case, folded, owners = self._written_names
        found = {owners[match.group(0)] for match in by_case.finditer(text)} if by_case.pattern else set()
        found |= {owners[match.group(0).lower()] for match in folded.finditer(text)} if folded.pattern else set()
        return {slug for slugs in found for slug in slugs}

    @cached_property
    def _written_names(self) -> tuple[re.Pattern[str], re.Pattern[str], dict[str, frozenset[str]]]:
        owners: dict[str, set[str]] = {}
        exact: list[str] = []
        folded: list[str] = []
        # A short name counts as the guides write it ("Millennium"), while it still names its company alone.
        short = {(slug, name) for slug, names in self.written_short.items() for name in names
                 if self.company_aliases.get(normal(name), {}).keys() == {slug}}  # fmt: skip
        named = [(slug, name) for slug, names in self.written.items() for name in names]
        for slug, name in [*named, *short]:
            as_written = name.isupper() or self.is_ordinary(normal(name)) or (slug, name) in short
            key = name if as_written else name.lower()
            (exact if as_written else folded).append(key)
            owners.setdefault(key, set()).add(slug)
        return (_alternatives(exact, 0), _alternatives(folded, re.I),
                {key: frozenset(slugs) for key, slugs in owners.items()})  # fmt: skip

    @cached_property
    def typo_targets(self) -> list[str]:
        """The names a typo may be a near miss of: full names and names the guides give, five letters or more."""
        return [p for p, slugs in self.company_aliases.items() if len(p) >= 5 and max(slugs.values()) >= NAMED]

    def places_in(self, text: str) -> set[str]:
        """The place keys a text names, phrase by phrase ("Palo Alto", "Remote US", "NYC"): words, not a parse."""
        words = normal(text).split()
        found: set[str] = set()
        used: set[int] = set()
        for size in range(min(4, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                span = set(range(start, start + size))
                key = self.places.get(" ".join(words[start : start + size]))
                if key and not used & span:
                    found.add(key)
                    used |= span
        found |= {CAPITAL_PLACES[token] for token in re.findall(r"\b[A-Z]{2,3}\b", text) if token in CAPITAL_PLACES}
        return found

    def is_ordinary(self, phrase: str) -> bool:
        """Whether a one-word name is an ordinary English word ("compass", "target"). Names of several words
        ("Jane Street", "Match Group") are read as names wherever they stand: nobody types them by accident."""
        return " " not in phrase and phrase in self.ordinary

    def _add_initials(self) -> None:
        """Initials stand for a company only when one company has them and they are not a place's code: in a
        corpus of thousands "MT" is a company's initials and Montana, and "Bozeman, MT" means Montana."""
        for letters, slugs in self.initials.items():
            word = letters.lower()
            if len(slugs) == 1 and not _is_place_code(letters) and not is_pay_word(word) and word not in ROLE_WORDS:
                self.capitals.setdefault(letters, next(iter(slugs)))

    def _drop_clashing_short_names(self) -> None:
        """A name below a full one that is a place, a role word or a pay word is dropped, and so is every name that
        is a pay word: "comp" is never Compass, "security" never Elastic Security. Another company's exact name
        outranks a lesser one."""
        role_vocabulary = self.role_vocabulary | set(ROLE_WORDS)
        for phrase in list(self.company_aliases):
            slugs = self.company_aliases[phrase]
            top = max(slugs.values())
            kept = {slug: p for slug, p in slugs.items() if p == top}
            clashes = phrase in self.places or phrase in role_vocabulary or is_pay_word(phrase)
            if is_pay_word(phrase) or (top < EXACT and clashes):
                del self.company_aliases[phrase]
            else:
                self.company_aliases[phrase] = self._base_of(kept)

    def _base_of(self, slugs: dict[str, int]) -> dict[str, int]:
        """A name shared by a company and its product lines is the company's: "hugging" is Hugging Face, not
        Hugging Face Enterprise, whose name is the other's and more."""
        names = {slug: normal(self.company_names.get(slug, slug)) for slug in slugs}
        base = [s for s in slugs if all(names[o].startswith(names[s] + " ") for o in slugs if o != s)]
        return {base[0]: slugs[base[0]]} if len(slugs) > 1 and len(base) == 1 else slugs

    # --- roles and places --------------------------------------------------------------------------

    def _add_role(self, role: str, slug: str, company: str) -> None:
        """A role slug is named by its first title; a company whose guide titles it otherwise ("DevOps / Platform
        Engineer" beside everyone's "DevOps Engineer") has that title's names for its own guide only."""
        known = self.roles.get(slug)
        if known is not None and known.name == role:
            return
        forms = self._title_forms.get(role) or self._forms_of(role)
        self._title_forms[role] = forms
        name = RoleName(slug, role, forms)
        if known is None:
            self.roles[slug] = name
        else:
            self.titled[(company, slug)] = name
        for form in forms:
            self.role_forms.setdefault(form, set()).add(slug)
            self.role_vocabulary.update(form)

    def role(self, slug: str, companies: Sequence[str] = ()) -> RoleName:
        """The role as the named companies' guides title it (their own titles where they differ)."""
        own = [self.titled[(company, slug)] for company in companies if (company, slug) in self.titled]
        if not own:
            return self.roles[slug]
        forms = tuple(sorted({form for name in own for form in name.forms}))
        return RoleName(slug, own[0].name, forms)

    @staticmethod
    def _forms_of(role: str) -> tuple[tuple[str, ...], ...]:
        forms = {tuple(role_words(role).split())}
        if "(" in role:  # "Staff Software Engineer (Principal SDE / L7)" is asked for without its note
            forms.add(tuple(role_words(re.sub(r"\s*\([^)]*\)", " ", role)).split()))
        # "ML/AI Engineer" is also asked for as "ML engineer" and "AI engineer".
        match = re.match(r"(.+?)\s*/\s*(\S+)\s+(.+)", role)
        if match:
            forms |= {tuple(role_words(f"{match[1]} {match[3]}").split()),
                      tuple(role_words(f"{match[2]} {match[3]}").split())}  # fmt: skip
        if "|" in role:  # "Edge | Cloud Platform Engineer" is also the "Cloud Platform Engineer"
            forms.add(tuple(role_words(role.split("|")[-1]).split()))
        for group in ROLE_SYNONYMS:
            if role_words(role) in group:
                forms |= {tuple(name.split()) for name in group}
        # "Staff Software Engineer" is asked for as "staff engineer": a level word says "software" for it.
        for form in list(forms):
            if "software" in form and "engineer" in form and len(form) > 2:
                forms.add(tuple(word for word in form if word != "software"))
        return tuple(sorted(forms))

    def _add_label(self, label: str, keys: list[str]) -> None:
        """Each place a label names, as written ('Dallas TX' -> 'dallas-tx', 'dallas' -> 'dallas')."""
        self.corpus_places.update(keys)
        parsed = read_label(label)
        if parsed.key.startswith("remote"):  # "Remote EU" -> remote-europe, as the label reads it
            phrase = normal(re.sub(r"\([^)]*\)", " ", parsed.written))
            self.places.setdefault(phrase, "remote" if phrase == "remote" else parsed.key)
            return
        written = re.sub(r"\([^)]*\)", " ", parsed.written)
        for part in re.split(r"\s*[/&+]\s*|\s+and\s+", written):
            city, qualifier = split_qualifier(part)
            for phrase, key in (
                (part, place_key(city) + (f"-{qualifier}" if qualifier else "")),
                (city, place_key(city)),
            ):
                if normal(phrase) and normal(phrase) not in _NOT_PLACES:
                    self.places.setdefault(normal(phrase), key)

    def _drop_company_places(self) -> None:
        """A row label that is some company's name ("| Google (L5) | $195K | … |" in a comparison) is no place; the
        world's places are added after this, so a city that is also a company's name stays a place."""
        names = {phrase for phrase, slugs in self.company_aliases.items() if max(slugs.values()) == EXACT}
        for phrase in names & set(self.places):
            del self.places[phrase]

    def _add_world_places(self) -> None:
        for key in CITIES:
            self.places.setdefault(key.replace("-", " "), key)
        for alias, key in ALIASES.items():
            self.places.setdefault(normal(alias), key)
        for key, (names, _currency) in COUNTRIES.items():
            for name in names:
                if normal(name) not in _NOT_PLACES:
                    self.places.setdefault(normal(name), key)
        for key, names in AREAS.items():
            for name in names:
                self.places.setdefault(normal(name), key)
        self.places.setdefault("remote", "remote")
