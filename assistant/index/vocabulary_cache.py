"""The index's vocabulary (every name it answers for), kept beside the catalog so a process need not rebuild it.

Building it reads every guide's names and spellings: most of a second at 4,470 guides, which every `assistant
ask` would pay before its plan. The first reader of a generation builds it and saves it; later processes load it
in a millisecond. The file is named by the generation and by a fingerprint of the code that builds vocabularies,
so a changed rule never reads a vocabulary built by the old one. It is a pickle: whoever can write the index
folder could run code through it, as README's Security section says of that folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path

from assistant.vocabulary.names import Vocabulary

logger = logging.getLogger(__name__)

CACHE_PREFIX = "vocabulary-"
_PACKAGE = Path(__file__).resolve().parent.parent
_BUILT_BY = ("vocabulary", "places")  # the subpackages whose rules decide what a vocabulary holds


@cache
def code_fingerprint() -> str:
    """A short hash of the code that builds vocabularies: read once per process (a millisecond)."""
    digest = hashlib.sha256()
    for folder in _BUILT_BY:
        for source in sorted((_PACKAGE / folder).glob("*.py")):
            digest.update(source.name.encode() + source.read_bytes())
    return digest.hexdigest()[:12]


def cached_vocabulary(index_dir: Path, generation: str, build: Callable[[], Vocabulary]) -> Vocabulary:
    """The generation's saved vocabulary, or a new one built and saved for the processes after this one."""
    if not generation:  # an index never committed as a generation: nothing to name the file by
        return build()
    path = index_dir / f"{CACHE_PREFIX}{generation}-{code_fingerprint()}.pickle"
    loaded = _load(path)
    if loaded is not None:
        return loaded
    vocabulary = build()
    _save(path, vocabulary)
    return vocabulary


def _load(path: Path) -> Vocabulary | None:
    try:
        with path.open("rb") as file:
            loaded = pickle.load(file)
    except FileNotFoundError:
        return None
    except Exception as error:  # a torn or foreign file: build it again rather than fail the question
        logger.warning("the saved vocabulary %s could not be read (%r); building it again", path.name, error)
        return None
    return loaded if isinstance(loaded, Vocabulary) else None


def _save(path: Path, vocabulary: Vocabulary) -> None:
    """Written whole, then renamed into place, so another process never reads half a file; older ones removed."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        partial.write_bytes(pickle.dumps(vocabulary, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, path)
    except OSError as error:  # a read-only index folder: every process builds its own, as before
        logger.info("could not save the vocabulary beside the index (%s)", error)
        with contextlib.suppress(OSError):  # on a read-only folder even removing nothing fails
            partial.unlink(missing_ok=True)
        return
    for older in path.parent.glob(f"{CACHE_PREFIX}*.pickle"):
        if older != path:
            older.unlink(missing_ok=True)
