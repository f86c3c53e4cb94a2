"""uvicorn's httptools protocol with the limits it lacks: the size of a request's head, and how long it may take.

uvicorn caps neither with httptools (h11's `max_incomplete_event_size` answers a bare 400): a 64 MB header
was read and answered, and one of 150 MB kept the event loop busy for most of a minute. Here a head over
`max_header_bytes` (the request line and every header) gets 431 with one sentence, and a head that takes
longer than `request_timeout_s` to arrive (a client trickling it in) gets 408; either way the connection
closes. The body's own deadline is in guards.py, where the app reads it.

Passed to uvicorn as `http=` by `assistant serve`; the limits come from the ASSISTANT_* variables every
worker reads.
"""

from __future__ import annotations

import asyncio
import json
from functools import cache
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from assistant.settings import Settings

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large"}


class HeadTooLarge(Exception):
    """Raised inside the parser's callbacks to stop reading a head that is over the limit."""


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol that refuses an oversized head (431) or a slow one (408) before the app sees it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_header_bytes, self.request_timeout_s = _limits()
        self._reading_head = True  # until the head of the current request is complete
        self._head_bytes = 0  # raw bytes received since the head began (an upper bound on its size)
        self._parsed_bytes = 0  # the request line and headers as parsed (exact, less the separators)
        self._head_timer: asyncio.TimerHandle | None = None
        self._refusal: int | None = None

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._reading_head:
            if self._head_timer is None:
                self._head_timer = self.loop.call_later(self.request_timeout_s, self._head_took_too_long)
            if self._head_bytes >= self.max_header_bytes:  # what came before was all head, and already too much
                self._refuse(431)
                return
            self._head_bytes += len(data)
        super().data_received(data)  # a HeadTooLarge raised by a callback comes back as send_400_response
        if self._reading_head and self._head_bytes > self.max_header_bytes and self._refusal is None:
            self._refuse(431)  # still no end of the head after more bytes than a head may have

    def on_url(self, url: bytes) -> None:
        self._count(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._count(len(name) + len(value) + 4)  # ": " and CRLF
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._cancel_head_timer()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head, self._head_bytes, self._parsed_bytes = True, 0, 0

    def send_400_response(self, msg: str) -> None:
        if self._refusal is not None:  # the parser stopped because a callback refused the head
            self._write_refusal(self._refusal)
            return
        super().send_400_response(msg)

    def _count(self, size: int) -> None:
        self._parsed_bytes += size
        if self._parsed_bytes > self.max_header_bytes:
            self._refusal = 431
            raise HeadTooLarge

    def _head_took_too_long(self) -> None:
        self._head_timer = None
        if self._reading_head and not self.transport.is_closing():
            self._refuse(408)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _refuse(self, status: int) -> None:
        self._refusal = status
        self._write_refusal(status)

    def _write_refusal(self, status: int) -> None:
        self._cancel_head_timer()
        if self.transport.is_closing():
            return
        self.logger.warning("refused a request: %s", _sentence(status, self.max_header_bytes, self.request_timeout_s))
        body = json.dumps({"detail": _sentence(status, self.max_header_bytes, self.request_timeout_s)}).encode()
        head = [b"HTTP/1.1 %d %s\r\n" % (status, _REASONS[status])]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json\r\n", b"content-length: %d\r\n" % len(body)]
        head += [b"x-content-type-options: nosniff\r\n", b"connection: close\r\n\r\n"]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


@cache
def _limits() -> tuple[int, float]:
    """(max_header_bytes, request_timeout_s) of this worker, read once: the environment is fixed at its start."""
    settings = Settings()
    return settings.max_header_bytes, settings.request_timeout_s


def _sentence(status: int, max_header_bytes: int, timeout_s: float) -> str:
    if status == 431:
        return (f"The request's headers are over the limit of {max_header_bytes:,} bytes: "
                "send fewer or shorter headers (cookies included).")  # fmt: skip
    return f"The request's headers did not arrive within {timeout_s:g} s: send the whole request at once."
