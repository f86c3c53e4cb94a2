"""Two pure-ASGI guards that run before any route: a body-size limit and an Origin check.

They are plain ASGI (not BaseHTTPMiddleware) so the server-sent-event stream passes through untouched.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_DEFAULT_PORTS = {"http": ":80", "https": ":443"}


class BodySizeLimit:
    """413 for a body over max_bytes, judged from Content-Length and again from the bytes that arrive.

    Bodies here are small JSON questions, so the whole body is read first and then replayed to the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and not declared.isdigit():
            await _refuse(400, "The Content-Length header is not a number.", scope, receive, send)
            return
        if declared is not None and int(declared) > self.max_bytes:
            await _refuse(413, self._too_big(f"{int(declared):,} bytes"), scope, receive, send)
            return
        body = b""
        more_body = True
        while more_body:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client left before sending its whole request
            body += message.get("body", b"")
            more_body = message.get("more_body", False)
            if len(body) > self.max_bytes:  # no Content-Length (chunked), or one that lied
                await _refuse(413, self._too_big(f"over {self.max_bytes:,} bytes"), scope, receive, send)
                return
        await self.app(scope, _replay(body, receive), send)

    def _too_big(self, size: str) -> str:
        return f"The request body is {size}, over the limit of {self.max_bytes:,} bytes: send a shorter question."


async def _refuse(status_code: int, detail: str, scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"detail": detail}, status_code=status_code)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that hands over the already-read body once, then passes through (e.g. disconnects)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


class OriginCheck:
    """403 for a POST to /api/ whose Origin is neither this server's own nor on the allow-list.

    CORS only stops a foreign page from *reading* an answer; this stops the request from running at all.
    Requests without an Origin header (curl, server-to-server) are not browser cross-site calls and pass.
    """

    def __init__(self, app: ASGIApp, allowed_origins: list[str]) -> None:
        self.app = app
        self.allow_any = "*" in allowed_origins
        self.allowed = {normalise_origin(origin) for origin in allowed_origins}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].startswith("/api/"):
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not self._accepts(origin, scope["scheme"], headers.get("host")):
                detail = (
                    f"Origin {origin} may not use this assistant: the server's ASSISTANT_ALLOWED_ORIGINS must list it."
                )
                await _refuse(403, detail, scope, receive, send)
                return
        await self.app(scope, receive, send)

    def _accepts(self, origin: str, scheme: str, host: str | None) -> bool:
        origin = normalise_origin(origin)
        own = normalise_origin(f"{scheme}://{host}") if host else None
        return self.allow_any or origin == own or origin in self.allowed


def normalise_origin(origin: str) -> str:
    """Lower-case, no trailing slash, no default port: 'HTTP://Example.com:80/' -> 'http://example.com'."""
    origin = origin.strip().rstrip("/").lower()
    scheme = origin.split("://", 1)[0]
    default_port = _DEFAULT_PORTS.get(scheme)
    if default_port and origin.endswith(default_port):
        origin = origin.removesuffix(default_port)
    return origin
