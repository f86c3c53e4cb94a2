"""SQLite's errors on one of our files (the catalog, the conversations file), read as what is wrong with the file.

The class that owns the file turns a fault into its own one sentence, naming the file and what to do; errors that
are not about the file (a busy lock, a bug in a query) pass through unchanged.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Literal, ParamSpec, Protocol, TypeVar

from assistant.errors import AssistantError

Fault = Literal["damaged", "unwritable", "unreadable"]
P = ParamSpec("P")
T = TypeVar("T")


class FileOwner(Protocol):
    def fault(self, kind: Fault, reason: str) -> AssistantError: ...


def fault_of(error: BaseException) -> tuple[Fault, str] | None:
    """(what is wrong with the file, SQLite's or the OS's reason), or None when the error is not about the file."""
    if isinstance(error, PermissionError):
        return "unwritable", error.strerror or str(error)
    if not isinstance(error, sqlite3.Error):
        return None
    reason = str(error) or type(error).__name__
    if not isinstance(error, sqlite3.OperationalError):  # "file is not a database", "disk image is malformed"
        return ("damaged", reason) if isinstance(error, sqlite3.DatabaseError) else None
    if "readonly" in reason or "read-only" in reason:
        return "unwritable", reason
    if "unable to open" in reason or "disk I/O" in reason:
        return "unreadable", reason
    if "malformed" in reason or "corrupt" in reason or "not a database" in reason:
        return "damaged", reason
    return None


def raise_as_fault(owner: FileOwner, error: BaseException) -> None:
    """Raise the owner's sentence for `error` if it is about the file; return (so the caller re-raises) if not."""
    fault = fault_of(error)
    if fault is None:
        return
    kind, reason = fault
    path: Path | None = getattr(owner, "path", None)
    # SQLite says "unable to open" for a file it may not create: on a read-only disk, say so.
    if kind == "unreadable" and path is not None and path.parent.is_dir() and not os.access(path.parent, os.W_OK):
        kind, reason = "unwritable", f"{reason}; its folder is read-only"
    raise owner.fault(kind, reason) from error


def guarded(method: Callable[P, T]) -> Callable[P, T]:
    """A method of a FileOwner whose file faults come out as the owner's one sentence."""

    @functools.wraps(method)
    def guarded_method(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return method(*args, **kwargs)
        except (sqlite3.Error, PermissionError) as error:
            raise_as_fault(args[0], error)  # type: ignore[arg-type]  # args[0] is the owner (self)
            raise

    return guarded_method
