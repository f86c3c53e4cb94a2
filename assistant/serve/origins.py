"""Who may use the API from a browser: two pure-ASGI checks that run before CORS and before any route.

HostCheck refuses a request whose Host header names another server (DNS rebinding: a foreign page
whose host name was re-pointed at this server). OriginCheck lets a browser page call the API only
from this server's own origin or a site on ASSISTANT_ALLOWED_ORIGINS, comparing with the
configuration and never with the Host header, which the requesting page controls.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from assistant.errors import echo
from assistant.settings import Settings

logger = logging.getLogger(__name__)
# What a visitor of a site that may not embed the widget reads: the fix is its owner's, not theirs.
NOT_AVAILABLE = "This assistant isn't available on this site."
_LOGGED_ORIGINS = 256  # a refused origin is logged once per worker, for this many distinct origins
_DEFAULT_PORTS = {"http": ":80", "https": ":443"}
_WILDCARD_HOSTS = {"", "0.0.0.0", "::"}
_UNCHECKED_PATHS = {"/healthz", "/readyz"}  # load balancers probe these by IP address
_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, POST",
    "Access-Control-Allow-Headers": "Content-Type",
    "Access-Control-Max-Age": "600",
}


class OriginCheck:
    """403 for an API request from a page whose origin is neither this server's own nor on the allow-list.

    CORS only stops a foreign page from *reading* an answer; this stops the request from running at all.
    The refusal carries CORS headers for that page, so the widget there can read it and tell its visitor
    the assistant isn't available there (and its owner, in the browser console, which setting to change)
    instead of reporting a lost connection; the server log names the origin too. For the same reason a
    preflight from such a page is answered: it grants nothing but sending the request that is then
    refused. Requests without an Origin header (curl, server-to-server, same-origin GETs) pass.
    """

    def __init__(self, app: ASGIApp, allowed_origins: list[str], own_origins: list[str]) -> None:
        self.app = app
        self.allow_any = "*" in allowed_origins
        self.allowed = {normalise_origin(origin) for origin in [*allowed_origins, *own_origins]}
        self._logged: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/api/"):
            headers = Headers(scope=scope)
            origin = headers.get("origin")
            if origin is not None and not self.accepts(origin):
                reply = _preflight(origin) if _is_preflight(scope, headers) else self._refusal(origin)
                await reply(scope, receive, send)
                return
        await self.app(scope, receive, send)

    def accepts(self, origin: str) -> bool:
        return self.allow_any or normalise_origin(origin) in self.allowed

    def _refusal(self, origin: str) -> Response:
        hint = owner_hint(origin)
        if origin not in self._logged and len(self._logged) < _LOGGED_ORIGINS:
            self._logged.add(origin)
            logger.warning("refused the widget on %s: %s", echo(origin), hint)
        return JSONResponse({"detail": NOT_AVAILABLE, "owner_hint": hint}, status_code=403,
                            headers={"Access-Control-Allow-Origin": origin, "Vary": "Origin"})  # fmt: skip


def owner_hint(origin: str) -> str:
    """For the owner of a refused site (the widget puts it in the browser console): the setting to change."""
    return f"Site owner: add {echo(origin)} to ASSISTANT_ALLOWED_ORIGINS on the assistant's server to allow this site."


def _is_preflight(scope: Scope, headers: Headers) -> bool:
    return scope["method"] == "OPTIONS" and "access-control-request-method" in headers


def _preflight(origin: str) -> Response:
    return Response(status_code=204, headers={"Access-Control-Allow-Origin": origin, "Vary": "Origin",
                                              **_PREFLIGHT_HEADERS})  # fmt: skip


class HostCheck:
    """400 for a request whose Host header is not a name of this server (health probes excepted).

    allowed_hosts None means any host: a server listening on all interfaces with no public origin
    configured cannot know its names (`assistant serve` warns about that).
    """

    def __init__(self, app: ASGIApp, allowed_hosts: set[str] | None, own_origin: str) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.own_origin = own_origin

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.allowed_hosts is not None and scope["path"] not in _UNCHECKED_PATHS:
            name = host_name(Headers(scope=scope).get("host", ""))
            if name not in self.allowed_hosts:
                detail = (
                    f"This server does not answer to the name '{echo(name)}': open it at {self.own_origin} "
                    "(its operator sets that address with ASSISTANT_PUBLIC_ORIGIN)."
                )
                await JSONResponse({"detail": detail}, status_code=400)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def allowed_hosts(settings: Settings) -> set[str] | None:
    """The names this server answers to: those of its own origins, plus the address it listens on."""
    if settings.public_origin is None and settings.host in _WILDCARD_HOSTS:
        return None
    names = {host_name(urlsplit(origin).netloc) for origin in settings.own_origins()}
    if settings.host not in _WILDCARD_HOSTS:
        names.add(host_name(settings.host))  # a proxy may forward with Host set to the upstream address
    return names


def host_name(host: str) -> str:
    """'Example.com:8000' -> 'example.com', '[::1]:8000' -> '::1', '::1' -> '::1'."""
    if host.count(":") > 1 and not host.startswith("["):  # a bare IPv6 address, as ASSISTANT_HOST may give it
        host = f"[{host}]"
    return urlsplit(f"//{host}").hostname or ""


def normalise_origin(origin: str) -> str:
    """Lower-case, no trailing slash, no default port: 'HTTP://Example.com:80/' -> 'http://example.com'."""
    origin = origin.strip().rstrip("/").lower()
    scheme = origin.split("://", 1)[0]
    default_port = _DEFAULT_PORTS.get(scheme)
    if default_port and origin.endswith(default_port):
        origin = origin.removesuffix(default_port)
    return origin
