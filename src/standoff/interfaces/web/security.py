"""What every response says to the browser about how it may be used (no inline or foreign scripts, no
framing, no type sniffing), and the token a server reachable from other machines asks for."""

from __future__ import annotations

import json
import secrets
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from standoff.interfaces.web.limits import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""The pages' scripts are files of this server, never inline; styles may be set by the scripts (the
graph's colours), images drawn (the graph's canvas); nothing comes from elsewhere, no page is framed."""

HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),  # a page's address may carry the token
]

COOKIE = "standoff_token"
"""The cookie in which a page opened with ``?token=...`` keeps the token for its own requests."""


def new_token() -> str:
    """A random token, as the server prints it in its address."""
    return secrets.token_urlsafe(24)


class SecurityHeaders:
    """ASGI middleware adding :data:`HEADERS` to every response (pages, scripts, the API, errors)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = list(message.get("headers", []))
                names = {name.lower() for name, _ in given}
                message = {**message, "headers": given + [h for h in HEADERS if h[0] not in names]}
            await send(message)

        await self.app(scope, receive, sending)


class TokenGate:
    """ASGI middleware answering 401 to any request without the token: in ``Authorization: Bearer``, in
    the cookie :data:`COOKIE`, or (on a page) as ``?token=``, which then sets the cookie, so that the
    page's own requests carry it (HttpOnly: no script reads it; SameSite=Strict: no other site's page
    sends it)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":  # the server's start and stop (the app has no websockets)
            await self.app(scope, receive, send)
            return
        headers = {name.lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
        scheme, _, given = headers.get(b"authorization", "").partition(" ")
        if scheme.lower() == "bearer" and self._given(given.strip()):
            await self.app(scope, receive, send)
            return
        if self._given(_cookie(headers.get(b"cookie", ""))):
            await self.app(scope, receive, send)
            return
        page = scope.get("method") == "GET" and not scope.get("path", "").startswith("/api/")
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[-1]
        if page and self._given(query):
            cookie = f"{COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode()

            async def with_cookie(message: Message) -> None:
                if message["type"] == "http.response.start":
                    message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
                await send(message)

            await self.app(scope, receive, with_cookie)
            return
        await _refuse(send)

    def _given(self, candidate: str) -> bool:
        return bool(candidate) and secrets.compare_digest(candidate.encode(), self.token.encode())


def _cookie(header: str) -> str:
    try:
        found = SimpleCookie(header).get(COOKIE)
    except CookieError:
        return ""
    return found.value if found is not None else ""


async def _refuse(send: Send) -> None:
    body = json.dumps(
        {
            "error": "this server asks for its token: open the address standoff serve printed "
            "(with ?token=...), or send the header Authorization: Bearer TOKEN",
            "line": None,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"www-authenticate", b"Bearer"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
