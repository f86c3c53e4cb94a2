"""Stage 7: the web app. `create_app` builds it; `assistant serve` runs it with uvicorn."""

from assistant.serve.app import create_app

__all__ = ["create_app"]
