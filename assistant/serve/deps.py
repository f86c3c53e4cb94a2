"""FastAPI dependencies: everything a route needs comes from app.state through these aliases."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import APIKeyHeader

from assistant.errors import InvalidQuestionError
from assistant.questions import checked_question
from assistant.serve.conversations import ConversationStore
from assistant.serve.feedback import FeedbackStore
from assistant.service import Assistant
from assistant.settings import Settings

# auto_error=False: a missing key gets our own 401 with a one-line detail, not FastAPI's default.
admin_key_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="ASSISTANT_ADMIN_API_KEY")


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_conversations(request: Request) -> ConversationStore:
    return request.app.state.conversations


def get_feedback(request: Request) -> FeedbackStore:
    return request.app.state.feedback


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
ConversationsDep = Annotated[ConversationStore, Depends(get_conversations)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]


def require_admin_key(settings: SettingsDep, api_key: Annotated[str | None, Depends(admin_key_header)]) -> None:
    """503 while no key is configured (admin off), 401 without a key, 403 with a wrong one."""
    if settings.admin_api_key is None or not settings.admin_api_key.get_secret_value():
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "Admin disabled: set ASSISTANT_ADMIN_API_KEY on the server to enable it.",
        )
    if not api_key:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "Missing API key: send it in the X-API-Key header.",
            headers={"WWW-Authenticate": "APIKey"},
        )
    expected = settings.admin_api_key.get_secret_value()
    # compare_digest takes the same time however many leading characters match.
    if not secrets.compare_digest(api_key.encode(), expected.encode()):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "Wrong API key.")


AdminKeyDep = Depends(require_admin_key)


def checked_text(text: str, settings: Settings, what: str = "question") -> str:
    """The text stripped, or a 422 saying why it cannot be answered (see assistant.questions)."""
    try:
        return checked_question(text, settings.max_question_chars, what)
    except InvalidQuestionError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, str(error)) from None
