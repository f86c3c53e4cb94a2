"""Finding and reading guide files: one clear line for every file that can't be used, and the rest go on.

The corpus is walked following symbolic links to folders (a corpus assembled from links is common), but
each real folder only once, so a link loop is reported instead of walked forever; a file link loop, a link
to nothing, a named pipe or device file named `*.md` and a file that can't be read are reported too.
"""

from __future__ import annotations

import errno
import os
import stat
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
    # Each file's stat as the scan found it (through links): an ingest compares it with what it last read.
    stats: dict[Path, os.stat_result] = field(default_factory=dict)


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
    try:
        info = path.stat()  # follows a link: what the guide would be read from
    except OSError as error:
        scan.problems.append(f"{path}: {_unreachable(path, error)}, so it was skipped")
        return
    mode = info.st_mode
    if stat.S_ISREG(mode):
        scan.files.append(path)
        scan.stats[path] = info
    elif not stat.S_ISDIR(mode):  # a folder named *.md is walked as a folder
        scan.problems.append(f"{path}: {special_kind(mode)}, not a regular file, so it was skipped")


def _unreachable(path: Path, error: OSError) -> str:
    """Why a path found in a folder can't be opened: a link loop, a link to nothing, or the OS's reason."""
    if error.errno == errno.ELOOP:
        return "a symbolic link loop (the link leads back to itself)"
    if path.is_symlink() and error.errno == errno.ENOENT:
        return f"a symbolic link to {os.readlink(path)}, which does not exist"
    return f"the file can't be read ({(error.strerror or str(error)).lower()})"


def special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _unreadable(scan: CorpusScan, error: OSError) -> None:
    reason = (error.strerror or str(error)).lower()
    scan.problems.append(f"{error.filename}: the folder can't be read ({reason}), so it was skipped")


def find_guide_files(corpus_dir: Path) -> list[Path]:
    return scan_corpus(corpus_dir).files


def guide_id_for(path: Path, corpus_root: Path) -> str:
    return path.relative_to(corpus_root).with_suffix("").as_posix()


def read_guide_bytes(path: Path, max_bytes: int = MAX_GUIDE_BYTES) -> bytes:
    """The file's bytes. Opened without blocking and checked to be a regular file before reading: a file swapped
    for a named pipe after the scan must not hang the ingest waiting for a writer."""
    return read_guide_file(path, max_bytes)[0]


def read_guide_file(path: Path, max_bytes: int = MAX_GUIDE_BYTES) -> tuple[bytes, os.stat_result]:
    """The file's bytes and its stat taken just before they were read (what an ingest remembers of the file)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise GuideError(str(path), _unreachable(path, error)) from None
    with os.fdopen(descriptor, "rb") as file:
        try:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise GuideError(str(path), f"{special_kind(info.st_mode)}, not a regular file")
            if info.st_size == 0:
                raise GuideError(str(path), "the file is empty")
            raw = file.read(max_bytes + 1) if info.st_size <= max_bytes else b""  # the limit held if the file grows
            if max(info.st_size, len(raw)) > max_bytes:
                size = f"{max(info.st_size, len(raw)):,}"
                raise GuideError(str(path), f"the file is {size} bytes, over the {max_bytes:,}-byte limit for a guide")
            return raw, info
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
