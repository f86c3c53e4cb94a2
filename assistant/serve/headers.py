"""Security headers on every response: pages, /static, the API, errors and the docs alike.

- Content-Security-Policy: the server's own pages (the demo, the guide viewer) run only this server's
  scripts and styles, and call only this server; nothing may frame them (`frame-ancestors 'none'`, and
  X-Frame-Options for browsers that predate it). The widget on another site runs under that site's own
  policy, which needs to allow only this server's origin (see the README's Security section).
- X-Content-Type-Options: nosniff, so a guide or an answer is never read as script or markup.
- /docs, when ASSISTANT_API_DOCS turns it on, loads Swagger UI from its CDN with an inline starter script:
  it gets a policy that allows exactly that.

Plain ASGI, like the other guards, so the event stream passes through untouched.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SWAGGER_CDN = "https://cdn.jsdelivr.net"
PAGE_POLICY = "; ".join((
    "default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'", "img-src 'self' data:",
    "font-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
))  # fmt: skip
DOCS_POLICY = "; ".join((
    "default-src 'none'", f"script-src 'self' 'unsafe-inline' {SWAGGER_CDN}", f"style-src 'self' {SWAGGER_CDN}",
    "connect-src 'self'", "img-src 'self' data: https://fastapi.tiangolo.com", "base-uri 'none'",
    "form-action 'none'", "frame-ancestors 'none'",
))  # fmt: skip
DOCS_PATHS = ("/docs", "/docs/oauth2-redirect")


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] in DOCS_PATHS else PAGE_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Content-Security-Policy"] = policy
                headers["X-Frame-Options"] = "DENY"
                headers["X-Content-Type-Options"] = "nosniff"
                headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, send_with_headers)
