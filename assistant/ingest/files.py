"""Finding and reading guide files: one clear line for every file that can't be used, and the rest go on.

The corpus is walked following symbolic links to folders (a corpus assembled from links is common), but
each real folder only once, so a link loop is reported instead of walked forever; a link to nothing and
a file that can't be read are reported too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

MAX_GUIDE_BYTES = 1_000_000


class GuideError(Exception):
    """A file that cannot be used as a guide. str() is one line naming the file and the problem."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class NotAGuideError(GuideError):
    """A readable document that is not a negotiation guide (a research dossier, notes): skipped, never a company."""


@dataclass
class CorpusScan:
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line per path that was skipped, saying why


def scan_corpus(corpus_dir: Path) -> CorpusScan:
    """Every `*.md` guide under the folder (README files aside), sorted, with a line per unusable path."""
    scan = CorpusScan()
    seen: set[str] = set()
    for folder, subfolders, names in os.walk(corpus_dir, followlinks=True, onerror=lambda e: _unreadable(scan, e)):
        real = os.path.realpath(folder)
        if real in seen:
            scan.problems.append(f"{folder}: a symbolic link loop leads back here, so it was skipped")
            subfolders.clear()
            continue
        seen.add(real)
        subfolders.sort()
        for name in names:
            path = Path(folder) / name
            if name.lower().endswith(".md") and name.lower() != "readme.md":
                _add(scan, path)
    scan.files.sort()
    return scan


def _add(scan: CorpusScan, path: Path) -> None:
    if path.is_symlink() and not path.exists():
        scan.problems.append(f"{path}: a symbolic link to {os.readlink(path)}, which does not exist, so it was skipped")
    elif path.is_file():
        scan.files.append(path)


def _unreadable(scan: CorpusScan, error: OSError) -> None:
    reason = (error.strerror or str(error)).lower()
    scan.problems.append(f"{error.filename}: the folder can't be read ({reason}), so it was skipped")


def find_guide_files(corpus_dir: Path) -> list[Path]:
    return scan_corpus(corpus_dir).files


def guide_id_for(path: Path, corpus_root: Path) -> str:
    return path.relative_to(corpus_root).with_suffix("").as_posix()


def read_guide_bytes(path: Path, max_bytes: int = MAX_GUIDE_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise GuideError(str(path), "the file is empty")
        if size > max_bytes:
            raise GuideError(str(path), f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit for a guide")
        return path.read_bytes()
    except OSError as error:
        raise GuideError(str(path), f"the file can't be read ({(error.strerror or str(error)).lower()})") from None


def decode_guide(raw: bytes, path: str) -> str:
    if b"\x00" in raw:
        raise GuideError(path, "the file is binary (it contains NUL bytes), not a markdown guide")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise GuideError(path, f"the file is not UTF-8 text (bad byte at offset {error.start})") from None
    if not text.strip():
        raise GuideError(path, "the file holds only whitespace")
    return text
