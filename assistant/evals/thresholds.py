"""The thresholds a run is judged by: the defaults, then evals/thresholds.yaml, then `--threshold` flags.

The file is a flat mapping of metric to least value (the latency limit is a most), e.g.

    figure_recall: 0.95
    max_latency_p95_ms: 250

and a misspelt metric or an out-of-range value stops the run with one sentence naming the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from assistant.errors import AssistantError
from assistant.evals.summary import Thresholds

THRESHOLDS_FILE = "thresholds.yaml"
_OFF = {"none", "off", "null"}


def load_thresholds(file: Path | None, overrides: list[str]) -> Thresholds:
    """The defaults, overridden by the file (if given and present), then by each "metric=value"."""
    values: dict[str, Any] = _read(file) if file is not None else {}
    for override in overrides:
        name, value = parse_override(override)
        values[name] = value
    try:
        return Thresholds.model_validate(values)
    except ValidationError as error:
        where = f"{file} or --threshold" if file is not None and overrides else str(file or "--threshold")
        raise AssistantError(f"Bad threshold in {where}: {_first_problem(error)}.") from None


def parse_override(text: str) -> tuple[str, float | None]:
    """ "figure_recall=0.95", "figure_recall=95%" or "max_latency_p95_ms=off"."""
    name, sep, raw = (part.strip() for part in text.partition("="))
    if not sep or not name or not raw:
        raise AssistantError(f"--threshold '{text}' is not metric=value: write e.g. --threshold figure_recall=0.95.")
    _check_name(name, f"--threshold {text}")
    if raw.lower() in _OFF:
        return name, None
    try:
        return name, float(raw[:-1]) / 100 if raw.endswith("%") else float(raw)
    except ValueError:
        raise AssistantError(f"--threshold {text}: '{raw}' is not a number; write e.g. 0.95 or 95%.") from None


def _read(file: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
    except OSError as error:
        raise AssistantError(f"Cannot read the thresholds file {file} ({error.strerror}).") from None
    except yaml.YAMLError as error:
        raise AssistantError(f"{file} is not valid YAML ({_first_line(error)}).") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise AssistantError(f"{file} must be a mapping of metric to threshold, e.g. 'figure_recall: 0.9'.")
    for name in loaded:
        _check_name(str(name), str(file))
    return {str(name): value for name, value in loaded.items()}


def _check_name(name: str, where: str) -> None:
    if name not in Thresholds.model_fields:
        known = ", ".join(Thresholds.model_fields)
        raise AssistantError(f"{where}: unknown metric '{name}'; use one of {known}.")


def _first_problem(error: ValidationError) -> str:
    problem = error.errors()[0]
    return f"{'.'.join(str(part) for part in problem['loc'])} {problem['msg'].lower()}"


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
