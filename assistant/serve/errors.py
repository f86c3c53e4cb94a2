"""Exception handlers: whatever goes wrong, the client gets JSON {"detail": "one line"} and a fitting status."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.errors import AssistantError, IndexMissingError, InvalidQuestionError, UnknownGuideError, echo
from assistant.index.live import IndexBusyError

logger = logging.getLogger(__name__)
EXAMPLE_BODY = '{"question": "...", "conversation_id": null}'


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(AssistantError, _assistant_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)


async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    detail = one_line(error.errors())
    content_type = request.headers.get("content-type", "")
    if request.method == "POST" and "json" not in content_type:  # FastAPI reads only JSON bodies as JSON
        detail = f"Send the body as JSON with the header Content-Type: application/json (got '{echo(content_type)}')."
    return JSONResponse({"detail": detail}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _assistant_error(request: Request, error: AssistantError) -> JSONResponse:
    # Anything not listed means no index yet, or an incomplete server configuration (an LLM backend, say).
    code = _STATUS_OF.get(type(error), status.HTTP_503_SERVICE_UNAVAILABLE)
    if not isinstance(error, IndexMissingError | UnknownGuideError | InvalidQuestionError):
        logger.warning("request failed: %s", error)
    return JSONResponse({"detail": str(error)}, status_code=code)


_STATUS_OF: dict[type[AssistantError], int] = {
    UnknownGuideError: status.HTTP_404_NOT_FOUND,
    InvalidQuestionError: status.HTTP_422_UNPROCESSABLE_CONTENT,
    IndexBusyError: status.HTTP_409_CONFLICT,
}


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse(
        {"detail": "The assistant hit an unexpected error; it has been logged. Please retry."},
        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR,
    )


def one_line(errors: Sequence[Any]) -> str:
    """Pydantic's list of validation errors as one readable sentence per problem, on one line."""
    return " ".join(_describe(error) for error in errors) or "The request is invalid."


def _describe(error: dict[str, Any]) -> str:
    kind, where = error.get("type", ""), [echo(part, 40) for part in error.get("loc", ())]
    origin, field = (where[0], ".".join(where[1:])) if where else ("body", "")
    if kind == "json_invalid":
        reason = echo(error.get("ctx", {}).get("error", "it does not parse"), 120)
        return f"The request body is not valid JSON ({reason}): send an object like {EXAMPLE_BODY}."
    if not field:  # the body as a whole: missing, or not an object
        problem = "missing" if kind == "missing" else "not a JSON object"
        return f"The request body is {problem}: send an object like {EXAMPLE_BODY}."
    place = "query parameter" if origin == "query" else "field"
    if kind == "missing":
        return f"The {place} '{field}' is missing."
    if kind == "extra_forbidden":
        return f"The {place} '{field}' is not accepted here."
    return f"The {place} '{field}' is invalid: {echo(error.get('msg', 'wrong value'), 200)}."
