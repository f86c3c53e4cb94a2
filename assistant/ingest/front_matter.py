"""A guide's YAML front matter, read with limits: a few hundred bytes of YAML must never cost gigabytes.

YAML aliases let a short text stand for a huge value (nine levels of `&a [*a, *a, …]` is a billion
items), and nesting can run deeper than any parser's stack. So before anything is built, the front
matter's size, its nesting and the number of values it expands to (every alias counted each time it is
used) are checked; a guide that breaks a limit is refused with one line, like any unreadable file.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import echo
from assistant.guide import FrontMatter
from assistant.ingest.files import GuideError

MAX_FRONT_MATTER_BYTES = 64_000  # real front matter is a few hundred bytes to a few KB
MAX_FRONT_MATTER_DEPTH = 16  # a guide's metadata is a mapping of lists of mappings: three levels
MAX_FRONT_MATTER_VALUES = 10_000  # values after every alias is expanded
_FIELDS = set(FrontMatter.model_fields) - {"extra"}
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def read_front_matter(lines: list[str], where: str) -> tuple[FrontMatter | None, int]:
    """The metadata and the 0-based index of the first body line; GuideError (one line) when it can't be used."""
    if not lines or lines[0].strip() != "---":
        return None, 0
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if closing is None:
        raise GuideError(where, "the YAML front matter opened on line 1 is never closed with '---'")
    data = load_limited("\n".join(lines[1:closing]), where) or {}
    if not isinstance(data, dict):
        raise GuideError(where, "the YAML front matter is not a mapping of keys to values")
    return _model(data, where), closing + 1


def load_limited(text: str, where: str) -> Any:
    """The YAML value, built only after its size, depth and expanded size are known to be within the limits."""
    size = len(text.encode("utf-8"))
    if size > MAX_FRONT_MATTER_BYTES:
        raise GuideError(where, f"the YAML front matter is {size:,} bytes, over the {MAX_FRONT_MATTER_BYTES:,}-byte "
                                "limit, so the guide was skipped")  # fmt: skip
    loader = yaml.SafeLoader(text)
    try:
        _check_nesting(text, where)  # first, on the event stream: the node builder recurses once per level
        node = loader.get_single_node()
        if node is not None:
            _check_expansion(node, where)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark is not None else ""
        raise GuideError(where, f"the YAML front matter is malformed{at}") from None
    except (ValueError, TypeError, OverflowError) as error:  # "2026-02-30", a 5,000-digit number, "!!float abc"
        raise GuideError(
            where, f"the YAML front matter holds a value that can't be read ({echo(error, 100)})"
        ) from None
    finally:
        loader.dispose()
    if not _plain(data):
        raise GuideError(where, "the YAML front matter holds a value metadata can't hold (binary data, a set, or a key "
                                "that is not text)")  # fmt: skip
    return data


def _plain(value: Any) -> bool:
    """Only what metadata is made of: text, numbers, dates, lists and text-keyed mappings of them (no bytes, no
    sets, which the catalog could not store). Within the expansion limit, so the walk is bounded."""
    if isinstance(value, dict):
        return all(isinstance(key, str | int | float | bool | date) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool | date)


def _check_nesting(text: str, where: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_FRONT_MATTER_DEPTH:
                raise GuideError(where, f"the YAML front matter nests more than {MAX_FRONT_MATTER_DEPTH} levels "
                                        "deep, so the guide was skipped")  # fmt: skip
        elif isinstance(event, _CLOSING):
            depth -= 1


def _check_expansion(root: yaml.Node, where: str) -> None:
    """Counts values as the data would hold them, an alias once per use; stops at the limit, so the count itself
    costs at most MAX_FRONT_MATTER_VALUES steps (and a self-referencing alias, an endless expansion, is caught)."""
    pending: list[tuple[yaml.Node, int]] = [(root, 1)]
    values = 0
    while pending:
        node, depth = pending.pop()
        values += 1
        if values > MAX_FRONT_MATTER_VALUES or depth > MAX_FRONT_MATTER_DEPTH:
            raise GuideError(where, f"the YAML front matter's aliases expand to more than "
                                    f"{MAX_FRONT_MATTER_VALUES:,} values or {MAX_FRONT_MATTER_DEPTH} levels, "
                                    "so the guide was skipped")  # fmt: skip
        if isinstance(node, yaml.SequenceNode):
            pending.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            pending.extend((part, depth + 1) for pair in node.value for part in pair)


def _model(data: dict[str, Any], where: str) -> FrontMatter:
    known = {k: v for k, v in data.items() if k in _FIELDS}
    extra = {k: v for k, v in data.items() if k not in _FIELDS}
    if not isinstance(known.get("compensation", []), list):
        raise GuideError(where, "the front matter's 'compensation' should be a list of regions")
    try:
        return FrontMatter(**known, extra=extra)
    except ValidationError as error:
        field = ".".join(str(p) for p in error.errors()[0]["loc"])
        raise GuideError(where, f"the front matter field '{field}' has an invalid value") from None
