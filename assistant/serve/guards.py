"""A pure-ASGI guard that runs before any route: the body's size limit and deadline, and UTF-8 for JSON bodies.

It is plain ASGI (not BaseHTTPMiddleware) so the server-sent-event stream passes through untouched.
The Origin and Host checks are in origins.py.
"""

from __future__ import annotations

import anyio
from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyCheck:
    """413 for a body over max_bytes, judged from Content-Length and again from the bytes that arrive; 408 for
    one that takes longer than timeout_s to arrive; 422 for a JSON body that is not UTF-8 (JSON must be, and the
    parser would only say "error parsing").

    Bodies here are small JSON questions, so the whole body is read first and then replayed to the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, timeout_s: float) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and not declared.isdigit():
            await _refuse(400, "The Content-Length header is not a number.", scope, receive, send)
            return
        if declared is not None and int(declared) > self.max_bytes:
            detail = f"The request body is {int(declared):,} bytes, over the limit of {self.max_bytes:,}: "
            await _refuse(413, detail + "send a shorter question.", scope, receive, send)
            return
        body: bytes | None = b""
        # A client trickling its body in would hold a connection and a task for as long as it likes.
        with anyio.move_on_after(self.timeout_s) as deadline:
            body = await self._read_body(scope, receive, send)
        if deadline.cancelled_caught:
            detail = f"The request body did not arrive within {self.timeout_s:g} s: send the whole request at once."
            await _refuse(408, detail, scope, receive, send, close=True)
            return
        if body is None:
            return  # refused, or the client left before sending its whole request
        if not _is_utf8(body) and "json" in Headers(scope=scope).get("content-type", ""):
            detail = "The request body is not valid UTF-8: send the question as UTF-8 encoded JSON."
            await _refuse(422, detail, scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, scope: Scope, receive: Receive, send: Send) -> bytes | None:
        body = b""
        more_body = True
        while more_body:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            body += message.get("body", b"")
            more_body = message.get("more_body", False)
            if len(body) > self.max_bytes:  # no Content-Length (chunked), or one that lied
                detail = f"The request body is over the limit of {self.max_bytes:,} bytes: send a shorter question."
                await _refuse(413, detail, scope, receive, send)
                return None
        return body


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


async def _refuse(
    status_code: int, detail: str, scope: Scope, receive: Receive, send: Send, close: bool = False
) -> None:
    # close: the rest of a body that never came must not be read as the next request.
    headers = {"Connection": "close"} if close else None
    await JSONResponse({"detail": detail}, status_code=status_code, headers=headers)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A receive() that hands over the already-read body once, then passes through (e.g. disconnects)."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed
