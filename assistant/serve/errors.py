"""Exception handlers: whatever goes wrong, the client gets JSON {"detail": "one line"} and a fitting status."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from assistant.errors import AssistantError, IndexMissingError, UnknownGuideError

logger = logging.getLogger(__name__)


def add_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(AssistantError, _assistant_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected_error)


async def _invalid_request(request: Request, error: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": one_line(error.errors())}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _assistant_error(request: Request, error: AssistantError) -> JSONResponse:
    if isinstance(error, UnknownGuideError):
        code = status.HTTP_404_NOT_FOUND
    else:  # no index yet, or the server's configuration (an LLM backend, say) is incomplete
        code = status.HTTP_503_SERVICE_UNAVAILABLE
    if not isinstance(error, IndexMissingError | UnknownGuideError):
        logger.warning("request failed: %s", error)
    return JSONResponse({"detail": str(error)}, status_code=code)


async def _unexpected_error(request: Request, error: Exception) -> JSONResponse:
    logger.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"detail": "The assistant hit an unexpected error; it has been logged. Please retry."},
                        status_code=status.HTTP_500_INTERNAL_SERVER_ERROR)  # fmt: skip


def one_line(errors: Sequence[Any]) -> str:
    """Pydantic's list of validation errors as one readable sentence per problem, on one line."""
    return " ".join(_describe(error) for error in errors) or "The request is invalid."


def _describe(error: dict[str, Any]) -> str:
    kind, where = error.get("type", ""), [str(part) for part in error.get("loc", ())]
    origin, field = (where[0], ".".join(where[1:])) if where else ("body", "")
    if kind == "json_invalid":
        reason = error.get("ctx", {}).get("error", "it does not parse")
        return f'The request body is not valid JSON ({reason}): send a JSON object like {{"question": "..."}}.'
    if kind == "missing" and not field:
        return 'The request body is missing: send a JSON object like {"question": "..."}.'
    if kind == "missing":
        return (
            f"The {origin} field '{field}' is missing."
            if origin != "query"
            else f"The query parameter '{field}' is missing."
        )
    if kind == "extra_forbidden":
        return f"The field '{field}' is not accepted here."
    if not field:
        return f"The request body is invalid: {error.get('msg', 'wrong shape')}."
    return f"'{field}' is invalid: {error.get('msg', 'wrong value')}."
