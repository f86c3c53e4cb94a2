"""The catalog's memory of guide files: what each file's stat was when an ingest last read it, and its hash.

A re-ingest of a corpus where nothing changed would otherwise read and hash every file (thousands of them) to
learn that. With this memory, a file whose stat (size, modification and change times, inode) is the one
recorded is taken to hold the content recorded, and is not opened. The content hash stays the truth: a file
whose stat changed is read and hashed again, and parsed only if its hash differs from the indexed guide's.

Two limits on that trust:
- a record taken less than SETTLE_NS after the file's last change is not trusted: on a file system with coarse
  timestamps a second write in the same tick leaves size and times as they were, so only a record taken once
  that tick has surely passed can vouch for the content;
- `assistant ingest --rehash` (and `--rebuild`) trusts no record, for the rare tool that rewrites a file and then
  puts its times back, on a file system that keeps no change time of its own.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, ConfigDict

SETTLE_NS = 2_000_000_000  # coarser than any file system's timestamps (FAT: 2 s)


class FileRecord(BaseModel):
    """One guide file as an ingest read it."""

    model_config = ConfigDict(frozen=True)

    relative: str  # the path under the corpus root, in POSIX form
    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    content_hash: str
    recorded_ns: int  # the wall clock just before the file was opened
    not_guide: str | None = None  # why the document is not a guide, when it is not one

    @classmethod
    def of(
        cls, relative: str, stat: os.stat_result, content_hash: str, recorded_ns: int, not_guide: str | None = None
    ) -> FileRecord:
        return cls(relative=relative, size=stat.st_size, mtime_ns=stat.st_mtime_ns, ctime_ns=stat.st_ctime_ns,
                   inode=stat.st_ino, content_hash=content_hash, recorded_ns=recorded_ns,
                   not_guide=not_guide)  # fmt: skip

    def vouches_for(self, stat: os.stat_result) -> bool:
        """Whether the file, found with this stat now, surely still holds the content this record hashed."""
        same_file = (self.size, self.mtime_ns, self.ctime_ns, self.inode) == (
            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino
        )  # fmt: skip
        return same_file and self.recorded_ns - max(self.mtime_ns, self.ctime_ns) >= SETTLE_NS
