"""An offer letter's text, from pasted text or a .txt, .md or .pdf file (PDF text by pypdf).

Lines a PDF or an e-mail client wrapped inside a sentence are joined again, so that "Your starting salary will
be" and "£230,000 per annum." are one clause to the reader.
"""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import OfferLetterError

LETTER_SUFFIXES = (".txt", ".md", ".pdf")
MAX_LETTER_BYTES = 2_000_000
# A line ends inside a sentence when the next one starts in lower case, with a digit or a currency sign.
_CONTINUES = re.compile(r"^[a-z0-9£$€₹¥(]")
_ENDS = re.compile(r"[.:;!?]\s*$")


def letter_text(path: Path) -> str:
    """The letter's text, its wrapped lines joined; a clear error when it can't be read."""
    if not path.is_file():
        raise OfferLetterError(f"No file at {path}: give the path of an offer letter (.txt, .md or .pdf).")
    if path.suffix.lower() not in LETTER_SUFFIXES:
        raise OfferLetterError(f"{path.name} is not a .txt, .md or .pdf file: save the letter as one of those.")
    if path.stat().st_size > MAX_LETTER_BYTES:
        raise OfferLetterError(f"{path.name} is over 2 MB: paste the letter's text instead.")
    text = _pdf_text(path) if path.suffix.lower() == ".pdf" else _plain_text(path)
    if not text.strip():
        raise OfferLetterError(f"{path.name} holds no text (a scanned PDF?): paste the letter's text instead.")
    return unwrapped(text)


def _plain_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise OfferLetterError(f"{path.name} is not UTF-8 text: save it as UTF-8 or paste its text.") from error


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise OfferLetterError(f"{path.name} does not read as a PDF: paste the letter's text instead.") from error


def unwrapped(text: str) -> str:
    """The text with a line joined to the next where a sentence runs on across them."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if previous.strip() and line.strip() and not _ENDS.search(previous) and _CONTINUES.match(line.strip()):
            joined[-1] = f"{previous} {line.strip()}"
        else:
            joined.append(line)
    return "\n".join(joined)
